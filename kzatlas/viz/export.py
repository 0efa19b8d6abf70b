"""Downloads of the current selection: the events as CSV in exactly the schema's
columns and formats (so an export can be re-validated and re-loaded), and as a
GeoJSON FeatureCollection of points for GIS tools. Events without coordinates
cannot be GeoJSON points; they are left out and counted.
"""

from __future__ import annotations

import io
from typing import Callable

import pandas as pd
import polars as pl

from kzatlas.csvcells import FORMULA_STARTS, TEXT_MARK, neutralise
from kzatlas.schema import EVENTS, LIST_SEP, format_value
from kzatlas.viz.i18n import Translator

FLOAT = EVENTS.field("lat")


def _text_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """Every schema column of ``rows`` in its text form (schema.format_value),
    computed by Polars column by column: a download of 100,000 events makes no
    Python object per cell."""
    exprs = []
    for f in EVENTS.fields:
        col = pl.col(f.name)
        if f.type == "list":
            expr = col.list.join(LIST_SEP)
        elif f.type == "bool":
            expr = pl.when(col).then(pl.lit("true")).when(col.not_()).then(pl.lit("false"))
        elif f.type == "date":
            expr = col.dt.to_string("%Y-%m-%d")
        elif f.type == "float":
            # The schema's float text ("%.6f" without trailing zeros) for each distinct value.
            distinct = rows.get_column(f.name).drop_nulls().unique().to_list()
            expr = col.replace_strict(distinct, [format_value(FLOAT, v) for v in distinct], default=None,
                                      return_dtype=pl.String)
        else:
            expr = col.cast(pl.String)
        exprs.append(expr.fill_null("").alias(f.name))
    return rows.select(exprs)


def _empty_as_null(text: pl.DataFrame) -> pl.DataFrame:
    # Polars' CSV writer quotes an empty string (""); an empty field is written for null.
    return text.select(pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)).alias(c) for c in text.columns)


def _neutralised(text: pl.DataFrame) -> pl.DataFrame:
    """Formula-like cells escaped for spreadsheets by kzatlas.csvcells.neutralise,
    called once per distinct cell that could need it (a first character of
    FORMULA_STARTS or the escape mark), so the rule stays in one place."""
    firsts = "".join(sorted(FORMULA_STARTS | {TEXT_MARK}))
    out = []
    for name in text.columns:
        col = text.get_column(name)
        starts = col.str.slice(0, 1).is_in(list(firsts))
        if not starts.any():
            out.append(col)
            continue
        cells = col.filter(starts).unique().to_list()
        out.append(col.replace(cells, [neutralise(c) for c in cells]))
    return pl.DataFrame(out)


def events_csv(rows: pl.DataFrame) -> bytes:
    """UTF-8 CSV of the events (engine.Selection.full_rows), schema columns only,
    schema formatting, formula-like cells neutralised for spreadsheets
    (kzatlas.csvcells; numbers stay numbers): the bytes the build writes."""
    text = _empty_as_null(_neutralised(_text_frame(rows)))
    return text.write_csv(line_terminator="\n", quote_style="necessary").encode("utf-8")


def events_geojson(rows: pl.DataFrame) -> tuple[bytes, int]:
    """(GeoJSON bytes, number of events left out for lack of coordinates), written
    by Polars row by row (lists stay JSON arrays, empty dates are "")."""
    located = rows.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    skipped = rows.height - located.height
    props = []
    for f in EVENTS.fields:
        if f.name in ("lat", "lon"):
            continue
        col = pl.col(f.name)
        props.append((col.dt.to_string("%Y-%m-%d").fill_null("") if f.type == "date"
                      else col.fill_null("") if f.type == "str" else col).alias(f.name))
    feature = pl.struct(
        type=pl.lit("Feature"),
        geometry=pl.struct(type=pl.lit("Point"), coordinates=pl.concat_list(pl.col("lon"), pl.col("lat"))),
        properties=pl.struct(props),
    ).struct.json_encode()
    # Written a slice at a time into one buffer: the download needs the whole file in
    # memory once, not also a list of 100,000 feature strings and their joined copy.
    out = io.BytesIO()
    out.write(b'{"type":"FeatureCollection","features":[')
    for start in range(0, located.height, GEOJSON_SLICE):
        part = located.slice(start, GEOJSON_SLICE).select(feature).to_series().str.join(",").item()
        out.write((b"," if start else b"") + part.encode("utf-8"))
    out.write(b"]}")
    return out.getvalue(), skipped


#: Features encoded at a time by events_geojson.
GEOJSON_SLICE = 10_000


