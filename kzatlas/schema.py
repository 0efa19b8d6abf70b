"""The one declaration of every output table: each field's name, type and meaning.

The writer orders and formats columns from it, the validator checks tables
against it (on write in the pipeline, on load in the dashboard), the README's data
dictionary is generated from it, and the tests compare all three. Several values in
one field are joined with ``|`` in the text files (CSV, JSONL).

Each table is written twice: as text (CSV or JSONL, human-readable and diffable)
and as typed Parquet for the dashboard. The Arrow type of every field follows from
its declared type here (``ARROW_TYPES``), so there is no second schema; text rows
become a typed Arrow table through ``to_arrow``, and ``validate_arrow`` is the one
check of a table's columns, types, required values and choices, run by the build
before writing and by the dashboard after reading. pyarrow is imported only inside
those functions: the build's start-up does not pay for it.
"""

from __future__ import annotations

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


EVENTS = Table(
    "events",
    "events.csv",
    "One row per act of cooperation between a Kazakh party and a foreign party, "
    "merged across the articles that report it.",
    (
        Field("event_id", "str", "Content hash of kind, date and parties; stable across rebuilds.", True),
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
            "agreement, meeting, visit, forum, founding, programme, plan or partnership (an undated relation).",
            True,
            ("agreement", "meeting", "visit", "forum", "founding", "programme", "plan", "partnership"),
        ),
        Field("kazakh_side", "list", "Canonical English names of the Kazakh parties."),
        Field("kazakh_side_ids", "list", "Gazetteer ids of the Kazakh parties (x-… for names found by pattern)."),
        Field("partners", "list", "Canonical English names of the foreign parties."),
        Field("partner_ids", "list", "Gazetteer ids of the foreign parties."),
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
        Field("published", "date", "Publication date (YYYY-MM-DD) when known."),
        Field("published_basis", "str", "front_matter or dateline; empty when unknown."),
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

TABLES: tuple[Table, ...] = (EVENTS, ARTICLES, EVENT_SOURCES)

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
        import datetime as _dt

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


def _typed_array(field: Field, texts: "pa.Array", problems: list[tuple[int, str]], limit: int) -> "pa.Array":
    """One text column as its typed Arrow array. Casts run vectorised; when one fails,
    the column's distinct values are checked one by one (each once), so the message
    names the first bad rows, and what Python accepts but Arrow's strict parsers do
    not (" 2" as a number) is still converted."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    target = _arrow_type(field)
    if field.type == "str":
        return texts
    if field.type != "list":
        empty = pc.equal(texts, "")
        try:
            if field.type == "bool":
                lowered = pc.utf8_lower(texts)
                if not pc.all(pc.is_in(lowered, pa.array(["true", "false", ""]))).as_py():
                    raise pa.ArrowInvalid("not a boolean")
                return pc.if_else(empty, pa.scalar(None, pa.bool_()), pc.equal(lowered, "true"))
            if field.type == "date" and not pc.all(
                pc.or_(empty, pc.match_substring_regex(texts, r"^\d{4}-\d{2}-\d{2}$"))
            ).as_py():
                raise pa.ArrowInvalid("not YYYY-MM-DD")
            return pc.cast(pc.if_else(empty, pa.scalar(None, pa.string()), texts), target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    # Lists, and columns a cast refused: convert each distinct value once.
    encoded = pc.dictionary_encode(texts).combine_chunks() if isinstance(texts, pa.ChunkedArray) else pc.dictionary_encode(texts)
    distinct = encoded.dictionary.to_pylist()
    converted: list[object] = []
    bad: dict[int, str] = {}
    for k, text in enumerate(distinct):
        msg = _check_value(Field(field.name, field.type, field.meaning), text)  # required/choices: validate_arrow
        if msg:
            bad[k] = msg
            converted.append(None)
        else:
            converted.append(_python_value(field, text))
    if bad:
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        for i, k in enumerate(indices.tolist()):
            if k in bad:
                problems.append((i, f"row {i}, column {field.name!r}: {bad[k]}"))
                if len(problems) >= limit:
                    break
    return pc.take(pa.array(converted, target), encoded.indices)


def to_arrow(table: Table, rows: Any, limit: int = 10) -> "pa.Table":
    """A typed Arrow table from text values: ``rows`` are dicts (values as the text
    files hold them; a list or bool value is accepted too) or a mapping from column
    name to a sequence of such values, or an Arrow table of string columns. Raises
    SchemaError naming the table, rows and columns of values that are not of their
    field's type. Required values and choices are validate_arrow's job."""
    data, problems = _to_arrow(table, rows, limit)
    _raise_problems(table, problems, limit)
    return data


def _to_arrow(table: Table, rows: Any, limit: int) -> tuple["pa.Table", list[tuple[int, str]]]:
    import pyarrow as pa  # noqa: PLC0415

    if isinstance(rows, pa.Table):
        _check_columns(table, rows.column_names)
        text_cols = {f.name: rows.column(f.name) for f in table.fields}
    elif isinstance(rows, Mapping):
        _check_columns(table, rows.keys())
        text_cols = {f.name: pa.array(_text_column(rows[f.name]), pa.string()) for f in table.fields}
    else:
        rows = rows if isinstance(rows, list) else list(rows)
        _check_columns(table, rows[0].keys() if rows else table.columns)
        text_cols = {f.name: pa.array(_text_column(r.get(f.name) for r in rows), pa.string()) for f in table.fields}
    problems: list[tuple[int, str]] = []
    arrays = []
    for f in table.fields:
        col = text_cols[f.name]
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        if col.type != pa.string():
            col = col.cast(pa.string())
        arrays.append(_typed_array(f, col, problems, limit))
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
        col = data.column(f.name)
        if f.type == "str" and col.type != pa.string():
            col = col.cast(pa.string())  # Arrow's kernels want plain strings; one column at a time
        bad = None
        if f.required:
            if f.type == "str":
                bad = pc.or_kleene(pc.is_null(col), pc.equal(col, ""))
            elif f.type == "list":
                bad = pc.or_kleene(pc.is_null(col), pc.equal(pc.list_value_length(col), 0))
            else:
                bad = pc.is_null(col)
        if f.choices:
            outside = pc.invert(pc.is_in(col, pa.array(f.choices, pa.string())))
            bad = outside if bad is None else pc.or_kleene(bad, outside)
        bad = pc.fill_null(bad, True)
        for i in pc.indices_nonzero(bad).to_pylist()[:limit]:
            text = _text_column([col[i].as_py()])[0]
            problems.append((i, f"row {i}, column {f.name!r}: {_check_value(f, text) or 'invalid'}"))
    return problems


def validate_rows(table: Table, columns: Iterable[str], rows: Iterable[Mapping[str, object]], limit: int = 10) -> None:
    """Check text rows (as the CSV and JSONL files hold them) against the schema:
    the typed conversion of ``to_arrow`` and the checks of ``validate_arrow``, all
    problems in one message. Raises SchemaError naming the table, columns and first
    bad values."""
    _check_columns(table, columns)
    data, problems = _to_arrow(table, rows if isinstance(rows, list) else list(rows), limit)
    seen = {msg.split(":", 1)[0] for _, msg in problems}  # a value that is not of its type is reported once
    problems += [p for p in _arrow_problems(table, data, limit) if p[1].split(":", 1)[0] not in seen]
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
