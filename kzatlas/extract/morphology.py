"""Light, dictionary-free morphology for matching names in inflected text: text
normalisation (case, ё, apostrophes, dashes, an accent-free key) and candidate
dictionary forms of an inflected word ("Алматыда" -> "алматы", "Дубне" ->
"дубна", "университетінің" -> "университет"). It over-generates on purpose:
callers look every candidate up in a dictionary of known names, so a wrong
candidate costs one failed lookup, never a false match. The ending lists are
data in :mod:`kzatlas.extract.rules.suffixes`."""

from __future__ import annotations

import functools
import re
import unicodedata

from kzatlas.extract.rules import suffixes as sfx

_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼʻ`´′"), "'")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_SPACES = re.compile(r"\s+")
_LATIN_MARKS = re.compile(r"(?<=[A-Za-z\u00C0-\u024F])[\u0300-\u036F]+")
#: Stress marks (acute, grave) on any letter: Russian texts mark stress on names
#: ("Национа́льный иссле́довательский"); they are decoration, unlike the breve of "й".
_STRESS = re.compile(r"[\u0300\u0301]")

_RU_NOUN = tuple(sorted(sfx.RU_NOUN_ENDINGS, key=len, reverse=True))
_RU_ADJ = tuple(sorted(sfx.RU_ADJECTIVE_ENDINGS, key=len, reverse=True))
_KK = tuple(sorted(sfx.KK_ENDINGS, key=len, reverse=True))
_LANGS = ("en", "ru", "kk", "fr")


def normalize(text: str) -> str:
    """Matching form of ``text``: NFC, casefolded, ё->е, one apostrophe, one dash,
    single spaces. Accents are kept ("liège"); see :func:`fold` for a key without."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    text = text.casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """:func:`normalize` plus removal of accents on Latin letters ("Baïkonour" ->
    "baikonour") and of stress marks anywhere ("Национа́льный"). Other Cyrillic marks are
    left intact because й/ї/ә carry meaning, not decoration."""
    if text.isascii() and "`" not in text:  # fast path: most GeoNames names
        return " ".join(text.lower().split())
    # Only marks sitting on a Latin base letter are dropped (after NFD).
    return unicodedata.normalize(
        "NFC", _STRESS.sub("", _LATIN_MARKS.sub("", unicodedata.normalize("NFD", normalize(text)))))


def _strip_ru(word: str, out: dict[str, None]) -> None:
    for endings, restore in ((_RU_NOUN, sfx.RU_NOMINATIVE_RESTORE), (_RU_ADJ, ("",))):
        for end in endings:
            if word.endswith(end) and len(word) - len(end) >= sfx.MIN_STEM_LEN:
                stem = word[: -len(end)]
                for tail in restore:
                    out.setdefault(stem + tail)


def _strip_kk(word: str, out: dict[str, None]) -> None:
    frontier = [word]
    for _ in range(sfx.KK_MAX_DEPTH):
        nxt: list[str] = []
        for form in frontier:
            for end in _KK:
                if form.endswith(end) and len(form) - len(end) >= sfx.MIN_STEM_LEN:
                    stem = form[: -len(end)]
                    if stem not in out:
                        out.setdefault(stem)
                        nxt.append(stem)
        frontier = nxt
        if not frontier:
            break


def _strip_en(word: str, out: dict[str, None]) -> None:
    for end in sfx.EN_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= sfx.MIN_STEM_LEN:
            out.setdefault(word[: -len(end)])


def _strip_fr(word: str, out: dict[str, None]) -> None:
    for pre in sfx.FR_ELISION_PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= sfx.MIN_STEM_LEN:
            out.setdefault(word[len(pre):])


_STRIPPERS = {"ru": (_strip_ru,), "kk": (_strip_kk,), "en": (_strip_en,), "fr": (_strip_fr,)}
# Kazakh texts quote Russian names and vice versa, so each also tries the other.
_STRIPPERS["ru"] = (_strip_ru, _strip_kk)
_STRIPPERS["kk"] = (_strip_kk, _strip_ru)
_STRIPPERS[""] = (_strip_ru, _strip_kk)


@functools.lru_cache(maxsize=65536)
def candidate_stems(word: str, lang: str) -> list[str]:
    """``word`` normalised, then candidate dictionary forms with inflectional
    endings removed (and, for Russian, nominative endings restored), longest first.

    ``lang`` is en/ru/kk/fr; '' (or anything unknown) tries Russian and Kazakh.
    Forms are :func:`normalize`-d (lower case); the list never holds duplicates
    and always starts with the normalised word itself. Multi-word input is
    handled on its last word ("Льеж университетінің" -> "льеж университет")."""
    norm = normalize(word)
    if not norm:
        return []
    head, sep, last = norm.rpartition(" ")
    prefix = head + sep
    out: dict[str, None] = {last: None}
    for strip in _STRIPPERS.get(lang, _STRIPPERS[""]):
        strip(last, out)
    forms = [prefix + f for f in out]
    first, rest = forms[0], forms[1:]
    rest.sort(key=len, reverse=True)
    return [first, *rest]
