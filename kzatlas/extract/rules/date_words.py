"""Date vocabulary per language for :mod:`kzatlas.extract.dates`: how month names inflect
(CLDR supplies the base names for every language Babel knows), which words mark a number
as a year, which words may stand before a bare month or year, how ranges are joined,
which phrases are relative to the publication date, when "today" is a date, which words
mark a clause as planned/future, and which prepositions make a period the object of a
plan ("a roadmap for 2025–2030") or a deadline ("until 2030") rather than the act's date.

Full tables exist for en, ru, kk, fr, de, it, es and tr. A language missing from a table
gets nothing from it: an unknown language reads CLDR month names and the language-neutral
shapes (ISO dates, 17.11.2021, "4 <month> 2023"), never English words. Only knowledge
lives here; the matching logic lives in ``kzatlas.extract.dates``. Entries are
regular-expression fragments (case-insensitive) unless stated otherwise; each group says
why it exists and, where one exists, the counter-example it must not match."""

from __future__ import annotations

#: Years outside this range are never dates (guards against counts and codes).
MIN_YEAR = 1800
MAX_YEAR = 2100

#: Languages with full tables below (every other code: CLDR months and neutral shapes).
LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "fr", "de", "it", "es", "tr")

#: CLDR locale of each language's month names (a language not listed uses its own code
#: when Babel knows it).
MONTH_LOCALES: dict[str, str] = {lang: lang for lang in LANGUAGES}
#: Codes that name no language: no month names at all, only the numeric shapes (Babel
#: would map "und" to English by its likely-subtags table).
NO_LANGUAGE: tuple[str, ...] = ("", "und", "root", "mul", "zxx", "c", "posix")

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
#: Kazakh consonants that voice before a vowel ending (қыркүйек -> қыркүйегі) and the
#: vowels that trigger it.
KK_VOICING: dict[str, str] = {"к": "г", "қ": "ғ", "п": "б"}
KK_VOWELS = "аәеиоөұүыіэюя"
#: Kazakh endings that make a month usable on its own ("наурызда" = "in March");
#: the bare nominative is also a holiday (Наурыз) or a city (Қазан).
KK_STANDALONE_SUFFIXES: tuple[str, ...] = (
    "да", "де", "та", "те", "ында", "інде", "сында", "сінде",
    "дағы", "дегі", "тағы", "тегі", "ындағы", "індегі", "сындағы", "сіндегі",
)
#: After a bare Kazakh month, "айы/айында" ("the month of") also licenses it.
KK_MONTH_WORD = r"ай(?:ы|ында|ынан|ына|ының)?"

#: Words right after a bare month that license it on its own, for languages that mark
#: "in October" after the noun: Turkish "Ekim ayında", "Ekim'de", "Mart'ta" (the
#: apostrophe sets a case ending off a proper noun). Counter-example: "Kasım" alone is
#: also a given name, so it needs one of these.
MONTH_LICENCE_AFTER: dict[str, tuple[str, ...]] = {
    "tr": (
        "ayında", "ayı", "ayının", "ayındaki", "ayına", "ayından",
        "'da", "'de", "'ta", "'te", "’da", "’de", "’ta", "’te",
        "'daki", "'deki", "'taki", "'teki", "’daki", "’deki", "’taki", "’teki",
    ),
}

#: How each language writes month names. "upper": always capitalised, and lower case
#: is another word (English "may", "march" are verbs); "any": capitalised by rule but
#: not a sign of a name (German nouns; Turkish months in a full date); languages not
#: listed write months in lower case, so a capitalised bare month is a name ("Марта",
#: "Mars" the planet, "Mayo" the clinic) unless a day or year comes with it.
MONTH_CASE: dict[str, str] = {"en": "upper", "de": "any", "tr": "any"}

#: Languages whose month names are also matched without accents ("decembre", "Marz").
ACCENT_FOLD_LANGS: tuple[str, ...] = ("fr", "de")

#: Abbreviations CLDR lacks but newsrooms use (lowercase, without the dot).
EXTRA_ABBREVIATIONS: dict[str, dict[str, int]] = {
    "en": {"sept": 9},
    "ru": {"фев": 2, "сен": 9, "ноя": 11},
    "kk": {},
    "fr": {"fev": 2},
}
#: Full month names CLDR lacks: regional spellings (Latin American "setiembre",
#: Austrian "Jänner") and the transliteration without umlaut ("Maerz").
EXTRA_MONTH_NAMES: dict[str, dict[str, int]] = {
    "de": {"jänner": 1, "maerz": 3},
    "es": {"setiembre": 9},
}
#: Languages whose abbreviations are read without their dot too ("Oct 5", "сент 2023").
#: Elsewhere only the dotted form is a month: Spanish "mar" is the sea, Italian "set" a
#: set, Turkish "ara" means "between".
DOTLESS_ABBREVIATIONS: tuple[str, ...] = ("en", "ru", "kk", "fr")

#: English month names that are also given names or verbs (June Smith, "may",
#: "to march"): on their own (no day, no year) they need a context word before.
EN_AMBIGUOUS_MONTHS: tuple[str, ...] = ("march", "may", "april", "june", "august")

# --- Days, years, ranges ------------------------------------------------------

#: Ordinal marks that may follow a day number: 4th, 1er, 13-го, German "4. Oktober",
#: Italian "1º ottobre".
DAY_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("st", "nd", "rd", "th"),
    # Russian official style quotes the day: «15» мая 2024 г.
    "ru": ("-го", "-е", "»"),
    "kk": ("»",),
    "fr": ("er",),
    "de": (".",),
    "it": ("º", "°"),
    "es": ("º", "°", ".º"),
}

#: Words between a day and its month besides a space ("4th of October", "4 de octubre").
DAY_MONTH_LINKS: dict[str, tuple[str, ...]] = {"en": ("of",), "es": ("de",), "pt": ("de",)}

