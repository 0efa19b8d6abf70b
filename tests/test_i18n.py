"""Interface languages: the catalogs hold every string the source marks, in every
language, translated and with its placeholders (extracted fresh from the source,
so a newly wrapped string without a translation fails here); the check that says
so catches each kind of broken catalog; dates, numbers, countries, languages,
kinds and topics come out in each locale's own form; a catalog is compiled on
first use; and the interface language is chosen from the link, then the browser.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from kzatlas.extract.rules.event_words import KIND_WORDS
from kzatlas.extract.rules.topics import TOPIC_STEMS
from kzatlas.tools import catalogs
from kzatlas.viz import i18n
from kzatlas.viz.i18n import translator

NNBSP = "\u202f"  # CLDR puts a narrow no-break space before "г." and "ж."
CATALOG_LANGUAGES = [lang for lang in i18n.catalog_languages() if lang != i18n.SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogs.extract()


# ---------------------------------------------------------------- the catalogs


def test_the_interface_has_russian_and_kazakh_catalogs() -> None:
    assert set(CATALOG_LANGUAGES) >= {"ru", "kk"}
    assert i18n.interface_languages()[0] == "en"


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_every_interface_string_is_translated_in_every_catalog(lang: str, template: Catalog) -> None:
    found = catalogs.problems(lang, template)
    assert not found, "run: python -m kzatlas i18n update, translate, then i18n check\n" + "\n".join(found)


def test_no_message_call_hides_inside_an_f_string() -> None:
    assert catalogs.calls_hidden_in_fstrings() == [], "move the call out of the f-string: the extractor cannot see it"


def test_the_extractor_sees_the_marked_strings(template: Catalog) -> None:
    # Guards the check above against extracting nothing (which would pass vacuously).
    ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    assert ("event kind", "agreement") in ids
    assert (None, "undated") in ids
    assert (None, "{n} event") in ids


def _copy_catalog(tmp_path: Path, lang: str) -> tuple[Path, Catalog]:
    locales = tmp_path / "locales"
    target = i18n.po_path(lang, locales)
    target.parent.mkdir(parents=True)
    shutil.copy(i18n.po_path(lang), target)
    with target.open("rb") as fh:
        return locales, read_po(fh, locale=lang)


def _first(catalog: Catalog, wanted: str) -> object:
    return next(m for m in catalog if m.id == wanted or (isinstance(m.id, tuple) and m.id[0] == wanted))


LINK_NOTICE = "The link asks for the interface language “{code}”, which this atlas does not have; showing {language}."


def _drop(c: Catalog) -> None:
    del c["undated"]


def _empty(c: Catalog) -> None:
    _first(c, "undated").string = ""


def _fuzzy(c: Catalog) -> None:
    _first(c, "undated").flags.add("fuzzy")


def _placeholder(c: Catalog) -> None:
    _first(c, LINK_NOTICE).string = "Язык «{code}» не найден."


def _plural_placeholder(c: Catalog) -> None:
    m = _first(c, "{n} event")
    m.string = ("событие", *m.string[1:])


def _stale(c: Catalog) -> None:
    c.add("A string the source no longer has", "Строка")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        pytest.param(_drop, "missing 'undated'", id="missing-message"),
        pytest.param(_empty, "untranslated 'undated'", id="empty-translation"),
        pytest.param(_fuzzy, "fuzzy (needs review) 'undated'", id="fuzzy"),
        pytest.param(_placeholder, "placeholders ['code', 'language'] not kept", id="lost-placeholder"),
        pytest.param(_plural_placeholder, "placeholders ['n'] not kept in 'событие'", id="plural-form-without-n"),
        pytest.param(_stale, "not in the source any more", id="stale-entry"),
    ],
)
def test_the_check_reports_each_kind_of_broken_catalog(tmp_path: Path, template: Catalog, damage, expected: str) -> None:
    locales, catalog = _copy_catalog(tmp_path, "ru")
    damage(catalog)
    with i18n.po_path("ru", locales).open("wb") as fh:
        write_po(fh, catalog)
    found = catalogs.problems("ru", template, locales)
    assert any(expected in p for p in found), found


def test_update_adds_new_strings_untranslated_and_drops_removed_ones(tmp_path: Path, template: Catalog) -> None:
    locales, catalog = _copy_catalog(tmp_path, "kk")
    newer = Catalog()
    for m in template:
        if m.id and m.id != "undated":
            newer.add(m.id, None, m.locations, context=m.context)
    newer.add("A new label", None, [("dashboard/app.py", 1)])
    catalogs.update("kk", newer, locales)
    found = catalogs.problems("kk", newer, locales)
    assert found == ["kk: untranslated 'A new label'"]
    assert read_po(i18n.po_path("kk", locales).open("rb")).get("undated") is None


# ---------------------------------------------------------------- labels of the data's values


@pytest.mark.parametrize("kind", sorted({*KIND_WORDS, "partnership"}))
def test_every_event_kind_of_the_extractor_has_a_label(kind: str) -> None:
    assert kind in i18n.KIND_LABELS


@pytest.mark.parametrize("topic", sorted(TOPIC_STEMS))
def test_every_topic_of_the_extractor_has_a_label(topic: str) -> None:
    assert topic in i18n.TOPIC_LABELS


@pytest.mark.parametrize(
    ("lang", "kind", "topic"),
    [
        pytest.param("en", "visit", "space", id="en"),
        pytest.param("ru", "визит", "космос", id="ru"),
        pytest.param("kk", "сапар", "ғарыш", id="kk"),
    ],
)
def test_kinds_and_topics_are_translated_in_their_context(lang: str, kind: str, topic: str) -> None:
    T = translator(lang)
    assert (T.kind("visit"), T.topic("space")) == (kind, topic)
    assert T.kind("a-new-kind") == "a-new-kind"  # unknown values show as stored, never vanish


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("lang", "start", "end", "precision", "partial", "expected"),
    [
        pytest.param("en", "2023-10-04", "2023-10-04", "day", "", "October 4, 2023", id="en-day"),
        pytest.param("ru", "2023-10-04", "2023-10-04", "day", "", f"4 октября 2023{NNBSP}г.", id="ru-day"),
        # CLDR 47 writes Kazakh dates year first, as the Kazakh standard does.
        pytest.param("kk", "2023-10-04", "2023-10-04", "day", "", f"2023{NNBSP}ж. 4 қазан", id="kk-day"),
        pytest.param("en", "2023-10-01", "2023-10-31", "month", "", "October 2023", id="en-month"),
        pytest.param("ru", "2023-10-01", "2023-10-31", "month", "", f"октябрь 2023{NNBSP}г.", id="ru-month-nominative"),
        pytest.param("kk", "2023-10-01", "2023-10-31", "month", "", f"2023{NNBSP}ж. қазан", id="kk-month"),
        pytest.param("ru", "2023-01-01", "2023-12-31", "year", "", "2023", id="ru-year"),
        pytest.param("ru", "2023-10-02", "2023-10-03", "day", "", f"2—3 окт. 2023{NNBSP}г.", id="ru-period"),
        pytest.param("en", "2024-04-01", "2024-05-31", "month", "", "April\u2009–\u2009May 2024", id="en-months-period"),
        pytest.param("ru", "", "", "day", "--06-13", "13 июня", id="ru-year-unknown"),
        pytest.param("kk", "", "", "day", "--06-13/--06-14", "13–14 маусым", id="kk-year-unknown-period"),
        pytest.param("ru", "", "", "", "--02-29", "29 февраля", id="leap-day-without-year"),
        pytest.param("ru", "", "", "", "", "без даты", id="ru-undated"),
        pytest.param("kk", "", "", "", "", "күні белгісіз", id="kk-undated"),
        pytest.param("en", "", "", "", "--13-45", "--13-45", id="impossible-partial-shown-as-stored"),
        pytest.param("en", "not-a-date", "", "day", "", "undated", id="garbage-start"),
    ],
)
def test_dates_at_their_precision_in_each_locale(lang: str, start: str, end: str, precision: str, partial: str,
                                                 expected: str) -> None:
    assert translator(lang).date(start, end, precision, partial) == expected


@pytest.mark.parametrize(
    ("lang", "number", "country", "language"),
    [
        pytest.param("en", "1,234,567", "Kazakhstan", "Kazakh", id="en"),
        pytest.param("ru", "1\xa0234\xa0567", "Казахстан", "Казахский", id="ru"),
        pytest.param("kk", "1\xa0234\xa0567", "Қазақстан", "Қазақ тілі", id="kk"),
    ],
)
def test_numbers_countries_and_languages_from_cldr(lang: str, number: str, country: str, language: str) -> None:
    T = translator(lang)
    assert (T.number(1234567), T.country("KZ"), T.language("kk")) == (number, country, language)


def test_a_language_without_a_catalog_gets_english() -> None:
    assert translator("de").lang == "en"
    assert translator("xx-not-a-locale").gettext("undated") == "undated"


# ---------------------------------------------------------------- compiling


def test_a_catalog_is_compiled_on_first_use_and_recompiled_when_edited(tmp_path: Path) -> None:
    locales, catalog = _copy_catalog(tmp_path, "ru")
    mo = i18n.mo_path("ru", locales)
    assert not mo.exists()
    assert i18n.load_translations("ru", locales).gettext("undated") == "без даты"
    assert mo.is_file()
    _first(catalog, "undated").string = "дата неизвестна"
    with i18n.po_path("ru", locales).open("wb") as fh:
        write_po(fh, catalog)
    os.utime(mo, (1, 1))  # the .mo is now older than the .po
    assert i18n.load_translations("ru", locales).gettext("undated") == "дата неизвестна"


def test_a_read_only_catalog_folder_still_translates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locales, _ = _copy_catalog(tmp_path, "kk")

    def refuse(path: Path, content: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr("kzatlas.fsio.atomic_write", refuse)
    assert i18n.load_translations("kk", locales).gettext("undated") == "күні белгісіз"
    assert not i18n.mo_path("kk", locales).exists()


def test_the_compile_command_writes_every_catalog(tmp_path: Path) -> None:
    locales, _ = _copy_catalog(tmp_path, "kk")
    path = catalogs.compile_catalog("kk", locales)
    assert path == i18n.mo_path("kk", locales) and path.stat().st_size > 1000


# ---------------------------------------------------------------- choosing the language


@pytest.mark.parametrize(
    ("locale", "accept", "expected"),
    [
        pytest.param("kk-KZ", "", ["kk"], id="streamlit-locale"),
        pytest.param(None, "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", ["ru", "en"], id="accept-language"),
        pytest.param("en-US", "kk;q=0.5, ru;q=0.8", ["en", "ru", "kk"], id="ordered-by-q"),
        pytest.param(None, "*, de;q=x", ["de"], id="junk-tolerated"),
        pytest.param(None, None, [], id="nothing"),
    ],
)
def test_browser_languages(locale: str | None, accept: str | None, expected: list[str]) -> None:
    assert i18n.browser_languages(locale, accept) == expected


@pytest.mark.parametrize(
    ("query", "browser", "expected", "notice"),
    [
        pytest.param({"lang": "kk"}, ["ru"], "kk", "", id="link-wins"),
        pytest.param({"lang": ["ru", "kk"]}, [], "kk", "", id="last-of-repeated-key"),
        pytest.param({"lang": "KK"}, [], "kk", "", id="case-insensitive"),
        pytest.param({}, ["de", "kk"], "kk", "", id="first-browser-language-we-have"),
        pytest.param({}, ["de"], "en", "", id="default-english"),
        pytest.param({"lang": "uz"}, ["ru"], "ru", "«uz»", id="unknown-link-language-noticed-in-russian"),
        pytest.param({"lang": "x" * 500}, [], "en", "“xxxxxxxxxxx…”", id="over-long-value-shortened"),
    ],
)
def test_choose_language(query: dict, browser: list[str], expected: str, notice: str) -> None:
    lang, notices = i18n.choose_language(query, browser)
    assert lang == expected
    if notice:
        assert len(notices) == 1 and notice in notices[0]
    else:
        assert notices == []
