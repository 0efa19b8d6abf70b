"""The map: events aggregated per place and per origin→place arc (so the browser
payload grows with the number of places, not of events), a colour per partner
country or event kind with a legend, a view that fits the data, and the pydeck
Deck that stacks offline country outlines beneath arcs, points and labels. Tooltips are
plain text (deck.gl sets them with innerText), so hostile names show literally, and
every string in the Deck's data is kept from being read as a deck.gl expression.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import pandas as pd
import pydeck as pdk

from kzatlas.viz.filters import country_name

PLACES_LAYER_ID = "places"
COLOR_BY = ("partner country", "kind")

#: Tableau 10, readable on a light basemap; the eleventh and later keys share grey.
PALETTE = (
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
)
OTHER_COLOR = (120, 120, 120)
OTHER_KEY = "other"
NEW_COLOR = [214, 0, 140, 255]

#: Kazakhstan, for an empty selection.
DEFAULT_VIEW = {"latitude": 48.0, "longitude": 67.0, "zoom": 2.2}
#: What the browser needs of each place (the rest of aggregate_places stays in Python).
PLACE_LAYER_COLUMNS = ["place_key", "lon", "lat", "radius", "fill", "line", "line_width", "tip"]
MAX_LABELS = 10  # more labels than this overlap into noise; tooltips name the rest
LABEL_CHARS = 28


def _first(values: Any) -> str:
    if isinstance(values, (list, tuple)):
        return str(values[0]) if values else ""
    return "" if values is None else str(values)


def color_key(event: Any, color_by: str) -> str:
    """The legend key of one event row (a mapping or namedtuple-like)."""
    if color_by == "kind":
        return str(event["kind"] or OTHER_KEY)
    return _first(event["partner_countries"]) or OTHER_KEY


def palette_for(keys: list[str]) -> dict[str, tuple[int, int, int]]:
    """Colours for keys ranked most frequent first (engine.Atlas.color_keys ranks
    them over the whole data set, so a colour keeps its meaning across filters):
    the first nine get their own colour, the rest share grey."""
    ranked = [k for k in dict.fromkeys(keys) if k != OTHER_KEY]
    return {k: PALETTE[i] for i, k in enumerate(ranked[: len(PALETTE) - 1])}


def key_label(key: str, color_by: str) -> str:
    if key == OTHER_KEY:
        return "other"
    return country_name(key) if color_by != "kind" else key


def aggregate_places(
    stats: pd.DataFrame, color_by: str = "partner country", ranked_keys: list[str] | None = None
) -> pd.DataFrame:
    """Map rows from the engine's per-place statistics (engine.Selection.places):
    colour, radius and escaped tooltip text per place, the busiest first.

    The colour is that of the place's most frequent key (first partner country or
    kind) when it is among the nine highest in ``ranked_keys`` (default: ranked by
    these places' events); other keys are grey. Country-precision places (all their
    events placed at a country centroid) are drawn as faint rings.
    """
    cols = [
        "place_key", "place_name", "lat", "lon", "n_events", "n_planned", "radius", "color_key", "color_label",
        "fill", "line", "line_width", "n_new", "country_level", "tip", "label",
    ]
    if stats.empty:
        return pd.DataFrame(columns=cols)
    key_col = "top_kind" if color_by == "kind" else "top_country"
    if ranked_keys is None:
        ranked_keys = list(stats.groupby(key_col, sort=False)["n_events"].sum().sort_values(ascending=False, kind="stable").index)
    colors = palette_for(ranked_keys)
    rows: list[dict[str, Any]] = []
    for r in stats.itertuples(index=False):
        name, lat, lon, n = str(r.place_name), float(r.lat), float(r.lon), int(r.n_events)
        n_planned, n_new, country_level = int(r.n_planned), int(r.n_new), bool(r.country_level)
        k = str(getattr(r, key_col) or OTHER_KEY)
        key = k if k in colors else OTHER_KEY
        rgb = colors.get(key, OTHER_COLOR)
        body = [f"{n} event{'s' if n != 1 else ''}" + (f" ({n_planned} planned)" if n_planned else "")]
        body.append(", ".join(f"{kd} {c}" for kd, c in r.top_kinds))
        if len(r.top_partners):
            body.append("Partners: " + "; ".join(p for p, _ in r.top_partners))
        if country_level:
            body.append("(placed at the country, not a city)")
        if n_new:
            body.append(f"{n_new} new from your uploads")
        rows.append(
            {
                "place_key": place_key(name, lat, lon),
                "place_name": name,
                "lat": lat,
                "lon": lon,
                "n_events": n,
                "n_planned": n_planned,
                # sqrt keeps the area, not the radius, proportional to the count.
                "radius": round(4.0 + 3.0 * math.sqrt(n), 1),
                "color_key": key,
                "color_label": key_label(key, color_by),
                "fill": [*rgb, 60 if country_level else 210],
                # Uploaded (new) events get a magenta ring that no palette colour uses.
                "line": NEW_COLOR if n_new else ([*rgb, 255] if country_level else [255, 255, 255, 230]),
                "line_width": 3.0 if n_new else (2.5 if country_level else 1.0),
                "n_new": n_new,
                "country_level": country_level,
                "tip": "\n".join([name or "Unnamed place", *body]),
                "label": name,
            }
        )
    return pd.DataFrame(rows, columns=cols).sort_values("n_events", ascending=False, kind="stable").reset_index(drop=True)


def place_key(name: str, lat: float, lon: float) -> str:
    """The identifier of a map point (what a map click returns)."""
    return f"{name}@{lat:.4f},{lon:.4f}"


def arc_rows(arcs: pd.DataFrame) -> pd.DataFrame:
    """The engine's busiest arcs (engine.Selection.arcs) with a line width."""
    cols = ["origin_lat", "origin_lon", "lat", "lon", "n_events", "width"]
    if arcs.empty:
        return pd.DataFrame(columns=cols)
    return arcs.assign(width=(1.0 + arcs["n_events"].map(math.sqrt)).round(2))[cols]


