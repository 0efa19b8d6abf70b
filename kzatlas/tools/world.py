"""The offline basemap: country outlines as GeoJSON, converted once from the
``world-atlas`` TopoJSON (``countries-110m.json``, version 2.0.2, Copyright
2013-2019 Michael Bostock, ISC licence; the shapes are Natural Earth's, public
domain) into ``data/world_countries.geojson``, which the dashboard draws under its
points so that the map needs no tile server. The conversion decodes the quantized,
delta-encoded arcs, stitches them into Polygon/MultiPolygon rings and rounds
coordinates to 3 decimals; the output is byte-for-byte deterministic (sorted keys,
fixed separators, one feature per line). Regenerate with
``python -m kzatlas.tools.world [SOURCE.json] [-o OUT.geojson]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from kzatlas.fsio import atomic_write
from kzatlas.paths import REPO_DIR, WORLD_GEOJSON

#: The shared copy of the world-atlas package (outside the repo, next to it).
DEFAULT_SOURCE = REPO_DIR.parent / "shared" / "data" / "world-atlas" / "countries-110m.json"
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


def topology_to_geojson(topology: dict[str, Any], object_name: str = "countries") -> dict[str, Any]:
    """A FeatureCollection of the object's Polygon/MultiPolygon geometries."""
    arcs = decode_arcs(topology)
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
        features.append(
            {
                "type": "Feature",
                "properties": {"name": str(props.get("name", "")), "id": str(geom.get("id", ""))},
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kzatlas.tools.world", description=__doc__.splitlines()[0])
    p.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="world-atlas TopoJSON")
    p.add_argument("-o", "--out", type=Path, default=WORLD_GEOJSON, help="GeoJSON to write")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.source.is_file():
        print(f"error: {args.source} not found", file=sys.stderr)
        return 2
    n = convert(args.source, args.out)
    print(f"wrote {n} features to {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
