"""Kazakhstan Science Cooperation Atlas — the Streamlit dashboard.

A thin script: it opens the built data folder ($KZATLAS_DATA or data/) on the
engine (kzatlas.viz.engine: typed Parquet read into Polars, article texts and
sources read when the reader opens), restores filters and the opened event from
the URL, and wires the pure functions of kzatlas.viz (filters, views, map, time
control, reader, exports) to widgets. The page: the map first and wide with the
reader beside it (in a dialog on a phone), the time control (histogram brush = the
date range, playback) under the map, then the counts and the events table. Each
part of the page is a function of one ``Page`` value, so parts can be rearranged or
added without hidden globals. Text from the data set is never passed to Markdown: it
goes through st.text, st.dataframe, escaped st.html, or the escaped reader page, so
hostile articles show literally. Run with ``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Memory (Streamlit Community Cloud allows about 690 MB): Polars' allocator hands
# freed pages back at once instead of keeping them for reuse (read when Polars is
# first imported, below), and Arrow's buffers (st.dataframe's serialisation, the
# loader's checks) come from the system allocator, not a pool that only grows.
# benchmarks/bench_dashboard.py measures the effect (100,000 events: peak ~70 MB lower).
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import streamlit as st  # noqa: E402
import streamlit.components.v1 as components  # noqa: E402

pa.set_memory_pool(pa.system_memory_pool())

from kzatlas.build import uploads  # noqa: E402
from kzatlas.errors import ConfigError, DataMissingError, SchemaError  # noqa: E402
from kzatlas.paths import WORLD_CITIES, WORLD_GEOJSON, data_dir_from_env  # noqa: E402
from kzatlas.viz import charts, engine, export, i18n, load, maps, names, reader, story, story_export, views  # noqa: E402
from kzatlas.viz import filters as flt  # noqa: E402
from kzatlas.viz.notices import notice_html  # noqa: E402



def _browser_languages() -> list[str]:
    """The browser's languages, best first: navigator.language (st.context.locale)
    and the Accept-Language header; none without a request (tests, bare mode)."""
    try:
        return i18n.browser_languages(getattr(st.context, "locale", None), st.context.headers.get("Accept-Language"))
    except Exception:  # noqa: BLE001 — no request context
        return []


# The interface language: on a new session ?lang=, else the browser's language; after
# that the sidebar's selector, whose widget key is "ui_lang" (a rerun reads it here,
# before anything is drawn). Everything below shows its strings through T.
if "ui_lang" not in st.session_state:
    _lang, _lang_notices = i18n.choose_language(
        {k: st.query_params.get_all(k) for k in st.query_params.keys()}, _browser_languages()
    )
    st.session_state["ui_lang"] = _lang
    st.session_state["_lang_notices"] = _lang_notices
    st.session_state["_lang_in_url"] = i18n.Q_UI_LANG in st.query_params.keys()
T = i18n.translator(st.session_state["ui_lang"])

st.set_page_config(page_title=T.gettext("Kazakhstan Science Cooperation Atlas"), page_icon="🛰️", layout="wide")

# Date pickers refuse values outside their bounds; these are wide enough for any
# plausible link yet keep a hostile "from=0001-01-01" from raising.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
LIST_KEYS = {"countries": "f_countries", "institutions": "f_insts", "kinds": "f_kinds", "topics": "f_topics", "languages": "f_langs"}
MAX_PLACE_EVENTS = 200
#: Rows sent to the table: beyond this a grid is scrolled, not read (the downloads
#: hold all); each row costs Arrow memory when Streamlit serialises the grid.
MAX_TABLE_ROWS = 1000
MAP_HEIGHT = 540
READER_HEIGHT = 430
#: Playback speeds: seconds per frame.
SPEEDS = {"slow": 2.5, "normal": 1.5, "fast": 0.8}
SPEED_LABELS = {"slow": i18n.N_("slow"), "normal": i18n.N_("normal"), "fast": i18n.N_("fast")}

# Compact page top, so that on a phone the map is on the first screen.
PAGE_CSS = """<style>
.block-container{padding-top:3rem;padding-bottom:1rem;padding-left:1.5rem;padding-right:1.5rem}
h1{font-size:1.55rem !important;padding:0 0 0.2rem 0 !important}
</style>"""


# ---------------------------------------------------------------- cached loading

# cache_resource, not cache_data: one shared, immutable Atlas (Polars frames) for
# every session instead of a pickled copy per rerun. Safe because every kzatlas.viz
# function returns new frames and never mutates its input (tested).
# The spinner's text is read each run (the cache is keyed by the function, not by it).
@st.cache_resource(show_spinner=T.gettext("Loading the atlas…"), max_entries=2)
def _load(path: str, signature: tuple) -> engine.Atlas:  # signature: cache key only
    return engine.Atlas.open(Path(path))


@st.cache_resource(max_entries=2)
def _merged(path: str, signature: tuple, upload_token: str, _data: engine.Atlas, _up: engine.Upload):
    return engine.merge_upload(_data, _up)


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


# Colours come from the built data set as a whole (not the selection, not the
# uploads), point positions from the whole atlas, so neither changes meaning when a
# filter changes.
@st.cache_resource(max_entries=4)
def _palette(path: str, sig: tuple, color_by: str, _base: engine.Atlas) -> dict:
    return views.palette(_base, color_by)


@st.cache_resource(max_entries=2)
def _points(path: str, sig: tuple, up: str, _data: engine.Atlas) -> maps.PointTable:
    return views.points(_data, _world_for(Path(path)))


# Derived views, cached per (data, uploads, filters): a click on the map, the list
# or the table reruns the script with the same filters, and then costs nothing here.
# A Filters value is hashed by its repr: Streamlit's generic hashing of a dataclass
# (a deep copy, then every field) cost more than some of the views themselves.
FILTERS_HASH = {flt.Filters: repr}
@st.cache_resource(max_entries=6, hash_funcs=FILTERS_HASH)
def _view(path: str, sig: tuple, up: str, filters: flt.Filters, _data: engine.Atlas):
    selection = _data.select(filters)
    return selection, selection.counts()


@st.cache_resource(max_entries=4, hash_funcs=FILTERS_HASH)
def _places(path: str, sig: tuple, up: str, filters: flt.Filters, color_by: str, _data, _base, lang: str = "en"):
    selection = _view(path, sig, up, filters, _data=_data)[0]
    where = _points(path, sig, up, _data=_data)
    return (selection.places(color_by, _palette(path, sig, color_by, _base=_base), where, i18n.translator(lang)),
            selection.arcs(where))


@st.cache_resource(max_entries=4, hash_funcs=FILTERS_HASH)
def _map(path: str, sig: tuple, up: str, filters: flt.Filters, color_by: str, selected: str | None,
         map_px: tuple[int, int], basemap: str, _data, _base, lang: str = "en",
         focus: tuple | None = None) -> views.MapView:
    """``focus``: a story step's (view items, arc) — the map flies there."""
    places, arcs = _places(path, sig, up, filters, color_by, _data=_data, _base=_base, lang=lang)
    view, arc = focus if focus is not None else (None, None)
    return views.map_view(places, arcs, world=_world_for(Path(path)), cities=_cities_for(Path(path)),
                          basemap=basemap, selected=selected, map_px=map_px,
                          view=dict(view) if view else None, focus_arc=arc)