def _merc_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(lats: list[float], lons: list[float], width_px: int = 560, height_px: int = 480) -> dict[str, float]:
    """Centre and zoom that show every point in a map of about width_px × height_px
    (the map column of a wide Streamlit page; a wider map just shows more).

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
    pad = 1.3
    span_lon = max(lon_max - lon_min, 0.5) * pad
    span_y = max(y_max - y_min, 0.01) * pad
    zoom_lon = math.log2(width_px * 360 / (512 * span_lon))
    zoom_lat = math.log2(height_px * 2 * math.pi / (512 * span_y))
    zoom = max(0.3, min(7.5, zoom_lon, zoom_lat))
    if len(set(pts)) == 1:
        zoom = 5.0
    return {"latitude": round(lat_c, 4), "longitude": round(lon_c, 4), "zoom": round(zoom, 2)}


def legend_rows(places: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(label, hex colour, number of events) per legend key, biggest first."""
    if places.empty:
        return []
    agg = places.groupby(["color_key", "color_label"], sort=False)["n_events"].sum().reset_index()
    agg = agg.sort_values("n_events", ascending=False, kind="stable")
    out = []
    for r in agg.itertuples(index=False):
        fill = places.loc[places["color_key"] == r.color_key, "fill"].iloc[0]
        out.append((str(r.color_label), "#{:02x}{:02x}{:02x}".format(*fill[:3]), int(r.n_events)))
    return out


def legend_html(rows: list[tuple[str, str, int]], with_new: bool = False) -> str:
    """A small escaped HTML legend table (colour swatch, label, count)."""
    cells = "".join(
        f'<tr><td><span style="display:inline-block;width:12px;height:12px;border-radius:6px;background:{c}"></span></td>'
        f"<td>{html.escape(label)}</td><td style='text-align:right'>{n}</td></tr>"
        for label, c, n in rows
    )
    ring = (
        '<tr><td><span style="display:inline-block;width:10px;height:10px;border-radius:6px;'
        'border:2px solid #4e79a7"></span></td><td colspan="2">country-level place</td></tr>'
    )
    if with_new:
        ring += (
            '<tr><td><span style="display:inline-block;width:10px;height:10px;border-radius:6px;'
            'border:3px solid #d6008c"></span></td><td colspan="2">has new (uploaded) events</td></tr>'
        )
    return f'<table style="font-size:0.8rem;border-collapse:collapse">{cells}{ring}</table>'


