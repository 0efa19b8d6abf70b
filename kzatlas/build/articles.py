"""Load articles from the seeds folder: find the files, decode them whatever their
encoding, read the optional front matter, and infer the metadata the text itself
shows (a leading date header, a dateline, a 'Source:' line, a headline); a page's URL
gives the publication date when neither front matter nor a dateline does. A file
that cannot be used raises ArticleError with a message the build report shows;
repairs (a guessed encoding, stripped NUL bytes, an unclosed front matter) are
recorded as warnings on the article."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from kzatlas.build.urls import strip_secret_params
from kzatlas.build.webpage import HTML_EXTENSIONS
from kzatlas.errors import ArticleError
from kzatlas.models import Article

#: Text articles, and saved web pages, which are reduced to their article as uploads and
#: ``add`` reduce them (kzatlas.build.webpage), so a page dropped into seeds/ is read too.
ARTICLE_SUFFIXES = (".txt", ".md") + HTML_EXTENSIONS
FRONT_MATTER_KEYS = ("title", "url", "published", "publisher", "language")
#: Larger files are refused: news articles are kilobytes; megabytes are a mistake.
MAX_ARTICLE_BYTES = 20_000_000
_FRONT_MATTER_MAX_LINES = 40


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # POSIX path relative to the seeds folder


def discover(seeds: Path) -> list[SourceFile]:
    """Every .txt/.md file and saved web page under ``seeds``, recursively, in a stable order.

    Sorting by relative path (not by whatever order the file system lists) keeps
    builds byte-identical across machines.
    """
    if seeds.is_file():
        return [SourceFile(seeds, seeds.name)]
    found = []
    for path in seeds.rglob("*"):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file() and not path.name.startswith("."):
            found.append(SourceFile(path, _printable(path.relative_to(seeds).as_posix())))
    return sorted(found, key=lambda s: s.rel)


def _printable(rel: str) -> str:
    """A file name that is not UTF-8 (undecodable bytes become lone surrogates, which
    no UTF-8 output can hold) gets U+FFFD in their place; the path itself is kept."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- decoding -------------------------------------------------------------------

_CP1251_LETTERS = re.compile(rb"[\xa8\xb8\xb2\xb3\xc0-\xff]")  # Ё ё І і А-я
_CP1251_RUNS = re.compile(rb"[\xa8\xb8\xb2\xb3\xc0-\xff]{2,}")
_NEUTRAL_HIGH = frozenset(b"\xa0\xab\xbb\x85\x91\x92\x93\x94\x96\x97\xb9")


