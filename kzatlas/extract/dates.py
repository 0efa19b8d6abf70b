"""Find dates and periods in news text and resolve them to calendar periods. General-
purpose parsers misread our material ("13–14 июня" as 13 June 2014, Kazakh "наурызда"
as June), so this is a small rule layer: CLDR month names (via Babel) inflected by the
rules in :mod:`kzatlas.extract.rules.date_words`, a handful of date shapes per language,
relative expressions anchored on the publication date ("today" only when its clause
tells an act), and year inference for day/month dates without a year: the latest
occurrence not after publication, or the next one in a clause that speaks of the
future. It never invents a year: without a publication date such dates keep month/day
and ``basis='year_unknown'``. en, ru, kk, fr, de, it, es and tr have full word tables;
any other language Babel knows reads its CLDR month names in the language-neutral
shapes, never English words.

A date is ``planned`` when a plan/future marker of its own clause speaks for it (the
clauses come from :func:`kzatlas.extract.document.clauses`, the sentences from the
project's one splitter) or when it lies after publication. Each date also says what it
is to the act around it (``role``): its date (``when``), the period a plan is for
(``for``: "a roadmap for 2025–2030") or a deadline (``until``: "до 2030 года").

For speed, plain substring search locates anchors (numbers, month words, relative
phrases) and the date shapes are only tried there; a sentence with no digit and no date
word costs a few substring tests, and clauses are only computed for text that holds a
future marker or the word for today."""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from kzatlas.extract.document import MAX_SENTENCE_CHARS, clauses, split_sentences
from kzatlas.extract.rules import date_words as W
from kzatlas.models import PRECISIONS, DateMention

#: Languages with full word tables.
LANGS: tuple[str, ...] = W.LANGUAGES

_SP = r"[ \t\u00a0\u202f]+"
_SPO = r"[ \t\u00a0\u202f]*"
_LB = r"(?<![^\W\d_])"  # not preceded by a letter
_LA = r"(?![^\W\d_])"  # not followed by a letter
_DASH = "[" + "".join(re.escape(c) for c in W.RANGE_DASHES) + "]"
_I = re.IGNORECASE
_NEVER = re.compile(r"(?!x)x")


