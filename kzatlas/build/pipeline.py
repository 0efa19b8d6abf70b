"""The build: articles in a seeds folder → events.csv, articles.jsonl,
event_sources.csv and build_report.json in an output folder. This module only wires
the stages together (load → extract per article → merge the same event across
articles → apply corrections → validate → write atomically); each stage lives in its
own module. A broken article is reported and skipped; the rest is processed."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from kzatlas import paths
from kzatlas.build.articles import SourceFile, discover, load_article
from kzatlas.errors import ArticleError, AtlasError
from kzatlas.fsio import LOCK_WAIT_SECONDS
from kzatlas.extract.events import Context, extract_events
from kzatlas.models import Article, Event
from kzatlas.build.output import validated_csv, validated_jsonl, write_tables
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS

REPORT_FILE = "build_report.json"


@dataclass
class BuildResult:
    events: list[dict[str, object]]
    articles: list[dict[str, object]]
    sources: list[dict[str, object]]
    report: dict[str, object]
    seconds: float = 0.0


@dataclass
class _Merged:
    events: list[Event] = field(default_factory=list)

    @property
    def head(self) -> Event:
        return self.events[0]


#: Curated files the place index (kzatlas.extract.places) reads from data/ only.
PLACE_INDEX_CSVS = ("place_aliases.csv", "place_adjectives.csv", "place_stoplist.csv")


def check_curated_dir(curated_dir: Path) -> None:
    """AtlasError when ``curated_dir`` holds a place_*.csv that differs from data/'s:
    the place index cannot read another folder yet, and a build that silently used
    data/'s file instead of the one given would be wrong without saying so."""
    curated_dir = Path(curated_dir)
    if curated_dir.resolve() == paths.DATA_DIR.resolve():
        return
    for name in PLACE_INDEX_CSVS:
        mine, default = curated_dir / name, paths.DATA_DIR / name
        if mine.is_file() and (not default.is_file() or mine.read_bytes() != default.read_bytes()):
            raise AtlasError(
                f"{mine} differs from {default}, but the place index reads only {default} (it cannot take "
                f"another folder yet): make the change in {default}, or remove {name} from {curated_dir}"
            )


def make_context(curated_dir: Path = paths.DATA_DIR, *, online: bool = False) -> Context:
    """Load the curated data and the offline place index (and the geocoder chain).
    The gazetteer, geocode overrides and cache come from ``curated_dir``; the place
    index's own CSVs from data/ (see check_curated_dir)."""
    from kzatlas.build.geocode import Geocoder
    from kzatlas.extract.institutions import Gazetteer
    from kzatlas.extract.places import PlaceIndex

    places = PlaceIndex.default()
    gazetteer = Gazetteer.load(curated_dir / paths.GAZETTEER_CSV.name)
    geocoder = Geocoder(
        places=places,
        overrides_csv=curated_dir / paths.OVERRIDES_CSV.name,
        cache_csv=curated_dir / paths.GEOCODE_CACHE_CSV.name,
        online=online,
    )
    return Context(gazetteer=gazetteer, places=places, geocoder=geocoder)


# --- loading ---------------------------------------------------------------------------


def load_articles(files: Sequence[SourceFile], report: dict) -> list[Article]:
    """Load every file; skip unusable ones and exact duplicates, recording why."""
    articles: list[Article] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for src in files:
        try:
            art = load_article(src)
        except ArticleError as exc:
            report["skipped"].append({"file": src.rel, "reason": str(exc)})
            continue
        if art.sha256 in by_hash:
            report["skipped"].append({"file": src.rel, "reason": f"duplicate of {by_hash[art.sha256]} (same text)"})
            continue
        if art.article_id in ids:
            # Two different files share a name stem in different folders: keep both.
            suffix = hashlib.sha1(src.rel.encode()).hexdigest()[:6]
            art.warnings.append(f"article id {art.article_id!r} already used; renamed to {art.article_id}--{suffix}")
            art.article_id = f"{art.article_id}--{suffix}"
        ids.add(art.article_id)
        by_hash[art.sha256] = src.rel
        if art.warnings:
            report["repaired"].append({"file": src.rel, "warnings": list(art.warnings)})
        articles.append(art)
    return articles


# --- merging the same event across articles -------------------------------------------


def _date_key(e: Event) -> tuple:
    d = e.date
    if d is None:
        return ("",)
    if d.start is None:
        return ("partial", d.month, d.day, d.end_month, d.end_day)
    return ("date", d.start.isoformat(), d.end.isoformat() if d.end else "")


