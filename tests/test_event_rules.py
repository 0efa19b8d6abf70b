"""Single rules of reading an act from a sentence, each on a short article written for
it (partners invented or absent from the curated data): how many events the article
yields and of which kind. The whole-article behaviour is in test_mechanisms and
test_gold; these name the rule that a change broke."""

from __future__ import annotations

import datetime as dt

import pytest

from kzatlas.build.articles import article_from_bytes
from kzatlas.build.pipeline import extract_one, make_context


@pytest.fixture(scope="module")
def ctx():
    return make_context()


def _events(ctx, text: str, lang: str, published: str = "2024-05-03"):
    head = f"---\npublished: {published}\nlanguage: {lang}\n---\n"
    art = article_from_bytes((head + text).encode("utf-8"), rel=f"{lang}_case.md", article_id=f"{lang}_case")
    assert art.published == dt.date.fromisoformat(published)
    got, why = extract_one(art, ctx)
    assert got is not None, why
    return got.events


@pytest.mark.parametrize(
    "lang, text, kinds",
    [
        pytest.param(
            "kk",
            "Меморандумға қол қойылды\n\n2 мамырда Президенттің Парижге ресми сапары аясында бірқатар "
            "құжаттарға қол қойылды, соның ішінде Әл-Фараби атындағы Қазақ ұлттық университеті мен Франция "
            "Республикасының «Вормандель» ұлттық агенттігі арасында ынтымақтастық туралы меморандум, "
            "сондай-ақ Сәтбаев университеті мен «Лермонтель» институты арасындағы келісім.\n\n"
            "Бүгінгі меморандум екіжақты ынтымақтастықты кеңейту жөніндегі маңызды қадам болды.",
            ["agreement", "agreement"],
            id="kk-todays-memorandum-refers-back",
        ),
        pytest.param(
            "kk",
            "Әл-Фараби атындағы Қазақ ұлттық университеті мен Вормандель университеті арасында "
            "2 мамырда кездесу болды.",
            ["meeting"],
            id="kk-boldy-after-act-noun-is-an-act",
        ),
    ],
)
def test_acts_read_from_a_sentence(ctx, lang, text, kinds) -> None:
    events = _events(ctx, text, lang)
    assert sorted(e.kind for e in events) == sorted(kinds), [(e.kind, e.date_start, e.evidence) for e in events]


@pytest.mark.parametrize(
    "lang, text, countries",
    [
        pytest.param(
            "en",
            "On 2 May, during the President's official visit to Paris, Al-Farabi Kazakh National University "
            "and the Vormandel national agency signed a memorandum of cooperation.",
            ["FR"],
            id="en-foreign-venue-gives-unnamed-partner-country",
        ),
    ],
)
def test_partner_country_without_a_partner_name(ctx, lang, text, countries) -> None:
    events = _events(ctx, text, lang)
    assert [e.partner_countries for e in events] == [countries], [(e.kind, e.partners) for e in events]