def _alt(words: tuple[str, ...] | list[str], escape: bool = True) -> str:
    """Alternation of words, longest first so that "годы" wins over "год"."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


def _code(lang: str) -> str:
    """The language part of a code: "de-AT" and "de_CH" -> "de"."""
    return re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]


# --- Publication anchor -----------------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    """The publication date as a period: a day, or a month or year when only that much
    is known (a URL such as /2021/08/). Year-less dates in a past clause resolve to the
    latest occurrence not after ``last``; in a future clause to the first one not before
    ``first``."""

    first: dt.date
    last: dt.date
    precision: str


def _anchor(published: dt.date | None, precision: str) -> _Anchor | None:
    if published is None:
        return None
    if isinstance(published, dt.datetime):  # a datetime does not compare with dates
        published = published.date()
    if precision == "year":
        return _Anchor(dt.date(published.year, 1, 1), dt.date(published.year, 12, 31), "year")
    if precision == "month":
        return _Anchor(published.replace(day=1), _month_end(published.year, published.month), "month")
    return _Anchor(published, published, "day")


# --- Month vocabulary ------------------------------------------------------------


@dataclass(frozen=True)
class _MonthForm:
    month: int
    abbreviated: bool
    suffix: str  # inflectional ending added to the CLDR name ("" for CLDR's own forms)


@lru_cache(maxsize=None)
def _cldr_months(locale: str) -> tuple[tuple[int, str, bool, str], ...]:
    """(month, lowercase name, abbreviated, context) from every CLDR width and context,
    wide first; empty for a locale Babel does not know."""
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return ()
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
    regex: str  # matches any form (no capture group); "" when there are none
    triggers: tuple[str, ...]  # lowercase substrings for the prefilter


def _build_month_vocab(lang: str) -> _MonthVocab:
    forms: dict[str, _MonthForm] = {}
    groups: list[tuple[list[str], tuple[str, ...]]] = []  # (stems, suffixes) for the regex
    abbrevs: list[str] = []

    def add(form: str, month: int, abbreviated: bool, suffix: str = "") -> None:
        if form and (form not in forms or (forms[form].abbreviated and not abbreviated)):
            forms[form] = _MonthForm(month, abbreviated, suffix)

    cldr = () if lang in W.NO_LANGUAGE else _cldr_months(W.MONTH_LOCALES.get(lang, lang))
    if not cldr:
        return _MonthVocab({}, "", ())
    dotless = lang in W.DOTLESS_ABBREVIATIONS
    full = [(month, name) for month, name, abbreviated, _ in cldr if not abbreviated]
    full += list((m, n) for n, m in W.EXTRA_MONTH_NAMES.get(lang, {}).items())
    full_names = {name for _, name in full}
    for month, name, abbreviated, _ in cldr:
        if abbreviated and name not in full_names:
            stem = name.rstrip(".")
            add(stem + ".", month, True)
            abbrevs.append(stem + ".")
            if dotless:
                add(stem, month, True)
                abbrevs.append(stem)
    for stem, month in W.EXTRA_ABBREVIATIONS.get(lang, {}).items():
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
        # A final voiceless consonant voices before a vowel: қыркүйек -> қыркүйегі(нде).
        vowel_sufs = tuple(s for s in W.KK_MONTH_SUFFIXES if s[:1] in W.KK_VOWELS)
        voiced: set[str] = set()
        for month, name in full:
            for suf in W.KK_MONTH_SUFFIXES:
                add(name + suf, month, False, suf)
            if name[-1:] in W.KK_VOICING:
                stem = name[:-1] + W.KK_VOICING[name[-1]]
                voiced.add(stem)
                for suf in vowel_sufs:
                    add(stem + suf, month, False, suf)
        groups = [(stems, W.KK_MONTH_SUFFIXES), (sorted(voiced), vowel_sufs, True)]
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
    for stems, suffixes, *mandatory in groups:
        if stems:
            sufs = [s for s in suffixes if s]
            parts.append(_alt(stems) + (_alt(sufs) + ("" if mandatory else "?") if sufs else ""))
    # Abbreviations with their dot must be tried before the dotless form.
    if abbrevs:
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
    month_word: re.Pattern[str] | None
    rel: re.Pattern[str] | None
    digit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    month_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    relative: tuple[tuple[str, int, str], ...]  # per relative rule: unit, offset, precision
    rel_before_offsets: tuple[int, ...]
    rel_after_offsets: tuple[int, ...]
    year_context: re.Pattern[str]
    month_context: re.Pattern[str]
    month_licence_after: re.Pattern[str] | None
    month_case: str  # upper | any | lower
    tense_before: re.Pattern[str] | None
    tense_after: re.Pattern[str] | None
    tense_words: dict[str, str]
    future: re.Pattern[str]  # whole-word markers, matched on lowercased text
    future_suffix: re.Pattern[str] | None  # future word endings, matched on lowercased text
    future_suffix_stems: dict[str, int]
    rel_triggers: tuple[str, ...]
    not_today: re.Pattern[str]
    past: re.Pattern[str]
    past_lookalikes: frozenset[str]
    complementizer: re.Pattern[str]
    for_before: re.Pattern[str]  # purpose preposition ending right before a date
    for_after: re.Pattern[str]  # purpose postposition right after a date
    for_alone: re.Pattern[str]
    until_before: re.Pattern[str]
    until_after: re.Pattern[str]
    plan_noun: re.Pattern[str]
    coordination: re.Pattern[str]  # what may stand between coordinated dates


_NOT_DECADE = "(?!" + _alt(W.DECADE_ENDINGS) + _LA + ")"


def _year(name: str) -> str:
    # A 4-digit number that is not part of a longer number, a decimal ("3.2024")
    # or followed by a space-grouped thousand ("2024 500").
    return (
        rf"(?<!\d)(?<!\d[.,])(?P<{name}>\d{{4}})(?!\d)(?![.,]\d)(?![ \u00a0\u202f]\d{{3}}(?!\d))"
        + _NOT_DECADE
    )


def _day(name: str, lang: str) -> str:
    sufs = W.DAY_SUFFIXES.get(lang, ())
    suffix = "(?:" + _alt(sufs) + _LA + ")?" if sufs else ""
    # Not the tail of a decimal, time or code ("5.5", "9:30", "1/2"), not a decimal itself.
    return rf"(?<![\d.,:/])(?P<{name}>[0-3]?\d)(?!\d)(?![.,:]\d)" + suffix


def _context_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return _NEVER
    return re.compile(_LB + _alt(words) + _SPO + r"$", _I)


def _before_regex(fragment: str) -> re.Pattern[str]:
    """A fragment that must end right before a position (searched in the text before it)."""
    return re.compile(_LB + "(?:" + fragment + ")" + _SPO + r"$", _I) if fragment else _NEVER


def _after_regex(fragment: str) -> re.Pattern[str]:
    """A fragment that must start right after a position (matched there)."""
    return re.compile(_SPO + "(?:" + fragment + ")" + _LA, _I) if fragment else _NEVER


def _build_rules(lang: str) -> _Rules:
    mv = _build_month_vocab(lang)
    mon = lambda name: f"(?P<{name}>{mv.regex})"  # noqa: E731 - tiny local helper
    yw_words = W.YEAR_WORDS.get(lang, ())
    yw_req = rf"{_SPO}-?{_SPO}{_alt(yw_words)}(?:(?<=\.)|{_LA})" if yw_words else ""
    yw_opt = f"(?:{yw_req})?" if yw_words else ""
    rng_words = W.RANGE_WORDS.get(lang, ())
    rng = f"(?:{_SPO}{_DASH}{_SPO}" + (f"|{_SP}{_alt(rng_words)}{_SP}" if rng_words else "") + ")"
    links = W.DAY_MONTH_LINKS.get(lang, ())
    link = f"(?:{_SPO}-{_SPO}|{_SP}" + (f"(?:{_alt(links)}{_SP})?" if links else "") + ")"
    ylinks = W.MONTH_YEAR_LINKS.get(lang, ())
    ysep = rf"(?:,?{_SP}" + (f"|{_SP}{_alt(ylinks)}{_SP}" if ylinks else "") + ")"
    tail_year = f"(?:{ysep}{_year('y')}{yw_opt})?"
    coords = W.COORDINATORS.get(lang, ())
    coord = rf"(?:{_SPO},{_SPO}" + (f"|{_SP}{_alt(coords)}{_SP}" if coords else "") + ")"

    digit: list[tuple[str, str]] = [
        ("iso", r"(?<![\d./-])(?P<y>\d{4})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)(?![.,]\d)"),
        ("num", r"(?<![\d./-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?!\d)(?![.,]\d)"),
    ]
    after_rel = W.RELATIVE_YEAR_AFTER_MONTH.get(lang, ())
    if mv.regex and after_rel:
        # "12 марта текущего года", "5 мая прошлого года": a day, its month and a relative year.
        alts_d = "|".join(f"(?P<ra{i}>{frag})" for i, (frag, _) in enumerate(after_rel))
        digit.append(("dmrel", _day("d1", lang) + link + mon("m1") + _SP + f"(?:{alts_d})" + _LA))
    if mv.regex:
        digit += [
            ("xrange", _day("d1", lang) + link + mon("m1") + rng + _day("d2", lang) + link + mon("m2") + tail_year),
            ("drange", _day("d1", lang) + rng + _day("d2", lang) + link + mon("m1") + tail_year),
            ("dmy", _day("d1", lang) + link + mon("m1") + tail_year),
        ]
    digit += [
        ("yrange", _year("y") + f"{_SPO}{_DASH}{_SPO}" + _year("y2") + yw_opt),
        ("y", _year("y") + yw_opt),
    ]
    if yw_words:
        # "на 2026−2027 и 2028−2029 годы", "в 2022 и 2023 годах": the year word after the
        # last of coordinated years or ranges applies to each of them.
        shared = rf"(?=(?:{coord}\d{{4}}(?:{_SPO}{_DASH}{_SPO}\d{{4}})?)+{yw_req})"
        digit.append(("ycoord", _year("y") + f"(?:{_SPO}{_DASH}{_SPO}" + _year("y2") + ")?" + shared))
    if lang == "kk":
        first = rf"{_SPO}-?{_SPO}{_alt(W.KK_YEAR_FIRST_WORDS)}(?:(?<=\.)|{_LA}){_SP}"
        digit.insert(2, ("kk_yddm", _year("y") + first + _day("d1", lang) + rng + _day("d2", lang)
                         + f"(?:{_SP}|{_SPO}-{_SPO})" + mon("m1")))  # "2024 жылғы 15-16 сәуірде"
        digit.insert(3, ("kk_ydm", _year("y") + first + _day("d1", lang) + f"(?:{_SP}|{_SPO}-{_SPO})" + mon("m1")))
        digit.insert(4, ("kk_ym", _year("y") + first + mon("m1") + f"(?:{_SP}{W.KK_MONTH_WORD}{_LA})?"))

    month: list[tuple[str, str]] = []
    if mv.regex:
        if lang == "en":
            # "September 30-October 2, 2024", "Nov. 28 – Dec. 1": one range across months.
            month.append(("mdmd", mon("m1") + _SP + _day("d1", lang) + rng + mon("m2") + _SP + _day("d2", lang)
                          + tail_year))
            month.append(("mday", mon("m1") + _SP + _day("d1", lang) + f"(?:{rng}{_day('d2', lang)})?" + tail_year))
        month.append(("mymy", mon("m1") + ysep + _year("y") + rng + mon("m2") + ysep + _year("y2") + yw_opt))
        month.append(("mmy", mon("m1") + rng + mon("m2") + ysep + _year("y") + yw_opt))
        month.append(("my", mon("m1") + ysep + _year("y") + yw_opt))
        after = W.RELATIVE_YEAR_AFTER_MONTH.get(lang, ())
        if after:
            alts = "|".join(f"(?P<ra{i}>{frag})" for i, (frag, _) in enumerate(after))
            month.append(("mrel_after", mon("m1") + _SP + f"(?:{alts})" + _LA))
        month.append(("m", mon("m1") + (f"(?:{_SP}(?P<aiword>{W.KK_MONTH_WORD}){_LA})?" if lang == "kk" else "")))

    # Relative phrases: one alternation, each rule in its own named group; "today" in its own.
    nums = "|".join(sorted(W.NUMBER_WORDS.get(lang, {}), key=len, reverse=True)) or r"(?!x)x"
    rel_parts, rel_rules = [], []
    for i, (phrase, unit, offset, precision) in enumerate(W.RELATIVE.get(lang, ())):
        frag = phrase.replace("{n}", rf"(?P<n{i}>\d{{1,2}}|{nums})")
        rel_parts.append(f"(?P<r{i}>{frag})")
        rel_rules.append((unit, offset, precision))
    before = W.RELATIVE_YEAR_BEFORE_MONTH.get(lang, ()) if mv.regex else ()
    for i, (frag, _) in enumerate(before):
        # "өткен жылдың (12) наурызында", "в (12) мае прошлого года" is the other order.
        rel_parts.insert(0, f"(?P<rb{i}>(?:{frag}){_SP}(?:(?P<db{i}>\\d{{1,2}}){_SP})?{mon(f'mb{i}')})")
    if lang in W.TODAY:
        rel_parts.append(f"(?P<today>{W.TODAY[lang]})")
    days = _weekday_names(lang)
    if days and lang in W.WEEKDAY_BEFORE:
        names = "|".join(re.escape(n) for n in sorted(days, key=len, reverse=True))
        rel_parts.append(f"(?P<wd>(?:{W.WEEKDAY_BEFORE[lang]}){_SP}(?P<wdname>{names}))")

    tb = W.MONTH_TENSE_BEFORE.get(lang, ())
    ta = W.MONTH_TENSE_AFTER.get(lang, ())
    licence = W.MONTH_LICENCE_AFTER.get(lang, ())
    markers = W.FUTURE_MARKERS.get(lang, ())
    suffixes = W.FUTURE_SUFFIXES.get(lang, ())
    return _Rules(
        lang=lang,
        months=mv,
        month_word=re.compile(mv.regex, _I) if mv.regex else None,
        rel=re.compile(_LB + "(?P<rel>" + "|".join(rel_parts) + ")" + _LA, _I) if rel_parts else None,
        digit_patterns=tuple((k, re.compile(p, _I)) for k, p in digit),
        month_patterns=tuple((k, re.compile(p, _I)) for k, p in month),
        relative=tuple(rel_rules),
        rel_before_offsets=tuple(off for _, off in before),
        rel_after_offsets=tuple(off for _, off in W.RELATIVE_YEAR_AFTER_MONTH.get(lang, ())),
        year_context=_context_regex(W.YEAR_CONTEXT_BEFORE.get(lang, ())),
        month_context=_context_regex(W.MONTH_CONTEXT_BEFORE.get(lang, ())),
        month_licence_after=re.compile(_SPO + _alt(licence) + _LA, _I) if licence else None,
        month_case=W.MONTH_CASE.get(lang, "lower"),
        tense_before=re.compile(_LB + _alt([w for w, _ in tb]) + _SP + "$", _I) if tb else None,
        tense_after=re.compile(_SP + _alt([w for w, _ in ta]) + _LA, _I) if ta else None,
        tense_words={w: t for w, t in (*tb, *ta)},
        future=re.compile(r"(?<!\w)(?:" + "|".join(markers) + r")(?!\w)") if markers else _NEVER,
        future_suffix=re.compile(_alt([suf for suf, _ in suffixes]) + r"(?!\w)") if suffixes else None,
        future_suffix_stems=dict(suffixes),
        # Weekday names trigger too (their first four letters cover every case form).
        rel_triggers=tuple(W.RELATIVE_TRIGGERS.get(lang, ()))
        + (tuple(sorted({n[:4] for n in days})) if days and lang in W.WEEKDAY_BEFORE else ()),
        not_today=re.compile(r"(?<!\w)(?:" + W.NOT_TODAY[lang] + r")(?!\w)", _I) if lang in W.NOT_TODAY else _NEVER,
        past=re.compile(W.PAST_TENSE[lang]) if lang in W.PAST_TENSE else _NEVER,
        past_lookalikes=frozenset(W.PAST_TENSE_LOOKALIKES.get(lang, ())),
        complementizer=(
            re.compile(r"(?<!\w)(?:" + W.COMPLEMENTIZERS[lang] + r")(?:(?<=['’])|(?!\w))")
            if lang in W.COMPLEMENTIZERS
            else _NEVER
        ),
        for_before=_before_regex(W.ROLE_FOR_BEFORE.get(lang, "")),
        for_after=_after_regex(W.ROLE_FOR_AFTER.get(lang, "")),
        for_alone=_before_regex(W.ROLE_FOR_ALONE.get(lang, "")),
        until_before=_before_regex(W.ROLE_UNTIL_BEFORE.get(lang, "")),
        until_after=_after_regex(W.ROLE_UNTIL_AFTER.get(lang, "")),
        plan_noun=(
            re.compile(r"(?<!\w)(?:" + W.PLAN_NOUNS[lang] + r")(?!\w)", _I) if lang in W.PLAN_NOUNS else _NEVER
        ),
        coordination=re.compile(coord, _I),
    )


@lru_cache(maxsize=64)
def _rules(lang: str) -> _Rules:
    """Rules for a language code; a code without word tables gets CLDR months (if Babel
    knows it) and the language-neutral shapes."""
    return _build_rules(_code(lang))


# --- Resolution -----------------------------------------------------------------------------


def _valid_year(y: int) -> bool:
    return W.MIN_YEAR <= y <= W.MAX_YEAR


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _infer_year(m: int, d: int | None, anchor: _Anchor, direction: str) -> int:
    """Year of a day/month stated without one, seen from the publication date.

    Past (the default for news): the latest such date not after publication (for a
    month- or year-precise publication date, not after its last day). Future: the
    earliest one not wholly before publication (its first day). Current: publication year.
    """
    if direction == "current":
        return anchor.first.year
    if direction == "future":
        y = anchor.first.year
        day = min(d or 1, calendar.monthrange(y, m)[1])
        end = dt.date(y, m, day) if d else _month_end(y, m)
        return y + 1 if end < anchor.first else y
    y = anchor.last.year
    day = min(d or 1, calendar.monthrange(y, m)[1])
    return y - 1 if dt.date(y, m, day) > anchor.last else y


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


def _planned(start: dt.date, end: dt.date, anchor: _Anchor | None, said: bool) -> bool:
    """Planned: said so, or dated after publication (it cannot have happened yet);
    never when the whole period lies before publication."""
    if anchor is None:
        return said
    return (said or start > anchor.last) and not end < anchor.first


def _mention(
    raw: _Raw,
    text: str,
    span: tuple[int, int],
    anchor: _Anchor | None,
    future: bool,
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
        y, basis = raw.y, "stated"
    elif raw.rel_years is not None and anchor is not None:
        y, basis = anchor.first.year + raw.rel_years, "relative_to_publication"
    elif anchor is not None and raw.m is not None:
        y = _infer_year(raw.m, raw.d, anchor, raw.direction or ("future" if future else "past"))
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
    planned = _planned(start, end, anchor, future or raw.direction == "future")
    return DateMention(start, end, precision, basis, planned, text[span[0] : span[1]], span, **extra)


def _relative(unit: str, offset: int, precision: str, anchor: _Anchor) -> tuple[dt.date, dt.date] | None:
    """The period of a relative expression; None when the publication date is too
    coarse for it ("yesterday" against a publication month)."""
    base = anchor.first
    if unit == "week":
        # The calendar week (Monday to Sunday) ``offset`` weeks from the publication's.
        if anchor.precision != "day":
            return None
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
        return (monday, monday + dt.timedelta(days=6)) if _valid_year(monday.year) else None
    if unit == "day":
        if anchor.precision != "day":
            return None
        day = base + dt.timedelta(days=offset)
        return (day, day) if _valid_year(day.year) else None
    if unit == "month":
        if anchor.precision == "year":
            return None
        total = base.year * 12 + base.month - 1 + offset
        y, m = divmod(total, 12)
        m += 1
        if not _valid_year(y):
            return None
        if precision == "year":
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        return dt.date(y, m, 1), _month_end(y, m)
    y = base.year + offset
    if not _valid_year(y):
        return None
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


# --- Clauses: plan markers and "today" ---------------------------------------------------------

_SENTENCE_END = ".!?…\n"
_TERMINATORS = ".!?…"
_TRAILER = " \t\n\u00a0.!?…\"»”’)]"


class _Clauses:
    """Clause spans of the text, found on first use with the project's one sentence
    splitter and :func:`~kzatlas.extract.document.clauses`, and what each clause says:
    whether a plan/future marker speaks for a date in it, and whether it tells an act
    in the past or future tense (which makes "today" a date)."""

    def __init__(self, text: str, low: str, rules: _Rules, anchors: list[int]) -> None:
        self.text = text
        self.low = low
        self.rules = rules
        self.anchors = anchors  # sorted starts of possible dates
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        self._future: dict[tuple[int, int], tuple[int, bool] | None] = {}
        self._any_future: bool | None = None

    def span_at(self, pos: int) -> tuple[int, int]:
        if self._spans is None:
            text = self.text
            body = text.rstrip(_TRAILER)
            if "\n" in body or len(body) > MAX_SENTENCE_CHARS or any(c in body for c in _TERMINATORS):
                sentences = split_sentences(text)
            else:
                # The usual case, one candidate sentence: nothing the splitter could cut at.
                sentences = [(0, len(text))]
            spans: list[tuple[int, int]] = []
            for s, e in sentences:
                spans.extend((s + a, s + b) for a, b in clauses(text[s:e], self.rules.lang))
            self._spans = spans or [(0, len(text))]
            self._starts = [s for s, _ in self._spans]
        i = max(0, bisect.bisect_right(self._starts, pos) - 1)
        return self._spans[i]

    def segment_at(self, pos: int) -> tuple[int, int]:
        """The clause at ``pos`` narrowed to the stretch between complementizers that holds
        it (W.COMPLEMENTIZERS): reported speech is a clause of its own."""
        s, e = self.span_at(pos)
        for m in self.rules.complementizer.finditer(self.low, s, e):
            if m.end() <= pos:
                s = m.end()
            elif m.start() > pos:
                e = m.start()
                break
        return s, e

    def future_at(self, pos: int) -> bool:
        """Whether a plan/future marker of the clause (segment) at ``pos`` speaks for a date there.

        When another date follows the marker in the clause, dates before the marker keep
        their own (past) reading: in "En avril, le ministère a déclaré que ... était
        prévu pour 2028" only 2028 is planned.
        """
        if self._any_future is None:
            # Most text has no future marker at all: then no clause needs finding for it.
            self._any_future = _first_future_marker(self.rules, self.low) is not None
        if not self._any_future:
            return False
        bounds = self.segment_at(pos)
        if bounds not in self._future:
            hit = _first_future_marker(self.rules, self.low, *bounds)
            if hit is None:
                self._future[bounds] = None
            else:
                i = bisect.bisect_left(self.anchors, hit[1])
                date_after = i < len(self.anchors) and self.anchors[i] < bounds[1]
                self._future[bounds] = (hit[0], date_after)
        info = self._future[bounds]
        if info is None:
            return False
        marker_start, date_after = info
        return pos >= marker_start or not date_after

    def tells_act(self, pos: int) -> bool:
        """Whether the clause at ``pos`` is in the past or future tense (see W.TODAY),
        read between the complementizers around ``pos`` (W.COMPLEMENTIZERS)."""
        s, e = self.segment_at(pos)
        if _first_future_marker(self.rules, self.low, s, e) is not None:
            return True
        clause = self.low[s:e]
        if self.rules.lang in W.PAST_TENSE_AT_END:
            # The verb stands last: only the clause's last words are read.
            clause = clause[max(0, len(clause.rstrip()) - 40) :]
        for m in self.rules.past.finditer(clause):
            words = re.findall(r"\w+", m.group(0))
            if words and words[-1] not in self.rules.past_lookalikes:
                return True
        return False


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


# --- Reading shapes --------------------------------------------------------------------------


def _month_of(rules: _Rules, word: str) -> _MonthForm | None:
    return rules.months.forms.get(word.lower())


def _month_case_ok(rules: _Rules, word: str) -> bool:
    # English always capitalises month names; lowercase "may"/"march" are verbs.
    return rules.month_case != "upper" or word[:1].isupper()


def _standalone_month_ok(rules: _Rules, text: str, m: re.Match[str], form: _MonthForm) -> bool:
    """A month with neither day nor year needs more evidence than one in a full date."""
    word = m.group("m1")
    if form.abbreviated:
        return False
    window = text[max(0, m.start() - 30) : m.start()]
    licensed_after = rules.month_licence_after is not None and rules.month_licence_after.match(text, m.end())
    if rules.month_case == "upper":
        if not word[:1].isupper():
            return False
        return word.lower() not in W.EN_AMBIGUOUS_MONTHS or bool(rules.month_context.search(window))
    if rules.month_case == "lower" and word != word.lower():  # "Марта" (a name), "Қазан" (the city), "Mars"
        # A Kazakh month with its case ending may open a sentence: "Наурызда ...".
        before = text[: m.start()].rstrip()
        if not (rules.lang == "kk" and (not before or before[-1] in _SENTENCE_END + ":")):
            return False
    if rules.lang == "kk":
        return form.suffix in W.KK_STANDALONE_SUFFIXES or m.group("aiword") is not None
    return bool(licensed_after or rules.month_context.search(window))


def _forced_direction(rules: _Rules, text: str, start: int, end: int) -> str:
    if rules.tense_before is not None:
        hit = rules.tense_before.search(text[max(0, start - 20) : start])
        if hit:
            return rules.tense_words.get(hit.group(0).strip().lower(), "")
    if rules.tense_after is not None:
        hit = rules.tense_after.match(text, end)
        if hit:
            return rules.tense_words.get(hit.group(0).strip().lower(), "")
    return ""


def _is_plural_year_word(rules: _Rules, tail: str) -> bool:
    word = tail.strip(" \t\u00a0\u202f-").lower()
    return word in W.PLURAL_YEAR_WORDS.get(rules.lang, ())


def _plan_noun_before(rules: _Rules, text: str, pos: int) -> bool:
    """A plan noun among the PLAN_NOUN_REACH words (and the one being cut) before ``pos``."""
    window = text[max(0, pos - 160) : pos]
    words = list(re.finditer(r"\w+", window))
    if not words:
        return False
    first = words[max(0, len(words) - W.PLAN_NOUN_REACH - 1)].start()
    return rules.plan_noun.search(window, first) is not None


def _plan_noun_after(rules: _Rules, text: str, pos: int) -> bool:
    window = text[pos : pos + 160]
    words = list(re.finditer(r"\w+", window))
    if not words:
        return False
    last = words[min(len(words), W.PLAN_NOUN_REACH + 1) - 1].end()
    return rules.plan_noun.search(window, 0, last) is not None


def _for_before(rules: _Rules, text: str, start: int) -> bool:
    """A purpose preposition right before ``start`` governed by a plan noun before it."""
    hit = rules.for_before.search(text[max(0, start - 40) : start])
    if hit is None:
        return bool(rules.for_alone.search(text[max(0, start - 20) : start]))
    return _plan_noun_before(rules, text, max(0, start - 40) + hit.start())


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
    if kind == "ycoord":
        return _Raw(y=int(g["y"]), y2=int(g["y2"]) if g.get("y2") else None)
    if kind in ("y", "yrange"):
        year_end = m.end("y2" if kind == "yrange" else "y")
        has_year_word = m.end() > year_end
        if kind == "y" and has_year_word and _is_plural_year_word(rules, text[year_end : m.end()]):
            return None
        if (
            not has_year_word
            and not rules.year_context.search(text[max(0, m.start() - 30) : m.start()])
            and not _for_before(rules, text, m.start())
        ):
            return None
        return _Raw(y=int(g["y"]), y2=int(g["y2"]) if kind == "yrange" else None)
    forms = []
    for key in ("m1", "m2"):
        if g.get(key):
            form = _month_of(rules, g[key])
            if form is None or not _month_case_ok(rules, g[key]):
                return None
            forms.append(form)
    if kind == "dmrel":
        for i, off in enumerate(rules.rel_after_offsets):
            if g.get(f"ra{i}"):
                return _Raw(m=forms[0].month, d=int(g["d1"]), rel_years=off)
        return None
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
    if kind in ("mmy", "mymy", "mdmd"):
        form2 = _month_of(rules, g["m2"])
        if form2 is None or not _month_case_ok(rules, g["m2"]) or (form2.abbreviated and rules.lang != "en"):
            return None
        raw.m2 = form2.month
        raw.y2 = int(g["y2"]) if g.get("y2") else None
    return raw


# --- Scanning -------------------------------------------------------------------------------


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


def _candidates(
    text: str, rules: _Rules, anchor: _Anchor | None
) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """Every date shape that matches at an anchor, plus the spans of shapes that
    matched but are not real dates ("31 February 2024"): nothing inside those
    spans may be read as a date either."""
    low = _lower_same_length(text)
    digits, months, rels = _anchors(text, low, rules)
    found: list[DateMention] = []
    invalid: list[tuple[int, int]] = []
    if not (digits or months or rels):
        return found, invalid
    parts = _Clauses(text, low, rules, sorted({*digits, *months, *rels}))

    def add(raw: _Raw | None, m: re.Match[str], pos: int) -> bool:
        if raw is None or (raw.rel_years is not None and anchor is None):
            return False  # "в мае прошлого года" without a publication date: the bare month still reads
        dm = _mention(raw, text, m.span(), anchor, parts.future_at(pos))
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
    if rules.month_word is not None:
        for pos in months:
            if rules.month_word.match(text, pos) is None:
                continue
            for kind, pattern in rules.month_patterns:
                m = pattern.match(text, pos)
                # longer shapes come first; once one holds, the bare month adds nothing
                if m is not None and add(_raw_from_month(rules, kind, m, text), m, pos):
                    break
    if anchor is not None and rules.rel is not None:
        for pos in rels:
            a = rules.rel.match(text, pos)
            if a is not None:
                dm = _relative_mention(rules, a, text, anchor, parts)
                if dm is not None:
                    found.append(dm)
    return found, invalid


def _relative_mention(
    rules: _Rules, a: re.Match[str], text: str, anchor: _Anchor, parts: _Clauses
) -> DateMention | None:
    g = a.groupdict()
    span = a.span("rel")
    pos = span[0]
    for i, off in enumerate(rules.rel_before_offsets):
        if g.get(f"rb{i}"):
            word = g[f"mb{i}"]
            form = _month_of(rules, word)
            if form is None or form.abbreviated:
                return None
            day = int(g[f"db{i}"]) if g.get(f"db{i}") else None
            return _mention(_Raw(m=form.month, d=day, rel_years=off), text, span, anchor, parts.future_at(pos))
    if g.get("today") is not None:
        return _today_mention(rules, text, span, anchor, parts)
    if g.get("wd") is not None:
        return _weekday_mention(rules, g["wdname"], text, span, anchor, parts)
    for i, (unit, offset, precision) in enumerate(rules.relative):
        if g.get(f"r{i}") is None:
            continue
        count = 1
        n = g.get(f"n{i}")
        if n is not None:
            count = int(n) if n.isdigit() else W.NUMBER_WORDS[rules.lang].get(n.lower(), 0)
            if count <= 0:
                return None
        period = _relative(unit, offset * count, precision, anchor)
        if period is None:
            return None
        start, end = period
        return DateMention(
            start, end, precision, "relative_to_publication",
            _planned(start, end, anchor, parts.future_at(pos)), text[span[0] : span[1]], span,
            month=start.month if precision != "year" else None,
            day=start.day if precision == "day" else None,
        )
    return None


@lru_cache(maxsize=None)
def _weekday_names(lang: str) -> dict[str, int]:
    """Lower-case weekday names of a language (0 = Monday) from CLDR, with the case
    forms of W.WEEKDAY_FORMS; empty for a language Babel does not know."""
    try:
        Locale.parse(_code(lang))
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    out: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for num, name in get_day_names("wide", context=context, locale=_code(lang)).items():
            out.setdefault(name.lower(), int(num))
    out.update(W.WEEKDAY_FORMS.get(lang, {}))
    return out


def _weekday_mention(
    rules: _Rules, name: str, text: str, span: tuple[int, int], anchor: _Anchor, parts: _Clauses
) -> DateMention | None:
    """"On Monday" in a story published on a known day: the latest Monday up to that day
    in a past clause, the next one after it in a future clause."""
    if anchor.precision != "day":
        return None
    wanted = _weekday_names(rules.lang).get(name.lower())
    if wanted is None:
        return None
    s, e = span
    after = re.match(r"[\s,]*(?:the\s+|le\s+|den\s+)?", text[e:e + 12])
    rest = e + (after.end() if after else 0)
    if text[rest:rest + 1].isdigit() or (rules.month_word is not None and rules.month_word.match(text, rest)):
        return None  # "on Monday, 12 May 2024": the date that follows says which Monday
    future = parts.future_at(s)
    published = anchor.first
    if future:
        day = published + dt.timedelta(days=(wanted - published.weekday() - 1) % 7 + 1)
    else:
        day = published - dt.timedelta(days=(published.weekday() - wanted) % 7)
    return DateMention(
        day, day, "day", "relative_to_publication", future, text[s:e], span, month=day.month, day=day.day,
    )


def _today_mention(
    rules: _Rules, text: str, span: tuple[int, int], anchor: _Anchor, parts: _Clauses
) -> DateMention | None:
    """"Today" as the publication day (or its month or year when only that is known),
    when the clause tells an act (past or future tense) and no "to date"/"nowadays"
    phrase holds the word (see W.TODAY)."""
    s, e = span
    lo = max(0, s - 30)
    for m in rules.not_today.finditer(text, lo, min(len(text), e + 30)):
        if m.start() < e and m.end() > s:
            return None
    if not parts.tells_act(s):
        return None
    precision = anchor.precision
    start, end = anchor.first, anchor.last
    return DateMention(
        start, end, precision, "relative_to_publication", parts.future_at(s), text[s:e], span,
        month=start.month if precision != "year" else None,
        day=start.day if precision == "day" else None,
    )


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


def _role(rules: _Rules, text: str, dm: DateMention) -> str:
    """What the date is to the act around it: "until" after a deadline word, "for" after a
    purpose preposition governed by a plan noun (W.ROLE_FOR_BEFORE), else "when"."""
    s, e = dm.span
    if rules.until_before.search(text[max(0, s - 40) : s]) or rules.until_after.match(text, e):
        return "until"
    # Turkish carries "'e kadar" inside the year's own word ("2030'a kadar").
    tail = rules.until_after.search(dm.text)
    if tail is not None and tail.end() == len(dm.text):
        return "until"
    if _for_before(rules, text, s):
        return "for"
    after = rules.for_after.match(text, e)
    if after is not None and _plan_noun_after(rules, text, after.end()):
        return "for"
    return "when"


def _with_roles(rules: _Rules, text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Mentions with their role; a date coordinated with the one before it ("на 2026−2027
    и 2028−2029 годы") shares its role."""
    out: list[DateMention] = []
    for dm in mentions:
        role = _role(rules, text, dm)
        if role == "when" and out and out[-1].role != "when":
            prev = out[-1]
            if rules.coordination.fullmatch(text, prev.span[1], dm.span[0]):
                role = prev.role
        out.append(dataclasses.replace(dm, role=role) if role != dm.role else dm)
    return out


