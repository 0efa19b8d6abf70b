"""Vocabulary for finding institutions in text (:mod:`kzatlas.extract.institutions`):
the endings the matcher's one-stem-per-word reducer strips from Russian and
Kazakh words, the suffixes glued to acronyms ("КазНУ-да"), the head nouns that
make a phrase an institution name per language (with the kind they imply and
their base form), the words that may or may not stand around a head, and company
markers (the transliteration used for ASCII ids is in ``translit``). Only knowledge
lives here; the matching logic lives in ``kzatlas.extract.institutions``. Words are
lower case unless stated otherwise; each group says why it exists."""

from __future__ import annotations

# --- One stem per word ------------------------------------------------------------

#: Case, possessive and plural endings (Russian and Kazakh) a text word may add
#: to a name word: "университет" + "інің", "Казахск" + "им". A text word is a
#: form of an alias word when it starts with the alias word's base (see
#: ALIAS_FINAL_ENDINGS) and the rest is a stack of these endings; a base that
#: ends in a Russian adjective ending only takes one adjective ending.
CYRILLIC_ENDINGS: tuple[str, ...] = (
    # Russian noun cases (singular and plural), incl. -ия nouns
    "а", "я", "у", "ю", "е", "и", "ы", "о", "ом", "ем", "ой", "ей", "ою", "ею", "ью",
    "ии", "ию", "ией", "ия", "ах", "ях", "ам", "ям", "ами", "ями", "ов", "ев",
    # Russian adjective endings
    "ий", "ый", "ая", "яя", "ое", "ее", "ие", "ые", "ого", "его", "ому", "ему",
    "им", "ым", "ую", "юю", "ых", "их", "ыми", "ими",
    # Kazakh case endings (after vowel harmony and assimilation)
    "да", "де", "та", "те", "нда", "нде", "ға", "ге", "қа", "ке", "на", "не",
    "ның", "нің", "дың", "дің", "тың", "тің", "дан", "ден", "тан", "тен", "нан", "нен",
    "ны", "ні", "ды", "ді", "ты", "ті", "ын", "ін", "мен", "бен", "пен",
    # Kazakh possessive (3rd person) and plural
    "ы", "і", "сы", "сі", "лар", "лер", "дар", "дер", "тар", "тер",
)

#: Nominative endings an alias word loses before it is compared with text
#: words ("академия" -> "академ" matches "академии", "академиясы"; "нефть" ->
#: "нефт" matches "нефти"; Kazakh possessive "университеті" -> "университет").
ALIAS_FINAL_ENDINGS: tuple[str, ...] = ("ия", "сы", "сі", "а", "я", "о", "е", "ь", "й", "ы", "и", "і")
#: How many endings may be stacked on a word ("университет-тер-і-нің").
MAX_STACKED_ENDINGS = 4

#: Shortest base left after removing an ending; Cyrillic words shorter than
#: ``MIN_STEMMED_WORD`` must match exactly (prepositions, "РК").
MIN_STEM_LEN = 3
MIN_STEMMED_WORD = 4
#: Kazakh voices a final к/қ/п before a vowel ending ("орталық" -> "орталығы",
#: "агенттік" -> "агенттігі"): voiced letter -> the base's plain letter.
FINAL_DEVOICING: dict[str, str] = {"ғ": "қ", "г": "к", "б": "п"}

#: Lower-case Cyrillic tails that may be glued straight onto an acronym
#: ("КазНУда", "ОИЯИ-дың" is split at the hyphen anyway); checked by stripping
#: them with :data:`CYRILLIC_ENDINGS`, so only their longest length is set here.
MAX_GLUED_SUFFIX_LEN = 6

# --- Gaps between the words of a name -----------------------------------------------

