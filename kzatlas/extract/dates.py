"""Find dates and periods in English, Russian, Kazakh and French news text and
resolve them to calendar periods. General-purpose parsers misread our material
("13–14 июня" as 13 June 2014, Kazakh "наурызда" as June), so this is a small rule
layer: CLDR month names (via Babel) inflected by the rules in
:mod:`kzatlas.extract.rules.date_words`, a handful of date shapes per language, relative
expressions anchored on the publication date, and year inference for day/month
dates without a year. It never invents a year: without a publication date such
dates keep month/day and ``basis='year_unknown'``. A date is ``planned`` when a
future marker of its sentence speaks for it or it lies after publication. For
speed, plain substring search locates anchors (numbers, month words, relative
phrases) and the date shapes are only tried there; a sentence with no digit and
no date word costs a few substring tests."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from kzatlas.extract.rules import date_words as W
from kzatlas.models import DateMention

LANGS: tuple[str, ...] = ("en", "ru", "kk", "fr")
DEFAULT_LANG = "en"

_SP = r"[ \t\u00a0\u202f]+"
_SPO = r"[ \t\u00a0\u202f]*"
_LB = r"(?<![^\W\d_])"  # not preceded by a letter
_LA = r"(?![^\W\d_])"  # not followed by a letter
_DASH = "[" + "".join(re.escape(c) for c in W.RANGE_DASHES) + "]"
_I = re.IGNORECASE


def _alt(words: tuple[str, ...] | list[str], escape: bool = True) -> str:
    """Alternation of words, longest first so that "годы" wins over "год"."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


# --- Month vocabulary ------------------------------------------------------------


@dataclass(frozen=True)
class _MonthForm:
    month: int
    abbreviated: bool
    suffix: str  # inflectional ending added to the CLDR name ("" for CLDR's own forms)


@lru_cache(maxsize=None)
def _cldr_months(locale: str) -> tuple[tuple[int, str, bool, str], ...]:
    """(month, lowercase name, abbreviated, context) from every CLDR width and context, wide first."""
    out: list[tuple[int, str, bool, str]] = []
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for num, name in get_month_names(width, context=context, locale=locale).items():
                out.append((int(num), name.lower(), width == "abbreviated", context))
    return tuple(out)


