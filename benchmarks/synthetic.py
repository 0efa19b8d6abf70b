"""Synthetic output tables for load tests, benchmarks and hostile-content fixtures:
``write_synthetic_dataset`` writes events.csv, articles.jsonl, event_sources.csv and
the search's alias table (search_names.csv)
in exactly the shape the pipeline produces (columns, order and text forms from
:mod:`kzatlas.schema`, every row checked by the build's validator, and the typed
Parquet copies the build writes beside them), with realistic variety —
places spread over the world with a skewed number of events each, Kazakh origins,
partner countries, kinds, topics, day/month/year precisions, planned and undated
events, four languages, a few ungeocoded events and multi-source events — and with
every evidence sentence present in its article's text at the stated offsets. The
columns are drawn with numpy so that 100,000 events take a few seconds; only the
article texts are assembled in a loop. ``event_row``/``article_row``/``write_tables``
build small hand-made datasets (e.g. articles with hostile markup) the same way.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from kzatlas.build.output import ARTICLE_ROW_GROUP, SOURCE_ROW_GROUP, table_to_parquet
from kzatlas.build.search_names import search_name_rows
from kzatlas.csvcells import neutralise
from kzatlas.fsio import write_manifest
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, SEARCH_NAMES, format_value, to_arrow, validate_arrow

#: Foreign cities: name, ISO 3166-1 alpha-2, lat, lon. Dubna comes first on purpose
#: (the seed articles' JINR event happens there).
FOREIGN_CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("Dubna", "RU", 56.7333, 37.1667),
    ("Moscow", "RU", 55.7520, 37.6178),
    ("Novosibirsk", "RU", 55.0302, 82.9204),
    ("Kazan", "RU", 55.7963, 49.1088),
    ("Saint Petersburg", "RU", 59.9386, 30.3141),
    ("Beijing", "CN", 39.9042, 116.4074),
    ("Shanghai", "CN", 31.2304, 121.4737),
    ("Urumqi", "CN", 43.8256, 87.6168),
    ("Seoul", "KR", 37.5665, 126.9780),
    ("Tokyo", "JP", 35.6762, 139.6503),
    ("Tsukuba", "JP", 36.0835, 140.0764),
    ("Berlin", "DE", 52.5200, 13.4050),
    ("Munich", "DE", 48.1351, 11.5820),
    ("Paris", "FR", 48.8566, 2.3522),
    ("Toulouse", "FR", 43.6047, 1.4442),
    ("London", "GB", 51.5072, -0.1276),
    ("Cambridge", "GB", 52.2053, 0.1218),
    ("Washington", "US", 38.9072, -77.0369),
    ("Boston", "US", 42.3601, -71.0589),
    ("Houston", "US", 29.7604, -95.3698),
    ("Geneva", "CH", 46.2044, 6.1432),
    ("Vienna", "AT", 48.2082, 16.3738),
    ("Ankara", "TR", 39.9334, 32.8597),
    ("Istanbul", "TR", 41.0082, 28.9784),
    ("Tashkent", "UZ", 41.2995, 69.2401),
    ("Bishkek", "KG", 42.8746, 74.5698),
    ("Dushanbe", "TJ", 38.5598, 68.7870),
    ("Minsk", "BY", 53.9006, 27.5590),
    ("Baku", "AZ", 40.4093, 49.8671),
    ("Tbilisi", "GE", 41.7151, 44.8271),
    ("Warsaw", "PL", 52.2297, 21.0122),
    ("Prague", "CZ", 50.0755, 14.4378),
    ("Budapest", "HU", 47.4979, 19.0402),
    ("Rome", "IT", 41.9028, 12.4964),
    ("Madrid", "ES", 40.4168, -3.7038),
    ("Helsinki", "FI", 60.1699, 24.9384),
    ("Stockholm", "SE", 59.3293, 18.0686),
    ("Amsterdam", "NL", 52.3676, 4.9041),
    ("Brussels", "BE", 50.8503, 4.3517),
    ("New Delhi", "IN", 28.6139, 77.2090),
    ("Bengaluru", "IN", 12.9716, 77.5946),
    ("Dubai", "AE", 25.2048, 55.2708),
    ("Riyadh", "SA", 24.7136, 46.6753),
    ("Doha", "QA", 25.2854, 51.5310),
    ("Tehran", "IR", 35.6892, 51.3890),
    ("Islamabad", "PK", 33.6844, 73.0479),
    ("Ulaanbaatar", "MN", 47.8864, 106.9057),
    ("Singapore", "SG", 1.3521, 103.8198),
    ("Kuala Lumpur", "MY", 3.1390, 101.6869),
    ("Bangkok", "TH", 13.7563, 100.5018),
    ("Hanoi", "VN", 21.0278, 105.8342),
    ("Sydney", "AU", -33.8688, 151.2093),
    ("Cairo", "EG", 30.0444, 31.2357),
    ("Nairobi", "KE", -1.2921, 36.8219),
    ("Cape Town", "ZA", -33.9249, 18.4241),
    ("Sao Paulo", "BR", -23.5558, -46.6396),
    ("Buenos Aires", "AR", -34.6037, -58.3816),
    ("Mexico City", "MX", 19.4326, -99.1332),
    ("Toronto", "CA", 43.6532, -79.3832),
    ("Auckland", "NZ", -36.8485, 174.7633),
)

#: Kazakh cities: origins of the map's arcs, and places of events held in Kazakhstan.
KAZAKH_CITIES: tuple[tuple[str, float, float], ...] = (
    ("Astana", 51.1694, 71.4491),
    ("Almaty", 43.2380, 76.9458),
    ("Shymkent", 42.3417, 69.5901),
    ("Karaganda", 49.8047, 73.1094),
    ("Aktobe", 50.2839, 57.1670),
    ("Oskemen", 49.9483, 82.6279),
    ("Kurchatov", 50.7564, 78.5422),
    ("Baikonur", 45.6167, 63.3167),
    ("Atyrau", 47.0945, 51.9238),
    ("Pavlodar", 52.2873, 76.9674),
    ("Semey", 50.4111, 80.2275),
    ("Turkistan", 43.2973, 68.2518),
)

KAZAKH_PARTIES: tuple[tuple[str, str], ...] = (
    ("kz-mshe", "Ministry of Science and Higher Education of Kazakhstan"),
    ("kz-nu", "Nazarbayev University"),
    ("kz-kaznu", "Al-Farabi Kazakh National University"),
    ("kz-enu", "L.N. Gumilyov Eurasian National University"),
    ("kz-inp", "Institute of Nuclear Physics"),
    ("kz-nnc", "National Nuclear Center of the Republic of Kazakhstan"),
    ("kz-kazcosmos", "Aerospace Committee of Kazakhstan"),
    ("kz-satbayev", "Satbayev University"),
    ("kz-kbtu", "Kazakh-British Technical University"),
    ("kz-astanahub", "Astana Hub"),
)

KINDS = ("agreement", "meeting", "visit", "forum", "founding", "programme", "plan", "partnership")
KIND_WEIGHTS = (0.28, 0.22, 0.14, 0.10, 0.04, 0.10, 0.06, 0.06)
TOPICS = ("space", "nuclear", "ai_digital", "energy", "medicine", "agriculture", "education", "ecology", "physics")
LANGUAGES = ("en", "ru", "kk", "fr")
LANGUAGE_WEIGHTS = (0.45, 0.35, 0.10, 0.10)
GEO_PRECISIONS = ("institution", "city", "region", "country")
GEO_SOURCES = ("gazetteer", "override", "cache", "geonames", "cldr")
PUBLISHERS = ("Kazinform", "TASS", "Astana Times", "Tengrinews", "Xinhua", "Interfax-Kazakhstan", "")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
    "ru_nom": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}

#: One sentence pattern per language; ``{when}`` is empty for undated events.
SENTENCES = {
    "en": "{kz} and {partner} {verb} on {topic} cooperation in {place}{when}.",
    "ru": "{kz} и {partner} {verb} о сотрудничестве в области «{topic}» в городе {place}{when}.",
    "kk": "{kz} мен {partner} {place} қаласында «{topic}» саласы бойынша {verb}{when}.",
    "fr": "{kz} et {partner} {verb} sur la coopération « {topic} » à {place}{when}.",
}
VERBS = {
    "en": {"agreement": "signed an agreement", "meeting": "held a meeting", "visit": "exchanged visits",
           "forum": "met at a forum", "founding": "founded a joint centre", "programme": "launched a programme",
           "plan": "plan to work together", "partnership": "are partners"},
    "ru": {"agreement": "подписали соглашение", "meeting": "провели встречу", "visit": "обменялись визитами",
           "forum": "встретились на форуме", "founding": "основали совместный центр",
           "programme": "запустили программу", "plan": "планируют работать вместе", "partnership": "сотрудничают"},
    "kk": {"agreement": "келісімге қол қойды", "meeting": "кездесу өткізді", "visit": "сапармен барды",
           "forum": "форумда кездесті", "founding": "бірлескен орталық ашты", "programme": "бағдарлама бастады",
           "plan": "бірге жұмыс істеуді жоспарлап отыр", "partnership": "серіктес"},
    "fr": {"agreement": "ont signé un accord", "meeting": "ont tenu une réunion", "visit": "ont échangé des visites",
           "forum": "se sont rencontrés lors d'un forum", "founding": "ont fondé un centre commun",
           "programme": "ont lancé un programme", "plan": "prévoient de coopérer", "partnership": "sont partenaires"},
}
FILLER = {
    "en": "The parties also discussed student exchanges and joint laboratories.",
    "ru": "Стороны также обсудили обмен студентами и совместные лаборатории.",
    "kk": "Тараптар студент алмасу мен бірлескен зертханаларды да талқылады.",
    "fr": "Les parties ont également évoqué les échanges d'étudiants et les laboratoires communs.",
}
TITLES = {
    "en": "Kazakhstan expands science cooperation",
    "ru": "Казахстан расширяет научное сотрудничество",
    "kk": "Қазақстан ғылыми ынтымақтастықты кеңейтуде",
    "fr": "Le Kazakhstan élargit sa coopération scientifique",
}


def _date_text(lang: str, precision: str, y: int, m: int, d: int, basis: str) -> str:
    """The date as an article in ``lang`` would write it."""
    if precision == "day":
        if basis == "year_unknown" or basis == "year_from_publication":
            return {"en": f"{d} {MONTHS['en'][m - 1]}", "ru": f"{d} {MONTHS['ru'][m - 1]}",
                    "kk": f"{d} {MONTHS['kk'][m - 1]}", "fr": f"{d} {MONTHS['fr'][m - 1]}"}[lang]
        return {"en": f"{d} {MONTHS['en'][m - 1]} {y}", "ru": f"{d} {MONTHS['ru'][m - 1]} {y} года",
                "kk": f"{y} жылғы {d} {MONTHS['kk'][m - 1]}", "fr": f"{d} {MONTHS['fr'][m - 1]} {y}"}[lang]
    if precision == "month":
        return {"en": f"{MONTHS['en'][m - 1]} {y}", "ru": f"{MONTHS['ru_nom'][m - 1]} {y} года",
                "kk": f"{y} жылғы {MONTHS['kk'][m - 1]}", "fr": f"{MONTHS['fr'][m - 1]} {y}"}[lang]
    if precision == "year":
        return {"en": f"{y}", "ru": f"{y} году", "kk": f"{y} жылы", "fr": f"{y}"}[lang]
    return ""


def _when(lang: str, date_text: str) -> str:
    if not date_text:
        return ""
    return {"en": f" on {date_text}", "ru": f" ({date_text})", "kk": f" ({date_text})", "fr": f" le {date_text}"}[lang]


def _fmt_floats(values: np.ndarray) -> list[str]:
    """``schema.format_value`` for a float column, NaN as empty."""
    out = []
    for v in values.tolist():
        if v != v:  # NaN: not geocoded
            out.append("")
        else:
            text = f"{v:.6f}".rstrip("0").rstrip(".")
            out.append("0" if text == "-0" else text)
    return out


def _event_ids(seed: int, n: int) -> list[str]:
    # Stable across runs with the same seed, like the pipeline's content hashes.
    return [hashlib.sha1(f"synthetic:{seed}:{i}".encode()).hexdigest()[:16] for i in range(n)]


def make_places(n_places: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n_places`` points: the named cities first, then sites scattered around them."""
    base = [(name, cc, lat, lon) for name, cc, lat, lon in FOREIGN_CITIES]
    base += [(name, "KZ", lat, lon) for name, lat, lon in KAZAKH_CITIES]
    n_base = min(n_places, len(base))
    rows = base[:n_base]
    extra = n_places - n_base
    if extra > 0:
        parent = rng.integers(0, len(base), extra)
        jitter = rng.uniform(-1.5, 1.5, (extra, 2))
        for k in range(extra):
            name, cc, lat, lon = base[int(parent[k])]
            rows.append(
                (
                    f"{name} site {k + 1}",
                    cc,
                    float(np.clip(lat + jitter[k, 0], -85, 85)),
                    float((lon + jitter[k, 1] + 180) % 360 - 180),
                )
            )
    places = pd.DataFrame(rows, columns=["name", "cc", "lat", "lon"])
    places["lat"] = places["lat"].round(4)
    places["lon"] = places["lon"].round(4)
    return places