#: Characters that may separate two words of a multi-word alias in the text
#: even when the alias spells the gap as a plain space: "Al-Farabi" vs
#: "Al Farabi", "Xi'an", quotes around part of a name, line wraps.
PLAIN_GAP_CHARS = frozenset(" \t\n\r\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014'’‘ʼ`\"«»“”„")
#: Longest gap (in characters) tolerated between two words of a name.
MAX_GAP_LEN = 5

# --- Head nouns -------------------------------------------------------------------------

#: English head nouns (title case in the text) -> institution kind.
EN_HEADS: dict[str, str] = {
    "university": "university",
    "college": "university",
    "polytechnic": "university",
    "institute": "research_centre",
    "centre": "research_centre",
    "center": "research_centre",
    "laboratory": "research_centre",
    "observatory": "research_centre",
    "academy": "academy",
    "agency": "agency",
    "ministry": "government",
    "minister": "government",  # "the Kazakh Minister of Education and Science": the ministry
    "committee": "government",
    "commission": "government",
    "department": "government",
    "foundation": "agency",
    "fund": "agency",
    "council": "agency",
    "organisation": "organisation",
    "organization": "organisation",
    "consortium": "consortium",
    "alliance": "consortium",
    "facility": "research_centre",
    "survey": "agency",
    "society": "organisation",
    "administration": "agency",
    "authority": "agency",
    "corporation": "company",
    "association": "organisation",
    "school": "university",
    # Heads of other Latin-script languages, first or last in their names: "Universiti
    # Sains Malaysia", "Università di Bologna", "Universität Hamburg", "Universidad de Salamanca",
    # "Ankara Üniversitesi", "Technische Hochschule …", "Politecnico di Milano".
    "universiti": "university",
    "universita": "university",
    "universitat": "university",
    "universidad": "university",
    "universidade": "university",
    "universiteit": "university",
    "universitet": "university",
    "universitesi": "university",
    "uniwersytet": "university",
    "univerzita": "university",
    "egyetem": "university",
    "hochschule": "university",
    "fachhochschule": "university",
    "politecnico": "university",
    "politechnika": "university",
    "instituto": "research_centre",
    "istituto": "research_centre",
    "enstitusu": "research_centre",
    "akademie": "academy",
    "accademia": "academy",
    "academia": "academy",
    "akademisi": "academy",
    "zentrum": "research_centre",
    "centro": "research_centre",
    "merkezi": "research_centre",
    "agenzia": "agency",
    "agencia": "agency",
    "ajansi": "agency",
    "ministerium": "government",
    "ministero": "government",
    "ministerio": "government",
    "bakanligi": "government",
    "stiftung": "agency",
    "fondazione": "agency",
    "fundacion": "agency",
    "vakfi": "agency",
}
#: German closed compounds end in their head ("Agraruniversität", "Musikhochschule",
#: "Forschungsinstitut"): a capitalised word ending so is a head noun.
COMPOUND_HEAD_ENDINGS: tuple[str, ...] = ("universitat", "hochschule", "akademie", "institut")
#: Heads that open their name and take the next capitalised words directly ("Universiti
#: Sains Malaysia", "Universität Hamburg"), besides the "of"-complement English heads take.
HEAD_FIRST = frozenset({
    "universiti", "universita", "universitat", "universidad", "universidade", "uniwersytet", "univerzita",
    "politecnico", "politechnika", "instituto", "istituto", "akademie", "accademia", "academia", "centro",
    "agenzia", "agencia", "ministerium", "ministero", "ministerio", "stiftung", "fondazione", "fundacion",
    "hochschule", "fachhochschule", "egyetem", "zentrum",
})
#: Articles that stand before a head opening its name ("La Universidad de …", "Le Politecnico
#: …"): not the name's words, although a capitalised article opens some names ("La Trobe
#: University", where the head comes last).
ARTICLES_BEFORE_HEAD = frozenset({"la", "le", "les", "los", "las", "il", "lo", "el", "die", "der", "das", "l"})
#: Connectors inside names of other Latin-script languages ("Università degli Studi di
#: Milano", "Universität für Bodenkultur", "Universidad de la República").
FOREIGN_CONNECTORS = frozenset({
    "di", "degli", "della", "delle", "del", "dello", "de", "la", "las", "los", "el", "der", "des", "für", "fur",
    "und", "y", "e", "da", "do", "dos", "das", "van", "voor",
})
#: Heads that name a building or a venue, not an institution ("Palais de Chaillot",
#: "Palace of Independence"): a place inside such a name is not a party.
LANDMARK_HEADS = frozenset({"palais", "palace", "hall", "tower", "stadium", "arena", "дворец", "сарайы", "дворца",
                            "дворце", "hotel", "hôtel", "отель", "қонақүй", "sénat", "senate"})
