"""Event vocabulary per language, as word patterns matched against a sentence's tokens
by :mod:`kzatlas.extract.lexicon`: what names each kind of event, which verbs report the
act as done, which words present a relation as standing cooperation, who hosts or
receives, who is only present, and which titles name people.

Pattern syntax (one pattern per string; several words = a phrase, matched on adjacent
tokens separated by spaces only):
- ``word``   the word itself, any case (accents count: "visité" is not "visite");
- ``stem*``  the stem plus one of the language's word endings (``suffixes.WORD_ENDINGS``:
  "agreement*" = agreement, agreements; "визит*" = визит, визита, визитом);
- ``stem~``  the stem plus anything (for rich verb morphology: "подписа~" = подписал,
  подписали, подписан, подписания); exclusions in ``NOT_WORDS`` take out what only looks
  the same;
- ``*``      alone: any one word ("launch* * programme*" = "launched a new programme");
- ``Word=``  that exact spelling, case and accents included (acronyms: "MoU=" is not
  the French adjective "mou", which fired inside "mountains" when stems were prefixes).

Kinds are listed in priority order: when the clause of an act names several ("a
memorandum was signed during the visit"), the first kind in this order names the event.
Languages beyond en/ru/kk/fr carry a smaller vocabulary of the commonest forms."""

from __future__ import annotations

#: A partnership announced, launched or forged is an agreement of that day, and its verb
#: the act ("today announced a five-year research partnership"); "partnership" alone is a
#: standing relation (PARTNERSHIP_WORDS).
_PARTNERSHIP_ACTS: dict[str, tuple[str, ...]] = {
    "en": tuple(f"{verb}{' *' * n} partnership*" for verb in ("announce*", "launch*", "establish*", "forge*")
                for n in range(1, 5)) + ("enter* into * partnership*", "enter* into * * partnership*"),
    "fr": tuple(f"{verb}{' *' * n} partenariat*" for verb in ("lancé*", "noué*", "annoncé*", "établi*")
                for n in range(1, 4)),
}

#: Joining a body is an agreement of that day: "has become a full member of the EUA",
#: "вступил в Ассоциацию", "мүшесі болды", "est devenue membre".
_MEMBERSHIP_ACTS: dict[str, tuple[str, ...]] = {
    "en": ("become member*", "become * member*", "become * * member*", "became member*", "became * member*",
           "became * * member*", "becomes * member*", "becomes * * member*", "admitted to", "accession to",
           "has joined", "have joined"),
    "ru": ("стал~ член~", "стал~ * член~", "стал~ участник~", "вступил~ в", "вступлени~ в", "принят~ в член~"),
    "kk": ("мүшесі болды", "мүшесі атанды", "мүшелігіне қабылданды", "мүшелігіне өтті", "қатарына қосылды"),
    "fr": ("devenu* membre", "devenu* * membre", "adhéré", "adhésion", "rejoint"),
}

#: Verbs whose object an agreement holds ("a protocol that provides for 10 projects in
#: 2025-2027", "меморандум предусматривает …"): a future date after one dates the object,
#: not the signing.
PROVIDES_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("provide* for", "envisage*", "foresee*", "stipulate*"),
    "ru": ("предусматрива~", "предусмотр~"),
    "kk": ("қарастырады", "қарастырылған", "көзделген", "көздейді"),
    "fr": ("prévoit", "prévoient", "prévoyant"),
    "it": ("prevede", "prevedono"),
    "es": ("prevé", "prevén", "contempla", "contemplan"),
}

