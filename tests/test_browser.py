"""The dashboard in a real browser, along a user's path: ``streamlit run`` as a
subprocess on 127.0.0.1 and headless Debian Chromium driven by Playwright.

At the opening zoom one click on the Dubna point (its pixel computed with Web
Mercator from the same map functions the page calls) opens the JINR article with
the evidence highlighted; the point is ringed and the map centred on it, also when
opened from a ``?event=`` link; a point keeps its size in pixels when the map
zooms in, where Moscow and Dubna are told apart by their tooltips; a colour keeps
its meaning after a filter and a brush; the histogram's brush lands in the URL and
comes back from it; playback moves the date window and the counts follow; on a
390×844 phone the map is on the first screen and every point fits its width; and
hostile markup in an article shows literally and runs nowhere.

Skipped without Chromium or Playwright, unless KZATLAS_REQUIRE_BROWSER=1 (CI),
where that is a failure. Each step saves a screenshot in tests/screenshots/
(git-ignored) for review. The JINR scenario uses the repo's built data/ when it
holds an event at Dubna, else a small fixture made from the same seed article (004).
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import re
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from kzatlas.paths import DATA_DIR, REPO_DIR, SEEDS_DIR
from kzatlas.schema import EVENTS
from kzatlas.viz import engine, load, maps, views
from kzatlas.paths import WORLD_CITIES, WORLD_GEOJSON

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
APP = REPO_DIR / "dashboard" / "app.py"
SHOTS = Path(__file__).resolve().parent / "screenshots"
JINR_TITLE = "Agreement of intent signed between JINR"
JINR_SEED = SEEDS_DIR / "004_ccf8684cef29bc6c.txt"
JINR_EVIDENCE_START = "The document was signed during the visit to JINR"
EVIL_SCRIPT = "<script>window.__pwned=1</script>"
EVIL_IMG = '<img src=x onerror="window.__pwned=2">'
SERVER_START_TIMEOUT = 40.0
PHONE = {"width": 390, "height": 844}
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36")
UI_TIMEOUT_MS = 60_000  # generous: software WebGL on a busy 2-core machine is slow, and a timeout is not a finding


def _unavailable(reason: str) -> None:
    """Skip, or fail when CI requires the browser test to run."""
    if os.environ.get("KZATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (KZATLAS_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


# ---------------------------------------------------------------- fixtures: data


DUBNA = (37.19, 56.74)  # lon, lat: JINR's site


def _dubna_point(data_dir: Path) -> tuple[str, float, float] | None:
    """(place name, lon, lat) of the first geocoded event at Dubna (the place may be
    named after the town or after JINR itself), or None."""
    path = data_dir / EVENTS.filename
    if not path.is_file() or not (data_dir / "articles.jsonl").is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("lat") and row.get("lon"):
                lon, lat = float(row["lon"]), float(row["lat"])
                if abs(lon - DUBNA[0]) < 0.3 and abs(lat - DUBNA[1]) < 0.3:
                    return row["place_name"], lon, lat
    return None


def _write_jinr_fixture(out: Path) -> None:
    """Four events in four articles: JINR/Dubna from the real seed article, plus a
    meeting in Paris, a visit in Beijing (so that filters have something to drop) and
    a meeting in Moscow (Dubna's neighbour on the map)."""
    from benchmarks.synthetic import article_row, event_row, evidence_at, write_tables

    jinr_text = JINR_SEED.read_text(encoding="utf-8")
    i = jinr_text.index(JINR_EVIDENCE_START)
    jinr_ev = jinr_text[i : jinr_text.index("2023.", i) + len("2023.")]
    others = [
        ("paris", "Paris", "FR", 48.8566, 2.3522, "meeting", "2021-06-10", "10 June 2021", "space",
         "Kazakh and French scientists met at CNES", "Aerospace Committee of Kazakhstan", "CNES"),
        ("beijing", "Beijing", "CN", 39.9042, 116.4074, "visit", "2019-04-02", "2 April 2019", "physics",
         "Delegation visits the Chinese Academy of Sciences", "Nazarbayev University", "Chinese Academy of Sciences"),
        ("moscow", "Moscow", "RU", 55.8115, 37.5004, "meeting", "2022-10-01", "1 October 2022", "space",
         "Kazakh and Russian space agencies meet", "Kazcosmos", "Roscosmos"),
    ]
    events = []
    articles = []
    s, e = evidence_at(jinr_text, jinr_ev)
    events.append(event_row(
        event_id="jinr0000000000001", article_ids="jinr", evidence_article_id="jinr", evidence=jinr_ev,
        evidence_start=s, evidence_end=e, date_start="2023-10-02", date_end="2023-10-03", date_text="2 – 3 October, 2023",
        kazakh_side="National Academy of Sciences of Kazakhstan", kazakh_side_ids="kz-nas",
        partners="Joint Institute for Nuclear Research", partner_ids="jinr", place_name="Dubna", lat=56.7405,
        lon=37.1865, topics="nuclear", origin_name="Almaty", origin_lat=43.238, origin_lon=76.9458,
    ))
    articles.append(article_row("jinr", jinr_text, title=jinr_text.splitlines()[0], published="2023-10-04",
                                publisher="JINR", event_count=1))
    for aid, place, cc, lat, lon, kind, date, date_text, topic, title, kz, partner in others:
        sentence = f"The {kz} and {partner} held a {kind} in {place} on {date_text}."
        text = f"{title}\n\n{sentence}\n"
        s, e = evidence_at(text, sentence)
        events.append(event_row(
            event_id=f"{aid}000000000000"[:16], article_ids=aid, evidence_article_id=aid, evidence=sentence,
            evidence_start=s, evidence_end=e, date_start=date, date_end=date, date_text=date_text, kind=kind,
            kazakh_side=kz, kazakh_side_ids="kz-x", partners=partner, partner_ids=f"p-{aid}", partner_countries=cc,
            place_name=place, country_code=cc, lat=lat, lon=lon, topics=topic,
        ))
        articles.append(article_row(aid, text, title=title, published=date, event_count=1))
    write_tables(out, events, articles)


def _write_hostile_fixture(out: Path) -> str:
    """One event whose title, text and institutions carry script/onerror markup."""
    from benchmarks.synthetic import article_row, event_row, evidence_at, write_tables

    evil = f"{EVIL_SCRIPT} {EVIL_IMG}"
    sentence = f"The {evil} Institute signed an agreement with Kazakhstan on 1 March 2024."
    text = f"Hostile {evil} headline\n\n{sentence}\n\nMore text {EVIL_IMG} after it.\n"
    s, e = evidence_at(text, sentence)
    event_id = "evil000000000001"
    event = event_row(
        event_id=event_id, article_ids="evil", evidence_article_id="evil", evidence=sentence, evidence_start=s,
        evidence_end=e, date_start="2024-03-01", date_end="2024-03-01", date_text="1 March 2024",
        kazakh_side=evil, partners=f"{EVIL_IMG} Institute", place_name=f"Dubna {EVIL_SCRIPT}",
    )
    article = article_row("evil", text, title=f"Hostile {evil} headline", published="2024-03-02",
                          publisher=EVIL_IMG, url="javascript:window.__pwned=3", event_count=1)
    write_tables(out, [event], [article])
    return event_id


# ---------------------------------------------------------------- fixtures: server, browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(data_dir: Path) -> Iterator[str]:
    """``streamlit run`` on a free port with KZATLAS_DATA=data_dir; yields the base URL."""
    port = _free_port()
    env = dict(os.environ, KZATLAS_DATA=str(data_dir), PYTHONUNBUFFERED="1")
    log = tempfile.NamedTemporaryFile("w+", prefix="streamlit-", suffix=".log", delete=False)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--global.developmentMode", "false",
    ]
    # Own process group, so the finally below ends the server and anything it spawned.
    proc = subprocess.Popen(cmd, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"streamlit exited with {proc.returncode}:\n{Path(log.name).read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"streamlit not healthy after {SERVER_START_TIMEOUT:.0f} s:\n"
                                     f"{Path(log.name).read_text()[-3000:]}")
            time.sleep(0.25)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()
        os.unlink(log.name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(UI_TIMEOUT_MS)
    try:
        yield pg
    finally:
        context.close()


# ---------------------------------------------------------------- helpers


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _wait_idle(page: Any) -> None:
    """Until Streamlit's script run has finished (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=UI_TIMEOUT_MS
    )
    page.wait_for_timeout(300)


def _metric(page: Any, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


#: The accessible table behind the events table's canvas grid (one row per event plus the header).
TABLE_GRID = '[class*="st-key-table_"] [data-testid="stDataFrame"] table[aria-rowcount]'


def _table_rows(page: Any) -> int:
    grid = page.locator(TABLE_GRID).first
    grid.wait_for(state="attached")
    return int(grid.get_attribute("aria-rowcount") or 0) - 1


def _mercator_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """World pixel coordinates of a point in deck.gl's Web Mercator (512-px tile at zoom 0)."""
    scale = 512 * 2**zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * scale
    return x, y


def _point_on_canvas(box: dict[str, float], view: dict[str, float], lon: float, lat: float) -> tuple[float, float]:
    cx, cy = _mercator_px(view["longitude"], view["latitude"], view["zoom"])
    px, py = _mercator_px(lon, lat, view["zoom"])
    return box["x"] + box["width"] / 2 + (px - cx), box["y"] + box["height"] / 2 + (py - cy)



def _beside(data_dir: Path, default: Path) -> Path:
    return data_dir / default.name if (data_dir / default.name).exists() else default


def _app_map(data_dir: Path, event_id: str | None = None, map_px: tuple[int, int] = maps.DESKTOP_MAP_PX) -> tuple[
        dict[str, float], Any, dict]:
    """(opening view, points as drawn, deck spec) of the page's map with no filter:
    the function the page draws it with (kzatlas.viz.views, dashboard/app.py's map_panel)."""
    atlas = engine.Atlas.open(data_dir)
    event = atlas.event(event_id) if event_id else None
    shown = views.selection_map(
        atlas, atlas.all(), maps.COLOR_BY[0], world=load.load_world(_beside(data_dir, WORLD_GEOJSON)),
        cities=maps.read_cities(_beside(data_dir, WORLD_CITIES)), selected=event["point"] if event else None,
        map_px=map_px)
    return shown.view, shown.drawn, json.loads(shown.deck.to_json())


def _drawn(places: Any, name: str) -> tuple[float, float, float]:
    """(lon, lat, radius) of the drawn point named ``name``."""
    row = places[places["place_name"] == name].iloc[0]
    return float(row["lon"]), float(row["lat"]), float(row["radius"])


def _jinr_event(data_dir: Path) -> str:
    ev = engine.Atlas.open(data_dir).all().events_frame(newest_first=False)
    hits = ev[ev["partners"].map(lambda p: "Joint Institute for Nuclear Research" in p)
              & (ev["place_name"] == _dubna_point(data_dir)[0])]
    return str(hits["event_id"].iloc[0])


def _tooltip_at(page: Any, x: float, y: float) -> str:
    """The first tooltip line when hovering (x, y) ("" when nothing is picked)."""
    tip = page.locator(".deck-tooltip")
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    with contextlib.suppress(Exception):
        tip.wait_for(state="visible", timeout=3000)
        return tip.inner_text().splitlines()[0].strip()
    return ""


def _click_point(page: Any, x: float, y: float, done: str) -> None:
    """Click the map at (x, y) as a person does — point, see the tooltip, press — until
    ``done`` (a JS expression) holds. deck.gl picks asynchronously on pointer-down; with
    software WebGL a press right after a move can reach it before the pick is ready."""
    for _ in range(3):
        _tooltip_at(page, x, y)
        page.mouse.down()
        page.wait_for_timeout(120)
        page.mouse.up()
        with contextlib.suppress(Exception):
            page.wait_for_function(f"() => {done}", timeout=15_000)
            return
    raise AssertionError(f"clicking ({x:.0f}, {y:.0f}) never led to: {done}")


def _disk_pixels(png: bytes, cx: float, cy: float, radius: float, colour: tuple[int, int, int]) -> int:
    """Pixels of about ``colour`` within ``radius`` of (cx, cy) (canvas coordinates)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    n = 0
    r = int(radius) + 1
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            if dx * dx + dy * dy <= radius * radius:
                px = img.getpixel((round(cx) + dx, round(cy) + dy))
                n += sum(abs(a - b) for a, b in zip(px, colour)) < 60
    return n


def _fill_on_white(fill: list[int]) -> tuple[int, int, int]:
    """A point's fill as drawn over a light background (its alpha blended in)."""
    a = fill[3] / 255 if len(fill) > 3 else 1.0
    return tuple(round(c * a + 240 * (1 - a)) for c in fill[:3])  # type: ignore[return-value]


def _legend_colours(page: Any) -> dict[str, str]:
    """Legend label → swatch colour, from the legend under the map."""
    html_text = page.locator('[data-testid="stHtml"]').filter(has_text="ring: a whole country").first.inner_html()
    return {label.strip(): colour for colour, label in re.findall(r"background:(#[0-9a-f]{6})[^>]*></span>([^<]*?) \d+<", html_text)}


def _url_query(page: Any) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlparse

    return dict(parse_qsl(urlparse(page.url).query))


def _wait_url(page: Any, predicate: str) -> None:
    page.wait_for_function(f"() => {{ const u = new URL(window.location.href); return {predicate}; }}",
                           timeout=UI_TIMEOUT_MS)


def _time_chart(page: Any) -> Any:
    chart = page.locator('[class*="st-key-time_"]').first
    chart.wait_for(state="visible")
    return chart


def _deck_canvas(page: Any) -> Any:
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(state="visible")
    canvas = chart.locator("canvas#deckgl-overlay")
    if canvas.count() == 0:
        canvas = chart.locator("canvas").last
    canvas.first.wait_for(state="visible")
    return canvas.first


def _reader_frame(page: Any) -> Any:
    """The frame holding the reader's <mark id="evidence">, waited for."""
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            with contextlib.suppress(Exception):
                if frame != page.main_frame and frame.locator("mark#evidence").count():
                    return frame
        page.wait_for_timeout(250)
    raise AssertionError("no reader frame with a <mark id='evidence'> appeared")


def _pwned_everywhere(page: Any) -> list[str]:
    found = []
    for frame in page.frames:
        with contextlib.suppress(Exception):  # detached or cross-origin frames cannot be asked
            value = frame.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
            if value is not None:
                found.append(f"{frame.url}: {value}")
    return found


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def jinr_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if _dubna_point(DATA_DIR) is not None:
        return DATA_DIR
    out = tmp_path_factory.mktemp("jinr_data")
    _write_jinr_fixture(out)
    return out


@pytest.fixture(scope="module")
def jinr_server(jinr_data: Path) -> Iterator[str]:
    with streamlit_server(jinr_data) as url:
        yield url


def _open(page: Any, url: str) -> Any:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Kazakhstan Science Cooperation Atlas").first.wait_for()
    canvas = _deck_canvas(page)
    _wait_idle(page)
    page.wait_for_timeout(1500)  # deck.gl draws after its first animation frames
    return canvas


def test_one_click_on_dubna_opens_the_jinr_article(page: Any, jinr_data: Path, jinr_server: str) -> None:
    view, drawn, spec = _app_map(jinr_data)
    places_layer = next(layer for layer in spec["layers"] if layer["id"] == maps.PLACES_LAYER_ID)
    # Sizes in screen pixels (a bare "pixels" would have become "@@=pixels", i.e. metres).
    assert places_layer["radiusUnits"] == "pixels" and maps.accidental_expressions(spec) == []
    names = [row["tip"].splitlines()[0] for row in places_layer["data"]]
    assert len(names) == len(set(names)), "each city is one point"
    dubna_name = _dubna_point(jinr_data)[0]
    lon, lat, radius = _drawn(drawn, dubna_name)

    outside: list[str] = []  # the offline basemap: no request leaves this machine
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None)
    canvas = _open(page, jinr_server)
    _shot(page, "01_start")
    assert outside == [], outside
    box = canvas.bounding_box()
    x, y = _point_on_canvas(box, view, lon, lat)
    assert box["x"] + radius <= x <= box["x"] + box["width"] - radius, (x, box)
    assert _tooltip_at(page, x, y) == dubna_name
    fill = _fill_on_white(list(drawn[drawn["place_name"] == dubna_name]["fill"].iloc[0]))
    page.mouse.move(box["x"] + 2, box["y"] + 2)  # hovering highlights the point in another colour
    page.wait_for_timeout(300)
    size_opening = _disk_pixels(canvas.screenshot(), x - box["x"], y - box["y"], radius + 4, fill)
    _click_point(page, x, y, "location.search.includes('event=') || document.body.innerText.includes('Click a row')")
    _wait_idle(page)
    _shot(page, "02_clicked")
    if page.get_by_text("Click a row to read its article.").count():  # Dubna holds several events
        # The list's rows are in the engine's order (oldest first): one click on JINR's.
        here = engine.Atlas.open(jinr_data).all().at_points(drawn[drawn["place_name"] == dubna_name]["point_id"])
        row = next(i for i, p in enumerate(here["partners"]) if "Joint Institute for Nuclear Research" in p)
        _click_grid_row(page, page.locator('[class*="st-key-list_"] [data-testid="stDataFrame"]').first, row)
        _wait_idle(page)
    page.get_by_text(JINR_TITLE).first.wait_for()
    frame = _reader_frame(page)
    marked = frame.locator("mark#evidence").inner_text().strip()
    article_text = frame.locator("pre").inner_text()
    assert marked and marked in article_text and JINR_TITLE in article_text
    if jinr_data != DATA_DIR:  # the fixture's evidence is known exactly
        assert marked.startswith(JINR_EVIDENCE_START)
    _wait_url(page, "u.searchParams.get('event')")
    page.wait_for_timeout(1500)
    _shot(page, "03_jinr_reader")

    # The open event's point is ringed and the map centred on it; its size in pixels is
    # the same at this closer zoom (in map units it would have grown 2^Δzoom times).
    event_id = _url_query(page)["event"]
    fview, fdrawn, fspec = _app_map(jinr_data, event_id)
    assert fview["zoom"] > view["zoom"] + 1
    ring = next(layer for layer in fspec["layers"] if layer["id"] == "selected")
    assert (ring["data"][0]["lon"], ring["data"][0]["lat"]) == _drawn(fdrawn, dubna_name)[:2]
    canvas = _deck_canvas(page)
    box = canvas.bounding_box()
    fx, fy = _point_on_canvas(box, fview, *_drawn(fdrawn, dubna_name)[:2])
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.wait_for_timeout(300)
    png = canvas.screenshot()
    size_focused = _disk_pixels(png, fx - box["x"], fy - box["y"], radius + 4, fill)
    # About π·7² ≈ 150 px at both zooms; in map units it would be 2^(2·Δzoom) times more.
    assert size_opening > 40 and 0.6 < size_focused / size_opening < 1.6, (size_opening, size_focused)
    ring_px = _disk_pixels(png, fx - box["x"] + radius + 5, fy - box["y"], 2.5, tuple(maps.SELECTED_COLOR[:3]))
    assert ring_px >= 1, "no ring around the open event's point"
    # Zoomed in, Moscow and Dubna are two points, each with its own tooltip.
    if "Moscow" in set(fdrawn["place_name"]):
        mx, my = _point_on_canvas(box, fview, *_drawn(fdrawn, "Moscow")[:2])
        assert math.hypot(mx - fx, my - fy) > radius * 2
        assert _tooltip_at(page, mx, my) == "Moscow"
        assert _tooltip_at(page, fx, fy) == dubna_name
    _shot(page, "04_zoomed_to_dubna")


