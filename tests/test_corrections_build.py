"""Corrections through the real build: applied at every build by stable event id,
marked in the output, and reported when they no longer match any event."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from kzatlas import paths
from kzatlas.build.pipeline import build
from kzatlas.csvcells import read_rows


def _curated(tmp_path: Path, corrections: list[dict[str, str]]) -> Path:
    curated = tmp_path / "curated"
    curated.mkdir()
    for f in paths.DATA_DIR.glob("*.csv"):
        shutil.copy(f, curated / f.name)
    with open(curated / "corrections.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["event_id", "action", "date", "place", "partners", "kind", "notes"])
        w.writeheader()
        w.writerows(corrections)
    return curated


def _events(out: Path) -> dict[str, dict[str, str]]:
    return {r["event_id"]: r for r in read_rows(out / "events.csv")}


def test_corrections_apply_at_every_build(tmp_path: Path) -> None:
    base = build(paths.SEEDS_DIR, tmp_path / "base")
    ids = [str(r["event_id"]) for r in base.events]
    drop, fix = ids[0], ids[1]
    curated = _curated(
        tmp_path,
        [
            {"event_id": drop, "action": "drop", "notes": "not a cooperation event"},
            {"event_id": fix, "action": "set", "date": "2024-05", "kind": "meeting", "notes": "date checked"},
            {"event_id": "000000000000", "action": "drop", "notes": "an event that no longer exists"},
        ],
    )
    for run in ("first", "second"):  # a rebuild keeps the corrections
        result = build(paths.SEEDS_DIR, tmp_path / run, curated_dir=curated)
        rows = _events(tmp_path / run)
        assert drop not in rows
        assert rows[fix]["date_start"] == "2024-05-01" and rows[fix]["date_end"] == "2024-05-31"
        assert rows[fix]["kind"] == "meeting" and rows[fix]["corrected"] == "true"
        assert sum(r["corrected"] == "true" for r in rows.values()) == 1
        assert any("000000000000" in u for u in result.report["corrections"]["unmatched"])
