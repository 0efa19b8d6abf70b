"""The time control: a histogram of events per year (per month over short spans),
stacked in the map's colours, carrying one x-interval selection named ``brush``
that is the page's date range (the Streamlit script reads it back, snaps it to
whole periods and writes it to the date fields and the URL; a range set elsewhere
is drawn as the brush's initial value). A rule marks the open event's date.

Playback (kepler.gl-style) is pure arithmetic on date windows here: the first
window, the next one (cumulative: the end moves on; sliding: both ends move), and
the end of the data; the script only calls ``next_window`` on a timer. Undated
events cannot be placed on an axis; the engine counts them, so the page can show
them apart. The counts per period come from the engine
(engine.Selection.period_counts), so the chart's size depends on periods × keys,
never on the number of events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import altair as alt
import pandas as pd

from kzatlas.viz.i18n import ENGLISH, N_, Translator
from kzatlas.viz.maps import COLOR_BY_LABELS, OTHER_COLOR, OTHER_KEY, RGB, hex_color, key_label

BRUSH = "brush"
GRANULARITIES = ("year", "month")
GRANULARITY_LABELS = {"year": N_("year"), "month": N_("month")}
#: Spans up to this many years are counted per month, longer ones per year.
MONTHLY_MAX_YEARS = 6
PLAY_MODES = ("cumulative", "sliding")
PLAY_MODE_LABELS = {"cumulative": N_("cumulative"), "sliding": N_("sliding")}
HIST_HEIGHT = 130

Window = tuple[dt.date, dt.date]


# ---------------------------------------------------------------- periods


def granularity_for(lo: dt.date | None, hi: dt.date | None) -> str:
    """``month`` for a span of MONTHLY_MAX_YEARS years or less, else ``year``."""
    if lo is None or hi is None:
        return "year"
    return "month" if (hi.year - lo.year) < MONTHLY_MAX_YEARS else "year"


def period_start(d: dt.date, granularity: str) -> dt.date:
    return dt.date(d.year, d.month, 1) if granularity == "month" else dt.date(d.year, 1, 1)


def add_periods(d: dt.date, n: int, granularity: str) -> dt.date:
    """The start of the period ``n`` periods after the one holding ``d``."""
    if granularity == "month":
        m = d.year * 12 + (d.month - 1) + n
        return dt.date(m // 12, m % 12 + 1, 1)
    return dt.date(d.year + n, 1, 1)


def period_end(d: dt.date, granularity: str) -> dt.date:
    """The last day of the period holding ``d``."""
    return add_periods(d, 1, granularity) - dt.timedelta(days=1)


def _nearest_boundary(d: dt.date, granularity: str) -> dt.date:
    start = period_start(d, granularity)
    following = add_periods(d, 1, granularity)
    return start if (d - start) <= (following - d) else following


def snap(window: Window, granularity: str) -> Window:
    """A brushed window moved to the nearest period boundaries, at least one period
    long (2020-03-17..2022-08-02 → 2020-01-01..2022-12-31 by year). Nearest, not
    outward: a brush drawn from a range comes back a few hours off its edges, and
    must snap back to the same range."""
    lo, hi = sorted(window)
    start = _nearest_boundary(lo, granularity)
    end = _nearest_boundary(hi + dt.timedelta(days=1), granularity)
    if end <= start:
        end = add_periods(start, 1, granularity)
    return start, end - dt.timedelta(days=1)


# ---------------------------------------------------------------- histogram


HIST_COLUMNS = ["period_start", "period_end", "color_key", "color_label", "n_events"]


def histogram_frame(
    counts: pd.DataFrame, granularity: str, color_by: str, colors: Mapping[str, RGB], T: Translator = ENGLISH
) -> pd.DataFrame:
    """The histogram's bars (HIST_COLUMNS) from the engine's counts per (period,
    colour key) (engine.Selection.period_counts): keys without a colour become
    "other", each period gets its end (exclusive) and each key its label."""
    if counts.empty:
        return pd.DataFrame(columns=HIST_COLUMNS)
    keys = counts["color_key"].where(counts["color_key"].isin(list(colors)), OTHER_KEY)
    grp = (
        pd.DataFrame({"period_start": pd.to_datetime(counts["period_start"]), "color_key": keys.to_numpy(dtype=object),
                      "n_events": counts["n_events"].to_numpy()})
        .groupby(["period_start", "color_key"], sort=True, as_index=False)["n_events"].sum()
    )
    step = pd.offsets.MonthBegin(1) if granularity == "month" else pd.offsets.YearBegin(1)
    return pd.DataFrame(
        {
            "period_start": grp["period_start"],
            "period_end": grp["period_start"] + step,
            "color_key": grp["color_key"],
            "color_label": [key_label(k, color_by, T) for k in grp["color_key"]],
            "n_events": grp["n_events"].astype(int),
        },
        columns=HIST_COLUMNS,
    )


def _dt(d: dt.date) -> alt.DateTime:
    return alt.DateTime(year=d.year, month=d.month, date=d.day)


#: The name the bars' data goes by in time_chart_spec's spec.
HIST_DATA = "bars"


def present_keys(frame: pd.DataFrame, colors: Mapping[str, RGB]) -> tuple[str, ...]:
    """The colour keys that have bars, in the palette's order ("other" last): the
    chart's colour scale lists these."""
    present = set(frame["color_key"])
    return tuple(k for k in colors if k in present) + ((OTHER_KEY,) if OTHER_KEY in present else ())