@st.cache_resource(max_entries=2, hash_funcs=FILTERS_HASH)  # an id list of 100,000 events is ~15 MB
def _story_steps(path: str, sig: tuple, up: str, filters: flt.Filters, undated: str, _data) -> story.StorySteps:
    """The story's event ids in step order: an id list per (filters, undated), so a
    step costs one event read, whatever the story's length."""
    selection = _view(path, sig, up, filters, _data=_data)[0]
    return story.StorySteps.of(selection.columns_of(story.ORDER_COLUMNS), undated)


@st.cache_resource(max_entries=4, hash_funcs=FILTERS_HASH)
def _histogram(path: str, sig: tuple, up: str, filters: flt.Filters, color_by: str, granularity: str, _data, _base,
               lang: str = "en"):
    # Without a date range this is the page's own selection (a cache hit).
    selection = _view(path, sig, up, views.everywhen(filters), _data=_data)[0]
    return views.time_view(selection, granularity, color_by, _palette(path, sig, color_by, _base=_base),
                           i18n.translator(lang))


@st.cache_resource(max_entries=8)
def _time_spec(path: str, sig: tuple, up: str, color_by: str, keys: tuple, granularity: str,
               selected: tuple | None, marker: dt.date | None, _base, lang: str = "en") -> dict:
    """The time control's Vega-Lite spec without its bars (charts.time_chart_spec):
    kept while filters change the counts, rebuilt when the colour keys, the range or
    the open event's date change."""
    bounds = (options.min_date, options.max_date)
    colors = _palette(path, sig, color_by, _base=_base)
    return charts.time_chart_spec(keys, colors, color_by, bounds, selected, marker, granularity, i18n.translator(lang))


@st.cache_resource(max_entries=2, hash_funcs=FILTERS_HASH)
def _table(path: str, sig: tuple, up: str, filters: flt.Filters, _data: engine.Atlas, lang: str = "en"):
    return export.events_table(_view(path, sig, up, filters, _data=_data)[0].rows(limit=MAX_TABLE_ROWS),
                               i18n.translator(lang))


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
    SIG = load.data_signature(data_dir)
    base = _load(str(data_dir), SIG)
except DataMissingError:
    st.title(T.gettext("Kazakhstan Science Cooperation Atlas"))
    st.info(T.gettext("No built data found. Build it from the seed articles with the command below "
                      "(it works offline), then reload this page."))
    st.code(load.BUILD_COMMAND, language="bash")
    st.text(T.gettext("Data folder: {path}").format(path=data_dir))  # st.text: a path is not Markdown
    st.stop()
except SchemaError as exc:
    st.title(T.gettext("Kazakhstan Science Cooperation Atlas"))
    st.error(T.gettext("The data folder does not match the schema; rebuild it with the command below."))
    st.text(str(exc))
    st.code(load.BUILD_COMMAND, language="bash")
    st.stop()

data = base
upload = st.session_state.get("upload")  # dict set by _process_uploads, or None
upload_merge: engine.UploadMerge | None = None
upload_token = str(upload.get("token") or id(upload["upload"])) if upload else ""
if upload is not None:
    data, upload_merge = _merged(str(data_dir), SIG, upload_token, base, upload["upload"])
