"""Institution finding: gazetteer aliases in every script and inflected form,
case-sensitive acronyms, name patterns for unknown institutions, gazetteer
loading errors, and a fuzz test that spans always quote the text. Most tests
use a small fixture gazetteer written here, so they do not depend on the
content of data/gazetteer.csv; a few run the seed forms against the real file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzatlas.extract.institutions import Gazetteer, GazetteerError, find_institutions
from kzatlas.models import Place, PlaceMention
from kzatlas.paths import GAZETTEER_CSV

FIXTURE_CSV = """\
id,name,aliases,kind,city,country,lat,lon,notes
kz-kaznu,Al-Farabi Kazakh National University,KazNU|Al-Farabi KazNU|КазНУ|ҚазҰУ|Казахский национальный университет имени аль-Фараби|Әл-Фараби атындағы Қазақ ұлттық университеті,university,Almaty,KZ,43.2225,76.9208,fixture
ru-jinr,Joint Institute for Nuclear Research,JINR|ОИЯИ|Объединённый институт ядерных исследований,research_centre,Dubna,RU,56.7456,37.1890,
ru-mai,Moscow Aviation Institute,MAI|МАИ|Московский авиационный институт|Institut de l'aviation de Moscou,university,Moscow,RU,55.8115,37.5003,
be-uliege,University of Liège,ULiège|Université de Liège|Льеж университеті|Льежский университет,university,Liège,BE,50.5830,5.5650,
kz-nas,National Academy of Sciences of the Republic of Kazakhstan,NAS RK|НАН РК|ҚР ҰҒА|Национальная академия наук РК,academy,Almaty,KZ,43.2380,76.9450,
cn-xjtu,Xi'an Jiaotong University,Сианьский университет Цзяотун|Университет Сиань Цзяотун,university,Xi'an,CN,34.2466,108.9834,
cn-nwpu,Northwestern Polytechnical University,Северо-Западный политехнический университет,university,Xi'an,CN,34.0333,108.7667,
cn-lzu,Lanzhou University,Университет Ланьчжоу,university,Lanzhou,CN,36.0470,103.8590,
cn-blcu,Beijing Language and Culture University,Пекинский университет языка и культуры,university,Beijing,CN,39.9920,116.3430,
cn-hainan,Hainan Satellite Data Centre,Центр исследования и использования спутниковых данных Хайнань,research_centre,Haikou,CN,20.03,110.33,
kr-kaeri,Korea Atomic Energy Research Institute,KAERI,research_centre,Daejeon,KR,36.4250,127.3640,
kz-inp,Institute of Nuclear Physics,Институт ядерной физики,research_centre,Almaty,KZ,43.2380,76.9900,
"""


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "gazetteer.csv"
    path.write_text(FIXTURE_CSV, encoding="utf-8")
    return Gazetteer.load(path)


def _found(mentions: list, text: str) -> list[tuple[str, str]]:
    for m in mentions:
        assert text[m.span[0]:m.span[1]] == m.text
    return [(m.institution.id, m.text) for m in mentions]


# --- Gazetteer matching ----------------------------------------------------------------------

GAZETTEER_CASES = [
    pytest.param("Льеж университетінің (ULiège) ректоры", "kk",
                 [("be-uliege", "Льеж университетінің"), ("be-uliege", "ULiège")], id="kk-genitive-liege"),
    pytest.param("ULiège-де шамамен 27 000 студент", "kk", [("be-uliege", "ULiège")], id="kk-acronym-hyphen-suffix"),
    pytest.param("ULiège пен Maqsut Narikbayev University арасында", "kk", [("be-uliege", "ULiège")],
                 id="kk-acronym-then-postposition"),
    pytest.param("ҚазҰУда оқиды", "kk", [("kz-kaznu", "ҚазҰУ")], id="kk-acronym-glued-suffix"),
    pytest.param("Әл-Фараби атындағы Қазақ ұлттық университетінде", "kk",
                 [("kz-kaznu", "Әл-Фараби атындағы Қазақ ұлттық университетінде")], id="kk-locative-kaznu"),
    pytest.param("ҚР ҰҒА-ның президенті", "kk", [("kz-nas", "ҚР ҰҒА")], id="kk-nas-acronym"),
    pytest.param("с Казахским национальным университетом имени аль-Фараби.", "ru",
                 [("kz-kaznu", "Казахским национальным университетом имени аль-Фараби")], id="ru-instrumental-kaznu"),
    pytest.param("ректор Казахского национального университета имени аль-Фараби", "ru",
                 [("kz-kaznu", "Казахского национального университета имени аль-Фараби")], id="ru-genitive-kaznu"),
    pytest.param("КазНУ имени аль-Фараби подпишет", "ru", [("kz-kaznu", "КазНУ имени аль-Фараби")],
                 id="ru-acronym-named-after"),
    pytest.param("әл-Фараби атындағы ҚазҰУ-да оқиды", "kk", [("kz-kaznu", "әл-Фараби атындағы ҚазҰУ")],
                 id="kk-named-after-before-acronym"),
    pytest.param("KazNU named after al-Farabi signed", "en", [("kz-kaznu", "KazNU named after al-Farabi")],
                 id="en-named-after"),
    pytest.param("с КазНУ им. аль-Фараби.", "ru", [("kz-kaznu", "КазНУ им. аль-Фараби")], id="ru-abbreviated-named-after"),
    pytest.param("Al-Farabi KazNU took part", "en", [("kz-kaznu", "Al-Farabi KazNU")], id="en-longest-alias-wins"),
    pytest.param("Press service of Al-Farabi KazNU", "en", [("kz-kaznu", "Al-Farabi KazNU")], id="en-alias-at-end"),
    pytest.param("Центром исследования и использования спутниковых данных Хайнань Северо-Западного "
                 "политехнического университета", "ru",
                 [("cn-hainan", "Центром исследования и использования спутниковых данных Хайнань"),
                  ("cn-nwpu", "Северо-Западного политехнического университета")], id="ru-genitive-nwpu"),
    pytest.param("С Северо-западным политехническим университетом ведется работа", "ru",
                 [("cn-nwpu", "Северо-западным политехническим университетом")], id="ru-instrumental-lowercase-nwpu"),
    pytest.param("между Сианьским университетом Цзяотун и КазНУ", "ru",
                 [("cn-xjtu", "Сианьским университетом Цзяотун"), ("kz-kaznu", "КазНУ")], id="ru-instrumental-xjtu"),
    pytest.param("Университет Сиань Цзяотун (Китай)", "ru", [("cn-xjtu", "Университет Сиань Цзяотун")],
                 id="ru-xjtu-other-word-order"),
    pytest.param("С Университетом Ланьчжоу реализуются программы", "ru", [("cn-lzu", "Университетом Ланьчжоу")],
                 id="ru-instrumental-lanzhou"),
    pytest.param("С Пекинским университетом языка и культуры, Шанхайским", "ru",
                 [("cn-blcu", "Пекинским университетом языка и культуры")], id="ru-instrumental-blcu"),
    pytest.param("сотрудники ОИЯИ и JINR", "ru", [("ru-jinr", "ОИЯИ"), ("ru-jinr", "JINR")], id="ru-jinr-acronyms"),
    pytest.param("президенты НАН РК и Кыргызстана", "ru", [("kz-nas", "НАН РК")], id="ru-nas-acronym"),
    pytest.param("the visit to JINR’s Directorate of NAS RK", "en", [("ru-jinr", "JINR"), ("kz-nas", "NAS RK")],
                 id="en-acronym-possessive"),
    pytest.param("le recteur du MAI (Institut de l'aviation de Moscou) en mai", "fr",
                 [("ru-mai", "MAI"), ("ru-mai", "Institut de l'aviation de Moscou")], id="fr-mai-not-month"),
    pytest.param("Mai 2024 : accord signé. En mai, rien.", "fr", [], id="fr-month-capitalised"),
    pytest.param("Korea Atomic Energy Research Institute (KAERI)", "en",
                 [("kr-kaeri", "Korea Atomic Energy Research Institute"), ("kr-kaeri", "KAERI")], id="en-name-and-acronym"),
    pytest.param("Институтом ядерной физики", "ru", [("kz-inp", "Институтом ядерной физики")], id="ru-genitive-complement"),
    pytest.param("the universities of Belarus", "en", [], id="en-generic-plural"),
    pytest.param("ведущих российских университетов", "ru", [], id="ru-generic-plural"),
    pytest.param("University", "en", [], id="en-head-alone"),
    pytest.param("Қазақ", "kk", [], id="kk-adjective-alone"),
    pytest.param("", "en", [], id="empty"),
]


@pytest.mark.parametrize("text, lang, expected", GAZETTEER_CASES)
def test_gazetteer_find(gazetteer: Gazetteer, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert _found(gazetteer.find(text, lang), text) == expected


def test_gazetteer_get_and_fields(gazetteer: Gazetteer) -> None:
    inst = gazetteer.get("kz-kaznu")
    assert inst is not None and inst.city == "Almaty" and inst.country_code == "KZ" and inst.lat == 43.2225
    assert "КазНУ" in inst.aliases and inst.notes == "fixture"
    assert gazetteer.get("nope") is None
    assert len(gazetteer.institutions) == 12


def test_find_institutions_prefers_gazetteer(gazetteer: Gazetteer) -> None:
    text = "Сианьский университет Цзяотун и Томский политехнический университет"
    found = find_institutions(text, "ru", gazetteer)
    assert [(m.source, m.institution.id) for m in found] == [
        ("gazetteer", "cn-xjtu"), ("pattern", "x-tomskii-politekhnicheskii-universitet")]


# --- Name patterns --------------------------------------------------------------------------


class FakePlaces:
    """A stand-in for PlaceIndex that knows a few cities, so pattern tests do not
    depend on the GeoNames data."""

    CITIES = {"polotsk": ("Polotsk", "BY"), "lyon": ("Lyon", "FR"), "ланьчжоу": ("Lanzhou", "CN")}
    ADJECTIVES = {"томский": ("Tomsk", "RU"), "сианьский": ("Xi'an", "CN"), "сианьским": ("Xi'an", "CN")}

    @staticmethod
    def _place(name: str, cc: str) -> Place:
        return Place(name=name, country_code=cc, lat=0.0, lon=0.0, precision="city", source="geonames")

    def find(self, text: str, lang: str, *, country_adjectives: bool = False) -> list[PlaceMention]:
        out = []
        for key, (name, cc) in self.CITIES.items():
            at = text.casefold().find(key)
            if at >= 0:
                out.append(PlaceMention(self._place(name, cc), text[at:at + len(key)], (at, at + len(key))))
        return out

    def city_from_adjective(self, word: str, lang: str = "ru") -> Place | None:
        hit = self.ADJECTIVES.get(word.casefold())
        return self._place(*hit) if hit else None


EMPTY = Gazetteer([])

PATTERN_CASES = [
    pytest.param("a Memorandum with Polotsk State University to stimulate", "en",
                 "Polotsk State University", "Polotsk State University", "university", ("Polotsk", "BY"),
                 id="en-city-state-university"),
    pytest.param("students of Satbayev University", "en", "Satbayev University", "Satbayev University",
                 "university", ("", ""), id="en-named-university"),
    pytest.param("Korea Atomic Energy Research Institute (KAERI)", "en", "Korea Atomic Energy Research Institute",
                 "Korea Atomic Energy Research Institute", "research_centre", ("", ""), id="en-institute"),
    pytest.param("with the Institute of Nuclear Physics in Almaty", "en", "Institute of Nuclear Physics",
                 "Institute of Nuclear Physics", "research_centre", ("", ""), id="en-institute-of"),
    pytest.param("Director of the Laboratory of Nuclear Reactions Sergey Sidorchuk.", "en",
                 "Laboratory of Nuclear Reactions", "Laboratory of Nuclear Reactions", "research_centre", ("", ""),
                 id="en-laboratory-before-person"),
    pytest.param("the European Space Agency said", "en", "European Space Agency", "European Space Agency", "agency",
                 ("", ""), id="en-agency"),
    pytest.param("un accord avec l'Université de Lyon a été signé", "fr", "Université de Lyon", "Université de Lyon",
                 "university", ("Lyon", "FR"), id="fr-universite-de"),
    pytest.param("le Centre national d'études spatiales et ses partenaires", "fr",
                 "Centre national d'études spatiales", "Centre national d'études spatiales", "research_centre",
                 ("", ""), id="fr-centre-national"),
    pytest.param("Томский политехнический университет подписал", "ru", "Томский политехнический университет",
                 "Томский политехнический университет", "university", ("Tomsk", "RU"), id="ru-city-adjective"),
    pytest.param("с Сианьским университетом Цзяотун", "ru", "Сианьским университетом Цзяотун",
                 "Сианьский университет Цзяотун", "university", ("Xi'an", "CN"), id="ru-instrumental-to-nominative"),
    pytest.param("Северо-Западного политехнического университета", "ru",
                 "Северо-Западного политехнического университета", "Северо-Западный политехнический университет",
                 "university", ("", ""), id="ru-genitive-to-nominative"),
    pytest.param("С Университетом Ланьчжоу реализуются", "ru", "Университетом Ланьчжоу", "Университет Ланьчжоу",
                 "university", ("Lanzhou", "CN"), id="ru-head-then-name"),
    pytest.param("вице-президент Академии наук Республики Таджикистан Саидмукум Ибодов", "ru",
                 "Академии наук Республики Таджикистан", "Академия наук Республики Таджикистан", "academy", ("", ""),
                 id="ru-academy-of-sciences"),
    pytest.param("с Шанхайским университетом политики и права и Гонконгским", "ru",
                 "Шанхайским университетом политики и права", "Шанхайский университет политики и права", "university",
                 ("", ""), id="ru-field-complement"),
    pytest.param("делегацию Технического университета Северной Каролины во главе", "ru",
                 "Технического университета Северной Каролины", "Технический университет Северной Каролины",
                 "university", ("", ""), id="ru-adjective-and-place-complement"),
    pytest.param("по созданию Китайско-Казахстанского института и Ассоциации", "ru",
                 "Китайско-Казахстанского института", "Китайско-Казахстанский институт", "research_centre", ("", ""),
                 id="ru-hyphenated-adjective"),
    pytest.param("Сәтбаев университетінде оқиды", "kk", "Сәтбаев университетінде", "Сәтбаев университеті",
                 "university", ("", ""), id="kk-locative-to-base"),
    pytest.param("Қазақстан мен Әл-Фараби атындағы Қазақ ұлттық университеті арасында", "kk",
                 "Әл-Фараби атындағы Қазақ ұлттық университеті", "Әл-Фараби атындағы Қазақ ұлттық университеті",
                 "university", ("", ""), id="kk-named-after"),
    pytest.param("соның ішінде Еуропалық ғарыш агенттігінің жобаларына", "kk", "Еуропалық ғарыш агенттігінің",
                 "Еуропалық ғарыш агенттігі", "agency", ("", ""), id="kk-genitive-agency"),
    pytest.param("Сондай-ақ STAR (Space Sciences, Technologies and Astrophysics Research) институтымен ғарыш", "kk",
                 "STAR (Space Sciences, Technologies and Astrophysics Research) институтымен",
                 "STAR (Space Sciences, Technologies and Astrophysics Research) институты", "research_centre",
                 ("", ""), id="kk-acronym-with-brackets"),
    pytest.param("келісім «Лермонтель» институты арасында", "kk",
                 "«Лермонтель» институты", "«Лермонтель» институты", "research_centre", ("", ""),
                 id="kk-quoted-name-keeps-its-opening-quote"),
    pytest.param("Қонақтар Вормандель университетінің зертханаларымен танысты", "kk",
                 "Вормандель университетінің", "Вормандель университеті", "university", ("", ""),
                 id="kk-plural-subject-is-not-in-the-name"),
    pytest.param("avec l'Institut d'études turques, persanes et ouraliennes de Lyon, puis", "fr",
                 "Institut d'études turques, persanes et ouraliennes de Lyon",
                 "Institut d'études turques, persanes et ouraliennes de Lyon", "research_centre", ("Lyon", "FR"),
                 id="fr-list-of-adjectives-inside-a-name"),
    pytest.param("Шараны ашқан Вормандель университетінің проректоры", "kk",
                 "Вормандель университетінің", "Вормандель университеті", "university", ("", ""),
                 id="kk-participle-is-not-in-the-name"),
    pytest.param("l'Université Vormandel de Lyon et VCRC Energies ont signé", "fr",
                 "Université Vormandel de Lyon", "Université Vormandel de Lyon", "university", ("Lyon", "FR"),
                 id="fr-et-and-an-abbreviation-open-another-name"),
    pytest.param("avec l'Office international des forêts (OIF) à Lyon", "fr",
                 "Office international des forêts", "Office international des forêts", "agency", ("", ""),
                 id="fr-office-head"),
    pytest.param("и Португальский научно-исследовательский институт морской биологии подписали", "ru",
                 "Португальский научно-исследовательский институт морской биологии",
                 "Португальский научно-исследовательский институт морской биологии", "research_centre", ("", ""),
                 id="ru-nationality-prefix-keeps-its-genitive-complement"),
    pytest.param("и Институт тепло- и массообмена подписали", "ru",
                 "Институт тепло- и массообмена", "Институт тепло- и массообмена", "research_centre", ("", ""),
                 id="ru-suspended-hyphen-compound"),
    pytest.param("Die Technische Hochschule Vormandel-Lippe und die Universität", "de",
                 "Technische Hochschule Vormandel-Lippe", "Technische Hochschule Vormandel-Lippe", "university",
                 ("", ""), id="de-article-does-not-open-a-name"),
    pytest.param("A delegation of the Vormandel Business School visited", "en",
                 "Vormandel Business School", "Vormandel Business School", "university", ("", ""),
                 id="en-business-school-is-higher-education"),
    pytest.param("Le Fonds public « Vormandel Qory » et l'Université", "fr",
                 "Fonds public « Vormandel Qory »", "Fonds public « Vormandel Qory »", "agency", ("", ""),
                 id="fr-quoted-name-after-an-adjective"),
    pytest.param("L'Université agrotechnique S. Vormandov et l'Institut", "fr",
                 "Université agrotechnique S. Vormandov", "Université agrotechnique S. Vormandov", "university",
                 ("", ""), id="fr-initial-inside-a-name"),
    pytest.param("Вормандель тау-кен академиясының делегациясы келді", "kk",
                 "Вормандель тау-кен академиясының", "Вормандель тау-кен академиясы", "academy", ("", ""),
                 id="kk-compound-ending-like-a-participle-stays-in-the-name"),
    pytest.param("Кореяның Вормандель әйелдер университеті арасында", "kk",
                 "Кореяның Вормандель әйелдер университеті", "Кореяның Вормандель әйелдер университеті", "university",
                 ("", ""),
                 id="kk-plural-noun-after-a-proper-name-is-in-the-name"),
    pytest.param("Сапар барысында Вормандель университетімен келісімге қол қойылды", "kk",
                 "Вормандель университетімен", "Вормандель университеті", "university", ("", ""),
                 id="kk-postposition-opening-a-sentence-is-no-part-of-a-name"),
    pytest.param("El convenio con la Universidad Estatal E.A. Vormandov fue firmado", "es",
                 "Universidad Estatal E.A. Vormandov", "Universidad Estatal E.A. Vormandov", "university", ("", ""),
                 id="es-initials-inside-a-name"),
    pytest.param("La Universidad de Valdeluna firmó", "es", "Universidad de Valdeluna", "Universidad de Valdeluna",
                 "university", ("", ""), id="es-article-before-a-head-first-name"),
    pytest.param("Il Politecnico di Vormandello ha firmato", "it",
                 "Politecnico di Vormandello", "Politecnico di Vormandello", "university", ("", ""),
                 id="it-article-does-not-open-a-name"),
    pytest.param("mit der Kasachischen Vormandel-Agraruniversität und", "de",
                 "Kasachischen Vormandel-Agraruniversität", "Kasachischen Vormandel-Agraruniversität", "university",
                 ("", ""), id="de-hyphenated-compound-ends-in-its-head"),
    pytest.param("с компанией Jiangsu Huibo Robotics Technology Co., Ltd., Меморандум", "ru",
                 "Jiangsu Huibo Robotics Technology Co., Ltd.", "Jiangsu Huibo Robotics Technology Co., Ltd.", "company",
                 ("", ""), id="company-co-ltd"),
    pytest.param("китайской корпорацией TusHoldings на базе университета", "ru", "TusHoldings", "TusHoldings",
                 "company", ("", ""), id="company-after-trigger"),
    pytest.param("договор с ТОО «Гарыш Экология» подписан", "ru", "ТОО «Гарыш Экология»", "ТОО «Гарыш Экология»",
                 "company", ("", ""), id="company-legal-form-quoted"),
    pytest.param("Acme Robotics Inc. and others", "en", "Acme Robotics Inc.", "Acme Robotics Inc.", "company",
                 ("", ""), id="company-inc"),
]


@pytest.mark.parametrize("text, lang, quoted, name, kind, place", PATTERN_CASES)
def test_patterns(text: str, lang: str, quoted: str, name: str, kind: str, place: tuple[str, str]) -> None:
    found = find_institutions(text, lang, EMPTY, FakePlaces())  # type: ignore[arg-type]
    assert [m.text for m in found] == [quoted]
    mention = found[0]
    assert text[mention.span[0]:mention.span[1]] == quoted
    inst = mention.institution
    assert mention.source == "pattern"
    assert (inst.name, inst.kind, (inst.city, inst.country_code)) == (name, kind, place)
    assert inst.id.startswith("x-") and inst.id.isascii() and " " not in inst.id


NO_INSTITUTION = [
    pytest.param("Active partnership with the universities of Belarus led to", "en", id="en-plural-lowercase"),
    pytest.param("University", "en", id="en-head-alone"),
    pytest.param("The University said.", "en", id="en-determiner-only"),
    pytest.param("the Institute’s flagship projects", "en", id="en-possessive-head-alone"),
    pytest.param("одного из ведущих российских университетов", "ru", id="ru-lowercase-plural"),
    pytest.param("связи с 65 университетами и организациями", "ru", id="ru-number-plural"),
    pytest.param("Университет. Институт. Центр будет создан.", "ru", id="ru-heads-alone"),
    pytest.param("Ведущие университеты страны", "ru", id="ru-capitalised-plural"),
    pytest.param("Kazinform News Agency reported", "en", id="en-news-agency"),
    pytest.param("a Chinese University delegation", "en", id="en-nationality-only"),
    pytest.param("Российский университет примет студентов", "ru", id="ru-nationality-only"),
    pytest.param("Қазақстандық университет студенттері", "kk", id="kk-nationality-only"),
    pytest.param("Қазақ", "kk", id="kk-adjective"),
    pytest.param("Құжатқа Анкара қаласында екі университет ректорлары қол қойды", "kk",
                 id="kk-numeral-and-place-locative-open-no-name"),
    pytest.param("Қазақстанның Орталық Азиядағы позициясы", "kk", id="kk-central-asia"),
    pytest.param("әлемнің жетекші университеттерімен", "kk", id="kk-plural"),
    pytest.param("Университет құрамында 11 факультет бар.", "kk", id="kk-head-alone"),
    pytest.param("dont une branche des principales universités russes", "fr", id="fr-plural-lowercase"),
    pytest.param("en mai", "fr", id="fr-month"),
]


@pytest.mark.parametrize("text, lang", NO_INSTITUTION)
def test_no_institution(gazetteer: Gazetteer, text: str, lang: str) -> None:
    assert find_institutions(text, lang, gazetteer, FakePlaces()) == []  # type: ignore[arg-type]


def test_pattern_ids_are_stable_across_cases() -> None:
    forms = ["Сианьский университет Цзяотун", "Сианьского университета Цзяотун", "Сианьским университетом Цзяотун"]
    ids = {find_institutions(f, "ru", EMPTY)[0].institution.id for f in forms}
    assert ids == {"x-sianskii-universitet-tsziaotun"}


def test_patterns_without_places_leave_city_empty() -> None:
    (mention,) = find_institutions("Université de Lyon", "fr", EMPTY)
    assert (mention.institution.city, mention.institution.country_code) == ("", "")


# --- Loading errors -------------------------------------------------------------------------

HEADER = "id,name,aliases,kind,city,country,lat,lon,notes\n"

BAD_ROWS = [
    pytest.param(HEADER + "a,A,,university,X,KZ,91,10,\n", r"bad\.csv:2: .*out of range", id="lat-out-of-range"),
    pytest.param(HEADER + "a,A,,university,X,KZ,north,10,\n", r"bad\.csv:2: lat 'north' is not a number",
                 id="lat-not-number"),
    pytest.param(HEADER + "a,A,,university,X,KZ,1,2,\na,B,,university,X,KZ,1,2,\n",
                 r"bad\.csv:3: duplicate id 'a' \(first on line 2\)", id="duplicate-id"),
    pytest.param(HEADER + ",A,,university,X,KZ,1,2,\n", r"bad\.csv:2: empty id", id="empty-id"),
    pytest.param(HEADER + "a,,,university,X,KZ,1,2,\n", r"bad\.csv:2: .*no name", id="empty-name"),
    pytest.param(HEADER + "a,A,,university,X,Kazakhstan,1,2,\n", r"bad\.csv:2: .*ISO alpha-2", id="bad-country"),
    pytest.param(HEADER + "a,A,,university,X,KZ,1,,\n", r"bad\.csv:2: .*only one of lat/lon", id="half-coordinates"),
    pytest.param(HEADER + "a,A,x,y,university,X,KZ,1,2,\n", r"bad\.csv:2: more fields", id="extra-field"),
    pytest.param("id,name,kind\na,A,university\n", r"bad\.csv: missing column\(s\) aliases", id="missing-columns"),
]


@pytest.mark.parametrize("content, message", BAD_ROWS)
def test_load_rejects_bad_rows(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        Gazetteer.load(path)


def test_load_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="nothere.csv"):
        Gazetteer.load(tmp_path / "nothere.csv")


def test_load_skips_blank_and_comment_rows(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("\ufeff" + HEADER + "# comment,,,,,,,,\n,,,,,,,,\na,A,,university,,,,,\n", encoding="utf-8")
    gz = Gazetteer.load(path)
    assert [i.id for i in gz.institutions] == ["a"] and gz.get("a").lat is None  # type: ignore[union-attr]


# --- The real gazetteer (data/gazetteer.csv) on the seed forms --------------------------------

real = pytest.mark.skipif(not GAZETTEER_CSV.exists(), reason="data/gazetteer.csv not present")

SEED_FORMS = [
    pytest.param("Farabi", "en", ["Al-Farabi KazNU", "KazNU", "Al-Farabi Kazakh National University"], id="kaznu-en"),
    pytest.param("Farabi", "ru", ["КазНУ", "КазНУ имени аль-Фараби", "Казахским национальным университетом имени "
                                  "аль-Фараби", "Казахского национального университета имени аль-Фараби"],
                 id="kaznu-ru"),
    pytest.param("Farabi", "kk", ["ҚазҰУ", "Әл-Фараби атындағы Қазақ ұлттық университеті"], id="kaznu-kk"),
    pytest.param("Nuclear Research", "en", ["JINR", "Joint Institute for Nuclear Research"], id="jinr-en"),
    pytest.param("Nuclear Research", "ru", ["ОИЯИ", "Объединенного института ядерных исследований"], id="jinr-ru"),
    pytest.param("Moscow Aviation", "fr", ["MAI", "Institut de l'aviation de Moscou"], id="mai-fr"),
    pytest.param("Moscow Aviation", "ru", ["МАИ"], id="mai-ru"),
    pytest.param("Liège", "kk", ["ULiège", "Льеж университеті", "Льеж университетінің", "Льеж университетімен"],
                 id="uliege-kk"),
    pytest.param("Academy of Sciences", "en", ["NAS RK", "National Academy of Sciences of the Republic of Kazakhstan"],
                 id="nas-en"),
    pytest.param("Academy of Sciences", "ru", ["НАН РК"], id="nas-ru"),
    pytest.param("Academy of Sciences", "kk", ["ҚР ҰҒА"], id="nas-kk"),
    pytest.param("Satbayev", "en", ["Satbayev University"], id="satbayev-en"),
    pytest.param("Korea Atomic", "en", ["Korea Atomic Energy Research Institute", "KAERI"], id="kaeri-en"),
    pytest.param("Jiaotong", "ru", ["Сианьский университет Цзяотун", "Университет Сиань Цзяотун",
                                    "Сианьским университетом Цзяотун"], id="xjtu-ru"),
]


@real
@pytest.mark.parametrize("name_part, lang, forms", SEED_FORMS)
def test_real_gazetteer_seed_forms(name_part: str, lang: str, forms: list[str]) -> None:
    gz = _real_gazetteer()
    ids = set()
    for form in forms:
        text = f"Встреча: {form} и партнёры." if lang != "en" else f"Meeting with {form} and partners."
        found = find_institutions(text, lang, gz)
        assert [m.text for m in found] == [form], form
        assert found[0].source == "gazetteer", form
        ids.add(found[0].institution.id)
    assert len(ids) == 1
    assert name_part in gz.get(ids.pop()).name  # type: ignore[union-attr]


REAL_PATTERNS = [
    pytest.param("Polotsk State University", "en", "BY", id="polotsk"),
    pytest.param("Université de Lyon", "fr", "FR", id="lyon"),
]


@real
@pytest.mark.parametrize("form, lang, country", REAL_PATTERNS)
def test_real_gazetteer_or_pattern_with_country(form: str, lang: str, country: str) -> None:
    from kzatlas.extract.places import PlaceIndex

    text = f"Accord avec {form} signé." if lang == "fr" else f"Agreement with {form} signed."
    found = find_institutions(text, lang, _real_gazetteer(), PlaceIndex.default())
    assert [m.text for m in found] == [form]
    assert found[0].institution.country_code == country


@real
@pytest.mark.parametrize("text, lang", [
    pytest.param("the universities of Belarus", "en", id="en-plural"),
    pytest.param("ведущих российских университетов", "ru", id="ru-plural"),
    pytest.param("University", "en", id="en-head"),
    pytest.param("Қазақ", "kk", id="kk-adjective"),
    pytest.param("En mai, Mai.", "fr", id="fr-month"),
])
def test_real_gazetteer_finds_nothing(text: str, lang: str) -> None:
    assert find_institutions(text, lang, _real_gazetteer()) == []


_REAL: list[Gazetteer] = []


def _real_gazetteer() -> Gazetteer:
    if not _REAL:
        _REAL.append(Gazetteer.load())
    return _REAL[0]


# --- Fuzz -----------------------------------------------------------------------------------

_ALPHABET = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàçïÉ"
    "0123456789 \n\t.,;:!?()«»\"'’-–—/&"
    "\u0301\u0306\u00a0"
)
_WORDS = ["University", "of", "Université", "de", "Institute", "университет", "университетінің", "Университетом",
          "Казахским", "КазНУ", "ҚазҰУ-да", "ULiège", "MAI", "mai", "имени", "атындағы", "Co.", "Ltd.", "ТОО",
          "компанией", "Академии", "наук", "Республики", "агенттігі", "орталығы", "Центр", "(", ")", "«", "»"]


@settings(max_examples=int(os.environ.get("KZATLAS_FUZZ_EXAMPLES", "2500")), deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=12), st.sampled_from(_WORDS)), max_size=30),
       st.sampled_from(["en", "ru", "kk", "fr", ""]))
def test_fuzz_spans_quote_the_text(parts: list[str], lang: str) -> None:
    text = " ".join(parts)
    gz = _FUZZ_GAZETTEER
    for mention in find_institutions(text, lang, gz, FakePlaces()):  # type: ignore[arg-type]
        start, end = mention.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == mention.text
        assert mention.institution.id


def _fixture_gazetteer() -> Gazetteer:
    import csv
    import io

    from kzatlas.models import Institution

    rows = csv.DictReader(io.StringIO(FIXTURE_CSV))
    return Gazetteer(Institution(id=r["id"], name=r["name"], kind=r["kind"], city=r["city"], country_code=r["country"],
                                 lat=float(r["lat"]), lon=float(r["lon"]), aliases=tuple(r["aliases"].split("|")))
                     for r in rows)


_FUZZ_GAZETTEER = _fixture_gazetteer()


def test_named_after_stops_before_the_parent_academy() -> None:
    # "… имени К. Вормандова Национальной академии наук …": the person's name ends at the
    # adjective that opens the academy's name; the institute and the academy are two names.
    text = "и Институт геологии имени К. Вормандова Национальной академии наук подписали"
    found = [m.text for m in find_institutions(text, "ru", EMPTY, FakePlaces())]  # type: ignore[arg-type]
    assert found == ["Институт геологии имени К. Вормандова", "Национальной академии наук"]


def test_a_name_run_into_a_curated_one_after_and_ends_before_the_conjunction(gazetteer: Gazetteer) -> None:
    text = "with experts from the Vormandel Institute of Lyon and Al-Farabi Kazakh National University."
    found = [(m.text, m.source) for m in find_institutions(text, "en", gazetteer, FakePlaces())]  # type: ignore[arg-type]
    assert found == [("Vormandel Institute of Lyon", "pattern"), ("Al-Farabi Kazakh National University", "gazetteer")]
