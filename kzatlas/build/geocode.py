"""The geocoding chain: a place name (or an institution) becomes a point, trying
hand-made overrides first, then the cache of earlier online answers, then the
offline GeoNames/CLDR index, and — only when explicitly asked — Nominatim via
geopy, rate-limited to one request per second. Online failures (timeouts, HTTP
429/5xx, refused connections) are recorded in ``errors`` and the run carries on
offline; names that cannot be placed are recorded in ``misses`` for the build
report. Only plausible online answers are cached, in a sorted CSV that is
rewritten atomically, so the next run is offline again.

Overrides CSV columns: ``name,country,lat,lon,precision,notes`` plus an optional
``query`` (the spelling to match when it differs from ``name``); names are matched
case- and accent-insensitively and an empty ``country`` matches any hint.
Cache CSV columns: ``query,country,lat,lon,display_name,precision,source,notes``."""

from __future__ import annotations

import csv
import io
import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kzatlas.csvcells import neutralise, restore
from kzatlas.extract.morphology import candidate_stems, fold
from kzatlas.extract.places import PlaceIndex
from kzatlas.fsio import atomic_write
from kzatlas.models import GEO_PRECISIONS, Institution, Place

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "kzatlas/0.1 (Kazakhstan Science Cooperation Atlas; offline-first research tool)"
CACHE_COLUMNS = ("query", "country", "lat", "lon", "display_name", "precision", "source", "notes")
OVERRIDE_COLUMNS = ("name", "country", "lat", "lon", "precision", "notes")  # plus optional "query"
#: An online answer farther than this from the hinted country's capital is taken
#: for a homonym elsewhere (Russia and China are wide, hence the generous bound).
MAX_KM_FROM_CAPITAL = 3500.0
#: After this many online failures in a row the service is taken to be down and
#: the rest of the run stays offline, instead of waiting on every name.
MAX_CONSECUTIVE_ONLINE_ERRORS = 3
#: Nominatim's address types mapped to our precision levels.
_NOMINATIM_PRECISION = {
    "city": "city", "town": "city", "village": "city", "municipality": "city", "hamlet": "city",
    "suburb": "city", "city_district": "city", "borough": "city",
    "state": "region", "region": "region", "province": "region", "county": "region", "state_district": "region",
    "country": "country",
    "university": "institution", "college": "institution", "research_institute": "institution",
    "amenity": "institution", "building": "institution", "office": "institution",
}

GeocodeFn = Callable[..., Any]


def _read_rows(path: Path | None) -> list[dict[str, str]]:
    if path is None or not Path(path).is_file():
        return []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [{k: restore((v or "").strip()) for k, v in row.items() if k} for row in csv.DictReader(fh)]


