"""Find cooperation events in one article: for each sentence, the event words
(rules/event_words.py), dates, institutions and places it names; then sentences
become events between a Kazakh party and a foreign party, with a date, a kind, a
place and the sentence as evidence.

The rules, each general and each named in the tests:
- a date belongs to the event word nearest to it; a sentence with two dated event
  words ('En 2018, un protocole ... l'accord ... en date du 22 décembre 2004') gives
  two events, and a list of agreements with different partners gives one each;
- a missing Kazakh side is the article's main Kazakh institution (articles are about
  Kazakhstan); a missing foreign side is taken from the previous sentence of the
  paragraph, or the article's main foreign party, only when the sentence is dated;
- an undated act that the text reports as done ('signed', 'кездесу өткізді') takes the
  publication date, marked as such; planned undated acts stay undated;
- a sentence without its own date naming an event of a kind already reported (the
  forum, the meeting) adds to that event instead of making a new one;
- relations stated without an act ('келісім бар', 'развиваются сотрудничество') are
  undated partnership rows, one per foreign institution, dropped when the article
  already reports an event with that partner;
- events between two whole countries need a date; background facts (a foreign
  university founded in 1817) are not events because a founding needs both sides
  in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kzatlas.extract.dates import extract_dates, is_planned
from kzatlas.extract.institutions import Gazetteer, find_institutions
from kzatlas.extract.language import detect_language
from kzatlas.extract.places import PlaceIndex
from kzatlas.extract.rules import event_words as W
from kzatlas.extract.rules.language_words import KAZAKH_LETTERS
from kzatlas.extract.rules.topics import TOPIC_STEMS
from kzatlas.extract.sentences import split_sentences
from kzatlas.extract.stems import StemIndex, lower_same_length
from kzatlas.models import Article, DateMention, Event, Institution, InstitutionMention, Place, PlaceMention

KAZAKHSTAN = "KZ"
_WORD = re.compile(r"\w+")
_ATTACH_WINDOW = 50
_KIND_ORDER = tuple(W.KIND_STEMS)


# --- vocabulary regexes ------------------------------------------------------------


@lru_cache(maxsize=None)
def _kind_index(lang: str) -> StemIndex:
    return StemIndex((kind, stem) for kind, by_lang in W.KIND_STEMS.items() for stem in by_lang.get(lang, ()))


@lru_cache(maxsize=None)
def _word_index(table: str, lang: str) -> StemIndex:
    return StemIndex(("", stem) for stem in getattr(W, table).get(lang, ()))


@lru_cache(maxsize=None)
def _topic_index(lang: str) -> StemIndex:
    return StemIndex((topic, stem) for topic, by_lang in TOPIC_STEMS.items() for stem in by_lang.get(lang, ()))


_TOPIC_NAMES = tuple(TOPIC_STEMS)


def find_kinds(text: str, lang: str) -> list[tuple[str, int]]:
    """(kind, offset) of every event word in the sentence."""
    low = lower_same_length(text)
    excluded = tuple(x.lower() for x in W.NOT_KIND_STEMS.get(lang, ()))
    return [(kind, pos) for kind, pos in _kind_index(lang).find(text, low) if not low.startswith(excluded, pos)]


@lru_cache(maxsize=64)
def _article_topics(text: str, lang: str) -> list[str]:
    """Topics of a whole article: the fallback for an event whose sentence names none."""
    return find_topics(text[:3000], lang)


def find_topics(text: str, lang: str) -> list[str]:
    found = {topic for topic, _ in _topic_index(lang).find(text + " ")}
    return [t for t in _TOPIC_NAMES if t in found]


# --- per-sentence analysis -------------------------------------------------------------


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    lang: str
    paragraph: int
    dates: list[DateMention]
    institutions: list[InstitutionMention]
    places: list[PlaceMention]
    kinds: list[tuple[str, int]]
    act: bool
    partnership: bool
    host: bool
    planned: bool
    discussion: bool

    @property
    def kz_institutions(self) -> list[Institution]:
        return _unique(m.institution for m in self.institutions if side_of(m.institution) == KAZAKHSTAN)

    @property
    def foreign_institutions(self) -> list[Institution]:
        return _unique(m.institution for m in self.institutions if side_of(m.institution) not in ("", KAZAKHSTAN))

    def countries(self) -> list[str]:
        """Countries named as countries (not inside an institution's name)."""
        out: list[str] = []
        for pm in self.places:
            if pm.place.precision != "country" or not pm.place.country_code:
                continue
            # 'Academy of Sciences of the Republic of Kazakhstan' names no extra party, but
            # 'consortium ... of Kazakhstan and Belarus' (a joint body) names both.
            if any(
                m.span[0] <= pm.span[0] and pm.span[1] <= m.span[1] and side_of(m.institution) == pm.place.country_code
                for m in self.institutions
            ):
                continue
            if pm.place.country_code not in out:
                out.append(pm.place.country_code)
        return out


def side_of(inst: Institution) -> str:
    """The country an institution belongs to, which is not always where it stands: the
    gazetteer id's prefix says it ('kz-embassy-be' is Kazakh, in Brussels)."""
    prefix = inst.id.split("-", 1)[0]
    if len(prefix) == 2 and prefix.isalpha() and prefix != "x-":
        return prefix.upper()
    return inst.country_code


def _unique(items) -> list[Institution]:
    seen: dict[str, Institution] = {}
    for inst in items:
        seen.setdefault(inst.id, inst)
    return list(seen.values())


def _paragraph_starts(text: str) -> list[int]:
    # News copy puts one paragraph per line, with or without blank lines between.
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


@dataclass
class Context:
    """What the extractor needs besides the article: curated data and the place index."""

    gazetteer: Gazetteer
    places: PlaceIndex
    geocoder: object | None = None  # kzatlas.build.geocode.Geocoder; None means gazetteer/GeoNames only

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
            return Place(inst.name, inst.country_code, inst.lat, inst.lon, "institution", "gazetteer")
        if inst.city:
            p = self.places.lookup(inst.city, inst.country_code)
            if p:
                return p
        return self.places.country(inst.country_code) if inst.country_code else None


def _place_unknown(found: list[InstitutionMention], places: list[PlaceMention]) -> list[InstitutionMention]:
    """Give institutions found by name pattern (not in the gazetteer) a country and a
    point: a place inside their own name ('Франция ұлттық … орталығы', 'Université de
    Lyon'), else the sentence's first place outside any institution name ('… in Tempe')."""
    out = []
    for m in found:
        inst = m.institution
        if m.source != "pattern" or inst.country_code:
            out.append(m)
            continue
        inside = [p for p in places if m.span[0] <= p.span[0] and p.span[1] <= m.span[1]]
        # Outside its name only a city places it: "… between Kazakhstan and JINR" does
        # not make an unknown "Joint Institute" Kazakh.
        outside = [
            p
            for p in places
            if p.place.precision != "country"
            and not any(o.span[0] <= p.span[0] and p.span[1] <= o.span[1] for o in found)
        ]
        cands = [p for p in inside if p.place.precision != "country"] or inside or outside
        if inst.country_code:
            cands = [p for p in cands if p.place.country_code == inst.country_code] or cands
        if not cands:
            out.append(m)
            continue
        place = cands[0].place
        located = Institution(
            id=inst.id,
            name=inst.name,
            kind=inst.kind,
            city=inst.city or (place.name if place.precision != "country" else ""),
            country_code=place.country_code,
            # No coordinates of its own: the geocoder places it by its city or country,
            # and says so in geo_precision.
            lat=None,
            lon=None,
            aliases=inst.aliases,
            notes="placed by " + ("its name" if inside else "the sentence's place"),
        )
        out.append(InstitutionMention(located, m.text, m.span, m.source))
    return out


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_SCRIPT_OF = {"ru": "cyr", "kk": "cyr", "en": "lat", "fr": "lat"}
_KAZAKH_RE = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")


def _sentence_language(chunk: str, article_lang: str) -> str:
    """The article's language unless the sentence is visibly in another one; full
    identification only runs where the script or the Kazakh letters disagree."""
    script = _SCRIPT_OF.get(article_lang)
    cyr = _CYRILLIC.search(chunk) is not None
    if script == "cyr" and cyr and (article_lang == "kk") == (_KAZAKH_RE.search(chunk) is not None):
        return article_lang
    if script == "lat" and not cyr:
        return article_lang if len(chunk) < 200 or article_lang == "en" else detect_language(chunk, article_lang)
    lang = detect_language(chunk, default=article_lang) if len(chunk) > 30 else article_lang
    if lang not in _SCRIPT_OF:
        lang = article_lang if article_lang in _SCRIPT_OF else "en"
    return lang


def analyse(article: Article, ctx: Context) -> list[Sentence]:
    """Every sentence with its cheap word flags; the costly finders (dates,
    institutions, places) run only where an event can come from: sentences with event
    or partnership words, and the sentence before each (parties carry over from it)."""
    text = article.text
    paras = _paragraph_starts(text)
    spans = split_sentences(text)
    first: list[tuple[int, int, int, str, str, list[tuple[str, int]], bool]] = []
    p_idx = 0
    for s, e in spans:
        while p_idx + 1 < len(paras) and paras[p_idx + 1] <= s:
            p_idx += 1
        chunk = text[s:e]
        lang = _sentence_language(chunk, article.language)
        low = chunk + " "
        first.append((s, e, p_idx, chunk, lang, find_kinds(low, lang), _word_index("PARTNERSHIP_STEMS", lang).any(low)))
    wanted = [bool(k or p) for *_, k, p in first]
    sentences: list[Sentence] = []
    for i, (s, e, p_idx, chunk, lang, kinds, partnership) in enumerate(first):
        full = wanted[i] or (i + 1 < len(wanted) and wanted[i + 1])
        low = chunk + " "
        if full:
            places = ctx.places.find(chunk, lang)
            institutions = _place_unknown(find_institutions(chunk, lang, ctx.gazetteer, ctx.places), places)
        else:
            places, institutions = [], []
        flag = lambda table: wanted[i] and _word_index(table, lang).any(low)  # noqa: E731
        sentences.append(
            Sentence(
                index=i,
                start=s,
                end=e,
                text=chunk,
                lang=lang,
                paragraph=p_idx,
                dates=extract_dates(chunk, lang, article.published) if wanted[i] else [],
                institutions=institutions,
                places=places,
                kinds=kinds,
                act=flag("ACT_STEMS"),
                partnership=partnership,
                host=flag("HOST_STEMS"),
                discussion=flag("DISCUSSION_STEMS"),
                planned=is_planned(chunk, lang) if wanted[i] else False,
            )
        )
    return sentences


# --- parties -------------------------------------------------------------------------


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
    )


