"""Ground the names an article gives to institutions: decide which country each one
belongs to and where it is, by a fixed cascade, and record which step decided it (the
``grounding`` basis written beside each party in ``events.csv``):

1. ``gazetteer`` — a curated institution (``data/gazetteer.csv``);
2. ``registry`` — a university of the world-universities list (country, sometimes region);
3. ``name`` — a place inside the name: a city ("City University of Hong Kong"), a
   first-level region ("Oregon State University", ``data/regions.csv``), a
   country or its adjective ("Korea Institute of …", "l'Université kazakhe …");
4. ``apposition`` — a place right after the name: "(Түркия)", ", Almaty, Kazakhstan,";
5. ``adjective`` — a nationality adjective or a country genitive just before the name
   ("российский МФТИ", "the Japanese …", "Жапония Мемлекетінің … институты");
6. ``next_sentence`` — the next sentence places it ("… a university in Malaysia");
7. ``article_country`` — the only foreign country the article names;
8. ``sentence_city`` — a city named in the same sentence outside any name.

Never the dateline ("ASTANA – Toraighyrov University and Oregon State University …"
does not make the American university Kazakh) and never a word that is a person's name.
An institution's side (the country it belongs to) is also what its gazetteer id's prefix
says: ``kz-embassy-be`` is Kazakh although it stands in Brussels."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kzatlas.extract.institutions import Gazetteer, _slug, find_institutions, head_kind
from kzatlas.extract.morphology import fold
from kzatlas.extract.nationality import nationality, read_rows
from kzatlas.extract.places import HOME_COUNTRIES
from kzatlas.extract.rules import institution_words as W
from kzatlas.extract.rules import people_words as P
from kzatlas.extract.settings import setting
from kzatlas.models import Institution, InstitutionMention, PlaceMention, Span
from kzatlas.paths import DATA_DIR

if TYPE_CHECKING:
    from kzatlas.extract.document import Doc
    from kzatlas.extract.places import PlaceIndex

KAZAKHSTAN = "KZ"
UNIVERSITIES_CSV = DATA_DIR / "world_universities.csv"
REGIONS_CSV = DATA_DIR / "regions.csv"

#: How far after a name an apposition may stand, and before it an adjective or a
#: genitive (data/extraction_settings.csv says why).
APPOSITION_CHARS = setting("apposition_chars")
ADJECTIVE_CHARS = setting("adjective_chars")
#: A dateline: the article's first words in capitals, then a dash or a full stop
#: ("ASTANA –", "ALMATY –", "ASTANA. KAZINFORM -", "КАЗАНЬ, 3 мая.").
_DATELINE = re.compile(r"^\s*([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ' .-]{2,40}?)(?:\s*[–—-]\s|\.\s|,\s)")

def dateline_span(text: str, index: int) -> Span | None:
    """The place of a wire dateline that opens one of the first sentences ("ASTANA – …",
    "АЛМАТЫ, 18 апреля."): where the report was filed, never a name's place or a venue."""
    if index > 2:
        return None
    m = _DATELINE.match(text)
    if not m or not m.group(1).strip().isupper():
        return None
    return (m.start(1), m.end(1))


GROUNDING_BASES = ("gazetteer", "registry", "name", "apposition", "adjective", "next_sentence", "article_country",
                   "opposite_party",
                   "sentence_city", "")


def side_of(inst: Institution) -> str:
    """The country an institution belongs to, which is not always where it stands: the
    gazetteer id's prefix says it ('kz-embassy-be' is Kazakh, in Brussels)."""
    prefix = inst.id.split("-", 1)[0]
    if len(prefix) == 2 and prefix.isalpha() and prefix != "x":
        return prefix.upper()
    return inst.country_code


def grounding_of(inst: Institution) -> str:
    """The cascade step that placed ``inst`` (see the module docstring)."""
    if inst.kind == "country":
        return "country"
    if not inst.id.startswith("x-"):
        return "gazetteer"
    note = inst.notes or ""
    return note[len("grounding:"):] if note.startswith("grounding:") else ""