def _fold_accents(s: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


@dataclass(frozen=True)
class _MonthVocab:
    forms: dict[str, _MonthForm]  # lowercase form -> month
    regex: str  # matches any form (no capture group)
    triggers: tuple[str, ...]  # lowercase substrings for the prefilter


def _build_month_vocab(lang: str) -> _MonthVocab:
    forms: dict[str, _MonthForm] = {}
    groups: list[tuple[list[str], tuple[str, ...]]] = []  # (stems, suffixes) for the regex
    abbrevs: list[str] = []

    def add(form: str, month: int, abbreviated: bool, suffix: str = "") -> None:
        if form and (form not in forms or (forms[form].abbreviated and not abbreviated)):
            forms[form] = _MonthForm(month, abbreviated, suffix)

    cldr = _cldr_months(W.MONTH_LOCALES[lang])
    full = [(month, name) for month, name, abbreviated, _ in cldr if not abbreviated]
    full_names = {name for _, name in full}
    for month, name, abbreviated, _ in cldr:
        if abbreviated and name not in full_names:
            stem = name.rstrip(".")
            add(stem, month, True)
            add(stem + ".", month, True)
            abbrevs += [stem, stem + "."]
    for stem, month in W.EXTRA_ABBREVIATIONS[lang].items():
        add(stem, month, True)
        add(stem + ".", month, True)
        abbrevs += [stem, stem + "."]

    if lang == "ru":
        # Stems come from the nominative (stand-alone) names: январь -> январ-, март -> март-.
        soft, hard = [], []
        for month, name, abbreviated, context in cldr:
            if abbreviated or context != "stand-alone":
                continue
            if name.endswith(W.RU_SOFT_ENDINGS):
                soft.append(name[:-1])
                for suf in W.RU_SOFT_SUFFIXES:
                    add(name[:-1] + suf, month, False, suf)
            else:
                hard.append(name)
                for suf in W.RU_HARD_SUFFIXES:
                    add(name + suf, month, False, suf)
        for month, name in full:  # CLDR genitives such as "января" are among the forms already
            add(name, month, False)
        names = [name for _, name in full]
        groups = [(soft, W.RU_SOFT_SUFFIXES), (hard, W.RU_HARD_SUFFIXES), (names, ("",))]
    elif lang == "kk":
        stems = sorted({name for _, name in full})
        for month, name in full:
            for suf in W.KK_MONTH_SUFFIXES:
                add(name + suf, month, False, suf)
        groups = [(stems, W.KK_MONTH_SUFFIXES)]
    else:
        names = []
        for month, name in full:
            add(name, month, False)
            names.append(name)
            if lang in W.ACCENT_FOLD_LANGS:
                add(_fold_accents(name), month, False)
                names.append(_fold_accents(name))
        if lang in W.ACCENT_FOLD_LANGS:
            for form, mf in list(forms.items()):
                if mf.abbreviated:
                    add(_fold_accents(form), mf.month, True)
                    abbrevs.append(_fold_accents(form))
        groups = [(names, ("",))]

    parts = []
    for stems, suffixes in groups:
        if stems:
            sufs = [s for s in suffixes if s]
            parts.append(_alt(stems) + (_alt(sufs) + "?" if sufs else ""))
    # Abbreviations with their dot must be tried before the dotless form.
    parts.append(_alt(abbrevs))
    # Letter boundary after forms that end in a letter; a dotted abbreviation ends itself.
    regex = _LB + "(?:" + "|".join(parts) + r")(?:(?<=\.)|" + _LA + ")"

    # Substrings that locate month words: the common prefix of a month's full forms
    # (or the forms themselves when that is too short: май/мая/мае). Abbreviations
    # need a day before them except in English ("Oct 5, 2023"), so only English adds them.
    triggers: set[str] = set()
    for month in range(1, 13):
        mforms = [f for f, mf in forms.items() if mf.month == month and not mf.abbreviated]
        prefix = _common_prefix(mforms)
        if len(prefix) >= 3:
            triggers.add(prefix)
        else:
            triggers.update(mforms)
        if lang == "en":
            triggers.update(f[:3] for f, mf in forms.items() if mf.month == month and mf.abbreviated)
    # Drop triggers that contain another one: the shorter finds them all.
    minimal = {t for t in triggers if not any(o != t and o in t for o in triggers)}
    return _MonthVocab(forms, regex, tuple(sorted(minimal)))


def _common_prefix(words: list[str]) -> str:
    if not words:
        return ""
    lo, hi = min(words), max(words)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[:n]


# --- Compiled rules per language ---------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    lang: str
    months: _MonthVocab
    month_word: re.Pattern[str]
    rel: re.Pattern[str]
    digit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    month_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    relative: tuple[tuple[str, int, str], ...]  # per relative rule: unit, offset, precision
    rel_before_offsets: tuple[int, ...]
    rel_after_offsets: tuple[int, ...]
    year_context: re.Pattern[str]
    month_context: re.Pattern[str]
    tense_before: re.Pattern[str] | None
    tense_after: re.Pattern[str] | None
    tense_words: dict[str, str]
    future: re.Pattern[str]  # whole-word markers, matched on lowercased text
    future_suffix: re.Pattern[str] | None  # future word endings, matched on lowercased text
    future_suffix_stems: dict[str, int]
    rel_triggers: tuple[str, ...]


_NOT_DECADE = "(?!" + _alt(W.DECADE_ENDINGS) + _LA + ")"


def _year(name: str) -> str:
    # A 4-digit number that is not part of a longer number, a decimal ("3.2024")
    # or followed by a space-grouped thousand ("2024 500").
    return (
        rf"(?<!\d)(?<!\d[.,])(?P<{name}>\d{{4}})(?!\d)(?![.,]\d)(?![ \u00a0\u202f]\d{{3}}(?!\d))"
        + _NOT_DECADE
    )


def _day(name: str, lang: str) -> str:
    sufs = W.DAY_SUFFIXES[lang]
    suffix = "(?:" + _alt(sufs) + _LA + ")?" if sufs else ""
    # Not the tail of a decimal, time or code ("5.5", "9:30", "1/2"), not a decimal itself.
    return rf"(?<![\d.,:/])(?P<{name}>[0-3]?\d)(?!\d)(?![.,:]\d)" + suffix


def _context_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(_LB + _alt(words) + _SPO + r"$", _I)


def _build_rules(lang: str) -> _Rules:
    mv = _build_month_vocab(lang)
    mon = lambda name: f"(?P<{name}>{mv.regex})"  # noqa: E731 - tiny local helper
    yw_words = W.YEAR_WORDS[lang]
    yw_req = rf"{_SPO}-?{_SPO}{_alt(yw_words)}(?:(?<=\.)|{_LA})" if yw_words else ""
    yw_opt = f"(?:{yw_req})?" if yw_words else ""
    rng_words = W.RANGE_WORDS[lang]
    rng = f"(?:{_SPO}{_DASH}{_SPO}" + (f"|{_SP}{_alt(rng_words)}{_SP}" if rng_words else "") + ")"
    links = W.DAY_MONTH_LINKS[lang]
    link = f"(?:{_SPO}-{_SPO}|{_SP}" + (f"(?:{_alt(links)}{_SP})?" if links else "") + ")"
    ysep = rf",?{_SP}"
    tail_year = f"(?:{ysep}{_year('y')}{yw_opt})?"

    digit: list[tuple[str, str]] = [
        ("iso", r"(?<![\d./-])(?P<y>\d{4})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)(?![.,]\d)"),
        ("num", r"(?<![\d./-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?!\d)(?![.,]\d)"),
        ("xrange", _day("d1", lang) + link + mon("m1") + rng + _day("d2", lang) + link + mon("m2") + tail_year),
        ("drange", _day("d1", lang) + rng + _day("d2", lang) + link + mon("m1") + tail_year),
        ("dmy", _day("d1", lang) + link + mon("m1") + tail_year),
        ("yrange", _year("y") + f"{_SPO}{_DASH}{_SPO}" + _year("y2") + yw_opt),
        ("y", _year("y") + yw_opt),
    ]
    if lang == "kk":
        first = rf"{_SPO}-?{_SPO}{_alt(W.KK_YEAR_FIRST_WORDS)}(?:(?<=\.)|{_LA}){_SP}"
        digit.insert(2, ("kk_ydm", _year("y") + first + _day("d1", lang) + f"(?:{_SP}|{_SPO}-{_SPO})" + mon("m1")))
        digit.insert(3, ("kk_ym", _year("y") + first + mon("m1") + f"(?:{_SP}{W.KK_MONTH_WORD}{_LA})?"))

    month: list[tuple[str, str]] = []
    if lang == "en":
        month.append(("mday", mon("m1") + _SP + _day("d1", lang) + f"(?:{rng}{_day('d2', lang)})?" + tail_year))
    month.append(("mymy", mon("m1") + ysep + _year("y") + rng + mon("m2") + ysep + _year("y2") + yw_opt))
    month.append(("mmy", mon("m1") + rng + mon("m2") + ysep + _year("y") + yw_opt))
    month.append(("my", mon("m1") + ysep + _year("y") + yw_opt))
    after = W.RELATIVE_YEAR_AFTER_MONTH[lang]
    if after:
        alts = "|".join(f"(?P<ra{i}>{frag})" for i, (frag, _) in enumerate(after))
        month.append(("mrel_after", mon("m1") + _SP + f"(?:{alts})" + _LA))
    month.append(("m", mon("m1") + (f"(?:{_SP}(?P<aiword>{W.KK_MONTH_WORD}){_LA})?" if lang == "kk" else "")))

    # Relative phrases: one alternation, each rule in its own named group.
    nums = "|".join(sorted(W.NUMBER_WORDS[lang], key=len, reverse=True))
    rel_parts, rel_rules = [], []
    for i, (phrase, unit, offset, precision) in enumerate(W.RELATIVE[lang]):
        frag = phrase.replace("{n}", rf"(?P<n{i}>\d{{1,2}}|{nums})")
        rel_parts.append(f"(?P<r{i}>{frag})")
        rel_rules.append((unit, offset, precision))
    before = W.RELATIVE_YEAR_BEFORE_MONTH[lang]
    for i, (frag, _) in enumerate(before):
        rel_parts.insert(0, f"(?P<rb{i}>(?:{frag}){_SP}{mon(f'mb{i}')})")

    tb = W.MONTH_TENSE_BEFORE[lang]
    ta = W.MONTH_TENSE_AFTER[lang]
    return _Rules(
        lang=lang,
        months=mv,
        month_word=re.compile(mv.regex, _I),
        rel=re.compile(_LB + "(?P<rel>" + "|".join(rel_parts) + ")" + _LA, _I),
        digit_patterns=tuple((k, re.compile(p, _I)) for k, p in digit),
        month_patterns=tuple((k, re.compile(p, _I)) for k, p in month),
        relative=tuple(rel_rules),
        rel_before_offsets=tuple(off for _, off in before),
        rel_after_offsets=tuple(off for _, off in after),
        year_context=_context_regex(W.YEAR_CONTEXT_BEFORE[lang]),
        month_context=_context_regex(W.MONTH_CONTEXT_BEFORE[lang]),
        tense_before=re.compile(_LB + _alt([w for w, _ in tb]) + _SP + "$", _I) if tb else None,
        tense_after=re.compile(_SP + _alt([w for w, _ in ta]) + _LA, _I) if ta else None,
        tense_words={w: t for w, t in (*tb, *ta)},
        future=re.compile(r"(?<!\w)(?:" + "|".join(W.FUTURE_MARKERS[lang]) + r")(?!\w)"),
        future_suffix=(
            re.compile(_alt([suf for suf, _ in W.FUTURE_SUFFIXES[lang]]) + r"(?!\w)")
            if W.FUTURE_SUFFIXES[lang]
            else None
        ),
        future_suffix_stems=dict(W.FUTURE_SUFFIXES[lang]),
        rel_triggers=W.RELATIVE_TRIGGERS[lang],
    )


_RULES: dict[str, _Rules] = {lang: _build_rules(lang) for lang in LANGS}


def _rules(lang: str) -> _Rules:
    return _RULES.get((lang or "").lower()[:2], _RULES[DEFAULT_LANG])


# --- Resolution -----------------------------------------------------------------------------


def _valid_year(y: int) -> bool:
    return W.MIN_YEAR <= y <= W.MAX_YEAR


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _infer_year(m: int, d: int | None, published: dt.date, direction: str) -> int:
    """Year of a day/month stated without one, seen from the publication date.

    Past (the default for news): the latest such date not after publication.
    Future: the earliest one not wholly before publication. Current: publication year.
    """
    y = published.year
    if direction == "current":
        return y
    day = min(d or 1, calendar.monthrange(y, m)[1])
    start = dt.date(y, m, day)
    if direction == "future":
        end = start if d else _month_end(y, m)
        return y + 1 if end < published else y
    return y - 1 if start > published else y


@dataclass
class _Raw:
    """What a date shape found, before years are inferred and periods built."""

    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None  # only for year ranges
    m2: int | None = None
    d2: int | None = None
    direction: str = ""  # forced inference direction (last May / avril prochain)
    rel_years: int | None = None  # "в мае прошлого года": year = publication year + this


def _period(raw: _Raw, y: int) -> tuple[dt.date, dt.date] | None:
    """First and last day for a resolved year, or None when not a real date."""
    try:
        if raw.m is None:
            y2 = raw.y2 if raw.y2 is not None else y
            if not (_valid_year(y) and _valid_year(y2)):
                return None
            start, end = dt.date(y, 1, 1), dt.date(y2, 12, 31)
        else:
            m2 = raw.m2 or raw.m
            if raw.y2 is not None:  # "March 2019 – May 2020"
                y2 = raw.y2
            else:
                y2 = y + 1 if m2 < raw.m else y  # "30 December – 2 January"
            if not (_valid_year(y) and _valid_year(y2)):
                return None
            if raw.d is None:
                start, end = dt.date(y, raw.m, 1), _month_end(y2, m2)
            else:
                start = dt.date(y, raw.m, raw.d)
                end = dt.date(y2, m2, raw.d2) if raw.d2 is not None else dt.date(y2, m2, raw.d)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _valid_without_year(raw: _Raw) -> bool:
    # 2000 is a leap year, so 29 February passes while 30 February never does.
    try:
        a = dt.date(2000, raw.m or 1, raw.d or 1)
        if raw.d2 is not None or raw.m2 is not None:
            b = dt.date(2000, raw.m2 or raw.m or 1, raw.d2 if raw.d2 is not None else (raw.d or 1))
            if (raw.m2 or raw.m) == raw.m and b < a:
                return False
    except ValueError:
        return False
    return True


def _mention(
    raw: _Raw,
    text: str,
    span: tuple[int, int],
    published: dt.date | None,
    future: bool,
    basis_hint: str = "",
) -> DateMention | None:
    precision = "day" if raw.d is not None else "month" if raw.m is not None else "year"
    is_range = raw.m2 is not None or raw.d2 is not None
    extra = dict(
        month=raw.m,
        day=raw.d,
        end_month=(raw.m2 or raw.m) if is_range else None,
        end_day=raw.d2 if is_range else None,
    )
    if raw.y is not None:
        y, basis = raw.y, basis_hint or "stated"
    elif raw.rel_years is not None and published is not None:
        y, basis = published.year + raw.rel_years, "relative_to_publication"
    elif published is not None and raw.m is not None:
        y = _infer_year(raw.m, raw.d, published, raw.direction or ("future" if future else "past"))
        basis = "year_from_publication"
    elif raw.m is not None and raw.rel_years is None:
        if not _valid_without_year(raw):
            return None
        return DateMention(None, None, precision, "year_unknown", future, text[span[0] : span[1]], span, **extra)
    else:
        return None
    period = _period(raw, y)
    if period is None:
        return None
    start, end = period
    # Planned: said so, or dated after publication (it cannot have happened yet);
    # never when the whole period lies before publication.
    planned = future or raw.direction == "future" or (published is not None and start > published)
    planned = planned and not (published is not None and end < published)
    return DateMention(start, end, precision, basis, planned, text[span[0] : span[1]], span, **extra)


def _relative(unit: str, offset: int, precision: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    if unit == "day":
        day = published + dt.timedelta(days=offset)
        return day, day
    if unit == "month":
        total = published.year * 12 + published.month - 1 + offset
        y, m = divmod(total, 12)
        m += 1
        if not _valid_year(y):
            return None
        if precision == "year":
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        return dt.date(y, m, 1), _month_end(y, m)
    y = published.year + offset
    if not _valid_year(y):
        return None
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


# --- Scanning -------------------------------------------------------------------------------

_SENTENCE_END = ".!?…\n"
_SENTENCE_OPENERS = "«\"“„(["


def _is_break(text: str, i: int) -> bool:
    """Whether the terminator at ``i`` ends a sentence: a newline always does; a
    stop does when whitespace and a capital (or opening quote) follow, so that
    "2025 г. подписан" and "Sept. 5" stay inside their sentence."""
    if text[i] == "\n":
        return True
    j = i + 1
    n = len(text)
    while j < n and text[j] in _SENTENCE_END[:-1]:
        j += 1
    if j >= n or not text[j].isspace():
        return j >= n
    while j < n and text[j].isspace():
        j += 1
    return j >= n or text[j].isupper() or text[j] in _SENTENCE_OPENERS


#: Sentences are looked for this far around a date at most, so one call on a
#: huge text without stops stays linear.
_SENTENCE_REACH = 400


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    floor = max(0, pos - _SENTENCE_REACH)
    start = floor
    hi = pos
    while hi > floor:
        i = max(text.rfind(ch, floor, hi) for ch in _SENTENCE_END)
        if i < 0:
            break
        if _is_break(text, i):
            start = i + 1
            break
        hi = i
    ceiling = min(len(text), pos + _SENTENCE_REACH)
    end = ceiling
    lo = pos
    while lo < ceiling:
        found = [i for i in (text.find(ch, lo, ceiling) for ch in _SENTENCE_END) if i >= 0]
        if not found:
            break
        i = min(found)
        if _is_break(text, i):
            end = i + 1
            break
        lo = i + 1
    return start, end


class _Sentences:
    """Whether a date at a position is spoken of as planned/future.

    The sentence must carry a future marker. When another date follows that
    marker, dates before the marker keep their own (past) reading: in "En avril,
    le ministère a déclaré que ... était prévu pour 2028" only 2028 is planned.
    """

    def __init__(self, text: str, low: str, rules: _Rules, anchors: list[int]) -> None:
        self.text = text
        self.low = low
        self.rules = rules
        self.anchors = anchors  # sorted starts of possible dates
        self._cache: dict[tuple[int, int], tuple[int, bool] | None] = {}

    def future_at(self, pos: int) -> bool:
        bounds = _sentence_bounds(self.text, pos)
        if bounds not in self._cache:
            hit = _first_future_marker(self.rules, self.low, *bounds)
            if hit is None:
                self._cache[bounds] = None
            else:
                i = bisect.bisect_left(self.anchors, hit[1])
                date_after = i < len(self.anchors) and self.anchors[i] < bounds[1]
                self._cache[bounds] = (hit[0], date_after)
        info = self._cache[bounds]
        if info is None:
            return False
        marker_start, date_after = info
        return pos >= marker_start or not date_after


def _first_future_marker(rules: _Rules, low: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Span of the first plan/future marker in ``low`` (lowercased text) between start and end."""
    end = len(low) if end is None else end
    hit = rules.future.search(low, start, end)
    best = hit.span() if hit else None
    if rules.future_suffix is not None:
        for m in rules.future_suffix.finditer(low, start, end):
            if best is not None and m.start() >= best[0]:
                break
            need = rules.future_suffix_stems[m.group(0)]
            stem = low[max(start, m.start() - need) : m.start()]
            if len(stem) == need and stem.isalpha():
                best = m.span()
                break
    return best


def _month_of(rules: _Rules, word: str) -> _MonthForm | None:
    return rules.months.forms.get(word.lower())


def _month_case_ok(rules: _Rules, word: str) -> bool:
    # English always capitalises month names; lowercase "may"/"march" are verbs.
    return rules.lang != "en" or word[:1].isupper()


def _standalone_month_ok(rules: _Rules, text: str, m: re.Match[str], form: _MonthForm) -> bool:
    """A month with neither day nor year needs more evidence than one in a full date."""
    word = m.group("m1")
    if form.abbreviated:
        return False
    window = text[max(0, m.start() - 30) : m.start()]
    if rules.lang == "en":
        if not word[:1].isupper():
            return False
        return word.lower() not in W.EN_AMBIGUOUS_MONTHS or bool(rules.month_context.search(window))
    if word != word.lower():  # "Марта" (a name), "Қазан" (the city), "Mars" (the planet)
        # A Kazakh month with its case ending may open a sentence: "Наурызда ...".
        before = text[: m.start()].rstrip()
        if not (rules.lang == "kk" and (not before or before[-1] in _SENTENCE_END + ":")):
            return False
    if rules.lang == "kk":
        return form.suffix in W.KK_STANDALONE_SUFFIXES or m.group("aiword") is not None
    return bool(rules.month_context.search(window))


def _forced_direction(rules: _Rules, text: str, start: int, end: int) -> str:
    if rules.tense_before is not None:
        hit = rules.tense_before.search(text[max(0, start - 12) : start])
        if hit:
            return rules.tense_words.get(hit.group(0).strip().lower(), "")
    if rules.tense_after is not None:
        hit = rules.tense_after.match(text, end)
        if hit:
            return rules.tense_words.get(hit.group(0).strip().lower(), "")
    return ""


def _is_plural_year_word(rules: _Rules, tail: str) -> bool:
    word = tail.strip(" \t\u00a0\u202f-").lower()
    return word in W.PLURAL_YEAR_WORDS[rules.lang]


def _raw_from_digits(rules: _Rules, kind: str, m: re.Match[str], text: str) -> _Raw | None:
    g = m.groupdict()
    if kind == "iso":
        return _Raw(y=int(g["y"]), m=int(g["m"]), d=int(g["d"]))
    if kind == "num":
        a, b = int(g["a"]), int(g["b"])
        # English writes month first (11/17/2021); the others day first (17.11.2021).
        month_first = rules.lang == "en" and g["s"] == "/"
        first, second = ((a, b), (b, a)) if month_first else ((b, a), (a, b))
        for mo, da in (first, second):
            if 1 <= mo <= 12 and 1 <= da <= 31:
                return _Raw(y=int(g["y"]), m=mo, d=da)
        return None
    if kind in ("y", "yrange"):
        year_end = m.end("y2" if kind == "yrange" else "y")
        has_year_word = m.end() > year_end
        if kind == "y" and has_year_word and _is_plural_year_word(rules, text[year_end : m.end()]):
            return None
        if not has_year_word and not rules.year_context.search(text[max(0, m.start() - 30) : m.start()]):
            return None
        return _Raw(y=int(g["y"]), y2=int(g["y2"]) if kind == "yrange" else None)
    forms = []
    for key in ("m1", "m2"):
        if g.get(key):
            form = _month_of(rules, g[key])
            if form is None or not _month_case_ok(rules, g[key]):
                return None
            forms.append(form)
    y = int(g["y"]) if g.get("y") else None
    d2 = int(g["d2"]) if g.get("d2") else None
    raw = _Raw(y=y, m=forms[0].month, d=int(g["d1"]) if g.get("d1") else None, d2=d2)
    if kind == "xrange":
        raw.m2 = forms[1].month
    return raw


def _raw_from_month(rules: _Rules, kind: str, m: re.Match[str], text: str) -> _Raw | None:
    g = m.groupdict()
    form = _month_of(rules, g["m1"])
    if form is None or not _month_case_ok(rules, g["m1"]):
        return None
    if kind == "m":
        if not _standalone_month_ok(rules, text, m, form):
            return None
        return _Raw(m=form.month, direction=_forced_direction(rules, text, m.start(), m.end()))
    if kind == "mrel_after":
        if form.abbreviated:
            return None
        for i, off in enumerate(rules.rel_after_offsets):
            if g.get(f"ra{i}"):
                return _Raw(m=form.month, rel_years=off)
        return None
    y = int(g["y"]) if g.get("y") else None
    d1 = int(g["d1"]) if g.get("d1") else None
    d2 = int(g["d2"]) if g.get("d2") else None
    if kind in ("my", "mmy", "mymy") and form.abbreviated and rules.lang != "en":
        return None
    raw = _Raw(y=y, m=form.month, d=d1, d2=d2)
    if kind in ("mmy", "mymy"):
        form2 = _month_of(rules, g["m2"])
        if form2 is None or not _month_case_ok(rules, g["m2"]) or (form2.abbreviated and rules.lang != "en"):
            return None
        raw.m2 = form2.month
        raw.y2 = int(g["y2"]) if g.get("y2") else None
    return raw


def _find_all(low: str, needle: str) -> list[int]:
    out = []
    i = low.find(needle)
    while i >= 0:
        out.append(i)
        i = low.find(needle, i + 1)
    return out


def _word_starts_before(text: str, i: int, n: int) -> list[int]:
    """Start of the word holding offset ``i`` and of the ``n`` words before it."""
    j = i
    while j > 0 and text[j - 1].isalnum():
        j -= 1
    starts = [j]
    for _ in range(n):
        while j > 0 and not text[j - 1].isalnum():
            j -= 1
        if j == 0:
            break
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        starts.append(j)
    return starts


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lowercase to two ("İ"); keep offsets aligned by leaving them.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _anchors(text: str, low: str, rules: _Rules) -> tuple[list[int], list[int], list[int]]:
    """Where date shapes may start: digit runs, month words, relative phrases.

    Found with str.find (C speed) rather than one big regular expression, which
    would try every alternative at every character.
    """
    digits: list[int] = []
    for ch in "0123456789":
        for i in _find_all(text, ch):
            if i == 0 or not text[i - 1].isdigit():
                digits.append(i)
    months: set[int] = set()
    for trig in rules.months.triggers:
        for i in _find_all(low, trig):
            if i == 0 or not text[i - 1].isalpha():
                months.add(i)
    rels: set[int] = set()
    for trig in rules.rel_triggers:
        for i in _find_all(low, trig):
            rels.update(_word_starts_before(text, i, 3))
    return sorted(digits), sorted(months), sorted(rels)


def _candidates(text: str, rules: _Rules, published: dt.date | None) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """Every date shape that matches at an anchor, plus the spans of shapes that
    matched but are not real dates ("31 February 2024"): nothing inside those
    spans may be read as a date either."""
    low = _lower_same_length(text)
    digits, months, rels = _anchors(text, low, rules)
    found: list[DateMention] = []
    invalid: list[tuple[int, int]] = []
    if not (digits or months or rels):
        return found, invalid
    sentences = _Sentences(text, low, rules, sorted({*digits, *months, *rels}))

    def add(raw: _Raw | None, m: re.Match[str], pos: int) -> bool:
        if raw is None or (raw.rel_years is not None and published is None):
            return False  # "в мае прошлого года" without a publication date: the bare month still reads
        dm = _mention(raw, text, m.span(), published, sentences.future_at(pos))
        if dm is None:
            invalid.append(m.span())
            return False
        found.append(dm)
        return True

    for pos in digits:
        for kind, pattern in rules.digit_patterns:
            m = pattern.match(text, pos)
            if m is not None:
                add(_raw_from_digits(rules, kind, m, text), m, pos)
    for pos in months:
        if rules.month_word.match(text, pos) is None:
            continue
        for kind, pattern in rules.month_patterns:
            m = pattern.match(text, pos)
            # longer shapes come first; once one holds, the bare month adds nothing
            if m is not None and add(_raw_from_month(rules, kind, m, text), m, pos):
                break
    if published is not None:
        for pos in rels:
            a = rules.rel.match(text, pos)
            if a is not None:
                dm = _relative_mention(rules, a, text, published, sentences.future_at(pos))
                if dm is not None:
                    found.append(dm)
    return found, invalid


def _relative_mention(
    rules: _Rules, a: re.Match[str], text: str, published: dt.date, future: bool
) -> DateMention | None:
    g = a.groupdict()
    span = a.span("rel")
    for i, off in enumerate(rules.rel_before_offsets):
        if g.get(f"rb{i}"):
            word = g[f"mb{i}"]
            form = _month_of(rules, word)
            if form is None or form.abbreviated:
                return None
            return _mention(_Raw(m=form.month, rel_years=off), text, span, published, future)
    for i, (unit, offset, precision) in enumerate(rules.relative):
        if g.get(f"r{i}") is None:
            continue
        count = 1
        n = g.get(f"n{i}")
        if n is not None:
            count = int(n) if n.isdigit() else W.NUMBER_WORDS[rules.lang].get(n.lower(), 0)
            if count <= 0:
                return None
        period = _relative(unit, offset * count, precision, published)
        if period is None:
            return None
        start, end = period
        planned = start > published or (future and end >= published)
        return DateMention(
            start, end, precision, "relative_to_publication", planned, text[span[0] : span[1]], span,
            month=start.month if precision != "year" else None,
            day=start.day if precision == "day" else None,
        )
    return None


def _select(found: list[DateMention], invalid: list[tuple[int, int]]) -> list[DateMention]:
    """Longest mentions first, then leftmost; drop anything overlapping a chosen
    one or lying inside a longer shape that proved not to be a date. Bisection
    keeps this linear-logarithmic for texts with thousands of dates."""
    invalid.sort()
    inv_starts = [a for a, _ in invalid]
    reach = max((b - a for a, b in invalid), default=0)
    starts: list[int] = []  # chosen mentions, disjoint, sorted by start
    chosen: list[DateMention] = []
    for dm in sorted(found, key=lambda d: (d.span[0] - d.span[1], d.span[0])):
        s, e = dm.span
        lo = bisect.bisect_left(inv_starts, s - reach)
        hi = bisect.bisect_right(inv_starts, s)
        if any(e <= invalid[k][1] and invalid[k][1] - invalid[k][0] > e - s for k in range(lo, hi)):
            continue
        i = bisect.bisect_right(starts, s)
        if i > 0 and chosen[i - 1].span[1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        starts.insert(i, s)
        chosen.insert(i, dm)
    return chosen


# --- Public API ----------------------------------------------------------------------------


def extract_dates(text: str, lang: str, published: dt.date | None = None) -> list[DateMention]:
    """Dates and periods in ``text`` (a sentence or more), sorted and non-overlapping.

    Day/month dates without a year take the publication year (or the one before,
    when that would put a past event after publication); without a publication
    date they keep month/day with ``basis='year_unknown'``. Relative expressions
    ("last year", "в прошлом году") need a publication date and are otherwise skipped.
    """
    if not text:
        return []
    if isinstance(published, dt.datetime):  # a datetime does not compare with dates
        published = published.date()
    rules = _rules(lang)
    found, invalid = _candidates(text, rules, published)
    return _select(found, invalid)


#: A dateline's date comes first or after a short label ("News, ", "Published: ");
#: a date deeper in the line is the article's content, not its publication date.
_DATELINE_MAX_WORDS_BEFORE = 3


def parse_dateline(line: str, lang: str = "en") -> dt.date | None:
    """The publication date of a header line: a full stated date (day, month,
    year) at its start or after a short label; None for lines without one.

    The given language is tried first (it decides 11/17/2021 vs 17.11.2021), then
    the others, so a Russian dateline in an article of unknown language still reads.
    """
    if not line:
        return None
    first = _rules(lang).lang
    for code in (first, *(c for c in LANGS if c != first)):
        for dm in extract_dates(line, code, None):
            if len(line[: dm.span[0]].split()) > _DATELINE_MAX_WORDS_BEFORE:
                break
            if dm.precision == "day" and dm.basis == "stated" and dm.start is not None and dm.start == dm.end:
                return dm.start
    return None


def is_planned(text: str, lang: str) -> bool:
    """True when the text carries a plan/future marker (prévu, планируется, will, жоспарланған, ...)."""
    return bool(text) and _first_future_marker(_rules(lang), text.lower()) is not None
