"""The map: one point per city (an institution's events snap to its city's point,
events placed at a whole country get a ring at the country's label point, apart
from the capital), sized in screen pixels, coloured by a palette fixed over the
whole data set, and nudged apart where points would overlap at the zoom the map
opens with; arcs from the Kazakh side; labels placed so that none overprints; an
offline basemap of country outlines and city labels (CARTO tiles only when asked).

The payload grows with the number of points, never with the number of events.
Tooltips are plain text (deck.gl sets them with innerText), so hostile names show
literally, and every string in the Deck's data is kept from being read as a deck.gl
expression (deck_text). pydeck, for its part, turns every bare string argument of a
layer into an accessor expression (``"pixels"`` becomes ``"@@=pixels"``, which
deck.gl evaluates to undefined and then silently falls back to metres), so constant
strings are quoted (``"'pixels'"``) and ``accidental_expressions`` checks a spec
for the mistake.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
import pydeck as pdk

from kzatlas.viz.filters import country_name

PLACES_LAYER_ID = "places"
COLOR_BY = ("partner country", "kind")

RGB = tuple[int, int, int]

#: Partner countries: Tableau 10 without its grey, handed out by frequency over the
#: whole data set, so a country keeps its colour through filters, brushes, uploads.
COUNTRY_PALETTE: tuple[RGB, ...] = (
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
)
#: Event kinds: one fixed colour each (ColorBrewer Dark2/Paired), none of them in the
#: country palette, so a colour never stands for a country and a kind at once.
KIND_COLORS: dict[str, RGB] = {
    "agreement": (27, 158, 119),
    "meeting": (217, 95, 2),
    "visit": (117, 112, 179),
    "forum": (166, 206, 227),
    "founding": (102, 166, 30),
    "programme": (230, 171, 2),
    "plan": (166, 118, 29),
    "partnership": (31, 120, 180),
}
OTHER_COLOR: RGB = (120, 120, 120)
OTHER_KEY = "other"
NEW_COLOR = [214, 0, 140, 255]  # ring of points with uploaded events; no palette uses it
SELECTED_COLOR = [20, 20, 20, 255]  # ring of the point of the event open in the reader

#: Point radius in screen pixels: sqrt keeps the area proportional to the count; the
#: bounds keep one event visible and a busy capital from covering its neighbours.
MIN_RADIUS_PX = 5.0
MAX_RADIUS_PX = 22.0
#: Pixels kept free between two points after they are nudged apart.
GAP_PX = 2.0
#: Above this many points the nudge is skipped: measured on random points over
#: Eurasia, 200 separate fully in 0.09 s and 400 nearly (70 of 2,671 overlaps left,
#: 0.27 s), while 1,500 took 1.8 s and left 5,336. Beyond it smaller points are still
#: drawn over bigger ones, and a click lists every point under the cursor.
MAX_DODGE_POINTS = 400

#: Kazakhstan, for an empty selection.
DEFAULT_VIEW = {"latitude": 48.0, "longitude": 67.0, "zoom": 2.2}
#: Zoom the map moves to (at least) when an event is opened.
FOCUS_ZOOM = 4.0
MAX_ARCS = 400
MAX_LABELS = 300  # place_labels shows as many as fit; this bounds its work and the payload
LABEL_CHARS = 28
#: What the browser needs of each point (the rest of aggregate_places stays in Python).
PLACE_LAYER_COLUMNS = ["point_id", "lon", "lat", "radius", "fill", "line", "line_width", "tip"]
#: The label font: "auto" builds the glyph atlas from the data (Cyrillic, Kazakh ә ғ қ ң ө ұ ү һ і).
FONT = "'\"Noto Sans\", \"DejaVu Sans\", Arial, sans-serif'"

#: Basemaps: offline outlines + city labels (default: no network request at all), or
#: CARTO's light tiles under them. Chosen by $KZATLAS_BASEMAP (see the README).
BASEMAPS = ("offline", "carto")
BASEMAP_ENV = "KZATLAS_BASEMAP"


def basemap_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The basemap setting: ``offline`` unless $KZATLAS_BASEMAP says ``carto``."""
    value = (environ if environ is not None else os.environ).get(BASEMAP_ENV, "").strip().lower()
    return value if value in BASEMAPS else "offline"


# ---------------------------------------------------------------- colours


def color_keys(events: pd.DataFrame, color_by: str) -> pd.Series:
    """The legend key of each event: its kind, or its first partner country."""
    if color_by == "kind":
        return events["kind"].astype(str).replace("", OTHER_KEY)
    return events["partner_countries"].map(lambda t: t[0] if t else OTHER_KEY)


def stable_palette(events: pd.DataFrame, color_by: str) -> dict[str, RGB]:
    """Key → colour over a whole data set (pass the unfiltered events, before uploads).

    Kinds have fixed colours. Countries are ranked by their number of events (ties by
    code) and the first nine get a colour each; the rest share grey as "other".
    """
    if color_by == "kind":
        return dict(KIND_COLORS)
    counts = Counter(k for k in color_keys(events, color_by).tolist() if k != OTHER_KEY)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return {k: COUNTRY_PALETTE[i] for i, k in enumerate(ranked[: len(COUNTRY_PALETTE)])}