def label_frame(places: pd.DataFrame) -> pd.DataFrame:
    """Labels for the biggest places only, shortened: institution names run long."""
    cols = ["lon", "lat", "label"]
    if places.empty:
        return pd.DataFrame(columns=cols)
    top = places.head(MAX_LABELS)
    short = [t if len(t) <= LABEL_CHARS else t[: LABEL_CHARS - 1] + "…" for t in top["label"]]
    return pd.DataFrame({"lon": top["lon"].to_numpy(), "lat": top["lat"].to_numpy(), "label": short}, columns=cols)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by two spaces, a third
    of the bytes Streamlit sent for a map of 2,000 places); build_deck also rounds
    coordinates to 5 decimals, about a metre."""

    def to_json(self) -> str:
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


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


def deck_geojson(collection: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection whose string properties are made literal (a shallow copy
    per feature; coordinates are numbers and are shared, not copied)."""
    features = []
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        if any(isinstance(v, str) and v.startswith(("@@", DECK_TEXT_MARK)) for v in props.values()):
            feature = {**feature, "properties": {k: deck_text(v) if isinstance(v, str) else v for k, v in props.items()}}
        features.append(feature)
    return {**collection, "features": features}


def build_deck(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    world: dict[str, Any] | None = None,
    map_style: str | None = "light",
) -> pdk.Deck:
    """The map of a selection: outlines (offline), arcs, places (pickable), labels;
    ``places`` from aggregate_places, ``arcs`` from engine.Selection.arcs."""
    arcs = arc_rows(arcs).round({"origin_lat": 5, "origin_lon": 5, "lat": 5, "lon": 5})
    places = places.round({"lat": 5, "lon": 5})
    layers: list[pdk.Layer] = []
    if world is not None:
        # First in the list, so drawn beneath everything: the map stays readable when
        # the CARTO tiles cannot load (offline).
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=deck_geojson(world),
                id="outlines",
                stroked=True,
                filled=True,
                get_fill_color=[236, 239, 241, 140],
                get_line_color=[140, 150, 160, 200],
                line_width_min_pixels=0.6,
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "ArcLayer",
            data=arcs[["origin_lon", "origin_lat", "lon", "lat", "width"]],
            id="arcs",
            get_source_position=["origin_lon", "origin_lat"],
            get_target_position=["lon", "lat"],
            get_source_color=[0, 128, 128, 140],
            get_target_color=[242, 142, 43, 160],
            get_width="width",
            width_min_pixels=1,
            pickable=False,
        )
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=deck_data(places[PLACE_LAYER_COLUMNS]),
            id=PLACES_LAYER_ID,
            get_position=["lon", "lat"],
            get_radius="radius",
            radius_units="'pixels'",  # quoted: a bare string becomes an expression
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
    labels = label_frame(places)
    layers.append(
        pdk.Layer(
            "TextLayer",
            data=deck_data(labels),
            id="labels",
            get_position=["lon", "lat"],
            get_text="label",
            get_size=12,
            get_color=[40, 40, 40, 220],
            get_pixel_offset=[0, -14],
            # "auto" makes deck.gl build its glyph atlas from the data, so Cyrillic and
            # Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) render instead of blanks.
            # (Quoted: pydeck turns bare strings into accessor expressions.)
            character_set="'auto'",
            font_family="'\"Noto Sans\", \"DejaVu Sans\", Arial, sans-serif'",
            pickable=False,
        )
    )
    pts_lat = list(places["lat"]) + list(arcs["origin_lat"])
    pts_lon = list(places["lon"]) + list(arcs["origin_lon"])
    view = pdk.ViewState(**fit_view(pts_lat, pts_lon), pitch=0)
    # A text tooltip, not an html one: deck.gl shows it with innerText, so names are
    # literal and inert in every Streamlit version (older ones interpolate {fields}
    # into html tooltips unescaped, newer ones escape them: either way html would be
    # wrong for one of them). Newlines become line breaks.
    tooltip = {
        "text": "{tip}",
        "style": {
            "backgroundColor": "white", "color": "#1f2d3d", "fontSize": "12px", "border": "1px solid #ccd",
            "whiteSpace": "pre-line", "maxWidth": "320px",
        },
    }
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider="carto" if map_style else None,
        map_style=map_style,
        tooltip=tooltip,
    )


def selected_place(selection: Any) -> str | None:
    """The place_key chosen on the map, from st.pydeck_chart's selection state."""
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
    key = picked[0].get("place_key") if isinstance(picked[0], dict) else None
    return from_deck_text(str(key)) if key else None