@functools.lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[str, str]]:
    """folded university name -> (country code, region) from the world-universities list."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_rows(UNIVERSITIES_CSV):
        out.setdefault(fold(row["name"]), (row["country"], row.get("region", "")))
    return out


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str, float, float]]:
    """folded region name -> (region English name, country, lat, lon)."""
    out: dict[str, tuple[str, str, float, float]] = {}
    for row in read_rows(REGIONS_CSV):
        names = [n.strip() for n in (row.get("names") or "").split("|") if n.strip()]
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        for n in names:
            out.setdefault(fold(n), (names[0], row["country"].upper(), lat, lon))
    return out


class Grounder:
    """Finds the names of a sentence and grounds them (see the module docstring)."""

    def __init__(self, places: "PlaceIndex") -> None:
        self.places = places
        self._aliases: dict[str, Institution] = {}
        self._placed: dict[str, Institution] = {}  # found id -> the institution as grounded
        self._article_cc = self._town_cc = ""

    # -- names of a whole article ----------------------------------------------------

    def article_names(self, sents: list[Any], gazetteer: Gazetteer, doc: "Doc") -> None:
        """Set ``names`` and ``countries`` of every analysed sentence with ``full`` set:
        names found in each sentence, then the article's abbreviations ("City University
        of Macau (UMac)" makes every "UMac" that university), then grounding."""
        found: dict[int, list[InstitutionMention]] = {}
        aliases: dict[str, Institution] = {}
        for a in sents:
            if not a.full:
                continue
            a.places = self._clean_places(a)
            mentions = find_institutions(a.text, a.lang, gazetteer, self.places)
            mentions = mentions + self._expansions(a, mentions) + self._headless(a, mentions)
            found[a.index] = mentions
            # Outside names: "British" in "Kazakh-British Technical University" names no partner.
            a.adjective_countries = self._adjectives(a, [m.span for m in mentions])
            for m in mentions:
                acr = _acronym_after(a.text, m.span[1])
                if acr and acr not in W.ACRONYM_STOPLIST:
                    aliases.setdefault(acr, m.institution)
        for ms in found.values():
            for m in ms:
                initials = _initials(m.institution.name)
                if len(initials) >= 3 and initials not in W.ACRONYM_STOPLIST:
                    aliases.setdefault(initials, m.institution)  # "Vormandel Ceramics Research Centre" is "VCRC"
        self._aliases = aliases
        self._placed = {}
        named = _prefix_index(_unique_by_id(m.institution for ms in found.values() for m in ms
                                            if m.source == "gazetteer"))
        self._article_cc = self._article_country(sents)
        # Only towns abroad ("la prochaine réunion se tiendra à Paris"): their one country,
        # the last step of the cascade.
        towns = {p.place.country_code for x in sents if x.full for p in x.places if p.place.precision == "city"}
        towns -= {KAZAKHSTAN, ""}
        self._town_cc = towns.pop() if len(towns) == 1 and not self._article_cc else ""
        # Countries the article names outside its names ("La Rioja" inside a university's
        # name is no evidence for Argentina).
        named_countries = {p.place.country_code for x in sents if x.full for p in x.places
                           if not any(_inside(p.span, m.span) for m in found.get(x.index, ()))}
        named_countries |= {c for x in sents if x.full for c in x.adjective_countries}
        named_countries.discard(KAZAKHSTAN)
        named_countries.discard("")
        self._home = tuple(HOME_COUNTRIES.get(doc.lang, ())) + tuple(sorted(named_countries))
        for a in sents:
            if not a.full:
                continue
            mentions = found[a.index]
            mentions = mentions + self._acronyms(a, mentions, aliases, gazetteer)
            mentions.sort(key=lambda m: m.span)
            dateline = self._dateline_span(a)
            places = [p for p in a.places if dateline is None or not _inside(p.span, dateline)]
            sides = self._sides(a)
            out = []
            for m in mentions:
                if m.source == "gazetteer":
                    out.append(m)
                    continue
                # "Orta Doğu Teknik Üniversitesi (ODTÜ)": a name whose bracketed acronym
                # is a curated body's is that body, in whatever language the name is.
                acr = _acronym_after(a.text, m.span[1])
                curated = next((x.institution for x in mentions if acr and x.source == "gazetteer"
                                and x.text == acr and 0 < x.span[0] - m.span[1] <= 3), None)
                short = curated or _shortened(m.institution.name, named)
                if short is not None:
                    out.append(InstitutionMention(short, m.text, m.span, "alias"))
                    continue
                grounded = self._link(self._ground(m, a, places, sents, sides), gazetteer)
                if grounded.institution.country_code:
                    self._placed.setdefault(m.institution.id, grounded.institution)
                out.append(grounded)
            a.names = out
            a.places = places
        # Names linked to curated institutions only after grounding ("… атындағы Тарих
        # және этнология институты" by its core words) make their short forms elsewhere
        # in the article ("Тарих және этнология институтында") that institution too.
        # The same for a short form of a longer found name of the same country ("Вормандель
        # университеті" after "Португалияның Вормандель мемлекеттік университеті").
        # The forms the article wrote count as names too ("Université Toraïguyrov de Pavlodar"
        # for a curated university named in English).
        written: dict[str, list[str]] = {}
        for x in sents:
            for m in x.names if x.full else ():
                written.setdefault(m.institution.id, []).append(m.text)
        linked = [(inst, _alias_words(inst.name, inst.aliases + tuple(written.get(inst.id, ()))))
                  for inst in _unique_by_id(m.institution for x in sents if x.full for m in x.names)]
        for a in sents:
            if not a.full:
                continue
            a.names = [_relinked(m, linked, self._placed) for m in a.names]
            a.countries = self._countries(a, a.names, a.places)
        _propagate(sents)
        mains = _main_by_kind(sents)
        for a in sents:
            if a.full and mains:
                a.names = sorted(a.names + self._back_references(a, mains), key=lambda m: m.span)

    def _expansions(self, a: Any, mentions: list[InstitutionMention]) -> list[InstitutionMention]:
        """A capitalised run right before "(ACR)" is that body's name even without a head
        noun: "The Mineral Survey of Chile (SERMIN)"."""
        out = []
        taken = [m.span for m in mentions]
        for m in re.finditer(r"\(\s*([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{1,10})\s*\)", a.text):
            if any(s <= m.start() < e for s, e in taken) or m.group(1) in W.ACRONYM_STOPLIST:
                continue
            run = _RUN_BEFORE.search(a.text[max(0, m.start() - 90):m.start()])
            if not run:
                continue
            start = m.start() - (len(a.text[max(0, m.start() - 90):m.start()]) - run.start(1))
            end = start + len(run.group(1).rstrip())
            if any(s < end and start < e for s, e in taken) or len(run.group(1).split()) < 2:
                continue
            name = a.text[start:end]
            out.append(InstitutionMention(
                Institution(id="x-" + _slug(name), name=name, kind="organisation", city="", country_code="",
                            lat=None, lon=None, notes="found before its abbreviation"),
                name, (start, end), "pattern"))
        return out

    def _headless(self, a: Any, mentions: list[InstitutionMention]) -> list[InstitutionMention]:
        """An organisation named without a head noun after "with"/"and" in an act ("signed
        … with Baltica Sincrotrone Gdańsk"): a capitalised run with a place inside and no
        title, that is not itself just a place."""
        out = []
        taken = [m.span for m in mentions]
        for m in _PARTNER_RUN.finditer(a.text):
            start, end = m.span(1)
            if any(s < end and start < e for s, e in taken):
                continue
            inside = [p for p in a.places if start <= p.span[0] and p.span[1] <= end]
            if not inside or any(p.span == (start, end) for p in inside):
                continue
            words = m.group(1).split()
            if len(words) < 2 or any(fold(w) in W.PERSON_TITLES or fold(w) in W.EN_STOPWORDS for w in words):
                continue
            if any(lab in ("state_title", "office_title") and start <= s < end for lab, s, _ in a.hits):
                continue  # "with US Ambassador …": a person's title, not an organisation
            name = m.group(1).strip()
            out.append(InstitutionMention(
                Institution(id="x-" + _slug(name), name=name, kind="organisation", city="", country_code="",
                            lat=None, lon=None, notes="found without a head noun"),
                name, (start, start + len(name)), "pattern"))
            taken.append((start, start + len(name)))
        # "L'Université … et Vormandel International ont signé": the second subject of an
        # act, joined by "et/and" to a name, is a party whatever its words.
        for lab, s, _ in a.hits:
            if lab != "act":
                continue
            m = _SECOND_SUBJECT.search(a.text[max(0, s - 80):s])
            if not m:
                continue
            start = max(0, s - 80) + m.start(1)
            end = start + len(m.group(1).rstrip())
            if any(x < end and start < y for x, y in taken) or not any(0 <= m.start() + max(0, s - 80) - y <= 2
                                                                         for _, y in taken):
                continue  # it must follow a name ("X et Y ont signé"), and be none itself
            words = a.text[start:end].split()
            if any(fold(w) in W.PERSON_TITLES or fold(w) in W.EN_STOPWORDS for w in words) or \
                    any(p.span == (start, end) for p in a.places) or (len(words) == 1 and words[0].isupper()):
                continue  # a bare abbreviation is read by _acronyms (which knows the article's)
            name = a.text[start:end]
            out.append(InstitutionMention(
                Institution(id="x-" + _slug(name), name=name, kind="organisation", city="", country_code="",
                            lat=None, lon=None, notes="found without a head noun"),
                name, (start, end), "pattern"))
            taken.append((start, end))
        return out

    def _clean_places(self, a: Any) -> list[PlaceMention]:
        """Drop place words that are people's names ("Mr Florence Walker", "Mme Lorraine")
        or parts of a building's name ("Palais de Chaillot", "Palace of Westminster")."""
        out = []
        for p in a.places:
            before = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", a.text[max(0, p.span[0] - 30):p.span[0]])
            prev = fold(before[-1]) if before else ""
            prev2 = fold(before[-2]) if len(before) > 1 else ""
            if prev in W.PERSON_TITLES and p.place.precision == "city":
                continue
            if p.place.precision == "country" and prev in W.PERSON_TITLES:
                continue
            if prev in W.LANDMARK_HEADS or (prev in ("du", "de", "of", "la", "le", "des") and prev2 in W.LANDMARK_HEADS):
                continue
            out.append(p)
        return out

    def _acronyms(self, a: Any, mentions: list[InstitutionMention], aliases: dict[str, Institution],
                  gazetteer: Gazetteer) -> list[InstitutionMention]:
        """Mentions by abbreviation: one the article defined, else a bare acronym that
        names no country, union or legal form ("OECRA", "KIRNS")."""
        out = []
        taken = [m.span for m in mentions] + [p.span for p in a.places]
        for m in _ACRONYM.finditer(a.text):
            span = (m.start(1), m.end(1))
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            word = m.group(1)
            if word in W.ACRONYM_STOPLIST or _is_sentence_caps(a.text):
                continue
            inst = aliases.get(word)
            if inst is None:
                if len(word) < 3 or not word.isupper() or _ROMAN.fullmatch(word):
                    continue  # "VIII meeting": a number, not a name
                if re.match(r"-?\d", a.text[m.end(1):m.end(1) + 2]):
                    continue  # "IBR-2", "NICA 2": a facility or a model
                if self.places.lookup(word) is not None:
                    continue  # "КАЗАНЬ, 3 мая.": a dateline's city in capitals
                inst = Institution(id="x-" + _slug(word), name=word, kind="organisation", city="", country_code="",
                                   lat=None, lon=None, notes="found as an acronym")
                named = self._acronym_with_name(a, span)
                if named is not None:
                    inst, span = named
            out.append(InstitutionMention(inst, a.text[span[0]:span[1]], span,
                                          "alias" if word in aliases else "pattern"))
            taken.append(span)
        return out

    def _acronym_with_name(self, a: Any, span: Span) -> tuple[Institution, Span] | None:
        """An acronym followed by a proper name with a city in it names that body: "(PRES)
        Lumière Lyon Sud" is the Lumière Lyon Sud cluster, in Lyon."""
        m = _CAPITAL_RUN.match(a.text, span[1])
        if not m:
            return None
        end = m.end(1)
        inside = [p.place for p in a.places if span[1] <= p.span[0] and p.span[1] <= end and p.place.precision == "city"]
        if not inside:
            for word in m.group(1).split():
                hit = self.places.named_city(word)
                if hit is not None and hit[1] >= _NAME_CITY_MIN_POP:
                    inside = [hit[0]]
                    break
        if not inside:
            return None
        name = f"{a.text[span[0]:span[1]]} {m.group(1).strip()}"
        city = inside[0]
        inst = Institution(id="x-" + _slug(name), name=name, kind="organisation", city=city.name,
                           country_code=city.country_code, lat=None, lon=None, notes="grounding:name")
        return inst, (span[0], end)

    def _back_references(self, a: Any, mains: dict[str, Institution]) -> list[InstitutionMention]:
        """"the Institute", "l'Université", "notre université", "Институт" standing alone:
        the article's main institution of that kind (a Kazakh one first)."""
        out = []
        dets = {d.rstrip("~") for d in P.BACK_REFERENCE.get(a.lang, ())}
        spans = [m.span for m in a.names]
        for m in _WORD.finditer(a.text):
            word = m.group()
            kind = head_kind(word, a.lang)
            if kind is None or kind not in mains or any(s <= m.start() < e for s, e in spans):
                continue
            before = a.text[max(0, m.start() - 12):m.start()].lower()
            prev = re.findall(r"[^\W\d_]+['’]?", before)
            prev_word = prev[-1].rstrip("'’") if prev else ""
            determined = any(prev_word.startswith(d) for d in dets) or before.endswith(("l'", "l’"))
            # Russian and Kazakh have no article: a capitalised head in mid-sentence is the name's short form.
            bare = a.lang in ("ru", "kk") and word[0].isupper() and m.start() > 0
            if (determined and (word[0].isupper() or prev_word in ("notre", "наш", "біздің", "our", "nuestra",
                                                                    "nostra", "unser"))) or bare:
                out.append(InstitutionMention(mains[kind], word, m.span(), "alias"))
        return out

    def _link(self, m: InstitutionMention, gazetteer: Gazetteer) -> InstitutionMention:
        """A pattern name that is a curated institution under another form ("the Kazakh
        Ministry of Education and Science" = the gazetteer's ministry): linked by its
        core words (name without country words and articles) and its country."""
        inst = m.institution
        if not inst.id.startswith("x-") or not inst.country_code:
            return m
        hit = _gazetteer_cores(gazetteer).get((_core(inst.name, inst.country_code), inst.country_code))
        if hit is None:
            hit = _fuzzy_link(inst.name, inst.country_code, gazetteer)
        if hit is None and inst.country_code != KAZAKHSTAN and grounding_of(inst) in _CONTEXT_GROUNDINGS:
            # Placed only by the article's other names: a Kazakh institution under a foreign
            # form ("Université internationale des technologies de l'information" in an
            # article about a Swiss partner) is still the Kazakh one.
            hit = _same_stems(inst.name, KAZAKHSTAN, gazetteer)
            if hit is None and len(_stems(inst.name, KAZAKHSTAN)) >= 4:
                hit = _fuzzy_link(inst.name, KAZAKHSTAN, gazetteer)  # a long name, most of it shared
        if hit is None:
            return m
        return InstitutionMention(hit, m.text, m.span, "gazetteer")

    def _sides(self, a: Any) -> list[tuple[int, int, str]]:
        """(start, end, country) stretches after "с российской стороны", "from the Korean side"."""
        marks = []
        for m in re.finditer(r"[^\W\d_]+", a.text):
            if fold(m.group()) in W.SIDE_WORDS:
                before = re.findall(r"[^\W\d_]+", a.text[max(0, m.start() - 30):m.start()])
                after = re.findall(r"[^\W\d_]+", a.text[m.end():m.end() + 20])
                for w in [*(before[-2:][::-1]), *after[:1]]:
                    cc = nationality(w, a.lang, self.places)
                    if cc:
                        marks.append((m.start() - 30, cc))
                        break
        out = []
        for k, (pos, cc) in enumerate(marks):
            end = marks[k + 1][0] if k + 1 < len(marks) else len(a.text)
            out.append((max(0, pos), end, cc))
        return out

    # -- the cascade -----------------------------------------------------------------

    def _dateline_span(self, a: Any) -> Span | None:
        return dateline_span(a.text, a.index)

    def _ground(self, m: InstitutionMention, a: Any, places: list[PlaceMention], sents: list[Any],
                sides: list[tuple[int, int, str]]) -> InstitutionMention:
        inst = m.institution
        if m.source == "alias":
            return m
        # A bare acronym is only placed by what stands right next to it: the article's
        # country or a city elsewhere in the sentence say nothing of "DIRAC" or "MPD".
        weak_ok = inst.notes != "found as an acronym"
        basis = ""
        city, cc, lat, lon, kind = inst.city, inst.country_code, None, None, inst.kind
        reg = _registry().get(fold(inst.name))
        if reg is not None:
            cc, basis = reg[0], "registry"
            region = _regions().get(fold(reg[1])) if reg[1] else None
            if region is not None and region[1] == cc and not city:
                city, lat, lon = region[0], region[2], region[3]
        if cc and not basis:
            basis = "name"  # the name pattern found a place inside the name
            home = self._home_place(inst.name, cc)
            if home is not None:
                cc, city = home.country_code, home.name  # "Universidad … de Córdoba": Spain's, not Argentina's
            before = self._adjective_before(a, m.span, places)
            if before and before != cc:
                # "Korea's Institute for Fundamental Studies": the country stated before the name
                # outweighs a word inside it that also spells a town elsewhere.
                cc, city, lat, lon, basis = before, "", None, None, "adjective"
        if not cc:
            lead = self._leading_adjective(a, m)
            if lead is not None:
                return lead
        if not cc:
            for word in _owner_words(inst.name):
                hit = nationality(word, a.lang, self.places)
                if hit:
                    cc, basis = hit, "name"
                    break
        if not cc and _KAZ_PREFIX.match(inst.name) and not _KAZAN.match(inst.name):
            cc, basis = KAZAKHSTAN, "name"  # "Kazatomprom", "KazMunayGas", "ҚазҰУ": Kazakh by name
        if not cc:
            hit_place = self._place_word_in_name(inst.name)
            if hit_place is not None:
                cc, city, basis = hit_place.country_code, hit_place.name, "name"
        if not cc or not city:
            hit = self._region_in_name(inst.name)
            if hit is not None and (not cc or hit[1] == cc):
                city, cc, lat, lon = hit[0], hit[1], hit[2], hit[3]
                basis = basis or "name"
        if not cc:
            parent = self._parent(inst.name) or self._possessive_owner(a, m.span)
            if parent is not None:
                cc, city, basis = parent.country_code, parent.city, "parent"
        if not cc:
            hit_cc, hit_city = self._apposition(a, m.span, places)
            if hit_cc:
                cc, city, basis = hit_cc, hit_city or city, "apposition"
        seat = self._seat(a, m.span, places)
        if seat is not None and (not cc or seat.country_code == cc) and seat.name != city:
            cc, city, lat, lon = seat.country_code, seat.name, None, None
            basis = basis or "apposition"
        if not cc:
            hit_cc = self._adjective_before(a, m.span, places)
            if hit_cc:
                cc, basis = hit_cc, "adjective"
        if not cc:
            for start, end, side_cc in sides:
                if start <= m.span[0] < end:
                    cc, basis = side_cc, "adjective"
                    break
        if not cc and weak_ok:
            hit_cc = self._next_sentence(a, sents, inst.name)
            if hit_cc:
                cc, basis = hit_cc, "next_sentence"
        if not cc and weak_ok:
            hit_cc = self._article_cc
            if hit_cc:
                cc, basis = hit_cc, "article_country"
        if not cc and weak_ok:
            for p in places:
                if p.place.precision == "city" and not _inside(p.span, m.span) \
                        and _word_before(a.text, p.span[0]) in _VENUE_WORDS | {"to"} \
                        and p.place.country_code != KAZAKHSTAN:
                    # A venue in Kazakhstan says nothing of a name nothing else placed: the
                    # Kazakh bodies are curated or say so; the unplaced one is as likely the guest.
                    cc, city, basis = p.place.country_code, p.place.name, "sentence_city"
                    break
        if not cc and weak_ok and self._town_cc:
            cc, basis = self._town_cc, "article_country"
        if not cc:
            return m
        grounded = replace(inst, city=city or "", country_code=cc, lat=lat, lon=lon,
                           kind=kind, notes=f"grounding:{basis}")
        return InstitutionMention(grounded, m.text, m.span, m.source)

    def _parent(self, name: str) -> Institution | None:
        """"CityU Council", "ULiège Faculty of Law": a unit named after an abbreviation the
        article gave an institution belongs to that institution, and sits where it sits."""
        first = name.split(maxsplit=1)
        if len(first) < 2:
            return None
        parent = self._aliases.get(first[0])
        if parent is not None:
            parent = self._placed.get(parent.id, parent)
        return parent if parent is not None and parent.country_code else None

    def _seat(self, a: Any, span: Span, places: list[PlaceMention]):
        """"… Research Institute in Bremen", "… институт в Новосибирске": a city right after
        the name (and its abbreviation, if any), joined by "in"/"в"/"à", is where the
        institution sits."""
        for p in places:
            gap = a.text[span[1]:p.span[0]]
            if p.place.precision == "city" and re.fullmatch(
                    r"(?:\s+\(?[A-ZА-ЯЁ]{2,8}\)?)?\s+(?:in|at|from|в|во|из|à|a|de|in der|en|aus)\s+", gap):
                return p.place
        return None

    def _home_place(self, name: str, cc: str):
        """When a place word inside the name also names a place in the article language's
        home country, that one ("Universidad Atlántica de Córdoba" in a Spanish text: Spain's
        Córdoba, not Argentina's)."""
        if not self._home or cc in self._home:
            return None
        from kzatlas.models import Place  # noqa: PLC0415

        words = re.findall(r"[^\W\d_]+", name)
        for home in self._home:
            for n in (3, 2, 1):
                for k in range(len(words) - n + 1):
                    chunk = " ".join(words[k:k + n])
                    if not chunk[:1].isupper() or (n == 1 and head_kind(chunk, "")):
                        continue  # "Universidad" also spells a Spanish town: as a head it is none
                    region = _regions().get(fold(chunk))
                    if region is not None and region[1] == home:
                        return Place(region[0], home, region[2], region[3], "region", "gazetteer")
                    city = self.places.lookup(chunk, home)
                    if city is not None and city.country_code == home and city.precision == "city" \
                            and fold(city.name) == fold(chunk):
                        return city
        return None

    def _possessive_owner(self, a: Any, span: Span) -> Institution | None:
        """"NU's School of Medicine": a unit of the body the article named by that
        abbreviation (the article's own ones, "Nazarbayev University (NU)")."""
        m = _POSSESSIVE_BEFORE.search(a.text[max(0, span[0] - 30):span[0]])
        if m is None:
            return None
        owner = self._aliases.get(m.group(1))
        return owner if owner is not None and owner.country_code else None

    def _place_word_in_name(self, name: str):
        """A city named by a capitalised word of the name, read on its own (the name's
        first word is no sentence start): "Lund Observatory", "Hochschule Rhein-Sieg"."""
        for word in re.findall(r"[^\W\d_]+", name):
            if not word[:1].isupper() or len(word) < 4 or fold(word) in W.EN_HEADS:
                continue
            # Read as "in <word>", so the place index's guards against small towns and
            # alternate names apply as they do in running text.
            found = self.places.find(f"in {word}", "en")
            if found and found[0].place.precision == "city" and fold(found[0].place.name) == fold(word):
                return found[0].place
        return None

    def _leading_adjective(self, a: Any, m: InstitutionMention) -> InstitutionMention | None:
        """"the Maltese National Institute of Optics": a nationality adjective opening a
        name after "the" says whose it is; the name is what follows."""
        words = m.institution.name.split()
        if len(words) < 3 or not a.text[max(0, m.span[0] - 4):m.span[0]].lower().endswith("the "):
            return None
        cc = nationality(words[0], a.lang, self.places)
        if not cc:
            return None
        name = " ".join(words[1:])
        inst = replace(m.institution, id="x-" + _slug(name), name=name, country_code=cc,
                       notes="grounding:adjective")
        start = m.span[0] + len(m.text) - len(m.text.split(None, 1)[1])
        return InstitutionMention(inst, m.text[start - m.span[0]:], (start, m.span[1]), m.source)

    def _region_in_name(self, name: str) -> tuple[str, str, float, float] | None:
        regions = _regions()
        if not regions:
            return None
        words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", name)
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                key = fold(" ".join(words[k:k + n]))
                hit = regions.get(key)
                if hit is not None and words[k][0].isupper():
                    # A city of the same name is the better point ("Kyoto University").
                    city = self.places.lookup(" ".join(words[k:k + n]), hit[1])
                    if city is not None and city.precision == "city" and fold(city.name) == key:
                        return city.name, hit[1], city.lat, city.lon
                    return hit
        return None

    def _apposition(self, a: Any, span: Span, places: list[PlaceMention]) -> tuple[str, str]:
        """A place right after the name, in brackets or between commas."""
        cc = city = ""
        for p in places:
            if p.span[0] < span[1] or p.span[0] - span[1] > APPOSITION_CHARS:
                continue
            between = a.text[span[1]:p.span[0]]
            if between.strip(" ,(«»\"“”") and not re.fullmatch(r"[\s,(«»\"“”]*(?:[^\W\d_]+[\s,]*){0,2}", between):
                continue
            if not re.match(r"\s*[,(]", a.text[span[1]:]) and not between.strip() == "":
                continue
            if p.place.precision == "city" and not city:
                city, cc = p.place.name, p.place.country_code
            elif p.place.precision == "country":
                cc = cc or p.place.country_code
                if city and p.place.country_code != cc:
                    city = ""
                break
        return cc, city

    def _adjective_before(self, a: Any, span: Span, places: list[PlaceMention]) -> str:
        """A nationality adjective in the three words before the name ("российский
        МФТИ"), or a country in the possessive or genitive before it ("France's CNES",
        "Италияның … «ENEA» ұлттық агенттігі" — a Kazakh genitive governs the possessed
        head however many modifiers stand between)."""
        window_start = max(0, span[0] - ADJECTIVE_CHARS)
        before = a.text[window_start:span[0]]
        for p in reversed(places):
            if p.place.precision != "country" or p.span[1] > span[0]:
                continue
            between = a.text[p.span[1]:span[0]]
            if any(c in between for c in ",;()–—"):
                break
            surface = p.text.lower()
            genitive = surface.endswith(_GENITIVES) and a.lang in ("kk", "ru") and len(between.split()) <= 7
            possessive = surface.endswith(("'s", "’s")) and len(between.split()) <= 2
            if genitive or possessive:
                return p.place.country_code
            break
        words = re.findall(r"[^\W\d_]+", before)
        for w in reversed(words[-3:]):
            if fold(w) in _LIST_CONNECTORS:
                break  # "… kazakhe et l'Institut …": the adjective closes the name before
            cc = nationality(w, a.lang, self.places)
            if cc:
                return cc
        return ""

    def _next_sentence(self, a: Any, sents: list[Any], name: str = "") -> str:
        """The next sentence places the name when it names its kind of institution and a
        single country: "… with the Universiti X. The memorandum with the oldest
        university in Malaysia …"."""
        nxt = sents[a.index + 1] if a.index + 1 < len(sents) else None
        if nxt is None or not nxt.full:
            return ""
        heads = {fold(w) for w in re.findall(r"[^\W\d_]+", name) if fold(w) in W.EN_HEADS}
        words = {fold(w) for w in re.findall(r"[^\W\d_]+", nxt.text)}
        if not heads or not (heads & words):
            return ""
        codes = {p.place.country_code for p in nxt.places if p.place.precision == "country"}
        codes.discard(KAZAKHSTAN)
        return codes.pop() if len(codes) == 1 else ""

    def _article_country(self, sents: list[Any]) -> str:
        """The one foreign country the article names, as a country or by an adjective
        ("… сотрудничает с немецкими вузами")."""
        codes = {p.place.country_code for s in sents for p in s.places if p.place.precision == "country"}
        if not codes - {KAZAKHSTAN, ""}:
            codes |= {c for s in sents for c in getattr(s, "adjective_countries", ())}
        codes.discard(KAZAKHSTAN)
        codes.discard("")
        return codes.pop() if len(codes) == 1 else ""

    def _adjectives(self, a: Any, skip: list[Span] = ()) -> list[str]:  # type: ignore[assignment]
        """Countries a nationality adjective names in the sentence outside ``skip`` (its
        names), including each half of a bilateral one ("franco-kazakhstanaise",
        "российско-казахстанский")."""
        out: list[str] = []
        in_field = False  # in a run of adjectives after a field of study
        for m in _HYPHENATED_WORD.finditer(a.text):
            if any(s <= m.start() < e for s, e in skip):
                continue
            field, listlike, ccs = self._adjective_word(m.group(), a.lang)
            if field:
                in_field = True
                continue
            if in_field and listlike:
                continue  # "études turques, ottomanes et …": the field, not a country
            in_field = False
            for cc in ccs:
                if cc not in out:
                    out.append(cc)
        return out

    @functools.lru_cache(maxsize=65536)
    def _adjective_word(self, word: str, lang: str) -> tuple[bool, bool, tuple[str, ...]]:
        """(a field of study, may continue a list of the field's adjectives, the countries
        it names as an adjective): one look-up per distinct word, as words repeat."""
        low = fold(word)
        if low in W.FIELD_NOUNS:
            return True, False, ()
        listlike = not word[:1].isupper() and (
            low in _LIST_CONNECTORS or low.endswith(W.FR_ADJECTIVE_SUFFIXES) or bool(nationality(word, lang, self.places)))
        parts = word.split("-") if "-" in word else [word]
        ccs = []
        for part in parts:
            cc = nationality(part, lang, self.places) if not part[:1].isupper() or len(parts) > 1 or lang == "en" else ""
            if cc and cc not in ccs:
                ccs.append(cc)
        return False, listlike, tuple(ccs)

    def _countries(self, a: Any, names: list[InstitutionMention], places: list[PlaceMention]
                   ) -> list[tuple[str, Span]]:
        """Countries named as parties: a country name outside every institution name,
        and a nationality adjective before a title of state ("Chinese Foreign Minister")."""
        out: list[tuple[str, Span]] = []
        for p in places:
            if p.place.precision != "country" or not p.place.country_code:
                continue
            # "Academy of Sciences of the Republic of Kazakhstan" names no extra party, but a
            # joint body "of Kazakhstan and Belarus" names both.
            if any(_inside(p.span, m.span) and m.institution.kind != "consortium" for m in names):
                continue
            out.append((p.place.country_code, p.span))
        for lab, s, e in a.hits:
            if lab != "state_title":
                continue
            words = list(re.finditer(r"[^\W\d_]+", a.text[max(0, s - 30):s]))
            found = False
            for w in reversed(words[-2:]):
                cc = nationality(w.group(), a.lang, self.places)
                if cc:
                    out.append((cc, (max(0, s - 30) + w.start(), e)))
                    found = True
                    break
            if not found:
                # "le président finlandais …": the adjective after the title.
                after = re.match(r"\s+([^\W\d_]+)", a.text[e:e + 30])
                if after and after.group(1)[:1].islower():
                    cc = nationality(after.group(1), a.lang, self.places)
                    if cc:
                        out.append((cc, (s, e + after.end(1))))
        return out