#: Words right before an English head that make it a media or trade outlet,
#: not a science partner ("Kazinform News Agency", "Press Center").
EN_NOT_SCIENCE_BEFORE_HEAD = frozenset({"news", "press", "travel", "advertising", "shopping", "business", "fitness"})
#: … except these pairs, which are higher education ("Vormandel Business School").
EN_SCIENCE_PAIRS = frozenset({("business", "school")})
#: Generic modifiers: one of them alone before a head ("State University",
#: "национальный университет", "Халықаралық университет") names a kind of institution,
#: not one, unless more of a name follows. Nationality adjectives do the same; they come
#: from data/nationality_adjectives.csv (kzatlas.extract.nationality).
GENERIC_MODIFIERS: dict[str, frozenset[str]] = {
    "en": frozenset({"foreign", "international", "national", "local", "regional", "leading", "state", "private",
                     "public", "federal", "european", "asian", "new", "joint"}),
    "ru": frozenset({"иностранный", "международный", "национальный", "государственный", "частный", "федеральный",
                     "европейский", "азиатский", "ведущий", "местный", "региональный"}),
    "kk": frozenset({"халықаралық", "ұлттық", "мемлекеттік", "шетелдік", "жекеменшік", "еуропалық", "азиялық",
                     "жетекші", "өңірлік"}),
}
#: Russian region nouns after a capitalised adjective end a name ("… Омской области").
RU_REGION_NOUNS: tuple[str, ...] = ("област", "кра", "округ", "республик")
#: Surname endings: a complement stops before "Firstname Surname" ("Laboratory
#: of Nuclear Reactions Sergey Sidorchuk").
EN_SURNAME_ENDINGS: tuple[str, ...] = (
    "ov", "ev", "ova", "eva", "in", "ina", "uk", "chuk", "enko", "sky", "skiy", "yev", "yeva", "ich",
    # Kazakh surnames in Latin letters ("Sayasat Nurbek", "… Tokhtarbay", "… Serikuly").
    "bek", "bay", "uly", "kyzy",
)
#: English heads that may take an "of/for …" complement ("University of Lyon").
EN_COMPLEMENT_PREPOSITIONS = frozenset({"of", "for", "on"})
#: Words allowed between capitalised words of an English complement.
EN_CONNECTORS = frozenset({"of", "and", "for", "the", "&", "de", "on"})
#: Capitalised words that never start or continue a name (sentence openers,
#: determiners, prepositions, pronouns): "The University", "With Polotsk …".
EN_STOPWORDS = frozenset({
    "the", "a", "an", "and", "or", "of", "in", "at", "on", "by", "for", "from", "to",
    "with", "between", "this", "that", "these", "those", "our", "its", "their", "his",
    "her", "every", "each", "any", "some", "many", "most", "all", "both", "other",
    "another", "such", "which", "where", "when", "while", "as", "also", "during", "after",
    "before", "under", "since", "about", "into", "through", "over", "among", "per",
    "leading", "top", "foreign", "several", "various", "new", "one", "two",
    "press", "service", "vice", "rector", "director", "president", "head", "minister",
    # German, Italian and Spanish articles open a sentence, never a name ("Die Technische
    # Hochschule …", "Il Politecnico di …", "El Instituto …"); not "La", "Los", which do
    # ("La Trobe University", "Los Alamos National Laboratory").
    "die", "der", "das", "den", "dem", "il", "lo", "gli", "el",
})

