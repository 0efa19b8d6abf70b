"""One analysis per article, shared by every finder: the text is split once into
paragraphs and sentences (the project's only sentence splitter) and tokenised once;
each sentence knows its token range and its language. Finders (dates, names, places,
event words) take their candidates from these tokens and report character offsets, so
their results attach to sentences and clauses by position, as spaCy's components add
layers to one ``Doc``.

Splitting, in order: paragraphs are lines, unless the text is hard-wrapped (most lines
run on without end punctuation), in which case single line breaks are spaces and blank
lines separate paragraphs; a line that starts in lower case continues the previous
one. Inside a paragraph a sentence ends at . ! ? … (plus closing quotes) before an
upper-case letter, a digit or an opening quote — except after an initial ("K. Mukanov",
"М.Ф."), an abbreviation (``rules/abbreviations.py``: "No.", "г.", "им.", also inside a
bracket: "(г. Вена"), or a month abbreviation before a number ("Feb. 1-2", "сент. 2023",
from CLDR). Very long runs are cut at spaces so later stages stay linear."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kzatlas.extract.rules import abbreviations as A
from kzatlas.extract.rules import clause_words as C
from kzatlas.models import Span

#: Longest sentence handed to the finders; longer runs are cut at a space.
MAX_SENTENCE_CHARS = 1500

LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
CYRILLIC = "\u0400-\u052f"
MARKS = "\u0300-\u036f"
#: Words: a run of Latin or of Cyrillic letters (a script change splits, so a Kazakh
#: ending glued to a Latin name, "ULiègeде", is a token of its own), digits, or a run
#: of letters of any other script. Punctuation stays between tokens.
TOKEN_RE = re.compile(rf"[{LATIN}][{LATIN}{MARKS}]*|[{CYRILLIC}][{CYRILLIC}{MARKS}]*|\d+|[^\W\d_]+")

_TERMINATORS = ".!?…"
_CLOSERS = "\"»”’)]"
_OPENERS = "\"«“„(['‘"
#: A candidate sentence end: terminators, closing quotes, white space, then what may
#: start a sentence (an upper-case letter of any script, a digit, an opening quote).
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"»”’)\]]*\s+(?=\S)")
_BULLET_RE = re.compile(r"\s*(?:[-•*–—▪●◦]\s|\d{1,2}[.)]\s)")
#: Hard-wrapped text: at least this many lines run on into the next one, and they
#: make at least this share of the lines followed by another line.
_WRAP_MIN_LINES = 3
_WRAP_SHARE = 0.5
_WRAP_MIN_LEN = 30


@dataclass(slots=True)
class Sentence:
    """One sentence: its span in the article text, paragraph, tokens and language."""

    index: int
    start: int
    end: int
    paragraph: int
    t0: int  # first token index
    t1: int  # one past the last token index
    text: str
    lang: str = ""


_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


class Doc:
    """An article's text split into sentences and tokens once.

    ``tok_start``/``tok_end``/``tok_text`` are parallel lists over the whole text;
    ``sentences[i].t0:t1`` is the sentence's token range.
    """

    __slots__ = ("text", "lang", "published", "published_precision", "url", "sentences", "tok_start", "tok_end", "tok_text", "_starts")

    def __init__(self, text: str, lang: str = "", published: dt.date | None = None, url: str = "",
                 published_precision: str = "day") -> None:
        self.text = text
        self.lang = lang
        self.published = published
        self.published_precision = published_precision or "day"  # a month or year taken from the URL
        self.url = url
        tok_start: list[int] = []
        tok_end: list[int] = []
        tok_text: list[str] = []
        for m in TOKEN_RE.finditer(text):
            s, e = m.span()
            tok_start.append(s)
            tok_end.append(e)
            tok_text.append(m.group())
        self.tok_start, self.tok_end, self.tok_text = tok_start, tok_end, tok_text
        sentences: list[Sentence] = []
        for k, (s, e, para) in enumerate(split_paragraph_sentences(text)):
            t0 = bisect.bisect_left(tok_start, s)
            t1 = bisect.bisect_left(tok_start, e, t0)
            # A line break inside a re-joined sentence is a space to every finder ("on 15\n
            # February 2023"); one character for one, so offsets still index the article.
            sentences.append(Sentence(k, s, e, para, t0, t1, text[s:e].translate(_LINE_BREAKS)))
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding character ``offset``, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def tokens(self, s: Sentence) -> range:
        return range(s.t0, s.t1)


# --- splitting ------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINATORS + ":;"


def _starts_lower(line: str) -> bool:
    stripped = line.lstrip(" \t\u00a0" + _OPENERS)
    return bool(stripped) and stripped[0].islower()


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    run_on = followed = 0
    for (s, e), (s2, e2) in zip(lines, lines[1:]):
        line, nxt = text[s:e], text[s2:e2]
        if not line.strip() or not nxt.strip():
            continue
        followed += 1
        if len(line.strip()) >= _WRAP_MIN_LEN and not _ends_sentence(line) and not _BULLET_RE.match(nxt):
            run_on += 1
    return run_on >= _WRAP_MIN_LINES and run_on >= _WRAP_SHARE * followed


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: lines (or blank-line blocks of a hard-wrapped text), with a line
    that starts in lower case joined to the one before it."""
    lines = _lines(text)
    wrapped = _hard_wrapped(text, lines)
    out: list[Span] = []
    cur: list[int] | None = None  # [start, end] of the paragraph being built
    prev_line = ""
    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            if cur is not None:
                out.append((cur[0], cur[1]))
                cur = None
            prev_line = ""
            continue
        joins = cur is not None and (
            (wrapped and not _BULLET_RE.match(line))
            or (_starts_lower(line) and not _ends_sentence(prev_line) and not _BULLET_RE.match(line))
        )
        if joins:
            cur[1] = e  # type: ignore[index]
        else:
            if cur is not None:
                out.append((cur[0], cur[1]))
            cur = [s, e]
        prev_line = line
    if cur is not None:
        out.append((cur[0], cur[1]))
    return out


