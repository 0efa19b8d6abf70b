"""Dashboard load benchmark: writes a synthetic data set (100,000 events at 2,000
places by default, see benchmarks.synthetic) into a temporary folder, runs
dashboard/app.py on it with Streamlit's AppTest (the script's server side, in
this process) and reports first render (cold cache and a second session on a
warm cache), reruns after filter changes, the map payload for a small and a large
data set with the same places (it must not grow with the number of events), and
the process's peak memory, each against its target. Two peers are measured in the
same run for scale: the same filter done naively (a pandas apply over rows) and a
map that sends one point per event instead of one per place. Only the standard
library measures (time.perf_counter, resource.getrusage). Browser-side drawing is
not included; tests/test_browser.py covers the real browser.

Run: ``python benchmarks/bench_dashboard.py [--events N] [--small N] [--places N]``.
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

TARGET_FIRST_S = 2.0
TARGET_RERUN_S = 0.3
TARGET_PEAK_MB = 500.0
#: "Independent of the number of events": 10× the events may not grow the payload by more than this.
TARGET_PAYLOAD_GROWTH = 1.5


def _generate(out: Path, n_events: int, n_places: int, n_articles: int) -> float:
    """Write the data set in a child process, so this process's peak memory is the dashboard's alone."""
    code = (
        "import sys; from pathlib import Path; from benchmarks.synthetic import write_synthetic_dataset; "
        "write_synthetic_dataset(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), seed=0)"
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(out), str(n_events), str(n_places), str(n_articles)], check=True)
    return time.perf_counter() - t


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def _timed_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process) of one call: on a busy
    machine the wall time includes waiting for a core, the CPU time does not."""
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def _check(at: Any, what: str) -> None:
    if at.exception:
        raise SystemExit(f"{what}: the app raised: {at.exception[0].value}")


def _deck_payload(at: Any) -> dict[str, int]:
    """What the map sends to the browser: total bytes as sent (pydeck writes indented
    JSON), and per layer its rows and compact bytes."""
    charts = at.get("deck_gl_json_chart")
    if not charts:
        raise SystemExit("no pydeck chart in the app's output")
    spec_text = charts[0].proto.json
    out = {"sent_bytes": len(spec_text.encode("utf-8"))}
    for layer in json.loads(spec_text).get("layers", []):
        data = layer.get("data")
        name = str(layer.get("id"))
        out[f"{name}_rows"] = len(data.get("features", [])) if isinstance(data, dict) else len(data or [])
        out[f"{name}_bytes"] = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
    # Everything that depends on the selection: all layers but the fixed country outlines.
    out["data_bytes"] = sum(v for k, v in out.items() if k.endswith("_bytes") and k not in ("sent_bytes", "outlines_bytes"))
    return out


def _new_session(data_dir: Path) -> Any:
    from streamlit.testing.v1 import AppTest

    os.environ["KZATLAS_DATA"] = str(data_dir)
    return AppTest.from_file(str(APP), default_timeout=300)