options = data.options
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
    f0, notices = flt.filters_from_query(q, options, T)
    event0, ev_notices = flt.event_from_query(q, options.event_ids, T)
    notices += st.session_state.pop("_lang_notices", []) + ev_notices
    for d, label in ((f0.date_from, "from"), (f0.date_to, "to")):
        if d is not None and not (DATE_MIN <= d <= DATE_MAX):
            notices.append(T.gettext("The link's “{key}” date {date} is outside {first}–{last}; clamped it.").format(
                key=label, date=d, first=DATE_MIN.year, last=DATE_MAX.year))
    _set_widgets(f0)
    st.session_state["sel_event"] = event0
    story0, story_notices = story.story_from_query(q, T)
    notices += story_notices
    st.session_state["story_on"] = story0.active
    st.session_state["story_step"] = story0.step
    st.session_state["story_omit"] = story0.undated == story.UNDATED_OMIT
    st.session_state["_story_how"] = story.LINK
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
    refusals in the session. A report of an event the atlas already holds becomes
    another source of it (engine.read_upload). False (with a message) when it failed."""
    try:
        limits = uploads.UploadLimits.from_env()
    except ConfigError as exc:
        st.error(T.gettext("Uploads are switched off: a setting of this server has an unusable value."))
        st.text(str(exc))
        return False
    extracting = T.ngettext("Extracting events from {n} file…", "Extracting events from {n} files…", len(files))
    with st.status(extracting.format(n=T.number(len(files))), expanded=False) as status:
        try:
            up = engine.read_upload(
                base, [(f.name, f.getvalue()) for f in files], st.session_state.get("upload_session"), limits
            )
        except Exception as exc:  # noqa: BLE001 — an odd upload must give a message, not a traceback
            status.update(label=T.gettext("The upload could not be processed."), state="error")
            st.text(f"{type(exc).__name__}: {exc}")
            return False
        n_events = len(up.tables.events) + len(up.attached)
        done = (T.ngettext("{n} event", "{n} events", n_events).format(n=T.number(n_events)),
                T.ngettext("from {n} article.", "from {n} articles.", len(up.articles)).format(n=T.number(len(up.articles))))
        status.update(label=" ".join(done), state="complete")
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


#: Widgets whose options are shown through a format function: their labels change
#: with the language (a source switcher's key is "src_<event>").
FORMATTED_WIDGETS = (*LIST_KEYS.values(), "color_by", "play_mode", "hist_by")


def _on_lang() -> None:
    # The language is in the link from now on, also when it is English (the browser's
    # language would otherwise win again when the link is opened).
    st.session_state["_lang_in_url"] = True
    # The browser keeps a chosen option by its shown label: after a switch a chip kept
    # its old language and a radio showed nothing chosen. Writing the values again sends
    # them to the browser with the new labels (the values themselves do not change).
    for key in [k for k in st.session_state if k in FORMATTED_WIDGETS or str(k).startswith("src_")]:
        st.session_state[key] = st.session_state[key]


def sidebar() -> None:
    """The interface language, the filters, and adding articles."""
    # A Material icon, not an emoji: Streamlit ships the icon font, while a system may lack emoji glyphs.
    st.selectbox(":material/language: " + T.gettext("Interface language"), i18n.interface_languages(), key="ui_lang",
                 format_func=names.own_language_name, on_change=_on_lang)
    st.header(T.gettext("Filters"))
    if options.min_date and options.max_date:
        st.date_input(T.gettext("Date range"), min_value=DATE_MIN, max_value=DATE_MAX, key="f_dates",
                      format="YYYY-MM-DD", on_change=_on_dates,
                      help=T.gettext("Also set by brushing the histogram under the map."))
    st.multiselect(
        T.gettext("Partner country"),
        options.countries,
        key="f_countries",
        format_func=lambda c: f"{T.country(c)} ({c})",
        placeholder=T.gettext("All countries"),
    )
    st.multiselect(T.gettext("Institution"), options.institutions, key="f_insts", format_func=T.institution,
                   placeholder=T.gettext("Type to search institutions"))
    st.multiselect(T.gettext("Kind"), options.kinds, key="f_kinds", format_func=T.kind,
                   placeholder=T.gettext("All kinds"))
    st.multiselect(T.gettext("Topic"), options.topics, key="f_topics", format_func=T.topic,
                   placeholder=T.gettext("All topics"))
    st.multiselect(T.gettext("Article language"), options.languages, key="f_langs", format_func=T.language,
                   placeholder=T.gettext("All languages"))
    st.text_input(T.gettext("Search names and evidence"), key="f_text", max_chars=flt.MAX_TEXT_LEN,
                  placeholder=T.gettext("e.g. CERN, Байконур, ОИЯИ"),
                  help=T.gettext("Places and institutions are found by any of their names, in any script."))
    st.checkbox(T.gettext("Include planned events"), key="f_planned")
    st.checkbox(T.gettext("Include undated events"), key="f_undated")
    st.checkbox(T.gettext("Keep undated events when a date range is set"), key="f_undated_range",
                help=T.gettext("A date range says nothing about undated events, so it leaves them out unless "
                               "this is ticked."))
    st.button(T.gettext("Clear filters"), on_click=_clear_filters, width="stretch", key="clear_filters")

    with st.expander(T.gettext("Add articles"), expanded=upload is not None or "upload_refused" in st.session_state):
        files = st.file_uploader(
            T.gettext("Article files (.txt, .md, .html; up to 2 MB each)"),
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"uploads_{st.session_state.get('_upload_gen', 0)}",
        )
        if st.button(T.gettext("Extract events"), disabled=not files, width="stretch", key="extract_uploads") \
                and _process_uploads(files or []):
            st.rerun()  # so the header, map and timeline include the new events
        for item in (st.session_state.get("upload_refused") or [])[:10]:
            # st.text: names are user input
            st.text(T.gettext("Skipped {file}: {reason}").format(file=item.get("file", "?"), reason=item.get("reason", "")))
        if upload is not None and upload_merge is not None:
            n_up = len(upload["articles"])
            parts = [T.ngettext("{n} new event from {m} uploaded article(s) is on the map and timeline with a magenta "
                                "outline.", "{n} new events from {m} uploaded article(s) are on the map and timeline "
                                "with a magenta outline.", upload_merge.new_events)
                     .format(n=T.number(upload_merge.new_events), m=T.number(n_up))]
            if upload_merge.added_sources:
                parts.append(T.gettext("Reports of events already in the atlas were added to them as sources (see the "
                                       "reader's source switcher): {n}.").format(n=T.number(upload_merge.added_sources)))
            if upload_merge.known_articles:
                parts.append(T.gettext("Articles already in the atlas: {n}.").format(n=T.number(upload_merge.known_articles)))
            st.caption(" ".join(parts))
            st.download_button(
                T.gettext("Download for seeds/ (zip)"),
                lambda: export.seeds_bundle(upload["articles"]),
                file_name="kz_atlas_uploaded_articles.zip",
                mime="application/zip",
                on_click="ignore",
                width="stretch",
            )
            st.button(T.gettext("Remove uploaded events"), on_click=_drop_uploads, width="stretch", key="drop_uploads")


with st.sidebar:
    sidebar()


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


@dataclass(frozen=True)
class StoryNow:
    """The open story: its state (the step shown), its steps, and the step's event
    (the full row) with the view the map flies to."""

    state: story.StoryState
    steps: story.StorySteps
    event: dict[str, Any] | None
    view: story.StepView | None


@dataclass(frozen=True)
class Page:
    """What every part of the page works from: the filters, the selection they give
    and its counts, the clicked point and its events, the open event, the story when
    it is open, and the interface language's translator (every string the page shows
    goes through it)."""

    filters: flt.Filters
    key: tuple  # cache key of the views of this data and these filters
    selection: engine.Selection
    counts: dict[str, int]
    sel_point: str | None
    at_point: pd.DataFrame
    sel_event: str | None
    event: dict[str, Any] | None
    story: StoryNow | None
    T: i18n.Translator


def _sync_story(key: tuple, T: i18n.Translator) -> tuple[story.StoryState, story.StorySteps]:
    """The story's step and open event for this run (story.sync_step): a Previous/
    Next click moves the step and opens its event; a link, the Story button, or new
    filters keep the open event when it is in the story, else open the step's."""
    undated = story.UNDATED_OMIT if st.session_state.get("story_omit") else story.UNDATED_LAST
    steps = _story_steps(*key, undated, _data=data)
    how = st.session_state.pop("_story_how", story.KEEP)
    if how == story.KEEP and st.session_state.get("_story_seen") != (key, undated):
        how = story.FOLLOW  # the filters or the undated choice changed: new steps
    st.session_state["_story_seen"] = (key, undated)
    state = story.StoryState(True, int(st.session_state.get("story_step") or 1), undated)
    step, event_id, story_notices = story.sync_step(steps, state, st.session_state.get("sel_event"), how, T)
    notices.extend(story_notices)
    if event_id != st.session_state.get("sel_event"):
        st.session_state["sel_event"] = event_id
        st.session_state["sel_point"] = None
        st.session_state["sel_under"] = []
        st.session_state["_reader_dialog"] = False
    st.session_state["story_step"] = max(step, 1)
    return story.StoryState(True, max(step, 1), undated), steps


