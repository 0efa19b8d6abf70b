"""The committed offline basemap: valid GeoJSON, the expected countries, Kazakhstan
where it belongs (Almaty inside it), ISO codes and label points inside their
countries, no polygon edge streaking across the antimeridian, byte-identical
regeneration from the shared world-atlas TopoJSON; and the city labels converted
from a point shapefile (read from bytes the test writes itself)."""

from __future__ import annotations

import csv
import json
import struct
from pathlib import Path

import pytest

from kzatlas.paths import WORLD_CITIES, WORLD_GEOJSON
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
        assert set(f["properties"]) == {"name", "id", "iso_a2", "label"}
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


@pytest.mark.parametrize(
    "name, iso_a2",
    [
        pytest.param("Kazakhstan", "KZ", id="kazakhstan"),
        pytest.param("China", "CN", id="china"),
        pytest.param("France", "FR", id="france-mainland-not-guiana"),
        pytest.param("Russia", "RU", id="russia"),
        pytest.param("Belgium", "BE", id="belgium"),
    ],
)
def test_iso_code_and_label_point_inside_the_country(collection: dict, name: str, iso_a2: str) -> None:
    f = next(f for f in collection["features"] if f["properties"]["name"] == name)
    assert f["properties"]["iso_a2"] == iso_a2
    assert _contains(f["geometry"], tuple(f["properties"]["label"]))


def _point_shapefile(points: list[tuple[str, float, float]], width: int = 12) -> tuple[bytes, bytes]:
    """A minimal point shapefile (.shp, .dbf) with one character field 'NAME'."""
    records = b"".join(
        struct.pack(">ii", i + 1, 10) + struct.pack("<i2d", 1, lon, lat) for i, (_, lon, lat) in enumerate(points)
    )
    header = struct.pack(">i", 9994) + b"\0" * 20 + struct.pack(">i", (100 + len(records)) // 2)
    header += struct.pack("<ii", 1000, 1) + b"\0" * 64
    field = b"NAME".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([width]) + b"\0" * 15
    dbf_header = bytes([3, 124, 1, 1]) + struct.pack("<IHH", len(points), 32 + 32 + 1, 1 + width) + b"\0" * 20
    rows = b"".join(b" " + name.encode("latin-1").ljust(width) for name, _, _ in points)
    return header + records, dbf_header + field + b"\r" + rows + b"\x1a"


def test_point_shapefile_reader_round_trip() -> None:
    shp, dbf = _point_shapefile([("Astana", 71.4276, 51.1811), ("Liège", 5.5714, 50.6406)])
    assert world.read_point_shapefile(shp, dbf, encoding="latin-1") == [("Astana", 71.428, 51.181), ("Liège", 5.571, 50.641)]


@pytest.mark.parametrize(
    "damage, message",
    [
        pytest.param(lambda shp, dbf: (b"x" * 120, dbf), "not a shapefile", id="not-a-shapefile"),
        pytest.param(lambda shp, dbf: (shp[:32] + struct.pack("<i", 5) + shp[36:], dbf), "not a point", id="polygons"),
        pytest.param(lambda shp, dbf: (shp, dbf.replace(b"NAME", b"CITY")), "no 'name' field", id="no-name-field"),
    ],
)
def test_point_shapefile_reader_refuses_what_it_cannot_read(damage, message: str) -> None:
    shp, dbf = damage(*_point_shapefile([("Astana", 71.4, 51.2)]))
    with pytest.raises(ValueError, match=message):
        world.read_point_shapefile(shp, dbf)


def test_convert_cities_applies_the_curated_renames(tmp_path: Path) -> None:
    shp, dbf = _point_shapefile([("Nur-Sultan", 71.428, 51.181), ("?saka", 135.504, 34.691)])
    (tmp_path / "p.shp").write_bytes(shp)
    (tmp_path / "p.dbf").write_bytes(dbf)
    (tmp_path / "p.cpg").write_text("ISO-8859-1")
    out = tmp_path / "cities.csv"
    assert world.main(["--cities", str(tmp_path / "p.shp"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "name,lon,lat\nAstana,71.428,51.181\nŌsaka,135.504,34.691\n"


def test_committed_city_labels() -> None:
    with WORLD_CITIES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert 200 <= len(rows) <= 300
    names = {r["name"] for r in rows}
    assert {"Astana", "Moscow", "Beijing", "Paris"} <= names and "Nur-Sultan" not in names
    assert all("?" not in n for n in names)
    assert all(-180 <= float(r["lon"]) <= 180 and -90 <= float(r["lat"]) <= 90 for r in rows)
