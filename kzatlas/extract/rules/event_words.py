"""Event vocabulary per language, as word stems: what names each kind of event
(agreement, meeting, visit, forum, founding, programme, plan), which verbs say the
act happened (signed, held, took part), which words present a relation as an
ongoing partnership, and which name the host of an event. Stems match the start of a
word, so one stem covers Russian and Kazakh case forms ('соглашени' → соглашение,
соглашения, соглашением; 'кездес' → кездесу, кездесуде, кездесті).

Kinds are listed in priority order: when a sentence names several, the one nearest
to the sentence's date wins, ties going to the earlier kind in this order."""

from __future__ import annotations

KIND_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    "agreement": {
        # "The document was signed": a signed document is an agreement.
        "en": ("agreement", "memorand", "mou", "protocol", "treaty", "accord", "charter", "declaration", "contract",
               "document"),
        "ru": ("соглашени", "меморандум", "договор", "протокол", "хартию", "хартия", "хартии", "декларац", "контракт",
               "документ"),
        "kk": ("келісім", "меморандум", "хаттама", "декларация", "шарт", "хартия", "құжат"),
        "fr": ("accord", "protocole", "mémorandum", "memorandum", "convention", "traité", "déclaration", "charte",
               "document"),
    },
    "visit": {
        "en": ("visit",),
        "ru": ("визит", "посети", "посещени"),
        "kk": ("сапар",),
        "fr": ("visite", "visité"),
    },
    "forum": {
        "en": ("forum", "conference", "congress", "symposium", "summit", "workshop"),
        "ru": ("форум", "конференц", "конгресс", "симпозиум", "саммит"),
        "kk": ("форум", "конференция", "конгресс", "симпозиум", "саммит"),
        "fr": ("forum", "conférence", "congrès", "colloque", "symposium", "sommet"),
    },
    "meeting": {
        "en": ("meeting", "met ", "talks", "session"),
        "ru": ("встреч", "заседани", "переговор", "сессии", "сессия"),
        "kk": ("кездес", "келіссөз", "отырыс"),
        "fr": ("réunion", "rencontr", "entretien", "session"),
    },
    "founding": {
        "en": ("created", "founded", "established", "opened", "inaugurated"),
        "ru": ("создан", "основан", "учрежден", "открыт"),
        "kk": ("құрылды", "құрылған", "ашылды", "ашылған"),
        "fr": ("créé", "créée", "fondé", "fondée", "inauguré"),
    },
    "programme": {
        "en": ("launch",),
        "ru": ("запуск", "запуст"),
        "kk": ("іске қос",),
        "fr": ("lancer", "lancement", "lancerons", "lancé", "lancée"),
    },
    "plan": {
        "en": ("planned for", "scheduled for", "expected to start"),
        "ru": ("планируется на",),
        "kk": ("жоспарланған",),
        "fr": ("prévu pour", "prévue pour"),
    },
}

#: Words that start like an event word but name something else: nouns of the act
#: ('по созданию' – on the creation of) are plans or topics, not a founding.
NOT_KIND_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("sessions of parliament",),
    "ru": ("создани", "основани", "открыти", "учреждени", "открытост"),
    "kk": (),
    "fr": (),
}

#: Verbs that report the act as done (so an undated act can take the article's date).
ACT_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("signed", "held", "took part", "took place", "met ", "visited", "was created", "were signed", "concluded",
           "discussed", "attended", "welcomed"),
    "ru": ("подписа", "состоял", "прош", "провел", "провёл", "приняли участие", "принял участие", "встретил",
           "посетил", "заключ", "обсудил"),
    "kk": ("қол қой", "өткізді", "өтті", "кездесті", "қатысты", "талқыла", "ұйымдастыр"),
    "fr": ("signé", "signée", "tenu", "tenue", "a rencontré", "ont rencontré", "a participé", "a visité", "conclu"),
}

#: Words that present a relation as ongoing cooperation (an undated partnership).
PARTNERSHIP_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("cooperat", "partner", "collaborat", "joint", "interaction", "branch", "connected", "double degree",
           "exchange", "implement"),
    "ru": ("сотрудничеств", "партнер", "партнёр", "взаимодейств", "совместн", "филиал", "двойн", "обмен",
           "реализу"),
    "kk": ("ынтымақтаст", "әріптест", "бірлескен", "филиал", "ұтқырлы", "алмасу", "жүзеге асыр"),
    "fr": ("coopération", "partenaire", "partenariat", "collaboration", "commun", "branche", "filiale",
           "mise en œuvre"),
}

#: Words that report a discussion of prospects: such a sentence describes what a
#: meeting talked about, not a relation of its own ('перспективалары талқыланды').
DISCUSSION_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("discuss", "prospect", "possibilit", "considered", "explored"),
    "ru": ("обсу", "перспектив", "возможност", "рассмотр"),
    "kk": ("талқыла", "перспектива", "мүмкіндік", "қарастырыл"),
    "fr": ("discut", "perspective", "possibilit", "examin", "évoqu"),
}

#: Words naming who organised or hosted an event: an unstated venue is the host's city.
HOST_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("organised by", "organized by", "hosted by", "organisers", "organizers"),
    "ru": ("организатор", "организован", "на базе"),
    "kk": ("ұйымдастыр",),
    "fr": ("organisé par", "organisée par", "organisateurs", "accueilli par"),
}

#: Words that make a sentence a back-reference to an event already reported
#: ("at the meeting", "В форуме", "Кездесудің соңында").
#: A sentence without its own date whose kind matches an earlier event joins it.

#: Prepositions and endings that mark a place as the venue ("in Almaty", "à Baïkonour",
#: "в Астане"); Kazakh marks the locative with an ending instead (-да/-де/-та/-те).
VENUE_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "en": ("in", "at"),
    "ru": ("в", "во"),
    "kk": (),
    "fr": ("à", "a", "en", "au", "dans"),
}
KAZAKH_LOCATIVE_ENDINGS = ("да", "де", "та", "те", "нда", "нде")