#: Russian heads: dictionary form -> (kind, grammatical gender m/f/n). The matcher
#: keys them by stem, so every case form is found.
RU_HEADS: dict[str, tuple[str, str]] = {
    "университет": ("university", "m"),
    "институт": ("research_centre", "m"),
    "центр": ("research_centre", "m"),
    "академия": ("academy", "f"),
    "агентство": ("agency", "n"),
    "лаборатория": ("research_centre", "f"),
    "обсерватория": ("research_centre", "f"),
    "колледж": ("university", "m"),
    "министерство": ("government", "n"),
    "комитет": ("government", "m"),
    "фонд": ("agency", "m"),
    "совет": ("agency", "m"),
    "комиссия": ("government", "f"),
    "организация": ("organisation", "f"),
    "ассоциация": ("organisation", "f"),
    "консорциум": ("consortium", "m"),
}
#: Endings left after a Russian head's stem that mark a plural ("университетов",
#: "университетами"): a plural head is a class of institutions, not a name.
RU_PLURAL_TAILS = frozenset({"ы", "ов", "ам", "ами", "ах", "ям", "ями", "ях"})
#: Russian adjective endings (a word before a head must be an adjective).
RU_ADJECTIVE_ENDINGS: tuple[str, ...] = (
    "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые",
    "ого", "его", "ому", "ему", "им", "ым", "ом", "ем", "ую", "юю", "ых", "их", "ыми", "ими",
)
#: Nominative endings by gender for a hard (-ый) and soft/velar (-ий) adjective.
RU_ADJECTIVE_NOMINATIVE: dict[str, tuple[str, str]] = {
    "m": ("ый", "ий"),
    "f": ("ая", "яя"),
    "n": ("ое", "ее"),
}
#: Oblique endings that only soft adjectives take ("последнего", "Синим").
RU_SOFT_ADJECTIVE_ENDINGS = frozenset({"ий", "яя", "ее", "ие", "его", "ему", "ем", "юю", "их", "ими", "им"})
#: Stem-final letters after which the masculine nominative is -ий ("Казахский").
RU_VELARS = frozenset("кгхжшчщ")
#: Genitive-looking endings for words of a complement after a capitalised head
#: ("Институт ядерной физики", "Центр исследования … спутниковых данных").
RU_GENITIVE_ENDINGS: tuple[str, ...] = (
    "а", "я", "ы", "и", "ов", "ев", "ей", "ий", "ого", "его", "ой", "ых", "их",
)
#: Lower-case word endings that mark a verb or participle: a complement stops
#: there ("Университетом Ланьчжоу реализуются …").
RU_VERB_ENDINGS: tuple[str, ...] = (
    "ся", "сь", "ет", "ит", "ут", "ют", "ат", "ят", "ть", "ти", "л", "ла", "ло", "ли", "но", "ны", "ен", "ан",
)
#: Lower-case nouns that may follow a head as part of its name in Russian
#: ("университет нефти", "… политики и права", "… языка и культуры").
RU_FIELD_NOUNS: tuple[str, ...] = (
    "нефть", "газ", "язык", "культура", "политика", "право", "дружба", "народ", "народы", "наука",
    "наук", "технология", "технологии", "экономика", "медицина", "физика", "химия", "биология",
    "энергетика", "транспорт", "связь", "сообщение", "информатика", "управление", "архитектура",
    "строительство", "искусство", "финансы", "бизнес", "коммуникация", "спорт", "туризм",
    "сельское", "хозяйство", "геология", "математика", "механика", "оптика", "космонавтика",
    "авиация", "аэронавтика", "электроника", "машиностроение", "металлургия", "педагогика",
    "журналистика", "дипломатия", "отношения", "исследование", "исследования", "инженерия",
    "проблема", "проблемы", "проблем", "машиноведение", "материаловедение", "приборостроение",
)
#: Titles between "имени" and the person ("имени академика У. А. Джолдасбекова").
RU_NAMED_AFTER_TITLES = frozenset({"академика", "профессора", "генерала", "доктора", "героя", "президента",
                                   "писателя", "поэта", "акад", "проф"})
