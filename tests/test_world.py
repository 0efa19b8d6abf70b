"""The committed offline basemap: valid GeoJSON, the expected countries, Kazakhstan
where it belongs (Almaty inside it), no polygon edge streaking across the
antimeridian, and byte-identical regeneration from the shared world-atlas TopoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzatlas.paths import WORLD_GEOJSON
from kzatlas.tools import world

ALMATY = (76.91, 43.25)  # lon, lat
PARIS = (2.35, 48.86)


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _in_ring(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Even-odd ray casting: count the ring's edges crossed by a ray going east."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _contains(geometry: dict, point: tuple[float, float]) -> bool:
    for outer, *holes in _polygons(geometry):
        if _in_ring(point, outer) and not any(_in_ring(point, h) for h in holes):
            return True
    return False


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(WORLD_GEOJSON.read_text(encoding="utf-8"))


def test_point_in_polygon_helper() -> None:
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    assert _in_ring((5, 5), square)
    assert not _in_ring((15, 5), square)
    assert not _in_ring((5, -1), square)


def test_committed_file_is_a_small_valid_feature_collection(collection: dict) -> None:
    assert 100_000 < WORLD_GEOJSON.stat().st_size < 300_000
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert 170 <= len(features) <= 180
    for f in features:
        assert f["type"] == "Feature"
        assert set(f["properties"]) == {"name", "id"}
        assert f["properties"]["name"]
        for polygon in _polygons(f["geometry"]):
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_kazakhstan_contains_almaty_and_not_paris(collection: dict) -> None:
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    kz = by_name["Kazakhstan"]
    assert kz["properties"]["id"] == "398"  # ISO 3166-1 numeric
    assert _contains(kz["geometry"], ALMATY)
    assert not _contains(kz["geometry"], PARIS)
    assert _contains(by_name["France"]["geometry"], PARIS)
    holders = [name for name, f in by_name.items() if _contains(f["geometry"], ALMATY)]
    assert holders == ["Kazakhstan"]


def test_no_edge_crosses_the_antimeridian_except_round_a_pole(collection: dict) -> None:
    # A flat map would draw such an edge as a band across the world.
    for f in collection["features"]:
        for polygon in _polygons(f["geometry"]):
            for ring in polygon:
                jumps = sum(abs(a[0] - b[0]) > 180 for a, b in zip(ring, ring[1:]))
                assert jumps == 0 or f["properties"]["name"] == "Antarctica", f["properties"]["name"]


def test_split_antimeridian_makes_one_ring_per_side() -> None:
    ring = [(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0)]
    parts = world.split_antimeridian(ring)
    assert len(parts) == 2
    for part in parts:
        assert part[0] == part[-1]
        assert len({lon > 0 for lon, _ in part}) == 1  # each part stays on one side


@pytest.mark.skipif(not world.DEFAULT_SOURCE.is_file(), reason="shared world-atlas TopoJSON not present")
def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "world.geojson"
    assert world.main([str(world.DEFAULT_SOURCE), "-o", str(out)]) == 0
    assert out.read_bytes() == WORLD_GEOJSON.read_bytes()
