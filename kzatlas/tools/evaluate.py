"""Score a build against reference annotations in the format of
tests/seed_events.json: a found event matches a reference event when its date agrees
at the reference's precision (ranges overlap; '--MM-DD' matches the same day in any
year or a year left unknown) or both are undated, and its map point lies within the
reference's tolerance of the reference place or an also-acceptable place. Each
reference is matched once, by maximum bipartite matching so the count does not depend
on row order. Found rows that match no event but match a reference relation (an
undated partnership the article mentions) are counted apart; the rest are extras."""

from __future__ import annotations

import datetime as dt
import json
from calendar import monthrange
from dataclasses import dataclass, field
from pathlib import Path

from geopy.distance import geodesic

from kzatlas.csvcells import read_rows


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geodesic((lat1, lon1), (lat2, lon2)).km


def _period(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], monthrange(parts[0], parts[1])[1])
    d = dt.date(*parts)
    return d, d


def date_matches(ref: dict, row: dict[str, str]) -> bool:
    ref_date = ref.get("date")
    start, end, partial = row.get("date_start", ""), row.get("date_end", ""), row.get("date_partial", "")
    if ref_date is None:
        return not start and not partial
    if ref_date.startswith("--"):
        want = ref_date[2:]
        if partial:
            return partial[2:7] == want
        return bool(start) and start[5:10] == want
    if not start:
        return False
    ref_start, _ = _period(ref_date)
    _, ref_end = _period(ref.get("date_end") or ref_date)
    return dt.date.fromisoformat(start) <= ref_end and ref_start <= dt.date.fromisoformat(end or start)


def place_matches(ref: dict, row: dict[str, str]) -> bool:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, ValueError):
        return False
    for p in [ref["place"], *ref.get("also_acceptable_places", [])]:
        if distance_km(lat, lon, p["lat"], p["lon"]) <= p["tolerance_km"]:
            return True
    return False


def _max_matching(refs: list[dict], rows: list[dict], ok) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): ref index → row index."""
    adj = [[j for j, row in enumerate(rows) if ok(ref, row)] for ref in refs]
    row_of_ref: dict[int, int] = {}
    ref_of_row: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in ref_of_row or augment(ref_of_row[j], seen):
                row_of_ref[i] = j
                ref_of_row[j] = i
                return True
        return False

    for i in range(len(refs)):
        augment(i, set())
    return row_of_ref


@dataclass
class Score:
    references: int = 0
    found: int = 0
    matched: list[tuple[str, str]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    relations_matched: int = 0
    relations: int = 0
    extras: list[dict] = field(default_factory=list)
    places_on_map: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.matched) / self.references if self.references else 1.0


def score(gold: dict, rows: list[dict[str, str]]) -> Score:
    result = Score()
    for art in gold["articles"]:
        stem = Path(art["file"]).stem
        mine = [r for r in rows if stem in r.get("article_ids", "").split("|")]
        events = art.get("events", [])
        result.references += len(events)
        result.found += len(mine)
        relations = art.get("relations", [])
        result.relations += len(relations)
        # Events first: Kuhn's algorithm never unmatches a matched reference, so events
        # get a maximum matching and relations then take what is left.
        refs = events + [{**r, "date": None} for r in relations]
        m = _max_matching(refs, mine, lambda ref, row: date_matches(ref, row) and place_matches(ref, row))
        for i, ref in enumerate(events):
            if i in m:
                result.matched.append((ref["id"], mine[m[i]]["event_id"]))
            else:
                result.missed.append({"article": stem, **ref})
        result.relations_matched += sum(1 for i in m if i >= len(events))
        used = set(m.values())
        result.extras.extend(row for j, row in enumerate(mine) if j not in used)
    return result


def load_rows(data_dir: Path) -> list[dict[str, str]]:
    return read_rows(data_dir / "events.csv")


def places_present(gold: dict, rows: list[dict[str, str]], names: list[str]) -> dict[str, bool]:
    """Whether each named reference place has a found point within its tolerance."""
    points: dict[str, dict] = {}
    for art in gold["articles"]:
        for ev in art.get("events", []) + art.get("relations", []):
            for p in [ev["place"], *ev.get("also_acceptable_places", [])]:
                points.setdefault(p["name"], p)
    out = {}
    for name in names:
        p = points.get(name)
        out[name] = bool(p) and any(
            r.get("lat") and distance_km(float(r["lat"]), float(r["lon"]), p["lat"], p["lon"]) <= p["tolerance_km"]
            for r in rows
        )
    return out


def report_text(s: Score, presence: dict[str, bool] | None = None) -> str:
    lines = [
        f"reference events: {s.references}   found rows: {s.found}",
        f"recall: {len(s.matched)}/{s.references} = {s.recall:.2f}",
        f"relations (undated partnerships) matched: {s.relations_matched}/{s.relations}",
        f"extra events (match neither an event nor a relation): {len(s.extras)}",
    ]
    if presence:
        lines.append("on the map: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in presence.items()))
    for ref in s.missed:
        lines.append(
            f"  MISSED {ref['id']} ({ref['article']}): {ref['kind']} {ref.get('date')} at {ref['place']['name']}"
            f" — “{ref.get('evidence', '')[:70]}”"
        )
    for row in s.extras:
        lines.append(
            f"  EXTRA {row['event_id']} ({row['article_ids']}): {row['kind']} {row['date_start'] or row['date_partial'] or 'undated'}"
            f" at {row['place_name'] or '?'} — “{row['evidence'][:70]}”"
        )
    return "\n".join(lines)


def evaluate(gold_path: Path, data_dir: Path) -> tuple[Score, str]:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    rows = load_rows(data_dir)
    s = score(gold, rows)
    presence = places_present(gold, rows, ["Baikonur", "Almaty", "Dubna", "Liège", "Xi'an"])
    return s, report_text(s, presence)
