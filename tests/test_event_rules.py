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
            "en",
            "This year marks 30 years since Kazakhstan and Japan established diplomatic relations.",
            [],
            id="en-diplomatic-relations-are-no-founding",
        ),
        pytest.param(
            "en",
            "Satbayev University has become a full member of the Vormandel University Association (Lyon) on "
            "18 September 2023.",
            ["agreement"],
            id="en-joining-a-body-is-an-agreement-of-the-day",
        ),
        pytest.param(
            "ru",
            "Сатпаев Университет 18 сентября 2023 года вступил в Ассоциацию университетов Вормандель (Франция).",
            ["agreement"],
            id="ru-joining-a-body-is-an-agreement-of-the-day",
        ),
        pytest.param(
            "ru",
            "11 марта 2021 года в онлайн-формате состоялся совместный вебинар Сатпаев Университета и Университета "
            "Вормандель (Франция).",
            ["forum"],
            id="ru-a-webinar-is-a-forum",
        ),
        pytest.param(
            "en",
            "Satbayev University and the University of Vormandel (Lyon) today announced a five-year research "
            "partnership in semiconductor engineering.",
            ["agreement"],
            id="en-a-partnership-announced-is-an-agreement-of-the-day",
        ),
        pytest.param(
            "en",
            "On 3 May 2024 Satbayev University and the University of Vormandel (Lyon) signed a memorandum.\n\n"
            "Read also: Kazakhstan and France sign agreement on satellite launch",
            ["agreement"],
            id="en-read-also-links-to-another-article",
        ),
        pytest.param(
            "ru",
            "Сатпаев Университет и Вормандельский университет (Франция) 3 мая подписали меморандум.\n\n"
            "Читайте также: Назарбаев Университет и Кембриджский университет подписали соглашение 2 мая",
            ["agreement"],
            id="ru-chitaite-takzhe-links-to-another-article",
        ),
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
            "ru",
            "Евразийский университет и Университет Цинхуа договорились о двойных дипломах\n\n"
            "2 мая в Пекине ректор Евразийского национального университета имени Л.Н. Гумилева провел переговоры "
            "с руководством Университета Цинхуа. По итогам встречи стороны подписали соглашение о программах "
            "двойных дипломов.",
            ["agreement"],
            id="ru-act-as-the-outcome-of-a-meeting-is-one-occasion",
        ),
        pytest.param(
            "en",
            "On 13 June 2022 Nazarbayev University and the Vormandel Institute of Technology in Lyon signed a "
            "memorandum.\n\nUnder the agreement, the two universities will hold a joint summer school in Lyon "
            "next year.",
            ["agreement", "programme"],
            id="en-under-the-agreement-refers-back",
        ),
        pytest.param(
            "fr",
            "Le 4 novembre 2024, l'Université Satbayev et l'Institut Vormandel de Lyon ont signé une lettre "
            "d'intention en vue d'un double diplôme.",
            ["agreement"],
            id="fr-letter-of-intent-and-its-topic",
        ),
        pytest.param(
            "ru",
            "7 апреля в Лионе прошло совещание представителей Института ядерной физики и Вормандельского "
            "института Лиона.",
            ["meeting"],
            id="ru-soveshchanie-is-a-meeting",
        ),
        pytest.param(
            "en",
            "The International Conference on Water Security opened in Astana on September 28, with experts from "
            "the Vormandel Institute of Lyon and Satbayev University.\n\nThe conference was organised by the "
            "Ministry of Energy of Kazakhstan with the support of the Vormandel Foundation of Lyon.",
            ["forum"],
            id="en-a-forum-opening-is-the-forum-and-the-conference-refers-back",
        ),
        pytest.param(
            "de",
            "Die Vormandel-Hochschule und die Kasachisch-Deutsche Universität haben am 2. Mai 2024 in Bremen "
            "eine Kooperationsvereinbarung unterzeichnet.",
            ["agreement"],
            id="de-compound-ending-in-its-head",
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
        pytest.param(
            "en",
            "Minister of Science and Higher Education Sayasat Nurbek met with US Ambassador to Kazakhstan "
            "Daniel Vormandel on 2 May 2024.",
            ["US"],
            id="en-an-ambassador-s-country-is-the-partner-and-his-title-no-organisation",
        ),
        pytest.param(
            "en",
            "Kazakh-British Technical University has become a full member of the Vormandel Association of "
            "Universities on 18 September 2023.",
            [],
            id="en-an-adjective-inside-a-kazakh-name-names-no-partner-country",
        ),
    ],
)
def test_partner_country_without_a_partner_name(ctx, lang, text, countries) -> None:
    events = _events(ctx, text, lang)
    assert [e.partner_countries for e in events] == [countries], [(e.kind, e.partners) for e in events]


