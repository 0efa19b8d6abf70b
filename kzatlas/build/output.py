"""Write the build's tables atomically and deterministically: rows are formatted
from the schema declaration, validated before anything touches the output folder,
written to temporary files beside their targets and moved into place with
os.replace, so a build killed at any moment leaves the previous files intact."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from kzatlas.errors import OutputError
from kzatlas.schema import Table, format_value, validate_rows


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


def write_tables(out_dir: Path, files: dict[str, str]) -> None:
    """Write ``{filename: text}`` into ``out_dir``: all temp files first, then renames."""
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
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                os.fchmod(fh.fileno(), mode)  # mkstemp makes 0600 files; the tables are ordinary files
                fh.write(text)
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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write one file via a temporary file in the same folder and os.replace, so a
    reader running meanwhile (a build, another dashboard session) never sees half a
    file; text is written as UTF-8 with ``\n`` line ends."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600 files
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def validated_csv(table: Table, rows: list[Mapping[str, object]]) -> str:
    formatted = formatted_rows(table, rows)
    validate_rows(table, table.columns, formatted)
    return table_to_csv(table, formatted)


def validated_jsonl(table: Table, rows: list[Mapping[str, object]]) -> str:
    formatted = formatted_rows(table, rows)
    validate_rows(table, table.columns, formatted)
    return table_to_jsonl(table, formatted)
