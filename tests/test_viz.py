"""Tests of the dashboard's pure functions (kzatlas.viz): loading and validation,
the engine's filters (undated events and a date range, search by any name), counts
and aggregates, filters' URL form, map points (one per city, country-level points
apart, stable colours, overlaps nudged apart, labels that never overprint) and the
pydeck spec, the time control (histogram, brush, playback), the escaped reader, the
exports and uploads. The
fixture data set is written from kzatlas.schema by ``write_fixture`` (also used by
tests/test_app.py), so these tests need no built data folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from kzatlas.csvcells import rows_from_text
from kzatlas.errors import DataMissingError, SchemaError
from kzatlas.fsio import write_manifest
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS
from kzatlas.viz import charts, engine, export, filters, load, maps, reader, views
from kzatlas.viz.filters import Filters
from kzatlas.viz.notices import notice_html

HOSTILE_TITLE = "<script>window.__pwned=1</script> Hostile $x^2$ title"
HOSTILE_BITS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "$x^2$",
)
HOSTILE_PARTNER = "<img src=x onerror=alert(2)> Institute [y](javascript:alert(3))"

ASTANA = ("Astana", "51.1694", "71.4491")


def _event(**kw: str) -> dict[str, str]:
    row = {c: "" for c in EVENTS.columns}
    row.update(
        {
            "kazakh_side": "Nazarbayev University",
            "kazakh_side_ids": "kz-nu",
            "origin_name": ASTANA[0],
            "origin_lat": ASTANA[1],
            "origin_lon": ASTANA[2],
            "confidence": "0.9",
            "source_count": "1",
            "corrected": "false",
            "planned": "false",
            "geo_precision": "city",
            "geo_source": "gazetteer",
            "place_basis": "stated",
        }
    )
    row.update(kw)
    return row


def fixture_rows(hostile: bool = False) -> tuple[list[dict], list[dict], list[dict]]:
    """(events, articles, event_sources) rows as text values, offsets computed."""
    partner_jp = HOSTILE_PARTNER if hostile else "University of Tokyo"
    sentences = {
        "a1": ("Nazarbayev University signed an agreement with the University of Tokyo on 10 May 2023.",
               "Researchers from KAIST visited Astana on 20 November 2023."),
        "a2": ("В марте 2024 года делегация встретилась с Московским авиационным институтом.",
               "Соглашение с Токийским университетом подписано 10 мая 2023 года."),
        "a3": ("Қазақстан ғалымдары 2025 жылы Дубнадағы БИЯЗИ-мен жоспар құрады.",),
        "a4": ("En 2022, une délégation a visité le CERN à Genève.",
               "Le DAAD est un partenaire de longue date."),
    }
    if hostile:
        sentences["a1"] = (
            sentences["a1"][0],
            sentences["a1"][1],
            " ".join(HOSTILE_BITS),
        )
    texts: dict[str, str] = {}
    offsets: dict[tuple[str, int], tuple[int, int, str]] = {}
    for aid, parts in sentences.items():
        text = "Headline line\n\n"
        for i, s in enumerate(parts):
            start = len(text)
            text += s
            offsets[(aid, i)] = (start, len(text), s)
            text += "\n\n"
        texts[aid] = text

    def ev(aid: str, i: int) -> dict[str, str]:
        s, e, sent = offsets[(aid, i)]
        return {"evidence": sent, "evidence_article_id": aid, "evidence_start": str(s), "evidence_end": str(e)}

    events = [
        _event(event_id="e1", article_ids="a1|a2", date_start="2023-05-10", date_end="2023-05-10",
               date_precision="day", date_basis="stated", date_text="10 May 2023", kind="agreement",
               partners=partner_jp, partner_ids="jp-utokyo", partner_countries="JP", place_name="Tokyo",
               country_code="JP", lat="35.6895", lon="139.6917", topics="space", language="en",
               source_count="2", **ev("a1", 0)),
        _event(event_id="e2", article_ids="a2", date_start="2024-03-01", date_end="2024-03-31",
               date_precision="month", date_basis="stated", date_text="В марте 2024 года", kind="meeting",
               partners="Moscow Aviation Institute", partner_ids="ru-mai", partner_countries="RU",
               place_name="Москва", country_code="RU", lat="55.7558", lon="37.6173", topics="space|ai_digital",
               language="ru", corrected="true", **ev("a2", 0)),
        _event(event_id="e3", article_ids="a4", date_start="2022-01-01", date_end="2022-12-31",
               date_precision="year", date_basis="stated", date_text="En 2022", kind="visit",
               partners="CERN", partner_ids="ch-cern", partner_countries="CH", place_name="Geneva",
               country_code="CH", lat="46.2044", lon="6.1432", topics="nuclear", language="fr", **ev("a4", 0)),
        _event(event_id="e4", article_ids="a3", date_start="2025-01-01", date_end="2025-12-31",
               date_precision="year", date_basis="stated", date_text="2025 жылы", kind="plan", planned="true",
               partners="Joint Institute for Nuclear Research", partner_ids="ru-jinr", partner_countries="RU",
               place_name="Дубна", country_code="RU", lat="56.7333", lon="37.1667", topics="nuclear",
               language="kk", **ev("a3", 0)),
        _event(event_id="e5", article_ids="a4", kind="partnership", partners="DAAD", partner_ids="de-daad",
               partner_countries="DE", place_name="Germany", place_basis="country", country_code="DE",
               lat="51.0", lon="10.0", geo_precision="country", geo_source="cldr", topics="",
               language="fr", **ev("a4", 1)),
        _event(event_id="e6", article_ids="a1", date_start="2023-11-20", date_end="2023-11-20",
               date_precision="day", date_basis="stated", date_text="20 November 2023", kind="visit",
               partners="KAIST", partner_ids="kr-kaist", partner_countries="KR", place_name="Daejeon",
               country_code="KR", lat="", lon="", geo_precision="", geo_source="", topics="ai_digital",
               language="en", **ev("a1", 1)),
    ]
    meta = {
        "a1": ("Kazakh and Japanese universities sign agreement", "https://example.org/news/1", "2023-05-11", "Example News", "en"),
        "a2": ("Казахстан и Россия: научное сотрудничество", "", "2024-03-15", "ТАСС", "ru"),
        "a3": ("Қазақстан мен Ресей ғалымдары", "", "", "Kazinform", "kk"),
        "a4": ("Le Kazakhstan et le CERN", "javascript:alert(1)", "2022-06-01", "", "fr"),
    }
    if hostile:
        meta["a1"] = (HOSTILE_TITLE, "https://example.org/news/1", "2023-05-11", "<b>Evil</b> Press", "en")
    articles = []
    for aid, (title, url, pub, publisher, lang) in meta.items():
        articles.append(
            {
                "article_id": aid, "path": f"seeds/{aid}.txt", "title": title, "url": url, "published": pub,
                "published_basis": "front_matter" if pub else "",
                "published_precision": "day" if pub else "", "publisher": publisher, "language": lang,
                "languages": [lang], "encoding": "utf-8", "sha256": "0" * 64,
                "event_count": sum(1 for e in events if e["evidence_article_id"] == aid), "text": texts[aid],
            }
        )
    sources = []
    for e in events:
        sources.append({c: e[c] for c in ("event_id", "evidence", "evidence_start", "evidence_end", "language", "date_text")}
                       | {"article_id": e["evidence_article_id"]})
    s, en, sent = offsets[("a2", 1)]
    sources.append({"event_id": "e1", "article_id": "a2", "evidence": sent, "evidence_start": str(s),
                    "evidence_end": str(en), "language": "ru", "date_text": "10 мая 2023 года"})
    return events, articles, sources


def write_fixture(folder: Path, hostile: bool = False) -> Path:
    """Write events.csv, articles.jsonl and event_sources.csv into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    events, articles, sources = fixture_rows(hostile)
    for table, rows in ((EVENTS, events), (EVENT_SOURCES, sources)):
        with open(folder / table.filename, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=table.columns)
            w.writeheader()
            for r in rows:
                w.writerow(r)
    with open(folder / ARTICLES.filename, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    write_manifest(folder, [EVENTS.filename, EVENT_SOURCES.filename, ARTICLES.filename])
    return folder


@pytest.fixture()
def data(tmp_path: Path) -> engine.Atlas:
    return engine.Atlas.open(write_fixture(tmp_path / "data"))


@pytest.fixture()
def hostile_data(tmp_path: Path) -> engine.Atlas:
    return engine.Atlas.open(write_fixture(tmp_path / "data", hostile=True))


def _events(atlas: engine.Atlas) -> pd.DataFrame:
    return atlas.all().events_frame(newest_first=False, full=True)


def _places(atlas: engine.Atlas, color_by: str = "partner country", world: dict | None = None,
            f: Filters | None = None) -> pd.DataFrame:
    """The map rows the page draws for a selection (colours and points over the atlas)."""
    sel = atlas.select(f) if f is not None else atlas.all()
    return sel.places(color_by, views.palette(atlas, color_by), views.points(atlas, world))


def _deck(atlas: engine.Atlas, world: dict | None = None, **kw):
    return views.selection_map(atlas, atlas.all(), maps.COLOR_BY[0], world=world, **kw).deck


def _times(atlas: engine.Atlas, n: int) -> engine.Atlas:
    """The same events n times over (ids repeat: for payload tests only)."""
    return engine.Atlas(atlas.tables, pl.concat([atlas.events] * n))


def _with_rows(atlas: engine.Atlas, **changes_by_id: tuple[str, dict]) -> engine.Atlas:
    """The atlas plus copies of some of its events with fields changed (new ids)."""
    extra = []
    for new_id, (base_id, changes) in changes_by_id.items():
        row = atlas.events.filter(pl.col("event_id") == base_id)
        values = {k: pl.lit(list(v), dtype=pl.List(pl.String)) if isinstance(v, tuple) else pl.lit(v)
                  for k, v in changes.items()}
        extra.append(row.with_columns(**values, event_id=pl.lit(new_id)).select(atlas.events.columns))
    rows = pl.concat([atlas.events, *extra], how="vertical_relaxed").drop(engine.DERIVED_COLUMNS)
    return engine.Atlas(atlas.tables, engine._with_derived(rows))


# ---------------------------------------------------------------- load

def test_load_types(data: engine.Atlas) -> None:
    ev = _events(data)
    assert len(ev) == 6
    e1 = ev.set_index("event_id").loc["e1"]
    assert e1["article_ids"] == ("a1", "a2")
    assert e1["start"] == pd.Timestamp("2023-05-10")
    assert bool(ev.set_index("event_id").loc["e4", "planned"]) is True
    assert not bool(ev.set_index("event_id").loc["e6", "has_coords"])
    assert pd.isna(ev.set_index("event_id").loc["e5", "start"])


def test_load_missing_folder_names_build_command(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="python -m kzatlas build"):
        engine.Atlas.open(tmp_path / "nothing")


@pytest.mark.parametrize(
    "damage, expected",
    [
        pytest.param(lambda r: r.pop("kind"), "missing columns \\['kind'\\]", id="missing-column"),
        pytest.param(lambda r: r.update(lat="north"), "'lat'", id="bad-float"),
        pytest.param(lambda r: r.update(kind="party"), "'kind'", id="bad-choice"),
    ],
)
def test_load_schema_errors_name_table_and_column(tmp_path: Path, damage, expected: str) -> None:
    folder = write_fixture(tmp_path / "data")
    events, _, _ = fixture_rows()
    for r in events:
        damage(r)
    with open(folder / "events.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(events[0].keys()))
        w.writeheader()
        w.writerows(events)
    write_manifest(folder, [EVENTS.filename, EVENT_SOURCES.filename, ARTICLES.filename])  # as if built so
    with pytest.raises(SchemaError, match="events") as info:
        engine.Atlas.open(folder)
    assert pd.Series([str(info.value)]).str.contains(expected).all()


def test_load_without_event_sources_derives_them(tmp_path: Path) -> None:
    folder = write_fixture(tmp_path / "data")
    (folder / "event_sources.csv").unlink()
    write_manifest(folder, [EVENTS.filename, ARTICLES.filename])  # an older build wrote no sources
    d = engine.Atlas.open(folder)
    assert d.tables.sources is not None
    assert set(d.tables.sources["event_id"]) == set(d.events["event_id"])
    assert list(d.sources(d.event("e1"))["article_id"]) == ["a1"]


@pytest.mark.parametrize(
    "event_id, found",
    [pytest.param("e1", True, id="known"), pytest.param("nope", False, id="unknown"), pytest.param("", False, id="empty")],
)
def test_event_lookup(data: engine.Atlas, event_id: str, found: bool) -> None:
    assert (data.event(event_id) is not None) is found


def test_sources_for_event_own_article_first(data: engine.Atlas) -> None:
    ev = data.event("e1")
    src = data.sources(ev)
    assert list(src["article_id"]) == ["a1", "a2"]


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize(
    "f, expected_ids",
    [
        pytest.param(Filters(), {"e1", "e2", "e3", "e4", "e5", "e6"}, id="default-all"),
        pytest.param(Filters(countries=("RU",)), {"e2", "e4"}, id="country"),
        pytest.param(Filters(institutions=("CERN",)), {"e3"}, id="institution"),
        pytest.param(Filters(institutions=("Nazarbayev University",)), {"e1", "e2", "e3", "e4", "e5", "e6"}, id="kazakh-side"),
        pytest.param(Filters(kinds=("visit",)), {"e3", "e6"}, id="kind"),
        pytest.param(Filters(topics=("nuclear",)), {"e3", "e4"}, id="topic"),
        pytest.param(Filters(languages=("ru", "kk")), {"e2", "e4"}, id="language"),
        pytest.param(Filters(text="ТОКИЙСК"), set(), id="text-not-in-evidence-of-e1"),
        pytest.param(Filters(text="cern"), {"e3"}, id="text-casefold"),
        pytest.param(Filters(text="москва"), {"e2"}, id="text-place-cyrillic"),
        pytest.param(Filters(include_planned=False), {"e1", "e2", "e3", "e5", "e6"}, id="no-planned"),
        pytest.param(Filters(include_undated=False), {"e1", "e2", "e3", "e4", "e6"}, id="no-undated"),
        # A date range leaves undated events (e5) out, unless asked to keep them.
        pytest.param(Filters(date_from=dt.date(2023, 6, 1), date_to=dt.date(2024, 3, 5)), {"e2", "e6"}, id="dates-overlap"),
        pytest.param(Filters(date_from=dt.date(2023, 6, 1), date_to=dt.date(2024, 3, 5), undated_in_range=True),
                     {"e2", "e5", "e6"}, id="dates-keep-undated"),
        pytest.param(Filters(date_from=dt.date(2023, 6, 1), undated_in_range=True, include_undated=False),
                     {"e2", "e4", "e6"}, id="dates-undated-unwanted"),
        # Names in any script, resolved through the gazetteer and the place index.
        pytest.param(Filters(text="Dubna"), {"e4"}, id="search-latin-finds-cyrillic-place"),
        pytest.param(Filters(text="Токио"), {"e1"}, id="search-cyrillic-finds-latin-place"),
        pytest.param(Filters(text="ЦЕРН"), {"e3"}, id="search-institution-alias"),
        pytest.param(Filters(text="Швейцария"), {"e3"}, id="search-country-name"),
        pytest.param(Filters(date_from=dt.date(2023, 6, 1), include_undated=False), {"e2", "e4", "e6"}, id="dates-from"),
    ],
)
def test_select(data: engine.Atlas, f: Filters, expected_ids: set[str]) -> None:
    before = data.events.clone()
    out = data.select(f)
    assert set(out.events["event_id"]) == expected_ids
    assert data.events.equals(before)  # the atlas is untouched


def test_counts(data: engine.Atlas) -> None:
    assert data.all().counts() == {"events": 6, "undated": 1, "partners": 6, "countries": 5, "articles": 4}
    ru = data.select(Filters(countries=("RU",)))
    assert ru.counts() == {"events": 2, "undated": 0, "partners": 2, "countries": 1, "articles": 2}


def test_filter_options(data: engine.Atlas) -> None:
    o = data.options
    assert o.countries == ("CH", "DE", "JP", "KR", "RU")
    assert o.min_date == dt.date(2022, 1, 1) and o.max_date == dt.date(2025, 12, 31)
    assert "Nazarbayev University" in o.institutions


@pytest.mark.parametrize(
    "f",
    [
        pytest.param(Filters(), id="default"),
        pytest.param(Filters(countries=("RU", "JP"), kinds=("visit",)), id="lists"),
        pytest.param(Filters(date_from=dt.date(2023, 1, 2), date_to=dt.date(2024, 5, 6)), id="dates"),
        pytest.param(Filters(text="Дубна & <x>", include_planned=False, include_undated=False), id="text-flags"),
        pytest.param(Filters(date_from=dt.date(2020, 1, 1), undated_in_range=True), id="keep-undated"),
        pytest.param(Filters(institutions=("University of California, Berkeley",), topics=("space",), languages=("kk",)), id="comma-name"),
    ],
)
def test_query_round_trip(f: Filters) -> None:
    q = filters.filters_to_query(f, event="e1")
    back, notices = filters.filters_from_query(q)
    assert back == f and notices == []
    assert q.get("event") == "e1"


def test_default_filters_make_empty_query() -> None:
    assert filters.filters_to_query(Filters()) == {}


@pytest.mark.parametrize(
    "q, expected, notice",
    [
        pytest.param({"from": "2023-13-45"}, Filters(), "not a date", id="bad-date"),
        pytest.param({"to": "x" * 5000}, Filters(), "not a date", id="huge-date"),
        pytest.param({"country": ["RU", "ZZ"]}, Filters(countries=("RU",)), "unknown partner country", id="unknown-country"),
        pytest.param({"kind": ["k"] * 5000}, Filters(), "kept the first", id="thousands-of-items"),
        pytest.param({"inst": ["x" * 1000]}, Filters(), "over-long", id="over-long-value"),
        pytest.param({"q": "y" * 1000}, Filters(), "longer than", id="over-long-text"),
        pytest.param({"planned": "maybe"}, Filters(), "expected 0 or 1", id="bad-flag"),
        pytest.param({"from": "2024-01-01", "to": "2023-01-01"},
                     Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 1, 1)), "swapped", id="reversed-dates"),
    ],
)
def test_query_bad_input_gives_notices(data: engine.Atlas, q: dict, expected: Filters, notice: str) -> None:
    opts = data.options
    f, notices = filters.filters_from_query(q, opts)
    assert f == expected
    assert any(notice in n for n in notices), notices


