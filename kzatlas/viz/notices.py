"""Notices that quote user input (a shared link's values, an uploaded file's name)
as literal text. Streamlit's st.warning and st.info render Markdown, and GitHub's
Markdown turns ``www.evil-atlas.example/login``, ``http://…`` and ``user@host``
into live links even when every punctuation mark is backslash-escaped: a crafted
link could then put a phishing link into the atlas's own page. So a notice is an
HTML box whose text is escaped (no element can come from it, and HTML has no
autolinks), shown with st.html.
"""

from __future__ import annotations

import html

#: Colours of Streamlit's light-theme alerts, so the boxes look like st.warning/st.info.
_STYLES = {
    "warning": ("#fffce7", "#926c05"),
    "info": ("#e6f3ff", "#0054a3"),
    "error": ("#fff0f0", "#7d353b"),
}


def notice_html(text: str, kind: str = "warning") -> str:
    """An alert box showing ``text`` exactly as written (newlines kept)."""
    background, colour = _STYLES.get(kind, _STYLES["warning"])
    return (
        f'<div class="kz-notice kz-notice-{kind if kind in _STYLES else "warning"}" role="alert" '
        f'style="background:{background};color:{colour};padding:0.75rem 1rem;border-radius:0.5rem;'
        f'margin:0 0 0.5rem 0;white-space:pre-wrap;overflow-wrap:anywhere">{html.escape(str(text))}</div>'
    )
