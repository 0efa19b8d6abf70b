"""Tests of kzatlas.build.corrections: loading corrections.csv with clear errors for bad
rows, and applying drop/set corrections to event rows with fake place index and
gazetteer objects (duck-typed like kzatlas.extract.places.PlaceIndex and
kzatlas.extract.institutions.Gazetteer)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from kzatlas.build.corrections import CorrectionsError, apply_corrections, load_corrections, parse_date
from kzatlas.models import Institution, InstitutionMention, Place
from kzatlas.paths import CORRECTIONS_CSV
from kzatlas.schema import EVENTS, validate_rows

HEADER = "event_id,action,date,place,partners,kind,notes\n"

PLACES = {
    ("Paris", ""): Place("Paris", "FR", 48.85341, 2.3488, "city", "geonames"),
    ("Paris", "US"): Place("Paris", "US", 33.66094, -95.55551, "city", "geonames"),
    ("Daejeon", ""): Place("Daejeon", "KR", 36.32139, 127.41972, "city", "geonames"),
}
CNES = Institution("cnes", "Centre National d'Études Spatiales", "agency", "Paris", "FR", 48.85, 2.35, ("CNES",))
KAERI = Institution("kaeri", "Korea Atomic Energy Research Institute", "research_centre", "Daejeon", "KR", 36.4, 127.4,
                    ("KAERI",))  # fmt: skip
ASU = Institution("asu", "Arizona State University", "university", "Tempe", "US", 33.42, -111.93, ("ASU",))


class FakePlaces:
    def lookup(self, name: str, country_code: str = "") -> Place | None:
        return PLACES.get((name, country_code))


class FakeGazetteer:
    entries = {i.id: i for i in (CNES, KAERI, ASU)}

    def get(self, id: str) -> Institution | None:
        return self.entries.get(id)

    def find(self, text: str, lang: str) -> list[InstitutionMention]:
        found = []
        for inst in self.entries.values():
            for name in (inst.name, *inst.aliases):
                at = text.find(name)
                if at >= 0:
                    found.append(InstitutionMention(inst, name, (at, at + len(name)), "gazetteer"))
        return found


def event(event_id: str, **values: str) -> dict[str, str]:
    row = {c: "" for c in EVENTS.columns}
    row.update(
        event_id=event_id,
        article_ids="a1",
        date_start="2023-10-03",
        date_end="2023-10-03",
        date_precision="day",
        date_basis="stated",
        date_text="3 October",
        planned="false",
        kind="agreement",
        kazakh_side="Satbayev University",
        kazakh_side_ids="satbayev",
        partners="Arizona State University",
        partner_ids="asu",
        partner_countries="US",
        place_name="Tempe",
        place_basis="partner",
        country_code="US",
        lat="33.4",
        lon="-111.9",
        geo_precision="city",
        geo_source="gazetteer",
        evidence="Satbayev University and ASU signed a memorandum.",
        evidence_article_id="a1",
        evidence_start="0",
        evidence_end="48",
        confidence="0.9",
        language="en",
        source_count="1",
        corrected="false",
    )
    row.update(values)
    return row


ROWS = [event("e1"), event("e2", kind="visit")]


def corr(event_id: str, action: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(("event_id", "action", "date", "place", "partners", "kind", "notes"), "")
    row.update(event_id=event_id, action=action, **values)
    return row


@pytest.mark.parametrize(
    "corrections, expected_e1, report",
    [
        pytest.param([corr("e1", "drop")], None, ("applied", "e1: drop"), id="drop"),
        pytest.param(
            [corr("e1", "set", date="2023-06")],
            dict(date_start="2023-06-01", date_end="2023-06-30", date_precision="month", date_basis="stated",
                 corrected="true"),
            ("applied", "e1: set date=2023-06"),
            id="set-date-month",
        ),
        pytest.param(
            [corr("e1", "set", date="2024-02-28/2024-03-01")],
            dict(date_start="2024-02-28", date_end="2024-03-01", date_precision="day", corrected="true"),
            ("applied", "e1: set date=2024-02-28/2024-03-01"),
            id="set-date-period",
        ),
        pytest.param(
            [corr("e1", "set", date="2021")],
            dict(date_start="2021-01-01", date_end="2021-12-31", date_precision="year", date_partial=""),
            ("applied", "e1: set date=2021"),
            id="set-date-year",
        ),
        pytest.param(
            [corr("e1", "set", place="Daejeon")],
            dict(place_name="Daejeon", country_code="KR", lat="36.32139", lon="127.41972", geo_precision="city",
                 geo_source="override", place_basis="stated", corrected="true"),
            ("applied", "e1: set place=Daejeon"),
            id="set-place",
        ),
        pytest.param(
            [corr("e1", "set", place="Paris, US")],
            dict(place_name="Paris", country_code="US", lat="33.66094"),
            ("applied", "e1: set place=Paris, US"),
            id="set-place-with-country",
        ),
        pytest.param(
            [corr("e1", "set", place="Atlantis", kind="visit")],
            dict(place_name="Tempe", kind="agreement", corrected="false"),
            ("errors", "e1: set place=Atlantis, kind=visit: unknown place 'Atlantis'"),
            id="set-place-unknown-is-error-row-unchanged",
        ),
        pytest.param(
            [corr("e1", "set", partners="cnes|KAERI")],
            dict(partners="Centre National d'Études Spatiales|Korea Atomic Energy Research Institute",
                 partner_ids="cnes|kaeri", partner_countries="FR|KR", corrected="true"),
            ("applied", "e1: set partners=cnes|KAERI"),
            id="set-partners",
        ),
        pytest.param(
            [corr("e1", "set", partners="Korea Atomic Energy Research Institute|CNES")],
            dict(partner_ids="kaeri|cnes", partner_countries="KR|FR"),
            ("applied", "e1: set partners=Korea Atomic Energy Research Institute|CNES"),
            id="set-partners-by-name-and-alias",
        ),
        pytest.param(
            [corr("e1", "set", partners="CNES|Hogwarts")],
            dict(partners="Arizona State University", corrected="false"),
            ("errors", "e1: set partners=CNES|Hogwarts: unknown partner 'Hogwarts'"),
            id="set-partners-unknown-is-error",
        ),
        pytest.param(
            [corr("e1", "set", kind="meeting")],
            dict(kind="meeting", corrected="true", date_start="2023-10-03"),
            ("applied", "e1: set kind=meeting"),
            id="set-kind",
        ),
        pytest.param(
            [corr("e9", "drop")],
            dict(corrected="false"),
            ("unmatched", "e9: drop"),
            id="unmatched",
        ),
        pytest.param(
            [corr("e1", "drop"), corr("e1", "set", kind="visit")],
            None,
            ("errors", "e1: set kind=visit: the event was dropped by an earlier correction"),
            id="set-after-drop",
        ),
    ],
)  # fmt: skip
def test_apply_corrections(corrections: list, expected_e1: dict | None, report: tuple[str, str]) -> None:
    rows, result = apply_corrections(ROWS, corrections, places=FakePlaces(), gazetteer=FakeGazetteer())
    by_id = {r["event_id"]: r for r in rows}
    if expected_e1 is None:
        assert "e1" not in by_id
    else:
        assert {k: by_id["e1"][k] for k in expected_e1} == expected_e1
        assert by_id["e1"]["event_id"] == "e1"  # ids never change
    assert by_id["e2"] == ROWS[1]  # other events untouched
    bucket, first = report
    assert getattr(result, bucket)[-1].startswith(first)
    validate_rows(EVENTS, EVENTS.columns, rows)  # still a valid events table


def test_input_not_mutated() -> None:
    rows = copy.deepcopy(ROWS)
    corrections = [corr("e1", "set", date="2020", place="Paris", kind="forum"), corr("e2", "drop")]
    before = (copy.deepcopy(rows), copy.deepcopy(corrections))
    out, report = apply_corrections(rows, corrections, places=FakePlaces(), gazetteer=FakeGazetteer())
    assert (rows, corrections) == before
    assert len(out) == 1 and out[0] is not rows[0]
    assert out[0]["kind"] == "forum" and len(report.applied) == 2


def test_place_without_index_is_an_error() -> None:
    _, report = apply_corrections(ROWS, [corr("e1", "set", place="Paris")])
    assert report.errors == ["e1: set place=Paris: no place index given to resolve the place"]


# --------------------------------------------------------------------------- loading


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_load_good_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "e1,drop,,,,,duplicate of e2\n"
        '\n'
        "#e5,drop,,,,,commented out\n"
        'e2,set,2023-06,"Paris, FR",cnes|kaeri,meeting,"checked on the site"\n',
    )
    assert load_corrections(path) == [
        corr("e1", "drop", notes="duplicate of e2"),
        corr("e2", "set", date="2023-06", place="Paris, FR", partners="cnes|kaeri", kind="meeting",
             notes="checked on the site"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "body, message",
    [
        pytest.param("e1,delete,,,,,\n", "line 2, column 'action': unknown action 'delete'", id="bad-action-row-error"),
        pytest.param("e1,drop,,,,,\ne2,set,2023-13,,,,\n", "line 3, column 'date': '2023-13' is not a real date",
                     id="bad-date"),
        pytest.param("e1,set,03.10.2023,,,,\n", "column 'date': '03.10.2023' is not YYYY", id="date-wrong-format"),
        pytest.param("e1,set,,,,signing,\n", "line 2, column 'kind': unknown kind 'signing'", id="unknown-kind"),
        pytest.param("e1,set,,,,,just a note\n", "column 'action': 'set' with nothing to set", id="set-with-nothing"),
        pytest.param(",drop,,,,,\n", "line 2, column 'event_id': empty", id="empty-event-id"),
    ],
)  # fmt: skip
def test_load_bad_rows(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(CorrectionsError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_corrections(write(tmp_path, body))


def test_load_bad_header(tmp_path: Path) -> None:
    with pytest.raises(CorrectionsError, match=r"unknown \['plcae'\]"):
        load_corrections(write(tmp_path, "", header="event_id,action,plcae\n"))


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("2024-02", ("2024-02-01", "2024-02-29", "month"), id="leap-february"),
        pytest.param("2023-10-03", ("2023-10-03", "2023-10-03", "day"), id="day"),
    ],
)
def test_parse_date(text: str, expected: tuple[str, str, str]) -> None:
    value = parse_date(text)
    assert (value.start.isoformat(), value.end.isoformat(), value.precision) == expected


def test_missing_file_and_shipped_file(tmp_path: Path) -> None:
    assert load_corrections(tmp_path / "none.csv") == []
    assert load_corrections(CORRECTIONS_CSV) == []
    assert CORRECTIONS_CSV.read_text(encoding="utf-8") == HEADER