@pytest.mark.parametrize(
    "q, expected, has_notice",
    [
        pytest.param({"event": "e2"}, "e2", False, id="known"),
        pytest.param({"event": "zzz"}, None, True, id="unknown"),
        pytest.param({"event": "e" * 999}, None, True, id="huge"),
        pytest.param({}, None, False, id="absent"),
    ],
)
def test_event_from_query(data: engine.Atlas, q: dict, expected: str | None, has_notice: bool) -> None:
    got, notices = filters.event_from_query(q, data.options.event_ids)
    assert got == expected and bool(notices) is has_notice


# ---------------------------------------------------------------- map

MOSCOW, DUBNA = (55.7558, 37.6173), (56.7333, 37.1667)


def test_one_point_per_city(data: engine.Atlas) -> None:
    # Two more Moscow events: an institution 10 km out, and the city itself.
    atlas = _with_rows(
        data,
        x1=("e2", {"lat": 55.85, "lon": 37.45, "geo_precision": "institution"}),
        x2=("e2", {"lat": 55.76, "lon": 37.62, "geo_precision": "city"}),
    )
    places = _places(atlas)
    moscow = places[places["place_name"] == "Москва"]
    assert len(moscow) == 1 and moscow["n_events"].iloc[0] == 3
    # The city-precision rows place the point; the institution 10 km out does not pull it.
    assert moscow["lat"].iloc[0] == pytest.approx((55.7558 + 55.76) / 2)
    assert moscow["lon"].iloc[0] == pytest.approx((37.6173 + 37.62) / 2)
    assert list(atlas.all().at_points(moscow["point_id"].iloc[0])["event_id"]) == ["e2", "x1", "x2"]
    # A filter that leaves only the institution's event does not move the point.
    alone = _places(atlas, f=Filters(text="Moscow Aviation", date_from=dt.date(2024, 3, 1)))
    assert (alone["lat"].iloc[0], alone["lon"].iloc[0]) == (moscow["lat"].iloc[0], moscow["lon"].iloc[0])