VISIT = (
    "Portugal's Vormandel Institute of Technology (VIT) Council Chair Ana Reis led a delegation of senior management to visit "
    "Kazakhstan between 6 and 9 May.\n\n"
    "Members of the VIT delegation included Professor Ines Mota, Dean of the Graduate School, Professor "
    "Joao Pinto, Secretary to the Council, Professor Rui Costa, VIT President.\n\n"
    "On 8 May, an agreement was signed by President Costa and the Rector of Satbayev University. "
    "The agreement was witnessed by VIT Council Chair Ana Reis. VIT already has partners in Brazil and Angola."
)


@pytest.mark.parametrize(
    "lang, text, kind, place, kazakh_side, partner_countries",
    [
        pytest.param("en", VISIT, "agreement", "Almaty", ["Satbayev University"], ["PT"],
                     id="en-act-dated-inside-a-visit-to-kazakhstan-is-at-the-kazakh-party"),
        pytest.param("en", VISIT, "visit", "Kazakhstan", ["Kazakhstan"], ["PT"],
                     id="en-unit-named-after-an-abbreviation-and-a-person-s-unit-are-no-kazakh-side"),
        pytest.param("en", "Minister of Science and Higher Education Sayasat Nurbek met with US Ambassador to "
                     "Kazakhstan Daniel Vormandel on 2 May 2024.", "meeting", "Astana",
                     ["Ministry of Science and Higher Education of the Republic of Kazakhstan"], ["US"],
                     id="en-a-minister-s-title-before-his-name-is-his-ministry"),
        pytest.param("en", "Satbayev University (SU) and the University of Vormandel (Lyon) signed an agreement on "
                     "6 November 2024 to develop SU's School of Geology.", "agreement", "Lyon",
                     ["Satbayev University", "School of Geology"], ["FR"],
                     id="en-a-unit-named-in-a-possessive-is-its-owner-s"),
    ],
)
def test_event_parties_and_place(ctx, lang, text, kind, place, kazakh_side, partner_countries) -> None:
    events = [e for e in _events(ctx, text, lang) if e.kind == kind]
    got = [(e.place.name if e.place else "", [i.name for i in e.kazakh_side], sorted(set(e.partner_countries)))
           for e in events]
    assert got == [(place, kazakh_side, partner_countries)], got


@pytest.mark.parametrize(
    "lang, text, place",
    [
        pytest.param(
            "en",
            "On 3 May 2024 Satbayev University and the Vormandel Research Institute and Natural History Museum in "
            "Bremen signed a memorandum of understanding in Almaty.",
            "Almaty",
            id="en-place-after-a-name-is-its-seat-not-the-venue",
        ),
        pytest.param(
            "en",
            "On 3 May 2024 Satbayev University signed an agreement with the Vormandel Institute for Applied "
            "Ceramics VIAC in Bremen.",
            "Bremen",
            id="en-seat-after-a-name-and-its-abbreviation",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университетінің делегациясы 1-4 мамыр аралығында Польшаға жұмыс сапарымен барды.\n\n"
            "Сапар барысында Вроцлав вормандель университетімен келісімге қол қойылды.",
            ["Poland", "Wrocław"],
            id="kk-a-country-venue-is-refined-by-the-partner-s-city",
        ),
        pytest.param(
            "en",
            "On 3 May 2024 Satbayev University and the University of Vormandel (Lyon) signed a memorandum in the "
            "city of Turkistan.",
            "Turkistan",
            id="en-in-the-city-of-marks-the-venue",
        ),
        pytest.param(
            "fr",
            "Le 3 mai 2024, l'Université Satbayev et l'Université de Vormandel (Lyon) ont signé un accord dans la "
            "région de Turkestan.",
            "Turkistan",
            id="fr-dans-la-region-de-marks-the-venue",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университетінде 8-9 мамыр күндері Лион вормандель университетінің ғалымдарымен бірлескен "
            "халықаралық конференция өтті.",
            "Almaty",
            id="kk-a-locative-on-the-institution-s-name-is-the-venue",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университетінде 8-9 мамыр күндері Лион вормандель университетінің ғалымдарымен бірлескен "
            "халықаралық конференция өтті.\n\nКонференция қорытындысы бойынша Сәтбаев университеті мен Лион "
            "вормандель университеті арасында келісімге қол қойылды.",
            ["Almaty", "Almaty"],
            id="kk-an-act-as-the-outcome-of-a-conference-is-where-it-was",
        ),
        pytest.param(
            "ru",
            "В рамках визита министра в Малайзию 22-23 мая 2024 года подписан ряд документов.\n\nВ частности, "
            "Сатпаев Университет и Университет Путра Малайзия подписали меморандум о сотрудничестве.",
            "Seri Kembangan",
            id="ru-an-act-among-a-number-of-documents-is-at-the-partner",
        ),
    ],
)
def test_event_place(ctx, lang, text, place) -> None:
    events = _events(ctx, text, lang)
    want = place if isinstance(place, list) else [place]
    assert [e.place.name if e.place else "" for e in events] == want, [(e.kind, e.partners) for e in events]


