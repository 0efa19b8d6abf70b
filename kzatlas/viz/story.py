"""Story mode: the filtered events told one at a time in date order, the way
Knight Lab's StoryMapJS tells a hand-written story — one event per step, the map
flying to its place with the arc from the Kazakh side, its card beside it. Pure
functions: the ordered steps, the story's state to and from the URL
(``?story=1&step=7`` beside the filter keys and the open event), a step's card in
the interface language, the view the map flies to, and the progress text.

A link names its step twice, by number (readable) and by the open event's id
(stable); the id wins when they disagree, because after a rebuild that added
earlier events step 7 may have become step 9, and the link meant the event.
Decoding never raises: a shared link is user input (see filters.py).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from kzatlas.viz import filters as flt
from kzatlas.viz.i18n import Q_UI_LANG, Translator
from kzatlas.viz.maps import fit_view

Q_STORY, Q_STEP, Q_STORY_UNDATED = "story", "step", "story_undated"
STORY_KEYS = (Q_STORY, Q_STEP, Q_STORY_UNDATED)
#: What the story does with undated events: put them after the dated ones, or leave them out.
UNDATED_LAST, UNDATED_OMIT = "last", "omit"
#: Zoom the map may not exceed for a place of this precision: a country's centroid
#: seen from close up says nothing; a city wants its surroundings.
MAX_ZOOM = {"country": 3.5, "region": 5.0, "city": 6.0, "institution": 6.0}
DEFAULT_MAX_ZOOM = 5.0
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class StoryState:
    """Whether the story is open, at which step (1-based, as in the URL), and what
    becomes of undated events."""

    active: bool = False
    step: int = 1
    undated: str = UNDATED_LAST


# ---------------------------------------------------------------- steps


#: The columns story_events orders by.
ORDER_COLUMNS = ("event_id", "date_start", "date_end", "date_partial")


def story_events(events: pd.DataFrame, undated: str = UNDATED_LAST) -> pd.DataFrame:
    """The story's events in order, as a new frame indexed 0..n-1.

    Dated events by first day, then last day (a day comes before the month or year
    that starts on it), then id, so equal dates keep one order across runs. Undated
    events follow (those whose day and month are known but not the year first, by
    that day) or, with ``undated="omit"``, are left out.
    """
    start = events["date_start"].fillna("").astype(str)
    dated = start != ""
    keys = pd.DataFrame(
        {
            "undated": ~dated,
            "start": start,
            "end": events["date_end"].fillna("").astype(str),
            # "~" sorts after any "--MM-DD": undated events without even a day come last.
            "partial": events["date_partial"].fillna("").astype(str).replace("", "~"),
            "id": events["event_id"].astype(str),
        },
        index=events.index,
    )
    if undated == UNDATED_OMIT:
        keys = keys[dated]
    order = keys.sort_values(["undated", "start", "end", "partial", "id"], kind="stable").index
    return events.loc[order].reset_index(drop=True)


def resolve_step(steps: pd.DataFrame, state: StoryState, event_id: str | None, T: Translator) -> tuple[int, list[str]]:
    """The 1-based step to show (0 for an empty story) and notices: the open event's
    step when it is in the story, else the state's step, kept within the story."""
    n = len(steps)
    if n == 0:
        return 0, []
    if event_id:
        hits = steps.index[steps["event_id"] == event_id]
        if len(hits):
            return int(hits[0]) + 1, []
    if state.step > n:
        return n, [_past_the_end(state.step, n, T)]
    return max(1, state.step), []


def _past_the_end(step: int, n: int, T: Translator) -> str:
    msg = T.gettext("The link's step {step} is past the end of this story; showing the last step, {last}.")
    return msg.format(step=T.number(step), last=T.number(n))


@dataclass(frozen=True)
class StorySteps:
    """The story's event ids in step order, with each id's step: what the page keeps
    per filtered selection (an id list, not the events), so a step's event and an
    event's step are found without a scan."""

    ids: tuple[str, ...]
    position: Mapping[str, int]  # event id → its 1-based step

    @classmethod
    def of(cls, events: pd.DataFrame, undated: str = UNDATED_LAST) -> "StorySteps":
        """The steps of ``events`` (at least event_id and the date columns story_events sorts by)."""
        ids = tuple(story_events(events, undated)["event_id"].astype(str))
        return cls(ids, {e: i + 1 for i, e in enumerate(ids)})

    def __len__(self) -> int:
        return len(self.ids)

    def event_at(self, step: int) -> str | None:
        return self.ids[step - 1] if 1 <= step <= len(self.ids) else None


#: How the page arrived at this run of the story (see sync_step).
MOVE, LINK, FOLLOW, KEEP = "move", "link", "follow", "keep"


