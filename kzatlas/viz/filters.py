"""The dashboard's filters as one immutable value, the choices each filter offers,
what a search text names, and the round trip through the URL query string
(kzatlas.viz.engine applies the filters to the events and counts a selection). Decoding a query never raises: bad dates,
unknown values, over-long strings and oversized lists are dropped with a notice,
because a shared link is user input and must not produce a traceback.

The free-text search also finds a place or an institution by any of its names in
any script (``Байконур``, ``Baïkonour`` → the Baikonur events; ``ОИЯИ`` → JINR)
through the gazetteer and the GeoNames place index of ``kzatlas.extract``: the
needle (``search_targets``) and each event's place (``canonical_place``) are both
resolved to their canonical entry, so the data's spelling does not matter. A date
range leaves out undated events (a range says nothing about them) unless
``undated_in_range`` keeps them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Container, Mapping

from kzatlas.viz.i18n import ENGLISH, N_, Translator

#: Limits for URL values: anything longer or more numerous is user error or an attack.
MAX_VALUE_LEN = 200
MAX_ITEMS = 50
MAX_TEXT_LEN = 200

#: Query-string keys, short so that shared links stay readable. The articles'
#: language is src_lang: ?lang= names the interface language (kzatlas.viz.i18n).
Q_FROM, Q_TO = "from", "to"
Q_COUNTRY, Q_INST, Q_KIND, Q_TOPIC, Q_LANG = "country", "inst", "kind", "topic", "src_lang"
Q_TEXT, Q_PLANNED, Q_UNDATED, Q_EVENT = "q", "planned", "undated", "event"
Q_UNDATED_IN_RANGE = "undated_in_range"
QUERY_KEYS = (Q_FROM, Q_TO, Q_COUNTRY, Q_INST, Q_KIND, Q_TOPIC, Q_LANG, Q_TEXT, Q_PLANNED, Q_UNDATED, Q_EVENT,
              Q_UNDATED_IN_RANGE)

#: Filter field → (query key, label used in notices, translated where shown).
_LIST_FIELDS = {
    "countries": (Q_COUNTRY, N_("partner country")),
    "institutions": (Q_INST, N_("institution")),
    "kinds": (Q_KIND, N_("kind")),
    "topics": (Q_TOPIC, N_("topic")),
    "languages": (Q_LANG, N_("language")),
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
    #: Keep undated events when a date range is set (they are left out by default).
    undated_in_range: bool = False

    def is_default(self) -> bool:
        return self == Filters()

    def has_range(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def keeps_undated(self) -> bool:
        """Whether undated events pass: wanted at all, and kept when a range is set."""
        return self.include_undated and (self.undated_in_range or not self.has_range())


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


# ---------------------------------------------------------------- search by any name


@dataclass(frozen=True)
class SearchTargets:
    """What a search text names, resolved: canonical places ((name, country code)),
    countries (ISO alpha-2) and gazetteer institution ids."""

    places: frozenset[tuple[str, str]] = frozenset()
    countries: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.places or self.countries or self.institutions)


@lru_cache(maxsize=1)
def _name_index() -> tuple[Any, Any] | None:
    """The gazetteer and the place index, loaded once; None when they cannot be
    (the search then matches text only, which is what it did before)."""
    try:
        from kzatlas.extract.institutions import Gazetteer
        from kzatlas.extract.places import PlaceIndex

        return Gazetteer.load(), PlaceIndex.default()
    except Exception:  # noqa: BLE001 — a broken index must not break the page
        return None


#: Needles shorter than this are matched as text only (a two-letter word names too much).
MIN_RESOLVE_LEN = 3


@lru_cache(maxsize=256)
def search_targets(text: str) -> SearchTargets:
    """The places and institutions a search text names, in any language or script."""
    needle = " ".join(text.split())
    index = _name_index() if len(needle) >= MIN_RESOLVE_LEN else None
    if index is None:
        return SearchTargets()
    gazetteer, places = index
    found_places: set[tuple[str, str]] = set()
    countries: set[str] = set()
    try:
        place = places.lookup(needle)
    except Exception:  # noqa: BLE001
        place = None
    if place is not None:
        if place.precision == "country":
            countries.add(place.country_code)
        else:
            found_places.add((place.name, place.country_code))
    insts: set[str] = set()
    try:
        mentions = gazetteer.find(needle)
    except Exception:  # noqa: BLE001
        mentions = []
    for m in mentions:
        # The needle must be (nearly) the name, not a sentence that happens to contain one.
        if m.source == "gazetteer" and len(m.text) >= 0.6 * len(needle):
            insts.add(m.institution.id)
    return SearchTargets(frozenset(found_places), frozenset(countries), frozenset(insts))


@lru_cache(maxsize=65536)
def canonical_place(name: str, country_code: str) -> tuple[str, str] | None:
    """The place index's (name, country code) of a place as the data spells it."""
    index = _name_index()
    if index is None or not name:
        return None
    try:
        place = index[1].lookup(name, country_code)
    except Exception:  # noqa: BLE001
        return None
    return None if place is None else (place.name, place.country_code)


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
    if f.undated_in_range:
        q[Q_UNDATED_IN_RANGE] = "1"
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


