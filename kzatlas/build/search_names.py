"""The search's alias table (kzatlas.schema.SEARCH_NAMES, search_names.csv): every
name by which the dashboard's free-text search finds a place, a country or an
institution that this build's events hold. Finding ``Байконур`` or ``Baïkonour``
needs the place index (GeoNames' alternate names, 45 MB in memory) and the
gazetteer (7 MB); the dashboard only ever resolves a search to something its
events hold, so the build, which has both loaded anyway, writes those few names
down and the dashboard reads them instead (kzatlas.viz.search).

Each row is checked against the index it came from: a place name is kept only
when the place index's own ``lookup`` of it (no country hint: a search text has
none) gives a place the events hold, and an institution's alias only when the
gazetteer gives it to that institution (an alias two institutions share belongs
to the first, as in ``Gazetteer``). So the table answers as the whole index does
for every name it lists; a search text that the whole index would resolve to a
place outside the data set is the one case it cannot see (see kzatlas.viz.search).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

from kzatlas.schema import LIST_SEP

if TYPE_CHECKING:
    from kzatlas.extract.institutions import Gazetteer
    from kzatlas.extract.places import PlaceIndex


def _values(value: object) -> list[str]:
    """A list field as the pipeline holds it (a list) or as the text files do ('a|b')."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.split(LIST_SEP) if v]
    return [str(v) for v in value if v]  # type: ignore[attr-defined]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def place_rows(events: Iterable[Mapping[str, object]], places: "PlaceIndex") -> list[dict[str, str]]:
    """Rows for the events' places (one per name form and place as the events spell
    it) and for their countries (event or partner country)."""
    pairs: set[tuple[str, str]] = set()
    countries: set[str] = set()
    for ev in events:
        name, cc = _text(ev.get("place_name")), _text(ev.get("country_code"))
        if name:
            pairs.add((name, cc))
        if cc:
            countries.add(cc)
        countries.update(_values(ev.get("partner_countries")))
    # The data's spellings of each canonical city, as the dashboard's fallback
    # (filters.canonical_place) resolves them: with the event's country as hint.
    spellings: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for name, cc in sorted(pairs):
        place = places.lookup(name, cc)
        if place is not None and place.precision != "country":
            spellings.setdefault((place.name, place.country_code), []).append((name, cc))
    # PlaceIndex lists no names publicly, so its tables are read here for candidates
    # only; each candidate is then kept or dropped by the public lookup below.
    t = places._t  # noqa: SLF001 - see above; kzatlas.extract is not this module's to change
    wanted_cids = {cid for cid, city in enumerate(t.cities) if (city[0], city[1]) in spellings}
    candidates: set[str] = set()
    for key, cids in t.city_keys.items():
        if not wanted_cids.isdisjoint(cids):
            candidates.add(key)
    for key, (cid, cc) in t.alias_keys.items():
        if cid in wanted_cids or (cid < 0 and cc in countries):
            candidates.add(key)
    for key, cc in t.country_keys.items():
        if cc in countries:
            candidates.add(key)
    rows: list[dict[str, str]] = []
    for key in candidates:
        place = places.lookup(key)
        if place is None:
            continue
        if place.precision == "country":
            if place.country_code in countries:
                rows.append({"name": key, "kind": "country", "place_name": "", "country_code": place.country_code,
                             "institution_id": ""})
            continue
        for name, cc in spellings.get((place.name, place.country_code), ()):
            rows.append({"name": key, "kind": "place", "place_name": name, "country_code": cc, "institution_id": ""})
    return rows


def institution_rows(events: Iterable[Mapping[str, object]], gazetteer: "Gazetteer") -> list[dict[str, str]]:
    """Rows for the events' gazetteer institutions: each name and alias the
    gazetteer gives to it (not those it gives to another institution first)."""
    ids: set[str] = set()
    for ev in events:
        ids.update(_values(ev.get("partner_ids")))
        ids.update(_values(ev.get("kazakh_side_ids")))
    dropped = {(alias, lost) for alias, _kept, lost in gazetteer.conflicts}
    rows: list[dict[str, str]] = []
    # In the gazetteer's order, names before aliases: where two aliases could match
    # the same words, the dashboard's small gazetteer then prefers the same one.
    for inst in gazetteer.institutions:
        inst_id = inst.id
        if inst_id not in ids:
            continue  # also those found by pattern ("x-…"): no other names to know them by
        for alias in dict.fromkeys((inst.name, *inst.aliases)):
            if (alias, inst_id) not in dropped:
                rows.append({"name": alias, "kind": "institution", "place_name": "", "country_code": "",
                             "institution_id": inst_id})
    return rows


def search_name_rows(events: Iterable[Mapping[str, object]], places: "PlaceIndex",
                     gazetteer: "Gazetteer") -> list[dict[str, str]]:
    """The SEARCH_NAMES rows of a build's events in a fixed order (a rebuild diffs
    cleanly): places, then countries, by country and name; then institutions in the
    gazetteer's order."""
    events = list(events)
    order = {"place": 0, "country": 1}
    places_ = sorted(place_rows(events, places),
                     key=lambda r: (order[r["kind"]], r["country_code"], r["place_name"], r["name"]))
    return places_ + institution_rows(events, gazetteer)
