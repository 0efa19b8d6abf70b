"""Property tests of the article loader, the language identifier and the sentence
splitter over random input: decode_bytes and article_from_bytes never raise anything
but ArticleError (random bytes; random Kazakh/Russian/Latin text encoded as UTF-8,
UTF-16 or cp1251 with random front matter fragments); detect_language never raises
and names a language; sentence spans lie inside the text, in order, never overlap.
Set KZATLAS_FUZZ_EXAMPLES for a longer run (default 2,500 per test)."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzatlas.build.articles import _CP1251_LETTERS, article_from_bytes, decode_bytes, split_front_matter
from kzatlas.errors import ArticleError
from kzatlas.extract.document import MAX_SENTENCE_CHARS, split_sentences
from kzatlas.extract.language import detect_language, detect_text_language

FUZZ = settings(
    max_examples=int(os.environ.get("KZATLAS_FUZZ_EXAMPLES", "2500")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàçÉ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
)
_OTHER = "0123456789 \u00a0\t\n\r.,:;/-–—'’«»\"()!?…#"
_WORDS = [
    "университет", "университеті", "келісім", "соглашение", "и", "в", "мен", "және", "the", "and", "of",
    "le", "la", "des", "K.", "г.", "Co.,", "Ltd.", "2023", "31 February 2023", "2026-13-45", "99999",
    "…", "?!", ". ", ".\n", "\n\n",
]
_text = st.lists(
    st.one_of(st.text(alphabet=_LETTERS + _OTHER, max_size=15), st.sampled_from(_WORDS)), max_size=30
).map("".join)
_FRONT = [
    "---\n", "---", "...\n", "title: x\n", "published: 2023-02-31\n", "published: 2023-05-01\n",
    "published: 99999-01-01\n", "language: kk\n", "language: \n", "url: 'http://a'\n", "author: x\n",
    "no colon\n", ": empty key\n", "# comment\n", "\n", "publisher: \"ТАСС\"\n",
]
_front = st.lists(st.sampled_from(_FRONT), max_size=8).map("".join)
_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251"]


def _check_article(art, rel: str) -> None:
    assert art.path == rel
    assert art.text.strip()
    assert "\x00" not in art.text and "\r" not in art.text
    assert art.language and len(art.language) <= 8
    if art.published is not None:
        assert 1800 <= art.published.year <= 2100
    assert len(art.sha256) == 64


@FUZZ
@given(data=st.binary(max_size=3000))
def test_decode_bytes_random_bytes(data):
    try:
        text, encoding, warnings = decode_bytes(data)
    except ArticleError:
        return
    assert text.strip() and "\x00" not in text and "\r" not in text
    assert encoding and all(isinstance(w, str) and w for w in warnings)


@FUZZ
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"---\n"]),
    data=st.binary(max_size=400),
    tail=st.sampled_from([b"", b"\x00\x00", "абв".encode("cp1251"), "ққ".encode("utf-8")]),
)
def test_decode_bytes_tricky_prefixes(prefix, data, tail):
    try:
        decode_bytes(prefix + data + tail)
    except ArticleError:
        pass


@FUZZ
@given(front=_front, body=_text, encoding=st.sampled_from(_ENCODINGS))
def test_article_from_bytes_random_text(front, body, encoding):
    text = front + body
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # cp1251 has no Kazakh letters
        data = text.encode(encoding, errors="replace")
    try:
        art = article_from_bytes(data, rel="fuzz.txt", article_id="fuzz")
    except ArticleError:
        return
    _check_article(art, "fuzz.txt")


@FUZZ
@given(body=_text.filter(lambda t: sum(ch.isalpha() for ch in t) >= 3), encoding=st.sampled_from(_ENCODINGS))
def test_decoding_gives_back_the_text(body, encoding):
    """Text the encoding can hold comes back unchanged (line ends and edges aside)."""
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        return
    cyr = re.findall(r"[а-яёА-ЯЁІі]+", body)
    in_words = sum(len(w) for w in cyr if len(w) > 1)
    if encoding == "cp1251" and (len(_CP1251_LETTERS.findall(data)) < 4 or in_words < 0.5 * sum(map(len, cyr))):
        return  # without Cyrillic words, high bytes cannot tell cp1251 from Latin-1
    if encoding == "cp1251" and _is_utf8(data):
        return  # valid UTF-8 is read as UTF-8 (by design; tested below): 'ВЁ' is C2 A8, '¨' in UTF-8
    if encoding in ("utf-16-le", "utf-16-be") and not (
        " " in body and sum(ch.isalpha() for ch in body) >= 0.6 * len(body) and len(body) >= 24
    ):
        return  # BOM-less UTF-16 is only recognisable in prose: letters and spaces
    try:
        text, _enc, _w = decode_bytes(data)
    except ArticleError:
        return
    want = body.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    want = "".join(ch for ch in want if ch >= " " or ch in "\n\t")
    assert text.strip() == want.strip()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@FUZZ
@given(body=_text.filter(lambda t: sum(ch.isalpha() for ch in t) >= 3))
def test_valid_utf8_is_read_as_utf8(body):
    """Bytes that are valid UTF-8 are decoded as UTF-8, whatever else they could be."""
    try:
        text, enc, _w = decode_bytes(body.encode("utf-8"))
    except ArticleError:
        return
    want = "".join(ch for ch in body.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff") if ch >= " " or ch in "\n\t")
    assert enc.startswith("utf") and text.strip() == want.strip()


@FUZZ
@given(front=_front, body=_text)
def test_split_front_matter(front, body):
    meta, rest, warnings = split_front_matter(front + body)
    assert set(meta) <= {"title", "url", "published", "publisher", "language"}
    assert rest in (front + body) or (front + body).startswith("---")
    assert all(isinstance(w, str) for w in warnings)


_lang_text = st.lists(
    st.one_of(
        st.text(alphabet="әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдежзиклмнопрстуфхцчшщыэюяАБВГДЕЖЗИКЛМНО" + _OTHER, max_size=20),
        st.sampled_from(_WORDS),
        st.text(max_size=5),
    ),
    max_size=30,
).map("".join)


@FUZZ
@given(text=_lang_text, default=st.sampled_from(["", "en", "ru", "kk", "fr"]))
def test_detect_language_never_raises(text, default):
    lang = detect_language(text, default=default)
    assert isinstance(lang, str) and lang
    assert isinstance(detect_text_language(text), str) and detect_text_language(text)


@FUZZ
@given(text=st.one_of(_text, _lang_text, st.text(max_size=200)))
def test_sentence_spans(text):
    prev_end = 0
    for start, end in split_sentences(text):
        assert 0 <= prev_end <= start < end <= len(text), (start, end)
        assert end - start <= MAX_SENTENCE_CHARS
        assert not text[start].isspace() and not text[end - 1].isspace()
        # A line that runs on into the next (hard-wrapped text, a continuation starting in
        # lower case) stays in its sentence; a blank line always ends one.
        assert not any(not line.strip() for line in text[start:end].split("\n")[1:-1])
        assert "\n\n" not in text[start:end]
        prev_end = end


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab .\n\u00a0", min_size=1500, max_size=5000))
def test_sentence_spans_long_runs(text):
    """Long runs without breaks are cut; the spans are trimmed and still cover every word."""
    spans = split_sentences(text)
    for start, end in spans:
        assert not text[start].isspace() and not text[end - 1].isspace(), (start, end)
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * 1000 + "  " + "b" * 1000, id="double-space-at-the-cut"),
        pytest.param("a" * 1400 + " " + "\u00a0" * 200 + "b" * 100, id="no-break-spaces-at-the-cut"),
        pytest.param("a" * 4000, id="no-space-at-all"),
    ],
)
def test_long_run_cuts_are_trimmed(text):
    spans = split_sentences(text)
    assert spans and all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
