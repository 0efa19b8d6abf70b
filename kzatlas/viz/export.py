"""Downloads of the current selection: the events as CSV in exactly the schema's
columns and formats (so an export can be re-validated and re-loaded), and as a
GeoJSON FeatureCollection of points for GIS tools. Events without coordinates
cannot be GeoJSON points; they are left out and counted.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from ..schema import EVENTS, format_value


def _plain(field_type: str, value: Any) -> Any:
    """A JSON-friendly value: tuples → lists, NaN → None."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def events_csv(events: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the events, schema columns only, schema formatting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EVENTS.columns)
    for _, row in events.iterrows():
        out = []
        for f in EVENTS.fields:
            v = row.get(f.name, "")
            if isinstance(v, float) and math.isnan(v):
                v = ""
            out.append(format_value(f, v))
        writer.writerow(out)
    return buf.getvalue().encode("utf-8")


def events_geojson(events: pd.DataFrame) -> tuple[bytes, int]:
    """(GeoJSON bytes, number of events left out for lack of coordinates)."""
    features = []
    skipped = 0
    for _, row in events.iterrows():
        lat, lon = row.get("lat"), row.get("lon")
        if lat is None or lon is None or lat != lat or lon != lon:
            skipped += 1
            continue
        props = {f.name: _plain(f.type, row.get(f.name)) for f in EVENTS.fields if f.name not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": props,
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=None).encode("utf-8"), skipped