#: Words between a month and its year besides a space or comma ("octubre de 2023").
#: Portuguese has no other table but writes its dates the Spanish way ("4 de outubro de 2023").
MONTH_YEAR_LINKS: dict[str, tuple[str, ...]] = {"es": ("de", "del"), "pt": ("de",)}

#: Words that join two days or two years into a range (dashes always do).
RANGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to", "and", "through", "till", "until"),
    "ru": ("по", "до", "и"),
    "kk": ("және",),
    "fr": ("au", "et"),
    "de": ("bis", "und", "bis zum"),
    "it": ("al", "e", "all'", "all’"),
    "es": ("al", "y", "a"),
    "tr": ("ve", "ile"),
}
#: Characters read as a range dash: hyphen, the Unicode dashes and minus.
RANGE_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

#: Words that join coordinated years or periods ("на 2026−2027 и 2028−2029 годы"): the
#: year word after the last one applies to all, and a role ("for", "until") of the
#: first carries to the rest.
COORDINATORS: dict[str, tuple[str, ...]] = {
    "en": ("and", "or"),
    "ru": ("и", "или"),
    "kk": ("және", "мен", "немесе"),
    "fr": ("et", "ou"),
    "de": ("und", "oder"),
    "it": ("e", "o"),
    "es": ("y", "o"),
    "tr": ("ve", "ile", "veya"),
}

#: Words after a number that make it a year: "2024 года", "1817 жылы", "2024 г.",
#: Turkish "2023 yılında" and the locative set off by an apostrophe ("2023'te" = in
#: 2023). Counter-example: Turkish ablative "2000'den fazla" means "more than 2000",
#: so only the locative and "'e kadar" (until) are year words.
YEAR_WORDS: dict[str, tuple[str, ...]] = {
    "ru": ("году", "года", "годом", "год", "годы", "годах", "годов", "гг.", "г.", "г"),
    "kk": (
        "жылғы", "жылы", "жылдың", "жылдан", "жылға", "жылда", "жыл",
        "жылдары", "жылдарда", "жылдардағы", "жылдарға", "жылдардың", "жылдарын", "жылдарындағы",
        "жж.", "ж.",
    ),
    "tr": (
        "yılında", "yılı", "yılının", "yılındaki", "yılına", "yılından", "yılıyla",
        "yılları", "yıllarında", "yıllarını", "yıllarının", "yıllarına", "yıllarındaki",
        "'da", "'de", "'ta", "'te", "’da", "’de", "’ta", "’te",
        "'e kadar", "'a kadar", "’e kadar", "’a kadar", "'ye kadar", "'ya kadar",
    ),
}
#: Plural year words: after a single year they name a decade ("1990 жылдары" =
#: the 1990s), so they only make year ranges ("2020–2025 годы").
PLURAL_YEAR_WORDS: dict[str, tuple[str, ...]] = {
    "ru": ("годы", "годах", "годов", "гг."),
    "kk": ("жылдары", "жылдарда", "жылдардағы", "жылдарға", "жылдардың", "жылдарын", "жылдарындағы", "жж."),
    "tr": ("yılları", "yıllarında", "yıllarını", "yıllarının", "yıllarına", "yıllarındaki"),
}
#: Endings glued to a year that make it a decade: 1990s, 1990-х, 1990-е, Turkish
#: "1990'lı yıllar" (années 1990 is fine: the year word comes before).
DECADE_ENDINGS: tuple[str, ...] = (
    "s", "'s", "’s", "-х", "-е", "-ые", "-ых", "-x", "-e",
    "'lı", "'li", "'lu", "'lü", "’lı", "’li", "’lu", "’lü", "er",
)

#: Kazakh year words that may open a "year, then day and month" date:
#: "2026 жылғы 15 наурызда", "2024 жылдың 5 маусымы".
KK_YEAR_FIRST_WORDS: tuple[str, ...] = ("жылғы", "жылдың", "жылы", "ж.")

#: Words that, standing right before a bare 4-digit number, make it a year
#: ("in 2011", "En 2018", "в 2018", "prévu pour 2028", "im Jahr 2023", "nel 2023").
#: Kazakh and Turkish need a year word after. Counter-examples: Spanish "de"/"para" and
#: German "für"/"vor" alone would take "más de 2000 estudiantes", "para 2000 estudiantes",
#: "für 2000 Studierende" for years; Russian "на" likewise ("рассчитан на 2000 мест").
#: A purpose preposition governed by a plan noun does make a year ("la estrategia para
#: 2030", see ROLE_FOR_BEFORE).
YEAR_CONTEXT_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        "in", "since", "by", "until", "till", "from", "during", "before", "after",
        "early", "late", "mid", "mid-", "year", "spring", "summer", "autumn", "fall", "winter",
        "for", "through", "end of", "beginning of", "start of", "middle of", "the year",
        "half of", "quarter of", "semester of",
    ),
    "ru": (
        "в", "во", "с", "со", "до", "к", "по", "после", "начале", "конце", "середине",
        "весной", "летом", "осенью", "зимой", "полугодии", "квартале", "семестре",
    ),
    "fr": (
        "en", "depuis", "pour", "dès", "des", "avant", "après", "d'ici", "d’ici", "jusqu'en", "jusqu’en",
        "année", "l'an", "l’an", "début", "fin", "mi-", "courant", "printemps", "été", "automne", "hiver",
        "horizon", "semestre", "trimestre",
    ),
    "de": (
        "im jahr", "im jahre", "jahr", "jahres", "seit", "bis", "ab", "anfang", "ende", "mitte",
        "frühjahr", "sommer", "herbst", "winter",
    ),
    "it": (
        "nel", "dal", "entro il", "fino al", "anno", "inizio del", "fine del", "metà del", "per il",
        "dopo il", "prima del", "primavera del", "estate del", "autunno del", "inverno del",
    ),
    "es": (
        "en", "desde", "hasta", "año", "en el año", "principios de", "finales de", "mediados de",
        "inicios de", "fines de", "primavera de", "verano de", "otoño de", "invierno de", "antes de", "después de",
    ),
}

