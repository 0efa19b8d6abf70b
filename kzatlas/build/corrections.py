"""Hand corrections of built events, read from ``data/corrections.csv`` (columns
event_id, action, date, place, partners, kind, notes) and applied at the end of
the build: ``drop`` removes an event, ``set`` replaces its date, place, partners
and/or kind with what the row states (only non-empty columns count). Rows are
matched by event id, which corrections never change, so a correction keeps
matching after rebuilds; one whose event no longer exists is reported as
unmatched rather than failing the build. Places and partners are resolved with
the place index and the gazetteer passed in (anything with ``lookup(name)`` and
``get(id)``/``find(text, lang)``), so tests can pass small fakes.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kzatlas.errors import SchemaError
from kzatlas.schema import EVENTS, LIST_SEP, format_value

COLUMNS = ("event_id", "action", "date", "place", "partners", "kind", "notes")
ACTIONS = ("drop", "set")
SET_COLUMNS = ("date", "place", "partners", "kind")
KINDS = tuple(k for k in EVENTS.field("kind").choices if k)


class CorrectionsError(SchemaError):
    """corrections.csv has a bad header or bad rows (the message names each)."""


@dataclass
class CorrectionsReport:
    """What happened to each correction: applied, unmatched (no such event) or an error."""

    applied: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateValue:
    """A corrected date: first and last day and precision (day, month or year)."""

    start: dt.date
    end: dt.date
    precision: str


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text: str) -> DateValue:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DD/YYYY-MM-DD``; ValueError otherwise."""
    text = text.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = parse_date(first), parse_date(last)
        if a.precision != "day" or b.precision != "day":
            raise ValueError(f"{text!r}: a period must be YYYY-MM-DD/YYYY-MM-DD")
        if b.start < a.start:
            raise ValueError(f"{text!r}: the period ends before it starts")
        return DateValue(a.start, b.end, "day")
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return DateValue(d, d, "day")
        if month:
            m = int(month)
            last = calendar.monthrange(year, m)[1]
            return DateValue(dt.date(year, m, 1), dt.date(year, m, last), "month")
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


def load_corrections(path: Path) -> list[dict[str, str]]:
    """The rows of a corrections file, each with every column (empty when absent).

    A missing file means no corrections. Blank rows and rows whose event_id starts
    with ``#`` are skipped. Raises CorrectionsError naming the file, line and column
    of every bad row (unknown action, bad date, unknown kind, ``set`` with nothing to
    set) and unknown or missing header columns.
    """
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in ("event_id", "action") if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            raise CorrectionsError(
                f"{path}: header must name columns {', '.join(COLUMNS)}; "
                f"missing {missing}, unknown {unknown}"
            )
        rows: list[dict[str, str]] = []
        problems: list[str] = []
        for raw in reader:
            line = reader.line_num
            row = {c: "" for c in COLUMNS}
            for key, value in raw.items():
                if key is None:  # more cells than header columns
                    problems.append(f"{path} line {line}: more cells than columns in the header")
                    continue
                row[key.strip()] = (value or "").strip()
            if not any(row.values()) or row["event_id"].startswith("#"):
                continue
            problems += [f"{path} line {line}, column {col!r}: {msg}" for col, msg in _row_problems(row)]
            rows.append(row)
    if problems:
        raise CorrectionsError("bad corrections:\n  " + "\n  ".join(problems))
    return rows


def _row_problems(row: dict[str, str]) -> Iterable[tuple[str, str]]:
    if not row["event_id"]:
        yield "event_id", "empty"
    if row["action"] not in ACTIONS:
        yield "action", f"unknown action {row['action']!r} (expected {' or '.join(ACTIONS)})"
    if row["action"] == "set" and not any(row[c] for c in SET_COLUMNS):
        yield "action", f"'set' with nothing to set (fill one of {', '.join(SET_COLUMNS)})"
    if row["date"]:
        try:
            parse_date(row["date"])
        except ValueError as exc:
            yield "date", str(exc)
    if row["kind"] and row["kind"] not in KINDS:
        yield "kind", f"unknown kind {row['kind']!r} (expected one of {', '.join(KINDS)})"


# --------------------------------------------------------------------------- applying


def _float(value: float | None) -> str:
    return "" if value is None else format_value(EVENTS.field("lat"), value)


def _date_changes(text: str) -> dict[str, str]:
    value = parse_date(text)
    return {
        "date_start": value.start.isoformat(),
        "date_end": value.end.isoformat(),
        "date_precision": value.precision,
        "date_basis": "stated",
        "date_partial": "",
    }


_PLACE_WITH_COUNTRY_RE = re.compile(r"^(.+?),\s*([A-Z]{2})$")