def _guess_utf16(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) when ``data`` reads as BOM-less UTF-16: in one byte parity
    nearly every byte is the high byte of a code point from one or two script
    blocks (0x00 for ASCII, 0x04 for Cyrillic), and the decoded text is letters."""
    if len(data) < 4:
        return None
    even = data[: len(data) // 2 * 2]
    for enc, high in (("utf-16-le", even[1::2]), ("utf-16-be", even[0::2])):
        counts = sorted((high.count(b) for b in set(high)), reverse=True)
        if not high.count(0) or sum(counts[:2]) < 0.85 * len(high):
            continue
        try:
            text = even.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f")
        letters = sum(1 for ch in text if ch.isalpha())
        if controls <= len(text) // 50 and letters >= 0.4 * len(text):
            return enc, text
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode article bytes; returns (text, encoding, warnings).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are.
    Otherwise the bytes are tried as UTF-16 without BOM (many NULs in alternate
    positions), then cp1251 when high bytes look like Cyrillic letters, then
    Latin-1; a guessed encoding is reported as a warning.
    """
    warnings: list[str] = []
    if not data.strip():
        raise ArticleError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _check_text(data[3:].decode("utf-8", errors="strict"), "utf-8-sig", warnings)
        except UnicodeDecodeError:
            # A UTF-8 mark on text saved in another encoding: drop it and guess.
            warnings.append("UTF-8 byte order mark on text that is not UTF-8")
            data = data[3:]
            if not data.strip():
                raise ArticleError("empty file") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), "utf-16", warnings)
        except UnicodeDecodeError as exc:
            raise ArticleError(f"broken UTF-16 text: {exc.reason}") from None
    if b"\x00" in data:
        # UTF-16 without BOM: ASCII-range bytes decode as "valid" UTF-8 full of
        # control characters, so try it before UTF-8 when there are NULs at all.
        guessed = _guess_utf16(data)
        if guessed:
            enc, text = guessed
            warnings.append(f"decoded as {enc} without a byte order mark (guessed)")
            return _check_text(text, enc, warnings)
    try:
        return _check_text(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError:
        pass
    # No-break space, « », dashes, quotes, … and № say nothing about the alphabet.
    high = sum(1 for b in data if b >= 0x80 and b not in _NEUTRAL_HIGH)
    cyr = len(_CP1251_LETTERS.findall(data))
    # Latin-1 accented letters (é, à, ç) share the byte range of cp1251 Cyrillic;
    # Cyrillic words are runs of such bytes, French words carry one here and there.
    paired = sum(len(m) for m in _CP1251_RUNS.findall(data))
    if high and cyr / high > 0.8 and paired >= 0.5 * cyr:
        warnings.append("not UTF-8: decoded as cp1251 (detected Cyrillic letters)")
        return _check_text(data.decode("cp1251", errors="replace"), "cp1251", warnings)
    warnings.append("not UTF-8: decoded as Latin-1 (guessed)")
    return _check_text(data.decode("latin-1"), "latin-1", warnings)


def _check_text(text: str, encoding: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    """Refuse binary data; strip NULs and other control characters with a warning."""
    if not text:
        raise ArticleError("empty file")
    sample = text[:20000]
    # NULs alone are padding (a file cut or preallocated by a crashed program), not a
    # sign of binary data: judge by the other control characters among the rest.
    nuls = sample.count("\x00")
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\x00")
    if controls > max(8, (len(sample) - nuls) // 20):
        raise ArticleError(f"binary data, not text ({controls} control bytes in the first {len(sample)} characters)")
    had_nuls = "\x00" in text
    if had_nuls or controls:
        # Keep \r and \f: they are line breaks, normalised just below.
        text = "".join(ch for ch in text if ch >= " " or ch in "\n\r\t\f")
        warnings.append("removed NUL/control characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleError(
            "no text (only NUL bytes and white space)" if had_nuls else "no text (whitespace only)"
        )
    return text, encoding, warnings


# --- front matter and metadata ----------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split ``---`` front matter from the body; returns (metadata, body, warnings)."""
    if not text.startswith("---"):
        return {}, text, []
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text, []
    for i in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES + 1)):
        if lines[i].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            warnings: list[str] = []
            for raw in lines[1:i]:
                if not raw.strip() or raw.lstrip().startswith("#"):
                    continue
                key, sep, value = raw.partition(":")
                key = key.strip().lower()
                if not sep or not key:
                    warnings.append(f"front matter line ignored (no 'key: value'): {raw.strip()[:60]!r}")
                    continue
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                if key in FRONT_MATTER_KEYS:
                    meta[key] = value
                else:
                    warnings.append(f"unknown front matter key {key!r} ignored")
            body = "\n".join(lines[i + 1 :])
            return meta, body.lstrip("\n"), warnings
    return {}, text, ["front matter never closed ('---' missing): read as plain text"]


_SOURCE_RE = re.compile(r"^\s*(?:Source|Источник|Дереккөз|Source\s*:)\s*:\s*([^;\n]{2,80})", re.I | re.M)
_NOT_HEADLINE_RE = re.compile(
    r"^\s*(?:[-*•]\s|фото\b|photo\b|сурет\b|source\b|источник\b|\(?©)", re.I
)
_LEADING_DATE_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.I)