def _fmt(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


class Geocoder:
    """Overrides -> cache -> GeoNames/CLDR -> (opt-in) Nominatim, with misses and
    online errors recorded rather than raised."""

    def __init__(
        self,
        *,
        places: PlaceIndex,
        overrides_csv: Path | None = None,
        cache_csv: Path | None = None,
        online: bool = False,
        user_agent: str = DEFAULT_USER_AGENT,
        geocode_fn: GeocodeFn | None = None,
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
        max_retries: int = 1,
        error_wait_seconds: float | None = None,
    ) -> None:
        self.places = places
        self.cache_csv = Path(cache_csv) if cache_csv else None
        self.online = online
        self.misses: list[dict] = []
        self.errors: list[str] = []
        self._user_agent = user_agent
        self._timeout = timeout
        self._geocode_fn = geocode_fn
        # Nominatim's usage policy: at most one request per second, never less.
        self._min_delay = max(0.0, min_delay_seconds)
        self._max_retries = max(0, max_retries)
        self._error_wait = max(self._min_delay, error_wait_seconds if error_wait_seconds is not None
                               else max(2.0, self._min_delay))
        self._limited: GeocodeFn | None = None
        self._online_errors_in_a_row = 0
        self._memo: dict[tuple[str, str, str], Place | None] = {}
        self._missed: set[tuple[str, str, str]] = set()
        self._overrides: dict[tuple[str, str], Place] = {}
        for row in _read_rows(overrides_csv):
            try:
                # The project's file keys rows by ``name``; an optional ``query`` column
                # lets one row match a spelling other than the label it shows.
                key = fold(row.get("query") or row["name"])
                precision = row.get("precision") or "city"
                if precision not in GEO_PRECISIONS:
                    raise ValueError(f"precision {precision!r} not in {GEO_PRECISIONS}")
                place = Place(
                    name=row.get("name") or row["query"],
                    country_code=(row.get("country") or "").upper(),
                    lat=float(row["lat"]), lon=float(row["lon"]),
                    precision=precision, source="override",
                )
            except (KeyError, ValueError) as exc:
                log.warning("%s: bad override row %r (%s)", overrides_csv, row, exc)
                continue
            self._overrides[(key, place.country_code)] = place
        self._cache_rows: dict[tuple[str, str], dict[str, str]] = {}
        for row in _read_rows(self.cache_csv):
            if row.get("query") and row.get("lat") and row.get("lon"):
                self._cache_rows[(fold(row["query"]), (row.get("country") or "").upper())] = row
        self._new_rows = 0

    # -- the chain ---------------------------------------------------------

    def locate(self, name: str, country_code: str = "", hint: str = "") -> Place | None:
        """The point for ``name`` (inflected forms accepted), preferring places in
        ``country_code``; ``hint`` (e.g. the city of an institution) is added to
        the online query only. None, with a recorded miss, when nothing fits."""
        name = (name or "").strip()
        cc = (country_code or "").strip().upper()
        key = (fold(name), cc, fold(hint or ""))
        if key in self._memo:
            return self._memo[key]
        place = self._locate(name, cc, hint.strip() if hint else "") if name else None
        self._memo[key] = place
        return place

    def _locate(self, name: str, cc: str, hint: str) -> Place | None:
        found = self._override(name, cc)
        if found is not None:
            return found
        query = f"{name}, {hint}" if hint else name
        found = self._cached(query, cc) or (self._cached(name, cc) if hint else None)
        if found is not None:
            return found
        found = self.places.lookup(name, cc)
        if found is not None and (not cc or found.country_code == cc):
            return found
        if self.online:
            return self._online(name, query, cc)
        reason = "not in GeoNames/CLDR" if found is None else f"only found in {found.country_code}, not {cc}"
        self._miss(name, cc, hint, reason + " (offline)")
        return None

    def _override(self, name: str, cc: str) -> Place | None:
        if not self._overrides:
            return None
        # Inflected mentions ("Курчатове") reach their override too.
        for cand in candidate_stems(name, ""):
            key = fold(cand)
            found = self._overrides.get((key, cc)) or self._overrides.get((key, ""))
            if found is not None:
                return found
        return None

    def _cached(self, query: str, cc: str) -> Place | None:
        row = self._cache_rows.get((fold(query), cc))
        if row is None:
            return None
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            return None
        precision = row.get("precision") or "city"
        display = row.get("display_name") or ""
        return Place(
            name=display.split(",")[0].strip() or row["query"], country_code=cc or row.get("country", ""),
            lat=lat, lon=lon, precision=precision if precision in GEO_PRECISIONS else "city", source="cache",
        )

    def locate_institution(self, inst: Institution) -> Place | None:
        """An institution's own coordinates from the gazetteer, else its city,
        else its country's point; overrides by institution name come first."""
        found = self._override(inst.name, inst.country_code.upper())
        if found is not None:
            return found
        if inst.lat is not None and inst.lon is not None:
            return Place(name=inst.name, country_code=inst.country_code, lat=float(inst.lat), lon=float(inst.lon),
                         precision="institution", source="gazetteer")
        if inst.city:
            place = self.locate(inst.city, inst.country_code)
            if place is not None:
                return place
        if inst.country_code:
            return self.places.country(inst.country_code)
        self._miss(inst.name, "", "", "institution has no coordinates, city or country")
        return None

    # -- online ------------------------------------------------------------

    def _geocoder(self) -> GeocodeFn:
        if self._limited is None:
            fn = self._geocode_fn
            if fn is None:
                from geopy.geocoders import Nominatim

                fn = Nominatim(user_agent=self._user_agent, timeout=self._timeout).geocode
                # The public service's policy is one request per second at most,
                # whatever a caller asked for (fakes in tests may go faster).
                self._min_delay = max(1.0, self._min_delay)
                self._error_wait = max(self._error_wait, self._min_delay)
            from geopy.extra.rate_limiter import RateLimiter

            self._limited = RateLimiter(
                fn, min_delay_seconds=self._min_delay, max_retries=self._max_retries,
                error_wait_seconds=self._error_wait, swallow_exceptions=False,
            )
        return self._limited

    def _online(self, name: str, query: str, cc: str) -> Place | None:
        from geopy.exc import GeopyError

        if self._online_errors_in_a_row >= MAX_CONSECUTIVE_ONLINE_ERRORS:
            self._miss(name, cc, query, "online geocoding stopped after repeated errors")
            return None
        kwargs: dict[str, Any] = {"exactly_one": True, "language": "en", "addressdetails": True}
        if cc:
            kwargs["country_codes"] = cc.lower()
        try:
            answer = self._geocoder()(query, **kwargs)
        except (GeopyError, OSError) as exc:
            self._online_errors_in_a_row += 1
            message = f"nominatim: {type(exc).__name__} for {query!r}: {exc}".rstrip(": ")
            if self._online_errors_in_a_row == MAX_CONSECUTIVE_ONLINE_ERRORS:
                message += (f" ({MAX_CONSECUTIVE_ONLINE_ERRORS} errors in a row:"
                            " staying offline for the rest of the run)")
            self.errors.append(message)
            self._miss(name, cc, query, f"online error: {type(exc).__name__}")
            return None
        self._online_errors_in_a_row = 0
        if answer is None:
            self._miss(name, cc, query, "no online answer")
            return None
        place, problem = self._judge(name, cc, answer)
        if place is None:
            self._miss(name, cc, query, problem)
            return None
        self._remember(query, cc, place, getattr(answer, "address", "") or "")
        return place

    def _judge(self, name: str, cc: str, answer: Any) -> tuple[Place | None, str]:
        """A Place for a plausible answer, else (None, why it was rejected)."""
        try:
            lat, lon = float(answer.latitude), float(answer.longitude)
        except (AttributeError, TypeError, ValueError):
            return None, "unusable online answer (no coordinates)"
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            return None, f"absurd online answer ({lat}, {lon})"
        if lat == 0 and lon == 0:
            return None, "absurd online answer (0, 0)"
        raw = getattr(answer, "raw", None) or {}
        address = raw.get("address") or {}
        answer_cc = str(address.get("country_code") or "").upper()
        if cc:
            if answer_cc and answer_cc != cc:
                return None, f"online answer in {answer_cc}, expected {cc}"
            capital = self.places.country(cc)
            if capital is not None:
                # Imported here: geopy brings requests and urllib3 (0.08 s), which an
                # offline build never needs.
                from geopy.distance import geodesic

                km = geodesic((lat, lon), (capital.lat, capital.lon)).km
                if km > MAX_KM_FROM_CAPITAL:
                    return None, f"online answer {km:.0f} km from {cc}'s capital (limit {MAX_KM_FROM_CAPITAL:.0f})"
        kind = str(raw.get("addresstype") or raw.get("type") or raw.get("class") or "")
        precision = _NOMINATIM_PRECISION.get(kind, "city")
        return Place(name=name, country_code=cc or answer_cc, lat=lat, lon=lon, precision=precision,
                     source="nominatim"), ""

    def _remember(self, query: str, cc: str, place: Place, display_name: str) -> None:
        self._cache_rows[(fold(query), cc)] = {
            "query": query, "country": cc, "lat": _fmt(place.lat), "lon": _fmt(place.lon),
            "display_name": display_name, "precision": place.precision, "source": "nominatim", "notes": "",
        }
        self._new_rows += 1

    def _miss(self, name: str, cc: str, hint: str, reason: str) -> None:
        key = (name, cc, reason)
        if key not in self._missed:
            self._missed.add(key)
            self.misses.append({"name": name, "country": cc, "hint": hint, "reason": reason})

    # -- persistence --------------------------------------------------------

    def save_cache(self) -> None:
        """Write the cache CSV (old rows plus new online answers), sorted, via a
        temporary file and an atomic rename. Nothing is written without news."""
        if self.cache_csv is None or not self._new_rows:
            return
        rows = sorted(self._cache_rows.values(), key=lambda r: (fold(r["query"]), r.get("country", ""), r["query"]))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CACHE_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: neutralise(row.get(c, "")) for c in CACHE_COLUMNS})
        atomic_write(self.cache_csv, buf.getvalue())
        self._new_rows = 0
