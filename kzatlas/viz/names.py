"""Proper names in the interface language: countries and languages from CLDR,
institutions from the gazetteer, places from a curated list and CLDR. Data values
stay canonical (English names, ISO codes); only what is shown changes.

Institutions: the gazetteer's aliases mix languages and scripts without a language
tag, so an alias's language is read from its letters. Cyrillic with a Kazakh-only
letter (ә ғ қ ң ө ұ ү һ і, the extractor's own list) is Kazakh; other Cyrillic is
Russian, unless it has a Belarusian or Ukrainian letter (ў ї є ґ; "Полацкі
дзяржаўны ўніверсітэт" has і like Kazakh) and then it is neither. A language's
display name is its first alias that is not an abbreviation: "Казахский
национальный университет имени аль-Фараби", not "КазНУ". The rule cannot see a
Kazakh name written without those letters ("Атом энергиясы институты"), nor tell a
former name from the current one ("Казкосмос"), so ``data/institution_names.csv``
overrides it per id and language. Without a form in the language, the canonical
(English) name is shown.

Places: ``data/place_names.csv`` first (towns CLDR does not name: Байқоңыр, Дубна),
then CLDR's country names and the exemplar cities of its time zones (Алматы,
Мәскеу, Шанхай), else the canonical name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from babel import Locale
from babel.core import get_global

from kzatlas.extract.institutions import Gazetteer
from kzatlas.extract.rules.language_words import KAZAKH_LETTERS
from kzatlas.paths import DATA_DIR, GAZETTEER_CSV

INSTITUTION_NAMES_CSV = DATA_DIR / "institution_names.csv"
PLACE_NAMES_CSV = DATA_DIR / "place_names.csv"
INSTITUTION_NAMES_COLUMNS = ("id", "lang", "name", "notes")
PLACE_NAMES_COLUMNS = ("place", "country", "lang", "name", "notes")

#: Letters of Belarusian and Ukrainian that neither Russian nor Kazakh uses: an alias
#: with one is in neither language, even when it also has a Kazakh-looking "і".
_OTHER_CYRILLIC = frozenset("ўїєґЎЇЄҐ")
#: A party that is a whole country has the id country-<alpha-2> (kzatlas/extract/events.py).
COUNTRY_ID_PREFIX = "country-"
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: Words, a «quoted name» counting as one word (it is a name, not an abbreviation).
_WORD = re.compile(r"«[^»]*»|[^\s«»]+")


def alias_language(alias: str) -> str | None:
    """"kk", "ru" or None (Latin script, mixed, or another Cyrillic language)."""
    if not _CYRILLIC.search(alias) or _OTHER_CYRILLIC.intersection(alias):
        return None
    return "kk" if KAZAKH_LETTERS.intersection(alias) else "ru"


def _is_abbreviation(word: str) -> bool:
    # Two capitals in one hyphen-free part: КазНУ, СПбГУ, IT. Not initials (М.В.) and
    # not hyphenated names whose parts each start with a capital (Әл-Фараби).
    if word.startswith("«") or "." in word:
        return False
    return any(sum(c.isupper() for c in part) >= 2 for part in word.split("-"))


def display_alias(aliases: Iterable[str], lang: str) -> str | None:
    """The alias to show in ``lang``: its first full name, else its first abbreviation."""
    candidates = [a for a in aliases if alias_language(a) == lang]
    if not candidates:
        return None

    def rank(i_alias: tuple[int, str]) -> tuple[bool, bool, int]:
        i, alias = i_alias
        flags = [_is_abbreviation(w) for w in _WORD.findall(alias)]
        return any(flags), all(flags), i

    return min(enumerate(candidates), key=rank)[1]


def fold(name: str) -> str:
    """Matching form of a place name: NFC, case-folded, one kind of apostrophe."""
    return unicodedata.normalize("NFC", name).casefold().replace("’", "'").strip()


# ---------------------------------------------------------------- CLDR


@lru_cache(maxsize=None)
def cldr_locale(lang: str) -> Locale:
    """The Babel locale of a language code (cached)."""
    return Locale.parse(lang)


def _capitalised(text: str) -> str:
    # CLDR writes language names in lower case in running text (русский, қазақ тілі);
    # a label or list item starts with a capital in every language we show.
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)  # CLDR lookups: a table names the same few countries on every row
def country_name(code: str, lang: str) -> str:
    """CLDR name of an ISO 3166-1 alpha-2 code in ``lang``; English, then the code
    itself, when CLDR has no name for it."""
    code = (code or "").upper()
    return str(cldr_locale(lang).territories.get(code) or cldr_locale("en").territories.get(code) or code)


@lru_cache(maxsize=1024)
def language_name(code: str, lang: str) -> str:
    """CLDR name of a language code in ``lang``, capitalised (Казахский, Қазақ тілі)."""
    name = cldr_locale(lang).languages.get(code) if code else None
    return _capitalised(str(name)) if name else code


def own_language_name(code: str) -> str:
    """A language's name in itself, as a language menu lists it (Қазақ тілі, Русский)."""
    return language_name(code, code)


@lru_cache(maxsize=1)
def _countries_by_english_name() -> dict[str, str]:
    return {fold(str(name)): code for code, name in cldr_locale("en").territories.items() if len(code) == 2}


