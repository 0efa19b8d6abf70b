"""Date vocabulary per language (en, ru, kk, fr) for :mod:`kzatlas.extract.dates`: how
month names inflect (CLDR supplies the base names), which words mark a number
as a year, which words may stand before a bare month or year, how ranges are
joined, which phrases are relative to the publication date, and which words
mark a sentence as planned/future. Only knowledge lives here; the matching
logic lives in ``kzatlas.extract.dates``. Entries are regular-expression fragments
(case-insensitive) unless stated otherwise; each group says why it exists."""

from __future__ import annotations

#: Years outside this range are never dates (guards against counts and codes).
MIN_YEAR = 1800
MAX_YEAR = 2100

#: CLDR locale used for each language's month names.
MONTH_LOCALES: dict[str, str] = {"en": "en", "ru": "ru", "kk": "kk", "fr": "fr"}

# --- Month inflection -------------------------------------------------------

#: Russian: the CLDR stand-alone name ends in a soft sign / й (январь, май) or a
#: hard consonant (март, август). Strip the soft ending to get the stem, then add
#: any case ending: января, январе, январю, январём; мая, мае, маю; марта, марте.
RU_SOFT_ENDINGS: tuple[str, ...] = ("ь", "й")
RU_SOFT_SUFFIXES: tuple[str, ...] = ("ь", "й", "я", "е", "ю", "ем", "ём")
RU_HARD_SUFFIXES: tuple[str, ...] = ("", "а", "е", "у", "ом")

#: Kazakh: the CLDR name is the stem; case and possessive endings are added in
#: every vowel-harmony/assimilation variant (overgeneration is harmless, the
#: impossible forms never occur in text). Grouped by function.
KK_MONTH_SUFFIXES: tuple[str, ...] = (
    "",
    # locative "in March": наурызда, сәуірде, қыркүйекте
    "да", "де", "та", "те",
    # genitive: наурыздың, шілденің, қарашаның
    "ның", "нің", "дың", "дің", "тың", "тің",
    # dative / ablative
    "ға", "ге", "қа", "ке", "на", "не",
    "дан", "ден", "тан", "тен", "нан", "нен",
    # 3rd-person possessive (after "2026 жылдың"): наурызы, шілдесі, and its cases
    "ы", "і", "сы", "сі",
    "ында", "інде", "сында", "сінде",
    "ының", "інің", "сының", "сінің",
    "ынан", "інен", "сынан", "сінен",
    "ына", "іне", "сына", "сіне",
    # attributive locative: наурыздағы "of/in March"
    "дағы", "дегі", "тағы", "тегі", "ындағы", "індегі", "сындағы", "сіндегі",
)
#: Kazakh endings that make a month usable on its own ("наурызда" = "in March");
#: the bare nominative is also a holiday (Наурыз) or a city (Қазан).
KK_STANDALONE_SUFFIXES: tuple[str, ...] = (
    "да", "де", "та", "те", "ында", "інде", "сында", "сінде",
    "дағы", "дегі", "тағы", "тегі", "ындағы", "індегі", "сындағы", "сіндегі",
)
#: After a bare Kazakh month, "айы/айында" ("the month of") also licenses it.
KK_MONTH_WORD = r"ай(?:ы|ында|ынан|ына|ының)?"

#: Languages whose month names are also matched without accents ("decembre").
ACCENT_FOLD_LANGS: tuple[str, ...] = ("fr",)

#: Abbreviations CLDR lacks but newsrooms use (lowercase, without the dot).
EXTRA_ABBREVIATIONS: dict[str, dict[str, int]] = {
    "en": {"sept": 9},
    "ru": {"фев": 2, "сен": 9, "ноя": 11},
    "kk": {},
    "fr": {"fev": 2},
}

#: English month names that are also given names or verbs (June Smith, "may",
#: "to march"): on their own (no day, no year) they need a context word before.
EN_AMBIGUOUS_MONTHS: tuple[str, ...] = ("march", "may", "april", "june", "august")

# --- Days, years, ranges ------------------------------------------------------

#: Ordinal marks that may follow a day number: 4th, 1er, 13-го.
DAY_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("st", "nd", "rd", "th"),
    # Russian official style quotes the day: «15» мая 2024 г.
    "ru": ("-го", "-е", "»"),
    "kk": ("»",),
    "fr": ("er",),
}

#: Words between a day and its month besides a space ("4th of October").
DAY_MONTH_LINKS: dict[str, tuple[str, ...]] = {"en": ("of",), "ru": (), "kk": (), "fr": ()}