#: "имени аль-Фараби", "им. Сатпаева": the next capitalised words belong to the name.
RU_NAMED_AFTER = frozenset({"имени", "им"})
#: Words that end a Russian name (conjunctions, prepositions, pronouns).
RU_STOPWORDS = frozenset({
    "и", "или", "а", "но", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "из",
    "за", "для", "при", "под", "над", "между", "у", "же", "не", "что", "как", "это", "этот", "этого",
    "наш", "нашего", "нашим", "нашем", "ваш", "его", "ее", "её", "их", "который", "которого",
    "также", "уже", "будет", "был", "была", "были",
})
#: Capitalised adjectives that open a sentence rather than a name
#: ("Ведущий университет …", "Новый центр …").
RU_GENERIC_MODIFIERS: tuple[str, ...] = (
    "ведущий", "новый", "этот", "данный", "каждый", "другой", "лучший", "крупнейший", "старейший",
    "первый", "второй", "многий", "некоторый", "наш", "ваш", "такой", "совместный", "местный",
    "зарубежный", "иностранный", "региональный", "профильный", "партнерский",
)

#: Kazakh heads: the key word -> (kind, base form with the 3rd-person possessive
#: that names take: "Льеж университеті", "Ұлттық ғылым академиясы").
KK_HEADS: dict[str, tuple[str, str]] = {
    "университет": ("university", "университеті"),
    "институт": ("research_centre", "институты"),
    "академия": ("academy", "академиясы"),
    "агенттік": ("agency", "агенттігі"),
    "орталық": ("research_centre", "орталығы"),
    "зертхана": ("research_centre", "зертханасы"),
    "обсерватория": ("research_centre", "обсерваториясы"),
    "колледж": ("university", "колледжі"),
    "министрлік": ("government", "министрлігі"),
    "комитет": ("government", "комитеті"),
    "қор": ("agency", "қоры"),
    "кеңес": ("agency", "кеңесі"),
    "комиссия": ("government", "комиссиясы"),
    "ұйым": ("organisation", "ұйымы"),
    "қауымдастық": ("organisation", "қауымдастығы"),
    "қоғам": ("organisation", "қоғамы"),
}
#: Kazakh heads whose bare form is an adjective ("Орталық Азия" = Central Asia):
#: they are heads only with a possessive or case ending ("орталығы").
KK_HEADS_NEED_ENDING = frozenset({"орталық", "қор", "кеңес", "ұйым", "қоғам"})
#: Kazakh plural markers right after a head's stem ("университеттерімен").
KK_PLURAL_MARKERS: tuple[str, ...] = ("лар", "лер", "дар", "дер", "тар", "тер")
#: Kazakh participle endings ("ашқан", "өткен", "берген"): a clause, never a name's word.
KK_PARTICIPLE_ENDINGS: tuple[str, ...] = ("ған", "ген", "қан", "кен", "атын", "етін", "йтын", "йтін")
#: Kazakh "named after": "Әл-Фараби атындағы …" (kept inside the name).
KK_NAMED_AFTER = frozenset({"атындағы"})
#: Locative-relational endings: "Алматыдағы университет" is a university in
#: Almaty, the word is not part of the name.
KK_RELATIONAL_ENDINGS: tuple[str, ...] = ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі")
#: Words that end a Kazakh name going leftwards.
KK_STOPWORDS = frozenset({
    "мен", "пен", "бен", "және", "да", "де", "та", "те", "бұл", "осы", "сол", "ол", "ал", "бір", "әрі",
    "не", "немесе", "туралы", "арқылы", "бойынша", "үшін", "сияқты", "арасында", "арасындағы",
    "жөніндегі", "соның", "ішінде", "сондай-ақ", "сондай", "ақ", "біздің", "оның", "олардың",
    "жетекші", "әлемнің", "елдің", "бірге",
    # Postpositions that open a sentence ("Сапар барысында Вроцлав университетімен …"):
    # the name starts after them.
    "барысында", "кезінде", "кезде", "аясында", "шеңберінде", "нәтижесінде", "қорытындысында",
    "сонымен", "қатар", "кейін", "бұрын", "соңында", "алдында", "сәйкес", "негізінде",
    # Numerals and a place noun's locative ("Анкара қаласында екі университет ректорлары").
    "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он", "екеуі",
    "қаласында", "облысында", "елінде", "ауданында",
})
#: Capitalised words that open a sentence rather than a name ("Жаңа университет").
KK_GENERIC_MODIFIERS = frozenset({"жаңа", "бұл", "осы", "әр", "барлық", "жетекші", "көптеген", "біздің", "ең"})