#: Words that may stand right before a month without day or year ("in May",
#: "В мае", "En avril", "fin mars", "im Oktober", "a ottobre", "en octubre"). Kazakh and
#: Turkish use suffixes and the words after the month instead (see above).
MONTH_CONTEXT_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        "in", "since", "by", "until", "till", "from", "during", "before", "after",
        "early", "late", "mid", "mid-", "of", "next", "last", "this", "each", "every", "through",
    ),
    "ru": (
        "в", "во", "с", "со", "до", "к", "по", "от", "после",
        "начале", "конце", "середине", "начала", "конца", "середины", "течение",
    ),
    "fr": (
        "en", "d'", "d’", "de", "début", "fin", "mi-", "courant", "depuis", "dès", "avant", "après",
        "pour", "jusqu'en", "jusqu’en",
    ),
    "de": ("im", "seit", "bis", "ab", "anfang", "ende", "mitte", "vor", "nach", "zum", "des", "für", "von"),
    "it": (
        "a", "ad", "in", "di", "da", "dal", "nel", "nell'", "nell’", "entro", "fino a", "inizio", "fine", "metà",
        "mese di", "prima di", "dopo",
    ),
    "es": (
        "en", "de", "desde", "hasta", "para", "principios de", "finales de", "mediados de", "mes de",
        "antes de", "después de",
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
    "de": {
        "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    },
    "it": {
        "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
    },
    "es": {
        "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    },
    "tr": {"iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "on": 10},
}

#: (phrase, unit, offset, precision). ``{n}`` is a count (digits or a number word)
#: and the offset is multiplied by it. Units: year | month | day. "A year ago" is
#: month-precise (the same month last year); "N years ago" only year-precise.
#: "Today" is not here: it is a date only under the rule of :data:`TODAY`.
RelativeRule = tuple[str, str, int, str]
RELATIVE: dict[str, tuple[RelativeRule, ...]] = {
    "en": (
        (r"last\s+week|the\s+previous\s+week|the\s+past\s+week", "week", -1, "day"),
        (r"this\s+week", "week", 0, "day"),
        (r"next\s+week|the\s+coming\s+week", "week", 1, "day"),
        (r"(?:the\s+)?last\s+year|the\s+previous\s+year|the\s+past\s+year", "year", -1, "year"),
        (r"this\s+year|the\s+current\s+year", "year", 0, "year"),
        (r"next\s+year|the\s+coming\s+year", "year", 1, "year"),
        (r"(?:exactly\s+|just\s+|almost\s+|nearly\s+)?(?:a|one)\s+year\s+ago", "month", -12, "month"),
        (r"{n}\s+years\s+ago", "year", -1, "year"),
        (r"{n}\s+years\s+since", "year", -1, "year"),  # "this year marks 30 years since …"
        (r"last\s+month|a\s+month\s+ago", "month", -1, "month"),
        (r"this\s+month", "month", 0, "month"),
        (r"next\s+month", "month", 1, "month"),
        (r"yesterday", "day", -1, "day"),
        (r"tomorrow", "day", 1, "day"),
    ),
    "ru": (
        (r"на\s+прошлой\s+неделе|на\s+минувшей\s+неделе", "week", -1, "day"),
        (r"на\s+этой\s+неделе|на\s+текущей\s+неделе", "week", 0, "day"),
        (r"на\s+следующей\s+неделе|на\s+будущей\s+неделе", "week", 1, "day"),
        (r"в\s+позапрошлом\s+году", "year", -2, "year"),
        (r"в\s+прошлом\s+году|в\s+минувшем\s+году", "year", -1, "year"),
        (r"в\s+(?:этом|текущем|нынешнем)\s+году", "year", 0, "year"),
        (r"в\s+(?:следующем|будущем|наступающем)\s+году", "year", 1, "year"),
        (r"(?:ровно\s+)?(?:один\s+)?год\s+назад", "month", -12, "month"),
        (r"{n}\s+(?:года|лет)\s+назад", "year", -1, "year"),
        (r"{n}\s+(?:года|лет)\s+(?:со\s+дня|с\s+момента)", "year", -1, "year"),
        (r"в\s+прошлом\s+месяце|месяц\s+назад", "month", -1, "month"),
        (r"в\s+(?:этом|текущем)\s+месяце", "month", 0, "month"),
        (r"в\s+следующем\s+месяце", "month", 1, "month"),
        (r"вчера", "day", -1, "day"),
        (r"завтра", "day", 1, "day"),
    ),
    "kk": (
        (r"өткен\s+аптада", "week", -1, "day"),
        (r"осы\s+аптада|биылғы\s+аптада", "week", 0, "day"),
        (r"келесі\s+аптада", "week", 1, "day"),
        (r"өткен\s+жыл(?:ы|дың|ғы)|былтыр(?:ғы)?", "year", -1, "year"),
        (r"биыл(?:ғы)?|(?:осы|ағымдағы)\s+жыл(?:ы|дың|ғы)", "year", 0, "year"),
        (r"(?:келесі|алдағы)\s+жыл(?:ы|дың|ғы)", "year", 1, "year"),
        (r"(?:дәл\s+)?бір\s+жыл\s+бұрын", "month", -12, "month"),
        (r"{n}\s+жыл\s+бұрын", "year", -1, "year"),
        (r"{n}\s+жыл\s+(?:толды|толып)", "year", -1, "year"),  # "… орнағанына 30 жыл толды"
        (r"өткен\s+айда|бір\s+ай\s+бұрын", "month", -1, "month"),
        (r"осы\s+айда", "month", 0, "month"),
        (r"келесі\s+айда", "month", 1, "month"),
        (r"кеше", "day", -1, "day"),
        (r"ертең", "day", 1, "day"),
    ),
    "fr": (
        (r"la\s+semaine\s+dernière|la\s+semaine\s+passée", "week", -1, "day"),
        (r"cette\s+semaine", "week", 0, "day"),
        (r"la\s+semaine\s+prochaine", "week", 1, "day"),
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
    "de": (
        (r"letzte\s+woche|vergangene\s+woche|in\s+der\s+vergangenen\s+woche|letzter\s+woche", "week", -1, "day"),
        (r"diese\s+woche|dieser\s+woche", "week", 0, "day"),
        (r"nächste\s+woche|nächster\s+woche", "week", 1, "day"),
        (r"(?:im\s+)?(?:letzten|vergangenen|vorigen)\s+jahr|(?:letztes|vergangenes|voriges)\s+jahr|im\s+vorjahr",
         "year", -1, "year"),
        (r"(?:in\s+)?diesem\s+jahr|dieses\s+jahr|im\s+laufenden\s+jahr", "year", 0, "year"),
        (r"(?:im\s+)?(?:nächsten|kommenden)\s+jahr|(?:nächstes|kommendes)\s+jahr", "year", 1, "year"),
        (r"vor\s+(?:genau\s+)?einem\s+jahr", "month", -12, "month"),
        (r"vor\s+{n}\s+jahren", "year", -1, "year"),
        (r"(?:im\s+)?(?:letzten|vergangenen|vorigen)\s+monat|vor\s+einem\s+monat", "month", -1, "month"),
        (r"(?:in\s+)?diesem\s+monat", "month", 0, "month"),
        (r"(?:im\s+)?(?:nächsten|kommenden)\s+monat", "month", 1, "month"),
        (r"gestern", "day", -1, "day"),
        # "Morgen" capitalised is the morning ("heute Morgen"); only the adverb is tomorrow.
        (r"(?-i:morgen)", "day", 1, "day"),
    ),
    "it": (
        (r"la\s+settimana\s+scorsa|la\s+scorsa\s+settimana", "week", -1, "day"),
        (r"questa\s+settimana", "week", 0, "day"),
        (r"la\s+prossima\s+settimana", "week", 1, "day"),
        (r"l['’]anno\s+(?:scorso|passato)|lo\s+scorso\s+anno", "year", -1, "year"),
        (r"quest['’]anno|l['’]anno\s+in\s+corso", "year", 0, "year"),
        (r"l['’]anno\s+prossimo|il\s+prossimo\s+anno", "year", 1, "year"),
        (r"(?:esattamente\s+)?un\s+anno\s+fa", "month", -12, "month"),
        (r"{n}\s+anni\s+fa", "year", -1, "year"),
        (r"il\s+mese\s+scorso|lo\s+scorso\s+mese|un\s+mese\s+fa", "month", -1, "month"),
        (r"questo\s+mese", "month", 0, "month"),
        (r"il\s+mese\s+prossimo|il\s+prossimo\s+mese", "month", 1, "month"),
        (r"ieri", "day", -1, "day"),
        (r"domani", "day", 1, "day"),
    ),
    "es": (
        (r"la\s+semana\s+pasada", "week", -1, "day"),
        (r"esta\s+semana", "week", 0, "day"),
        (r"la\s+próxima\s+semana|la\s+semana\s+que\s+viene", "week", 1, "day"),
        (r"el\s+año\s+pasado|el\s+pasado\s+año|el\s+año\s+anterior", "year", -1, "year"),
        (r"este\s+año|el\s+año\s+en\s+curso", "year", 0, "year"),
        (r"el\s+(?:próximo|proximo)\s+año|el\s+año\s+(?:próximo|que\s+viene)", "year", 1, "year"),
        (r"hace\s+(?:exactamente\s+|justo\s+)?un\s+año", "month", -12, "month"),
        (r"hace\s+{n}\s+años", "year", -1, "year"),
        (r"el\s+mes\s+pasado|el\s+pasado\s+mes|hace\s+un\s+mes", "month", -1, "month"),
        (r"este\s+mes", "month", 0, "month"),
        (r"el\s+(?:próximo|proximo)\s+mes|el\s+mes\s+(?:próximo|que\s+viene)", "month", 1, "month"),
        (r"ayer", "day", -1, "day"),
        # "esta mañana" / "por la mañana" is the morning, not tomorrow.
        (r"(?<!la\s)(?<!esta\s)mañana", "day", 1, "day"),
    ),
    "tr": (
        (r"geçen\s+hafta|geçtiğimiz\s+hafta", "week", -1, "day"),
        (r"bu\s+hafta", "week", 0, "day"),
        (r"gelecek\s+hafta|önümüzdeki\s+hafta", "week", 1, "day"),
        (r"geçen\s+(?:yıl|sene)(?:ın|ki)?|geçtiğimiz\s+(?:yıl|sene)|bir\s+önceki\s+yıl", "year", -1, "year"),
        (r"bu\s+(?:yıl|sene)(?:ın|ki)?", "year", 0, "year"),
        (r"(?:gelecek|önümüzdeki)\s+(?:yıl|sene)(?:ın|ki)?|seneye", "year", 1, "year"),
        (r"bir\s+yıl\s+önce", "month", -12, "month"),
        (r"{n}\s+yıl\s+önce", "year", -1, "year"),
        (r"geçen\s+ay(?:ın)?|geçtiğimiz\s+ay|bir\s+ay\s+önce", "month", -1, "month"),
        (r"bu\s+ay(?:ın)?", "month", 0, "month"),
        (r"(?:gelecek|önümüzdeki)\s+ay(?:ın)?", "month", 1, "month"),
        (r"dün", "day", -1, "day"),
        (r"yarın", "day", 1, "day"),
    ),
}

#: "Today" (and its adjective: Kazakh "Бүгінгі кездесу" = today's meeting) is the
#: publication day only under a rule: its clause tells an act as done or scheduled, i.e.
#: it holds a past-tense form (:data:`PAST_TENSE`) or a plan/future marker
#: (:data:`FUTURE_MARKERS`). In a present-tense clause it means "nowadays":
#: "Today, the university has 20,000 students", "Сегодня в Казахстане действуют 120
#: вузов", "Aujourd'hui, l'université compte 20 000 étudiants" are no dates.
#: Russian "нынче" is left out on purpose: in current usage it means "nowadays/this
#: season", not the day of the report.
TODAY: dict[str, str] = {
    "en": r"today(?:['’]s)?",
    "ru": r"сегодня|сегодняшн(?:ий|его|ему|им|ем|яя|ей|юю|ее|ие|их|ими)",
    "kk": r"бүгін|бүгінгі",
    "fr": r"aujourd['’]hui",
    "de": r"heute|heutig(?:e|en|er|es|em)",
    "it": r"oggi|odiern[oaie]",
    "es": r"hoy|esta\s+mañana",
    "tr": r"bugün|bugünkü",
}
#: Words before a weekday that make it a date of this week ("on Monday", "в понедельник",
#: "ce lundi"); the weekday names themselves come from CLDR (Babel), plus the case forms
#: below. A past clause takes the latest such day up to the publication day, a future
#: clause the next one after it.
WEEKDAY_BEFORE: dict[str, str] = {
    "en": r"on|last|this|next",
    "ru": r"в|во|в\s+прошлый|в\s+прошлую|в\s+прошлое|в\s+этот|в\s+эту|в\s+это|в\s+минувший|в\s+минувшую",
    "fr": r"ce|le|dès|depuis",
    "de": r"am|diesen|letzten|vergangenen",
    "it": r"lo\s+scorso|la\s+scorsa|questo|questa",
    "es": r"el|este|esta|el\s+pasado|la\s+pasada",
}
#: Case forms CLDR does not give (Russian accusative after "в": "в среду", "в пятницу").
WEEKDAY_FORMS: dict[str, dict[str, int]] = {
    "ru": {"среду": 2, "пятницу": 4, "субботу": 5},
    "kk": {},
}
#: Phrases holding the word for today that mean "to date" or "nowadays" whatever the
#: tense: "to date 50 agreements were signed" is a count, not an act of today.
NOT_TODAY: dict[str, str] = {
    "en": r"(?:until|till|up\s+to|as\s+of|to)\s+today|today['’]s\s+world",
    "ru": (r"на\s+сегодня(?:шний\s+день)?|(?:до|по)\s+сегодня(?:шн(?:его|ий)\s+д(?:ня|ень))?"
           r"|сегодняшн(?:ий|его)\s+д(?:ень|ня)"),
    # Kazakh says "nowadays" with бүгінде, бүгінгі таңда, бүгінгі күні.
    "kk": r"бүгінгі\s+(?:таңда|таңдағы|күні|күнде|күнгі|күнге)",
    "fr": r"jusqu['’](?:à\s+)?aujourd['’]hui|encore\s+aujourd['’]hui|aujourd['’]hui\s+encore",
    "de": r"bis\s+heute|noch\s+heute|heute\s+noch|von\s+heute",
    "it": r"(?:fino\s+ad?|ad?)\s+oggi|ancora\s+oggi|oggi\s+giorno|oggi\s+come\s+oggi",
    "es": r"hoy\s+(?:en\s+)?día|hasta\s+(?:el\s+día\s+de\s+)?hoy|a\s+día\s+de\s+hoy",
    "tr": r"bugün\s+itibar(?:ıyla|iyle)",
}

#: Past-tense forms, searched in the lowercased clause that holds "today" (see TODAY).
#: English: a simple past or participle in -ed not read as an adjective (after an
#: article, a copula or a preposition: "the United", "are involved", "a renewed") or one
#: of the common irregular forms. Russian: the past in -л/-ла/-ло/-ли (состоялась,
#: подписали, прошла) and short passive participles (подписано, проведены). Kazakh and
#: Turkish put the verb last, so the last word of the clause is read: past in
#: -ды/-ді/-ты/-ті after a consonant, -ған/-ген/-қан/-кен (қол қойылды, өтті, қатысқан);
#: Turkish -dı/-di/-du/-dü/-tı/... (imzalandı, ziyaret etti). Kazakh -йды/-йді after a
#: vowel is the present ("істейді", "қабылдайды"); only "қойды" (put, signed) is a past. French/Italian/Spanish/German:
#: an auxiliary with a participle (a signé, s'est tenu, ha firmato, è stata firmata, ha
#: firmado, hat ... unterzeichnet) or a simple past (firmó, firmarono, unterzeichnete).
#: Counter-examples: "has 20,000 students", "compte", "действуют", "оқиды", "tiene",
#: "hat 20 000 Studierende" carry none.
PAST_TENSE: dict[str, str] = {
    "en": (
        r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bof\s)(?<!\bin\s)(?<!-)"
        r"\b[a-z]{3,}(?<!e)ed\b|\b(?:agreed|guaranteed|met|held|took|gave|made|began|became|came|went|won|sent|led"
        r"|spoke|told|said|brought|built|chose|drew|grew|paid|saw|sought|taught|wrote|been|did|had|was|were)\b"
    ),
    "ru": r"\b[а-яё]+(?:[аеёиоуыэюя]л[аио]?|ш[её]л|шл[аио])(?:ся|сь)?\b|\b[а-яё]{4,}(?:[ая]н|[её]н)[оы]\b",
    "kk": (
        r"[а-яәғқңөұүһі]+(?:[бвгғдджзклмнңпрстфхһцчшщ](?:ды|ді|ты|ті)|ойды|[ғгқк][ае]н(?:ы|і|мыз|міз)?|[ыі]пты|[ыі]пті)"
        r"(?:қ|к|м|ңыз|ңіз|ңдар|ңдер)?(?:\s+(?:еді|болатын))?\W*$"
    ),
    "fr": (
        r"\b(?:a|ont|avons|avez|ai|as|avait|avaient|s['’]est|se\s+sont|s['’]étaient?|(?:a|ont)\s+été)\s+"
        r"(?:(?:déjà|bien|officiellement|également|aussi|notamment)\s+)?"
        r"[a-zàâçéèêëîïôûùüÿœ]{2,}(?:é|ée|és|ées|i|ie|is|ies|it|ite|u|ue|us|ert|erte|int|inte)\b"
        r"|\b(?:est|sont)\s+(?:arrivée?s?|venue?s?|partie?s?|allée?s?|rentrée?s?|retournée?s?|rendue?s?)\b"
    ),
    "de": (
        r"\b(?:hat|haben|hatte|hatten|ist|sind|war|waren|wurde|wurden)\b.*\b(?:ge[a-zäöüß]{3,}(?:t|en)"
        r"|[a-zäöüß]{3,}iert|(?:be|ver|er|ent|emp|unter|über|zer)[a-zäöüß]{3,}(?:t|en))\W*$"
        r"|\b(?:wurden?|fanden?|trafen?|empfingen?|hielten?|kamen?|unterzeichneten?|besuchten?|eröffneten?"
        r"|vereinbarten?|unterschrieben|gründeten?|veranstalteten?)\b"
    ),
    "it": (
        r"\b(?:ha|hanno|abbiamo|avete|ho|è|sono|siamo|si\s+è|si\s+sono)\s+(?:stat[oaie]\s+)?"
        r"[a-zàèéìòù]{2,}(?:at|ut|it)[oaie]\b|\b(?!però\b|perciò\b)[a-zàèéìòù]{3,}(?:ò|arono|erono|irono)\b"
    ),
    "es": (
        r"\b(?:ha|han|hemos|habéis|he|había|habían|fue|fueron)\s+[a-záéíóúñ]{2,}(?:ad|id)[oa]s?\b"
        r"|\b[a-záéíóúñ]{3,}(?:ó|aron|ieron|yeron)\b"
    ),
    "tr": r"[a-zçğıöşüâî]{2,}(?:[dt][ıiuü]|m[ıiuü]ş)(?:k|m|n|z|nız|niz|nuz|nüz|lar|ler|tır|tir|tur|tür)?\W*$",
}
#: Words that open reported speech or a complement clause. The tense test for "today"
#: reads only the stretch between them that holds the word: in "Il a rappelé qu'il existe
#: aujourd'hui sept branches" the past "a rappelé" is the reporting verb, and the clause
#: of "aujourd'hui" ("il existe …") is present: no date. Kazakh closes reported speech
#: with "деп" ("… деп атап өтті"), so the stretch before it is the reported one.
COMPLEMENTIZERS: dict[str, str] = {
    "en": r"that",
    "ru": r"что|чтобы",
    "kk": r"деп",
    "fr": r"que|qu['’]",
    "de": r"dass",
    "it": r"che",
    "es": r"que",
    "tr": r"ki|diye",
}

#: Languages whose verb ends the clause (SOV): their PAST_TENSE pattern reads its last words.
PAST_TENSE_AT_END: tuple[str, ...] = ("kk", "tr")
#: Words the PAST_TENSE patterns take for verbs though they are nouns or adverbs:
#: "hundred" ends in -ed, "школа" and "посол" in -ла/-ол, "Сеул" in -ул.
PAST_TENSE_LOOKALIKES: dict[str, tuple[str, ...]] = {
    "en": ("hundred", "kindred", "sacred", "naked", "wicked", "rugged", "beloved", "indeed"),
    "ru": (
        "школа", "сила", "дела", "числа", "правила", "села", "посол", "стол", "пол", "цели", "модели", "роли",
        "мили", "сеул", "сеула", "стамбул", "стамбула", "кабул", "кабула", "мысли", "земли", "ила", "нила",
    ),
}

#: Lowercase substrings that locate relative phrases: the phrase rules are tried
#: at the start of the word holding a trigger and of the three words before it
#: ("exactly a year ago" is found from "year"). Every phrase above (and every
#: TODAY phrase) must contain one. Text holding none of them (nor a digit or month)
#: is skipped at once.
RELATIVE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "en": ("week", "year", "month", "yesterday", "tomorrow", "today"),
    "ru": ("недел", "год", "лет ", "месяц", "назад", "вчера", "завтра", "сегодня"),
    "kk": ("апта", "жыл", "былтыр", "биыл", "айда", "ай бұрын", "кеше", "ертең", "бүгін"),
    "fr": ("semaine", "année", "annee", "an dernier", "an passé", "an prochain", "il y a", "mois", "hier", "demain", "aujourd"),
    "de": ("woche", "jahr", "monat", "gestern", "morgen", "heute", "heutig"),
    "it": ("settimana", "anno", "anni", "mese", "ieri", "domani", "oggi", "odiern"),
    "es": ("semana", "año", "mes", "ayer", "mañana", "hoy"),
    "tr": ("hafta", "yıl", "sene", "geçen ay", "geçtiğimiz ay", "bu ay", "gelecek ay", "önümüzdeki ay", "ay önce",
           "dün", "yarın", "bugün"),
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
    "fr": (
        (r"de\s+l['’]année\s+(?:dernière|passée)|de\s+l['’]an\s+dernier", -1),
        (r"de\s+cette\s+année|de\s+l['’]année\s+en\s+cours", 0),
        (r"de\s+l['’]année\s+prochaine|de\s+l['’]an\s+prochain", 1),
    ),
    "de": ((r"(?:letzten|vergangenen)\s+jahres", -1), (r"dieses\s+jahres", 0), (r"nächsten\s+jahres", 1)),
    "it": ((r"dell['’]anno\s+(?:scorso|passato)|(?:dello\s+)?scorso\s+anno", -1),
           (r"di\s+quest['’]anno", 0), (r"dell['’]anno\s+prossimo|del\s+prossimo\s+anno", 1)),
    "es": ((r"del\s+año\s+pasado|del\s+pasado\s+año", -1), (r"de\s+este\s+año", 0),
           (r"del\s+(?:próximo|proximo)\s+año", 1)),
}
#: Words next to a month that fix its direction without fixing the year: "last
#: May" / "en avril dernier" is the most recent one before publication, "next
#: May" / "avril prochain" the first one after it.
MONTH_TENSE_BEFORE: dict[str, tuple[tuple[str, str], ...]] = {
    # "on the eve of the November meeting": the meeting comes after the visit being told.
    "en": (("last", "past"), ("next", "future"), ("this", "current"), ("eve of the", "future"),
           ("upcoming", "future"), ("forthcoming", "future"), ("coming", "future"), ("previous", "past")),
    "de": (("im vergangenen", "past"), ("im letzten", "past"), ("im kommenden", "future"), ("im nächsten", "future")),
    "tr": (("geçen", "past"), ("geçtiğimiz", "past"), ("gelecek", "future"), ("önümüzdeki", "future")),
}
MONTH_TENSE_AFTER: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (("dernier", "past"), ("prochain", "future")),
    "it": (("scorso", "past"), ("prossimo", "future")),
    "es": (("pasado", "past"), ("próximo", "future"), ("proximo", "future")),
}

RELATIVE_YEAR_BEFORE_MONTH: dict[str, tuple[tuple[str, int], ...]] = {
    "kk": (
        (r"өткен\s+жылдың|былтырғы", -1),
        (r"(?:осы|ағымдағы)\s+жылдың|биылғы", 0),
        (r"(?:келесі|алдағы)\s+жылдың", 1),
    ),
    "tr": ((r"geçen\s+yılın|geçtiğimiz\s+yılın", -1), (r"bu\s+yılın", 0), (r"(?:gelecek|önümüzdeki)\s+yılın", 1)),
}

# --- Planned / future markers ---------------------------------------------------

#: A clause with one of these speaks of something planned or still to come
#: ("prévu pour 2028", "планируется", "will", "жоспарланған", "to be held"). A marker
#: speaks only for its own clause: in "We signed the agreement in Seoul today; the
#: joint laboratory will open in Almaty next year" only "next year" is planned. The
#: year of a day/month without a year is then inferred forwards, not back.
#: Fragments are matched as whole words against the lowercased clause and must
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
        # Perfective verbs in their non-past form speak of the future.
        r"продлится", r"продлятся", r"начн[её]тся", r"начнутся", r"завершится", r"завершатся",
        r"стартует", r"стартуют", r"запустит", r"запустят", r"откроет", r"примут", r"посетит", r"посетят",
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
    # German reports a scheduled event in the present ("findet am 13. Juni statt").
    "de": (
        r"wird", r"werden", r"soll", r"sollen", r"geplant\w*", r"plant", r"planen", r"beabsichtig\w*",
        r"voraussichtlich", r"künftig\w*", r"bevorstehend\w*", r"anstehend\w*", r"nächste[nrs]?",
        r"findet", r"stattfinden\w*",
    ),
    "it": (
        r"previst[oaie]", r"programmat[oaie]", r"pianificat[oaie]", r"intend[eo]\w*", r"prossim[oaie]",
        r"avrà\s+luogo", r"avranno\s+luogo", r"si\s+terrà", r"si\s+terranno",
    ),
    "es": (
        r"previst[oa]s?", r"prevé", r"prevén", r"programad[oa]s?", r"planea\w*", r"planifica\w*",
        r"próxim[oa]s?", r"proxim[oa]s?", r"va\s+a", r"van\s+a", r"tendrá\s+lugar", r"tendrán\s+lugar",
    ),
    "tr": (r"planlan\w*", r"planlı", r"öngörül\w*", r"gelecek", r"önümüzdeki"),
}

