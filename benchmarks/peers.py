"""Peers of the dashboard's engine (kzatlas.viz.engine, Polars) for
benchmarks/bench_dashboard.py: the same Atlas/Selection interface on pandas (the
dashboard's previous way: typed pandas frames, row data as Python objects) and on
DuckDB (SQL over the Parquet files in place). The benchmark swaps one in for
``engine.Atlas`` and runs the real app on it, so the three are measured on the same
page, data and filters; ``bench_dashboard`` also checks that all three count the
same events. Only what the app calls is implemented: reading uploads is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from kzatlas.schema import EVENTS
from kzatlas.viz import load
from kzatlas.viz.engine import MAX_ARCS, MONTHLY_MAX_YEARS, OTHER_KEY
from kzatlas.viz.filters import FilterOptions, Filters
from kzatlas.viz.maps import place_key

LIST_COLUMNS = tuple(f.name for f in EVENTS.fields if f.type == "list")
#: What export.events_table reads of each row.
TABLE_SOURCE = ("event_id", "date_start", "date_precision", "date_partial", "kind", "planned", "partners",
                "partner_countries", "place_name", "kazakh_side", "topics", "language", "source_count", "corrected",
                "is_new", "evidence")
PLACE_COLUMNS = ["place_name", "lat", "lon", "n_events", "n_planned", "n_new", "country_level", "top_country",
                 "top_kind", "top_kinds", "top_partners"]


def _sorted_top(counts: dict[Any, dict[str, int]], n: int) -> dict[Any, list[tuple[str, int]]]:
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n] for k, c in counts.items()}


# ---------------------------------------------------------------- pandas


def _tuples(col: pd.Series) -> pd.Series:
    return pd.Series([tuple(v) if v is not None else () for v in col.tolist()], index=col.index, dtype=object)


@dataclass(frozen=True)
class PandasSelection:
    events: pd.DataFrame
    tables: Any = None

    def __len__(self) -> int:
        return len(self.events)

    def brushed(self, brush: tuple[dt.date, dt.date] | None) -> "PandasSelection":
        if brush is None:
            return self
        lo, hi = pd.Timestamp(brush[0]), pd.Timestamp(brush[1])
        ev = self.events
        return PandasSelection(ev[ev["start"].notna() & (ev["end"] >= lo) & (ev["start"] <= hi)], self.tables)

    def counts(self) -> dict[str, int]:
        ev = self.events

        def distinct(col: str) -> int:
            return len({v for t in ev[col].tolist() for v in t})

        return {"events": len(ev), "partners": distinct("partners"), "countries": distinct("partner_countries"),
                "articles": distinct("article_ids")}

    @property
    def n_undated(self) -> int:
        return int(self.events["start"].isna().sum())

    @property
    def n_dated(self) -> int:
        return len(self.events) - self.n_undated

    @property
    def n_without_coords(self) -> int:
        return int((~self.events["has_coords"]).sum())

    def places(self) -> pd.DataFrame:
        ev = self.events[self.events["has_coords"]]
        if ev.empty:
            return pd.DataFrame(columns=PLACE_COLUMNS)
        key = ["place_name", "lat", "lon"]
        country = ev["partner_countries"].map(lambda t: t[0] if t and t[0] else OTHER_KEY)
        frame = pd.DataFrame({"place_name": ev["place_name"], "lat": ev["lat"], "lon": ev["lon"],
                              "planned": ev["planned"], "is_new": ev["is_new"],
                              "country": country, "kind": ev["kind"].replace("", OTHER_KEY),
                              "cl": ev["geo_precision"] == "country"})
        g = frame.groupby(key, sort=False)
        stats = g.agg(n_events=("planned", "size"), n_planned=("planned", "sum"), n_new=("is_new", "sum"),
                      country_level=("cl", "all")).reset_index()

        def top(values: pd.DataFrame, col: str, n: int) -> dict[tuple, list[tuple[str, int]]]:
            counted = values.groupby([*key, col], sort=False).size().reset_index(name="c")
            counted = counted.sort_values([*key, "c", col], ascending=[True, True, True, False, True], kind="stable")
            out: dict[tuple, list[tuple[str, int]]] = {}
            for r in counted.groupby(key, sort=False).head(n).itertuples(index=False):
                out.setdefault((r[0], r[1], r[2]), []).append((str(r[3]), int(r[4])))
            return out

        tc, tk = top(frame, "country", 1), top(frame, "kind", 3)
        partners = pd.DataFrame({"place_name": ev["place_name"], "lat": ev["lat"], "lon": ev["lon"],
                                 "partner": ev["partners"]}).explode("partner").dropna(subset=["partner"])
        tp = top(partners, "partner", 3)
        keys = list(zip(stats["place_name"], stats["lat"], stats["lon"]))
        stats["top_country"] = [tc[k][0][0] for k in keys]
        stats["top_kind"] = [tk[k][0][0] for k in keys]
        stats["top_kinds"] = [tk[k] for k in keys]
        stats["top_partners"] = [tp.get(k, []) for k in keys]
        stats = stats.sort_values(["n_events", "place_name", "lat", "lon"], ascending=[False, True, True, True])
        return stats[PLACE_COLUMNS].reset_index(drop=True)

    def arcs(self, limit: int | None = None) -> pd.DataFrame:
        cols = ["origin_lat", "origin_lon", "lat", "lon"]
        ev = self.events.dropna(subset=cols)
        ev = ev[(ev["origin_lat"] != ev["lat"]) | (ev["origin_lon"] != ev["lon"])]
        grp = ev.groupby(cols, sort=False).size().reset_index(name="n_events")
        grp = grp.sort_values(["n_events", *cols], ascending=[False, True, True, True, True])
        return grp.head(MAX_ARCS if limit is None else limit).reset_index(drop=True)

    def period_counts(self, rows_by: str = "partner country", unit: str | None = None) -> pd.DataFrame:
        cols = ["row", "date_start", "date_end", "n_events"]
        ev = self.events[self.events["start"].notna()]
        if ev.empty:
            return pd.DataFrame(columns=cols)
        if unit is None:
            unit = "month" if (ev["start"].max() - ev["start"].min()).days / 365.25 <= MONTHLY_MAX_YEARS else "year"
        if rows_by == "kind":
            rows = ev["kind"]
        else:
            rows = ev["partner_countries"].map(lambda t: list(dict.fromkeys(t)) or [""]).explode()
        starts = ev.loc[rows.index, "start"]
        period = starts.dt.to_period("M" if unit == "month" else "Y").dt.start_time
        grp = pd.DataFrame({"row": rows.to_numpy(), "date_start": period.to_numpy()}).groupby(
            ["row", "date_start"]).size().reset_index(name="n_events")
        step = pd.offsets.MonthBegin(1) if unit == "month" else pd.offsets.YearBegin(1)
        grp["date_end"] = grp["date_start"] + step
        return grp[cols]

    def events_frame(self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False,
                     full: bool = True) -> pd.DataFrame:
        ev = self.events[self.events["start"].notna()] if dated_only else self.events
        if newest_first:
            ev = ev.sort_values(["start", "event_id"], ascending=[False, True], na_position="last")
        return (ev.head(limit) if limit is not None else ev).reset_index(drop=True)

    def rows(self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False) -> Any:
        """The table's rows as the Polars frame export.events_table reads (the
        peer pays for handing its pandas rows over)."""
        import polars as pl

        ev = self.events_frame(limit, newest_first, dated_only)
        data = {c: (ev[c].map(list) if c in LIST_COLUMNS else ev[c]).tolist() for c in TABLE_SOURCE}
        frame = pl.DataFrame(data, schema_overrides={c: pl.List(pl.String) for c in LIST_COLUMNS if c in data})
        return frame.with_columns(pl.col("date_start").replace("", None).str.to_date())

    def at_place(self, key: str) -> pd.DataFrame:
        ev = self.events[self.events["has_coords"]]
        hits = [place_key(n, a, o) == key for n, a, o in zip(ev["place_name"], ev["lat"], ev["lon"])]
        return ev[hits].sort_values(["start", "event_id"], na_position="last")


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
        ev["is_new"] = False
        ev["planned"] = ev["planned"].fillna(False).astype(bool)
        ev["corrected"] = ev["corrected"].fillna(False).astype(bool)
        ev["search_text"] = (ev["evidence"] + "\n" + ev["partners"].map("\n".join) + "\n"
                             + ev["kazakh_side"].map("\n".join) + "\n" + ev["place_name"] + "\n"
                             + ev["origin_name"]).str.lower()
        return cls(ev, tables, str(data_dir))

    def __len__(self) -> int:
        return len(self.events)

    def all(self) -> PandasSelection:
        return PandasSelection(self.events, self.tables)

    def select(self, f: Filters, brush: tuple[dt.date, dt.date] | None = None) -> PandasSelection:
        ev = self.events
        mask = pd.Series(True, index=ev.index)
        undated = ev["start"].isna()
        if not f.include_undated:
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
            mask &= ev["search_text"].str.contains(f.text.strip().lower(), regex=False)
        return PandasSelection(ev[mask], self.tables).brushed(brush)

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
        keys = self.events["kind"] if color_by == "kind" else self.events["partner_countries"].map(
            lambda t: t[0] if t else OTHER_KEY)
        counted = keys.replace("", OTHER_KEY).value_counts()
        return sorted(counted.index, key=lambda k: (-counted[k], k))

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        hit = self.events[self.events["event_id"] == event_id]
        return None if hit.empty else hit.iloc[0].to_dict()

    def sources(self, event: dict[str, Any]) -> pd.DataFrame:
        from kzatlas.viz.engine import to_pandas

        return to_pandas(load.event_sources(self.tables, str(event["event_id"])))

    def article(self, article_id: str) -> dict[str, Any] | None:
        hit = self.tables.articles.filter(self.tables.articles["article_id"] == article_id)
        if hit.height == 0:
            return None
        return hit.row(0, named=True) | {"text": load.article_text(self.tables, article_id) or ""}

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        return {a: (self.article(a) or {}).get("title") or "" for a in ids}


# ---------------------------------------------------------------- DuckDB


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

    def brushed(self, brush: tuple[dt.date, dt.date] | None) -> "DuckSelection":
        if brush is None:
            return self
        return DuckSelection(self.con, f"({self.where}) AND start IS NOT NULL AND \"end\" >= ? AND start <= ?",
                             (*self.params, brush[0], brush[1]))

    def counts(self) -> dict[str, int]:
        sql = ("SELECT count(*), (SELECT count(DISTINCT x) FROM (SELECT unnest(partners) x FROM events WHERE {W})),"
               " (SELECT count(DISTINCT x) FROM (SELECT unnest(partner_countries) x FROM events WHERE {W})),"
               " (SELECT count(DISTINCT x) FROM (SELECT unnest(article_ids) x FROM events WHERE {W}))"
               " FROM events WHERE {W}")
        row = self.con.cursor().execute(sql.replace("{W}", self.where), list(self.params) * 4).fetchone()
        return dict(zip(("events", "partners", "countries", "articles"), (int(v) for v in row)))

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

    def places(self) -> pd.DataFrame:
        df = self._q("""
            WITH s AS (SELECT place_name, lat, lon, kind, planned, is_new, geo_precision, partners,
                              coalesce(nullif(partner_countries[1], ''), 'other') AS country
                       FROM events WHERE ({W}) AND has_coords),
            g AS (SELECT place_name, lat, lon, count(*) AS n_events, sum(planned::INT) AS n_planned,
                         sum(is_new::INT) AS n_new, bool_and(geo_precision = 'country') AS country_level
                  FROM s GROUP BY ALL),
            c AS (SELECT place_name, lat, lon, first(country ORDER BY n DESC, country) AS top_country
                  FROM (SELECT place_name, lat, lon, country, count(*) n FROM s GROUP BY ALL) GROUP BY ALL),
            k AS (SELECT place_name, lat, lon, list([kind, n::VARCHAR] ORDER BY n DESC, kind)[1:3] AS top_kinds
                  FROM (SELECT place_name, lat, lon, kind, count(*) n FROM s GROUP BY ALL) GROUP BY ALL),
            p AS (SELECT place_name, lat, lon, list([partner, n::VARCHAR] ORDER BY n DESC, partner)[1:3] AS top_partners
                  FROM (SELECT place_name, lat, lon, partner, count(*) n
                        FROM (SELECT place_name, lat, lon, unnest(partners) AS partner FROM s) GROUP BY ALL)
                  GROUP BY ALL)
            SELECT g.*, top_country, top_kinds[1][1] AS top_kind, top_kinds, top_partners
            FROM g JOIN c USING (place_name, lat, lon) JOIN k USING (place_name, lat, lon)
                   LEFT JOIN p USING (place_name, lat, lon)
            ORDER BY n_events DESC, place_name, lat, lon""").df()
        for col in ("top_kinds", "top_partners"):
            df[col] = [[(str(a), int(b)) for a, b in v] if v is not None else [] for v in df[col]]
        return df[PLACE_COLUMNS]

    def arcs(self, limit: int | None = None) -> pd.DataFrame:
        return self._q(f"""SELECT origin_lat, origin_lon, lat, lon, count(*) AS n_events FROM events
            WHERE ({{W}}) AND has_coords AND origin_lat IS NOT NULL AND origin_lon IS NOT NULL
                  AND (origin_lat <> lat OR origin_lon <> lon)
            GROUP BY ALL ORDER BY n_events DESC, origin_lat, origin_lon, lat, lon
            LIMIT {MAX_ARCS if limit is None else int(limit)}""").df()

    def period_counts(self, rows_by: str = "partner country", unit: str | None = None) -> pd.DataFrame:
        if unit is None:
            lo, hi = self._q("SELECT min(start), max(start) FROM events WHERE {W}").fetchone()
            if lo is None:
                return pd.DataFrame(columns=["row", "date_start", "date_end", "n_events"])
            unit = "month" if (hi - lo).days / 365.25 <= MONTHLY_MAX_YEARS else "year"
        row = "kind" if rows_by == "kind" else \
            "unnest(CASE WHEN len(partner_countries) = 0 THEN [''] ELSE list_distinct(partner_countries) END)"
        df = self._q(f"""SELECT row, date_start, date_start + INTERVAL 1 {unit} AS date_end, count(*) AS n_events
            FROM (SELECT {row} AS row, date_trunc('{unit}', start) AS date_start FROM events
                  WHERE ({{W}}) AND start IS NOT NULL) GROUP BY ALL ORDER BY row, date_start""").df()
        df["date_start"] = pd.to_datetime(df["date_start"])
        df["date_end"] = pd.to_datetime(df["date_end"])
        return df

    def events_frame(self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False,
                     full: bool = True) -> pd.DataFrame:
        order = "ORDER BY start DESC NULLS LAST, event_id" if newest_first else ""
        where = "({W}) AND start IS NOT NULL" if dated_only else "{W}"
        lim = f"LIMIT {int(limit)}" if limit is not None else ""
        return _duck_pandas(self._q(f"SELECT * FROM events WHERE {where} {order} {lim}").df())

    def rows(self, limit: int | None = None, newest_first: bool = True, dated_only: bool = False) -> Any:
        order = "ORDER BY start DESC NULLS LAST, event_id" if newest_first else ""
        where = "({W}) AND start IS NOT NULL" if dated_only else "{W}"
        lim = f"LIMIT {int(limit)}" if limit is not None else ""
        import warnings

        import polars as pl

        with warnings.catch_warnings():  # "an extra copy of the rows": 5,000 rows at most
            warnings.simplefilter("ignore", UserWarning)
            table = self._q(f"SELECT {', '.join(TABLE_SOURCE)} FROM events WHERE {where} {order} {lim}").to_arrow_table()
        return pl.from_arrow(table)

    def at_place(self, key: str) -> pd.DataFrame:
        name, coords = key.rsplit("@", 1)
        lat, lon = (float(v) for v in coords.split(","))
        return _duck_pandas(self._q(
            f"SELECT * FROM events WHERE ({{W}}) AND has_coords AND place_name = {_lit(name)}"
            f" AND round(lat, 4) = {lat} AND round(lon, 4) = {lon} ORDER BY start NULLS LAST, event_id").df())


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
            lat IS NOT NULL AND lon IS NOT NULL AS has_coords, false AS is_new FROM read_parquet('{path}')""")
        return cls(con, tables, str(data_dir))

    def __len__(self) -> int:
        return len(self.all())

    def all(self) -> DuckSelection:
        return DuckSelection(self.con)

    def select(self, f: Filters, brush: tuple[dt.date, dt.date] | None = None) -> DuckSelection:
        w, p = ["TRUE"], []
        if not f.include_undated:
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
            w.append("contains(lower(evidence || chr(10) || array_to_string(partners, chr(10)) || chr(10) ||"
                     " array_to_string(kazakh_side, chr(10)) || chr(10) || place_name || chr(10) || origin_name),"
                     " lower(?))")
            p.append(f.text.strip())
        return DuckSelection(self.con, " AND ".join(w), tuple(p)).brushed(brush)

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
        expr = "kind" if color_by == "kind" else "coalesce(nullif(partner_countries[1], ''), 'other')"
        return [r[0] for r in self.con.cursor().execute(
            f"SELECT {expr} AS k, count(*) n FROM events GROUP BY ALL ORDER BY n DESC, k").fetchall()]

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        df = _duck_pandas(self.con.cursor().execute("SELECT * FROM events WHERE event_id = ?", [event_id]).df())
        return None if df.empty else df.iloc[0].to_dict()

    def sources(self, event: dict[str, Any]) -> pd.DataFrame:
        from kzatlas.viz.engine import to_pandas

        return to_pandas(load.event_sources(self.tables, str(event["event_id"])))

    def article(self, article_id: str) -> dict[str, Any] | None:
        return PandasAtlas.article(self, article_id)  # type: ignore[arg-type]

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        return PandasAtlas.titles(self, ids)  # type: ignore[arg-type]


PEERS = {"pandas": PandasAtlas, "duckdb": DuckAtlas}