def guess_title(body: str) -> str:
    """The first line that reads as a headline (short, not a list item or credit)."""
    for line in body.split("\n")[:8]:
        s = _LEADING_DATE_RE.sub("", line).strip()
        if not s or _NOT_HEADLINE_RE.match(s):
            continue
        if len(s) > 200 or (s.endswith(".") and len(s) > 80):
            return ""
        return s
    return ""


def guess_publisher(body: str) -> str:
    m = _SOURCE_RE.search(body)
    return m.group(1).strip() if m else ""


def _parse_iso(value: str) -> dt.date | None:
    try:
        d = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return d if 1800 <= d.year <= 2100 else None


_PARTIAL_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?\s*$")


def _parse_published(value: str) -> tuple[dt.date, str] | None:
    """A front-matter date: YYYY-MM-DD (day precision), or YYYY-MM / YYYY when only the
    month or year is known (the period's first day, with that precision)."""
    d = _parse_iso(value)
    if d is not None:
        return d, "day"
    m = _PARTIAL_ISO_RE.match(value)
    if m is None or not 1800 <= int(m.group(1)) <= 2100:
        return None
    if m.group(2) is None:
        return dt.date(int(m.group(1)), 1, 1), "year"
    if not 1 <= int(m.group(2)) <= 12:
        return None
    return dt.date(int(m.group(1)), int(m.group(2)), 1), "month"


# --- publication date from the URL ---------------------------------------------------
#
# News sites put the date in the path: /2023/11/30/slug, /2021/08/slug (month only),
# /news/2023-11-30/slug, /slug-20231130-123, ?date=2023-11-30. Numbers in a path are
# also ids (/news/163, /69174063/), so a date must have a date's shape and sit where
# dates sit: a year from URL_MIN_YEAR to next year, a real calendar day, the compact
# YYYYMMDD only inside a slug (next to "-", "_" or "."), never as a bare numeric path
# segment (/20190512 is as likely an id as a date), and never part of a longer number.

#: Oldest year a URL date may have: the web's news archives start in the 1990s.
URL_MIN_YEAR = 1990
#: Query keys whose value is the publication date.
URL_DATE_KEYS = ("date", "pubdate", "published", "publish_date", "publication_date")

_URL_YMD_SEGMENTS = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?=[-_./]|$)")
# A month segment followed by a day-like segment is a broken /YYYY/MM/DD (/2023/02/30/): no date.
_URL_YM_SEGMENTS = re.compile(r"/(\d{4})/(\d{1,2})(?=/(?!\d{1,2}(?:[-_./]|$))|$)")
_URL_ISO = re.compile(r"(?<![\dA-Za-z])(\d{4})([-_./])(\d{1,2})\2(\d{1,2})(?![\dA-Za-z])")
_URL_COMPACT = re.compile(r"(?<=[-_.])(\d{4})(\d{2})(\d{2})(?!\d)|(?<![\d])(\d{4})(\d{2})(\d{2})(?=[-_.])")


def _url_date(y: str, m: str, d: str | None, today: dt.date) -> dt.date | None:
    year, month = int(y), int(m)
    if not URL_MIN_YEAR <= year <= today.year + 1:
        return None
    try:
        return dt.date(year, month, int(d) if d is not None else 1)
    except ValueError:
        return None


