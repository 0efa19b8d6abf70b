"""Loading the built data folder for the dashboard: the typed Parquet copies the
build writes (events.parquet, articles.parquet, event_sources.parquet) are read
into Polars frames and checked with kzatlas.schema's one validator, so a stale or
hand-edited file fails with a message naming the table and columns, not with a
KeyError deep in a chart; the search's alias table (search_names.csv) is read
with them when the build wrote one. Only what the page filters, counts and draws is held in
memory (EVENT_HOT); the rest of an event's row, the event's sources and article
texts are read when the reader or a download needs them (``event_rows``,
``event_sources``, ``article_text``: Parquet row groups found by the ids'
statistics). Columns left on disk are checked by name and type at load and by
value when read. Before anything is read the folder's manifest (kzatlas.fsio) must
show that its files are the set one build wrote; every later read checks that no
file was replaced since (a rebuild finished meanwhile), so what is shown never
mixes two builds. A folder without Parquet (a build under 1,000 events, see
kzatlas.build.output.PARQUET_MIN_EVENTS; an older build; a hand-made fixture) is read
from its CSV/JSONL files through the same typed conversion and validator. Everything returned is immutable, so the Streamlit
script can cache one copy for all sessions, keyed on the files' mtimes.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import polars as pl

from kzatlas.csvcells import TEXT_MARK, restore
from kzatlas.errors import DataMissingError, SchemaError
from kzatlas.fsio import MANIFEST_FILE, Snapshot, check_manifest
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, SEARCH_NAMES, Table, arrow_schema, to_arrow, validate_arrow

BUILD_COMMAND = "python -m kzatlas build"

#: The articles' columns kept in memory: everything but the text.
ARTICLE_META = tuple(c for c in ARTICLES.columns if c != "text")
#: Event columns read only for one event (the reader) or a download: provenance
#: and offsets. The others (EVENT_HOT) are what filters, counts, the map, the
#: time control and the table use, and stay in memory: among them country_code (a
#: map point is a city of a country) and the party ids (a search finds an
#: institution by any of its names through its gazetteer id).
EVENT_COLD = (
    "date_basis", "date_text", "kazakh_side_grounding", "partner_grounding", "place_basis", "geo_source",
    "evidence_article_id", "evidence_start", "evidence_end", "confidence",
)
EVENT_HOT = tuple(c for c in EVENTS.columns if c not in EVENT_COLD)


@dataclass(frozen=True)
class Tables:
    """The three tables, typed per the schema: ``events`` with the EVENT_HOT columns
    and ``articles`` without the text; full event rows, sources and texts come from
    the Parquet files, or from memory (``full_events``, ``sources``, ``texts``) for
    uploads and folders without Parquet."""

    events: pl.DataFrame
    articles: pl.DataFrame
    sources: pl.DataFrame | None  # None: read per event from ``sources_parquet``
    data_dir: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)
    articles_parquet: str = ""  # where the texts are read from, when not in ``texts``
    sources_parquet: str = ""
    extra_sources: pl.DataFrame | None = None  # uploaded sources beside those on disk
    events_parquet: str = ""
    full_events: pl.DataFrame | None = None  # full rows held in memory (no Parquet, uploads)
    snapshot: Snapshot | None = None  # the manifest as checked at load (None: uploads)
    #: The search's alias table (kzatlas.viz.search); None when the folder has none
    #: (an older build) or uploads were merged: the search then uses the whole index.
    search_names: pl.DataFrame | None = None

    def assert_unchanged(self) -> None:
        """SchemaError when a file of the folder was replaced since it was loaded."""
        if self.snapshot is not None:
            self.snapshot.assert_unchanged()


def data_signature(data_dir: Path) -> tuple[tuple[str, float, int], ...]:
    """(name, mtime, size) of each table file and of the manifest: a cheap cache key
    that changes on rebuild."""
    sig = []
    names = [n for t in (EVENTS, ARTICLES, EVENT_SOURCES, SEARCH_NAMES) for n in (t.filename, t.parquet_filename)]
    for name in (*names, MANIFEST_FILE):
        p = Path(data_dir) / name
        if p.exists():
            st = p.stat()
            sig.append((name, st.st_mtime, st.st_size))
    return tuple(sig)


def _parquet_of(data_dir: Path, table: Table, snapshot: Snapshot) -> Path | None:
    """The table's Parquet copy when the build that wrote the folder wrote one (the
    manifest ties it to the text file beside it), else None: read the text file."""
    return data_dir / table.parquet_filename if table.parquet_filename in snapshot.names() else None


def _read_parquet(path: Path, table: Table, columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path, columns=list(columns) if columns else None)
    except Exception as exc:  # noqa: BLE001 - polars raises several kinds for a damaged file
        raise SchemaError(f"table {table.name!r}: {path.name} cannot be read as Parquet ({exc})") from exc
    if columns:
        check_parquet_schema(path, table, columns)
    return frame


def check_parquet_schema(path: Path, table: Table, read: tuple[str, ...] = ()) -> None:
    """SchemaError unless the Parquet file has the table's columns with their types,
    from its footer alone: columns left on disk are checked by name and type (their
    values when read); those in ``read`` are left to the validator."""
    try:
        file_schema = pl.read_parquet_schema(path)
    except Exception as exc:  # noqa: BLE001 - polars raises several kinds for a damaged file
        raise SchemaError(f"table {table.name!r}: {path.name} cannot be read as Parquet ({exc})") from exc
    expected = pl.from_arrow(arrow_schema(table).empty_table()).schema  # type: ignore[union-attr]
    missing = [c for c in table.columns if c not in file_schema]
    if missing:
        raise SchemaError(f"table {table.name!r}: missing columns {missing}, unexpected columns []")
    wrong = [f"{c} is {file_schema[c]}, not {expected[c]}" for c in table.columns
             if c not in read and file_schema[c] != expected[c]]
    if wrong:
        raise SchemaError(f"table {table.name!r}: wrong column types: " + "; ".join(wrong))


def _validated(table: Table, frame: pl.DataFrame, columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The frame after schema.validate_arrow (zero-copy view of the Polars columns),
    with the schema's column order."""
    if columns:
        subset = Table(table.name, table.filename, table.meaning, tuple(f for f in table.fields if f.name in columns))
        validate_arrow(subset, frame.to_arrow(compat_level=pl.CompatLevel.newest()))
        return frame.select(list(subset.columns))
    validate_arrow(table, frame.to_arrow(compat_level=pl.CompatLevel.newest()))
    return frame.select(table.columns)