def test_event_link_highlights_it_on_the_map_timeline_and_table(page: Any, jinr_data: Path, jinr_server: str) -> None:
    event_id = _jinr_event(jinr_data)
    fview, fdrawn, _ = _app_map(jinr_data, event_id)
    canvas = _open(page, f"{jinr_server}/?event={event_id}")
    page.get_by_text(JINR_TITLE).first.wait_for()
    _reader_frame(page)
    box = canvas.bounding_box()
    # The view opens on the event: its point is at the canvas centre, ringed.
    name = _dubna_point(jinr_data)[0]
    fx, fy = _point_on_canvas(box, fview, *_drawn(fdrawn, name)[:2])
    assert abs(fx - (box["x"] + box["width"] / 2)) < 2 and abs(fy - (box["y"] + box["height"] / 2)) < 2
    assert _tooltip_at(page, fx, fy) == name
    # The timeline marks its date; the table selects its row.
    _time_chart(page).scroll_into_view_if_needed()
    page.get_by_text("The highlighted row is the event open beside the map.").wait_for()
    _shot(page, "05_event_link")


def test_kazakh_interface_then_russian_keeps_the_filter_and_the_open_event(page: Any, jinr_data: Path,
                                                                           jinr_server: str) -> None:
    from kzatlas.viz.i18n import translator

    event_id = _jinr_event(jinr_data)
    event = engine.Atlas.open(jinr_data).event(event_id)
    country = str(event["partner_countries"][0])

    def date_in(lang: str) -> str:
        return translator(lang).date(str(event["date_start"] or ""), str(event.get("date_end") or ""),
                                     str(event["date_precision"] or "day"), str(event["date_partial"] or ""))

    page.goto(f"{jinr_server}/?lang=kk&country={country}&event={event_id}", wait_until="domcontentloaded")
    page.get_by_text("Қазақстанның ғылыми ынтымақтастық атласы").first.wait_for(timeout=UI_TIMEOUT_MS)
    _wait_idle(page)
    _reader_frame(page)
    for label in ("Сүзгілер", "Сүзгілерді тазарту", "Қашан", "Әріптестер"):
        page.get_by_text(label, exact=True).first.wait_for(timeout=UI_TIMEOUT_MS)
    kk_date = date_in("kk")
    assert "ж." in kk_date  # CLDR's Kazakh pattern: "2019 ж. 25 қазан"
    page.get_by_text(kk_date).first.wait_for(timeout=UI_TIMEOUT_MS)
    n_events = _metric(page, "Оқиғалар")
    assert "Clear filters" not in page.locator("section").first.inner_text()
    _shot(page, "11_kazakh")

    page.locator('[data-testid="stSelectbox"]').filter(has_text="Интерфейс тілі").first.click()
    page.get_by_role("option", name="Русский").click()
    page.get_by_text("Атлас научного сотрудничества Казахстана").first.wait_for(timeout=UI_TIMEOUT_MS)
    _wait_url(page, "u.searchParams.get('lang') === 'ru'")
    _wait_idle(page)
    query = _url_query(page)
    assert (query.get("country"), query.get("event")) == (country, event_id)
    assert _metric(page, "События") == n_events  # the filter survived the switch
    _reader_frame(page)  # and the open event
    # Chosen options are shown in the new language too (the browser keeps them by label).
    page.locator('[data-testid="stSidebar"]').get_by_text(f"{translator('ru').country(country)} ({country})").first \
        .wait_for(timeout=UI_TIMEOUT_MS)
    assert page.get_by_role("radio", name="страна партнёра").is_checked()
    page.get_by_text(date_in("ru")).first.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Сбросить фильтры", exact=True).first.wait_for(timeout=UI_TIMEOUT_MS)
    _shot(page, "12_russian")