def is_country(inst: Institution) -> bool:
    return inst.kind == "country"


@dataclass
class Draft:
    """An event being assembled from one or more sentences."""

    kind: str
    sentence: Sentence
    date: DateMention | None
    date_basis: str
    planned: bool
    kz: list[Institution]
    foreign: list[Institution]
    carried_foreign: bool
    carried_kz: bool
    explicit_both: bool
    host_kz: bool = False
    extra_sentences: list[Sentence] = field(default_factory=list)

    @property
    def partner_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.foreign)


def _article_main_parties(sentences: list[Sentence], ctx: Context) -> tuple[Institution | None, Institution | None]:
    """The most often named Kazakh institution and foreign party (institution or country)."""
    kz_count: dict[str, tuple[int, int, Institution]] = {}
    fo_count: dict[str, tuple[int, int, Institution]] = {}
    for s in sentences:
        for inst in s.kz_institutions:
            n, first, _ = kz_count.get(inst.id, (0, s.index, inst))
            kz_count[inst.id] = (n + 1, first, inst)
        for inst in s.foreign_institutions:
            n, first, _ = fo_count.get(inst.id, (0, s.index, inst))
            fo_count[inst.id] = (n + 1, first, inst)
        for code in s.countries():
            if code != KAZAKHSTAN:
                key = f"country-{code.lower()}"
                n, first, inst = fo_count.get(key, (0, s.index, None))  # type: ignore[assignment]
                fo_count[key] = (n + 1, first, inst or country_party(code, ctx))

    def best(counts: dict[str, tuple[int, int, Institution]]) -> Institution | None:
        if not counts:
            return None
        return min(counts.values(), key=lambda t: (-t[0], t[1]))[2]

    return best(kz_count), best(fo_count)


