"""Checks on data/nationality_adjectives.csv: the adjectives and demonyms that tie a
name or a person to a country ("l'Institut coréen", "российский университет",
"the Japanese ambassador"), one row per (country, language).

Format: ``forms`` is ``|``-separated and lower-case; an item ending in ``-`` is a
stem that takes the language's adjective endings (Russian ``корейск-`` for
корейский/корейская/корейского…, German ``koreanisch-`` for koreanisch/koreanische/
koreanischen…); every other item is an exact form, all genders and numbers listed.
Only Russian and German rows use stems. The file is read directly, not through any
loader, so that a broken row is reported with its country and language."""

from __future__ import annotations

import csv
import re

import pytest

from kzatlas.paths import NATIONALITY_ADJECTIVES_CSV

COLUMNS = ["country", "lang", "forms", "notes"]
#: The languages every country is described in, in the file's sort order.
LANGS = ("en", "ru", "kk", "fr", "de", "it", "es", "tr")
STEM_LANGS = {"ru", "de"}
CYRILLIC_LANGS = {"ru", "kk"}
_CYRILLIC_FORM = re.compile(r"^[\u0400-\u04ff' -]+-?$")
_LATIN_FORM = re.compile(r"^[a-z\u00c0-\u024f'. -]+-?$")
#: A Russian adjective stem ends in -ск-/-цк- (российск-, немецк-): anything else
#: would take adjective endings wrongly.
_RU_STEM = re.compile(r"(ск|цк)-$")
#: German relational adjectives end in -isch / -sch (deutsch-); exact forms such as
#: the indeclinable "schweizer" are listed without the stem mark.
_DE_STEM = re.compile(r"sch-$")

#: Forms deliberately listed for two countries in the same language. Empty today.
KNOWN_SHARED: set[tuple[str, str]] = set()


