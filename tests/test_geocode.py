"""The geocoding chain: order of sources, the cache round trip, and every
online fault (timeouts, 429, 5xx, refused connection, empty or absurd answers)
recorded without escaping, caching nothing wrong and keeping the request rate.
Nothing here touches the network: online calls go to fakes."""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from geopy.exc import (
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

from kzatlas.build.geocode import CACHE_COLUMNS, Geocoder
from kzatlas.extract.places import PlaceIndex
from kzatlas.models import Institution

MIN_DELAY = 0.05


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    return PlaceIndex.default()


@pytest.fixture(autouse=True)
def no_real_nominatim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to build the real Nominatim client fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a real Nominatim client was created in a test")

    monkeypatch.setattr("geopy.geocoders.Nominatim", refuse)


@dataclass
class FakeLocation:
    latitude: float
    longitude: float
    address: str = ""
    raw: dict = field(default_factory=dict)


class FakeGeocoder:
    """Plays back scripted answers (or raises scripted errors) and logs call times."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, dict]] = []
        self.times: list[float] = []

    def __call__(self, query: str, **kwargs: Any) -> Any:
        self.calls.append((query, kwargs))
        self.times.append(time.monotonic())
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def geocoder(places: PlaceIndex, tmp_path: Path, fake: FakeGeocoder | None = None, **kwargs: Any) -> Geocoder:
    return Geocoder(places=places, overrides_csv=kwargs.pop("overrides_csv", None),
                    cache_csv=kwargs.pop("cache_csv", tmp_path / "cache.csv"), online=fake is not None,
                    geocode_fn=fake, min_delay_seconds=MIN_DELAY, error_wait_seconds=MIN_DELAY, **kwargs)


def test_chain_order_override_beats_cache_beats_geonames(places: PlaceIndex, tmp_path: Path) -> None:
    overrides = write_csv(tmp_path / "overrides.csv", ("query", "country", "name", "lat", "lon", "precision", "notes"),
                          [{"query": "Dubna", "country": "RU", "name": "Dubna (JINR)", "lat": "56.74",
                            "lon": "37.19", "precision": "city", "notes": "test"}])
    cache = write_csv(tmp_path / "cache.csv", CACHE_COLUMNS, [
        {"query": "Dubna", "country": "RU", "lat": "1", "lon": "1", "display_name": "Dubna, Russia",
         "precision": "city", "source": "nominatim", "notes": ""},
        {"query": "Polotsk", "country": "BY", "lat": "55.48", "lon": "28.79", "display_name": "Polotsk, Belarus",
         "precision": "city", "source": "nominatim", "notes": ""},
    ])
    geo = Geocoder(places=places, overrides_csv=overrides, cache_csv=cache)
    dubna = geo.locate("Dubna", "RU")
    assert dubna is not None and (dubna.source, dubna.name) == ("override", "Dubna (JINR)")
    polotsk = geo.locate("Polotsk", "BY")
    assert polotsk is not None and polotsk.source == "cache"
    almaty = geo.locate("Алматы", "KZ")
    assert almaty is not None and (almaty.source, almaty.name) == ("geonames", "Almaty")
    assert geo.misses == [] and geo.errors == []


def test_project_override_file_schema(places: PlaceIndex, tmp_path: Path) -> None:
    """data/geocode_overrides.csv has no ``query`` column: ``name`` is both key and label."""
    overrides = write_csv(tmp_path / "overrides.csv", ("name", "country", "lat", "lon", "precision", "notes"), [
        {"name": "Kurchatov", "country": "KZ", "lat": "50.756", "lon": "78.542", "precision": "city", "notes": ""},
        {"name": "Дубна", "country": "RU", "lat": "56.7", "lon": "37.1", "precision": "city", "notes": ""},
        {"name": "Broken row", "country": "KZ", "lat": "north", "lon": "1", "precision": "city", "notes": ""},
        {"name": "Odd precision", "country": "KZ", "lat": "1", "lon": "1", "precision": "planet", "notes": ""},
    ])
    geo = Geocoder(places=places, overrides_csv=overrides, cache_csv=None)
    found = geo.locate("Kurchatov", "KZ")
    assert found is not None and (found.source, found.name, found.lat) == ("override", "Kurchatov", 50.756)
    inflected = geo.locate("Дубне", "RU")
    assert inflected is not None and (inflected.source, inflected.lat) == ("override", 56.7)
    assert geo.locate("Broken row", "KZ") is None and geo.locate("Odd precision", "KZ") is None


def test_offline_miss_is_recorded_and_nothing_goes_online(places: PlaceIndex, tmp_path: Path) -> None:
    geo = geocoder(places, tmp_path)
    assert geo.locate("Qwertyuiopgrad", "KZ") is None
    assert geo.misses and geo.misses[0]["name"] == "Qwertyuiopgrad"
    assert geo.errors == []


def test_offline_does_not_accept_a_homonym_in_another_country(places: PlaceIndex, tmp_path: Path) -> None:
    geo = geocoder(places, tmp_path)
    assert geo.locate("Moscow", "KZ") is None
    assert "not KZ" in geo.misses[0]["reason"]


def test_cache_round_trip(places: PlaceIndex, tmp_path: Path) -> None:
    cache = tmp_path / "cache.csv"
    fake = FakeGeocoder(FakeLocation(50.28, 57.17, "Aktobe Regional University, Aktobe, Kazakhstan",
                                     {"addresstype": "university", "address": {"country_code": "kz"}}))
    geo = geocoder(places, tmp_path, fake, cache_csv=cache)
    found = geo.locate("Zhubanov University", "KZ")
    assert found is not None and (found.source, found.precision) == ("nominatim", "institution")
    assert fake.calls[0][1]["country_codes"] == "kz"
    geo.save_cache()
    first = cache.read_bytes()
    geo.save_cache()  # nothing new: the file is left alone
    assert cache.read_bytes() == first
    rows = list(csv.DictReader(cache.open(encoding="utf-8")))
    assert rows[0]["query"] == "Zhubanov University" and rows[0]["source"] == "nominatim"

    offline = Geocoder(places=places, overrides_csv=None, cache_csv=cache)
    again = offline.locate("zhubanov university", "KZ")
    assert again is not None and again.source == "cache"
    assert (again.lat, again.lon) == (50.28, 57.17)


def test_cache_file_is_sorted_and_deterministic(places: PlaceIndex, tmp_path: Path) -> None:
    answers = [FakeLocation(43.3, 68.3, "Turkistan"), FakeLocation(50.4, 80.2, "Semey")]
    outputs = []
    for order in (("Zeta", "Alpha"), ("Alpha", "Zeta")):
        cache = tmp_path / f"cache-{order[0]}.csv"
        geo = geocoder(places, tmp_path, FakeGeocoder(*answers), cache_csv=cache)
        for name in order:
            geo.locate(name, "KZ")
        geo.save_cache()
        outputs.append([r["query"] for r in csv.DictReader(cache.open(encoding="utf-8"))])
    assert outputs[0] == outputs[1] == ["Alpha", "Zeta"]


@pytest.mark.parametrize(
    ("answer", "reason_part", "is_error", "calls"),
    [
        # geopy's service errors are retried once (max_retries=1), then reported.
        pytest.param(GeocoderTimedOut("timed out"), "GeocoderTimedOut", True, 2, id="timeout"),
        pytest.param(GeocoderRateLimited("HTTP 429", retry_after=0), "GeocoderRateLimited", True, 2, id="http-429"),
        pytest.param(GeocoderServiceError("HTTP 503"), "GeocoderServiceError", True, 2, id="http-5xx"),
        pytest.param(GeocoderUnavailable("connection refused"), "GeocoderUnavailable", True, 2, id="refused"),
        # A bare OS error is not geopy's to retry; it is still caught and reported.
        pytest.param(ConnectionRefusedError("refused"), "ConnectionRefusedError", True, 1, id="raw-oserror"),
        pytest.param(None, "no online answer", False, 1, id="empty-answer"),
        pytest.param(FakeLocation(0.0, 0.0, "Null Island"), "(0, 0)", False, 1, id="null-island"),
        pytest.param(FakeLocation(-30.0, -20.0, "South Atlantic"), "km from KZ", False, 1, id="ocean-far-away"),
        pytest.param(FakeLocation(44.0, 77.0, "Somewhere", {"address": {"country_code": "cn"}}), "in CN", False, 1,
                     id="wrong-country-code"),
        pytest.param(FakeLocation(95.0, 10.0, "Beyond the pole"), "absurd", False, 1, id="latitude-out-of-range"),
    ],
)
def test_online_faults_are_recorded_not_raised(places: PlaceIndex, tmp_path: Path, answer: Any, reason_part: str,
                                               is_error: bool, calls: int) -> None:
    cache = tmp_path / "cache.csv"
    fake = FakeGeocoder(answer)
    geo = geocoder(places, tmp_path, fake, cache_csv=cache, max_retries=1)
    assert geo.locate("Nowhere Research Station", "KZ") is None
    assert any(reason_part in m["reason"] or reason_part in " ".join(geo.errors) for m in geo.misses)
    assert bool(geo.errors) == is_error
    assert len(fake.calls) == calls
    geo.save_cache()
    assert not cache.exists()  # nothing wrong was cached
    gaps = [b - a for a, b in zip(fake.times, fake.times[1:])]
    assert all(g >= MIN_DELAY * 0.95 for g in gaps)


def test_requests_are_at_least_min_delay_apart(places: PlaceIndex, tmp_path: Path) -> None:
    fake = FakeGeocoder(FakeLocation(43.3, 68.3, "x"))
    geo = geocoder(places, tmp_path, fake)
    for i in range(5):
        geo.locate(f"Unknown place {i}", "KZ")
    assert len(fake.calls) == 5
    gaps = [b - a for a, b in zip(fake.times, fake.times[1:])]
    assert min(gaps) >= MIN_DELAY * 0.95


def test_repeated_errors_switch_to_offline(places: PlaceIndex, tmp_path: Path) -> None:
    fake = FakeGeocoder(GeocoderUnavailable("connection refused"))
    geo = geocoder(places, tmp_path, fake, max_retries=0)
    for i in range(6):
        assert geo.locate(f"Unknown place {i}", "KZ") is None
    assert len(fake.calls) == 3
    assert "staying offline" in geo.errors[-1]
    assert len(geo.misses) == 6


def test_same_name_is_asked_once(places: PlaceIndex, tmp_path: Path) -> None:
    fake = FakeGeocoder(None)
    geo = geocoder(places, tmp_path, fake)
    for _ in range(3):
        geo.locate("Unknown place", "KZ")
    assert len(fake.calls) == 1 and len(geo.misses) == 1


def test_offline_geocoder_never_builds_nominatim(places: PlaceIndex, tmp_path: Path) -> None:
    geo = Geocoder(places=places, overrides_csv=None, cache_csv=None, online=False)
    assert geo.locate("Unknown place", "KZ") is None
    assert geo.errors == []


@pytest.mark.parametrize(
    ("inst", "precision", "source", "name"),
    [
        pytest.param(Institution("jinr", "Joint Institute for Nuclear Research", "research_centre", "Dubna", "RU",
                                 56.745, 37.189), "institution", "gazetteer", "Joint Institute for Nuclear Research",
                     id="gazetteer-coordinates"),
        pytest.param(Institution("pgu", "Polotsk State University", "university", "Polotsk", "BY", None, None),
                     "city", "geonames", "Polotsk", id="by-city"),
        pytest.param(Institution("x-foo", "Some Ministry", "government", "", "KZ", None, None),
                     "country", "cldr", "Kazakhstan", id="by-country"),
    ],
)
def test_locate_institution(places: PlaceIndex, tmp_path: Path, inst: Institution, precision: str, source: str,
                            name: str) -> None:
    place = geocoder(places, tmp_path).locate_institution(inst)
    assert place is not None
    assert (place.precision, place.source, place.name) == (precision, source, name)


def test_real_nominatim_is_held_to_one_request_per_second(places: PlaceIndex, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    built: dict[str, Any] = {}

    class StubNominatim:
        def __init__(self, *, user_agent: str, timeout: float) -> None:
            built.update(user_agent=user_agent, timeout=timeout)

        def geocode(self, query: str, **kwargs: Any) -> None:
            return None

    monkeypatch.setattr("geopy.geocoders.Nominatim", StubNominatim)
    geo = Geocoder(places=places, overrides_csv=None, cache_csv=None, online=True, min_delay_seconds=0.01, timeout=3)
    assert geo.locate("Unknown place", "KZ") is None
    assert built["user_agent"].startswith("kzatlas/") and built["timeout"] == 3
    assert geo._limited is not None and geo._limited.min_delay_seconds >= 1.0
