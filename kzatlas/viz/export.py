"""Downloads of the current selection: the events as CSV in exactly the schema's
columns and formats (so an export can be re-validated and re-loaded), and as a
GeoJSON FeatureCollection of points for GIS tools. Events without coordinates
cannot be GeoJSON points; they are left out and counted.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from kzatlas.csvcells import neutralise
from kzatlas.schema import EVENTS, LIST_SEP, format_value

FLOAT = EVENTS.field("lat")


def _plain(field_type: str, value: Any) -> Any:
    """A JSON-friendly value: tuples → lists, NaN → None."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _text_column(field_type: str, col: pd.Series) -> list[str]:
    """One column in its schema text form (the vectorised twin of schema.format_value)."""
    values = col.to_numpy(dtype=object).tolist()  # fast even for Arrow-backed strings
    if field_type == "list":
        return [v if isinstance(v, str) else LIST_SEP.join(str(x) for x in (v or ())) for v in values]
    if field_type == "bool":
        return ["true" if v is True or str(v).lower() == "true" else "false" for v in values]
    if field_type == "float":
        return ["" if v is None or v == "" or (isinstance(v, float) and math.isnan(v)) else format_value(FLOAT, v) for v in values]
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values]


def events_csv(events: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the events, schema columns only, schema formatting, formula-like
    cells neutralised for spreadsheets (kzatlas.csvcells; numbers stay numbers)."""
    columns = [[neutralise(v) for v in _text_column(f.type, events[f.name])] for f in EVENTS.fields]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EVENTS.columns)
    writer.writerows(zip(*columns))
    return buf.getvalue().encode("utf-8")


def events_geojson(events: pd.DataFrame) -> tuple[bytes, int]:
    """(GeoJSON bytes, number of events left out for lack of coordinates)."""
    located = events[events["lat"].notna() & events["lon"].notna()]
    skipped = len(events) - len(located)
    names = [f.name for f in EVENTS.fields if f.name not in ("lat", "lon")]
    columns = {n: [_plain("", v) for v in located[n].tolist()] for n in names}
    lats, lons = located["lat"].astype(float).tolist(), located["lon"].astype(float).tolist()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {n: columns[n][i] for n in names},
        }
        for i, (lat, lon) in enumerate(zip(lats, lons))
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8"), skipped


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


def events_table(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The events as the on-screen table shows them, newest first: lists joined,
    the date at its precision, a one-line evidence snippet; at most ``limit`` rows.
    Plain strings only; the data grid renders them as text, never as markup."""
    from kzatlas.viz.reader import date_label, snippet

    t = events.sort_values("start", ascending=False, na_position="last", kind="stable")
    if limit is not None:
        t = t.head(limit)
    return pd.DataFrame(
        {
            "date": [date_label(s, p, d) for s, p, d in zip(t["date_start"].tolist(), t["date_precision"].tolist(), t["date_partial"].tolist())],
            "kind": t["kind"].tolist(),
            "planned": t["planned"].astype(bool).tolist(),
            "partners_": [" | ".join(p) for p in t["partners"].tolist()],
            "countries": [", ".join(p) for p in t["partner_countries"].tolist()],
            "place_name": t["place_name"].tolist(),
            "kazakh": [" | ".join(p) for p in t["kazakh_side"].tolist()],
            "topics_": [", ".join(p) for p in t["topics"].tolist()],
            "language": t["language"].tolist(),
            "source_count": t["source_count"].astype(int).tolist(),
            "corrected": t["corrected"].astype(bool).tolist(),
            "is_new": (t["is_new"].astype(bool) if "is_new" in t else pd.Series(False, index=t.index)).tolist(),
            "snippet": [snippet(e, 160) for e in t["evidence"].tolist()],
            "event_id": t["event_id"].tolist(),
        },
        columns=TABLE_COLUMNS,
    )