def test_country_level_point_apart_from_the_capital(data: engine.Atlas) -> None:
    # The build puts a country-level event at the capital; the map draws it at the country's label point.
    atlas = _with_rows(data, x1=("e5", {"lat": 52.52, "lon": 13.405}), x2=("e2", {"place_name": "Berlin",
                       "country_code": "DE", "lat": 52.52, "lon": 13.405, "partner_countries": ("DE",)}))
    world = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_a2": "DE", "label": [10.4, 51.1], "name": "Germany", "id": "276"},
         "geometry": None}]}
    places = _places(atlas, world=world).set_index("point_id")
    assert (places.loc["country:DE", "lon"], places.loc["country:DE", "lat"]) == (10.4, 51.1)
    assert (places.loc["DE:Berlin", "lon"], places.loc["DE:Berlin", "lat"]) == (13.405, 52.52)
    assert places.loc["country:DE", "n_events"] == 2 and places.loc["country:DE", "country_level"]
    assert "whole country" in places.loc["country:DE", "tip"]


def test_map_payload_independent_of_event_count(data: engine.Atlas) -> None:
    many = _times(data, 50)
    places_many = _places(many)
    assert len(places_many) == len(_places(data)) == 5  # e6 has no coordinates
    assert len(many.all().arcs()) == len(data.all().arcs())
    big = places_many.set_index("place_name").loc["Tokyo"]
    assert big["n_events"] == 50 and big["radius"] > _places(data).set_index("place_name").loc["Tokyo", "radius"]
    assert big["radius"] <= maps.MAX_RADIUS_PX
    one, fifty = (len(_deck(a).to_json()) for a in (data, many))
    assert fifty < one * 1.05  # only the counts' digits grow


