"""The dashboard's query engine: the atlas's events as one immutable Polars frame
(the columns the page filters and draws; kzatlas.viz.load reads the rest of a row
when it is shown), a selection per view as a boolean mask over it
(``Atlas.select``, the one implementation of the filter rules: ``filter_expr``),
and aggregates computed in Polars into the small frames the page draws — counts,
one row per map point (``Selection.places``, maps.PLACE_COLUMNS), the busiest arcs
to those points, events per period and colour key for the time control
(``Selection.histogram``, charts.HIST_COLUMNS), the newest rows for the table. Only
those results (a few thousand rows at most) become pandas frames for pydeck, Altair
and st.dataframe, so a rerun costs about the same whatever the number of events, and
the events are held once, in Arrow memory, not as Python objects.

A map point is a city (``point``: ``CC:place``; every institution of a city shares
it) or a whole country (``country:CC``); where each point is drawn is decided once
over the data set (``Atlas.point_positions``), so a point does not move when a
filter changes which of its events are shown.

Why Polars: measured against DuckDB and pandas on the same page in one run of
benchmarks/bench_dashboard.py (numbers in the README); its frames are values, so a
selection can be cached per filter and shared between Streamlit's threads with no
connection or cursor to manage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping

import pandas as pd
import polars as pl

from kzatlas.schema import EVENTS
from kzatlas.viz import load, maps
from kzatlas.viz.filters import FilterOptions, Filters, canonical_place, search_targets
from kzatlas.viz.i18n import ENGLISH, Translator
from kzatlas.viz.maps import OTHER_KEY
from kzatlas.viz.search import PAIR_SEP, Named, NameTable

#: Columns the engine adds to the events (never written back by export).
DERIVED_COLUMNS = ("start", "end", "has_coords", "point", "is_new")
#: What Selection.point_stats gives per map point (maps.aggregate_places makes map rows of it).
POINT_STATS_COLUMNS = ["point_id", "place_name", "lat", "lon", "country_code", "n_events", "n_planned", "n_new",
                       "top_key", "kinds_text", "partners_text"]
#: What Selection.period_counts gives (charts.histogram_frame makes the histogram of it).
PERIOD_COLUMNS = ["period_start", "color_key", "n_events"]
ARC_COLUMNS = ["origin_lat", "origin_lon", "lat", "lon", "n_events"]
_PAIR_SEP = PAIR_SEP


def point_expr() -> pl.Expr:
    """The map point of each located event: ``country:CC`` for an event placed at a
    whole country (drawn apart from the capital the build put it at), else
    ``CC:place`` (one point per city: its institutions snap to it); null without
    coordinates."""
    cc = pl.col("country_code").fill_null("")
    return (
        pl.when(pl.col("lat").is_null() | pl.col("lon").is_null()).then(None)
        .when(pl.col("geo_precision") == "country").then(pl.lit("country:") + cc)
        .otherwise(cc + pl.lit(":") + pl.col("place_name").fill_null(""))
    )


def _with_derived(events: pl.DataFrame, is_new: bool = False) -> pl.DataFrame:
    """The events plus DERIVED_COLUMNS: ``start``/``end`` (an event with only a start
    is a one-day period, so overlap tests stay simple), ``has_coords`` and ``point``."""
    return events.with_columns(
        start=pl.col("date_start"),
        end=pl.coalesce("date_end", "date_start"),
        has_coords=pl.col("lat").is_not_null() & pl.col("lon").is_not_null(),
        # Categorical: the points are a few thousand strings shared by 100,000 rows,
        # and grouping on their codes is cheaper than on the strings.
        point=point_expr().cast(pl.Categorical),
        is_new=pl.lit(is_new),
        planned=pl.col("planned").fill_null(False),
        corrected=pl.col("corrected").fill_null(False),
    )


def _any_in(column: str, wanted: Iterable[str]) -> pl.Expr:
    return pl.col(column).list.eval(pl.element().is_in(list(wanted))).list.any()


def color_key_expr(color_by: str) -> pl.Expr:
    """The legend key of each event: its kind, or its first partner country
    (maps.OTHER_KEY when there is none)."""
    key = pl.col("kind") if color_by == "kind" else pl.col("partner_countries").list.first()
    return key.fill_null(OTHER_KEY).replace("", OTHER_KEY)


def _place_key(name: pl.Expr | str, code: pl.Expr | str) -> pl.Expr:
    return pl.concat_str([pl.lit(code) if isinstance(code, str) else code, pl.lit(_PAIR_SEP),
                          pl.lit(name) if isinstance(name, str) else name])


def named_place_keys(pairs: Iterable[tuple[str, str]], text: str) -> list[str]:
    """Keys (country code, separator, place name) of those of the data's distinct
    (place name, country code) ``pairs`` that the search text names by any of their
    names: each pair is resolved to its canonical entry (filters.canonical_place,
    cached), so a search costs a lookup per distinct place, not per event."""
    targets = search_targets(text.strip())
    if not targets.places:
        return []
    return sorted(f"{cc}{_PAIR_SEP}{name}" for name, cc in pairs if canonical_place(name, cc) in targets.places)


def name_table(tables: load.Tables | None) -> NameTable | None:
    """The data set's alias table for the search (kzatlas.viz.search), or None."""
    return None if tables is None or tables.search_names is None else NameTable(tables.search_names)


