"""People in cooperation news, per language: the titles that name a person's office
(so "the Japanese ambassador", "President of Kazakhstan", "ministre de l'Éducation du
Kazakhstan" stand for a party), the titles of heads of state and government (whose
country is the party: a president signs for a state), and the words by which an article
refers back to its own institution ("the Institute", "notre université", "Институт").
Patterns use the syntax of :mod:`kzatlas.extract.rules.event_words`."""

from __future__ import annotations

#: Titles of an office whose holder acts for a state: the country they serve is a party.
STATE_TITLES: dict[str, tuple[str, ...]] = {
    "en": ("president*", "prime minister*", "premier*", "king*", "queen*", "emir*", "ambassador*", "minister*",
           "vice minister*", "deputy minister*", "foreign minister*", "head* of state", "chancellor*",
           "consul*", "envoy*", "secretary of state", "vice president*"),
    "ru": ("президент~", "премьер-министр~", "премьер~", "посол", "посла", "послом", "после", "послу", "министр~",
           "вице-министр~", "замминистр~", "глав~ государств~", "председател~ кнр", "канцлер~", "консул~"),
    "kk": ("президент~", "премьер-министр~", "елші~", "министр~", "вице-министр~", "мемлекет басшы~", "консул~"),
    "fr": ("président*", "présidente*", "premier* ministre*", "ambassadeur*", "ambassadrice*", "ministre*",
           "vice-ministre*", "chef* de l'état", "chef* d'état", "roi", "reine", "chancelier*", "consul*"),
    "de": ("präsident*", "premierminister*", "botschafter*", "minister*", "bundeskanzler*", "kanzler*"),
    "it": ("presidente", "primo ministro", "ambasciatore", "ambasciatrice", "ministro", "ministra"),
    "es": ("presidente*", "presidenta*", "primer ministro", "embajador*", "embajadora*", "ministro*", "ministra*"),
    "tr": ("cumhurbaşkanı~", "başbakan~", "büyükelçi~", "bakan~"),
}

#: Titles of people who act for an institution (rector, director, dean …): a person with
#: such a title is the institution's representative, never a party of their own, and a
#: sentence that only lists such people ("Head of the international office of X") is
#: not an act.
OFFICE_TITLES: dict[str, tuple[str, ...]] = {
    "en": ("rector*", "vice-rector*", "prorector*", "provost*", "dean*", "director*", "director general",
           "director-general", "chairman", "chairwoman", "chair", "head*", "deputy*", "professor*", "secretary*",
           "advis~", "adviser*", "advisor*", "vice-president*", "associate vice-president*", "officer*",
           "representative*", "ceo", "coordinator*", "manager*", "member*"),
    "ru": ("ректор~", "проректор~", "декан~", "директор~", "гендиректор~", "генеральн* директор~", "председател~",
           "заместител~", "руководител~", "глав~", "начальник~", "профессор~", "академик~", "советник~",
           "представител~", "член~", "конструктор~"),
    "kk": ("ректор~", "проректор~", "декан~", "директор~", "басшы~", "төраға~", "орынбасар~", "профессор~",
           "академик~", "кеңесші~", "өкіл~", "мүше~", "меңгеруші~"),
    "fr": ("recteur*", "rectrice*", "vice-recteur*", "doyen*", "directeur*", "directrice*", "président-directeur*",
           "responsable*", "chef*", "professeur*", "conseiller*", "conseillère*", "représentant*", "membre*",
           "secrétaire*", "consultant*"),
    "de": ("rektor*", "prorektor*", "dekan*", "direktor*", "leiter*", "vorsitzend~", "professor*", "vertreter*"),
    "it": ("rettore", "rettrice", "prorettore", "preside", "direttore", "direttrice", "professore", "professoressa"),
    "es": ("rector*", "rectora*", "vicerrector*", "decano*", "director*", "directora*", "profesor*", "profesora*"),
    "tr": ("rektör~", "dekan~", "müdür~", "başkan~", "profesör~", "temsilci~"),
}

#: How an article refers back to its own institution: "the Institute", "the University",
#: "notre université", "наш университет", "біздің университет". The head word after these
#: (or a capitalised head noun standing alone) is resolved to the article's main
#: institution of that kind.
BACK_REFERENCE: dict[str, tuple[str, ...]] = {
    "en": ("the", "our", "this"),
    "ru": ("наш~", "этот", "этого", "данн~"),
    "kk": ("біздің", "осы", "бұл"),
    "fr": ("notre", "nos", "cette", "cet", "ce", "l'", "le", "la"),
    "de": ("unser~", "diese~", "der", "die", "das"),
    "it": ("il", "lo", "la", "nostro", "nostra", "l'"),
    "es": ("el", "la", "nuestro", "nuestra"),
    "tr": ("bu",),
}

#: A title names the body its holder leads: "the Kazakh Minister of Education and
#: Science" stands for the ministry (name words compared after this mapping, folded).
TITLE_TO_BODY: dict[str, str] = {
    "minister": "ministry", "ministers": "ministry", "министр": "министерство", "министра": "министерство",
    "министром": "министерство", "министрі": "министрлігі", "ministre": "ministère", "minister's": "ministry",
    "ministro": "ministerio", "ministra": "ministerio", "bakanı": "bakanlığı",
}
