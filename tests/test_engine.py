"""The dashboard's engine (kzatlas.viz.engine) against its benchmark peers on the
same synthetic data: pandas (the dashboard's previous way) and DuckDB (SQL over
the Parquet files) must give the same counts, map points, arcs, histogram bars and
rows for every filter (undated events and a date range, search by any name
included), so the benchmark compares equal work and a change in the engine's
semantics cannot pass unnoticed. Also: the Parquet copies hold exactly the text
files' rows, the loader keeps texts and cold columns on disk, and a Parquet file of
another build or one that does not match the schema is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas.testing as pd_testing
import polars as pl
import pytest

from benchmarks.peers import DuckAtlas, PandasAtlas
from benchmarks.synthetic import write_synthetic_dataset
from kzatlas.errors import SchemaError
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, to_arrow
from kzatlas.viz import engine, i18n, load, maps, views
from kzatlas.viz.filters import Filters

pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    write_synthetic_dataset(out, n_events=3000, n_places=300, n_articles=400, seed=3)
    return out


@pytest.fixture(scope="module")
def atlases(synthetic: Path) -> dict[str, object]:
    return {"polars": engine.Atlas.open(synthetic), "pandas": PandasAtlas.open(synthetic),
            "duckdb": DuckAtlas.open(synthetic)}


def _summary(atlas, sel, lang: str = "en") -> tuple:
    T = i18n.translator(lang)
    points = maps.point_table(atlas.point_positions)
    out: list = [sel.counts(), (sel.n_dated, sel.n_undated, sel.n_without_coords)]
    for color_by in maps.COLOR_BY:
        colors = maps.stable_palette(atlas.color_keys(color_by), color_by)
        places = sel.places(color_by, colors, points, T)
        out.append(places[["point_id", "place_name", "lat", "lon", "n_events", "n_planned", "color_key", "tip"]]
                   .values.tolist())
        for granularity in ("year", "month"):
            out.append(sel.histogram(granularity, color_by, colors, T).astype(str).values.tolist())
    out.append(sel.arcs(points).values.tolist())
    out.append(sel.rows(limit=50)["event_id"].to_list())
    first = places["point_id"].iloc[0] if len(places) else "none"
    out.append(list(sel.at_points(first)["event_id"]))
    return tuple(out)


@pytest.mark.parametrize(
    "f",
    [
        pytest.param(Filters(), id="everything"),
        pytest.param(Filters(kinds=("meeting", "visit")), id="kinds"),
        pytest.param(Filters(countries=("RU", "CN")), id="countries"),
        pytest.param(Filters(topics=("space",), languages=("ru",)), id="topic-language"),
        pytest.param(Filters(institutions=("Nazarbayev University",)), id="institution"),
        pytest.param(Filters(text="nuclear"), id="text"),
        pytest.param(Filters(text="СОТРУДНИЧЕСТВЕ"), id="text-cyrillic-case"),
        pytest.param(Filters(text="Байконур"), id="search-place-by-another-name"),
        pytest.param(Filters(text="Германия"), id="search-country-by-another-name"),
        pytest.param(Filters(date_from=dt.date(2022, 1, 1), date_to=dt.date(2023, 6, 30)), id="dates"),
        pytest.param(Filters(date_from=dt.date(2022, 1, 1), undated_in_range=True), id="dates-keep-undated"),
        pytest.param(Filters(include_planned=False, include_undated=False), id="no-planned-no-undated"),
        pytest.param(Filters(kinds=("agreement",), date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)),
                     id="kind-and-dates"),
    ],
)
def test_engine_agrees_with_its_peers(atlases: dict, f: Filters) -> None:
    ours = _summary(atlases["polars"], atlases["polars"].select(f))
    assert ours[0]["events"] > 0, "the filter should select something"
    for name in ("pandas", "duckdb"):
        assert _summary(atlases[name], atlases[name].select(f)) == ours, name


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_engine_agrees_with_its_peers_in_another_language(atlases: dict, lang: str) -> None:
    """The peers take the interface language as the engine does (tooltips, place names, bars)."""
    f = Filters(countries=("RU", "CN"))
    ours = _summary(atlases["polars"], atlases["polars"].select(f), lang)
    assert ours != _summary(atlases["polars"], atlases["polars"].select(f)), "the language should show"
    for name in ("pandas", "duckdb"):
        assert _summary(atlases[name], atlases[name].select(f), lang) == ours, name


def test_peers_place_points_alike(atlases: dict) -> None:
    ours = atlases["polars"].point_positions
    for name in ("pandas", "duckdb"):
        pd_testing.assert_frame_equal(atlases[name].point_positions, ours, check_dtype=False)


def test_options_and_colour_ranks_agree(atlases: dict) -> None:
    ours = atlases["polars"].options
    for name in ("pandas", "duckdb"):
        theirs = atlases[name].options
        assert (theirs.countries, theirs.institutions, theirs.kinds, theirs.topics, theirs.languages,
                theirs.min_date, theirs.max_date) == (ours.countries, ours.institutions, ours.kinds, ours.topics,
                                                      ours.languages, ours.min_date, ours.max_date), name
        for color_by in ("partner country", "kind"):
            assert atlases[name].color_keys(color_by) == atlases["polars"].color_keys(color_by), (name, color_by)


@pytest.mark.parametrize("table", [pytest.param(t, id=t.name) for t in (EVENTS, ARTICLES, EVENT_SOURCES)])
def test_parquet_holds_the_text_files_rows(synthetic: Path, table) -> None:
    import json

    import pyarrow.parquet as pq

    from kzatlas.csvcells import read_rows

    path = synthetic / table.filename
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        rows = read_rows(path)  # the spreadsheet escape undone, as every reader of our CSVs does
    assert pq.read_table(synthetic / table.parquet_filename).equals(to_arrow(table, rows))


def test_texts_and_cold_columns_stay_on_disk(synthetic: Path) -> None:
    atlas = engine.Atlas.open(synthetic)
    assert "text" not in atlas.tables.articles.columns
    assert not set(load.EVENT_COLD) & set(atlas.events.columns)
    first = atlas.tables.articles["article_id"][0]
    assert len(atlas.article(first)["text"]) > 50
    ev = atlas.event(atlas.events["event_id"][0])
    assert set(EVENTS.columns) <= set(ev) and ev["evidence_article_id"]
    sources = atlas.sources(ev)
    assert ev["evidence_article_id"] == sources.iloc[0]["article_id"]


def test_a_parquet_copy_from_another_build_is_refused(synthetic: Path, tmp_path: Path) -> None:
    """The manifest ties the Parquet copies to the text files beside them."""
    import shutil

    folder, other = tmp_path / "data", tmp_path / "other"
    shutil.copytree(synthetic, folder)
    write_synthetic_dataset(other, n_events=50, n_places=10, n_articles=5, seed=4)
    shutil.copy(other / EVENTS.parquet_filename, folder / EVENTS.parquet_filename)
    with pytest.raises(SchemaError, match="events.parquet"):
        engine.Atlas.open(folder)


@pytest.mark.parametrize(
    "damage, message",
    [
        pytest.param(lambda f: f.with_columns(pl.col("lat").cast(pl.String)), "wrong column types: lat", id="type"),
        pytest.param(lambda f: f.drop("confidence"), "missing columns ['confidence']", id="cold-column-missing"),
        pytest.param(lambda f: f.with_columns(kind=pl.lit("party")), "'kind': 'party' not in", id="bad-choice"),
        pytest.param(lambda f: f.with_columns(event_id=pl.lit("")), "'event_id': empty", id="required-empty"),
    ],
)
def test_damaged_parquet_names_table_and_column(synthetic: Path, tmp_path: Path, damage, message: str) -> None:
    import shutil

    from kzatlas.fsio import write_manifest

    folder = tmp_path / "data"
    shutil.copytree(synthetic, folder)
    path = folder / EVENTS.parquet_filename
    damage(pl.read_parquet(path)).write_parquet(path)
    # A manifest that vouches for the damaged file: the schema check must still refuse it.
    write_manifest(folder, [n for t in (EVENTS, ARTICLES, EVENT_SOURCES) for n in (t.filename, t.parquet_filename)])
    with pytest.raises(SchemaError, match="events") as info:
        engine.Atlas.open(folder)
    assert message in str(info.value)


@pytest.mark.parametrize("text", [pytest.param(t, id=t) for t in ("nuclear", "Astana", "университет", "Байконур",
                                                                  "Nazarbayev", "zzz-nothing")])
def test_search_by_distinct_names_matches_row_by_row(atlases: dict, text: str) -> None:
    """The engine matches the text against each name column's distinct values, then
    picks events by membership: the same events as a match on every row."""
    atlas = atlases["polars"]
    hits = atlas.text_hits(text)
    row_by_row = atlas.events.select(engine.search_expr(text, engine.TextHits(None, hits.place_keys))).to_series()
    by_names = atlas.events.select(engine.search_expr(text, hits)).to_series()
    assert by_names.equals(row_by_row)
