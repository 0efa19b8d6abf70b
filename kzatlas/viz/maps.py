"""The map: one point per city (an institution's events snap to its city's point,
events placed at a whole country get a ring at the country's label point, apart
from the capital), sized in screen pixels, coloured by a palette fixed over the
whole data set, and nudged apart where points would overlap at the zoom the map
opens with; arcs from the Kazakh side; labels placed so that none overprints; an
offline basemap of country outlines and city labels (CARTO tiles only when asked).
The per-point statistics, positions and arcs are aggregated by kzatlas.viz.engine;
this module turns them into map rows (colours, radii, tooltips) and the Deck.

The payload grows with the number of points, never with the number of events, and
the Deck's JSON is compact (CompactDeck).
Tooltips are plain text (deck.gl sets them with innerText), so hostile names show
literally, and every string in the Deck's data is kept from being read as a deck.gl
expression (deck_text). pydeck, for its part, turns every bare string argument of a
layer into an accessor expression (``"pixels"`` becomes ``"@@=pixels"``, which
deck.gl evaluates to undefined and then silently falls back to metres), so constant
strings are quoted (``"'pixels'"``) and ``accidental_expressions`` checks a spec
for the mistake.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
import pydeck as pdk

from kzatlas.viz.i18n import ENGLISH, N_, Translator

PLACES_LAYER_ID = "places"
#: The bold arc of a story step's event (build_deck's focus_arc).
FOCUS_ARC_ID = "story-arc"
COLOR_BY = ("partner country", "kind")
#: Their labels (translated where shown).
COLOR_BY_LABELS = {"partner country": N_("partner country"), "kind": N_("kind")}

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


def stable_palette(ranked_keys: Iterable[str], color_by: str) -> dict[str, RGB]:
    """Key → colour over a whole data set: pass the keys of the unfiltered events
    before uploads, the most frequent first (engine.Atlas.color_keys).

    Kinds have fixed colours. The first nine countries get a colour each; the rest
    share grey as "other".
    """
    if color_by == "kind":
        return dict(KIND_COLORS)
    ranked = [k for k in dict.fromkeys(ranked_keys) if k != OTHER_KEY]
    return {k: COUNTRY_PALETTE[i] for i, k in enumerate(ranked[: len(COUNTRY_PALETTE)])}


def key_label(key: str, color_by: str, T: Translator = ENGLISH) -> str:
    """A legend key as shown: a country's or a kind's name in ``T``'s language."""
    if key == OTHER_KEY:
        return T.gettext("other")
    return T.country(key) if color_by != "kind" else T.kind(key)


def hex_color(rgb: Iterable[int]) -> str:
    r, g, b = list(rgb)[:3]
    return f"#{r:02x}{g:02x}{b:02x}"


# ---------------------------------------------------------------- points (one per city)


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


def point_table(positions: pd.DataFrame, world: Mapping[str, Any] | None = None) -> PointTable:
    """The drawn position of every point from engine.Atlas.point_positions (index
    point_id; name, lat, lon, country_level, country_code): a country's point moves
    to its label point from the outlines (else it stays at the capital the build put
    it at), so country-level events are drawn apart from the capital's city point."""
    cols = ["name", "lat", "lon", "country_level", "country_code"]
    table = positions[cols].copy()
    labels = country_label_points(world)
    for pid in table.index[table["country_level"].astype(bool)]:
        spot = labels.get(table.at[pid, "country_code"])
        if spot is not None:
            table.at[pid, "lon"], table.at[pid, "lat"] = spot
    return PointTable(table)


def point_radius(n_events: int) -> float:
    return max(MIN_RADIUS_PX, min(MAX_RADIUS_PX, 4.0 + 3.0 * math.sqrt(n_events)))


PLACE_COLUMNS = [
    "point_id", "place_name", "lat", "lon", "true_lat", "true_lon", "n_events", "n_planned", "radius", "color_key",
    "color_label", "fill", "line", "line_width", "n_new", "country_level", "tip", "label",
]


