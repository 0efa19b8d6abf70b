"""The build: articles in a seeds folder → events.csv, relations.csv, articles.jsonl,
event_sources.csv, search_names.csv (with typed .parquet copies when the build is large) and
build_report.json in an output folder. This module only wires
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
from kzatlas.build.merge import event_tables, relation_rows
from kzatlas.build import output
from kzatlas.build.output import validated_files, write_tables
from kzatlas.build.search_names import search_name_rows
from kzatlas.errors import ArticleError, AtlasError
from kzatlas.extract.events import Context, Extraction, extract
from kzatlas.fsio import LOCK_WAIT_SECONDS
from kzatlas.models import Article, Event
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, RELATIONS, SEARCH_NAMES, TABLES

REPORT_FILE = "build_report.json"


@dataclass
class BuildResult:
    events: list[dict[str, object]]
    articles: list[dict[str, object]]
    sources: list[dict[str, object]]
    report: dict[str, object]
    seconds: float = 0.0
    relations: list[dict[str, object]] = field(default_factory=list)
    files: tuple[str, ...] = ()  # the file names written (or that would have been), manifest aside


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


@dataclass
class Loaded:
    """The articles a build can use, and the files it could not (with why)."""

    articles: list[Article]
    skipped: list[dict]  # {"file", "reason"}: unusable or an exact duplicate
    repaired: list[dict]  # {"file", "warnings"}: used after a repair (encoding, renamed id …)


def load_articles(files: Sequence[SourceFile]) -> Loaded:
    """Load every file; skip unusable ones and exact duplicates, saying why."""
    articles: list[Article] = []
    skipped: list[dict] = []
    repaired: list[dict] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for src in files:
        try:
            art = load_article(src)
        except ArticleError as exc:
            skipped.append({"file": src.rel, "reason": str(exc)})
            continue
        if art.sha256 in by_hash:
            skipped.append({"file": src.rel, "reason": f"duplicate of {by_hash[art.sha256]} (same text)"})
            continue
        if art.article_id in ids:
            # Two different files share a name stem in different folders: keep both.
            suffix = hashlib.sha1(src.rel.encode()).hexdigest()[:6]
            art.warnings.append(f"article id {art.article_id!r} already used; renamed to {art.article_id}--{suffix}")
            art.article_id = f"{art.article_id}--{suffix}"
        ids.add(art.article_id)
        by_hash[art.sha256] = src.rel
        if art.warnings:
            repaired.append({"file": src.rel, "warnings": list(art.warnings)})
        articles.append(art)
    return Loaded(articles, skipped, repaired)


def article_row(a: Article, languages: list[str], n_events: int) -> dict[str, object]:
    return {
        "article_id": a.article_id,
        "path": a.path,
        "title": a.title,
        "url": a.url,
        "published": a.published.isoformat() if a.published else "",
        "published_basis": a.published_basis,
        "published_precision": a.published_precision,
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


def extract_one(art: Article, ctx: Context) -> tuple[Extraction | None, str | None]:
    """(what the article yields, None), or (None, why) when the extractor failed on it."""
    try:
        return extract(art, ctx), None
    except AtlasError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the build
        return None, f"{type(exc).__name__}: {exc}"[:300]


def _worker(art: Article) -> tuple[Extraction | None, str | None]:
    assert _WORKER_CTX is not None
    return extract_one(art, _WORKER_CTX)


def _workers() -> int:
    value = os.environ.get("KZATLAS_WORKERS", "").strip()
    if value.isdigit():
        return max(1, int(value))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _extract_all(
    articles: list[Article], ctx: Context, progress: Callable[[int, int], None] | None = None
) -> list[tuple[Extraction | None, str | None]]:
    """What each article yields, in input order (so the output stays byte-identical).

    Large builds use one forked worker per core; the workers inherit the loaded
    gazetteer and place index instead of loading them again. Where fork is missing or
    the pool fails, the whole extraction runs again in this process: nothing is lost.
    """
    global _WORKER_CTX
    n = _workers()
    if n > 1 and len(articles) >= PARALLEL_MIN_ARTICLES and "fork" in multiprocessing.get_all_start_methods():
        _WORKER_CTX = ctx
        try:
            results: list[tuple[Extraction | None, str | None]] = []
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


@dataclass
class Tables:
    """The rows of every output table of a build (not yet written), and the articles the
    extractor failed on (left out of the rows)."""

    events: list[dict]
    articles: list[dict]
    sources: list[dict]
    relations: list[dict]
    errors: list[dict] = field(default_factory=list)  # {"file", "reason"}


def process(articles: list[Article], ctx: Context, progress: Callable[[int, int], None] | None = None) -> Tables:
    """Extract, merge across articles and turn into rows (not yet written)."""
    return assemble(articles, _extract_all(articles, ctx, progress))


def assemble(articles: Sequence[Article], extracted: Sequence[tuple[Extraction | None, str | None]]) -> Tables:
    """The rows of every table from what each article yielded (``extracted[i]`` belongs
    to ``articles[i]``): the same event reported by several articles merged into one
    row; articles that failed are named in ``errors`` and left out."""
    events: list[Event] = []
    relations: list[Event] = []
    kept: list[Article] = []
    errors: list[dict] = []
    languages: dict[str, list[str]] = {}
    for art, (found, error) in zip(articles, extracted):
        if found is None:
            errors.append({"file": art.path, "reason": error})
            continue
        kept.append(art)
        languages[art.article_id] = sorted({e.language for e in found.events}
                                           | ({art.language} if art.language else set()))
        events.extend(found.events)
        relations.extend(found.relations)
    rows, sources = event_tables(events)
    per_article = Counter(aid for row in rows for aid in row["article_ids"])  # type: ignore[union-attr]
    art_rows = [
        article_row(a, languages.get(a.article_id, []), per_article[a.article_id])
        for a in sorted(kept, key=lambda a: a.article_id)
    ]
    return Tables(rows, art_rows, sources, relation_rows(relations), errors)


@dataclass
class Corrected:
    """Event rows after the curated corrections, and what applying them reported."""

    rows: list[dict]
    summary: dict  # {"applied", "unmatched", "errors"}, or {} when there is nothing to apply
    errors: list[dict]  # a corrections file that could not be read


def apply_corrections_file(rows: list[dict], curated_dir: Path, ctx: Context) -> Corrected:
    from kzatlas.build.corrections import apply_corrections, load_corrections
    from kzatlas.build.output import formatted_rows

    path = curated_dir / paths.CORRECTIONS_CSV.name
    if not path.exists():
        return Corrected(rows, {}, [])
    try:
        corrections = load_corrections(path)
    except AtlasError as exc:
        return Corrected(rows, {}, [{"file": str(path.name), "reason": str(exc)}])
    if not corrections:
        return Corrected(rows, {}, [])
    text_rows = formatted_rows(EVENTS, rows)
    new_rows, rep = apply_corrections(text_rows, corrections, places=ctx.places, gazetteer=ctx.gazetteer)
    return Corrected(new_rows, {"applied": rep.applied, "unmatched": rep.unmatched, "errors": rep.errors}, [])


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
    files = discover(seeds)
    loaded = load_articles(files)
    ctx = make_context(curated_dir, online=online)
    tables = process(loaded.articles, ctx, progress)
    corrected = apply_corrections_file(tables.events, curated_dir, ctx)
    rows, art_rows, sources = corrected.rows, tables.articles, tables.sources
    report = new_report()
    report.update(skipped=loaded.skipped, repaired=loaded.repaired, errors=tables.errors + corrected.errors,
                  corrections=corrected.summary)
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
            "relations": len(tables.relations),
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
    # Typed Parquet copies for the dashboard only when the build is big enough to pay
    # for them (output.PARQUET_MIN_EVENTS); one decision for the whole set.
    parquet = len(rows) >= output.PARQUET_MIN_EVENTS
    files_out: dict[str, str | bytes] = {
        **validated_files(EVENTS, rows, parquet),
        **validated_files(ARTICLES, art_rows, parquet),
        **validated_files(EVENT_SOURCES, sources, parquet),
        **validated_files(RELATIONS, tables.relations, parquet),
        # The names the dashboard's search knows the events' places and parties by,
        # so that it need not load the place index and the gazetteer.
        **validated_files(SEARCH_NAMES, search_name_rows(rows, ctx.places, ctx.gazetteer), parquet),
        REPORT_FILE: json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
    if write:
        write_tables(out, files_out, lock_wait_seconds, stale=[t.parquet_filename for t in TABLES])
    return BuildResult(rows, art_rows, sources, report, time.perf_counter() - t0, tables.relations, tuple(files_out))


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