def key_label(key: str, color_by: str) -> str:
    if key == OTHER_KEY:
        return "other"
    return country_name(key) if color_by != "kind" else key


def hex_color(rgb: Iterable[int]) -> str:
    r, g, b = list(rgb)[:3]
    return f"#{r:02x}{g:02x}{b:02x}"


# ---------------------------------------------------------------- points (one per city)


def point_ids(events: pd.DataFrame) -> pd.Series:
    """The map point of each event: ``CC:place`` for a city (every institution of a
    city shares it), ``country:CC`` for an event placed at a whole country."""
    country_level = (events["geo_precision"] == "country").to_numpy()
    cc = events["country_code"].astype(str).to_numpy(dtype=object)
    name = events["place_name"].astype(str).to_numpy(dtype=object)
    ids = np.where(country_level, "country:" + cc, cc + ":" + name)
    return pd.Series(ids, index=events.index, dtype=object)


def country_label_points(world: Mapping[str, Any] | None) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 → (lon, lat) label point, from the outlines' properties."""
    out: dict[str, tuple[float, float]] = {}
    for f in (world or {}).get("features", []) if isinstance(world, Mapping) else []:
        props = f.get("properties") or {}
        code, label = props.get("iso_a2"), props.get("label")
        if code and isinstance(label, (list, tuple)) and len(label) == 2:
            out[str(code)] = (float(label[0]), float(label[1]))
    return out


@dataclass(frozen=True)
class PointTable:
    """Where each map point is drawn, decided once over the whole data set (so a point
    does not move when a filter changes which of its institutions are shown)."""

    frame: pd.DataFrame  # index point_id; columns name, lat, lon, country_level, country_code


def point_table(events: pd.DataFrame, world: Mapping[str, Any] | None = None) -> PointTable:
    """One row per point: a city's point is the median of its city-precision rows
    (else of all its rows); a country's point is its label point from the outlines
    (else the capital the build put it at)."""
    ev = events[events["lat"].notna() & events["lon"].notna()]
    cols = ["name", "lat", "lon", "country_level", "country_code"]
    if ev.empty:
        return PointTable(pd.DataFrame(columns=cols, index=pd.Index([], name="point_id")))
    frame = pd.DataFrame(
        {
            "point_id": point_ids(ev).to_numpy(),
            "name": ev["place_name"].astype(str).to_numpy(),
            "lat": ev["lat"].astype(float).to_numpy(),
            "lon": ev["lon"].astype(float).to_numpy(),
            "city": (ev["geo_precision"] == "city").to_numpy(),
            "country_level": (ev["geo_precision"] == "country").to_numpy(),
            "country_code": ev["country_code"].astype(str).to_numpy(),
        }
    )
    # City-precision rows name the city itself; institution rows only lie in it.
    has_city = frame.groupby("point_id")["city"].transform("any")
    frame = frame[frame["city"] | ~has_city]
    table = frame.groupby("point_id", sort=True).agg(
        name=("name", "first"), lat=("lat", "median"), lon=("lon", "median"),
        country_level=("country_level", "first"), country_code=("country_code", "first"),
    )
    labels = country_label_points(world)
    for pid in table.index[table["country_level"].astype(bool)]:
        spot = labels.get(table.at[pid, "country_code"])
        if spot is not None:
            table.at[pid, "lon"], table.at[pid, "lat"] = spot
    return PointTable(table[cols])


def _top_per_group(gcodes: np.ndarray, values: Any, n: int) -> dict[int, list[tuple[str, int]]]:
    """The n most frequent values per group code (ties by value), as {code: [(value, count), …]}.
    Integer codes and numpy throughout: grouping 100,000 strings with pandas cost a second."""
    vcodes, vuniq = pd.factorize(np.asarray(values, dtype=object))
    if not len(vuniq):
        return {}
    width = len(vuniq) + 1
    uniq, counts = np.unique(gcodes.astype(np.int64) * width + vcodes, return_counts=True)
    g, v = uniq // width, uniq % width
    rank = np.empty(len(vuniq), dtype=np.int64)
    rank[np.argsort(np.asarray([str(x) for x in vuniq], dtype=object), kind="stable")] = np.arange(len(vuniq))
    order = np.lexsort((rank[v], -counts, g))
    g, v, counts = g[order], v[order], counts[order]
    starts = np.searchsorted(g, g, side="left")
    keep = (np.arange(len(g)) - starts) < n
    out: dict[int, list[tuple[str, int]]] = {}
    for gi, vi, c in zip(g[keep].tolist(), v[keep].tolist(), counts[keep].tolist()):
        out.setdefault(gi, []).append((str(vuniq[vi]), int(c)))
    return out


def point_radius(n_events: int) -> float:
    return max(MIN_RADIUS_PX, min(MAX_RADIUS_PX, 4.0 + 3.0 * math.sqrt(n_events)))


PLACE_COLUMNS = [
    "point_id", "place_name", "lat", "lon", "true_lat", "true_lon", "n_events", "n_planned", "radius", "color_key",
    "color_label", "fill", "line", "line_width", "n_new", "country_level", "tip", "label",
]