@pytest.mark.parametrize("color_by", maps.COLOR_BY)
def test_colours_keep_their_meaning_after_a_filter(data: engine.Atlas, color_by: str) -> None:
    palette = views.palette(data, color_by)
    full = _places(data, color_by).set_index("point_id")
    # Keep only the least frequent key's events: a palette ranked within the view would recolour them.
    narrow = Filters(countries=("JP",)) if color_by != "kind" else Filters(kinds=("plan",))
    part = _places(data, color_by, f=narrow).set_index("point_id")
    assert len(part)
    for pid in part.index:
        assert part.loc[pid, "fill"][:3] == full.loc[pid, "fill"][:3]
    hist = data.select(narrow).histogram("year", color_by, palette)
    assert len(hist) and set(hist["color_key"]) <= set(palette) | {maps.OTHER_KEY}
    assert all(hist["color_key"] == full.loc[part.index[0], "color_key"])


def test_country_and_kind_colours_never_share_a_colour() -> None:
    countries = set(maps.COUNTRY_PALETTE)
    kinds = set(maps.KIND_COLORS.values())
    assert not countries & kinds and maps.OTHER_COLOR not in countries | kinds
    assert set(maps.KIND_COLORS) == set(EVENTS.field("kind").choices)
    assert tuple(maps.NEW_COLOR[:3]) not in countries | kinds


def test_palette_ranks_countries_over_the_whole_data_set(data: engine.Atlas) -> None:
    palette = views.palette(data, "partner country")
    # RU has two events, the others one each (ties by code): RU first.
    assert list(palette) == ["RU", "CH", "DE", "JP", "KR"] and palette["RU"] == maps.COUNTRY_PALETTE[0]


@pytest.mark.parametrize("color_by", maps.COLOR_BY)
def test_legend_covers_places(data: engine.Atlas, color_by: str) -> None:
    places = _places(data, color_by)
    rows = maps.legend_rows(places)
    assert sum(n for _, _, n in rows) == places["n_events"].sum()
    assert all(c.startswith("#") and len(c) == 7 for _, c, _ in rows)


def _spec(deck) -> dict:
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def test_deck_layers_sizes_in_pixels_and_offline_basemap(data: engine.Atlas) -> None:
    world = {"type": "FeatureCollection", "features": []}
    cities = pd.DataFrame({"name": ["Astana"], "lon": [71.43], "lat": [51.18]})
    spec = _spec(_deck(data, world, cities=cities, selected="RU:Москва"))
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["outlines", "city-dots", "arcs", "leaders", "places", "selected", "labels"]
    places = _layer(spec, maps.PLACES_LAYER_ID)
    assert places["radiusUnits"] == "pixels" and places["lineWidthUnits"] == "pixels"
    assert places["radiusMinPixels"] == maps.MIN_RADIUS_PX and places["radiusMaxPixels"] == maps.MAX_RADIUS_PX
    assert places["pickable"] is True
    labels = _layer(spec, "labels")
    assert labels["characterSet"] == "auto" and labels["sizeUnits"] == "pixels"
    assert "Astana" in {row["label"] for row in labels["data"]}  # the basemap's city label
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # no tile request at all
    assert _layer(spec, "selected")["data"][0]["radius"] > 0


def test_no_string_prop_became_an_accidental_expression(data: engine.Atlas) -> None:
    world = {"type": "FeatureCollection", "features": []}
    cities = pd.DataFrame({"name": ["Astana"], "lon": [71.43], "lat": [51.18]})
    for basemap in maps.BASEMAPS:
        deck = _deck(data, world, cities=cities, basemap=basemap, selected="JP:Tokyo")
        assert maps.accidental_expressions(deck.to_json()) == []
    # And the check does catch the mistake it is for.
    import pydeck as pdk

    bad = pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=[], id="x", radius_units="pixels", get_radius="r")])
    assert maps.accidental_expressions(bad.to_json()) == ["x.radiusUnits"]