def text_targets(text: str, pairs: Iterable[tuple[str, str]], names: NameTable | None) -> Named:
    """What a search text names in a data set: from its alias table when it has one
    (no index loaded), else through the gazetteer and the place index
    (filters.search_targets, and named_place_keys over the data's (place, country)
    ``pairs``), as before the build wrote the table."""
    if names is not None:
        return names.named(text.strip())
    targets = search_targets(text.strip())
    return Named(tuple(named_place_keys(pairs, text)), targets.countries, targets.institutions)


#: The name columns a free text is looked for in, besides the evidence.
NAME_COLUMNS = ("place_name", "origin_name", "partners", "kazakh_side")


@dataclass(frozen=True)
class TextHits:
    """What a search text matches in one data set, resolved once per search: for
    each of NAME_COLUMNS the distinct values that contain it (a few thousand names
    stand for 100,000 events, so the events are then picked by membership, not by a
    pattern match per row), and the keys of the places it names (named_place_keys)."""

    names: Mapping[str, list[str]] | None  # None: match the name columns row by row
    place_keys: list[str]
    #: Countries and institutions the text names (text_targets); None: ask filters.search_targets.
    countries: frozenset[str] | None = None
    institutions: frozenset[str] | None = None


def _pattern(text: str) -> str:
    # Case-insensitive regex of the literal text: no lower-cased copy of every
    # sentence is built ((?i) is Unicode-aware, so "москва" finds "Москва").
    return "(?i)" + re.escape(text.strip())


def search_expr(text: str, hits: TextHits | None = None) -> pl.Expr:
    """Events whose evidence, party names, place or origin contain ``text`` (case
    insensitive), or whose place, country or institution the text names under any
    of its names (``hits.place_keys``, ``hits.countries``, ``hits.institutions``:
    text_targets; without them filters.search_targets). Without ``hits.names`` the
    name columns are matched row by row (the same result, slower)."""
    pattern = _pattern(text)
    expr = pl.col("evidence").str.contains(pattern)
    for column in NAME_COLUMNS:
        is_list = column in ("partners", "kazakh_side")
        if hits is None or hits.names is None:
            expr |= (pl.col(column).list.eval(pl.element().str.contains(pattern)).list.any() if is_list
                     else pl.col(column).str.contains(pattern))
        elif hits.names.get(column):
            expr |= _any_in(column, hits.names[column]) if is_list else pl.col(column).is_in(hits.names[column])
    if hits is not None and hits.place_keys:
        expr |= _place_key(pl.col("place_name"), pl.col("country_code")).is_in(hits.place_keys)
    if hits is None or hits.countries is None or hits.institutions is None:
        targets = search_targets(text.strip())
        countries, institutions = targets.countries, targets.institutions
    else:
        countries, institutions = hits.countries, hits.institutions
    if countries:
        expr |= pl.col("country_code").is_in(list(countries)) | _any_in("partner_countries", countries)
    if institutions:
        expr |= _any_in("partner_ids", institutions) | _any_in("kazakh_side_ids", institutions)
    return expr