#: kind -> language -> patterns
KIND_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "agreement": {
        "en": ("agreement*", "memorandum*", "memoranda", "MoU=", "MOU=", "MoUs=", "MOUs=", "protocol*", "treaty",
               "treaties", "accord", "accords", "charter", "declaration*", "contract*", "roadmap*", "road map*",
               "document*", "letter* of intent",
               *_PARTNERSHIP_ACTS["en"], *_MEMBERSHIP_ACTS["en"]),
        "ru": ("соглашени~", "меморандум~", "договор*", "договоренност~", "договорённост~", "протокол*",
               "хартия", "хартию", "хартии", "декларац~", "контракт*", "дорожн* карт*", "документ~",
               "письм~ о намерениях", *_MEMBERSHIP_ACTS["ru"]),
        "kk": ("келісім~", "меморандум~", "хаттама~", "декларация~", "шарт*", "хартия~", "жол карта~", "құжат~",
               *_MEMBERSHIP_ACTS["kk"]),
        "fr": ("accord*", "protocole*", "mémorandum*", "memorandum*", "convention*", "traité*", "déclaration*",
               "charte*", "feuille* de route", "document*", "lettre* d'intention*",
               *_PARTNERSHIP_ACTS["fr"], *_MEMBERSHIP_ACTS["fr"]),
        # German compounds end in their head ("Kooperationsvereinbarung", "Rahmenabkommen").
        "de": ("abkommen*", "vereinbarung*", "absichtserklärung*", "memorandum*", "vertrag*", "verträge",
               "kooperationsvertrag*", "protokoll*", "erklärung*", "kooperationsvereinbarung*",
               "zusammenarbeitsvereinbarung*", "rahmenvereinbarung*", "rahmenabkommen*", "partnerschaftsabkommen*",
               "hochschulpartnerschaft*"),
        "it": ("accordo", "accordi", "memorandum", "protocollo", "protocolli", "convenzione", "convenzioni",
               "dichiarazione", "trattato"),
        "es": ("acuerdo*", "memorando*", "memorándum*", "convenio*", "protocolo*", "declaración", "tratado*"),
        "tr": ("anlaşma~", "mutabakat~", "protokol~", "sözleşme~", "memorandum~", "işbirliği anlaşma~"),
    },
    "founding": {
        "en": ("inaugurated", "inauguration*", "inaugurate*", "opened", "opening", "founded", "established",
               "set up", "created", "will open", "to open", "to establish", "to create", "to set up"),
        "ru": ("открыт~", "открыл~", "открыва~", "откро~", "торжественн* открыти~", "основан*", "учрежд~",
               "создан~", "созда~"),
        "kk": ("ашылды", "ашылған", "ашылуы~", "ашу~", "ашты", "ашпақ", "құрылды", "құрылған", "құру~", "құрды"),
        # Nouns of creation ("l'accord … sur la création du complexe") name the object of
        # an agreement, not a founding; the participles and infinitives do.
        "fr": ("inauguré*", "inauguration*", "inaugure*", "ouvert*", "ouverture", "ouvrira", "ouvriront", "ouvrir",
               "fondé*", "créé*", "créer", "établir", "mis en place", "lancé*"),
        "de": ("eröffnet", "eröffnung*", "gegründet", "gründung*", "eingeweiht", "einweihung*"),
        "it": ("inaugurato", "inaugurata", "inaugurazione", "aperto", "aperta", "apertura", "fondato", "fondata",
               "istituito", "istituita"),
        "es": ("inaugurado*", "inaugurada*", "inauguración", "abierto*", "apertura", "fundado*", "fundada*",
               "creado*", "creada*", "creación"),
        "tr": ("açıldı", "açılış~", "kuruldu", "kurulan", "kurulması~", "açılması~"),
    },
    "programme": {
        "en": ("launch* * programme*", "launch* * program*", "launch* programme*", "launch* program*",
               "joint programme*", "joint program*", "joint * programme*", "joint * program*",
               "joint * * programme*", "joint * * program*", "internship*", "traineeship*", "dual degree*", "double degree*", "joint degree*",
               "diploma* from", "summer school*", "winter school*", "joint school*"),
        "ru": ("запуск~ программ~", "запуст~ программ~", "совместн* программ~", "двойн* диплом~", "двудипломн~",
               "летн* школ~", "зимн* школ~", "стажировк~"),
        "kk": ("бағдарлама~ іске қос~", "бірлескен бағдарлама~", "қос диплом~", "қосдиплом~", "жазғы мектеп~",
               "қысқы мектеп~", "тағылымдама~"),
        "fr": ("lancer * programme*", "lancement du programme", "lancerons * programme*", "double diplôme*",
               "co-diplômant*", "programme* commun*", "école* d'été", "université* d'été", "école* d'hiver"),
        "de": ("start*", "doppelabschluss~", "gemeinsam* studiengang~", "gemeinsam* programm~", "sommerschule~",
               "winterschule~", "sommerakademie~"),
        "it": ("lancio", "doppio titolo", "doppia laurea", "programma congiunto", "scuola estiva", "scuole estive",
               "scuola invernale", "scuole invernali"),
        "es": ("lanzamiento", "doble titulación", "doble grado", "programa conjunto", "escuela* de verano",
               "curso* de verano", "escuela* de invierno"),
        "tr": ("ortak program~", "çift diploma~", "yaz okulu~", "kış okulu~"),
    },
    "forum": {
        "en": ("forum*", "fora", "conference*", "congress*", "symposium*", "symposia", "summit*", "workshop*",
               "seminar*", "exhibition*", "expo", "air show*", "airshow*", "round table*", "roundtable*",
               "round-table*", "panel discussion*", "webinar*", "online seminar*", "hackathon*"),
        "ru": ("форум~", "конференц~", "конгресс~", "симпозиум~", "саммит~", "семинар~", "салон~", "выставк~",
               "кругл* стол~", "вебинар~", "онлайн-семинар~", "хакатон~"),
        "kk": ("форум~", "конференция~", "конгресс~", "симпозиум~", "саммит~", "семинар~", "көрме~",
               "дөңгелек үстел~", "вебинар~", "хакатон~"),
        "fr": ("forum*", "conférence*", "congrès", "colloque*", "symposium*", "sommet*", "séminaire*", "salon*",
               "exposition*", "table* ronde*", "atelier*", "webinaire*", "hackathon*"),
        "de": ("forum*", "konferenz*", "kongress*", "symposium*", "gipfel*", "seminar*", "workshop*",
               "runder tisch", "runden tisch*"),
        "it": ("forum", "conferenza", "conferenze", "congresso", "simposio", "vertice", "seminario", "tavola rotonda"),
        "es": ("foro*", "conferencia*", "congreso*", "simposio*", "cumbre*", "seminario*", "mesa* redonda*"),
        "tr": ("forum~", "konferans~", "kongre~", "sempozyum~", "zirve~", "seminer~", "çalıştay~", "yuvarlak masa~"),
    },
    "meeting": {
        "en": ("meeting*", "met", "meet", "meets", "talks", "negotiation*", "consultation*", "videoconference*",
               "video conference*", "working lunch*", "working dinner*", "session*"),
        "ru": ("встреч~", "встрети~", "встрет~", "заседани~", "переговор~", "консультаци~", "видеоконференц~",
               "рабоч* обед~", "сесси~", "совещани~"),
        "kk": ("кездес~", "келіссөз~", "отырыс~", "жиын~", "консультация~", "бейнеконференция~"),
        "fr": ("réunion*", "rencontr~", "entretien*", "entrevue*", "consultation*", "visioconférence*",
               "déjeuner* de travail", "dîner* de travail", "session*"),
        "de": ("treffen", "traf", "trafen", "begegnung*", "gespräch*", "sitzung*", "verhandlung*"),
        "it": ("incontro", "incontri", "incontrato", "riunione", "riunioni", "colloquio", "colloqui", "sessione"),
        "es": ("reunión", "reuniones", "encuentro*", "reunió", "sesión", "negociacion*"),
        "tr": ("toplantı~", "görüşme~", "görüştü", "bir araya geldi", "oturum~"),
    },
    "visit": {
        "en": ("visit*", "delegation*", "tour*", "trip*", "mission*"),
        "ru": ("визит~", "посети~", "посещени~", "посеща~", "делегаци~", "поездк~", "командировк~"),
        "kk": ("сапар~", "делегация~", "барды", "келді", "болды сапар~"),
        "fr": ("visite*", "visité*", "délégation*", "déplacement*", "séjour*", "mission*"),
        "de": ("besuch*", "besucht*", "besuchte*", "delegation*", "reise*"),
        "it": ("visita", "visite", "visitato", "visitata", "delegazione", "delegazioni", "missione"),
        "es": ("visita*", "visitó", "visitado*", "delegación", "delegaciones", "misión"),
        "tr": ("ziyaret~", "heyet~", "delegasyon~"),
    },
    # A start or an operation scheduled for a date ("le début de l'exploitation … était
    # prévu pour 2028"): an event only with its date.
    # … and commitments under an agreement ("Россия берет на себя развитие филиала").
    "plan": {
        "en": ("planned for", "scheduled for", "expected to start", "due to start", "to be commissioned",
               "undertakes to", "undertook to", "committed to"),
        "ru": ("планируется на", "запланирован~ на", "намечен~ на", "берет на себя", "берёт на себя",
               "возьмет на себя", "возьмёт на себя", "обязуется", "обязалась", "обязался"),
        "kk": ("жоспарланған", "жоспарлануда", "міндеттенеді", "өз мойнына алады"),
        "fr": ("prévu pour", "prévue pour", "prévus pour", "programmé pour", "programmée pour", "s'engage à",
               "s'engagent à"),
        "de": ("geplant für", "vorgesehen für"),
        "it": ("previsto per", "prevista per"),
        "es": ("previsto para", "prevista para"),
        "tr": ("planlanan", "planlanıyor"),
    },
}