def _pair_dates_with_kinds(s: Sentence) -> list[tuple[str, DateMention | None]]:
    """Each usable date with the event word nearest to it; each word keeps one date."""
    if not s.kinds:
        return []
    dates = [d for d in s.dates if d.start is not None or d.month is not None]
    if not dates:
        return [(min(s.kinds, key=lambda k: _KIND_ORDER.index(k[0]))[0], None)]
    best_for_kind_pos: dict[int, tuple[int, DateMention, str]] = {}
    def gap(pos: int, d: DateMention) -> int:
        """Characters between the event word and the date, edge to edge."""
        if pos >= d.span[1]:
            return pos - d.span[1]
        word = _WORD.match(s.text, pos)
        end = word.end() if word else pos
        return max(0, d.span[0] - end)

    for d in dates:
        kind, pos = min(s.kinds, key=lambda k: (gap(k[1], d), _KIND_ORDER.index(k[0])))
        dist = gap(pos, d) + (0 if d.start is not None else 60)
        prev = best_for_kind_pos.get(pos)
        if prev is None or dist < prev[0]:
            best_for_kind_pos[pos] = (dist, d, kind)
    pairs = sorted(best_for_kind_pos.values(), key=lambda t: t[1].span[0])
    return [(kind, d) for _, d, kind in pairs]


