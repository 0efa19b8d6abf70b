"""maps.dodge steps only the pairs of points that can touch (kzatlas.viz.maps,
DODGE_ACTIVE_PX and DODGE_NEAR_PX), which must give what stepping every pair of
points gives: checked against that plain rule, written out here, on clusters like
a country's view (up to MAX_DODGE_POINTS points, busy cities among small sites),
on coincident points and on points that never touch. The plain rule lives in
benchmarks/peers.py (dodge_every_pair), where benchmarks/bench_dodge.py times it
beside dodge."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.peers import dodge_every_pair as every_pair
from kzatlas.viz import maps


def clusters(n: int, seed: int, spread: float = 4.0) -> pd.DataFrame:
    """``n`` points around a few cities of one country, busy ones first."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform((45.0, 30.0), (60.0, 60.0), (max(1, n // 40), 2))
    pick = rng.integers(0, len(centres), n)
    lat = centres[pick, 0] + rng.normal(0, spread / 4, n)
    lon = centres[pick, 1] + rng.normal(0, spread / 2, n)
    counts = np.maximum(1, (400 / np.arange(1, n + 1) ** 1.1).astype(int))
    radius = [maps.point_radius(int(c)) for c in counts]
    return pd.DataFrame({"point_id": [f"p{k}" for k in range(n)], "lat": lat, "lon": lon, "true_lat": lat,
                         "true_lon": lon, "radius": radius})


def _pixels(frame: pd.DataFrame, zoom: float) -> np.ndarray:
    return np.column_stack(maps._world_px(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float), zoom))


@pytest.mark.parametrize(
    "places, zoom",
    [
        pytest.param(clusters(400, 1), 2.5, id="400-points-zoom-2.5"),
        pytest.param(clusters(300, 2), 0.8, id="300-points-zoom-0.8"),
        pytest.param(clusters(200, 3, spread=1.0), 2.0, id="200-points-tight"),
        pytest.param(clusters(40, 4), 4.0, id="40-points-zoom-4"),
        pytest.param(pd.concat([clusters(1, 5)] * 6, ignore_index=True).assign(point_id=list("abcdef")), 3.0,
                     id="coincident"),
    ],
)
def test_dodge_is_the_every_pair_rule(places: pd.DataFrame, zoom: float) -> None:
    expected = every_pair(places, zoom)
    # Rounding to 5 decimals of a degree is up to half a metre: far below a pixel.
    expected_rounded = _pixels(pd.DataFrame({"lon": np.round(maps._lonlat(*expected.T, zoom)[0], 5),
                                             "lat": np.round(maps._lonlat(*expected.T, zoom)[1], 5)}), zoom)
    got = _pixels(maps.dodge(places, zoom), zoom)
    assert np.abs(got - expected_rounded).max() < 1e-3


def test_dodge_leaves_far_apart_points_untouched() -> None:
    places = clusters(50, 6)
    far = places.assign(true_lat=np.linspace(-60, 60, 50), true_lon=np.linspace(-170, 170, 50))
    far = far.assign(lat=far["true_lat"], lon=far["true_lon"])
    pd.testing.assert_frame_equal(maps.dodge(far, 6.0), far)


def test_dodge_separates_a_dense_country_view() -> None:
    places = clusters(400, 7)
    before = len(maps.overlapping_pairs(places, 2.5))
    after = len(maps.overlapping_pairs(maps.dodge(places, 2.5), 2.5))
    assert before > 500 and after <= before // 100
