"""Interface languages: every string the dashboard shows comes from a gettext
message catalog, and every date, number, country and language name from CLDR
through Babel, in the chosen locale. English is the source language (its strings
are the message ids, so it needs no catalog); each other language has
``locales/<lang>/LC_MESSAGES/messages.po``, and a language is offered as soon as
its catalog exists. A ``.po`` is compiled to ``.mo`` on first use when the ``.mo``
is missing or older, and kept in memory when the folder is read-only (an
installed package, a locked-down host). ``python -m kzatlas i18n`` extracts,
updates, checks and compiles the catalogs.

:func:`translator` gives the one object a page or an export needs: ``gettext``,
``ngettext``, ``pgettext`` and the formatters. Dates are shown at their precision
with CLDR's own patterns: ``4 октября 2023 г.``, ``октябрь 2023 г.``, ``2023``;
Kazakh CLDR (47) puts the year first, ``2023 ж. 4 қазан``, as the Kazakh
standard for dates does ("2023 жылғы 4 қазан"). Institution and place names go
through :mod:`kzatlas.viz.names`; article text is never translated.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gettext
import io
import logging
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from kzatlas.viz import names

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: Query-string key of the interface language (?lang=kk).
Q_UI_LANG = "lang"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translated where shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks a string with its context (the same English word can need two
    translations: a "visit" is сапар, the topic "space" ғарыш); translate with
    ``T.pgettext(*value)``."""
    return context, message


#: Labels of the data's coded values. The keys are the extractor's kinds and topics
#: (kzatlas/extract/rules: event_words.KIND_WORDS, topics.TOPIC_STEMS, plus the
#: undated "partnership"); a test fails when one has no label here.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "agreement": NP_("event kind", "agreement"),
    "visit": NP_("event kind", "visit"),
    "forum": NP_("event kind", "forum"),
    "meeting": NP_("event kind", "meeting"),
    "founding": NP_("event kind", "founding"),
    "programme": NP_("event kind", "programme"),
    "plan": NP_("event kind", "plan"),
    "partnership": NP_("event kind", "partnership"),
}
TOPIC_LABELS: dict[str, tuple[str, str]] = {
    "space": NP_("topic", "space"),
    "nuclear": NP_("topic", "nuclear"),
    "ai_digital": NP_("topic", "AI and digital"),
    "energy": NP_("topic", "energy"),
    "agriculture": NP_("topic", "agriculture"),
    "education": NP_("topic", "education"),
    "health": NP_("topic", "health"),
    "environment": NP_("topic", "environment"),
    "physics_science": NP_("topic", "physics and basic science"),
}

@lru_cache(maxsize=8192)
def _formatted_number(n: float, lang: str) -> str:
    # Babel parses the locale's pattern on every call; a map formats thousands of counts.
    return format_decimal(n, locale=names.cldr_locale(lang))


@lru_cache(maxsize=8192)
def _formatted_date(lang: str, skeleton: str, start: dt.date, end: dt.date | None) -> str:
    # Babel matches the skeleton to a pattern on every call; a table shows a thousand dates.
    locale = names.cldr_locale(lang)
    if end is None:
        return format_skeleton(skeleton, start, locale=locale)
    return format_interval(start, end, skeleton, locale=locale)


#: CLDR skeletons per date precision (the locale turns each into its own pattern).
_SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
_PARTIAL = re.compile(r"--(\d\d)(?:-(\d\d))?")
#: Year for day-and-month dates whose year is unknown: a leap year, so --02-29 formats.
_ANY_LEAP_YEAR = 2000


# ---------------------------------------------------------------- catalogs


def po_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return po_path(lang, locales_dir).with_suffix(".mo")


def catalog_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """Languages with a catalog (sorted)."""
    if not locales_dir.is_dir():
        return ()
    return tuple(sorted(p.name for p in locales_dir.iterdir() if po_path(p.name, locales_dir).is_file()))


