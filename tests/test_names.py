"""Proper names in the interface language: an alias's language read from its
letters, the display alias chosen over abbreviations, curated overrides, country
parties and places named by CLDR, and the canonical name whenever no form in the
language is known. The curated files are checked against the gazetteer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kzatlas.extract.institutions import Gazetteer
from kzatlas.paths import GAZETTEER_CSV
from kzatlas.viz import names
from kzatlas.viz.i18n import catalog_languages
from kzatlas.viz.names import NameBook, alias_language, display_alias


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        pytest.param("Казахский национальный университет", "ru", id="russian"),
        pytest.param("Қазақ ұлттық университеті", "kk", id="kazakh-letters"),
        pytest.param("ҚазҰУ", "kk", id="kazakh-acronym"),
        pytest.param("Al-Farabi Kazakh National University", None, id="latin"),
        pytest.param("Полацкі дзяржаўны ўніверсітэт", None, id="belarusian-has-i-like-kazakh"),
        pytest.param("Київський університет", None, id="ukrainian"),
        pytest.param("Astana IT университет", "ru", id="mixed-script-russian"),
    ],
)
def test_alias_language(alias: str, expected: str | None) -> None:
    assert alias_language(alias) == expected


@pytest.mark.parametrize(
    ("aliases", "lang", "expected"),
    [
        pytest.param(["KazNU", "КазНУ", "Казахский национальный университет имени аль-Фараби"], "ru",
                     "Казахский национальный университет имени аль-Фараби", id="full-name-over-acronym"),
        pytest.param(["ҚазҰУ", "Әл-Фараби атындағы Қазақ ұлттық университеті"], "kk",
                     "Әл-Фараби атындағы Қазақ ұлттық университеті", id="hyphenated-name-is-not-an-acronym"),
        pytest.param(["МГУ имени М.В. Ломоносова", "Московский государственный университет имени М.В. Ломоносова"],
                     "ru", "Московский государственный университет имени М.В. Ломоносова", id="initials-fine-acronym-not"),
        pytest.param(["КИМЭП", "Университет КИМЭП"], "ru", "Университет КИМЭП", id="named-acronym-over-bare"),
        pytest.param(["Национальный исследовательский ядерный университет «МИФИ»", "Московский инженерно-физический"],
                     "ru", "Национальный исследовательский ядерный университет «МИФИ»", id="quoted-name-is-not-an-acronym"),
        pytest.param(["ЮНЕСКО"], "ru", "ЮНЕСКО", id="only-an-acronym"),
        pytest.param(["UNESCO"], "kk", None, id="no-form-in-the-language"),
    ],
)
def test_display_alias(aliases: list[str], lang: str, expected: str | None) -> None:
    assert display_alias(aliases, lang) == expected


GAZETTEER = """id,name,aliases,kind,city,country,lat,lon,notes
kz-kaznu,Al-Farabi Kazakh National University,KazNU|КазНУ|ҚазҰУ|Казахский национальный университет|Қазақ ұлттық университеті,university,Almaty,KZ,43.2,76.9,
kz-iae,Institute of Atomic Energy,Институт атомной энергии|Атом энергиясы институты,institute,Kurchatov,KZ,50.7,78.5,
be-vub,Vrije Universiteit Brussel,VUB,university,Brussels,BE,50.8,4.4,
"""
OVERRIDES = """id,lang,name,notes
kz-iae,kk,Атом энергиясы институты,no Kazakh-only letter
"""
PLACES = """place,country,lang,name,notes
Baikonur,KZ,kk,Байқоңыр,
Baikonur,KZ,ru,Байконур,
Cambridge,GB,ru,Кембридж,
Cambridge,US,ru,Кембридж (Массачусетс),made-up difference for the test
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> NameBook:
    folder = tmp_path_factory.mktemp("names")
    for name, text in (("g.csv", GAZETTEER), ("i.csv", OVERRIDES), ("p.csv", PLACES)):
        (folder / name).write_text(text, encoding="utf-8")
    return NameBook.load(folder / "g.csv", folder / "i.csv", folder / "p.csv")


