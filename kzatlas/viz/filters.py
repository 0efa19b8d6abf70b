"""The dashboard's filters as one immutable value, the choices each filter offers,
and the round trip through the URL query string (kzatlas.viz.engine applies them
to the events and counts a selection). Decoding a query never raises: bad dates,
unknown values, over-long strings and oversized lists are dropped with a notice,
because a shared link is user input and must not produce a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Container, Mapping


#: Limits for URL values: anything longer or more numerous is user error or an attack.
MAX_VALUE_LEN = 200
MAX_ITEMS = 50
MAX_TEXT_LEN = 200

#: Query-string keys, short so that shared links stay readable.
Q_FROM, Q_TO = "from", "to"
Q_COUNTRY, Q_INST, Q_KIND, Q_TOPIC, Q_LANG = "country", "inst", "kind", "topic", "lang"
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
    """What the user narrowed the events to; the default value selects everything.

    Undated events are kept or dropped by ``include_undated`` alone (a date range
    cannot say anything about them); dated events pass a date range when their
    period overlaps it. List fields match when an event has any of the values."""

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
    event_ids: Container[str] = field(default_factory=frozenset)  # membership only


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


def event_from_query(q: Mapping[str, Any], event_ids: Container[str]) -> tuple[str | None, list[str]]:
    """The event id a link opens, or None with a notice when it is unknown or malformed."""
    value = _single(q, Q_EVENT)
    if not value:
        return None, []
    if len(value) > MAX_VALUE_LEN:
        return None, ["The event id in the link is too long; ignored it."]
    if value not in event_ids:
        return None, [f"The link's event {_short(value)!r} is not in this data set (it may have been rebuilt)."]
    return value, []