#: A token of capitals (Latin or Cyrillic, possibly mixed case like "UMac", "ҚазҰУ")
#: standing alone; a Kazakh ending may be glued on after a hyphen ("ҚазҰУ-дың").
#: An abbreviation: two capitals or more, with upper-case parts after a hyphen ("EPF-GE";
#: a Kazakh ending after a hyphen, "ҚазҰУ-дың", is not part of it).
_ACRONYM = re.compile(r"(?<![\w-])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]"
                      r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]*(?:-[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{1,5}(?![\w]))*)(?![\w])")
_ROMAN = re.compile(r"[IVXLC]+")
#: Kazakh institutions name themselves with "Kaz-"/"Қаз-" ("KazMunayGas", "Kazatomprom",
#: "ҚазҰУ"); Kazan is a Russian city.
_KAZ_PREFIX = re.compile(r"(?:Kaz|Qaz|Каз|Қаз)[A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_KAZAN = re.compile(r"(?:Kazan|Казан)(?:\b|[^\wа-я])", re.IGNORECASE)
#: A capitalised run ending right before an abbreviation in brackets.
_RUN_BEFORE = re.compile(r"(?:^|[\s(,;:–—-])((?:[A-ZÀ-ÝА-ЯЁ][^\W\d_]*(?:[ \u00a0]+(?:of|for|and|de|du|des|la|der|für|di|del|"
                         r"и|по|[A-ZÀ-ÝА-ЯЁ][^\W\d_]*))*)[ \u00a0]*)$")
#: A capitalised run after a partnering word ("with Baltica Sincrotrone Gdańsk").
_PARTNER_RUN = re.compile(r"(?:\bwith|\band the|\bavec|\bmit|\bcon|\bet le|\bet la)\s+((?:[A-ZÀ-Ý][^\W\d_]+(?:[ \u00a0]+|$)){2,5})")
#: The second subject right before an act's verb: "et Vormandel International (ont) signé",
#: "and Vormandel Analytics signed", "et VCRC Énergies nouvelles sont convenus".
_SECOND_SUBJECT = re.compile(r"\s(?:et|and|und|e|y|ve)\s+((?:[A-ZÀ-Ý][^\W\d_]*(?:-[^\W\d_]+)*[ \u00a0]+){1,4}"
                             r"(?:(?!(?:ont|a|have|has|haben|hanno|han|sont|are)\b)[a-zà-ÿ]+[ \u00a0]+)?)"
                             r"(?:ont|a|have|has|haben|hanno|han|sont|are)?[ \u00a0]*$")
_GENITIVES = ("ның", "нің", "дың", "дің", "тың", "тің", "ии", "ы", "и")
#: Up to four capitalised words right after an acronym ("PRES Lumière Lyon Sud").
_CAPITAL_RUN = re.compile(r"\)?[ \u00a0]+((?:[A-ZÀ-ÝА-ЯЁ][^\W\d_]*(?:-[^\W\d_]+)*[ \u00a0]?){1,4})(?<! )")
#: A town inside an organisation's name counts from this size (GeoNames population);
#: smaller namesakes are mostly ordinary words.
_NAME_CITY_MIN_POP = 20_000
_VENUE_WORDS = frozenset({"in", "at", "à", "в", "во", "en", "au", "a", "im", "nel", "nella"})
#: Words of a name that say whose it is, not what it is (removed to compare names).
_QUALIFIERS = frozenset({"of", "the", "de", "la", "le", "du", "des", "d", "l", "named", "after", "имени", "им",
                         "академика", "академик", "профессора", "academician", "academic", "professor", "акад",
                         "атындағы", "nommée", "nommé", "et", "und", "и", "және", "ve", "republic", "republique", "республики",
                         "республика", "республикасы", "республикасының", "рк", "қр", "rk", "and",
                         "оао", "ао", "зао", "пао", "тоо", "жшс", "ақ", "jsc", "llp", "ojsc", "njsc", "ltd", "inc", "co"})


def _propagate(sents: list[Any]) -> None:
    """One name, one grounding in the whole article: a name placed in one sentence ("The
    Lakeside Research Institute, based in Perth, Australia") is placed wherever it is named."""
    best: dict[str, Institution] = {}
    for a in sents:
        for m in a.names:
            inst = m.institution
            if inst.id.startswith("x-") and inst.country_code and inst.id not in best:
                best[inst.id] = inst
    if not best:
        return
    for a in sents:
        if a.full:
            a.names = [InstitutionMention(best[m.institution.id], m.text, m.span, m.source)
                       if not m.institution.country_code and m.institution.id in best else m for m in a.names]


def _main_by_kind(sents: list[Any]) -> dict[str, Institution]:
    """kind -> the article's most often named institution of that kind, a Kazakh one
    when the article names one."""
    counts: dict[str, dict[str, list]] = {}
    for a in sents:
        for m in a.names:
            inst = m.institution
            if inst.kind == "country":
                continue
            entry = counts.setdefault(inst.kind, {}).setdefault(inst.id, [0, inst])
            entry[0] += 1
    out = {}
    for kind, by_id in counts.items():
        # A Kazakh institution first, then one nothing placed (most likely the article's
        # own, "Институт … уже полвека занимается …"), then a foreign one.
        best = max(by_id.values(), key=lambda t: (side_of(t[1]) == KAZAKHSTAN, not side_of(t[1]), t[0]))
        out[kind] = best[1]
    return out


def _initials(name: str) -> str:
    """The capitals that open a name's words: "Vormandel Ceramics Research Centre" -> "VCRC"."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())


def _unique_by_id(items) -> list[Institution]:
    seen: dict[str, Institution] = {}
    for inst in items:
        seen.setdefault(inst.id, inst)
    return list(seen.values())


def _prefix_index(named: list[Institution]) -> list[tuple[Institution, tuple[tuple[str, ...], ...]]]:
    """The institutions an article gave, each with the words of each of its names, for
    :func:`_shortened`."""
    return [(inst, _alias_words(inst.name, inst.aliases)) for inst in named]


@functools.lru_cache(maxsize=8192)
def _alias_words(name: str, aliases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in re.findall(r"[^\W\d_]+", alias)) for alias in (name, *aliases))


_LIST_CONNECTORS = frozenset({"et", "and", "и", "және", "und", "e", "y", "ve"})
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _owner_words(name: str) -> list[str]:
    """The words of a name that may say whose it is: not the ones after a field of study
    ("Centre d'études turques": Turkish studies, not a Turkish centre)."""
    out = []
    for word in re.findall(r"[^\W\d_]+", name):
        if fold(word) in W.FIELD_NOUNS:
            break
        out.append(word)
    return out


def _relinked(m: InstitutionMention, linked: list[tuple[Institution, tuple[tuple[str, ...], ...]]],
              placed: dict[str, Institution]) -> InstitutionMention:
    if m.source == "alias" and not m.institution.country_code and m.institution.id in placed:
        # "(VCRC)" was defined by a name grounded later: the abbreviation is that name.
        return InstitutionMention(placed[m.institution.id], m.text, m.span, "alias")
    if not m.institution.id.startswith("x-") or m.source == "alias":
        return m
    if " " not in m.institution.name.strip():
        # "VCRC" beside "VCRC Énergies nouvelles", "Vormandel" beside "Vormandel Research
        # Institute": the one longer name of the article that the word opens.
        key = fold(m.institution.name)
        longer = {inst.id: inst for inst, names in linked if inst.id != m.institution.id
                  and any(len(aw) > 1 and aw[0] == key for aw in names)}
        if len(longer) == 1:
            return InstitutionMention(next(iter(longer.values())), m.text, m.span, "alias")
    short = _shortened(m.institution.name, linked)
    if short is None or short.id == m.institution.id or (
            short.id.startswith("x-") and short.country_code != m.institution.country_code):
        return m
    return InstitutionMention(short, m.text, m.span, "alias")


def _shortened(name: str, named: list[tuple[Institution, tuple[tuple[str, ...], ...]]]) -> Institution | None:
    """The institution a shortened name refers back to, among those the article gave:
    "the Joint Institute" after "Joint Institute for Nuclear Research" (two or more first
    or last words of one of its names; only one such institution); or "Жұбанов
    университеті" for "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті": the
    distinctive word and the head of a longer name, in its order."""
    words = tuple(fold(w) for w in re.findall(r"[^\W\d_]+", name))
    n = len(words)
    if n < 2:
        return None
    runs = {inst.id: inst for inst, names in named
            if any(len(aw) > n and (aw[:n] == words or aw[-n:] == words) for aw in names)}
    if len(runs) == 1:
        return next(iter(runs.values()))
    if runs or words[0] in _QUALIFIERS or (words[0] in _HEAD_TOKEN and n < 3):
        return None
    found = {inst.id: inst for inst, names in named if any(_subsequence(words, aw) for aw in names)}
    return next(iter(found.values())) if len(found) == 1 else None


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``long`` with words left out, ending on the same word."""
    if len(short) >= len(long) or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(w in it for w in short)


def _acronym_after(text: str, end: int) -> str:
    """The abbreviation in brackets right after a name: "… (UMac)", "… (KIRNS)"."""
    m = re.match(r"\s*\(\s*([^\W\d_][\w.\- ]{0,14}?)\s*\)", text[end:end + 24])
    if not m:
        return ""
    word = m.group(1).strip()
    caps = sum(c.isupper() for c in word)
    return word if caps >= 2 and " " not in word else ""


def _is_sentence_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


_POSSESSIVE_BEFORE = re.compile(r"([^\W\d_][\w.\-]*)['’]s\s+$")


def _word_before(text: str, pos: int) -> str:
    before = text[:pos].rstrip()
    word = before.rsplit(None, 1)[-1].lower() if before else ""
    return word.split("'")[-1].split("’")[-1]


def _core(name: str, cc: str) -> tuple[str, ...]:
    """The words that say what an institution is, without the ones that only say whose it
    is (articles, "Republic", its own country's name or adjective): "Kazakh Ministry of
    Education and Science" and "Ministry of Education and Science of the Republic of
    Kazakhstan" share a core. Another country's adjective stays ("Central European …")."""
    words = [_HEAD_TOKEN.get(w, w) for w in (P.TITLE_TO_BODY.get(w, w) for w in
                                                (fold(w) for w in re.findall(r"[^\W\d_]+", name)))]
    own = _own_country_words(cc)
    # Sorted: word order differs between forms of one name ("Korkyt Ata Kyzylorda University",
    # "Kyzylorda University named after Korkyt Ata").
    return tuple(sorted(w for w in words if w not in _QUALIFIERS and w not in own and nationality(w, "") != cc))


#: Head nouns in every language compare as one token: "Université Nazarbayev" and
#: "Nazarbayev University" are one name.
_HEAD_TOKEN: dict[str, str] = {w: "#" + k for w, k in {**W.EN_HEADS, **W.FR_HEADS}.items()}
_HEAD_TOKEN.update({w: "#" + k for w, (k, _) in W.RU_HEADS.items()})
_HEAD_TOKEN.update({base: "#" + k for _, (k, base) in W.KK_HEADS.items()})
_HEAD_TOKEN.update({w: "#" + k for w, (k, _) in W.KK_HEADS.items()})
_HEAD_TOKEN = {fold(w): v for w, v in _HEAD_TOKEN.items()}


@functools.lru_cache(maxsize=256)
def _own_country_words(cc: str) -> frozenset[str]:
    from babel import Locale  # noqa: PLC0415

    out: set[str] = set()
    for lang in ("en", "fr", "ru", "kk", "de"):
        name = Locale.parse(lang).territories.get(cc, "")
        out.update(fold(w) for w in re.findall(r"[^\W\d_]+", name))
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    from babel import Locale  # noqa: PLC0415

    out: set[str] = set()
    for lang in ("en", "fr", "ru", "kk", "de"):
        for name in Locale.parse(lang).territories.values():
            out.update(fold(w) for w in re.findall(r"[^\W\d_]+", name))
    return frozenset(out)


_CORES: dict[int, dict[tuple[tuple[str, ...], str], Institution]] = {}


def _gazetteer_cores(gazetteer: Gazetteer) -> dict[tuple[tuple[str, ...], str], Institution]:
    """(core words, country) -> institution, for cores that only one institution has."""
    cached = _CORES.get(id(gazetteer))
    if cached is not None:
        return cached
    index: dict[tuple[tuple[str, ...], str], Institution | None] = {}
    for inst in gazetteer.institutions:
        cc = side_of(inst)
        for alias in (inst.name, *inst.aliases):
            core = _core(alias, cc)
            acronym = len(core) == 1 and len(core[0]) >= 3 and alias.strip("«»\"“” ").split()[-1].isupper()
            if len(core) < 2 and not acronym:
                continue
            key = (core, cc)
            if key in index and index[key] is not None and index[key].id != inst.id:
                index[key] = None  # shared by two institutions: not a safe link
            else:
                index.setdefault(key, inst)
    out = {k: v for k, v in index.items() if v is not None}
    _CORES.clear()
    _CORES[id(gazetteer)] = out
    return out


#: Share of a name's stems a curated name must hold for a loose link.
_FUZZY_COVERAGE = 0.85
#: A stem held by more institutions of one country than this is too common to identify one.
_RARE_STEM = 3


def _stems(name: str, cc: str) -> frozenset[str]:
    """The name's core words cut to five letters, so forms of one word in several
    languages and cases meet ("internationale"/"international", "Козыбаева"/"Козыбаев")."""
    # French spellings of Kazakh names write "ou" for "u" ("Seifoullin" = "Seifullin").
    return frozenset(w if w.startswith("#") else w.replace("ou", "u")[:5] for w in _core(name, cc) if len(w) > 1)


_FUZZY: dict[int, tuple[dict[tuple[str, str], list[tuple[frozenset[str], Institution]]],
                        dict[tuple[str, str], int]]] = {}


def _fuzzy_index(gazetteer: Gazetteer):
    cached = _FUZZY.get(id(gazetteer))
    if cached is not None:
        return cached
    index: dict[tuple[str, str], list[tuple[frozenset[str], Institution]]] = {}
    owners: dict[tuple[str, str], set[str]] = {}
    for inst in gazetteer.institutions:
        cc = side_of(inst)
        for alias in (inst.name, *inst.aliases):
            stems = _stems(alias, cc)
            for st in stems:
                index.setdefault((cc, st), []).append((stems, inst))
                owners.setdefault((cc, st), set()).add(inst.id)
    counts = {k: len(v) for k, v in owners.items()}
    _FUZZY.clear()
    _FUZZY[id(gazetteer)] = (index, counts)
    return index, counts


#: Groundings taken from the article around a name, not from the name or its neighbours.
_CONTEXT_GROUNDINGS = frozenset({"article_country", "next_sentence", "sentence_city"})


def _fuzzy_link(name: str, cc: str, gazetteer: Gazetteer) -> Institution | None:
    """A curated institution of the same country whose name holds most of this name's
    stems, one of them rare (a person's or a place's name): "Ясауи университеті" is the
    curated Yasawi University, "Université internationale des technologies de
    l'information" the curated IT university of that name in English."""
    stems = _stems(name, cc)
    heads = {st for st in stems if st.startswith("#")}
    if len(stems) < 2 or not heads:
        return None
    index, counts = _fuzzy_index(gazetteer)
    rare = [st for st in stems if not st.startswith("#") and counts.get((cc, st), 99) <= _RARE_STEM]
    if not rare:
        return _same_stems(name, cc, gazetteer)
    best: dict[str, tuple[float, Institution]] = {}
    for st in rare:
        for cand, inst in index.get((cc, st), ()):
            if not heads & cand:
                continue
            cover = len(stems & cand) / len(stems)
            if cover >= _FUZZY_COVERAGE and cover > best.get(inst.id, (0.0, inst))[0]:
                best[inst.id] = (cover, inst)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda t: -t[0])
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None  # two curated institutions fit as well: not a safe link
    return ranked[0][1]