def _word_before(text: str, lo: int, cut: int) -> str:
    """The word ending at ``cut`` (a terminator's position), without brackets or
    quotes before it: '(г' -> 'г', '«Co' -> 'co'."""
    k = cut
    while k > lo and not text[k - 1].isspace():
        k -= 1
    return text[k:cut].lstrip(_OPENERS).lower()


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether what starts at ``pos`` may start a sentence: an upper-case letter or a
    digit, possibly after an opening quote or bracket."""
    n = len(text)
    while pos < n and text[pos] in _OPENERS:
        pos += 1
    return pos < n and (text[pos].isupper() or text[pos].isdigit())


def _no_break(text: str, lo: int, m: re.Match[str]) -> bool:
    if not _opens_sentence(text, m.end()):
        return True
    cut = m.start()
    if text[cut] != ".":
        return False
    word = _word_before(text, lo, cut)
    bare = word.rstrip(".")
    if len(bare) == 1 and bare.isalpha():
        return True  # an initial
    if bare.replace(",", "") in A.ABBREVIATIONS:
        return True
    if "." in bare and bare.replace(".", "").isalpha() and all(len(p) <= 2 for p in bare.split(".")):
        return True  # "M.F", "U.S", "т.д"
    if bare in A.month_abbreviations():
        nxt = text[m.end(): m.end() + 1]
        return nxt.isdigit()
    if bare.isdigit() and len(bare) <= 2:
        # "am 4. Oktober", "il 4. ottobre": a day written as an ordinal before its month.
        after = re.match(r"[^\W\d_]+", text[m.end():m.end() + 20])
        return bool(after) and after.group().lower() in A.month_words()
    return False


def _emit(text: str, start: int, end: int, para: int, out: list[tuple[int, int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end, para))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end, para))


def split_paragraph_sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of every sentence, trimmed of white space."""
    out: list[tuple[int, int, int]] = []
    for para, (ps, pe) in enumerate(paragraphs(text)):
        pos = ps
        for m in _BOUNDARY_RE.finditer(text, ps, pe):
            if _no_break(text, pos, m):
                continue
            _emit(text, pos, m.end(), para, out)
            pos = m.end()
        _emit(text, pos, pe, para, out)
    return out


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (start, end) into ``text``, trimmed of surrounding white space."""
    return [(s, e) for s, e, _ in split_paragraph_sentences(text)]


# --- clauses --------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _clause_re(lang: str) -> re.Pattern[str]:
    # A spaced dash between numbers is a range ("2 – 3 October"), not a break.
    hard = "|".join(r"(?<!\d)" + re.escape(b) + r"(?!\d)" if b.strip() in "–—−" else re.escape(b)
                    for b in C.HARD_BREAKS)
    words = sorted(C.AFTER_COMMA.get(lang, ()), key=len, reverse=True)
    soft = r",\s+(?=(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w))" if words else "(?!x)x"
    return re.compile(f"(?:{hard})|{soft}", re.IGNORECASE)


#: A closing quote ends a clause only after a quotation (reported speech), not after a
#: quoted name ("la Fondation « Ilim-Nury », Karaganda"): quotations run longer.
_MIN_QUOTATION_WORDS = 6
_OPENING_FOR = {"»": "«", "”": "“", '"': '"'}


def _quotation_before(text: str, close: int) -> bool:
    opener = _OPENING_FOR.get(text[close], "")
    start = text.rfind(opener, 0, close) if opener else -1
    return start >= 0 and len(text[start + 1:close].split()) >= _MIN_QUOTATION_WORDS


def clauses(text: str, lang: str) -> list[Span]:
    """Clause spans (start, end) of a sentence's ``text``; every character belongs to
    one clause (the break itself ends the clause before it)."""
    out: list[Span] = []
    pos = 0
    for m in _clause_re(lang).finditer(text):
        if text[m.start()] in _OPENING_FOR and not _quotation_before(text, m.start()):
            continue
        if m.start() > pos:
            out.append((pos, m.end()))
            pos = m.end()
    out.append((pos, len(text)))
    return out


__all__ = ["Doc", "Sentence", "TOKEN_RE", "MAX_SENTENCE_CHARS", "clauses", "paragraphs", "split_sentences"]