def _front_value(value: object) -> str:
    # Front matter is one "key: value" line each; newlines would end it early.
    return " ".join(str(value or "").split())


def seeds_bundle(articles: list[dict]) -> bytes:
    """A zip of uploaded articles as seed files (front matter + text), ready to be
    added to seeds/ and built into the atlas with ``python -m kzatlas build``."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        used: set[str] = set()
        for art in articles:
            stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(art.get("article_id") or "article"))[:80]
            name = f"{stem}.txt"
            i = 1
            while name in used:
                i += 1
                name = f"{stem}_{i}.txt"
            used.add(name)
            front = ["---"]
            for key in ("title", "url", "published", "publisher", "language"):
                value = _front_value(art.get(key))
                if value:
                    front.append(f"{key}: {value}")
            front.append("---")
            zf.writestr(name, "\n".join(front) + "\n\n" + str(art.get("text") or "").strip() + "\n")
    return buf.getvalue()


#: Columns of the on-screen events table, in order (display names in the app's column_config).
TABLE_COLUMNS = [
    "date", "kind", "planned", "partners_", "countries", "place_name", "kazakh", "topics_", "language",
    "source_count", "corrected", "is_new", "snippet", "event_id",
]


def events_table(rows: pl.DataFrame, T: Translator | None = None) -> pd.DataFrame:
    """The events as the on-screen table shows them (``rows`` from
    engine.Selection.rows, already in order): lists joined (by Polars, so no Python
    tuple is made per cell), the date at its precision, a one-line evidence snippet.
    With a Translator, dates, kinds, names, countries, topics and languages are in
    its language (each distinct value translated once); without one, the stored
    values and ISO dates. Plain strings only; the data grid renders them as text,
    never as markup."""
    from kzatlas.viz.reader import date_label, snippet

    def text(col: str) -> list[str]:
        return rows.get_column(col).fill_null("").to_list()

    def joined(col: str, sep: str) -> list[str]:
        return rows.get_column(col).list.join(sep).fill_null("").to_list()

    def shown(col: str, name: Callable[[str], str], sep: str = "") -> list[str]:
        # Each distinct value (or list item) is named once, and lists are renamed and
        # joined by Polars: a Python list per cell cost more than the rest of the table.
        series = rows.get_column(col)
        if sep:
            items = series.explode().drop_nulls().unique().to_list()
            old = [i for i in items if name(i) != i]
            if old:
                series = series.list.eval(pl.element().replace(old, [name(i) for i in old]))
            return series.list.join(sep).fill_null("").to_list()
        names = {v: name(v) for v in series.fill_null("").unique().to_list()}
        return [names[v] for v in series.fill_null("").to_list()]

    starts = rows.get_column("date_start").dt.to_string("%Y-%m-%d").fill_null("").to_list()
    new = rows.get_column("is_new") if "is_new" in rows.columns else pl.Series([False] * rows.height)
    if T is None:
        dates = [date_label(s, p, d) for s, p, d in zip(starts, text("date_precision"), text("date_partial"))]
        kind, partners, countries = text("kind"), joined("partners", " | "), joined("partner_countries", ", ")
        place, kazakh, topics, language = (text("place_name"), joined("kazakh_side", " | "), joined("topics", ", "),
                                           text("language"))
    else:
        ends = rows.get_column("date_end").dt.to_string("%Y-%m-%d").fill_null("").to_list() \
            if "date_end" in rows.columns else [""] * rows.height
        dates = [date_label(s, p, d, T, e) for s, p, d, e in zip(starts, text("date_precision"), text("date_partial"),
                                                                  ends)]
        kind, partners = shown("kind", T.kind), shown("partners", T.institution, " | ")
        countries, place = shown("partner_countries", T.country, ", "), shown("place_name", T.place)
        kazakh, topics = shown("kazakh_side", T.institution, " | "), shown("topics", T.topic, ", ")
        language = shown("language", T.language)
    return pd.DataFrame(
        {
            "date": dates,
            "kind": kind,
            "planned": rows.get_column("planned").fill_null(False).to_list(),
            "partners_": partners,
            "countries": countries,
            "place_name": place,
            "kazakh": kazakh,
            "topics_": topics,
            "language": language,
            "source_count": rows.get_column("source_count").fill_null(0).to_list(),
            "corrected": rows.get_column("corrected").fill_null(False).to_list(),
            "is_new": new.fill_null(False).to_list(),
            "snippet": [snippet(e, 160) for e in text("evidence")],
            "event_id": text("event_id"),
        },
        columns=TABLE_COLUMNS,
    )
