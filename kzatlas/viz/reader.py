"""The article reader: a self-contained HTML page (shown in an iframe sandboxed
without same-origin access, see :func:`isolated`) with the article's metadata and
full text, the evidence sentence wrapped in ``<mark id="evidence">`` and scrolled
into view, and the header the dashboard shows above it. Article text
is data, never markup: every value from the data set goes through html.escape,
and the only link emitted is an http(s) URL, so a ``<script>`` or
``javascript:`` in an article shows as text and runs nowhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlparse

from kzatlas.viz.i18n import ENGLISH, Translator


def safe_url(url: str) -> str | None:
    """The URL when it is a plain http(s) link, else None (no javascript:, data:, …)."""
    url = (url or "").strip()
    if not url or any(c in url for c in "\r\n\t\"'<> "):
        return None
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return url


@dataclass(frozen=True)
class Highlight:
    """Where the evidence sits in the text, and how it was found."""

    start: int
    end: int
    exact: bool  # True when the stored offsets matched the evidence text


def locate_evidence(text: str, evidence: str, start: int, end: int) -> Highlight | None:
    """Trust the stored offsets when they match; otherwise search the evidence
    (articles edited after a build); None when it is not in the text at all."""
    if 0 <= start < end <= len(text) and (not evidence or text[start:end] == evidence):
        return Highlight(start, end, True)
    if evidence:
        i = text.find(evidence)
        if i >= 0:
            return Highlight(i, i + len(evidence), False)
    return None


def text_with_mark(text: str, hl: Highlight | None) -> str:
    """The escaped article text with the evidence wrapped in <mark id="evidence">."""
    if hl is None:
        return html.escape(text)
    return (
        html.escape(text[: hl.start])
        + '<mark id="evidence">'
        + html.escape(text[hl.start : hl.end])
        + "</mark>"
        + html.escape(text[hl.end :])
    )


_STYLE = """
body{font-family:"Source Sans Pro","Noto Sans","DejaVu Sans",sans-serif;margin:0;color:#1f2d3d;}
.meta{font-size:0.85rem;color:#555;margin:0 0 0.6rem 0;}
.note{font-size:0.85rem;color:#8a5a00;background:#fff6e0;padding:0.3rem 0.5rem;border-radius:4px;}
pre{white-space:pre-wrap;word-wrap:break-word;font-family:inherit;font-size:0.95rem;line-height:1.5;margin:0;}
mark{background:#ffe58a;padding:0.05rem 0.1rem;border-radius:2px;}
a{color:#0f7c8c;}
"""

# Scrolls the evidence to the upper third of the frame once laid out; the only script
# on the page, and it reads no data. Not scrollIntoView: that also scrolls the
# Streamlit page around the iframe. The reader's frame can be loaded before it is
# laid out (Streamlit shows its component frame a moment later): the mark's box is
# then empty, so it tries again every 100 ms, for ten seconds at most.
_SCROLL_JS = (
    "function kzScroll(n){var m=document.getElementById('evidence');if(!m){return;}"
    "var r=m.getBoundingClientRect();if(r.height===0&&n<100){setTimeout(function(){kzScroll(n+1);},100);return;}"
    "window.scrollTo(0,Math.max(0,r.top+window.scrollY-window.innerHeight/3));}"
    "window.addEventListener('load',function(){kzScroll(0);});"
)
_SCROLL = f"<script>{_SCROLL_JS}</script>"
# Defence in depth behind html.escape: the page may run only the script above (by
# its hash), load nothing, and submit nowhere.
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; "
    "script-src 'sha256-" + base64.b64encode(hashlib.sha256(_SCROLL_JS.encode("utf-8")).digest()).decode("ascii") + "'"
)


def _published(article: Mapping[str, Any], T: Translator) -> str:
    # A publication date the build could read is shown in the interface's format;
    # anything else as stored (it is the article's, not ours to guess).
    published = str(article.get("published") or "")
    if not published:
        return T.gettext("date unknown")
    shown = T.date(published[:10]) if len(published) >= 10 else published
    return published if shown == T.gettext("undated") else shown


def meta_html(article: Mapping[str, Any], link_text: str = "", no_link: str = "",
              T: Translator = ENGLISH) -> list[str]:
    """Publisher, date, language and the original link (only an http(s) URL), escaped."""
    meta: list[str] = []
    if article.get("publisher"):
        meta.append(html.escape(str(article["publisher"])))
    meta.append(html.escape(_published(article, T)))
    meta.append(html.escape(T.language(str(article.get("language") or ""))))
    url = safe_url(str(article.get("url") or ""))
    if url:
        link = html.escape(link_text or T.gettext("original article"))
        meta.append(f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{link}</a>')
    else:
        meta.append(html.escape(no_link or T.gettext("no original URL")))
    return meta


def reader_html(article: Mapping[str, Any], evidence: str, start: int, end: int, T: Translator = ENGLISH) -> str:
    """The reader page for one (article, evidence) pair; its notes in ``T``'s language
    (the article is shown as written)."""
    text = str(article.get("text") or "")
    hl = locate_evidence(text, evidence, int(start), int(end))
    meta = meta_html(article, T=T)
    notes = ""
    if hl is None:
        notes = '<p class="note">{}</p>'.format(html.escape(
            T.gettext("The evidence sentence was not found in this text; showing the article unmarked.")))
    elif not hl.exact:
        notes = '<p class="note">{}</p>'.format(html.escape(
            T.gettext("The stored offsets were stale; the evidence was located by searching the text.")))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<style>{_STYLE}</style></head><body>"
        f'<p class="meta">{" · ".join(meta)}</p>{notes}'
        f"<pre>{text_with_mark(text, hl)}</pre>{_SCROLL}</body></html>"
    )


#: The reader's own frame: scripts (the scroll above) but no same-origin access, so
#: even a script that got past escaping and the CSP could not reach the app around
#: it; popups so that "original article" opens, outside the sandbox.
READER_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def isolated(page: str, T: Translator = ENGLISH) -> str:
    """``page`` inside an iframe sandboxed without allow-same-origin. Streamlit's
    own component frame (st.iframe, components.html) allows same-origin scripts,
    and its sandbox cannot be narrowed; this wrapper page holds no script itself,
    and its CSP is the reader's (a srcdoc frame inherits its parent's policy)."""
    title = html.escape(T.gettext("Article reader"), quote=True)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        "<style>html,body{margin:0;height:100%;overflow:hidden}"
        "iframe{border:0;width:100%;height:100%;display:block}</style></head><body>"
        f'<iframe title="{title}" sandbox="{READER_SANDBOX}" '
        'referrerpolicy="no-referrer" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></body></html>'
    )


def display_title(article: Mapping[str, Any], T: Translator = ENGLISH) -> str:
    """A heading a person can read, never the article id (a hash): the headline, else
    the publisher and date, else the date, else "Untitled article"."""
    title = " ".join(str(article.get("title") or "").split())
    if title:
        return title
    publisher = " ".join(str(article.get("publisher") or "").split())
    published = _published(article, T) if article.get("published") else ""
    if publisher and published:
        return f"{publisher}, {published}"
    if publisher or published:
        return T.gettext("Article from {source}").format(source=publisher or published)
    return T.gettext("Untitled article")


def header_html(article: Mapping[str, Any], n_sources: int = 1, T: Translator = ENGLISH) -> str:
    """The reader's header (shown above the scrolling article, so it stays in view):
    the title, then publisher · date · language · original link, all escaped."""
    meta = meta_html(article, T.gettext("original article") + " ↗", T.gettext("original URL not known"), T)
    if n_sources > 1:
        meta.append(html.escape(T.ngettext("{n} article reports this event", "{n} articles report this event",
                                           n_sources).format(n=T.number(n_sources))))
    return (
        f'<div class="kz-reader-head"><h3 style="margin:0 0 0.2rem 0;font-size:1.15rem;line-height:1.3">'
        f"{html.escape(display_title(article, T))}</h3>"
        f'<div style="font-size:0.85rem;color:#555">{" · ".join(meta)}</div></div>'
    )


def snippet(evidence: str, limit: int = 140) -> str:
    """A one-line evidence snippet (plain text; the caller escapes or uses st.text)."""
    one = " ".join(str(evidence).split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def date_label(date_start: str, precision: str, date_partial: str = "", T: Translator | None = None,
               date_end: str = "") -> str:
    """The date at its precision: with a Translator in its language (T.date:
    ``4 октября 2023 г.``, a period, a day without its year); without one in ISO
    form (2024-03-10, 2024-03 or 2024, the partial date --06-13 when the year is
    unknown, "undated" otherwise)."""
    if T is not None:
        return T.date(str(date_start or ""), str(date_end or ""), str(precision or "day"), str(date_partial or ""))
    if date_start:
        return {"month": date_start[:7], "year": date_start[:4]}.get(precision, date_start)
    return date_partial or "undated"