def _page() -> Page:
    filters = _filters_from_widgets()
    key = (str(data_dir), SIG, upload_token, filters)
    selection, counts = _view(*key, _data=data)
    # A click on a point with one event opens it at once; with several, the list shows.
    sel_point: str | None = st.session_state.get("sel_point")
    under = st.session_state.get("sel_under") or ([sel_point] if sel_point else [])
    if sel_point and sel_point not in under:
        under = [sel_point]
    at_point = selection.at_points(under) if sel_point else pd.DataFrame()
    st.session_state["_point_multi"] = len(at_point) > 1
    if st.session_state.pop("_point_fresh", False) and len(at_point) == 1:
        st.session_state["sel_event"] = str(at_point["event_id"].iloc[0])
    T = i18n.translator(st.session_state.get("ui_lang", i18n.SOURCE_LANGUAGE))
    story_state = steps = None
    if st.session_state.get("story_on"):
        story_state, steps = _sync_story(key, T)
        if st.session_state.get("sel_point") is None:
            sel_point, at_point = None, pd.DataFrame()
            st.session_state["_point_multi"] = False
    sel_event: str | None = st.session_state.get("sel_event")
    event = None
    if sel_event:
        try:  # the event's full row is read now, from disk
            event = data.event(sel_event)
        except SchemaError as exc:  # a rebuild replaced the files since this page loaded them
            notices.append(T.gettext("The data folder changed while this page was drawn; reload the page.")
                           + f" ({exc})")
    story_now = None
    if story_state is not None and steps is not None:
        step_id = steps.event_at(story_state.step)
        step_event = event if step_id == sel_event else (data.event(step_id) if step_id else None)
        story_now = StoryNow(story_state, steps, step_event, story.step_view(step_event) if step_event else None)
    return Page(filters, key, selection, counts, sel_point, at_point, sel_event, event, story_now, T)


page = _page()

# session → URL, only when it changed (writing the same query would still cost a message).
wanted = story.story_to_query(
    page.filters, page.story.state if page.story else story.StoryState(), event_id=page.sel_event,
    lang=page.T.lang if page.T.lang != i18n.SOURCE_LANGUAGE or st.session_state.get("_lang_in_url") else None)
if {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()} != _query_dict():
    st.query_params.from_dict(wanted)


# ---------------------------------------------------------------- header

def header(p: Page) -> None:
    T = p.T
    st.html(PAGE_CSS)
    st.title(T.gettext("Kazakhstan Science Cooperation Atlas"))
    st.caption(T.gettext("Kazakhstan's international cooperation in science, higher education, space and nuclear "
                         "research, from news in English, Russian, Kazakh and French. Click a point to read the "
                         "article."))
    # One container for everything conditional above the map, so the elements after it
    # keep their positions (and widget state) whether or not a notice shows.
    with st.container():
        for n in notices:
            st.html(notice_html(n))  # notices quote the link's values: literal text, never a link
        if p.counts["events"] == 0:
            st.info(T.gettext("No events match the current filters. Loosen them or press “Clear filters” in the "
                              "sidebar."))


# ---------------------------------------------------------------- the map, the time control


def map_panel(p: Page) -> None:
    """Colour control, the map (ringed and centred on the open event), its legend."""
    T = p.T
    color_by = st.radio(T.gettext("Colour by"), maps.COLOR_BY, horizontal=True, key="color_by",
                        label_visibility="collapsed", format_func=lambda c: T.gettext(maps.COLOR_BY_LABELS[c]))
    selected = (p.event.get("point") or None) if p.event is not None else p.sel_point
    focus = None
    if p.story is not None and p.story.view is not None:  # the story's step: fly there, its arc bold
        v = p.story.view
        focus = (tuple(sorted(v.view_state().items())), (v.origin, v.target) if v.origin else None)
    shown = _map(*p.key, color_by, selected, maps.PHONE_MAP_PX if PHONE else maps.DESKTOP_MAP_PX,
                 maps.basemap_from_env(), _data=data, _base=base, lang=T.lang, focus=focus)
    # Where the points were drawn, for the next click: what else lies under the cursor.
    st.session_state["_drawn"] = (shown.drawn[["point_id", "lon", "lat", "radius"]], shown.view["zoom"])
    st.pydeck_chart(shown.deck, on_select=_on_map, selection_mode="single-object", key=_key("map"),
                    height=MAP_HEIGHT)
    places = shown.drawn
    with_new = bool(places["n_new"].sum()) if len(places) else False
    st.html(maps.legend_html(maps.legend_rows(places), with_new=with_new, T=T))
    n_nocoords = p.selection.n_without_coords
    if n_nocoords:
        st.caption(T.ngettext("{n} event in this selection has no coordinates and is not on the map; see the table.",
                              "{n} events in this selection have no coordinates and are not on the map; see the "
                              "table.", n_nocoords).format(n=T.number(n_nocoords)))