def sync_step(
    steps: StorySteps, state: StoryState, open_event: str | None, how: str, T: Translator
) -> tuple[int, str | None, list[str]]:
    """The step to show, the event to open, and notices, once per run of the page.

    ``how`` says what happened since the last run: MOVE (Previous/Next/a step
    chosen: that step's event opens), FOLLOW (the story started, or the filters or
    the undated choice changed: the open event keeps its place when it is in the
    story, else the step's event opens), LINK (FOLLOW for a link just opened, and a
    step past the end gives a notice) or KEEP
    (something else on the page: the step follows the open event when it is in the
    story; an event opened outside it, or a closed reader, is left as it is). The
    step is always within the story; 0 for an empty story."""
    n = len(steps)
    if n == 0:
        return 0, open_event, []
    if how != MOVE and open_event in steps.position:
        return steps.position[open_event], open_event, []
    step = min(max(1, state.step), n)
    if how == KEEP:
        return step, open_event, []
    notices = [_past_the_end(state.step, n, T)] if how == LINK and state.step > n else []
    return step, steps.event_at(step), notices


# ---------------------------------------------------------------- URL


def _single(q: Mapping[str, Any], key: str) -> str | None:
    value = q.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value).strip()


def story_from_query(q: Mapping[str, Any], T: Translator) -> tuple[StoryState, list[str]]:
    """The story a query string describes, and notices about what was ignored."""
    notices: list[str] = []
    raw = _single(q, Q_STORY)
    active = raw is not None and raw.lower() in _TRUE + ("",)
    if raw is not None and raw.lower() not in _TRUE + _FALSE + ("",):
        notices.append(T.gettext("Ignored “{key}={value}” in the link: expected 0 or 1.").format(key=Q_STORY, value=raw[:20]))
    step = 1
    raw = _single(q, Q_STEP)
    if raw:
        if raw.isdigit() and len(raw) <= 9 and int(raw) >= 1:
            step = int(raw)
        else:
            notices.append(
                T.gettext("Ignored “{key}={value}” in the link: a step is a number from 1.").format(key=Q_STEP, value=raw[:20])
            )
    undated = UNDATED_LAST
    raw = _single(q, Q_STORY_UNDATED)
    if raw is not None:
        if raw.lower() in _FALSE:
            undated = UNDATED_OMIT
        elif raw.lower() not in _TRUE + ("",):
            notices.append(
                T.gettext("Ignored “{key}={value}” in the link: expected 0 or 1.").format(key=Q_STORY_UNDATED, value=raw[:20])
            )
    return StoryState(active, step, undated), notices


def story_to_query(
    filters: flt.Filters,
    state: StoryState,
    event_id: str | None = None,
    lang: str | None = None,
) -> dict[str, str | list[str]]:
    """The whole query string of a view: its filters, the open event, the story
    when it is open (``story=1&step=7``, ``story_undated=0`` when undated events are
    left out) and the interface language when given."""
    q = flt.filters_to_query(filters, event=event_id)
    if state.active:
        q[Q_STORY] = "1"
        q[Q_STEP] = str(state.step)
        if state.undated == UNDATED_OMIT:
            q[Q_STORY_UNDATED] = "0"
    if lang:
        q[Q_UI_LANG] = lang
    return q


# ---------------------------------------------------------------- a step


def _tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if str(v))
    return (str(value),) if value not in (None, "") else ()