def time_chart(
    frame: pd.DataFrame,
    colors: Mapping[str, RGB],
    color_by: str,
    domain: Window,
    selected: Window | None = None,
    marker: dt.date | None = None,
    granularity: str = "year",
    T: Translator = ENGLISH,
) -> alt.LayerChart:
    """The histogram of ``frame`` (HIST_COLUMNS) with the ``brush`` (initially
    ``selected``) over a fixed x ``domain`` (the data's whole span, so the brush keeps
    its place), colours from the data set's palette, and a rule at ``marker`` (the
    open event's date)."""
    return _time_layers(frame, present_keys(frame, colors), colors, color_by, domain, selected, marker, granularity, T)


def time_chart_spec(
    keys: tuple[str, ...],
    colors: Mapping[str, RGB],
    color_by: str,
    domain: Window,
    selected: Window | None = None,
    marker: dt.date | None = None,
    granularity: str = "year",
    T: Translator = ENGLISH,
) -> dict[str, Any]:
    """time_chart's Vega-Lite spec with the bars read from the dataset named
    HIST_DATA (the page passes them in ``spec["datasets"]``): the spec depends on
    the colour keys present, not on the counts, so the page keeps it while a filter
    changes the bars (building and converting the Altair chart cost a tenth of a
    rerun). Not checked against the Vega-Lite schema here: the tests check it."""
    return _time_layers(alt.NamedData(HIST_DATA), keys, colors, color_by, domain, selected, marker,
                        granularity, T).to_dict(validate=False)


