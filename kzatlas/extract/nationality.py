"""Nationality adjectives and demonyms: which country "корейский", "coréen", "Japanese",
"қазақстандық" or "koreanisch" names, read from ``data/nationality_adjectives.csv``
(curated, one row per country and language; a form ending in ``-`` is a stem that takes
the language's adjective endings). Used by the name patterns (an adjective inside a name:
"l'Université kazakhe nationale …") and by grounding (an adjective before a name or a
title: "российский МФТИ", "the Chinese Foreign Minister")."""

from __future__ import annotations

import csv
import functools
from typing import TYPE_CHECKING

from kzatlas.extract.morphology import fold
from kzatlas.paths import DATA_DIR

if TYPE_CHECKING:
    from kzatlas.extract.places import PlaceIndex

ADJECTIVES_CSV = DATA_DIR / "nationality_adjectives.csv"


def read_rows(path) -> list[dict[str, str]]:
    """The rows of an optional curated CSV file (none when the file is missing)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError:
        return []


@functools.lru_cache(maxsize=1)
def _adjective_table() -> dict[tuple[str, str], str]:
    """(lang, form) -> country code from data/nationality_adjectives.csv; stems ending
    in '-' are stored as ('lang', 'stem-') and matched with the language's endings."""
    out: dict[tuple[str, str], str] = {}
    for row in read_rows(ADJECTIVES_CSV):
        lang = (row.get("lang") or "").strip()
        cc = (row.get("country") or "").strip().upper()
        for form in (row.get("forms") or "").split("|"):
            form = fold(form.strip())
            if form and cc:
                out.setdefault((lang, form), cc)
    return out


_ADJ_ENDINGS = {
    "ru": ("ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ого", "его", "ому", "ему", "им", "ым", "ом",
           "ем", "ую", "юю", "ых", "их", "ыми", "ими"),
    "de": ("", "e", "en", "er", "es", "em"),
}


@functools.lru_cache(maxsize=65536)
def _nationality(word: str, lang: str) -> str:
    table = _adjective_table()
    key = fold(word)
    for lg in (lang, "en", "ru", "kk", "fr"):
        cc = table.get((lg, key))
        if cc:
            return cc
        for end in sorted(_ADJ_ENDINGS.get(lg, ()), key=len, reverse=True):
            if end and key.endswith(end):
                cc = table.get((lg, key[: -len(end)] + "-"))
                if cc:
                    return cc
            elif not end:
                cc = table.get((lg, key + "-"))
                if cc:
                    return cc
    return ""


def nationality(word: str, lang: str, places: "PlaceIndex | None" = None) -> str:
    """The country a nationality adjective names ('корейский', 'coréen', 'Japanese'),
    or ''. Falls back on the place index's relational adjectives (Russian)."""
    if not word or not word[0].isalpha():
        return ""
    cc = _nationality(word, lang)
    if cc:
        return cc
    if places is not None and lang in ("ru", "kk") and len(word) > 5:
        place = places.city_from_adjective(word, "ru")
        if place is not None and place.precision == "country":
            return place.country_code
    return ""


__all__ = ["nationality"]
