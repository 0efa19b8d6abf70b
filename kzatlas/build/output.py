"""Write the build's tables atomically and deterministically: rows are formatted
from the schema declaration, validated before anything touches the output folder,
and written as one set with a manifest under the folder's lock (kzatlas.fsio), so a
build killed at any moment leaves the previous files intact and two builds into one
folder never leave a mix that a reader accepts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable, Mapping

from kzatlas.csvcells import neutralise
from kzatlas.fsio import LOCK_WAIT_SECONDS, folder_lock, replace_files
from kzatlas.schema import Table, format_value, validate_rows


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


def write_tables(out_dir: Path, files: dict[str, str], lock_wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
    """Write ``{filename: text}`` into ``out_dir`` as one set with its manifest (see
    kzatlas.fsio.replace_files), holding the folder's lock so that a second build
    into the same folder waits (up to ``lock_wait_seconds``) instead of interleaving
    its renames with ours."""
    with folder_lock(out_dir, lock_wait_seconds):
        replace_files(out_dir, files)


def validated_csv(table: Table, rows: list[Mapping[str, object]]) -> str:
    formatted = formatted_rows(table, rows)
    validate_rows(table, table.columns, formatted)
    return table_to_csv(table, formatted)


def validated_jsonl(table: Table, rows: list[Mapping[str, object]]) -> str:
    formatted = formatted_rows(table, rows)
    validate_rows(table, table.columns, formatted)
    return table_to_jsonl(table, formatted)
