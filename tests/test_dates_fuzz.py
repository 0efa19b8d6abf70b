"""Property tests of the date rule layer over random text mixing Kazakh, Russian,
Turkish and Latin letters, digits, spaces, dashes and punctuation with month names,
year words, words for today and role prepositions spliced in, in every language with
tables plus codes with CLDR months only or none: nothing raises, every date is a real
period, every span points at the quoted text, mentions never overlap, a month- or
year-precise publication date never yields a day-precise relative date, and every role
is a known one. Set KZATLAS_FUZZ_EXAMPLES for a longer run."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from kzatlas.extract.dates import LANGS, extract_dates, is_planned, parse_dateline
from kzatlas.models import DATE_BASES, DATE_ROLES, PRECISIONS

FUZZ = settings(max_examples=int(os.environ.get("KZATLAS_FUZZ_EXAMPLES", "2500")), deadline=None)

_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêàçûôîÉ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІİ"
    "äöüßÄÖÜçğışÇĞŞñáíóúàèìò"
)
_OTHER = "0123456789 \u00a0\u202f\t\n.,:;/-–—−'’«»\"()!?…⁄%"
_PIECES = [
    "января", "мае", "июня", "марта", "декабрь", "наурызда", "қазан", "маусымы", "шілдесінде",
    "mars", "décembre", "decembre", "août", "1er", "October", "May", "Sept.", "окт.", "қаз.",
    "2024", "1817", "2100", "1799", "31", "29", "00", "13–14", "2 – 3", "11/17/2021", "17.11.2021",
    "2021-11-17", "2024-02-30", "года", "г.", "жылғы", "жылы", "ж.", "жылдың", "in", "en", "в", "pour",
    "last year", "в прошлом году", "il y a 2 ans", "былтыр", "биыл", "a year ago", "год назад",
    "өткен жылы", "l'an dernier", "prévu", "will", "планируется", "жоспарланған", "yesterday",
    "today", "Today's", "сегодня", "сегодняшней", "бүгін", "Бүгінгі", "aujourd'hui", "heute", "oggi", "hoy", "bugün",
    "signed", "подписал", "қол қойды", "a signé", "imzalandı", "firmó", "hat unterzeichnet", "ha firmato",
    "4. Oktober", "Jänner", "ottobre", "de octubre de", "Ekim", "Mart'ta", "2023'te", "'e kadar", "yılında",
    "for", "на", "pour", "für", "per il", "para", "için", "арналған", "дейін", "until", "до", "jusqu'en", "bis",
    "roadmap", "программ", "бағдарлама", "stratégie", "Strategie", "piano", "hoja de ruta", "yol haritası",
    "и", "and", "және", ";", " – ", ", а ", "wird", "se tiendra", "si terrà", "abrirá", "açılacak",
]
_text = st.lists(
    st.one_of(
        st.text(alphabet=_LETTERS + _OTHER, max_size=12),
        st.sampled_from(_PIECES),
        st.sampled_from([" ", " ", "-", ", ", "\n"]),
    ),
    max_size=24,
).map("".join)
_published = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))


@FUZZ
@given(
    text=_text,
    lang=st.sampled_from(LANGS + ("", "und", "pt", "nl", "xx", "de-AT")),
    published=_published,
    precision=st.sampled_from(PRECISIONS),
)
def test_extract_dates_properties(text, lang, published, precision):
    found = extract_dates(text, lang, published, published_precision=precision)
    prev_end = 0
    for m in found:
        s, e = m.span
        assert 0 <= s < e <= len(text)
        assert s >= prev_end, "mentions overlap or are unsorted"
        prev_end = e
        assert text[s:e] == m.text
        assert m.precision in PRECISIONS and m.basis in DATE_BASES
        if m.start is None:
            assert m.end is None and m.basis == "year_unknown" and m.month is not None
            assert 1 <= m.month <= 12
        else:
            assert m.start <= m.end
            assert 1800 <= m.start.year and m.end.year <= 2101
        if m.basis == "relative_to_publication" or m.basis == "year_from_publication":
            assert published is not None
        if m.basis == "relative_to_publication" and m.precision == "day":
            assert precision == "day", "a coarse publication date cannot place a day"
        assert m.role in DATE_ROLES


@FUZZ
@given(line=_text, lang=st.sampled_from(LANGS))
def test_parse_dateline_and_is_planned_never_raise(line, lang):
    d = parse_dateline(line, lang)
    assert d is None or isinstance(d, dt.date)
    assert isinstance(is_planned(line, lang), bool)


@FUZZ
@given(text=st.text(max_size=80), lang=st.sampled_from(LANGS))
def test_any_unicode_never_raises(text, lang):
    for m in extract_dates(text, lang, dt.date(2025, 6, 15)):
        assert text[m.span[0] : m.span[1]] == m.text
