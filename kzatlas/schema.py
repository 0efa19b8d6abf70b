"""The one declaration of every output table: each field's name, type and meaning.

The writer orders and formats columns from it, the validator checks tables
against it (on write in the pipeline, on load in the dashboard), the README's data
dictionary is generated from it, and the tests compare all three. Several values in
one field are joined with ``|``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

from kzatlas.errors import SchemaError

if TYPE_CHECKING:  # the build never imports pandas; only the dashboard's loader passes frames
    import pandas as pd

LIST_SEP = "|"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str | int | float | bool | date | list
    meaning: str
    required: bool = False  # must be non-empty in every row
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    meaning: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


#: The grounding bases (kzatlas.extract.grounding), as documented in both tables.
GROUNDING_MEANING = (
    "gazetteer (curated), registry (world-universities list), name (a place or nationality inside the name), "
    "apposition (a place right after it), parent (a unit named after an abbreviation of an institution the "
    "article placed: 'CityU Council'), adjective (a nationality or country genitive before it, or a side: "
    "'с российской стороны'), next_sentence, article_country (the article's only foreign country; last of "
    "all, the one country of the towns abroad it names), sentence_city, opposite_party (the Kazakh side of an act that names no other: the party nothing else "
    "placed, opposite a foreign one), country (a whole country as the party), or empty when nothing placed it."
)

EVENTS = Table(
    "events",
    "events.csv",
    "One row per act of cooperation between a Kazakh party and a foreign party, "
    "merged across the articles that report it.",
    (
        Field(
            "event_id",
            "str",
            "Public, stable id: the first 12 hex digits of the SHA-1 of the JSON (sorted keys) of the event's kind, "
            "date and party ids; ?event= links and corrections.csv rows use it, and a rebuild keeps it unless the "
            "extracted kind, date or parties change.",
            True,
        ),
        Field("article_ids", "list", "Articles that report the event (file name stems).", True),
        Field("date_start", "date", "First day of the event's period (YYYY-MM-DD); empty when undated or the year is unknown."),
        Field("date_end", "date", "Last day of the period (the month's or year's last day for month or year precision)."),
        Field("date_precision", "str", "day, month or year; empty when undated.", False, ("", "day", "month", "year")),
        Field(
            "date_basis",
            "str",
            "stated; year_from_publication; relative_to_publication; publication_date (undated event, the "
            "article's date stands in); year_unknown (day and month stated, year not); empty when undated.",
            False,
            ("", "stated", "year_from_publication", "relative_to_publication", "publication_date", "year_unknown"),
        ),
        Field("date_partial", "str", "ISO 8601 partial date when the year is unknown, e.g. --06-13 or --06-13/--06-14."),
        Field("date_text", "str", "The date as written in the article."),
        Field("planned", "bool", "True when the text presents the event as planned or future."),
        Field(
            "kind",
            "str",
            "agreement, meeting, visit, forum, founding, programme or plan (undated standing partnerships are in "
            "relations.csv; 'partnership' only appears in builds made before they moved there).",
            True,
            ("agreement", "meeting", "visit", "forum", "founding", "programme", "plan", "partnership"),
        ),
        Field("kazakh_side", "list", "Canonical English names of the Kazakh parties."),
        Field("kazakh_side_ids", "list", "Gazetteer ids of the Kazakh parties (x-… for names found by pattern)."),
        Field(
            "kazakh_side_grounding",
            "list",
            "How each Kazakh party was placed, in the order of kazakh_side: " + GROUNDING_MEANING,
        ),
        Field("partners", "list", "Canonical English names of the foreign parties."),
        Field("partner_ids", "list", "Gazetteer ids of the foreign parties."),
        Field("partner_grounding", "list", "How each partner was placed, in the order of partners (as above)."),
        Field("partner_countries", "list", "ISO 3166-1 alpha-2 codes of the partners' countries."),
        Field("place_name", "str", "Where the event took place (or the partner's location)."),
        Field(
            "place_basis",
            "str",
            "stated (the text names the place), partner (the partner's location), kazakh_side, or country.",
            False,
            ("", "stated", "partner", "kazakh_side", "country"),
        ),
        Field("country_code", "str", "ISO 3166-1 alpha-2 code of the event's place."),
        Field("lat", "float", "Latitude of the event's place (WGS 84); empty when not geocoded."),
        Field("lon", "float", "Longitude of the event's place."),
        Field(
            "geo_precision",
            "str",
            "institution, city, region or country.",
            False,
            ("", "institution", "city", "region", "country"),
        ),
        Field("geo_source", "str", "override, gazetteer, cache, geonames, cldr or nominatim."),
        Field("origin_name", "str", "The Kazakh side's location (start of the map's arc)."),
        Field("origin_lat", "float", "Latitude of the Kazakh side's location."),
        Field("origin_lon", "float", "Longitude of the Kazakh side's location."),
        Field("topics", "list", "Topics from multilingual keyword lists (space, nuclear, ai_digital, energy, …)."),
        Field("evidence", "str", "The sentence that supports the event, exactly as in the article text.", True),
        Field("evidence_article_id", "str", "The article the evidence is quoted from.", True),
        Field("evidence_start", "int", "Character offset of the evidence in that article's text.", True),
        Field("evidence_end", "int", "End offset (exclusive) of the evidence.", True),
        Field("confidence", "float", "0–1: how sure the extractor is that this is a cooperation event.", True),
        Field("language", "str", "Language of the evidence sentence (en, ru, kk, fr).", True),
        Field("source_count", "int", "Number of articles reporting the event.", True),
        Field("corrected", "bool", "True when a row of corrections.csv changed this event."),
    ),
)

ARTICLES = Table(
    "articles",
    "articles.jsonl",
    "One JSON object per line per article, with its full text for the reader.",
    (
        Field("article_id", "str", "File name stem; unique.", True),
        Field("path", "str", "Path of the file under the seeds folder.", True),
        Field("title", "str", "Title from front matter, else the first line that reads as a headline."),
        Field("url", "str", "Original URL when known."),
        Field(
            "published",
            "date",
            "Publication date (YYYY-MM-DD) when known; the first day of the month or year when only that is known.",
        ),
        Field(
            "published_basis",
            "str",
            "Where the publication date comes from: front_matter, dateline (a date line at the top of the "
            "text) or url (a date in the page's address, such as /2023/11/30/); empty when unknown.",
            False,
            ("", "front_matter", "dateline", "url"),
        ),
        Field(
            "published_precision",
            "str",
            "How much of the publication date is known: day, month (a URL such as /2021/08/) or year; "
            "published then holds the period's first day, and dates without a year are resolved as "
            "not after its last day. Empty when unknown.",
            False,
            ("", "day", "month", "year"),
        ),
        Field("publisher", "str", "Publisher from front matter or a 'Source:' line."),
        Field("language", "str", "Main language: en, ru, kk, fr, or another code.", True),
        Field("languages", "list", "All languages found in its sentences."),
        Field("encoding", "str", "Encoding the file was decoded from.", True),
        Field("sha256", "str", "SHA-256 of the decoded text; finds duplicates.", True),
        Field("event_count", "int", "Events taken from this article.", True),
        Field("text", "str", "Full text (front matter removed); evidence offsets point into it.", True),
    ),
)

EVENT_SOURCES = Table(
    "event_sources",
    "event_sources.csv",
    "One row per (event, article): where each article supports an event, for switching sources in the reader.",
    (
        Field("event_id", "str", "The event.", True),
        Field("article_id", "str", "An article that reports it.", True),
        Field("evidence", "str", "The supporting sentence in that article.", True),
        Field("evidence_start", "int", "Offset of the sentence in the article text.", True),
        Field("evidence_end", "int", "End offset (exclusive).", True),
        Field("language", "str", "Language of the sentence.", True),
        Field("date_text", "str", "The date as written in that article."),
    ),
)

RELATIONS = Table(
    "relations",
    "relations.csv",
    "One row per standing partnership an article states without an act or a date ('KazNU and X develop "
    "cooperation', 'a double-degree programme runs with X'): context for the map, not events.",
    (
        Field("relation_id", "str", "SHA-1 (12 hex digits) of the JSON of the party ids; stable across rebuilds.", True),
        Field("article_ids", "list", "Articles that state the relation.", True),
        Field("kazakh_side", "list", "Canonical English names of the Kazakh parties."),
        Field("kazakh_side_ids", "list", "Gazetteer ids of the Kazakh parties (x-… for names found by pattern)."),
        Field("partners", "list", "Canonical English names of the foreign parties.", True),
        Field("partner_ids", "list", "Gazetteer ids of the foreign parties.", True),
        Field("partner_grounding", "list", "How each partner was placed (see events.csv's partner_grounding)."),
        Field("partner_countries", "list", "ISO 3166-1 alpha-2 codes of the partners' countries."),
        Field("place_name", "str", "The partner's location."),
        Field("country_code", "str", "ISO 3166-1 alpha-2 code of that place."),
        Field("lat", "float", "Latitude (WGS 84); empty when not geocoded."),
        Field("lon", "float", "Longitude."),
        Field("geo_precision", "str", "institution, city, region or country.", False,
              ("", "institution", "city", "region", "country")),
        Field("evidence", "str", "The sentence that states the relation, exactly as in the article text.", True),
        Field("evidence_article_id", "str", "The article the evidence is quoted from.", True),
        Field("evidence_start", "int", "Character offset of the evidence in that article's text.", True),
        Field("evidence_end", "int", "End offset (exclusive) of the evidence.", True),
        Field("language", "str", "Language of the evidence sentence.", True),
    ),
)

TABLES: tuple[Table, ...] = (EVENTS, ARTICLES, EVENT_SOURCES, RELATIONS)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def format_value(field: Field, value: object) -> str:
    """The text form of one value as written to CSV (deterministic, no locale)."""
    if value is None:
        return ""
    if isinstance(value, str):  # already text (e.g. read back from a CSV): keep it as it is
        return value
    if field.type == "list":
        return LIST_SEP.join(str(v) for v in value)  # type: ignore[union-attr]
    if field.type == "bool":
        return "true" if value else "false"
    if field.type == "float":
        if value == "":
            return ""
        return f"{float(value):.6f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]
    return str(value)


def _check_value(field: Field, text: str) -> str | None:
    """An error message for a bad text value, or None."""
    if text == "":
        return "empty" if field.required else None
    if field.choices and text not in field.choices:
        return f"{text!r} not in {field.choices}"
    try:
        if field.type == "int":
            int(text)
        elif field.type == "float":
            float(text)
        elif field.type == "bool" and text not in ("true", "false", "True", "False"):
            return f"{text!r} is not a boolean"
        elif field.type == "date":
            if not _DATE_RE.match(text):
                return f"{text!r} is not YYYY-MM-DD"
            import datetime as _dt

            _dt.date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a valid {field.type}"
    return None


def validate_rows(table: Table, columns: Iterable[str], rows: Iterable[Mapping[str, object]], limit: int = 10) -> None:
    """Raise SchemaError naming the table, columns and first bad values; text values expected.

    Checked column by column over each column's distinct values, so 100,000 rows with
    repeating values (kinds, dates, countries) cost little more than reading them.
    """
    columns = list(columns)
    missing = [c for c in table.columns if c not in columns]
    extra = [c for c in columns if c not in table.columns]
    if missing or extra:
        raise SchemaError(f"table {table.name!r}: missing columns {missing}, unexpected columns {extra}")
    rows = rows if isinstance(rows, list) else list(rows)
    problems: list[tuple[int, str]] = []
    for f in table.fields:
        verdict: dict[str, str | None] = {}
        for i, row in enumerate(rows):
            value = row.get(f.name, "")
            text = "" if value is None else str(value)
            if text == "nan":
                text = ""
            if text not in verdict:
                verdict[text] = _check_value(f, text)
            msg = verdict[text]
            if msg:
                problems.append((i, f"row {i}, column {f.name!r}: {msg}"))
                if len(problems) >= limit:
                    break
        if len(problems) >= limit:
            break
    if problems:
        problems.sort(key=lambda p: p[0])
        shown = [msg for _, msg in problems[:limit]]
        raise SchemaError(f"table {table.name!r} does not match its schema:\n  " + "\n  ".join(shown))


def validate_frame(table: Table, frame: "pd.DataFrame", limit: int = 10) -> None:
    """Like validate_rows, for a pandas frame of text columns (the dashboard's loader):
    vectorised, so 100,000 events validate in a fraction of a second. The frame is
    not changed."""
    import pandas as pd  # noqa: PLC0415 - the build never needs pandas

    columns = list(frame.columns)
    missing = [c for c in table.columns if c not in columns]
    extra = [c for c in columns if c not in table.columns]
    if missing or extra:
        raise SchemaError(f"table {table.name!r}: missing columns {missing}, unexpected columns {extra}")
    problems: list[tuple[int, str]] = []
    for f in table.fields:
        col = frame[f.name]
        if col.dtype != object:
            col = col.astype(object)
        empty = col == ""
        bad = pd.Series(False, index=col.index)
        if f.required:
            bad |= empty
        if f.choices:
            bad |= ~col.isin(f.choices)
        elif f.type in ("int", "float"):
            bad |= pd.to_numeric(col.where(~empty, "0"), errors="coerce").isna()
        elif f.type == "bool":
            bad |= ~col.isin(("true", "false", "True", "False", ""))
        elif f.type == "date":
            parsed = pd.to_datetime(col.where(~empty, "2000-01-01"), format="%Y-%m-%d", errors="coerce")
            bad |= parsed.isna() | (~empty & ~col.str.fullmatch(r"\d{4}-\d{2}-\d{2}"))
        for i in list(bad[bad].index[:limit]):
            pos = frame.index.get_loc(i)
            problems.append((pos, f"row {pos}, column {f.name!r}: {_check_value(f, col[i]) or 'invalid'}"))
    if problems:
        problems.sort(key=lambda p: p[0])
        shown = [msg for _, msg in problems[:limit]]
        raise SchemaError(f"table {table.name!r} does not match its schema:\n  " + "\n  ".join(shown))


def data_dictionary_markdown() -> str:
    """The README's data dictionary, generated from the declarations above."""
    parts: list[str] = []
    for table in TABLES:
        parts.append(f"#### `{table.filename}`\n\n{table.meaning}\n")
        parts.append("| field | type | meaning |\n|---|---|---|")
        for f in table.fields:
            parts.append(f"| `{f.name}` | {f.type} | {f.meaning} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
