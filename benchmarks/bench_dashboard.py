"""Dashboard benchmark: writes a synthetic data set (100,000 events at 2,000 places
by default, see benchmarks.synthetic; text files plus the build's typed Parquet
copies) into a temporary folder and runs dashboard/app.py on it with Streamlit's
AppTest (the script's server side) once per engine, each in a fresh child process
so that its peak memory and its cold start are its own:

- ``polars``: the app as shipped (kzatlas.viz.engine);
- ``duckdb`` and ``pandas``: the same app with ``engine.Atlas`` swapped for a peer
  from benchmarks/peers.py — SQL over the Parquet files in place, and the
  dashboard's previous way (typed pandas frames of Python objects).

Per engine: the first render in a fresh process (the script's imports of
Streamlit's, pandas', Altair's, pydeck's and Polars' code, then reading and
validating the data and drawing the page), the first render of the data in a
process that has already served another data set (what the first visitor after a
rebuild waits for: the target applies here), a second session on the warm cache,
reruns after a filter change (kind, country, text search: a new value each time,
so no cached view is reused; median of 3), story mode opened over every event and
its Next (median of 3; the app's own engine only), the map payload Streamlit sends for a
small and the large data set over the same 2,000 places (bytes per place drawn must
not grow with the number of events), and the process's peak memory (ru_maxrss). The three engines
must agree on every count shown. Only the standard library measures
(time.perf_counter, time.process_time, resource.getrusage). Browser-side drawing is
not included; tests/test_browser.py covers the real browser. On a busy machine
wall time includes waiting for a core: CPU seconds are printed beside it.

``--langs en,kk`` runs each engine once per interface language (``?lang=``): the
Kazakh and Russian pages name every kind, country, place and institution through
the catalogs and CLDR, and print their ratios against English measured in the same run.

Run: ``python benchmarks/bench_dashboard.py [--events N] [--small N] [--places N] [--langs en,kk]``.
Results are also written to benchmarks/_out/bench_dashboard.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"
OUT = REPO / "benchmarks" / "_out"
ENGINES = ("polars", "duckdb", "pandas")  # the first is the app as shipped

TARGET_FIRST_S = 1.0
TARGET_RERUN_S = 0.2
TARGET_PEAK_MB = 350.0
#: "Independent of the number of events": 10× the events may not grow the payload by more than this.
TARGET_PAYLOAD_GROWTH = 1.1

#: Filter changes timed after the first render: (widget key, kind of widget, three new values).
RERUNS = (
    ("f_kinds", "multiselect", (["meeting"], ["visit"], ["agreement"])),
    ("f_countries", "multiselect", (["RU"], ["CN"], ["DE"])),
    ("f_text", "text_input", ("nuclear", "space", "energy")),
)


def _generate(out: Path, n_events: int, n_places: int, n_articles: int) -> float:
    """Write the data set in a child process, so that no engine's process pays for it."""
    code = (
        "import sys; from pathlib import Path; from benchmarks.synthetic import write_synthetic_dataset; "
        "write_synthetic_dataset(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), seed=0)"
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(out), str(n_events), str(n_places), str(n_articles)],
                   check=True, cwd=REPO)
    return time.perf_counter() - t


def _peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


# ---------------------------------------------------------------- one engine (child process)


def _check(at: Any, what: str) -> None:
    if at.exception:
        raise SystemExit(f"{what}: the app raised: {at.exception[0].value}")


def _metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _deck(at: Any) -> tuple[int, int]:
    """(bytes of the map spec Streamlit sends, number of places drawn)."""
    charts = at.get("deck_gl_json_chart")
    if not charts:
        raise SystemExit("no pydeck chart in the app's output")
    spec = charts[0].proto.json
    places = next((len(layer.get("data") or []) for layer in json.loads(spec)["layers"] if layer.get("id") == "places"), 0)
    return len(spec.encode("utf-8")), places


#: The interface language of a child's sessions (``?lang=``; "" for the default).
UI_LANG = {"lang": ""}


def _session(data_dir: Path) -> Any:
    from streamlit.testing.v1 import AppTest

    os.environ["KZATLAS_DATA"] = str(data_dir)
    at = AppTest.from_file(str(APP), default_timeout=600)
    if UI_LANG["lang"]:
        at.query_params["lang"] = UI_LANG["lang"]
    return at


