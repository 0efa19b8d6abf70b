"""Articles uploaded in the dashboard, run through the build's pipeline under a
budget, because on a public server every upload is someone else's input:

- a session may upload at most ``session_files`` files and ``session_bytes`` bytes
  (a file already uploaded in the session is not counted twice), each file at most
  ``file_bytes``; a refused file gets a message naming the limit and the variable
  that changes it;
- each file is converted and its events extracted in a worker process that is
  killed when the file takes longer than ``seconds_per_file`` of wall-clock time, so
  a crafted page costs at most that much CPU and never blocks the server's threads;
- at most ``MAX_WORKERS`` such workers run at a time in the whole server.

The worker is a plain ``python -m kzatlas.build.uploads`` subprocess talking
length-prefixed pickles over its stdin/stdout: multiprocessing's spawn would re-run
the Streamlit script in the child (Streamlit installs the script as ``__main__``),
and fork from a server with many threads is unsafe. Its start-up (imports, the
gazetteer, the place index: about a second) is not charged to any file.

Everything a session uploaded is kept in an immutable :class:`UploadSession`
(articles and their extracted events), so each batch is merged with the earlier
ones by the build's own merge (:func:`kzatlas.build.pipeline.assemble`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import re
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Mapping, Sequence

from kzatlas import paths
from kzatlas.errors import AtlasError, ConfigError
from kzatlas.models import Article

if TYPE_CHECKING:  # the extractor is imported when an upload is processed, not with the dashboard
    from kzatlas.extract.events import Extraction

#: Uploads are articles, not archives: a few megabytes at most. Keep it equal to
#: ``server.maxUploadSize`` in .streamlit/config.toml, which refuses larger files
#: before they reach the script.
MAX_FILE_BYTES = 2_000_000
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Upload workers running at once in the whole server: one core stays for the server.
MAX_WORKERS = max(1, (os.cpu_count() or 1) - 1)

ENV_SECONDS = "KZATLAS_UPLOAD_SECONDS"
ENV_MAX_FILES = "KZATLAS_UPLOAD_MAX_FILES"
ENV_MAX_MB = "KZATLAS_UPLOAD_MAX_MB"

_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)


@dataclass(frozen=True)
class UploadLimits:
    """The budget of one dashboard session's uploads."""

    seconds_per_file: float = 10.0
    session_files: int = 150
    session_bytes: int = 20_000_000
    file_bytes: int = MAX_FILE_BYTES
    #: Starting a worker (imports and curated data), not charged to a file.
    start_seconds: float = 60.0
    #: How long a batch waits for a free worker before it is refused.
    slot_wait_seconds: float = 60.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "UploadLimits":
        """The defaults, changed by KZATLAS_UPLOAD_SECONDS (per file),
        KZATLAS_UPLOAD_MAX_FILES and KZATLAS_UPLOAD_MAX_MB (per session); ConfigError
        names a variable whose value is not a positive number."""
        env = os.environ if environ is None else environ
        limits = cls()

        def number(name: str, kind: type) -> Any:
            raw = env.get(name, "").strip()
            if not raw:
                return None
            try:
                value = kind(raw)
            except ValueError:
                value = None
            if value is None or not value > 0:
                raise ConfigError(f"{name}={raw!r}: expected a positive {'whole ' if kind is int else ''}number")
            return value

        seconds = number(ENV_SECONDS, float)
        files = number(ENV_MAX_FILES, int)
        megabytes = number(ENV_MAX_MB, float)
        return replace(
            limits,
            seconds_per_file=seconds if seconds is not None else limits.seconds_per_file,
            session_files=files if files is not None else limits.session_files,
            session_bytes=int(megabytes * 1_000_000) if megabytes is not None else limits.session_bytes,
        )


@dataclass(frozen=True)
class UploadedArticle:
    """One uploaded file that became an article, with what was extracted from it."""

    name: str
    digest: str  # SHA-256 of the uploaded bytes
    size: int
    article: Article
    found: Extraction | None  # the events and relations extracted, None when the extractor failed
    error: str | None  # the extractor's error, reported like a build's


@dataclass(frozen=True)
class UploadSession:
    """Everything one dashboard session uploaded so far (kept in st.session_state)."""

    articles: tuple[UploadedArticle, ...] = ()
    #: Distinct files admitted (whether or not they became articles) and their bytes.
    files_used: int = 0
    bytes_used: int = 0
    digests: frozenset[str] = field(default_factory=frozenset)

    def without_articles(self) -> "UploadSession":
        """The session after its uploaded events were removed: the files it used
        still count against its limits."""
        return replace(self, articles=())


