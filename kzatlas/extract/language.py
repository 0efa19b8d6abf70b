"""Identify the language of an article and of each sentence: en, ru, kk, fr, or
another ISO 639-1 code. Kazakh vs Russian is decided by Kazakh-specific letters
(ә ғ қ ң ө ұ ү һ і), which no Russian word contains; English vs French by function
words; only text that none of these rules recognises goes to langid, loaded lazily
because its model costs start-up time."""

from __future__ import annotations

import re
from functools import lru_cache

from kzatlas.extract.rules.language_words import FUNCTION_WORDS, KAZAKH_LETTERS, LATIN_LANGS

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


# --- per sentence, from the document's tokens ----------------------------------------------

_LANG_BITS = {lang: 1 << k for k, lang in enumerate(FUNCTION_WORDS)}


@lru_cache(maxsize=262144)
def _token_clues(token: str) -> tuple[int, int, bool]:
    """(script: 1 Latin, 2 Cyrillic, 0 other; bitmask of languages it is a function word
    of; whether it holds a Kazakh-only letter) for one token."""
    ch = token[0]
    script = 2 if "\u0400" <= ch <= "\u052f" else 1 if (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f" else 0
    low = token.lower()
    bits = 0
    for lang, words in FUNCTION_WORDS.items():
        if low in words:
            bits |= _LANG_BITS[lang]
    kk = script == 2 and any(c in KAZAKH_LETTERS for c in token)
    return script, bits, kk


def sentence_languages(doc) -> list[str]:
    """The language of each sentence of a :class:`~kzatlas.extract.document.Doc`,
    decided from its tokens (scripts, Kazakh letters, function words), with the article's
    language where the sentence gives no clue."""
    article = doc.lang or ""
    out: list[str] = []
    words = doc.tok_text
    for s in doc.sentences:
        lat = cyr = kk_tokens = 0
        votes = dict.fromkeys(FUNCTION_WORDS, 0)
        for i in range(s.t0, s.t1):
            script, bits, kk = _token_clues(words[i])
            if script == 1:
                lat += 1
            elif script == 2:
                cyr += 1
                kk_tokens += kk
            if bits:
                for lang, bit in _LANG_BITS.items():
                    if bits & bit:
                        votes[lang] += 1
        if not lat and not cyr:
            out.append(article or "und")
        elif cyr >= lat:
            ru, kz = votes["ru"], votes["kk"]
            if ru >= 2 and ru > 2 * kz:
                out.append("ru")
            elif kz > ru or kk_tokens >= max(1, cyr // 12):
                out.append("kk")
            elif kk_tokens and article == "kk" and not ru:
                out.append("kk")
            else:
                out.append("ru" if article != "kk" or ru else "kk")
        else:
            best = max(LATIN_LANGS, key=lambda lg: (votes[lg], lg == article))
            if votes[best] == 0 or (article in LATIN_LANGS and votes[article] == votes[best]):
                best = article if article in LATIN_LANGS else ("en" if votes[best] == 0 else best)
            out.append(best)
    return out