def interface_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """The languages the interface can be shown in: English, then those with a catalog."""
    return (SOURCE_LANGUAGE, *(lang for lang in catalog_languages(locales_dir) if lang != SOURCE_LANGUAGE))


def compile_po(po_file: Path, lang: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file; fuzzy entries are left out (untranslated)."""
    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _mo_is_fresh(po_file: Path, mo_file: Path) -> bool:
    return mo_file.is_file() and mo_file.stat().st_mtime >= po_file.stat().st_mtime


def load_translations(lang: str, locales_dir: Path = LOCALES_DIR) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (compiling and saving it when stale), or a
    NullTranslations (the English strings) for English or a language without one."""
    po_file = po_path(lang, locales_dir)
    if lang == SOURCE_LANGUAGE or not po_file.is_file():
        return gettext.NullTranslations()
    mo_file = mo_path(lang, locales_dir)
    if _mo_is_fresh(po_file, mo_file):
        with mo_file.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    data = compile_po(po_file, lang)
    try:
        from kzatlas.fsio import atomic_write  # noqa: PLC0415 - only when a catalog changed

        atomic_write(mo_file, data)
    except OSError as exc:  # read-only install: the compiled catalog lives in memory only
        log.info("could not save %s (%s); using the catalog compiled in memory", mo_file, exc)
    return gettext.GNUTranslations(io.BytesIO(data))


@lru_cache(maxsize=16)
def _cached_translations(lang: str, po_mtime: float) -> gettext.NullTranslations:
    # po_mtime is only part of the key: an edited catalog is picked up without a restart.
    return load_translations(lang)


# ---------------------------------------------------------------- the translator


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _period_end(start: dt.date, precision: str) -> dt.date:
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    return start


@dataclass(frozen=True)
class Translator:
    """Messages and formats in one interface language."""

    lang: str
    catalog: gettext.NullTranslations

    @property
    def locale(self) -> Locale:
        return names.cldr_locale(self.lang)

    # -- messages (the names Babel's extractor looks for)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalog.pgettext(context, message)

    # -- values of the data

    # Cached like date() below: a map's 2,000 tooltips name the same few kinds and the
    # same partners on every filter change.
    @lru_cache(maxsize=256)  # noqa: B019 - Translators are few and live as long as their catalog
    def kind(self, kind: str) -> str:
        label = KIND_LABELS.get(kind)
        return self.pgettext(*label) if label else kind

    @lru_cache(maxsize=256)  # noqa: B019
    def topic(self, topic: str) -> str:
        label = TOPIC_LABELS.get(topic)
        return self.pgettext(*label) if label else topic

    def number(self, n: float) -> str:
        return _formatted_number(n, self.lang)

    def country(self, code: str) -> str:
        return names.country_name(code, self.lang) if code else self.gettext("unknown country")

    def language(self, code: str) -> str:
        return names.language_name(code, self.lang) if code else self.gettext("unknown language")

    @cached_property
    def _book(self) -> names.NameBook:
        # Looked up once per Translator (one per page run), not per name: finding the
        # book checks its files' times, which cost more than the lookups of a whole map.
        return names.name_book()

    @lru_cache(maxsize=65536)  # noqa: B019
    def institution(self, name: str, inst_id: str = "") -> str:
        return self._book.institution(name, inst_id, self.lang)

    def institutions(self, names_: Sequence[str], ids: Sequence[str] = ()) -> list[str]:
        """Names of a party list; ``ids`` run parallel to ``names_`` (shorter is fine)."""
        ids = list(ids) + [""] * (len(names_) - len(ids))
        return [self.institution(n, i) for n, i in zip(names_, ids)]

    def place(self, name: str, country: str = "", precision: str = "") -> str:
        if self.lang == SOURCE_LANGUAGE:
            return name  # places are stored under their English names
        return self._book.place(name, country, self.lang, precision)

    # Cached with the Translator in the key (equal for the same language and catalog):
    # a table shows a thousand dates on every filter change, most of them seen before.
    @lru_cache(maxsize=16384)  # noqa: B019 - Translators are few and live as long as their catalog
    def date(self, date_start: str, date_end: str = "", precision: str = "day", date_partial: str = "") -> str:
        """An event's date at its precision: a day, a month, a year, or a period
        (CLDR's interval pattern) when it runs past the precision's own end; the day
        and month alone when the year is unknown; "undated" otherwise."""
        start = _iso(date_start)
        if start is None:
            return self._partial(date_partial) if date_partial else self.gettext("undated")
        skeleton = _SKELETONS.get(precision, _SKELETONS["day"])
        end = _iso(date_end)
        if end is not None and end > _period_end(start, precision):
            return _formatted_date(self.lang, skeleton, start, end)
        return _formatted_date(self.lang, skeleton, start, None)

    def _partial(self, partial: str) -> str:
        parts = [_PARTIAL.fullmatch(p) for p in partial.split("/")]
        if not parts or not all(parts):
            return partial  # a form we do not know: shown as stored rather than guessed
        skeleton = "MMMMd" if parts[0].group(2) else "MMMM"  # type: ignore[union-attr]
        days = []
        for m in parts:
            try:
                days.append(dt.date(_ANY_LEAP_YEAR, int(m.group(1)), int(m.group(2) or 1)))  # type: ignore[union-attr]
            except ValueError:
                return partial
        if len(days) == 2 and days[1] > days[0]:
            return _formatted_date(self.lang, skeleton, days[0], days[1])
        return _formatted_date(self.lang, skeleton, days[0], None)


#: The source language's Translator: the default of every function that builds labels,
#: so callers that pass none get English.
ENGLISH = Translator(SOURCE_LANGUAGE, gettext.NullTranslations())


def translator(lang: str) -> Translator:
    """The Translator of ``lang``; English for a language without a catalog (mixing
    English words with another locale's date formats would help nobody)."""
    if lang not in interface_languages():
        lang = SOURCE_LANGUAGE
    po_file = po_path(lang)
    mtime = po_file.stat().st_mtime if po_file.is_file() else 0.0
    return Translator(lang, _cached_translations(lang, mtime))


# ---------------------------------------------------------------- choosing the language


def _primary(tag: str) -> str:
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def browser_languages(locale: str | None = None, accept_language: str | None = None) -> list[str]:
    """Primary language codes the browser asks for, best first: Streamlit's
    ``st.context.locale`` (navigator.language), then the Accept-Language header by
    its q values."""
    out: list[str] = []
    if locale:
        out.append(_primary(locale))
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        if not tag or tag == "*":
            continue
        q = 1.0
        m = re.search(r"q=([0-9.]+)", params)
        if m:
            try:
                q = float(m.group(1))
            except ValueError:
                q = 0.0
        weighted.append((-q, i, _primary(tag)))
    out += [code for _, _, code in sorted(weighted)]
    return list(dict.fromkeys(c for c in out if c))


def choose_language(
    query: Mapping[str, Any],
    browser: Iterable[str] = (),
    available: Sequence[str] | None = None,
) -> tuple[str, list[str]]:
    """The interface language: ``?lang=`` when it is one we have, else the first
    browser language we have, else English; with notices (in the chosen language)
    about a ``lang`` value that was ignored."""
    available = tuple(available) if available is not None else interface_languages()
    raw = query.get(Q_UI_LANG)
    values = [str(v) for v in raw] if isinstance(raw, (list, tuple)) else ([] if raw is None else [str(raw)])
    wanted = values[-1].strip().lower() if values else ""
    fallback = next((c for c in browser if c in available), SOURCE_LANGUAGE)
    if not wanted:
        return fallback, []
    if wanted in available:
        return wanted, []
    T = translator(fallback)
    shown = wanted if len(wanted) <= 12 else wanted[:11] + "…"
    notice = T.gettext("The link asks for the interface language “{code}”, which this atlas does not have; "
                       "showing {language}.").format(code=shown, language=names.own_language_name(fallback))
    return fallback, [notice]
