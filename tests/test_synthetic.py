"""The synthetic dataset matches the schema when read back (every row), quotes each
evidence sentence at its stated offsets, is deterministic per seed and has the
variety the dashboard's load tests rely on; hand-made tables round-trip too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.synthetic import article_row, event_row, evidence_at, write_synthetic_dataset, write_tables
from kzatlas.csvcells import read_rows
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, validate_rows


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        fieldnames = csv.DictReader(fh).fieldnames or []
    return list(fieldnames), read_rows(path)


def _read(out: Path) -> tuple[list[dict[str, str]], dict[str, dict], list[dict[str, str]]]:
    ev_cols, events = _read_csv(out / EVENTS.filename)
    src_cols, sources = _read_csv(out / EVENT_SOURCES.filename)
    articles = [json.loads(line) for line in (out / ARTICLES.filename).read_text(encoding="utf-8").splitlines()]
    assert ev_cols == EVENTS.columns and src_cols == EVENT_SOURCES.columns
    validate_rows(EVENTS, ev_cols, events, limit=5)
    validate_rows(EVENT_SOURCES, src_cols, sources, limit=5)
    validate_rows(ARTICLES, ARTICLES.columns, articles, limit=5)
    for a in articles:
        assert list(a) == ARTICLES.columns
    return events, {a["article_id"]: a for a in articles}, sources


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    write_synthetic_dataset(out, n_events=3_000, n_places=150, n_articles=200, seed=7)
    return out


def test_every_row_matches_the_schema_and_evidence_offsets(small: Path) -> None:
    events, articles, sources = _read(small)
    assert len(events) == 3_000 and len(articles) == 200
    assert len({e["event_id"] for e in events}) == len(events)
    for e in events:
        text = articles[e["evidence_article_id"]]["text"]
        assert text[int(e["evidence_start"]) : int(e["evidence_end"])] == e["evidence"]
        ids = e["article_ids"].split("|")
        assert ids[0] == e["evidence_article_id"] and int(e["source_count"]) == len(ids)
    for s in sources:
        text = articles[s["article_id"]]["text"]
        assert text[int(s["evidence_start"]) : int(s["evidence_end"])] == s["evidence"]
    assert len(sources) == sum(int(e["source_count"]) for e in events)
    assert sum(a["event_count"] for a in articles.values()) == len(sources)


def test_variety(small: Path) -> None:
    events, articles, _ = _read(small)
    col = lambda name: {e[name] for e in events}  # noqa: E731
    assert col("date_precision") == {"", "day", "month", "year"}
    assert col("planned") == {"true", "false"}
    assert col("language") == {"en", "ru", "kk", "fr"}
    assert set(EVENTS.field("kind").choices) == col("kind")
    assert "" in col("lat")  # a few events are not geocoded
    assert "KZ" in col("country_code") and len(col("country_code")) > 20
    assert len(col("place_name")) > 100
    assert any(e["date_basis"] == "year_unknown" and e["date_partial"].startswith("--") for e in events)
    assert any("|" in e["topics"] for e in events)
    assert all(e["origin_lat"] and e["origin_name"] for e in events)
    assert any(e["place_name"] == "Dubna" for e in events)
    # Events held in Kazakhstan still name a foreign partner country.
    assert all(e["partner_countries"] != "KZ" for e in events)
    # Month precision spans the whole month.
    month = next(e for e in events if e["date_precision"] == "month" and e["date_basis"] == "stated")
    assert month["date_start"].endswith("-01") and month["date_end"][:7] == month["date_start"][:7]
    assert {a["language"] for a in articles.values()} == {"en", "ru", "kk", "fr"}


def test_deterministic_per_seed(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_synthetic_dataset(a, n_events=500, n_places=80, n_articles=40, seed=1)
    write_synthetic_dataset(b, n_events=500, n_places=80, n_articles=40, seed=1)
    write_synthetic_dataset(c, n_events=500, n_places=80, n_articles=40, seed=2)
    for name in (EVENTS.filename, ARTICLES.filename, EVENT_SOURCES.filename):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / EVENTS.filename).read_bytes() != (c / EVENTS.filename).read_bytes()


def test_tiny_sizes(tmp_path: Path) -> None:
    write_synthetic_dataset(tmp_path, n_events=1, n_places=1, n_articles=1, seed=0)
    events, articles, sources = _read(tmp_path)
    assert len(events) == 1 and len(articles) == 1 and len(sources) == 1


def test_hand_made_tables_keep_hostile_text_literally(tmp_path: Path) -> None:
    evil = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">'
    text = f"Title {evil}\n\nKazakh {evil} signed, with a comma, and \"quotes\"\nand a newline."
    ev = "Kazakh " + evil + ' signed, with a comma, and "quotes"\nand a newline.'
    start, end = evidence_at(text, ev)
    row = event_row(event_id="evil1", evidence=ev, evidence_start=start, evidence_end=end, kazakh_side=evil)
    write_tables(tmp_path, [row], [article_row("a1", text, title=f"Title {evil}", event_count=1)])
    events, articles, sources = _read(tmp_path)
    assert events[0]["evidence"] == ev and events[0]["kazakh_side"] == evil
    assert articles["a1"]["text"][start:end] == ev
    assert sources[0]["article_id"] == "a1" and sources[0]["evidence"] == ev
