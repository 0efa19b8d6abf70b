"""Find word stems at word starts, fast: the vocabulary lists of kzatlas/rules (event
words, topics) hold hundreds of stems, and a regular expression alternation of them
tries every stem at every position. Here each word start looks up only the stems
sharing its first two letters. Matching is case-insensitive, by a lowercasing that
keeps offsets (a letter whose lowercase is longer stays as it is)."""

from __future__ import annotations

import re
from typing import Iterable

_WORD_START = re.compile(r"(?<!\w)\w")


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class StemIndex:
    """Stems with labels; ``find`` gives (label, offset) of every stem at a word start."""

    def __init__(self, labelled: Iterable[tuple[str, str]]) -> None:
        self._by_prefix: dict[str, list[tuple[str, str]]] = {}
        for label, stem in labelled:
            stem = stem.lower()
            if stem:
                self._by_prefix.setdefault(stem[:2], []).append((stem, label))
        for cands in self._by_prefix.values():
            cands.sort(key=lambda c: -len(c[0]))  # longest first, as the regex alternation was

    def find(self, text: str, low: str | None = None) -> list[tuple[str, int]]:
        low = lower_same_length(text) if low is None else low
        out: list[tuple[str, int]] = []
        get = self._by_prefix.get
        for m in _WORD_START.finditer(low):
            pos = m.start()
            cands = get(low[pos : pos + 2])
            if cands:
                for stem, label in cands:
                    if low.startswith(stem, pos):
                        out.append((label, pos))
                        break
        return out

    def any(self, text: str, low: str | None = None) -> bool:
        low = lower_same_length(text) if low is None else low
        get = self._by_prefix.get
        for m in _WORD_START.finditer(low):
            pos = m.start()
            cands = get(low[pos : pos + 2])
            if cands and any(low.startswith(stem, pos) for stem, _ in cands):
                return True
        return False