def publication_date_from_url(url: str, today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """(date, precision) of the publication date a URL states, or None.

    Day precision from /YYYY/MM/DD/, YYYY-MM-DD, a YYYYMMDD inside a slug or a
    ``date=`` query value; month precision from /YYYY/MM/ (the month's first day is
    returned; its last day is the "not after" bound for dates without a year).
    """
    if not url:
        return None
    today = today or dt.date.today()
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return None
    path = urllib.parse.unquote(parts.path)
    for key, value in urllib.parse.parse_qsl(parts.query):
        if key.lower() in URL_DATE_KEYS:
            v = value.strip()
            m = re.fullmatch(r"(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:[T ].*)?", v)
            if m and (d := _url_date(*m.groups(), today)) is not None:
                return d, "day"
    for pattern in (_URL_YMD_SEGMENTS, _URL_ISO):
        for m in pattern.finditer(path):
            groups = m.groups()
            y, mo, da = (groups[0], groups[1], groups[2]) if pattern is _URL_YMD_SEGMENTS else (
                groups[0], groups[2], groups[3])
            if (d := _url_date(y, mo, da, today)) is not None:
                return d, "day"
    for m in _URL_COMPACT.finditer(path):
        y, mo, da = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        if (d := _url_date(y, mo, da, today)) is not None:
            return d, "day"
    for m in _URL_YM_SEGMENTS.finditer(path):
        if (d := _url_date(m.group(1), m.group(2), None, today)) is not None:
            return d, "month"
    return None


def find_publication_date(body: str, lang: str) -> dt.date | None:
    """A dateline among the first lines (' date 2026-03-04', '11/17/2021', 'News, 04 October 2023')."""
    from kzatlas.extract.dates import parse_dateline

    for line in body.split("\n")[:6]:
        if not line.strip():
            continue
        m = _LEADING_DATE_RE.match(line)
        if m:
            d = _parse_iso(m.group(1))
            if d:
                return d
        d = parse_dateline(line[:200], lang)
        if d:
            return d
    return None


def load_article(src: SourceFile, article_id: str | None = None) -> Article:
    """Read, decode and describe one article file; raises ArticleError when unusable."""
    try:
        size = src.path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"file too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
        data = src.path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from None
    return article_from_file(data, rel=src.rel, article_id=article_id or Path(src.rel).stem)


def article_from_file(data: bytes, *, rel: str, article_id: str) -> Article:
    """A file's bytes as an Article; a saved web page (by its suffix) is first reduced to
    its article text and metadata (title, date, address) as ``add`` does."""
    if Path(rel).suffix.lower() in HTML_EXTENSIONS:
        from kzatlas.build.webpage import decode_html, extract_article, render_article  # noqa: PLC0415 - trafilatura is slow to import

        data = render_article(extract_article(decode_html(data))).encode("utf-8")
    return article_from_bytes(data, rel=rel, article_id=article_id)


def article_from_bytes(data: bytes, *, rel: str, article_id: str) -> Article:
    """Build an Article from raw bytes (used by the loader and by uploads)."""
    from kzatlas.extract.language import detect_text_language

    text, encoding, warnings = decode_bytes(data)
    text = unicodedata.normalize("NFC", text)
    meta, body, fm_warnings = split_front_matter(text)
    warnings.extend(fm_warnings)
    if not body.strip():
        raise ArticleError("front matter but no article text")
    language = meta.get("language", "").strip().lower()[:8]
    detected = detect_text_language(body[:5000])
    if not language:
        language = detected
    published: dt.date | None = None
    basis = precision = ""
    if meta.get("published"):
        parsed = _parse_published(meta["published"])
        if parsed is None:
            warnings.append(f"impossible 'published' date {meta['published'][:40]!r} ignored")
        else:
            (published, precision), basis = parsed, "front_matter"
    if published is None:
        published = find_publication_date(body, language)
        basis, precision = ("dateline", "day") if published else ("", "")
    if published is None:
        from_url = publication_date_from_url(meta.get("url", ""))
        if from_url is not None:
            (published, precision), basis = from_url, "url"
    return Article(
        article_id=article_id,
        path=rel,
        text=body,
        title=meta.get("title") or guess_title(body),
        url=strip_secret_params(meta.get("url", "")),
        published=published,
        published_basis=basis,
        published_precision=precision,
        publisher=meta.get("publisher") or guess_publisher(body),
        language=language,
        encoding=encoding,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        warnings=warnings,
    )