#: French heads (capitalised in names) -> kind, keyed by their accent-free form.
FR_HEADS: dict[str, str] = {
    "universite": "university",
    "institut": "research_centre",
    "centre": "research_centre",
    "agence": "agency",
    "ecole": "university",
    "academie": "academy",
    "laboratoire": "research_centre",
    "observatoire": "research_centre",
    "ministere": "government",
    "ministre": "government",
    "comite": "government",
    "fondation": "agency",
    "fonds": "agency",
    "conseil": "agency",
    "commission": "government",
    "organisation": "organisation",
    "pole": "consortium",
    "office": "agency",
    "association": "organisation",
    "reseau": "consortium",
    "consortium": "consortium",
    "alliance": "consortium",
}
#: Adjectives that open a French name before a lower-case head ("Haute école …",
#: "Grande école …", "Nouvelle université …").
FR_HEAD_ADJECTIVES = frozenset({"haute", "grande", "nouvelle", "petite", "libre", "ecole"})
#: Linking words inside a French name ("Institut de l'aviation de Moscou").
FR_CONNECTORS = frozenset({"de", "d", "du", "des", "la", "l", "le", "et", "pour", "en", "sur"})
#: Connectors after which a lower-case noun belongs to the name ("d'études",
#: "de la recherche"); after "et" only a capitalised word continues it.
FR_LINKING_PREPOSITIONS = frozenset({"de", "d", "du", "des", "pour", "sur", "en"})
#: Endings of French adjectives that may follow a head without a connector
#: ("Centre national", "Agence spatiale européenne", "École polytechnique").
FR_ADJECTIVE_SUFFIXES: tuple[str, ...] = (
    "ique", "iques", "al", "ale", "ales", "aux", "ien", "ienne", "iens", "iennes", "aire", "aires",
    "eur", "eure", "eurs", "ieure", "ieures", "ais", "aise", "aises", "ois", "oise", "eenne", "een",
    "el", "elle", "elles", "if", "ive", "ives", "al",
    "public", "publics", "privé", "privée", "privés", "privées",  # "Fonds public « … »"
)

# --- Companies ---------------------------------------------------------------------------

