"""Nudging benchmark: maps.dodge on the map of a country filter (the views the
dashboard nudges: at most MAX_DODGE_POINTS points) beside its peer, the same rule
applied to every pair of points at every step (benchmarks.peers.dodge_every_pair),
on the dashboard benchmark's data (benchmarks.synthetic: 100,000 events over 2,000
places, seed 0). Prints, per country, the points, the opening zoom, CPU
milliseconds of each (median of 5 runs, alternating), their ratio, the largest
difference between their results in pixels (dodge must give the rule's result)
and the overlaps left.

Run from the repository root: ``python -m benchmarks.bench_dodge [--events N] [--places N] [--countries RU,CN,…]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from benchmarks.peers import dodge_every_pair
from benchmarks.synthetic import write_synthetic_dataset
from kzatlas.viz import engine, maps, views
from kzatlas.viz.filters import Filters


def _cpu_ms(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--countries", default="RU,CN,US,DE,FR,JP,TR")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kzatlas-dodge-") as tmp:
        write_synthetic_dataset(Path(tmp), args.events, args.places, max(1, args.events // 20), seed=0)
        atlas = engine.Atlas.open(Path(tmp))
        where = views.points(atlas, None)
        colors = views.palette(atlas, maps.COLOR_BY[0])
        print(f"{'country':<8}{'points':>7}{'zoom':>6}{'dodge ms':>10}{'every pair ms':>15}{'ratio':>7}"
              f"{'max diff px':>13}{'overlaps left':>15}")
        total_ours = total_peer = 0.0
        for cc in [c for c in args.countries.split(",") if c]:
            sel = atlas.select(Filters(countries=(cc,)))
            places = sel.places(maps.COLOR_BY[0], colors, where)
            zoom = float(maps.opening_view(places, sel.arcs(where), None, maps.DESKTOP_MAP_PX)["zoom"])
            ours, peer = [], []
            for _ in range(args.runs):
                ours.append(_cpu_ms(lambda: maps.dodge(places, zoom)))
                peer.append(_cpu_ms(lambda: dodge_every_pair(places, zoom)))
            drawn = maps.dodge(places, zoom)
            got = np.column_stack(maps._world_px(drawn["lon"].to_numpy(float), drawn["lat"].to_numpy(float), zoom))
            lon, lat = maps._lonlat(*dodge_every_pair(places, zoom).T, zoom)
            want = np.column_stack(maps._world_px(np.round(lon, 5), np.round(lat, 5), zoom))
            diff = float(np.abs(got - want).max()) if len(got) else 0.0
            o, p = statistics.median(ours), statistics.median(peer)
            total_ours, total_peer = total_ours + o, total_peer + p
            print(f"{cc:<8}{len(places):>7}{zoom:>6.2f}{o:>10.1f}{p:>15.1f}{p / max(o, 1e-9):>6.1f}×"
                  f"{diff:>13.2g}{len(maps.overlapping_pairs(drawn, zoom)):>15}")
        print(f"{'all':<21}{total_ours:>10.1f}{total_peer:>15.1f}{total_peer / max(total_ours, 1e-9):>6.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
