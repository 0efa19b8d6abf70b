"""The one declaration of every output table: each field's name, type and meaning.

The writer orders and formats columns from it, the validator checks tables
against it (on write in the pipeline, on load in the dashboard), the README's data
dictionary is generated from it, and the tests compare all three. Several values in
one field are joined with ``|`` in the text files (CSV, JSONL).

Each table is written twice: as text (CSV or JSONL, human-readable and diffable)
and as typed Parquet for the dashboard. The Arrow type of every field follows from
its declared type here (``ARROW_TYPES``), so there is no second schema; text rows
become a typed Arrow table through ``to_arrow``, and ``validate_arrow`` is the one
check of a typed table's columns, types, required values and choices, run by the
build before writing Parquet and by the dashboard after reading. ``validate_rows``
applies the same per-value rule (``_check_value``) to text rows without pyarrow, for
builds too small to write Parquet copies. pyarrow is imported only inside the Arrow
functions: the build's start-up does not pay for it.
"""

from __future__ import annotations

import array
import datetime as _dt
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from kzatlas.errors import SchemaError

if TYPE_CHECKING:  # imported lazily: the build starts without pyarrow
    import pyarrow as pa

LIST_SEP = "|"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str | int | float | bool | date | list
    meaning: str
    required: bool = False  # must be non-empty in every row
    choices: tuple[str, ...] = ()


#: Field type → Arrow type name (and so the Parquet column type). An empty text value
#: becomes null, except for ``str`` (stays "") and ``list`` (an empty list).
ARROW_TYPES = {
    "str": "string",
    "int": "int64",
    "float": "double",
    "bool": "bool",
    "date": "date32[day]",
    "list": "list<item: string>",
}


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    meaning: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def parquet_filename(self) -> str:
        """The typed copy beside the text file: events.csv → events.parquet."""
        return self.filename.rsplit(".", 1)[0] + ".parquet"

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

SEARCH_NAMES = Table(
    "search_names",
    "search_names.csv",
    "Every name by which the dashboard's search finds a place, country or institution of this data set "
    "('Байконур', 'Baïkonour' → Baikonur; 'ОИЯИ' → JINR): the place index's and the gazetteer's names of what "
    "the events hold, and nothing else, so the dashboard resolves a search without loading either "
    "(kzatlas.build.search_names writes it; kzatlas.viz.search reads it).",
    (
        Field(
            "name",
            "str",
            "A name form. For a place or a country: the place index's matching key (lower case, accents and stress "
            "marks removed: 'байконур', 'baikonour'), which a search text meets after the same folding and "
            "inflection stripping; for an institution: the gazetteer's name or alias as written (short acronyms "
            "match case-sensitively).",
            True,
        ),
        Field("kind", "str", "place, country or institution.", True, ("place", "country", "institution")),
        Field("place_name", "str", "For a place: the place as events.csv spells it (its place_name)."),
        Field("country_code", "str", "For a place: its country_code in events.csv; for a country: its ISO 3166-1 "
              "alpha-2 code."),
        Field("institution_id", "str", "For an institution: its gazetteer id (as in partner_ids and kazakh_side_ids)."),
    ),
)

TABLES: tuple[Table, ...] = (EVENTS, ARTICLES, EVENT_SOURCES, RELATIONS, SEARCH_NAMES)

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
            _dt.date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a valid {field.type}"
    return None


def _arrow_type(field: Field) -> "pa.DataType":
    import pyarrow as pa  # noqa: PLC0415 - lazily, see the module docstring

    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }[field.type]


def arrow_schema(table: Table) -> "pa.Schema":
    """The Arrow (and Parquet) schema of a table, from its field declarations."""
    import pyarrow as pa  # noqa: PLC0415

    return pa.schema([pa.field(f.name, _arrow_type(f)) for f in table.fields])


def _check_columns(table: Table, columns: Iterable[str]) -> None:
    columns = list(columns)
    missing = [c for c in table.columns if c not in columns]
    extra = [c for c in columns if c not in table.columns]
    if missing or extra:
        raise SchemaError(f"table {table.name!r}: missing columns {missing}, unexpected columns {extra}")


def _raise_problems(table: Table, problems: list[tuple[int, str]], limit: int) -> None:
    if problems:
        problems.sort(key=lambda p: p[0])
        shown = [msg for _, msg in problems[:limit]]
        raise SchemaError(f"table {table.name!r} does not match its schema:\n  " + "\n  ".join(shown))


def _split_list(text: str) -> list[str]:
    return [v for v in text.split(LIST_SEP) if v]


def _python_value(field: Field, text: str) -> object:
    """One valid text value as the Python value of its Arrow column (None for empty)."""
    if field.type == "list":
        return _split_list(text)
    if text == "":
        return "" if field.type == "str" else None
    if field.type == "int":
        return int(text)
    if field.type == "float":
        return float(text)
    if field.type == "bool":
        return text.lower() == "true"
    if field.type == "date":
        return _dt.date.fromisoformat(text)
    return text


