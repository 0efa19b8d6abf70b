"""Adding articles to the seeds folder from saved HTML pages or (only when asked)
from URLs: the page's main text and metadata are extracted with trafilatura (a
small standard-library extractor stands in when trafilatura finds nothing), the
result is written as ``<seeds>/<slug>.md`` with front matter that the build reads,
and pages already present (same URL, or same text up to whitespace and case) are
refused with the name of the file they duplicate. Nothing touches the network
unless ``online`` is true; fetching is polite (identifying User-Agent, timeout,
content-type and size checks, at most one request per ``min_delay_seconds``).
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
import unicodedata
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from kzatlas import __version__
from kzatlas.build import articles
from kzatlas.build.articles import decode_bytes
from kzatlas.build.output import write_atomic
from kzatlas.build.webpage import (
    HTML_EXTENSIONS,
    HTML_MEDIA_TYPES,
    ExtractedArticle,
    decode_html,
    detect_script_language,
    extract_article,
    render_article,
    sniff_html,
)
from kzatlas.errors import ArticleError, AtlasError

#: Extensions of article files already in the seeds folder (read for duplicates).
ARTICLE_EXTENSIONS = (".md", ".txt")
USER_AGENT = f"kzatlas/{__version__} (Kazakhstan Science Cooperation Atlas; article ingest for research)"
FETCH_TIMEOUT_SECONDS = 20.0
SLUG_MAX_CHARS = 60

Fetch = Callable[[str], tuple[bytes, str]]


@dataclass
class AddResult:
    """The outcome for one source given to :func:`add_sources`."""

    source: str
    status: str  # 'added' | 'duplicate' | 'error'
    path: Path | None
    message: str


# --------------------------------------------------------------------------- slugs

_TRANSLIT = {
    # Russian
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters (Kazakh Latin alphabet of 2021, without diacritics for ASCII)
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Ukrainian/Belarusian letters that turn up in names
    "є": "ye", "ї": "yi", "ў": "u", "ґ": "g",
}  # fmt: skip


def _ascii_words(text: str) -> str:
    out: list[str] = []
    for ch in text.lower():
        mapped = _TRANSLIT.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        # Latin letters with accents (é, ç, ü) lose them; anything else becomes a separator.
        base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
        out.append(base if base else " ")
    return re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")


def slugify(title: str, fallback: str) -> str:
    """A stable ASCII file name stem: the transliterated title cut at a word boundary
    to at most SLUG_MAX_CHARS, then ``-`` and 8 hex digits of a hash of ``fallback``.

    ``fallback`` is what identifies the article (its URL, else its text): it makes
    two articles with the same title get different names, and the same article
    always get the same one. When the title yields no letters, the fallback does.
    """
    base = _ascii_words(title)
    if not base:
        key = re.sub(r"^https?://(www\.)?", "", fallback.strip(), flags=re.I)
        base = _ascii_words(key)
    if len(base) > SLUG_MAX_CHARS:
        cut = base[:SLUG_MAX_CHARS]
        base = cut.rsplit("-", 1)[0] if "-" in cut[SLUG_MAX_CHARS // 2 :] else cut
    base = base.strip("-") or "article"
    digest = hashlib.sha256((fallback or title).encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


# --------------------------------------------------------------------------- existing articles


def normalise_text(text: str) -> str:
    """Whitespace collapsed and casefolded: the form compared to find duplicate texts."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def text_digest(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def normalise_url(url: str) -> str:
    """A URL in the form compared to find duplicates: scheme, ``www.``, fragment,
    trailing slash and utm_* tracking parameters do not make a page different."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = urllib.parse.urlencode([(k, v) for k, v in pairs if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(front matter keys, body) of an article file's text, read by the build's own
    parser (kzatlas.build.articles) so a duplicate check sees what the build sees."""
    meta, body, _warnings = articles.split_front_matter(text.lstrip("\ufeff"))
    return meta, body


@dataclass
class _SeenIndex:
    """URLs and text digests of the articles under the seeds folder."""

    root: Path
    urls: dict[str, Path]
    texts: dict[str, Path]

    @classmethod
    def scan(cls, root: Path) -> "_SeenIndex":
        index = cls(root, {}, {})
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in ARTICLE_EXTENSIONS and path.is_file():
                    try:
                        # Decoded as the build decodes it (cp1251, UTF-16 ... seeds too).
                        raw = decode_bytes(path.read_bytes())[0]
                    except (OSError, AtlasError):
                        continue
                    meta, body = split_front_matter(raw.replace("\r\n", "\n"))
                    index.remember(path, meta.get("url", ""), body)
        return index

    def remember(self, path: Path, url: str, text: str) -> None:
        if url:
            self.urls.setdefault(normalise_url(url), path)
        if normalise_text(text):
            self.texts.setdefault(text_digest(text), path)

    def show(self, path: Path) -> str:
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def duplicate_url(self, url: str) -> str:
        path = self.urls.get(normalise_url(url)) if url else None
        return f"duplicate of {self.show(path)} (same URL)" if path else ""

    def duplicate_text(self, text: str) -> str:
        path = self.texts.get(text_digest(text))
        return f"duplicate of {self.show(path)} (same text)" if path else ""


# --------------------------------------------------------------------------- reading sources


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.I))


