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
from kzatlas.build.pipeline import REPORT_FILE, build
from kzatlas.csvcells import read_rows
from kzatlas.schema import TABLES
from kzatlas.tools.evaluate import places_present, score

TESTS = Path(__file__).parent
GOLD = TESTS / "seed_events.json"
#: What a build of the seeds writes: the text tables (too few events for Parquet
#: copies, see kzatlas.build.output.PARQUET_MIN_EVENTS), the report, the manifest.
OUTPUTS = (*(t.filename for t in TABLES), REPORT_FILE, "manifest.json")


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed_build")
    build(paths.SEEDS_DIR, out)
    return out


def _rows(out: Path) -> list[dict[str, str]]:
    return read_rows(out / "events.csv")


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
    """data/ is what the committed seeds and code build to. When this fails, the build's
    result changed: review what changed (`python -m kzatlas build --out /tmp/new` and
    diff it against data/) before committing the rebuilt data — a changed event is a
    changed answer for the users, not just a file to refresh."""
    stale = [name for name in OUTPUTS if (paths.DATA_DIR / name).read_bytes() != (seed_build / name).read_bytes()]
    assert sorted(p.name for p in seed_build.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    assert not stale, (f"the build's result changed for {stale}: review the difference "
                       "(python -m kzatlas build --out /tmp/new; diff -r data /tmp/new), then rebuild data/")


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
        # "Une nouvelle réunion … est prévue pour 2024 à Almaty": a meeting, planned.
        pytest.param("fr_cnes_kazcosmos", "meeting", "2024-01-01", "true", "FR", "Almaty", id="fr-planned-meeting-2024"),
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


def test_kazakh_delegation_at_an_unplaced_host_is_not_put_at_home(tmp_path: Path) -> None:
    # A Kazakh delegation visits a foreign body the gazetteer cannot place: the signing
    # happened at the host, so the visitor's own city must not stand in for the venue.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "fr_visit.md").write_text(
        "---\npublished: 2024-03-02\nlanguage: fr\n---\n"
        "Un accord de coopération a été signé lors de la visite d’une délégation de l’Université "
        "nationale kazakhe al-Farabi, Almaty, Kazakhstan, au Centre Vormandel d’études orientales "
        "le 28 février 2024.\n",
        encoding="utf-8",
    )
    build(seeds, tmp_path / "out")
    rows = _rows(tmp_path / "out")
    assert rows and all(r["place_name"] != "Almaty" for r in rows), rows


def test_a_saved_web_page_in_seeds_is_read_like_an_article(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "page.html").write_text(
        '<html><head><title>Vormandel University and KazNU sign MoU</title>'
        '<meta property="article:published_time" content="2024-01-20"></head><body><nav>Menu</nav><article>'
        "<h1>Vormandel University and KazNU sign MoU</h1><p>Al-Farabi Kazakh National University and the "
        "Vormandel University of Lyon signed a memorandum in Lyon on 18 January 2024.</p></article></body></html>",
        encoding="utf-8",
    )
    build(seeds, tmp_path / "out")
    report = json.loads((tmp_path / "out" / REPORT_FILE).read_text(encoding="utf-8"))
    assert report["files_found"] == 1 and not report["skipped"], report
    rows = _rows(tmp_path / "out")
    assert [(r["article_ids"], r["date_start"], r["place_name"]) for r in rows] == [("page", "2024-01-18", "Lyon")]
    article = json.loads((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert article["title"] == "Vormandel University and KazNU sign MoU" and "Menu" not in article["text"]


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
        # The partner is only "the Republic of Belarus" and no venue is stated: the Kazakh
        # party's city says more than Belarus's capital would (place_basis kazakh_side).
        pytest.param("11/17/2021", "Almaty", "institution", "meeting", id="country-partner-yields-to-kazakh-city"),
        pytest.param("En 2018", "Baikonur", "city", "agreement", id="fr-stated-venue"),
    ],
)
def test_place_and_kind_rules(seed_build: Path, evidence_start: str, place_name: str, geo_precision: str, kind: str):
    rows = [r for r in _rows(seed_build) if r["evidence"].startswith(evidence_start)]
    assert rows, evidence_start
    assert (rows[0]["place_name"], rows[0]["geo_precision"], rows[0]["kind"]) == (place_name, geo_precision, kind)


def test_parquet_copies_only_when_they_pay_off_and_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build under output.PARQUET_MIN_EVENTS writes the text tables only (its start-up
    does not import pyarrow); a larger one also writes typed Parquet copies. The
    dashboard reads the same events, sources and texts either way, and a small build
    into a folder that held a large one's copies removes them."""
    from kzatlas.build import output
    from kzatlas.fsio import check_manifest
    from kzatlas.viz import engine

    small = build(paths.SEEDS_DIR, tmp_path / "small")
    assert not [f for f in small.files if f.endswith(".parquet")]
    monkeypatch.setattr(output, "PARQUET_MIN_EVENTS", 1)
    large = build(paths.SEEDS_DIR, tmp_path / "large")
    parquet = {t.parquet_filename for t in TABLES}
    assert parquet <= set(large.files) and parquet <= set(check_manifest(tmp_path / "large").names())
    a, b = (engine.Atlas.open(tmp_path / name) for name in ("small", "large"))
    assert a.all().full_rows().equals(b.all().full_rows())
    assert a.tables.articles.equals(b.tables.articles)
    first = a.events["event_id"][0]
    assert a.sources(a.event(first)).equals(b.sources(b.event(first)))
    assert [a.article(i)["text"] for i in a.tables.articles["article_id"]] == \
        [b.article(i)["text"] for i in b.tables.articles["article_id"]]
    monkeypatch.setattr(output, "PARQUET_MIN_EVENTS", 10**9)
    build(paths.SEEDS_DIR, tmp_path / "large")
    assert not list((tmp_path / "large").glob("*.parquet"))


def test_a_small_build_does_not_import_pyarrow(tmp_path: Path) -> None:
    """The start-up of a build of one article (issue 8's budget) without pyarrow, which
    only the Parquet copies of large builds need."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(sorted(paths.SEEDS_DIR.glob("*.txt"))[0], seeds)
    code = ("import sys; from pathlib import Path; from kzatlas.build.pipeline import build; "
            "build(Path(sys.argv[1]), Path(sys.argv[2])); print(sorted(m for m in sys.modules if m.startswith(('pyarrow', 'geopy'))))")
    out = subprocess.run([sys.executable, "-c", code, str(seeds), str(tmp_path / "out")], capture_output=True,
                         text=True, check=True, cwd=paths.REPO_DIR)
    assert out.stdout.strip() == "[]", out.stdout