def _widget(at: Any, key: str, kind: str) -> Any:
    return getattr(at, kind)(key=key)


def run_engine(engine: str, big: Path, small: Path) -> dict[str, Any]:
    """Everything measured for one engine, in this (fresh) process."""
    if engine != "polars":
        from benchmarks import peers
        from kzatlas.viz import engine as engine_module

        engine_module.Atlas = peers.PEERS[engine]  # type: ignore[misc,assignment]
    r: dict[str, Any] = {"engine": engine, "rss_before_mb": _peak_mb()}
    at = _session(big)
    r["first_render_cold_s"], r["first_render_cold_cpu_s"] = _timed(at.run)
    _check(at, "first render")
    r["metrics"] = {"all": _metrics(at)}
    at2 = _session(big)
    r["first_render_warm_s"], r["first_render_warm_cpu_s"] = _timed(at2.run)
    _check(at2, "second session")
    r["payload_big_bytes"], r["places_big"] = _deck(at2)
    for key, kind, values in RERUNS:
        if key == "f_text":
            # The first search loads the gazetteer and the place index (any-name search).
            r["peak_before_search_mb"] = _peak_mb()
        times = []
        for value in values:
            _widget(at2, key, kind).set_value(value)
            times.append(_timed(at2.run))
            _check(at2, f"rerun {key}={value}")
            r["metrics"][f"{key}={value}"] = _metrics(at2)
            _widget(at2, key, kind).set_value([] if kind == "multiselect" else "")
            at2.run()
        wall = sorted(t[0] for t in times)[1]
        cpu = sorted(t[1] for t in times)[1]
        r[f"rerun_{key}_s"], r[f"rerun_{key}_cpu_s"] = wall, cpu
    r["rerun_untouched_s"], r["rerun_untouched_cpu_s"] = _timed(at2.run)
    if engine == "polars":  # the peers' selections have no story order (Selection.columns_of)
        # Story mode over every event: opening it orders all of them (story.StorySteps);
        # a step then reads one event's row and draws the map at its place.
        at2.button(key="story_open").click()
        r["story_open_s"], r["story_open_cpu_s"] = _timed(at2.run)
        _check(at2, "story opened")
        times = []
        for _ in range(3):
            at2.button(key="story_next").click()
            times.append(_timed(at2.run))
            _check(at2, "story step")
        r["story_step_s"] = sorted(t[0] for t in times)[1]
        r["story_step_cpu_s"] = sorted(t[1] for t in times)[1]
        at2.button(key="story_close").click()
        at2.run()
    r["peak_mb"] = _peak_mb()
    at3 = _session(small)
    at3.run()
    _check(at3, "small data set")
    r["payload_small_bytes"], r["places_small"] = _deck(at3)
    if engine == "polars":
        r["breakdown_cpu_s"] = _breakdown(big)
    return r


def run_new_data(engine: str, big: Path, small: Path) -> dict[str, Any]:
    """The first render of a data folder in a server process that has already served
    another (its libraries imported): what the first visitor after a rebuild waits."""
    if engine != "polars":
        from benchmarks import peers
        from kzatlas.viz import engine as engine_module

        engine_module.Atlas = peers.PEERS[engine]  # type: ignore[misc,assignment]
    warmup = _session(small)
    warmup.run()
    _check(warmup, "warm-up on the small data set")
    at = _session(big)
    wall, cpu = _timed(at.run)
    _check(at, "first render of new data")
    return {"first_render_new_data_s": wall, "first_render_new_data_cpu_s": cpu}


