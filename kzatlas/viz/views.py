"""What the dashboard's panels show, as plain functions of the atlas and the
filters (no Streamlit): the data set's palette and point positions, the map of a
selection (its opening view, the points as drawn and the Deck), and the time
control's bars with the number of undated events. dashboard/app.py caches these and
lays them out; tests/test_browser.py calls the same functions to know where the
page drew each point, so a test aims where the user would click.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from kzatlas.viz import maps
from kzatlas.viz.engine import Atlas, Selection
from kzatlas.viz.filters import Filters
from kzatlas.viz.i18n import ENGLISH, Translator


def palette(base: Atlas, color_by: str) -> dict[str, maps.RGB]:
    """Colours fixed over the built data set (pass the atlas before uploads), so that a
    country or a kind keeps its colour through filters, brushes and uploads."""
    return maps.stable_palette(base.color_keys(color_by), color_by)


def points(atlas: Atlas, world: Mapping[str, Any] | None) -> maps.PointTable:
    """Where every point of the atlas is drawn (country-level points at the country's
    label point of ``world``)."""
    return maps.point_table(atlas.point_positions, world)


@dataclass(frozen=True)
class MapView:
    """The map as the page draws it: the opening view, the points as drawn there
    (nudged apart: what a click lands on) and the Deck."""

    view: dict[str, float]
    drawn: pd.DataFrame
    deck: maps.CompactDeck


def map_view(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    *,
    world: Mapping[str, Any] | None = None,
    cities: pd.DataFrame | None = None,
    basemap: str = "offline",
    selected: str | None = None,
    map_px: tuple[int, int] = maps.DESKTOP_MAP_PX,
    view: Mapping[str, float] | None = None,
    focus_arc: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> MapView:
    """The map of a selection's ``places`` and ``arcs`` (engine.Selection.places and
    .arcs): fitted into ``map_px``, or centred on the ``selected`` point (the open
    event's), which is ringed; or at ``view`` (a story step's, story.step_view) with
    ``focus_arc`` drawn bold. Points are nudged apart at the zoom they are shown at."""
    view = dict(view) if view is not None else maps.opening_view(places, arcs, selected, map_px)
    drawn = maps.dodge(places, view["zoom"])
    deck = maps.build_deck(drawn, arcs, world, cities=cities, basemap=basemap, view=view, selected=selected,
                           focus_arc=focus_arc)
    return MapView(view, drawn, deck)


def selection_map(
    atlas: Atlas,
    selection: Selection,
    color_by: str,
    *,
    base: Atlas | None = None,
    world: Mapping[str, Any] | None = None,
    cities: pd.DataFrame | None = None,
    basemap: str = "offline",
    selected: str | None = None,
    map_px: tuple[int, int] = maps.DESKTOP_MAP_PX,
) -> MapView:
    """The whole map of one selection of ``atlas`` in one call (colours from
    ``base``, the atlas before uploads): what the page draws, uncached."""
    where = points(atlas, world)
    colors = palette(base or atlas, color_by)
    return map_view(selection.places(color_by, colors, where), selection.arcs(where), world=world, cities=cities,
                    basemap=basemap, selected=selected, map_px=map_px)


def everywhen(filters: Filters) -> Filters:
    """The filters without their date range: what the time control counts (its brush
    shows the range over the whole span)."""
    return dataclasses.replace(filters, date_from=None, date_to=None)


def time_view(
    selection: Selection, granularity: str, color_by: str, colors: Mapping[str, maps.RGB], T: Translator = ENGLISH
) -> tuple[pd.DataFrame, int]:
    """The histogram's bars (charts.HIST_COLUMNS) of a selection made with
    ``everywhen`` filters, and the number of undated events in it (not on the axis,
    shown apart)."""
    return selection.histogram(granularity, color_by, colors, T), selection.n_undated
