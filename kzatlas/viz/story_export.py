"""The story as one self-contained HTML page, to share without the app: a file that
opens from disk with no network and shows every step — its card (date, kind,
parties, place) in the interface language, its evidence quote exactly as the
article wrote it, its sources with their links, and a static map (the event's
place, the Kazakh side and the arc between them) — after an overview map with
the steps numbered and a table of contents.

Everything is inline: CSS, and SVG maps drawn from the offline country outlines
(:mod:`kzatlas.viz.svgmap`). There is no script at all, and the page's Content
Security Policy allows none and no fetch of any kind, so article text is inert
twice over: every value from the data goes through html.escape, and links are
emitted only for plain http(s) URLs. Steps link to each other by anchors; with
``app_url`` each step also links back to the same step in the live atlas. The
output is deterministic (no timestamps), so two exports of one story are equal.
"""

from __future__ import annotations

import html
from typing import Any, Mapping
from urllib.parse import urlencode

import pandas as pd
import polars as pl

from kzatlas.viz import filters as flt
from kzatlas.viz import load, svgmap
from kzatlas.viz.engine import Atlas, Selection, to_pandas
from kzatlas.viz.i18n import Translator, choose_language, translator
from kzatlas.viz.reader import safe_url
from kzatlas.viz.story import (
    UNDATED_LAST,
    StoryCard,
    StoryState,
    describe_filters,
    events_count_text,
    step_view,
    story_card,
    story_events,
    story_from_query,
    story_to_query,
)

#: Beyond this many steps only the overview map is drawn: a page of thousands of
#: maps is slow to open and no one reads it as a story anyway.
MAX_STEP_MAPS = 300
#: The dashboard exports stories up to this many steps: a page of every event of a
#: large selection is megabytes no one reads as a story (benchmarks/bench_story.py).
MAX_EXPORT_STEPS = 2000
#: Overview labels list this many step numbers at one place, then "…".
MAX_NUMBERS_PER_PLACE = 6
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"