def _advance_playback(filters: flt.Filters) -> None:
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


def _toggle_play(filters: flt.Filters) -> None:
    playing = not st.session_state.get("_playing", False)
    st.session_state["_playing"] = playing
    if playing:
        st.session_state["_play_last"] = time.monotonic()
        _advance_playback(filters)


def _step_play(filters: flt.Filters) -> None:
    st.session_state["_playing"] = False
    _advance_playback(filters)


def _rewind_play() -> None:
    st.session_state["_playing"] = False
    if options.min_date and options.max_date:
        st.session_state["_pending_dates"] = (options.min_date, options.max_date)


def _play_tick(filters: flt.Filters) -> None:
    """On the timer: the next frame, then a rerun of the whole page (map, counts and
    table follow). A rerun of the page runs this too; the time check keeps that
    from skipping a frame."""
    if not st.session_state.get("_playing"):
        return
    now = time.monotonic()
    if now - st.session_state.get("_play_last", 0.0) < SPEEDS[st.session_state.get("play_speed", "normal")] * 0.8:
        return
    st.session_state["_play_last"] = now
    _advance_playback(filters)
    st.rerun(scope="app")


def time_panel(p: Page) -> None:
    """The histogram (its brush is the date range), the playback controls, and the
    undated events counted apart."""
    filters, T = p.filters, p.T
    color_by = st.session_state.get("color_by", maps.COLOR_BY[0])
    gran = st.session_state.get("hist_by", "year")
    frame, n_undated = _histogram(*p.key, color_by, gran, _data=data, _base=base, lang=T.lang)
    if options.min_date and options.max_date and len(frame):
        selected = (filters.date_from or options.min_date, filters.date_to or options.max_date) if filters.has_range() else None
        marker = None
        if p.event is not None and p.event.get("start") is not None and p.event["start"] == p.event["start"]:
            marker = p.event["start"].date()
        keys = charts.present_keys(frame, _palette(str(data_dir), SIG, color_by, _base=base))
        spec = _time_spec(*p.key[:3], color_by, keys, gran, selected, marker, _base=base, lang=T.lang)
        st.vega_lite_chart(spec={**spec, "datasets": {**spec.get("datasets", {}), charts.HIST_DATA: frame}},
                           on_select=_on_brush, key=_key("time"), width="stretch", height=charts.HIST_HEIGHT + 30)
    else:
        st.caption(T.gettext("No dated events under these filters."))
    b1, b2, b3, b4, b5, b6 = st.columns([1.2, 1.1, 1.3, 2.2, 1.8, 1.2], vertical_alignment="bottom")
    playing = bool(st.session_state.get("_playing"))
    # Material icons: Streamlit ships their font, so they show offline and on any system.
    b1.button(T.gettext("Pause") if playing else T.gettext("Play"),
              icon=":material/pause:" if playing else ":material/play_arrow:",
              key="play_toggle", on_click=_toggle_play, args=(filters,), width="stretch",
              help=T.gettext("Move a window through time; the map, counts and table follow"))
    b2.button(T.gettext("Step"), icon=":material/skip_next:", key="play_step", on_click=_step_play, args=(filters,),
              width="stretch", help=T.gettext("One step of the playback"))
    b3.button(T.gettext("All dates"), icon=":material/restart_alt:", key="play_rewind", on_click=_rewind_play,
              width="stretch", help=T.gettext("Stop and clear the date range"))
    b4.radio(T.gettext("Playback"), charts.PLAY_MODES, key="play_mode", horizontal=True, label_visibility="collapsed",
             format_func=lambda m: T.gettext(charts.PLAY_MODE_LABELS[m]),
             help=T.gettext("cumulative: everything up to the window's end; sliding: a window of fixed width"))
    b5.select_slider(T.gettext("Speed"), list(SPEEDS), value="normal", key="play_speed", label_visibility="collapsed",
                     format_func=lambda s: T.gettext(SPEED_LABELS[s]))
    b6.number_input(T.gettext("Window"), min_value=1, max_value=24, value=3, key="play_width",
                    label_visibility="collapsed", help=T.gettext("Width of the sliding window, in bars"))
    h1, h2 = st.columns([1, 3], vertical_alignment="center")
    h1.radio(T.gettext("Bars per"), charts.GRANULARITIES, key="hist_by", horizontal=True, on_change=_bump,
             args=("_gen_time",), format_func=lambda g: T.gettext(charts.GRANULARITY_LABELS[g]))
    n_text = T.number(n_undated)
    if filters.has_range():
        lo = filters.date_from or options.min_date
        hi = filters.date_to or options.max_date
        note = T.gettext("Date range {first} – {last} (brush the histogram, or click outside the brush to clear "
                         "it).").format(first=T.date(lo.isoformat()), last=T.date(hi.isoformat()))
        if n_undated and filters.include_undated:
            note += " " + (T.ngettext("{n} undated event is kept in the counts.",
                                      "{n} undated events are kept in the counts.", n_undated)
                           if filters.undated_in_range else
                           T.ngettext("{n} undated event is left out.", "{n} undated events are left out.",
                                      n_undated)).format(n=n_text)
    else:
        note = T.gettext("Drag across the histogram to choose a date range.")
        if n_undated and filters.include_undated:
            note += " " + T.ngettext("{n} undated event is not on the time axis but is in the counts.",
                                     "{n} undated events are not on the time axis but are in the counts.",
                                     n_undated).format(n=n_text)
    if playing:
        mode = T.gettext(charts.PLAY_MODE_LABELS[st.session_state.get("play_mode", "cumulative")])
        note = T.gettext("Playing ({mode}): one step every {seconds} s.").format(
            mode=mode, seconds=T.number(SPEEDS[st.session_state.get("play_speed", "normal")])) + " " + note
    h2.caption(note)
    st.fragment(run_every=SPEEDS[st.session_state.get("play_speed", "normal")] if playing else None)(_play_tick)(filters)


