"""Write the build's tables atomically and deterministically: rows are formatted
from the schema declaration and validated (kzatlas.schema) before anything touches
the output folder, then written as text (CSV or JSONL, for people and diffs) and,
for builds large enough that it pays off (PARQUET_MIN_EVENTS), also as typed
Parquet for the dashboard (converted to Arrow and checked by validate_arrow, the
check the dashboard runs on load) — as one set with a manifest under the folder's
lock (kzatlas.fsio), so a build killed at any moment leaves the previous files
intact and two builds into one folder never leave a mix that a reader accepts. The
dashboard reads the same data either way: without Parquet copies it converts the
text files through the same schema. pyarrow is imported only for Parquet copies, so
a small build's start-up does not pay for it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

from kzatlas.csvcells import neutralise
from kzatlas.fsio import LOCK_WAIT_SECONDS, folder_lock, replace_files
from kzatlas.schema import Table, format_value, to_arrow, validate_arrow, validate_rows

if TYPE_CHECKING:
    import pyarrow as pa

#: Rows per Parquet row group of the articles and event_sources tables: the reader
#: fetches one article's text, or one event's sources, by id (both tables are sorted
#: by it), and Parquet reads whole row groups, skipping those whose id range misses.
ARTICLE_ROW_GROUP = 64
SOURCE_ROW_GROUP = 4096
#: Builds with at least this many events also write typed Parquet copies. Below it
#: the dashboard's reading of the text files costs less than importing pyarrow costs
#: the build (measured on this project's machine: 1,000 synthetic events load from
#: CSV/JSONL in 0.03 s against 0.02 s from Parquet, 3,000 in 0.13 against 0.01;
#: importing pyarrow adds about 0.07 s and 50 MB to a build of one article).
PARQUET_MIN_EVENTS = 1000


def table_to_csv(table: Table, rows: Iterable[Mapping[str, object]]) -> str:
    """CSV text of ``rows`` in the schema's column order, values formatted by field
    type, formula-like cells neutralised for spreadsheets (kzatlas.csvcells)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow([neutralise(format_value(f, row.get(f.name))) for f in table.fields])
    return buf.getvalue()


def table_to_jsonl(table: Table, rows: Iterable[Mapping[str, object]]) -> str:
    lines = []
    for row in rows:
        obj = {f.name: format_value(f, row.get(f.name)) for f in table.fields}
        lines.append(json.dumps(obj, ensure_ascii=False, sort_keys=False))
    return "\n".join(lines) + ("\n" if lines else "")


def formatted_rows(table: Table, rows: Iterable[Mapping[str, object]]) -> list[dict[str, str]]:
    return [{f.name: format_value(f, row.get(f.name)) for f in table.fields} for row in rows]


def table_to_parquet(data: "pa.Table", row_group_size: int | None = None) -> bytes:
    """Parquet bytes of a typed table: zstd-compressed, no timestamps (the same rows
    give the same bytes with the same pyarrow version). Values are the real ones:
    the spreadsheet escape (kzatlas.csvcells) belongs to the CSV text only."""
    import pyarrow as pa  # noqa: PLC0415 - at write time only
    import pyarrow.parquet as pq  # noqa: PLC0415

    sink = pa.BufferOutputStream()
    pq.write_table(data, sink, compression="zstd", row_group_size=row_group_size)
    return sink.getvalue().to_pybytes()


def validated_files(table: Table, rows: Iterable[Mapping[str, object]], parquet: bool = True) -> dict[str, str | bytes]:
    """The table's text file and (with ``parquet``) its Parquet copy,
    ``{filename: contents}``, from rows formatted by the schema; raises SchemaError
    before anything is written."""
    formatted = formatted_rows(table, rows)
    text = table_to_jsonl(table, formatted) if table.filename.endswith(".jsonl") else table_to_csv(table, formatted)
    if not parquet:
        validate_rows(table, table.columns, formatted)
        return {table.filename: text}
    data = to_arrow(table, formatted)
    validate_arrow(table, data)
    group = ARTICLE_ROW_GROUP if "text" in table.columns else SOURCE_ROW_GROUP if table.name == "event_sources" else None
    return {table.filename: text, table.parquet_filename: table_to_parquet(data, group)}


def write_tables(
    out_dir: Path, files: Mapping[str, str | bytes], lock_wait_seconds: float = LOCK_WAIT_SECONDS,
    stale: Iterable[str] = (),
) -> None:
    """Write ``{filename: text or bytes}`` into ``out_dir`` as one set with its manifest (see
    kzatlas.fsio.replace_files), holding the folder's lock so that a second build
    into the same folder waits (up to ``lock_wait_seconds``) instead of interleaving
    its renames with ours. ``stale`` names files an earlier build may have left that
    this set has no copy of (Parquet copies of a larger build): removed once the new
    set and its manifest are in place, so nothing unlisted is left to mislead a
    person (readers already go by the manifest)."""
    with folder_lock(out_dir, lock_wait_seconds):
        replace_files(out_dir, files)
        for name in stale:
            if name not in files:
                (Path(out_dir) / name).unlink(missing_ok=True)
