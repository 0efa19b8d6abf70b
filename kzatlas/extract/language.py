"""Identify the language of an article and of each sentence: en, ru, kk, fr, or
another ISO 639-1 code. Kazakh vs Russian is decided by Kazakh-specific letters
(ә ғ қ ң ө ұ ү һ і), which no Russian word contains; English vs French by function
words; only text that none of these rules recognises goes to langid, loaded lazily
because its model costs start-up time."""

from __future__ import annotations

import re
from functools import lru_cache

from kzatlas.extract.rules.language_words import FUNCTION_WORDS, KAZAKH_LETTERS

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CYR_RE = re.compile(r"[\u0400-\u04FF]")
_LAT_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")


@lru_cache(maxsize=1)
def _identifier():
    from langid.langid import LanguageIdentifier, model  # noqa: PLC0415 - deferred: the model is slow to load

    return LanguageIdentifier.from_modelstring(model, norm_probs=False)


class _SparseLangid:
    """langid's classifier, computed over the features the text has: langid multiplies
    a dense 7,480-feature vector by the whole model (~40 ms a call); a sentence has a
    few hundred features, so this gives the same answer in microseconds."""

    @staticmethod
    def classify(text: str) -> tuple[str, float]:
        import numpy as np  # noqa: PLC0415

        ident = _identifier()
        fv = ident.instance2fv(text)
        nz = np.flatnonzero(fv)
        scores = np.dot(fv[nz], ident.nb_ptc[nz]) + ident.nb_pc
        best = int(np.argmax(scores))
        return str(ident.nb_classes[best]), float(scores[best])


def _langid():
    return _SparseLangid


def detect_language(text: str, default: str = "") -> str:
    """The language of a sentence or short text; ``default`` when there is no letter."""
    cyr = len(_CYR_RE.findall(text))
    lat = len(_LAT_RE.findall(text))
    if cyr == 0 and lat == 0:
        return default or "und"
    if cyr >= lat:
        kk_letters = sum(1 for ch in text if ch in KAZAKH_LETTERS)
        words = _WORD_RE.findall(text.lower())
        kk_words = sum(1 for w in words if w in FUNCTION_WORDS["kk"])
        ru_words = sum(1 for w in words if w in FUNCTION_WORDS["ru"])
        # Kazakh prose has Kazakh-only letters in most words; a Russian sentence quoting
        # a Kazakh name ("Әл-Фараби атындағы ҚазҰУ") has a few. Letters are counted against
        # the length of the text, and clearly Russian function words win a tie.
        if ru_words >= 2 and ru_words > 2 * kk_words:
            return "ru"
        if kk_words > ru_words or kk_letters >= max(2, cyr // 60):
            return "kk"
        if kk_letters and default == "kk" and not ru_words:
            return "kk"
        return "ru"
    words = _WORD_RE.findall(text.lower())
    en = sum(1 for w in words if w in FUNCTION_WORDS["en"])
    fr = sum(1 for w in words if w in FUNCTION_WORDS["fr"])
    # Function words make up a third of English or French prose; a sentence with only
    # a stray "in" or "a" among many other words is some other Latin-script language.
    if (en or fr) and (len(words) < 8 or max(en, fr) >= 0.15 * len(words)):
        if en > fr:
            return "en"
        if fr > en:
            return "fr"
    if default in ("en", "fr") and len(words) < 12:
        return default
    if len(words) >= 4:
        code, _score = _langid().classify(text)
        return code
    return default or "en"


def detect_text_language(text: str) -> str:
    """The main language of an article (its opening part is enough)."""
    return detect_language(text[:5000], default="")
