"""Inflectional endings per language, used by :mod:`kzatlas.extract.morphology` to reduce
an inflected place or institution word ("Алматыда", "Дубне", "университетінің")
to candidate dictionary forms. Only endings are listed here; the stripping logic
lives in morphology. Lists are ordered longest-first when applied, so order here
is free; keep them grouped by grammatical function for review."""

from __future__ import annotations

#: Russian noun case endings (singular and plural). Stripping one of these and
#: then adding a nominative ending (see RU_NOMINATIVE_RESTORE) recovers the
#: dictionary form: "Дубне" -> "Дубн" + "а", "Китае" -> "Кита" + "й".
RU_NOUN_ENDINGS: tuple[str, ...] = (
    # singular oblique cases
    "а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ём", "ой", "ей", "ою", "ею", "ью",
    # -ия nouns (Бельгия, Россия): genitive/dative/prepositional -ии, instrumental -ией
    "ии", "ию", "ией",
    # plural
    "ах", "ях", "ам", "ям", "ами", "ями", "ов", "ев",
)

#: Nominative endings tried after removing a Russian case ending.
RU_NOMINATIVE_RESTORE: tuple[str, ...] = ("", "а", "я", "й", "ь", "о", "ия")

#: Russian adjective endings; "-ск-"/"-цк-" adjectives name places
#: ("Томский" -> Томск, "Полоцкий" -> Полоцк, "Пекинский" -> Пекин).
RU_ADJECTIVE_ENDINGS: tuple[str, ...] = (
    "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые",
    "ого", "его", "ому", "ему", "им", "ым", "ом", "ем",
    "ую", "юю", "ых", "их", "ыми", "ими",
)

#: Kazakh endings, stripped repeatedly (a word may stack possessive + case +
#: relational: "университет-і-нің", "Бельгия-да-ғы"). Variants follow vowel
#: harmony (а/е, ы/і) and consonant assimilation (д/т/н, ғ/қ/г/к).
KK_ENDINGS: tuple[str, ...] = (
    # locative
    "да", "де", "та", "те", "нда", "нде",
    # locative + relational -ғы/-гі ("Бельгиядағы", "Орталық Азиядағы")
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    # dative (incl. after possessive: "-ына", "-іне")
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    # genitive
    "ның", "нің", "дың", "дің", "тың", "тің",
    # ablative
    "дан", "ден", "тан", "тен", "нан", "нен",
    # accusative (incl. after possessive: "-ын", "-ін", "-н")
    "ны", "ні", "ды", "ді", "ты", "ті", "ын", "ін", "н",
    # instrumental
    "мен", "бен", "пен", "менен",
    # possessive 3rd person
    "ы", "і", "сы", "сі",
    # plural
    "лар", "лер", "дар", "дер", "тар", "тер",
    # relational on its own ("Алматыдағы" handled above; "бұрынғы" style)
    "ғы", "гі", "қы", "кі",
)

#: How many Kazakh endings may be stacked on one stem.
KK_MAX_DEPTH = 3

#: English: only the possessive clitic matters for names ("Kazakhstan's").
EN_ENDINGS: tuple[str, ...] = ("'s", "'",)

#: French elided articles/prepositions glued to a name ("d'Almaty", "l'Ukraine").
FR_ELISION_PREFIXES: tuple[str, ...] = ("l'", "d'", "qu'", "jusqu'", "lorsqu'")

#: Minimum stem length left after stripping: shorter stems are noise
#: ("Ал" from "Алда") and would make short common words look like names.
MIN_STEM_LEN = 3

#: Endings of surnames (Russian/Kazakh/Belarusian/Ukrainian, Cyrillic and
#: Latin spellings): a small town's name followed by such a word is a first
#: name ("Роман Василенко", "Abay Serikkanov"), not a place.
SURNAME_ENDINGS: tuple[str, ...] = (
    "ов", "ев", "ёв", "ова", "ева", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "енко", "ко", "ук", "юк",
    "ович", "евич", "вна", "ұлы", "улы", "қызы", "кызы", "бек", "бай",
    "ov", "ev", "ova", "eva", "in", "ina", "yn", "sky", "skiy", "skaya", "enko", "uk", "yuk", "ovich", "evich",
    "uly", "kyzy", "bek", "bay", "s",
)

#: Endings a word pattern "stem*" of :mod:`kzatlas.extract.rules.event_words` accepts
#: after its stem, per language (the stem's own form is always accepted). Latin-script
#: languages list their few noun and verb endings, so "agreement*" is not "agreementary"
#: and "sign*" is "signed" but not "significant"; Russian and Kazakh take any stack of
#: the case, possessive and plural endings below (up to three), so "визит*" covers
#: "визита", "визитом" and "делегация*" covers "делегациясы", "делегациясын".
WORD_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es", "ed", "d", "ing", "'s", "’s"),
    "fr": ("s", "e", "es", "x"),
    "de": ("e", "en", "n", "s", "es", "er", "em", "ern"),
    "it": ("o", "a", "i", "e"),
    "es": ("s", "es", "a", "as", "o", "os"),
    "tr": ("ı", "i", "u", "ü", "sı", "si", "su", "sü", "lar", "ler", "da", "de", "ta", "te", "ndaki", "ndeki",
           "nda", "nde", "ndan", "nden", "nın", "nin", "nun", "nün", "ya", "ye", "na", "ne", "la", "le"),
}
#: Cyrillic endings stacked after a stem (Russian cases, Kazakh cases, possessives, plurals).
CYRILLIC_WORD_ENDINGS: tuple[str, ...] = tuple(sorted(
    set(RU_NOUN_ENDINGS) | set(RU_ADJECTIVE_ENDINGS) | set(KK_ENDINGS)
    | {"сы", "сі", "ы", "і", "ын", "ін", "сын", "сін", "лары", "лері", "дары", "дері", "тары", "тері"},
    key=len, reverse=True))