def _compatible(a: Event, b: Event) -> bool:
    if a.kind != b.kind or {i.id for i in a.partners} != {i.id for i in b.partners}:
        return False
    da, db = a.date, b.date
    if da is None or db is None:
        return da is None and db is None
    if da.start is None or db.start is None:
        return (da.month, da.day) == (db.month, db.day) and da.start is None and db.start is None
    return da.start <= (db.end or db.start) and db.start <= (da.end or da.start)


def _rank(e: Event) -> tuple:
    """Which report of a merged event speaks for it: the most precise date first."""
    d = e.date
    precision = {"day": 0, "month": 1, "year": 2}.get(d.precision, 3) if d else 4
    basis = 1 if (d and d.basis == "publication_date") or e.date_basis_override == "publication_date" else 0
    return (basis, precision, -e.confidence, e.article_id, e.evidence_span)


def merge_events(events: list[Event]) -> list[_Merged]:
    """Group reports of the same event (same kind and partners, overlapping dates)."""
    groups: list[_Merged] = []
    # Only events of one kind with one partner set can merge: bucket by that key so
    # corpora of thousands of articles stay linear.
    buckets: dict[tuple[str, frozenset[str]], list[_Merged]] = {}
    for e in sorted(events, key=_rank):
        bucket = buckets.setdefault((e.kind, frozenset(i.id for i in e.partners)), [])
        for g in bucket:
            if _compatible(g.head, e):
                g.events.append(e)
                break
        else:
            g = _Merged([e])
            bucket.append(g)
            groups.append(g)
    return groups