def _segments(s: Sentence) -> list[list[Institution]]:
    """Foreign institutions grouped by the agreement word they follow.

    'подпишет Соглашение ... с X, Меморандум ... с Y, Соглашение ... с Z' lists three
    acts; 'между X, Y и Z' is one.
    """
    agreement_pos = [pos for kind, pos in s.kinds if kind == "agreement"]
    foreign = [m for m in s.institutions if side_of(m.institution) not in ("", KAZAKHSTAN)]
    if len(agreement_pos) < 2 or len(foreign) < 2:
        return [s.foreign_institutions]
    groups: list[list[Institution]] = []
    bounds = agreement_pos + [len(s.text) + 1]
    for a, b in zip(bounds, bounds[1:]):
        g = _unique(m.institution for m in foreign if a <= m.span[0] < b)
        if g:
            groups.append(g)
    before = _unique(m.institution for m in foreign if m.span[0] < agreement_pos[0])
    if before and groups:
        groups[0] = _unique(before + groups[0])
    return groups or [s.foreign_institutions]


def _specialises(inst: Institution, parties: list[Institution], reverse: bool = False) -> bool:
    """True when ``inst`` is one of ``parties`` or belongs to a country among them
    (with ``reverse``: when ``inst`` is a country one of ``parties`` belongs to)."""
    if reverse:
        return any(p.id == inst.id or (is_country(inst) and side_of(p) == side_of(inst)) for p in parties)
    return any(p.id == inst.id or (is_country(p) and side_of(p) == side_of(inst)) for p in parties)


def _merge_parties(old: list[Institution], new: list[Institution]) -> list[Institution]:
    """Add ``new`` to ``old``; a named institution replaces its bare country."""
    out = list(old)
    for inst in new:
        if any(o.id == inst.id for o in out):
            continue
        if not is_country(inst):
            out = [o for o in out if not (is_country(o) and side_of(o) == side_of(inst))]
        elif any(side_of(o) == side_of(inst) for o in out):
            continue
        out.append(inst)
    return out


def extract_events(article: Article, ctx: Context) -> list[Event]:
    """All cooperation events of one article (merged within the article)."""
    sentences = analyse(article, ctx)
    main_kz, main_foreign = _article_main_parties(sentences, ctx)
    drafts: list[Draft] = []
    partnerships: list[Draft] = []
    prev: Sentence | None = None
    for s in sentences:
        _sentence_events(s, prev, article, ctx, main_kz, main_foreign, drafts, partnerships)
        prev = s
    _merge_publication_dated(drafts)
    events = [_finish(d, article, ctx) for d in drafts]
    events = [e for e in events if e is not None]
    # Index the events by partner once: articles can be long (one test has 5 MB).
    kz_sides_by_partner: dict[str, list[frozenset[str]]] = {}
    for e in events:
        kz_ids = frozenset(k.id for k in e.kazakh_side)
        for inst in e.partners:
            kz_sides_by_partner.setdefault(inst.id, []).append(kz_ids)
    seen_partnerships: set[frozenset[str]] = set()
    for d in partnerships:
        generic_kz = all(is_country(k) for k in d.kz)
        d_kz = frozenset(k.id for k in d.kz)
        if all(
            any(generic_kz or d_kz <= kz for kz in kz_sides_by_partner.get(pid, ())) for pid in d.partner_ids
        ):
            continue  # the article documents this relation through an act already
        if d.partner_ids in seen_partnerships:
            continue
        ev = _finish(d, article, ctx)
        if ev:
            seen_partnerships.add(d.partner_ids)
            events.append(ev)
    return events


