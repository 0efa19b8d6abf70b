"""End-to-end tests of dashboard/app.py with Streamlit's AppTest (no browser):
the app runs on a fixture data folder ($KZATLAS_DATA), each sidebar filter changes
the header counts, the URL restores filters and opens an event, bad links and a
missing or broken data folder give messages instead of tracebacks, and hostile
article content is shown literally.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from streamlit.testing.v1 import AppTest
from test_viz import HOSTILE_BITS, HOSTILE_PARTNER, HOSTILE_TITLE, fixture_rows, write_fixture

from kzatlas.fsio import write_manifest
from kzatlas.viz import filters as flt

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
ALL = {"Events": "6", "Partners": "6", "Countries": "5", "Articles": "4"}


def _app(query: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _notices(at: AppTest) -> list[str]:
    """The text of the notice boxes (kzatlas.viz.notices), unescaped."""
    return [html.unescape(re.sub(r"<[^>]*>", "", e.value)) for e in at.html if 'class="kz-notice' in e.value]


def _iframes(at: AppTest) -> list[str]:
    """The reader pages shown, unwrapped from their sandboxed inner frame."""
    pages = []
    for e in at.main:
        if getattr(e, "type", "") == "iframe":
            inner = re.search(r'<iframe [^>]*sandbox="([^"]*)"[^>]*srcdoc="([^"]*)"', e.proto.srcdoc)
            assert inner and "allow-same-origin" not in inner.group(1), e.proto.srcdoc[:300]
            pages.append(html.unescape(inner.group(2)))
    return pages


def _all_text(at: AppTest) -> str:
    """Every string value the page shows, for 'shown somewhere' checks."""
    parts = [e.value for e in at.html] + [e.value for e in at.text] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.info] + [e.value for e in at.error]
    parts += [e.value for e in at.code]
    return "\n".join(str(p) for p in parts)


@pytest.fixture()
def fixture_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_fixture(tmp_path / "data")
    monkeypatch.setenv("KZATLAS_DATA", str(folder))
    return folder


@pytest.fixture()
def hostile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_fixture(tmp_path / "data", hostile=True)
    monkeypatch.setenv("KZATLAS_DATA", str(folder))
    return folder


def test_app_runs(fixture_dir: Path) -> None:
    at = _app()
    assert not at.exception
    assert _metrics(at) == ALL
    assert at.title[0].value == "Kazakhstan Science Cooperation Atlas"
    assert len(at.warning) == 0 and _notices(at) == []
    assert dict(at.query_params) == {}


@pytest.mark.parametrize(
    "change, expected_events",
    [
        pytest.param(lambda at: at.multiselect(key="f_countries").set_value(["RU"]), "2", id="country"),
        pytest.param(lambda at: at.multiselect(key="f_insts").set_value(["CERN"]), "1", id="institution"),
        pytest.param(lambda at: at.multiselect(key="f_kinds").set_value(["visit"]), "2", id="kind"),
        pytest.param(lambda at: at.multiselect(key="f_topics").set_value(["nuclear"]), "2", id="topic"),
        pytest.param(lambda at: at.multiselect(key="f_langs").set_value(["ru", "kk"]), "2", id="language"),
        pytest.param(lambda at: at.text_input(key="f_text").input("cern"), "1", id="text"),
        pytest.param(lambda at: at.checkbox(key="f_planned").uncheck(), "5", id="no-planned"),
        pytest.param(lambda at: at.checkbox(key="f_undated").uncheck(), "5", id="no-undated"),
        # A date range leaves the undated event (e5) out unless asked to keep it.
        pytest.param(
            lambda at: at.date_input(key="f_dates").set_value((dt.date(2023, 6, 1), dt.date(2024, 3, 5))), "2", id="dates"
        ),
        pytest.param(
            lambda at: (at.date_input(key="f_dates").set_value((dt.date(2023, 6, 1), dt.date(2024, 3, 5))),
                        at.checkbox(key="f_undated_range").check()),
            "3",
            id="dates-keep-undated",
        ),
        # The search finds a place by another script's name: the fixture writes "Дубна".
        pytest.param(lambda at: at.text_input(key="f_text").input("Dubna"), "1", id="text-any-script"),
    ],
)
def test_each_filter_changes_counts(fixture_dir: Path, change: Callable, expected_events: str) -> None:
    at = _app()
    change(at)
    at.run()
    assert not at.exception
    assert _metrics(at)["Events"] == expected_events
    assert dict(at.query_params), "the filter should be in the URL"


def test_clear_filters(fixture_dir: Path) -> None:
    at = _app({"country": "RU", "planned": "0"})
    assert _metrics(at)["Events"] == "1"
    at.button(key="clear_filters").click().run()
    assert _metrics(at) == ALL
    assert dict(at.query_params) == {}


def test_url_round_trip(fixture_dir: Path) -> None:
    at = _app()
    at.multiselect(key="f_countries").set_value(["RU", "JP"])
    at.multiselect(key="f_topics").set_value(["space"])
    at.text_input(key="f_text").input("institut")
    at.checkbox(key="f_undated").uncheck()
    at.run()
    first = _metrics(at)
    query = dict(at.query_params)
    assert query["country"] == ["RU", "JP"] and query["q"] == "institut" and query["undated"] == "0"

    again = _app(query)
    assert not again.exception
    assert _metrics(again) == first
    assert again.multiselect(key="f_countries").value == ["RU", "JP"]
    assert again.multiselect(key="f_topics").value == ["space"]
    assert again.text_input(key="f_text").value == "institut"
    assert again.checkbox(key="f_undated").value is False
    assert dict(again.query_params) == query


def test_event_in_url_opens_reader(fixture_dir: Path) -> None:
    at = _app({"event": "e2"})
    assert not at.exception
    assert any("Казахстан и Россия: научное сотрудничество" in h.value for h in at.html)
    page = _iframes(at)[0]
    assert '<mark id="evidence">В марте 2024 года делегация встретилась с Московским авиационным институтом.</mark>' in page
    assert "no original URL" in page
    assert any("original URL of this article is not known" in c.value for c in at.caption)
    assert at.query_params["event"] == "e2"


def test_event_with_several_sources_switches_article(fixture_dir: Path) -> None:
    at = _app({"event": "e1"})
    box = at.selectbox(key="src_e1")
    assert box.options == ["Kazakh and Japanese universities sign agreement", "Казахстан и Россия: научное сотрудничество"]
    box.set_value("a2").run()
    assert not at.exception
    assert "Соглашение с Токийским университетом подписано 10 мая 2023 года.</mark>" in _iframes(at)[0]


def test_event_without_coordinates(fixture_dir: Path) -> None:
    at = _app({"event": "e6"})
    assert not at.exception
    assert any("no coordinates" in c.value for c in at.caption)


def test_close_reader_clears_event_from_url(fixture_dir: Path) -> None:
    at = _app({"event": "e3"})
    at.button(key="close_reader").click().run()
    assert not _iframes(at) and "event" not in at.query_params


@pytest.mark.parametrize(
    "query, notice",
    [
        pytest.param({"event": "does-not-exist"}, "not in this data set", id="unknown-event"),
        pytest.param({"from": "2023-02-30"}, "not a date", id="bad-date"),
        pytest.param({"from": "0001-01-01"}, "clamped", id="ancient-date"),
        pytest.param({"country": ["XX", "RU"]}, "unknown partner country", id="unknown-country"),
        pytest.param({"kind": [f"k{i}" for i in range(900)]}, "kept the first", id="hundreds-of-items"),
        pytest.param({"q": "z" * 10000}, "longer than", id="huge-text"),
        pytest.param({"inst": "<script>alert(1)</script>" * 50}, "over-long", id="huge-hostile-value"),
    ],
)
def test_bad_links_give_notices(fixture_dir: Path, query: dict, notice: str) -> None:
    at = _app(query)
    assert not at.exception
    assert any(notice in n for n in _notices(at)), _notices(at)


def test_no_match_message(fixture_dir: Path) -> None:
    at = _app({"q": "nothing-matches-this"})
    assert not at.exception
    assert _metrics(at)["Events"] == "0"
    assert any("No events match" in i.value for i in at.info)


def test_missing_data_says_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZATLAS_DATA", str(tmp_path / "empty"))
    at = _app()
    assert not at.exception
    assert any("python -m kzatlas build" in c.value for c in at.code)
    assert any("No built data" in i.value for i in at.info)


def test_schema_mismatch_names_table_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_fixture(tmp_path / "data")
    events, _, _ = fixture_rows()
    with open(folder / "events.csv", "w", newline="", encoding="utf-8") as fh:
        cols = [c for c in events[0] if c != "confidence"]
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(events)
    write_manifest(folder, ["events.csv", "event_sources.csv", "articles.jsonl"])  # as if built so
    monkeypatch.setenv("KZATLAS_DATA", str(folder))
    at = _app()
    assert not at.exception
    assert at.error and any("'events'" in t.value and "confidence" in t.value for t in at.text)


def test_hostile_content_shown_literally(hostile_dir: Path) -> None:
    at = _app({"event": "e1"})
    assert not at.exception
    # Title: escaped HTML, so the browser shows the tags as text; no Markdown element carries it.
    assert any("&lt;script&gt;window.__pwned=1&lt;/script&gt; Hostile $x^2$ title" in h.value for h in at.html)
    assert all("<script>" not in h.value and "<img" not in h.value for h in at.html)
    assert all(bit not in m.value for m in at.markdown for bit in HOSTILE_BITS)
    # Reader: the article text is escaped, the only script is the scroll helper.
    page = _iframes(at)[0]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[x](javascript:alert(1))" in page and "$x^2$" in page
    assert page.count("<script>") == 1 and "<img" not in page
    # Table: a data grid shows the raw string as text.
    table = at.dataframe[0].value
    assert HOSTILE_PARTNER in set(table["partners_"])
    # Source switcher labels are plain text.
    assert HOSTILE_TITLE in at.selectbox(key="src_e1").options
    # Map tooltips: plain text (innerText in the browser), the raw name kept as data.
    deck = next(e for e in at.main if getattr(e, "type", "") == "deck_gl_json_chart")
    assert json.loads(deck.proto.tooltip) ["text"] == "{tip}"
    tips = [row.get("tip", "") for layer in json.loads(deck.proto.json)["layers"]
            if isinstance(layer.get("data"), list) for row in layer["data"]]
    assert any(HOSTILE_PARTNER in t for t in tips)


def _inject_upload(at: AppTest, up: Any) -> None:
    """What _process_uploads stores (AppTest cannot drive st.file_uploader)."""
    at.session_state["upload"] = {"upload": up, "report": up.report, "articles": up.articles}


def test_uploaded_events_marked_new(fixture_dir: Path) -> None:
    from kzatlas.viz import engine

    seed = Path(__file__).resolve().parent.parent / "seeds" / "001_810d2901ba628269.txt"
    up = engine.read_upload(engine.Atlas.open(fixture_dir), [(seed.name, seed.read_bytes())])
    at = AppTest.from_file(APP, default_timeout=30)
    _inject_upload(at, up)
    at.run()
    assert not at.exception
    n_new = len(up.tables.events)
    assert n_new and not up.attached
    assert int(_metrics(at)["Events"]) == 6 + n_new
    table = at.dataframe[-1].value
    assert int(table[next(c for c in table.columns if c in ("is_new", "new"))].sum()) == n_new, list(table.columns)
    assert any(f"{n_new} new event{'s' if n_new > 1 else ''} from 1 uploaded article(s)" in c.value
               for c in at.sidebar.caption)
    next(b for b in at.button if b.label == "Remove uploaded events").click().run()
    assert _metrics(at) == ALL


def test_uploaded_report_of_a_known_event_becomes_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another outlet's copy of the JINR article: its event is already in the built
    atlas, so the upload adds a source (readable in the switcher), not an event."""
    from kzatlas.paths import DATA_DIR, SEEDS_DIR
    from kzatlas.viz import engine

    monkeypatch.setenv("KZATLAS_DATA", str(DATA_DIR))
    atlas = engine.Atlas.open(DATA_DIR)
    text = (SEEDS_DIR / "004_ccf8684cef29bc6c.txt").read_text(encoding="utf-8")
    reprint = text.rstrip() + "\n\nReprinted by Example Science Weekly.\n"
    up = engine.read_upload(atlas, [("reprint.txt", reprint.encode("utf-8"))])
    assert up.attached, "the JINR event should be recognised as already in the atlas"
    event_id, article_ids = next(iter(up.attached.items()))
    assert len(article_ids) == 1 and article_ids[0].startswith("upload-reprint-")
    at = AppTest.from_file(APP, default_timeout=30)
    _inject_upload(at, up)
    at.query_params["event"] = event_id
    at.run()
    assert not at.exception
    assert _metrics(at)["Events"] == str(len(atlas) + len(up.tables.events))
    assert any("added to them as sources" in c.value for c in at.sidebar.caption)
    box = at.selectbox(key=f"src_{event_id}")
    assert len(box.options) == 2  # the atlas's article and the reprint (same headline)
    box.set_value(article_ids[0]).run()
    assert not at.exception
    page = _iframes(at)[0]
    assert '<mark id="evidence">' in page and "Reprinted by Example Science Weekly." in page