# --- Public API ----------------------------------------------------------------------------


def extract_dates(
    text: str, lang: str, published: dt.date | None = None, published_precision: str = "day"
) -> list[DateMention]:
    """Dates and periods in ``text`` (a sentence or more), sorted and non-overlapping.

    Day/month dates without a year take the publication year (or the one before, when
    that would put a past event after publication; the one after, when a future clause
    would put it before publication); without a publication date they keep month/day
    with ``basis='year_unknown'``. Relative expressions ("last year", "в прошлом году",
    "today") need a publication date and are otherwise skipped. ``published_precision``
    says how much of ``published`` is known (``day``, or ``month``/``year`` for a date
    read from a URL such as /2021/08/: ``published`` is then the period's first day, and
    its last day is the "not after" bound).
    """
    if not text:
        return []
    if published_precision not in PRECISIONS:
        raise ValueError(f"published_precision must be one of {PRECISIONS}, not {published_precision!r}")
    rules = _rules(lang)
    found, invalid = _candidates(text, rules, _anchor(published, published_precision))
    return _with_roles(rules, text, _select(found, invalid))


#: A dateline's date comes first or after a short label ("News, ", "Published: ");
#: a date deeper in the line is the article's content, not its publication date.
_DATELINE_MAX_WORDS_BEFORE = 3


def parse_dateline(line: str, lang: str = "en") -> dt.date | None:
    """The publication date of a header line: a full stated date (day, month,
    year) at its start or after a short label; None for lines without one.

    The given language is tried first (it decides 11/17/2021 vs 17.11.2021), then
    the others, so a Russian dateline in an article of unknown language still reads.
    """
    if not line or not any(ch.isdigit() for ch in line):
        return None
    first = _code(lang)
    for code in (first, *(c for c in LANGS if c != first)):
        for dm in extract_dates(line, code, None):
            if len(line[: dm.span[0]].split()) > _DATELINE_MAX_WORDS_BEFORE:
                break
            if dm.precision == "day" and dm.basis == "stated" and dm.start is not None and dm.start == dm.end:
                return dm.start
    return None


def is_planned(text: str, lang: str) -> bool:
    """True when the text (a clause, or a sentence) carries a plan/future marker
    (prévu, планируется, will, жоспарланған, wird, previsto, planea, planlanan, ...)."""
    return bool(text) and _first_future_marker(_rules(lang), text.lower()) is not None