def _sentence_events(
    s: Sentence,
    prev: Sentence | None,
    article: Article,
    ctx: Context,
    main_kz: Institution | None,
    main_foreign: Institution | None,
    drafts: list[Draft],
    partnerships: list[Draft],
) -> None:
    pairs = _pair_dates_with_kinds(s)
    kz_explicit = s.kz_institutions
    countries = s.countries()
    if not kz_explicit and KAZAKHSTAN in countries:
        kz_explicit = [country_party(KAZAKHSTAN, ctx)]
    foreign_countries = [country_party(c, ctx) for c in countries if c != KAZAKHSTAN]

    if not pairs:
        if not (s.partnership and s.foreign_institutions):
            return
        if s.discussion:
            # What a meeting discussed belongs to the meeting, not to a relation of its own.
            for d in reversed(drafts):
                if d.kind in ("meeting", "visit", "forum"):
                    d.foreign = _merge_parties(d.foreign, s.foreign_institutions)
                    d.extra_sentences.append(s)
                    break
            return
        last = partnerships[-1] if partnerships else None
        if last is not None and prev is not None and last.sentence.index == prev.index and not kz_explicit:
            # A sentence that goes on about the same partner's units ('… HEC Liège менеджмент
            # мектебін қамтиды' after the ULiège relation) continues that relation; units of
            # one partner share its city, other partners ('С Пекинским …' after Lanzhou) do not.
            cities = {(i.city, i.country_code) for i in last.foreign if i.city}
            same = [i for i in s.foreign_institutions if (i.city, i.country_code) in cities]
            if same:
                last.foreign = _merge_parties(last.foreign, same)
            new = [i for i in s.foreign_institutions if i not in same]
            if new:
                _add_partnerships(s, kz_explicit, main_kz, ctx, partnerships, new)
            return
        _add_partnerships(s, kz_explicit, main_kz, ctx, partnerships)
        return

    made = len(drafts)
    _dated_events(s, prev, pairs, article, ctx, main_kz, main_foreign, kz_explicit, foreign_countries, drafts,
                  partnerships)
    if len(drafts) == made and s.partnership and s.foreign_institutions and not s.discussion:
        if not (partnerships and partnerships[-1].sentence is s):
            _add_partnerships(s, kz_explicit, main_kz, ctx, partnerships)


def _dated_events(
    s: Sentence,
    prev: Sentence | None,
    pairs: list[tuple[str, DateMention | None]],
    article: Article,
    ctx: Context,
    main_kz: Institution | None,
    main_foreign: Institution | None,
    kz_explicit: list[Institution],
    foreign_countries: list[Institution],
    drafts: list[Draft],
    partnerships: list[Draft],
) -> None:
    for kind, date in pairs:
        dated = date is not None and date.basis != "publication_date"
        # An undated mention of a kind already reported joins that event.
        if date is None and _attach(s, kind, kz_explicit, foreign_countries, drafts):
            continue
        for group in _segments(s) if kind == "agreement" else [s.foreign_institutions]:
            foreign = list(group) or list(foreign_countries)
            carried_foreign = False
            if not foreign and dated:
                if prev is not None and prev.paragraph == s.paragraph:
                    foreign = prev.foreign_institutions or [
                        country_party(c, ctx) for c in prev.countries() if c != KAZAKHSTAN
                    ]
                if not foreign and main_foreign is not None:
                    foreign = [main_foreign]
                carried_foreign = bool(foreign)
            if not foreign:
                continue
            kz = list(kz_explicit)
            carried_kz = False
            if not kz:
                if prev is not None and prev.paragraph == s.paragraph and prev.kz_institutions:
                    kz = prev.kz_institutions
                elif main_kz is not None:
                    kz = [main_kz]
                else:
                    kz = [country_party(KAZAKHSTAN, ctx)]
                carried_kz = True
            explicit_both = not carried_kz and not carried_foreign
            # A founding is a cooperation event only when both sides are in the sentence;
            # otherwise it is a background fact ('Льеж университеті 1817 жылы құрылған').
            if kind == "founding" and not explicit_both:
                continue
            # An agreement named without an act or a plan ('келісім бар': there is an
            # agreement) is an ongoing relation, not an event.
            if kind == "agreement" and date is None and not s.act and not s.planned:
                _add_partnerships(s, kz_explicit, main_kz, ctx, partnerships)
                continue
            basis = date.basis if date else ""
            if date is None and s.act and not s.planned and article.published is not None:
                basis = "publication_date"
            # A whole country as the only partner makes an event only with a date: undated
            # talk of "cooperation with China" is context, not an act.
            if all(is_country(x) for x in foreign) and date is None and basis != "publication_date":
                continue
            planned = s.planned or bool(date and date.planned)
            drafts.append(
                Draft(
                    kind=kind,
                    sentence=s,
                    date=date,
                    date_basis=basis,
                    planned=planned,
                    kz=kz,
                    foreign=foreign,
                    carried_foreign=carried_foreign,
                    carried_kz=carried_kz,
                    explicit_both=explicit_both,
                    host_kz=s.host and bool(s.kz_institutions),
                )
            )