def aggregate_places(
    stats: pd.DataFrame,
    color_by: str = "partner country",
    colors: Mapping[str, RGB] | None = None,
    points: PointTable | None = None,
    T: Translator = ENGLISH,
) -> pd.DataFrame:
    """Map rows (PLACE_COLUMNS) from the engine's per-point statistics
    (engine.Selection.point_stats), biggest first: counts, radius, colour and escaped
    tooltip text. ``colors`` should come from stable_palette over the whole data set
    and ``points`` from point_table over it (without them: ranked within ``stats``,
    and each point where its events are).

    A point takes the colour of its most frequent key; keys without a colour are grey.
    Country-level points are faint rings. ``lat``/``lon`` start equal to the true
    position (``true_lat``/``true_lon``); ``dodge`` moves them apart. Names, labels
    and tooltips are in ``T``'s language.
    """
    if stats.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    if colors is None:
        totals = stats.groupby("top_key", sort=False)["n_events"].sum()
        colors = stable_palette(sorted(totals.index, key=lambda k: (-totals[k], k)), color_by)
    ids = stats["point_id"].astype(str).tolist()
    lats, lons = stats["lat"].to_numpy(float), stats["lon"].to_numpy(float)
    codes = stats["country_code"].astype(str).to_numpy(dtype=object)
    if points is not None and len(points.frame):
        # Aligned lists, not a lookup per point: at 2,000 points that cost more than the rest.
        at = points.frame.reindex(ids)
        known = at["lat"].notna().to_numpy()
        lats = np.where(known, at["lat"].to_numpy(float), lats)
        lons = np.where(known, at["lon"].to_numpy(float), lons)
        codes = np.where(known, at["country_code"].to_numpy(dtype=object), codes)
    # Column by column, plain lists: a dict per point and pandas' Arrow-backed strings
    # cost more than everything else here at 2,000 points.
    ns = [int(v) for v in stats["n_events"].tolist()]
    planned = [int(v) for v in stats["n_planned"].tolist()]
    new = [int(v) for v in stats["n_new"].tolist()]
    country_level = [p.startswith("country:") for p in ids]
    names = [T.country(str(cc)) if cl else T.place(str(n), str(cc)) for cl, cc, n in
             zip(country_level, codes.tolist(), stats["place_name"].tolist())]
    keys = [k if k in colors else OTHER_KEY for k in stats["top_key"].tolist()]
    rgbs = [colors.get(k, OTHER_COLOR) for k in keys]
    labels = {k: key_label(k, color_by, T) for k in set(keys)}
    unnamed, country_mark = T.gettext("Unnamed place"), T.gettext("{place} (country)")
    partners_label = T.gettext("Partners: {names}")
    whole_country = T.gettext("(placed at the whole country, not a city)")

    # Memos: thousands of points share few counts, kind mixes and partner lists.
    kinds_memo: dict[str, str] = {}
    partners_memo: dict[str, str] = {}
    count_memo: dict[tuple[int, int], str] = {}

    def kinds_shown(text: str) -> str:
        # The engine's "meeting 3, visit 1": each kind named in T's language.
        if text not in kinds_memo:
            shown = []
            for part in filter(None, (p.strip() for p in text.split(","))):
                kind, _, n = part.rpartition(" ")
                shown.append(f"{T.kind(kind)} {n}" if kind else T.kind(n))
            kinds_memo[text] = ", ".join(shown)
        return kinds_memo[text]

    def counted(n: int, n_planned: int) -> str:
        if (n, n_planned) not in count_memo:
            count = T.ngettext("{n} event", "{n} events", n).format(n=T.number(n))
            if n_planned:
                count += " " + T.gettext("({n} planned)").format(n=T.number(n_planned))
            count_memo[n, n_planned] = count
        return count_memo[n, n_planned]

    def partners_shown(text: str) -> str:
        if text not in partners_memo:
            partners_memo[text] = partners_label.format(names="; ".join(T.institutions(text.split("; "))))
        return partners_memo[text]

    def tip(name: str, cl: bool, n: int, n_planned: int, n_new: int, kinds: str, partners: str) -> str:
        lines = [country_mark.format(place=name or unnamed) if cl else (name or unnamed), counted(n, n_planned),
                 kinds_shown(kinds)]
        if partners:
            lines.append(partners_shown(partners))
        if cl:
            lines.append(whole_country)
        if n_new:
            lines.append(T.ngettext("{n} new from your uploads", "{n} new from your uploads", n_new)
                         .format(n=T.number(n_new)))
        return "\n".join(lines)

    lat_list, lon_list = lats.tolist(), lons.tolist()
    out = pd.DataFrame(
        {
            "point_id": pd.Series(ids, dtype=object),
            "place_name": pd.Series(names, dtype=object),
            "lat": lat_list,
            "lon": lon_list,
            "true_lat": lat_list,
            "true_lon": lon_list,
            "n_events": ns,
            "n_planned": planned,
            "radius": [point_radius(n) for n in ns],
            "color_key": pd.Series(keys, dtype=object),
            "color_label": pd.Series([labels[k] for k in keys], dtype=object),
            "fill": [[*rgb, 60 if cl else 215] for rgb, cl in zip(rgbs, country_level)],
            "line": [NEW_COLOR if nn else ([*rgb, 255] if cl else [255, 255, 255, 230])
                     for rgb, cl, nn in zip(rgbs, country_level, new)],
            "line_width": [3.0 if nn else (2.5 if cl else 1.0) for cl, nn in zip(country_level, new)],
            "n_new": new,
            "country_level": country_level,
            "tip": pd.Series([tip(*t) for t in zip(names, country_level, ns, planned, new, stats["kinds_text"].tolist(),
                                                   stats["partners_text"].tolist())], dtype=object),
            "label": pd.Series([country_mark.format(place=n) if cl else n for n, cl in zip(names, country_level)],
                               dtype=object),
        },
        columns=PLACE_COLUMNS,
    )
    return out.sort_values(["n_events", "point_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


#: Up to this many points, _candidate_pairs compares every pair (n²/2 distances).
DENSE_PAIRS_MAX = 1000


@functools.lru_cache(maxsize=4)
def _all_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of n points, kept: dodge asks for them again as its points move."""
    i, j = np.triu_indices(n, 1)
    i.flags.writeable = j.flags.writeable = False
    return i, j


def _candidate_pairs(x: np.ndarray, y: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of points within ``reach`` pixels: every pair at once for a
    few hundred points (numpy, about a millisecond), else through a grid of
    reach-sized cells (only neighbouring cells are compared)."""
    if len(x) <= DENSE_PAIRS_MAX:
        i_all, j_all = _all_pairs(len(x))
        z = x + 1j * y
        close = np.abs(z[j_all] - z[i_all]) <= reach
        return i_all[close], j_all[close]
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


#: dodge steps only the pairs within DODGE_ACTIVE_PX of touching, taken from those
#: within DODGE_NEAR_PX; each set is taken again once some point has moved far
#: enough to close the margin (see dodge).
DODGE_ACTIVE_PX = 8.0
DODGE_NEAR_PX = 96.0


def _pairs_within(z: np.ndarray, i: np.ndarray, j: np.ndarray, need: np.ndarray,
                  margin: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (and their distances needed) less than ``margin`` pixels from touching."""
    keep = np.abs(z[j] - z[i]) - need <= margin
    return i[keep], j[keep], need[keep]


def dodge(places: pd.DataFrame, zoom: float, gap: float = GAP_PX, iterations: int = 300) -> pd.DataFrame:
    """A new frame whose ``lat``/``lon`` are moved so that no two points overlap at
    ``zoom`` (the zoom the map opens with); the true position stays in
    ``true_lat``/``true_lon`` and the map draws a thin line back to it.

    Overlapping pairs push each other apart along the line joining them, the smaller
    point moving more (so Moscow stays put and Dubna steps aside); coincident points
    fan out at fixed angles, so the result is deterministic. Zooming in only moves
    points further apart; zooming out below the opening zoom can overlap them again.

    A country's view (up to MAX_DODGE_POINTS points) usually takes all the steps,
    since a jammed cluster keeps pushing; so a step works on the few pairs that can
    touch, not on all of them: those within DODGE_ACTIVE_PX of it, taken from the
    pairs within DODGE_NEAR_PX (found once through _candidate_pairs), each set taken
    again only once some point has moved half its margin. A pair left out is more
    than its margin from touching and its two points have moved less than half of it
    each, so it cannot overlap: the result is that of stepping every pair
    (tests/test_dodge.py). Positions are complex numbers (x + iy), one array per
    operation instead of two.
    """
    out = places.copy()
    n = len(out)
    if n < 2 or n > MAX_DODGE_POINTS:
        return out
    x, y = _world_px(out["true_lon"].to_numpy(float), out["true_lat"].to_numpy(float), zoom)
    r = out["radius"].to_numpy(float)
    z = x + 1j * y
    reach = 2 * float(r.max()) + gap + DODGE_NEAR_PX

    def near_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        i, j = _candidate_pairs(z.real, z.imag, reach)
        return _pairs_within(z, i, j, r[i] + r[j] + gap, DODGE_NEAR_PX)

    u_i, u_j, u_need = near_pairs()
    if not len(u_i):
        return out
    golden = 2.399963  # the golden angle: coincident points fan out evenly
    z_near = z_active = z
    take = True
    for _ in range(iterations):
        if take:
            if float(np.abs(z - z_near).max()) + DODGE_ACTIVE_PX / 2 > DODGE_NEAR_PX / 2:
                z_near = z
                u_i, u_j, u_need = near_pairs()
            z_active = z
            i_all, j_all, need = _pairs_within(z, u_i, u_j, u_need, DODGE_ACTIVE_PX)
            # What depends on the radii only: the share each side moves (the smaller more).
            area_i, area_j = r[i_all] ** 2, r[j_all] ** 2
            share = np.concatenate([-area_j / (area_i + area_j), area_i / (area_i + area_j)])
            ij = np.concatenate([i_all, j_all])
            angle = (i_all + j_all) * golden
            fan = np.cos(angle) + 1j * np.sin(angle)
        dz = z[j_all] - z[i_all]
        d = np.abs(dz)
        overlap = need - d
        if not len(overlap) or overlap.max() <= 1e-6:
            break
        if d.min() < 1e-9:
            same = d < 1e-9
            dz, d = np.where(same, fan, dz), np.where(same, 1.0, d)
        # Only overlapping pairs push (step 0.6 of the overlap); each point's moves summed.
        push = np.maximum(overlap, 0.0)
        push *= 0.6
        push /= d
        dz *= push
        moves = np.concatenate([dz, dz])
        moves *= share
        z = z + (np.bincount(ij, weights=moves.real, minlength=n)
                 + 1j * np.bincount(ij, weights=moves.imag, minlength=n))
        take = float(np.abs(z - z_active).max()) > DODGE_ACTIVE_PX / 2
    lon, lat = _lonlat(z.real, z.imag, zoom)
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


def arc_rows(arcs: pd.DataFrame) -> pd.DataFrame:
    """The engine's busiest arcs (engine.Selection.arcs) with a line width in pixels."""
    cols = ["origin_lat", "origin_lon", "lat", "lon", "n_events", "width"]
    if arcs.empty:
        return pd.DataFrame(columns=cols)
    return arcs.assign(width=(1.0 + arcs["n_events"].map(math.sqrt)).round(2))[cols].reset_index(drop=True)


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


def legend_html(rows: list[tuple[str, str, int]], with_new: bool = False, T: Translator = ENGLISH) -> str:
    """A compact escaped HTML legend (swatch, label, count) that wraps on one line."""
    item = ('<span style="white-space:nowrap;margin-right:0.8rem"><span style="display:inline-block;width:11px;'
            'height:11px;border-radius:6px;background:{c};vertical-align:middle;margin-right:3px"></span>{t}</span>')
    cells = "".join(item.format(c=c, t=f"{html.escape(label)} {html.escape(T.number(n))}") for label, c, n in rows)
    ring = ('<span style="white-space:nowrap;margin-right:0.8rem"><span style="display:inline-block;width:8px;'
            'height:8px;border-radius:6px;border:2px solid {c};vertical-align:middle;margin-right:3px"></span>{t}</span>')
    cells += ring.format(c="#4e79a7", t=html.escape(T.gettext("ring: a whole country")))
    if with_new:
        cells += ring.format(c="#d6008c", t=html.escape(T.gettext("magenta ring: your uploads")))
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


def deck_data(frame: pd.DataFrame, columns: Iterable[str] | None = None, digits: int = 5) -> list[dict[str, Any]]:
    """A layer's data as the records deck.gl reads: every string made literal
    (deck_text), floats rounded to ``digits`` decimals (5: about a metre; the JSON
    stays short). Built from whole columns: pydeck's own conversion of a frame
    (DataFrame.to_dict) boxes every cell and cost more than the map's aggregation."""
    names = list(columns) if columns is not None else list(frame.columns)

    def column(name: str) -> list[Any]:
        values = frame[name]
        if pd.api.types.is_float_dtype(values.dtype):
            return np.round(values.to_numpy(float), digits).tolist()
        if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype):
            return values.tolist()
        return [deck_text(v) if isinstance(v, str) else round(v, digits) if isinstance(v, float) else v
                for v in values.tolist()]

    cols = [column(n) for n in names]
    return [dict(zip(names, row)) for row in zip(*cols)]


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


class _Boxes:
    """Boxes (x0, y0, x1, y1 in world pixels) filed by the grid cells they touch, so
    that asking whether a new box is free compares it with its neighbours only, not
    with every point of a 2,000-point map."""

    CELL = 64.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, b: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        c = self.CELL
        return [(i, j) for i in range(int(b[0] // c), int(b[2] // c) + 1) for j in range(int(b[1] // c), int(b[3] // c) + 1)]

    def add(self, b: tuple[float, float, float, float]) -> None:
        for k in self._keys(b):
            self._cells.setdefault(k, []).append(b)

    def free(self, b: tuple[float, float, float, float]) -> bool:
        return not any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]
                       for k in self._keys(b) for o in self._cells.get(k, ()))


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
    taken = _Boxes()
    if len(places):
        px, py = _world_px(places["lon"].to_numpy(float), places["lat"].to_numpy(float), zoom)
        for x, y, r in zip(px.tolist(), py.tolist(), places["radius"].to_numpy(float).tolist()):
            taken.add((x - r, y - r, x + r, y + r))

    rows: list[dict[str, Any]] = []
    if len(places):
        top = places.head(MAX_LABELS)
        x, y = _world_px(top["lon"].to_numpy(float), top["lat"].to_numpy(float), zoom)
        for xi, yi, r, lon, lat, text in zip(x, y, top["radius"], top["lon"], top["lat"], top["label"]):
            label = _short_label(str(text))
            w, h = len(label) * LABEL_PX * CHAR_W + 4, LABEL_PX + 4
            for dx, dy in ((0, -(r + 3 + h / 2)), (0, r + 3 + h / 2), (r + 4 + w / 2, 0), (-(r + 4 + w / 2), 0)):
                box = (xi + dx - w / 2, yi + dy - h / 2, xi + dx + w / 2, yi + dy + h / 2)
                if taken.free(box):
                    taken.add(box)
                    rows.append({"lon": lon, "lat": lat, "label": label, "offset": [round(dx), round(dy)],
                                 "size": LABEL_PX, "color": [30, 30, 30, 235]})
                    break
    if cities is not None and len(cities):
        x, y = _world_px(cities["lon"].to_numpy(float), cities["lat"].to_numpy(float), zoom)
        for xi, yi, lon, lat, text in zip(x, y, cities["lon"], cities["lat"], cities["name"]):
            label = str(text)
            w, h = len(label) * CITY_LABEL_PX * CHAR_W + 2, CITY_LABEL_PX + 2
            box = (xi - w / 2, yi - 4 - h, xi + w / 2, yi - 4)
            if taken.free(box):
                taken.add(box)
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
        {"from": [[round(a, 5), round(b, 5)] for a, b in zip(moved["true_lon"], moved["true_lat"])],
         "to": [[round(a, 5), round(b, 5)] for a, b in zip(moved["lon"], moved["lat"])]},
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
                data=deck_data(cities, ["lon", "lat"]),
                id="city-dots",
                get_position=["lon", "lat"],
                get_radius=1.5,
                radius_units="'pixels'",
                get_fill_color=[120, 130, 140, 200],
                pickable=False,
            )
        )
    return layers


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by two spaces, a third
    of the bytes Streamlit sent for a map of 2,000 places); build_deck also rounds
    coordinates to 5 decimals, about a metre (deck_data)."""

    def to_json(self) -> str:
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def build_deck(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    world: Mapping[str, Any] | None = None,
    *,
    cities: pd.DataFrame | None = None,
    basemap: str = "offline",
    view: Mapping[str, float] | None = None,
    selected: str | None = None,
    map_px: tuple[int, int] = DESKTOP_MAP_PX,
    focus_arc: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> CompactDeck:
    """The map of a selection: ``places`` as drawn (aggregate_places, then dodge at
    the view's zoom: a leader line joins a nudged point to its true position),
    ``arcs`` from engine.Selection.arcs; ``view`` defaults to opening_view;
    ``selected`` is the point_id to ring (the open event's point); ``focus_arc``
    ((lon, lat) of the Kazakh side, (lon, lat) of the place) is one arc drawn bold
    over the others: a story step's event."""
    if view is None:
        view = opening_view(places, arcs, None, map_px)
    zoom = float(view["zoom"])
    layers = basemap_layers(world, cities) if basemap == "offline" else []
    layers.append(
        pdk.Layer(
            "ArcLayer",
            data=deck_data(arcs, ["origin_lon", "origin_lat", "lon", "lat", "width"]),
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
    if focus_arc is not None:
        (olon, olat), (tlon, tlat) = focus_arc
        layers.append(
            pdk.Layer(
                "ArcLayer",
                data=[{"from": [round(olon, 5), round(olat, 5)], "to": [round(tlon, 5), round(tlat, 5)]}],
                id=FOCUS_ARC_ID,
                get_source_position="from",
                get_target_position="to",
                get_source_color=[0, 128, 128, 230],
                get_target_color=[242, 142, 43, 245],
                get_width=4,
                width_units="'pixels'",
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "LineLayer",
            data=deck_data(_leaders(places, zoom)),
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
            data=deck_data(places, PLACE_LAYER_COLUMNS),
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
            ring = deck_data(pd.DataFrame({"lon": hit["lon"], "lat": hit["lat"], "radius": hit["radius"] + 5}))
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
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0),
        tooltip=tooltip,
        **deck_kw,
    )


def accidental_expressions(spec: str | Mapping[str, Any]) -> list[str]:
    """``layer.prop`` of every layer prop that pydeck turned into an "@@=…" expression
    although deck.gl reads it as a constant: only accessors (``get*``) take expressions."""
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


def read_cities(path: Any) -> pd.DataFrame | None:
    """The basemap's city labels (name, lon, lat), or None when absent or unreadable."""
    try:
        frame = pd.read_csv(path, dtype={"name": str}, keep_default_na=False)
    except (OSError, ValueError):
        return None
    if not {"name", "lon", "lat"} <= set(frame.columns):
        return None
    return frame[["name", "lon", "lat"]]