@dataclass
class UploadResult:
    """The session's uploads as text rows (the build's forms), the report of this
    batch (refused files under ``skipped``), and the new session."""

    events: list[dict[str, str]]
    articles: list[dict[str, str]]
    sources: list[dict[str, str]]
    report: dict
    session: UploadSession


def article_id_for(name: str, digest: str) -> str:
    """``upload-<stem>-<8 hex digits of the content>``: two files with one name but
    different texts get different ids, so the reader never shows the wrong one."""
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem, flags=re.UNICODE).strip("._")[:60] or "article"
    return f"upload-{stem}-{digest[:8]}"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def admit(
    files: Sequence[tuple[str, bytes]], session: UploadSession, limits: UploadLimits
) -> tuple[list[tuple[str, bytes, str]], list[dict[str, str]], UploadSession]:
    """Which files may be processed: (admitted as (name, data, digest), refused as
    {file, reason}, the session with the admitted files counted)."""
    admitted: list[tuple[str, bytes, str]] = []
    refused: list[dict[str, str]] = []
    files_used, bytes_used, digests = session.files_used, session.bytes_used, set(session.digests)
    for name, data in files:
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            refused.append({"file": name, "reason": f"type {suffix or '(none)'} not accepted "
                                                    f"({', '.join(UPLOAD_SUFFIXES)})"})
            continue
        if len(data) > limits.file_bytes:
            refused.append({"file": name, "reason": f"larger than {limits.file_bytes:,} bytes"})
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in digests:
            continue  # already uploaded in this session (the uploader sends every file again)
        if files_used >= limits.session_files:
            refused.append({"file": name, "reason": (
                f"this session has already uploaded {files_used} files, the limit per session "
                f"({ENV_MAX_FILES}); reload the page to start a new session")})
            continue
        if bytes_used + len(data) > limits.session_bytes:
            refused.append({"file": name, "reason": (
                f"it would take this session's uploads over {_mb(limits.session_bytes)} "
                f"({ENV_MAX_MB}); {_mb(bytes_used)} used so far")})
            continue
        files_used += 1
        bytes_used += len(data)
        digests.add(digest)
        admitted.append((name, data, digest))
    return admitted, refused, replace(session, files_used=files_used, bytes_used=bytes_used,
                                      digests=frozenset(digests))


# --------------------------------------------------------------------------- the worker


def _convert(name: str, data: bytes, article_id: str) -> Article:
    """An uploaded file as an Article, as the build reads a seed file."""
    from kzatlas.build.articles import article_from_file

    return article_from_file(data, rel=name, article_id=article_id)


def _write_frame(stream: IO[bytes], obj: object) -> None:
    blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(blob)) + blob)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> object:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the worker closed its output")
    (size,) = struct.unpack(">Q", head)
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError("the worker closed its output mid-answer")
    return pickle.loads(blob)  # noqa: S301 - our own child process, not user data