def read_html_file(path: Path, max_bytes: int) -> str:
    """The text of a saved web page; ArticleError says why a file is refused."""
    if not path.exists():
        raise ArticleError(f"no such file: {path}")
    if not path.is_file():
        raise ArticleError(f"not a file: {path}")
    if path.suffix.lower() not in HTML_EXTENSIONS:
        raise ArticleError(
            f"unsupported file type {path.suffix or '(none)'!r}: pass a saved web page "
            f"({', '.join(HTML_EXTENSIONS)}) or an http(s) URL"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise ArticleError(f"the file is {size:,} bytes, over the limit of {max_bytes:,}")
    data = path.read_bytes()
    why = sniff_html(data)
    if why:
        raise ArticleError(why)
    return decode_html(data)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def urllib_fetch(url: str, max_bytes: int = 5_000_000, timeout: float = FETCH_TIMEOUT_SECONDS) -> tuple[bytes, str]:
    """(body, Content-Type) of a URL, reading at most max_bytes + 1 bytes so that an
    oversize body is detected without downloading it whole; refuses non-HTML early."""
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by caller
        content_type = response.headers.get("Content-Type", "")
        if _media_type(content_type) not in HTML_MEDIA_TYPES:
            return b"", content_type  # the caller refuses it and says why
        return response.read(max_bytes + 1), content_type


class _RateLimiter:
    """At most one call per ``min_delay`` seconds (monotonic clock)."""

    def __init__(self, min_delay: float) -> None:
        self.min_delay = min_delay
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None:
            remaining = self.min_delay - (time.monotonic() - self.last)
            if remaining > 0:
                time.sleep(remaining)
        self.last = time.monotonic()


def _fetch_html(url: str, fetch: Fetch, limiter: _RateLimiter, max_bytes: int) -> str:
    limiter.wait()
    try:
        body, content_type = fetch(url)
    except AtlasError:
        raise
    except Exception as exc:  # noqa: BLE001 - urllib raises many kinds; all mean "could not fetch"
        raise ArticleError(f"could not fetch {url}: {exc}") from exc
    media = _media_type(content_type)
    if media not in HTML_MEDIA_TYPES:
        raise ArticleError(
            f"refused: Content-Type is {media or 'missing'!r}, expected {' or '.join(HTML_MEDIA_TYPES)}"
        )
    if len(body) > max_bytes:
        raise ArticleError(f"refused: the page is over the limit of {max_bytes:,} bytes")
    if b"\x00" in body[:8192] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("refused: the body is binary, not HTML text")
    return decode_html(body, content_type)


# --------------------------------------------------------------------------- writing


def _free_path(seeds_dir: Path, slug: str) -> Path:
    path = seeds_dir / f"{slug}.md"
    n = 2
    while path.exists():  # only on a hash collision: the duplicate checks ran before
        path = seeds_dir / f"{slug}-{n}.md"
        n += 1
    return path


# --------------------------------------------------------------------------- the command


def add_sources(
    sources: Sequence[str],
    seeds_dir: Path,
    *,
    online: bool = False,
    fetch: Fetch | None = None,
    max_bytes: int = 5_000_000,
    min_delay_seconds: float = 1.0,
) -> list[AddResult]:
    """Add each source (a saved .html/.htm page or an http(s) URL) to ``seeds_dir``
    as ``<slug>.md``; one result per source, in order. Never raises for a bad source.

    ``fetch(url) -> (body, content_type)`` replaces the urllib fetcher (tests); it is
    only called when ``online`` is true, and at most once per ``min_delay_seconds``.
    """
    seeds_dir = Path(seeds_dir)
    seen = _SeenIndex.scan(seeds_dir)
    limiter = _RateLimiter(min_delay_seconds)
    fetcher: Fetch = fetch or (lambda url: urllib_fetch(url, max_bytes=max_bytes))
    results: list[AddResult] = []
    for source in sources:
        try:
            if is_url(source):
                url = source.strip()
                dup = seen.duplicate_url(url)
                if dup:
                    results.append(AddResult(source, "duplicate", None, dup))
                    continue
                if not online:
                    raise ArticleError("online fetching is off; pass --online to fetch URLs")
                html = _fetch_html(url, fetcher, limiter, max_bytes)
            else:
                url = ""
                html = read_html_file(Path(source).expanduser(), max_bytes)
            article = extract_article(html, url)
            dup = seen.duplicate_url(article.url) or seen.duplicate_text(article.text)
            if dup:
                results.append(AddResult(source, "duplicate", None, dup))
                continue
            path = _free_path(seeds_dir, slugify(article.title, article.url or article.text))
            write_atomic(path, render_article(article))
            seen.remember(path, article.url, article.text)
            facts = ", ".join(x for x in (article.language, article.published and article.published.isoformat()) if x)
            message = f"added {seen.show(path)}" + (f" ({facts})" if facts else "")
            results.append(AddResult(source, "added", path, message))
        except (AtlasError, OSError) as exc:
            results.append(AddResult(source, "error", None, str(exc)))
    return results


def add_main(argv_sources: list[str], seeds_dir: Path, online: bool) -> int:
    """The ``add`` command: one line per source on stdout; 0 when every source was
    added or already present, 1 when any failed."""
    if not argv_sources:
        print("nothing to add: pass saved .html files or URLs", file=sys.stderr)
        return 1
    results = add_sources(argv_sources, seeds_dir, online=online)
    for result in results:
        print(f"{result.status}: {result.source}: {result.message}")
    return 1 if any(r.status == "error" for r in results) else 0


def read_front_matter(path: Path) -> dict[str, str]:
    """Front matter keys of an article file (for tools and tests)."""
    return split_front_matter(path.read_text(encoding="utf-8"))[0]


__all__ = [
    "AddResult",
    "ExtractedArticle",
    "add_main",
    "add_sources",
    "extract_article",
    "slugify",
    "detect_script_language",
    "read_front_matter",
]