def _breakdown(data_dir: Path) -> dict[str, float]:
    """CPU seconds of each step of a first render on the unfiltered events (the app
    caches them; measured here on a new load): where the time goes. A filter rerun
    repeats the steps from select to the table, not the open, the options, the palette
    and the point positions."""
    from kzatlas.viz import charts, engine, export, maps, views
    from kzatlas.viz.filters import Filters
    from kzatlas.viz.i18n import translator

    T = translator(UI_LANG["lang"] or "en")

    steps: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        c = time.process_time()
        result = fn()
        steps[name] = time.process_time() - c
        return result

    atlas = step("open: read + validate Parquet", lambda: engine.Atlas.open(data_dir))
    step("filter options", lambda: atlas.options)
    step("select (kind = meeting)", lambda: atlas.select(Filters(kinds=("meeting",))))
    step("select (text 'nuclear')", lambda: atlas.select(Filters(text="nuclear")))
    sel = atlas.all()
    step("counts", sel.counts)
    colors = step("palette (colour ranks)", lambda: views.palette(atlas, "partner country"))
    points = step("point positions", lambda: views.points(atlas, None))
    stats = step("per-point statistics", lambda: sel.point_stats("partner country"))
    places = step("map rows (colours, tooltips)", lambda: maps.aggregate_places(stats, "partner country", colors,
                                                                                points, T))
    arcs = step("arcs", lambda: sel.arcs(points))
    shown = step("view, dodge, labels, deck", lambda: views.map_view(places, arcs))
    step("deck compact JSON", shown.deck.to_json)
    bars = step("histogram bars", lambda: sel.histogram("year", "partner country", colors, T))
    step("histogram chart spec (kept while filters change)",
         lambda: charts.time_chart_spec(charts.present_keys(bars, colors), colors, "partner country",
                                        (atlas.options.min_date, atlas.options.max_date), T=T))
    rows = step("table: newest 1,000 rows", lambda: sel.rows(limit=1000))
    step("table: labels and snippets", lambda: export.events_table(rows, T))
    return steps


# ---------------------------------------------------------------- parent: run and report


def _child(engine: str, big: Path, small: Path, mode: str = "--child", lang: str = "") -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_dashboard", mode, engine, str(big), str(small), "--langs", lang],
        capture_output=True, text=True, cwd=REPO,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{engine}: the benchmark child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _row(name: str, results: list[dict[str, Any]], key: str, fmt: str, target: str = "", ok: bool | None = None,
         cpu_key: str | None = None) -> str:
    cells = []
    for r in results:
        v = f"{r[key]:{fmt}}"
        if cpu_key:
            v += f" ({r[cpu_key]:.2f})"
        cells.append(f"{v:>17}")
    flag = "" if ok is None else ("yes" if ok else "NO")
    return f"{name:<40}{''.join(cells)}  {target:<8} {flag}"