def _nothing() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map rows and arcs of an empty selection."""
    return maps.aggregate_places(pd.DataFrame(columns=engine.POINT_STATS_COLUMNS)), maps.arc_rows(pd.DataFrame())


def test_carto_basemap_is_a_setting() -> None:
    spec = _spec(views.map_view(*_nothing(), basemap="carto").deck)
    assert spec["mapProvider"] == "carto" and "cartocdn" in spec["mapStyle"]
    assert maps.basemap_from_env({}) == "offline" and maps.basemap_from_env({"KZATLAS_BASEMAP": " CARTO "}) == "carto"
    assert maps.basemap_from_env({"KZATLAS_BASEMAP": "mapbox"}) == "offline"


def test_deck_without_world_or_points() -> None:
    spec = _spec(views.map_view(*_nothing()).deck)
    assert [layer["id"] for layer in spec["layers"]] == ["arcs", "leaders", "places", "labels"]
    assert spec["initialViewState"]["latitude"] == maps.DEFAULT_VIEW["latitude"]


def _two_cities(n_moscow: int = 9) -> pd.DataFrame:
    rows = [{"point_id": "RU:Moscow", "n": n_moscow, "lat": MOSCOW[0], "lon": MOSCOW[1]},
            {"point_id": "RU:Dubna", "n": 1, "lat": DUBNA[0], "lon": DUBNA[1]}]
    return pd.DataFrame([{**r, "true_lat": r["lat"], "true_lon": r["lon"], "radius": maps.point_radius(r["n"])} for r in rows])


@pytest.mark.parametrize("zoom", [pytest.param(z, id=f"zoom-{z}") for z in (0.5, 1.0, 2.0)])
def test_dodge_separates_overlapping_points(zoom: float) -> None:
    places = _two_cities()
    assert maps.overlapping_pairs(places, zoom) == [("RU:Moscow", "RU:Dubna")]
    moved = maps.dodge(places, zoom)
    assert maps.overlapping_pairs(moved, zoom) == []
    assert maps.overlapping_pairs(moved, zoom + 3) == []  # zooming in only separates them more
    shift = (moved[["lat", "lon"]].to_numpy() - places[["lat", "lon"]].to_numpy())
    assert abs(shift[1]).sum() > abs(shift[0]).sum()  # Dubna, the smaller, steps aside
    assert list(moved["true_lat"]) == list(places["true_lat"])
    pd.testing.assert_frame_equal(places, _two_cities())  # input untouched


def test_dodge_fans_out_coincident_points_deterministically() -> None:
    same = pd.concat([_two_cities().iloc[[0]]] * 4, ignore_index=True).assign(point_id=list("abcd"))
    first, second = maps.dodge(same, 3.0), maps.dodge(same, 3.0)
    assert maps.overlapping_pairs(first, 3.0) == []
    pd.testing.assert_frame_equal(first, second)


def test_points_under_the_cursor() -> None:
    places = _two_cities()
    # Not nudged apart (as beyond MAX_DODGE_POINTS): a click on Dubna lies on Moscow too.
    assert maps.points_under(places, "RU:Dubna", 1.0) == ["RU:Dubna", "RU:Moscow"]
    assert maps.points_under(maps.dodge(places, 1.0), "RU:Dubna", 1.0) == ["RU:Dubna"]
    assert maps.points_under(places, "RU:Dubna", 6.0) == ["RU:Dubna"]
    assert maps.points_under(places, "XX:Nowhere", 1.0) == ["XX:Nowhere"]


def test_dodge_leaves_separate_points_alone() -> None:
    places = _two_cities()
    assert maps.dodge(places, 6.0)[["lat", "lon"]].equals(places[["lat", "lon"]])


def test_labels_never_overprint_and_the_busiest_win() -> None:
    # Twelve points on top of each other around Moscow, and a basemap city among them.
    n = 12
    places = pd.DataFrame({
        "point_id": [f"p{i}" for i in range(n)], "n": range(n, 0, -1),
        "lat": [MOSCOW[0] + 0.05 * i for i in range(n)], "lon": [MOSCOW[1] + 0.05 * i for i in range(n)],
        "label": [f"Institute number {i}" for i in range(n)],
    }).assign(radius=lambda f: f["n"].map(maps.point_radius), true_lat=lambda f: f["lat"], true_lon=lambda f: f["lon"])
    cities = pd.DataFrame({"name": ["Moscow", "Astana"], "lon": [MOSCOW[1], 71.43], "lat": [MOSCOW[0], 51.18]})
    zoom = 3.0
    spread = maps.dodge(places, zoom)
    labels = maps.place_labels(spread, zoom, cities)
    assert maps.labels_overlap(labels, zoom) == []
    assert maps.labels_overlap(labels, zoom + 2) == []  # zooming in spreads them further
    shown = list(labels["label"])
    assert shown[0] == "Institute number 0"  # the busiest point keeps its label
    assert "Astana" in shown and 1 < len(shown) < n + 2  # some give way, the far city fits


@pytest.mark.parametrize(
    "lats, lons, check",
    [
        pytest.param([], [], lambda v: v == maps.DEFAULT_VIEW, id="empty"),
        pytest.param([51.0], [71.0], lambda v: v["zoom"] == 5.0 and v["latitude"] == 51.0, id="single"),
        pytest.param([float("nan"), 51.0], [1.0, 71.0], lambda v: v["longitude"] == 71.0, id="nan-ignored"),
        pytest.param([-40, 60], [-120, 150], lambda v: v["zoom"] < 1.5, id="world"),
        pytest.param([51.1, 43.2], [71.4, 76.9], lambda v: 3 < v["zoom"] < 7, id="kazakhstan"),
    ],
)
def test_fit_view(lats, lons, check) -> None:
    assert check(maps.fit_view(lats, lons))


def test_phone_view_fits_a_narrow_map() -> None:
    lats, lons = [50.6, 56.7, 39.9], [5.6, 37.2, 116.3]  # Liège, Dubna, Beijing
    phone, desk = maps.fit_view(lats, lons, *maps.PHONE_MAP_PX), maps.fit_view(lats, lons, *maps.DESKTOP_MAP_PX)
    assert phone["zoom"] < desk["zoom"]
    span_px = (116.3 - 5.6) / 360 * 512 * 2 ** phone["zoom"]
    assert span_px <= maps.PHONE_MAP_PX[0]


def test_focus_view_moves_onto_the_event() -> None:
    v = maps.focus_view({"latitude": 40.0, "longitude": 60.0, "zoom": 2.0}, *DUBNA)
    assert (v["latitude"], v["longitude"]) == DUBNA and v["zoom"] == maps.FOCUS_ZOOM
    assert maps.focus_view({"zoom": 6.5}, *DUBNA)["zoom"] == 6.5


def test_tooltip_is_plain_text_with_literal_names(hostile_data: engine.Atlas) -> None:
    # deck.gl sets a "text" tooltip with innerText: markup in names stays literal and inert.
    deck = _deck(hostile_data)
    assert set(deck._tooltip) == {"text", "style"} and deck._tooltip["text"] == "{tip}"
    places = _places(hostile_data)
    tip = places.set_index("place_name").loc["Tokyo", "tip"]
    assert tip.splitlines()[0] == "Tokyo" and HOSTILE_PARTNER in tip and "&lt;" not in tip


def test_selected_point_and_events_at_point(data: engine.Atlas) -> None:
    places = _places(data)
    key = places.set_index("place_name").loc["Москва", "point_id"]
    assert key == "RU:Москва"
    state = {"selection": {"indices": {"places": [0]}, "objects": {"places": [{"point_id": key}]}}}
    assert maps.selected_point(state) == key
    assert list(data.all().at_points(key)["event_id"]) == ["e2"]
    assert data.all().at_points(["nowhere"]).empty
    assert data.event("e2")["point"] == key
    assert data.event("e6")["point"] == ""  # no coordinates, no point
    assert maps.selected_point({"selection": {"objects": {}}}) is None
    assert maps.selected_point(None) is None


# ---------------------------------------------------------------- time control


def test_histogram_counts_dated_events_per_period(data: engine.Atlas) -> None:
    palette = views.palette(data, "kind")
    years = data.all().histogram("year", "kind", palette)
    assert list(years.columns) == charts.HIST_COLUMNS
    assert years.groupby(years["period_start"].dt.year)["n_events"].sum().to_dict() == {2022: 1, 2023: 2, 2024: 1, 2025: 1}
    assert years["n_events"].sum() == 5 and data.all().n_undated == 1  # e5 is undated
    months = data.all().histogram("month", "kind", palette)
    may = months[months["period_start"] == pd.Timestamp("2023-05-01")]
    assert list(may["color_key"]) == ["agreement"] and list(may["period_end"]) == [pd.Timestamp("2023-06-01")]


def test_histogram_payload_independent_of_event_count(data: engine.Atlas) -> None:
    palette = views.palette(data, "partner country")
    one = data.all().histogram("year", "partner country", palette)
    many = _times(data, 500).all().histogram("year", "partner country", palette)
    assert len(many) == len(one) and many["n_events"].sum() == 500 * one["n_events"].sum()


def test_time_view_leaves_the_date_range_to_the_brush(data: engine.Atlas) -> None:
    palette = views.palette(data, "kind")
    ranged = Filters(date_from=dt.date(2024, 1, 1), kinds=("agreement", "meeting", "partnership"))
    bars, undated = views.time_view(data.select(views.everywhen(ranged)), "year", "kind", palette)
    # The whole span of the other filters (the brush shows the range), the undated one apart.
    assert bars.groupby(bars["period_start"].dt.year)["n_events"].sum().to_dict() == {2023: 1, 2024: 1}
    assert undated == 1 and len(data.select(ranged)) == 1  # the range itself keeps e2 only


def test_time_chart_spec(data: engine.Atlas) -> None:
    palette = views.palette(data, "partner country")
    frame = data.all().histogram("year", "partner country", palette)
    bounds = (dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    spec = charts.time_chart(frame, palette, "partner country", bounds, (dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
                             marker=dt.date(2024, 3, 1)).to_dict()
    bars, rule = spec["layer"]
    brush = next(p for p in spec["params"] if p["name"] == charts.BRUSH)
    assert brush["select"] == {"type": "interval", "encodings": ["x"]}
    assert brush["value"]["x"] == [{"year": 2023, "month": 1, "date": 1}, {"year": 2025, "month": 1, "date": 1}]
    scale = bars["encoding"]["color"]["scale"]
    # The map's colours, for the keys on the axis (Germany's only event is undated).
    assert dict(zip(scale["domain"], scale["range"])) == {
        filters.country_name(k): maps.hex_color(palette[k]) for k in palette if k != "DE"}
    assert rule["mark"]["type"] == "rule"
    plain = charts.time_chart(frame, palette, "partner country", bounds).to_dict()
    assert "value" not in plain["params"][0] and len(plain["layer"]) == 1


@pytest.mark.parametrize(
    "state, expected",
    [
        # Vega reports the brush's right edge, the day after the last bar: one day is taken off.
        pytest.param({"selection": {"brush": {"period_start": [1672531200000, 1704067200000]}}},
                     (dt.date(2023, 1, 1), dt.date(2023, 12, 31)), id="ms"),
        pytest.param({"selection": {"brush": {"period_start": ["2024-01-01", "2023-01-01"]}}},
                     (dt.date(2023, 1, 1), dt.date(2023, 12, 31)), id="iso-reversed"),
        pytest.param({"selection": {"brush": {}}}, None, id="empty"),
        pytest.param({"selection": {}}, None, id="absent"),
        pytest.param({"selection": {"brush": {"period_start": [1]}}}, None, id="malformed"),
        pytest.param(None, None, id="none"),
    ],
)
def test_brush_range(state, expected) -> None:
    assert charts.brush_range(state) == expected


@pytest.mark.parametrize(
    "window, granularity, expected",
    [
        pytest.param((dt.date(2020, 3, 17), dt.date(2022, 8, 2)), "year", (dt.date(2020, 1, 1), dt.date(2022, 12, 31)), id="years"),
        pytest.param((dt.date(2020, 3, 17), dt.date(2020, 2, 2)), "month", (dt.date(2020, 2, 1), dt.date(2020, 3, 31)), id="months-reversed"),
        pytest.param((dt.date(2024, 2, 10), dt.date(2024, 2, 10)), "month", (dt.date(2024, 2, 1), dt.date(2024, 2, 29)), id="leap-february"),
        # A brush drawn from 2004..2004 comes back a little off its edges: the same range again.
        pytest.param((dt.date(2003, 12, 31), dt.date(2004, 12, 30)), "year", (dt.date(2004, 1, 1), dt.date(2004, 12, 31)), id="round-trip"),
    ],
)
def test_snap_to_whole_periods(window, granularity, expected) -> None:
    assert charts.snap(window, granularity) == expected


@pytest.mark.parametrize(
    "lo, hi, expected",
    [
        pytest.param(dt.date(2001, 1, 1), dt.date(2024, 1, 1), "year", id="24-years"),
        pytest.param(dt.date(2021, 1, 1), dt.date(2024, 12, 31), "month", id="4-years"),
        pytest.param(None, None, "year", id="no-dates"),
    ],
)
def test_granularity_for(lo, hi, expected) -> None:
    assert charts.granularity_for(lo, hi) == expected


BOUNDS = (dt.date(2020, 5, 3), dt.date(2023, 2, 1))


@pytest.mark.parametrize(
    "mode, width, expected",
    [
        pytest.param("cumulative", 1, [("2020-01-01", "2020-12-31"), ("2020-01-01", "2021-12-31"),
                                       ("2020-01-01", "2022-12-31"), ("2020-01-01", "2023-12-31")], id="cumulative"),
        pytest.param("sliding", 2, [("2020-01-01", "2021-12-31"), ("2021-01-01", "2022-12-31"),
                                    ("2022-01-01", "2023-12-31")], id="sliding-2-years"),
    ],
)
def test_playback_frames(mode: str, width: int, expected: list) -> None:
    got = [(a.isoformat(), b.isoformat()) for a, b in charts.frames(BOUNDS, mode, "year", width)]
    assert got == expected


def test_playback_next_window_edges() -> None:
    assert charts.next_window(None, BOUNDS, "cumulative", "month") == (dt.date(2020, 5, 1), dt.date(2020, 5, 31))
    assert charts.next_window((dt.date(2020, 5, 1), dt.date(2020, 5, 31)), BOUNDS, "sliding", "month") == (
        dt.date(2020, 6, 1), dt.date(2020, 6, 30))
    assert charts.next_window((dt.date(2020, 1, 1), dt.date(2023, 12, 31)), BOUNDS, "cumulative", "year") is None  # the end
    # A range before the data (set by hand) starts the playback over.
    assert charts.next_window((dt.date(1990, 1, 1), dt.date(1991, 1, 1)), BOUNDS, "sliding", "year", 1) == (
        dt.date(2020, 1, 1), dt.date(2020, 12, 31))


# ---------------------------------------------------------------- reader

def test_reader_highlights_exact_span(data: engine.Atlas) -> None:
    ev = data.event("e2")
    art = data.article("a2")
    page = reader.reader_html(art, ev["evidence"], ev["evidence_start"], ev["evidence_end"])
    assert f'<mark id="evidence">{ev["evidence"]}</mark>' in page
    assert "window.scrollTo" in page
    assert "no original URL" in page


def test_reader_escapes_hostile_text(hostile_data: engine.Atlas) -> None:
    ev = hostile_data.event("e1")
    art = hostile_data.article("a1")
    page = reader.reader_html(art, ev["evidence"], ev["evidence_start"], ev["evidence_end"])
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "[x](javascript:alert(1))" in page and "$x^2$" in page
    assert page.count("<script>") == 1  # only the scroll helper
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page  # and only it may run
    assert "&lt;b&gt;Evil&lt;/b&gt; Press" in page


def test_reader_stale_offsets_searches_evidence() -> None:
    art = {"text": "Intro. The sentence. End.", "language": "en"}
    page = reader.reader_html(art, "The sentence.", 0, 3)
    assert '<mark id="evidence">The sentence.</mark>' in page and "stale" in page
    page = reader.reader_html(art, "Missing.", 0, 3)
    assert "<mark" not in page and "not found" in page


@pytest.mark.parametrize(
    "url, ok",
    [
        pytest.param("https://example.org/a?b=1", True, id="https"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("data:text/html,<script>", False, id="data"),
        pytest.param('https://x.org/"onmouseover=alert(1)', False, id="quote"),
        pytest.param("", False, id="empty"),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert (reader.safe_url(url) is not None) is ok


# ---------------------------------------------------------------- export

def test_csv_export_revalidates(data: engine.Atlas, tmp_path: Path) -> None:
    raw = export.events_csv(data.all().full_rows())
    rows = rows_from_text(raw.decode("utf-8"))
    from kzatlas.schema import validate_rows

    validate_rows(EVENTS, list(rows[0].keys()), rows)
    assert rows[0]["article_ids"] == "a1|a2"


def test_geojson_export_valid(data: engine.Atlas) -> None:
    raw, skipped = export.events_geojson(data.all().full_rows())
    doc = json.loads(raw)
    assert doc["type"] == "FeatureCollection" and skipped == 1
    assert len(doc["features"]) == 5
    f = doc["features"][0]
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
    assert -180 <= f["geometry"]["coordinates"][0] <= 180
    assert isinstance(f["properties"]["partners"], list)


def test_csv_export_of_the_whole_atlas_is_the_built_events_csv() -> None:
    from kzatlas.paths import DATA_DIR

    everything = engine.Atlas.open(DATA_DIR).all().full_rows()
    assert export.events_csv(everything) == (DATA_DIR / EVENTS.filename).read_bytes()


@pytest.mark.parametrize(
    "start, precision, partial, expected",
    [
        pytest.param("2024-03-01", "month", "", "2024-03", id="month"),
        pytest.param("2022-01-01", "year", "", "2022", id="year"),
        pytest.param("2023-05-10", "day", "", "2023-05-10", id="day"),
        pytest.param("", "", "--06-13", "--06-13", id="year-unknown"),
        pytest.param("", "", "", "undated", id="undated"),
    ],
)
def test_date_label(start: str, precision: str, partial: str, expected: str) -> None:
    assert reader.date_label(start, precision, partial) == expected


# ---------------------------------------------------------------- uploads

def _upload_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """One uploaded article with a new event (u1) and another report (u2) of the
    atlas's e1 (same kind, partner and day)."""
    new_sentence = "Nazarbayev University and KAIST opened a joint lab in Daejeon on 1 June 2026."
    known_sentence = "The University of Tokyo and Nazarbayev University signed the agreement on 10 May 2023."
    text = f"Headline\n\n{new_sentence}\n\n{known_sentence}\n"

    def span(sentence: str) -> dict[str, str]:
        start = text.index(sentence)
        return {"evidence": sentence, "evidence_start": str(start), "evidence_end": str(start + len(sentence))}

    base = {c: "" for c in EVENTS.columns} | {
        "article_ids": "upload-x", "date_precision": "day", "date_basis": "stated", "planned": "false",
        "evidence_article_id": "upload-x", "confidence": "0.8", "language": "en", "source_count": "1",
        "corrected": "false",
    }
    new = base | span(new_sentence) | {
        "event_id": "u1", "date_start": "2026-06-01", "date_end": "2026-06-01", "kind": "founding",
        "partners": "KAIST", "partner_ids": "kr-kaist", "partner_countries": "KR", "place_name": "Daejeon",
        "country_code": "KR", "lat": "36.35", "lon": "127.38", "geo_precision": "city",
    }
    known = base | span(known_sentence) | {
        "event_id": "u2", "date_start": "2023-05-10", "date_end": "2023-05-10", "kind": "agreement",
        "partners": "University of Tokyo", "partner_ids": "jp-utokyo", "partner_countries": "JP",
        "place_name": "Tokyo", "country_code": "JP", "lat": "35.6895", "lon": "139.6917",
    }
    article = {
        "article_id": "upload-x", "path": "x.txt", "title": "Joint lab\nopens", "url": "https://example.org/x",
        "published": "2026-06-02", "published_basis": "front_matter", "published_precision": "day",
        "publisher": "Example", "language": "en",
        "languages": "en", "encoding": "utf-8", "sha256": "1" * 64, "event_count": "2", "text": text,
    }
    sources = [{c: e[c] for c in ("event_id", "evidence", "evidence_start", "evidence_end", "language", "date_text")}
               | {"article_id": "upload-x"} for e in (new, known)]
    return [new, known], [article], sources


