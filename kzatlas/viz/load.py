"""Loading the built data folder for the dashboard: check that its files are the set
one build wrote (the manifest, kzatlas.fsio), read events.csv, articles.jsonl
and event_sources.csv as text, validate them against kzatlas.schema (so a stale or
hand-edited file fails with a message naming the table and columns, not with a
KeyError deep in a chart), then parse list, date, number and boolean fields into
typed columns. Everything returned is a plain, picklable value so that the
Streamlit script can cache it with st.cache_data keyed on the files' mtimes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kzatlas.csvcells import TEXT_MARK, restore
from kzatlas.errors import DataMissingError, SchemaError
from kzatlas.fsio import MANIFEST_FILE, check_manifest
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, LIST_SEP, Table, validate_frame, validate_rows

BUILD_COMMAND = "python -m kzatlas build"

#: Columns the dashboard adds to the events table (never written back by export).
DERIVED_COLUMNS = ("start", "end", "has_coords", "search_text", "is_new", "title")


@dataclass(frozen=True)
class AtlasData:
    """The three tables, typed; ``articles`` is indexed by nothing (look up by column)."""

    events: pd.DataFrame
    articles: pd.DataFrame
    sources: pd.DataFrame
    data_dir: str


def data_signature(data_dir: Path) -> tuple[tuple[str, float, int], ...]:
    """(name, mtime, size) of each table file and of the manifest: a cheap cache key
    that changes on rebuild."""
    sig = []
    for name in (EVENTS.filename, ARTICLES.filename, EVENT_SOURCES.filename, MANIFEST_FILE):
        p = Path(data_dir) / name
        if p.exists():
            st = p.stat()
            sig.append((name, st.st_mtime, st.st_size))
    return tuple(sig)


def _read_csv_frame(path: Path, table: Table) -> pd.DataFrame:
    """A CSV table as text columns exactly as written (no NaN, no type guessing), read
    by pandas' C parser: 100,000 events in well under a second."""
    try:
        frame = pd.read_csv(path, dtype=object, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SchemaError(f"table {table.name!r}: {path.name} cannot be read as CSV ({exc})") from exc
    # Cells the writer neutralised for spreadsheets ('=…, '--06-13) get their text back.
    # Only text fields can hold them (numbers stay numbers); a column is looked at
    # through its first characters (a C-level cast), and only a column with such a
    # cell is mapped, once per distinct value: 100,000 events cost ~0.1 s, not ~0.4 s.
    for f in table.fields:
        if f.type not in ("str", "list") or f.name not in frame.columns:
            continue
        col = frame[f.name]
        if not (col.to_numpy(dtype=object).astype("U1") == TEXT_MARK).any():
            continue
        fixed = {v: restore(v) for v in pd.unique(col) if isinstance(v, str) and v[:1] == TEXT_MARK}
        frame[f.name] = col.map(lambda v: fixed.get(v, v))
    return frame


def _typed_from_text(table: Table, text: pd.DataFrame) -> pd.DataFrame:
    """_typed_frame's types from a frame of text columns, vectorised; repeated values
    (kinds, dates, countries, names) are converted once."""
    data: dict[str, Any] = {}
    text = text.reset_index(drop=True)
    n = len(text)
    for f in table.fields:
        col = text[f.name] if f.name in text.columns else pd.Series([""] * n, dtype=object)
        if f.type == "list":
            uniq = {v: _split_list(v) for v in pd.unique(col)}
            data[f.name] = pd.Series([uniq[v] for v in col.tolist()], dtype=object)
        elif f.type == "float":
            data[f.name] = pd.to_numeric(col.where(col != "", None), errors="coerce").astype(float)
        elif f.type == "int":
            data[f.name] = pd.to_numeric(col.where(col != "", "0"), errors="coerce").fillna(0).astype(int)
        elif f.type == "bool":
            data[f.name] = pd.Series([v.lower() == "true" for v in col.tolist()], dtype=bool)
        else:
            # Equal texts share one object (kinds, dates, names repeat across events).
            shared: dict[str, str] = {}
            data[f.name] = pd.Series([shared.setdefault(v, v) for v in col.tolist()], dtype=object)
    return pd.DataFrame(data, columns=table.columns)


def _article_text_row(obj: dict[str, Any]) -> dict[str, str]:
    """A JSON article object as the text values validate_rows checks."""
    out: dict[str, str] = {}
    for key, value in obj.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, list):
            out[key] = LIST_SEP.join(str(v) for v in value)
        else:
            out[key] = str(value)
    return out