def counts_panel(p: Page) -> None:
    c, T = p.counts, p.T
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(T.gettext("Events"), T.number(c["events"]), help=T.gettext("Events matching the filters"))
    m2.metric(T.gettext("Partners"), T.number(c["partners"]))
    m3.metric(T.gettext("Countries"), T.number(c["countries"]))
    m4.metric(T.gettext("Articles"), T.number(c["articles"]))
    if c["undated"]:
        st.caption(T.ngettext("Of the {n} event, {undated} is undated.", "Of the {n} events, {undated} are undated.",
                              c["events"]).format(n=T.number(c["events"]), undated=T.number(c["undated"])))
    elif p.filters.has_range() and p.filters.include_undated and not p.filters.undated_in_range:
        st.caption(T.gettext("Dated events only: a date range is set."))


# ---------------------------------------------------------------- the side panel: a point's events, the reader


def point_list(p: Page) -> None:
    """The events at the clicked point: one click on a row opens its article."""
    at_point, T = p.at_point, p.T
    if at_point.empty:
        st.info(T.gettext("The selected point has no events under the current filters."))
        return
    clicked = at_point.loc[at_point["point"] == p.sel_point, "place_name"].tolist()[:1]
    places_here = list(dict.fromkeys(clicked + at_point["place_name"].tolist()))
    first = T.place(places_here[0])
    where = first if len(places_here) == 1 else T.ngettext(
        "{place} and {n} place beneath", "{place} and {n} places beneath", len(places_here) - 1
    ).format(place=first, n=T.number(len(places_here) - 1))
    n_here = T.ngettext("{n} event", "{n} events", len(at_point)).format(n=T.number(len(at_point)))
    _heading(f"{where} — {n_here}")
    listed = at_point.head(MAX_PLACE_EVENTS)
    st.session_state["_list_ids"] = listed["event_id"].tolist()
    st.caption(T.gettext("Click a row to read its article."))
    columns = (["place_name"] if len(places_here) > 1 else []) + ["date", "kind", "partners_", "snippet"]
    st.dataframe(
        listed.assign(
            place_name=[T.place(n) for n in listed["place_name"]],
            date=[reader.date_label(s, p_, d, T) for s, p_, d in zip(listed["date_start"], listed["date_precision"], listed["date_partial"])],
            kind=[T.kind(k) for k in listed["kind"]],
            partners_=[", ".join(T.institutions(list(x))) for x in listed["partners"]],
            snippet=[reader.snippet(e, 140) for e in listed["evidence"]],
        )[columns],
        hide_index=True,
        column_config={"place_name": T.gettext("place"), "date": T.gettext("date"), "kind": T.gettext("kind"),
                       "partners_": T.gettext("partners"),
                       "snippet": st.column_config.TextColumn(T.gettext("evidence"), width="large")},
        height=min(38 + 35 * len(listed), MAP_HEIGHT - 60),
        key=_key("list"),
        on_select=_on_list,
        selection_mode="single-row",
    )


def reader_panel(p: Page) -> None:
    """The open event: a header that stays in view (title, publisher, date, language,
    link, source switcher) above the article, which scrolls in its own frame."""
    event, T = p.event, p.T
    if event is None:
        st.warning(T.gettext("The selected event is not in this data set (it may have been rebuilt)."))
        st.button(T.gettext("Close"), on_click=_close_reader, key="close_missing")
        return
    try:  # the event's sources and its article are read now, from disk
        srcs = data.sources(event)
        article_ids = list(dict.fromkeys(srcs["article_id"]))
        metas = data.article_meta(article_ids)
    except SchemaError as exc:  # a rebuild replaced the files since this page loaded them
        st.warning(T.gettext("The data folder changed while this page was drawn; reload the page."))
        st.text(str(exc))
        return
    top = st.columns([3, 1], vertical_alignment="center")
    if st.session_state.get("_point_multi") and p.sel_point:
        top[0].button("← " + T.ngettext("All {n} event here", "All {n} events here", len(p.at_point)).format(
            n=T.number(len(p.at_point))), on_click=_back_to_list, key="back_to_list")
    top[1].button(T.gettext("Close"), on_click=_close_reader, key="close_reader", width="stretch")
    art_id = article_ids[0]
    if len(article_ids) > 1:
        titles = {a: reader.display_title(metas.get(a) or {"title": a}, T) for a in article_ids}
        art_id = st.selectbox(
            T.gettext("Source article ({n} report this event)").format(n=T.number(len(article_ids))),
            article_ids,
            format_func=lambda a: titles.get(a, a),
            key=f"src_{p.sel_event}",
        )
    article = data.article(art_id)
    if article is None:
        st.warning(T.gettext("The article of this event is missing from articles.jsonl; rebuild the data."))
        return
    src = srcs[srcs["article_id"] == art_id].iloc[0]
    st.html(reader.header_html(article, len(article_ids), T))
    kind = T.kind(event["kind"])
    facts = [
        (T.gettext("When"), reader.date_label(event["date_start"], event["date_precision"], event["date_partial"], T,
                                              event.get("date_end") or "")
         + (f" (“{event['date_text']}”)" if event["date_text"] else "")),
        (T.gettext("Kind"), T.gettext("{kind} (planned)").format(kind=kind) if event["planned"] else kind),
        (T.gettext("Kazakh side"), ", ".join(T.institutions(list(event["kazakh_side"]),
                                                            list(event.get("kazakh_side_ids") or ()))) or "—"),
        (T.gettext("Partners"), ", ".join(T.institutions(list(event["partners"]),
                                                         list(event.get("partner_ids") or ()))) or "—"),
        (T.gettext("Place"), T.place(event["place_name"] or "", event.get("country_code") or "",
                                     event.get("geo_precision") or "") or "—"),
    ]
    st.html(
        "<table style='font-size:0.82rem;margin:0'>"
        + "".join(f"<tr><th style='text-align:left;padding:0 0.6rem 0 0'>{html.escape(k)}</th>"
                  f"<td style='padding:0'>{html.escape(str(v))}</td></tr>" for k, v in facts)
        + "</table>"
    )
    if not event["has_coords"]:
        st.caption(T.gettext("This event has no coordinates, so it is not on the map."))
    if not reader.safe_url(str(article.get("url") or "")):
        st.caption(T.gettext("The original URL of this article is not known."))
    _show_page(
        reader.isolated(
            reader.reader_html(article, src["evidence"], int(src["evidence_start"]), int(src["evidence_end"]), T),
            T,
        ),
        height=READER_HEIGHT,
    )


