"""The timeline: one mark per event and row (partner country or kind), points for
day-precision events and bars spanning date_start..date_end for month- and
year-precision ones, hollow when planned. It carries two named selections that the
Streamlit script reads back: an x-interval ``brush`` that filters the rest of the
page and a click ``pick`` on event_id that opens the reader. Undated events cannot
be placed on an axis (the engine counts them for a note). Large selections are
drawn as counts per period, aggregated by the engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd

from kzatlas.viz.filters import country_name

BRUSH = "brush"
PICK = "pick"
ROWS_BY = ("partner country", "kind")
MAX_ROWS = 40  # more rows than this become unreadable; the rest are grouped as "other"
#: Above this many dated events, single marks give way to counts per period
#: (the browser would draw tens of thousands of marks, and none could be told apart).
DETAIL_MAX_EVENTS = 2000


def _row_labels(events: pd.DataFrame, rows_by: str) -> pd.Series:
    """The timeline row(s) of each event, exploded (same index repeated)."""
    if rows_by == "kind":
        return events["kind"].astype(str)
    codes = events["partner_countries"].map(lambda t: list(dict.fromkeys(t)) or [""]).explode()
    names = {c: (country_name(c) if c else "Unknown") for c in codes.unique()}
    return codes.map(names)


def timeline_frame(events: pd.DataFrame, rows_by: str = "partner country") -> pd.DataFrame:
    """One row per (dated event, timeline row); an event with partners in two countries
    appears in both rows. Bars end a day after date_end so a month reads as a month."""
    cols = ["event_id", "date_start", "date_end", "row", "kind", "planned", "is_new", "precision", "status", "tip"]
    ev = events[events["start"].notna()]
    if ev.empty:
        return pd.DataFrame(columns=cols)
    labels = _row_labels(ev, rows_by)
    ev = ev.loc[labels.index]
    evidence = ev["evidence"].astype(str)
    new = ev["is_new"].astype(bool) if "is_new" in ev else pd.Series(False, index=ev.index)
    frame = pd.DataFrame(
        {
            "event_id": ev["event_id"].to_numpy(),
            "date_start": ev["start"].to_numpy(),
            "date_end": (ev["end"] + pd.Timedelta(days=1)).to_numpy(),
            "row": labels.to_numpy(),
            "kind": ev["kind"].to_numpy(),
            "planned": ev["planned"].astype(bool).to_numpy(),
            "precision": ev["date_precision"].replace("", "day").to_numpy(),
            "is_new": new.to_numpy(),
            "status": [
                ("planned" if p else "reported") + (", new (uploaded)" if n else "")
                for p, n in zip(ev["planned"].tolist(), new.tolist())
            ],
            # Vega renders tooltip values as text, not HTML, so no escaping is needed here.
            "tip": evidence.where(evidence.str.len() <= 160, evidence.str.slice(0, 159) + "…").to_numpy(),
        },
        columns=cols,
    )
    return _cap_rows(frame)


def _cap_rows(frame: pd.DataFrame) -> pd.DataFrame:
    counts = frame["row"].value_counts()
    if len(counts) > MAX_ROWS:
        keep = set(counts.index[: MAX_ROWS - 1])
        frame = frame.assign(row=frame["row"].where(frame["row"].isin(keep), "other"))
    return frame


def density_frame(counts: pd.DataFrame, rows_by: str = "partner country") -> pd.DataFrame:
    """The engine's events per (row, period) (engine.Selection.period_counts) with
    readable row labels, capped at MAX_ROWS rows: used instead of single marks for
    large selections, so the chart payload depends on rows × periods, not on the
    number of events."""
    cols = ["row", "date_start", "date_end", "n_events"]
    if counts.empty:
        return pd.DataFrame(columns=cols)
    frame = counts[cols].copy()
    if rows_by != "kind":
        names = {c: (country_name(c) if c else "Unknown") for c in frame["row"].unique()}
        frame["row"] = frame["row"].map(names)
    totals = frame.groupby("row")["n_events"].sum().sort_values(ascending=False, kind="stable")
    if len(totals) > MAX_ROWS:
        keep = set(totals.index[: MAX_ROWS - 1])
        frame["row"] = frame["row"].where(frame["row"].isin(keep), "other")
        frame = frame.groupby(["row", "date_start", "date_end"], as_index=False)["n_events"].sum()
    return frame[cols]


def chart_height(chart: alt.TopLevelMixin) -> int:
    """The pixel height a timeline spec asks for (Streamlit needs it passed again:
    with a stretched width it otherwise fits the height to nothing)."""
    h = getattr(chart, "height", None)
    return int(h) if isinstance(h, (int, float)) else 200


def timeline_is_dense(n_dated: int) -> bool:
    """Whether a selection with this many dated events is drawn as counts."""
    return n_dated > DETAIL_MAX_EVENTS


def density_chart(counts: pd.DataFrame, rows_by: str = "partner country") -> alt.Chart:
    """Counts per row and period (engine.Selection.period_counts) as a heat strip,
    with the same ``brush``."""
    data = density_frame(counts, rows_by)
    n_rows = max(1, data["row"].nunique())
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    return (
        alt.Chart(data)
        .mark_bar(height=12)
        .encode(
            x=alt.X("date_start:T", title=None),
            x2="date_end:T",
            y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("n_events", op="sum", order="descending")),
            color=alt.Color("n_events:Q", title="events", scale=alt.Scale(scheme="tealblues", type="sqrt"),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("row:N"), alt.Tooltip("date_start:T", title="from", format="%Y-%m"),
                     alt.Tooltip("n_events:Q", title="events")],
        )
        .add_params(brush)
        .properties(height=min(max(140, 28 * n_rows), 900), width="container")
        .configure_axis(labelLimit=180)
    )


def timeline_chart(events: pd.DataFrame, rows_by: str = "partner country") -> alt.LayerChart:
    """The layered Altair timeline with the ``brush`` and ``pick`` selections."""
    data = timeline_frame(events, rows_by)
    n_rows = max(1, data["row"].nunique())
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    pick = alt.selection_point(fields=["event_id"], name=PICK, on="click", clear="dblclick")
    base = alt.Chart(data).encode(
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("date_start", op="min")),
        color=alt.Color("kind:N", title="kind", scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="bottom")),
        tooltip=[
            alt.Tooltip("row:N", title="row"),
            alt.Tooltip("kind:N"),
            alt.Tooltip("status:N"),
            alt.Tooltip("date_start:T", title="from", format="%Y-%m-%d"),
            alt.Tooltip("tip:N", title="evidence"),
        ],
        # Planned events are hollow: the outline keeps the kind's colour, the fill vanishes.
        fillOpacity=alt.condition("datum.planned", alt.value(0.0), alt.value(0.85)),
        stroke=alt.Stroke("kind:N", legend=None, scale=alt.Scale(scheme="tableau10")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        # Uploaded events carry a thick outline, the same cue as their ring on the map.
        strokeWidth=alt.condition("datum.is_new", alt.value(3.5), alt.value(1.5)),
    )
    bars = (
        base.transform_filter("datum.precision != 'day'")
        .mark_bar(height=10, strokeWidth=1.5, cornerRadius=2)
        .encode(x=alt.X("date_start:T", title=None), x2="date_end:T")
    )
    points = (
        base.transform_filter("datum.precision == 'day'")
        .mark_point(filled=True, size=90, strokeWidth=1.5, shape="circle")
        .encode(x=alt.X("date_start:T", title=None))
        .add_params(brush, pick)
    )
    bars = bars.add_params(pick)
    return (
        alt.layer(points, bars)
        .properties(height=min(max(140, 28 * n_rows), 900), width="container")
        .configure_axis(labelLimit=180)
    )


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, (int, float)) and value == value:
        return pd.Timestamp(int(value), unit="ms").date()
    if isinstance(value, str):
        try:
            return pd.Timestamp(value).date()
        except ValueError:
            return None
    if isinstance(value, dict) and "year" in value:  # vega datetime object
        try:
            return dt.date(int(value["year"]), int(value.get("month", 1)), int(value.get("date", 1)))
        except (TypeError, ValueError):
            return None
    return None


def _selection(state: Any) -> Any:
    if state is None:
        return None
    try:
        return state["selection"]
    except (KeyError, TypeError):
        return getattr(state, "selection", None)


def brush_range(state: Any) -> tuple[dt.date, dt.date] | None:
    """The brushed date range from st.altair_chart's state, e.g.
    ``{"selection": {"brush": {"date_start": [ms, ms]}}}``; None when empty or odd."""
    sel = _selection(state)
    try:
        brush = sel[BRUSH] if sel is not None else None
    except (KeyError, TypeError):
        return None
    if not brush:
        return None
    try:
        values = brush.get("date_start") or next(iter(brush.values()))
    except (AttributeError, StopIteration):
        return None
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return None
    lo, hi = _to_date(values[0]), _to_date(values[1])
    if lo is None or hi is None:
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def picked_event(state: Any) -> str | None:
    """The event_id clicked on the timeline, from ``{"selection": {"pick": [{"event_id": …}]}}``."""
    sel = _selection(state)
    try:
        pick = sel[PICK] if sel is not None else None
    except (KeyError, TypeError):
        return None
    if not pick or not isinstance(pick, (list, tuple)):
        return None
    first = pick[0]
    if isinstance(first, dict) and first.get("event_id"):
        return str(first["event_id"])
    return None