#: Word endings that mark the future, with the least number of letters that must
#: precede them (so a short word that merely ends that way does not count).
FUTURE_SUFFIXES: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (("'ll", 1), ("’ll", 1)),  # we'll, they'll
    # intention future "-мақ/-мек/-пақ/-пек" (болмақ, өтпек); not "-бек", an ending of given names
    "kk": (("мақ", 3), ("мек", 3), ("пақ", 2), ("пек", 2)),  # Ермек (a name) has 2
    # simple future: signera, lancerons, développeront, réunira, tiendra
    "fr": (
        ("eront", 2), ("erons", 2), ("erez", 2), ("era", 2),
        ("iront", 2), ("irons", 2), ("ira", 2), ("ndra", 1), ("ndront", 1), ("ndrons", 1),
    ),
    # firmerà, si terrà, saranno; not "città" (-tà)
    "it": (("rà", 2), ("ranno", 2), ("remo", 3)),
    # firmará, se celebrarán; "Irán" has one letter before -rán
    "es": (("rá", 2), ("rán", 2), ("remos", 3)),
    # imzalanacak, düzenlenecek(tir)
    "tr": (("acak", 2), ("ecek", 2), ("acaktır", 2), ("ecektir", 2), ("acağı", 2), ("eceği", 2)),
}

