"""Write the build's tables atomically and deterministically: rows are formatted
from the schema declaration, converted to a typed Arrow table and validated
(kzatlas.schema, the same check the dashboard runs on load) before anything
touches the output folder, then written twice — as text (CSV or JSONL, for people
and diffs) and as typed Parquet (for the dashboard) — to temporary files beside
their targets and moved into place with os.replace, so a build killed at any
moment leaves the previous files intact. pyarrow is imported here only when a
table is written, so the build's start-up does not pay for it."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

from kzatlas.errors import OutputError
from kzatlas.schema import Table, format_value, to_arrow, validate_arrow

if TYPE_CHECKING:
    import pyarrow as pa

#: Rows per Parquet row group of the articles and event_sources tables: the reader
#: fetches one article's text, or one event's sources, by id (both tables are sorted
#: by it), and Parquet reads whole row groups, skipping those whose id range misses.
ARTICLE_ROW_GROUP = 64
SOURCE_ROW_GROUP = 4096


def table_to_csv(table: Table, rows: Iterable[Mapping[str, object]]) -> str:
    """CSV text of ``rows`` in the schema's column order, values formatted by field type."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow([format_value(f, row.get(f.name)) for f in table.fields])
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
    give the same bytes with the same pyarrow version)."""
    import pyarrow as pa  # noqa: PLC0415 - at write time only
    import pyarrow.parquet as pq  # noqa: PLC0415

    sink = pa.BufferOutputStream()
    pq.write_table(data, sink, compression="zstd", row_group_size=row_group_size)
    return sink.getvalue().to_pybytes()


def validated_files(table: Table, rows: Iterable[Mapping[str, object]]) -> dict[str, str | bytes]:
    """The table's text file and its Parquet copy, ``{filename: contents}``, from
    rows formatted by the schema; raises SchemaError before anything is written."""
    formatted = formatted_rows(table, rows)
    data = to_arrow(table, formatted)
    validate_arrow(table, data)
    text = table_to_jsonl(table, formatted) if table.filename.endswith(".jsonl") else table_to_csv(table, formatted)
    group = ARTICLE_ROW_GROUP if "text" in table.columns else SOURCE_ROW_GROUP if table.name == "event_sources" else None
    return {table.filename: text, table.parquet_filename: table_to_parquet(data, group)}


def write_tables(out_dir: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``{filename: text or bytes}`` into ``out_dir``: all temp files first, then renames."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out_dir}: {exc.strerror or exc}") from None
    temps: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for name, text in sorted(files.items()):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            temps.append((name, Path(tmp)))  # before writing: a failed write is cleaned up too
            data = text.encode("utf-8") if isinstance(text, str) else text
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), mode)  # mkstemp makes 0600 files; the tables are ordinary files
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        _replace_all(out_dir, temps)
    except (OSError, UnicodeError) as exc:
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise OutputError(f"cannot write to {out_dir}: {reason}") from None


def _replace_all(out_dir: Path, temps: list[tuple[str, Path]]) -> None:
    """Move the temp files into place; if one rename fails, put back the files already
    replaced (from hard-link backups), so a failed build leaves the previous set whole
    rather than new articles beside old events. (A SIGKILL between two renames can
    still leave such a mix; each file is complete either way.)"""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for name, _tmp in temps:
            target = out_dir / name
            if target.is_file():
                backup = out_dir / f".{name}.{os.getpid()}.bak"
                backup.unlink(missing_ok=True)
                try:
                    os.link(target, backup)
                except OSError:  # no hard links on this file system: no rollback for it
                    continue
                backups[target] = backup
        try:
            for name, tmp in temps:
                os.replace(tmp, out_dir / name)
                done.append(out_dir / name)
        except OSError:
            for target in done:
                if target in backups:
                    os.replace(backups.pop(target), target)
            raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
