"""Whole-pipeline tests: the seed build scored against the reference annotations,
the committed data/ is what the committed seeds build to, builds are deterministic,
and our own articles about other partners in each language give the right events."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzatlas import paths
from kzatlas.build.pipeline import build
from kzatlas.csvcells import read_rows
from kzatlas.tools.evaluate import evaluate, places_present, score

TESTS = Path(__file__).parent
GOLD = TESTS / "seed_events.json"
OUTPUTS = ("events.csv", "articles.jsonl", "event_sources.csv", "build_report.json", "manifest.json")


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed_build")
    build(paths.SEEDS_DIR, out)
    return out


def _rows(out: Path) -> list[dict[str, str]]:
    return read_rows(out / "events.csv")


def test_seed_build_meets_the_reference(seed_build: Path) -> None:
    s, text = evaluate(GOLD, seed_build)
    if s.missed or len(s.extras) > 3:
        # Keep the actual output beside the reference for a look (git-ignored).
        keep = TESTS / "_gold_actual"
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(seed_build, keep)
    assert not s.missed, text
    assert len(s.matched) == s.references == 16, text
    assert len(s.extras) <= 3, text


def test_required_places_are_on_the_map(seed_build: Path) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    presence = places_present(gold, _rows(seed_build), ["Baikonur", "Almaty", "Dubna", "Liège", "Xi'an"])
    assert all(presence.values()), presence


def test_background_facts_are_not_events(seed_build: Path) -> None:
    rows = _rows(seed_build)
    # The 2026-03-15 referendum (domestic) and the 1817 founding of ULiège (background).
    assert not [r for r in rows if r["date_start"].startswith(("2026-03-15", "1817"))]


def test_year_unknown_is_kept_explicit(seed_build: Path) -> None:
    forum = [r for r in _rows(seed_build) if r["date_partial"].startswith("--06-13")]
    assert len(forum) == 1 and forum[0]["date_start"] == "" and forum[0]["date_basis"] == "year_unknown"


def test_committed_data_is_fresh(seed_build: Path) -> None:
    """data/ must be rebuilt (python -m kzatlas build) whenever seeds or code change."""
    stale = [name for name in OUTPUTS if (paths.DATA_DIR / name).read_bytes() != (seed_build / name).read_bytes()]
    assert not stale, f"data/ is stale, run `python -m kzatlas build`: {stale}"


def test_builds_are_byte_identical_whatever_the_file_order(tmp_path: Path) -> None:
    seeds = sorted(paths.SEEDS_DIR.glob("*.txt"))
    outputs = []
    for n, order in enumerate((seeds, list(reversed(seeds)))):
        folder = tmp_path / f"seeds{n}"
        folder.mkdir()
        for f in order:  # creation order differs between the two folders
            shutil.copy(f, folder / f.name)
        build(folder, tmp_path / f"out{n}")
        outputs.append([(tmp_path / f"out{n}" / name).read_bytes() for name in OUTPUTS])
    assert outputs[0] == outputs[1]


def test_event_ids_are_stable_and_unique(seed_build: Path, tmp_path: Path) -> None:
    build(paths.SEEDS_DIR, tmp_path)
    ids = [r["event_id"] for r in _rows(seed_build)]
    assert len(ids) == len(set(ids))
    assert ids == [r["event_id"] for r in _rows(tmp_path)]


def test_evidence_offsets_point_into_the_article(seed_build: Path) -> None:
    texts = {}
    for line in (seed_build / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        texts[obj["article_id"]] = obj["text"]
    for r in _rows(seed_build):
        text = texts[r["evidence_article_id"]]
        assert text[int(r["evidence_start"]) : int(r["evidence_end"])] == r["evidence"]


# --- our own articles about other partners, one per language ----------------------------

ARTICLES = TESTS / "articles"


@pytest.fixture(scope="module")
def own_build(tmp_path_factory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("own_build")
    build(ARTICLES, out)
    return _rows(out)


@pytest.mark.parametrize(
    "article, kind, date_start, planned, partner_country, place",
    [
        pytest.param("en_satbayev_asu", "agreement", "2025-04-15", "false", "US", "Tempe", id="en-satbayev-us-memorandum"),
        pytest.param("ru_nnc_kaeri", "agreement", "2024-09-10", "false", "KR", "Daejeon", id="ru-nuclear-korea-memorandum"),
        pytest.param("ru_nnc_kaeri", "forum", "2025-01-01", "true", "KR", "Kurchatov", id="ru-next-year-conference"),
        pytest.param("kk_france_space", "agreement", "2024-11-05", "false", "FR", "Paris", id="kk-france-space-declaration"),
        pytest.param("fr_cnes_kazcosmos", "agreement", "2023-06-19", "false", "FR", "Toulouse", id="fr-cnes-accord"),
        pytest.param("fr_cnes_kazcosmos", "plan", "2024-01-01", "true", "FR", "Almaty", id="fr-planned-meeting-2024"),
    ],
)
def test_own_articles(own_build, article, kind, date_start, planned, partner_country, place) -> None:
    mine = [r for r in own_build if article in r["article_ids"].split("|")]
    hits = [
        r
        for r in mine
        if r["kind"] == kind
        and r["date_start"] == date_start
        and r["planned"] == planned
        and partner_country in r["partner_countries"].split("|")
        and r["place_name"] == place
    ]
    assert hits, json.dumps(mine, ensure_ascii=False, indent=1)


def test_own_articles_no_background_founding(own_build) -> None:
    # "Satbayev University was founded in 1934": one side only, so not an event.
    assert not [r for r in own_build if r["date_start"].startswith("1934")]


def test_one_event_per_report_within_an_article(own_build) -> None:
    # The headline and the body report the same signing: one row, not two.
    kaeri = [r for r in own_build if "ru_nnc_kaeri" in r["article_ids"] and r["kind"] == "agreement"]
    assert len(kaeri) == 1


def test_same_event_in_two_languages_is_one_row(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ARTICLES / "ru_nnc_kaeri.md", seeds / "a_ru.md")
    (seeds / "b_en.md").write_text(
        "---\ntitle: Kazakh nuclear centre and KAERI sign memorandum\npublished: 2024-09-11\nlanguage: en\n---\n"
        "The National Nuclear Center of Kazakhstan signed a memorandum of cooperation with the Korea Atomic "
        "Energy Research Institute (KAERI) on 10 September 2024 in Daejeon.\n",
        encoding="utf-8",
    )
    build(seeds, tmp_path / "out")
    rows = [r for r in _rows(tmp_path / "out") if r["kind"] == "agreement"]
    assert len(rows) == 1, rows
    assert rows[0]["article_ids"] == "a_ru|b_en" and rows[0]["source_count"] == "2"


# --- the command line ------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzatlas", *args], capture_output=True, text=True, timeout=120)


def test_cli_build_and_evaluate(tmp_path: Path) -> None:
    done = _cli("build", "--seeds", str(paths.SEEDS_DIR), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Built" in done.stdout and "articles per language" in done.stdout
    done = _cli("evaluate", "--gold", str(GOLD), "--data", str(tmp_path))
    assert done.returncode == 0 and "recall: 16/16" in done.stdout, done.stdout


def test_cli_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    done = _cli("build", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "does not exist" in done.stderr


def test_score_counts_relations_apart() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    s = score(gold, [])
    assert s.references == 16 and s.relations == 9 and not s.extras


@pytest.mark.parametrize(
    "evidence_start, place_name, geo_precision, kind",
    [
        pytest.param("The document was signed", "Dubna", "institution", "agreement", id="institution-point-named-by-city"),
        pytest.param("11/17/2021", "Belarus", "country", "meeting", id="country-partner-is-country-precision"),
        pytest.param("En 2018", "Baikonur", "city", "agreement", id="fr-stated-venue"),
    ],
)
def test_place_and_kind_rules(seed_build: Path, evidence_start: str, place_name: str, geo_precision: str, kind: str):
    rows = [r for r in _rows(seed_build) if r["evidence"].startswith(evidence_start)]
    assert rows, evidence_start
    assert (rows[0]["place_name"], rows[0]["geo_precision"], rows[0]["kind"]) == (place_name, geo_precision, kind)
