"""Peers of the dashboard's engine (kzatlas.viz.engine, Polars) for
benchmarks/bench_dashboard.py: the same Atlas/Selection interface on pandas (the
dashboard's previous way: typed pandas frames, row data as Python objects) and on
DuckDB (SQL over the Parquet files in place). The benchmark swaps one in for
``engine.Atlas`` and runs the real app on it, so the three are measured on the same
page, data and filters; ``bench_dashboard`` also checks that all three count the
same events, and tests/test_engine.py that they give the same points, arcs, bars
and rows. The rules are the engine's (a date range leaves undated events out unless
``undated_in_range``; a search finds a place, country or institution by any of its
names through engine.text_targets: the data set's alias table, else the whole index), written again in each peer's own terms. Only
what the app calls is implemented: reading uploads and the downloads are not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from kzatlas.schema import EVENTS
from kzatlas.viz import charts, load, maps
from kzatlas.viz.engine import PERIOD_COLUMNS, POINT_STATS_COLUMNS, name_table, text_targets, to_pandas
from kzatlas.viz.filters import FilterOptions, Filters
from kzatlas.viz.i18n import ENGLISH, Translator
from kzatlas.viz.search import Named
from kzatlas.viz.maps import OTHER_KEY

LIST_COLUMNS = tuple(f.name for f in EVENTS.fields if f.type == "list")
#: What export.events_table reads of each row.
TABLE_SOURCE = ("event_id", "date_start", "date_precision", "date_partial", "kind", "planned", "partners",
                "partner_countries", "place_name", "kazakh_side", "topics", "language", "source_count", "corrected",
                "is_new", "evidence")
ARC_KEY = ["origin_lat", "origin_lon", "lat", "lon"]
SEP = "\x1f"  # as engine._PAIR_SEP


def _arcs_to_points(grp: pd.DataFrame, points: maps.PointTable | None, limit: int | None) -> pd.DataFrame:
    """Arcs per (origin, point) → per (origin, drawn position): the engine's rule."""
    if points is not None and len(points.frame):
        at = points.frame.reindex(grp["point"].astype(str))
        known = at["lat"].notna().to_numpy()
        grp = grp.assign(lat=np.where(known, at["lat"].to_numpy(float), grp["lat"].to_numpy(float)),
                         lon=np.where(known, at["lon"].to_numpy(float), grp["lon"].to_numpy(float)))
    out = grp.groupby(ARC_KEY, as_index=False)["n_events"].sum()
    out = out[(out["origin_lat"] != out["lat"]) | (out["origin_lon"] != out["lon"])]
    out = out.sort_values(["n_events", *ARC_KEY], ascending=[False, True, True, True, True], kind="stable")
    return maps.arc_rows(out.head(maps.MAX_ARCS if limit is None else limit)[[*ARC_KEY, "n_events"]])


def _positions_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """engine.Atlas.point_positions' form from (point, name, lat, lon, country_code) rows."""
    rows = rows.sort_values("point")
    return pd.DataFrame(
        {"name": rows["name"].to_numpy(dtype=object), "lat": rows["lat"].to_numpy(float),
         "lon": rows["lon"].to_numpy(float), "country_level": rows["point"].str.startswith("country:").to_numpy(),
         "country_code": rows["country_code"].to_numpy(dtype=object)},
        index=pd.Index(rows["point"].tolist(), name="point_id"),
    )


# ---------------------------------------------------------------- pandas


def _tuples(col: pd.Series) -> pd.Series:
    return pd.Series([tuple(v) if v is not None else () for v in col.tolist()], index=col.index, dtype=object)


def _color_keys(ev: pd.DataFrame, color_by: str) -> pd.Series:
    if color_by == "kind":
        return ev["kind"].replace("", OTHER_KEY)
    return ev["partner_countries"].map(lambda t: t[0] if t and t[0] else OTHER_KEY)


