"""The dashboard's filters as one immutable value: applying them to the events
frame, the header counts of a selection, the choices each filter offers, and the
round trip through the URL query string. Decoding a query never raises: bad dates,
unknown values, over-long strings and oversized lists are dropped with a notice,
because a shared link is user input and must not produce a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any, Iterable, Mapping

import pandas as pd

#: Limits for URL values: anything longer or more numerous is user error or an attack.
MAX_VALUE_LEN = 200
MAX_ITEMS = 50
MAX_TEXT_LEN = 200

#: Query-string keys, short so that shared links stay readable. The articles'
#: language is src_lang: ?lang= names the interface language (kzatlas.viz.i18n).
Q_FROM, Q_TO = "from", "to"
Q_COUNTRY, Q_INST, Q_KIND, Q_TOPIC, Q_LANG = "country", "inst", "kind", "topic", "src_lang"
Q_TEXT, Q_PLANNED, Q_UNDATED, Q_EVENT = "q", "planned", "undated", "event"
QUERY_KEYS = (Q_FROM, Q_TO, Q_COUNTRY, Q_INST, Q_KIND, Q_TOPIC, Q_LANG, Q_TEXT, Q_PLANNED, Q_UNDATED, Q_EVENT)

#: Filter field → (query key, label used in notices).
_LIST_FIELDS = {
    "countries": (Q_COUNTRY, "partner country"),
    "institutions": (Q_INST, "institution"),
    "kinds": (Q_KIND, "kind"),
    "topics": (Q_TOPIC, "topic"),
    "languages": (Q_LANG, "language"),
}


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the events to; the default value selects everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()  # ISO alpha-2 of partner countries
    institutions: tuple[str, ...] = ()  # partner or Kazakh-side names
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # language of the evidence sentence
    text: str = ""
    include_planned: bool = True
    include_undated: bool = True

    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take in a data set (sorted), and its date bounds."""

    countries: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    event_ids: frozenset[str] = field(default_factory=frozenset)