def test_colours_keep_their_meaning_and_the_brush_round_trips_through_the_url(page: Any, jinr_server: str) -> None:
    from kzatlas.viz.i18n import translator

    _open(page, jinr_server)
    before = _legend_colours(page)
    assert "Russia" in before
    kind = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Kind").first
    kind.click()
    page.locator('[role="option"]').filter(has_text="meeting").first.click()
    page.keyboard.press("Escape")
    _wait_idle(page)
    _wait_url(page, "u.searchParams.get('kind') === 'meeting'")
    after_filter = _legend_colours(page)
    assert after_filter and all(before[k] == c for k, c in after_filter.items() if k in before), (before, after_filter)
    n_events = int(_metric(page, "Events").replace(",", ""))
    page.wait_for_function(f"() => {{ const t = document.querySelector({TABLE_GRID!r});"
                           f" return t && Number(t.getAttribute('aria-rowcount')) - 1 === {n_events}; }}")
    _shot(page, "06_filtered_colours")

    # Brush the middle of the histogram: the range lands in the URL, whole years, and the counts follow.
    events_before = _metric(page, "Events")
    chart = _time_chart(page)
    chart.scroll_into_view_if_needed()
    cbox = chart.bounding_box()
    y = cbox["y"] + cbox["height"] * 0.45
    # From about 2017 to 2025, inside the data's span, so that both ends are set.
    page.mouse.move(cbox["x"] + cbox["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(cbox["x"] + cbox["width"] * 0.65, y, steps=8)
    page.mouse.move(cbox["x"] + cbox["width"] * 0.8, y, steps=8)
    page.mouse.up()
    _wait_idle(page)
    _wait_url(page, "u.searchParams.get('from') && u.searchParams.get('to')")
    q = _url_query(page)
    assert q["from"].endswith("-01-01") and q["to"].endswith("-12-31") and q["kind"] == "meeting"
    dates = page.locator('[data-testid="stDateInput"] input').first.input_value()
    assert q["from"].replace("-", "/") in dates.replace(" ", "").replace("-", "/") or q["from"] in dates
    after_brush = _legend_colours(page)
    assert all(before[k] == c for k, c in after_brush.items() if k in before), (before, after_brush)
    events_brushed = _metric(page, "Events")
    _shot(page, "07_brushed")

    # The link brings the same range, brush and counts back.
    page.goto(page.url, wait_until="domcontentloaded")
    page.get_by_text("Kazakhstan Science Cooperation Atlas").first.wait_for()
    _wait_idle(page)
    assert _url_query(page) == q
    assert _metric(page, "Events") == events_brushed
    shown = [translator("en").date(q[k]) for k in ("from", "to")]  # the page shows dates by Babel
    assert page.get_by_text(f"Date range {shown[0]} – {shown[1]}").count() == 1
    _shot(page, "08_brush_from_url")
    assert events_before  # (recorded for the screenshot trail)


def test_playback_moves_the_window_and_the_counts_follow(page: Any, jinr_data: Path, jinr_server: str) -> None:
    import datetime as dt

    from kzatlas.viz import filters as flt

    _open(page, jinr_server)
    page.get_by_role("button", name="Play").first.click()
    windows: list[tuple[str, str]] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(windows) < 4:
        page.wait_for_timeout(300)
        q = _url_query(page)
        if "to" in q and (not windows or q["to"] != windows[-1][1]):
            windows.append((q.get("from", ""), q["to"]))
            _shot(page, f"09_playback_{len(windows)}")
    page.get_by_role("button", name="Pause").first.click()
    _wait_idle(page)
    assert len(windows) >= 3, windows
    ends = [w[1] for w in windows]
    assert ends == sorted(ends) and len(set(ends)) == len(ends)  # the window moves forward
    assert len({w[0] for w in windows}) == 1  # cumulative: the start stays
    # Paused: the counts are those of the window in the URL.
    page.wait_for_timeout(1000)
    q = _url_query(page)
    wanted = engine.Atlas.open(jinr_data).select(flt.Filters(date_from=dt.date.fromisoformat(q["from"]),
                                                             date_to=dt.date.fromisoformat(q["to"])))
    assert int(_metric(page, "Events").replace(",", "")) == len(wanted)
    _shot(page, "09_playback_paused")


def _click_grid_row(page: Any, grid: Any, row: int) -> None:
    """Select a row of a Streamlit data grid by its selection cell (header and rows are 35 px)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 * row + 17)


def test_rows_open_places_and_articles(page: Any, jinr_data: Path, jinr_server: str) -> None:
    """Without a pointer on the map: a row of the places list opens the place (its events
    listed, or its one article), a row of that list or of the events table opens an article."""
    _open(page, jinr_server)
    overview = page.locator('[class*="st-key-overview_"] [data-testid="stDataFrame"]').first
    _click_grid_row(page, overview, 0)  # the busiest place: several events
    _wait_idle(page)
    page.get_by_text("Click a row to read its article.").wait_for()
    _shot(page, "13_place_from_list")
    listed = page.locator('[class*="st-key-list_"] [data-testid="stDataFrame"]').first
    _click_grid_row(page, listed, 0)
    _wait_idle(page)
    _wait_url(page, "u.searchParams.get('event')")
    _reader_frame(page)
    page.get_by_role("button", name="All").first.wait_for()  # the way back to the place's list
    first = _url_query(page)["event"]
    # A row of the events table opens its event in the same reader.
    table = page.locator(TABLE_GRID).first
    grid = page.locator('[class*="st-key-table_"] [data-testid="stDataFrame"]').first
    table.wait_for(state="attached")
    _click_grid_row(page, grid, 1)
    _wait_idle(page)
    _wait_url(page, f"u.searchParams.get('event') && u.searchParams.get('event') !== {first!r}")
    # The table is below the map: the article opens in a dialog, where the user is looking.
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    dbox = dialog.bounding_box()
    assert 0 <= dbox["y"] < 500, dbox
    _reader_frame(page)
    _shot(page, "14_article_from_table")
    dialog.get_by_role("button", name="Close").first.click()
    _wait_idle(page)
    _wait_url(page, "!u.searchParams.get('event')")


def test_phone_shows_the_map_on_the_first_screen(browser: Any, jinr_data: Path, jinr_server: str) -> None:
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_UA, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        canvas = _open(page, jinr_server)
        box = canvas.bounding_box()
        _shot(page, "10_phone")
        assert box["y"] < PHONE["height"] * 0.4 and box["y"] + box["height"] * 0.75 < PHONE["height"], box
        assert 300 <= box["width"] <= PHONE["width"]
        view, drawn, _ = _app_map(jinr_data, map_px=maps.PHONE_MAP_PX)
        for lon, lat, r in zip(drawn["lon"], drawn["lat"], drawn["radius"]):
            x, _ = _point_on_canvas(box, view, lon, lat)
            assert box["x"] <= x <= box["x"] + box["width"], "a point is outside the phone's map"
        # A tap on Dubna opens the article in a dialog over the map, where the user is looking.
        name = _dubna_point(jinr_data)[0]
        x, y = _point_on_canvas(box, view, *_drawn(drawn, name)[:2])
        _click_point(page, x, y, "!!document.querySelector('[role=dialog]') || document.body.innerText.includes('Click a row')")
        _wait_idle(page)
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        if page.get_by_text("Click a row to read its article.").count():  # Dubna holds several events
            # The list opens over the map too; one tap on JINR's row opens its article.
            assert dialog.bounding_box()["y"] < PHONE["height"] / 2
            _shot(page, "10_phone_list")
            here = engine.Atlas.open(jinr_data).all().at_points(drawn[drawn["place_name"] == name]["point_id"])
            row = next(i for i, p in enumerate(here["partners"]) if "Joint Institute for Nuclear Research" in p)
            _click_grid_row(page, dialog.locator('[data-testid="stDataFrame"]').first, row)
            _wait_idle(page)
            dialog = page.get_by_role("dialog").filter(has_text=JINR_TITLE)
            dialog.wait_for()
        dbox = dialog.bounding_box()
        assert dbox["y"] < PHONE["height"] / 2, dbox
        _reader_frame(page)
        _shot(page, "10_phone_reader")
    finally:
        context.close()


def test_hostile_article_shows_literally_and_runs_nothing(browser: Any, page: Any, tmp_path: Path) -> None:
    event_id = _write_hostile_fixture(tmp_path)
    with streamlit_server(tmp_path) as url:
        page.goto(f"{url}/?event={event_id}", wait_until="domcontentloaded")
        page.get_by_text("Kazakhstan Science Cooperation Atlas").first.wait_for()
        _wait_idle(page)
        frame = _reader_frame(page)
        page.wait_for_timeout(1000)  # give any injected handler (img onerror) time to fire
        _shot(page, "11_hostile")
        body = page.locator("body").inner_text()
        assert f"Hostile {EVIL_SCRIPT} {EVIL_IMG} headline" in body  # the title heading, as text
        assert EVIL_SCRIPT in body  # the Kazakh side in the facts table
        reader_text = frame.locator("body").inner_text()
        assert EVIL_SCRIPT in reader_text and EVIL_IMG in reader_text
        assert EVIL_SCRIPT in frame.locator("mark#evidence").inner_text()
        # The map tooltip of the hostile place: its name as text, no element made from it.
        box = _deck_canvas(page).bounding_box()
        view, drawn, _ = _app_map(tmp_path, event_id)
        x, y = _point_on_canvas(box, view, float(drawn["lon"].iloc[0]), float(drawn["lat"].iloc[0]))
        page.mouse.move(x, y)
        tip = page.locator(".deck-tooltip")
        tip.wait_for(state="visible", timeout=10_000)
        assert EVIL_SCRIPT in tip.inner_text()
        assert tip.locator("img, script").count() == 0
        _shot(page, "12_hostile_tooltip")
        # No element was made from the data: no <img src=x>, no javascript: link.
        for f in page.frames:
            with contextlib.suppress(Exception):
                assert f.locator('img[src="x"]').count() == 0
                assert f.locator('a[href^="javascript:"]').count() == 0
        assert _pwned_everywhere(page) == []
        assert len(page.frames) >= 2  # the reader frame was among those asked


def test_exported_story_opens_from_disk_offline_and_shows_every_step(browser: Any, tmp_path: Path) -> None:
    """The story export in Chromium from a file:// URL with every other request
    aborted: each step is shown (card, quote, map with outlines), in Kazakh."""
    from benchmarks.synthetic import story_rows
    from kzatlas.paths import WORLD_GEOJSON
    from kzatlas.viz import engine, load, story, story_export
    from kzatlas.viz.i18n import translator

    atlas = engine.Atlas.from_rows(*story_rows())
    events, _, _ = story_export.story_frames(atlas, atlas.all())
    steps = story.story_events(events)
    T = translator("kk")
    path = tmp_path / "story.html"
    path.write_text(story_export.story_html_of(atlas, atlas.all(), T, world=load.load_world(WORLD_GEOJSON)),
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
    attempted: list[str] = []

    def block(route: Any) -> None:
        if not route.request.url.startswith("file://"):
            attempted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", block)
    pg = context.new_page()
    try:
        pg.goto(path.as_uri(), wait_until="load")
        shown = pg.locator("li.step")
        assert shown.count() == len(steps)
        for i, event in enumerate(steps.to_dict("records")):
            item = shown.nth(i)
            item.scroll_into_view_if_needed()
            assert item.is_visible()
            assert item.get_attribute("data-event") == event["event_id"]
            text = item.inner_text()
            assert story.progress_text(i + 1, len(steps), T) in text
            assert event["evidence"] in text
            svg = item.locator("svg.map")
            if event["has_coords"]:
                box = svg.bounding_box()
                assert box and box["width"] > 200 and box["height"] > 100
                # The shared outlines were drawn inside this map (a <use> of the world path).
                assert item.locator("use").first.evaluate("u => u.getBBox().width") > 0
            else:
                assert svg.count() == 0
        # Step links move through the story: the last step's "previous" link leads to the one before.
        pg.locator(f"#step-{len(steps)} nav a").first.click()
        assert pg.evaluate("location.hash") == f"#step-{len(steps) - 1}"
        _shot(pg, "08_story_export_kk")
    finally:
        context.close()
    assert attempted == [], f"the exported page asked the network for {attempted}"


# ---------------------------------------------------------------- story mode

#: benchmarks.synthetic.story_rows in date order (tests/test_story.py checks it).
STORY_ORDER = ["st-mai", "st-belarus", "st-dubna", "st-xian", "st-baikonur", "st-forum", "st-liege"]


@pytest.fixture(scope="module")
def story_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synthetic import story_rows, write_tables

    out = tmp_path_factory.mktemp("story_data")
    write_tables(out, *story_rows())
    return out


@pytest.fixture(scope="module")
def story_server(story_data: Path) -> Iterator[str]:
    with streamlit_server(story_data) as url:
        yield url


def _story_button(page: Any, key: str) -> Any:
    """A story button of the current run (a rerun keeps the last run's, marked stale, until it ends)."""
    return page.locator(f'.st-key-{key}:not([data-stale="true"]) button').first


def _story_card(page: Any, step: int) -> Any:
    """The story's card once it shows ``step``."""
    card = page.locator(f'.kz-story-card[data-step="{step}"]')
    card.wait_for(state="visible")
    _wait_idle(page)
    return card


def _step_map(data_dir: Path, event_id: str, filters: Any = None) -> tuple[dict[str, float], tuple[float, float], str]:
    """(view, drawn (lon, lat) of the event's point, its place name) of the map as the
    page draws it at the event's story step (dashboard/app.py map_panel)."""
    from kzatlas.viz import filters as flt
    from kzatlas.viz import story

    atlas = engine.Atlas.open(data_dir)
    event = atlas.event(event_id)
    step = story.step_view(event)
    assert step is not None
    world = load.load_world(_beside(data_dir, WORLD_GEOJSON))
    sel = atlas.select(filters or flt.Filters())
    where = views.points(atlas, world)
    places = sel.places(maps.COLOR_BY[0], views.palette(atlas, maps.COLOR_BY[0]), where)
    shown = views.map_view(places, sel.arcs(where), world=world, selected=event["point"], view=step.view_state(),
                           focus_arc=(step.origin, step.target) if step.origin else None)
    row = shown.drawn[shown.drawn["point_id"] == event["point"]].iloc[0]
    return shown.view, (float(row["lon"]), float(row["lat"])), str(row["place_name"])


def _at_event_place(page: Any, data_dir: Path, event_id: str) -> None:
    """The map shows the event's place where the step's view puts it: its tooltip there."""
    view, (lon, lat), name = _step_map(data_dir, event_id)
    canvas = _deck_canvas(page)
    page.wait_for_timeout(1500)  # deck.gl draws after its first animation frames
    x, y = _point_on_canvas(canvas.bounding_box(), view, lon, lat)
    deadline = time.monotonic() + 20
    while (tip := _tooltip_at(page, x, y)) != name and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert tip == name, (tip, name, view)


def test_story_link_opens_its_step_and_moves_in_date_order(page: Any, story_data: Path, story_server: str) -> None:
    atlas = engine.Atlas.open(story_data)
    _open(page, f"{story_server}/?story=1&step=3")
    card = _story_card(page, 3)
    assert card.get_attribute("data-event") == "st-dubna"
    assert "3 of 7" in card.inner_text() and "Dubna" in card.inner_text()
    _at_event_place(page, story_data, "st-dubna")
    # The step's article is open in the reader with its evidence highlighted.
    dubna = atlas.event("st-dubna")
    marked = " ".join(_reader_frame(page).locator("mark#evidence").inner_text().split())
    assert marked == " ".join(str(atlas.sources(dubna)["evidence"].iloc[0]).split())
    _shot(page, "09_story_link_step3")

    # Next and Previous walk the steps in date order; the URL follows.
    seen = ["st-dubna"]
    _story_button(page, "story_next").click()
    card = _story_card(page, 4)
    seen.append(card.get_attribute("data-event"))
    _wait_url(page, "u.searchParams.get('step') === '4' && u.searchParams.get('event') === 'st-xian'")
    _at_event_place(page, story_data, "st-xian")  # the map flew on to Xi'an
    _shot(page, "10_story_next")
    _story_button(page, "story_prev").click()
    _story_card(page, 3)
    _story_button(page, "story_prev").click()
    seen.insert(0, _story_card(page, 2).get_attribute("data-event"))
    assert seen == STORY_ORDER[1:4]
    starts = [atlas.event(e)["date_start"] for e in seen]
    assert starts == sorted(starts)

    # The keyboard: → is Next (focus on the page, not in a field).
    page.get_by_text("Kazakhstan Science Cooperation Atlas").first.click()
    page.keyboard.press("ArrowRight")
    assert _story_card(page, 3).get_attribute("data-event") == "st-dubna"
    page.keyboard.press("ArrowLeft")
    assert _story_card(page, 2).get_attribute("data-event") == "st-belarus"


def test_story_respects_the_filters(page: Any, story_data: Path, story_server: str) -> None:
    _open(page, f"{story_server}/?country=RU&story=1")
    shown = []
    for step in (1, 2, 3):
        card = _story_card(page, step)
        text = card.inner_text()
        assert f"{step} of 3" in text and "Russia" in text, text
        shown.append(card.get_attribute("data-event"))
        if step < 3:
            _story_button(page, "story_next").click()
    assert shown == ["st-mai", "st-dubna", "st-baikonur"]
    assert _story_button(page, "story_next").is_disabled()
    assert _url_query(page)["country"] == "RU"
    _shot(page, "11_story_filtered")