#: Words that look like an event word but are something else (a plan's topic, a
#: temporal word, an ordinary noun).
NOT_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "agreement": {
        "en": ("in accordance", "according"),
        "fr": (),
    },
    "founding": {
        # Nouns of creation are a plan's object ("по созданию", "шаги по открытию"), not a founding,
        # unless a verb of the act stands with them (see the act words).
        "ru": ("создани~", "открытост~", "основани~", "учреждени~", "созданн~"),
        "en": ("open source", "openness", "established diplomatic relation*", "establish* diplomatic relation*"),
        "fr": ("ouverture d'esprit", "établi* * relations diplomatiques", "établi* relations diplomatiques"),
    },
    "meeting": {"en": ("session of parliament", "sessions of parliament")},
    "visit": {"en": ("visiting scholar*", "visiting professor*", "visiting fellow*", "tour of duty")},
}

#: Verbs that report the act as done: an undated done act takes the article's date.
ACT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("signed", "signing", "sign", "signs", "held", "hosted", "took place", "takes place", "visited", "met",
           "attended", "welcomed", "received", "inaugurated", "opened", "concluded", "agreed", "organised",
           "organized", "took part", "participated", "presented", "launched", "established", "founded",
           "has signed", "have signed", "was signed", "were signed", "discussed", "explored", "co-signed", "initialled"),
    "ru": ("подписа~", "подпиш~", "заключи~", "заключен~", "состоял~", "состоит~", "прошла", "прошли", "прошло", "прошел",
           "прошёл",
           "провел~", "провёл~", "проведен~", "встретил~", "встрети~", "посетил~", "принял~", "приня~", "принимал~",
           "открыл~", "открыт~", "откр~", "обсуди~", "обсужд~", "договорил~", "участвовал~", "приняли участие",
           "принял участие", "вручил~", "представил~", "запусти~", "создал~", "учредил~"),
    "kk": ("қол қой~", "қол қою~", "өткізді", "өткізілді", "өтті", "болды", "кездесті", "қатысты", "талқыла~",
           "ұйымдастыр~", "қабылдады", "қарсы алды", "ашты", "ашылды", "келісті", "келісімге келді", "бас қосты",
           "барды", "таныстырды", "құрылды", "жасалды", "іске қосылды"),
    "fr": ("signé*", "signent", "signera", "signèrent", "tenu*", "a rencontré", "ont rencontré", "rencontré*",
           "a participé", "ont participé", "a visité", "ont visité", "visité*", "conclu*", "accueilli*", "reçu*",
           "inauguré*", "ouvert*", "organisé*", "discuté*", "eu lieu", "a eu lieu", "ont eu lieu", "convenu*",
           "présenté*", "lancé*", "créé*", "fondé*"),
    "de": ("unterzeichnet*", "unterzeichnete*", "unterschrieben", "abgeschlossen", "fand statt", "fanden statt",
           "besucht*", "besuchte*", "empfing*", "empfangen", "eröffnet*", "traf*", "vereinbart*", "teilgenommen",
           "gegründet"),
    "it": ("firmato", "firmata", "firmati", "firmate", "siglato", "siglata", "sottoscritto", "sottoscritta",
           "tenuto", "tenuta", "svolto", "svolta", "visitato", "visitata", "incontrato", "ricevuto", "ricevuta",
           "accolto", "accolta", "inaugurato", "inaugurata", "concluso", "conclusa", "partecipato"),
    "es": ("firmado*", "firmada*", "firmó", "firmaron", "suscrito*", "suscribieron", "celebrado*", "celebrada*",
           "celebró", "visitó", "visitado*", "recibió", "recibido*", "inaugurado*", "inauguró", "reunió",
           "acordaron", "participó", "participaron"),
    "tr": ("imzalandı", "imzaladı", "imzaladılar", "imzalanan", "imzalamıştır", "gerçekleştirildi",
           "gerçekleştirdi", "düzenlendi", "yapıldı", "ziyaret etti", "ağırladı", "kabul etti", "açıldı",
           "katıldı", "görüştü", "bir araya geldi"),
}