@pytest.mark.parametrize(
    "lang, text, planned",
    [
        pytest.param(
            "ru",
            "2 октября в Лионе Казахский национальный университет имени аль-Фараби и Лионский университет подписали "
            "меморандум о сотрудничестве.\n\nТакже согласно документу Франция берет на себя развитие Алматинского "
            "филиала Лионского университета.",
            [False, True],
            id="ru-commitment-under-an-agreement-is-a-plan",
        ),
        pytest.param(
            "kk",
            "11 қазанда Е.А. Бөкетов атындағы Қарағанды университетіне Германияның Вормандель тау-кен академиясының "
            "делегациясы келді. Қонақтар университет ректорымен кездесті.\n\nКездесу қорытындысы бойынша "
            "тараптар 2025 жылы бірлескен магистратура бағдарламасын ашуға келісті.",
            [False, True],
            id="kk-agreed-now-to-open-later-the-date-is-the-plan-s",
        ),
    ],
)
def test_plans_are_rows_of_their_own(ctx, lang, text, planned) -> None:
    events = sorted(_events(ctx, text, lang, published="2023-10-12"), key=lambda e: e.planned)
    assert [e.planned for e in events] == planned, [(e.kind, e.planned, e.evidence) for e in events]


@pytest.mark.parametrize(
    "lang, text, partner",
    [
        pytest.param(
            "en",
            "On 3 May 2024 Satbayev University and Vormandel Analytics signed a memorandum in Almaty.",
            "Vormandel Analytics",
            id="en-second-subject-without-a-head-noun",
        ),
        pytest.param(
            "fr",
            "Le 3 mai 2024, l'Université Satbayev et Vormandel International ont signé un accord à Lyon.",
            "Vormandel International",
            id="fr-second-subject-without-a-head-noun",
        ),
    ],
)
def test_parties_without_a_head_noun(ctx, lang, text, partner) -> None:
    events = _events(ctx, text, lang)
    assert [[i.name for i in e.partners] for e in events] == [[partner]], [(e.kind, e.partners) for e in events]


@pytest.mark.parametrize(
    "lang, text, partner_id",
    [
        pytest.param(
            "tr",
            "Orta Doğu Teknik Üniversitesi (ODTÜ) ile Satbayev Üniversitesi arasında 3 Mayıs 2024 tarihinde "
            "bir iş birliği protokolü imzalandı.",
            "tr-metu",
            id="tr-name-with-a-curated-acronym-is-that-body",
        ),
        pytest.param(
            "en",
            "On 3 May 2024 the Middle Eastern Technical University of Ankara (ODTÜ) and Satbayev University "
            "signed a memorandum.",
            "tr-metu",
            id="en-name-with-a-curated-acronym-is-that-body",
        ),
    ],
)
def test_a_name_is_the_body_its_bracketed_acronym_names(ctx, lang, text, partner_id) -> None:
    """A name followed by a curated body's acronym in brackets is that body, one partner,
    in whatever language or spelling the name is written."""
    events = _events(ctx, text, lang)
    assert [[i.id for i in e.partners] for e in events] == [[partner_id]], [(e.kind, e.partners) for e in events]