def _text_column(values: Iterable[object]) -> list[str]:
    out = []
    for v in values:
        if v is None:
            out.append("")
        elif isinstance(v, str):
            out.append("" if v == "nan" else v)
        elif isinstance(v, (list, tuple)):
            out.append(LIST_SEP.join(str(x) for x in v))
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, float) and v != v:  # NaN: an empty number
            out.append("")
        else:
            out.append(str(v))
    return out


def _bitmap(bits: list[bool]) -> bytes:
    """Arrow's bit-packed booleans (least significant bit first)."""
    out = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def _string_array(values: list[str], column: str = "") -> "pa.Array":
    import pyarrow as pa  # noqa: PLC0415

    try:
        encoded = [v.encode("utf-8") for v in values]
    except UnicodeEncodeError as exc:
        raise SchemaError(f"column {column!r}: text that is not valid Unicode ({exc.reason})") from None
    offsets = array.array("i", [0])
    offsets.extend(itertools.accumulate(len(e) for e in encoded))
    return pa.Array.from_buffers(pa.string(), len(values), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def _array(field: Field, values: list[Any]) -> "pa.Array":
    """A typed Arrow array from Python values (None is null), built from raw buffers:
    pa.array() on Python objects would import pandas (pyarrow looks for pandas'
    missing-value markers), which the build does not otherwise load."""
    import pyarrow as pa  # noqa: PLC0415

    n = len(values)
    if field.type == "str":
        return _string_array(["" if v is None else v for v in values], field.name)
    if field.type == "list":
        items: list[str] = []
        offsets = array.array("i", [0])
        for v in values:
            items.extend(v or ())
            offsets.append(len(items))
        offset_array = pa.Array.from_buffers(pa.int32(), n + 1, [None, pa.py_buffer(offsets)])
        return pa.ListArray.from_arrays(offset_array, _string_array(items, field.name))
    missing = [v is None for v in values]
    validity = pa.py_buffer(_bitmap([not m for m in missing])) if any(missing) else None
    if field.type == "bool":
        data = pa.py_buffer(_bitmap([bool(v) for v in values]))
    elif field.type == "int":
        data = pa.py_buffer(array.array("q", [0 if v is None else v for v in values]))
    elif field.type == "float":
        data = pa.py_buffer(array.array("d", [0.0 if v is None else v for v in values]))
    else:  # date: days since 1970-01-01
        epoch = _dt.date(1970, 1, 1).toordinal()
        data = pa.py_buffer(array.array("i", [0 if v is None else v.toordinal() - epoch for v in values]))
    return pa.Array.from_buffers(_arrow_type(field), n, [validity, data], null_count=sum(missing))


def _typed_column(field: Field, texts: list[str], problems: list[tuple[int, str]], limit: int) -> "pa.Array":
    """One text column as its typed Arrow array; each distinct text is checked and
    converted once (kinds, dates and names repeat), and a value that is not of the
    field's type is reported with its row."""
    bare = Field(field.name, field.type, field.meaning)  # required values and choices: validate_arrow
    converted: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for text in set(texts):
        msg = _check_value(bare, text)
        if msg:
            bad[text] = msg
        else:
            converted[text] = _python_value(field, text)
    if bad:
        for i, text in enumerate(texts):
            if text in bad:
                problems.append((i, f"row {i}, column {field.name!r}: {bad[text]}"))
                if len(problems) >= limit:
                    break
    return _array(field, [converted.get(t) for t in texts])


def to_arrow(table: Table, rows: Any, limit: int = 10) -> "pa.Table":
    """A typed Arrow table from text values: ``rows`` are dicts (values as the text
    files hold them; a list or bool value is accepted too) or a mapping from column
    name to a sequence of such values. Raises SchemaError naming the table, rows and
    columns of values that are not of their field's type. Required values and
    choices are validate_arrow's job."""
    data, problems = _to_arrow(table, rows, limit)
    _raise_problems(table, problems, limit)
    return data


def _to_arrow(table: Table, rows: Any, limit: int) -> tuple["pa.Table", list[tuple[int, str]]]:
    import pyarrow as pa  # noqa: PLC0415

    if isinstance(rows, Mapping):
        _check_columns(table, rows.keys())
        text_cols = {f.name: _text_column(rows[f.name]) for f in table.fields}
    else:
        rows = rows if isinstance(rows, list) else list(rows)
        _check_columns(table, rows[0].keys() if rows else table.columns)
        text_cols = {f.name: _text_column(r.get(f.name) for r in rows) for f in table.fields}
    problems: list[tuple[int, str]] = []
    arrays = [_typed_column(f, text_cols[f.name], problems, limit) for f in table.fields]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table)), problems


def validate_arrow(table: Table, data: "pa.Table", limit: int = 10) -> None:
    """The one schema check of a typed table (built rows before they are written, a
    Parquet file after it is read): the declared columns in any order, each of its
    declared type, required values present (non-empty text, non-empty list) and
    values among the field's choices. Raises SchemaError naming the table, columns
    and first bad rows; vectorised, so 100,000 rows take milliseconds."""
    _raise_problems(table, _arrow_problems(table, data, limit), limit)


