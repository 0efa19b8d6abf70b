"""Find institutions named in a text: the curated gazetteer's aliases in every
language and script (inflected Russian/Kazakh forms and glued suffixes
included: "Льеж университетінің", "Казахским национальным университетом",
"КазНУ-да"), and institutions the gazetteer does not know, caught by name
patterns around a head noun ("Polotsk State University", "Université de Lyon",
"Томский политехнический университет", "… Co., Ltd."). Each alias word becomes
a base (its nominative ending removed) that a text word matches when the rest
is a stack of case endings; aliases are indexed by their first two words and
matched in one greedy, longest-first scan over the text's tokens, and
case-sensitive acronyms (MAI, КазНУ) keep French "mai" from matching. Word
lists live in :mod:`kzatlas.extract.rules.institution_words`."""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kzatlas.errors import SchemaError
from kzatlas.extract.nationality import nationality
from kzatlas.extract.rules import institution_words as W
from kzatlas.models import Institution, InstitutionMention
from kzatlas.paths import GAZETTEER_CSV

try:  # the shared normaliser (casefold, ё->е, accent-free Latin)
    from kzatlas.extract.morphology import fold
except ImportError:  # pragma: no cover - only while the morphology module is missing

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFD", text.casefold().replace("ё", "е"))
        return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


if TYPE_CHECKING:
    from kzatlas.extract.places import PlaceIndex

__all__ = ["Gazetteer", "GazetteerError", "find_institutions", "GAZETTEER_COLUMNS"]

GAZETTEER_COLUMNS = ("id", "name", "aliases", "kind", "city", "country", "lat", "lon", "notes")
_REQUIRED_COLUMNS = GAZETTEER_COLUMNS[:-1]


class GazetteerError(SchemaError):
    """The gazetteer CSV is missing or has a bad row (the message names file and line)."""


# --- Tokens -------------------------------------------------------------------------------

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_CYR = "\u0400-\u052f"
_MARKS = "\u0300-\u036f"
# Script changes split tokens so a Kazakh ending glued to a Latin name
# ("ULiègeде") is a token of its own.
_TOKEN = re.compile(rf"[{_LATIN}][{_LATIN}{_MARKS}]*|[{_CYR}][{_CYR}{_MARKS}]*|\d+|[^\W\d_]+")
_HYPHENS = frozenset("-\u2010\u2011")
_ENDINGS = tuple(sorted(set(W.CYRILLIC_ENDINGS), key=len, reverse=True))
_ADJ_ENDINGS = tuple(sorted(W.RU_ADJECTIVE_ENDINGS, key=len, reverse=True))
_ADJ_ENDING_SET = frozenset(W.RU_ADJECTIVE_ENDINGS)
_FINALS = tuple(sorted(W.ALIAS_FINAL_ENDINGS, key=len, reverse=True))
_VOICED = {plain: voiced for voiced, plain in W.FINAL_DEVOICING.items()}
_SPACE_GAP = re.compile(r"[ \t\u00a0\u202f]*\n?[ \t\u00a0\u202f]*")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


@functools.lru_cache(maxsize=8192)
def _ending_chain(rest: str, depth: int = W.MAX_STACKED_ENDINGS) -> bool:
    """Whether ``rest`` is a stack of case/possessive/plural endings ("інің", "иясы")."""
    if not rest:
        return True
    if depth == 0:
        return False
    return any(rest.endswith(e) and _ending_chain(rest[: -len(e)], depth - 1) for e in _ENDINGS)


# How one alias word is compared with a text word.
_EXACT, _PLAIN, _NOUN, _ADJ = range(4)


@dataclass(frozen=True, slots=True)
class _Spec:
    """``_EXACT``: case-sensitive acronym; ``_PLAIN``: equal folded forms (Latin
    and short words); ``_NOUN``/``_ADJ``: the text word starts with ``value`` (the
    alias word without its nominative ending) and the rest is a stack of case
    endings / one adjective ending."""

    how: int
    value: str
    own: str = ""  # the alias word's own ending ("ь" of "Хайнань"), always accepted

    @property
    def key(self) -> str:
        if self.how == _EXACT:
            return self.value
        if self.how == _PLAIN:
            return self.value
        return "~" + self.value[:3]


def _exact(token: str) -> str:
    """Case-keeping key for acronyms: accents and ё dropped, case kept."""
    return "=" + "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))


def _case_sensitive(token: str) -> bool:
    """Acronym-like alias words match with their case: all-caps words of at most
    five letters (MAI, JINR, ОИЯИ) and mixed-case ones (KazNU, ULiège, ҚазҰУ)."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return False
    uppers = sum(c.isupper() for c in letters)
    if uppers == len(letters):
        return len(letters) <= 5
    return uppers >= 2 or (uppers == 1 and not letters[0].isupper())


@functools.lru_cache(maxsize=65536)
def _spec(token: str) -> _Spec:
    """How the alias (or lexicon) word ``token`` matches text words."""
    if _case_sensitive(token):
        return _Spec(_EXACT, _exact(token))
    low = fold(token)
    if len(low) < W.MIN_STEMMED_WORD or not _is_cyrillic(low[0]):
        return _Spec(_PLAIN, low)
    for end in _ADJ_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= W.MIN_STEM_LEN:
            return _Spec(_ADJ, low[: -len(end)])
    for end in _FINALS:
        if low.endswith(end) and len(low) - len(end) >= W.MIN_STEM_LEN:
            return _Spec(_NOUN, low[: -len(end)], end)
    return _Spec(_NOUN, low)


def _rest(spec: _Spec, low: str) -> str | None:
    """The ending a text word (folded) adds to ``spec``'s base, or None if it
    is not a form of that word. Kazakh voicing is undone ("орталығы" ~ "орталық")."""
    base = spec.value
    if low.startswith(base):
        rest = low[len(base):]
    elif len(base) > W.MIN_STEM_LEN and _VOICED.get(base[-1]) and len(low) > len(base) \
            and low.startswith(base[:-1]) and low[len(base) - 1] == _VOICED[base[-1]]:
        rest = low[len(base):]
    else:
        return None
    if spec.how == _ADJ:
        return rest if rest in _ADJ_ENDING_SET else None
    return rest if rest == spec.own or _ending_chain(rest) else None


def _glued_cut(token: str) -> int:
    """Length of an acronym with a case ending glued on ("КазНУда" -> 5), else 0."""
    k = len(token)
    while k > 0 and token[k - 1].islower():
        k -= 1
    tail = token[k:]
    if k < 2 or not tail or len(tail) > W.MAX_GLUED_SUFFIX_LEN or not token[k - 1].isupper():
        return 0
    if not _is_cyrillic(tail[0]) or not _case_sensitive(token[:k]):
        return 0
    return k if _ending_chain(tail) else 0


@functools.lru_cache(maxsize=262144)
def _analyse(token: str) -> tuple[str, tuple[str, ...], str, str, int]:
    """(folded form, index keys, exact key, key of a glued acronym, its length)."""
    low = fold(token)
    keys = [low]
    if _is_cyrillic(token[0]) and len(low) >= W.MIN_STEM_LEN:
        keys.append("~" + low[:3])
    exact = glued = ""
    cut = 0
    if any(c.isupper() for c in token):
        exact = _exact(token)
        keys.append(exact)
        cut = _glued_cut(token)
        if cut:
            glued = _exact(token[:cut])
            keys.append(glued)
    return low, tuple(keys), exact, glued, cut


class _Tok:
    __slots__ = ("start", "end", "text", "low", "keys", "exact", "glued_key", "glued_len", "gap")

    def __init__(self, start: int, end: int, text: str, gap: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low, self.keys, self.exact, self.glued_key, self.glued_len = _analyse(text)
        self.gap = gap  # the text between the previous token and this one

    def matches(self, spec: _Spec) -> bool:
        if spec.how == _EXACT:
            return spec.value == self.exact or spec.value == self.glued_key
        if spec.how == _PLAIN:
            return spec.value == self.low
        return _rest(spec, self.low) is not None


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev = 0
    new = _Tok.__new__
    analyse = _analyse
    append = toks.append
    # Hot loop (every word of every sentence): no __init__ call, cached analysis.
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group()
        tok = new(_Tok)
        tok.start, tok.end, tok.text, tok.gap = s, e, word, text[prev:s]
        tok.low, tok.keys, tok.exact, tok.glued_key, tok.glued_len = analyse(word)
        append(tok)
        prev = e
    return toks


def _gap_ok(gap: str, allowed: frozenset[str]) -> bool:
    """Whether the text between two words of a name may stand for the alias's gap."""
    if len(gap) > W.MAX_GAP_LEN or "\n\n" in gap:
        return False
    if gap and not gap.isspace() and not any(c.isspace() for c in gap) and any(c in _QUOTES for c in gap) \
            and not any(c in allowed for c in gap):
        return False  # 'президент"Казахстан': a quote glued to both words opens another name
    return all(c in W.PLAIN_GAP_CHARS or c in allowed for c in gap)


