"""Inflected forms reduce to their dictionary forms; normalisation is stable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzatlas.extract.morphology import candidate_stems, fold, normalize


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        pytest.param("Алматыда", "kk", "алматы", id="kk-locative-almaty"),
        pytest.param("Астанада", "kk", "астана", id="kk-locative-astana"),
        pytest.param("Қазақстанның", "kk", "қазақстан", id="kk-genitive-kazakhstan"),
        pytest.param("Бельгияда", "kk", "бельгия", id="kk-locative-belgium"),
        pytest.param("Бельгиядағы", "kk", "бельгия", id="kk-locative-relational-belgium"),
        pytest.param("Қазақстаннан", "kk", "қазақстан", id="kk-ablative"),
        pytest.param("Азиядағы", "kk", "азия", id="kk-dagy"),
        pytest.param("Льеж университетінің", "kk", "льеж университет", id="kk-possessive-genitive-multiword"),
        pytest.param("университетінің", "kk", "университет", id="kk-possessive-genitive"),
        pytest.param("Дубне", "ru", "дубна", id="ru-prepositional-dubna"),
        pytest.param("Астане", "ru", "астана", id="ru-prepositional-astana"),
        pytest.param("Пекине", "ru", "пекин", id="ru-prepositional-beijing"),
        pytest.param("Китае", "ru", "китай", id="ru-prepositional-china"),
        pytest.param("Китая", "ru", "китай", id="ru-genitive-china"),
        pytest.param("Москве", "ru", "москва", id="ru-prepositional-moscow"),
        pytest.param("России", "ru", "россия", id="ru-genitive-russia"),
        pytest.param("Казахстаном", "ru", "казахстан", id="ru-instrumental"),
        pytest.param("Алматыда", "", "алматы", id="unknown-lang-tries-kk"),
        pytest.param("Kazakhstan’s", "en", "kazakhstan", id="en-possessive"),
        pytest.param("d’Almaty", "fr", "almaty", id="fr-elision"),
    ],
)
def test_candidate_stems_include_dictionary_form(word: str, lang: str, expected: str) -> None:
    stems = candidate_stems(word, lang)
    assert expected in stems
    assert stems[0] == normalize(word)


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        pytest.param("По", "ru", id="short-word-no-stems"),
        pytest.param("Ал", "kk", id="short-kk-word"),
    ],
)
def test_short_words_are_not_stripped_to_nothing(word: str, lang: str) -> None:
    assert candidate_stems(word, lang) == [normalize(word)]


@pytest.mark.parametrize(
    ("text", "norm", "key"),
    [
        pytest.param("Xi’an", "xi'an", "xi'an", id="apostrophe"),
        pytest.param("Ёлки", "елки", "елки", id="yo"),
        pytest.param("Liège", "liège", "liege", id="accent-kept-then-folded"),
        pytest.param("Baïkonour", "baïkonour", "baikonour", id="diaeresis"),
        pytest.param("Алма–Ата", "алма-ата", "алма-ата", id="en-dash"),
        pytest.param("Йошкар-Ола", "йошкар-ола", "йошкар-ола", id="cyrillic-short-i-kept"),
        pytest.param("  Hong   Kong ", "hong kong", "hong kong", id="spaces"),
    ],
)
def test_normalize_and_fold(text: str, norm: str, key: str) -> None:
    assert normalize(text) == norm
    assert fold(text) == key


@given(st.text(max_size=30), st.sampled_from(["en", "ru", "kk", "fr", ""]))
def test_candidate_stems_never_crash_and_are_unique(word: str, lang: str) -> None:
    stems = candidate_stems(word, lang)
    assert len(stems) == len(set(stems))
    assert all(stems)


@given(st.text(max_size=30))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