def filter_expr(f: Filters, hits: TextHits | None = None) -> pl.Expr:
    """The Polars predicate of a Filters value. Dated events pass a date range when
    their period overlaps it; undated ones pass when wanted and, if a range is set,
    only with ``undated_in_range`` (Filters.keeps_undated). List fields match when
    an event has any of the values. ``hits``: see search_expr."""
    undated = pl.col("start").is_null()
    expr = pl.lit(True)
    if not f.keeps_undated():
        expr &= ~undated
    if not f.include_planned:
        expr &= ~pl.col("planned")
    if f.date_from is not None:
        expr &= undated | (pl.col("end") >= f.date_from)
    if f.date_to is not None:
        expr &= undated | (pl.col("start") <= f.date_to)
    if f.countries:
        expr &= _any_in("partner_countries", f.countries)
    if f.institutions:
        expr &= _any_in("partners", f.institutions) | _any_in("kazakh_side", f.institutions)
    if f.kinds:
        expr &= pl.col("kind").is_in(list(f.kinds))
    if f.topics:
        expr &= _any_in("topics", f.topics)
    if f.languages:
        expr &= pl.col("language").is_in(list(f.languages))
    if f.text.strip():
        expr &= search_expr(f.text, hits)
    return expr


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """A small result as the pandas frame the map, list and reader code expect:
    lists as tuples, ISO text for date_start/date_end ("" when undated), ``start``/
    ``end`` as timestamps (NaT when undated), empty text for null strings."""
    data: dict[str, Any] = {}
    for name, dtype in frame.schema.items():
        col = frame.get_column(name)
        if name in ("start", "end"):
            data[name] = pd.to_datetime(pd.Series(col.to_list(), dtype="object"))
        elif dtype == pl.Date:
            data[name] = pd.Series([d.isoformat() if d else "" for d in col.to_list()], dtype=object)
        elif isinstance(dtype, pl.List):
            data[name] = pd.Series([tuple(v) if v is not None else () for v in col.to_list()], dtype=object)
        elif dtype in (pl.String, pl.Categorical):
            data[name] = pd.Series(col.cast(pl.String).fill_null("").to_list(), dtype=object)
        elif dtype == pl.Boolean:
            data[name] = pd.Series(col.fill_null(False).to_list(), dtype=bool)
        elif dtype.is_float():
            data[name] = col.to_numpy().astype(float)
        else:
            data[name] = col.to_numpy()
    return pd.DataFrame(data, columns=list(frame.columns))


def _full(rows: pl.DataFrame, tables: load.Tables | None) -> pl.DataFrame:
    """Rows of the in-memory frame with the columns left on disk added (every
    schema column, then DERIVED_COLUMNS); the in-memory values win (an upload
    adds sources to an atlas event)."""
    if tables is None or all(c in rows.columns for c in load.EVENT_COLD):
        return rows
    cold = load.event_rows(tables, rows.get_column("event_id").to_list()).select("event_id", *load.EVENT_COLD)
    joined = rows.join(cold.unique("event_id", keep="first"), on="event_id", how="left", maintain_order="left")
    return joined.select(*EVENTS.columns, *[c for c in rows.columns if c not in EVENTS.columns])


class EventIds:
    """Membership test over the atlas's event ids without a Python set of them."""

    def __init__(self, ids: pl.Series) -> None:
        self._ids = ids

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and bool(self._ids.is_in([value]).any())

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids.to_list())

    def __len__(self) -> int:
        return self._ids.len()


def _top(frame: pl.LazyFrame, value: str, n: int, sep: str, counts: bool) -> pl.LazyFrame:
    """Per point, the n most frequent values (ties by value, so runs agree) as one
    text for the tooltip (``value count`` when ``counts``, joined with ``sep``) and
    the most frequent one (``{value}_first``). One sort of the (point, value) counts,
    then the first n per point: sorting inside each of 2,000 groups cost twice as
    much, and building the text in Polars spares a Python loop over the points."""
    shown = pl.concat_str([pl.col(value), pl.lit(" "), pl.col("len").cast(pl.String)]) if counts else pl.col(value)
    return (
        frame.group_by(["point", value]).len()
        .sort(["point", "len", value], descending=[False, True, False])
        .group_by("point", maintain_order=True)
        .agg(pl.col(value).first().alias(f"{value}_first"), shown.head(n).str.join(sep).alias(f"{value}_text"))
    )


