"""Kazakhstan Science Cooperation Atlas — the Streamlit dashboard.

A thin script: it loads the built data folder ($KZATLAS_DATA or data/) through
kzatlas.viz.load, restores filters and the opened event from the URL, and wires
the pure functions of kzatlas.viz (filters, map, time control, reader, exports) to
widgets. The page: the map first and wide with the reader beside it (in a dialog
on a phone), the time control (histogram brush = the date range, playback) under
the map, then the counts and the events table. Text from the data set is never
passed to Markdown: it goes through st.text, st.dataframe, escaped st.html, or the
escaped reader page, so hostile articles show literally. Run with
``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from kzatlas.build import uploads
from kzatlas.errors import ConfigError, DataMissingError, SchemaError
from kzatlas.paths import WORLD_CITIES, WORLD_GEOJSON, data_dir_from_env
from kzatlas.viz import charts, export, load, maps, reader
from kzatlas.viz import filters as flt
from kzatlas.viz.notices import notice_html

st.set_page_config(page_title="Kazakhstan Science Cooperation Atlas", page_icon="🛰️", layout="wide")

# Date pickers refuse values outside their bounds; these are wide enough for any
# plausible link yet keep a hostile "from=0001-01-01" from raising.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
LIST_KEYS = {"countries": "f_countries", "institutions": "f_insts", "kinds": "f_kinds", "topics": "f_topics", "languages": "f_langs"}
MAX_PLACE_EVENTS = 200
#: Rows sent to the table: beyond this a grid is scrolled, not read (the downloads hold all).
MAX_TABLE_ROWS = 5000
MAP_HEIGHT = 540
READER_HEIGHT = 430
#: Playback speeds: seconds per frame.
SPEEDS = {"slow": 2.5, "normal": 1.5, "fast": 0.8}

# Compact page top, so that on a phone the map is on the first screen.
PAGE_CSS = """<style>
.block-container{padding-top:3rem;padding-bottom:1rem;padding-left:1.5rem;padding-right:1.5rem}
h1{font-size:1.55rem !important;padding:0 0 0.2rem 0 !important}
</style>"""


# ---------------------------------------------------------------- cached loading

# cache_resource, not cache_data: one shared, read-only copy instead of unpickling
# ~30 MB per rerun at 20,000 events (half a second each time). Safe because every
# kzatlas.viz function returns new frames and never mutates its input (tested).
@st.cache_resource(show_spinner="Loading the atlas…", max_entries=2)
def _load(path: str, signature: tuple) -> load.AtlasData:  # signature: cache key only
    return load.load_data(Path(path))


@st.cache_resource(max_entries=4)
def _options(path: str, signature: tuple, upload_token: str, _data: load.AtlasData) -> flt.FilterOptions:
    return flt.filter_options(_data.events)


@st.cache_resource(max_entries=2)
def _merged(path: str, signature: tuple, upload_token: str, _data: load.AtlasData, _up: load.AtlasData):
    return load.merge_uploads(_data, _up)


@st.cache_resource(max_entries=2)
def _world(path: str, mtime: float) -> dict | None:
    return load.load_world(Path(path))


@st.cache_resource(max_entries=2)
def _cities(path: str, mtime: float):
    return maps.read_cities(Path(path))


def _beside_data(data_dir: Path, default: Path) -> Path | None:
    path = data_dir / default.name
    if not path.exists():
        path = default
    return path if path.exists() else None


def _world_for(data_dir: Path) -> dict | None:
    path = _beside_data(data_dir, WORLD_GEOJSON)
    return None if path is None else _world(str(path), path.stat().st_mtime)


def _cities_for(data_dir: Path):
    path = _beside_data(data_dir, WORLD_CITIES)
    return None if path is None else _cities(str(path), path.stat().st_mtime)


# Colours and point positions come from the built data set as a whole (not the
# selection, not the uploads), so neither changes meaning when a filter changes.
@st.cache_resource(max_entries=4)
def _palette(path: str, sig: tuple, color_by: str, _base: load.AtlasData) -> dict:
    return maps.stable_palette(_base.events, color_by)


@st.cache_resource(max_entries=2)
def _points(path: str, sig: tuple, _base: load.AtlasData) -> maps.PointTable:
    return maps.point_table(_base.events, _world_for(Path(path)))


# Derived views, cached per (data, uploads, filters): a click on the map, the list
# or the table reruns the script with the same filters, and then costs nothing here.
@st.cache_resource(max_entries=6)
def _view(path: str, sig: tuple, up: str, filters: flt.Filters, _data: load.AtlasData):
    view = flt.apply_filters(_data.events, filters)
    return view, flt.counts(view)


@st.cache_resource(max_entries=4)
def _places(path: str, sig: tuple, up: str, filters: flt.Filters, color_by: str, _data, _base):
    view = _view(path, sig, up, filters, _data=_data)[0]
    points = _points(path, sig, _base=_base)
    places = maps.aggregate_places(view, color_by, _palette(path, sig, color_by, _base=_base), points)
    return places, maps.aggregate_arcs(view, points=points)


@st.cache_resource(max_entries=4)
def _histogram(path: str, sig: tuple, up: str, filters: flt.Filters, color_by: str, granularity: str, _data, _base):
    undated_base = flt.apply_filters(_data.events, dataclasses.replace(filters, date_from=None, date_to=None))
    colors = _palette(path, sig, color_by, _base=_base)
    return charts.histogram_frame(undated_base, granularity, color_by, colors), charts.undated_count(undated_base)


@st.cache_resource(max_entries=2)
def _table(path: str, sig: tuple, up: str, filters: flt.Filters, _data: load.AtlasData):
    return export.events_table(_view(path, sig, up, filters, _data=_data)[0], limit=MAX_TABLE_ROWS)


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


def _is_phone() -> bool:
    """A phone's browser (its user agent says Mobile/Android): the map is fitted to a
    narrow screen and the reader opens in a dialog over the map."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 — no request context (tests)
        return False
    return "Mobi" in agent or "Android" in agent


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

