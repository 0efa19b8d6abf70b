"""The search's alias table (search_names.csv: kzatlas.build.search_names writes it,
kzatlas.viz.search reads it): a search finds a place, country or institution of the
data set by any of its names from the table alone, without loading the place index
and the gazetteer; it names the same things as the whole index for every name the
table lists and for inflected forms of them; a folder without the table (an older
build) is searched the old way with the same result; and the peers of the engine
agree on both paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from benchmarks.peers import DuckAtlas, PandasAtlas
from benchmarks.synthetic import write_synthetic_dataset
from kzatlas import paths
from kzatlas.fsio import read_manifest, write_manifest
from kzatlas.schema import SEARCH_NAMES
from kzatlas.viz import engine, filters
from kzatlas.viz.filters import Filters
from kzatlas.viz.search import NameTable, place_key


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic-names")
    write_synthetic_dataset(out, n_events=3000, n_places=300, n_articles=400, seed=5)
    return out


@pytest.fixture(scope="module")
def older_build(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same data as a build from before the alias table: no search_names files."""
    out = tmp_path_factory.mktemp("older-build") / "data"
    shutil.copytree(synthetic, out)
    kept = [e.name for e in read_manifest(out)[1] if not e.name.startswith("search_names.")]
    for name in (SEARCH_NAMES.filename, SEARCH_NAMES.parquet_filename):
        (out / name).unlink(missing_ok=True)
    write_manifest(out, kept)
    return out


def _no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the search loaded the place index and the gazetteer")

    monkeypatch.setattr(filters, "_name_index", refuse)


@pytest.mark.parametrize("text", [pytest.param(t, id=t) for t in ("Байконур", "Baïkonour", "Байконыр", "Байконуре")])
def test_a_place_is_found_by_another_name_from_the_table_alone(synthetic: Path, monkeypatch, text: str) -> None:
    _no_index(monkeypatch)
    atlas = engine.Atlas.open(synthetic)
    assert atlas.tables.search_names is not None
    found = atlas.select(Filters(text=text)).events
    assert found.height > 0
    assert set(found["place_name"].to_list()) == {"Baikonur"}, "the text appears in no evidence: only the place finds"


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Германия", {"countries": {"DE"}}, id="country-in-russian"),
        pytest.param("Allemagne", {"countries": {"DE"}}, id="country-in-french"),
        pytest.param("Москве", {"places": {place_key("Moscow", "RU")}}, id="inflected-city"),
        pytest.param("КазНУ", {"institutions": {"kz-kaznu"}}, id="institution-acronym"),
        pytest.param("Казахский национальный университет", {"institutions": {"kz-kaznu"}}, id="institution-russian"),
        pytest.param("ОИЯИ", {}, id="institution-not-in-the-data"),
        pytest.param("Pa", {}, id="too-short-to-resolve"),
    ],
)
def test_table_names(synthetic: Path, monkeypatch, text: str, expected: dict) -> None:
    _no_index(monkeypatch)
    named = engine.Atlas.open(synthetic).name_table.named(text)
    assert (set(named.place_keys), set(named.countries), set(named.institutions)) == (
        expected.get("places", set()), expected.get("countries", set()), expected.get("institutions", set()))


def _needles(table: pl.DataFrame) -> list[str]:
    """Every name the table lists, as written, capitalised and inflected (Russian,
    Kazakh and French forms a search box may hold), and names of places elsewhere."""
    out: list[str] = []
    for name in table["name"].unique().sort().to_list():
        title = name[:1].upper() + name[1:]
        out += [name, title, title + "е", title + "а", title + "да", title + "ға"]
    return out + ["Paris", "Лондоне", "Нью-Йорк", "Washington", "Вашингтоне", "Georgia", "Université de Lyon"]


@pytest.mark.parametrize("data", [pytest.param("synthetic", id="synthetic"), pytest.param("committed", id="data")])
def test_the_table_names_what_the_whole_index_names(synthetic: Path, data: str) -> None:
    """On every name of the table and inflected forms of it, the table and the
    whole index (the old path, over the same events) name the same places,
    countries and institutions of the data set."""
    folder = synthetic if data == "synthetic" else paths.DATA_DIR
    atlas = engine.Atlas.open(folder)
    table = atlas.name_table
    assert table is not None
    pairs = atlas.events.select("place_name", "country_code").unique().drop_nulls().rows()
    held = set(atlas.options.countries) | set(atlas.events["country_code"].drop_nulls().to_list())
    ids = set(atlas.events["partner_ids"].explode().drop_nulls()) | set(
        atlas.events["kazakh_side_ids"].explode().drop_nulls())
    differ = []
    for needle in _needles(atlas.tables.search_names):
        ours = table.named(needle)
        old = engine.text_targets(needle, pairs, None)
        # The old path also names what the data does not hold (it matches no event).
        old_held = (set(old.place_keys), set(old.countries) & held, set(old.institutions) & ids)
        if (set(ours.place_keys), set(ours.countries), set(ours.institutions)) != old_held:
            differ.append(needle)
    assert not differ, f"the table and the whole index disagree on {differ[:10]} ({len(differ)} of them)"


@pytest.mark.parametrize("text", [pytest.param(t, id=t) for t in ("Байконур", "Baïkonour", "Германия", "Москве",
                                                                  "КазНУ", "nuclear", "Tokyo")])
def test_an_older_build_is_searched_through_the_whole_index(synthetic: Path, older_build: Path, text: str) -> None:
    new, old = engine.Atlas.open(synthetic), engine.Atlas.open(older_build)
    assert old.tables.search_names is None and old.name_table is None
    mask = new.events.select(engine.filter_expr(Filters(text=text), new.text_hits(text))).to_series()
    old_mask = old.events.select(engine.filter_expr(Filters(text=text), old.text_hits(text))).to_series()
    assert mask.sum() > 0 and mask.equals(old_mask)


@pytest.mark.parametrize("folder", [pytest.param("synthetic", id="table"), pytest.param("older_build", id="index")])
@pytest.mark.parametrize("text", [pytest.param(t, id=t) for t in ("Байконур", "Германия", "КазНУ")])
def test_peers_search_alike_on_both_paths(request, folder: str, text: str) -> None:
    path = request.getfixturevalue(folder)
    counts = {name: cls.open(path).select(Filters(text=text)).counts()
              for name, cls in (("polars", engine.Atlas), ("pandas", PandasAtlas), ("duckdb", DuckAtlas))}
    assert counts["polars"]["events"] > 0
    assert counts["pandas"] == counts["polars"] and counts["duckdb"] == counts["polars"]


def test_the_table_is_built_from_the_data_sets_names_only() -> None:
    """The committed data's table: a few hundred names, every place one of the events'."""
    table = pl.read_csv(paths.DATA_DIR / SEARCH_NAMES.filename, infer_schema=False).fill_null("")
    events = pl.read_csv(paths.DATA_DIR / "events.csv", infer_schema=False).fill_null("")
    held = set(events.select("place_name", "country_code").rows())
    places = table.filter(pl.col("kind") == "place")
    assert set(places.select("place_name", "country_code").rows()) <= held
    assert {"байконур", "baikonour"} <= set(places.filter(pl.col("place_name") == "Baikonur")["name"])
    assert table.height < 5_000
    assert NameTable(table).named("Baïkonour").place_keys == (place_key("Baikonur", "KZ"),)