#: Words that join two days or two years into a range (dashes always do).
RANGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to", "and", "through", "till", "until"),
    "ru": ("по", "до", "и"),
    "kk": ("және",),
    "fr": ("au", "et"),
}
#: Characters read as a range dash: hyphen, the Unicode dashes and minus.
RANGE_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

#: Words after a number that make it a year: "2024 года", "1817 жылы", "2024 г.".
YEAR_WORDS: dict[str, tuple[str, ...]] = {
    "en": (),
    "ru": ("году", "года", "годом", "год", "годы", "годах", "годов", "гг.", "г.", "г"),
    "kk": (
        "жылғы", "жылы", "жылдың", "жылдан", "жылға", "жылда", "жыл",
        "жылдары", "жылдарда", "жылдардағы", "жж.", "ж.",
    ),
    "fr": (),
}
#: Plural year words: after a single year they name a decade ("1990 жылдары" =
#: the 1990s), so they only make year ranges ("2020–2025 годы").
PLURAL_YEAR_WORDS: dict[str, tuple[str, ...]] = {
    "en": (),
    "ru": ("годы", "годах", "годов", "гг."),
    "kk": ("жылдары", "жылдарда", "жылдардағы", "жж."),
    "fr": (),
}
#: Endings glued to a year that make it a decade: 1990s, 1990-х, 1990-е, années 1990 is fine.
DECADE_ENDINGS: tuple[str, ...] = ("s", "'s", "’s", "-х", "-е", "-ые", "-ых", "-x", "-e")

#: Kazakh year words that may open a "year, then day and month" date:
#: "2026 жылғы 15 наурызда", "2024 жылдың 5 маусымы".
KK_YEAR_FIRST_WORDS: tuple[str, ...] = ("жылғы", "жылдың", "жылы", "ж.")

#: Words that, standing right before a bare 4-digit number, make it a year
#: ("in 2011", "En 2018", "в 2018", "prévu pour 2028"). Kazakh needs a year word.
YEAR_CONTEXT_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        "in", "since", "by", "until", "till", "from", "during", "before", "after",
        "early", "late", "mid", "mid-", "year", "spring", "summer", "autumn", "fall", "winter",
        "for", "through", "end of", "beginning of", "start of", "middle of", "the year",
    ),
    "ru": (
        "в", "во", "с", "со", "до", "к", "по", "после", "начале", "конце", "середине",
        "весной", "летом", "осенью", "зимой",
    ),
    "kk": (),
    "fr": (
        "en", "depuis", "pour", "dès", "des", "avant", "après", "d'ici", "d’ici", "jusqu'en", "jusqu’en",
        "année", "l'an", "l’an", "début", "fin", "mi-", "courant", "printemps", "été", "automne", "hiver",
    ),
}

#: Words that may stand right before a month without day or year ("in May",
#: "В мае", "En avril", "fin mars"). Kazakh uses suffixes instead (see above).
MONTH_CONTEXT_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        "in", "since", "by", "until", "till", "from", "during", "before", "after",
        "early", "late", "mid", "mid-", "of", "next", "last", "this", "each", "every", "through",
    ),
    "ru": (
        "в", "во", "с", "со", "до", "к", "по", "от", "после",
        "начале", "конце", "середине", "начала", "конца", "середины", "течение",
    ),
    "kk": (),
    "fr": (
        "en", "d'", "d’", "de", "début", "fin", "mi-", "courant", "depuis", "dès", "avant", "après",
        "pour", "jusqu'en", "jusqu’en",
    ),
}

# --- Relative expressions -----------------------------------------------------