_STYLE = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;color:#1f2d3d;margin:0 auto;max-width:1100px;
padding:1.2rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .3rem}
h2{font-size:1.15rem;margin:.2rem 0 .5rem}
.lede{color:#555;margin:.2rem 0 .8rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.4rem 0;font-size:.92rem}
dl.facts dt{color:#555}
dl.facts dd{margin:0}
.overview svg{width:100%;height:auto;border:1px solid #dde3e8;border-radius:6px}
ol.contents{columns:2;font-size:.9rem;padding-left:1.6rem}
@media (max-width:800px){ol.contents{columns:1}}
ol.steps{list-style:none;padding:0;margin:0}
li.step{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:1rem;border-top:1px solid #dde3e8;
padding:1rem 0;break-inside:avoid}
@media (max-width:800px){li.step{grid-template-columns:1fr}}
.progress{font-size:.85rem;color:#0f7c8c;font-weight:600;margin:0}
blockquote{margin:.6rem 0;padding:.4rem .8rem;border-left:4px solid #ffe58a;background:#fffbea;white-space:pre-wrap}
blockquote.other{border-left-color:#dde3e8;background:#f7fafc;font-size:.9rem}
.sources{font-size:.88rem}
.sources ul{padding-left:1.1rem;margin:.3rem 0}
.note{font-size:.85rem;color:#8a5a00}
svg.map{width:100%;height:auto;border:1px solid #dde3e8;border-radius:6px}
nav.steps{font-size:.85rem;display:flex;gap:1rem;margin-top:.5rem}
a{color:#0f7c8c}
footer{margin-top:1.5rem;font-size:.8rem;color:#666;border-top:1px solid #dde3e8;padding-top:.6rem}
@media print{nav.steps{display:none}a{color:inherit}}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _article_index(articles: pd.DataFrame) -> dict[str, dict[str, Any]]:
    cols = [c for c in ("article_id", "title", "url", "publisher", "published", "language") if c in articles.columns]
    return {str(r["article_id"]): r for r in articles[cols].to_dict("records")} if len(articles) else {}


def _sources_by_event(sources: pd.DataFrame, event_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if len(sources):
        rows = sources[sources["event_id"].isin(event_ids)]
        for r in rows[["event_id", "article_id", "evidence", "language"]].to_dict("records"):
            out.setdefault(str(r["event_id"]), []).append(r)
    return out


def _facts(rows: list[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>"


def _sources_html(event: Mapping[str, Any], card: StoryCard, srcs: list[dict[str, Any]],
                  arts: dict[str, dict[str, Any]], T: Translator) -> str:
    own = str(event.get("evidence_article_id") or "")
    if not srcs:
        srcs = [{"article_id": own, "evidence": card.evidence, "language": card.evidence_language}]
    # The article the card quotes first, then the others by id (as the reader lists them).
    srcs = sorted(srcs, key=lambda s: (str(s["article_id"]) != own, str(s["article_id"])))
    items = []
    for s in srcs:
        art = arts.get(str(s["article_id"]), {})
        title = str(art.get("title") or s["article_id"])
        url = safe_url(str(art.get("url") or ""))
        head = f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(title)}</a>' if url else _e(title)
        meta = [str(art.get("publisher") or ""), T.date(str(art.get("published") or "")) if art.get("published") else "",
                T.language(str(art.get("language") or ""))]
        line = head + "".join(f" · {_e(m)}" for m in meta if m)
        if not url:
            unknown = T.gettext("original URL not known")
            line += f' <span class="note">({_e(unknown)})</span>'
        quote = str(s.get("evidence") or "")
        if quote and quote != card.evidence:
            line += f'<blockquote class="other" lang="{_e(s.get("language") or "")}">{_e(quote)}</blockquote>'
        items.append(f"<li>{line}</li>")
    label = T.ngettext("{n} source", "{n} sources", len(items)).format(n=T.number(len(items)))
    return f'<div class="sources"><strong>{_e(label)}</strong><ul>{"".join(items)}</ul></div>'


def _step_map(event: Mapping[str, Any], card: StoryCard, T: Translator) -> str:
    view = step_view(event)
    if view is None:
        note = T.gettext("This event has no coordinates, so it is not on the map.")
        return f'<p class="note">{_e(note)}</p>'
    markers = [svgmap.Marker(view.target[0], view.target[1], card.place, "place")]
    arcs = []
    if view.origin is not None:
        origin_name = T.place(str(event.get("origin_name") or ""))
        markers.insert(0, svgmap.Marker(view.origin[0], view.origin[1], origin_name, "origin"))
        arcs.append((view.origin, view.target))
    box = svgmap.fit_box([(m.lon, m.lat) for m in markers], min_width=90.0, pad=0.3)
    return svgmap.map_svg(box, markers, arcs, title=card.place)


def _overview(steps: pd.DataFrame, T: Translator) -> str:
    located = steps[pd.to_numeric(steps["lat"], errors="coerce").notna() & pd.to_numeric(steps["lon"], errors="coerce").notna()]
    if located.empty:
        return ""
    numbers: dict[tuple[float, float], list[int]] = {}
    origins: set[tuple[float, float]] = set()
    arcs: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for i, ev in located.iterrows():
        view = step_view(ev.to_dict())
        if view is None:
            continue
        numbers.setdefault(view.target, []).append(int(i) + 1)
        if view.origin is not None:
            origins.add(view.origin)
            arcs.add((view.origin, view.target))
    markers = [svgmap.Marker(lon, lat, "", "origin") for lon, lat in sorted(origins)]
    for (lon, lat), nums in sorted(numbers.items(), key=lambda kv: kv[1][0]):
        label = ", ".join(str(n) for n in nums[:MAX_NUMBERS_PER_PLACE]) + (", …" if len(nums) > MAX_NUMBERS_PER_PLACE else "")
        markers.append(svgmap.Marker(lon, lat, label, "place"))
    box = svgmap.fit_box([(m.lon, m.lat) for m in markers], min_width=120.0, aspect=2.0, pad=0.08)
    title = T.gettext("Map of the story's places, numbered by step")
    return f'<section class="overview">{svgmap.map_svg(box, markers, sorted(arcs), title=title, css_class="overview-map", marker_scale=200.0)}</section>'


def story_html(
    events: pd.DataFrame,
    sources: pd.DataFrame,
    articles: pd.DataFrame,
    T: Translator,
    *,
    world: dict[str, Any] | None = None,
    filters: flt.Filters | None = None,
    undated: str = UNDATED_LAST,
    title: str | None = None,
    app_url: str | None = None,
) -> str:
    """The page of the story told by ``events`` (already filtered; ordered here)."""
    steps = story_events(events, undated)
    n = len(steps)
    arts = _article_index(articles)
    srcs = _sources_by_event(sources, set(steps["event_id"].astype(str)))
    base = safe_url(app_url or "")
    heading = title or T.gettext("A story from the Kazakhstan Science Cooperation Atlas")
    parts = [
        f'<!doctype html><html lang="{_e(T.lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',  # a constant without double quotes
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title><style>{_STYLE}</style></head><body>",
        svgmap.defs(world),
        f"<header><h1>{_e(heading)}</h1>",
    ]
    dated = steps[steps["date_start"].astype(str) != ""]
    lede = [events_count_text(n, T)]
    if len(dated):
        first, last = dated.iloc[0], dated.iloc[-1]
        lede.append(f"{T.date(first['date_start'], first['date_end'], first['date_precision'])} – "
                    f"{T.date(last['date_start'], last['date_end'], last['date_precision'])}")
    parts.append(f'<p class="lede">{_e(" · ".join(lede))}</p>')
    described = describe_filters(filters or flt.Filters(), T)
    if described:
        parts.append(_facts(described))
    parts.append("</header>")
    if n == 0:
        empty = T.gettext("No events match the filters of this story.")
        parts.append(f"<p>{_e(empty)}</p>")
    else:
        parts.append(_overview(steps, T))
        cards = [story_card(ev, i + 1, n, T) for i, ev in enumerate(steps.to_dict("records"))]
        previous, following = T.gettext("Previous"), T.gettext("Next")
        open_in_app = T.gettext("Open this step in the atlas")
        contents = T.gettext("Contents")
        parts.append(f'<h2>{_e(contents)}</h2><ol class="contents">')
        for c in cards:
            line = f"{c.date} · {c.kind} · {', '.join(c.partners) or '—'}"
            parts.append(f'<li><a href="#step-{c.step}">{_e(line)}</a></li>')
        parts.append('</ol><ol class="steps">')
        for ev, c in zip(steps.to_dict("records"), cards):
            parts.append(f'<li class="step" id="step-{c.step}" data-event="{_e(c.event_id)}"><div class="card">')
            parts.append(f'<p class="progress">{_e(c.progress)}</p>')
            parts.append(f"<h2>{_e(c.date)} · {_e(c.kind)}</h2>")
            parts.append(_facts(c.rows(T)))
            parts.append(f'<blockquote class="evidence" lang="{_e(c.evidence_language)}">{_e(c.evidence)}</blockquote>')
            parts.append(_sources_html(ev, c, srcs.get(c.event_id, []), arts, T))
            nav = []
            if c.step > 1:
                nav.append(f'<a href="#step-{c.step - 1}">← {_e(previous)}</a>')
            if c.step < n:
                nav.append(f'<a href="#step-{c.step + 1}">{_e(following)} →</a>')
            if base:
                query = story_to_query(filters or flt.Filters(), StoryState(True, c.step, undated), c.event_id, T.lang)
                sep = "&" if "?" in base else "?"
                href = f"{base}{sep}{urlencode(query, doseq=True)}"
                nav.append(f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(open_in_app)}</a>')
            parts.append(f'<nav class="steps">{"".join(nav)}</nav></div>')
            parts.append(f'<div class="where">{_step_map(ev, c, T) if n <= MAX_STEP_MAPS else ""}</div></li>')
        parts.append("</ol>")
    credits = [
        T.gettext("Made with the Kazakhstan Science Cooperation Atlas from news articles; each step quotes its "
                  "article as written."),
        T.gettext("Country outlines: Natural Earth."),
    ]
    parts.append(f"<footer>{_e(' '.join(credits))}</footer></body></html>")
    return "".join(parts)


def story_frames(atlas: Atlas, selection: Selection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What story_html reads, for a selection of an atlas: the events' full rows,
    their sources and their articles' metadata (read now)."""
    events = to_pandas(selection.full_rows())
    ids = events["event_id"].astype(str).tolist()
    sources = to_pandas(load.event_sources_of(atlas.tables, ids))
    article_ids = sorted(set(sources["article_id"].astype(str)) | set(events["evidence_article_id"].astype(str)))
    articles = to_pandas(atlas.tables.articles.filter(pl.col("article_id").is_in(article_ids)))
    return events, sources, articles


def story_html_of(
    atlas: Atlas,
    selection: Selection,
    T: Translator,
    *,
    world: dict[str, Any] | None = None,
    filters: flt.Filters | None = None,
    undated: str = UNDATED_LAST,
    app_url: str | None = None,
) -> str:
    """The page of the story of a selection of an atlas: the dashboard's "Download
    story (HTML)" and the ``story`` command."""
    events, sources, articles = story_frames(atlas, selection)
    return story_html(events, sources, articles, T, world=world, filters=filters, undated=undated, app_url=app_url)


def story_html_from_query(
    atlas: Atlas,
    query: Mapping[str, Any],
    *,
    world: dict[str, Any] | None = None,
    app_url: str | None = None,
) -> tuple[str, list[str]]:
    """The page of the story a dashboard link describes (its filters, ``lang`` and
    ``story_undated``), and the link's notices, as the dashboard would show them."""
    lang, notices = choose_language(query)
    T = translator(lang)
    f, filter_notices = flt.filters_from_query(query, atlas.options)
    state, story_notices = story_from_query(query, T)
    page = story_html_of(atlas, atlas.select(f), T, world=world, filters=f, undated=state.undated, app_url=app_url)
    return page, notices + filter_notices + story_notices