def _same_stems(name: str, cc: str, gazetteer: Gazetteer) -> Institution | None:
    """The one curated institution of ``cc`` whose name has exactly this name's words
    besides the head — three or more, or fewer that are all rare (a person's name) —
    whatever their order or language ("Université internationale des technologies de
    l'information" = "International Information Technology University")."""
    stems = _stems(name, cc)
    words = [st for st in stems if not st.startswith("#")]
    if not words or len(words) == len(stems):
        return None
    index, counts = _fuzzy_index(gazetteer)
    if len(words) < 3 and not all(counts.get((cc, st), 99) <= _RARE_STEM for st in words):
        return None  # "Université Nazarbayev" is the curated one; "Institute of Geology" may be any
    rarest = min(words, key=lambda st: counts.get((cc, st), 99))
    same = {inst.id: inst for cand, inst in index.get((cc, rarest), ()) if cand == stems}
    if len(same) > 1:
        # Word sets collapse repeats: "Committee of Science of the Ministry of Science and
        # Higher Education" has the ministry's words and two heads; count the heads.
        heads = sum(w.startswith("#") for w in _core(name, cc))
        same = {i: inst for i, inst in same.items()
                if any(_stems(a, cc) == stems and sum(w.startswith("#") for w in _core(a, cc)) == heads
                       for a in (inst.name, *inst.aliases))}
    return next(iter(same.values())) if len(same) == 1 else None


def _inside(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _is_person(text: str, p: PlaceMention) -> bool:
    """A place word that is a first name: followed by a capitalised word that is no
    place ("Хуа Лю", "Roman Vasilenko")."""
    after = text[p.span[1]:p.span[1] + 30]
    m = re.match(r"\s+([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]+)", after)
    return bool(m) and p.place.precision == "city" and not text[p.span[1]:p.span[1] + 1] in ",."


__all__ = ["Grounder", "GROUNDING_BASES", "grounding_of", "nationality", "side_of"]