@dataclass(frozen=True)
class PandasSelection:
    events: pd.DataFrame
    tables: Any = None

    def __len__(self) -> int:
        return len(self.events)

    def counts(self) -> dict[str, int]:
        ev = self.events

        def distinct(col: str) -> int:
            return len({v for t in ev[col].tolist() for v in t})

        return {"events": len(ev), "undated": int(ev["start"].isna().sum()), "partners": distinct("partners"),
                "countries": distinct("partner_countries"), "articles": distinct("article_ids")}

    @property
    def n_undated(self) -> int:
        return int(self.events["start"].isna().sum())

    @property
    def n_dated(self) -> int:
        return len(self.events) - self.n_undated

    @property
    def n_without_coords(self) -> int:
        return int((~self.events["has_coords"]).sum())

    def point_stats(self, color_by: str = maps.COLOR_BY[0]) -> pd.DataFrame:
        ev = self.events[self.events["has_coords"]]
        if ev.empty:
            return pd.DataFrame(columns=POINT_STATS_COLUMNS)
        frame = pd.DataFrame({"point": ev["point"], "place_name": ev["place_name"], "lat": ev["lat"],
                              "lon": ev["lon"], "country_code": ev["country_code"], "planned": ev["planned"],
                              "is_new": ev["is_new"], "key": _color_keys(ev, color_by),
                              "kind": ev["kind"].replace("", OTHER_KEY)})
        stats = frame.groupby("point", sort=False).agg(
            place_name=("place_name", "min"), lat=("lat", "min"), lon=("lon", "min"),
            country_code=("country_code", "min"), n_events=("planned", "size"), n_planned=("planned", "sum"),
            n_new=("is_new", "sum")).reset_index()

        def top(values: pd.DataFrame, col: str, n: int) -> dict[str, list[tuple[str, int]]]:
            counted = values.groupby(["point", col], sort=False).size().reset_index(name="c")
            counted = counted.sort_values(["point", "c", col], ascending=[True, False, True], kind="stable")
            out: dict[str, list[tuple[str, int]]] = {}
            for r in counted.groupby("point", sort=False).head(n).itertuples(index=False):
                out.setdefault(r[0], []).append((str(r[1]), int(r[2])))
            return out

        tk, tkinds = top(frame, "key", 1), top(frame, "kind", 3)
        partners = pd.DataFrame({"point": ev["point"], "partner": ev["partners"]}).explode("partner").dropna()
        tp = top(partners, "partner", 3)
        pts = stats["point"].tolist()
        stats = stats.assign(
            point_id=pts, top_key=[tk[p][0][0] for p in pts],
            kinds_text=[", ".join(f"{k} {c}" for k, c in tkinds[p]) for p in pts],
            partners_text=["; ".join(x for x, _ in tp.get(p, [])) for p in pts])
        stats = stats.sort_values(["n_events", "point_id"], ascending=[False, True], kind="stable")
        return stats[POINT_STATS_COLUMNS].reset_index(drop=True)

    def places(self, color_by: str, colors: Mapping[str, maps.RGB], points: maps.PointTable | None = None,
               T: Translator = ENGLISH) -> pd.DataFrame:
        return maps.aggregate_places(self.point_stats(color_by), color_by, colors, points, T)

    def arcs(self, points: maps.PointTable | None = None, limit: int | None = None) -> pd.DataFrame:
        ev = self.events[self.events["has_coords"]].dropna(subset=["origin_lat", "origin_lon"])
        grp = ev.groupby(["origin_lat", "origin_lon", "point"], as_index=False).agg(
            n_events=("lat", "size"), lat=("lat", "min"), lon=("lon", "min"))
        return _arcs_to_points(grp, points, limit)

    def at_points(self, point_ids: str | Iterable[str]) -> pd.DataFrame:
        wanted = {point_ids} if isinstance(point_ids, str) else set(point_ids)
        ev = self.events[self.events["point"].isin(wanted)]
        return ev.sort_values(["start", "event_id"], na_position="last", kind="stable")

    def period_counts(self, granularity: str, color_by: str) -> pd.DataFrame:
        ev = self.events[self.events["start"].notna()]
        if ev.empty:
            return pd.DataFrame(columns=PERIOD_COLUMNS)
        period = ev["start"].dt.to_period("M" if granularity == "month" else "Y").dt.start_time
        grp = pd.DataFrame({"period_start": period.to_numpy(), "color_key": _color_keys(ev, color_by).to_numpy()})
        return grp.groupby(["period_start", "color_key"]).size().reset_index(name="n_events")[PERIOD_COLUMNS]

    def histogram(self, granularity: str, color_by: str, colors: Mapping[str, maps.RGB],
                  T: Translator = ENGLISH) -> pd.DataFrame:
        return charts.histogram_frame(self.period_counts(granularity, color_by), granularity, color_by, colors, T)

    def _polars_rows(self, ev: pd.DataFrame) -> Any:
        """Rows as the Polars frame export.events_table reads (the peer pays for
        handing its pandas rows over)."""
        import polars as pl

        data = {c: (ev[c].map(list) if c in LIST_COLUMNS else ev[c]).tolist() for c in TABLE_SOURCE}
        frame = pl.DataFrame(data, schema_overrides={c: pl.List(pl.String) for c in LIST_COLUMNS if c in data})
        return frame.with_columns(pl.col("date_start").replace("", None).str.to_date())

    def rows(self, limit: int | None = None, newest_first: bool = True) -> Any:
        ev = self.events
        if newest_first:
            ev = ev.sort_values(["start", "event_id"], ascending=[False, True], na_position="last")
        return self._polars_rows(ev.head(limit) if limit is not None else ev)

    def rows_of(self, event_ids: Iterable[str]) -> Any:
        return self._polars_rows(self.events[self.events["event_id"].isin(set(event_ids))])


