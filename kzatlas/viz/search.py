"""What a search text names, from the data set's own alias table (search_names.csv,
kzatlas.schema.SEARCH_NAMES, written by kzatlas.build.search_names): the places,
countries and institutions of the events that the text names by any of their
names (``Байконур``, ``Baïkonour`` → Baikonur; ``ОИЯИ`` → JINR). The table holds
a few hundred names where the place index and the gazetteer that
filters.search_targets loads hold 150,000 (about 55 MB of a dashboard process),
and it resolves a place to the data's own spellings directly, so no event's
place needs resolving at search time.

The text is matched as the whole index matches it: a place through the same
inflection stripping and folding (kzatlas.extract.morphology, ``Байконуре`` →
``байконур``) and the same order of candidates, an institution through the
gazetteer's own matcher built over the table's aliases only. The one difference:
a text whose own form the whole index resolves to a place the data does not hold
stops there, while here a shorter stem of it may still name a place the data
holds (tests/test_search_names.py measures the agreement on every name in the
table and on inflected forms). A folder without the table (an older build) is
searched the old way (engine.text_targets).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

from kzatlas.viz.filters import MIN_RESOLVE_LEN

if TYPE_CHECKING:
    from kzatlas.extract.institutions import Gazetteer

#: Separates country code and place name in the search's place keys (never in a name).
PAIR_SEP = "\x1f"
#: The languages whose inflections a place name is stripped of, in the order the
#: place index tries them (PlaceIndex.lookup).
LOOKUP_LANGS = ("", "en", "fr")
#: An institution's name must cover this share of the search text, as in filters.search_targets.
MIN_NAME_SHARE = 0.6


def place_key(name: str, country_code: str) -> str:
    """The key of a place as the events spell it (country code, separator, name)."""
    return f"{country_code}{PAIR_SEP}{name}"


@dataclass(frozen=True)
class Named:
    """What a search text names in one data set: the keys of its places as the events
    spell them (place_key), countries (ISO alpha-2) and gazetteer institution ids."""

    place_keys: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()


class NameTable:
    """The alias table of one data set, ready to resolve search texts."""

    def __init__(self, frame: pl.DataFrame) -> None:
        places: dict[str, list[str]] = {}
        countries: dict[str, set[str]] = {}
        insts: dict[str, list[str]] = {}
        for name, kind, place, cc, inst in frame.select(
            "name", "kind", "place_name", "country_code", "institution_id"
        ).iter_rows():
            if kind == "place":
                places.setdefault(name, []).append(place_key(place, cc))
            elif kind == "country":
                countries.setdefault(name, set()).add(cc)
            elif kind == "institution":
                insts.setdefault(inst, []).append(name)
        self._places = {k: tuple(sorted(set(v))) for k, v in places.items()}
        self._countries = {k: frozenset(v) for k, v in countries.items()}
        self._aliases = insts  # id -> names, in the gazetteer's order

    @cached_property
    def _gazetteer(self) -> "Gazetteer | None":
        """The gazetteer's matcher over the table's institutions only (built on the
        first search that can name one)."""
        if not self._aliases:
            return None
        from kzatlas.extract.institutions import Gazetteer  # noqa: PLC0415 - code only, no data
        from kzatlas.models import Institution  # noqa: PLC0415

        return Gazetteer(
            Institution(id=i, name=names[0], kind="", city="", country_code="", lat=None, lon=None,
                        aliases=tuple(names[1:]))
            for i, names in self._aliases.items()
        )

    def _place(self, needle: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """(place keys, countries) of the first candidate form of the text the table
        knows, trying candidates in PlaceIndex.lookup's order."""
        from kzatlas.extract.morphology import candidate_stems, fold  # noqa: PLC0415 - pure functions

        for lang in LOOKUP_LANGS:
            for cand in candidate_stems(needle, lang):
                key = fold(cand)
                if key in self._places:
                    return self._places[key], frozenset()
                if key in self._countries:
                    return (), self._countries[key]
        return (), frozenset()

    def named(self, text: str) -> Named:
        """What ``text`` names among the data set's places, countries and institutions."""
        needle = " ".join(text.split())
        if len(needle) < MIN_RESOLVE_LEN:
            return Named()
        place_keys, countries = self._place(needle)
        insts: set[str] = set()
        gazetteer = self._gazetteer
        if gazetteer is not None:
            for m in gazetteer.find(needle):
                # The text must be (nearly) the name, not a sentence that happens to contain one.
                if m.source == "gazetteer" and len(m.text) >= MIN_NAME_SHARE * len(needle):
                    insts.add(m.institution.id)
        return Named(place_keys, countries, frozenset(insts))
