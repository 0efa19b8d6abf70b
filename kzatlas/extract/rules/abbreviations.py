"""Abbreviations that end with a dot without ending a sentence, per language, for the
one sentence splitter (:mod:`kzatlas.extract.document`). Month abbreviations come from
CLDR (Babel), so "Feb. 1-2", "janv. 2024", "сент. 2023" and the same in every language
Babel knows stay inside their sentence; the lists below hold the rest (titles, "No.",
Russian "г." and "им.", Kazakh "ж."). Entries are lower case, without the final dot;
a dotted inner part stays ("т.д", "e.g"). A single letter before a dot is always an
initial ("K. Mukanov", "А.С. Пушкина") and needs no entry."""

from __future__ import annotations

from functools import lru_cache

#: Languages whose CLDR month abbreviations are read (the splitter does not know
#: a text's language before splitting, so all of them apply everywhere; none of
#: these abbreviations ends a sentence in another language either).
MONTH_LOCALES: tuple[str, ...] = ("en", "ru", "kk", "fr", "de", "it", "es", "tr")

ABBREVIATIONS: frozenset[str] = frozenset(
    # English: titles, "No. 1", "Co., Ltd.", Latin shorthands.
    """mr mrs ms dr prof st no nos vol co ltd inc corp jr sr vs etc e.g i.e approx dept univ assoc gen gov sen rep
    est fig ed eds""".split()
    # Russian: "г." (год/город), "гг.", "им." (имени), "ул.", "проф.", "акад.", "т.д." ...
    + """г гг им ул д т тт стр проф акад доц англ см рис млн млрд тыс т.д т.е т.п т.к др пр с.ш в.д ст зам
    руб долл чл.-корр член-корр""".split()
    # Kazakh: "ж." (жыл), "жж.", "б." (басқа), "т.б." (тағы басқа), "проф.", "акад."
    + """ж жж бб мм т.б т.с.с б.з.б""".split()
    # French: "M." "Mme" "Pr" "env." "av." "ndlr" "cf." "p.ex"
    + """ndlr env av mme mlle cf pr me p.ex c.-à-d""".split()
    # German, Italian, Spanish, Turkish: titles and "z.B.", "ecc.", "etc."
    + """bzw z.b u.a ca nr hr fr dipl ecc sig dott ing avv sra sres dña vd prof.dr doç yrd vb""".split()
)


@lru_cache(maxsize=1)
def month_abbreviations() -> frozenset[str]:
    """CLDR's abbreviated month names of :data:`MONTH_LOCALES`, lower case, no dot."""
    from babel.dates import get_month_names  # noqa: PLC0415 - only the splitter's first call pays for it

    out: set[str] = set()
    for locale in MONTH_LOCALES:
        for context in ("format", "stand-alone"):
            for name in get_month_names("abbreviated", context=context, locale=locale).values():
                out.add(name.lower().rstrip("."))
    # Newsroom forms CLDR lacks.
    out.update({"sept", "fev", "ноя", "сен", "фев"})
    return frozenset(out)


@lru_cache(maxsize=1)
def month_words() -> frozenset[str]:
    """CLDR's month names, wide and abbreviated, of :data:`MONTH_LOCALES`, lower case, no
    dot: after "4." such a word continues the date ("am 4. Oktober", "den 4. okt.")."""
    from babel.dates import get_month_names  # noqa: PLC0415

    out: set[str] = set(month_abbreviations())
    for locale in MONTH_LOCALES:
        for context in ("format", "stand-alone"):
            out.update(n.lower().rstrip(".") for n in get_month_names("wide", context=context, locale=locale).values())
    return frozenset(out)