def serve(curated_dir: Path, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker's loop: ('ready',), then for each (name, data, article_id) request
    ('ok', article, events, error) or ('refused', reason); stops at end of input."""
    from kzatlas.build.pipeline import extract_one, make_context

    ctx = make_context(curated_dir)
    _write_frame(stdout, ("ready",))
    while True:
        try:
            name, data, article_id = _read_frame(stdin)  # type: ignore[misc]
        except EOFError:
            return
        try:
            article = _convert(name, data, article_id)
        except AtlasError as exc:
            _write_frame(stdout, ("refused", str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - an odd file gets a message, the worker goes on
            _write_frame(stdout, ("refused", f"{type(exc).__name__}: {exc}"[:300]))
            continue
        found, error = extract_one(article, ctx)
        _write_frame(stdout, ("ok", article, found, error))


class _Worker:
    """One worker subprocess; answers are read by a thread so that waiting for one
    has a timeout on every platform."""

    def __init__(self, curated_dir: Path, start_seconds: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kzatlas.build.uploads", str(curated_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # the server's log: a crash in a worker is seen there
        )
        self.answers: queue.Queue[object] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self.answer(start_seconds)
        if first != ("ready",):
            self.stop()
            raise AtlasError(f"the upload worker did not start ({first!r})")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while True:
            try:
                self.answers.put(_read_frame(self.proc.stdout))
            except Exception as exc:  # noqa: BLE001 - EOF or a broken pipe: the worker is gone
                self.answers.put(exc)
                return

    def answer(self, seconds: float) -> object:
        """The next answer; TimeoutError when none came within ``seconds``."""
        try:
            got = self.answers.get(timeout=seconds)
        except queue.Empty:
            raise TimeoutError from None
        if isinstance(got, Exception):
            raise AtlasError(f"the upload worker stopped (exit code {self.proc.poll()})")
        return got

    def ask(self, name: str, data: bytes, article_id: str) -> None:
        assert self.proc.stdin is not None
        try:
            _write_frame(self.proc.stdin, (name, data, article_id))
        except (BrokenPipeError, OSError) as exc:
            raise AtlasError(f"the upload worker stopped ({exc})") from None

    def stop(self) -> None:
        """Kill the worker (it may be deep in a slow page) and reap it."""
        for stream in (self.proc.stdin,):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kernel that ignores SIGKILL
            pass


def extract_files(
    files: Sequence[tuple[str, bytes, str]], limits: UploadLimits, curated_dir: Path = paths.DATA_DIR
) -> tuple[list[UploadedArticle], list[dict[str, str]]]:
    """Convert and extract each admitted (name, data, digest) in a worker process
    under the per-file time limit: (articles, refused as {file, reason})."""
    done: list[UploadedArticle] = []
    refused: list[dict[str, str]] = []
    if not files:
        return done, refused
    if not _SLOTS.acquire(timeout=limits.slot_wait_seconds):
        reason = (f"the server is busy with other uploads (waited {limits.slot_wait_seconds:.0f} s); "
                  "try again in a minute")
        return done, [{"file": name, "reason": reason} for name, _data, _digest in files]
    worker: _Worker | None = None
    try:
        for name, data, digest in files:
            try:
                if worker is None:
                    worker = _Worker(curated_dir, limits.start_seconds)
                worker.ask(name, data, article_id_for(name, digest))
                answer = worker.answer(limits.seconds_per_file)
            except TimeoutError:
                if worker is not None:
                    worker.stop()
                    worker = None
                    refused.append({"file": name, "reason": (
                        f"processing took longer than {limits.seconds_per_file:g} s and was stopped "
                        f"({ENV_SECONDS})")})
                else:  # pragma: no cover - the worker never said it was ready
                    refused.append({"file": name, "reason": "the upload worker did not start in time"})
                continue
            except AtlasError as exc:
                if worker is not None:
                    worker.stop()
                    worker = None
                refused.append({"file": name, "reason": str(exc)})
                continue
            if answer[0] == "ok":  # type: ignore[index]
                _tag, article, found, error = answer  # type: ignore[misc]
                done.append(UploadedArticle(name, digest, len(data), article, found, error))
            else:
                refused.append({"file": name, "reason": str(answer[1])})  # type: ignore[index]
    finally:
        if worker is not None:
            worker.stop()
        _SLOTS.release()
    return done, refused


def process_uploads(
    files: Sequence[tuple[str, bytes]],
    session: UploadSession | None = None,
    limits: UploadLimits | None = None,
    curated_dir: Path = paths.DATA_DIR,
) -> UploadResult:
    """Add uploaded files (name, bytes) to a session: admit them under the session's
    limits, extract each in a worker under the time limit, and return every upload
    of the session as rows, merged by the build's rules. Nothing is written."""
    from kzatlas.build.output import formatted_rows
    from kzatlas.build.pipeline import assemble, new_report
    from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS

    session = session or UploadSession()
    limits = limits or UploadLimits.from_env()
    admitted, refused, session = admit(files, session, limits)
    done, failed = extract_files(admitted, limits, curated_dir)
    known = {a.article.sha256 for a in session.articles}
    for item in done:
        if item.article.sha256 in known:  # the same text under another name or encoding
            refused.append({"file": item.name, "reason": "same text as an article already uploaded"})
            continue
        known.add(item.article.sha256)
        session = replace(session, articles=session.articles + (item,))
    tables = assemble([a.article for a in session.articles], [(a.found, a.error) for a in session.articles])
    report = new_report()
    report.update(skipped=refused + failed, errors=tables.errors)
    return UploadResult(
        formatted_rows(EVENTS, tables.events),
        formatted_rows(ARTICLES, tables.articles),
        formatted_rows(EVENT_SOURCES, tables.sources),
        report,
        session,
    )


if __name__ == "__main__":
    # Answers go to the original stdout; anything a library prints goes to stderr
    # instead of into the middle of a frame.
    _answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(Path(sys.argv[1]), sys.stdin.buffer, _answers)