def _add_partnerships(
    s: Sentence,
    kz_explicit: list[Institution],
    main_kz: Institution | None,
    ctx: Context,
    out: list[Draft],
    foreign: list[Institution] | None = None,
) -> None:
    kz = kz_explicit or ([main_kz] if main_kz else [country_party(KAZAKHSTAN, ctx)])
    for inst in s.foreign_institutions if foreign is None else foreign:
        out.append(
            Draft(
                kind="partnership",
                sentence=s,
                date=None,
                date_basis="",
                planned=False,
                kz=list(kz),
                foreign=[inst],
                carried_foreign=False,
                carried_kz=not kz_explicit,
                explicit_both=bool(kz_explicit),
            )
        )


def _attach(
    s: Sentence, kind: str, kz_explicit: list[Institution], foreign_countries: list[Institution], drafts: list[Draft]
) -> bool:
    """Join an undated mention to the latest event of the same kind it is compatible with."""
    foreign = s.foreign_institutions
    # Back-references are local: look at the latest events only (long articles stay linear).
    same_kind = [d for d in reversed(drafts[-_ATTACH_WINDOW:]) if d.kind == kind]
    if s.act and not s.planned:
        # A done act ('подписан меморандум') is not the same as one still planned.
        same_kind = [d for d in same_kind if not (d.planned and d.date is None)]
    target = next((d for d in same_kind if not foreign or any(_specialises(f, d.foreign) for f in foreign)), None)
    if target is None and same_kind and s.index - same_kind[0].sentence.index <= 5:
        # "В форуме приняли участие … Академии наук Республики Таджикистан": a nearby
        # back-reference adds participants, unless they belong to another event.
        named_elsewhere = {i.id for d in drafts[-_ATTACH_WINDOW:] for i in d.foreign}
        if not any(f.id in named_elsewhere for f in foreign):
            target = same_kind[0]
    for d in [target] if target is not None else []:
        d.foreign = _merge_parties(d.foreign, foreign)
        if s.kz_institutions:
            d.kz = _merge_parties(d.kz, s.kz_institutions)
            d.carried_kz = False
        d.host_kz = d.host_kz or (s.host and bool(s.kz_institutions))
        d.planned = d.planned or (s.planned and d.date is None)
        d.extra_sentences.append(s)
        return True
    return False