#: Verbs of hosting or receiving: the one who receives is where the event happened
#: ("Rector X received a delegation of Y", "a accueilli une délégation").
RECEIVE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("received", "receives", "hosted", "hosts", "welcomed", "welcomes", "hosting", "welcoming", "greeted",
           "host", "hosted by", "received by", "welcomed by"),
    "ru": ("принял~", "принимал~", "принима~", "приня~", "встрети~", "радушно", "на базе"),
    "kk": ("қабылда~", "қарсы ал~", "қабылдау~"),
    "fr": ("accueilli*", "accueille*", "accueillant", "reçu*", "reçoit", "recevant", "à l'invitation"),
    "de": ("empfing*", "empfangen", "begrüßt*", "gastgeber*"),
    "it": ("ricevuto", "ricevuta", "accolto", "accolta", "ospitato", "ospitata"),
    "es": ("recibió", "recibido*", "acogió", "acogido*", "anfitrión"),
    "tr": ("ağırladı", "kabul etti", "ev sahipliği~"),
}

#: Words naming who organised or hosted an event: where no venue is stated, the event
#: happened at the host's place ("Организаторами форума выступили КазНУ …", "organised by").
HOST_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("organised by", "organized by", "hosted by", "organiser*", "organizer*", "co-organised by",
           "co-organized by", "host*"),
    "ru": ("организатор~", "организован~", "на базе", "принимающ~"),
    "kk": ("ұйымдастыр~", "базасында"),
    "fr": ("organisé* par", "organisateur*", "accueilli* par", "coorganisé* par"),
    "de": ("organisiert von", "veranstalter*", "gastgeber*"),
    "it": ("organizzato da", "organizzata da", "organizzatori"),
    "es": ("organizado por", "organizada por", "organizadores"),
    "tr": ("düzenlenen", "ev sahipliğinde", "organizatör~"),
}

