"""The dashboard's query engine: the atlas's events as one immutable Polars frame
(the columns the page filters and draws; kzatlas.viz.load reads the rest of a row
when it is shown), a selection per view as a boolean mask over it
(``Atlas.select``), and aggregates computed in Polars into the small frames the page
draws — counts, one row per map place, the busiest arcs, events per period for the
timeline, the newest rows for the table. Only those results (a few thousand rows at
most) become pandas frames for pydeck, Altair and st.dataframe, so a rerun costs
about the same whatever the number of events, and the events are held once, in
Arrow memory, not as Python objects.

Why Polars: measured against DuckDB and pandas on the same queries in one run of
benchmarks/bench_dashboard.py (numbers in the README); its frames are values, so a
selection can be cached per filter and shared between Streamlit's threads with no
connection or cursor to manage. Filter semantics are those of kzatlas.viz.filters.
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
from kzatlas.viz import load
from kzatlas.viz.filters import FilterOptions, Filters
from kzatlas.viz.maps import OTHER_KEY, place_key

#: Columns the engine adds to the events (never written back by export).
DERIVED_COLUMNS = ("start", "end", "has_coords", "place", "is_new")
MAX_ARCS = 400
#: Timeline periods: months when the selection spans this many years or fewer, else years.
MONTHLY_MAX_YEARS = 10


def _with_derived(events: pl.DataFrame, is_new: bool = False) -> pl.DataFrame:
    """The events plus DERIVED_COLUMNS: ``start``/``end`` (an event with only a start
    is a one-day period, so overlap tests stay simple) and ``has_coords``."""
    return events.with_columns(
        start=pl.col("date_start"),
        end=pl.coalesce("date_end", "date_start"),
        has_coords=pl.col("lat").is_not_null() & pl.col("lon").is_not_null(),
        # One integer per map place: grouping on it is cheaper than on the strings.
        place=pl.struct("place_name", "lat", "lon").hash(seed=0),
        is_new=pl.lit(is_new),
        planned=pl.col("planned").fill_null(False),
        corrected=pl.col("corrected").fill_null(False),
    )


def _any_in(column: str, wanted: Iterable[str]) -> pl.Expr:
    return pl.col(column).list.eval(pl.element().is_in(list(wanted))).list.any()


def filter_expr(f: Filters) -> pl.Expr:
    """The Polars predicate of a Filters value (see filters.Filters for the rules:
    undated events pass a date range, dated ones when their period overlaps it)."""
    undated = pl.col("start").is_null()
    expr = pl.lit(True)
    if not f.include_undated:
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
    needle = f.text.strip()
    if needle:
        # Case-insensitive regex match of the literal text, column by column: no
        # lower-cased copy of every evidence sentence is built ((?i) is Unicode-aware,
        # so "москва" finds "Москва").
        pattern = "(?i)" + re.escape(needle)
        expr &= (
            pl.col("evidence").str.contains(pattern)
            | pl.col("place_name").str.contains(pattern)
            | pl.col("origin_name").str.contains(pattern)
            | pl.col("partners").list.eval(pl.element().str.contains(pattern)).list.any()
            | pl.col("kazakh_side").list.eval(pl.element().str.contains(pattern)).list.any()
        )
    return expr


def brush_expr(brush: tuple[dt.date, dt.date]) -> pl.Expr:
    """Dated events whose period overlaps the brushed range (undated ones are not on
    the timeline, so a brush cannot have chosen them)."""
    lo, hi = brush
    return pl.col("start").is_not_null() & (pl.col("end") >= lo) & (pl.col("start") <= hi)


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """A small result as the pandas frame the charts, map and table code expect:
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
        elif dtype == pl.String:
            data[name] = pd.Series(col.fill_null("").to_list(), dtype=object)
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