@dataclass(frozen=True)
class Selection:
    """The events of one view: a boolean mask over the atlas's frame, not a copy of
    its rows, so a cached selection costs a bit per event; each aggregate reads only
    the columns it needs."""

    frame: pl.DataFrame
    mask: pl.Series | None = None  # None: every event
    tables: load.Tables | None = None  # where the columns not in memory are read from

    @property
    def events(self) -> pl.DataFrame:
        """The selected rows with every column held in memory (tests, small selections)."""
        return self.frame if self.mask is None else self.frame.filter(self.mask)

    def _lazy(self) -> pl.LazyFrame:
        lf = self.frame.lazy()
        return lf if self.mask is None else lf.filter(pl.lit(self.mask))

    def __len__(self) -> int:
        return self.frame.height if self.mask is None else int(self.mask.sum())

    def counts(self) -> dict[str, int]:
        """Header numbers: events (and how many are undated), distinct partners,
        partner countries, articles."""
        row = self._lazy().select(
            events=pl.len(),
            undated=pl.col("start").is_null().sum(),
            partners=pl.col("partners").explode().drop_nulls().n_unique(),
            countries=pl.col("partner_countries").explode().drop_nulls().n_unique(),
            articles=pl.col("article_ids").explode().drop_nulls().n_unique(),
        ).collect().row(0, named=True)
        return {k: int(v) for k, v in row.items()}

    @cached_property
    def _tally(self) -> dict[str, int]:
        return self._lazy().select(
            undated=pl.col("start").is_null().sum(), without_coords=(~pl.col("has_coords")).sum(), n=pl.len()
        ).collect().row(0, named=True)

    @property
    def n_dated(self) -> int:
        return int(self._tally["n"] - self._tally["undated"])

    @property
    def n_undated(self) -> int:
        return int(self._tally["undated"])

    @property
    def n_without_coords(self) -> int:
        return int(self._tally["without_coords"])

    # ------------------------------------------------------------ the map

    def point_stats(self, color_by: str = maps.COLOR_BY[0]) -> pd.DataFrame:
        """One row per map point of the located events (POINT_STATS_COLUMNS): the
        point's name, coordinates and country as the events give them (its drawn
        position comes from Atlas.point_positions), n_events, n_planned, n_new, the
        most frequent colour key (``top_key``, see color_key_expr), and for the
        tooltip the three most frequent kinds with their counts (``kinds_text``:
        "meeting 3, visit 1") and partners (``partners_text``: "CERN; JINR")."""
        ev = self._lazy().filter(pl.col("has_coords")).select(
            "point", "place_name", "lat", "lon", "country_code", "planned", "is_new", "kind", "partners",
            key=color_key_expr(color_by),
        )
        # One query: Polars reads the selected rows once for the four groupings and
        # runs them in parallel.
        stats = (
            ev.group_by("point").agg(
                # min, not first: the same answer whatever the rows' order (peers agree).
                pl.col("place_name").min(),
                pl.col("lat").min(),
                pl.col("lon").min(),
                pl.col("country_code").min(),
                n_events=pl.len(),
                n_planned=pl.col("planned").sum(),
                n_new=pl.col("is_new").sum(),
            )
            .join(_top(ev.select("point", "key"), "key", 1, "", False), on="point", how="left")
            .join(_top(ev.select("point", "kind"), "kind", 3, ", ", True), on="point", how="left")
            .join(_top(ev.select("point", "partners").explode("partners").drop_nulls("partners"), "partners", 3,
                       "; ", False), on="point", how="left")
            .with_columns(point=pl.col("point").cast(pl.String))
            .sort(["n_events", "point"], descending=[True, False])
            .collect()
        )
        if stats.height == 0:
            return pd.DataFrame(columns=POINT_STATS_COLUMNS)

        return pd.DataFrame(
            {
                "point_id": stats.get_column("point").to_list(),
                "place_name": stats.get_column("place_name").fill_null("").to_list(),
                "lat": stats.get_column("lat").to_numpy(),
                "lon": stats.get_column("lon").to_numpy(),
                "country_code": stats.get_column("country_code").fill_null("").to_list(),
                "n_events": stats.get_column("n_events").to_numpy().astype(int),
                "n_planned": stats.get_column("n_planned").to_numpy().astype(int),
                "n_new": stats.get_column("n_new").to_numpy().astype(int),
                "top_key": stats.get_column("key_first").to_list(),
                "kinds_text": stats.get_column("kind_text").fill_null("").to_list(),
                "partners_text": stats.get_column("partners_text").fill_null("").to_list(),
            },
            columns=POINT_STATS_COLUMNS,
        )

    def places(self, color_by: str, colors: Mapping[str, maps.RGB], points: maps.PointTable | None = None,
               T: Translator = ENGLISH) -> pd.DataFrame:
        """The map's rows (maps.PLACE_COLUMNS) of this selection: colours from the
        data set's palette (maps.stable_palette), positions from ``points``
        (maps.point_table over the whole data set)."""
        return maps.aggregate_places(self.point_stats(color_by), color_by, colors, points, T)

    def arcs(self, points: maps.PointTable | None = None, limit: int | None = None) -> pd.DataFrame:
        """One row per origin→point pair with its number of events (ARC_COLUMNS), the
        ``limit`` busiest (maps.MAX_ARCS): pairs multiply origins by points, and
        beyond a few hundred arcs only paint the map over. With ``points`` an arc ends
        where its point is drawn (the city's point, a country's label point). Arcs
        that start where they end draw nothing and are left out."""
        grp = (
            self._lazy().filter(
                pl.col("has_coords") & pl.col("origin_lat").is_not_null() & pl.col("origin_lon").is_not_null()
            )
            .group_by("origin_lat", "origin_lon", "point")
            .agg(n_events=pl.len(), lat=pl.col("lat").min(), lon=pl.col("lon").min())
            .collect()
        )
        if points is not None and len(points.frame):
            drawn = pl.DataFrame({
                "point": points.frame.index.astype(str).tolist(),
                "_lat": points.frame["lat"].astype(float).to_numpy(),
                "_lon": points.frame["lon"].astype(float).to_numpy(),
            })
            grp = grp.with_columns(pl.col("point").cast(pl.String)).join(drawn, on="point", how="left").with_columns(
                lat=pl.coalesce("_lat", "lat"), lon=pl.coalesce("_lon", "lon"))
        out = (
            grp.group_by("origin_lat", "origin_lon", "lat", "lon").agg(pl.col("n_events").sum())
            .filter((pl.col("origin_lat") != pl.col("lat")) | (pl.col("origin_lon") != pl.col("lon")))
            .sort(["n_events", *ARC_COLUMNS[:4]], descending=[True, False, False, False, False])
            .head(maps.MAX_ARCS if limit is None else limit)
        )
        return maps.arc_rows(out.select(ARC_COLUMNS).to_pandas())

    def at_points(self, point_ids: str | Iterable[str]) -> pd.DataFrame:
        """The events drawn at one map point or several, oldest first (undated last)."""
        wanted = [point_ids] if isinstance(point_ids, str) else list(point_ids)
        rows = (
            self._lazy().filter(pl.col("point").cast(pl.String).is_in(wanted))
            .sort(["start", "event_id"], nulls_last=True).collect()
        )
        return to_pandas(rows)

    # ------------------------------------------------------------ the time control

    def period_counts(self, granularity: str, color_by: str) -> pd.DataFrame:
        """Dated events counted per (period, colour key) (PERIOD_COLUMNS): periods are
        years or months (``granularity``) from the event's first day. Its size depends
        on periods × keys, never on the number of events."""
        every = "1mo" if granularity == "month" else "1y"
        grp = (
            self._lazy().filter(pl.col("start").is_not_null())
            .group_by(period_start=pl.col("start").dt.truncate(every), color_key=color_key_expr(color_by))
            .agg(n_events=pl.len())
            .sort(["period_start", "color_key"])
            .collect()
        )
        out = grp.select(PERIOD_COLUMNS).to_pandas()
        out["period_start"] = pd.to_datetime(out["period_start"])
        return out

    def histogram(self, granularity: str, color_by: str, colors: Mapping[str, maps.RGB],
                  T: Translator = ENGLISH) -> pd.DataFrame:
        """The time control's bars (charts.HIST_COLUMNS) of this selection, labelled in ``T``'s language."""
        from kzatlas.viz import charts

        return charts.histogram_frame(self.period_counts(granularity, color_by), granularity, color_by, colors, T)

    # ------------------------------------------------------------ rows

    def rows(self, limit: int | None = None, newest_first: bool = True) -> pl.DataFrame:
        """The selection's events (the columns held in memory) as a Polars frame,
        newest first (undated last), at most ``limit`` of them."""
        lf = self._lazy()
        if newest_first and limit is not None:
            # The newest ``limit`` (undated ones count as oldest, ties by id), then only
            # those sorted: a quarter cheaper than sorting the whole selection.
            lf = lf.top_k(limit, by=["start", "event_id"], reverse=[False, True])
        elif limit is not None:
            lf = lf.head(limit)
        if newest_first:
            lf = lf.sort(["start", "event_id"], descending=[True, False], nulls_last=True)
        return lf.collect()

    def columns_of(self, columns: Iterable[str]) -> pd.DataFrame:
        """Only the given in-memory columns of the selected events (to_pandas forms),
        in the atlas's order: what a story needs to order its steps."""
        return to_pandas(self._lazy().select(list(columns)).collect())

    def rows_of(self, event_ids: Iterable[str]) -> pl.DataFrame:
        """The rows of the given events that are in the selection (in memory columns)."""
        return self._lazy().filter(pl.col("event_id").is_in(list(event_ids))).collect()

    def full_rows(self) -> pl.DataFrame:
        """Every schema column of the selected events, in the atlas's order (the
        downloads); the columns left on disk are read for them."""
        return _full(self.rows(newest_first=False), self.tables)

    def events_frame(self, limit: int | None = None, newest_first: bool = True, full: bool = False) -> pd.DataFrame:
        """``rows`` as a pandas frame (see to_pandas), with ``full`` every schema column."""
        rows = self.rows(limit, newest_first)
        return to_pandas(_full(rows, self.tables) if full else rows)