#: Words that make what follows an attendee, not a party ("in the presence of the
#: Presidents", "witnessed by", "при участии", "en présence de", "қатысуымен").
PRESENCE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("presence", "witnessed", "attended by", "in attendance", "with the participation", "among the guests"),
    "ru": ("присутстви~", "при участии", "с участием"),
    "kk": ("қатысуымен", "қатысуы~", "куәлігі~"),
    "fr": ("présence", "en présence", "participation de", "avec la participation"),
    "de": ("anwesenheit", "in anwesenheit", "im beisein", "teilnahme"),
    "it": ("presenza", "alla presenza", "partecipazione"),
    "es": ("presencia", "en presencia", "participación"),
    "tr": ("katılımıyla", "huzurunda", "eşliğinde"),
}

#: Words that present a relation as ongoing cooperation (an undated partnership).
PARTNERSHIP_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("cooperat~", "partner~", "collaborat~", "interaction*", "branch*", "campus*", "double degree*",
           "dual degree*", "exchange*", "implement~", "initiative*"),
    "ru": ("сотрудничеств~", "сотрудничает", "сотрудничают", "партнер~", "партнёр~", "взаимодейств~", "филиал~",
           "двойн* диплом~", "обмен~", "реализу~", "инициатив~"),
    "kk": ("ынтымақтаст~", "әріптес~", "бірлескен", "филиал~", "ұтқырлы~", "алмасу~", "жүзеге асыр~",
           "бастама~"),
    "fr": ("coopération*", "coopère*", "partenaire*", "partenariat*", "collaboration*", "antenne*", "filiale*",
           "branche*", "campus", "mise en œuvre", "initiative*"),
    "de": ("kooperation*", "zusammenarbeit", "partner*", "partnerschaft*", "zweigstelle*", "austausch*"),
    "it": ("cooperazione", "collaborazione", "collaborazioni", "partner", "partenariato", "sede distaccata"),
    "es": ("cooperación", "colaboración", "socio*", "asociación", "sede*", "intercambio*"),
    "tr": ("işbirliği~", "ortaklık~", "ortak~", "şube~", "kampüs~", "değişim~"),
}

