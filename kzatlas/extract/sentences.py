"""Split article text into sentences with character offsets, so every event can
quote its evidence exactly and the reader can highlight it. Line breaks always end a
sentence (news copy puts headlines and datelines on their own lines); inside a line a
sentence ends at . ! ? … before an uppercase letter, a digit or a quote, except after
abbreviations and initials ('K. Mukanov', 'Co., Ltd.', 'г.', 'ndlr'). Very long runs
without any break are cut at spaces so later stages stay linear in the text size."""

from __future__ import annotations

import re

from kzatlas.models import Span

#: Longest sentence handed to the extractors; longer runs are cut at a space.
MAX_SENTENCE_CHARS = 1500

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st no vol co ltd inc corp jr sr vs etc e.g i.e approx
    г гг им ул д т тт стр проф акад доц англ см рис млн млрд тыс
    ж жж бб мм ndlr env av mme mlle cf""".split()
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"»”’)]*\s+(?=[\"«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
_LINE_RE = re.compile(r"[^\n]+")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (start, end) into ``text``, trimmed of surrounding white space."""
    spans: list[Span] = []
    for line in _LINE_RE.finditer(text):
        start = line.start()
        end = line.end()
        pos = start
        for m in _BOUNDARY_RE.finditer(text, start, end):
            cut = m.start()
            word_start = cut
            while word_start > pos and not text[word_start - 1].isspace():
                word_start -= 1
            word = text[word_start:cut].rstrip(".").lower()
            # "K." or "Co." or "г." is no sentence end.
            if len(word) == 1 and word.isalpha() or word.replace(",", "") in _ABBREVIATIONS:
                continue
            _emit(text, pos, m.end(), spans)
            pos = m.end()
        _emit(text, pos, end, spans)
    return spans


def _emit(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():  # "a  b": both spaces go
            piece_end -= 1
        spans.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