#: Legal-form words that end a Latin company name ("… Co., Ltd.", "… Inc.");
#: matched case-insensitively on a capitalised word.
COMPANY_SUFFIXES = frozenset({
    "co", "ltd", "limited", "inc", "llc", "llp", "corp", "corporation", "gmbh", "jsc", "plc", "ag",
})
#: Suffixes written with a dot when abbreviated (the dot belongs to the name).
COMPANY_ABBREVIATIONS = frozenset({"co", "ltd", "inc", "corp"})
#: Legal forms written before a quoted name: ТОО «…», АО «…», ЖШС «…».
ORG_FORMS = frozenset({"ТОО", "АО", "ЗАО", "ОАО", "ПАО", "НАО", "РГП", "ГУП", "ЖШС", "АҚ", "ЖАҚ", "LLP", "JSC"})
#: Words ("с компанией …") after which a Latin name is a company; matched on the
#: start of the lower-cased word so every case form counts.
COMPANY_TRIGGERS: tuple[str, ...] = ("компани", "корпораци", "холдинг", "company", "firm", "фирм", "societe",
                                     "entreprise", "gesellschaft", "societa", "empresa", "sirket")
#: Most words of a company name taken after a trigger word.
MAX_COMPANY_WORDS = 6


# --- Acronyms and sides ------------------------------------------------------------------

#: Capitalised abbreviations that are no institution (countries, unions, legal forms,
#: degrees, fields): a bare acronym outside this list may name an organisation
#: ("OECRA", "KIRNS"), and "Name (ACR)" makes ACR that name for the whole article.
ACRONYM_STOPLIST = frozenset({
    "USA", "US", "UK", "EU", "UN", "CIS", "SCO", "UAE", "USSR", "PRC", "ROK", "DPRK", "NATO", "OSCE", "CICA",
    "PHD", "CEO", "CTO", "IT", "AI", "STEM", "ICT", "GDP", "JSC", "LLP", "LLC", "PLC", "RSE", "NJSC", "OJSC",
    "MOU", "MOA", "TV", "PR", "HR", "RK", "RF", "NGO", "COVID", "SDG", "SDGS", "ESG", "GMT", "UTC", "VIP",
    "PDF", "HTML", "URL", "WWW", "FAQ", "KAZINFORM", "TASS", "AFP", "AP", "BBC", "CNN", "RIA",
    "РК", "РФ", "КНР", "США", "ООН", "СНГ", "ЕС", "ЕАЭС", "ШОС", "ОАО", "АО", "ТОО", "ЗАО", "ПАО", "ИИ", "ИТ",
    "ВВП", "СМИ", "ЖШС", "АҚ", "ҚР", "РФ", "ТМД", "БҰҰ", "АҚШ", "ҚХР", "ЕО", "ГП", "РГП", "ГУ", "КГУ", "НАО",
    "ФГБОУ", "ФГАОУ", "ВО", "ПВО", "МВД", "МИД", "МО", "ИА", "ТАСС", "РИА", "ДНК", "РНК",
})
#: Words after a nationality adjective that make it name a side ("с российской стороны",
#: "from the Korean side", "du côté français", "қазақстандық тараптан"): the names that
#: follow, up to the next side phrase, belong to that country.
SIDE_WORDS = frozenset({"стороны", "сторона", "side", "côté", "тараптан", "тарап", "тарапынан", "seite", "parte",
                        "lado", "tarafından"})
#: Courtesy titles before a person's name: a place word right after one is a name
#: ("Mr Florence Walker", "Mme Lorraine Dupuis").
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "m", "mme", "mlle", "pr", "prof", "sir", "madam", "г-н", "г-жа",
                           "господин", "госпожа", "herr", "frau", "sig", "sra", "sr", "bay", "bayan", "мырза",
                           "ханым"})


#: Nouns of a field of study: a nationality adjective after one names the field, not the
#: institution's country ("Centre d'études turques", "Institute of Korean Studies").
FIELD_NOUNS = frozenset({
    "études", "etudes", "langues", "langue", "littérature", "littératures", "civilisations", "civilisation",
    "studies", "study", "languages", "language", "literature", "literatures", "philology",
    "исследований", "языков", "языка", "литературы", "филологии", "востоковедения",
    "зерттеулер", "тілдері", "тілі", "әдебиеті",
    "studien", "sprachen", "studi", "lingue", "estudios", "lenguas",
})
