"""Story mode: the steps in date order (undated last or left out), the story's
state through the URL and back, a step's card in each interface language, the
view the map flies to, and the exported page: every step with its card, quote,
sources and map, nothing from the data run as markup, no reference to anything
outside the file. The fixture is benchmarks.synthetic.story_rows (four articles in
four languages, seven events covering each kind of date)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from benchmarks.synthetic import article_row, event_row, story_rows
from kzatlas.paths import WORLD_GEOJSON
from kzatlas.viz import filters as flt
from kzatlas.viz import engine, load, story, story_export, svgmap
from kzatlas.viz.i18n import translator
from kzatlas.viz.story import UNDATED_LAST, UNDATED_OMIT, StoryState

ORDER = ["st-mai", "st-belarus", "st-dubna", "st-xian", "st-baikonur", "st-forum", "st-liege"]


@dataclass(frozen=True)
class Frames:
    """What story_html reads: events (full rows), sources, articles."""

    events: pd.DataFrame
    sources: pd.DataFrame
    articles: pd.DataFrame


def frames(*rows: Any) -> Frames:
    atlas = engine.Atlas.from_rows(*rows)
    return Frames(*story_export.story_frames(atlas, atlas.all()))


def event_by_id(events: pd.DataFrame, event_id: str) -> dict[str, Any]:
    return events[events["event_id"] == event_id].iloc[0].to_dict()


@pytest.fixture(scope="module")
def data() -> Frames:
    return frames(*story_rows())


@pytest.fixture(scope="module")
def world() -> dict:
    w = load.load_world(WORLD_GEOJSON)
    assert w is not None
    return w


# ---------------------------------------------------------------- steps


@pytest.mark.parametrize(
    ("undated", "expected"),
    [
        # A day comes before the year that starts on it; the year-unknown forum before the undated partnership.
        pytest.param(UNDATED_LAST, ORDER, id="undated-last"),
        pytest.param(UNDATED_OMIT, ORDER[:5], id="undated-left-out"),
    ],
)
def test_steps_in_date_order(data: Frames, undated: str, expected: list[str]) -> None:
    assert story.story_events(data.events, undated)["event_id"].tolist() == expected


def test_steps_do_not_depend_on_the_input_order_nor_change_it(data: Frames) -> None:
    shuffled = data.events.sample(frac=1.0, random_state=3)
    before = shuffled.copy()
    assert story.story_events(shuffled)["event_id"].tolist() == ORDER
    pd.testing.assert_frame_equal(shuffled, before)


def test_equal_dates_are_ordered_by_id() -> None:
    rows = [event_row(event_id=i, evidence="Signed.", evidence_end=7) for i in ("e-b", "e-a", "e-c")]
    events = frames(rows, [article_row("a1", "Signed.")], None).events
    assert story.story_events(events)["event_id"].tolist() == ["e-a", "e-b", "e-c"]


def test_an_empty_selection_is_an_empty_story(data: Frames) -> None:
    steps = story.story_events(data.events.iloc[0:0])
    assert steps.empty
    assert story.resolve_step(steps, StoryState(True, 3), None, translator("en")) == (0, [])


@pytest.mark.parametrize(
    ("state", "event_id", "expected", "notice"),
    [
        pytest.param(StoryState(True, 3), None, 3, "", id="by-number"),
        pytest.param(StoryState(True, 3), "st-baikonur", 5, "", id="event-id-wins"),
        pytest.param(StoryState(True, 3), "gone-after-rebuild", 3, "", id="unknown-event-falls-back-to-number"),
        pytest.param(StoryState(True, 99), None, 7, "Шаг 99", id="past-the-end-shows-the-last"),
    ],
)
def test_resolve_step(data: Frames, state: StoryState, event_id: str | None, expected: int, notice: str) -> None:
    steps = story.story_events(data.events)
    step, notices = story.resolve_step(steps, state, event_id, translator("ru"))
    assert step == expected
    assert (notice in notices[0]) if notice else notices == []


@pytest.mark.parametrize(
    ("undated", "step", "event_id", "expected_step", "expected_event"),
    [
        pytest.param(UNDATED_LAST, 1, "st-mai", 1, "st-mai", id="first"),
        pytest.param(UNDATED_LAST, 7, "st-liege", 7, "st-liege", id="undated-is-last"),
        pytest.param(UNDATED_OMIT, 6, None, 0, None, id="undated-left-out-has-no-step"),
        pytest.param(UNDATED_OMIT, 0, None, 0, None, id="no-step-zero"),
    ],
)
def test_story_steps(data: Frames, undated: str, step: int, event_id: str | None, expected_step: int,
                     expected_event: str | None) -> None:
    steps = story.StorySteps.of(data.events[list(story.ORDER_COLUMNS)], undated)
    assert list(steps.ids) == story.story_events(data.events, undated)["event_id"].tolist()
    assert steps.event_at(step) == expected_event
    assert steps.position.get(event_id or "", 0) == expected_step


@pytest.mark.parametrize(
    ("how", "step", "open_event", "expected", "notice"),
    [
        pytest.param(story.MOVE, 4, "st-dubna", (4, "st-xian"), "", id="next-opens-the-steps-event"),
        pytest.param(story.MOVE, 9, "st-dubna", (7, "st-liege"), "", id="next-stays-within-the-story"),
        pytest.param(story.FOLLOW, 1, "st-baikonur", (5, "st-baikonur"), "", id="open-event-keeps-its-step"),
        pytest.param(story.FOLLOW, 2, "not-in-story", (2, "st-belarus"), "", id="new-filters-open-the-step"),
        pytest.param(story.FOLLOW, 2, None, (2, "st-belarus"), "", id="story-button-opens-the-step"),
        pytest.param(story.LINK, 3, "st-xian", (4, "st-xian"), "", id="link-event-wins-over-step"),
        pytest.param(story.LINK, 99, None, (7, "st-liege"), "Шаг 99", id="link-past-the-end"),
        pytest.param(story.FOLLOW, 99, None, (7, "st-liege"), "", id="filters-shrank-the-story-no-notice"),
        pytest.param(story.KEEP, 3, "st-forum", (6, "st-forum"), "", id="clicked-event-moves-the-step"),
        pytest.param(story.KEEP, 3, None, (3, None), "", id="closed-reader-stays-closed"),
        pytest.param(story.KEEP, 3, "elsewhere", (3, "elsewhere"), "", id="event-outside-the-story-stays-open"),
    ],
)
def test_sync_step(data: Frames, how: str, step: int, open_event: str | None, expected: tuple, notice: str) -> None:
    steps = story.StorySteps.of(data.events)
    got_step, got_event, notices = story.sync_step(steps, StoryState(True, step), open_event, how, translator("ru"))
    assert (got_step, got_event) == expected
    assert (notice in notices[0]) if notice else notices == []


def test_sync_step_of_an_empty_story_keeps_the_open_event(data: Frames) -> None:
    empty = story.StorySteps.of(data.events.iloc[0:0])
    assert story.sync_step(empty, StoryState(True, 3), "st-mai", story.MOVE, translator("en")) == (0, "st-mai", [])


def test_card_html_is_escaped_and_in_the_interface_language(data: Frames) -> None:
    event = {**event_by_id(data.events, "st-dubna"), "place_name": "<img src=x onerror=alert(1)>"}
    page = story.card_html(story.story_card(event, 3, 7, translator("kk")), translator("kk"))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'data-step="3"' in page and "7 ішінен 3" in page and "Әріптестер" in page


def test_the_map_flies_to_the_step_with_its_arc(data: Frames) -> None:
    from kzatlas.viz import maps, views

    atlas = engine.Atlas.from_rows(*story_rows())
    view = story.step_view(event_by_id(data.events, "st-xian"))
    assert view is not None and view.origin is not None
    shown = views.selection_map(atlas, atlas.all(), maps.COLOR_BY[0])
    where = views.points(atlas, None)
    places = atlas.all().places(maps.COLOR_BY[0], views.palette(atlas, maps.COLOR_BY[0]), where)
    moved = views.map_view(places, atlas.all().arcs(where), view=view.view_state(),
                           focus_arc=(view.origin, view.target))
    spec = json.loads(moved.deck.to_json())
    assert {k: spec["initialViewState"][k] for k in ("latitude", "longitude", "zoom")} == view.view_state()
    arc = [layer for layer in spec["layers"] if layer["id"] == maps.FOCUS_ARC_ID]
    assert len(arc) == 1 and arc[0]["data"] == [{"from": list(view.origin), "to": list(view.target)}]
    assert maps.FOCUS_ARC_ID not in shown.deck.to_json()  # without a story, no bold arc


# ---------------------------------------------------------------- URL


@pytest.mark.parametrize(
    ("f", "state", "event_id", "lang"),
    [
        pytest.param(flt.Filters(), StoryState(True, 1), None, None, id="whole-atlas-first-step"),
        pytest.param(flt.Filters(kinds=("agreement",), countries=("RU", "CN")), StoryState(True, 7), "st-dubna", "kk",
                     id="filters-step-event-language"),
        pytest.param(flt.Filters(date_from=dt.date(2021, 1, 1), languages=("ru",), text="Дубна"),
                     StoryState(True, 2, UNDATED_OMIT), "st-mai", "ru", id="dates-text-undated-left-out"),
        pytest.param(flt.Filters(include_planned=False), StoryState(False), "st-xian", "en", id="story-closed"),
    ],
)
def test_story_url_round_trip(f: flt.Filters, state: StoryState, event_id: str | None, lang: str | None) -> None:
    q = story.story_to_query(f, state, event_id, lang)
    # As a browser would send it back: every value a list of strings.
    sent = {k: v if isinstance(v, list) else [v] for k, v in q.items()}
    T = translator("en")
    assert story.story_from_query(sent, T) == ((state if state.active else StoryState()), [])
    assert flt.filters_from_query(sent)[0] == f
    assert flt.event_from_query(sent, {"st-dubna", "st-mai", "st-xian"})[0] == event_id
    assert sent.get("lang", [None])[-1] == lang
    assert ("story" in q) == state.active


def test_story_keys_do_not_collide_with_filter_keys() -> None:
    assert not set(story.STORY_KEYS) & set(flt.QUERY_KEYS)
    assert "lang" not in flt.QUERY_KEYS  # ?lang= is the interface language


@pytest.mark.parametrize(
    ("q", "expected", "notice"),
    [
        pytest.param({"story": "1", "step": "7"}, StoryState(True, 7), "", id="plain"),
        pytest.param({"story": "", "step": ["2", "5"]}, StoryState(True, 5), "", id="bare-flag-last-step-wins"),
        pytest.param({"step": "4"}, StoryState(False, 4), "", id="step-without-story"),
        pytest.param({"story": "maybe"}, StoryState(False), "story=maybe", id="bad-flag"),
        pytest.param({"story": "1", "step": "0"}, StoryState(True, 1), "step=0", id="step-zero"),
        pytest.param({"story": "1", "step": "-3"}, StoryState(True, 1), "step=-3", id="negative-step"),
        pytest.param({"story": "1", "step": "9" * 40}, StoryState(True, 1), "step=", id="huge-step"),
        pytest.param({"story": "1", "story_undated": "0"}, StoryState(True, 1, UNDATED_OMIT), "", id="leave-out-undated"),
        pytest.param({"story": "1", "story_undated": "later"}, StoryState(True), "story_undated=later", id="bad-undated"),
    ],
)
def test_story_from_query_never_raises(q: dict, expected: StoryState, notice: str) -> None:
    state, notices = story.story_from_query(q, translator("en"))
    assert state == expected
    assert (len(notices) == 1 and notice in notices[0]) if notice else notices == []


# ---------------------------------------------------------------- a step


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        pytest.param("en", {"progress": "3 of 7", "date": "Oct 2\u2009–\u20093, 2023", "kind": "agreement",
                            "kazakh_side": ("National Academy of Sciences of the Republic of Kazakhstan",
                                            "Institute of Nuclear Physics"),
                            "partners": ("Joint Institute for Nuclear Research",), "countries": ("Russia",),
                            "place": "Dubna", "topics": ("nuclear",)}, id="en"),
        pytest.param("ru", {"progress": "3 из 7", "date": "2—3 окт. 2023\u202fг.", "kind": "соглашение",
                            "kazakh_side": ("Национальная академия наук Республики Казахстан",
                                            "Институт ядерной физики"),
                            "partners": ("Объединённый институт ядерных исследований",), "countries": ("Россия",),
                            "place": "Дубна", "topics": ("ядерная сфера",)}, id="ru"),
        pytest.param("kk", {"progress": "7 ішінен 3", "date": "2023\u202fж. 2–3 қаз.", "kind": "келісім",
                            "kazakh_side": ("Қазақстан Республикасы Ұлттық ғылым академиясы",
                                            "Ядролық физика институты"),
                            "partners": ("Біріккен ядролық зерттеулер институты",), "countries": ("Ресей",),
                            "place": "Дубна", "topics": ("ядролық сала",)}, id="kk"),
    ],
)
def test_card_in_each_language(data: Frames, lang: str, expected: dict) -> None:
    steps = story.story_events(data.events)
    card = story.story_card(steps.iloc[2].to_dict(), 3, len(steps), translator(lang))
    assert {k: getattr(card, k) for k in expected} == expected
    # The evidence stays as the article wrote it, whatever the interface language.
    assert card.evidence.startswith("The agreement was signed in Dubna")


@pytest.mark.parametrize(
    ("event_id", "lang", "kind", "countries", "date"),
    [
        pytest.param("st-baikonur", "ru", "план (запланировано)", ("Россия",), "2028", id="planned-country-party"),
        pytest.param("st-belarus", "kk", "бағдарлама", ("Беларусь",), "2021", id="country-level-year"),
        pytest.param("st-forum", "ru", "форум", ("Бельгия",), "13—14 июня", id="year-unknown"),
        pytest.param("st-liege", "kk", "әріптестік", ("Бельгия",), "күні белгісіз", id="undated"),
    ],
)
def test_card_values(data: Frames, event_id: str, lang: str, kind: str, countries: tuple, date: str) -> None:
    event = event_by_id(data.events, event_id)
    card = story.story_card(event, 1, 1, translator(lang))
    assert (card.kind, card.countries, card.date) == (kind, countries, date)


def test_card_rows_are_labelled_in_the_interface_language(data: Frames) -> None:
    card = story.story_card(event_by_id(data.events, "st-liege"), 7, 7, translator("kk"))
    rows = dict(card.rows(translator("kk")))
    assert rows["Орны"] == "—" and rows["Әріптестер"] == "Льеж университеті"
    assert not card.on_map


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        pytest.param("en", 1, "1 event", id="en-one"),
        pytest.param("en", 23, "23 events", id="en-other"),
        pytest.param("ru", 1, "1 событие", id="ru-one"),
        pytest.param("ru", 3, "3 события", id="ru-few"),
        pytest.param("ru", 5, "5 событий", id="ru-many"),
        pytest.param("ru", 21, "21 событие", id="ru-21-is-one"),
        pytest.param("kk", 23, "23 оқиға", id="kk"),
        pytest.param("ru", 1500, "1\xa0500 событий", id="ru-grouped"),
    ],
)
def test_event_counts_use_each_languages_plural(lang: str, n: int, expected: str) -> None:
    assert story.events_count_text(n, translator(lang)) == expected


def _px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    scale = 512 * 2**zoom
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * scale
    return (lon + 180) / 360 * scale, y


@pytest.mark.parametrize("event_id", ["st-mai", "st-dubna", "st-xian", "st-baikonur", "st-belarus"])
def test_the_view_shows_the_place_and_the_kazakh_side(data: Frames, event_id: str) -> None:
    event = event_by_id(data.events, event_id)
    view = story.step_view(event)
    assert view is not None and view.origin is not None
    assert view.zoom <= story.MAX_ZOOM[event["geo_precision"]]
    cx, cy = _px(view.longitude, view.latitude, view.zoom)
    for lon, lat in (view.target, view.origin):  # both ends of the arc inside a 560 × 480 px map
        x, y = _px(lon, lat, view.zoom)
        assert abs(x - cx) < 280 and abs(y - cy) < 240


def test_a_place_at_its_own_origin_has_no_arc_and_a_close_view(data: Frames) -> None:
    view = story.step_view(event_by_id(data.events, "st-forum"))
    assert view is not None and view.origin is None
    assert (view.latitude, view.longitude, view.zoom) == (43.238, 76.9458, story.MAX_ZOOM["city"])


def test_an_event_without_coordinates_has_no_view(data: Frames) -> None:
    assert story.step_view(event_by_id(data.events, "st-liege")) is None


def test_describe_filters(data: Frames) -> None:
    f = flt.Filters(date_from=dt.date(2021, 1, 1), countries=("BY",), kinds=("programme",),
                    institutions=("Al-Farabi Kazakh National University",), include_undated=False)
    rows = story.describe_filters(f, translator("ru"))
    assert rows == [
        ("Период", "1 января 2021\u202fг. – …"),
        ("Страна партнёра", "Беларусь"),
        ("Организация", "Казахский национальный университет имени аль-Фараби"),
        ("Тип", "программа"),
        ("События без даты", "исключены"),
    ]
    assert story.describe_filters(flt.Filters(), translator("ru")) == []


# ---------------------------------------------------------------- the exported page


@pytest.fixture(scope="module")
def pages(data: Frames, world: dict) -> dict[str, str]:
    f = flt.Filters()
    return {
        lang: story_export.story_html(data.events, data.sources, data.articles, translator(lang), world=world,
                                      filters=f, app_url="https://atlas.example.org/")
        for lang in ("en", "ru", "kk")
    }


def test_the_page_has_every_step_in_order(pages: dict[str, str]) -> None:
    for page in pages.values():
        assert re.findall(r'<li class="step" id="step-(\d+)" data-event="([^"]+)"', page) == [
            (str(i + 1), e) for i, e in enumerate(ORDER)
        ]


def test_each_step_has_its_quote_sources_and_map(pages: dict[str, str], data: Frames) -> None:
    page = pages["en"]
    steps = page.split('<li class="step"')[1:]
    for chunk, event_id in zip(steps, ORDER):
        event = event_by_id(data.events, event_id)
        assert f'<blockquote class="evidence" lang="{event["language"]}">' in chunk
        assert ("<svg class=\"map\"" in chunk) == bool(event["has_coords"])
    dubna = steps[ORDER.index("st-dubna")]
    assert "2 sources" in dubna and "Соглашение с Объединённым институтом" in dubna  # the Russian source's quote
    assert 'href="https://example.org/jinr"' in dubna and 'href="https://example.org/ru"' in dubna
    assert "no coordinates" in steps[ORDER.index("st-liege")]


def test_the_page_is_in_the_interface_language(pages: dict[str, str]) -> None:
    assert '<html lang="kk">' in pages["kk"] and "Қашан" in pages["kk"] and ">When<" not in pages["kk"]
    assert "Келесі" in pages["kk"] and "7 ішінен 1" in pages["kk"]
    assert '<html lang="ru">' in pages["ru"] and "Когда" in pages["ru"] and "7 оқиға" not in pages["ru"]


def test_the_page_runs_nothing_and_fetches_nothing(pages: dict[str, str]) -> None:
    for page in pages.values():
        assert "<script" not in page.lower()
        assert "script-src" not in page and "default-src 'none'" in page
        assert not re.search(r"\ssrc=", page)  # no image, frame or script source of any kind
        hrefs = re.findall(r'href="([^"#][^"]*)"', page)
        assert hrefs and all(h.startswith(("https://example.org/", "https://atlas.example.org/")) for h in hrefs)
        assert "javascript:" not in page  # the French article's URL is not a link


def test_links_back_to_the_atlas_open_the_same_step(pages: dict[str, str]) -> None:
    links = re.findall(r'href="(https://atlas\.example\.org/[^"]+)"', pages["kk"])
    assert len(links) == len(ORDER)
    q = parse_qs(urlsplit(links[3].replace("&amp;", "&")).query)
    assert story.story_from_query(q, translator("kk")) == (StoryState(True, 4), [])
    assert q["event"] == ["st-xian"] and q["lang"] == ["kk"]


def test_the_page_is_deterministic(data: Frames, world: dict, pages: dict[str, str]) -> None:
    again = story_export.story_html(data.events, data.sources, data.articles, translator("ru"), world=world,
                                    filters=flt.Filters(), app_url="https://atlas.example.org/")
    assert again == pages["ru"]


def test_hostile_data_is_shown_as_text(world: dict) -> None:
    evil = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>"
    text = f"{evil} headline\n\nThe {evil} Institute signed an agreement on 1 March 2024.\n"
    sentence = text.splitlines()[2]
    start = text.index(sentence)
    events = [event_row(event_id="evil", article_ids="a-evil", evidence=sentence, evidence_article_id="a-evil",
                        evidence_start=start, evidence_end=start + len(sentence), partners=f"{evil} Institute",
                        partner_ids="x-evil", place_name=f"Dubna {evil}")]
    articles = [article_row("a-evil", text, title=f"{evil} headline", url="javascript:alert(2)", publisher=evil)]
    d = frames(events, articles, None)
    page = story_export.story_html(d.events, d.sources, d.articles, translator("en"), world=world)
    assert "<script" not in page and "<img" not in page and "javascript:" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_an_empty_story_says_so(data: Frames) -> None:
    page = story_export.story_html(data.events.iloc[0:0], data.sources, data.articles, translator("ru"))
    assert "Под фильтры этой истории не подходит ни одно событие." in page and 'class="step"' not in page


def test_long_stories_keep_every_step_but_only_the_overview_map(data: Frames, world: dict,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_export, "MAX_STEP_MAPS", 3)
    page = story_export.story_html(data.events, data.sources, data.articles, translator("en"), world=world)
    assert page.count('<li class="step"') == len(ORDER)
    assert page.count('<svg class="map"') == 0 and page.count('<svg class="overview-map"') == 1


# ---------------------------------------------------------------- static maps


def test_world_outlines_are_one_shared_path_with_kazakhstan_apart(world: dict) -> None:
    all_d, kz_d = svgmap.outline_paths(world)
    assert all_d.count("M") > 170 and 0 < len(kz_d) < len(all_d) / 20
    # Antarctica's seam at ±180° must not draw a line across the map.
    for sub in all_d.split("M")[1:]:
        xs = [float(p.split()[0]) for p in re.split(r"[LZ]", sub) if p.strip()]
        assert all(abs(b - a) < svgmap.WORLD_WIDTH / 2 for a, b in zip(xs, xs[1:]))


@pytest.mark.parametrize(
    ("points", "aspect"),
    [
        pytest.param([(76.9, 43.2)], 1.6, id="one-point"),
        pytest.param([(76.9, 43.2), (37.2, 56.7)], 1.6, id="almaty-dubna"),
        pytest.param([(-77.0, 38.9), (139.7, 35.7)], 2.0, id="washington-tokyo"),
    ],
)
def test_fit_box_holds_the_points_at_the_aspect(points: list[tuple[float, float]], aspect: float) -> None:
    x, y, w, h = svgmap.fit_box(points, aspect=aspect)
    assert w / h == pytest.approx(aspect, rel=0.01) or w == svgmap.WORLD_WIDTH or h == svgmap.WORLD_WIDTH
    for lon, lat in points:
        px, py = svgmap.project(lon, lat)
        assert x <= px <= x + w and y <= py <= y + h
    assert 0 <= x and x + w <= svgmap.WORLD_WIDTH + 1e-9 and 0 <= y and y + h <= svgmap.WORLD_WIDTH + 1e-9


def test_the_story_command_exports_a_dashboard_link(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.synthetic import write_tables
    from kzatlas.tools.cli import main

    write_tables(tmp_path / "data", *story_rows())
    out = tmp_path / "story.html"
    link = "http://localhost:8501/?kind=agreement&kind=meeting&lang=kk&story=1&step=2&country=ZZ"
    assert main(["story", link, "-o", str(out), "--data", str(tmp_path / "data")]) == 0
    page = out.read_text(encoding="utf-8")
    assert re.findall(r'data-event="([^"]+)"', page) == ["st-mai", "st-dubna", "st-xian"]
    assert '<html lang="kk">' in page
    assert "'ZZ'" in capsys.readouterr().err  # the link's unknown country is reported, not fatal
    assert main(["story", "lang=ru", "-o", str(out), "--data", str(tmp_path / "missing")]) == 1