def _flat(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for v in values:
        if isinstance(v, (list, tuple)):
            out.extend(str(x) for x in v if str(x))
        elif v is not None and str(v) != "":
            out.append(str(v))
    return out


def filter_options(events: pd.DataFrame) -> FilterOptions:
    """The choices offered by the sidebar, taken from the (unfiltered) events."""
    starts = events["start"].dropna() if "start" in events else pd.Series([], dtype="datetime64[ns]")
    ends = events["end"].dropna() if "end" in events else pd.Series([], dtype="datetime64[ns]")
    return FilterOptions(
        countries=tuple(sorted(set(_flat(events["partner_countries"])))),
        institutions=tuple(sorted(set(_flat(events["partners"])) | set(_flat(events["kazakh_side"])), key=str.casefold)),
        kinds=tuple(sorted(set(_flat(events["kind"])))),
        topics=tuple(sorted(set(_flat(events["topics"])))),
        languages=tuple(sorted(set(_flat(events["language"])))),
        min_date=starts.min().date() if len(starts) else None,
        max_date=ends.max().date() if len(ends) else None,
        event_ids=frozenset(events["event_id"]),
    )


def _any_in(series: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return series.map(lambda vs: bool(wanted_set.intersection(vs if isinstance(vs, (list, tuple)) else (vs,))))


def apply_filters(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The events that pass every filter (a new frame; the input is untouched).

    Undated events are kept or dropped by ``include_undated`` alone: a date range
    cannot say anything about them. Dated events pass a date range when their
    period overlaps it.
    """
    mask = pd.Series(True, index=events.index)
    undated = events["start"].isna()
    if not f.include_undated:
        mask &= ~undated
    if not f.include_planned:
        mask &= ~events["planned"].astype(bool)
    if f.date_from is not None:
        mask &= undated | (events["end"] >= pd.Timestamp(f.date_from))
    if f.date_to is not None:
        mask &= undated | (events["start"] <= pd.Timestamp(f.date_to))
    if f.countries:
        mask &= _any_in(events["partner_countries"], f.countries)
    if f.institutions:
        inst = set(f.institutions)
        hits = [bool(inst.intersection(p) or inst.intersection(k)) for p, k in zip(events["partners"], events["kazakh_side"])]
        mask &= pd.Series(hits, index=events.index, dtype=bool)
    if f.kinds:
        mask &= events["kind"].isin(f.kinds)
    if f.topics:
        mask &= _any_in(events["topics"], f.topics)
    if f.languages:
        mask &= events["language"].isin(f.languages)
    if f.text.strip():
        needle = f.text.strip().casefold()
        mask &= events["search_text"].str.contains(needle, regex=False)
    return events[mask].copy()


def apply_brush(events: pd.DataFrame, brush: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """The events whose period overlaps the timeline brush; undated ones drop out
    (they are not on the timeline, so a brush cannot have chosen them)."""
    if brush is None:
        return events.copy()
    lo, hi = pd.Timestamp(brush[0]), pd.Timestamp(brush[1])
    mask = events["start"].notna() & (events["end"] >= lo) & (events["start"] <= hi)
    return events[mask].copy()


def _distinct(col: pd.Series) -> int:
    return len(set(chain.from_iterable(col.tolist())))


def counts(events: pd.DataFrame) -> dict[str, int]:
    """Header numbers of a selection: events, distinct partners, partner countries, articles."""
    return {
        "events": int(len(events)),
        "partners": _distinct(events["partners"]),
        "countries": _distinct(events["partner_countries"]),
        "articles": _distinct(events["article_ids"]),
    }


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    try:
        from babel import Locale

        return {k: str(v) for k, v in Locale("en").territories.items()}
    except Exception:  # babel data missing: fall back to the codes themselves
        return {}


def country_name(code: str) -> str:
    """English CLDR name of an ISO alpha-2 code; the code itself when unknown."""
    if not code:
        return "Unknown"
    return _territories().get(code.upper(), code)


# ---------------------------------------------------------------- URL query

def filters_to_query(f: Filters, event: str | None = None) -> dict[str, str | list[str]]:
    """The query-string form of a view: only non-default filters, lists as repeated keys."""
    q: dict[str, str | list[str]] = {}
    if f.date_from is not None:
        q[Q_FROM] = f.date_from.isoformat()
    if f.date_to is not None:
        q[Q_TO] = f.date_to.isoformat()
    for name, (key, _label) in _LIST_FIELDS.items():
        values = getattr(f, name)
        if values:
            q[key] = list(values)
    if f.text:
        q[Q_TEXT] = f.text
    if not f.include_planned:
        q[Q_PLANNED] = "0"
    if not f.include_undated:
        q[Q_UNDATED] = "0"
    if event:
        q[Q_EVENT] = event
    return q


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _single(q: Mapping[str, Any], key: str) -> str | None:
    values = _as_list(q.get(key))
    return values[-1] if values else None


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _parse_date(text: str | None, key: str, notices: list[str]) -> dt.date | None:
    if text is None or text == "":
        return None
    if len(text) > 10:
        notices.append(f"Ignored the '{key}' date in the link: it is not a date (YYYY-MM-DD).")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notices.append(f"Ignored the '{key}' date in the link: {_short(text)!r} is not a date (YYYY-MM-DD).")
        return None


def _parse_flag(text: str | None, key: str, notices: list[str]) -> bool:
    if text is None:
        return True
    t = text.strip().lower()
    if t in ("0", "false", "no", "off"):
        return False
    if t not in ("1", "true", "yes", "on", ""):
        notices.append(f"Ignored '{key}={_short(text)}' in the link: expected 0 or 1.")
    return True


def filters_from_query(q: Mapping[str, Any], options: FilterOptions | None = None) -> tuple[Filters, list[str]]:
    """The Filters a query string describes, and notices about what was ignored.

    With ``options``, list values not present in the data are dropped (with a
    notice); without, only length limits apply.
    """
    notices: list[str] = []
    date_from = _parse_date(_single(q, Q_FROM), Q_FROM, notices)
    date_to = _parse_date(_single(q, Q_TO), Q_TO, notices)
    if date_from and date_to and date_from > date_to:
        notices.append("The link's date range was reversed; swapped 'from' and 'to'.")
        date_from, date_to = date_to, date_from
    lists: dict[str, tuple[str, ...]] = {}
    for name, (key, label) in _LIST_FIELDS.items():
        raw = _as_list(q.get(key))
        if len(raw) > MAX_ITEMS:
            notices.append(f"The link lists {len(raw)} values for {label}; kept the first {MAX_ITEMS}.")
            raw = raw[:MAX_ITEMS]
        allowed = set(getattr(options, name)) if options is not None else None
        kept: list[str] = []
        too_long = 0
        unknown: list[str] = []
        for v in raw:
            if len(v) > MAX_VALUE_LEN:
                too_long += 1
            elif not v:
                continue
            elif allowed is not None and v not in allowed:
                unknown.append(v)
            elif v not in kept:
                kept.append(v)
        if too_long:
            notices.append(f"Ignored {too_long} over-long {label} value(s) in the link.")
        if unknown:
            shown = ", ".join(repr(_short(u)) for u in unknown[:3]) + (" …" if len(unknown) > 3 else "")
            notices.append(f"Ignored unknown {label} value(s) in the link: {shown}.")
        lists[name] = tuple(kept)
    text = _single(q, Q_TEXT) or ""
    if len(text) > MAX_TEXT_LEN:
        notices.append(f"The search text in the link was longer than {MAX_TEXT_LEN} characters; ignored it.")
        text = ""
    f = Filters(
        date_from=date_from,
        date_to=date_to,
        text=text,
        include_planned=_parse_flag(_single(q, Q_PLANNED), Q_PLANNED, notices),
        include_undated=_parse_flag(_single(q, Q_UNDATED), Q_UNDATED, notices),
        **lists,
    )
    return f, notices


def event_from_query(q: Mapping[str, Any], event_ids: Iterable[str]) -> tuple[str | None, list[str]]:
    """The event id a link opens, or None with a notice when it is unknown or malformed."""
    value = _single(q, Q_EVENT)
    if not value:
        return None, []
    if len(value) > MAX_VALUE_LEN:
        return None, ["The event id in the link is too long; ignored it."]
    if value not in set(event_ids):
        return None, [f"The link's event {_short(value)!r} is not in this data set (it may have been rebuilt)."]
    return value, []