def _time_layers(
    data: Any,
    keys: tuple[str, ...],
    colors: Mapping[str, RGB],
    color_by: str,
    domain: Window,
    selected: Window | None,
    marker: dt.date | None,
    granularity: str,
    T: Translator = ENGLISH,
) -> alt.LayerChart:
    scale = alt.Scale(
        domain=[key_label(k, color_by, T) for k in keys],
        range=[hex_color(colors.get(k, OTHER_COLOR)) for k in keys],
    )
    # Whole periods, so the first and last bars (and a brush over them) fit the axis.
    lo, hi = period_start(domain[0], granularity), period_end(domain[1], granularity) + dt.timedelta(days=1)
    x_scale = alt.Scale(domain=[_dt(lo), _dt(hi)])
    brush = alt.selection_interval(
        encodings=["x"], name=BRUSH, value={"x": [_dt(selected[0]), _dt(selected[1] + dt.timedelta(days=1))]}
    ) if selected else alt.selection_interval(encodings=["x"], name=BRUSH)
    fmt = "%Y-%m" if granularity == "month" else "%Y"
    # rect, not bar: a bar spanning x..x2 is taken for a horizontal bar and Vega draws
    # nothing for the stacked counts; a rect stacks them on y as wanted.
    bars = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("period_start:T", title=None, scale=x_scale, axis=alt.Axis(format="%Y", labelOverlap=True)),
            x2="period_end:T",
            y=alt.Y("sum(n_events):Q", title=None, axis=alt.Axis(tickMinStep=1, tickCount=3)),
            color=alt.Color("color_label:N", scale=scale, legend=None,
                            sort=[key_label(k, color_by, T) for k in keys]),
            order=alt.Order("color_key:N", sort="ascending"),
            opacity=alt.condition(brush, alt.value(1.0), alt.value(0.35)) if selected else alt.value(1.0),
            tooltip=[
                alt.Tooltip("period_start:T", title=T.gettext(GRANULARITY_LABELS.get(granularity, granularity)),
                            format=fmt),
                alt.Tooltip("color_label:N", title=T.gettext(COLOR_BY_LABELS.get(color_by, color_by))),
                alt.Tooltip("n_events:Q", title=T.gettext("events")),
            ],
        )
        .add_params(brush)
    )
    layers: list[Any] = [bars]
    if marker is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"at": [pd.Timestamp(marker)]}))
            .mark_rule(color="#141414", strokeWidth=2, strokeDash=[4, 2])
            .encode(x=alt.X("at:T", scale=x_scale))
        )
    return alt.layer(*layers).properties(height=HIST_HEIGHT, width="container")


# ---------------------------------------------------------------- brush state


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


def brush_range(state: Any) -> Window | None:
    """The brushed date range from st.altair_chart's state, e.g.
    ``{"selection": {"brush": {"period_start": [ms, ms]}}}``; None when empty or odd.
    The end is exclusive in Vega (the right edge of the last bar): one day is taken off."""
    sel = _selection(state)
    try:
        brush = sel[BRUSH] if sel is not None else None
    except (KeyError, TypeError):
        return None
    if not brush:
        return None
    try:
        values = brush.get("period_start") or next(iter(brush.values()))
    except (AttributeError, StopIteration):
        return None
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return None
    lo, hi = _to_date(values[0]), _to_date(values[1])
    if lo is None or hi is None:
        return None
    lo, hi = (lo, hi) if lo <= hi else (hi, lo)
    return lo, max(lo, hi - dt.timedelta(days=1))


# ---------------------------------------------------------------- playback


def first_window(bounds: Window, mode: str, granularity: str, width: int = 1) -> Window:
    """The first frame: the first period (cumulative) or the first ``width`` periods."""
    lo = period_start(bounds[0], granularity)
    n = 1 if mode == "cumulative" else max(1, width)
    return lo, add_periods(lo, n, granularity) - dt.timedelta(days=1)


def next_window(current: Window | None, bounds: Window, mode: str, granularity: str, width: int = 1) -> Window | None:
    """The frame after ``current``: one period more (cumulative) or one period on
    (sliding); the first frame when ``current`` is None or outside the data; None
    after the frame that reaches the end of the data (playback stops)."""
    lo_b, hi_b = bounds
    if current is None or current[1] >= hi_b or current[1] < lo_b:
        return first_window(bounds, mode, granularity, width) if current is None or current[1] < lo_b else None
    end = add_periods(current[1], 2, granularity) - dt.timedelta(days=1)  # the next period's last day
    start = current[0] if mode == "cumulative" else add_periods(current[0], 1, granularity)
    return start, end


def frames(bounds: Window, mode: str, granularity: str, width: int = 1, limit: int = 10_000) -> list[Window]:
    """Every frame of a playback from the first to the one reaching the end."""
    out: list[Window] = []
    w = next_window(None, bounds, mode, granularity, width)
    while w is not None and len(out) < limit:
        out.append(w)
        w = next_window(w, bounds, mode, granularity, width)
    return out