base = data
upload = st.session_state.get("upload")  # dict set by _process_uploads, or None
n_upload_dups = 0
upload_token = str(upload.get("token") or id(upload["data"])) if upload else ""
SIG = load.data_signature(data_dir)
if upload is not None:
    data, n_upload_dups = _merged(str(data_dir), SIG, upload_token, data, upload["data"])
options = _options(str(data_dir), SIG, upload_token, data)
events_all = data.events
PHONE = _is_phone()


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
    st.session_state["f_undated_range"] = f.undated_in_range


def _bump(*gens: str) -> None:
    """New keys for charts: a chart's selection (brush, map click) cannot be reset
    from Python, but a chart under a new key starts from its spec again."""
    for g in gens:
        st.session_state[g] = st.session_state.get(g, 0) + 1


def _key(name: str) -> str:
    return f"{name}_{st.session_state.get('_gen_' + name, 0)}"


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
    st.session_state["sel_point"] = None
    st.session_state["hist_by"] = charts.granularity_for(options.min_date, options.max_date)

# A playback frame (set by the timer below) becomes the date range before the widgets exist.
if "_pending_dates" in st.session_state:
    st.session_state["f_dates"] = st.session_state.pop("_pending_dates")
    _bump("_gen_time")


def _clear_filters() -> None:
    _set_widgets(flt.Filters())
    _bump("_gen_map", "_gen_time", "_gen_list")
    st.session_state["sel_event"] = None
    st.session_state["sel_point"] = None
    st.session_state["sel_under"] = []
    st.session_state["_playing"] = False
    st.query_params.clear()


def _open_event(event_id: str | None) -> None:
    if event_id:
        st.session_state["sel_event"] = event_id
        st.session_state["_reader_dialog"] = False


def _on_map() -> None:
    """A click on a point: remember the point (the page opens its article when it has
    one event, else lists them), and forget the click in the chart so that
    Streamlit does not grey out every other point; the page rings the point itself."""
    point = maps.selected_point(st.session_state.get(_key("map")))
    if point:
        drawn, zoom = st.session_state.get("_drawn", (None, 0.0))
        st.session_state["sel_under"] = maps.points_under(drawn, point, zoom) if drawn is not None else [point]
        st.session_state["sel_point"] = point
        st.session_state["_point_fresh"] = True
        st.session_state["sel_event"] = None
        _bump("_gen_list")
    _bump("_gen_map")