def _logical(t: "pa.DataType") -> str:
    """A type's logical name: the string and list layouts Arrow offers (large,
    view) are one type here, so a Polars frame validates zero-copy."""
    import pyarrow.types as pt  # noqa: PLC0415

    if pt.is_string(t) or pt.is_large_string(t) or pt.is_string_view(t):
        return "string"
    if pt.is_list(t) or pt.is_large_list(t) or pt.is_list_view(t) or pt.is_large_list_view(t):
        return f"list<{_logical(t.value_type)}>"
    return str(t)


def _arrow_problems(table: Table, data: "pa.Table", limit: int) -> list[tuple[int, str]]:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    _check_columns(table, data.column_names)
    wrong = [
        f"{f.name} is {data.schema.field(f.name).type}, not {_arrow_type(f)}"
        for f in table.fields
        if _logical(data.schema.field(f.name).type) != _logical(_arrow_type(f))
    ]
    if wrong:
        raise SchemaError(f"table {table.name!r}: wrong column types: " + "; ".join(wrong))
    problems: list[tuple[int, str]] = []
    for f in table.fields:
        if not (f.required or f.choices):
            continue
        column = data.column(f.name)
        # Arrow's kernels want plain strings: a Polars column (string views) is cast
        # a slice at a time, so checking 100,000 sentences never copies them all; and
        # with the system allocator, which hands the freed slices back to the OS
        # (Arrow's default pool would keep them for the life of the dashboard).
        step = _SLICE if f.type == "str" and column.type != pa.string() else max(len(column), 1)
        pool = pa.system_memory_pool()
        for offset in range(0, len(column), step):
            col = column.slice(offset, step)
            if f.type == "str" and col.type != pa.string():
                col = pc.cast(col, pa.string(), memory_pool=pool)
            # No Python scalars in these kernels: converting one would make pyarrow
            # import pandas, which the build never needs (see _array).
            bad = None
            if f.required:
                if f.type == "str":
                    empty = pc.invert(pc.cast(pc.binary_length(col, memory_pool=pool), pa.bool_()), memory_pool=pool)
                    bad = pc.or_kleene(pc.is_null(col, memory_pool=pool), empty, memory_pool=pool)
                elif f.type == "list":
                    empty = pc.invert(pc.cast(pc.list_value_length(col, memory_pool=pool), pa.bool_()), memory_pool=pool)
                    bad = pc.or_kleene(pc.is_null(col, memory_pool=pool), empty, memory_pool=pool)
                else:
                    bad = pc.is_null(col, memory_pool=pool)
            if f.choices:
                choices = _string_array(list(f.choices))
                outside = pc.invert(pc.is_in(col, value_set=choices, memory_pool=pool), memory_pool=pool)
                bad = outside if bad is None else pc.or_kleene(bad, outside, memory_pool=pool)
            bad = pc.or_kleene(bad, pc.is_null(bad), memory_pool=pool)  # an unknown verdict is a bad value
            for i in pc.indices_nonzero(bad).to_pylist()[:limit]:
                text = _text_column([col[i].as_py()])[0]
                row = offset + i
                problems.append((row, f"row {row}, column {f.name!r}: {_check_value(f, text) or 'invalid'}"))
    return problems


_SLICE = 32_768


def validate_rows(table: Table, columns: Iterable[str], rows: Iterable[Mapping[str, object]], limit: int = 10) -> None:
    """Check text rows (as the CSV and JSONL files hold them) against the schema:
    the same rules as validate_arrow (``_check_value``: required values, choices,
    each field's type), applied to each distinct text of a column once. Pure Python:
    a build too small for Parquet copies checks its rows without importing pyarrow
    (tests/test_robustness.py holds the two checks to the same verdicts). Raises
    SchemaError naming the table, columns and first bad values."""
    _check_columns(table, columns)
    rows = rows if isinstance(rows, list) else list(rows)
    problems: list[tuple[int, str]] = []
    for f in table.fields:
        texts = _text_column(r.get(f.name) for r in rows)
        bad = {t: msg for t in set(texts) if (msg := _check_value(f, t))}
        if not bad:
            continue
        for i, text in enumerate(texts):
            if text in bad:
                problems.append((i, f"row {i}, column {f.name!r}: {bad[text]}"))
                if len(problems) >= limit * len(table.fields):
                    break
    _raise_problems(table, problems, limit)


def data_dictionary_markdown() -> str:
    """The README's data dictionary, generated from the declarations above."""
    parts: list[str] = []
    for table in TABLES:
        parts.append(f"#### `{table.filename}` (typed copy: `{table.parquet_filename}`)\n\n{table.meaning}\n")
        parts.append("| field | type | Parquet type | meaning |\n|---|---|---|---|")
        for f in table.fields:
            parts.append(f"| `{f.name}` | {f.type} | {ARROW_TYPES[f.type]} | {f.meaning} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