def event_id(e: Event) -> str:
    key = "|".join(
        [e.kind, repr(_date_key(e)), ",".join(sorted(i.id for i in e.partners))]
        + ([",".join(sorted(i.id for i in e.kazakh_side))] if e.kind == "partnership" else [])
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _partial(e: Event) -> str:
    d = e.date
    if d is None or d.start is not None or d.month is None:
        return ""
    one = f"--{d.month:02d}" + (f"-{d.day:02d}" if d.day else "")
    if d.end_month or d.end_day:
        two = f"--{(d.end_month or d.month):02d}" + (f"-{d.end_day:02d}" if d.end_day else "")
        if two != one:
            return f"{one}/{two}"
    return one


def event_row(g: _Merged, eid: str) -> dict[str, object]:
    e = g.head
    d = e.date
    kz: dict[str, str] = {}
    for ev in g.events:
        for inst in ev.kazakh_side:
            kz.setdefault(inst.id, inst.name)
    # A named Kazakh institution makes the bare country redundant.
    if any(not k.startswith("country-") for k in kz):
        kz = {k: v for k, v in kz.items() if not k.startswith("country-")}
    article_ids = sorted({ev.article_id for ev in g.events})
    p = e.place
    o = e.origin
    return {
        "event_id": eid,
        "article_ids": article_ids,
        "date_start": d.start.isoformat() if d and d.start else "",
        "date_end": (d.end or d.start).isoformat() if d and d.start else "",
        "date_precision": d.precision if d else "",
        "date_basis": (e.date_basis_override or d.basis) if d else "",
        "date_partial": _partial(e),
        "date_text": d.text if d else "",
        "planned": e.planned,
        "kind": e.kind,
        "kazakh_side": list(kz.values()),
        "kazakh_side_ids": list(kz.keys()),
        "partners": [i.name for i in e.partners],
        "partner_ids": [i.id for i in e.partners],
        "partner_countries": e.partner_countries,
        "place_name": p.name if p else "",
        "place_basis": e.place_basis,
        "country_code": p.country_code if p else "",
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "geo_precision": p.precision if p else "",
        "geo_source": p.source if p else "",
        "origin_name": o.name if o else "",
        "origin_lat": o.lat if o else None,
        "origin_lon": o.lon if o else None,
        "topics": sorted({t for ev in g.events for t in ev.topics}),
        "evidence": e.evidence,
        "evidence_article_id": e.article_id,
        "evidence_start": e.evidence_span[0],
        "evidence_end": e.evidence_span[1],
        "confidence": max(ev.confidence for ev in g.events),
        "language": e.language,
        "source_count": len(article_ids),
        "corrected": False,
    }


def source_rows(g: _Merged, eid: str) -> list[dict[str, object]]:
    rows = {}
    for ev in g.events:
        key = (ev.article_id, ev.evidence_span)
        rows.setdefault(
            key,
            {
                "event_id": eid,
                "article_id": ev.article_id,
                "evidence": ev.evidence,
                "evidence_start": ev.evidence_span[0],
                "evidence_end": ev.evidence_span[1],
                "language": ev.language,
                "date_text": ev.date.text if ev.date else "",
            },
        )
    return [rows[k] for k in sorted(rows)]


def article_row(a: Article, languages: list[str], n_events: int) -> dict[str, object]:
    return {
        "article_id": a.article_id,
        "path": a.path,
        "title": a.title,
        "url": a.url,
        "published": a.published.isoformat() if a.published else "",
        "published_basis": a.published_basis,
        "publisher": a.publisher,
        "language": a.language or "und",
        "languages": languages,
        "encoding": a.encoding,
        "sha256": a.sha256,
        "event_count": n_events,
        "text": a.text,
    }


# --- the build -----------------------------------------------------------------------------


def new_report() -> dict:
    return {"skipped": [], "repaired": [], "errors": [], "unresolved": [], "geocoding_errors": [], "corrections": {}}


#: Below this many articles a worker pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 200
_WORKER_CTX: Context | None = None


def extract_one(art: Article, ctx: Context) -> tuple[list[Event], str | None]:
    """(events, None), or ([], why) when the extractor failed on this article."""
    try:
        return extract_events(art, ctx), None
    except AtlasError as exc:
        return [], str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the build
        return [], f"{type(exc).__name__}: {exc}"[:300]


def _worker(art: Article) -> tuple[list[Event], str | None]:
    assert _WORKER_CTX is not None
    return extract_one(art, _WORKER_CTX)


def _workers() -> int:
    value = os.environ.get("KZATLAS_WORKERS", "").strip()
    if value.isdigit():
        return max(1, int(value))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _extract_all(
    articles: list[Article], ctx: Context, progress: Callable[[int, int], None] | None = None
) -> list[tuple[list[Event], str | None]]:
    """Events of each article, in input order (so the output stays byte-identical).

    Large builds use one forked worker per core; the workers inherit the loaded
    gazetteer and place index instead of loading them again. Where fork is missing or
    the pool fails, the whole extraction runs again in this process: nothing is lost.
    """
    global _WORKER_CTX
    n = _workers()
    if n > 1 and len(articles) >= PARALLEL_MIN_ARTICLES and "fork" in multiprocessing.get_all_start_methods():
        _WORKER_CTX = ctx
        try:
            results: list[tuple[list[Event], str | None]] = []
            with multiprocessing.get_context("fork").Pool(n) as pool:
                for result in pool.imap(_worker, articles, chunksize=16):
                    results.append(result)
                    if progress:
                        progress(len(results), len(articles))
            return results
        except (OSError, multiprocessing.ProcessError, EOFError) as exc:
            print(f"warning: parallel extraction failed ({exc}); continuing in one process", file=sys.stderr)
        finally:
            _WORKER_CTX = None
    results = []
    for art in articles:
        results.append(extract_one(art, ctx))
        if progress:
            progress(len(results), len(articles))
    return results


def process(
    articles: list[Article], ctx: Context, report: dict, progress: Callable[[int, int], None] | None = None
) -> tuple[list[dict], list[dict], list[dict]]:
    """Extract, merge and turn into rows (not yet written)."""
    return assemble(articles, _extract_all(articles, ctx, progress), report)


def assemble(
    articles: Sequence[Article], extracted: Sequence[tuple[list[Event], str | None]], report: dict
) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of events, articles and sources from each article's extracted events
    (``extracted[i]`` belongs to ``articles[i]``): the same event reported by several
    articles merged into one row, errors reported, everything sorted."""
    all_events: list[Event] = []
    per_article: Counter[str] = Counter()
    kept: list[Article] = []
    languages: dict[str, list[str]] = {}
    for art, (evs, error) in zip(articles, extracted):
        if error is not None:
            report["errors"].append({"file": art.path, "reason": error})
            continue
        kept.append(art)
        languages[art.article_id] = sorted({e.language for e in evs} | ({art.language} if art.language else set()))
        all_events.extend(evs)
    groups = merge_events(all_events)
    rows: list[dict] = []
    sources: list[dict] = []
    used: set[str] = set()
    for g in groups:
        eid = event_id(g.head)
        if eid in used:  # two different events with the same key: keep ids unique and stable
            eid = hashlib.sha1((eid + g.head.evidence).encode()).hexdigest()[:12]
        used.add(eid)
        rows.append(event_row(g, eid))
        sources.extend(source_rows(g, eid))
        for aid in {ev.article_id for ev in g.events}:
            per_article[aid] += 1
    rows.sort(key=lambda r: (r["date_start"] or "9999", r["kind"], r["event_id"]))
    sources.sort(key=lambda r: (r["event_id"], r["article_id"], r["evidence_start"]))
    art_rows = [
        article_row(a, languages.get(a.article_id, []), per_article[a.article_id])
        for a in sorted(kept, key=lambda a: a.article_id)
    ]
    return rows, art_rows, sources


def _apply_corrections(rows: list[dict], curated_dir: Path, ctx: Context, report: dict) -> list[dict]:
    from kzatlas.build.corrections import apply_corrections, load_corrections
    from kzatlas.build.output import formatted_rows

    path = curated_dir / paths.CORRECTIONS_CSV.name
    if not path.exists():
        return rows
    try:
        corrections = load_corrections(path)
    except AtlasError as exc:
        report["errors"].append({"file": str(path.name), "reason": str(exc)})
        return rows
    if not corrections:
        return rows
    text_rows = formatted_rows(EVENTS, rows)
    new_rows, rep = apply_corrections(text_rows, corrections, places=ctx.places, gazetteer=ctx.gazetteer)
    report["corrections"] = {"applied": rep.applied, "unmatched": rep.unmatched, "errors": rep.errors}
    return new_rows


def build(
    seeds: Path = paths.SEEDS_DIR,
    out: Path = paths.DATA_DIR,
    *,
    online: bool = False,
    curated_dir: Path = paths.DATA_DIR,
    progress: Callable[[int, int], None] | None = None,
    write: bool = True,
    lock_wait_seconds: float = LOCK_WAIT_SECONDS,
) -> BuildResult:
    """Run the whole build; raises AtlasError only when nothing can be built or written
    (or when another build holds ``out`` for longer than ``lock_wait_seconds``)."""
    t0 = time.perf_counter()
    check_curated_dir(curated_dir)
    report = new_report()
    files = discover(seeds)
    articles = load_articles(files, report)
    ctx = make_context(curated_dir, online=online)
    rows, art_rows, sources = process(articles, ctx, report, progress)
    rows = _apply_corrections(rows, curated_dir, ctx, report)
    geocoder = ctx.geocoder
    if geocoder is not None:
        report["unresolved"] = sorted(
            (dict(m) for m in getattr(geocoder, "misses", [])), key=lambda m: json.dumps(m, sort_keys=True)
        )
        report["geocoding_errors"] = list(getattr(geocoder, "errors", []))
        if online:
            geocoder.save_cache()  # type: ignore[attr-defined]
    report.update(
        {
            "files_found": len(files),
            "articles": len(art_rows),
            "events": len(rows),
            "articles_per_language": dict(sorted(Counter(str(a["language"]) for a in art_rows).items())),
            "events_per_language": dict(sorted(Counter(str(r["language"]) for r in rows).items())),
            "events_per_kind": dict(sorted(Counter(str(r["kind"]) for r in rows).items())),
            "undated_events": sum(1 for r in rows if not r["date_start"]),
            "ungeocoded_events": sum(1 for r in rows if r["lat"] in (None, "")),
        }
    )
    if not files:
        # Writing empty tables would wipe the previous data for what is most likely a wrong path.
        raise AtlasError(f"no .txt or .md articles found under {seeds}; nothing was written")
    if not art_rows:
        reasons = "; ".join(f"{s['file']}: {s['reason']}" for s in report["skipped"][:5])
        raise AtlasError(f"none of the {len(files)} files in {seeds} could be used ({reasons}); nothing was written")
    files_out = {
        EVENTS.filename: validated_csv(EVENTS, rows),
        ARTICLES.filename: validated_jsonl(ARTICLES, art_rows),
        EVENT_SOURCES.filename: validated_csv(EVENT_SOURCES, sources),
        REPORT_FILE: json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
    if write:
        write_tables(out, files_out, lock_wait_seconds)
    return BuildResult(rows, art_rows, sources, report, time.perf_counter() - t0)


def progress_printer(stream=sys.stderr) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal for long runs; None when not a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 50 or (done % 25 and done != total):
            return
        width = 30
        filled = int(width * done / total)
        stream.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