_QUOTES = frozenset("\"«»“”„")


class _Lexicon:
    """Words (any inflected form) -> a value, for head nouns and other word lists."""

    def __init__(self, entries: dict[str, object]) -> None:
        self._by_key: dict[str, list[tuple[_Spec, object]]] = {}
        for word, value in entries.items():
            spec = _spec(word)
            self._by_key.setdefault(spec.key, []).append((spec, value))
        for items in self._by_key.values():
            items.sort(key=lambda item: len(item[0].value), reverse=True)
        #: Token keys that can start a match: a cheap "certainly not" test.
        self.keys = frozenset(self._by_key)

    def get(self, tok: _Tok) -> tuple[object, str] | None:
        """(value, the ending the text adds) for a word of the list, else None."""
        for key in tok.keys:
            for spec, value in self._by_key.get(key, ()):
                if spec.how == _EXACT or spec.how == _PLAIN:
                    if tok.matches(spec):
                        return value, ""
                    continue
                rest = _rest(spec, tok.low)
                if rest is not None:
                    return value, rest
        return None


# --- Gazetteer -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Alias:
    specs: tuple[_Spec, ...]
    gaps: tuple[frozenset[str], ...]  # punctuation the alias itself has before word k
    inst: int


def _alias_entry(alias: str, inst: int) -> _Alias | None:
    specs: list[_Spec] = []
    gaps: list[frozenset[str]] = []
    prev = None
    for m in _TOKEN.finditer(alias):
        specs.append(_spec(m.group()))
        gaps.append(frozenset(alias[prev:m.start()]) - frozenset(" ") if prev is not None else frozenset())
        prev = m.end()
    if not specs:
        return None
    return _Alias(tuple(specs), tuple(gaps), inst)