def _picked_row(widget_key: str, ids_key: str) -> str | None:
    """The id behind the row clicked in a single-row data grid (ids kept in the session)."""
    ids = st.session_state.get(ids_key, [])
    try:
        rows = st.session_state.get(widget_key)["selection"]["rows"]
    except (KeyError, TypeError):
        return None
    return ids[rows[0]] if rows and 0 <= rows[0] < len(ids) else None


def _on_overview() -> None:
    point = _picked_row(_key("overview"), "_overview_ids")
    if point:
        st.session_state["sel_point"] = point
        st.session_state["sel_under"] = [point]
        st.session_state["_point_fresh"] = True
        _bump("_gen_list", "_gen_overview")


def _on_list() -> None:
    _open_event(_picked_row(_key("list"), "_list_ids"))


def _on_table() -> None:
    picked = _picked_row(st.session_state.get("_table_key", ""), "_table_ids")
    if picked and picked != st.session_state.get("sel_event"):
        _open_event(picked)
        st.session_state["sel_point"] = None
        # The table is below the map, out of sight of the side panel: a dialog opens
        # where the user is looking.
        st.session_state["_reader_dialog"] = True


def _close_reader() -> None:
    st.session_state["sel_event"] = None
    st.session_state["_reader_dialog"] = False
    if not st.session_state.get("_point_multi"):
        st.session_state["sel_point"] = None


def _back_to_list() -> None:
    st.session_state["sel_event"] = None
    _bump("_gen_list")


def _on_dates() -> None:
    _bump("_gen_time")
    st.session_state["_playing"] = False


def _on_brush() -> None:
    """The histogram's brush is the date range: snapped to whole periods and written
    to the date fields (and from there to the URL); an emptied brush clears it. A
    chart drawn with a range reports it back as its brush: that is no change, and
    must not stop a playback."""
    window = charts.brush_range(st.session_state.get(_key("time")))
    gran = st.session_state.get("hist_by", "year")
    if window is None:
        wanted = (options.min_date, options.max_date)
    else:
        lo, hi = charts.snap(window, gran)
        wanted = (max(lo, DATE_MIN), min(hi, DATE_MAX))
    if not all(wanted) or tuple(st.session_state.get("f_dates") or ()) == wanted:
        return
    st.session_state["f_dates"] = wanted
    st.session_state["_playing"] = False


# ---------------------------------------------------------------- uploads

UPLOAD_TYPES = [s.lstrip(".") for s in uploads.UPLOAD_SUFFIXES]


