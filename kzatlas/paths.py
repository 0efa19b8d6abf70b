"""Where things live: every default path of the project, anchored to this file so
that commands work from any working directory (the package is installed in
editable mode, see requirements.txt)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
SEEDS_DIR = REPO_DIR / "seeds"
DATA_DIR = REPO_DIR / "data"

#: Curated, versioned inputs (hand-edited CSV files with a ``notes`` column).
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
OVERRIDES_CSV = DATA_DIR / "geocode_overrides.csv"
#: Name grounding (issue 8): nationality adjectives per country and language, and
#: first-level regions (states, provinces, oblasts) with a centre and a capital.
NATIONALITY_ADJECTIVES_CSV = DATA_DIR / "nationality_adjectives.csv"
REGIONS_CSV = DATA_DIR / "regions.csv"
GEOCODE_CACHE_CSV = DATA_DIR / "geocode_cache.csv"
CORRECTIONS_CSV = DATA_DIR / "corrections.csv"
WORLD_GEOJSON = DATA_DIR / "world_countries.geojson"
WORLD_CITIES = DATA_DIR / "world_cities.csv"


def data_dir_from_env() -> Path:
    """The data folder the dashboard reads: ``$KZATLAS_DATA`` or the repo's ``data/``."""
    value = os.environ.get("KZATLAS_DATA", "").strip()
    return Path(value).expanduser() if value else DATA_DIR