def _float(value: str, what: str, where: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise GazetteerError(f"{where}: {what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise GazetteerError(f"{where}: {what} {value!r} is not a finite number")
    return number


class Gazetteer:
    """The curated institutions and an index of their aliases for :meth:`find`."""

    def __init__(self, institutions: Iterable[Institution]) -> None:
        self.institutions: list[Institution] = list(institutions)
        self._by_id = {inst.id: inst for inst in self.institutions}
        #: (alias, id kept, id dropped) for aliases two institutions share.
        self.conflicts: list[tuple[str, str, str]] = []
        # Aliases by their first word's key (one-word aliases) or first two words'
        # keys, so a text word only meets the few aliases it can start.
        self._single: dict[str, list[_Alias]] = {}
        self._multi: dict[tuple[str, str], list[_Alias]] = {}
        seen: dict[tuple[_Spec, ...], int] = {}
        for n, inst in enumerate(self.institutions):
            for alias in dict.fromkeys((inst.name, *inst.aliases)):
                entry = _alias_entry(alias, n)
                if entry is None:
                    continue
                owner = seen.setdefault(entry.specs, n)
                if owner != n:
                    if self.institutions[owner].id != inst.id:
                        self.conflicts.append((alias, self.institutions[owner].id, inst.id))
                    continue
                if len(entry.specs) == 1:
                    self._single.setdefault(entry.specs[0].key, []).append(entry)
                else:
                    self._multi.setdefault((entry.specs[0].key, entry.specs[1].key), []).append(entry)
        for entries in self._multi.values():
            entries.sort(key=lambda e: len(e.specs), reverse=True)
        self._firsts = frozenset(self._single) | frozenset(k1 for k1, _ in self._multi)

    @classmethod
    def load(cls, path: Path = GAZETTEER_CSV) -> "Gazetteer":
        """Read the gazetteer CSV; raises :class:`GazetteerError` naming the file and
        line of a bad row (missing id/name, duplicate id, bad coordinates)."""
        path = Path(path)
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read the gazetteer ({exc.strerror or exc})") from exc
        with handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}")
            out: list[Institution] = []
            ids: dict[str, int] = {}
            for row in reader:
                line = reader.line_num
                where = f"{path}:{line}"
                if None in row:
                    raise GazetteerError(f"{where}: more fields than columns (unquoted comma?)")
                inst_id = (row.get("id") or "").strip()
                if not inst_id and not any((v or "").strip() for v in row.values()):
                    continue  # blank line
                if inst_id.startswith("#"):
                    continue
                if not inst_id:
                    raise GazetteerError(f"{where}: empty id")
                if inst_id in ids:
                    raise GazetteerError(f"{where}: duplicate id {inst_id!r} (first on line {ids[inst_id]})")
                name = (row.get("name") or "").strip()
                if not name:
                    raise GazetteerError(f"{where}: institution {inst_id!r} has no name")
                lat = _float(row.get("lat") or "", "lat", where)
                lon = _float(row.get("lon") or "", "lon", where)
                if (lat is None) != (lon is None):
                    raise GazetteerError(f"{where}: {inst_id!r} has only one of lat/lon")
                if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise GazetteerError(f"{where}: {inst_id!r} coordinates {lat},{lon} out of range")
                country = (row.get("country") or "").strip().upper()
                if country and not re.fullmatch(r"[A-Z]{2}", country):
                    raise GazetteerError(f"{where}: {inst_id!r} country {country!r} is not an ISO alpha-2 code")
                aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
                ids[inst_id] = line
                out.append(Institution(
                    id=inst_id, name=name, kind=(row.get("kind") or "").strip(),
                    city=(row.get("city") or "").strip(), country_code=country, lat=lat, lon=lon,
                    aliases=aliases, notes=(row.get("notes") or "").strip(),
                ))
        return cls(out)

    def get(self, inst_id: str) -> Institution | None:
        return self._by_id.get(inst_id)

    def find(self, text: str, lang: str = "") -> list[InstitutionMention]:
        """Gazetteer institutions named in ``text`` (source 'gazetteer'): inflection
        tolerant, longest match first, non-overlapping, sorted by span."""
        return self._find(text, _tokenize(text))

    def _find(self, text: str, toks: list[_Tok]) -> list[InstitutionMention]:
        out: list[InstitutionMention] = []
        n = len(toks)
        i = 0
        firsts = self._firsts
        while i < n:
            best = None if firsts.isdisjoint(toks[i].keys) else self._longest_at(toks, i)
            if best is None:
                i += 1
                continue
            size = len(best.specs)
            last = toks[i + size - 1]
            end = last.end
            if best.specs[-1].how == _EXACT and best.specs[-1].value != last.exact and last.glued_len:
                end = last.start + last.glued_len  # "КазНУда": the mention is the acronym
            start, end, j = _named_after(text, toks, i, i + size, toks[i].start, end)
            inst = self.institutions[best.inst]
            out.append(InstitutionMention(institution=inst, text=text[start:end], span=(start, end),
                                          source="gazetteer"))
            i = j
        return out

    def _longest_at(self, toks: list[_Tok], i: int) -> _Alias | None:
        tok = toks[i]
        if self._firsts.isdisjoint(tok.keys):
            return None
        best: _Alias | None = None
        if i + 1 < len(toks):
            nxt = toks[i + 1]
            for k1 in tok.keys:
                for k2 in nxt.keys:
                    for entry in self._multi.get((k1, k2), ()):
                        if best is not None and len(entry.specs) <= len(best.specs):
                            break  # entries are longest first
                        if self._fits(entry, toks, i):
                            best = entry
                            break
        if best is None:
            for key in tok.keys:
                for entry in self._single.get(key, ()):
                    if tok.matches(entry.specs[0]):
                        return entry
        return best

    @staticmethod
    def _fits(entry: _Alias, toks: list[_Tok], i: int) -> bool:
        size = len(entry.specs)
        if i + size > len(toks):
            return False
        for k in range(size):
            tok = toks[i + k]
            if not tok.matches(entry.specs[k]):
                return False
            if k and not _gap_ok(tok.gap, entry.gaps[k]):
                return False
        return True


def _person_run(toks: list[_Tok], j: int, limit: int = 4) -> int:
    """How many tokens from ``j`` on form a person's name ("аль-Фараби",
    "К.И. Сатпаева", "al-Farabi"): capitalised words, initials, hyphen-joined particles."""
    taken = 0
    has_cap = False
    while j + taken < len(toks) and taken < limit:
        tok = toks[j + taken]
        if taken and not (tok.gap in (" ", "-", ".", ". ", "\u2011") or (tok.gap.strip() == "." and len(tok.gap) <= 2)):
            break
        if tok.text[0].isupper():
            has_cap = True
        elif not (j + taken + 1 < len(toks) and toks[j + taken + 1].gap in _HYPHENS and len(tok.text) <= 3):
            break  # a lower-case word is only allowed as a particle: "аль-", "әл-", "al-"
        taken += 1
    return taken if has_cap else 0


def _named_after(text: str, toks: list[_Tok], i: int, j: int, start: int, end: int) -> tuple[int, int, int]:
    """Widen a match over "… имени аль-Фараби" / "named after …" / "Әл-Фараби атындағы …"."""
    n = len(toks)
    if j < n and end == toks[j - 1].end and _SPACE_GAP.fullmatch(toks[j].gap):
        word = toks[j].low
        after = j + 1
        if word in W.RU_NAMED_AFTER or (word == "named" and after < n and toks[after].low == "after"):
            after += 1 if word == "named" else 0
            if after < n and _SPACE_GAP.fullmatch(toks[after].gap.replace(".", "", 1)):
                run = _person_run(toks, after)
                if run:
                    end = toks[after + run - 1].end
                    j = after + run
    if i >= 2 and fold(toks[i - 1].text) in W.KK_NAMED_AFTER and _SPACE_GAP.fullmatch(toks[i].gap):
        k = i - 1
        # walk back over a person's name before "атындағы"
        first = k
        while first - 1 >= 0 and i - first < 5:
            prev = toks[first - 1]
            gap_ok = toks[first].gap in (" ", "-", ".", ". ", "\u2011")
            if not gap_ok or not (prev.text[0].isupper() or (toks[first].gap in _HYPHENS and len(prev.text) <= 3)):
                break
            first -= 1
        if first < k and toks[first].text[0].isupper() or (first < k and toks[first + 1].text[0].isupper()):
            start = toks[first].start
    return start, end, j


# --- Name patterns -------------------------------------------------------------------------


class _Word:
    """Tokens joined by hyphens or glued together ("Северо-Западного", "аль-Фараби")."""

    __slots__ = ("i0", "i1", "start", "end", "text", "gap", "low", "last", "cap", "latin", "digit")

    def __init__(self, toks: list[_Tok], i0: int, i1: int, text: str) -> None:
        self.i0, self.i1 = i0, i1
        self.start, self.end = toks[i0].start, toks[i1].end
        self.text = text[self.start:self.end]
        self.gap = toks[i0].gap
        self.last = toks[i1]
        first = self.text[0]
        if i0 == i1:
            self.low = self.last.low
            self.cap = first.isupper()
        else:
            self.low = fold(self.text)
            self.cap = first.isupper() or any(t.text[0].isupper() for t in toks[i0 + 1:i1 + 1])
        self.latin = first.isascii() or "\u00c0" <= first <= "\u024f"
        self.digit = first.isdigit()


def _words(toks: list[_Tok], text: str) -> list[_Word]:
    out: list[_Word] = []
    i0 = 0
    n = len(toks)
    for i in range(1, n + 1):
        # "Bremen-мен": a Kazakh ending hyphenated to a Latin name is no part of the name.
        joined = i < n and (toks[i].gap == "" or toks[i].gap in _HYPHENS) \
            and _is_cyrillic(toks[i].text[0]) == _is_cyrillic(toks[i - 1].text[0])
        if i == n or not joined:
            if n:
                out.append(_Word(toks, i0, i - 1, text))
            i0 = i
    return out


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    name: str
    kind: str
    adjectives: tuple[str, ...] = ()
    locate: bool = True  # look for a city in the name (not in quoted company names)


def _space(gap: str) -> bool:
    return bool(gap) and _SPACE_GAP.fullmatch(gap) is not None


def _titled(word: _Word) -> bool:
    return word.text[0].isupper()


def _en_name_word(word: _Word) -> bool:
    return word.latin and word.cap and not word.digit and word.low not in W.EN_STOPWORDS


def _surname_like(word: _Word) -> bool:
    # "Uzbek" ends like "Nurbek" but is a nationality.
    return word.cap and word.low.endswith(W.EN_SURNAME_ENDINGS) and not nationality(word.text, "en")


def _is_acronym(word: _Word) -> bool:
    letters = [c for c in word.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Folded country names (CLDR, several languages): a name's complement ends after
    one ("National Centre for Marine Studies of Portugal | Joana Sá Pereira")."""
    from babel import Locale  # noqa: PLC0415 - only when a name has a complement

    out: set[str] = set()
    for lang in ("en", "fr", "de", "it", "es"):
        for name in Locale.parse(lang).territories.values():
            if " " not in name:
                out.add(fold(name))
    return frozenset(out)


def _kind_modifier(word: str, lang: str) -> bool:
    """A word that alone before a head names a kind of institution, not one: a
    nationality ("Chinese University", "Российский университет", data) or a generic
    modifier ("State University", "национальный университет")."""
    low = fold(word)
    return low in W.GENERIC_MODIFIERS.get(lang, frozenset()) or bool(nationality(word, lang))


#: A German compound ending in a head ("Agraruniversität"), which no token key announces.
_COMPOUND_HEAD = re.compile(
    "(?:" + "|".join(e.replace("a", "[aä]") for e in W.COMPOUND_HEAD_ENDINGS) + r")\b", re.IGNORECASE)


def _compound_head(low: str) -> str | None:
    """The kind of a German compound's head ("Nasarbajew-Universität",
    "Agraruniversität", "Vormandel-Agraruniversität"), or None."""
    last = low.rsplit("-", 1)[-1]
    if "-" in low and last in W.EN_HEADS:
        return W.EN_HEADS[last]
    ending = next((e for e in W.COMPOUND_HEAD_ENDINGS if last.endswith(e) and len(last) > len(e) + 2), None)
    return (W.EN_HEADS.get(ending) or W.FR_HEADS.get(ending)) if ending else None


def _initial_gap(words: list[_Word], k: int) -> bool:
    """Whether the gap before word ``k`` is the full stop of an initial inside a name
    ("… Euroasiática L.N. Gumiliov", "… agrotechnique S. Seifoullin")."""
    return k > 0 and words[k].gap.strip() == "." and len(words[k - 1].text) == 1 \
        and words[k - 1].cap and words[k].cap


def _en_patterns(words: list[_Word], text: str) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(words)
    for h, w in enumerate(words):
        kind = W.EN_HEADS.get(w.low) if w.latin else None
        compound = False
        if kind is None and w.latin:
            kind = _compound_head(w.low)
            # "Nasarbajew-Universität" names itself; "Kasachische Nationale Agraruniversität"
            # is named by the words before it.
            compound = kind is not None and "-" in w.low
        if kind is None or not _titled(w) or (h and words[h - 1].low in W.EN_NOT_SCIENCE_BEFORE_HEAD
                                              and (words[h - 1].low, w.low) not in W.EN_SCIENCE_PAIRS):
            continue
        p = h
        first = w.low in W.HEAD_FIRST
        while p > 0 and h - p < 6 and _space(words[p].gap) and _en_name_word(words[p - 1]) \
                and not (first and words[p - 1].low in W.ARTICLES_BEFORE_HEAD):
            p -= 1  # … but "La Universidad de …": the article is not the name's
        last = h
        if h + 1 < n and _space(words[h + 1].gap) and (
            (h + 2 < n and words[h + 1].low in W.EN_COMPLEMENT_PREPOSITIONS)
            or (first and (_en_name_word(words[h + 1]) or words[h + 1].low in W.FOREIGN_CONNECTORS))
        ):
            k = h + 2 if words[h + 1].low in W.EN_COMPLEMENT_PREPOSITIONS else h + 1
            connectors = W.EN_CONNECTORS | W.FOREIGN_CONNECTORS if first else W.EN_CONNECTORS
            while k < n and k - h <= 10 and (_space(words[k].gap) or _initial_gap(words, k)):
                wk = words[k]
                if _en_name_word(wk) and wk.low in W.EN_HEADS and words[k - 1].low in connectors:
                    break  # "… Education and Science and the University of Kansas": the next name
                # An initial is a name word even when it spells "A" ("… E.A. Vormandov").
                if _en_name_word(wk) or (len(wk.text) == 1 and wk.cap and text[wk.end:wk.end + 1] == "."):
                    if k > h + 2 and _is_acronym(wk) and not _is_acronym(words[k - 1]):
                        break  # "Institute of Nuclear Physics RSE of the Ministry …"
                    if k + 1 < n and _surname_like(words[k + 1]) and _space(words[k + 1].gap) and last > h:
                        break  # "… Nuclear Reactions Sergey Sidorchuk"
                    last = k
                    if wk.low in _country_words() and not (k + 1 < n and words[k + 1].low in connectors):
                        break  # "… of Portugal Joana Sá Pereira": a person follows the country
                elif wk.low not in connectors:
                    break
                k += 1
        if p == h and last == h and not compound:
            continue  # "University" alone is never a name
        if p == h - 1 and last == h and _kind_modifier(words[p].text, "en"):
            continue  # "Chinese University", "State University": a kind, not a name
        start, end = words[p].start, words[last].end
        out.append(_Cand(start, end, text[start:end], kind))
    return out


def _company_suffix_end(words: list[_Word], s: int, text: str) -> tuple[int, int]:
    """Extend over "Co., Ltd." after the first legal-form word; (last word, end offset)."""
    e = s
    while e + 1 < len(words) and words[e + 1].low in W.COMPANY_SUFFIXES and words[e + 1].latin \
            and re.fullmatch(r"[.,]{0,2}\s?", words[e + 1].gap):
        e += 1
    end = words[e].end
    if words[e].low in W.COMPANY_ABBREVIATIONS and text[end:end + 1] == ".":
        end += 1
    return e, end


def _company_patterns(words: list[_Word], text: str) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(words)
    for s, w in enumerate(words):
        if w.latin and w.cap and w.low in W.COMPANY_SUFFIXES and s > 0:
            if out and out[-1].end > w.start:
                continue
            p = s
            while p > 0 and s - p < W.MAX_COMPANY_WORDS and _space(words[p].gap) and _en_name_word(words[p - 1]) \
                    and words[p - 1].low not in W.COMPANY_SUFFIXES:
                p -= 1
            if p == s:
                continue
            _, end = _company_suffix_end(words, s, text)
            out.append(_Cand(words[p].start, end, text[words[p].start:end], "company"))
        elif w.low.startswith(W.COMPANY_TRIGGERS) and s + 1 < n and _space(words[s + 1].gap):
            first = s + 1
            # "la société nationale KazMunayGas": lower-case adjectives before the name.
            while first < n and first - s <= 2 and not words[first].cap and _space(words[first].gap) \
                    and words[first].latin and words[first].low not in W.EN_STOPWORDS:
                first += 1
            if first > s + 1 and (first >= n or not words[first].cap):
                continue
            s_name = first - 1
            k = s_name + 1
            while k < n and k - s_name <= W.MAX_COMPANY_WORDS and (k == s_name + 1 or _space(words[k].gap)) \
                    and _en_name_word(words[k]) and words[k].low not in W.COMPANY_SUFFIXES:
                k += 1
            if k == s_name + 1:
                continue
            end = words[k - 1].end
            if k < n and words[k].low in W.COMPANY_SUFFIXES and words[k].latin and _space(words[k].gap):
                _, end = _company_suffix_end(words, k, text)
            start = words[s_name + 1].start
            out.append(_Cand(start, end, text[start:end], "company"))
        elif w.text in W.ORG_FORMS:
            m = re.match(r"[ \u00a0]*([«\"“])", text[w.end:w.end + 4])
            if not m:
                continue
            close = {"«": "»", '"': '"', "“": "”"}[m.group(1)]
            q = text.find(close, w.end + m.end(), w.end + m.end() + 120)
            if q < 0 or "\n" in text[w.end:q]:
                continue
            kind = "company"
            for tok in _TOKEN.findall(text[w.end:q]):
                hit = _HEAD_KINDS.get(_Tok(0, len(tok), tok, ""))
                if hit:
                    kind = str(hit[0])
            out.append(_Cand(w.start, q + 1, text[w.start:q + 1], kind, locate=False))
    return out


# Russian -----------------------------------------------------------------------------

_RU_HEADS = _Lexicon({lemma: (kind, gender, lemma) for lemma, (kind, gender) in W.RU_HEADS.items()})
_KK_HEADS = _Lexicon(dict(W.KK_HEADS))
_HEAD_KINDS = _Lexicon({**{w: k for w, (k, _) in W.RU_HEADS.items()}, **{w: k for w, (k, _) in W.KK_HEADS.items()}})
_RU_FIELDS = _Lexicon(dict.fromkeys(W.RU_FIELD_NOUNS, True))
_RU_GENERIC = _Lexicon(dict.fromkeys(W.RU_GENERIC_MODIFIERS, True))
_RU_REPUBLIC = _Lexicon({"республика": True})


def _ru_head(word: _Word) -> tuple[str, str, str] | None:
    if _RU_HEADS.keys.isdisjoint(word.last.keys) or not _is_cyrillic(word.last.text[0]):
        return None
    hit = _RU_HEADS.get(word.last)
    if hit is None or hit[1] in W.RU_PLURAL_TAILS:
        return None
    return hit[0]  # type: ignore[return-value]


def _ru_adjective(word: _Word) -> bool:
    low = fold(word.last.text)
    return _is_cyrillic(word.text[0]) and len(low) > 3 and low.endswith(_ADJ_ENDINGS)


def _ru_nominative(word: str, gender: str) -> str:
    """"Северо-Западного" -> "Северо-Западный" (agreeing with the head's gender)."""
    low = word.casefold()
    for end in _ADJ_ENDINGS:
        if low.endswith(end):
            stem = word[: -len(end)]
            soft = end in W.RU_SOFT_ADJECTIVE_ENDINGS or (stem[-1:].casefold() in W.RU_VELARS)
            hard_end, soft_end = W.RU_ADJECTIVE_NOMINATIVE[gender]
            return stem + (soft_end if soft else hard_end)
    return word


def _suspended_hyphen(words: list[_Word], k: int) -> bool:
    """Whether words[k] is the "и" of "тепло- и массообмена" (a hyphen left hanging)."""
    return words[k].low == "и" and words[k].gap.strip() in ("-", "‐", "‑")


def _ru_named_after(words: list[_Word], k: int) -> int:
    """Index after an "имени аль-Фараби" phrase starting at ``k`` (``k`` if none)."""
    if k >= len(words) or words[k].low.rstrip(".") not in W.RU_NAMED_AFTER or not _space(words[k].gap):
        return k
    j = k + 1
    if j < len(words) and words[j].low.rstrip(".") in W.RU_NAMED_AFTER_TITLES and _space(words[j].gap):
        j += 1  # "имени академика …"
    first = j
    named = False  # a name (not an initial) was read: an adjective after it opens the next name
    while j < len(words) and j - k <= 6 and words[j].cap and not words[j].digit \
            and (j == first or _space(words[j].gap)
                 or (words[j].gap.strip() == "." and len(words[j - 1].text) == 1 and "\n" not in words[j].gap)):
        if named and _ru_adjective(words[j]):
            break  # "имени М. М. Адышева Национальной академии …": the academy is another name
        named = named or len(words[j].text) > 1
        j += 1
    return j if j > first else k


def _ru_patterns(words: list[_Word], text: str) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(words)
    for h, w in enumerate(words):
        head = _ru_head(w)
        if head is None:
            continue
        kind, gender, lemma = head
        # Adjectives before the head; the leftmost kept one must be capitalised.
        p = h
        while p > 0 and h - p < 4 and _space(words[p].gap) and _ru_adjective(words[p - 1]):
            p -= 1
        while p < h and not words[p].cap:
            p += 1
        if p < h and _RU_GENERIC.get(words[p].last) and words[p].i0 == words[p].i1:
            p += 1
            while p < h and not words[p].cap:
                p += 1
        prefixed = p < h
        if not prefixed and not _titled(w):
            continue
        # "Японский институт химии и материалов": a nationality alone before the
        # head says whose it is; the name proper follows as genitive complements.
        kind_prefix = p == h - 1 and words[p].i0 == words[p].i1 and _kind_modifier(words[p].text, "ru")
        # So does a nationality opening a longer prefix ("Корейский научно-исследовательский
        # институт химической технологии").
        # A single adjective of a town does too ("Сианьский университет иностранных языков").
        national_prefix = kind_prefix or (p < h and words[p].i0 == words[p].i1 and bool(nationality(words[p].text, "ru"))) \
            or (p == h - 1 and words[p].cap and words[p].i0 == words[p].i1)
        # What follows the head.
        k = h + 1
        caps = 0
        cap_limit = 1 if prefixed else 2
        last = h
        while k < n and k - h <= 8 and (_space(words[k].gap) or _suspended_hyphen(words, k)):
            wk = words[k]
            after = _ru_named_after(words, k)
            if after > k:
                last = after - 1
                break
            if wk.cap and _ru_adjective(wk) and k + 1 < n and _space(words[k + 1].gap) \
                    and words[k + 1].low.startswith(W.RU_REGION_NOUNS):
                last = k + 1  # "… Омской области", "… Алтайского края"
                break
            if wk.cap and not caps and _ru_adjective(wk) and k + 1 < n and _space(words[k + 1].gap):
                # "… университета Северного Зауралья", "… Южного Урала", "Центр изучения
                # Великого Шелкового пути": capitalised adjectives and the noun they qualify.
                j = k + 1
                while j < n and j - k < 3 and words[j].cap and _ru_adjective(words[j]) and _space(words[j].gap):
                    j += 1
                nxt = words[j] if j < n else None
                if nxt is not None and _space(nxt.gap) and not _ru_adjective(nxt) and not _ru_head(nxt) \
                        and nxt.low.endswith(W.RU_GENITIVE_ENDINGS) and (nxt.cap or j > k + 1):
                    last = j
                    break
            if wk.cap:
                if caps >= cap_limit or _ru_adjective(wk) or _ru_head(wk) or wk.digit:
                    break
                caps += 1
                if _RU_REPUBLIC.get(wk.last):
                    cap_limit = caps + 1  # "… Республики Таджикистан", then stop
                last = k
            elif wk.low == "и":
                if k + 1 >= n or words[k + 1].cap:
                    break  # "… института и Ассоциации": "и" joins another name
            elif _RU_FIELDS.get(wk.last):
                last = k
            elif k + 2 < n and _suspended_hyphen(words, k + 1) and _is_cyrillic(wk.text[0]):
                last = k  # "Институт тепло- и массообмена": the first half of two compounds
            elif (not prefixed or national_prefix) and not caps and _is_cyrillic(wk.text[0]) \
                    and wk.low not in W.RU_STOPWORDS \
                    and wk.low.endswith(W.RU_GENITIVE_ENDINGS) and not wk.low.endswith(W.RU_VERB_ENDINGS):
                last = k
            else:
                break
            k += 1
        if not prefixed and last == h:
            continue  # "Университет" alone is never a name
        if kind_prefix and last == h:
            continue  # "Российский университет": a kind, not a name
        parts = [_ru_nominative(words[q].text, gender) for q in range(p, h)]
        head_text = lemma.capitalize() if _titled(w) else lemma
        if w.i0 != w.i1:  # hyphenated head word: keep its first part
            head_text = text[w.start:w.last.start] + lemma
        parts.append(head_text)
        if last > h:
            parts.append(text[words[h + 1].start:words[last].end])
        start, end = words[p].start, words[last].end
        adjectives = tuple(words[q].text for q in range(p, h) if words[q].cap)
        out.append(_Cand(start, end, " ".join(parts), kind, adjectives))
    return out


# Kazakh ------------------------------------------------------------------------------


def _kk_head(word: _Word) -> tuple[str, str] | None:
    if _KK_HEADS.keys.isdisjoint(word.last.keys) or not _is_cyrillic(word.last.text[0]):
        return None
    hit = _KK_HEADS.get(word.last)
    if hit is None:
        return None
    head, tail = hit
    if any(m in tail for m in W.KK_PLURAL_MARKERS):
        return None
    if not tail and word.last.low in W.KK_HEADS_NEED_ENDING:
        return None
    return head  # type: ignore[return-value]


def _kk_modifier(word: _Word) -> bool:
    if word.digit or word.low in W.KK_STOPWORDS:
        return False
    if word.low in W.KK_NAMED_AFTER:
        return True
    if word.low.endswith(W.KK_RELATIONAL_ENDINGS):
        return False
    if word.low.endswith(W.KK_PLURAL_MARKERS) and _is_cyrillic(word.text[0]):
        return False  # "Қонақтар университеттің …": a plural noun is the subject, not a name's word
    if not word.cap and word.low.endswith(W.KK_PARTICIPLE_ENDINGS) and "-" not in word.text and len(word.low) >= 5:
        return False  # "Шараны ашқан … министрлігі": a participle opens a clause, not a name
    return not (_is_cyrillic(word.text[0]) and _kk_head(word) is not None)


def _kk_plural_inside_name(words: list[_Word], k: int) -> bool:
    """Whether words[k] is a lower-case plural noun right after a capitalised name word
    ("Сукмён әйелдер университеті" = Sookmyung Women's University), not a subject."""
    w, before = words[k], words[k - 1]
    return not w.cap and w.low.endswith(W.KK_PLURAL_MARKERS) and _is_cyrillic(w.text[0]) \
        and before.cap and _kk_modifier(before) and w.low not in W.KK_STOPWORDS


_QUOTE_PAIRS = {"»": "«", "”": "“", '"': '"'}


def _with_opening_quote(text: str, start: int, end: int) -> int:
    """Where a name starts once the quotation mark that opens it is included: a name
    ending a quotation inside it ("«Вормандель» ұлттық агенттігі") opens with it."""
    inner = text[start:end]
    for close, opener in _QUOTE_PAIRS.items():
        if inner.count(close) > inner.count(opener) - (close == opener and inner.count(opener) % 2):
            k = start - 1
            while k >= 0 and text[k] in " \u00a0":
                k -= 1
            if k >= 0 and text[k] == opener:
                return k
    return start


def _kk_patterns(words: list[_Word], text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for h, w in enumerate(words):
        head = _kk_head(w)
        if head is None:
            continue
        kind, base = head
        p = h
        gap = words[h].gap.strip()
        if gap == ")" and h > 1:
            # "STAR (Space Sciences, …) институтымен": the acronym before the brackets names it.
            k = h - 1
            while k > 0 and h - k < 12 and "(" not in words[k].gap and ")" not in words[k].gap:
                k -= 1
            if words[k].gap.strip() == "(" and k > 0 and words[k - 1].cap:
                p = k - 1
        while p > 0 and h - p < 8 and _space(words[p].gap.strip("«»\"“”")):
            if _kk_modifier(words[p - 1]):
                p -= 1
            elif p > 1 and _kk_plural_inside_name(words, p - 1) and _space(words[p - 1].gap):
                p -= 2  # "Сукмён әйелдер университеті": a plural noun after a proper name is the name's
            elif words[p - 1].low == "және" and p > 1 and _space(words[p - 1].gap) and _kk_modifier(words[p - 2]) \
                    and not words[p].cap:
                # "… Геология және минералогия институты": "және" joins two modifiers of
                # one name (a capitalised word after it starts another name instead).
                p -= 2
            else:
                break
        while p < h and not words[p].cap:
            p += 1
        if p < h and words[p].low in W.KK_GENERIC_MODIFIERS:
            p += 1
            while p < h and not words[p].cap:
                p += 1
        if p == h or (p == h - 1 and _kind_modifier(words[p].text, "kk")):
            continue  # "Қазақстандық университет": a kind, not a name
        head_text = base.capitalize() if _titled(w) else base
        start, end = words[p].start, w.end
        start = _with_opening_quote(text, start, w.start)
        name = text[start:w.start] + text[w.start:w.last.start] + head_text
        adjectives = tuple(words[q].text for q in range(p, h) if words[q].cap)
        out.append(_Cand(start, end, " ".join(name.split()), kind, adjectives))
    return out


# French ------------------------------------------------------------------------------


def _fr_adjective(word: _Word) -> bool:
    # "Centre national", "Agence spatiale", and nationality adjectives that do not end
    # like one ("l'Université kazakhe nationale pédagogique Abaï").
    return not word.cap and (word.low.endswith(W.FR_ADJECTIVE_SUFFIXES) or bool(nationality(word.text, "fr")))


def _after_et(words: list[_Word], k: int) -> bool:
    """Whether words[k] opens another name after "et": an abbreviation ("et VCRC …"), or
    any capitalised word after "et" and an article ("et l'…", "et la …")."""
    j = k - 1
    article = False
    while j > 0 and words[j].low in ("l", "la", "le", "les"):
        article, j = True, j - 1
    if words[j].low != "et":
        return False
    text = words[k].text
    # … or any capitalised word when a proper name closes the first: "… S. Seifoullin et
    # Vormandel International".
    return article or (len(text) >= 2 and text.isupper()) or (j > 0 and words[j - 1].cap)


def _fr_adjective_list(words: list[_Word], k: int) -> bool:
    """Whether words[k:] go on as a list of lower-case adjectives closed by "et …"
    (", ottomanes, balkaniques et centrasiatiques")."""
    for j in range(k, min(len(words), k + 6)):
        wj = words[j]
        if wj.cap or wj.digit or not (j == k or _space(wj.gap) or wj.gap.strip() == ","):
            return False
        if wj.low == "et":
            return j > k and j + 1 < len(words) and not words[j + 1].cap and _space(words[j + 1].gap)
        if j > k and _space(wj.gap):
            return False  # two words without a comma or "et": not a list of adjectives
    return False


_QUOTED = re.compile(r"[ \u00a0]*([«\"“])[ \u00a0]*([^«»\"“”\n]{2,60}?)[ \u00a0]*[»\"”]")


def _fr_patterns(words: list[_Word], text: str) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(words)
    for h, w in enumerate(words):
        kind = W.FR_HEADS.get(w.low) if w.latin else None
        lead = h > 0 and words[h - 1].cap and words[h - 1].low in W.FR_HEAD_ADJECTIVES and _space(w.gap)
        if kind is None or not (_titled(w) or lead):
            continue
        if lead:
            w = words[h - 1]  # "Haute école d'ingénierie …": the name opens with the adjective
        k = h + 1
        last = h
        pending = 0
        linked = False  # a "de/du/des/l'" is pending: a lower-case noun may follow
        caps = content = 0
        in_list = False  # inside ", ottomanes, balkaniques et …"
        while k < n and k - h <= 12:
            wk = words[k]
            gap = wk.gap
            listed = gap.strip() == "," and last == k - 1 and k - 1 > h and not wk.cap \
                and (in_list or _fr_adjective(words[k - 1])) and _fr_adjective_list(words, k)
            closes_list = in_list and pending == 1 and words[k - 1].low == "et" and not wk.cap and not wk.digit
            initial = _initial_gap(words, k)
            if not (_space(gap) or gap in ("'", "’") or listed or initial):  # "… agrotechnique S. Seifoullin"
                break  # a comma ends the name, unless it lists adjectives ("études turques, ottomanes …")
            if wk.low in W.FR_CONNECTORS:
                pending += 1
                linked = linked or wk.low in W.FR_LINKING_PREPOSITIONS
            elif wk.cap and wk.low in W.FR_HEADS:
                break  # "… et l'Agence spatiale européenne" is the next name
            elif wk.cap and pending and _after_et(words, k):
                break  # "… de Pavlodar et VCRC …", "… Goumilev et l'ISPV": the next name
            elif wk.cap and not wk.digit:
                last, pending, linked, caps, content = k, 0, False, caps + 1, content + 1
            elif wk.digit and last == k - 1 and caps:
                last = k  # "Université Claude Bernard Lyon 1"
            elif (linked and not wk.digit) or (not pending and (_fr_adjective(wk) or listed)) or closes_list:
                last, pending, linked, content = k, 0, False, content + 1
                in_list = listed
            else:
                break
            k += 1
        end = words[last].end
        quoted = _QUOTED.match(text, end)
        if quoted and (last == h or content) and quoted.group(2)[:1].isupper():
            end, caps = quoted.end(), caps + 1  # "Fondation publique « Ilim-Nury »"
        if end == w.end or (not caps and content < 2):
            continue
        start = w.start
        out.append(_Cand(start, end, text[start:end], kind))
    return out


_PATTERNS = {
    "en": (_en_patterns, _company_patterns),
    "ru": (_ru_patterns, _en_patterns, _company_patterns),
    "kk": (_kk_patterns, _en_patterns, _company_patterns),
    "fr": (_fr_patterns, _en_patterns, _company_patterns),
}
_ALL_PATTERNS = (_en_patterns, _ru_patterns, _kk_patterns, _fr_patterns, _company_patterns)


# --- Places and ids of pattern institutions -------------------------------------------------

from kzatlas.extract.rules.translit import TRANSLATE_TABLE as _TRANSLIT  # noqa: E402 - the one table


def _slug(name: str) -> str:
    s = fold(name).translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:80] or "unnamed"


_LOCATIONS: dict[tuple[int, str, str, tuple[str, ...]], tuple[str, str]] = {}


def _locate(places: "PlaceIndex | None", name: str, lang: str, adjectives: tuple[str, ...]) -> tuple[str, str]:
    """(city, country code) of a pattern institution from a place its name contains."""
    if places is None:
        return "", ""
    key = (id(places), name, lang, adjectives)
    hit = _LOCATIONS.get(key)
    if hit is not None:
        return hit
    city = country = ""
    try:
        if lang in ("ru", ""):
            for adj in adjectives:
                place = places.city_from_adjective(adj, "ru")
                if place is not None:
                    if place.precision == "city":
                        city, country = place.name, place.country_code
                        break
                    country = country or place.country_code
        if not city:
            found = places.find(name, lang or "en", country_adjectives=True)
            # A country the name states ("… of the Republic of Korea") rules out a city
            # elsewhere that a word of the name happens to spell ("Basic").
            stated = {m.place.country_code for m in found if m.place.precision == "country"}
            for mention in found:
                if mention.place.precision == "city":
                    if stated and mention.place.country_code not in stated:
                        continue
                    if nationality(mention.text, lang):
                        continue  # a nationality word that also spells a town ("Kazak", "Русский")
                    if " " not in mention.text and head_kind(mention.text, lang):
                        continue  # the name's head noun that also spells a town ("Universidad")
                    city, country = mention.place.name, mention.place.country_code
                    break
                country = country or mention.place.country_code
    except Exception:  # noqa: BLE001 - a place lookup failure must not lose the institution
        city, country = "", ""
    if len(_LOCATIONS) > 50000:
        _LOCATIONS.clear()
    _LOCATIONS[key] = (city, country)
    return city, country


def _trigger_keys() -> frozenset[str]:
    """Token keys of every word a pattern is anchored on (heads, company markers)."""
    keys: set[str] = set(W.EN_HEADS) | set(W.FR_HEADS) | set(W.COMPANY_SUFFIXES) | {"company", "firm"}
    keys |= {_exact(form) for form in W.ORG_FORMS}
    for lexicon in (_RU_HEADS, _KK_HEADS):
        keys |= lexicon.keys
    keys |= {"~" + fold(t)[:3] for t in W.COMPANY_TRIGGERS}
    keys |= {fold(t) for t in W.COMPANY_TRIGGERS if t.isascii()}  # Latin words have no stem keys
    return frozenset(keys)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


_TRIGGER_KEYS = _trigger_keys()


#: "… of Lyon and Satbayev University": a conjunction before the curated name makes it
#: another party, not the parent of the name before it.
_CONJUNCTION_BEFORE = re.compile(r"\s(?:and|et|und|и|мен|пен|бен|e|y|ve)\s*$", re.IGNORECASE)
def _before_conjoined(cand: _Cand, found: list[InstitutionMention], text: str) -> _Cand:
    """A name run on into a curated name after "and" ("Vormandel Institute of Lyon and
    Satbayev University") ends before the conjunction."""
    for m in found:
        if cand.start < m.span[0] < cand.end:
            conj = _CONJUNCTION_BEFORE.search(text[cand.start:m.span[0]])
            if conj:
                end = cand.start + conj.start()
                cut = len(text[cand.start:end].rstrip())
                if cut > 0 and cand.name == text[cand.start:cand.end]:  # names written as found (en, fr, de …)
                    return _Cand(cand.start, cand.start + cut, text[cand.start:cand.start + cut], cand.kind,
                                 cand.adjectives, cand.locate)
    return cand


#: Kinds of institution that have institutes of their own.
_PARENT_KINDS = frozenset({"academy", "university", "government"})


def find_institutions(text: str, lang: str, gazetteer: Gazetteer,
                      places: "PlaceIndex | None" = None) -> list[InstitutionMention]:
    """Gazetteer matches plus institutions caught by name patterns (source
    'pattern', id 'x-<slug>'), non-overlapping and sorted by span. Without
    ``places`` pattern institutions get no city/country."""
    toks = _tokenize(text)
    found = gazetteer._find(text, toks)
    trigger = _TRIGGER_KEYS.isdisjoint
    if all(trigger(tok.keys) for tok in toks) and not _COMPOUND_HEAD.search(text):
        return found  # no head noun or company marker: no pattern can match
    words = _words(toks, text)
    taken = [m.span for m in found]
    cands: list[_Cand] = []
    for finder in _PATTERNS.get(lang, _ALL_PATTERNS):
        cands.extend(finder(words, text))
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    for cand in cands:
        parent = None
        cand = _before_conjoined(cand, found, text)
        if _overlaps(cand.start, cand.end, taken):
            # "Институт проблем механики … РАН": a curated parent's acronym closing a longer
            # name is that name's affiliation; the longer name is the institution.
            # Or a parent's one-word name opening it: "Fraunhofer Institute for … Research".
            # Or a parent's whole name closing it: "Институт геологии имени … Национальной
            # академии наук …" is the institute, of that academy.
            inner = [m for m in found if cand.start <= m.span[0] and m.span[1] <= cand.end
                     and (m.span[0], m.span[1]) != (cand.start, cand.end)
                     and ((m.span[1] == cand.end and m.text.isupper() and len(m.text) <= 6)
                          or (m.span[1] == cand.end and m.span[0] > cand.start
                              and m.institution.kind in _PARENT_KINDS
                              and any(head_kind(w, lang) for w in _TOKEN.findall(text[cand.start:m.span[0]]))
                              and not _CONJUNCTION_BEFORE.search(text[cand.start:m.span[0]]))
                          or (m.span[0] == cand.start and " " not in m.text.strip()))]
            others = [sp for sp in taken if sp not in [m.span for m in inner]]
            if not inner or _overlaps(cand.start, cand.end, others):
                continue
            parent = inner[0].institution
            found = [m for m in found if m not in inner]
            taken = others
        name = " ".join(cand.name.split())
        city, country = _locate(places if cand.locate else None, name, lang, cand.adjectives)
        if parent is not None and not country:
            city, country = parent.city, parent.country_code
        inst = Institution(id="x-" + _slug(name), name=name, kind=cand.kind, city=city, country_code=country,
                           lat=None, lon=None, aliases=(), notes="found by name pattern")
        found.append(InstitutionMention(institution=inst, text=text[cand.start:cand.end],
                                        span=(cand.start, cand.end), source="pattern"))
        taken.append((cand.start, cand.end))
    found.sort(key=lambda m: m.span)
    return _under_parents(found, text)


def _under_parents(found: list[InstitutionMention], text: str) -> list[InstitutionMention]:
    """A found name right before a curated academy, university or ministry in the genitive
    ("Институт геологии имени … Национальной академии наук Кыргызской Республики") is
    that body's institute: it sits in the parent's country (and city, if it has none)."""
    out = list(found)
    for i in range(len(out) - 1):
        m, nxt = out[i], out[i + 1]
        inst = m.institution
        if m.source != "pattern" or inst.country_code or nxt.source != "gazetteer" \
                or nxt.institution.kind not in _PARENT_KINDS or text[m.span[1]:nxt.span[0]].strip():
            continue
        parent = nxt.institution
        placed = Institution(id=inst.id, name=inst.name, kind=inst.kind, city=parent.city,
                             country_code=parent.country_code, lat=None, lon=None, aliases=(),
                             notes="found by name pattern")
        out[i] = InstitutionMention(institution=placed, text=m.text, span=m.span, source=m.source)
    return out


@functools.lru_cache(maxsize=65536)
def head_kind(word: str, lang: str) -> str | None:
    """The institution kind a head noun names ("Institute" -> research_centre,
    "университет" -> university, "Университеті" -> university), or None. Singular forms
    only: "the two universities" refers to no one institution. (Cached: words repeat.)"""
    if not word:
        return None
    low = fold(word)
    if low in W.EN_HEADS:
        return W.EN_HEADS[low]
    if low in W.FR_HEADS:
        return W.FR_HEADS[low]
    tok = _Tok(0, len(word), word, "")
    for lexicon, plural in ((_RU_HEADS, W.RU_PLURAL_TAILS), (_KK_HEADS, ())):
        if lexicon.keys.isdisjoint(tok.keys):
            continue
        hit = lexicon.get(tok)
        if hit is not None:
            value, tail = hit
            if tail in plural or any(m in tail for m in W.KK_PLURAL_MARKERS):
                return None
            return value[0] if isinstance(value, tuple) else str(value)
    return None