def _read_csv(path: Path, table: Table) -> pl.DataFrame:
    """A CSV table through the build's typed conversion, its cells as written
    except the spreadsheet escape (kzatlas.csvcells), which is undone."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None) or []
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SchemaError(f"table {table.name!r}: {path.name} cannot be read as CSV ({exc})") from exc
    columns = {
        name: [restore(c) if c[:1] == TEXT_MARK else c for c in (r[i] if i < len(r) else "" for r in rows)]
        for i, name in enumerate(header)
    }
    data = to_arrow(table, columns)
    validate_arrow(table, data)
    return pl.from_arrow(data)  # type: ignore[return-value]


def _json_text(value: Any) -> Any:
    """A JSON article value in the text form the files hold (lists and numbers kept)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _read_jsonl(path: Path) -> pl.DataFrame:
    rows: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SchemaError(f"table 'articles': line {lineno} of {path.name} is not JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise SchemaError(f"table 'articles': line {lineno} of {path.name} is not a JSON object")
            rows.append({k: _json_text(v) for k, v in obj.items()})
    return frame_from_rows(ARTICLES, rows)


def frame_from_rows(table: Table, rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Text rows (as the build and the files hold them) → a validated, typed frame."""
    if rows:
        keys = list(dict.fromkeys(k for r in rows for k in r))
        columns = {k: [r.get(k, "") for r in rows] for k in keys}
        data = to_arrow(table, columns)
    else:
        data = arrow_schema(table).empty_table()
    validate_arrow(table, data)
    return pl.from_arrow(data)  # type: ignore[return-value]


def tables_from_rows(
    events: list[Mapping[str, Any]],
    articles: list[Mapping[str, Any]],
    sources: list[Mapping[str, Any]] | None,
    data_dir: str = "",
) -> Tables:
    """Validated Tables from text rows (uploads), texts kept in memory."""
    ev = frame_from_rows(EVENTS, events)
    art = frame_from_rows(ARTICLES, [{k: _json_text(v) for k, v in a.items()} for a in articles])
    src = derive_sources(ev) if sources is None else frame_from_rows(EVENT_SOURCES, sources)
    texts = dict(zip(art["article_id"].to_list(), art["text"].to_list()))
    return Tables(ev.select(EVENT_HOT), art.select(ARTICLE_META), src, data_dir, texts, full_events=ev)


def derive_sources(events: pl.DataFrame) -> pl.DataFrame:
    """event_sources from the events' own evidence, when the file is absent (older builds)."""
    return events.select(
        "event_id",
        pl.col("evidence_article_id").alias("article_id"),
        "evidence",
        "evidence_start",
        "evidence_end",
        "language",
        "date_text",
    )


def load_tables(data_dir: Path) -> Tables:
    """Read and validate the data folder.

    Raises DataMissingError (with the build command) when the events or the
    articles are absent, SchemaError when a table does not match its schema.
    """
    data_dir = Path(data_dir)
    found = {
        t.name: (data_dir / t.parquet_filename).is_file() or (data_dir / t.filename).is_file()
        for t in (EVENTS, ARTICLES)
    }
    missing = [t.filename for t in (EVENTS, ARTICLES) if not found[t.name]]
    if missing:
        raise DataMissingError(
            f"No built data in {data_dir} (missing {', '.join(missing)}). Build it with: {BUILD_COMMAND}"
        )
    snapshot = check_manifest(data_dir, required=(EVENTS.filename, ARTICLES.filename))
    pq_events = _parquet_of(data_dir, EVENTS, snapshot)
    full_events: pl.DataFrame | None = None
    if pq_events:
        events = _validated(EVENTS, _read_parquet(pq_events, EVENTS, EVENT_HOT), EVENT_HOT)
    else:
        full_events = _read_csv(data_dir / EVENTS.filename, EVENTS)
        events = full_events.select(EVENT_HOT)

    p = _parquet_of(data_dir, ARTICLES, snapshot)
    texts: dict[str, str] = {}
    if p:
        articles = _validated(ARTICLES, _read_parquet(p, ARTICLES, ARTICLE_META), ARTICLE_META)
    else:
        full = _read_jsonl(data_dir / ARTICLES.filename)
        texts = dict(zip(full["article_id"].to_list(), full["text"].to_list()))
        articles = full.select(ARTICLE_META)

    # The sources repeat every evidence sentence: read per event when the reader opens one.
    pq_sources = _parquet_of(data_dir, EVENT_SOURCES, snapshot)
    sources: pl.DataFrame | None = None
    if pq_sources:
        # Its footer only: reading a column to see that it can be read held 120,000
        # ids in memory for nothing.
        check_parquet_schema(pq_sources, EVENT_SOURCES)
    elif EVENT_SOURCES.filename in snapshot.names():
        sources = _read_csv(data_dir / EVENT_SOURCES.filename, EVENT_SOURCES)
    else:
        sources = derive_sources(full_events if full_events is not None else event_rows_from(pq_events, None))
    search_names = _read_search_names(data_dir, snapshot)
    snapshot.assert_unchanged()
    return Tables(
        events, articles, sources, str(data_dir), texts,
        str(p) if p else "", str(pq_sources) if pq_sources else "",
        events_parquet=str(pq_events) if pq_events else "", full_events=full_events, snapshot=snapshot,
        search_names=search_names,
    )


def _read_search_names(data_dir: Path, snapshot: Snapshot) -> pl.DataFrame | None:
    """The search's alias table when the build wrote one (the manifest lists it),
    else None (a build from before it existed)."""
    pq = _parquet_of(data_dir, SEARCH_NAMES, snapshot)
    if pq:
        return _validated(SEARCH_NAMES, _read_parquet(pq, SEARCH_NAMES))
    if SEARCH_NAMES.filename in snapshot.names():
        return _read_csv(data_dir / SEARCH_NAMES.filename, SEARCH_NAMES)
    return None


def event_rows_from(path: Path | str | None, event_ids: list[str] | None) -> pl.DataFrame:
    """Full, validated events rows from a Parquet file (all of them for None)."""
    try:
        lf = pl.scan_parquet(path)  # type: ignore[arg-type]
        if event_ids is not None:
            lf = lf.filter(pl.col("event_id").is_in(event_ids))
        rows = lf.collect()
    except Exception as exc:  # noqa: BLE001 - a file replaced or removed since loading
        raise SchemaError(f"table 'events': cannot read {path} ({exc})") from exc
    return _validated(EVENTS, rows)


def event_rows(tables: Tables, event_ids: list[str]) -> pl.DataFrame:
    """The full rows (every EVENTS column) of the given events, as stored."""
    parts = []
    if tables.events_parquet:
        parts.append(event_rows_from(tables.events_parquet, event_ids))
        tables.assert_unchanged()
    if tables.full_events is not None:
        parts.append(tables.full_events.filter(pl.col("event_id").is_in(event_ids)))
    if not parts:
        return pl.from_arrow(arrow_schema(EVENTS).empty_table())  # type: ignore[return-value]
    return pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]


def event_sources(tables: Tables, event_id: str) -> pl.DataFrame:
    """The event_sources rows of one event (read from Parquet when not in memory)."""
    return event_sources_of(tables, [event_id])


def event_sources_of(tables: Tables, event_ids: list[str]) -> pl.DataFrame:
    """The event_sources rows of the given events (a story's export reads them at once)."""
    wanted = pl.col("event_id").is_in(event_ids)
    if tables.sources is not None:
        return tables.sources.filter(wanted)
    try:
        rows = pl.scan_parquet(tables.sources_parquet).filter(wanted).collect()
    except Exception as exc:  # noqa: BLE001 - a file replaced or removed since loading
        raise SchemaError(f"table 'event_sources': cannot read {tables.sources_parquet} ({exc})") from exc
    rows = _validated(EVENT_SOURCES, rows)
    tables.assert_unchanged()
    if tables.extra_sources is not None:
        rows = pl.concat([rows, tables.extra_sources.filter(wanted)], how="vertical")
    return rows


def article_text(tables: Tables, article_id: str) -> str | None:
    """One article's full text, read when the reader opens it; None when unknown."""
    if article_id in tables.texts:
        return tables.texts[article_id]
    if not tables.articles_parquet:
        return None
    try:
        hit = (
            pl.scan_parquet(tables.articles_parquet)
            .filter(pl.col("article_id") == article_id)
            .select("text")
            .collect()
        )
    except Exception:  # noqa: BLE001 - a file replaced or removed since loading: no text, no traceback
        return None
    tables.assert_unchanged()
    return str(hit["text"][0]) if hit.height else None


def load_world(path: Path) -> dict[str, Any] | None:
    """The country-outline FeatureCollection, or None when absent or unreadable
    (the map then relies on the online basemap alone)."""
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        return None
    return obj