def _process_uploads(files: list[Any]) -> bool:
    """Run the files through the pipeline under the session's upload budget
    (kzatlas.build.uploads); keep all of the session's uploads and this batch's
    refusals in the session. False (with a message shown) when it failed."""
    try:
        limits = uploads.UploadLimits.from_env()
    except ConfigError as exc:
        st.error("Uploads are switched off: a setting of this server has an unusable value.")
        st.text(str(exc))
        return False
    with st.status(f"Extracting events from {len(files)} file(s)…", expanded=False) as status:
        try:
            result = uploads.process_uploads(
                [(f.name, f.getvalue()) for f in files], st.session_state.get("upload_session"), limits
            )
            upload_data = load.frames_from_rows(result.events, result.articles, result.sources)
        except Exception as exc:  # noqa: BLE001 — an odd upload must give a message, not a traceback
            status.update(label="The upload could not be processed.", state="error")
            st.text(f"{type(exc).__name__}: {exc}")
            return False
        status.update(label=f"{len(result.events)} event(s) from {len(result.articles)} article(s).", state="complete")
    st.session_state["upload_session"] = result.session
    st.session_state["upload_refused"] = result.report["skipped"]
    # A new uploader widget: Streamlit frees the files the old one held.
    st.session_state["_upload_gen"] = st.session_state.get("_upload_gen", 0) + 1
    if result.articles:
        st.session_state["upload"] = {
            "data": upload_data,
            "report": result.report,
            "articles": result.articles,
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
        st.date_input("Date range", min_value=DATE_MIN, max_value=DATE_MAX, key="f_dates", format="YYYY-MM-DD",
                      on_change=_on_dates, help="Also set by brushing the histogram under the map.")
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
    st.text_input("Search names and evidence", key="f_text", max_chars=flt.MAX_TEXT_LEN,
                  placeholder="e.g. CERN, Байконур, ОИЯИ", help="Places and institutions are found by any of their names, in any script.")
    st.checkbox("Include planned events", key="f_planned")
    st.checkbox("Include undated events", key="f_undated")
    st.checkbox("Keep undated events when a date range is set", key="f_undated_range",
                help="A date range says nothing about undated events, so it leaves them out unless this is ticked.")
    st.button("Clear filters", on_click=_clear_filters, width="stretch", key="clear_filters")

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
        if upload is not None:
            n_new = int(events_all["is_new"].astype(bool).sum())
            st.caption(
                f"{n_new} new event(s) from {len(upload['articles'])} uploaded article(s) are on the map and "
                "timeline with a magenta outline."
                + (f" {n_upload_dups} already in the atlas." if n_upload_dups else "")
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
        undated_in_range=bool(st.session_state.get("f_undated_range", False)),
        **{name: tuple(st.session_state.get(key) or ()) for name, key in LIST_KEYS.items()},
    )


filters = _filters_from_widgets()
_k = (str(data_dir), SIG, upload_token, filters)
view, c = _view(*_k, _data=data)

# A click on a point with one event opens it at once; with several, the list shows.
sel_point: str | None = st.session_state.get("sel_point")
under = st.session_state.get("sel_under") or ([sel_point] if sel_point else [])
if sel_point and sel_point not in under:
    under = [sel_point]
at_point = maps.events_at_point(view, under) if sel_point else view.iloc[0:0]
st.session_state["_point_multi"] = len(at_point) > 1
if st.session_state.pop("_point_fresh", False) and len(at_point) == 1:
    st.session_state["sel_event"] = str(at_point["event_id"].iloc[0])
sel_event: str | None = st.session_state.get("sel_event")
event = load.event_by_id(events_all, sel_event) if sel_event else None

# session → URL, only when it changed (writing the same query would still cost a message).
wanted = flt.filters_to_query(filters, event=sel_event)
if {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()} != _query_dict():
    st.query_params.from_dict(wanted)


# ---------------------------------------------------------------- header

st.html(PAGE_CSS)
st.title("Kazakhstan Science Cooperation Atlas")
st.caption("Kazakhstan's international cooperation in science, higher education, space and nuclear research, "
           "from news in English, Russian, Kazakh and French. Click a point to read the article.")

# One container for everything conditional above the map, so the elements after it
# keep their positions (and widget state) whether or not a notice shows.
with st.container():
    for n in notices:
        st.html(notice_html(n))  # notices quote the link's values: literal text, never a link
    if view.empty:
        st.info("No events match the current filters. Loosen them or press “Clear filters” in the sidebar.")


# ---------------------------------------------------------------- the map, the time control


def map_panel() -> None:
    """Colour control, the map (ringed and centred on the open event), its legend."""
    color_by = st.radio("Colour by", maps.COLOR_BY, horizontal=True, key="color_by", label_visibility="collapsed")
    places, arcs = _places(*_k, color_by, _data=data, _base=base)
    selected = maps.point_of_event(event) if event is not None else sel_point
    view_state = maps.opening_view(places, arcs, selected, maps.PHONE_MAP_PX if PHONE else maps.DESKTOP_MAP_PX)
    deck = maps.build_deck(
        view, _world_for(data_dir), color_by, places=places, arcs=arcs, cities=_cities_for(data_dir),
        basemap=maps.basemap_from_env(), view=view_state, selected=selected,
    )
    # Where the points were drawn, for the next click: what else lies under the cursor.
    st.session_state["_drawn"] = (maps.dodge(places, view_state["zoom"])[["point_id", "lon", "lat", "radius"]],
                                  view_state["zoom"])
    st.pydeck_chart(deck, on_select=_on_map, selection_mode="single-object", key=_key("map"), height=MAP_HEIGHT)
    with_new = bool(places["n_new"].sum()) if len(places) else False
    st.html(maps.legend_html(maps.legend_rows(places), with_new=with_new))
    n_nocoords = int((~view["has_coords"]).sum())
    if n_nocoords:
        st.caption(f"{n_nocoords} event(s) in this selection have no coordinates and are not on the map; see the table.")


def _advance_playback() -> None:
    """One playback frame: the next window becomes the date range (or playback stops)."""
    bounds = (options.min_date, options.max_date)
    if not all(bounds):
        st.session_state["_playing"] = False
        return
    current = (filters.date_from or options.min_date, filters.date_to or options.max_date) if filters.has_range() else None
    nxt = charts.next_window(current, bounds, st.session_state.get("play_mode", "cumulative"),
                             st.session_state.get("hist_by", "year"), int(st.session_state.get("play_width", 3)))
    if nxt is None:
        st.session_state["_playing"] = False
        return
    st.session_state["_pending_dates"] = (max(nxt[0], DATE_MIN), min(nxt[1], DATE_MAX))


def _toggle_play() -> None:
    playing = not st.session_state.get("_playing", False)
    st.session_state["_playing"] = playing
    if playing:
        st.session_state["_play_last"] = time.monotonic()
        _advance_playback()


def _step_play() -> None:
    st.session_state["_playing"] = False
    _advance_playback()


def _rewind_play() -> None:
    st.session_state["_playing"] = False
    if options.min_date and options.max_date:
        st.session_state["_pending_dates"] = (options.min_date, options.max_date)


def _play_tick() -> None:
    """On the timer: the next frame, then a rerun of the whole page (map, counts and
    table follow). A rerun of the page runs this too; the time check keeps that
    from skipping a frame."""
    if not st.session_state.get("_playing"):
        return
    now = time.monotonic()
    if now - st.session_state.get("_play_last", 0.0) < SPEEDS[st.session_state.get("play_speed", "normal")] * 0.8:
        return
    st.session_state["_play_last"] = now
    _advance_playback()
    st.rerun(scope="app")


def time_panel() -> None:
    """The histogram (its brush is the date range), the playback controls, and the
    undated events counted apart."""
    color_by = st.session_state.get("color_by", maps.COLOR_BY[0])
    gran = st.session_state.get("hist_by", "year")
    frame, n_undated = _histogram(*_k, color_by, gran, _data=data, _base=base)
    colors = _palette(str(data_dir), SIG, color_by, _base=base)
    if options.min_date and options.max_date and len(frame):
        selected = (filters.date_from or options.min_date, filters.date_to or options.max_date) if filters.has_range() else None
        marker = None
        if event is not None and event.get("start") is not None and event["start"] == event["start"]:
            marker = event["start"].date()
        chart = charts.time_chart(frame, colors, color_by, (options.min_date, options.max_date), selected, marker, gran)
        st.altair_chart(chart, on_select=_on_brush, key=_key("time"), width="stretch", height=charts.HIST_HEIGHT + 30)
    else:
        st.caption("No dated events under these filters.")
    b1, b2, b3, b4, b5, b6 = st.columns([1.2, 1.1, 1.3, 2.2, 1.8, 1.2], vertical_alignment="bottom")
    playing = bool(st.session_state.get("_playing"))
    # Material icons: Streamlit ships their font, so they show offline and on any system.
    b1.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
              key="play_toggle", on_click=_toggle_play, width="stretch",
              help="Move a window through time; the map, counts and table follow")
    b2.button("Step", icon=":material/skip_next:", key="play_step", on_click=_step_play, width="stretch",
              help="One step of the playback")
    b3.button("All dates", icon=":material/restart_alt:", key="play_rewind", on_click=_rewind_play, width="stretch",
              help="Stop and clear the date range")
    b4.radio("Playback", charts.PLAY_MODES, key="play_mode", horizontal=True, label_visibility="collapsed",
             help="cumulative: everything up to the window's end; sliding: a window of fixed width")
    b5.select_slider("Speed", list(SPEEDS), value="normal", key="play_speed", label_visibility="collapsed")
    b6.number_input("Window", min_value=1, max_value=24, value=3, key="play_width", label_visibility="collapsed",
                    help="Width of the sliding window, in bars")
    h1, h2 = st.columns([1, 3], vertical_alignment="center")
    h1.radio("Bars per", charts.GRANULARITIES, key="hist_by", horizontal=True, on_change=_bump, args=("_gen_time",))
    if filters.has_range():
        lo = filters.date_from or options.min_date
        hi = filters.date_to or options.max_date
        note = f"Date range {lo} – {hi} (brush the histogram, or click outside the brush to clear it)."
        if n_undated and filters.include_undated:
            note += (f" {n_undated} undated event(s) are kept in the counts." if filters.undated_in_range
                     else f" {n_undated} undated event(s) are left out.")
    else:
        note = "Drag across the histogram to choose a date range."
        if n_undated and filters.include_undated:
            note += f" {n_undated} undated event(s) are not on the time axis but are in the counts."
    if playing:
        note = (f"Playing ({st.session_state.get('play_mode', 'cumulative')}): one step every "
                f"{SPEEDS[st.session_state.get('play_speed', 'normal')]:g} s. " + note)
    h2.caption(note)
    st.fragment(run_every=SPEEDS[st.session_state.get("play_speed", "normal")] if playing else None)(_play_tick)()