#: Small number words usable in "{n} years ago" (digits always work).
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    },
    "ru": {
        "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
        "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    },
    "kk": {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10},
    "fr": {
        "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
        "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    },
}

#: (phrase, unit, offset, precision). ``{n}`` is a count (digits or a number word)
#: and the offset is multiplied by it. Units: year | month | day. "A year ago" is
#: month-precise (the same month last year); "N years ago" only year-precise.
RelativeRule = tuple[str, str, int, str]
RELATIVE: dict[str, tuple[RelativeRule, ...]] = {
    "en": (
        (r"(?:the\s+)?last\s+year|the\s+previous\s+year|the\s+past\s+year", "year", -1, "year"),
        (r"this\s+year|the\s+current\s+year", "year", 0, "year"),
        (r"next\s+year|the\s+coming\s+year", "year", 1, "year"),
        (r"(?:exactly\s+|just\s+|almost\s+|nearly\s+)?(?:a|one)\s+year\s+ago", "month", -12, "month"),
        (r"{n}\s+years\s+ago", "year", -1, "year"),
        (r"last\s+month|a\s+month\s+ago", "month", -1, "month"),
        (r"this\s+month", "month", 0, "month"),
        (r"next\s+month", "month", 1, "month"),
        (r"yesterday", "day", -1, "day"),
        (r"tomorrow", "day", 1, "day"),
    ),
    "ru": (
        (r"в\s+позапрошлом\s+году", "year", -2, "year"),
        (r"в\s+прошлом\s+году|в\s+минувшем\s+году", "year", -1, "year"),
        (r"в\s+(?:этом|текущем|нынешнем)\s+году", "year", 0, "year"),
        (r"в\s+(?:следующем|будущем|наступающем)\s+году", "year", 1, "year"),
        (r"(?:ровно\s+)?(?:один\s+)?год\s+назад", "month", -12, "month"),
        (r"{n}\s+(?:года|лет)\s+назад", "year", -1, "year"),
        (r"в\s+прошлом\s+месяце|месяц\s+назад", "month", -1, "month"),
        (r"в\s+(?:этом|текущем)\s+месяце", "month", 0, "month"),
        (r"в\s+следующем\s+месяце", "month", 1, "month"),
        (r"вчера", "day", -1, "day"),
        (r"завтра", "day", 1, "day"),
    ),
    "kk": (
        (r"өткен\s+жыл(?:ы|дың|ғы)|былтыр(?:ғы)?", "year", -1, "year"),
        (r"биыл(?:ғы)?|(?:осы|ағымдағы)\s+жыл(?:ы|дың|ғы)", "year", 0, "year"),
        (r"(?:келесі|алдағы)\s+жыл(?:ы|дың|ғы)", "year", 1, "year"),
        (r"(?:дәл\s+)?бір\s+жыл\s+бұрын", "month", -12, "month"),
        (r"{n}\s+жыл\s+бұрын", "year", -1, "year"),
        (r"өткен\s+айда|бір\s+ай\s+бұрын", "month", -1, "month"),
        (r"осы\s+айда", "month", 0, "month"),
        (r"келесі\s+айда", "month", 1, "month"),
        (r"кеше", "day", -1, "day"),
        (r"ертең", "day", 1, "day"),
    ),
    "fr": (
        (r"l['’]année\s+(?:dernière|passée)|l['’]an\s+(?:dernier|passé)", "year", -1, "year"),
        (r"cette\s+année|l['’]année\s+en\s+cours", "year", 0, "year"),
        (r"l['’]année\s+prochaine|l['’]an\s+prochain", "year", 1, "year"),
        (r"il\s+y\s+a\s+(?:exactement\s+|tout\s+juste\s+|près\s+d['’])?un\s+an", "month", -12, "month"),
        (r"il\s+y\s+a\s+{n}\s+ans", "year", -1, "year"),
        (r"le\s+mois\s+dernier|le\s+mois\s+passé|il\s+y\s+a\s+un\s+mois", "month", -1, "month"),
        (r"ce\s+mois-ci", "month", 0, "month"),
        (r"le\s+mois\s+prochain", "month", 1, "month"),
        (r"hier", "day", -1, "day"),
        (r"demain", "day", 1, "day"),
    ),
}

#: Lowercase substrings that locate relative phrases: the phrase rules are tried
#: at the start of the word holding a trigger and of the three words before it
#: ("exactly a year ago" is found from "year"). Every phrase above must contain
#: one. Text holding none of them (nor a digit or month) is skipped at once.
RELATIVE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "en": ("year", "month", "yesterday", "tomorrow"),
    "ru": ("год", "месяц", "назад", "вчера", "завтра"),
    "kk": ("жыл", "былтыр", "биыл", "айда", "ай бұрын", "кеше", "ертең"),
    "fr": ("année", "annee", "an dernier", "an passé", "an prochain", "il y a", "mois", "hier", "demain"),
}

