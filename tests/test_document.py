"""The one sentence splitter and clause splitter (kzatlas.extract.document), rule by
rule: each case names the rule that keeps a dot inside its sentence or breaks there."""

from __future__ import annotations

import pytest

from kzatlas.extract.document import Doc, clauses


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in Doc(text).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("They met on Feb. 1-2 in Almaty. Then they left.",
                     ["They met on Feb. 1-2 in Almaty.", "Then they left."], id="en-month-abbreviation"),
        pytest.param("Договор подписан в сент. 2023 года. Затем они уехали.",
                     ["Договор подписан в сент. 2023 года.", "Затем они уехали."], id="ru-month-abbreviation"),
        pytest.param("Signé en janv. 2024 à Paris. Ensuite, rien.",
                     ["Signé en janv. 2024 à Paris.", "Ensuite, rien."], id="fr-month-abbreviation"),
        pytest.param("Die Vereinbarung wurde am 4. Oktober 2024 unterzeichnet. Danach sprach er.",
                     ["Die Vereinbarung wurde am 4. Oktober 2024 unterzeichnet.", "Danach sprach er."],
                     id="de-ordinal-day-before-month"),
        pytest.param("L'accordo è stato firmato il 4. ottobre. Poi è partito.",
                     ["L'accordo è stato firmato il 4. ottobre.", "Poi è partito."], id="it-ordinal-day-before-month"),
        pytest.param("They signed it in 2024. Then they left.", ["They signed it in 2024.", "Then they left."],
                     id="en-year-ends-sentence"),
        pytest.param("Он прибыл в (г. Вена) вчера. Затем уехал.", ["Он прибыл в (г. Вена) вчера.", "Затем уехал."],
                     id="ru-abbreviation-in-bracket"),
        pytest.param("К. Муканов и А.С. Пушкин встретились. Всё.", ["К. Муканов и А.С. Пушкин встретились.", "Всё."],
                     id="ru-initials"),
        pytest.param("КазНУ им. аль-Фараби подписал. Всё.", ["КазНУ им. аль-Фараби подписал.", "Всё."],
                     id="ru-imeni-abbreviation"),
        pytest.param("2023 ж. 4 қазанда қол қойылды. Бәрі.", ["2023 ж. 4 қазанда қол қойылды.", "Бәрі."],
                     id="kk-zhyl-abbreviation"),
        pytest.param("Mr. Smith met Dr. Jones. They agreed.", ["Mr. Smith met Dr. Jones.", "They agreed."],
                     id="en-titles"),
        pytest.param("The delegation of the university\nvisited the institute and signed\nan agreement.\n\nNext.",
                     ["The delegation of the university\nvisited the institute and signed\nan agreement.", "Next."],
                     id="hard-wrapped-lines-join"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    "text, lang, count",
    [
        pytest.param("la Fondation « Ilim-Nury », Karaganda, a signé", "fr", 1, id="fr-quoted-name-is-no-quotation"),
        pytest.param("They signed a memorandum, which will be implemented next year", "en", 2,
                     id="en-relative-clause-after-comma"),
        pytest.param("The forum was held on 2 – 3 October in Astana", "en", 1, id="spaced-dash-in-a-range"),
    ],
)
def test_clauses(text: str, lang: str, count: int) -> None:
    spans = clauses(text, lang)
    assert len(spans) == count, [text[s:e] for s, e in spans]
    assert "".join(text[s:e] for s, e in spans) == text