def counts_panel() -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Events", c["events"], help="Events matching the filters")
    m2.metric("Partners", c["partners"])
    m3.metric("Countries", c["countries"])
    m4.metric("Articles", c["articles"])
    if c["undated"]:
        st.caption(f"Of the {c['events']:,} events, {c['undated']:,} are undated.")
    elif filters.has_range() and filters.include_undated and not filters.undated_in_range:
        st.caption("Dated events only: a date range is set.")


# ---------------------------------------------------------------- the side panel: a point's events, the reader


def point_list() -> None:
    """The events at the clicked point: one click on a row opens its article."""
    if at_point.empty:
        st.info("The selected point has no events under the current filters.")
        return
    clicked = maps.events_at_point(at_point, sel_point)["place_name"].tolist()[:1] if sel_point else []
    places_here = list(dict.fromkeys(clicked + at_point["place_name"].tolist()))
    where = places_here[0] if len(places_here) == 1 else f"{places_here[0]} and {len(places_here) - 1} place(s) beneath"
    _heading(f"{where} — {len(at_point)} event{'s' if len(at_point) != 1 else ''}")
    listed = at_point.head(MAX_PLACE_EVENTS)
    st.session_state["_list_ids"] = listed["event_id"].tolist()
    st.caption("Click a row to read its article.")
    columns = (["place_name"] if len(places_here) > 1 else []) + ["date", "kind", "partners_", "snippet"]
    st.dataframe(
        listed.assign(
            date=[reader.date_label(s, p, d) for s, p, d in zip(listed["date_start"], listed["date_precision"], listed["date_partial"])],
            partners_=[", ".join(p) for p in listed["partners"]],
            snippet=[reader.snippet(e, 140) for e in listed["evidence"]],
        )[columns],
        hide_index=True,
        column_config={"place_name": "place", "partners_": "partners",
                       "snippet": st.column_config.TextColumn("evidence", width="large")},
        height=min(38 + 35 * len(listed), MAP_HEIGHT - 60),
        key=_key("list"),
        on_select=_on_list,
        selection_mode="single-row",
    )