def test_upload_adds_new_events_and_sources_to_known_ones(data: engine.Atlas) -> None:
    from kzatlas.build.merge import attach_to_known

    ev, arts, srcs = _upload_rows()
    events, sources, attached = attach_to_known(ev, srcs, data.merge_candidates(
        [(e["kind"], e["partner_ids"].split("|")) for e in ev]))
    assert attached == {"e1": ["upload-x"]} and [e["event_id"] for e in events] == ["u1"]
    assert {s["event_id"] for s in sources} == {"u1", "e1"}
    up = engine.Upload(load.tables_from_rows(events, arts, sources), attached, {}, arts)
    merged, summary = engine.merge_upload(data, up)
    assert summary == engine.UploadMerge(new_events=1, added_sources=1, known_articles=0)
    assert len(merged) == 7 and len(data) == 6  # the atlas itself is untouched
    assert list(merged.events.filter(pl.col("is_new"))["event_id"]) == ["u1"]
    e1 = merged.event("e1")
    assert e1["article_ids"] == ("a1", "a2", "upload-x") and e1["source_count"] == 3
    switcher = merged.sources(e1)
    assert list(switcher["article_id"]) == ["a1", "a2", "upload-x"]
    assert "signed the agreement on 10 May 2023" in switcher.iloc[2]["evidence"]
    assert "KAIST opened a joint lab" in merged.article("upload-x")["text"]
    daejeon = _places(merged).set_index("place_name").loc["Daejeon"]
    assert daejeon["n_new"] == 1 and daejeon["line"] == maps.NEW_COLOR and "new from your uploads" in daejeon["tip"]
    # The upload's point is added; the atlas's points stay where they were.
    assert merged.point_positions.loc[data.point_positions.index].equals(data.point_positions)
    assert "KR:Daejeon" in merged.point_positions.index


