"""The extraction's tuning numbers, read once from ``data/extraction_settings.csv``
(curated, each with the rule it serves and its counter-example in a ``notes`` column),
so that a number shaped by a handful of articles is visible and reviewable as data
rather than a constant in code. A missing or malformed file is an error that names it."""

from __future__ import annotations

import csv
import functools

from kzatlas.errors import SchemaError
from kzatlas.paths import DATA_DIR

SETTINGS_CSV = DATA_DIR / "extraction_settings.csv"
REQUIRED = ("attach_window", "merge_lookback", "publication_merge_days", "apposition_chars", "adjective_chars")


@functools.lru_cache(maxsize=1)
def settings() -> dict[str, int]:
    """name -> value of every extraction setting."""
    try:
        with open(SETTINGS_CSV, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise SchemaError(f"{SETTINGS_CSV}: cannot read the extraction settings ({exc.strerror or exc})") from None
    out: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        try:
            out[name] = int((row.get("value") or "").strip())
        except ValueError:
            raise SchemaError(f"{SETTINGS_CSV}:{n}: {name!r} needs a whole number, not {row.get('value')!r}") from None
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise SchemaError(f"{SETTINGS_CSV}: missing setting(s) {', '.join(missing)}")
    return out


def setting(name: str) -> int:
    return settings()[name]