#: Words that report a discussion of prospects: such a sentence describes what a
#: meeting talked about, not a relation or an act of its own.
DISCUSSION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("discuss~", "prospect*", "possibilit~", "potential", "considered", "explored", "explore*", "focused",
           "focus*", "stressed", "underscored", "noted", "emphasized", "emphasised"),
    "ru": ("обсу~", "перспектив~", "возможност~", "рассмотр~", "отметил~", "подчеркну~"),
    "kk": ("талқыла~", "перспектива~", "мүмкіндік~", "қарастыр~", "атап өт~", "атап көрсет~"),
    "fr": ("discut~", "perspective*", "possibilit~", "examin~", "évoqu~", "souligné*"),
    "de": ("erörtert*", "besprochen", "perspektive*", "möglichkeit*"),
    "it": ("discusso", "discusse", "prospettive", "possibilità"),
    "es": ("discutieron", "discutido*", "perspectiva*", "posibilidad*"),
    "tr": ("görüşüldü", "ele alındı", "imkan~", "olanak~"),
}

#: Prepositions that mark a place as the venue ("in Almaty", "à Baïkonour", "в Астане",
#: "in Wien"); Kazakh and Turkish mark it with a locative ending on the place or on the
#: noun after it ("Ақтөбе қаласында"), see LOCATIVE_ENDINGS.
VENUE_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "en": ("in", "at"),
    "ru": ("в", "во"),
    "kk": (),
    "fr": ("à", "a", "en", "au", "aux", "dans"),
    "de": ("in", "im", "nach"),
    "it": ("a", "ad", "in", "al", "nella", "nel", "presso"),
    "es": ("en",),
    "tr": (),
}
#: Prepositions of a visit's destination ("visit to Kazakhstan", "визит в Париж",
#: "visite à Paris"); Kazakh marks it with the dative (-ға/-ге/-қа/-ке/-на/-не).
DESTINATION_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "en": ("to",),
    "ru": ("в", "во"),
    "kk": (),
    "fr": ("à", "en", "au", "aux"),
    "de": ("nach", "in"),
    "it": ("a", "ad", "in"),
    "es": ("a", "en"),
    "tr": (),
}
#: Words whose locative/dative form after a place name marks the place ("Ақтөбе
#: қаласында" = in the city of Nur-Sultan; "Алматы облысында").
PLACE_NOUNS: dict[str, tuple[str, ...]] = {
    "kk": ("қала~", "облыс~", "ауыл~", "аудан~", "штат~", "провинция~", "ел~"),
    "ru": ("город~", "област~", "г."),
    "tr": ("şehri~", "kenti~", "ili~"),
}
#: Locative endings (Kazakh, Turkish): "Алматыда", "қаласында", "Ankara'da".
LOCATIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    "kk": ("да", "де", "та", "те", "нда", "нде"),
    "tr": ("da", "de", "ta", "te", "nda", "nde"),
}
#: Endings that turn a locative into an adjective ("Алматыдағы университет",
#: "Kazakistan'daki üniversite" = the university in …): where a body is, not a venue.
LOCATIVE_ADJECTIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    "kk": ("дағы", "дегі", "тағы", "тегі"),
    "tr": ("daki", "deki", "taki", "teki"),
}
#: Dative endings (Kazakh, Turkish): the destination of a visit ("Римге сапар").
DATIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    "kk": ("ға", "ге", "қа", "ке", "на", "не", "а", "е"),
    "tr": ("a", "e", "ya", "ye"),
}
#: Words marking a meeting as held online (no physical venue: the partner's city stands in).
ONLINE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("online", "virtual", "virtually", "videoconference*", "video link"),
    "ru": ("онлайн~", "видеоконференц~", "дистанционн~", "виртуальн~"),
    "kk": ("онлайн~", "бейнеконференция~", "қашықтан"),
    "fr": ("en ligne", "visioconférence*", "virtuel*", "virtuelle*"),
    "de": ("online", "virtuell*", "videokonferenz*"),
    "it": ("online", "videoconferenza", "virtuale"),
    "es": ("en línea", "videoconferencia*", "virtual*"),
    "tr": ("çevrimiçi", "online", "video konferans~"),
}

