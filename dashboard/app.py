"""Kazakhstan Science Cooperation Atlas — the Streamlit dashboard.

A thin script: it loads the built data folder ($KZATLAS_DATA or data/) through
kzatlas.viz.load, restores filters and the opened event from the URL, and wires
the pure functions of kzatlas.viz (filters, map, timeline, reader, exports) to
widgets. Text from the data set is never passed to Markdown: it goes through
st.text, st.dataframe, escaped st.html, or the escaped reader page, so hostile
articles show literally. Run with ``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import uuid
from pathlib import Path
from typing import Any

# Memory (Streamlit Community Cloud allows about 690 MB): Polars' allocator hands
# freed pages back at once instead of keeping them for reuse (read when Polars is
# first imported, below), and Arrow's buffers (st.dataframe's serialisation, the
# loader's checks) come from the system allocator, not a pool that only grows.
# benchmarks/bench_dashboard.py measures the effect (100,000 events: peak ~70 MB lower).
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

import pyarrow as pa  # noqa: E402
import streamlit as st  # noqa: E402
import streamlit.components.v1 as components  # noqa: E402

pa.set_memory_pool(pa.system_memory_pool())

from kzatlas.build import uploads  # noqa: E402
from kzatlas.errors import ConfigError, DataMissingError, SchemaError  # noqa: E402
from kzatlas.paths import WORLD_GEOJSON, data_dir_from_env  # noqa: E402
from kzatlas.viz import charts, engine, export, load, maps, reader  # noqa: E402
from kzatlas.viz import filters as flt  # noqa: E402
from kzatlas.viz.notices import notice_html  # noqa: E402

st.set_page_config(page_title="Kazakhstan Science Cooperation Atlas", page_icon="🛰️", layout="wide")

# Date pickers refuse values outside their bounds; these are wide enough for any
# plausible link yet keep a hostile "from=0001-01-01" from raising.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
LIST_KEYS = {"countries": "f_countries", "institutions": "f_insts", "kinds": "f_kinds", "topics": "f_topics", "languages": "f_langs"}
MAX_PLACE_EVENTS = 200
#: Rows sent to the table: beyond this a grid is scrolled, not read (the downloads hold all).
MAX_TABLE_ROWS = 1000


# ---------------------------------------------------------------- cached loading

# cache_resource, not cache_data: one shared, immutable Atlas (Polars frames) for
# every session instead of a pickled copy per rerun.
@st.cache_resource(show_spinner="Loading the atlas…", max_entries=2)
def _load(path: str, signature: tuple) -> engine.Atlas:  # signature: cache key only
    return engine.Atlas.open(Path(path))


@st.cache_resource(max_entries=4)
def _options(path: str, signature: tuple, upload_token: str, _data: engine.Atlas) -> flt.FilterOptions:
    return _data.options


@st.cache_resource(max_entries=4)
def _color_keys(path: str, signature: tuple, upload_token: str, color_by: str, _data: engine.Atlas) -> list[str]:
    return _data.color_keys(color_by)


@st.cache_resource(max_entries=2)
def _merged(path: str, signature: tuple, upload_token: str, _data: engine.Atlas, _up: engine.Upload):
    return engine.merge_upload(_data, _up)


@st.cache_resource(max_entries=2)
def _world(path: str, mtime: float) -> dict | None:
    return load.load_world(Path(path))


def _world_for(data_dir: Path) -> dict | None:
    path = data_dir / WORLD_GEOJSON.name
    if not path.exists():
        path = WORLD_GEOJSON
    if not path.exists():
        return None
    return _world(str(path), path.stat().st_mtime)


# Derived views, cached per (data, uploads, filters, brush[, switch]): a click on the
# map, table or timeline reruns the script with the same filters, and then costs
# nothing here. Frames are shared read-only (see _load); few entries bound memory.
@st.cache_resource(max_entries=4)
def _core(path: str, sig: tuple, up: str, filters: flt.Filters, brush: Any, _data: engine.Atlas):
    filtered = _data.select(filters)
    view = filtered.brushed(brush)
    return filtered, view, view.counts()


@st.cache_resource(max_entries=2)
def _map(path: str, sig: tuple, up: str, filters: flt.Filters, brush: Any, color_by: str, _data: engine.Atlas):
    view = _core(path, sig, up, filters, brush, _data=_data)[1]
    places = maps.aggregate_places(view.places(), color_by, _color_keys(path, sig, up, color_by, _data=_data))
    return places, maps.build_deck(places, view.arcs(), _world_for(Path(path)))


@st.cache_resource(max_entries=2)
def _timeline(path: str, sig: tuple, up: str, filters: flt.Filters, rows_by: str, _data: engine.Atlas):
    filtered = _core(path, sig, up, filters, None, _data=_data)[0]
    if charts.timeline_is_dense(filtered.n_dated):
        return True, charts.density_chart(filtered.period_counts(rows_by), rows_by)
    return False, charts.timeline_chart(filtered.events_frame(dated_only=True), rows_by)


@st.cache_resource(max_entries=2)
def _table(path: str, sig: tuple, up: str, filters: flt.Filters, brush: Any, _data: engine.Atlas):
    view = _core(path, sig, up, filters, brush, _data=_data)[1]
    return export.events_table(view.rows(limit=MAX_TABLE_ROWS))


def _show_page(page: str, height: int) -> None:
    """Render a full HTML page (the reader, wrapped by reader.isolated) in its own
    iframe, so its scroll script moves only the article; st.iframe replaces
    components.html in newer Streamlit."""
    if hasattr(st, "iframe"):
        st.iframe(page, height=height)
    else:
        components.html(page, height=height, scrolling=True)


def _heading(text: str, level: int = 4) -> None:
    """A heading from data text, escaped (st.subheader would render Markdown/LaTeX)."""
    st.html(f"<h{level} style='margin:0.2rem 0'>{html.escape(text)}</h{level}>")


# ---------------------------------------------------------------- load or explain

data_dir = data_dir_from_env()
try:
    data = _load(str(data_dir), load.data_signature(data_dir))
except DataMissingError:
    st.title("Kazakhstan Science Cooperation Atlas")
    st.info(
        "No built data found. Build it from the seed articles with the command below "
        "(it works offline), then reload this page."
    )
    st.code(load.BUILD_COMMAND, language="bash")
    st.text(f"Data folder: {data_dir}")  # st.text: a path is not Markdown
    st.stop()
except SchemaError as exc:
    st.title("Kazakhstan Science Cooperation Atlas")
    st.error("The data folder does not match the schema; rebuild it with the command below.")
    st.text(str(exc))
    st.code(load.BUILD_COMMAND, language="bash")
    st.stop()

base_data = data
upload = st.session_state.get("upload")  # dict set by _process_uploads, or None
upload_merge: engine.UploadMerge | None = None
upload_token = str(upload.get("token") or id(upload["upload"])) if upload else ""
if upload is not None:
    data, upload_merge = _merged(str(data_dir), load.data_signature(data_dir), upload_token, data, upload["upload"])
options = _options(str(data_dir), load.data_signature(data_dir), upload_token, data)


# ---------------------------------------------------------------- state: URL → session

def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _set_widgets(f: flt.Filters) -> None:
    lo = f.date_from or options.min_date
    hi = f.date_to or options.max_date
    if lo and hi:
        st.session_state["f_dates"] = (max(lo, DATE_MIN), min(hi, DATE_MAX))
    for name, key in LIST_KEYS.items():
        st.session_state[key] = list(getattr(f, name))
    st.session_state["f_text"] = f.text
    st.session_state["f_planned"] = f.include_planned
    st.session_state["f_undated"] = f.include_undated


notices: list[str] = []
if "_init" not in st.session_state:
    st.session_state["_init"] = True
    q = _query_dict()
    f0, notices = flt.filters_from_query(q, options)
    event0, ev_notices = flt.event_from_query(q, options.event_ids)
    notices += ev_notices
    for d, label in ((f0.date_from, "from"), (f0.date_to, "to")):
        if d is not None and not (DATE_MIN <= d <= DATE_MAX):
            notices.append(f"The link's '{label}' date {d} is outside {DATE_MIN.year}–{DATE_MAX.year}; clamped it.")
    _set_widgets(f0)
    st.session_state["sel_event"] = event0


def _chart_key(name: str) -> str:
    """Chart widget keys carry a generation number: a chart's selection (brush, map
    click) cannot be reset from Python, but a new key starts it empty."""
    return f"{name}_{st.session_state.get('_chart_gen', 0)}"


def _clear_filters() -> None:
    _set_widgets(flt.Filters())
    st.session_state["_chart_gen"] = st.session_state.get("_chart_gen", 0) + 1
    st.session_state["sel_event"] = None
    st.query_params.clear()


def _open_event(event_id: str | None) -> None:
    if event_id:
        st.session_state["sel_event"] = event_id


def _on_place_pick() -> None:
    _open_event(st.session_state.get("place_pick"))


def _on_timeline() -> None:
    _open_event(charts.picked_event(st.session_state.get(_chart_key("timeline"))))


def _on_table() -> None:
    state = st.session_state.get("table")
    try:
        rows = state["selection"]["rows"]
    except (KeyError, TypeError):
        return
    ids = st.session_state.get("_table_ids", [])
    if rows and 0 <= rows[0] < len(ids):
        _open_event(ids[rows[0]])
        st.toast("The article is open in the reader at the top right.", icon="📰")


def _close_reader() -> None:
    st.session_state["sel_event"] = None


# ---------------------------------------------------------------- uploads

UPLOAD_TYPES = [s.lstrip(".") for s in uploads.UPLOAD_SUFFIXES]


def _process_uploads(files: list[Any]) -> bool:
    """Run the files through the pipeline under the session's upload budget
    (kzatlas.build.uploads); keep all of the session's uploads and this batch's
    refusals in the session. A report of an event the atlas already holds becomes
    another source of it (engine.read_upload). False (with a message) when it failed."""
    try:
        limits = uploads.UploadLimits.from_env()
    except ConfigError as exc:
        st.error("Uploads are switched off: a setting of this server has an unusable value.")
        st.text(str(exc))
        return False
    with st.status(f"Extracting events from {len(files)} file(s)…", expanded=False) as status:
        try:
            up = engine.read_upload(
                base_data, [(f.name, f.getvalue()) for f in files], st.session_state.get("upload_session"), limits
            )
        except Exception as exc:  # noqa: BLE001 — an odd upload must give a message, not a traceback
            status.update(label="The upload could not be processed.", state="error")
            st.text(f"{type(exc).__name__}: {exc}")
            return False
        n_events = len(up.tables.events) + len(up.attached)
        status.update(label=f"{n_events} event(s) from {len(up.articles)} article(s).", state="complete")
    st.session_state["upload_session"] = up.session
    st.session_state["upload_refused"] = up.report["skipped"]
    # A new uploader widget: Streamlit frees the files the old one held.
    st.session_state["_upload_gen"] = st.session_state.get("_upload_gen", 0) + 1
    if up.articles:
        st.session_state["upload"] = {
            "upload": up,
            "report": up.report,
            "articles": up.articles,
            "token": uuid.uuid4().hex,  # cache key of the views that include these events
        }
    return True


def _drop_uploads() -> None:
    st.session_state.pop("upload", None)
    st.session_state.pop("upload_refused", None)
    if st.session_state.get("upload_session") is not None:
        st.session_state["upload_session"] = st.session_state["upload_session"].without_articles()


# ---------------------------------------------------------------- sidebar filters

# The date widget's full range means "no date filter". When the bounds move (uploads
# added or removed), a widget still at the old full range follows to the new one.
_bounds = (options.min_date, options.max_date)
if st.session_state.get("_date_bounds") != _bounds:
    if tuple(st.session_state.get("f_dates") or ()) == st.session_state.get("_date_bounds") and all(_bounds):
        st.session_state["f_dates"] = _bounds
    st.session_state["_date_bounds"] = _bounds

with st.sidebar:
    st.header("Filters")
    if options.min_date and options.max_date:
        st.date_input("Date range", min_value=DATE_MIN, max_value=DATE_MAX, key="f_dates", format="YYYY-MM-DD")
    st.multiselect(
        "Partner country",
        options.countries,
        key="f_countries",
        format_func=lambda c: f"{flt.country_name(c)} ({c})",
        placeholder="All countries",
    )
    st.multiselect("Institution", options.institutions, key="f_insts", placeholder="Type to search institutions")
    st.multiselect("Kind", options.kinds, key="f_kinds", placeholder="All kinds")
    st.multiselect("Topic", options.topics, key="f_topics", placeholder="All topics")
    st.multiselect(
        "Article language", options.languages, key="f_langs", format_func=reader.language_name, placeholder="All languages"
    )
    st.text_input("Search evidence and names", key="f_text", max_chars=flt.MAX_TEXT_LEN, placeholder="e.g. CERN, Байконур")
    st.checkbox("Include planned events", key="f_planned")
    st.checkbox("Include undated events", key="f_undated")
    st.button("Clear filters", on_click=_clear_filters, width="stretch")

    with st.expander("Add articles", expanded=upload is not None or "upload_refused" in st.session_state):
        files = st.file_uploader(
            "Article files (.txt, .md, .html; up to 2 MB each)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"uploads_{st.session_state.get('_upload_gen', 0)}",
        )
        if st.button("Extract events", disabled=not files, width="stretch") and _process_uploads(files or []):
            st.rerun()  # so the header, map and timeline include the new events
        for item in (st.session_state.get("upload_refused") or [])[:10]:
            st.text(f"Skipped {item.get('file', '?')}: {item.get('reason', '')}")  # st.text: names are user input
        if upload is not None and upload_merge is not None:
            st.caption(
                f"{upload_merge.new_events} new event(s) from {len(upload['articles'])} uploaded article(s) are on "
                "the map and timeline with a magenta outline."
                + (f" {upload_merge.added_sources} report(s) of events already in the atlas were added to them as "
                   "sources (see the reader's source switcher)." if upload_merge.added_sources else "")
                + (f" {upload_merge.known_articles} article(s) are already in the atlas." if upload_merge.known_articles else "")
            )
            st.download_button(
                "Download for seeds/ (zip)",
                lambda: export.seeds_bundle(upload["articles"]),
                file_name="kz_atlas_uploaded_articles.zip",
                mime="application/zip",
                on_click="ignore",
                width="stretch",
            )
            st.button("Remove uploaded events", on_click=_drop_uploads, width="stretch")


def _filters_from_widgets() -> flt.Filters:
    date_from = date_to = None
    dates = st.session_state.get("f_dates")
    if isinstance(dates, (list, tuple)) and dates:
        date_from = dates[0] if dates[0] != options.min_date else None
        if len(dates) > 1:
            date_to = dates[1] if dates[1] != options.max_date else None
    return flt.Filters(
        date_from=date_from,
        date_to=date_to,
        text=(st.session_state.get("f_text") or "").strip(),
        include_planned=bool(st.session_state.get("f_planned", True)),
        include_undated=bool(st.session_state.get("f_undated", True)),
        **{name: tuple(st.session_state.get(key) or ()) for name, key in LIST_KEYS.items()},
    )


filters = _filters_from_widgets()
sel_event: str | None = st.session_state.get("sel_event")

# session → URL, only when it changed (writing the same query would still cost a message).
wanted = flt.filters_to_query(filters, event=sel_event)
if {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()} != _query_dict():
    st.query_params.from_dict(wanted)

brush = charts.brush_range(st.session_state.get(_chart_key("timeline")))
_key = (str(data_dir), load.data_signature(data_dir), upload_token, filters, brush)
filtered, view, c = _core(*_key, _data=data)


# ---------------------------------------------------------------- header

st.title("Kazakhstan Science Cooperation Atlas")
st.caption(
    "Kazakhstan's international cooperation in science, higher education, space and nuclear research, "
    "extracted from news articles in English, Russian, Kazakh and French."
)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Events", c["events"])
m2.metric("Partners", c["partners"])
m3.metric("Countries", c["countries"])
m4.metric("Articles", c["articles"])

# One container for everything conditional above the map, so the elements after it
# keep their positions (and widget state) whether or not a notice shows.
with st.container():
    for n in notices:
        st.html(notice_html(n))  # notices quote the link's values: literal text, never a link
    if brush:
        st.caption(f"Timeline selection: {brush[0]} – {brush[1]} (click an empty spot of the timeline, or “Clear filters”, to clear it).")
    if len(view) == 0:
        st.info("No events match the current filters. Loosen them or press “Clear filters” in the sidebar.")


# ---------------------------------------------------------------- main: map + timeline | place panel + reader

left, right = st.columns([3, 2], gap="medium")

with left:
    color_by = st.radio("Colour the map by", maps.COLOR_BY, horizontal=True, key="color_by")
    places, deck = _map(*_key, color_by, _data=data)
    map_state = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=_chart_key("map"), height=500)
    st.html(maps.legend_html(maps.legend_rows(places), with_new=bool(places["n_new"].sum()) if len(places) else False))
    n_nocoords = view.n_without_coords
    if n_nocoords:
        st.caption(f"{n_nocoords} event(s) in this selection have no coordinates and are not on the map; see the table.")

    st.subheader("Timeline")
    rows_by = st.radio("Timeline rows", charts.ROWS_BY, horizontal=True, key="rows_by")
    n_dated = filtered.n_dated
    if n_dated == 0:
        st.info("No dated events in this selection.")
    else:
        dense, chart = _timeline(*_key[:4], rows_by, _data=data)
        st.altair_chart(
            chart, on_select=_on_timeline, key=_chart_key("timeline"), width="stretch", height=charts.chart_height(chart) + 90
        )
        if dense:
            st.caption(
                f"{n_dated:,} dated events: shown as counts per period. Narrow the filters to "
                f"{charts.DETAIL_MAX_EVENTS:,} or fewer to see and click single events."
            )
    undated = filtered.n_undated
    st.caption(
        "Points: day-precision events; bars: month or year. Hollow marks are planned events. "
        "Drag to select a period (filters the map, table and counts); click a mark to read its article."
        + (f" {undated} undated event(s) are not on the timeline." if undated else "")
    )

with right:
    place_key = maps.selected_place(map_state)
    if place_key:
        at_place = view.at_place(place_key)
        if at_place.empty:
            st.info("The selected place has no events under the current filters.")
        else:
            _heading(f"{at_place['place_name'].iloc[0]} — {len(at_place)} event(s)")
            listed = at_place.head(MAX_PLACE_EVENTS)
            labels = {
                r.event_id: f"{reader.date_label(r.date_start, r.date_precision, r.date_partial)} · {r.kind} · {', '.join(r.partners) or '—'} — {reader.snippet(r.evidence, 80)}"
                for r in listed.itertuples(index=False)
            }
            st.dataframe(
                listed.assign(
                    date=[reader.date_label(s, p, d) for s, p, d in zip(listed["date_start"], listed["date_precision"], listed["date_partial"])],
                    partners_=[", ".join(p) for p in listed["partners"]],
                    snippet=[reader.snippet(e, 120) for e in listed["evidence"]],
                )[["date", "kind", "partners_", "snippet"]],
                hide_index=True,
                column_config={"partners_": "partners", "snippet": "evidence"},
                height=min(38 + 35 * len(listed), 250),
            )
            st.selectbox(
                "Read an event's article",
                list(labels),
                index=None,
                format_func=lambda i: labels.get(i, i),
                key="place_pick",
                on_change=_on_place_pick,
                placeholder="Choose an event…",
            )
    else:
        st.caption("Click a point on the map to list its events; click a timeline mark or a table row to read its article.")

    if sel_event:
        try:  # the event's full row, its sources and its article are read now, from disk
            event = data.event(sel_event)
        except SchemaError as exc:  # a rebuild replaced the files since this page loaded them
            st.warning("The data folder changed while this page was drawn; reload the page.")
            st.text(str(exc))
            event = None
            sel_event = None
        if sel_event is None:
            pass
        elif event is None:
            st.warning("The selected event is not in this data set (it may have been rebuilt).")
        else:
            srcs = data.sources(event)
            article_ids = list(dict.fromkeys(srcs["article_id"]))
            art_id = article_ids[0]
            if len(article_ids) > 1:
                titles = {a: t or a for a, t in data.titles(article_ids).items()}
                art_id = st.selectbox(
                    f"Source article ({len(article_ids)} report this event)",
                    article_ids,
                    format_func=lambda a: titles.get(a, a),
                    key=f"src_{sel_event}",
                )
            article = data.article(art_id)
            if article is None:
                st.warning("The article of this event is missing from articles.jsonl; rebuild the data.")
            else:
                src = srcs[srcs["article_id"] == art_id].iloc[0]
                _heading(article.get("title") or art_id, 3)
                facts = [
                    ("When", reader.date_label(event["date_start"], event["date_precision"], event["date_partial"])
                     + (f" (“{event['date_text']}”)" if event["date_text"] else "")),
                    ("Kind", event["kind"] + (" (planned)" if event["planned"] else "")),
                    ("Kazakh side", ", ".join(event["kazakh_side"]) or "—"),
                    ("Partners", ", ".join(event["partners"]) or "—"),
                    ("Place", event["place_name"] or "—"),
                ]
                st.html(
                    "<table style='font-size:0.85rem'>"
                    + "".join(f"<tr><th style='text-align:left;padding-right:0.6rem'>{html.escape(k)}</th>"
                              f"<td>{html.escape(str(v))}</td></tr>" for k, v in facts)
                    + "</table>"
                )
                if not event["has_coords"]:
                    st.caption("This event has no coordinates, so it is not on the map.")
                if not reader.safe_url(str(article.get("url") or "")):
                    st.caption("The original URL of this article is not known.")
                _show_page(
                    reader.isolated(
                        reader.reader_html(article, src["evidence"], int(src["evidence_start"]), int(src["evidence_end"]))
                    ),
                    height=520,
                )
            st.button("Close the article", on_click=_close_reader)


# ---------------------------------------------------------------- table and downloads

st.subheader("Events")
shown = _table(*_key, _data=data)
st.session_state["_table_ids"] = shown["event_id"].tolist()
if len(view) > len(shown):
    st.caption(f"Showing the newest {len(shown):,} of {len(view):,} events; narrow the filters or download them all.")
st.dataframe(
    shown,
    key="table",
    on_select=_on_table,
    selection_mode="single-row",
    hide_index=True,
    height=min(38 + 35 * max(len(shown), 1), 480),
    column_config={
        "partners_": "partners",
        "kazakh": "Kazakh side",
        "topics_": "topics",
        "place_name": "place",
        "source_count": st.column_config.NumberColumn("sources", help="Articles reporting the event"),
        "corrected": st.column_config.CheckboxColumn("corrected", help="Changed by corrections.csv"),
        "is_new": st.column_config.CheckboxColumn("new", help="From an article you uploaded in this session"),
        "snippet": st.column_config.TextColumn("evidence", width="large"),
    },
)
d1, d2 = st.columns(2)
# Callables: the files are built only when a button is clicked, not on every rerun.
d1.download_button(
    "Download CSV",
    lambda: export.events_csv(view.full_rows()),
    file_name="kz_atlas_events.csv",
    mime="text/csv",
    on_click="ignore",
    width="stretch",
)
d2.download_button(
    "Download GeoJSON",
    lambda: export.events_geojson(view.full_rows())[0],
    file_name="kz_atlas_events.geojson",
    mime="application/geo+json",
    on_click="ignore",
    width="stretch",
)
if n_nocoords:
    st.caption(f"The GeoJSON leaves out {n_nocoords} event(s) without coordinates.")
