"""A saved web page as an article: the page's bytes decoded (BOM, HTTP and <meta>
charset, UTF-8, cp1251), its main text and metadata extracted with trafilatura (a small
standard-library extractor stands in when trafilatura finds nothing), and the result
rendered as an article file with front matter that the build reads. Used by the ``add``
command and by the dashboard's uploads; nothing here touches the network."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _FallbackParser(HTMLParser):
    """Paragraph text outside page furniture (nav, header, footer, aside, forms,
    scripts) and outside blocks whose class or id says comment, advert or menu."""

    _SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"}
    _BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "div", "section", "article", "td", "br"}
    _SKIP_ATTR_RE = re.compile(r"comment|advert|\bads?\b|banner|promo|sidebar|menu|share|cookie|related", re.I)
    _VOID = {
        "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.title = ""
        self.in_title = False
        self.lang = ""
        self.meta: dict[str, str] = {}

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _flush(self) -> None:
        text = _clean_line("".join(self.current))
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = attr.get("lang", "")
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or "").lower()
            if key and attr.get("content"):
                self.meta.setdefault(key, attr["content"])
            return
        if tag == "title":
            self.in_title = True
        if tag in self._BLOCK_TAGS:
            self._flush()
        if tag in self._VOID:
            return
        skip = (
            self.skipping
            or tag in self._SKIP_TAGS
            or bool(self._SKIP_ATTR_RE.search(attr.get("class", "") + " " + attr.get("id", "")))
        )
        self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._BLOCK_TAGS:
            self._flush()
        # Pop to the matching tag; tolerate unclosed elements as browsers do.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not self.skipping:
            self.current.append(data)


def _fallback_extract(html: str) -> tuple[str, str, dict[str, str]]:
    """(title, text, meta) from the standard-library parser."""
    parser = _FallbackParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed markup: keep what was parsed so far
        pass
    parser._flush()
    # Short blocks are menus, bylines and buttons far more often than article text.
    blocks = [b for b in parser.blocks if len(b) >= 60 or b.endswith((".", "!", "?", "»", '"'))]
    title = _clean_line(parser.meta.get("og:title", "") or parser.title)
    return title, "\n".join(blocks), parser.meta


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
    recall mode for short pages it was too strict with, then a small HTML parser.
    Raises ArticleError when none of them finds a main text.
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
    fb_title, fb_text, meta = _fallback_extract(html)
    if len(_clean_line(text)) < MIN_TEXT_CHARS:
        text = _paragraphs(fb_text, fb_title)
        title = title or fb_title
        published_raw = published_raw or meta.get("article:published_time", "") or meta.get("date", "")
        sitename = sitename or _clean_line(meta.get("og:site_name", ""))
        page_url = page_url or meta.get("og:url", "")
    if len(_clean_line(text)) < MIN_TEXT_CHARS:
        where = f" at {url}" if url else ""
        raise ArticleError(
            f"no main text found in the page{where} (is it an article page, or does it need JavaScript?)"
        )
    title = html_lib.unescape(title or fb_title)
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