#: A month followed/preceded by a relative year: "в мае прошлого года",
#: "өткен жылдың наурызында", "avril de l'année dernière". Offset in years.
RELATIVE_YEAR_AFTER_MONTH: dict[str, tuple[tuple[str, int], ...]] = {
    "en": ((r"last\s+year", -1), (r"this\s+year", 0), (r"next\s+year", 1)),
    "ru": (
        (r"прошлого\s+года|минувшего\s+года", -1),
        (r"(?:этого|текущего|нынешнего)\s+года", 0),
        (r"(?:следующего|будущего)\s+года", 1),
    ),
    "kk": (),
    "fr": (
        (r"de\s+l['’]année\s+(?:dernière|passée)|de\s+l['’]an\s+dernier", -1),
        (r"de\s+cette\s+année|de\s+l['’]année\s+en\s+cours", 0),
        (r"de\s+l['’]année\s+prochaine|de\s+l['’]an\s+prochain", 1),
    ),
}
#: Words next to a month that fix its direction without fixing the year: "last
#: May" / "en avril dernier" is the most recent one before publication, "next
#: May" / "avril prochain" the first one after it.
MONTH_TENSE_BEFORE: dict[str, tuple[tuple[str, str], ...]] = {
    # "on the eve of the November meeting": the meeting comes after the visit being told.
    "en": (("last", "past"), ("next", "future"), ("this", "current"), ("eve of the", "future"),
           ("upcoming", "future"), ("forthcoming", "future"), ("coming", "future"), ("previous", "past")),
    "ru": (),
    "kk": (),
    "fr": (),
}
MONTH_TENSE_AFTER: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (),
    "ru": (),
    "kk": (),
    "fr": (("dernier", "past"), ("prochain", "future")),
}

RELATIVE_YEAR_BEFORE_MONTH: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (),
    "ru": (),
    "kk": (
        (r"өткен\s+жылдың|былтырғы", -1),
        (r"(?:осы|ағымдағы)\s+жылдың|биылғы", 0),
        (r"(?:келесі|алдағы)\s+жылдың", 1),
    ),
    "fr": (),
}

# --- Planned / future markers ---------------------------------------------------

#: A sentence with one of these speaks of something planned or still to come
#: ("prévu pour 2028", "планируется", "will", "жоспарланған", "to be held").
#: The year of a day/month without a year is then inferred forwards, not back.
#: Fragments are matched as whole words against the lowercased sentence and must
#: start with a letter (word endings go to FUTURE_SUFFIXES, which keeps the scan fast).
FUTURE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": (
        r"will", r"shall", r"won['’]t",
        r"to\s+be\s+(?:held|signed|launched|opened|organi[sz]ed|hosted|built|established)",
        r"(?:is|are|was|were)\s+(?:planned|scheduled|expected|due|set|going)\s+to",
        r"planned", r"scheduled", r"plans?\s+to", r"planning\s+to", r"intends?\s+to", r"intending\s+to",
        r"upcoming", r"forthcoming",
        r"next\s+(?:year|month|week|session|meeting|round|stage)",
    ),
    "ru": (
        r"планиру\w*", r"запланирова\w*", r"намеч\w*", r"намерен\w*", r"намерева\w*",
        r"предстоит", r"предстоят", r"предстоящ\w*", r"будет", r"будут", r"станет", r"станут",
        r"состоится", r"состоятся", r"пройд[её]т", r"пройдут", r"подпиш(?:ет|ут|ем)",
        r"провед[её]т", r"проведут", r"откроется", r"откроются", r"откроют", r"ожидается", r"ожидаются",
        r"собирается", r"собираются", r"в\s+(?:следующем|будущем)\s+году",
    ),
    "kk": (
        r"жоспарла\w*", r"болмақ", r"өтетін", r"өтеді", r"өткізіледі", r"өткізілетін",
        r"қол\s+қойылады", r"қол\s+қойылатын", r"ашылады", r"ашылатын", r"алдағы", r"келесі",
    ),
    "fr": (
        r"prévu\w*", r"prevu\w*", r"planifi\w*", r"programmée?s?", r"envisag\w*",
        r"aura\s+lieu", r"auront\s+lieu", r"se\s+tiendra", r"se\s+tiendront",
        r"va", r"vont", r"devrait", r"devraient", r"(?:a|ont)\s+l['’]intention", r"à\s+venir",
        r"prochaine?s?",
        r"sera", r"seront", r"serons", r"fera", r"feront", r"aura", r"auront",
    ),
}

#: Word endings that mark the future, with the least number of letters that must
#: precede them (so a short word that merely ends that way does not count).
FUTURE_SUFFIXES: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (("'ll", 1), ("’ll", 1)),  # we'll, they'll
    "ru": (),
    # intention future "-мақ/-мек/-пақ/-пек" (болмақ, өтпек); not "-бек", an ending of given names
    "kk": (("мақ", 3), ("мек", 3), ("пақ", 2), ("пек", 2)),  # Ермек (a name) has 2
    # simple future: signera, lancerons, développeront, réunira, tiendra
    "fr": (
        ("eront", 2), ("erons", 2), ("erez", 2), ("era", 2),
        ("iront", 2), ("irons", 2), ("ira", 2), ("ndra", 1), ("ndront", 1), ("ndrons", 1),
    ),
}