def reader_panel() -> None:
    """The open event: a header that stays in view (title, publisher, date, language,
    link, source switcher) above the article, which scrolls in its own frame."""
    if event is None:
        st.warning("The selected event is not in this data set (it may have been rebuilt).")
        st.button("Close", on_click=_close_reader, key="close_missing")
        return
    srcs = load.sources_for_event(data.sources, event)
    article_ids = list(dict.fromkeys(srcs["article_id"]))
    articles = {a: load.article_by_id(data.articles, a) for a in article_ids}
    top = st.columns([3, 1], vertical_alignment="center")
    if st.session_state.get("_point_multi") and sel_point:
        top[0].button(f"← All {len(at_point)} events here", on_click=_back_to_list, key="back_to_list")
    top[1].button("Close", on_click=_close_reader, key="close_reader", width="stretch")
    art_id = article_ids[0]
    if len(article_ids) > 1:
        titles = {a: reader.display_title(articles[a] or {"title": a}) for a in article_ids}
        art_id = st.selectbox(
            f"Source article ({len(article_ids)} report this event)",
            article_ids,
            format_func=lambda a: titles.get(a, a),
            key=f"src_{sel_event}",
        )
    article = articles.get(art_id)
    if article is None:
        st.warning("The article of this event is missing from articles.jsonl; rebuild the data.")
        return
    src = srcs[srcs["article_id"] == art_id].iloc[0]
    st.html(reader.header_html(article, len(article_ids)))
    facts = [
        ("When", reader.date_label(event["date_start"], event["date_precision"], event["date_partial"])
         + (f" (“{event['date_text']}”)" if event["date_text"] else "")),
        ("Kind", event["kind"] + (" (planned)" if event["planned"] else "")),
        ("Kazakh side", ", ".join(event["kazakh_side"]) or "—"),
        ("Partners", ", ".join(event["partners"]) or "—"),
        ("Place", event["place_name"] or "—"),
    ]
    st.html(
        "<table style='font-size:0.82rem;margin:0'>"
        + "".join(f"<tr><th style='text-align:left;padding:0 0.6rem 0 0'>{html.escape(k)}</th>"
                  f"<td style='padding:0'>{html.escape(str(v))}</td></tr>" for k, v in facts)
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
        height=READER_HEIGHT,
    )