#: Verbs and nouns of signing: a clause names an agreement *event* only with one of
#: these, a date or a plan ("a memorandum was signed", "подписание соглашения"); an
#: agreement named with another verb is a topic ("presented a draft roadmap", "the
#: agreement provides for …").
SIGN_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("signed", "signing", "sign", "signs", "signature*", "co-signed", "concluded", "initialled", "inked",
           "entered into", "adopted", "ratified", "reached", *_PARTNERSHIP_ACTS["en"], *_MEMBERSHIP_ACTS["en"]),
    "ru": ("подписа~", "подпиш~", "подписи", "заключи~", "заключен~", "заключат~", "парафирова~", "достигнут~",
           "достигли", *_MEMBERSHIP_ACTS["ru"]),
    "kk": ("қол қой~", "қол қою~", "жасалды", "жасасты", "бекітілді", "қол жеткізілді", *_MEMBERSHIP_ACTS["kk"]),
    "fr": ("signé*", "signent", "signer", "signera", "signeront", "signature*", "conclu*", "paraphé*",
           *_PARTNERSHIP_ACTS["fr"], *_MEMBERSHIP_ACTS["fr"]),
    "de": ("unterzeichnet*", "unterzeichnete*", "unterzeichnung*", "unterschrieben", "abgeschlossen",
           "unterzeichnen"),
    "it": ("firmato", "firmata", "firmati", "firmate", "firma", "siglato", "siglata", "sottoscritto",
           "sottoscritta", "firmare"),
    "es": ("firmado*", "firmada*", "firmó", "firmaron", "firma", "firmar", "suscrito*", "suscribieron"),
    "tr": ("imzalandı", "imzaladı", "imzaladılar", "imzalanan", "imzalamıştır", "imza~"),
}

#: Verbs of agreeing to do something: with a founding or a programme after them ("agreed
#: to create a laboratory", "договорились создать", "ашуға келісті", "sont convenus de
#: créer") the act is an agreement, done, and what it sets up is planned.
AGREE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("agreed to", "agree to", "agreed on", "have agreed", "has agreed"),
    "ru": ("договорил~", "договорятся", "условил~", "согласились", "решили"),
    "kk": ("келісті", "келісіп", "уағдаласты", "келісімге келді"),
    "fr": ("convenu*", "sont convenus", "se sont mis d'accord", "ont décidé", "ont convenu"),
    "de": ("vereinbart*", "vereinbarten", "einigten sich", "beschlossen"),
    "it": ("concordato", "concordata", "deciso di", "convenuto"),
    "es": ("acordaron", "acordado*", "decidieron", "convinieron"),
    "tr": ("kararlaştırdı", "uzlaştı", "anlaştı"),
}