@pytest.mark.parametrize(
    "lang, text, published, dated",
    [
        pytest.param(
            "ru",
            "АЛМАТЫ, 18 апреля. Евразийский университет и Томский вормандельский университет (ТВУ) "
            "подписали соглашение о сотрудничестве.\n\nДокумент подписали ректоры вузов в ходе визита "
            "делегации ТВУ в Алматы 16 апреля.",
            "2024-04-18",
            [("agreement", "2024-04-16")],
            id="ru-a-dateline-dates-the-report-not-the-act",
        ),
        pytest.param(
            "it",
            "Il Politecnico di Vormandello (Torino) e l'Università Satbayev hanno firmato il 9 febbraio 2024 un "
            "accordo.\n\n"
            "Le due università organizzeranno una scuola estiva congiunta ad Almaty nel luglio 2024.",
            "2024-02-12",
            [("agreement", "2024-02-09"), ("programme", "2024-07-01")],
            id="it-summer-school-is-a-programme",
        ),
        pytest.param(
            "en",
            "Satbayev University and the University of Vormandel (Lyon) have agreed to launch a joint master's "
            "programme in data science from September 2025.\n\nThe agreement was reached at a meeting on May 28.",
            "2024-05-30",
            [("agreement", "2024-05-28"), ("programme", "2025-09-01")],
            id="en-joint-programme-with-words-between",
        ),
        pytest.param(
            "ru",
            "10-11 сентября 2024 года в Урумчи состоялось заседание подкомитета с Вормандельским университетом "
            "(КНР).\n\nПо итогам заседания стороны подписали протокол и договорились о реализации совместных "
            "проектов в 2025-2027 годах.",
            "2024-09-12",
            [("agreement", "2024-09-10")],
            id="ru-the-period-agreed-on-is-no-date-of-the-signing",
        ),
        pytest.param(
            "ru",
            "10-11 сентября 2024 года в Урумчи состоялось заседание Казахстанско-китайского подкомитета по "
            "научному сотрудничеству.\n\nКазахстанскую делегацию возглавил вице-министр.\n\nТакже делегация "
            "посетила Синьцзянский вормандельский университет.",
            "2024-09-20",
            [("meeting", "2024-09-10"), ("visit", "2024-09-10")],
            id="ru-the-delegation-s-visit-is-on-the-trip-s-dates",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университеті Вормандель университетімен (Франция) бірлесіп, жаңа біліктілікті арттыру "
            "бағдарламасын іске қосады.\n\nБағдарлама 2024 жылдың қыркүйегінде басталады.",
            "2024-04-15",
            [("programme", "2024-09-01")],
            id="kk-the-next-sentence-dates-the-act-it-names-again",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университетіне Францияның Вормандель университетінің делегациясы келді.\n\n"
            "Университет ректоры француз әріптестерін 21 мамырда қабылдады.",
            "2024-05-22",
            [("visit", "2024-05-21")],
            id="kk-the-hosts-reception-dates-the-visit",
        ),
        pytest.param(
            "kk",
            "Сәтбаев университетінде 2024 жылғы 15-16 сәуірде Вормандель университетінің (Франция) ғалымдарымен "
            "«Ғылым: кеше және бүгін» атты халықаралық конференция өтеді.",
            "2024-03-01",
            [("forum", "2024-04-15")],
            id="kk-a-stated-date-beats-today-in-a-quoted-title",
        ),
        pytest.param(
            "en",
            "On 25 September Satbayev University and the Vormandel Institute (Seoul) signed a protocol that "
            "provides for ten joint research projects in 2025-2027.",
            "2024-09-27",
            [("agreement", "2024-09-25")],
            id="en-a-period-the-agreement-provides-for-is-no-date-of-the-signing",
        ),
        pytest.param(
            "ru",
            "В 2024 году 12 студентов Сатпаев Университета пройдут стажировку в Вормандельском институте "
            "(Франция).\n\nСтажировка продлится с 1 июля по 31 августа.",
            "2024-06-03",
            [("programme", "2024-07-01")],
            id="ru-an-internship-told-again-narrowed-to-its-months-is-one-row",
        ),
        pytest.param(
            "es",
            "El 4 de marzo de 2024 la Universidad Satbayev y la Universidad de Valdeluna (Oviedo) firmaron un "
            "convenio.\n\nEl convenio prevé la creación de un centro de lengua española en Almaty en 2025.",
            "2024-03-06",
            [("agreement", "2024-03-04"), ("founding", "2025-01-01")],
            id="es-what-an-agreement-provides-for-is-a-planned-act",
        ),
        pytest.param(
            "ru",
            "В рамках визита Министра науки и высшего образования Республики Казахстан в Малайзию 22-23 мая 2024 "
            "года подписан ряд документов.\n\nВ частности, Сатпаев Университет и Университет Путра Малайзия "
            "подписали меморандум о сотрудничестве.",
            "2024-05-25",
            [("agreement", "2024-05-22"), ("agreement", "2024-05-22")],
            id="ru-an-act-among-a-number-of-documents-is-on-their-date",
        ),
        pytest.param(
            "en",
            "Satbayev University and the University of Vormandel (Lyon) will launch a joint teacher training "
            "programme.\n\nThe programme starts in September 2024.",
            "2024-04-15",
            [("programme", "2024-09-01")],
            id="en-the-next-sentence-dates-the-act-it-names-again",
        ),
    ],
)
def test_event_dates(ctx, lang, text, published, dated) -> None:
    events = _events(ctx, text, lang, published=published)
    got = sorted((e.kind, e.date.start.isoformat() if e.date and e.date.start else "") for e in events)
    assert got == dated, [(e.kind, e.date, e.evidence) for e in events]