# --- What a date is to the act: "when", "for", "until" -----------------------------

#: A period introduced by a purpose/extent preposition and governed by a plan noun is the
#: plan's period, not the date of the act that mentions it (role "for"): "обсуждены
#: планы взаимодействия в рамках циклов программ технического сотрудничества на
#: 2026−2027 и 2028−2029 годы", "a roadmap for 2025–2030", "la stratégie pour 2030",
#: "2026–2028 жылдарға арналған бағдарлама". The preposition stands right before the
#: date, the plan noun at most PLAN_NOUN_REACH words before the preposition (after the
#: postposition in Kazakh and Turkish). Counter-examples: "the forum for 2024 was held on
#: 3 May" (a forum is no plan: "for 2024" stays "when", and "on 3 May" is the act's
#: date); "план … в 2024 году" ("в" is no purpose preposition: "when").
ROLE_FOR_BEFORE: dict[str, str] = {
    "en": r"for(?:\s+the(?:\s+(?:period|years))?)?|covering(?:\s+the\s+period)?",
    "ru": r"на(?:\s+период)?",
    "fr": r"pour(?:\s+la\s+période|\s+les\s+années)?|sur\s+la\s+période",
    "de": r"für(?:\s+die\s+jahre|\s+den\s+zeitraum)?",
    "it": r"per(?:\s+il(?:\s+periodo)?|\s+gli\s+anni)?",
    "es": r"para(?:\s+el(?:\s+periodo|\s+período)?|\s+los\s+años)?",
}
ROLE_FOR_AFTER: dict[str, str] = {
    "kk": r"арналған|кезеңге\s+арналған",
    "tr": r"(?:dönemi(?:ni)?\s+)?(?:için|kapsayan)",
}
#: "À l'horizon 2030" / "Horizon 2030" names a target period whatever the noun.
ROLE_FOR_ALONE: dict[str, str] = {"fr": r"(?:à\s+l['’])?horizon"}