def _read():
    with open(NATIONALITY_ADJECTIVES_CSV, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


HEADER, ROWS = _read()
BY_KEY = {(row["country"], row["lang"]): row for row in ROWS}


def _forms(row) -> list[str]:
    return row["forms"].split("|")


def _row_params():
    return [pytest.param(row, id=f"{row['country']}-{row['lang']}") for row in ROWS]


def test_columns_exact():
    assert HEADER == COLUMNS


def test_file_is_utf8_with_lf_line_endings():
    raw = NATIONALITY_ADJECTIVES_CSV.read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw
    assert raw.endswith(b"\n")


def test_one_row_per_country_and_language():
    keys = [(row["country"], row["lang"]) for row in ROWS]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_rows_sorted_by_country_then_language():
    keys = [(row["country"], LANGS.index(row["lang"]) if row["lang"] in LANGS else 99) for row in ROWS]
    assert keys == sorted(keys)


def test_every_country_has_every_language():
    countries = {row["country"] for row in ROWS}
    missing = sorted(f"{c}-{lang}" for c in countries for lang in LANGS if (c, lang) not in BY_KEY)
    assert not missing


def test_covers_the_countries_of_kazakhstan_cooperation_news():
    countries = {row["country"] for row in ROWS}
    assert len(countries) >= 90
    # Kazakhstan itself, its neighbours and the partners the atlas sees most
    core = {"KZ", "RU", "CN", "UZ", "KG", "TJ", "TM", "TR", "KR", "JP", "US", "GB", "DE", "FR", "IT", "ES",
            "PL", "CZ", "HU", "BE", "BY", "AZ", "IN", "MY", "PK", "IR", "AE", "SA", "EG", "BR", "CA", "AU"}
    assert core <= countries, sorted(core - countries)


@pytest.mark.data
@pytest.mark.parametrize(
    "country,lang,form",
    [
        pytest.param("KZ", "en", "kazakhstani", id="KZ-en-state"),
        pytest.param("KZ", "en", "kazakh", id="KZ-en-ethnic-used-for-state"),
        pytest.param("KZ", "ru", "казахстанск-", id="KZ-ru-state"),
        pytest.param("KZ", "ru", "казахск-", id="KZ-ru-institution-names"),
        pytest.param("KZ", "kk", "қазақстандық", id="KZ-kk-state"),
        pytest.param("KZ", "kk", "қазақ", id="KZ-kk-institution-names"),
        pytest.param("KZ", "fr", "kazakhstanais", id="KZ-fr-state"),
        pytest.param("KZ", "fr", "kazakhe", id="KZ-fr-feminine"),
        pytest.param("KR", "en", "korean", id="KR-en"),
        pytest.param("KR", "ru", "корейск-", id="KR-ru-stem"),
        pytest.param("KR", "kk", "корейлік", id="KR-kk"),
        pytest.param("KR", "fr", "coréennes", id="KR-fr-feminine-plural"),
        pytest.param("KR", "de", "koreanisch-", id="KR-de-stem"),
        pytest.param("KR", "es", "coreano", id="KR-es"),
        pytest.param("KR", "tr", "koreli", id="KR-tr"),
        pytest.param("RU", "ru", "российск-", id="RU-ru-state"),
        pytest.param("RU", "kk", "ресейлік", id="RU-kk-state"),
        pytest.param("RU", "tr", "rus", id="RU-tr"),
        pytest.param("FR", "kk", "француз", id="FR-kk"),
        pytest.param("FR", "fr", "français", id="FR-fr"),
        pytest.param("IT", "de", "italienisch-", id="IT-de-stem"),
        pytest.param("JP", "en", "japanese", id="JP-en-the-japanese-ambassador"),
        pytest.param("TR", "tr", "türk", id="TR-tr"),
        pytest.param("KZ", "tr", "kazak", id="KZ-tr"),
        pytest.param("CN", "en", "chinese", id="CN-en"),
        pytest.param("US", "kk", "американдық", id="US-kk"),
    ],
)
def test_required_form(country, lang, form):
    row = BY_KEY.get((country, lang))
    assert row is not None, f"missing row {country}-{lang}"
    assert form in _forms(row)


@pytest.mark.data
@pytest.mark.parametrize("row", _row_params())
def test_row_fields(row):
    pytest.importorskip("babel")
    from babel import Locale

    assert row["country"] in Locale("en").territories, "not a CLDR territory code"
    assert re.fullmatch(r"[A-Z]{2}", row["country"])
    assert row["lang"] in LANGS
    assert row["notes"].strip(), "every row explains itself in notes"
    forms = _forms(row)
    assert forms and all(forms), "empty form (doubled or trailing '|')"
    assert len(forms) == len(set(forms)), "duplicate form"
    script = _CYRILLIC_FORM if row["lang"] in CYRILLIC_LANGS else _LATIN_FORM
    for form in forms:
        assert form == form.strip() and "  " not in form, repr(form)
        assert form == form.lower(), f"forms are lower-case: {form!r}"
        assert script.match(form), f"wrong script or stray character: {form!r}"
        if form.endswith("-"):
            assert row["lang"] in STEM_LANGS, f"stems ('-') are for ru/de only: {form!r}"
            assert len(form) >= 5, f"stem too short to be safe: {form!r}"
        if row["lang"] == "ru":
            assert _RU_STEM.search(form), f"Russian forms are adjective stems in -ск-/-цк-: {form!r}"
        if row["lang"] == "de" and form.endswith("-"):
            assert _DE_STEM.search(form), f"German stems end in -sch-: {form!r}"


@pytest.mark.data
def test_no_form_claimed_by_two_countries():
    owners: dict[tuple[str, str], set[str]] = {}
    for row in ROWS:
        for form in _forms(row):
            owners.setdefault((row["lang"], form), set()).add(row["country"])
    shared = {k: v for k, v in owners.items() if len(v) > 1 and k not in KNOWN_SHARED}
    assert not shared, shared


@pytest.mark.data
@pytest.mark.parametrize("lang", sorted(STEM_LANGS))
def test_no_stem_swallows_another_countrys_forms(lang):
    """A stem matches every word it starts; it must not start another country's
    form ("австр-" would take both австрийский and австралийский)."""
    forms = [(row["country"], form) for row in ROWS if row["lang"] == lang for form in _forms(row)]
    clashes = [
        (c1, stem, c2, other)
        for c1, stem in forms
        if stem.endswith("-")
        for c2, other in forms
        if c2 != c1 and other.rstrip("-").startswith(stem[:-1])
    ]
    assert not clashes, clashes
