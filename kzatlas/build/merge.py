"""The same event reported by several articles becomes one row: events of one kind
with the same partners and overlapping dates merge (an article never merges with
itself — the extractor already decided which of its acts are one occasion). Each merged
event gets its public id, a hash of named fields (``json.dumps(..., sort_keys=True)``, as
sqlite-utils' ``hash_record`` does), and its rows for ``events.csv``,
``event_sources.csv``; standing partnerships become ``relations.csv`` rows, one per
Kazakh side and partner set. The same rule (``MergeKey``) lets an uploaded article
that reports an event of the built atlas join it as another source
(``attach_to_known``) instead of becoming a second event."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from kzatlas.extract.grounding import grounding_of
from kzatlas.models import Event
from kzatlas.schema import LIST_SEP


@dataclass
class Merged:
    """Reports of one event; the first (most precisely dated) speaks for it."""

    events: list[Event] = field(default_factory=list)

    @property
    def head(self) -> Event:
        return self.events[0]

    @property
    def article_ids(self) -> set[str]:
        return {e.article_id for e in self.events}


def date_key(e: Event) -> list:
    d = e.date
    if d is None:
        return []
    if d.start is None:
        return ["partial", d.month, d.day, d.end_month, d.end_day]
    return ["date", d.start.isoformat(), d.end.isoformat() if d.end else ""]


@dataclass(frozen=True)
class MergeKey:
    """What decides whether two reports are one event: the same kind, the same set
    of partners, and dates that overlap (two undated reports, or two with the same
    day and month and no year, also agree). Built from an extracted Event or from an
    events row, so that an uploaded article can join an event of the built atlas by
    the very rule the build merges with."""

    kind: str
    partners: frozenset[str]
    date: tuple | None  # None (undated), ("partial", month, day) or ("range", start, end)

    @classmethod
    def of_event(cls, e: Event) -> "MergeKey":
        d = e.date
        if d is None:
            date = None
        elif d.start is None:
            date = ("partial", d.month, d.day)
        else:
            date = ("range", d.start, d.end or d.start)
        return cls(e.kind, frozenset(i.id for i in e.partners), date)

    @classmethod
    def of_row(cls, row: Mapping[str, object]) -> "MergeKey":
        """From an events row in text form (lists ``|``-joined, or given as lists)."""
        ids = row.get("partner_ids") or ()
        partners = frozenset(v for v in (ids.split(LIST_SEP) if isinstance(ids, str) else ids) if v)  # type: ignore[union-attr]
        start, end, partial = (str(row.get(k) or "") for k in ("date_start", "date_end", "date_partial"))
        date: tuple | None = None
        if start:
            first = dt.date.fromisoformat(start)
            date = ("range", first, dt.date.fromisoformat(end) if end else first)
        elif partial:
            month_day = partial.split("/")[0].lstrip("-").split("-")  # --06-13 → ["06", "13"]
            date = ("partial", int(month_day[0]), int(month_day[1]) if len(month_day) > 1 else None)
        return cls(str(row.get("kind") or ""), partners, date)

    def compatible(self, other: "MergeKey") -> bool:
        if self.kind != other.kind or self.partners != other.partners:
            return False
        a, b = self.date, other.date
        if a is None or b is None:
            return a is None and b is None
        if a[0] == "partial" or b[0] == "partial":
            return a == b
        return a[1] <= b[2] and b[1] <= a[2]


def _compatible(a: Event, b: Event) -> bool:
    return MergeKey.of_event(a).compatible(MergeKey.of_event(b))


def _rank(e: Event) -> tuple:
    """Which report speaks for a merged event: the most precise date first."""
    d = e.date
    precision = {"day": 0, "month": 1, "year": 2}.get(d.precision, 3) if d else 4
    basis = 1 if (d and d.basis == "publication_date") or e.date_basis_override == "publication_date" else 0
    return (basis, precision, -e.confidence, e.article_id, e.evidence_span)


def merge_events(events: list[Event]) -> list[Merged]:
    """Group reports of the same event (same kind and partners, overlapping dates, from
    different articles)."""
    groups: list[Merged] = []
    # Only events of one kind with one partner set can merge: bucket by that key so
    # corpora of thousands of articles stay linear.
    buckets: dict[tuple[str, frozenset[str]], list[Merged]] = {}
    for e in sorted(events, key=_rank):
        bucket = buckets.setdefault((e.kind, frozenset(i.id for i in e.partners)), [])
        for g in bucket:
            if e.article_id not in g.article_ids and _compatible(g.head, e):
                g.events.append(e)
                break
        else:
            g = Merged([e])
            bucket.append(g)
            groups.append(g)
    return groups


def hash_record(record: dict) -> str:
    """12 hex digits of the SHA-1 of a record's JSON with sorted keys."""
    return hashlib.sha1(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def event_id(e: Event) -> str:
    """The event's public id (see the ``event_id`` field of ``kzatlas.schema.EVENTS``)."""
    return hash_record({
        "kind": e.kind,
        "date": date_key(e),
        "partners": sorted(i.id for i in e.partners),
    })


def _partial(e: Event) -> str:
    d = e.date
    if d is None or d.start is not None or d.month is None:
        return ""
    one = f"--{d.month:02d}" + (f"-{d.day:02d}" if d.day else "")
    if d.end_month or d.end_day:
        two = f"--{(d.end_month or d.month):02d}" + (f"-{d.end_day:02d}" if d.end_day else "")
        if two != one:
            return f"{one}/{two}"
    return one


def _kazakh_side(g: Merged) -> dict[str, object]:
    kz: dict[str, object] = {}
    for ev in g.events:
        for inst in ev.kazakh_side:
            kz.setdefault(inst.id, inst)
    # A named Kazakh institution makes the bare country redundant.
    if any(not k.startswith("country-") for k in kz):
        kz = {k: v for k, v in kz.items() if not k.startswith("country-")}
    return kz


def event_row(g: Merged, eid: str) -> dict[str, object]:
    e = g.head
    d = e.date
    kz = _kazakh_side(g)
    article_ids = sorted(g.article_ids)
    p = e.place
    o = e.origin
    return {
        "event_id": eid,
        "article_ids": article_ids,
        "date_start": d.start.isoformat() if d and d.start else "",
        "date_end": (d.end or d.start).isoformat() if d and d.start else "",
        "date_precision": d.precision if d else "",
        "date_basis": (e.date_basis_override or d.basis) if d else "",
        "date_partial": _partial(e),
        "date_text": d.text if d else "",
        "planned": e.planned,
        "kind": e.kind,
        "kazakh_side": [i.name for i in kz.values()],  # type: ignore[attr-defined]
        "kazakh_side_ids": list(kz.keys()),
        "kazakh_side_grounding": [grounding_of(i) for i in kz.values()],  # type: ignore[arg-type]
        "partners": [i.name for i in e.partners],
        "partner_ids": [i.id for i in e.partners],
        "partner_grounding": [grounding_of(i) for i in e.partners],
        "partner_countries": e.partner_countries,
        "place_name": p.name if p else "",
        "place_basis": e.place_basis,
        "country_code": p.country_code if p else "",
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "geo_precision": p.precision if p else "",
        "geo_source": p.source if p else "",
        "origin_name": o.name if o else "",
        "origin_lat": o.lat if o else None,
        "origin_lon": o.lon if o else None,
        "topics": sorted({t for ev in g.events for t in ev.topics}),
        "evidence": e.evidence,
        "evidence_article_id": e.article_id,
        "evidence_start": e.evidence_span[0],
        "evidence_end": e.evidence_span[1],
        "confidence": max(ev.confidence for ev in g.events),
        "language": e.language,
        "source_count": len(article_ids),
        "corrected": False,
    }


def source_rows(g: Merged, eid: str) -> list[dict[str, object]]:
    rows: dict[tuple, dict[str, object]] = {}
    for ev in g.events:
        rows.setdefault(
            (ev.article_id, ev.evidence_span),
            {
                "event_id": eid,
                "article_id": ev.article_id,
                "evidence": ev.evidence,
                "evidence_start": ev.evidence_span[0],
                "evidence_end": ev.evidence_span[1],
                "language": ev.language,
                "date_text": ev.date.text if ev.date else "",
            },
        )
    return [rows[k] for k in sorted(rows)]


def event_tables(events: list[Event]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(events.csv rows, event_sources.csv rows) of merged events, in output order."""
    rows: list[dict[str, object]] = []
    sources: list[dict[str, object]] = []
    used: set[str] = set()
    for g in merge_events(events):
        eid = event_id(g.head)
        if eid in used:  # two different events with the same key: keep ids unique and stable
            eid = hash_record({"id": eid, "evidence": g.head.evidence})
        used.add(eid)
        rows.append(event_row(g, eid))
        sources.extend(source_rows(g, eid))
    rows.sort(key=lambda r: (r["date_start"] or "9999", r["kind"], r["event_id"]))
    sources.sort(key=lambda r: (r["event_id"], r["article_id"], r["evidence_start"]))
    return rows, sources


def relation_rows(relations: list[Event]) -> list[dict[str, object]]:
    """relations.csv rows: one per (Kazakh side, partners), the first statement quoted."""
    groups: dict[tuple, list[Event]] = {}
    for r in sorted(relations, key=lambda r: (r.article_id, r.evidence_span)):
        key = (frozenset(i.id for i in r.kazakh_side), frozenset(i.id for i in r.partners))
        groups.setdefault(key, []).append(r)
    out = []
    for (kz_ids, fo_ids), rs in groups.items():
        r = rs[0]
        p = r.place
        out.append({
            "relation_id": hash_record({"kazakh_side": sorted(kz_ids), "partners": sorted(fo_ids)}),
            "article_ids": sorted({x.article_id for x in rs}),
            "kazakh_side": [i.name for i in r.kazakh_side],
            "kazakh_side_ids": [i.id for i in r.kazakh_side],
            "partners": [i.name for i in r.partners],
            "partner_ids": [i.id for i in r.partners],
            "partner_grounding": [grounding_of(i) for i in r.partners],
            "partner_countries": r.partner_countries,
            "place_name": p.name if p else "",
            "country_code": p.country_code if p else "",
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geo_precision": p.precision if p else "",
            "evidence": r.evidence,
            "evidence_article_id": r.article_id,
            "evidence_start": r.evidence_span[0],
            "evidence_end": r.evidence_span[1],
            "language": r.language,
        })
    out.sort(key=lambda row: (row["partners"], row["relation_id"]))
    return out


def attach_to_known(
    events: list[dict[str, str]], sources: list[dict[str, str]], known: Iterable[Mapping[str, object]]
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, list[str]]]:
    """Uploaded events (text rows) that report an event already in the atlas become
    sources of it instead of new events: ``known`` are atlas events rows (at least
    event_id, kind, partner_ids and the date fields), matched by MergeKey — the rule
    merge_events applies across the articles of a build. Returns the events that are
    new, the source rows (those of attached events re-pointed to the atlas's ids)
    and, per atlas event id, the uploaded articles that report it."""
    buckets: dict[tuple[str, frozenset[str]], list[tuple[MergeKey, str]]] = {}
    for row in known:
        key = MergeKey.of_row(row)
        buckets.setdefault((key.kind, key.partners), []).append((key, str(row["event_id"])))
    kept: list[dict[str, str]] = []
    remap: dict[str, str] = {}
    attached: dict[str, list[str]] = {}
    for ev in events:
        key = MergeKey.of_row(ev)
        hit = next((eid for k, eid in buckets.get((key.kind, key.partners), []) if k.compatible(key)), None)
        if hit is None:
            kept.append(ev)
            continue
        remap[ev["event_id"]] = hit
        articles = attached.setdefault(hit, [])
        articles.extend(a for a in ev["article_ids"].split(LIST_SEP) if a and a not in articles)
    remapped = [dict(r, event_id=remap.get(r["event_id"], r["event_id"])) for r in sources]
    return kept, remapped, attached


__all__ = [
    "MergeKey", "Merged", "attach_to_known", "event_id", "event_tables", "hash_record", "merge_events",
    "relation_rows",
]