def test_upload_of_an_article_already_in_the_atlas_adds_nothing(data: engine.Atlas) -> None:
    ev, arts, srcs = _upload_rows()
    arts = [dict(arts[0], sha256=data.tables.articles["sha256"][0])]  # the same text as an atlas article
    up = engine.Upload(load.tables_from_rows(ev, arts, srcs), {"e1": ["upload-x"]}, {}, arts)
    merged, summary = engine.merge_upload(data, up)
    assert summary == engine.UploadMerge(new_events=0, added_sources=0, known_articles=1)
    assert len(merged) == 6 and merged.event("e1")["source_count"] == 2


def test_seeds_bundle_front_matter() -> None:
    import io
    import zipfile

    from kzatlas.build.articles import split_front_matter

    _, arts, _ = _upload_rows()
    raw = export.seeds_bundle(arts + arts)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        names = zf.namelist()
        assert names == ["upload-x.txt", "upload-x_2.txt"]
        meta, body, warnings = split_front_matter(zf.read(names[0]).decode("utf-8"))
    assert meta["title"] == "Joint lab opens" and meta["url"] == "https://example.org/x" and not warnings
    assert "joint lab in Daejeon" in body


def test_events_table(hostile_data: engine.Atlas) -> None:
    before = _events(hostile_data)
    table = export.events_table(hostile_data.all().rows())
    assert list(table.columns) == export.TABLE_COLUMNS
    assert list(table["event_id"]) == ["e4", "e2", "e6", "e1", "e3", "e5"]  # newest first, undated last
    assert list(table["date"]) == ["2025", "2024-03", "2023-11-20", "2023-05-10", "2022", "undated"]
    assert HOSTILE_PARTNER in set(table["partners_"])  # kept as a plain string for the grid
    pd.testing.assert_frame_equal(_events(hostile_data), before)