def places_overview(p: Page) -> None:
    """With nothing open: the places of the selection, busiest first; a click on a
    row does what a click on its point does (and works without a pointer)."""
    T = p.T
    color_by = st.session_state.get("color_by", maps.COLOR_BY[0])
    places = _places(*p.key, color_by, _data=data, _base=base, lang=T.lang)[0]
    st.caption(T.gettext("Click a point on the map (or a place below): with one event its article opens here, with "
                         "several they are listed. A row of the events table under the map opens its article too."))
    if places.empty:
        return
    st.session_state["_overview_ids"] = places["point_id"].tolist()
    st.dataframe(
        places[["place_name", "n_events", "color_label"]],
        hide_index=True,
        column_config={"place_name": T.gettext("place"), "n_events": st.column_config.NumberColumn(T.gettext("events")),
                       "color_label": T.gettext(maps.COLOR_BY_LABELS.get(color_by, color_by))},
        height=min(38 + 35 * len(places), MAP_HEIGHT - 40),
        key=_key("overview"),
        on_select=_on_overview,
        selection_mode="single-row",
    )


def _close_point() -> None:
    st.session_state["sel_point"] = None
    st.session_state["sel_under"] = []


def _in_dialog(panel: Any, p: Page) -> None:
    """A panel shown in a dialog. A dialog is a fragment: a click in it reruns only
    the dialog, with the page as it was; when the click opened or closed something,
    the whole page is drawn again instead."""
    if (st.session_state.get("sel_event"), st.session_state.get("sel_point")) != (p.sel_event, p.sel_point):
        st.rerun()
    panel(p)


def side_panel(p: Page) -> None:
    """Beside the map: the open article, else the clicked point's events, else the
    places of the selection. On a phone the column beside the map is below it, and a
    row of the table is below the map: off-screen either way, so the article (and on
    a phone a point's list) opens in a dialog, where the user is looking."""
    if p.sel_event:
        if PHONE or st.session_state.get("_reader_dialog"):
            st.dialog(p.T.gettext("Article"), width="large", on_dismiss=_close_reader)(_in_dialog)(reader_panel, p)
            if p.sel_point:
                point_list(p)
            else:
                places_overview(p)
        else:
            reader_panel(p)
    elif p.sel_point:
        if PHONE and len(p.at_point) > 1:
            st.dialog(p.T.gettext("Events here"), width="large", on_dismiss=_close_point)(_in_dialog)(point_list, p)
        point_list(p)
    else:
        places_overview(p)


# ---------------------------------------------------------------- table and downloads


def table_panel(p: Page) -> None:
    """The events table (newest first; a row opens its article) and the downloads."""
    T = p.T
    st.subheader(T.gettext("Events"))
    shown = _table(*p.key, _data=data, lang=T.lang)
    ids = shown["event_id"].tolist()
    n_selected = p.counts["events"]
    if p.sel_event and p.sel_event not in ids and p.event is not None:
        # The open event is beyond the table's limit: shown first, so it can be highlighted.
        row = p.selection.rows_of([p.sel_event])
        if row.height:
            shown = pd.concat([export.events_table(row, T), shown], ignore_index=True)
            ids = shown["event_id"].tolist()
    st.session_state["_table_ids"] = ids
    open_row = ids.index(p.sel_event) if p.sel_event in ids else None
    st.session_state["_table_key"] = f"table_{p.sel_event or ''}_{st.session_state.get('_gen_table', 0)}"
    if n_selected > len(shown):
        st.caption(T.ngettext("Showing the newest {shown} of {n} event; narrow the filters or download them all.",
                              "Showing the newest {shown} of {n} events; narrow the filters or download them all.",
                              n_selected).format(shown=T.number(len(shown)), n=T.number(n_selected)))
    st.dataframe(
        shown,
        key=st.session_state["_table_key"],
        on_select=_on_table,
        selection_mode="single-row",
        selection_default={"selection": {"rows": [open_row]}} if open_row is not None else None,
        hide_index=True,
        height=min(38 + 35 * max(len(shown), 1), 480),
        column_config={
            "date": T.gettext("date"),
            "kind": T.gettext("kind"),
            "planned": st.column_config.CheckboxColumn(T.gettext("planned")),
            "partners_": T.gettext("partners"),
            "countries": T.gettext("countries"),
            "kazakh": T.gettext("Kazakh side"),
            "topics_": T.gettext("topics"),
            "place_name": T.gettext("place"),
            "language": T.gettext("language"),
            "source_count": st.column_config.NumberColumn(T.gettext("sources"),
                                                          help=T.gettext("Articles reporting the event")),
            "corrected": st.column_config.CheckboxColumn(T.gettext("corrected"),
                                                         help=T.gettext("Changed by corrections.csv")),
            "is_new": st.column_config.CheckboxColumn(T.gettext("new"),
                                                      help=T.gettext("From an article you uploaded in this session")),
            "snippet": st.column_config.TextColumn(T.gettext("evidence"), width="large"),
            "event_id": T.gettext("event id"),
        },
    )
    if open_row is not None:
        st.caption(T.gettext("The highlighted row is the event open beside the map."))
    d1, d2 = st.columns(2)
    # Callables: the files are built only when a button is clicked, not on every rerun.
    # The files keep the schema's English column names and codes: they are data, not interface.
    d1.download_button(
        T.gettext("Download CSV"),
        lambda: export.events_csv(p.selection.full_rows()),
        file_name="kz_atlas_events.csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
    )
    d2.download_button(
        T.gettext("Download GeoJSON"),
        lambda: export.events_geojson(p.selection.full_rows())[0],
        file_name="kz_atlas_events.geojson",
        mime="application/geo+json",
        on_click="ignore",
        width="stretch",
    )
    n_nocoords = p.selection.n_without_coords
    if n_nocoords:
        st.caption(T.ngettext("The GeoJSON leaves out {n} event without coordinates.",
                              "The GeoJSON leaves out {n} events without coordinates.", n_nocoords)
                   .format(n=T.number(n_nocoords)))


