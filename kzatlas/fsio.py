"""Writing files so that a reader never sees half of them: the one atomic-write
helper (a temporary file beside the target, fsync, os.replace), the multi-file
replace a build needs, a manifest that ties one build's files together, and a lock
on an output folder so that two builds never interleave their renames.

The manifest (``manifest.json``, written last and atomically) lists every file of a
build with its size and SHA-256, and a build id that is a hash of that list (no
timestamps: a rebuild of the same input stays byte-identical). A reader checks it
before it loads a folder, and again after: a file replaced in between has a new
inode, so a set that mixes two builds is refused with a message instead of shown.

The lock is ``fcntl.flock`` on ``.kzatlas-build.lock`` in the folder. A second build
waits for it a bounded time, then stops with a message naming the folder. Where
``fcntl`` does not exist (Windows), there is no lock: two builds may still
interleave there, and the manifest check is what keeps the dashboard from showing
the mixed set.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from kzatlas.errors import OutputError, SchemaError

try:  # POSIX only; see the module docstring for what happens without it
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]

MANIFEST_FILE = "manifest.json"
LOCK_FILE = ".kzatlas-build.lock"
MANIFEST_FORMAT = 1
#: How long a second build waits for the first to finish writing the same folder.
LOCK_WAIT_SECONDS = 120.0


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode() -> int:
    """The mode an ordinary ``open(path, "w")`` would give (0644 under the usual
    umask): mkstemp makes 0600 files, which other users and web servers cannot read."""
    return 0o666 & ~_umask()


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    """``data`` in a new temporary file in ``folder`` (flushed and fsynced), ready to
    be renamed over ``name``; removed again when writing fails."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _file_mode())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, newlines untouched) to ``path`` through a
    temporary file in the same folder and os.replace: a reader sees the old file or
    the new one, never half of one. The temporary name starts with a dot and ends in
    .tmp, so the build never takes it for an article. Raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, path.name, _as_bytes(content))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- manifest


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    name: str
    size: int
    sha256: str