def _median_rerun(
    at: Any, change: Callable[[Any], Any], undo: Callable[[Any], Any], repeat: int = 3
) -> tuple[float, float]:
    """Median (wall, CPU) seconds of a rerun after ``change`` (undone between repeats
    so that each is a real change)."""
    times = []
    for _ in range(repeat):
        change(at)
        times.append(_timed_cpu(at.run))
        _check(at, "rerun")
        undo(at)
        at.run()
    return sorted(times)[len(times) // 2]


def _breakdown(data_dir: Path) -> dict[str, float]:
    """Seconds of each step the app runs on every rerun, on the unfiltered events:
    where a slow rerun spends its time."""
    from kzatlas.viz import charts, export, load, maps, reader
    from kzatlas.viz import filters as flt

    steps: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        # One failing step (the app's modules change under us) must not lose the rest.
        try:
            steps[name], result = _timed(fn)
            return result
        except Exception as exc:  # noqa: BLE001 - reported, not handled
            print(f"breakdown: {name} failed: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
            steps[name] = float("nan")
            return None

    data = step("load_data (cached in the app)", lambda: load.load_data(data_dir))
    ev = data.events
    step("filter_options (cached)", lambda: flt.filter_options(ev))
    view = step("apply_filters", lambda: flt.apply_filters(ev, flt.Filters()))
    step("counts", lambda: flt.counts(view))
    places = step("aggregate_places", lambda: maps.aggregate_places(view))
    deck = step("build_deck", lambda: maps.build_deck(view, None, places=places))
    step("deck.to_json", lambda: deck.to_json())

    def timeline() -> Any:
        dense = charts.timeline_is_dense(view)
        return (charts.density_chart(view) if dense else charts.timeline_chart(view)).to_json()

    step("timeline chart + to_json", timeline)
    step("table: date labels + snippets", lambda: (
        [reader.date_label(a, b, c) for a, b, c in zip(view["date_start"], view["date_precision"], view["date_partial"])],
        [reader.snippet(e, 160) for e in view["evidence"]]))
    step("export.events_csv (on click)", lambda: export.events_csv(view))
    step("export.events_geojson (on click)", lambda: export.events_geojson(view))
    return steps


def _peers(data_dir: Path) -> dict[str, float]:
    """The naive filter and the un-aggregated map, against the app's own functions."""
    import pydeck as pdk

    from kzatlas.viz import filters as flt
    from kzatlas.viz import load, maps

    events = load.load_data(data_dir).events
    f = flt.Filters(kinds=("meeting", "agreement"), countries=("RU", "CN", "DE"), include_planned=False)
    ours_t, ours = _timed(lambda: flt.apply_filters(events, f))
    kinds, countries = set(f.kinds), set(f.countries)

    def naive_row(r: Any) -> bool:
        return r["kind"] in kinds and bool(countries.intersection(r["partner_countries"])) and not r["planned"]

    naive_t, naive_mask = _timed(lambda: events.apply(naive_row, axis=1))
    assert int(naive_mask.sum()) == len(ours), "the naive filter disagrees with apply_filters"

    agg_t, agg_json = _timed(lambda: maps.build_deck(events, None).to_json())
    pts = events[events["has_coords"]][["event_id", "lon", "lat", "kind", "place_name"]]
    raw_layer = pdk.Layer("ScatterplotLayer", data=pts, id="points", get_position=["lon", "lat"], get_radius=4,
                          radius_units="pixels", pickable=True)
    raw_t, raw_json = _timed(lambda: pdk.Deck(layers=[raw_layer], map_provider=None).to_json())
    return {
        "filter_ours_s": ours_t,
        "filter_naive_s": naive_t,
        "filter_speedup": naive_t / max(ours_t, 1e-9),
        "map_aggregated_s": agg_t,
        "map_aggregated_bytes": len(agg_json.encode()),
        "map_per_event_s": raw_t,
        "map_per_event_bytes": len(raw_json.encode()),
        "map_bytes_ratio": len(raw_json.encode()) / max(len(agg_json.encode()), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="events of the payload comparison's small set")
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--no-peers", action="store_true", help="skip the naive-filter and per-event-map peers")
    args = parser.parse_args(argv)
    if not APP.is_file():
        print(f"{APP} does not exist yet", file=sys.stderr)
        return 2

    results: dict[str, Any] = {"events": args.events, "small_events": args.small, "places": args.places}
    with tempfile.TemporaryDirectory(prefix="kzatlas-bench-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        results["generate_big_s"] = _generate(big, args.events, args.places, args.articles)
        results["generate_small_s"] = _generate(small, args.small, args.places, max(1, args.articles // 10))
        print(f"data: {args.events:,} events in {results['generate_big_s']:.1f} s, "
              f"{args.small:,} in {results['generate_small_s']:.1f} s (child process)")
        results["rss_before_mb"] = _peak_mb()

        # Session 1: cold cache — reading, validating and typing the tables is part of it.
        at = _new_session(big)
        results["first_render_cold_s"], results["first_render_cold_cpu_s"] = _timed_cpu(at.run)
        _check(at, "first render")
        # Session 2: what every later visitor gets, the tables already cached.
        at2 = _new_session(big)
        results["first_render_warm_s"], results["first_render_warm_cpu_s"] = _timed_cpu(at2.run)
        _check(at2, "second session")
        results["payload_big"] = _deck_payload(at2)

        results["rerun_kind_s"], results["rerun_kind_cpu_s"] = _median_rerun(
            at2, lambda a: a.multiselect(key="f_kinds").set_value(["meeting"]),
            lambda a: a.multiselect(key="f_kinds").set_value([]))
        results["rerun_country_s"], results["rerun_country_cpu_s"] = _median_rerun(
            at2, lambda a: a.multiselect(key="f_countries").set_value(["RU"]),
            lambda a: a.multiselect(key="f_countries").set_value([]))
        results["rerun_text_s"], results["rerun_text_cpu_s"] = _median_rerun(
            at2, lambda a: a.text_input(key="f_text").set_value("nuclear"),
            lambda a: a.text_input(key="f_text").set_value(""))
        results["rerun_untouched_s"], results["rerun_untouched_cpu_s"] = _timed_cpu(at2.run)
        results["peak_mb_big"] = _peak_mb()

        at3 = _new_session(small)
        at3.run()
        _check(at3, "small data set")
        results["payload_small"] = _deck_payload(at3)
        if not args.no_peers:
            results.update(_peers(big))
            results["breakdown_s"] = _breakdown(big)
        results["peak_mb"] = _peak_mb()

    pb, ps = results["payload_big"], results["payload_small"]
    growth = pb["sent_bytes"] / max(ps["sent_bytes"], 1)
    results["payload_growth"] = growth
    rerun_worst = max(results["rerun_kind_s"], results["rerun_country_s"], results["rerun_text_s"])
    rows = [
        ("first render, cold cache (s)", results["first_render_cold_s"], f"≤ {TARGET_FIRST_S}",
         results["first_render_cold_s"] <= TARGET_FIRST_S),
        ("first render, warm cache (s)", results["first_render_warm_s"], f"≤ {TARGET_FIRST_S}",
         results["first_render_warm_s"] <= TARGET_FIRST_S),
        ("rerun after kind filter (s, median of 3)", results["rerun_kind_s"], f"≤ {TARGET_RERUN_S}",
         results["rerun_kind_s"] <= TARGET_RERUN_S),
        ("rerun after country filter (s)", results["rerun_country_s"], f"≤ {TARGET_RERUN_S}",
         results["rerun_country_s"] <= TARGET_RERUN_S),
        ("rerun after text search (s)", results["rerun_text_s"], f"≤ {TARGET_RERUN_S}",
         results["rerun_text_s"] <= TARGET_RERUN_S),
        ("peak memory serving the large set (MB, maxrss)", results["peak_mb_big"], f"≤ {TARGET_PEAK_MB:.0f}",
         results["peak_mb_big"] <= TARGET_PEAK_MB),
        (f"map payload {args.small // 1000}k → {args.events // 1000}k events (× bytes sent)", growth,
         f"≤ {TARGET_PAYLOAD_GROWTH} (events ×{args.events / args.small:.0f})", growth <= TARGET_PAYLOAD_GROWTH),
    ]
    print()
    cpu = {
        "first render, cold cache (s)": results["first_render_cold_cpu_s"],
        "first render, warm cache (s)": results["first_render_warm_cpu_s"],
        "rerun after kind filter (s, median of 3)": results["rerun_kind_cpu_s"],
        "rerun after country filter (s)": results["rerun_country_cpu_s"],
        "rerun after text search (s)": results["rerun_text_cpu_s"],
    }
    print(f"{'measure':<58} {'value':>10} {'(CPU s)':>8}  {'target':<22} ok")
    print("-" * 106)
    for name, value, target, ok in rows:
        c = f"{cpu[name]:8.3f}" if name in cpu else " " * 8
        print(f"{name:<58} {value:>10.3f} {c}  {target:<22} {'yes' if ok else 'NO'}")
    print()
    for label, p, n in (("small", ps, args.small), ("large", pb, args.events)):
        layers = ", ".join(f"{k[:-5]} {p[k]:,} rows / {p[k[:-5] + '_bytes']:,} B" for k in sorted(p) if k.endswith("_rows"))
        print(f"map payload, {label} ({n:,} events): {p['sent_bytes']:,} B sent; {layers}")
    print(f"rerun with no change: {results['rerun_untouched_s']:.3f} s; worst filter rerun {rerun_worst:.3f} s")
    print(f"memory: {results['rss_before_mb']:.0f} MB before the app ran (interpreter + imports), "
          f"{results['peak_mb_big']:.0f} MB after two sessions and the reruns on the large set, "
          f"{results['peak_mb']:.0f} MB at the end (the small set and the peers load their own copies)")
    if not args.no_peers:
        print(f"peer, filter: naive row-wise apply {results['filter_naive_s']:.3f} s vs apply_filters "
              f"{results['filter_ours_s']:.4f} s → ×{results['filter_speedup']:.0f}")
        print(f"peer, map: one point per event {results['map_per_event_bytes']:,} B in {results['map_per_event_s']:.2f} s "
              f"vs aggregated {results['map_aggregated_bytes']:,} B in {results['map_aggregated_s']:.2f} s "
              f"→ ×{results['map_bytes_ratio']:.1f} bytes")
    if "breakdown_s" in results:
        print(f"\nwhere a rerun goes ({args.events:,} events, no filter; seconds):")
        for step, sec in results["breakdown_s"].items():
            print(f"  {step:<44} {sec:8.3f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_dashboard.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