@dataclass(frozen=True)
class Atlas:
    """The loaded data set: events (with DERIVED_COLUMNS), articles' metadata, and
    the way to their texts and sources."""

    tables: load.Tables
    events: pl.DataFrame

    @classmethod
    def open(cls, data_dir: Any) -> "Atlas":
        """Read and validate a data folder (see load.load_tables for the errors)."""
        tables = load.load_tables(data_dir)
        return cls(tables, _with_derived(tables.events))

    @classmethod
    def from_rows(cls, events: list[Mapping[str, Any]], articles: list[Mapping[str, Any]],
                  sources: list[Mapping[str, Any]] | None = None) -> "Atlas":
        """An atlas of text rows held in memory (tests, small hand-made sets)."""
        tables = load.tables_from_rows(events, articles, sources)
        return cls(tables, _with_derived(tables.events))

    @property
    def data_dir(self) -> str:
        return self.tables.data_dir

    def __len__(self) -> int:
        return self.events.height

    def all(self) -> Selection:
        return Selection(self.events, None, self.tables)

    def select(self, f: Filters) -> Selection:
        """The events that pass every filter (the atlas is untouched)."""
        if f.is_default():
            return self.all()
        hits = self.text_hits(f.text) if f.text.strip() else None
        mask = self.events.select(filter_expr(f, hits)).to_series()
        return Selection(self.events, mask, self.tables)

    @cached_property
    def _place_pairs(self) -> list[tuple[str, str]]:
        """The distinct (place name, country code) pairs of the events."""
        pairs = self.events.select("place_name", "country_code").unique().drop_nulls()
        return list(zip(pairs["place_name"].to_list(), pairs["country_code"].to_list()))

    @cached_property
    def _names(self) -> dict[str, pl.Series]:
        """The distinct values of each of NAME_COLUMNS."""
        out = {}
        for column in NAME_COLUMNS:
            values = self.events.get_column(column)
            out[column] = (values.explode() if isinstance(values.dtype, pl.List) else values).drop_nulls().unique()
        return out

    def text_hits(self, text: str) -> TextHits:
        """What the search text matches in this data set (see TextHits)."""
        pattern = _pattern(text)
        names = {c: v.filter(v.str.contains(pattern)).to_list() for c, v in self._names.items()}
        named = text_targets(text, self._place_pairs, self.name_table)
        return TextHits(names, list(named.place_keys), named.countries, named.institutions)

    @cached_property
    def name_table(self) -> NameTable | None:
        """The search's alias table (None: the search loads the whole index)."""
        return name_table(self.tables)

    @cached_property
    def options(self) -> FilterOptions:
        """The choices offered by the sidebar, from the whole data set."""
        ev = self.events

        def values(col: str) -> list[str]:
            s = ev.get_column(col)
            if isinstance(s.dtype, pl.List):
                s = s.explode()
            return [v for v in s.drop_nulls().unique().to_list() if v]

        start_min = ev.get_column("start").min()
        end_max = ev.get_column("end").max()
        return FilterOptions(
            countries=tuple(sorted(values("partner_countries"))),
            institutions=tuple(sorted(set(values("partners")) | set(values("kazakh_side")), key=str.casefold)),
            kinds=tuple(sorted(values("kind"))),
            topics=tuple(sorted(values("topics"))),
            languages=tuple(sorted(values("language"))),
            min_date=start_min if isinstance(start_min, dt.date) else None,
            max_date=end_max if isinstance(end_max, dt.date) else None,
            event_ids=EventIds(ev.get_column("event_id")),
        )

    def color_keys(self, color_by: str) -> list[str]:
        """The legend keys (first partner country, or kind) of the whole data set, the
        most frequent first (ties by key): maps.stable_palette hands out colours in
        this order, so a colour keeps its meaning across filters, brushes and views."""
        keys = self.events.select(k=color_key_expr(color_by)).get_column("k")
        counted = keys.value_counts(name="n").sort(["n", "k"], descending=[True, False])
        return counted.get_column("k").to_list()

    @cached_property
    def point_positions(self) -> pd.DataFrame:
        """Where each map point lies, decided over the data set (index point_id;
        columns name, lat, lon, country_level, country_code): a city's point is the
        median of its city-precision rows (else of all its rows: institutions only
        lie in the city); a country's point is where the build put its events
        (maps.point_table moves it to the country's label point). Points of uploaded
        events are added after, so an upload never moves a point of the atlas."""
        # Lazy, so that only these columns are filtered: an eager filter first copied
        # every column of the 100,000 events (35 MB, evidence included) to drop 1 %.
        located = self.events.lazy().filter(pl.col("has_coords")).select(
            "point", "is_new", "place_name", "lat", "lon", "country_code",
            city=pl.col("geo_precision") == "city",
        ).with_columns(pl.col("point").cast(pl.String)).collect()
        parts = []
        for new in (False, True):
            ev = located.filter(pl.col("is_new") == new)
            if parts:
                ev = ev.filter(~pl.col("point").is_in(parts[0].get_column("point").implode()))
            if ev.height == 0:
                continue
            ev = ev.filter(pl.col("city") | ~pl.col("city").any().over("point"))
            parts.append(ev.group_by("point").agg(
                name=pl.col("place_name").min(), lat=pl.col("lat").median(), lon=pl.col("lon").median(),
                country_code=pl.col("country_code").min(),
            ))
        cols = ["name", "lat", "lon", "country_level", "country_code"]
        if not parts:
            return pd.DataFrame(columns=cols, index=pd.Index([], name="point_id"))
        table = pl.concat(parts).sort("point")
        return pd.DataFrame(
            {
                "name": table["name"].fill_null("").to_list(),
                "lat": table["lat"].to_numpy(),
                "lon": table["lon"].to_numpy(),
                "country_level": [p.startswith("country:") for p in table["point"].to_list()],
                "country_code": table["country_code"].fill_null("").to_list(),
            },
            index=pd.Index(table["point"].to_list(), name="point_id"),
            columns=cols,
        )

    # ------------------------------------------------------------ one event, its sources and articles

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        """One event as a dict (the to_pandas forms, with its map ``point``), or None
        for an unknown id."""
        if not event_id:
            return None
        hit = self.events.filter(pl.col("event_id") == event_id)
        if hit.height == 0:
            return None
        return to_pandas(_full(hit.head(1), self.tables)).iloc[0].to_dict()

    def sources(self, event: Mapping[str, Any]) -> pd.DataFrame:
        """The event's source rows, the event's own evidence article first."""
        rows = load.event_sources(self.tables, str(event["event_id"]))
        if rows.height == 0:
            rows = load.derive_sources(load.event_rows(self.tables, [str(event["event_id"])]))
        own = str(event.get("evidence_article_id") or "")
        rows = rows.with_columns(_other=pl.col("article_id") != own).sort(["_other", "article_id", "evidence_start"])
        return to_pandas(rows.drop("_other"))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article's metadata and text (read now), or None."""
        hit = self.tables.articles.filter(pl.col("article_id") == article_id)
        if hit.height == 0:
            return None
        out = to_pandas(hit.head(1)).iloc[0].to_dict()
        out["text"] = load.article_text(self.tables, article_id) or ""
        return out

    def article_meta(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Article id → metadata (no text) for the ids given: the source switcher's titles."""
        ids = list(dict.fromkeys(article_ids))
        hit = to_pandas(self.tables.articles.filter(pl.col("article_id").is_in(ids)))
        return {r["article_id"]: r for r in hit.to_dict("records")}

    def article_sha256(self) -> set[str]:
        return set(self.tables.articles.get_column("sha256").to_list())

    def merge_candidates(self, keys: Iterable[tuple[str, Iterable[str]]]) -> list[dict[str, Any]]:
        """The atlas's events (as text rows of the merge fields) of the given
        (kind, partner ids) pairs: the only ones an uploaded report can join."""
        wanted = {(k, tuple(sorted(p))) for k, p in keys}
        if not wanted:
            return []
        frame = pl.DataFrame(
            {"kind": [k for k, _ in wanted], "_pkey": ["|".join(p) for _, p in wanted]},
            schema={"kind": pl.String, "_pkey": pl.String},
        )
        ev = self.events.select(
            "event_id", "kind", "partner_ids", "date_start", "date_end", "date_partial",
            _pkey=pl.col("partner_ids").list.sort().list.join("|"),
        ).join(frame, on=["kind", "_pkey"], how="semi")
        return [
            {
                "event_id": r["event_id"],
                "kind": r["kind"],
                "partner_ids": list(r["partner_ids"] or ()),
                "date_start": r["date_start"].isoformat() if r["date_start"] else "",
                "date_end": r["date_end"].isoformat() if r["date_end"] else "",
                "date_partial": r["date_partial"] or "",
            }
            for r in ev.iter_rows(named=True)
        ]


@dataclass(frozen=True)
class Upload:
    """A session's uploaded articles run through the build's pipeline, in memory."""

    tables: load.Tables  # the upload's own events (those not already in the atlas), articles, sources
    attached: Mapping[str, list[str]]  # atlas event id → uploaded articles that report it
    report: Mapping[str, Any]  # the pipeline's report of this batch (refused files and why)
    articles: list[dict[str, Any]]  # text rows, for the seeds/ download
    session: Any = None  # kzatlas.build.uploads.UploadSession: what the session uploaded so far


def read_upload(
    atlas: Atlas, files: Iterable[tuple[str, bytes]], session: Any = None, limits: Any = None
) -> Upload:
    """Extract events from uploaded files under the session's budget
    (kzatlas.build.uploads, the build's pipeline and merge); a report of an event the
    atlas already holds is attached to it (merge.attach_to_known, the build's
    merge rule) instead of becoming a second event."""
    from kzatlas.build import uploads
    from kzatlas.build.merge import attach_to_known

    result = uploads.process_uploads(list(files), session, limits)
    keys = [(e["kind"], [p for p in e["partner_ids"].split("|") if p]) for e in result.events]
    events, sources, attached = attach_to_known(result.events, result.sources, atlas.merge_candidates(keys))
    tables = load.tables_from_rows(events, result.articles, sources)
    return Upload(tables, attached, result.report, result.articles, result.session)


@dataclass(frozen=True)
class UploadMerge:
    """What merging an upload did: events added as new, reports added as another
    source of an event the atlas already had, articles already in the atlas."""

    new_events: int
    added_sources: int
    known_articles: int


def merge_upload(atlas: Atlas, up: Upload) -> tuple[Atlas, UploadMerge]:
    """The atlas plus an upload: its events marked ``is_new``; events of the atlas
    that an uploaded article also reports (``up.attached``) gain those articles in
    ``article_ids``/``source_count``, and the upload's source rows make them
    readable in the reader's source switcher. Uploaded articles whose text the
    atlas already holds add nothing."""
    upload = up.tables
    attached = {k: list(v) for k, v in up.attached.items()}
    known_ids = set(atlas.tables.articles.get_column("article_id").to_list())
    known_sha = atlas.article_sha256()
    up_articles = upload.articles.filter(~pl.col("article_id").is_in(list(known_ids)) & ~pl.col("sha256").is_in(list(known_sha)))
    n_known_articles = upload.articles.height - up_articles.height
    keep_articles = set(up_articles.get_column("article_id").to_list())
    up_full = upload.full_events if upload.full_events is not None else load.event_rows(
        upload, upload.events.get_column("event_id").to_list())
    keep_ids = up_full.filter(
        ~pl.col("event_id").is_in(atlas.events.get_column("event_id").implode())
        & pl.col("evidence_article_id").is_in(list(keep_articles))
    ).get_column("event_id")
    up_events = upload.events.filter(pl.col("event_id").is_in(keep_ids.implode()))
    events = atlas.events
    added = 0
    if attached:
        extra = pl.DataFrame(
            {"event_id": list(attached), "_extra": [sorted(set(v) & keep_articles) for v in attached.values()]},
            schema={"event_id": pl.String, "_extra": pl.List(pl.String)},
        ).filter(pl.col("_extra").list.len() > 0)
        added = int(extra.get_column("_extra").list.len().sum() or 0)
        if extra.height:
            events = (
                events.join(extra, on="event_id", how="left")
                .with_columns(
                    article_ids=pl.when(pl.col("_extra").is_not_null())
                    .then(pl.concat_list("article_ids", "_extra").list.unique().list.sort())
                    .otherwise(pl.col("article_ids")),
                )
                .with_columns(source_count=pl.col("article_ids").list.len().cast(pl.Int64))
                .drop("_extra")
            )
    new = _with_derived(up_events, is_new=True)
    merged_events = pl.concat([events, new.select(events.columns)], how="vertical")
    new_full = upload.full_events.filter(pl.col("event_id").is_in(new["event_id"].implode())) \
        if upload.full_events is not None else None
    full_events = atlas.tables.full_events
    if new_full is not None:
        full_events = new_full if full_events is None else pl.concat([full_events, new_full], how="vertical")
    up_sources = upload.sources if upload.sources is not None else load.derive_sources(upload.events)
    up_sources = up_sources.filter(pl.col("article_id").is_in(list(keep_articles)))
    base_sources = atlas.tables.sources
    if base_sources is None:
        # The atlas's sources stay on disk; only the upload's are held in memory.
        sources_mem: pl.DataFrame | None = None
    else:
        sources_mem = pl.concat([base_sources, up_sources], how="vertical")
    texts = dict(atlas.tables.texts)
    texts.update({k: v for k, v in upload.texts.items() if k in keep_articles})
    tables = load.Tables(
        events=atlas.tables.events,  # the on-disk events; ``merged_events`` is what is shown
        articles=pl.concat([atlas.tables.articles, up_articles], how="vertical"),
        sources=sources_mem,
        data_dir=atlas.tables.data_dir,
        texts=texts,
        articles_parquet=atlas.tables.articles_parquet,
        sources_parquet=atlas.tables.sources_parquet,
        extra_sources=up_sources if base_sources is None else None,
        events_parquet=atlas.tables.events_parquet,
        full_events=full_events,
        snapshot=atlas.tables.snapshot,
        # The uploads' places and parties are not in the build's alias table: the
        # search falls back to the whole index, which extracting them has loaded.
        search_names=None,
    )
    return Atlas(tables, merged_events), UploadMerge(new.height, added, n_known_articles)