def _any_in(col: pd.Series, wanted: Iterable[str]) -> pd.Series:
    w = set(wanted)
    return col.map(lambda t: bool(w.intersection(t)))


@dataclass(frozen=True)
class PandasAtlas:
    """The atlas as typed pandas frames, everything in memory."""

    events: pd.DataFrame
    tables: load.Tables
    data_dir: str = ""

    @classmethod
    def open(cls, data_dir: Any) -> "PandasAtlas":
        tables = load.load_tables(Path(data_dir))
        ev = pd.read_parquet(Path(data_dir) / EVENTS.parquet_filename) if tables.events_parquet else \
            tables.full_events.to_pandas()  # type: ignore[union-attr]
        for f in EVENTS.fields:
            if f.type == "list":
                ev[f.name] = _tuples(ev[f.name])
            elif f.type == "date":
                ev[f.name] = [d.isoformat() if isinstance(d, dt.date) else "" for d in ev[f.name].tolist()]
            elif f.type == "str":
                ev[f.name] = ev[f.name].fillna("").astype(object)
        ev["start"] = pd.to_datetime(ev["date_start"].replace("", None))
        ev["end"] = pd.to_datetime(ev["date_end"].replace("", None)).fillna(ev["start"])
        ev["has_coords"] = ev["lat"].notna() & ev["lon"].notna()
        ev["point"] = np.where(~ev["has_coords"], None, np.where(
            ev["geo_precision"] == "country", "country:" + ev["country_code"],
            ev["country_code"] + ":" + ev["place_name"]))
        ev["is_new"] = False
        ev["planned"] = ev["planned"].fillna(False).astype(bool)
        ev["corrected"] = ev["corrected"].fillna(False).astype(bool)
        ev["search_text"] = (ev["evidence"] + "\n" + ev["partners"].map("\n".join) + "\n"
                             + ev["kazakh_side"].map("\n".join) + "\n" + ev["place_name"] + "\n"
                             + ev["origin_name"]).str.lower()
        ev["place_key"] = ev["country_code"] + SEP + ev["place_name"]
        return cls(ev, tables, str(data_dir))

    def __len__(self) -> int:
        return len(self.events)

    def all(self) -> PandasSelection:
        return PandasSelection(self.events, self.tables)

    def select(self, f: Filters) -> PandasSelection:
        ev = self.events
        mask = pd.Series(True, index=ev.index)
        undated = ev["start"].isna()
        if not f.keeps_undated():
            mask &= ~undated
        if not f.include_planned:
            mask &= ~ev["planned"]
        if f.date_from is not None:
            mask &= undated | (ev["end"] >= pd.Timestamp(f.date_from))
        if f.date_to is not None:
            mask &= undated | (ev["start"] <= pd.Timestamp(f.date_to))
        if f.countries:
            mask &= _any_in(ev["partner_countries"], f.countries)
        if f.institutions:
            mask &= _any_in(ev["partners"], f.institutions) | _any_in(ev["kazakh_side"], f.institutions)
        if f.kinds:
            mask &= ev["kind"].isin(f.kinds)
        if f.topics:
            mask &= _any_in(ev["topics"], f.topics)
        if f.languages:
            mask &= ev["language"].isin(f.languages)
        if f.text.strip():
            hit = ev["search_text"].str.contains(f.text.strip().lower(), regex=False)
            targets = self.named(f.text)
            keys = list(targets.place_keys)
            if keys:
                hit |= ev["place_key"].isin(keys)
            if targets.countries:
                hit |= ev["country_code"].isin(targets.countries) | _any_in(ev["partner_countries"], targets.countries)
            if targets.institutions:
                hit |= _any_in(ev["partner_ids"], targets.institutions) | _any_in(ev["kazakh_side_ids"],
                                                                                   targets.institutions)
            mask &= hit
        return PandasSelection(ev[mask], self.tables)

    def named(self, text: str) -> Named:
        pairs = self.events[["place_name", "country_code"]].drop_duplicates()
        return text_targets(text, zip(pairs["place_name"], pairs["country_code"]), self._names)

    @cached_property
    def _names(self) -> Any:
        return name_table(self.tables)

    @cached_property
    def options(self) -> FilterOptions:
        ev = self.events

        def flat(col: str) -> set[str]:
            return {v for t in ev[col].tolist() for v in t if v}

        return FilterOptions(
            countries=tuple(sorted(flat("partner_countries"))),
            institutions=tuple(sorted(flat("partners") | flat("kazakh_side"), key=str.casefold)),
            kinds=tuple(sorted(set(ev["kind"]) - {""})), topics=tuple(sorted(flat("topics"))),
            languages=tuple(sorted(set(ev["language"]) - {""})),
            min_date=ev["start"].min().date() if ev["start"].notna().any() else None,
            max_date=ev["end"].max().date() if ev["end"].notna().any() else None,
            event_ids=frozenset(ev["event_id"]),
        )

    def color_keys(self, color_by: str) -> list[str]:
        counted = _color_keys(self.events, color_by).value_counts()
        return sorted(counted.index, key=lambda k: (-counted[k], k))

    @cached_property
    def point_positions(self) -> pd.DataFrame:
        ev = self.events[self.events["has_coords"]]
        city = ev["geo_precision"] == "city"
        ev = ev[city | ~city.groupby(ev["point"]).transform("any")]
        rows = ev.groupby("point", as_index=False).agg(name=("place_name", "min"), lat=("lat", "median"),
                                                       lon=("lon", "median"), country_code=("country_code", "min"))
        return _positions_frame(rows)

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        hit = self.events[self.events["event_id"] == event_id]
        return None if hit.empty else hit.iloc[0].to_dict()

    def sources(self, event: Mapping[str, Any]) -> pd.DataFrame:
        return to_pandas(load.event_sources(self.tables, str(event["event_id"])))

    def article(self, article_id: str) -> dict[str, Any] | None:
        hit = self.tables.articles.filter(self.tables.articles["article_id"] == article_id)
        if hit.height == 0:
            return None
        return hit.row(0, named=True) | {"text": load.article_text(self.tables, article_id) or ""}

    def article_meta(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        arts = self.tables.articles
        return {a: arts.filter(arts["article_id"] == a).row(0, named=True) for a in dict.fromkeys(ids)}


# ---------------------------------------------------------------- DuckDB

_KEY_SQL = {
    "kind": "coalesce(nullif(kind, ''), 'other')",
    "partner country": "coalesce(nullif(partner_countries[1], ''), 'other')",
}


@dataclass(frozen=True)
class DuckSelection:
    """A WHERE clause (and its parameters) over the events view."""

    con: Any
    where: str = "TRUE"
    params: tuple = ()

    def _q(self, sql: str) -> Any:
        return self.con.cursor().execute(sql.replace("{W}", self.where), list(self.params))

    def __len__(self) -> int:
        return int(self._q("SELECT count(*) FROM events WHERE {W}").fetchone()[0])

    def counts(self) -> dict[str, int]:
        sql = ("SELECT count(*), count(*) FILTER (start IS NULL),"
               " (SELECT count(DISTINCT x) FROM (SELECT unnest(partners) x FROM events WHERE {W})),"
               " (SELECT count(DISTINCT x) FROM (SELECT unnest(partner_countries) x FROM events WHERE {W})),"
               " (SELECT count(DISTINCT x) FROM (SELECT unnest(article_ids) x FROM events WHERE {W}))"
               " FROM events WHERE {W}")
        row = self.con.cursor().execute(sql.replace("{W}", self.where), list(self.params) * 4).fetchone()
        return dict(zip(("events", "undated", "partners", "countries", "articles"), (int(v) for v in row)))

    @cached_property
    def _tally(self) -> tuple[int, int, int]:
        return self._q("SELECT count(*), count(*) FILTER (start IS NULL), count(*) FILTER (NOT has_coords)"
                       " FROM events WHERE {W}").fetchone()

    @property
    def n_undated(self) -> int:
        return int(self._tally[1])

    @property
    def n_dated(self) -> int:
        return int(self._tally[0] - self._tally[1])

    @property
    def n_without_coords(self) -> int:
        return int(self._tally[2])

    def point_stats(self, color_by: str = maps.COLOR_BY[0]) -> pd.DataFrame:
        df = self._q(f"""
            WITH s AS (SELECT point, place_name, lat, lon, country_code, planned, is_new, partners,
                              coalesce(nullif(kind, ''), 'other') AS kind, {_KEY_SQL[color_by]} AS key
                       FROM events WHERE ({{W}}) AND has_coords),
            g AS (SELECT point, min(place_name) AS place_name, min(lat) AS lat, min(lon) AS lon,
                         min(country_code) AS country_code, count(*) AS n_events,
                         sum(planned::INT) AS n_planned, sum(is_new::INT) AS n_new FROM s GROUP BY point),
            c AS (SELECT point, first(key ORDER BY n DESC, key) AS top_key
                  FROM (SELECT point, key, count(*) n FROM s GROUP BY ALL) GROUP BY point),
            k AS (SELECT point, array_to_string(list(kind || ' ' || n ORDER BY n DESC, kind)[1:3], ', ') AS kinds_text
                  FROM (SELECT point, kind, count(*) n FROM s GROUP BY ALL) GROUP BY point),
            p AS (SELECT point, array_to_string(list(partner ORDER BY n DESC, partner)[1:3], '; ') AS partners_text
                  FROM (SELECT point, partner, count(*) n
                        FROM (SELECT point, unnest(partners) AS partner FROM s) GROUP BY ALL) GROUP BY point)
            SELECT g.point AS point_id, place_name, lat, lon, country_code, n_events, n_planned, n_new, top_key,
                   kinds_text, coalesce(partners_text, '') AS partners_text
            FROM g JOIN c USING (point) JOIN k USING (point) LEFT JOIN p USING (point)
            ORDER BY n_events DESC, point_id""").df()
        return df[POINT_STATS_COLUMNS]

    def places(self, color_by: str, colors: Mapping[str, maps.RGB], points: maps.PointTable | None = None,
               T: Translator = ENGLISH) -> pd.DataFrame:
        return maps.aggregate_places(self.point_stats(color_by), color_by, colors, points, T)

    def arcs(self, points: maps.PointTable | None = None, limit: int | None = None) -> pd.DataFrame:
        grp = self._q("""SELECT origin_lat, origin_lon, point, count(*) AS n_events, min(lat) AS lat,
                min(lon) AS lon FROM events
            WHERE ({W}) AND has_coords AND origin_lat IS NOT NULL AND origin_lon IS NOT NULL
            GROUP BY ALL""").df()
        return _arcs_to_points(grp, points, limit)

    def at_points(self, point_ids: str | Iterable[str]) -> pd.DataFrame:
        wanted = [point_ids] if isinstance(point_ids, str) else list(point_ids)
        return _duck_pandas(self.con.cursor().execute(
            f"SELECT * FROM events WHERE ({self.where}) AND list_contains(?::VARCHAR[], point)"
            " ORDER BY start NULLS LAST, event_id", [*self.params, wanted]).df())

    def period_counts(self, granularity: str, color_by: str) -> pd.DataFrame:
        df = self._q(f"""SELECT date_trunc('{'month' if granularity == 'month' else 'year'}', start) AS period_start,
                {_KEY_SQL[color_by]} AS color_key, count(*) AS n_events
            FROM events WHERE ({{W}}) AND start IS NOT NULL GROUP BY ALL ORDER BY ALL""").df()
        df["period_start"] = pd.to_datetime(df["period_start"])
        return df[PERIOD_COLUMNS]

    def histogram(self, granularity: str, color_by: str, colors: Mapping[str, maps.RGB],
                  T: Translator = ENGLISH) -> pd.DataFrame:
        return charts.histogram_frame(self.period_counts(granularity, color_by), granularity, color_by, colors, T)

    def _polars(self, sql: str, params: list) -> Any:
        import warnings

        import polars as pl

        with warnings.catch_warnings():  # "an extra copy of the rows": 1,000 rows at most
            warnings.simplefilter("ignore", UserWarning)
            return pl.from_arrow(self.con.cursor().execute(sql, params).to_arrow_table())

    def rows(self, limit: int | None = None, newest_first: bool = True) -> Any:
        order = "ORDER BY start DESC NULLS LAST, event_id" if newest_first else ""
        lim = f"LIMIT {int(limit)}" if limit is not None else ""
        return self._polars(f"SELECT {', '.join(TABLE_SOURCE)} FROM events WHERE {self.where} {order} {lim}",
                            list(self.params))

    def rows_of(self, event_ids: Iterable[str]) -> Any:
        return self._polars(f"SELECT {', '.join(TABLE_SOURCE)} FROM events WHERE ({self.where})"
                            " AND list_contains(?::VARCHAR[], event_id)", [*self.params, list(event_ids)])


def _duck_pandas(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB's pandas output in the engine's forms (tuples, ISO dates, timestamps)."""
    for f in EVENTS.fields:
        if f.name not in df:
            continue
        if f.type == "list":
            df[f.name] = [tuple(v) if v is not None else () for v in df[f.name]]
        elif f.type == "date":
            df[f.name] = [d.isoformat() if isinstance(d, dt.date) else "" for d in df[f.name]]
        elif f.type == "str":
            df[f.name] = df[f.name].fillna("").astype(object)
        elif f.type == "float":
            df[f.name] = df[f.name].astype(float)
    for c in ("start", "end"):
        df[c] = pd.to_datetime(df[c])
    df["point"] = df["point"].fillna("").astype(object)
    return df


@dataclass(frozen=True)
class DuckAtlas:
    """DuckDB querying events.parquet in place (nothing but the metadata in memory)."""

    con: Any
    tables: load.Tables
    data_dir: str = ""
    _cache: dict = field(default_factory=dict)

    @classmethod
    def open(cls, data_dir: Any) -> "DuckAtlas":
        import duckdb

        tables = load.load_tables(Path(data_dir))  # the same validation as the engine
        con = duckdb.connect(config={"threads": 2})
        path = str(Path(data_dir) / EVENTS.parquet_filename).replace("'", "''")
        con.execute(f"""CREATE VIEW events AS SELECT *, date_start AS start, coalesce(date_end, date_start) AS "end",
            lat IS NOT NULL AND lon IS NOT NULL AS has_coords, false AS is_new,
            CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
                 WHEN geo_precision = 'country' THEN 'country:' || coalesce(country_code, '')
                 ELSE coalesce(country_code, '') || ':' || coalesce(place_name, '') END AS point
            FROM read_parquet('{path}')""")
        return cls(con, tables, str(data_dir))

    def __len__(self) -> int:
        return len(self.all())

    def all(self) -> DuckSelection:
        return DuckSelection(self.con)

    def select(self, f: Filters) -> DuckSelection:
        w, p = ["TRUE"], []
        if not f.keeps_undated():
            w.append("start IS NOT NULL")
        if not f.include_planned:
            w.append("NOT coalesce(planned, false)")
        if f.date_from is not None:
            w.append('(start IS NULL OR "end" >= ?)')
            p.append(f.date_from)
        if f.date_to is not None:
            w.append("(start IS NULL OR start <= ?)")
            p.append(f.date_to)
        for col, values in (("partner_countries", f.countries), ("topics", f.topics)):
            if values:
                w.append(f"list_has_any({col}, ?::VARCHAR[])")
                p.append(list(values))
        if f.institutions:
            w.append("(list_has_any(partners, ?::VARCHAR[]) OR list_has_any(kazakh_side, ?::VARCHAR[]))")
            p += [list(f.institutions)] * 2
        for col, values in (("kind", f.kinds), ("language", f.languages)):
            if values:
                w.append(f"list_contains(?::VARCHAR[], {col})")
                p.append(list(values))
        if f.text.strip():
            hit = ["contains(lower(evidence || chr(10) || array_to_string(partners, chr(10)) || chr(10) ||"
                   " array_to_string(kazakh_side, chr(10)) || chr(10) || place_name || chr(10) || origin_name),"
                   " lower(?))"]
            p.append(f.text.strip())
            targets = self.named(f.text)
            keys = list(targets.place_keys)
            if keys:
                hit.append("list_contains(?::VARCHAR[], coalesce(country_code, '') || chr(31) || place_name)")
                p.append(keys)
            if targets.countries:
                hit.append("(list_contains(?::VARCHAR[], country_code) OR list_has_any(partner_countries, ?::VARCHAR[]))")
                p += [sorted(targets.countries)] * 2
            if targets.institutions:
                hit.append("(list_has_any(partner_ids, ?::VARCHAR[]) OR list_has_any(kazakh_side_ids, ?::VARCHAR[]))")
                p += [sorted(targets.institutions)] * 2
            w.append("(" + " OR ".join(hit) + ")")
        return DuckSelection(self.con, " AND ".join(w), tuple(p))

    def named(self, text: str) -> Named:
        if "names" not in self._cache:
            self._cache["names"] = name_table(self.tables)
        if "pairs" not in self._cache and self._cache["names"] is None:
            self._cache["pairs"] = self.con.cursor().execute(
                "SELECT DISTINCT place_name, country_code FROM events WHERE place_name IS NOT NULL").fetchall()
        return text_targets(text, self._cache.get("pairs", ()), self._cache["names"])

    @cached_property
    def options(self) -> FilterOptions:
        q = self.con.cursor()

        def values(sql: str) -> list[str]:
            return [r[0] for r in q.execute(sql).fetchall() if r[0]]

        lo, hi = q.execute('SELECT min(start), max("end") FROM events').fetchone()
        return FilterOptions(
            countries=tuple(sorted(values("SELECT DISTINCT unnest(partner_countries) FROM events"))),
            institutions=tuple(sorted(set(values("SELECT DISTINCT unnest(partners) FROM events"))
                                      | set(values("SELECT DISTINCT unnest(kazakh_side) FROM events")), key=str.casefold)),
            kinds=tuple(sorted(values("SELECT DISTINCT kind FROM events"))),
            topics=tuple(sorted(values("SELECT DISTINCT unnest(topics) FROM events"))),
            languages=tuple(sorted(values("SELECT DISTINCT language FROM events"))),
            min_date=lo, max_date=hi,
            event_ids=frozenset(values("SELECT event_id FROM events")),
        )

    def color_keys(self, color_by: str) -> list[str]:
        return [r[0] for r in self.con.cursor().execute(
            f"SELECT {_KEY_SQL[color_by]} AS k, count(*) n FROM events GROUP BY ALL ORDER BY n DESC, k").fetchall()]

    @cached_property
    def point_positions(self) -> pd.DataFrame:
        rows = self.con.cursor().execute("""
            WITH l AS (SELECT point, place_name, lat, lon, country_code, geo_precision = 'city' AS city,
                              bool_or(geo_precision = 'city') OVER (PARTITION BY point) AS has_city
                       FROM events WHERE has_coords)
            SELECT point, min(place_name) AS name, median(lat) AS lat, median(lon) AS lon,
                   min(country_code) AS country_code
            FROM l WHERE city OR NOT has_city GROUP BY point""").df()
        return _positions_frame(rows)

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        df = _duck_pandas(self.con.cursor().execute("SELECT * FROM events WHERE event_id = ?", [event_id]).df())
        return None if df.empty else df.iloc[0].to_dict()

    def sources(self, event: Mapping[str, Any]) -> pd.DataFrame:
        return to_pandas(load.event_sources(self.tables, str(event["event_id"])))

    def article(self, article_id: str) -> dict[str, Any] | None:
        return PandasAtlas.article(self, article_id)  # type: ignore[arg-type]

    def article_meta(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return PandasAtlas.article_meta(self, ids)  # type: ignore[arg-type]


PEERS = {"pandas": PandasAtlas, "duckdb": DuckAtlas}


def dodge_every_pair(places: pd.DataFrame, zoom: float, gap: float = maps.GAP_PX, iterations: int = 300
                     ) -> np.ndarray:
    """maps.dodge's rule applied to every pair of points at every step, written out
    plainly: the reference tests/test_dodge.py holds dodge to, and its peer in
    benchmarks/bench_dodge.py. Returns the nudged (x, y) in world pixels at ``zoom``."""
    n = len(places)
    x, y = maps._world_px(places["true_lon"].to_numpy(float), places["true_lat"].to_numpy(float), zoom)
    r = places["radius"].to_numpy(float)
    i, j = np.triu_indices(n, 1)
    need = r[i] + r[j] + gap
    w_i, w_j = r[j] ** 2 / (r[i] ** 2 + r[j] ** 2), r[i] ** 2 / (r[i] ** 2 + r[j] ** 2)
    for _ in range(iterations):
        dx, dy = x[j] - x[i], y[j] - y[i]
        d = np.hypot(dx, dy)
        overlap = need - d
        if n < 2 or overlap.max() <= 1e-6:
            break
        same = d < 1e-9
        angle = (i + j) * 2.399963  # coincident points fan out at the golden angle
        dx, dy, d = np.where(same, np.cos(angle), dx), np.where(same, np.sin(angle), dy), np.where(same, 1.0, d)
        push = np.maximum(overlap, 0.0) * 0.6 / d
        for pts, w, sign in ((i, w_i, -1.0), (j, w_j, 1.0)):
            x = x + sign * np.bincount(pts, weights=dx * push * w, minlength=n)
            y = y + sign * np.bincount(pts, weights=dy * push * w, minlength=n)
    return np.column_stack([x, y])

