"""Word lists matched against a document's tokens. Each list is compiled once per
language from the pattern syntax of :mod:`kzatlas.extract.rules.event_words`
("word", "stem*", "stem~", "Word=", phrases of several words); a token is looked up by
its folded form and its first three letters, so a sentence costs one dictionary probe
per distinct word, and the answer for a word is cached for the process (news
vocabulary repeats: the thousandth article costs little more than lookups).

A phrase matches on adjacent tokens separated by spaces, a hyphen or an apostrophe
only ("took place", "қол қойылды", "a eu lieu", "l'invitation"); punctuation between
them (a comma, a full stop) breaks it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable, Sequence

from kzatlas.extract.document import TOKEN_RE, Doc
from kzatlas.extract.morphology import normalize
from kzatlas.extract.rules import suffixes as sfx

# How one pattern word compares with a token.
_EXACT, _CASED, _ENDING, _PREFIX, _ANY = range(5)
_PHRASE_GAP = frozenset(" \t\u00a0\u202f-'’‐‑")
_MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class _Word:
    how: int
    value: str


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    words: tuple[_Word, ...]


def _parse(pattern: str) -> tuple[_Word, ...]:
    words: list[_Word] = []
    for piece in pattern.split():
        if piece == "*":
            words.append(_Word(_ANY, ""))  # any one word: "launch* * programme*"
            continue
        how = _EXACT
        if piece.endswith("*"):
            how, piece = _ENDING, piece[:-1]
        elif piece.endswith("~"):
            how, piece = _PREFIX, piece[:-1]
        elif piece.endswith("="):
            how, piece = _CASED, piece[:-1]
        toks = TOKEN_RE.findall(piece)
        for k, tok in enumerate(toks):
            last = k == len(toks) - 1
            if how == _CASED:
                words.append(_Word(_CASED, tok))
            else:
                words.append(_Word(how if last else _EXACT, fold(tok)))
    return tuple(words)


_STRESS = str.maketrans("", "", "\u0300\u0301")


@functools.lru_cache(maxsize=262144)
def fold(word: str) -> str:
    """The matching form of a word: lower case, ё = е, stress marks dropped; Latin accents
    are kept, so a French participle ("visité") is not its noun ("visite")."""
    return normalize(word).translate(_STRESS)


def _cyrillic(word: str) -> bool:
    return bool(word) and "\u0400" <= word[0] <= "\u052f"


@functools.lru_cache(maxsize=16384)
def _ending_chain(rest: str, depth: int = 3) -> bool:
    if not rest:
        return True
    if depth == 0:
        return False
    return any(rest.endswith(e) and _ending_chain(rest[: -len(e)], depth - 1) for e in sfx.CYRILLIC_WORD_ENDINGS)


def word_matches(w: _Word, token: str, folded: str, lang: str) -> bool:
    if w.how == _ANY:
        return True
    if w.how == _CASED:
        return token == w.value
    if w.how == _EXACT:
        return folded == w.value
    if not folded.startswith(w.value):
        return False
    if w.how == _PREFIX:
        return True
    rest = folded[len(w.value):]
    if not rest:
        return True
    if _cyrillic(folded):
        return _ending_chain(rest)
    return rest in sfx.WORD_ENDINGS.get(lang, ())


class Lexicon:
    """Labelled patterns of one language; :meth:`find` lists (label, first token,
    token after the match) in a token range of a :class:`Doc`."""

    def __init__(self, lang: str, labelled: Iterable[tuple[str, str]]) -> None:
        self.lang = lang
        self._exact: dict[str, list[_Entry]] = {}
        self._cased: dict[str, list[_Entry]] = {}
        self._stems: dict[str, list[_Entry]] = {}
        for label, pattern in labelled:
            words = _parse(pattern)
            if not words:
                continue
            entry = _Entry(label, words)
            first = words[0]
            if first.how == _CASED:
                self._cased.setdefault(first.value, []).append(entry)
            elif first.how == _EXACT:
                self._exact.setdefault(first.value, []).append(entry)
            else:
                self._stems.setdefault(first.value[:3], []).append(entry)
        for table in (self._exact, self._cased, self._stems):
            for entries in table.values():
                entries.sort(key=lambda e: -len(e.words))  # longest phrase first
        self._first: dict[str, tuple[_Entry, ...]] = {}

    def _candidates(self, token: str) -> tuple[_Entry, ...]:
        """Entries whose first word matches ``token`` (cached per distinct token)."""
        hit = self._first.get(token)
        if hit is not None:
            return hit
        folded = fold(token)
        out = [e for e in self._cased.get(token, ()) if e.words[0].value == token]
        out += self._exact.get(folded, ())
        out += [e for e in self._stems.get(folded[:3], ()) if word_matches(e.words[0], token, folded, self.lang)]
        res = tuple(out)
        if len(self._first) > 200_000:
            self._first.clear()
        self._first[token] = res
        return res

    def find(self, doc: Doc, t0: int, t1: int) -> list[tuple[str, int, int]]:
        """(label, first token, end token) of every match in tokens ``t0:t1``; at one
        token the longest phrase of each label wins."""
        out: list[tuple[str, int, int]] = []
        words, starts, ends, text = doc.tok_text, doc.tok_start, doc.tok_end, doc.text
        for i in range(t0, t1):
            cands = self._candidates(words[i])
            if not cands:
                continue
            seen: set[str] = set()
            for entry in cands:
                if entry.label in seen:
                    continue
                n = len(entry.words)
                if n == 1:
                    out.append((entry.label, i, i + 1))
                    seen.add(entry.label)
                    continue
                if i + n > t1:
                    continue
                ok = True
                for k in range(1, n):
                    j = i + k
                    gap = text[ends[j - 1]:starts[j]]
                    if len(gap) > _MAX_GAP or any(c not in _PHRASE_GAP for c in gap):
                        ok = False
                        break
                    tok = words[j]
                    if not word_matches(entry.words[k], tok, fold(tok), self.lang):
                        ok = False
                        break
                if ok:
                    out.append((entry.label, i, i + n))
                    seen.add(entry.label)
        return out

    def any(self, doc: Doc, t0: int, t1: int) -> bool:
        return bool(self.find(doc, t0, t1))


def build_lexicon(lang: str, tables: Sequence[tuple[str, Iterable[str]]]) -> Lexicon:
    """A lexicon from (label, patterns) pairs."""
    return Lexicon(lang, ((label, p) for label, patterns in tables for p in patterns))


__all__ = ["Lexicon", "build_lexicon", "word_matches"]
