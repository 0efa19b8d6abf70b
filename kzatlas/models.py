"""Plain data types passed between the pipeline's stages: articles, the date,
institution and place mentions found in them, geocoded points and events. They
hold no logic beyond small conveniences, so every stage can be tested alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Span = tuple[int, int]

#: Date precision values, coarsest last.
PRECISIONS = ("day", "month", "year")
#: How a date was obtained.
DATE_BASES = (
    "stated",  # the text states day/month/year as needed
    "year_from_publication",  # day/month stated, year taken from the publication date
    "relative_to_publication",  # "last year", "exactly a year ago", "в прошлом году"
    "publication_date",  # the event is undated in the text; the article's date stands in
    "year_unknown",  # day/month stated, no year and no publication date: year stays unknown
)
#: What a date is to the act of its clause.
DATE_ROLES = (
    "when",  # the act's date
    "for",  # the period a plan/programme/strategy/roadmap is for ("a roadmap for 2025–2030")
    "until",  # a deadline or an extent up to a date ("until 2030", "до 2030 года", "2030 жылға дейін")
)
GEO_PRECISIONS = ("institution", "city", "region", "country")


@dataclass(frozen=True)
class DateMention:
    """A date or period found in a text.

    ``start``/``end`` are the first and last day of the period (equal for a single
    day); both are ``None`` when the year is unknown, in which case ``month``,
    ``day`` and ``end_month``/``end_day`` keep what the text states.
    """

    start: dt.date | None
    end: dt.date | None
    precision: str  # day | month | year
    basis: str  # one of DATE_BASES
    planned: bool
    text: str  # the exact matched text
    span: Span  # offsets into the text given to the extractor
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    role: str = "when"  # one of DATE_ROLES: "for"/"until" dates are not the act's date

    @property
    def year_known(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class Place:
    """A geocoded point: a city, region, country or an institution's own site."""

    name: str  # canonical English name
    country_code: str  # ISO 3166-1 alpha-2, "" when unknown
    lat: float
    lon: float
    precision: str  # one of GEO_PRECISIONS
    source: str  # override | gazetteer | cache | geonames | cldr | nominatim
    geonameid: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A city/region/country named in a text (possibly inflected: 'Алматыда')."""

    place: Place
    text: str
    span: Span


@dataclass(frozen=True)
class Institution:
    """One row of the curated gazetteer (or an institution found by a name pattern)."""

    id: str  # gazetteer id, or "x-<slug>" for one found by pattern
    name: str  # canonical English name
    kind: str  # university | academy | agency | research_centre | company | government | ...
    city: str
    country_code: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class InstitutionMention:
    """An institution named in a text; ``source`` is 'gazetteer' or 'pattern'."""

    institution: Institution
    text: str
    span: Span
    source: str


@dataclass
class Article:
    """One article as loaded from disk, with metadata from front matter or the text."""

    article_id: str
    path: str  # relative to the seeds folder, POSIX separators
    text: str  # full text as shown in the reader (front matter removed)
    title: str = ""
    url: str = ""
    published: dt.date | None = None
    published_basis: str = ""  # front_matter | dateline | url | ""
    published_precision: str = ""  # day | month | year ("" when unknown); ``published`` is the period's first day
    publisher: str = ""
    language: str = ""
    encoding: str = "utf-8"
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Event:
    """One act of cooperation between a Kazakh party and a foreign party."""

    kind: str
    date: DateMention | None
    planned: bool
    kazakh_side: list[Institution]
    partners: list[Institution]
    partner_countries: list[str]
    place: Place | None
    place_basis: str  # stated | partner | kazakh_side | country | ""
    origin: Place | None
    topics: list[str]
    article_id: str
    evidence: str
    evidence_span: Span
    confidence: float
    language: str
    date_basis_override: str = ""