def _read_articles(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    columns: list[str] = []
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
            for key in obj:
                if key not in columns:
                    columns.append(key)
            rows.append(obj)
    if not columns:
        columns = list(ARTICLES.columns)
    return columns, rows


def _split_list(text: Any) -> tuple[str, ...]:
    if isinstance(text, (list, tuple)):
        return tuple(str(v) for v in text if str(v))
    if text is None or text == "":
        return ()
    return tuple(v for v in str(text).split(LIST_SEP) if v)


def _columns_of(table: Table, columns: list[str], rows: Any) -> dict[str, Any]:
    """Column lists from rows given as lists (in ``columns`` order) or as dicts, or
    columns already (a mapping from name to values)."""
    if isinstance(rows, dict):
        n = len(next(iter(rows.values()), ()))
        return {f.name: rows.get(f.name, ("",) * n) for f in table.fields}
    out: dict[str, list[Any]] = {}
    for f in table.fields:
        if rows and isinstance(rows[0], dict):
            out[f.name] = [r.get(f.name, "") for r in rows]
        elif f.name in columns:
            i = columns.index(f.name)
            out[f.name] = [r[i] if i < len(r) else "" for r in rows]
        else:
            out[f.name] = [""] * len(rows)
    return out


def _typed_frame(table: Table, columns: list[str], rows: list[Any]) -> pd.DataFrame:
    """Typed columns per the schema: lists → tuples, float → float (NaN when empty),
    int → int, bool → bool; dates stay ISO text (the events frame gets parsed copies).
    Column-wise conversions: a row loop costs seconds at 100,000 events."""
    # Object dtype on purpose: pandas' Arrow-backed strings are slow to iterate, and the
    # dashboard iterates (exports, labels) more than it runs string kernels.
    data: dict[str, Any] = {}
    for name, values in _columns_of(table, columns, rows).items():
        f = table.field(name)
        # Equal texts share one object: kinds, dates, countries and names repeat across
        # 100,000 events, and one string per cell was most of the loaded size.
        shared: dict[Any, Any] = {}
        values = ["" if v is None else shared.setdefault(v, v) if isinstance(v, str) else v for v in values]
        col = pd.Series(values, dtype=object)
        if f.type == "list":
            split: dict[Any, tuple[str, ...]] = {}
            data[name] = pd.Series(
                [
                    (split[v] if v in split else split.setdefault(v, _split_list(v)))
                    if isinstance(v, str)
                    else _split_list(v)
                    for v in values
                ],
                dtype=object,
            )
        elif f.type == "float":
            data[name] = pd.to_numeric(col.replace("", None), errors="coerce").astype(float)
        elif f.type == "int":
            data[name] = pd.to_numeric(col.replace("", 0), errors="coerce").fillna(0).astype(int)
        elif f.type == "bool":
            data[name] = pd.Series([str(v).lower() == "true" for v in col.tolist()], dtype=bool)
        else:
            data[name] = col if all(isinstance(v, str) for v in values) else col.map(str)
    return pd.DataFrame(data, columns=table.columns)


def _derive_sources(events: pd.DataFrame) -> pd.DataFrame:
    """event_sources from the events' own evidence, when the file is absent (older builds)."""
    rows = [
        {
            "event_id": r.event_id,
            "article_id": r.evidence_article_id,
            "evidence": r.evidence,
            "evidence_start": r.evidence_start,
            "evidence_end": r.evidence_end,
            "language": r.language,
            "date_text": r.date_text,
        }
        for r in events.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=EVENT_SOURCES.columns)


def _joined(col: pd.Series) -> pd.Series:
    return pd.Series(["\n".join(t) for t in col.tolist()], index=col.index, dtype=object)


def enrich_events(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A new events frame with the dashboard's derived columns (see DERIVED_COLUMNS)."""
    out = events.copy()
    out["start"] = pd.to_datetime(out["date_start"].replace("", None), format="%Y-%m-%d", errors="coerce")
    out["end"] = pd.to_datetime(out["date_end"].replace("", None), format="%Y-%m-%d", errors="coerce")
    # An event with only a start is a one-day (or open) period; end = start keeps overlap tests simple.
    out["end"] = out["end"].fillna(out["start"])
    out["has_coords"] = out["lat"].notna() & out["lon"].notna()
    titles = dict(zip(articles["article_id"], articles["title"])) if len(articles) else {}
    out["title"] = pd.Series([titles.get(a, "") for a in out["evidence_article_id"].tolist()], index=out.index, dtype=object)
    # One casefolded haystack per event for the free-text filter (evidence and names).
    out["search_text"] = (
        out["evidence"].astype(str)
        + "\n" + _joined(out["partners"])
        + "\n" + _joined(out["kazakh_side"])
        + "\n" + out["place_name"].astype(str)
        + "\n" + out["origin_name"].astype(str)
    ).map(str.casefold)
    if "is_new" not in out.columns:
        out["is_new"] = False
    return out


def frames_from_rows(
    events_rows: list[dict[str, Any]],
    article_rows: list[dict[str, Any]],
    source_rows: list[dict[str, Any]] | None,
    data_dir: str = "",
) -> AtlasData:
    """Validate text rows and build the typed AtlasData (also used for uploads)."""
    validate_rows(EVENTS, EVENTS.columns if not events_rows else list(events_rows[0].keys()), events_rows)
    art_text = [_article_text_row(a) for a in article_rows]
    validate_rows(ARTICLES, ARTICLES.columns if not art_text else list(art_text[0].keys()), art_text)
    events = _typed_frame(EVENTS, EVENTS.columns, events_rows)
    articles = _typed_frame(ARTICLES, ARTICLES.columns, [dict(a) for a in article_rows])
    if source_rows is None:
        sources = _derive_sources(events)
    else:
        validate_rows(EVENT_SOURCES, EVENT_SOURCES.columns if not source_rows else list(source_rows[0].keys()), source_rows)
        sources = _typed_frame(EVENT_SOURCES, EVENT_SOURCES.columns, source_rows)
    return AtlasData(enrich_events(events, articles), articles, sources, data_dir)


def load_data(data_dir: Path) -> AtlasData:
    """Read and validate the data folder.

    Raises DataMissingError (with the build command) when events.csv or
    articles.jsonl is absent, SchemaError when a table does not match its schema or
    the folder's files are not the set one build wrote (kzatlas.fsio's manifest:
    checked before reading, and again after, in case a build finished meanwhile).
    """
    data_dir = Path(data_dir)
    events_path = data_dir / EVENTS.filename
    articles_path = data_dir / ARTICLES.filename
    sources_path = data_dir / EVENT_SOURCES.filename
    missing = [p.name for p in (events_path, articles_path) if not p.exists()]
    if missing:
        raise DataMissingError(
            f"No built data in {data_dir} (missing {', '.join(missing)}). Build it with: {BUILD_COMMAND}"
        )
    snapshot = check_manifest(data_dir, required=(EVENTS.filename, ARTICLES.filename))
    ev_text = _read_csv_frame(events_path, EVENTS)
    validate_frame(EVENTS, ev_text)
    art_cols, art_rows = _read_articles(articles_path)
    validate_rows(ARTICLES, art_cols, [_article_text_row(a) for a in art_rows])
    src_text = None
    if sources_path.exists():
        src_text = _read_csv_frame(sources_path, EVENT_SOURCES)
        validate_frame(EVENT_SOURCES, src_text)
    events = _typed_from_text(EVENTS, ev_text)
    del ev_text  # the text frame is the biggest transient; free it before enriching
    articles = _typed_frame(ARTICLES, art_cols, art_rows)
    del art_rows
    sources = _derive_sources(events) if src_text is None else _typed_from_text(EVENT_SOURCES, src_text)
    snapshot.assert_unchanged()
    return AtlasData(enrich_events(events, articles), articles, sources, str(data_dir))


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


def article_by_id(articles: pd.DataFrame, article_id: str) -> dict[str, Any] | None:
    """One article as a dict, or None."""
    hit = articles[articles["article_id"] == article_id]
    if hit.empty:
        return None
    return hit.iloc[0].to_dict()


def event_by_id(events: pd.DataFrame, event_id: str) -> dict[str, Any] | None:
    """One event as a dict, or None for an unknown id."""
    if not event_id:
        return None
    hit = events[events["event_id"] == event_id]
    if hit.empty:
        return None
    return hit.iloc[0].to_dict()


def sources_for_event(sources: pd.DataFrame, event: dict[str, Any]) -> pd.DataFrame:
    """The event's source rows, the event's own evidence article first."""
    rows = sources[sources["event_id"] == event["event_id"]].copy()
    if rows.empty:
        rows = _derive_sources(pd.DataFrame([event]))
    rows["_own"] = rows["article_id"] != event.get("evidence_article_id")
    return rows.sort_values(["_own", "article_id"]).drop(columns="_own").reset_index(drop=True)


def merge_uploads(data: AtlasData, upload: AtlasData) -> tuple[AtlasData, int]:
    """The atlas plus uploaded events marked ``is_new``; (merged, number of uploaded
    events dropped because the atlas already holds an event with the same id)."""
    known = set(data.events["event_id"])
    new_events = upload.events[~upload.events["event_id"].isin(known)].assign(is_new=True)
    dropped = len(upload.events) - len(new_events)
    known_articles = set(data.articles["article_id"])
    new_articles = upload.articles[~upload.articles["article_id"].isin(known_articles)]
    new_sources = upload.sources[upload.sources["event_id"].isin(set(new_events["event_id"]))]
    merged = AtlasData(
        pd.concat([data.events, new_events], ignore_index=True),
        pd.concat([data.articles, new_articles], ignore_index=True),
        pd.concat([data.sources, new_sources], ignore_index=True),
        data.data_dir,
    )
    return merged, dropped