def test_events_table_limit(data: engine.Atlas) -> None:
    assert list(export.events_table(data.all().rows(limit=2))["event_id"]) == ["e4", "e2"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[x](javascript:alert(1))", id="md-link"),
        pytest.param("$x^2$ and **bold**", id="latex-bold"),
        pytest.param("<img src=x onerror=alert(1)>", id="html"),
        pytest.param("see www.evil-atlas.example/login or user@evil.example", id="autolinks"),
        pytest.param("plain words", id="plain"),
    ],
)
def test_notice_html_is_escaped_text(text: str) -> None:
    out = notice_html(text)
    # One element, our box; the text comes back whole after unescaping and holds no tag.
    assert out.count("<") == 2 and out.endswith("</div>")
    assert html.unescape(out[out.index(">") + 1 : -len("</div>")]) == text


def test_arcs_capped_busiest_first(data: engine.Atlas) -> None:
    # 30 copies of each event, each copy at a place of its own (so a point of its own).
    copies = [data.events.with_columns(lat=pl.col("lat") + i * 0.01, place_name=pl.col("place_name") + f" {i}")
              for i in range(30)]
    many = engine.Atlas(data.tables, engine._with_derived(pl.concat(copies).drop(engine.DERIVED_COLUMNS)))
    arcs = many.all().arcs(limit=7)
    assert len(arcs) == 7 and arcs["n_events"].is_monotonic_decreasing
    # Every located point is away from Astana (under MAX_ARCS); the 30 copies of the
    # country-level event stay one point, the country's.
    assert len(many.all().arcs()) == 4 * 30 + 1
    spec = json.loads(_deck(many).to_json())
    scatter = next(layer for layer in spec["layers"] if layer["id"] == maps.PLACES_LAYER_ID)
    assert set(scatter["data"][0]) == set(maps.PLACE_LAYER_COLUMNS)  # only what the browser needs


def test_deck_json_is_compact_and_no_string_became_an_expression(data: engine.Atlas) -> None:
    text = _deck(data, {"type": "FeatureCollection", "features": []}).to_json()
    assert "\n" not in text and ": " not in text.split('"data"')[0]
    spec = json.loads(text)
    # pydeck turns a bare string into an accessor expression ("@@=…"): only the
    # accessors meant as expressions (get_*) may carry one.
    for layer in spec["layers"]:
        for key, value in layer.items():
            if isinstance(value, str) and value.startswith("@@="):
                assert key.startswith("get"), (layer["id"], key, value)


def test_time_chart_spec_is_the_chart_without_its_bars(data: engine.Atlas) -> None:
    """The page keeps time_chart_spec's spec while filters change the counts and passes
    the bars as a named dataset: the same chart as time_chart, data aside."""
    palette = views.palette(data, "kind")
    frame = data.all().histogram("month", "kind", palette)
    args = (palette, "kind", (dt.date(2022, 1, 1), dt.date(2025, 12, 31)), (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
            dt.date(2023, 5, 10), "month")
    full = charts.time_chart(frame, *args).to_dict()
    spec = charts.time_chart_spec(charts.present_keys(frame, palette), *args)
    assert spec["layer"][0]["data"] == {"name": charts.HIST_DATA} and charts.HIST_DATA not in spec.get("datasets", {})

    def without_bars(d: dict) -> dict:
        d = json.loads(json.dumps(d, default=str))
        bars = d["layer"][0].pop("data")["name"]
        d["datasets"].pop(bars, None)  # the marker's one-row data stays
        # Altair numbers its views per chart it builds: the names differ, not the charts.
        for layer in d["layer"]:
            layer.pop("name", None)
        for param in d.get("params", []):
            param.pop("views", None)
        return d

    assert without_bars(spec) == without_bars(full)