def _merge_publication_dated(drafts: list[Draft]) -> None:
    """An act dated only by the publication date that shares its partners with an event
    the article dates explicitly is part of that event (the meeting during the visit)."""
    stated = [d for d in drafts if d.date is not None]
    keep: list[Draft] = []
    for d in drafts:
        if d.date is None and d.date_basis == "publication_date":
            target = next(
                (
                    t
                    for t in stated
                    if d.foreign
                    and t.date
                    and t.date.start
                    # The same partners: the same occasion whatever the words (the meeting
                    # during the visit); partners only known by country: the same kind too.
                    and (
                        d.partner_ids <= t.partner_ids
                        or (
                            t.kind == d.kind
                            and all(_specialises(x, t.foreign, True) or _specialises(x, t.foreign) for x in d.foreign)
                        )
                    )
                ),
                None,
            )
            if target is not None:
                target.extra_sentences.append(d.sentence)
                target.kz = _merge_parties(target.kz, [k for k in d.kz if not d.carried_kz])
                target.foreign = _merge_parties(target.foreign, d.foreign)
                # "Agreement … signed" in the headline and "signed during the visit on 2–3
                # October" in the body: the occasion is best named by the stronger kind.
                if _KIND_ORDER.index(d.kind) < _KIND_ORDER.index(target.kind):
                    target.kind = d.kind
                continue
        keep.append(d)
    drafts[:] = keep


def _venue(d: Draft, ctx: Context) -> tuple[Place | None, str]:
    """The place the sentence states as the venue ('in Almaty', 'à Baïkonour', 'Алматыда')."""
    s = d.sentence
    inst_spans = [m.span for m in s.institutions]
    preps = W.VENUE_PREPOSITIONS.get(s.lang, ())
    for pm in s.places:
        if any(a <= pm.span[0] < b for a, b in inst_spans):
            continue
        before = s.text[: pm.span[0]].rstrip()
        prev_word = before.rsplit(None, 1)[-1].lower() if before else ""
        prev_word = prev_word.split("'")[-1].split("’")[-1]
        venue = prev_word in preps
        if s.lang == "kk":
            surface = pm.text.lower()
            venue = surface.endswith(W.KAZAKH_LOCATIVE_ENDINGS) and not surface.endswith(("дағы", "дегі", "тағы", "тегі"))
        if venue:
            place = pm.place
            if place.precision == "country":
                # "in Belgium" with the University of Liège as partner: the partner is the venue.
                for inst in d.foreign + d.kz:
                    if inst.country_code == place.country_code and not is_country(inst):
                        better = ctx.locate(inst)
                        if better is not None:
                            return better, "stated"
            return place, "stated"
    return None, ""


def _finish(d: Draft, article: Article, ctx: Context) -> Event | None:
    s = d.sentence
    place, basis = _venue(d, ctx)
    origin = None
    for inst in d.kz:
        origin = ctx.locate(inst)
        if origin:
            break
    if origin is None:
        origin = ctx.places.country(KAZAKHSTAN)
    if place is None and d.host_kz and d.kind in ("forum", "meeting"):
        place, basis = origin, "kazakh_side"
    if place is None:
        for inst in d.foreign:
            place = ctx.locate(inst)
            if place:
                basis = "country" if is_country(inst) else "partner"
                break
    if place is None and origin is not None:
        place, basis = origin, "kazakh_side"
    date = d.date
    date_basis = d.date_basis
    if date is None and date_basis == "publication_date" and article.published:
        date = DateMention(
            article.published, article.published, "day", "publication_date", False, "", (0, 0)
        )
    planned = d.planned
    if date is not None and date.start and article.published and date.start > article.published:
        planned = True
    text_for_topics = " ".join([s.text] + [x.text for x in d.extra_sentences])
    topics = find_topics(text_for_topics, s.lang) or _article_topics(article.text, article.language)
    confidence = 0.45
    confidence += 0.2 if d.explicit_both else 0.0
    confidence += 0.15 if date is not None and date_basis not in ("publication_date",) else 0.0
    confidence += 0.1 if s.act or planned else 0.0
    confidence -= 0.15 if d.carried_foreign else 0.0
    confidence -= 0.15 if d.kind == "partnership" else 0.0
    partner_countries = []
    for inst in d.foreign:
        code = side_of(inst)
        if code and code not in partner_countries:
            partner_countries.append(code)
    return Event(
        kind=d.kind,
        date=date,
        planned=planned,
        kazakh_side=d.kz,
        partners=d.foreign,
        partner_countries=partner_countries,
        place=place,
        place_basis=basis if place else "",
        origin=origin,
        topics=topics,
        article_id=article.article_id,
        evidence=s.text,
        evidence_span=(s.start, s.end),
        confidence=round(max(0.05, min(0.99, confidence)), 2),
        language=s.lang,
        date_basis_override=date_basis,
    )


__all__ = ["Context", "extract_events", "analyse", "find_kinds", "find_topics"]