#: Plan nouns, as whole words in the forms they take (lower case). Only nouns: the verb
#: and participle of the same root are plan *markers* of the act itself ("planned for
#: 2025", "планируется на 2026 год", "жоспарланған" keep the date as "when").
PLAN_NOUNS: dict[str, str] = {
    "en": (
        r"plans?|programmes?|programs?|strateg(?:y|ies)|roadmaps?|road\s+maps?|agendas?|concepts?|frameworks?"
        r"|budgets?|cycles?|visions?|priorit(?:y|ies)|horizons?"
    ),
    "ru": (
        r"план(?:а|у|ом|е|ы|ов|ам|ами|ах)?|программ\w*|стратеги\w*|дорожн\w*\s+карт\w*|концепци\w*|бюджет\w*"
        r"|цикл\w*|повестк\w*|приоритет\w*"
    ),
    "kk": (
        r"бағдарлама\w*|жоспар(?:ы|ын|ына|ында|ға|да|дар\w*)?|стратегия\w*|жол\s+картас\w*|тұжырымдама\w*"
        r"|бюджет\w*|кезең\w*"
    ),
    "fr": (
        r"plans?|programmes?|stratégies?|strategies?|feuilles?\s+de\s+route|agendas?|concepts?|cadres?|budgets?"
        r"|cycles?|visions?|priorités?|horizons?"
    ),
    # German compounds end in the noun: Aktionsplan, Arbeitsprogramm, Kooperationsstrategie.
    "de": (
        r"\w*pl(?:a|ä)ne?s?|\w*programme?s?|\w*strategien?|roadmaps?|agenda|konzepte?s?|rahmen\w*|haushalt\w*"
        r"|zyklus|vision(?:en)?|prioritäten?"
    ),
    "it": (
        r"pian[oi]|programm[ai]|strategi[ae]|tabella\s+di\s+marcia|road\s*map|agenda|quadro|bilanci[oi]|cicl[oi]"
        r"|vision[ei]|priorità|orizzonte"
    ),
    "es": (
        r"plan(?:es)?|programas?|estrategias?|hojas?\s+de\s+ruta|agendas?|conceptos?|marcos?|presupuestos?"
        r"|ciclos?|visión|vision|prioridad(?:es)?|horizontes?"
    ),
    "tr": (
        r"plan(?:ı|ın|a|da|lar\w*)?|program(?:ı|ın|a|da|lar\w*)?|strateji\w*|yol\s+harita\w*|gündem\w*"
        r"|çerçeve\w*|bütçe\w*|vizyon\w*|öncelik\w*"
    ),
}
#: How many words may stand between the plan noun and its preposition ("программ
#: технического сотрудничества на 2026−2027").
PLAN_NOUN_REACH = 5