# ---------------------------------------------------------------- story mode

STORY_CSS = """<style>
.kz-story-card{border:1px solid #dde3e8;border-left:4px solid #0f7c8c;border-radius:6px;padding:.35rem .7rem;
font-size:.88rem;margin:0}
.kz-story-card p{margin:0}
.kz-story-progress,.kz-story-count{color:#0f7c8c;font-weight:600;font-size:.85rem}
.kz-story-count{text-align:center;margin:0}
.kz-story-facts{display:grid;grid-template-columns:max-content 1fr;gap:0 .7rem;margin:.2rem 0 0}
.kz-story-facts dt{color:#555}
.kz-story-facts dd{margin:0}
</style>"""

# Streamlit has no key events: a constant script (st.html runs it in the page) listens
# on the page's document and clicks the story's own buttons (found by their keys), so
# a key press does exactly what a click does. Keys typed in a field are left alone.
STORY_KEYS_JS = """<script>
(function () {
  var doc = window.parent.document;
  if (doc.__kzStoryKeys) { return; }
  doc.__kzStoryKeys = true;
  doc.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") { return; }
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.defaultPrevented) { return; }
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || "")
              || (t.getAttribute && t.getAttribute("role") === "slider"))) { return; }
    var key = ev.key === "ArrowLeft" ? "story_prev" : "story_next";
    // A rerun leaves the previous run's elements in place, marked stale, until it ends.
    var button = doc.querySelector(".st-key-" + key + ':not([data-stale="true"]) button');
    if (button && !button.disabled) { ev.preventDefault(); button.click(); }
  });
})();
</script>"""


def _open_story() -> None:
    st.session_state["story_on"] = True
    st.session_state["story_step"] = 1
    st.session_state["_story_how"] = story.FOLLOW  # an open event in the story keeps its step
    st.session_state["_playing"] = False


def _close_story() -> None:
    st.session_state["story_on"] = False
    st.session_state.pop("_story_seen", None)


def _story_move(delta: int) -> None:
    st.session_state["story_step"] = max(1, int(st.session_state.get("story_step") or 1) + delta)
    st.session_state["_story_how"] = story.MOVE


def _on_story_undated() -> None:
    st.session_state["story_omit"] = bool(st.session_state.get("_w_story_omit"))


def _story_page(p: Page, undated: str) -> bytes:
    """The story's self-contained page (story_export), built when the button is clicked."""
    world = _world_for(data_dir)
    return story_export.story_html_of(data, p.selection, p.T, world=world, filters=p.filters,
                                      undated=undated).encode("utf-8")


def story_panel(p: Page) -> None:
    """The Story button; with the story open, its bar (Previous, "7 of 23", Next,
    undated events last or left out, the download, Close) and the step's card. The
    step's event is the open event: its article is in the reader, its point ringed
    on the map, its row highlighted in the table; the map flies to its place."""
    T = p.T
    if p.story is None:
        st.button(T.gettext("Story"), icon=":material/auto_stories:", key="story_open", on_click=_open_story,
                  help=T.gettext("Step through the filtered events one at a time, in date order, "
                                 "with the map, the card and the article of each"))
        return
    s = p.story
    n, step = len(s.steps), s.state.step
    bar = st.columns([1.7, 1.1, 1.5, 0.5, 2.0], vertical_alignment="center")
    bar[0].button(T.gettext("Previous"), icon=":material/arrow_back:", key="story_prev", on_click=_story_move,
                  args=(-1,), disabled=step <= 1, width="stretch", help=T.gettext("Previous step (←)"))
    with bar[1]:
        st.html(f'<p class="kz-story-count">{html.escape(story.progress_text(step, n, T)) if n else "0"}</p>')
    bar[2].button(T.gettext("Next"), icon=":material/arrow_forward:", key="story_next", on_click=_story_move,
                  args=(1,), disabled=step >= n, width="stretch", help=T.gettext("Next step (→)"))
    bar[4].button(T.gettext("Close story"), icon=":material/close:", key="story_close", on_click=_close_story,
                  width="stretch")
    if n == 0:
        st.info(T.gettext("No events match the filters, so the story has no steps. Loosen the filters."))
    elif s.event is not None:
        st.html(STORY_CSS + story.card_html(story.story_card(s.event, step, n, T), T))
        if s.view is None:
            st.caption(T.gettext("This event has no coordinates, so it is not on the map."))
    opts = st.columns([3, 2], vertical_alignment="center")
    st.session_state["_w_story_omit"] = bool(st.session_state.get("story_omit"))
    opts[0].toggle(T.gettext("Leave out undated events"), key="_w_story_omit", on_change=_on_story_undated,
                   help=T.gettext("Otherwise undated events come after the dated ones"))
    too_long = n > story_export.MAX_EXPORT_STEPS
    opts[1].download_button(
        T.gettext("Download story (HTML)"),
        lambda: _story_page(p, s.state.undated),
        file_name="kz_atlas_story.html",
        mime="text/html",
        on_click="ignore",
        disabled=n == 0 or too_long,
        width="stretch",
        key="story_download",
        icon=":material/download:",
        help=T.gettext("One page with every step, its quote, sources and map: it opens offline, without the app"),
    )
    if too_long:
        st.caption(T.gettext("A story of more than {n} steps is not exported as a page: narrow the filters.")
                   .format(n=T.number(story_export.MAX_EXPORT_STEPS)))
    st.html(STORY_KEYS_JS, unsafe_allow_javascript=True)  # a constant script: no data reaches it


# ---------------------------------------------------------------- the page

header(page)
left, right = st.columns([5, 3], gap="medium")
with left:
    story_panel(page)
    map_panel(page)
    time_panel(page)
    counts_panel(page)
with right:
    side_panel(page)
table_panel(page)