def manifest_text(files: Mapping[str, bytes]) -> str:
    """The manifest of a set of files ``{name: content}``: sorted entries and a
    build id derived from them (so the same build gives the same bytes)."""
    entries = [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(files.items())
    ]
    build_id = hashlib.sha256(json.dumps(entries, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    doc = {"format": MANIFEST_FORMAT, "build_id": build_id, "files": entries}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def write_manifest(folder: Path, names: list[str]) -> None:
    """Write the manifest of files already in ``folder`` (test fixtures and tools that
    write tables by hand; a build writes its manifest with :func:`replace_files`)."""
    folder = Path(folder)
    atomic_write(folder / MANIFEST_FILE, manifest_text({n: (folder / n).read_bytes() for n in names}))


@dataclass(frozen=True)
class Snapshot:
    """A folder's manifest as checked: which files it ties together, and the identity
    (device, inode, size, mtime) each had when its hash was checked."""

    folder: Path
    build_id: str
    entries: tuple[ManifestEntry, ...]
    stats: tuple[tuple[int, int, int, int], ...]

    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entries)

    def assert_unchanged(self) -> None:
        """SchemaError when a file was replaced since :func:`check_manifest` (a build
        finished meanwhile): what was read may mix two builds."""
        for entry, before in zip(self.entries, self.stats):
            try:
                now = _identity(self.folder / entry.name)
            except OSError:
                now = None
            if now != before:
                raise SchemaError(
                    f"{entry.name} in {self.folder} was replaced while it was being read (a build finished "
                    "meanwhile); reload to read the new build"
                )


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_manifest(folder: Path) -> tuple[str, tuple[ManifestEntry, ...]]:
    """(build id, entries) of ``folder``'s manifest; SchemaError when it is missing
    or malformed."""
    path = Path(folder) / MANIFEST_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(
            f"{folder} has no {MANIFEST_FILE}: its tables were not written by a complete build "
            "(a build may still be running, or the files were copied in by hand); rebuild the folder"
        ) from None
    except (OSError, ValueError) as exc:
        raise SchemaError(f"{path} cannot be read as a manifest ({exc})") from None
    try:
        entries = tuple(ManifestEntry(str(e["name"]), int(e["size"]), str(e["sha256"])) for e in doc["files"])
        build_id = str(doc["build_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{path} is not a manifest of this version (missing or bad field: {exc})") from None
    for e in entries:
        if Path(e.name).name != e.name or e.name.startswith("."):
            raise SchemaError(f"{path} names a file outside its folder: {e.name!r}")
    return build_id, entries


def check_manifest(folder: Path, required: tuple[str, ...] = ()) -> Snapshot:
    """Check that every file the manifest lists is there with its size and SHA-256,
    and that ``required`` files are among them; SchemaError names the first file that
    differs (a mixed or hand-edited set). Returns the snapshot to re-check after
    reading with :meth:`Snapshot.assert_unchanged`."""
    folder = Path(folder)
    build_id, entries = read_manifest(folder)
    listed = {e.name for e in entries}
    missing = [n for n in required if n not in listed]
    if missing:
        raise SchemaError(f"{folder / MANIFEST_FILE} does not list {', '.join(missing)}; rebuild the folder")
    stats = []
    for e in entries:
        path = folder / e.name
        try:
            before = _identity(path)
        except OSError:
            raise SchemaError(f"{e.name} is missing from {folder} although build {build_id} wrote it; rebuild") from None
        if before[2] != e.size or _sha256_file(path) != e.sha256:
            raise SchemaError(
                f"{e.name} in {folder} is not the file build {build_id} wrote (size or SHA-256 differ): the folder "
                "mixes files of two builds (reload when a running build has finished) or a file was edited by "
                "hand (rebuild it)"
            )
        stats.append(before)
    return Snapshot(folder, build_id, entries, tuple(stats))


# --------------------------------------------------------------------------- a set of files


def replace_files(folder: Path, files: Mapping[str, str | bytes], *, manifest: bool = True) -> None:
    """Write ``{name: content}`` into ``folder`` as one set: every temporary file
    first, then the renames, then (when ``manifest``) the manifest of the set, last.

    If a rename fails, the files already replaced are put back from hard-link
    backups, so a failed write leaves the previous set whole. A SIGKILL between two
    renames can still leave a mix on disk; the manifest, written only after the last
    rename, is what lets a reader refuse such a mix. Raises OutputError.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    temps: list[tuple[str, Path]] = []
    try:
        data = {name: _as_bytes(content) for name, content in files.items()}
        if manifest:
            data[MANIFEST_FILE] = manifest_text({n: b for n, b in data.items() if n != MANIFEST_FILE}).encode()
        for name in sorted(data, key=lambda n: (n == MANIFEST_FILE, n)):  # the manifest is renamed last
            temps.append((name, _write_temp(folder, name, data[name])))
        _rename_all(folder, temps)
    except (OSError, UnicodeError) as exc:
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise OutputError(f"cannot write to {folder}: {reason}") from None


def _rename_all(folder: Path, temps: list[tuple[str, Path]]) -> None:
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for name, _tmp in temps:
            target = folder / name
            if target.is_file():
                backup = folder / f".{name}.{os.getpid()}.bak"
                backup.unlink(missing_ok=True)
                try:
                    os.link(target, backup)
                except OSError:  # no hard links on this file system: no rollback for it
                    continue
                backups[target] = backup
        try:
            for name, tmp in temps:
                os.replace(tmp, folder / name)
                done.append(folder / name)
        except OSError:
            for target in done:
                if target in backups:
                    os.replace(backups.pop(target), target)
            raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


# --------------------------------------------------------------------------- the folder lock


@contextlib.contextmanager
def folder_lock(folder: Path, wait_seconds: float = LOCK_WAIT_SECONDS, poll_seconds: float = 0.1) -> Iterator[None]:
    """Hold the output folder's lock: a second writer waits up to ``wait_seconds``
    for the first, then raises OutputError saying which folder is busy. The lock is
    released when the holder exits, or dies: the kernel drops a dead process's locks.
    Without fcntl (Windows) this does nothing (see the module docstring)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, _file_mode())
    except OSError as exc:
        raise OutputError(f"cannot create the lock file in {folder}: {exc.strerror or exc}") from None
    try:
        if fcntl is not None:
            deadline = time.monotonic() + max(0.0, wait_seconds)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OutputError(
                            f"another build is writing to {folder} (waited {wait_seconds:.0f} s for "
                            f"{LOCK_FILE}); run this build again when it has finished"
                        ) from None
                    time.sleep(poll_seconds)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