def _parse_date(text: str | None, key: str, notices: list[str], T: Translator = ENGLISH) -> dt.date | None:
    if text is None or text == "":
        return None
    if len(text) > 10:
        notices.append(T.gettext("Ignored the '{key}' date in the link: it is not a date (YYYY-MM-DD).").format(key=key))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notices.append(T.gettext("Ignored the '{key}' date in the link: {value} is not a date (YYYY-MM-DD).")
                       .format(key=key, value=repr(_short(text))))
        return None


def _parse_flag(text: str | None, key: str, notices: list[str], default: bool = True,
                T: Translator = ENGLISH) -> bool:
    if text is None:
        return default
    t = text.strip().lower()
    if t in ("0", "false", "no", "off"):
        return False
    if t in ("1", "true", "yes", "on"):
        return True
    if t != "":
        notices.append(T.gettext("Ignored '{key}={value}' in the link: expected 0 or 1.")
                       .format(key=key, value=_short(text)))
    return default


def filters_from_query(q: Mapping[str, Any], options: FilterOptions | None = None,
                       T: Translator = ENGLISH) -> tuple[Filters, list[str]]:
    """The Filters a query string describes, and notices (in ``T``'s language) about
    what was ignored.

    With ``options``, list values not present in the data are dropped (with a
    notice); without, only length limits apply.
    """
    notices: list[str] = []
    date_from = _parse_date(_single(q, Q_FROM), Q_FROM, notices, T)
    date_to = _parse_date(_single(q, Q_TO), Q_TO, notices, T)
    if date_from and date_to and date_from > date_to:
        notices.append(T.gettext("The link's date range was reversed; swapped 'from' and 'to'."))
        date_from, date_to = date_to, date_from
    lists: dict[str, tuple[str, ...]] = {}
    for name, (key, label_id) in _LIST_FIELDS.items():
        label = T.gettext(label_id)
        raw = _as_list(q.get(key))
        if len(raw) > MAX_ITEMS:
            notices.append(T.gettext("The link lists {n} values for {label}; kept the first {kept}.")
                           .format(n=len(raw), label=label, kept=MAX_ITEMS))
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
            notices.append(T.gettext("Ignored {n} over-long {label} value(s) in the link.")
                           .format(n=too_long, label=label))
        if unknown:
            shown = ", ".join(repr(_short(u)) for u in unknown[:3]) + (" …" if len(unknown) > 3 else "")
            notices.append(T.gettext("Ignored unknown {label} value(s) in the link: {values}.")
                           .format(label=label, values=shown))
        lists[name] = tuple(kept)
    text = _single(q, Q_TEXT) or ""
    if len(text) > MAX_TEXT_LEN:
        notices.append(T.gettext("The search text in the link was longer than {n} characters; ignored it.")
                       .format(n=MAX_TEXT_LEN))
        text = ""
    f = Filters(
        date_from=date_from,
        date_to=date_to,
        text=text,
        include_planned=_parse_flag(_single(q, Q_PLANNED), Q_PLANNED, notices, T=T),
        include_undated=_parse_flag(_single(q, Q_UNDATED), Q_UNDATED, notices, T=T),
        undated_in_range=_parse_flag(_single(q, Q_UNDATED_IN_RANGE), Q_UNDATED_IN_RANGE, notices, default=False,
                                     T=T),
        **lists,
    )
    return f, notices


def event_from_query(q: Mapping[str, Any], event_ids: Container[str],
                     T: Translator = ENGLISH) -> tuple[str | None, list[str]]:
    """The event id a link opens, or None with a notice when it is unknown or malformed."""
    value = _single(q, Q_EVENT)
    if not value:
        return None, []
    if len(value) > MAX_VALUE_LEN:
        return None, [T.gettext("The event id in the link is too long; ignored it.")]
    if value not in event_ids:
        return None, [T.gettext("The link's event {value} is not in this data set (it may have been rebuilt).")
                      .format(value=repr(_short(value)))]
    return value, []