def write_synthetic_dataset(
    out_dir: Path,
    n_events: int = 100_000,
    n_places: int = 2_000,
    n_articles: int = 5_000,
    seed: int = 0,
) -> None:
    """Write events.csv, articles.jsonl and event_sources.csv into ``out_dir``."""
    rng = np.random.default_rng(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_articles = max(1, n_articles)

    # --- articles: language and publication date first; events inherit them.
    art_lang = rng.choice(len(LANGUAGES), n_articles, p=LANGUAGE_WEIGHTS)
    art_pub = np.datetime64("2000-01-01") + rng.integers(0, 26 * 365, n_articles).astype("timedelta64[D]")
    art_has_date = rng.random(n_articles) > 0.05  # a few articles give no publication date
    art_publisher = rng.integers(0, len(PUBLISHERS), n_articles)

    # --- places: a skewed share of events per place, as in real news (capitals dominate).
    places = make_places(n_places, rng)
    weights = 1.0 / np.arange(1, len(places) + 1) ** 0.9
    place_idx = rng.choice(len(places), n_events, p=weights / weights.sum())
    pl_name = places["name"].to_numpy()[place_idx]
    pl_cc = places["cc"].to_numpy()[place_idx]
    pl_lat = places["lat"].to_numpy()[place_idx].astype(float)
    pl_lon = places["lon"].to_numpy()[place_idx].astype(float)

    # --- events
    ev_article = rng.integers(0, n_articles, n_events)
    ev_lang = art_lang[ev_article]
    kind_idx = rng.choice(len(KINDS), n_events, p=KIND_WEIGHTS)
    kz_idx = rng.integers(0, len(KAZAKH_PARTIES), n_events)
    origin_idx = rng.integers(0, len(KAZAKH_CITIES), n_events)
    in_kz = pl_cc == "KZ"
    # Events held in Kazakhstan still have a foreign partner: take its country from the cities.
    foreign_city = rng.integers(0, len(FOREIGN_CITIES), n_events)
    foreign_cc = np.array([cc for _, cc, _, _ in FOREIGN_CITIES])
    foreign_name = np.array([name for name, _, _, _ in FOREIGN_CITIES], dtype=object)
    partner_cc = np.where(in_kz, foreign_cc[foreign_city], pl_cc)

    # Dates: past events up to 4 years before publication; planned ones up to 3 years after.
    planned = (kind_idx == KINDS.index("plan")) | (rng.random(n_events) < 0.06)
    offset = np.where(planned, rng.integers(1, 3 * 365, n_events), -rng.integers(0, 4 * 365, n_events))
    day = art_pub[ev_article] + offset.astype("timedelta64[D]")
    r = rng.random(n_events)
    # precision: day 58%, month 20%, year 10%, undated 12% (all partnerships are undated)
    precision = np.select([r < 0.58, r < 0.78, r < 0.88], ["day", "month", "year"], "")
    precision = np.where(kind_idx == KINDS.index("partnership"), "", precision)
    years = day.astype("datetime64[Y]").astype(int) + 1970
    months = day.astype("datetime64[M]").astype(int) % 12 + 1
    mdays = (day - day.astype("datetime64[M]")).astype(int) + 1
    start = np.where(
        precision == "day", day, np.where(precision == "month", day.astype("datetime64[M]"), day.astype("datetime64[Y]"))
    ).astype("datetime64[D]")
    end = np.where(
        precision == "day",
        day,
        np.where(
            precision == "month",
            (day.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1,
            (day.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1,
        ),
    ).astype("datetime64[D]")
    b = rng.random(n_events)
    basis = np.where(precision == "", "", "stated").astype(object)
    basis[(precision == "day") & (b < 0.10)] = "year_from_publication"
    basis[(precision == "year") & (b < 0.15)] = "relative_to_publication"
    year_unknown = (precision == "day") & (b > 0.98)
    basis[year_unknown] = "year_unknown"
    # Some undated events are placed at their article's publication date.
    pub_stand_in = (precision == "") & (b < 0.3) & art_has_date[ev_article] & (kind_idx != KINDS.index("partnership"))
    basis[pub_stand_in] = "publication_date"

    start_text = start.astype(str).astype(object)
    end_text = end.astype(str).astype(object)
    pub_text = art_pub[ev_article].astype(str).astype(object)
    undated = precision == ""
    start_text[undated] = ""
    end_text[undated] = ""
    start_text[pub_stand_in] = pub_text[pub_stand_in]
    end_text[pub_stand_in] = pub_text[pub_stand_in]
    start_text[year_unknown] = ""
    end_text[year_unknown] = ""
    date_precision = np.where(pub_stand_in, "day", precision)
    date_partial = np.full(n_events, "", dtype=object)
    for i in np.flatnonzero(year_unknown):
        date_partial[i] = f"--{months[i]:02d}-{mdays[i]:02d}"

    # Geocoding: 1% not geocoded (empty lat/lon), the rest with a precision and source.
    geocoded = rng.random(n_events) > 0.01
    lat = np.where(geocoded, pl_lat, np.nan)
    lon = np.where(geocoded, pl_lon, np.nan)
    geo_precision = np.where(geocoded, np.array(GEO_PRECISIONS)[rng.choice(4, n_events, p=(0.3, 0.55, 0.05, 0.1))], "")
    geo_source = np.where(geocoded, np.array(GEO_SOURCES)[rng.choice(5, n_events, p=(0.6, 0.1, 0.15, 0.1, 0.05))], "")
    place_basis = np.where(in_kz, "stated", np.array(["stated", "partner"])[rng.integers(0, 2, n_events)])
    place_basis = np.where(geocoded, place_basis, "")
    origin = np.array(KAZAKH_CITIES, dtype=object)[origin_idx]

    # Topics: 1 to 3 distinct topics per event.
    n_topics = rng.choice((1, 2, 3), n_events, p=(0.6, 0.3, 0.1))
    topic_perm = np.argsort(rng.random((n_events, len(TOPICS))), axis=1)

    # Sources: most events have one article, some are reported by two or three.
    source_count = rng.choice((1, 2, 3), n_events, p=(0.85, 0.12, 0.03))
    if n_articles < 3:
        source_count = np.minimum(source_count, n_articles)
    extra_articles = (ev_article[:, None] + rng.integers(1, max(2, n_articles), (n_events, 2))) % n_articles

    event_ids = _event_ids(seed, n_events)
    confidence = np.round(rng.uniform(0.5, 1.0, n_events), 2)

    # --- sentences, and the article texts that contain them at known offsets.
    evidence: list[str] = []
    date_texts: list[str] = []
    topics_col: list[str] = []
    article_ids_col: list[str] = []
    partner_names: list[str] = []
    art_events: list[list[int]] = [[] for _ in range(n_articles)]
    art_ids = [f"syn{seed:02d}_{i:06d}" for i in range(n_articles)]
    for i in range(n_events):
        lang = LANGUAGES[int(ev_lang[i])]
        kind = KINDS[int(kind_idx[i])]
        topics = [TOPICS[int(t)] for t in topic_perm[i, : n_topics[i]]]
        topics_col.append("|".join(topics))
        city = str(foreign_name[foreign_city[i]] if in_kz[i] else pl_name[i]).split(" site ")[0]
        partner = f"University of {city}" if i % 3 else f"{city} Research Institute"
        partner_names.append(partner)
        dt_text = _date_text(lang, str(precision[i]), int(years[i]), int(months[i]), int(mdays[i]), str(basis[i]))
        date_texts.append(dt_text)
        sentence = SENTENCES[lang].format(
            kz=KAZAKH_PARTIES[int(kz_idx[i])][1],
            partner=partner,
            verb=VERBS[lang][kind],
            topic=topics[0],
            place=pl_name[i],
            when=_when(lang, dt_text),
        )
        evidence.append(sentence)
        arts = [int(ev_article[i])] + [int(a) for a in extra_articles[i, : source_count[i] - 1]]
        arts = list(dict.fromkeys(arts))  # distinct, evidence article first
        source_count[i] = len(arts)
        article_ids_col.append("|".join(art_ids[a] for a in arts))
        for a in arts:
            art_events[a].append(i)

    ev_start = np.zeros(n_events, dtype=np.int64)
    ev_end = np.zeros(n_events, dtype=np.int64)
    source_rows: list[tuple[str, str, str, int, int, str, str]] = []
    article_records: list[dict[str, Any]] = []
    for a in range(n_articles):
        lang = LANGUAGES[int(art_lang[a])]
        title = f"{TITLES[lang]} ({a + 1})"
        parts = [title, "\n\n"]
        pos = len(title) + 2
        langs = {lang}
        for k, i in enumerate(art_events[a]):
            if k and k % 4 == 0:  # paragraphs of four sentences, with a filler line between
                filler = "\n\n" + FILLER[lang] + "\n\n"
                parts.append(filler)
                pos += len(filler)
            elif k:
                parts.append(" ")
                pos += 1
            s = evidence[i]
            parts.append(s)
            s_lang = LANGUAGES[int(ev_lang[i])]
            langs.add(s_lang)
            source_rows.append((event_ids[i], art_ids[a], s, pos, pos + len(s), s_lang, date_texts[i]))
            if a == ev_article[i]:
                ev_start[i], ev_end[i] = pos, pos + len(s)
            pos += len(s)
        parts.append("\n\n" + FILLER[lang] + "\n")
        text = "".join(parts)
        published = str(art_pub[a]) if art_has_date[a] else ""
        article_records.append(
            article_row(
                art_ids[a],
                text,
                title=title,
                url=f"https://news.example.org/{art_ids[a]}",
                published=published,
                published_basis="front_matter" if published else "",
                published_precision="day" if published else "",
                publisher=PUBLISHERS[int(art_publisher[a])],
                language=lang,
                languages="|".join(sorted(langs)),
                event_count=len(art_events[a]),
            )
        )

    kz_ids = np.array([k for k, _ in KAZAKH_PARTIES], dtype=object)[kz_idx]
    kz_names = np.array([n for _, n in KAZAKH_PARTIES], dtype=object)[kz_idx]
    events: dict[str, Sequence[object]] = {
            "event_id": event_ids,
            "article_ids": article_ids_col,
            "date_start": start_text,
            "date_end": end_text,
            "date_precision": date_precision,
            "date_basis": basis,
            "date_partial": date_partial,
            "date_text": date_texts,
            "planned": np.where(planned, "true", "false"),
            "kind": np.array(KINDS, dtype=object)[kind_idx],
            "kazakh_side": kz_names,
            "kazakh_side_ids": kz_ids,
            "kazakh_side_grounding": ["gazetteer"] * n_events,
            "partners": partner_names,
            "partner_ids": ["p-" + p.lower().replace(" ", "-") for p in partner_names],
            "partner_grounding": ["gazetteer"] * n_events,
            "partner_countries": partner_cc,
            "place_name": np.where(geocoded, pl_name, ""),
            "place_basis": place_basis,
            "country_code": np.where(geocoded, pl_cc, ""),
            "lat": _fmt_floats(lat),
            "lon": _fmt_floats(lon),
            "geo_precision": geo_precision,
            "geo_source": geo_source,
            "origin_name": origin[:, 0],
            "origin_lat": _fmt_floats(origin[:, 1].astype(float)),
            "origin_lon": _fmt_floats(origin[:, 2].astype(float)),
            "topics": topics_col,
            "evidence": evidence,
            "evidence_article_id": [art_ids[int(a)] for a in ev_article],
            "evidence_start": ev_start,
            "evidence_end": ev_end,
            "confidence": _fmt_floats(confidence),
            "language": np.array(LANGUAGES, dtype=object)[ev_lang],
            "source_count": source_count,
            "corrected": np.where(rng.random(n_events) < 0.01, "true", "false"),
    }
    columns = [list(events[c]) if not isinstance(events[c], np.ndarray) else events[c].tolist()
               for c in EVENTS.columns]
    event_rows = list(zip(*columns))
    _write_frames(out_dir, event_rows, article_records, source_rows)


def event_row(**values: object) -> dict[str, str]:
    """One events.csv row in text form: sensible defaults, overridden by ``values``."""
    defaults: dict[str, object] = {
        "event_id": "e0000000000000001",
        "article_ids": "a1",
        "date_start": "2024-05-14",
        "date_end": "2024-05-14",
        "date_precision": "day",
        "date_basis": "stated",
        "date_text": "14 May 2024",
        "planned": False,
        "kind": "agreement",
        "kazakh_side": "Institute of Nuclear Physics",
        "kazakh_side_ids": "kz-inp",
        "kazakh_side_grounding": "gazetteer",
        "partners": "Joint Institute for Nuclear Research",
        "partner_ids": "jinr",
        "partner_grounding": "gazetteer",
        "partner_countries": "RU",
        "place_name": "Dubna",
        "place_basis": "partner",
        "country_code": "RU",
        "lat": 56.7333,
        "lon": 37.1667,
        "geo_precision": "institution",
        "geo_source": "gazetteer",
        "origin_name": "Almaty",
        "origin_lat": 43.238,
        "origin_lon": 76.9458,
        "topics": "nuclear",
        "evidence": "",
        "evidence_article_id": "a1",
        "evidence_start": 0,
        "evidence_end": 0,
        "confidence": 0.9,
        "language": "en",
        "source_count": 1,
        "corrected": False,
    }
    defaults.update(values)
    return {f.name: format_value(f, defaults.get(f.name, "")) for f in EVENTS.fields}


def article_row(article_id: str, text: str, **values: object) -> dict[str, Any]:
    """One articles.jsonl record; sha256 is computed from ``text``. Values are in
    the schema's text form, except ``event_count`` which is a JSON number."""
    record: dict[str, object] = {
        "article_id": article_id,
        "path": f"{article_id}.txt",
        "title": "",
        "url": "",
        "published": "",
        "published_basis": "",
        "published_precision": "",
        "publisher": "",
        "language": "en",
        "languages": "",
        "encoding": "utf-8",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "event_count": 0,
        "text": text,
    }
    record.update(values)
    if not record["languages"]:
        record["languages"] = record["language"]
    out: dict[str, Any] = {}
    for f in ARTICLES.fields:
        value = record.get(f.name, "")
        out[f.name] = int(value) if f.type == "int" else format_value(f, value)  # type: ignore[call-overload]
    return out


def source_row(event: Mapping[str, str]) -> dict[str, str]:
    """The event_sources.csv row of an event's own evidence."""
    return {c: str(event.get(c, "")) if c != "article_id" else str(event["evidence_article_id"])
            for c in EVENT_SOURCES.columns}


def evidence_at(text: str, evidence: str) -> tuple[int, int]:
    """Offsets of ``evidence`` in ``text`` (raises ValueError when absent)."""
    start = text.index(evidence)
    return start, start + len(evidence)


@functools.lru_cache(maxsize=1)
def _indexes() -> tuple[Any, Any]:
    """The place index and the gazetteer, for the search's alias table."""
    from kzatlas.extract.institutions import Gazetteer
    from kzatlas.extract.places import PlaceIndex

    return PlaceIndex.default(), Gazetteer.load()


def _search_names(events: Sequence[Sequence[object]]) -> list[dict[str, str]]:
    """The build's alias table (kzatlas.build.search_names) of these events, from
    their distinct (place, country, partner countries, party ids) only."""
    cols = [EVENTS.columns.index(c) for c in ("place_name", "country_code", "partner_countries", "partner_ids",
                                              "kazakh_side_ids")]
    distinct = {tuple(str(row[i]) for i in cols) for row in events}
    names = ("place_name", "country_code", "partner_countries", "partner_ids", "kazakh_side_ids")
    return search_name_rows([dict(zip(names, d)) for d in sorted(distinct)], *_indexes())


def _write_frames(
    out_dir: Path,
    events: Sequence[Sequence[object]],
    articles: Sequence[Mapping[str, Any]],
    sources: Sequence[Sequence[object]],
) -> None:
    """Check every row against the schema (the build's own typed conversion and
    validator), then write the three text files (formula-like cells neutralised),
    the search's alias table, their Parquet copies and the manifest of the set, as a
    build does.

    Rows are tuples in the schema's column order; the csv module writes them
    directly, which is several times faster than going through a DataFrame.
    """
    typed = {
        EVENTS: to_arrow(EVENTS, dict(zip(EVENTS.columns, zip(*events))) if events else []),
        ARTICLES: to_arrow(ARTICLES, list(articles)),
        EVENT_SOURCES: to_arrow(EVENT_SOURCES, dict(zip(EVENT_SOURCES.columns, zip(*sources))) if sources else []),
    }
    search_names = _search_names(events)
    typed[SEARCH_NAMES] = to_arrow(SEARCH_NAMES, search_names)
    for table, data in typed.items():
        validate_arrow(table, data)
    names_rows = [tuple(r[c] for c in SEARCH_NAMES.columns) for r in search_names]
    for table, rows in ((EVENTS, events), (EVENT_SOURCES, sources), (SEARCH_NAMES, names_rows)):
        with (out_dir / table.filename).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(table.columns)
            writer.writerows([neutralise(str(v)) for v in row] for row in rows)
    with (out_dir / ARTICLES.filename).open("w", encoding="utf-8", newline="\n") as fh:
        for record in articles:
            fh.write(json.dumps({c: record[c] for c in ARTICLES.columns}, ensure_ascii=False) + "\n")
    for table, data in typed.items():
        group = ARTICLE_ROW_GROUP if table is ARTICLES else SOURCE_ROW_GROUP if table is EVENT_SOURCES else None
        (out_dir / table.parquet_filename).write_bytes(table_to_parquet(data, group))
    write_manifest(out_dir, [name for t in (EVENTS, ARTICLES, EVENT_SOURCES, SEARCH_NAMES)
                             for name in (t.filename, t.parquet_filename)])


def write_tables(
    out_dir: Path,
    events: Sequence[Mapping[str, object]],
    articles: Sequence[Mapping[str, Any]],
    sources: Sequence[Mapping[str, object]] | None = None,
) -> None:
    """Write hand-made rows (from ``event_row``/``article_row``) as the three tables,
    checking every row; ``sources`` defaults to each event's own evidence."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    src = list(sources) if sources is not None else [source_row(e) for e in events]
    ev_rows = [tuple(str(e.get(c, "")) for c in EVENTS.columns) for e in events]
    src_rows = [tuple(str(r.get(c, "")) for c in EVENT_SOURCES.columns) for r in src]
    _write_frames(out_dir, ev_rows, list(articles), src_rows)


def story_rows() -> tuple[list[dict[str, str]], list[dict[str, Any]], list[dict[str, str]]]:
    """(events, articles, event_sources) of a small story in four languages, for the
    story and export tests: a period of two days reported by two articles, a month,
    a year and a day starting on the same date, a country-level partner, a planned
    year, an event whose year is unknown (placed at its own origin, so no arc) and
    an undated one without coordinates; one article's URL is javascript:."""
    texts = {
        "s-en": ("JINR and Kazakhstan\n\nThe agreement was signed in Dubna on 2–3 October 2023 by the National "
                 "Academy of Sciences and JINR.\n"),
        "s-ru": ("Сотрудничество с ОИЯИ\n\nСоглашение с Объединённым институтом ядерных исследований подписано "
                 "2–3 октября 2023 года.\n\nВ марте 2024 года КазНУ провёл встречу с Сианьским университетом Цзяотун.\n"),
        "s-kk": ("Беларусьпен бағдарлама\n\n2021 жылы Қазақстан мен Беларусь ғылыми бағдарламаны бастады.\n\n"
                 "2021 жылғы 1 қаңтарда Назарбаев университеті Мәскеу авиация институтымен келісімге қол қойды.\n\n"
                 "2028 жылы Байқоңырда жаңа зымыран кешені іске қосылады деп жоспарлануда.\n"),
        "s-fr": ("Le Kazakhstan et la Belgique\n\nLe forum scientifique se tient les 13 et 14 juin à Almaty.\n\n"
                 "L'université de Liège est un partenaire de longue date de l'université al-Farabi.\n"),
    }
    meta = {
        "s-en": ("JINR and Kazakhstan sign an agreement", "https://example.org/jinr", "2023-10-04", "JINR", "en"),
        "s-ru": ("Сотрудничество с ОИЯИ", "https://example.org/ru", "2024-03-20", "ТАСС", "ru"),
        "s-kk": ("Беларусьпен бағдарлама", "", "2021-02-01", "Kazinform", "kk"),
        "s-fr": ("Le Kazakhstan et la Belgique", "javascript:alert(1)", "", "", "fr"),
    }

    def sentence(aid: str, start: str) -> dict[str, object]:
        text = texts[aid]
        i = text.index(start)
        j = text.index("\n", i)
        lang = meta[aid][4]
        return {"evidence": text[i:j], "evidence_article_id": aid, "evidence_start": i, "evidence_end": j,
                "language": lang}

    almaty = {"origin_name": "Almaty", "origin_lat": 43.238, "origin_lon": 76.9458}
    astana = {"origin_name": "Astana", "origin_lat": 51.1694, "origin_lon": 71.4491}
    events = [
        event_row(event_id="st-dubna", article_ids="s-en|s-ru", date_start="2023-10-02", date_end="2023-10-03",
                  date_text="2–3 October 2023", kind="agreement", kazakh_side="National Academy of Sciences of the "
                  "Republic of Kazakhstan|Institute of Nuclear Physics", kazakh_side_ids="kz-nas|kz-inp",
                  partners="Joint Institute for Nuclear Research", partner_ids="ru-jinr", partner_countries="RU",
                  place_name="Dubna", country_code="RU", lat=56.7405, lon=37.1865, geo_precision="institution",
                  topics="nuclear", source_count=2, **almaty, **sentence("s-en", "The agreement")),
        event_row(event_id="st-xian", article_ids="s-ru", date_start="2024-03-01", date_end="2024-03-31",
                  date_precision="month", date_text="В марте 2024 года", kind="meeting",
                  kazakh_side="Al-Farabi Kazakh National University", kazakh_side_ids="kz-kaznu",
                  partners="Xi'an Jiaotong University", partner_ids="cn-xjtu", partner_countries="CN",
                  place_name="Xi'an", country_code="CN", lat=34.2465, lon=108.9836, geo_precision="institution",
                  topics="education", **almaty, **sentence("s-ru", "В марте")),
        event_row(event_id="st-belarus", article_ids="s-kk", date_start="2021-01-01", date_end="2021-12-31",
                  date_precision="year", date_text="2021 жылы", kind="programme", kazakh_side="Kazakhstan",
                  kazakh_side_ids="country-kz", partners="Belarus", partner_ids="country-by", partner_countries="BY",
                  place_name="Belarus", place_basis="country", country_code="BY", lat=53.5, lon=28.0,
                  geo_precision="country", geo_source="cldr", topics="physics_science", **astana,
                  **sentence("s-kk", "2021 жылы")),
        event_row(event_id="st-mai", article_ids="s-kk", date_start="2021-01-01", date_end="2021-01-01",
                  date_text="2021 жылғы 1 қаңтарда", kind="agreement", kazakh_side="Nazarbayev University",
                  kazakh_side_ids="kz-nu", partners="Moscow Aviation Institute", partner_ids="ru-mai",
                  partner_countries="RU", place_name="Moscow", country_code="RU", lat=55.8112, lon=37.5002,
                  geo_precision="institution", topics="space", **astana, **sentence("s-kk", "2021 жылғы")),
        event_row(event_id="st-baikonur", article_ids="s-kk", date_start="2028-01-01", date_end="2028-12-31",
                  date_precision="year", date_text="2028 жылы", planned=True, kind="plan",
                  kazakh_side="Kazakhstan", kazakh_side_ids="country-kz", partners="Russia",
                  partner_ids="country-ru", partner_countries="RU", place_name="Baikonur", country_code="KZ",
                  lat=45.6167, lon=63.3167, geo_precision="city", topics="space", **astana,
                  **sentence("s-kk", "2028 жылы")),
        event_row(event_id="st-forum", article_ids="s-fr", date_start="", date_end="", date_precision="day",
                  date_basis="year_unknown", date_partial="--06-13/--06-14", date_text="les 13 et 14 juin",
                  kind="forum", kazakh_side="Al-Farabi Kazakh National University", kazakh_side_ids="kz-kaznu",
                  partners="University of Liège", partner_ids="be-uliege", partner_countries="BE",
                  place_name="Almaty", place_basis="stated", country_code="KZ", lat=43.238, lon=76.9458,
                  geo_precision="city", topics="education", **almaty, **sentence("s-fr", "Le forum")),
        event_row(event_id="st-liege", article_ids="s-fr", date_start="", date_end="", date_precision="",
                  date_basis="", date_text="", kind="partnership", kazakh_side="Al-Farabi Kazakh National "
                  "University", kazakh_side_ids="kz-kaznu", partners="University of Liège",
                  partner_ids="be-uliege", partner_countries="BE", place_name="", country_code="", lat="", lon="",
                  geo_precision="", geo_source="", topics="", **almaty, **sentence("s-fr", "L'université")),
    ]
    articles = [
        article_row(aid, text, title=meta[aid][0], url=meta[aid][1], published=meta[aid][2], publisher=meta[aid][3],
                    published_basis="front_matter" if meta[aid][2] else "", language=meta[aid][4],
                    event_count=sum(1 for e in events if e["evidence_article_id"] == aid))
        for aid, text in texts.items()
    ]
    sources = [source_row(e) for e in events]
    ru = sentence("s-ru", "Соглашение")
    sources.append({"event_id": "st-dubna", "article_id": "s-ru", "evidence": str(ru["evidence"]),
                    "evidence_start": str(ru["evidence_start"]), "evidence_end": str(ru["evidence_end"]),
                    "language": "ru", "date_text": "2–3 октября 2023 года"})
    return events, articles, sources