@lru_cache(maxsize=1)
def _exemplar_cities() -> dict[str, list[tuple[str, str]]]:
    """Folded English city name → [(country, time zone)] from CLDR's zone list. English
    CLDR names only the cities whose name differs from the zone id's last part."""
    english = cldr_locale("en").time_zones
    out: dict[str, list[tuple[str, str]]] = {}
    for zone, country in get_global("zone_territories").items():
        name = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        out.setdefault(fold(str(name)), []).append((country, zone))
    return out


def _one(matches: list[tuple[str, str]], country: str) -> str | None:
    """The value for ``country`` among (country, value) matches (an empty match
    country fits any); without a country, the value when all matches agree."""
    if country:
        return next((v for c, v in matches if c in (country, "")), None)
    values = {v for _, v in matches}
    return values.pop() if len(values) == 1 else None


# ---------------------------------------------------------------- curated files


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a curated CSV, stripped; a missing file is an empty list (names then
    fall back to canonical), a missing column is an error naming file and column."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


@dataclass(frozen=True)
class NameBook:
    """Display names by language: institutions by gazetteer id, places by folded
    canonical name and country."""

    institutions: dict[str, dict[str, str]] = field(default_factory=dict)
    places: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    #: Canonical name → gazetteer id, for lists that carry names only (the filters).
    ids_by_name: dict[str, str] = field(default_factory=dict)
    #: Places already named: a map names the same 2,000 points on every filter change.
    _place_memo: dict[tuple[str, str, str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(
        cls,
        gazetteer_csv: Path = GAZETTEER_CSV,
        institution_names_csv: Path = INSTITUTION_NAMES_CSV,
        place_names_csv: Path = PLACE_NAMES_CSV,
    ) -> "NameBook":
        institutions: dict[str, dict[str, str]] = {}
        ids_by_name: dict[str, str] = {}
        if Path(gazetteer_csv).is_file():
            for inst in Gazetteer.load(gazetteer_csv).institutions:
                ids_by_name.setdefault(inst.name, inst.id)
                forms = {lang: a for lang in ("ru", "kk") if (a := display_alias(inst.aliases, lang))}
                if forms:
                    institutions[inst.id] = forms
        for row in _read_csv(Path(institution_names_csv), INSTITUTION_NAMES_COLUMNS):
            if row["id"] and row["lang"] and row["name"]:
                institutions.setdefault(row["id"], {})[row["lang"]] = row["name"]
        places: dict[str, list[tuple[str, dict[str, str]]]] = {}
        for row in _read_csv(Path(place_names_csv), PLACE_NAMES_COLUMNS):
            if not (row["place"] and row["lang"] and row["name"]):
                continue
            entries = places.setdefault(fold(row["place"]), [])
            country = row["country"].upper()
            forms = next((f for c, f in entries if c == country), None)
            if forms is None:
                forms = {}
                entries.append((country, forms))
            forms[row["lang"]] = row["name"]
        return cls(institutions, places, ids_by_name)

    def institution(self, name: str, inst_id: str, lang: str) -> str:
        """The institution's name in ``lang`` when known, else ``name`` (canonical;
        names found by pattern, ids x-…, are shown as the article wrote them).
        Without an id, a gazetteer institution is recognised by its canonical name;
        a country party is named by CLDR."""
        if inst_id.startswith(COUNTRY_ID_PREFIX) and lang != "en":
            return country_name(inst_id[len(COUNTRY_ID_PREFIX):], lang)
        forms = self.institutions.get(inst_id or self.ids_by_name.get(name, ""), {})
        return forms.get(lang) or name

    def place(self, name: str, country: str, lang: str, precision: str = "") -> str:
        """A place name in ``lang``: curated, then CLDR (country, time-zone city),
        else ``name``. ``country`` may be empty (the arcs' origins carry none)."""
        if not name or lang == "en":
            return name
        memo_key = (name, country, lang, precision)
        if memo_key not in self._place_memo:
            self._place_memo[memo_key] = self._place(name, country, lang, precision)
        return self._place_memo[memo_key]

    def _place(self, name: str, country: str, lang: str, precision: str) -> str:
        key, country = fold(name), (country or "").upper()
        curated = _one([(c, f[lang]) for c, f in self.places.get(key, []) if f.get(lang)], country)
        if curated:
            return curated
        if precision == "country" and country:
            return country_name(country, lang)
        code = _countries_by_english_name().get(key)
        if code and country in (code, ""):
            return country_name(code, lang)
        zone = _one(_exemplar_cities().get(key, []), country)
        if zone:
            return str(cldr_locale(lang).time_zones.get(zone, {}).get("city") or name)
        return name


@lru_cache(maxsize=4)
def _cached_book(signature: tuple[tuple[str, float], ...]) -> NameBook:
    return NameBook.load()


def name_book() -> NameBook:
    """The NameBook of the repository's curated files, reloaded when one changes."""
    sig = tuple(
        (str(p), p.stat().st_mtime if p.exists() else 0.0)
        for p in (GAZETTEER_CSV, INSTITUTION_NAMES_CSV, PLACE_NAMES_CSV)
    )
    return _cached_book(sig)