def places_overview() -> None:
    """With nothing open: the places of the selection, busiest first; a click on a
    row does what a click on its point does (and works without a pointer)."""
    color_by = st.session_state.get("color_by", maps.COLOR_BY[0])
    places = _places(*_k, color_by, _data=data, _base=base)[0]
    st.caption("Click a point on the map (or a place below): with one event its article opens here, with several "
               "they are listed. A row of the events table under the map opens its article too.")
    if places.empty:
        return
    st.session_state["_overview_ids"] = places["point_id"].tolist()
    st.dataframe(
        places[["place_name", "n_events", "color_label"]],
        hide_index=True,
        column_config={"place_name": "place", "n_events": st.column_config.NumberColumn("events"),
                       "color_label": st.session_state.get("color_by", "")},
        height=min(38 + 35 * len(places), MAP_HEIGHT - 40),
        key=_key("overview"),
        on_select=_on_overview,
        selection_mode="single-row",
    )


def side_panel() -> None:
    if sel_event:
        if PHONE or st.session_state.get("_reader_dialog"):
            # On a phone the column beside the map is below it, and a row of the table
            # is below the map: off-screen either way, so a dialog opens where the user
            # is looking.
            st.dialog("Article", width="large", on_dismiss=_close_reader)(reader_panel)()
            if sel_point:
                point_list()
            else:
                places_overview()
        else:
            reader_panel()
    elif sel_point:
        point_list()
    else:
        places_overview()


left, right = st.columns([5, 3], gap="medium")
with left:
    map_panel()
    time_panel()
    counts_panel()
with right:
    side_panel()


# ---------------------------------------------------------------- table and downloads

st.subheader("Events")
shown = _table(*_k, _data=data)
ids = shown["event_id"].tolist()
if sel_event and sel_event not in ids and event is not None and sel_event in set(view["event_id"]):
    # The open event is beyond the table's limit: shown first, so it can be highlighted.
    shown = pd.concat([export.events_table(view[view["event_id"] == sel_event]), shown], ignore_index=True)
    ids = shown["event_id"].tolist()
st.session_state["_table_ids"] = ids
open_row = ids.index(sel_event) if sel_event in ids else None
st.session_state["_table_key"] = f"table_{sel_event or ''}_{st.session_state.get('_gen_table', 0)}"
if len(view) > len(shown):
    st.caption(f"Showing the newest {len(shown):,} of {len(view):,} events; narrow the filters or download them all.")
st.dataframe(
    shown,
    key=st.session_state["_table_key"],
    on_select=_on_table,
    selection_mode="single-row",
    selection_default={"selection": {"rows": [open_row]}} if open_row is not None else None,
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
if open_row is not None:
    st.caption("The highlighted row is the event open beside the map.")
d1, d2 = st.columns(2)
# Callables: the files are built only when a button is clicked, not on every rerun.
d1.download_button(
    "Download CSV",
    lambda: export.events_csv(view),
    file_name="kz_atlas_events.csv",
    mime="text/csv",
    on_click="ignore",
    width="stretch",
)
d2.download_button(
    "Download GeoJSON",
    lambda: export.events_geojson(view)[0],
    file_name="kz_atlas_events.geojson",
    mime="application/geo+json",
    on_click="ignore",
    width="stretch",
)
n_nocoords = int((~view["has_coords"]).sum())
if n_nocoords:
    st.caption(f"The GeoJSON leaves out {n_nocoords} event(s) without coordinates.")