def test_hostile_link_values_shown_literally_in_notices(fixture_dir: Path) -> None:
    at = _app({"country": "[x](javascript:alert(1))", "kind": "$x^2$"})
    assert not at.exception
    notices = " ".join(_notices(at))
    assert "[x](javascript:alert(1))" in notices and "$x^2$" in notices


# ---------------------------------------------------------------- map, reader and time controls


def _deck(at: AppTest) -> dict:
    return json.loads(next(e for e in at.main if getattr(e, "type", "") == "deck_gl_json_chart").proto.json)


def _places_layer(at: AppTest) -> list[dict]:
    return next(layer for layer in _deck(at)["layers"] if layer["id"] == "places")["data"]


def _vega(at: AppTest) -> dict:
    return json.loads(next(e for e in at.main if getattr(e, "type", "") == "vega_lite_chart").proto.spec)


def test_colour_control_recolours_map_and_histogram_alike(fixture_dir: Path) -> None:
    from kzatlas.viz import maps

    at = _app()
    by_country = {row["point_id"]: row["fill"][:3] for row in _places_layer(at)}
    assert by_country["RU:Москва"] == list(maps.COUNTRY_PALETTE[0])  # RU: the most events
    at.radio(key="color_by").set_value("kind").run()
    assert not at.exception
    by_kind = {row["point_id"]: row["fill"][:3] for row in _places_layer(at)}
    assert by_kind["RU:Москва"] == list(maps.KIND_COLORS["meeting"])
    scale = _vega(at)["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["meeting"] == maps.hex_color(maps.KIND_COLORS["meeting"])


def test_bars_per_month(fixture_dir: Path) -> None:
    at = _app()
    assert at.radio(key="hist_by").value == "month"  # the fixture spans four years
    at.radio(key="hist_by").set_value("year").run()
    assert not at.exception
    assert _vega(at)["layer"][0]["encoding"]["tooltip"][0]["title"] == "year"


def test_play_step_pause_and_all_dates(fixture_dir: Path) -> None:
    at = _app()
    at.radio(key="hist_by").set_value("year").run()
    at.button(key="play_toggle").click().run()
    assert not at.exception
    # The first year; its start is the data's first day, so the link leaves 'from' out.
    assert (dict(at.query_params).get("from"), at.query_params["to"]) == (None, "2022-12-31")
    assert at.button(key="play_toggle").label == "Pause"
    assert any("Playing (cumulative): one step every 1.5 s" in c.value for c in at.caption)
    assert _metrics(at)["Events"] == "1"  # e3, 2022; the undated e5 is left out of a range
    at.button(key="play_step").click().run()  # a step pauses and moves on
    assert at.button(key="play_toggle").label == "Play"
    assert (dict(at.query_params).get("from"), at.query_params["to"]) == (None, "2023-12-31")
    assert _metrics(at)["Events"] == "3"
    at.button(key="play_rewind").click().run()
    assert "from" not in at.query_params and _metrics(at) == ALL


def test_sliding_window_speed_and_width(fixture_dir: Path) -> None:
    at = _app()
    at.radio(key="hist_by").set_value("year")
    at.radio(key="play_mode").set_value("sliding")
    at.number_input(key="play_width").set_value(2)
    at.select_slider(key="play_speed").set_value("fast")
    at.run()
    at.button(key="play_toggle").click().run()
    assert (dict(at.query_params).get("from"), at.query_params["to"]) == (None, "2023-12-31")
    assert any("Playing (sliding): one step every 0.8 s" in c.value for c in at.caption)
    at.button(key="play_step").click().run()
    assert (at.query_params["from"], at.query_params["to"]) == ("2023-01-01", "2024-12-31")


def test_playback_stops_at_the_end(fixture_dir: Path) -> None:
    at = _app({"from": "2023-01-01", "to": "2025-12-31"})
    at.radio(key="hist_by").set_value("year").run()
    at.button(key="play_toggle").click().run()  # the range already reaches the end: nothing to play
    assert at.button(key="play_toggle").label == "Play"


@pytest.mark.parametrize(
    "point, reader_opens, list_rows",
    [
        pytest.param("RU:Москва", True, 0, id="one-event-opens-its-article"),
        pytest.param("RU:Дубна", True, 0, id="planned-event-opens-too"),
    ],
)
def test_click_on_a_point(fixture_dir: Path, point: str, reader_opens: bool, list_rows: int) -> None:
    # AppTest cannot click WebGL: set what the map's callback stores (the browser test clicks).
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.session_state["sel_point"] = point
    at.session_state["_point_fresh"] = True
    at.run()
    assert not at.exception
    assert bool(_iframes(at)) is reader_opens
    assert "event" in at.query_params
    # The map opens on the point, ringed.
    deck = _deck(at)
    ring = next(layer for layer in deck["layers"] if layer["id"] == "selected")["data"][0]
    assert abs(deck["initialViewState"]["longitude"] - ring["lon"]) < 1.0


def test_a_point_with_several_events_lists_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events, articles, sources = fixture_rows()
    # A second Moscow event (an institution elsewhere in the city): one point, two events.
    extra = dict(events[1], event_id="e7", lat="55.70", lon="37.53", geo_precision="institution")
    events.append(extra)
    sources.append(dict(sources[1], event_id="e7"))
    folder = write_fixture(tmp_path / "data")
    for table, rows in (("events.csv", events), ("event_sources.csv", sources)):
        with open(folder / table, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
    write_manifest(folder, ["events.csv", "event_sources.csv", "articles.jsonl"])  # as if built so
    monkeypatch.setenv("KZATLAS_DATA", str(folder))
    at = _app()
    at.session_state["sel_point"] = "RU:Москва"
    at.session_state["_point_fresh"] = True
    at.run()
    assert not _iframes(at)
    assert any("Москва — 2 events" in h.value for h in at.html)
    listed = at.dataframe[0].value
    assert len(listed) == 2 and set(listed["kind"]) == {"meeting"}
    # Opening one (what a click on its row does) offers the way back to the list.
    at.session_state["sel_event"] = "e7"
    at.run()
    assert _iframes(at)
    at.button(key="back_to_list").click().run()
    assert not _iframes(at) and any("Москва — 2 events" in h.value for h in at.html)


def test_a_click_lists_the_points_beneath_too(fixture_dir: Path) -> None:
    # What the map's callback stores when Tokyo's point was drawn over Moscow's.
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.session_state["sel_point"] = "RU:Москва"
    at.session_state["sel_under"] = ["RU:Москва", "JP:Tokyo"]
    at.session_state["_point_fresh"] = True
    at.run()
    assert not at.exception and not _iframes(at)
    assert any("Москва and 1 place beneath — 2 events" in h.value for h in at.html)
    assert list(at.dataframe[0].value["place_name"]) == ["Tokyo", "Москва"]  # oldest first


def test_reader_header_has_a_readable_title_never_the_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events, articles, sources = fixture_rows()
    articles[1]["title"] = ""  # a2: no headline; its publisher and date stand in
    folder = write_fixture(tmp_path / "data")
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    write_manifest(folder, ["events.csv", "event_sources.csv", "articles.jsonl"])  # as if built so
    monkeypatch.setenv("KZATLAS_DATA", str(folder))
    at = _app({"event": "e2"})
    heads = [h.value for h in at.html if "kz-reader-head" in h.value]
    # The publication date in the interface's format (Babel), as every date on the page.
    assert heads and "ТАСС, March 15, 2024" in heads[0] and ">a2<" not in heads[0]


def test_event_link_selects_its_table_row(fixture_dir: Path) -> None:
    at = _app({"event": "e3"})
    assert any("The highlighted row is the event open beside the map." in c.value for c in at.caption)
    ids = at.dataframe[-1].value["event_id"].tolist()
    rows = at.session_state[at.session_state["_table_key"]]["selection"]["rows"]
    assert [ids[i] for i in rows] == ["e3"]


def test_offline_basemap_requests_no_tiles(fixture_dir: Path) -> None:
    deck = _deck(_app())
    assert deck["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in deck
    assert {"outlines", "city-dots"} <= {layer["id"] for layer in deck["layers"]}


def test_carto_tiles_are_a_setting(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZATLAS_BASEMAP", "carto")
    deck = _deck(_app())
    assert deck["mapProvider"] == "carto" and "outlines" not in {layer["id"] for layer in deck["layers"]}


# ---------------------------------------------------------------- interface languages


def _shown_strings(at: AppTest) -> list[str]:
    """Every string the rendered page shows a person: element text, labels, help
    texts, placeholders and options (as formatted), the data grids' column headings
    and cells, the map's tooltips, the time control's tooltip titles and colour
    names. The reader's article frame is left out: the article is shown as written."""
    out: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is not None and kind != "iframe":
            for field, value in proto.ListFields():
                if field.name in ("label", "help", "placeholder", "body") and isinstance(value, str):
                    out.append(html.unescape(re.sub(r"<[^>]*>", " ", value)) if kind == "html" else value)
                elif field.name == "options":
                    out.extend(str(v) for v in value)
            if kind == "dataframe":
                out.extend(str(c.get(k, "")) for c in json.loads(proto.columns or "{}").values() for k in ("label", "help"))
                frame = node.value
                out.extend(str(v) for col in frame.columns for v in frame[col].tolist() if isinstance(v, str))
            elif kind == "deck_gl_json_chart":
                out.extend(str(row.get("tip", "")) for layer in json.loads(proto.json)["layers"]
                           for row in (layer.get("data") if isinstance(layer.get("data"), list) else []))
            elif kind == "vega_lite_chart":
                def titles(spec: Any) -> None:
                    if isinstance(spec, dict):
                        for k, v in spec.items():
                            if k == "title" and isinstance(v, str):
                                out.append(v)
                            elif k == "domain" and isinstance(v, list):
                                out.extend(str(x) for x in v if isinstance(x, str))
                            else:
                                titles(v)
                    elif isinstance(spec, list):
                        for v in spec:
                            titles(v)
                titles(json.loads(proto.spec))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return [s for s in out if s.strip()]


def _english_left(lang: str, shown: list[str]) -> list[str]:
    """The catalog's English messages (those ``lang`` translates differently) that the
    page still shows: a message with placeholders by its pattern, a long one as part
    of any text, a short word only as a whole string (an article title may use it)."""
    from kzatlas.tools import catalogs

    left = []
    for m in catalogs.read_catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for english in ids:
            if english in strings:
                continue  # the same word in both languages (a code, "CSV") is not an English leftover
            if "{" in english:
                literal = [p for p in re.split(r"\{[^{}]*\}", english) if p.strip()]
                if sum(len(p) for p in literal) < 8:
                    continue  # "{place} (country)"-like: too little text to tell
                pattern = re.compile(".+?".join(re.escape(p) for p in re.split(r"\{[^{}]*\}", english)))
                hits = [s for s in shown if pattern.search(s)]
            elif len(english) >= 12:
                hits = [s for s in shown if english in s]
            else:
                hits = [s for s in shown if s.strip() == english]
            left += [f"{english!r} in {hit[:80]!r}" for hit in hits]
    return sorted(set(left))


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(
    "state",
    [
        pytest.param({}, id="page"),
        pytest.param({"event": "e1"}, id="event-open"),
        pytest.param({"from": "2023-06-01", "to": "2024-03-05", "undated_in_range": "1"}, id="date-range"),
        pytest.param({"event": "nope", "from": "2023-02-30", "country": "XX"}, id="bad-link-notices"),
        pytest.param({"story": "1", "step": "2"}, id="story-open"),
        pytest.param({"story": "1", "step": "40"}, id="story-bad-step-notice"),
    ],
)
def test_no_english_label_remains(fixture_dir: Path, lang: str, state: dict) -> None:
    at = _app({"lang": lang, **state})
    assert not at.exception
    shown = _shown_strings(at)
    assert len(shown) > 60, shown  # the walk found the page (not an empty tree)
    assert _english_left(lang, shown) == []


def test_the_english_leftover_check_finds_english(fixture_dir: Path) -> None:
    # The check above against the English page: it must find the interface's words.
    left = _english_left("kk", _shown_strings(_app({"event": "e1"})))
    assert any("'Clear filters'" in x for x in left) and any("'Events'" in x for x in left)


@pytest.mark.parametrize(
    ("lang", "events", "title", "date_bit"),
    [
        # e2 is dated to a month: CLDR's own month-and-year pattern of each locale.
        pytest.param("kk", "Оқиғалар", "Қазақстанның ғылыми ынтымақтастық атласы", "2024\u202fж. наурыз", id="kk"),
        pytest.param("ru", "События", "Атлас научного сотрудничества Казахстана", "март 2024\u202fг.", id="ru"),
        pytest.param("en", "Events", "Kazakhstan Science Cooperation Atlas", "March 2024", id="en"),
    ],
)
def test_lang_link_sets_the_interface_language(fixture_dir: Path, lang: str, events: str, title: str,
                                                date_bit: str) -> None:
    at = _app({"lang": lang, "event": "e2"})
    assert at.title[0].value == title and events in _metrics(at)
    assert at.selectbox(key="ui_lang").value == lang
    when = next(h.value for h in at.html if "<table" in h.value and "<th" in h.value)
    assert date_bit in html.unescape(when)
    assert at.query_params["lang"] == lang  # the link's choice stays in the link, English too


def test_switching_language_keeps_filters_and_the_open_event(fixture_dir: Path) -> None:
    at = _app({"lang": "kk", "country": "RU", "event": "e2"})
    before = (_metrics(at)["Оқиғалар"], at.multiselect(key="f_countries").value)
    at.selectbox(key="ui_lang").set_value("ru").run()
    assert not at.exception
    assert (_metrics(at)["События"], at.multiselect(key="f_countries").value) == before
    assert _iframes(at) and at.query_params["event"] == "e2" and at.query_params["lang"] == "ru"
    at.selectbox(key="ui_lang").set_value("en").run()
    assert at.query_params["lang"] == "en"  # chosen, so kept: the browser's language would win again


def test_unknown_lang_falls_back_with_a_notice(fixture_dir: Path) -> None:
    at = _app({"lang": "uz"})
    assert at.title[0].value == "Kazakhstan Science Cooperation Atlas"
    assert any("“uz”" in n for n in _notices(at))


# ---------------------------------------------------------------- story mode


def _story_card(at: AppTest) -> str:
    cards = [h.value for h in at.html if 'class="kz-story-card"' in h.value]
    assert len(cards) == 1, cards
    return html.unescape(cards[0])


def _story_count(at: AppTest) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", next(h.value for h in at.html if "kz-story-count" in h.value)))


# The fixture in date order: e3 (2022), e1 (10 May 2023), e6 (20 Nov 2023), e2 (Mar 2024), e4 (2025), e5 undated.
@pytest.mark.parametrize(
    ("query", "event", "count", "shown"),
    [
        pytest.param({"story": "1", "step": "2"}, "e1", "2 of 6", ["May 10, 2023", "University of Tokyo", "Tokyo"],
                     id="second-step-in-date-order"),
        pytest.param({"story": "1", "step": "2", "event": "e2"}, "e2", "4 of 6", ["March 2024"],
                     id="open-event-wins-over-step"),
        pytest.param({"story": "1", "step": "6", "story_undated": "0"}, "e4", "5 of 5", ["2025"],
                     id="undated-left-out"),
        pytest.param({"story": "1", "step": "2", "country": "RU"}, "e4", "2 of 2", ["Russia"],
                     id="story-respects-the-filters"),
    ],
)
def test_story_link_opens_the_step(fixture_dir: Path, query: dict, event: str, count: str, shown: list[str]) -> None:
    at = _app(query)
    assert not at.exception
    card = _story_card(at)
    assert f'data-event="{event}"' in card and _story_count(at) == count
    assert all(s in card for s in shown), card
    assert at.query_params["event"] == event  # the step's event is the open event: the reader shows it
    assert _iframes(at), "the step's article is open in the reader"


def test_story_next_previous_and_close(fixture_dir: Path) -> None:
    at = _app({"story": "1", "step": "2"})
    at.button(key="story_next").click().run()
    assert not at.exception
    assert 'data-event="e6"' in _story_card(at) and _story_count(at) == "3 of 6"
    assert dict(at.query_params) == {"story": "1", "step": "3", "event": "e6"}
    assert any("no coordinates" in c.value for c in at.caption)  # e6 has none: the map stays
    at.button(key="story_prev").click().run()
    at.button(key="story_prev").click().run()
    assert at.button(key="story_prev").disabled and at.query_params["step"] == "1"
    assert 'data-event="e3"' in _story_card(at)
    at.button(key="story_close").click().run()
    assert "story" not in at.query_params and "step" not in at.query_params
    assert at.query_params["event"] == "e3"  # the reader stays on the last step's article
    assert not [h for h in at.html if "kz-story-card" in h.value]


def test_story_button_and_filters_recompute_the_steps(fixture_dir: Path) -> None:
    at = _app()
    at.button(key="story_open").click().run()
    assert _story_count(at) == "1 of 6" and at.query_params["step"] == "1"
    at.button(key="story_next").click().run()  # e1, Japan
    at.multiselect(key="f_countries").set_value(["RU", "JP"]).run()
    assert not at.exception
    assert 'data-event="e1"' in _story_card(at) and _story_count(at) == "1 of 3"  # the open event keeps its place
    at.multiselect(key="f_countries").set_value(["RU"]).run()
    assert 'data-event="e2"' in _story_card(at) and _story_count(at) == "1 of 2"  # e1 left: step 1 of the new story
    at.toggle(key="_w_story_omit").set_value(True).run()
    assert at.query_params["story_undated"] == "0"


def test_story_map_flies_to_the_step_with_its_arc(fixture_dir: Path) -> None:
    at = _app({"story": "1", "step": "4"})  # e2, Moscow
    deck = _deck(at)
    view = deck["initialViewState"]
    assert abs(view["latitude"] - 55.7558) < 8 and abs(view["longitude"] - 37.6173) < 25
    assert any(layer["id"] == "story-arc" for layer in deck["layers"])


def _story_download(at: AppTest) -> Any:
    return next(e for e in at.get("download_button") if e.proto.label == "Download story (HTML)")


def test_story_download_offers_the_filtered_story(fixture_dir: Path) -> None:
    # AppTest cannot fetch a deferred download: the page it builds is the export of the
    # same selection (story_export.story_html_of, tested in test_story.py); here, the
    # button is there, and off for an empty story.
    from kzatlas.viz import engine, story_export
    from kzatlas.viz.i18n import translator

    at = _app({"story": "1", "country": "RU"})
    assert not at.exception and not _story_download(at).proto.disabled
    atlas = engine.Atlas.open(fixture_dir)
    page = story_export.story_html_of(atlas, atlas.select(flt.Filters(countries=("RU",))), translator("en"))
    assert re.findall(r'data-event="([^"]+)"', page) == ["e2", "e4"]
    empty = _app({"story": "1", "q": "nothing-matches-this"})
    assert _story_download(empty).proto.disabled and _story_count(empty) == "0"


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        pytest.param({"story": "maybe"}, "expected 0 or 1", id="bad-story-flag"),
        pytest.param({"story": "1", "step": "-3"}, "a step is a number", id="bad-step"),
        pytest.param({"story": "1", "step": "40"}, "past the end", id="step-past-the-end"),
    ],
)
def test_bad_story_links_give_notices(fixture_dir: Path, query: dict, notice: str) -> None:
    at = _app(query)
    assert not at.exception
    assert any(notice in n for n in _notices(at)), _notices(at)
