"""Static maps as inline SVG, for pages that must open without the network (the
story export). The country outlines (``data/world_countries.geojson``) are
projected once, in Web Mercator like the dashboard's map, into one ``<path>``
that every map of the page reuses with ``<use>``; a map is then a viewBox on that
world plus its own points, numbers and arcs, a few hundred bytes each. Strokes do
not scale with the viewBox (``vector-effect``), so a zoomed map keeps thin lines.

The world is ``WORLD_WIDTH`` units wide for 360° of longitude. A ring that jumps
more than half the world between two points (Antarctica's seam at ±180°) is split
there and left open, instead of drawing a line across the map; its fill is then
approximate, far south of any event.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

WORLD_WIDTH = 1000.0
MAX_LAT = 85.0
#: Points of a ring closer than this to the previous kept one are dropped: the
#: 1:110m outlines have more detail than a map a few hundred pixels wide can show.
TOLERANCE = 0.35
WORLD_ID, KAZAKHSTAN_ID = "kz-world", "kz-kazakhstan"
KAZAKHSTAN_NAMES = ("Kazakhstan",)
KAZAKHSTAN_ISO_NUMERIC = "398"

LonLat = tuple[float, float]
Box = tuple[float, float, float, float]


def project(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in map units: x from 0 (180° W) to WORLD_WIDTH, y down from the top."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * WORLD_WIDTH
    y = (1.0 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2.0 * WORLD_WIDTH
    return x, y


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = coords if kind == "MultiPolygon" else [coords] if kind == "Polygon" else []
    for polygon in polygons:
        yield from polygon


def _ring_d(ring: Sequence[Sequence[float]]) -> str:
    parts: list[str] = []
    last: tuple[float, float] | None = None
    split = False
    for point in ring:
        x, y = project(float(point[0]), float(point[1]))
        if last is not None and abs(x - last[0]) > WORLD_WIDTH / 2:
            last, split = None, True  # across the antimeridian: start a new subpath
        if last is None:
            parts.append(f"M{_num(x)} {_num(y)}")
        elif abs(x - last[0]) + abs(y - last[1]) < TOLERANCE:
            continue
        else:
            parts.append(f"L{_num(x)} {_num(y)}")
        last = (x, y)
    if len(parts) <= 2:
        return ""
    # A split ring (Antarctica) is left open: closing its pieces would draw chords across the map.
    return "".join(parts) + ("" if split else "Z")


def outline_paths(world: dict[str, Any] | None) -> tuple[str, str]:
    """Path data of every country, and of Kazakhstan alone (drawn highlighted)."""
    if not world:
        return "", ""
    all_d: list[str] = []
    kz_d: list[str] = []
    for feature in world.get("features") or []:
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        d = "".join(_ring_d(r) for r in _rings(geometry))
        all_d.append(d)
        if props.get("name") in KAZAKHSTAN_NAMES or str(props.get("id")) == KAZAKHSTAN_ISO_NUMERIC:
            kz_d.append(d)
    return "".join(all_d), "".join(kz_d)


def defs(world: dict[str, Any] | None) -> str:
    """The hidden SVG holding the shared outlines (once per page)."""
    all_d, kz_d = outline_paths(world)
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        f'<path id="{WORLD_ID}" d="{all_d}" fill="#eceff1" stroke="#8c96a0" stroke-width="0.6" '
        'vector-effect="non-scaling-stroke"/>'
        f'<path id="{KAZAKHSTAN_ID}" d="{kz_d}" fill="#d9efec" stroke="#3b8c84" stroke-width="0.8" '
        'vector-effect="non-scaling-stroke"/>'
        "</defs></svg>"
    )


def fit_box(points: Iterable[LonLat], min_width: float = 90.0, aspect: float = 1.6, pad: float = 0.18) -> Box:
    """A viewBox (x, y, width, height) around the points, padded, at least
    ``min_width`` wide, with width/height = ``aspect``, kept inside the world."""
    xy = [project(lon, lat) for lon, lat in points]
    if not xy:
        xy = [project(67.0, 48.0)]  # Kazakhstan
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    w = max(max(xs) - min(xs), min_width / (1 + 2 * pad)) * (1 + 2 * pad)
    h = max(max(ys) - min(ys), 1.0) * (1 + 2 * pad)
    w, h = max(w, h * aspect), max(h, w / aspect)
    w, h = min(w, WORLD_WIDTH), min(h, WORLD_WIDTH)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - w / 2, 0.0), WORLD_WIDTH - w)
    y = min(max(cy - h / 2, 0.0), WORLD_WIDTH - h)
    return x, y, w, h


def arc_d(origin: LonLat, target: LonLat) -> str:
    """A curved line from the Kazakh side to the event's place, bowed upwards (as
    the dashboard's arcs read), as SVG path data."""
    (x1, y1), (x2, y2) = project(*origin), project(*target)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length  # a normal; turned to point up (smaller y)
    if ny > 0:
        nx, ny = -nx, -ny
    bow = 0.22 * length
    return f"M{_num(x1)} {_num(y1)}Q{_num(mx + nx * bow)} {_num(my + ny * bow)} {_num(x2)} {_num(y2)}"


@dataclass(frozen=True)
class Marker:
    """A point on a map with an optional text label beside it."""

    lon: float
    lat: float
    label: str = ""
    role: str = "place"  # "place" (the event's) or "origin" (the Kazakh side's)


def map_svg(
    box: Box,
    markers: Sequence[Marker] = (),
    arcs: Sequence[tuple[LonLat, LonLat]] = (),
    title: str = "",
    css_class: str = "map",
    marker_scale: float = 110.0,
) -> str:
    """One map: the shared outlines seen through ``box``, arcs, then markers; every
    label escaped (place names are data). Markers are 1/``marker_scale`` of the
    map's width: sizes follow the box, so every map of a kind looks alike."""
    x, y, w, h = box
    r = w / marker_scale
    parts = [
        f'<svg class="{css_class}" viewBox="{_num(x)} {_num(y)} {_num(w)} {_num(h)}" role="img" '
        f'preserveAspectRatio="xMidYMid meet">'
    ]
    if title:
        parts.append(f"<title>{html.escape(title)}</title>")
    parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="#f7fafc"/>')
    parts.append(f'<use href="#{WORLD_ID}"/><use href="#{KAZAKHSTAN_ID}"/>')
    for a, b in arcs:
        parts.append(f'<path class="arc" d="{arc_d(a, b)}" fill="none" stroke="#0f7c8c" stroke-width="1.6" '
                     'stroke-opacity="0.75" vector-effect="non-scaling-stroke"/>')
    for m in markers:
        mx, my = project(m.lon, m.lat)
        fill = "#0f7c8c" if m.role == "origin" else "#f28e2b"
        parts.append(f'<circle class="{html.escape(m.role)}" cx="{_num(mx)}" cy="{_num(my)}" r="{r:.2f}" '
                     f'fill="{fill}" stroke="#fff" stroke-width="1" vector-effect="non-scaling-stroke"/>')
        if m.label:
            parts.append(
                f'<text x="{mx + 1.4 * r:.1f}" y="{my - 1.0 * r:.1f}" font-size="{2.6 * r:.2f}" fill="#1f2d3d" '
                f'stroke="#fff" stroke-width="{0.5 * r:.2f}" paint-order="stroke">{html.escape(m.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