@dataclass(frozen=True)
class Selection:
    """The events of one view (filters, and the timeline brush if any): a boolean
    mask over the atlas's frame, not a copy of its rows, so a cached selection
    costs a bit per event; each aggregate reads only the columns it needs."""

    frame: pl.DataFrame
    mask: pl.Series | None = None  # None: every event
    tables: load.Tables | None = None  # where the columns not in memory are read from

    @property
    def events(self) -> pl.DataFrame:
        """The selected rows with every column (for tests and small selections)."""
        return self.frame if self.mask is None else self.frame.filter(self.mask)

    def _lazy(self) -> pl.LazyFrame:
        lf = self.frame.lazy()
        return lf if self.mask is None else lf.filter(pl.lit(self.mask))

    def __len__(self) -> int:
        return self.frame.height if self.mask is None else int(self.mask.sum())

    def brushed(self, brush: tuple[dt.date, dt.date] | None) -> "Selection":
        if brush is None:
            return self
        inside = self.frame.select(brush_expr(brush)).to_series()
        return Selection(self.frame, inside if self.mask is None else self.mask & inside, self.tables)

    def counts(self) -> dict[str, int]:
        """Header numbers: events, distinct partners, partner countries, articles."""
        row = self._lazy().select(
            events=pl.len(),
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

    def places(self) -> pd.DataFrame:
        """One row per map place (place_name, lat, lon) of the located events, the
        busiest first: n_events, n_planned, n_new, country_level (every event placed
        at a country's centroid), top_country (the most frequent first partner
        country, OTHER_KEY when none), top_kind, and for tooltips the three most
        frequent kinds and partners as (value, count) lists. Grouped on the
        ``place`` key (a hash of name and coordinates), not on the strings."""
        cols = ["place_name", "lat", "lon", "n_events", "n_planned", "n_new", "country_level", "top_country",
                "top_kind", "top_kinds", "top_partners"]
        ev = self._lazy().filter(pl.col("has_coords")).select(
            "place", "place_name", "lat", "lon", "planned", "is_new", "geo_precision", "partners",
            country=pl.col("partner_countries").list.first().fill_null(OTHER_KEY).replace("", OTHER_KEY),
            kind=pl.col("kind").fill_null(OTHER_KEY).replace("", OTHER_KEY),
        ).collect()
        if ev.height == 0:
            return pd.DataFrame(columns=cols)

        def top(frame: pl.DataFrame, value: str, n: int) -> pl.DataFrame:
            # Most frequent first, ties by value: deterministic across runs.
            order = {"by": ["len", value], "descending": [True, False]}
            return frame.group_by(["place", value]).len().group_by("place").agg(
                pl.col(value).sort_by(**order).head(n).alias(f"{value}_top"),
                pl.col("len").sort_by(**order).head(n).alias(f"{value}_n"),
            )

        stats = (
            ev.group_by("place").agg(
                pl.col("place_name").first(),
                pl.col("lat").first(),
                pl.col("lon").first(),
                n_events=pl.len(),
                n_planned=pl.col("planned").sum(),
                n_new=pl.col("is_new").sum(),
                country_level=(pl.col("geo_precision") == "country").all(),
            )
            .join(top(ev.select("place", "country"), "country", 1), on="place", how="left")
            .join(top(ev.select("place", "kind"), "kind", 3), on="place", how="left")
            .join(top(ev.select("place", "partners").explode("partners").drop_nulls("partners"), "partners", 3),
                  on="place", how="left")
            .sort(["n_events", "place_name", "lat", "lon"], descending=[True, False, False, False])
        )

        def pairs(values: str, counts: str) -> list[list[tuple[str, int]]]:
            return [list(zip(v or [], map(int, c or []))) for v, c in
                    zip(stats.get_column(values).to_list(), stats.get_column(counts).to_list())]

        return pd.DataFrame(
            {
                "place_name": stats.get_column("place_name").fill_null("").to_list(),
                "lat": stats.get_column("lat").to_numpy(),
                "lon": stats.get_column("lon").to_numpy(),
                "n_events": stats.get_column("n_events").to_numpy().astype(int),
                "n_planned": stats.get_column("n_planned").to_numpy().astype(int),
                "n_new": stats.get_column("n_new").to_numpy().astype(int),
                "country_level": stats.get_column("country_level").to_numpy().astype(bool),
                "top_country": [v[0] for v in stats.get_column("country_top").to_list()],
                "top_kind": [v[0] for v in stats.get_column("kind_top").to_list()],
                "top_kinds": pairs("kind_top", "kind_n"),
                "top_partners": pairs("partners_top", "partners_n"),
            },
            columns=cols,
        )

    def arcs(self, limit: int | None = None) -> pd.DataFrame:
        """One row per origin→place pair with its number of events, the ``limit``
        busiest (MAX_ARCS): pairs multiply origins by places, and beyond a few hundred
        arcs only paint the map over. Arcs that start where they end draw nothing."""
        cols = ["origin_lat", "origin_lon", "lat", "lon", "n_events"]
        grp = (
            self._lazy().filter(
                pl.col("has_coords")
                & pl.col("origin_lat").is_not_null()
                & pl.col("origin_lon").is_not_null()
                & ((pl.col("origin_lat") != pl.col("lat")) | (pl.col("origin_lon") != pl.col("lon")))
            )
            .group_by(cols[:4]).agg(n_events=pl.len())
            .sort(["n_events", *cols[:4]], descending=[True, False, False, False, False])
            .head(MAX_ARCS if limit is None else limit)
            .collect()
        )
        return grp.select(cols).to_pandas()

    def period_counts(self, rows_by: str = "partner country", unit: str | None = None) -> pd.DataFrame:
        """Dated events counted per (row, period): ``row`` is the partner country code
        ("" for none; an event with partners in two countries counts in both) or the
        kind; periods are months when the selection spans MONTHLY_MAX_YEARS or fewer,
        else years (or ``unit`` "month"/"year"). Columns row, date_start, date_end
        (exclusive), n_events."""
        cols = ["row", "date_start", "date_end", "n_events"]
        ev = self._lazy().filter(pl.col("start").is_not_null()).select("start", "kind", "partner_countries").collect()
        if ev.height == 0:
            return pd.DataFrame(columns=cols)
        if unit is None:
            span = (ev.get_column("start").max() - ev.get_column("start").min()).days / 365.25  # type: ignore[operator]
            unit = "month" if span <= MONTHLY_MAX_YEARS else "year"
        every = "1mo" if unit == "month" else "1y"
        if rows_by == "kind":
            rows = ev.select(row=pl.col("kind"), date_start=pl.col("start").dt.truncate(every))
        else:
            rows = ev.select(
                row=pl.when(pl.col("partner_countries").list.len() > 0)
                .then(pl.col("partner_countries").list.unique(maintain_order=True))
                .otherwise(pl.lit([""], dtype=pl.List(pl.String))),
                date_start=pl.col("start").dt.truncate(every),
            ).explode("row")
        grp = (
            rows.group_by(["row", "date_start"]).agg(n_events=pl.len())
            .with_columns(date_end=pl.col("date_start").dt.offset_by(every))
            .sort(["row", "date_start"])
        )
        out = grp.select(cols).to_pandas()
        out["date_start"] = pd.to_datetime(out["date_start"])
        out["date_end"] = pd.to_datetime(out["date_end"])
        return out

    def rows(self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False) -> pl.DataFrame:
        """The selection's events (the columns held in memory) as a Polars frame,
        newest first (undated last), at most ``limit`` of them."""
        lf = self._lazy()
        if dated_only:
            lf = lf.filter(pl.col("start").is_not_null())
        if newest_first:
            lf = lf.sort(["start", "event_id"], descending=[True, False], nulls_last=True)
        if limit is not None:
            lf = lf.head(limit)  # sort + head: Polars keeps only the top rows while sorting
        return lf.collect()

    def full_rows(self) -> pl.DataFrame:
        """Every schema column of the selected events, in the atlas's order (the
        downloads); the columns left on disk are read for them."""
        return _full(self.rows(newest_first=False), self.tables)

    def events_frame(
        self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False, full: bool = False
    ) -> pd.DataFrame:
        """``rows`` as a pandas frame (see to_pandas): the detailed timeline, or with
        ``full`` every schema column (a place's list, the downloads)."""
        rows = self.rows(limit, newest_first, dated_only)
        return to_pandas(_full(rows, self.tables) if full else rows)

    def at_place(self, key: str) -> pd.DataFrame:
        """The events drawn at one map point (see maps.place_key), oldest first."""
        located = self._lazy().filter(pl.col("has_coords"))
        places = located.select("place_name", "lat", "lon").unique().collect()
        hit = [
            (n, a, o) for n, a, o in zip(places["place_name"].to_list(), places["lat"].to_list(), places["lon"].to_list())
            if place_key(n, a, o) == key
        ]
        if not hit:
            return to_pandas(_full(self.frame.head(0), self.tables))
        n, a, o = hit[0]
        rows = located.filter((pl.col("place_name") == n) & (pl.col("lat") == a) & (pl.col("lon") == o))
        return to_pandas(_full(rows.sort(["start", "event_id"], nulls_last=True).collect(), self.tables))


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
    def from_tables(cls, tables: load.Tables, is_new: bool = False) -> "Atlas":
        return cls(tables, _with_derived(tables.events, is_new))

    @property
    def data_dir(self) -> str:
        return self.tables.data_dir

    def __len__(self) -> int:
        return self.events.height

    def all(self) -> Selection:
        return Selection(self.events, None, self.tables)

    def select(self, f: Filters, brush: tuple[dt.date, dt.date] | None = None) -> Selection:
        """The events that pass every filter, then the brush (the atlas is untouched)."""
        mask = None if f.is_default() else self.events.select(filter_expr(f)).to_series()
        return Selection(self.events, mask, self.tables).brushed(brush)

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
            event_ids=EventIds(ev.get_column("event_id")),  # type: ignore[arg-type]
        )

    def color_keys(self, color_by: str) -> list[str]:
        """The legend keys (first partner country, or kind) of the whole data set, the
        most frequent first: a colour assigned by this rank keeps its meaning across
        filters, brushes and views."""
        if color_by == "kind":
            keys = self.events.get_column("kind")
        else:
            keys = self.events.get_column("partner_countries").list.first()
        keys = keys.fill_null(OTHER_KEY).replace("", OTHER_KEY)
        counted = keys.value_counts(name="n").sort(["n", keys.name], descending=[True, False])
        return counted.get_column(keys.name).to_list()

    # ------------------------------------------------------------ one event, its sources and articles

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        """One event as a dict (the to_pandas forms), or None for an unknown id."""
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

    def titles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id → title ("" when untitled) for the ids given."""
        ids = list(dict.fromkeys(article_ids))
        hit = self.tables.articles.filter(pl.col("article_id").is_in(ids)).select("article_id", "title")
        return dict(zip(hit["article_id"].to_list(), hit["title"].fill_null("").to_list()))

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
        same_kind = self.events.filter(pl.col("kind").is_in(frame["kind"].implode()))
        rows = load.event_rows(self.tables, same_kind.get_column("event_id").to_list())
        ev = rows.select(
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
    )
    return Atlas(tables, merged_events), UploadMerge(new.height, added, n_known_articles)
