"""Find the cooperation events of one article, clause by clause.

The article is analysed once (:class:`~kzatlas.extract.document.Doc`); every sentence's
words are looked up in the event vocabulary; the sentences that name an event (and
their neighbours, which lend parties and dates) get dates, names and places. Then each
clause that names an act becomes a *frame*: its kind (the strongest event word of the
clause), its date (a date of the clause; else one stated in the previous sentence of the
paragraph when that sentence names no act; else, for an act reported as done, the
publication date), whether it is planned (a plan marker of the clause), its venue (a
place the clause marks as where the act happened: "in Almaty", "Ақтөбе қаласында",
"visite à Paris", refined to the host institution when only a country is named) and its
parties (the Kazakh and foreign institutions of the clause, else of the sentence, else
named through a person's office, else carried from the paragraph or the article).

Frames of one occasion merge: the acts of one sentence ("a memorandum was signed during
the visit") and a later undated mention of the same kind; a frame dated only by the
publication date merges into an explicitly dated one only when the two dates are close,
never into a background event of another year. Statements of standing cooperation
without an act are kept apart as *relations* (undated partnerships), not events.

The rules, each general and each named in the tests:
- attendees ("in the presence of", "при участии", "en présence de") are not parties;
- an act between a Kazakh and a foreign party needs both; a missing Kazakh side is the
  article's main Kazakh institution (articles are about Kazakhstan), else Kazakhstan;
- a whole country as the only partner makes an event only with a date or a done act;
- a founding is a cooperation event only when both sides are named in its sentence or
  it is planned by both ('agreed to create'); otherwise it is background;
- a period that is the object of a plan ("plans for 2026–2027") is not the act's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kzatlas.extract.dates import extract_dates, is_planned
from kzatlas.extract.document import Doc, clauses
from kzatlas.extract.grounding import Grounder, dateline_span, grounding_of, side_of
from kzatlas.extract.institutions import Gazetteer, head_kind
from kzatlas.extract.language import sentence_languages
from kzatlas.extract.lexicon import Lexicon, build_lexicon
from kzatlas.extract.places import PlaceIndex
from kzatlas.extract.rules import date_words as DW
from kzatlas.extract.rules import event_words as W
from kzatlas.extract.rules import people_words as P
from kzatlas.extract.rules.topics import TOPIC_STEMS
from kzatlas.extract.settings import setting
from kzatlas.models import Article, DateMention, Event, Institution, InstitutionMention, Place, PlaceMention, Span

KAZAKHSTAN = "KZ"
KIND_ORDER: tuple[str, ...] = tuple(W.KIND_WORDS)
#: Tuning numbers, curated with their reasons in data/extraction_settings.csv.
ATTACH_WINDOW = setting("attach_window")
PUBLICATION_MERGE_DAYS = setting("publication_merge_days")
MERGE_LOOKBACK = setting("merge_lookback")


# --- vocabulary ----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """Every word list the event finder reads, for one language, as one lexicon."""
    tables: list[tuple[str, tuple[str, ...]]] = []
    for kind, by_lang in W.KIND_WORDS.items():
        tables.append((f"kind:{kind}", by_lang.get(lang, ())))
    for kind, by_lang in W.NOT_WORDS.items():
        tables.append((f"not:{kind}", by_lang.get(lang, ())))
    for label, table in (
        ("act", W.ACT_WORDS),
        ("receive", W.RECEIVE_WORDS),
        ("receive", W.HOST_WORDS),
        ("presence", W.PRESENCE_WORDS),
        ("partnership", W.PARTNERSHIP_WORDS),
        ("discussion", W.DISCUSSION_WORDS),
        ("online", W.ONLINE_WORDS),
        ("state_title", P.STATE_TITLES),
        ("office_title", P.OFFICE_TITLES),
        ("sign", W.SIGN_WORDS),
        ("agree", W.AGREE_WORDS),
        ("provides", W.PROVIDES_WORDS),
        ("about", W.ABOUT_WORDS),
        ("reference", W.REFERENCE_WORDS),
        ("reference_after", W.REFERENCE_AFTER),
        ("delegation", W.DELEGATION_WORDS),
        ("negation", W.NEGATION_WORDS),
        ("another", W.ANOTHER_WORDS),
    ):
        tables.append((label, table.get(lang, ())))
    for topic, by_lang in TOPIC_STEMS.items():
        pats = tuple(s.strip() if s.endswith(" ") else s.strip() + "~" for s in by_lang.get(lang, ()))
        tables.append((f"topic:{topic}", pats))
    return build_lexicon(lang, tables)


TOPIC_NAMES = tuple(TOPIC_STEMS)


# --- context ---------------------------------------------------------------------------------


@dataclass
class Context:
    """What the extractor needs besides the article: curated data and the place index."""

    gazetteer: Gazetteer
    places: PlaceIndex
    geocoder: object | None = None  # kzatlas.build.geocode.Geocoder; None means gazetteer/GeoNames only
    grounder: Grounder | None = None

    def __post_init__(self) -> None:
        if self.grounder is None:
            self.grounder = Grounder(self.places)

    def locate(self, inst: Institution) -> Place | None:
        """The institution's point, named by its city: a map reader looks for 'Dubna',
        not 'Joint Institute for Nuclear Research' (the partners column names it)."""
        place = self._locate(inst)
        if place is not None and place.precision == "institution" and inst.city:
            place = replace(place, name=inst.city)
        return place

    def _locate(self, inst: Institution) -> Place | None:
        if is_country(inst):
            return self.places.country(inst.country_code)
        if self.geocoder is not None:
            return self.geocoder.locate_institution(inst)  # type: ignore[attr-defined]
        if inst.lat is not None and inst.lon is not None:
            precision = "region" if inst.kind == "region" else "institution"
            return Place(inst.name, inst.country_code, inst.lat, inst.lon, precision, "gazetteer")
        if inst.city:
            p = self.places.lookup(inst.city, inst.country_code)
            if p:
                return p
        return self.places.country(inst.country_code) if inst.country_code else None


def country_party(code: str, ctx: Context) -> Institution:
    """A whole country as a party ('Kazakhstan', 'Russia'), placed at its capital."""
    point = ctx.places.country(code)
    return Institution(
        id=f"country-{code.lower()}",
        name=ctx.places.country_name(code, "en") or code,
        kind="country",
        city="",
        country_code=code,
        lat=point.lat if point else None,
        lon=point.lon if point else None,
        notes="country",
    )


def is_country(inst: Institution) -> bool:
    return inst.kind == "country"


def _unique(items) -> list[Institution]:
    seen: dict[str, Institution] = {}
    for inst in items:
        seen.setdefault(inst.id, inst)
    return list(seen.values())


# --- per-sentence analysis ----------------------------------------------------------------------


@dataclass
class Analysed:
    """One sentence with what the finders found in it (spans are sentence-relative)."""

    index: int
    start: int
    end: int
    paragraph: int
    text: str
    lang: str
    hits: list[tuple[str, int, int]]  # (label, start char, end char) of vocabulary matches
    full: bool = False  # dates, names and places were looked for
    dates: list[DateMention] = field(default_factory=list)
    names: list[InstitutionMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    countries: list[tuple[str, Span]] = field(default_factory=list)  # countries named as parties
    adjective_countries: list[str] = field(default_factory=list)  # countries named by an adjective anywhere
    clause_spans: list[Span] = field(default_factory=list)

    def has(self, label: str) -> bool:
        return any(h[0] == label for h in self.hits)

    def spans(self, label: str) -> list[Span]:
        return [(a, b) for lab, a, b in self.hits if lab == label]

    @property
    def kinds(self) -> list[tuple[str, int]]:
        nots = {(lab[4:], a) for lab, a, _ in self.hits if lab.startswith("not:")}
        return [(lab[5:], a) for lab, a, _ in self.hits if lab.startswith("kind:") and (lab[5:], a) not in nots]

    def kz_names(self) -> list[InstitutionMention]:
        return [m for m in self.names if side_of(m.institution) == KAZAKHSTAN]

    def foreign_names(self) -> list[InstitutionMention]:
        return [m for m in self.names if side_of(m.institution) not in ("", KAZAKHSTAN)]

    def unknown_names(self) -> list[InstitutionMention]:
        """Names no step of the grounding placed (a bare "OECRA")."""
        return [m for m in self.names if not side_of(m.institution)]


def _clause_of(spans: list[Span], pos: int) -> Span:
    for a, b in spans:
        if a <= pos < b:
            return (a, b)
    return spans[-1] if spans else (0, 0)


_OTHER_ARTICLE = re.compile(
    r"\W*(?:" + "|".join(sorted({re.escape(m) for ms in W.OTHER_ARTICLE_MARKERS.values() for m in ms},
                                  key=len, reverse=True)) + r")\s*[:：—–-]", re.IGNORECASE)


def analyse(doc: Doc, ctx: Context) -> list[Analysed]:
    """Every sentence with its vocabulary; sentences that name an event kind (and the
    ones around them) with their dates, grounded names and places."""
    langs = sentence_languages(doc)
    out: list[Analysed] = []
    for s, lang in zip(doc.sentences, langs):
        lex = lexicon(lang)
        base = s.start
        hits = [(lab, doc.tok_start[i] - base, doc.tok_end[j - 1] - base) for lab, i, j in lex.find(doc, s.t0, s.t1)]
        if _OTHER_ARTICLE.match(s.text):
            hits = []  # "Read also: …": another article's headline
        out.append(Analysed(s.index, s.start, s.end, s.paragraph, s.text, lang, hits))
    wanted = [any(h[0].startswith("kind:") or h[0] == "partnership" for h in a.hits) for a in out]
    n = len(out)
    for i, a in enumerate(out):
        if not (wanted[i] or (i + 1 < n and wanted[i + 1]) or (i > 0 and wanted[i - 1])):
            continue
        a.full = True
        a.clause_spans = clauses(a.text, a.lang)
        a.dates = extract_dates(a.text, a.lang, doc.published, doc.published_precision)
        a.places = ctx.places.find(a.text, a.lang)
    assert ctx.grounder is not None
    ctx.grounder.article_names(out, ctx.gazetteer, doc)
    return out


# --- frames ------------------------------------------------------------------------------------------


@dataclass
class Frame:
    """An act named in one clause, being resolved into an event."""

    kind: str
    sent: Analysed
    clause: Span
    anchor: int
    done: bool
    planned: bool
    scope: Span | None = None  # where its parties are named, when a clause lists several acts
    date: DateMention | None = None
    date_basis: str = ""
    kz: list[Institution] = field(default_factory=list)
    foreign: list[Institution] = field(default_factory=list)
    explicit_kz: bool = False
    explicit_foreign: bool = False
    venue: Place | None = None
    venue_basis: str = ""
    receive_kz: bool = False  # a Kazakh party receives/hosts: the act happened at its place
    visit_kz: bool = False  # Kazakh guests of a foreign host: the act did not happen at home
    online: bool = False
    another: bool = False  # "has also signed": another act, not a back-reference
    agreed_on: bool = False  # "agreed to open … in 2023": the clause's future dates are the object's
    carried_prev: bool = False  # the foreign party came from the previous sentence of the paragraph
    involved_kz: list[Institution] = field(default_factory=list)  # parties and attendees named
    involved_foreign: list[Institution] = field(default_factory=list)
    extra: list[Analysed] = field(default_factory=list)

    @property
    def partner_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.foreign)


def _strongest(kinds: list[str]) -> str:
    return min(kinds, key=KIND_ORDER.index)


def _in(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _presence_spans(a: Analysed) -> list[Span]:
    """Stretches of the sentence that name attendees (from a presence word to the end
    of its clause) or the venue."""
    out = _venue_names(a)
    for s, _ in a.spans("presence"):
        c = _clause_of(a.clause_spans, s)
        out.append((s, c[1]))
    return out


_WEAK_GROUNDING = frozenset({"article_country", "next_sentence", "sentence_city"})
#: Words between a delegation word and the visitor's name ("delegation of the …").
_OF_WORDS = re.compile(r"^\s*(?:of|from|de|du|des|d'|d’|de la|de l'|della|del|dello|der|des|aus|von|from the|of the)?\s*"
                       r"(?:the|la|le|l'|l’)?\s*$", re.IGNORECASE)


def _crosses_place_word(a: Analysed, gap: str) -> bool:
    """Whether a stretch of text holds a venue or destination preposition."""
    preps = set(W.VENUE_PREPOSITIONS.get(a.lang, ())) | set(W.DESTINATION_PREPOSITIONS.get(a.lang, ()))
    return any(w.lower() in preps for w in re.findall(r"[^\W\d_]+", gap))


def _visitors(a: Analysed) -> list[Span]:
    """Spans of the names a delegation word governs: right after it ("a delegation of the
    X", "делегацию X") or, in Kazakh and Turkish, right before it ("X-дың (Уфа, Ресей)
    делегациясын")."""
    out = []
    for s, e in a.spans("delegation"):
        for m in a.names:
            after = a.text[e:m.span[0]]
            before = a.text[m.span[1]:s]
            if 0 <= m.span[0] - e <= 25 and _OF_WORDS.match(after):
                out.append(m.span)
            elif (0 <= m.span[0] - e <= 70 and not out and not re.search(r"[,.;:]", after)
                  and re.match(r"\s*(?:of|from|de|du|d'|d’|des|della|del|der|von|aus)\b", after, re.IGNORECASE)
                  and not _crosses_place_word(a, after)):
                # "a delegation of the … Network – Institute of …", but not "a delegation of
                # administrators to X": X is where it went.
                out.append(m.span)
            elif a.lang in ("kk", "tr") and 0 <= s - m.span[1] <= 30 and re.fullmatch(r"\s*(?:\([^)]*\))?\s*", before):
                out.append(m.span)
    return out


def _venue_names(a: Analysed) -> list[Span]:
    """Names used as the venue ("в Доме министерств", "au Sénat"): where, not who."""
    preps = W.VENUE_PREPOSITIONS.get(a.lang, ())
    return [m.span for m in a.names if _word_before(a.text, m.span[0]) in preps
            and m.institution.kind in ("government", "landmark") and side_of(m.institution) == KAZAKHSTAN]


def _parties_in(a: Analysed, where: Span, skip: list[Span]) -> tuple[list[Institution], list[Institution]]:
    kz = _unique(m.institution for m in a.kz_names() if _in(m.span, where) and not any(_in(m.span, p) for p in skip))
    fo = _unique(
        m.institution for m in a.foreign_names() if _in(m.span, where) and not any(_in(m.span, p) for p in skip)
    )
    return kz, fo


def _countries_in(a: Analysed, where: Span, skip: list[Span], ctx: Context) -> list[Institution]:
    out = []
    for code, span in a.countries:
        if _in(span, where) and not any(_in(span, p) for p in skip):
            out.append(country_party(code, ctx))
    return _unique(out)


def _founds_a_body(a: Analysed, pos: int) -> bool:
    """Whether an institution word follows a founding word within a few words ("opened a
    joint laboratory", "открыли центр")."""
    words = re.findall(r"[^\W\d_]+", a.text[pos:pos + 60])[1:5]
    return any(head_kind(w, a.lang) for w in words)


def _sentence_frames(a: Analysed) -> list[Frame]:
    """One frame per clause that names an event kind. An agreement word counts only with
    a signing word, a date or a plan in its clause ("presented a draft roadmap" is not an
    agreement); an act word after a negation is not done ("have not yet signed")."""
    kinds = a.kinds
    if not kinds:
        return []
    frames: list[Frame] = []
    by_clause: dict[Span, list[tuple[str, int]]] = {}
    for kind, pos in kinds:
        by_clause.setdefault(_clause_of(a.clause_spans, pos), []).append((kind, pos))
    acts = a.spans("act")
    signs = a.spans("sign")
    negations = a.spans("negation")
    abouts = a.spans("about")
    refs = a.spans("reference")
    refs_after = a.spans("reference_after")
    kind_ends = {s: e for lab, s, e in a.hits if lab.startswith("kind:")}
    agrees = a.spans("agree")
    for clause, ks in sorted(by_clause.items()):
        text = a.text[clause[0]:clause[1]]
        # "… visited KIMEP to discuss a double-degree programme": what follows a word of
        # discussing is the topic, not the act.
        ks = [(k, p) for k, p in ks if not any(_in(x, clause) and x[1] <= p for x in abouts)]
        # "The conference … opened in Astana": the opening of a forum is the forum, not the
        # founding of something — unless a body follows the verb ("opened a laboratory").
        forums = [p for k, p in ks if k == "forum"]
        if forums:
            ks = [(k, p) for k, p in ks if not (k == "founding" and p > min(forums) and not _founds_a_body(a, p))]
        # "Under the agreement, …", "келісім аясында": the act already told, not a new one.
        ks = [(k, p) for k, p in ks if not any(0 <= p - x[1] <= 6 for x in refs)
              and not any(0 <= x[0] - kind_ends.get(p, p) <= 2 for x in refs_after)]
        # "El convenio prevé … la creación de un centro en 2024": an agreement named before a
        # providing verb is the one already told; what it provides for is the act, planned.
        provides = [x[0] for x in a.spans("provides") if _in(x, clause)]
        provided = bool(provides) and any(p > provides[0] for k, p in ks if k != "agreement") \
            and not any(_in(x, clause) for x in signs)
        if provided:
            ks = [(k, p) for k, p in ks if not (k == "agreement" and p < provides[0])]
        if not ks:
            continue
        # A plan or a commitment ("берет на себя развитие …") is planned by its very word.
        planned = is_planned(text, a.lang) or any(k == "plan" for k, _ in ks) or provided
        # A calendar date licenses an agreement word without a verb ("the memorandum of
        # 30 November"); "today's memorandum" only refers back to one.
        dated = any(_in(d.span, clause) and d.basis != "relative_to_publication" for d in a.dates)
        # "…has signed a memorandum with A, and an agreement with B": a clause joined by a
        # conjunction shares the verb of the clause before it.
        shares = clause[0] > 0 and _COORDINATED.match(text) is not None
        reach = (0, clause[1]) if shares else clause
        if not (planned or dated or any(_in(x, reach) for x in signs)):
            ks = [(k, p) for k, p in ks if k != "agreement"]
        if not ks:
            continue
        kind = _strongest([k for k, _ in ks])
        anchor = min(p for k, p in ks if k == kind)
        clause_acts = [x for x in acts if _in(x, reach)]
        agreed = [x for x in agrees if _in(x, clause)]
        agreed_on = False
        if agreed and kind in ("founding", "programme"):
            # "договорились создать лабораторию": the agreement is the act; the laboratory is planned.
            later = [d for d in _act_dates(a, clause) if d.planned]
            if later:
                # "… 2023 жылы бірлескен магистратура бағдарламасын ашуға келісті": the future
                # date is the programme's, a plan of its own; the agreeing happened now.
                obj = Frame(kind=kind, sent=a, clause=clause, anchor=anchor, done=False, planned=True,
                            agreed_on=True)
                obj.date, obj.date_basis = later[0], later[0].basis
                frames.append(obj)
            kind, anchor = "agreement", agreed[0][0]
            clause_acts = clause_acts + agreed
            planned = False
            agreed_on = True
        denied = any(_in(n, clause) and n[0] < max(x[0] for x in clause_acts) for n in negations) \
            if clause_acts else False
        done = bool(clause_acts) and not denied
        if denied and not planned:
            continue  # "We have not yet signed agreements with other universities"
        another = any(_in(x, clause) for x in a.spans("another"))
        dates = _act_dates(a, clause)
        words = [(k, p) for k, p in ks]
        if len(dates) > 1 and len({p for _, p in words}) > 1:
            # "En 2018, un protocole a été signé modifiant l'accord … en date du 22 décembre
            # 2004": each date with the event word nearest to it, one act each.
            pairs: dict[int, tuple[str, int, DateMention]] = {}
            for d in dates:
                k, pos = min(words, key=lambda w: (_gap(w[1], d), KIND_ORDER.index(w[0])))
                if pos not in pairs or _gap(pos, d) < _gap(pos, pairs[pos][2]):
                    pairs[pos] = (k, pos, d)
            for k, pos, d in sorted(pairs.values(), key=lambda t: t[1]):
                fr = Frame(kind=k, sent=a, clause=clause, anchor=pos, done=done, planned=planned or d.planned,
                           another=another)
                fr.date, fr.date_basis = d, d.basis
                frames.append(fr)
            continue
        same = sorted(p for k, p in ks if k == kind)
        named = [m for m in a.foreign_names() if _in(m.span, clause)]
        if kind == "agreement" and len(same) > 1 and len(named) > 1:
            # "подпишет Соглашение … с X, Меморандум … с Y, Соглашение … с Z": one act per
            # agreement word, each with the partners named after it; "между X, Y и Z" is one.
            bounds = [*same[1:], clause[1]]
            groups = [(pos, end) for pos, end in zip(same, bounds) if any(pos <= m.span[0] < end for m in named)]
            if len(groups) > 1:
                for n, (pos, end) in enumerate(groups):
                    scope = (clause[0] if n == 0 else pos, end)
                    frames.append(Frame(kind=kind, sent=a, clause=clause, anchor=pos, done=done, planned=planned,
                                        scope=scope, another=another))
                continue
        frames.append(Frame(kind=kind, sent=a, clause=clause, anchor=anchor, done=done, planned=planned,
                            another=another, agreed_on=agreed_on))
    return frames


def _gap(pos: int, d: DateMention) -> int:
    """Characters between an event word at ``pos`` and a date, edge to edge."""
    return pos - d.span[1] if pos >= d.span[1] else max(0, d.span[0] - pos)


#: A clause that opens with a coordinating conjunction shares the verb before it.
_COORDINATED = re.compile(r"\W*(?:and|и|а также|et|und|e|y|ve|және|сондай-ақ|ал)\s", re.IGNORECASE)


def _act_dates(a: Analysed, clause: Span) -> list[DateMention]:
    return [d for d in a.dates if _in(d.span, clause) and _usable(d)]


_TODAY = re.compile("|".join(f"(?:{w})" for w in DW.TODAY.values()), re.IGNORECASE)


def _best_date(dates: list[DateMention], anchor: int) -> DateMention | None:
    if not dates:
        return None
    # A calendar date the clause states beats "today"/"yesterday" ("… 2024 жылғы 15-16
    # сәуірде «… тарих пен бүгін» атты конференция": the title's "today" dates nothing); then the date
    # nearest the act word; an exact date beats a vaguer one at a tie.
    today = [d for d in dates if d.basis == "relative_to_publication" and d.precision == "day"
             and (_TODAY.fullmatch(d.text) or " " not in d.text.strip())]
    stated = [d for d in dates if d.basis in ("stated", "year_from_publication")]
    if stated and today:
        dates = [d for d in dates if d not in today]
    return min(dates, key=lambda d: (min(abs(d.span[0] - anchor), abs(d.span[1] - anchor)),
                                     {"day": 0, "month": 1, "year": 2}.get(d.precision, 3)))


# --- venue -------------------------------------------------------------------------------------------


def _word_before(text: str, pos: int) -> str:
    """The word before ``pos``, lower case, without an elided article ("l'OECRA" -> "à")."""
    before = text[:pos].rstrip()
    if before.endswith(("'", "’")):  # "à l'OECRA": skip the elided article
        before = before[:-1].rstrip()
        if before.lower().endswith((" l", " d")):
            before = before[:-2]
    word = before.rsplit(None, 1)[-1].lower() if before else ""
    return word.split("'")[-1].split("’")[-1]


#: Kinds of institution whose name may be followed by their seat ("… Institute in Lyon").
_SEATED_KINDS = frozenset({"university", "research_centre", "academy", "organisation", "agency", "company",
                           "consortium", "branch"})
_CITY_NOUNS = frozenset({"город", "городе", "г", "city", "ville", "stadt", "città", "ciudad", "region", "région",
                         "province", "regione", "región", "области", "регионе", "oblast", "провинции"})
_PLACE_NOUN_LINKS = frozenset({"of", "the", "de", "d", "la", "le", "du", "di", "del", "della", "der"})


def _preposition_before_place_noun(text: str, pos: int) -> str:
    """The word before "city of", "г.", "la région d'" that ends right at ``pos``, or ""
    when no place noun stands there."""
    words = [w.lower().rstrip(".") for w in re.findall(r"[^\W\d_]+\.?", text[max(0, pos - 60):pos])]
    k, noun = len(words) - 1, False
    while k >= 0 and (words[k] in _PLACE_NOUN_LINKS or words[k] in _CITY_NOUNS):
        noun = noun or words[k] in _CITY_NOUNS
        k -= 1
    return words[k] if noun and k >= 0 else ""


def _bracketed_after_name(a: Analysed, span: Span, name_spans: list[Span]) -> bool:
    """Whether a place stands in brackets right after a name: "X (Уфа, Ресей)"."""
    open_at = a.text.rfind("(", 0, span[0])
    if open_at < 0 or a.text.find(")", open_at, span[0]) >= 0 or a.text.find(")", span[1]) < 0:
        return False
    return any(0 <= open_at - e <= 1 for _, e in name_spans)


def _venue_in(a: Analysed, where: Span, visit: bool, ctx: Context) -> tuple[Place | None, str]:
    """A place the clause marks as where the act happened ('venue': "in Almaty",
    "Ақтөбе қаласында", "в Доме министерств"), or, in a sentence about a visit, the visit's
    destination ("visit to Kazakhstan", "visit Kazakhstan", "Римге сапары")."""
    name_spans = [m.span for m in a.names]
    preps = W.VENUE_PREPOSITIONS.get(a.lang, ())
    dests = W.DESTINATION_PREPOSITIONS.get(a.lang, ())
    loc = W.LOCATIVE_ENDINGS.get(a.lang, ())
    dat = W.DATIVE_ENDINGS.get(a.lang, ())
    visit_words = {a.text[s:e].lower() for lab, s, e in a.hits if lab == "kind:visit"}
    found: list[tuple[int, int, Place, str]] = []  # (priority, position, place, how)
    for pm in a.places:
        if not _in(pm.span, where) or any(_in(pm.span, s) for s in name_spans):
            continue
        if _bracketed_after_name(a, pm.span, name_spans):
            continue  # "… университетінің (Уфа, Ресей) делегациясын": where the name is, not the act
        prev = _word_before(a.text, pm.span[0])
        gap_before = a.text[:pm.span[0]].rstrip()
        if prev in preps and pm.place.precision == "city" and any(
                0 <= len(gap_before) - len(prev) - m.span[1] <= 1 and m.institution.kind in _SEATED_KINDS
                for m in a.names):
            continue  # "… Natural History Museum in Frankfurt": where the name is, not where the act was
        if prev.rstrip(".") in _CITY_NOUNS or prev in _PLACE_NOUN_LINKS:
            # "в городе Клеве", "в г. Астане", "in the city of …", "dans la région d'Akmola":
            # the preposition stands before the place noun.
            prev = _preposition_before_place_noun(a.text, pm.span[0]) or prev
        # Turkish writes a name's case ending after an apostrophe ("Ankara'da"), outside
        # the place's span; Kazakh writes it on the word itself.
        surface = (pm.text + _APOSTROPHE_ENDING.match(a.text, pm.span[1]).group(0)).lower()
        if prev in preps:
            found.append((0, pm.span[0], pm.place, "venue"))
            continue
        if loc or dat:
            after = a.text[pm.span[1]:pm.span[1] + 25].lower().split()
            nxt = after[0] if after else ""
            # "Ақтөбе қаласында": the ending sits on the place noun after the name.
            noun = nxt if any(nxt.startswith(x.rstrip("~")) for x in W.PLACE_NOUNS.get(a.lang, ())) else ""
            tail = noun or surface
            if loc and tail.endswith(loc) and not tail.endswith(W.LOCATIVE_ADJECTIVE_ENDINGS.get(a.lang, ())):
                found.append((0, pm.span[0], pm.place, "venue"))
                continue
            if dat and visit and tail.endswith(dat) and not tail.endswith(loc):
                found.append((1, pm.span[0], pm.place, "destination"))
                continue
        if visit and (prev in dests or prev in visit_words):
            found.append((1, pm.span[0], pm.place, "destination"))
    for m in a.names:
        # "в Доме министерств", "à l'OECRA", "at JINR": an institution as the venue; "the
        # visit to JINR": as a visit's destination.
        before = _word_before(a.text, m.span[0])
        # "Әл-Фараби атындағы ҚазҰУ-да", "… университетінде конференция өтті": the locative
        # on the name itself (Kazakh, Turkish).
        surface = (m.text + _APOSTROPHE_ENDING.match(a.text, m.span[1]).group(0)).lower()
        located = bool(loc) and surface.endswith(loc) \
            and not surface.endswith(W.LOCATIVE_ADJECTIVE_ENDINGS.get(a.lang, ()))
        if not _in(m.span, where) or not (before in preps or located or (visit and before in dests)):
            continue
        place = ctx.locate(m.institution)
        if place is not None:
            at = before in preps or located
            found.append((0 if at else 1, m.span[0], place, "venue" if at else "destination"))
    if not found:
        return None, ""
    # "… and Natural History Museum in Frankfurt signed a memorandum in Almaty": a place
    # right after a capitalised word is where that body sits; another venue of the clause
    # is where the act happened.
    plain = [t for t in found if t[0] == 0 and not _after_capitalised(a.text, t[1])]
    _, _, place, how = min(plain or found, key=lambda t: (t[0], t[1]))
    return place, how


_APOSTROPHE_ENDING = re.compile(r"(?:['’][^\W\d_]+)?")


def _after_capitalised(text: str, pos: int) -> bool:
    """Whether the preposition before ``pos`` follows a capitalised word mid-sentence."""
    words = re.findall(r"[^\W\d_]+", text[max(0, pos - 40):pos])
    return len(words) >= 2 and words[-2][:1].isupper() and len(text[:pos].split()) > 2


_WHERE = re.compile(r"\W*(?:where|где|où|wo|dove|donde|қайда)\b", re.IGNORECASE)


def _antecedent_place(a: Analysed, clause: Span) -> Place | None:
    """"…returned from Tokyo, where we signed …": a clause opened by "where" happened at
    the place that closes the clause before it."""
    if clause[0] == 0 or not _WHERE.match(a.text[clause[0]:clause[1]]):
        return None
    before = [p for p in a.places if p.span[1] <= clause[0] and clause[0] - p.span[1] <= 4]
    return before[-1].place if before else None


def _venue(f: Frame, ctx: Context) -> None:
    a = f.sent
    visit = a.has("kind:visit")
    place, how = _venue_in(a, f.clause, visit, ctx)
    if place is None:
        place = _antecedent_place(a, f.clause)
    if place is None and visit:
        # "…signed … during the visit of X to Kazakhstan": a visit's destination elsewhere
        # in the sentence is where the sentence's acts happened.
        for c in a.clause_spans:
            if c != f.clause:
                place, how = _venue_in(a, c, True, ctx)
                if place is not None and how == "destination":
                    break
                place = None
    if place is None:
        return
    f.venue, f.venue_basis = _refined(place, f, ctx), "stated"


def _refined(place: Place, f: Frame, ctx: Context) -> Place:
    """A country-level venue made precise by a party of the act seated in that country:
    "in Belgium" with the University of Liège as a party happened at Liège; a visit to
    Kazakhstan hosted by a named Kazakh university happened there."""
    if place.precision != "country":
        return place
    for inst in f.foreign + f.kz:
        if inst.country_code == place.country_code and not is_country(inst):
            better = ctx.locate(inst)
            if better is not None and better.precision != "country":
                return better
    return place


# --- the article ---------------------------------------------------------------------------------------


def _main_parties(sents: list[Analysed], ctx: Context) -> tuple[Institution | None, Institution | None]:
    """The most often named Kazakh institution and foreign party (institution or country)."""
    kz: dict[str, list] = {}
    fo: dict[str, list] = {}
    for a in sents:
        for m in a.kz_names():
            kz.setdefault(m.institution.id, [0, a.index, m.institution])[0] += 1
        for m in a.foreign_names():
            fo.setdefault(m.institution.id, [0, a.index, m.institution])[0] += 1
        for code, _ in a.countries:
            if code != KAZAKHSTAN:
                key = f"country-{code.lower()}"
                entry = fo.setdefault(key, [0, a.index, country_party(code, ctx)])
                entry[0] += 0.5  # a country counts less than a named institution
        for code in a.adjective_countries:
            if code != KAZAKHSTAN:
                key = f"country-{code.lower()}"
                entry = fo.setdefault(key, [0, a.index, country_party(code, ctx)])
                entry[0] += 0.25  # "la communauté scientifique française", "franco-kazakhstanais"

    def best(counts: dict[str, list]) -> Institution | None:
        if not counts:
            return None
        return min(counts.values(), key=lambda t: (-t[0], t[1]))[2]

    return best(kz), best(fo)


def _resolve_parties(f: Frame, prev: Analysed | None, main_kz: Institution | None,
                     main_fo: Institution | None, ctx: Context, sent_frames: list[Frame]) -> None:
    a = f.sent
    skip = _presence_spans(a)
    kz, fo = _parties_in(a, f.scope or f.clause, skip)
    if f.scope is not None:
        kz = kz or _parties_in(a, f.clause, skip)[0]
    if not fo and f.scope is None:
        # Names outside every other frame's clause belong to this one too.
        others = [g.clause for g in sent_frames if g is not f]
        whole = (0, len(a.text))
        _, fo_all = _parties_in(a, whole, skip + others)
        fo = fo_all
    if not kz:
        others = [g.clause for g in sent_frames if g is not f]
        kz_all, _ = _parties_in(a, (0, len(a.text)), skip + [o for o in others])
        kz = kz_all or _parties_in(a, (0, len(a.text)), skip)[0]
    countries = _countries_in(a, (0, len(a.text)), skip, ctx)
    if not fo:
        fo = [c for c in countries if c.country_code != KAZAKHSTAN]
    if not fo and kz:
        # A name nothing placed, opposite a named Kazakh party, is the foreign party
        # (of unknown country): "… Fondation « Ilim-Nury », Karaganda, Kazakhstan, à l'OECRA".
        fo = _unique(m.institution for m in a.unknown_names()
                     if _in(m.span, f.clause) and not any(_in(m.span, p) for p in skip))
        abroad = [p.place for p in a.places if p.place.precision == "city" and _in(p.span, f.clause)
                  and p.place.country_code not in ("", KAZAKHSTAN)]
        if fo and len({p.country_code for p in abroad}) == 1:
            # … and when the act happened in one town abroad, it is that country's party
            # ("… et le CRGV ont signé … à Orléans").
            fo = [replace(x, country_code=abroad[0].country_code, notes="grounding:sentence_city") for x in fo]
    if not kz and len(fo) > 1:
        # Every act has a Kazakh side: with none named, a party placed only by the article's
        # country ("Université Nazarbayev" in an article about a Finnish visit) is it.
        weak = [x for x in fo if x.id.startswith("x-") and grounding_of(x) in _WEAK_GROUNDING]
        if weak and len(weak) < len(fo):
            kz = [replace(x, country_code=KAZAKHSTAN, notes="grounding:opposite_party") for x in weak]
            fo = [x for x in fo if x not in weak]
    if not kz and fo:
        # The same for a name nothing placed, opposite a named foreign party; not a unit
        # that only says where a listed person works ("…, Dean of the Graduate School").
        desk = _affiliation_spans(a)
        kz = _unique(m.institution for m in a.unknown_names()
                     if _in(m.span, f.scope or f.clause) and not any(_in(m.span, p) for p in skip)
                     and m.span not in desk)
    if not fo and kz:
        # With no foreign name at all, a foreign place in the sentence ("during the visit
        # to Paris, X and the … agency signed") says which country the partner is from.
        fo = _unique(country_party(p.place.country_code, ctx) for p in a.places
                     if p.place.country_code not in ("", KAZAKHSTAN) and not any(_in(p.span, x) for x in skip))
    f.explicit_foreign = bool(fo)
    if not kz and any(c.country_code == KAZAKHSTAN for c in countries):
        kz = [country_party(KAZAKHSTAN, ctx)]
    f.explicit_kz = bool(kz)
    if not fo and (f.date is not None or f.done):
        if prev is not None and prev.paragraph == a.paragraph:
            fo = [m.institution for m in prev.foreign_names()] or [
                country_party(c, ctx) for c, _ in prev.countries if c != KAZAKHSTAN]
            f.carried_prev = bool(fo)
        if not fo and main_fo is not None:
            fo = [main_fo]
    if not kz:
        if prev is not None and prev.paragraph == a.paragraph and prev.kz_names():
            kz = _unique(m.institution for m in prev.kz_names())
        elif main_kz is not None:
            kz = [main_kz]
        else:
            kz = [country_party(KAZAKHSTAN, ctx)]
    f.kz, f.foreign = kz, _unique(fo)
    # Attendees count for "the same occasion": a signing "in the presence of the heads of
    # Roscosmos and Kazcosmos" is the one the heads' agencies are said to have signed.
    presence = [p for p in skip if p not in _venue_names(a)]
    attendees = [m.institution for m in a.names if any(_in(m.span, p) for p in presence)]
    f.involved_kz = _unique([*(kz if f.explicit_kz else []), *(x for x in attendees if side_of(x) == KAZAKHSTAN)])
    f.involved_foreign = _unique([*(f.foreign if f.explicit_foreign else []),
                                  *(x for x in attendees if side_of(x) not in ("", KAZAKHSTAN))])
    # A delegation's visit happened at its host: the visitor is the name the delegation
    # word governs ("a delegation of Y", "делегацию Y", "Y-дың делегациясын"), the host the
    # other party. Else "X received …", "Организаторами форума выступили КазНУ …": the name
    # nearest the receiving or hosting word is the host.
    visitors = _visitors(a)
    receive = a.spans("receive")
    if visitors:
        hosts = [m for m in a.names if m.span not in visitors and not any(_in(m.span, p) for p in skip)]
        guests = [m for m in a.names if m.span in visitors]
        f.receive_kz = any(side_of(m.institution) == KAZAKHSTAN for m in hosts) and all(
            side_of(m.institution) != KAZAKHSTAN for m in guests)
        f.visit_kz = bool(guests) and all(side_of(m.institution) == KAZAKHSTAN for m in guests) and any(
            side_of(m.institution) != KAZAKHSTAN for m in hosts)
    elif receive and a.names:
        pos = receive[0][0]
        host = min(a.names, key=lambda m: min(abs(m.span[0] - pos), abs(m.span[1] - pos)))
        f.receive_kz = side_of(host.institution) == KAZAKHSTAN
    else:
        f.receive_kz = False
    f.online = a.has("online")


def _usable(d: DateMention) -> bool:
    return getattr(d, "role", "when") == "when" and (d.start is not None or d.month is not None)


def _attach_date(f: Frame, prev: Analysed | None, earlier: list[Frame]) -> None:
    """The act's date: a date of its clause; else one in an earlier clause of the sentence
    ("30 қарашада … қол қойылды, соның ішінде …; сондай-ақ … қол қойылды"); else the date of
    an event the sentence refers back to ("During the visit, …"); else a date stated in
    the previous sentence of the paragraph when that sentence names no act."""
    if f.date is not None:
        return  # paired with its own date when the clause was split
    a = f.sent
    # A future date after an agreeing or providing verb is what was agreed on, not the date
    # of an act told before it ("подписали протокол и договорились о реализации проектов в
    # 2025-2027 годах", "signed a protocol that provides for projects in 2025-2027").
    agreed_at = [s for lab, s, _ in a.hits if lab in ("agree", "provides") and s > f.anchor]
    d = _best_date([x for x in _act_dates(a, f.clause) if not (x.planned and (
        f.agreed_on or any(s < x.span[0] for s in agreed_at)))], f.anchor)
    if d is None:
        before = [x for x in a.dates if _usable(x) and x.span[1] <= f.clause[0]]
        if before and not (f.done and before[-1].planned):
            d = before[-1]
    if d is not None:
        f.date, f.date_basis = d, d.basis
        return
    # A back-reference: the sentence names the kind of an earlier dated act of another kind.
    named = {k for k, _ in a.kinds}
    for e in reversed(earlier[-ATTACH_WINDOW:] if f.done else []):
        told = e.kind in named or (e.kind == "visit" and "meeting" in named and f.kind != "meeting")  # its meeting
        # "The delegation also visited …" after a dated trip or session: done on that trip.
        by_delegation = f.kind == "visit" and e.kind in ("visit", "meeting", "forum") and a.has("delegation") \
            and not f.planned and not e.planned and e.date is not None and not e.date.planned
        if (e.kind != f.kind or by_delegation) and (told or by_delegation) and e.date is not None \
                and e.date_basis != "publication_date" and a.index - e.sent.index <= (ATTACH_WINDOW if by_delegation else 2):
            f.date, f.date_basis = e.date, e.date_basis
            if told and e.kind in ("forum", "meeting") and e.venue is not None and not e.online:
                # "Конференция қорытындысы бойынша … келісімге қол қойылды": where the
                # occasion was (unless the clause names a venue of its own, see _venue).
                f.venue, f.venue_basis = e.venue, e.venue_basis
            return
    if prev is not None and prev.paragraph == a.paragraph and prev.full and not prev.kinds:
        carried = [x for x in prev.dates if _usable(x)]
        if len(carried) == 1:
            d = carried[0]
            if dateline_span(prev.text, prev.index) is not None and len(prev.text.split()) <= 6:
                # "АЛМАТЫ, 18 апреля.": a dateline dates the report, as the publication
                # date does; the act's own date, told later, wins (see _absorb).
                d = replace(d, basis="publication_date")
            f.date, f.date_basis = d, d.basis


_OPENING_DETERMINERS = frozenset({"the", "this", "these", "la", "le", "les", "ce", "cette", "ces", "l",
                                  "эта", "этот", "это", "эти", "данная", "данный", "бұл", "осы", "die", "der", "das",
                                  "il", "lo", "el", "bu"})


def _date_from_next(f: Frame, nxt: Analysed | None) -> None:
    """An act told without a date whose next sentence names its object again and only
    dates it ("… will launch a new training programme. The programme starts in September
    2024."; "Бағдарлама 2024 жылдың қыркүйегінде басталады"), or a visit whose next
    sentence dates the hosts' reception of it: that date is the act's."""
    if f.date is not None or nxt is None or not nxt.full or nxt.paragraph - f.sent.paragraph > 1:
        return
    if nxt.kinds or nxt.names:
        return
    dates = [x for x in nxt.dates if _usable(x)]
    if len(dates) != 1:
        return
    if f.kind == "visit" and nxt.has("receive"):
        # "… делегациясы келді. Ректор неміс әріптестерін 21 мамырда қабылдады": the
        # hosts received the visitors that day.
        f.date, f.date_basis = dates[0], dates[0].basis
        f.extra.append(nxt)
        return
    if nxt.has("act"):
        return
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", nxt.text[:dates[0].span[0]])]
    words = [w for w in words if w not in _OPENING_DETERMINERS]
    if not words or len(words[0]) < 5:
        return
    stem = words[0][:5]
    clause = f.sent.text[f.clause[0]:f.clause[1]].lower()
    if any(w.startswith(stem) for w in re.findall(r"[^\W\d_]{5,}", clause)):
        f.date, f.date_basis = dates[0], dates[0].basis
        f.extra.append(nxt)


def _from_umbrella(f: Frame, earlier: list[Frame], ctx: Context) -> None:
    """"В рамках визита … в Малайзию 22-23 мая подписан ряд документов. В частности, X и Y
    подписали меморандум …": an undated act right after a dated act of its kind whose
    partner is only a country is one of those acts — its date, and its venue made precise
    by the partner."""
    if f.date is not None or not f.done:
        return
    named = {x.country_code for x in f.foreign if not is_country(x)}
    if not named:
        return
    for e in reversed(earlier[-3:]):
        if f.sent.index - e.sent.index > 2 or e.kind != f.kind or not _own_date(e) or e.planned:
            continue
        if not e.foreign or not all(is_country(x) for x in e.foreign) \
                or not named & {x.country_code for x in e.foreign}:
            continue
        f.date, f.date_basis = e.date, e.date_basis
        if f.venue is None and e.venue is not None:
            f.venue, f.venue_basis = _refined(e.venue, f, ctx), e.venue_basis
        return


def _publication_fallback(f: Frame, published: dt.date | None, precision: str) -> None:
    if f.date is None and f.done and not f.planned and published is not None:
        if precision == "month":
            start = published.replace(day=1)
            nxt = (start + dt.timedelta(days=32)).replace(day=1)
            f.date = DateMention(start, nxt - dt.timedelta(days=1), "month", "publication_date", False, "", (0, 0))
        elif precision == "year":
            f.date = DateMention(published.replace(month=1, day=1), published.replace(month=12, day=31), "year",
                                 "publication_date", False, "", (0, 0))
        else:
            f.date = DateMention(published, published, "day", "publication_date", False, "", (0, 0))
        f.date_basis = "publication_date"


def _keep(f: Frame) -> bool:
    """Whether a frame is an event at all."""
    if not f.foreign:
        return False
    dated = f.date is not None and f.date_basis != "publication_date"
    if all(is_country(x) for x in f.foreign) and not (dated or f.done):
        return False  # "Kazakhstan and Russia intend to launch new programmes": context, not an act
    if f.kind == "founding" and not (f.explicit_foreign and f.explicit_kz) and not f.planned \
            and not _joint_named(f):
        return False
    if not (f.done or f.planned or dated or f.date is not None):
        return False  # a kind word alone ("the agreement provides for …") is a back-reference
    return True


def _same_party(x: Institution, y: Institution) -> bool:
    """One party under two names: the same id; a country and one of its institutions; or
    two names found by pattern (not curated) in one city — the same institution named in
    two languages by a bilingual article ("Institut Lumière-Kazakhstan", "Институт
    Люмьер-Казахстан")."""
    if x.id == y.id:
        return True
    if is_country(x) or is_country(y):
        return side_of(x) == side_of(y)
    if x.id.startswith("x-") and y.id.startswith("x-"):
        return bool(x.city) and x.city == y.city and x.country_code == y.country_code
    return False


def _strong(x: Institution) -> bool:
    """A name that identifies its institution: curated, or placed by its own words or the
    words beside it (not only by the article's country, like "Laboratory of Radiation
    Biology" on a visit to JINR)."""
    return not x.id.startswith("x-") or grounding_of(x) in ("registry", "name", "apposition", "adjective", "parent")


def _overlap(xs: list[Institution], ys: list[Institution]) -> bool:
    return any(_same_party(x, y) for x in xs for y in ys)


def _joint_named(f: Frame) -> bool:
    """A founding of a joint body: a name pairing Kazakhstan with another name
    ("Institut Lumière-Kazakhstan", "Kazakh-German University", "Китайско-Казахстанский
    институт") is cooperation even when only one side is named."""
    for m in f.sent.names:
        if not _in(m.span, f.clause):
            continue
        parts = re.split(r"[-‐‑–]", m.text)
        if len(parts) > 1 and any(p.strip()[:1].isupper() for p in parts[1:]) and any(
                fold_word(p) .startswith(("kazakh", "казах", "қазақ")) for p in parts) \
                and not all(fold_word(p).startswith(("kazakh", "казах", "қазақ")) for p in parts):
            return True
    return False


def fold_word(part: str) -> str:
    words = re.findall(r"[^\W\d_]+", part)
    return words[-1].lower() if words else ""


def _compatible(a: Frame, b: Frame) -> bool:
    """Whether two frames can be the same occasion by their parties: where both name a
    side, the institutions they involve (parties and attendees) must overlap."""
    # A partner carried from the sentence just before ("КазНУ и Сианьский университет …
    # развивают сотрудничество. В мае 2024 года было подписано соглашение …") is as good as
    # named for telling two acts apart.
    if (a.explicit_foreign or a.carried_prev) and (b.explicit_foreign or b.carried_prev):
        fa, fb = a.involved_foreign or a.foreign, b.involved_foreign or b.foreign
        na, nb = [x for x in fa if not is_country(x)], [x for x in fb if not is_country(x)]
        # Named institutions decide when both frames name some ("China" is compatible with
        # every Chinese partner, but Huibo and TusHoldings are two partners).
        na, nb = [x for x in na if _strong(x)], [x for x in nb if _strong(x)]
        if not (_overlap(na, nb) if na and nb else _overlap(fa, fb)):
            return False
    if a.explicit_kz and b.explicit_kz:
        # Only names that identify their institution tell two Kazakh sides apart (a bare
        # abbreviation in a headline does not).
        ka = [x for x in (a.involved_kz or a.kz) if not is_country(x) and _strong(x)]
        kb = [x for x in (b.involved_kz or b.kz) if not is_country(x) and _strong(x)]
        if ka and kb and not _overlap(ka, kb):
            return False
    return True


def _same_date(a: DateMention | None, b: DateMention | None) -> bool:
    return a is not None and b is not None and (a.start, a.end, a.month, a.day) == (b.start, b.end, b.month, b.day)


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _narrows(a: DateMention | None, b: DateMention | None) -> bool:
    """Whether ``b`` is a period inside ``a``, told more precisely (July inside 2024)."""
    if a is None or b is None or a.start is None or b.start is None:
        return False
    return a.start <= b.start and (b.end or b.start) <= (a.end or a.start) \
        and _PRECISION_RANK.get(b.precision, 3) < _PRECISION_RANK.get(a.precision, 3)


def _dates_close(a: DateMention | None, b: DateMention | None, days: int) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    if a.start <= b_end and b.start <= a_end:
        return True
    gap = min(abs((a.start - b_end).days), abs((b.start - a_end).days))
    return gap <= days


def _absorb(into: Frame, f: Frame, mention: bool = False) -> None:
    # The stronger kind names an occasion told in one sentence ("a memorandum was signed
    # during the visit"), or a visit during which an act happened; a forum or a meeting
    # keeps its name when a later sentence adds what was signed there.
    same_sentence = f.sent is into.sent
    # A visit's later meeting told without its own parties ("the visitors … met students")
    # is part of the visit, not a new name for it.
    part_of_visit = into.kind == "visit" and f.kind == "meeting" and not same_sentence and not f.explicit_foreign
    headline = into.sent.index == 0 and into.date is None  # an undated headline names it loosely
    outcome = into.kind == "meeting" and f.sent.has("kind:meeting")  # "По итогам встречи … подписали"
    if not mention and KIND_ORDER.index(f.kind) < KIND_ORDER.index(into.kind) and (f.done or f.date is not None) \
            and (same_sentence or into.kind == "visit" or headline or outcome) and not part_of_visit:
        into.kind = f.kind
    if f.explicit_foreign:
        into.foreign = _merge_parties(into.foreign if into.explicit_foreign else [], f.foreign)
        into.explicit_foreign = True
    if f.explicit_kz:
        into.kz = _merge_parties(into.kz if into.explicit_kz else [], f.kz)
        into.explicit_kz = True
    into.involved_foreign = _unique([*into.involved_foreign, *f.involved_foreign])
    into.involved_kz = _unique([*into.involved_kz, *f.involved_kz])
    if into.venue is None and f.venue is not None:
        into.venue, into.venue_basis = f.venue, f.venue_basis
    if mention:
        into.receive_kz = into.receive_kz or f.receive_kz
        into.visit_kz = into.visit_kz or f.visit_kz
        if f.sent is not into.sent and f.sent not in into.extra:
            into.extra.append(f.sent)
        return
    better = f.date is not None and f.date_basis != "publication_date" and (
        into.date is None or into.date_basis == "publication_date")
    if better and f.sent is not into.sent:
        # The sentence that dates the occasion is its best evidence ("The document was
        # signed … on 2 – 3 October, 2023", not the headline), and so is its venue.
        if f.venue is not None:
            into.venue, into.venue_basis = f.venue, f.venue_basis
        into.extra.append(into.sent)
        into.sent, into.clause, into.anchor = f.sent, f.clause, f.anchor
        if f.sent in into.extra:
            into.extra.remove(f.sent)
    if better or (into.date is None and f.date is not None) or _narrows(into.date, f.date):
        into.date, into.date_basis = f.date, f.date_basis
    into.done = into.done or f.done
    into.planned = into.planned and f.planned
    into.receive_kz = into.receive_kz or f.receive_kz
    into.visit_kz = into.visit_kz or f.visit_kz
    into.online = into.online or f.online
    if f.sent is not into.sent and f.sent not in into.extra:
        into.extra.append(f.sent)


def _merge_parties(old: list[Institution], new: list[Institution]) -> list[Institution]:
    """Add ``new`` to ``old``; a named institution replaces its bare country."""
    out = list(old)
    for inst in new:
        if any(o.id == inst.id for o in out):
            # The same institution, placed this time: keep the placed form.
            out = [inst if o.id == inst.id and not o.country_code and inst.country_code else o for o in out]
            continue
        if not is_country(inst):
            out = [o for o in out if not (is_country(o) and side_of(o) == side_of(inst))]
        elif any(side_of(o) == side_of(inst) for o in out):
            continue
        out.append(inst)
    return out


def _own_date(f: Frame) -> bool:
    return f.date is not None and f.date_basis != "publication_date"


def _refers_back(f: Frame) -> bool:
    """"The conference was organised by …", "Эта конференция …": the act's word right
    after a determiner, without a name of its own, is the occasion already told."""
    a = f.sent
    before = re.findall(r"[^\W\d_]+['’]?", a.text[max(0, f.anchor - 20):f.anchor])
    if not before:
        return False
    word = before[-1].lower()
    dets = P.BACK_REFERENCE.get(a.lang, ())
    return any(word == d or (d.endswith("~") and word.startswith(d[:-1])) for d in dets)


def _same_occasion(e: Frame, f: Frame) -> bool:
    """Whether ``f`` (later in the article) reports the occasion ``e`` reports."""
    if e.kind == f.kind and f.kind in ("forum", "meeting", "visit") and not _own_date(f) and not f.another \
            and _refers_back(f):
        return True  # "The conference was organised by the Ministry …": the conference told above
    if not _compatible(e, f):
        return False
    if e.sent is f.sent and e.agreed_on and f.agreed_on and e.planned != f.planned:
        return False  # the agreeing and the plan agreed on ("… ашуға келісті")
    if e.sent is f.sent or f.sent in e.extra:
        # One sentence, one occasion — unless its acts carry different dates of their own.
        return not (_own_date(e) and _own_date(f) and not _same_date(e.date, f.date))
    if f.another:
        return False  # "has also signed …": another act
    if _own_date(e) and _own_date(f):
        # The same act stated twice (a bilingual article, a headline and its body); or, on
        # the visit's day, whom the visitor met ("Il a rencontré des étudiants …").
        during_visit = e.kind == "visit" and f.kind == "meeting" and (f.carried_prev or not f.explicit_foreign)
        # "По итогам встречи стороны подписали соглашение": an act that names the earlier
        # occasion ("the meeting", "the visit") happened at it.
        names_it = e.kind == "meeting" and f.kind != e.kind and f.sent.has("kind:meeting") and not f.another
        # An act on the one day of a visit, by the same parties, is the visit's act.
        on_visit_day = e.kind == "visit" and e.date.start == e.date.end and not f.another \
            and _overlap(e.foreign, f.foreign)
        # "… пройдут стажировку в 2024 году. … Стажировка продлится с 1 июля по 31 августа":
        # the same act told again, narrowed to a period inside the first one.
        narrows = e.kind == f.kind and e.planned == f.planned and not f.another and _narrows(e.date, f.date) \
            and (not f.explicit_foreign or _overlap(e.foreign, f.foreign))
        return narrows or ((e.kind == f.kind or during_visit or names_it or on_visit_day) and _same_date(e.date, f.date))
    if _own_date(e) or _own_date(f):
        dated, other = (e, f) if _own_date(e) else (f, e)
        if other.date is not None and not _dates_close(dated.date, other.date, PUBLICATION_MERGE_DAYS):
            return False  # this week's act is not the background event of another year
        if e.kind == f.kind:
            return True
        # The programme of a dated occasion: what the article reports without a date of its
        # own (the meeting during the visit, the laboratories toured) is part of it — unless
        # it names a partner of its own ("… took part in the meeting of the commission with
        # Belarus … signed a memorandum with Polotsk State University" are two acts).
        if e.explicit_foreign and f.explicit_foreign:
            named_e = [x for x in (e.involved_foreign or e.foreign) if not is_country(x)]
            named_f = [x for x in (f.involved_foreign or f.foreign) if not is_country(x)]
            if named_e or named_f:
                if not (named_e and named_f and _overlap(named_e, named_f)):
                    return False
            elif not _overlap(e.foreign, f.foreign):
                return False  # partners named only by country: the same country
        # A headline's undated announcement ("… vont créer un centre") is the dated act the
        # body then tells ("Réunis le 11 juin …, … sont convenus de créer …").
        return _own_date(e) or (e.sent.index == 0 and e.date is None and f.explicit_foreign)
    return e.kind == f.kind


def _merge(frames: list[Frame]) -> list[Frame]:
    """Frames of one occasion become one event (see the module docstring)."""
    out: list[Frame] = []
    for f in frames:
        target = None
        for e in reversed(out[-MERGE_LOOKBACK:]):
            near = f.sent.index - max([e.sent.index, *(x.index for x in e.extra)]) <= ATTACH_WINDOW
            # Beyond the window only an act without a date of its own joins a dated one
            # (the dates are then close: see _same_occasion).
            far_ok = not f.explicit_foreign or not e.explicit_foreign or (_own_date(e) and not _own_date(f))
            if (near or far_ok) and _same_occasion(e, f):
                target = e
                break
        if target is None:
            out.append(f)
        else:
            _absorb(target, f)
    # A headline or lead that names no partner of its own ("… signs coop agreements"), or
    # a headline that names it but no date, reports an act the body dates: it joins the
    # first compatible act of its kind (of the same partner, when it names one).
    final: list[Frame] = []
    for k, f in enumerate(out):
        if (not f.explicit_foreign or (f.sent.index == 0 and not f.extra)) and not _own_date(f):
            later = next((g for g in out[k + 1:] if g.kind == f.kind and _compatible(f, g) and g.planned == f.planned
                          and (not f.explicit_foreign or _overlap(f.foreign, g.foreign))
                          and (g.date is None or f.date is None or _dates_close(g.date, f.date, PUBLICATION_MERGE_DAYS))),
                         None)
            if later is not None:
                _absorb(later, f)
                continue
        final.append(f)
    return final


def _add_mentions(events: list[Frame], mentions: list[Frame]) -> None:
    """A sentence that only names an event already reported ("Организаторами форума
    выступили КазНУ, НАН РК и Университет Сиань Цзяотун") adds its parties and hosts to
    the latest such event before it; it never makes an event of its own."""
    starts = [e.sent.index for e in events]  # events are in article order
    for m in mentions:
        target = None
        lo = bisect.bisect_left(starts, m.sent.index - ATTACH_WINDOW)
        for e in events[lo:bisect.bisect_left(starts, m.sent.index)]:
            if e.kind == m.kind and _compatible(e, m):
                target = e
        if target is not None:
            _absorb(target, m, mention=True)


def _finish(f: Frame, article: Article, doc: Doc, ctx: Context, relation: bool = False) -> Event:
    a = f.sent
    origin = None
    for inst in f.kz:
        origin = ctx.locate(inst)
        if origin:
            break
    if origin is None:
        origin = ctx.places.country(KAZAKHSTAN)
    place, basis = f.venue, f.venue_basis
    if place is not None:
        place = _refined(place, f, ctx)  # parties merged in since the venue was read
    if place is None and f.receive_kz and not f.online:
        place, basis = origin, "kazakh_side"
    if place is None:
        for inst in f.foreign:
            place = ctx.locate(inst)
            if place:
                basis = "country" if is_country(inst) else "partner"
                break
        if place is not None and place.precision == "country" and not f.visit_kz and not f.online \
                and not relation and origin is not None and origin.precision != "country":
            # An act's partner known only by its country says less than the Kazakh party's
            # city (a standing partnership stays drawn at the partner).
            place, basis = origin, "kazakh_side"
    if place is None and origin is not None and not f.visit_kz:
        # A Kazakh delegation's visit to a host nobody could place happened away from
        # home: better no point than the visitor's own city.
        place, basis = origin, "kazakh_side"
    date = f.date
    planned = f.planned or bool(date and date.planned)
    if date is not None and date.start and article.published and date.start > article.published:
        planned = True
    topics = [t for t in TOPIC_NAMES if any(lab == f"topic:{t}" for s in [a, *f.extra] for lab, _, _ in s.hits)]
    confidence = 0.45
    confidence += 0.2 if (f.explicit_foreign and f.explicit_kz) else 0.0
    confidence += 0.15 if date is not None and f.date_basis != "publication_date" else 0.0
    confidence += 0.1 if f.done or planned else 0.0
    confidence -= 0.15 if not f.explicit_foreign else 0.0
    partner_countries: list[str] = []
    for inst in f.foreign:
        code = side_of(inst)
        if code and code not in partner_countries:
            partner_countries.append(code)
    return Event(
        kind=f.kind,
        date=date,
        planned=planned,
        kazakh_side=f.kz,
        partners=f.foreign,
        partner_countries=partner_countries,
        place=place,
        place_basis=basis if place else "",
        origin=origin,
        topics=topics,
        article_id=article.article_id,
        evidence=a.text,
        evidence_span=(a.start, a.end),
        confidence=round(max(0.05, min(0.99, confidence)), 2),
        language=a.lang,
        date_basis_override=f.date_basis,
    )


def _during_visits(frames: list[Frame], ctx: Context) -> None:
    """An act with no venue of its own, dated inside a visit the article reports, happened
    where the visit went ("visited Kazakhstan between 28 November and 1 December … On 30
    November, an agreement was signed"): in Kazakhstan at the Kazakh party's place, else at
    the visit's venue."""
    visits = [v for v in frames if v.kind == "visit" and v.venue is not None and v.date is not None
              and v.date.start is not None and v.date.end is not None and v.date.end > v.date.start]
    for f in frames:
        if f.venue is not None or f.kind == "visit" or f.date is None or f.date.start is None or f.online:
            continue
        for v in visits:
            if not (v.date.start <= f.date.start and (f.date.end or f.date.start) <= v.date.end):
                continue
            if v.venue.country_code == KAZAKHSTAN:
                f.receive_kz = True  # at the Kazakh party's place (see _finish)
            else:
                # "… visited Poland. During the visit, an agreement with the University of
                # Wrocław was signed": at Wrocław.
                f.venue, f.venue_basis = _refined(v.venue, f, ctx), v.venue_basis
            break


@dataclass
class Extraction:
    """What one article yields: events (acts) and relations (standing partnerships)."""

    events: list[Event]
    relations: list[Event]


def extract(article: Article, ctx: Context) -> Extraction:
    """The events and relations of one article."""
    precision = article.published_precision or "day"
    doc = Doc(article.text, article.language, article.published, article.url, precision)
    sents = analyse(doc, ctx)
    main_kz, main_fo = _main_parties(sents, ctx)
    frames: list[Frame] = []
    mentions: list[Frame] = []
    for i, a in enumerate(sents):
        if not a.full:
            continue
        prev = sents[i - 1] if i > 0 else None
        fs = _sentence_frames(a)
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        for f in fs:
            _attach_date(f, prev, frames)
            _date_from_next(f, nxt)
            _resolve_parties(f, prev, main_kz, main_fo, ctx, fs)
            _venue(f, ctx)
            _from_umbrella(f, frames, ctx)
            _publication_fallback(f, article.published, precision)
        frames.extend(f for f in fs if _keep(f))
        mentions.extend(f for f in fs if not _keep(f) and f.foreign)
    merged = _merge(frames)
    _add_mentions(merged, mentions)
    _during_visits(merged, ctx)
    events = [_finish(f, article, doc, ctx) for f in merged]
    relations = _relations(sents, merged, article, doc, ctx, main_kz)
    return Extraction(events, relations)


def _affiliation_spans(a: Analysed) -> list[Span]:
    """Names that only say where a person works: right after an office title and "of"
    ("Director of the Laboratory of Nuclear Reactions", "директор Института …")."""
    out = []
    titles = a.spans("office_title") + a.spans("state_title")
    for m in a.names:
        for _, end in titles:
            between = a.text[end:m.span[0]].strip().lower()
            if 0 <= m.span[0] - end <= 12 and between in ("", "of", "of the", "de", "de la", "du", "de l'", "des"):
                out.append(m.span)
                break
    return out


def _relations(sents: list[Analysed], frames: list[Frame], article: Article, doc: Doc, ctx: Context,
               main_kz: Institution | None) -> list[Event]:
    """Standing partnerships: a sentence with a partnership word and a foreign
    institution, no act of its own, and a pair of parties the article reports no act of
    ("ULiège and Narikbayev University develop academic mobility" beside the ambassador's
    meeting at ULiège)."""
    acts: dict[str, list[frozenset[str]]] = {}
    for f in frames:
        for i in f.foreign:
            acts.setdefault(i.id, []).append(frozenset(x.id for x in f.kz))
    seen: set[tuple[frozenset[str], str]] = set()
    out: list[Event] = []
    for a in sents:
        if not a.full or not a.has("partnership") or any(f.sent is a for f in frames):
            continue
        skip = _presence_spans(a) + _affiliation_spans(a)
        kz_named, fo = _parties_in(a, (0, len(a.text)), skip)
        kz = kz_named or ([main_kz] if main_kz else [country_party(KAZAKHSTAN, ctx)])
        kz_ids = frozenset(i.id for i in kz)
        for inst in fo:
            if is_country(inst) or (kz_ids, inst.id) in seen:
                continue
            # Already an act of the article: the same partner with the same (or an unnamed) Kazakh side.
            if any(not kz_named or kz_ids <= k for k in acts.get(inst.id, ())):
                continue
            seen.add((kz_ids, inst.id))
            f = Frame(kind="partnership", sent=a, clause=(0, len(a.text)), anchor=0, done=False, planned=False,
                      kz=kz, foreign=[inst], explicit_kz=True, explicit_foreign=True)
            out.append(_finish(f, article, doc, ctx, relation=True))
    return out


def extract_events(article: Article, ctx: Context) -> list[Event]:
    """All cooperation events of one article (merged within the article)."""
    return extract(article, ctx).events


__all__ = ["Context", "Extraction", "analyse", "extract", "extract_events", "lexicon", "country_party"]