def _counts(metrics: dict[str, dict[str, str]]) -> dict[str, list[int]]:
    """The numbers shown per view, without their labels and digit grouping (both
    follow the interface language)."""
    return {view: [int("".join(ch for ch in v if ch.isdigit()) or 0) for v in shown.values()]
            for view, shown in metrics.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="events of the payload comparison's small set")
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, the app's own first")
    parser.add_argument("--langs", default="", help="interface languages, comma-separated (e.g. en,kk,ru): each "
                        "engine runs once per language, the first is the one the others are compared with")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "BIG", "SMALL"), help=argparse.SUPPRESS)
    parser.add_argument("--child-new-data", nargs=3, metavar=("ENGINE", "BIG", "SMALL"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child or args.child_new_data:
        UI_LANG["lang"] = args.langs
    if args.child:
        engine, big, small = args.child
        print(json.dumps(run_engine(engine, Path(big), Path(small))))
        return 0
    if args.child_new_data:
        engine, big, small = args.child_new_data
        print(json.dumps(run_new_data(engine, Path(big), Path(small))))
        return 0

    engines = [e for e in args.engines.split(",") if e]
    with tempfile.TemporaryDirectory(prefix="kzatlas-bench-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        gen_big = _generate(big, args.events, args.places, args.articles)
        gen_small = _generate(small, args.small, args.places, max(1, args.articles // 10))
        print(f"data: {args.events:,} events at {args.places:,} places in {gen_big:.1f} s, "
              f"{args.small:,} in {gen_small:.1f} s (child processes)")
        results = []
        langs = [lang for lang in args.langs.split(",") if lang] or [""]
        for engine in engines:
            for lang in langs:
                print(f"  running the app on {engine}{' in ' + lang if lang else ''} …", flush=True)
                r = _child(engine, big, small, lang=lang) | _child(engine, big, small, "--child-new-data", lang)
                if lang:
                    r["engine"] = f"{engine}/{lang}"
                results.append(r)

    for r in results:
        r["rerun_worst_s"] = max(r[f"rerun_{k}_s"] for k, _, _ in RERUNS)
        r["rerun_worst_cpu_s"] = max(r[f"rerun_{k}_cpu_s"] for k, _, _ in RERUNS)
        r["bytes_per_place_big"] = r["payload_big_bytes"] / max(r["places_big"], 1)
        r["bytes_per_place_small"] = r["payload_small_bytes"] / max(r["places_small"], 1)
        r["payload_growth"] = r["bytes_per_place_big"] / max(r["bytes_per_place_small"], 1e-9)
    agree = all(_counts(r["metrics"]) == _counts(results[0]["metrics"]) for r in results)
    app = results[0]
    print()
    print(f"{'seconds: wall (CPU)':<40}" + "".join(f"{r['engine']:>17}" for r in results) + "  target   ok")
    print("-" * (40 + 17 * len(results) + 14))
    print(_row("first render, fresh process", results, "first_render_cold_s", ".3f", "", None,
               "first_render_cold_cpu_s"))
    print(_row("first render, new data (cold caches)", results, "first_render_new_data_s", ".3f",
               f"≤ {TARGET_FIRST_S}", app["first_render_new_data_s"] <= TARGET_FIRST_S, "first_render_new_data_cpu_s"))
    print(_row("first render, second session", results, "first_render_warm_s", ".3f", "", None,
               "first_render_warm_cpu_s"))
    for key, _, values in RERUNS:
        print(_row(f"rerun, {key} changed (median of 3)", results, f"rerun_{key}_s", ".3f", f"≤ {TARGET_RERUN_S}",
                   app[f"rerun_{key}_s"] <= TARGET_RERUN_S, f"rerun_{key}_cpu_s"))
    print(_row("rerun, nothing changed", results, "rerun_untouched_s", ".3f", "", None, "rerun_untouched_cpu_s"))
    if "story_step_s" in app:
        print(_row("story opened over every event", results[:1], "story_open_s", ".3f", "", None, "story_open_cpu_s"))
        print(_row("story, Next (median of 3)", results[:1], "story_step_s", ".3f", f"≤ {TARGET_RERUN_S}",
                   app["story_step_s"] <= TARGET_RERUN_S, "story_step_cpu_s"))
    print(_row("peak memory, MB (ru_maxrss)", results, "peak_mb", ".0f", f"≤ {TARGET_PEAK_MB:.0f}",
               app["peak_mb"] <= TARGET_PEAK_MB))
    print(_row("  the same before the first text search", results, "peak_before_search_mb", ".0f"))
    print(_row(f"map bytes sent, {args.events:,} events", results, "payload_big_bytes", ",d"))
    print(_row("  places drawn", results, "places_big", ",d"))
    print(_row(f"map bytes sent, {args.small:,} events", results, "payload_small_bytes", ",d"))
    print(_row("  places drawn", results, "places_small", ",d"))
    print(_row("map bytes per place, large ÷ small", results, "payload_growth", ".3f", f"≤ {TARGET_PAYLOAD_GROWTH}",
               app["payload_growth"] <= TARGET_PAYLOAD_GROWTH))
    print()
    for r in results[1:]:
        print(f"{r['engine']} ÷ {app['engine']}: first render of new data ×"
              f"{r['first_render_new_data_s'] / app['first_render_new_data_s']:.2f} "
              f"(CPU ×{r['first_render_new_data_cpu_s'] / app['first_render_new_data_cpu_s']:.2f}), worst filter rerun ×"
              f"{r['rerun_worst_s'] / app['rerun_worst_s']:.2f} "
              f"(CPU ×{r['rerun_worst_cpu_s'] / max(app['rerun_worst_cpu_s'], 1e-9):.2f}), "
              f"peak memory ×{r['peak_mb'] / app['peak_mb']:.2f}")
    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores"
          + (" (a busy machine: compare CPU seconds)" if load > (os.cpu_count() or 1) else ""))
    print(f"all engines show the same counts for every view: {'yes' if agree else 'NO'}")
    print("(every child imports polars: the app imports the engine module even when a peer replaces its Atlas)")
    if "breakdown_cpu_s" in app:
        print(f"\nwhere a first render goes ({args.events:,} events, no filter; CPU seconds, {app['engine']}):")
        for step, sec in app["breakdown_cpu_s"].items():
            print(f"  {step:<44} {sec:8.3f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_dashboard.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
