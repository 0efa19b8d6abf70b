"""A saved web page as an article: the page's bytes decoded (BOM, HTTP and <meta>
charset, UTF-8, cp1251), its main text and metadata extracted with trafilatura (its
baseline extractor stands in when the main extraction finds nothing), and the result
rendered as an article file with front matter that the build reads. Used by the ``add``
command and by the dashboard's uploads; nothing here touches the network."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import urllib.parse
from dataclasses import dataclass

from kzatlas.errors import ArticleError
from kzatlas.extract.language import detect_language

#: File extensions accepted as saved web pages.
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
#: Media types accepted from a server.
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
#: Fewer characters than this after extraction means "no main text found".
MIN_TEXT_CHARS = 40
FRONT_MATTER_KEYS = ("title", "url", "published", "publisher", "language")


@dataclass
class ExtractedArticle:
    """What was taken from one web page: its main text and metadata."""

    title: str
    text: str  # paragraphs separated by blank lines
    published: dt.date | None
    publisher: str  # site name, else the URL's host
    url: str
    language: str  # en, ru, kk, fr, ...; "" when unknown (the build detects it)


# --------------------------------------------------------------------------- language


def detect_script_language(text: str) -> str:
    """'kk' or 'ru' for Cyrillic text, '' otherwise (English and French are left to
    the build). The decision is kzatlas.extract.language's: Kazakh-only letters against the
    length of the text, and each language's function words."""
    if not text.strip():
        return ""
    lang = detect_language(text)
    return lang if lang in ("ru", "kk") else ""


# --------------------------------------------------------------------------- extraction


def _clean_line(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def _paragraphs(text: str, title: str) -> str:
    """Trafilatura's one-line-per-block text as blank-line-separated paragraphs,
    without a first line that only repeats the title (it is in the front matter)."""
    lines = [_clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == _clean_line(title).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def _parse_iso_date(value: object) -> dt.date | None:
    if not value:
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})", str(value))
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _host(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _baseline_extract(html: str) -> tuple[str, str, str, str, str]:
    """(title, text, published, site name, url) from trafilatura's own fallback,
    ``trafilatura.baseline`` (JSON-LD article bodies, <article>, paragraphs, then the
    whole body), and its metadata reader. Both work on lxml's tree in one pass, so
    their time grows with the page: the standard-library parser used here before
    was quadratic on many unclosed tags followed by stray end tags (a 400 KB page
    took three minutes). Baseline text comes without paragraph breaks."""
    try:
        from trafilatura import baseline
        from trafilatura.metadata import extract_metadata
    except ImportError:  # a broken lxml install: nothing to fall back on
        return "", "", "", "", ""
    try:
        _body, text, _length = baseline(html)
    except Exception:  # noqa: BLE001 - malformed markup: no fallback text, the caller says so
        text = ""
    try:
        meta = extract_metadata(html)
    except Exception:  # noqa: BLE001 - as above, for the metadata alone
        meta = None
    title = _clean_line(getattr(meta, "title", None) or "")
    published = str(getattr(meta, "date", None) or "")
    sitename = _clean_line(getattr(meta, "sitename", None) or "")
    url = str(getattr(meta, "url", None) or "")
    text = _clean_line(text or "")
    if title and text.casefold().startswith(title.casefold()):
        text = text[len(title) :].lstrip()  # the headline is in the front matter already
    return title, text, published, sitename, url


def _trafilatura_extract(html: str, url: str, precise: bool) -> object | None:
    try:
        import trafilatura
    except ImportError:  # a broken lxml/justext install: the fallback still works
        return None
    try:
        return trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=precise,
            favor_recall=not precise,
        )
    except Exception:  # noqa: BLE001 - trafilatura fails on some odd pages; try the others
        return None


def extract_article(html: str, url: str = "") -> ExtractedArticle:
    """The main text and metadata of a web page.

    Trafilatura first in precision mode (drops navigation, ads and comments), then in
    recall mode for short pages it was too strict with; only when both find no main
    text, trafilatura's baseline extractor. Raises ArticleError when none of them
    finds a main text.
    """
    title = text = published_raw = sitename = page_url = language = ""
    for precise in (True, False):
        doc = _trafilatura_extract(html, url, precise)
        if doc is None:
            continue
        raw_text = getattr(doc, "text", None) or ""
        if len(_clean_line(raw_text)) < MIN_TEXT_CHARS:
            continue
        title = _clean_line(getattr(doc, "title", None) or "")
        text = _paragraphs(raw_text, title)
        published_raw = getattr(doc, "date", None) or ""
        sitename = _clean_line(getattr(doc, "sitename", None) or "")
        page_url = getattr(doc, "url", None) or ""
        language = (getattr(doc, "language", None) or "").lower()
        break
    if len(_clean_line(text)) < MIN_TEXT_CHARS:
        title, text, published_raw, sitename, page_url = _baseline_extract(html)
    if len(_clean_line(text)) < MIN_TEXT_CHARS:
        where = f" at {url}" if url else ""
        raise ArticleError(
            f"no main text found in the page{where} (is it an article page, or does it need JavaScript?)"
        )
    title = html_lib.unescape(title)
    final_url = url or page_url
    return ExtractedArticle(
        title=title,
        text=text,
        published=_parse_iso_date(published_raw),
        publisher=sitename or _host(final_url),
        url=final_url,
        language=language if re.fullmatch(r"[a-z]{2,3}", language) else detect_script_language(text),
    )


def _charset_of(content_type: str) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else ""


def decode_html(data: bytes, content_type: str = "") -> str:
    """Bytes of a page as text: BOM, HTTP charset, <meta charset>, UTF-8, then cp1251
    (still common on Russian- and Kazakh-language sites), then Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates = [_charset_of(content_type)]
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1251"]
    for enc in candidates:
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


_HTML_SNIFF_RE = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|p|div|article)[\s>/]", re.I)


def sniff_html(data: bytes) -> str:
    """Why these bytes are not an HTML page, or '' when they look like one."""
    head = data[:8192]
    if not head.strip():
        return "the file is empty"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ""  # UTF-16 pages contain NULs; the BOM says what they are
    if b"\x00" in head:
        return "the file is binary, not HTML text"
    if not _HTML_SNIFF_RE.search(head):
        return "the file does not look like HTML (no <html>, <head>, <body> or <p> tag near its start)"
    return ""


def _one_line(value: str) -> str:
    """A front matter value on one line; a value that starts and ends with the same
    quote character is wrapped in one more pair, because the reader removes one."""
    value = re.sub(r"\s+", " ", value).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = f'"{value}"'
    return value


def render_article(article: ExtractedArticle) -> str:
    """The article file's content: front matter (keys with a value only) and the text."""
    values = {
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "publisher": article.publisher,
        "language": article.language,
    }
    lines = ["---"] + [f"{k}: {_one_line(values[k])}" for k in FRONT_MATTER_KEYS if _one_line(values[k])] + ["---"]
    return "\n".join(lines) + "\n" + article.text.strip() + "\n"