@pytest.mark.parametrize(
    ("name", "inst_id", "lang", "expected"),
    [
        pytest.param("Al-Farabi Kazakh National University", "kz-kaznu", "ru", "Казахский национальный университет",
                     id="alias-rule-ru"),
        pytest.param("Al-Farabi Kazakh National University", "kz-kaznu", "kk", "Қазақ ұлттық университеті",
                     id="alias-rule-kk"),
        pytest.param("Institute of Atomic Energy", "kz-iae", "kk", "Атом энергиясы институты", id="curated-override"),
        pytest.param("Institute of Atomic Energy", "kz-iae", "ru", "Институт атомной энергии", id="rule-beside-override"),
        pytest.param("Al-Farabi Kazakh National University", "kz-kaznu", "en", "Al-Farabi Kazakh National University",
                     id="english-is-canonical"),
        pytest.param("Vrije Universiteit Brussel", "be-vub", "kk", "Vrije Universiteit Brussel", id="no-form-canonical"),
        pytest.param("Китайско-Казахстанский институт", "x-kitaisko", "kk", "Китайско-Казахстанский институт",
                     id="pattern-found-as-written"),
        pytest.param("Belarus", "country-by", "kk", "Беларусь", id="country-party-from-cldr"),
        pytest.param("Belarus", "country-by", "en", "Belarus", id="country-party-english"),
        pytest.param("Al-Farabi Kazakh National University", "", "ru", "Казахский национальный университет",
                     id="by-canonical-name-without-id"),
    ],
)
def test_institution_names(book: NameBook, name: str, inst_id: str, lang: str, expected: str) -> None:
    assert book.institution(name, inst_id, lang) == expected


@pytest.mark.parametrize(
    ("name", "country", "precision", "lang", "expected"),
    [
        pytest.param("Baikonur", "KZ", "city", "kk", "Байқоңыр", id="curated"),
        pytest.param("Baikonur", "", "", "ru", "Байконур", id="curated-without-country"),
        pytest.param("Almaty", "KZ", "city", "kk", "Алматы", id="cldr-time-zone-city"),
        pytest.param("Moscow", "", "", "kk", "Мәскеу", id="cldr-city-without-country"),
        pytest.param("Belarus", "BY", "country", "ru", "Беларусь", id="country-precision"),
        pytest.param("Kazakhstan", "", "", "kk", "Қазақстан", id="country-by-english-name"),
        pytest.param("Cambridge", "US", "city", "ru", "Кембридж (Массачусетс)", id="homonym-by-country"),
        pytest.param("Cambridge", "", "", "ru", "Cambridge", id="homonym-without-country-stays-canonical"),
        pytest.param("Nowhere", "KZ", "city", "kk", "Nowhere", id="unknown-canonical"),
        pytest.param("Baikonur", "KZ", "city", "en", "Baikonur", id="english"),
        pytest.param("", "", "", "kk", "", id="empty"),
    ],
)
def test_place_names(book: NameBook, name: str, country: str, precision: str, lang: str, expected: str) -> None:
    assert book.place(name, country, lang, precision) == expected


def test_a_curated_file_without_its_columns_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "g.csv").write_text(GAZETTEER, encoding="utf-8")
    (tmp_path / "i.csv").write_text("id,name\nkz-iae,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"i\.csv: missing column\(s\) lang, notes"):
        NameBook.load(tmp_path / "g.csv", tmp_path / "i.csv", tmp_path / "missing.csv")


# ---------------------------------------------------------------- the curated files


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_institution_names_name_gazetteer_ids_in_interface_languages() -> None:
    ids = {inst.id for inst in Gazetteer.load(GAZETTEER_CSV).institutions}
    rows = _rows(names.INSTITUTION_NAMES_CSV)
    assert list(rows[0]) == list(names.INSTITUTION_NAMES_COLUMNS)
    keys = [(r["id"], r["lang"]) for r in rows]
    assert len(keys) == len(set(keys)), "one name per id and language"
    assert {r["id"] for r in rows} <= ids
    assert {r["lang"] for r in rows} <= set(catalog_languages())
    assert all(r["name"] == r["name"].strip() != "" for r in rows)


def test_place_names_are_unique_per_place_country_and_language() -> None:
    rows = _rows(names.PLACE_NAMES_CSV)
    assert list(rows[0]) == list(names.PLACE_NAMES_COLUMNS)
    keys = [(r["place"], r["country"], r["lang"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["lang"] for r in rows} <= set(catalog_languages())
    assert all(len(r["country"]) == 2 and r["name"] == r["name"].strip() != "" for r in rows)