def aggregate_places(
    events: pd.DataFrame,
    color_by: str = "partner country",
    colors: Mapping[str, RGB] | None = None,
    points: PointTable | None = None,
) -> pd.DataFrame:
    """One row per map point of a selection, biggest first, with its counts, colour and
    escaped tooltip text. ``colors`` should come from stable_palette over the whole
    data set and ``points`` from point_table over it (both default to this selection).

    A point takes the colour of its most frequent key; keys without a colour are grey.
    Country-level points are faint rings. ``lat``/``lon`` start equal to the true
    position (``true_lat``/``true_lon``); ``dodge`` moves them apart.
    """
    ev = events[events["lat"].notna() & events["lon"].notna()]
    if ev.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    if colors is None:
        colors = stable_palette(events, color_by)
    if points is None:
        points = point_table(events)
    table = points.frame
    keys = color_keys(ev, color_by)
    pid = point_ids(ev)
    known = pid.isin(table.index)
    if not known.all():  # events the table has not seen (uploads): their own points
        extra = point_table(ev[~known]).frame
        table = pd.concat([table, extra[~extra.index.isin(table.index)]])
    gcodes, point_list = pd.factorize(pid.to_numpy(dtype=object), sort=True)
    n_groups = len(point_list)
    n_events = np.bincount(gcodes, minlength=n_groups)
    n_planned_arr = np.bincount(gcodes, weights=ev["planned"].astype(bool).to_numpy(), minlength=n_groups)
    new = ev["is_new"].astype(bool).to_numpy() if "is_new" in ev else np.zeros(len(ev), dtype=bool)
    n_new_arr = np.bincount(gcodes, weights=new, minlength=n_groups)
    top_key = _top_per_group(gcodes, keys.to_numpy(dtype=object), 1)
    top_kinds = _top_per_group(gcodes, ev["kind"].to_numpy(dtype=object), 3)
    partner_lists = ev["partners"].tolist()
    lens = np.fromiter((len(x) for x in partner_lists), dtype=np.int64, count=len(partner_lists))
    flat = [x for xs in partner_lists for x in xs]
    top_partners = _top_per_group(np.repeat(gcodes, lens), flat, 3) if flat else {}
    names = _top_per_group(gcodes, ev["place_name"].to_numpy(dtype=object), 1)
    # Point attributes as plain lists aligned with the groups: a .loc per point costs
    # more than everything else here at 2,000 points.
    at = table.reindex(point_list)
    rows: list[dict[str, Any]] = []
    for g, (p, n, n_planned, n_new, country_level, t_name, cc, lat, lon) in enumerate(zip(
        point_list.tolist(), n_events.tolist(), n_planned_arr.astype(int).tolist(), n_new_arr.astype(int).tolist(),
        at["country_level"].astype(bool).tolist(), at["name"].astype(str).tolist(),
        at["country_code"].astype(str).tolist(), at["lat"].astype(float).tolist(), at["lon"].astype(float).tolist(),
    )):
        name = country_name(cc) if country_level else (names[g][0][0] if names.get(g) else t_name)
        k = top_key[g][0][0]
        key = k if k in colors else OTHER_KEY
        rgb = colors.get(key, OTHER_COLOR)
        body = [f"{n} event{'s' if n != 1 else ''}" + (f" ({n_planned} planned)" if n_planned else "")]
        body.append(", ".join(f"{kd} {c}" for kd, c in top_kinds.get(g, [])))
        if top_partners.get(g):
            body.append("Partners: " + "; ".join(x for x, _ in top_partners[g]))
        if country_level:
            body.append("(placed at the whole country, not a city)")
        if n_new:
            body.append(f"{n_new} new from your uploads")
        rows.append(
            {
                "point_id": p,
                "place_name": name,
                "lat": lat,
                "lon": lon,
                "true_lat": lat,
                "true_lon": lon,
                "n_events": n,
                "n_planned": n_planned,
                "radius": point_radius(n),
                "color_key": key,
                "color_label": key_label(key, color_by),
                "fill": [*rgb, 60 if country_level else 215],
                "line": NEW_COLOR if n_new else ([*rgb, 255] if country_level else [255, 255, 255, 230]),
                "line_width": 3.0 if n_new else (2.5 if country_level else 1.0),
                "n_new": n_new,
                "country_level": country_level,
                "tip": "\n".join([(name or "Unnamed place") + (" (country)" if country_level else ""), *body]),
                "label": name + (" (country)" if country_level else ""),
            }
        )
    return pd.DataFrame(rows, columns=PLACE_COLUMNS).sort_values(
        ["n_events", "point_id"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


# ---------------------------------------------------------------- overlap


def _world_px(lon: np.ndarray, lat: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """deck.gl's Web Mercator world pixels (a 512-px tile at zoom 0)."""
    scale = 512.0 * 2.0**zoom
    lat = np.clip(lat, -85.0, 85.0)
    x = (lon + 180.0) / 360.0 * scale
    y = (1.0 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / np.pi) / 2.0 * scale
    return x, y


def _lonlat(x: np.ndarray, y: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    scale = 512.0 * 2.0**zoom
    lon = x / scale * 360.0 - 180.0
    lat = np.degrees(2 * np.arctan(np.exp(np.pi * (1.0 - 2.0 * y / scale))) - np.pi / 2)
    return lon, lat


def _candidate_pairs(x: np.ndarray, y: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of points within ``reach`` pixels, through a grid of
    reach-sized cells (only neighbouring cells are compared)."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(zip((x // reach).astype(int).tolist(), (y // reach).astype(int).tolist())):
        cells.setdefault(key, []).append(i)
    ii: list[int] = []
    jj: list[int] = []
    for (cx, cy), members in cells.items():
        near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in cells.get((cx + dx, cy + dy), ())]
        for i in members:
            for j in near:
                if i < j:
                    ii.append(i)
                    jj.append(j)
    i_arr, j_arr = np.array(ii, dtype=int), np.array(jj, dtype=int)
    if len(i_arr):
        close = np.hypot(x[j_arr] - x[i_arr], y[j_arr] - y[i_arr]) <= reach
        i_arr, j_arr = i_arr[close], j_arr[close]
    return i_arr, j_arr


def dodge(places: pd.DataFrame, zoom: float, gap: float = GAP_PX, iterations: int = 300) -> pd.DataFrame:
    """A new frame whose ``lat``/``lon`` are moved so that no two points overlap at
    ``zoom`` (the zoom the map opens with); the true position stays in
    ``true_lat``/``true_lon`` and the map draws a thin line back to it.

    Overlapping pairs push each other apart along the line joining them, the smaller
    point moving more (so Moscow stays put and Dubna steps aside); coincident points
    fan out at fixed angles, so the result is deterministic. Zooming in only moves
    points further apart; zooming out below the opening zoom can overlap them again.
    """
    out = places.copy()
    n = len(out)
    if n < 2 or n > MAX_DODGE_POINTS:
        return out
    x, y = _world_px(out["true_lon"].to_numpy(float), out["true_lat"].to_numpy(float), zoom)
    r = out["radius"].to_numpy(float)
    reach = 2 * float(r.max()) + gap
    pairs = _candidate_pairs(x, y, reach * 2)
    if not len(pairs[0]):
        return out
    x, y = x.copy(), y.copy()
    for it in range(iterations):
        if it and it % 20 == 0:
            pairs = _candidate_pairs(x, y, reach * 2)  # points moved: neighbours may have changed
        i, j = pairs
        dx, dy = x[j] - x[i], y[j] - y[i]
        d = np.hypot(dx, dy)
        overlap = r[i] + r[j] + gap - d
        hit = overlap > 1e-6
        if not hit.any():
            break
        i, j, dx, dy, d, overlap = i[hit], j[hit], dx[hit], dy[hit], d[hit], overlap[hit]
        same = d < 1e-9
        angle = (i + j) * 2.399963  # the golden angle: coincident points fan out evenly
        dx = np.where(same, np.cos(angle), dx)
        dy = np.where(same, np.sin(angle), dy)
        d = np.where(same, 1.0, d)
        ux, uy = dx / d, dy / d
        area_i, area_j = r[i] ** 2, r[j] ** 2
        wi, wj = area_j / (area_i + area_j), area_i / (area_i + area_j)  # the smaller moves more
        step = overlap * 0.6
        mx, my = np.zeros(n), np.zeros(n)
        np.add.at(mx, i, -ux * step * wi)
        np.add.at(my, i, -uy * step * wi)
        np.add.at(mx, j, ux * step * wj)
        np.add.at(my, j, uy * step * wj)
        x += mx
        y += my
    lon, lat = _lonlat(x, y, zoom)
    out["lon"] = np.round(lon, 5)
    out["lat"] = np.round(lat, 5)
    return out


def points_under(places: pd.DataFrame, point_id: str, zoom: float) -> list[str]:
    """The clicked point and every point drawn overlapping it at ``zoom`` (nearest
    first): what a click "under the cursor" may have meant where points could not be
    nudged apart (more than MAX_DODGE_POINTS of them)."""
    hit = places[places["point_id"] == point_id]
    if hit.empty:
        return [point_id]
    x, y = _world_px(places["lon"].to_numpy(float), places["lat"].to_numpy(float), zoom)
    hx, hy = _world_px(hit["lon"].to_numpy(float), hit["lat"].to_numpy(float), zoom)
    d = np.hypot(x - hx[0], y - hy[0])
    under = d < places["radius"].to_numpy(float) + float(hit["radius"].iloc[0])
    order = np.argsort(d[under], kind="stable")
    ids = places["point_id"].to_numpy(dtype=object)[under][order].tolist()
    return [point_id] + [i for i in ids if i != point_id]


def overlapping_pairs(places: pd.DataFrame, zoom: float) -> list[tuple[str, str]]:
    """Point ids whose disks overlap at ``zoom`` (drawn positions): what dodge removes."""
    if len(places) < 2:
        return []
    x, y = _world_px(places["lon"].to_numpy(float), places["lat"].to_numpy(float), zoom)
    r = places["radius"].to_numpy(float)
    i, j = _candidate_pairs(x, y, 2 * float(r.max()))
    hit = np.hypot(x[j] - x[i], y[j] - y[i]) < r[i] + r[j] - 0.5
    ids = places["point_id"].tolist()
    return [(ids[a], ids[b]) for a, b in zip(i[hit].tolist(), j[hit].tolist())]


# ---------------------------------------------------------------- arcs, view, legend


def aggregate_arcs(events: pd.DataFrame, limit: int | None = None, points: PointTable | None = None) -> pd.DataFrame:
    """One row per origin→point pair with the number of events along it, the ``limit``
    busiest first (default MAX_ARCS): pairs multiply origins by points, so without a
    cap the arcs would grow with the data, and beyond a few hundred they only paint
    the map over. With ``points``, arcs end at the city's point, not the institution."""
    cols = ["origin_lat", "origin_lon", "lat", "lon", "n_events", "width"]
    ev = events.dropna(subset=["origin_lat", "origin_lon", "lat", "lon"])
    if ev.empty:
        return pd.DataFrame(columns=cols)
    lat, lon = ev["lat"].astype(float), ev["lon"].astype(float)
    if points is not None and len(points.frame):
        pid = point_ids(ev)
        known = pid.isin(points.frame.index)
        lat = lat.where(~known, points.frame["lat"].reindex(pid).to_numpy())
        lon = lon.where(~known, points.frame["lon"].reindex(pid).to_numpy())
    frame = pd.DataFrame({"origin_lat": ev["origin_lat"].to_numpy(), "origin_lon": ev["origin_lon"].to_numpy(),
                          "lat": lat.to_numpy(), "lon": lon.to_numpy()})
    grp = frame.groupby(["origin_lat", "origin_lon", "lat", "lon"], sort=False).size().reset_index(name="n_events")
    # Arcs that start and end at the same point (events in Astana) draw nothing useful.
    grp = grp[(grp["origin_lat"] != grp["lat"]) | (grp["origin_lon"] != grp["lon"])]
    grp = grp.assign(width=(1.0 + grp["n_events"].map(math.sqrt)).round(2))
    grp = grp.sort_values(["n_events", "lat", "lon"], ascending=[False, True, True], kind="stable")
    return grp.head(MAX_ARCS if limit is None else limit)[cols].reset_index(drop=True)


def _merc_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


#: Map sizes the opening view is fitted to: the map column of a wide desktop page,
#: and a phone's width (a wider screen just shows more around the same centre).
DESKTOP_MAP_PX = (640, 520)
PHONE_MAP_PX = (350, 420)


def fit_view(lats: list[float], lons: list[float], width_px: int = DESKTOP_MAP_PX[0],
             height_px: int = DESKTOP_MAP_PX[1]) -> dict[str, float]:
    """Centre and zoom that show every point in a map of width_px × height_px.

    Robust to no points (Kazakhstan), one point (city zoom) and NaN values. The
    zoom follows Web Mercator: the world is 512·2^zoom px wide and 2π in y units.
    """
    pts = [(a, o) for a, o in zip(lats, lons) if a == a and o == o and -90 <= a <= 90 and -180 <= o <= 180]
    if not pts:
        return dict(DEFAULT_VIEW)
    la = [p[0] for p in pts]
    lo = [p[1] for p in pts]
    lon_min, lon_max = min(lo), max(lo)
    y_min, y_max = _merc_y(min(la)), _merc_y(max(la))
    lon_c = (lon_min + lon_max) / 2
    # The centre latitude is the Mercator midpoint, not the arithmetic one.
    lat_c = math.degrees(2 * math.atan(math.exp((y_min + y_max) / 2)) - math.pi / 2)
    pad = 1.45  # room for the points' radii and for the nudges of dodge
    span_lon = max(lon_max - lon_min, 0.5) * pad
    span_y = max(y_max - y_min, 0.01) * pad
    zoom_lon = math.log2(width_px * 360 / (512 * span_lon))
    zoom_lat = math.log2(height_px * 2 * math.pi / (512 * span_y))
    zoom = max(0.3, min(7.5, zoom_lon, zoom_lat))
    if len(set(pts)) == 1:
        zoom = 5.0
    return {"latitude": round(lat_c, 4), "longitude": round(lon_c, 4), "zoom": round(zoom, 2)}


def focus_view(view: Mapping[str, float], lat: float, lon: float) -> dict[str, float]:
    """The view moved onto one point: centred on it, zoomed in to FOCUS_ZOOM at least."""
    return {"latitude": round(float(lat), 4), "longitude": round(float(lon), 4),
            "zoom": round(max(float(view.get("zoom", 0)), FOCUS_ZOOM), 2)}


def opening_view(places: pd.DataFrame, arcs: pd.DataFrame, selected: str | None = None,
                 map_px: tuple[int, int] = DESKTOP_MAP_PX) -> dict[str, float]:
    """The view the map opens with: every point and arc start fitted into ``map_px``,
    or, when ``selected`` names a drawn point (the open event's), centred on it."""
    fitted = fit_view(list(places["true_lat"]) + list(arcs["origin_lat"]),
                      list(places["true_lon"]) + list(arcs["origin_lon"]), *map_px)
    if selected is not None and len(places):
        hit = places[places["point_id"] == selected]
        if len(hit):
            return focus_view(fitted, hit["true_lat"].iloc[0], hit["true_lon"].iloc[0])
    return fitted


def legend_rows(places: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(label, hex colour, number of events) per legend key, biggest first."""
    if places.empty:
        return []
    agg = places.groupby(["color_key", "color_label"], sort=False)["n_events"].sum().reset_index()
    agg = agg.sort_values(["n_events", "color_label"], ascending=[False, True], kind="stable")
    out = []
    for r in agg.itertuples(index=False):
        fill = places.loc[places["color_key"] == r.color_key, "fill"].iloc[0]
        out.append((str(r.color_label), hex_color(fill), int(r.n_events)))
    return out


def legend_html(rows: list[tuple[str, str, int]], with_new: bool = False) -> str:
    """A compact escaped HTML legend (swatch, label, count) that wraps on one line."""
    item = ('<span style="white-space:nowrap;margin-right:0.8rem"><span style="display:inline-block;width:11px;'
            'height:11px;border-radius:6px;background:{c};vertical-align:middle;margin-right:3px"></span>{t}</span>')
    cells = "".join(item.format(c=c, t=f"{html.escape(label)} {n}") for label, c, n in rows)
    ring = ('<span style="white-space:nowrap;margin-right:0.8rem"><span style="display:inline-block;width:8px;'
            'height:8px;border-radius:6px;border:2px solid {c};vertical-align:middle;margin-right:3px"></span>{t}</span>')
    cells += ring.format(c="#4e79a7", t="ring: a whole country")
    if with_new:
        cells += ring.format(c="#d6008c", t="magenta ring: your uploads")
    return f'<div style="font-size:0.8rem;line-height:1.5">{cells}</div>'


# ---------------------------------------------------------------- the deck


#: deck.gl's JSON converter (which Streamlit's pydeck chart runs on the whole spec,
#: data included) reads a string that starts with "@@=" as an expression and "@@#"
#: as a constant: a place name such as "@@=x.y.z" from an online geocoder replaced
#: the map with a stack trace. A zero-width space before such a string keeps it
#: text and shows nothing; a string that already starts with one gets another, so
#: :func:`from_deck_text` gives every value back exactly.
DECK_TEXT_MARK = "\u200b"


def deck_text(value: str) -> str:
    """A string for the Deck that deck.gl shows as written, never evaluates."""
    return DECK_TEXT_MARK + value if value.startswith(("@@", DECK_TEXT_MARK)) else value


def from_deck_text(value: str) -> str:
    """The original of a string that went through :func:`deck_text` (a map click's value)."""
    return value[1:] if value.startswith(DECK_TEXT_MARK) else value


def deck_data(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a layer's data with every string cell made literal (deck_text)."""
    out = frame.copy()
    for name in out.columns:
        values = out[name].tolist()  # object or pandas' str dtype alike
        if any(isinstance(v, str) for v in values):
            out[name] = pd.Series([deck_text(v) if isinstance(v, str) else v for v in values], index=out.index,
                                  dtype=object)
    return out


def deck_geojson(collection: Mapping[str, Any]) -> dict[str, Any]:
    """A FeatureCollection whose string properties are made literal (a shallow copy
    per feature; coordinates are numbers and are shared, not copied)."""
    features = []
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        if any(isinstance(v, str) and v.startswith(("@@", DECK_TEXT_MARK)) for v in props.values()):
            feature = {**feature, "properties": {k: deck_text(v) if isinstance(v, str) else v for k, v in props.items()}}
        features.append(feature)
    return {**collection, "features": features}


#: Label font sizes (px) and the width of an average letter as a share of the size
#: (a proportional sans-serif; generous, so estimated boxes err on the large side).
LABEL_PX, CITY_LABEL_PX, CHAR_W = 12, 10, 0.62


def _short_label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def place_labels(places: pd.DataFrame, zoom: float, cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Labels placed so that none overprints another label or a point at ``zoom``
    (the opening zoom; zooming in only spreads them): the busiest places first, each
    above its point, else below, right or left, else left out (its tooltip names
    it); then the basemap's city labels wherever they still fit.

    Decided here rather than by deck.gl's CollisionFilterExtension, which drew no
    label at all once other layers or pixel offsets were in the deck (Chromium,
    software WebGL) — and a placement in Python is testable.
    """
    cols = ["lon", "lat", "label", "offset", "size", "color"]
    boxes: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1 in world px
    if len(places):
        px, py = _world_px(places["lon"].to_numpy(float), places["lat"].to_numpy(float), zoom)
        boxes += [(x - r, y - r, x + r, y + r) for x, y, r in zip(px, py, places["radius"].to_numpy(float))]

    def free(b: tuple[float, float, float, float]) -> bool:
        return not any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in boxes)

    rows: list[dict[str, Any]] = []
    if len(places):
        top = places.head(MAX_LABELS)
        x, y = _world_px(top["lon"].to_numpy(float), top["lat"].to_numpy(float), zoom)
        for xi, yi, r, lon, lat, text in zip(x, y, top["radius"], top["lon"], top["lat"], top["label"]):
            label = _short_label(str(text))
            w, h = len(label) * LABEL_PX * CHAR_W + 4, LABEL_PX + 4
            for dx, dy in ((0, -(r + 3 + h / 2)), (0, r + 3 + h / 2), (r + 4 + w / 2, 0), (-(r + 4 + w / 2), 0)):
                box = (xi + dx - w / 2, yi + dy - h / 2, xi + dx + w / 2, yi + dy + h / 2)
                if free(box):
                    boxes.append(box)
                    rows.append({"lon": lon, "lat": lat, "label": label, "offset": [round(dx), round(dy)],
                                 "size": LABEL_PX, "color": [30, 30, 30, 235]})
                    break
    if cities is not None and len(cities):
        x, y = _world_px(cities["lon"].to_numpy(float), cities["lat"].to_numpy(float), zoom)
        for xi, yi, lon, lat, text in zip(x, y, cities["lon"], cities["lat"], cities["name"]):
            label = str(text)
            w, h = len(label) * CITY_LABEL_PX * CHAR_W + 2, CITY_LABEL_PX + 2
            box = (xi - w / 2, yi - 4 - h, xi + w / 2, yi - 4)
            if free(box):
                boxes.append(box)
                rows.append({"lon": lon, "lat": lat, "label": label, "offset": [0, -4 - h // 2],
                             "size": CITY_LABEL_PX, "color": [110, 120, 130, 230]})
    return pd.DataFrame(rows, columns=cols)


def labels_overlap(labels: pd.DataFrame, zoom: float) -> list[tuple[str, str]]:
    """Pairs of labels whose estimated boxes overlap at ``zoom`` (what place_labels avoids)."""
    x, y = _world_px(labels["lon"].to_numpy(float), labels["lat"].to_numpy(float), zoom)
    boxes = []
    for xi, yi, (dx, dy), size, text in zip(x, y, labels["offset"], labels["size"], labels["label"]):
        w, h = len(text) * size * CHAR_W, size
        boxes.append((xi + dx - w / 2, yi + dy - h / 2, xi + dx + w / 2, yi + dy + h / 2, text))
    return [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def _leaders(places: pd.DataFrame, zoom: float) -> pd.DataFrame:
    """Lines from each nudged point back to its true position (moved more than 3 px)."""
    cols = ["from", "to"]
    if places.empty:
        return pd.DataFrame(columns=cols)
    x0, y0 = _world_px(places["true_lon"].to_numpy(float), places["true_lat"].to_numpy(float), zoom)
    x1, y1 = _world_px(places["lon"].to_numpy(float), places["lat"].to_numpy(float), zoom)
    moved = places[np.hypot(x1 - x0, y1 - y0) > 3]
    return pd.DataFrame(
        {"from": [[a, b] for a, b in zip(moved["true_lon"], moved["true_lat"])],
         "to": [[a, b] for a, b in zip(moved["lon"], moved["lat"])]},
        columns=cols,
    )


def basemap_layers(world: Mapping[str, Any] | None, cities: pd.DataFrame | None) -> list[pdk.Layer]:
    """The offline basemap: country outlines and Natural Earth city dots (drawn first,
    so beneath everything; their labels are placed with the data's, see place_labels)."""
    layers: list[pdk.Layer] = []
    if world is not None:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=deck_geojson(world),
                id="outlines",
                stroked=True,
                filled=True,
                get_fill_color=[236, 239, 241, 255],
                get_line_color=[150, 160, 170, 220],
                line_width_units="'pixels'",
                line_width_min_pixels=0.6,
                pickable=False,
            )
        )
    if cities is not None and len(cities):
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=cities[["lon", "lat"]],
                id="city-dots",
                get_position=["lon", "lat"],
                get_radius=1.5,
                radius_units="'pixels'",
                get_fill_color=[120, 130, 140, 200],
                pickable=False,
            )
        )
    return layers


def build_deck(
    events: pd.DataFrame,
    world: Mapping[str, Any] | None = None,
    color_by: str = "partner country",
    *,
    places: pd.DataFrame | None = None,
    arcs: pd.DataFrame | None = None,
    cities: pd.DataFrame | None = None,
    basemap: str = "offline",
    view: Mapping[str, float] | None = None,
    selected: str | None = None,
    map_px: tuple[int, int] = DESKTOP_MAP_PX,
) -> pdk.Deck:
    """The map of a selection. ``places`` (from aggregate_places, before dodge) and
    ``arcs`` may be passed when the caller already has them; ``view`` overrides the
    fitted view; ``selected`` is the point_id to ring (the open event's point)."""
    if places is None:
        places = aggregate_places(events, color_by, points=point_table(events, world))
    if arcs is None:
        arcs = aggregate_arcs(events)
    if view is None:
        pts_lat = list(places["true_lat"]) + list(arcs["origin_lat"])
        pts_lon = list(places["true_lon"]) + list(arcs["origin_lon"])
        view = fit_view(pts_lat, pts_lon, *map_px)
    zoom = float(view["zoom"])
    places = dodge(places, zoom)
    layers = basemap_layers(world, cities) if basemap == "offline" else []
    layers.append(
        pdk.Layer(
            "ArcLayer",
            data=arcs[["origin_lon", "origin_lat", "lon", "lat", "width"]],
            id="arcs",
            get_source_position=["origin_lon", "origin_lat"],
            get_target_position=["lon", "lat"],
            get_source_color=[0, 128, 128, 110],
            get_target_color=[242, 142, 43, 130],
            get_width="width",
            width_units="'pixels'",
            width_min_pixels=1,
            pickable=False,
        )
    )
    layers.append(
        pdk.Layer(
            "LineLayer",
            data=_leaders(places, zoom),
            id="leaders",
            get_source_position="from",
            get_target_position="to",
            get_color=[60, 60, 60, 160],
            get_width=1,
            width_units="'pixels'",
            pickable=False,
        )
    )
    # Biggest first, so a small point is drawn over a big neighbour and stays clickable.
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=deck_data(places[PLACE_LAYER_COLUMNS]),
            id=PLACES_LAYER_ID,
            get_position=["lon", "lat"],
            get_radius="radius",
            radius_units="'pixels'",
            radius_min_pixels=MIN_RADIUS_PX,
            radius_max_pixels=MAX_RADIUS_PX,
            get_fill_color="fill",
            get_line_color="line",
            get_line_width="line_width",
            line_width_units="'pixels'",
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
        )
    )
    if selected is not None:
        hit = places[places["point_id"] == selected]
        if len(hit):
            ring = pd.DataFrame({"lon": hit["lon"], "lat": hit["lat"], "radius": hit["radius"] + 5})
            layers.append(
                pdk.Layer(
                    "ScatterplotLayer",
                    data=ring,
                    id="selected",
                    get_position=["lon", "lat"],
                    get_radius="radius",
                    radius_units="'pixels'",
                    stroked=True,
                    filled=False,
                    get_line_color=SELECTED_COLOR,
                    get_line_width=3,
                    line_width_units="'pixels'",
                    pickable=False,
                )
            )
    layers.append(
        pdk.Layer(
            "TextLayer",
            data=deck_data(place_labels(places, zoom, cities if basemap == "offline" else None)),
            id="labels",
            get_position=["lon", "lat"],
            get_text="label",
            get_size="size",
            get_color="color",
            get_pixel_offset="offset",
            size_units="'pixels'",
            # "auto" makes deck.gl build its glyph atlas from the data, so Cyrillic and
            # Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) render instead of blanks.
            # (Quoted: pydeck turns bare strings into accessor expressions.)
            character_set="'auto'",
            font_family=FONT,
            # A white halo keeps a label readable over arcs and outlines.
            font_settings={"sdf": True},
            outline_width=3,
            outline_color=[255, 255, 255, 230],
            pickable=False,
        )
    )
    # A text tooltip, not an html one: deck.gl shows it with innerText, so names are
    # literal and inert in every Streamlit version. Newlines become line breaks.
    tooltip = {
        "text": "{tip}",
        "style": {
            "backgroundColor": "white", "color": "#1f2d3d", "fontSize": "12px", "border": "1px solid #ccd",
            "whiteSpace": "pre-line", "maxWidth": "320px",
        },
    }
    deck_kw: dict[str, Any] = (
        {"map_provider": "carto", "map_style": "light"} if basemap == "carto" else {"map_provider": None}
    )
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0),
        tooltip=tooltip,
        **deck_kw,
    )


def accidental_expressions(spec: str | Mapping[str, Any]) -> list[str]:
    """``layer.prop`` of every layer prop that pydeck turned into an "@@=…" expression
    although deck.gl reads it as a constant: only accessors (``get*``) take expressions."""
    import json

    doc = json.loads(spec) if isinstance(spec, str) else spec
    bad = []
    for layer in doc.get("layers", []):
        for prop, value in layer.items():
            if prop == "data" or prop.startswith("get"):
                continue
            if isinstance(value, str) and value.startswith("@@="):
                bad.append(f"{layer.get('id', layer.get('@@type'))}.{prop}")
    return bad


# ---------------------------------------------------------------- clicks


def selected_point(selection: Any) -> str | None:
    """The point_id clicked on the map, from st.pydeck_chart's selection state."""
    try:
        objects = selection["selection"]["objects"]
    except (KeyError, TypeError):
        try:
            objects = selection.selection.objects  # type: ignore[union-attr]
        except AttributeError:
            return None
    try:
        picked = objects.get(PLACES_LAYER_ID) or []
    except AttributeError:
        return None
    if not picked:
        return None
    key = picked[0].get("point_id") if isinstance(picked[0], dict) else None
    return from_deck_text(str(key)) if key else None


def events_at_point(events: pd.DataFrame, point_id: str | Iterable[str]) -> pd.DataFrame:
    """The events drawn at one map point (or at several), oldest first (undated last)."""
    wanted = {point_id} if isinstance(point_id, str) else set(point_id)
    ev = events[events["lat"].notna() & events["lon"].notna()]
    hits = point_ids(ev).isin(wanted)
    return ev[hits.to_numpy()].sort_values("start", na_position="last", kind="stable").copy()


def point_of_event(event: Mapping[str, Any]) -> str | None:
    """The point_id an event (a row as a dict) is drawn at; None without coordinates."""
    if event.get("lat") is None or event.get("lon") is None or event.get("lat") != event.get("lat"):
        return None
    row = pd.DataFrame([{k: event.get(k) for k in ("geo_precision", "country_code", "place_name")}])
    return str(point_ids(row).iloc[0])


def read_cities(path: Any) -> pd.DataFrame | None:
    """The basemap's city labels (name, lon, lat), or None when absent or unreadable."""
    try:
        frame = pd.read_csv(path, dtype={"name": str}, keep_default_na=False)
    except (OSError, ValueError):
        return None
    if not {"name", "lon", "lat"} <= set(frame.columns):
        return None
    return frame[["name", "lon", "lat"]]