def _float(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class StoryCard:
    """One step as the reader sees it, every label and name in the interface
    language; ``evidence`` is the article's sentence exactly as written."""

    step: int
    total: int
    event_id: str
    progress: str
    date: str
    kind: str
    kazakh_side: tuple[str, ...]
    partners: tuple[str, ...]
    countries: tuple[str, ...]
    place: str
    topics: tuple[str, ...]
    evidence: str
    evidence_article_id: str
    evidence_language: str
    planned: bool
    on_map: bool

    def rows(self, T: Translator) -> list[tuple[str, str]]:
        """(label, value) lines of the card, in display order ("—" for none)."""
        dash = "—"
        return [
            (T.gettext("When"), self.date),
            (T.gettext("Kind"), self.kind),
            (T.gettext("Kazakh side"), ", ".join(self.kazakh_side) or dash),
            (T.gettext("Partners"), ", ".join(self.partners) or dash),
            (T.gettext("Partner countries"), ", ".join(self.countries) or dash),
            (T.gettext("Place"), self.place or dash),
            (T.gettext("Topics"), ", ".join(self.topics) or dash),
        ]


def progress_text(step: int, total: int, T: Translator) -> str:
    """"7 of 23" in the interface language."""
    # Translators: the story's progress indicator, e.g. "7 of 23" (step 7 of 23 steps).
    return T.gettext("{step} of {total}").format(step=T.number(step), total=T.number(total))


def events_count_text(n: int, T: Translator) -> str:
    """"23 events", with the language's plural form."""
    return T.ngettext("{n} event", "{n} events", n).format(n=T.number(n))


def story_card(event: Mapping[str, Any], step: int, total: int, T: Translator) -> StoryCard:
    """The card of one event (a row of the events frame as a mapping)."""
    kind = T.kind(str(event.get("kind") or ""))
    planned = bool(event.get("planned"))
    if planned:
        kind = T.gettext("{kind} (planned)").format(kind=kind)
    on_map = _float(event.get("lat")) is not None and _float(event.get("lon")) is not None
    return StoryCard(
        step=step,
        total=total,
        event_id=str(event.get("event_id") or ""),
        progress=progress_text(step, total, T),
        date=T.date(
            str(event.get("date_start") or ""),
            str(event.get("date_end") or ""),
            str(event.get("date_precision") or "day"),
            str(event.get("date_partial") or ""),
        ),
        kind=kind,
        kazakh_side=tuple(T.institutions(_tuple(event.get("kazakh_side")), _tuple(event.get("kazakh_side_ids")))),
        partners=tuple(T.institutions(_tuple(event.get("partners")), _tuple(event.get("partner_ids")))),
        countries=tuple(T.country(c) for c in _tuple(event.get("partner_countries"))),
        place=T.place(str(event.get("place_name") or ""), str(event.get("country_code") or ""),
                      str(event.get("geo_precision") or "")),
        topics=tuple(T.topic(t) for t in _tuple(event.get("topics"))),
        evidence=str(event.get("evidence") or ""),
        evidence_article_id=str(event.get("evidence_article_id") or ""),
        evidence_language=str(event.get("language") or ""),
        planned=planned,
        on_map=on_map,
    )


@dataclass(frozen=True)
class StepView:
    """Where the map flies for a step: centre and zoom that show the event's place
    and the Kazakh side it is reached from, and the arc between them."""

    latitude: float
    longitude: float
    zoom: float
    target: tuple[float, float]  # lon, lat of the event's place
    origin: tuple[float, float] | None  # lon, lat of the Kazakh side; None when unknown or the same point

    def view_state(self) -> dict[str, float]:
        """The pydeck ViewState arguments."""
        return {"latitude": self.latitude, "longitude": self.longitude, "zoom": self.zoom}


def card_html(card: StoryCard, T: Translator) -> str:
    """The card as the page shows it above the map: the progress, date and kind as a
    heading, then the card's rows; every value escaped (names come from articles)."""
    e = html.escape
    rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in card.rows(T)[2:])
    return (
        f'<div class="kz-story-card" data-event="{e(card.event_id, quote=True)}" data-step="{card.step}">'
        f'<p class="kz-story-progress">{e(card.progress)}</p>'
        f'<p class="kz-story-title"><b>{e(card.date)}</b> · {e(card.kind)}</p>'
        f'<dl class="kz-story-facts">{rows}</dl></div>'
    )


def step_view(event: Mapping[str, Any]) -> StepView | None:
    """The view of one event; None when it has no coordinates (the map stays)."""
    lat, lon = _float(event.get("lat")), _float(event.get("lon"))
    if lat is None or lon is None:
        return None
    olat, olon = _float(event.get("origin_lat")), _float(event.get("origin_lon"))
    origin = (olon, olat) if olat is not None and olon is not None and (olat, olon) != (lat, lon) else None
    lats, lons = [lat] + ([origin[1]] if origin else []), [lon] + ([origin[0]] if origin else [])
    view = fit_view(lats, lons)
    cap = MAX_ZOOM.get(str(event.get("geo_precision") or ""), DEFAULT_MAX_ZOOM)
    zoom = cap if origin is None else min(float(view["zoom"]), cap)
    return StepView(float(view["latitude"]), float(view["longitude"]), round(zoom, 2), (lon, lat), origin)


# ---------------------------------------------------------------- the selection, described


def describe_filters(f: flt.Filters, T: Translator) -> list[tuple[str, str]]:
    """(label, value) lines saying what a story was filtered to ([] for everything)."""
    rows: list[tuple[str, str]] = []
    if f.date_from or f.date_to:
        lo = T.date(f.date_from.isoformat()) if f.date_from else "…"
        hi = T.date(f.date_to.isoformat()) if f.date_to else "…"
        rows.append((T.gettext("Dates"), f"{lo} – {hi}"))
    lists: Sequence[tuple[str, tuple[str, ...], Any]] = (
        (T.gettext("Partner country"), f.countries, T.country),
        (T.gettext("Institution"), f.institutions, T.institution),
        (T.gettext("Kind"), f.kinds, T.kind),
        (T.gettext("Topic"), f.topics, T.topic),
        (T.gettext("Article language"), f.languages, T.language),
    )
    for label, values, show in lists:
        if values:
            rows.append((label, ", ".join(show(v) for v in values)))
    if f.text:
        rows.append((T.gettext("Search"), f"“{f.text}”"))
    if not f.include_planned:
        # Translators: the value beside "Planned events" / "Undated events" when a filter removed them.
        rows.append((T.gettext("Planned events"), T.gettext("left out")))
    if not f.include_undated:
        rows.append((T.gettext("Undated events"), T.gettext("left out")))
    return rows