def _place_changes(text: str, places: Any) -> dict[str, str]:
    if places is None:
        raise LookupError("no place index given to resolve the place")
    # "Paris, FR" picks the country when a name is ambiguous (Paris, Texas).
    match = _PLACE_WITH_COUNTRY_RE.match(text)
    place = places.lookup(match.group(1).strip(), country_code=match.group(2)) if match else places.lookup(text)
    if place is None:
        raise LookupError(f"unknown place {text!r} (add it to data/geocode_overrides.csv or spell it as GeoNames does)")
    return {
        "place_name": place.name,
        "country_code": place.country_code,
        "lat": _float(place.lat),
        "lon": _float(place.lon),
        "geo_precision": place.precision,
        "geo_source": "override",
        "place_basis": "stated",
    }


def _institution(name: str, gazetteer: Any) -> Any:
    """The gazetteer entry with this id, else the one whose name or alias the text is."""
    try:
        found = gazetteer.get(name)
    except (KeyError, LookupError):
        found = None
    if found is not None:
        return found
    mentions = list(gazetteer.find(name, "en") or [])
    # A mention covering the whole name beats a shorter one found inside it.
    best = None
    for mention in mentions:
        inst = getattr(mention, "institution", mention)
        covered = len(getattr(mention, "text", "") or "")
        if best is None or covered > best[0]:
            best = (covered, inst)
    return best[1] if best else None


def _partner_changes(text: str, gazetteer: Any) -> dict[str, str]:
    if gazetteer is None:
        raise LookupError("no gazetteer given to resolve the partners")
    names, ids, countries = [], [], []
    for name in (n.strip() for n in text.split(LIST_SEP)):
        if not name:
            continue
        inst = _institution(name, gazetteer)
        if inst is None:
            raise LookupError(f"unknown partner {name!r} (add it to data/gazetteer.csv or use its gazetteer id)")
        names.append(inst.name)
        ids.append(inst.id)
        if inst.country_code and inst.country_code not in countries:
            countries.append(inst.country_code)
    if not names:
        raise LookupError("no partner names given")
    return {
        "partners": LIST_SEP.join(names),
        "partner_ids": LIST_SEP.join(ids),
        "partner_countries": LIST_SEP.join(countries),
    }


def _changes(correction: dict[str, str], places: Any, gazetteer: Any) -> dict[str, str]:
    """The new values a ``set`` correction gives; LookupError/ValueError when it cannot."""
    changes: dict[str, str] = {}
    if correction.get("date"):
        changes.update(_date_changes(correction["date"]))
    if correction.get("place"):
        changes.update(_place_changes(correction["place"], places))
    if correction.get("partners"):
        changes.update(_partner_changes(correction["partners"], gazetteer))
    if correction.get("kind"):
        if correction["kind"] not in KINDS:
            raise ValueError(f"unknown kind {correction['kind']!r}")
        changes["kind"] = correction["kind"]
    return changes


def _describe(correction: dict[str, str]) -> str:
    parts = [f"{c}={correction[c]}" for c in SET_COLUMNS if correction.get(c)]
    head = f"{correction.get('event_id', '')}: {correction.get('action', '')}"
    return head + (f" {', '.join(parts)}" if parts else "")


def apply_corrections(
    rows: list[dict[str, str]],
    corrections: list[dict[str, str]],
    *,
    places: Any = None,
    gazetteer: Any = None,
) -> tuple[list[dict[str, str]], CorrectionsReport]:
    """Event rows (text dicts keyed by EVENTS.columns) with the corrections applied,
    in order, and a report. New dicts are returned; the inputs are left as they were.

    A correction that cannot be applied (unknown place or partner, bad value) leaves
    its event unchanged and is listed in ``report.errors``; one whose event_id matches
    no row is listed in ``report.unmatched``. Changed rows get ``corrected='true'``.
    """
    out = [dict(row) for row in rows]
    report = CorrectionsReport()
    known_ids = {row.get("event_id", "") for row in rows}
    for correction in corrections:
        event_id = correction.get("event_id", "").strip()
        described = _describe(correction)
        targets = [row for row in out if row.get("event_id", "") == event_id]
        if not targets:
            if event_id in known_ids:
                report.errors.append(f"{described}: the event was dropped by an earlier correction")
            else:
                report.unmatched.append(described)
            continue
        action = correction.get("action", "")
        if action == "drop":
            out = [row for row in out if row.get("event_id", "") != event_id]
            report.applied.append(described)
            continue
        if action != "set":
            report.errors.append(f"{described}: unknown action {action!r}")
            continue
        try:
            changes = _changes(correction, places, gazetteer)
        except (LookupError, ValueError) as exc:
            report.errors.append(f"{described}: {exc}")
            continue
        if not changes:
            report.errors.append(f"{described}: nothing to set")
            continue
        for row in targets:
            row.update(changes)
            row["corrected"] = "true"
        report.applied.append(described)
    return out, report