#: Words after which the kind words of the clause are what the act is about, not the
#: act ("visited … to discuss a double-degree programme", "для обсуждения создания …").
#: Words that make the event word after them a reference to an act already told ("Under
#: the agreement, the universities will …", "согласно документу", "dans le cadre de
#: l'accord"), not another act; Kazakh and Turkish put them after the noun (REFERENCE_AFTER).
REFERENCE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("under the", "under this", "under that", "as part of the", "within the framework of the",
           "in line with the", "according to the", "in accordance with the", "pursuant to the"),
    "ru": ("согласно", "в рамках", "в соответствии с", "по условиям"),
    "fr": ("dans le cadre de", "dans le cadre du", "en vertu de", "en vertu du", "aux termes de", "selon",
           "conformément à", "conformément au"),
    "de": ("im rahmen", "gemäß", "laut"),
    "it": ("nell'ambito", "ai sensi", "secondo"),
    "es": ("en el marco", "en virtud", "según"),
}
REFERENCE_AFTER: dict[str, tuple[str, ...]] = {
    "kk": ("аясында", "шеңберінде", "сәйкес", "бойынша"),
    "tr": ("kapsamında", "çerçevesinde", "uyarınca"),
}

ABOUT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to discuss", "to explore", "discussed", "explored", "about", "on the possibility", "to consider",
           "with a view to"),
    "ru": ("для обсуждения", "обсудили", "обсудить", "обсуждали", "о возможности", "по вопросам"),
    "kk": ("талқылау үшін", "талқылады", "мүмкіндігін", "мәселелерін"),
    "fr": ("pour discuter", "pour évoquer", "ont discuté", "ont évoqué", "sur la possibilité", "afin de discuter",
           "en vue d'", "en vue de", "en vue du"),
    "de": ("zu besprechen", "besprachen", "über die möglichkeit"),
    "it": ("per discutere", "hanno discusso"),
    "es": ("para discutir", "discutieron", "sobre la posibilidad"),
    "tr": ("görüşmek için", "görüştü", "ele aldı"),
}

#: Words of a delegation: the name governed by one is the visitor ("a delegation of Y",
#: "делегацию Y", "Y-дың делегациясын"); the other party hosts the visit.
DELEGATION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("delegation*",),
    "ru": ("делегаци~",),
    "kk": ("делегация~",),
    "fr": ("délégation*",),
    "de": ("delegation*",),
    "it": ("delegazione", "delegazioni"),
    "es": ("delegación", "delegaciones"),
    "tr": ("heyet~", "delegasyon~"),
}

#: Words that deny the act of their clause ("have not yet signed", "не подписали",
#: "n'a pas signé", "қол қойылған жоқ").
NEGATION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("not", "never", "no longer", "yet to"),
    "ru": ("не", "ни", "нет"),
    "kk": ("жоқ", "емес"),
    "fr": ("pas", "jamais", "ne"),
    "de": ("nicht", "nie", "kein~"),
    "it": ("non", "mai"),
    "es": ("no", "nunca"),
    "tr": ("değil", "yok"),
}

#: Words that mark a mention as another act of the same kind ("has also signed",
#: "ещё одно соглашение", "un autre accord"): it is never the same occasion as the
#: act before it with other parties.
ANOTHER_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("also", "another", "second", "further", "additionally"),
    "ru": ("также", "ещё", "еще", "другой", "второй", "кроме того"),
    "kk": ("сондай-ақ", "тағы", "екінші", "сонымен қатар"),
    "fr": ("aussi", "également", "autre", "second", "deuxième"),
    "de": ("auch", "weitere*", "zweite*"),
    "it": ("anche", "altro", "secondo"),
    "es": ("también", "otro", "segundo"),
    "tr": ("ayrıca", "bir başka", "ikinci"),
}

#: Lines that link to other articles of the site ("Read also: …", "Читайте также: …"):
#: another article's headline, never an event of this one. Matched at a sentence's start.
OTHER_ARTICLE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("read also", "read more", "see also", "related", "related news", "related articles", "also read",
           "recommended"),
    "ru": ("читайте также", "читайте еще", "читайте ещё", "смотрите также", "см. также", "по теме", "похожие новости",
           "рекомендуем"),
    "kk": ("сондай-ақ оқыңыз", "оқи отырыңыз", "тағы оқыңыз", "ұқсас жаңалықтар", "тақырып бойынша"),
    "fr": ("lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "sur le même sujet", "à voir aussi"),
    "de": ("lesen sie auch", "siehe auch", "mehr zum thema"),
    "it": ("leggi anche", "vedi anche"),
    "es": ("lea también", "lee también", "ver también", "te puede interesar"),
    "tr": ("ayrıca okuyun", "ilgili haberler", "bunu da okuyun"),
}