#: A deadline or an extent up to a date (role "until"): "until 2030", "до 2030 года",
#: "2030 жылға дейін", "jusqu'à 2030", "by 2030", "bis 2030", "entro il 2030", "hasta
#: 2030", "2030'a kadar". Any noun: a deadline is never the day of the act. Counter-
#: example: "from 5 until 10 May" is one range, read whole before roles are given.
ROLE_UNTIL_BEFORE: dict[str, str] = {
    "en": r"until|till|up\s+to|through|by(?:\s+the\s+end\s+of)?|no\s+later\s+than",
    "ru": r"до(?:\s+конца)?|к(?:\s+концу)?|вплоть\s+до|не\s+позднее(?:\s+конца)?",
    "fr": r"jusqu['’](?:à|au|en)(?:\s+la\s+fin\s+de)?|d['’]ici(?:\s+(?:à|la\s+fin\s+de|(?:la\s+)?fin))?"
          r"|avant\s+la\s+fin\s+de",
    "de": r"bis(?:\s+(?:zum|ende|spätestens))?|spätestens",
    "it": r"fino\s+(?:al|a|all['’])|entro(?:\s+il|\s+la\s+fine\s+del)?",
    "es": r"hasta(?:\s+el|\s+finales\s+de)?|antes\s+de\s+finales\s+de",
}
ROLE_UNTIL_AFTER: dict[str, str] = {
    "kk": r"дейін|шейін|дейінгі|шейінгі",
    "tr": r"kadar|kadarki",
}
