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
from kzatlas.build.articles import SourceFile, article_from_bytes, discover, load_article
from kzatlas.build.merge import event_tables, relation_rows
from kzatlas.build.output import validated_csv, validated_jsonl, write_tables
from kzatlas.errors import ArticleError, AtlasError
from kzatlas.extract.events import Context, Extraction, extract
from kzatlas.models import Article, Event
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, RELATIONS

REPORT_FILE = "build_report.json"


@dataclass
class BuildResult:
    events: list[dict[str, object]]
    articles: list[dict[str, object]]
    sources: list[dict[str, object]]
    report: dict[str, object]
    seconds: float = 0.0
    relations: list[dict[str, object]] = field(default_factory=list)


def make_context(curated_dir: Path = paths.DATA_DIR, *, online: bool = False) -> Context:
    """Load the curated data and the offline place index (and the geocoder chain)."""
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


def _extract_safe(art: Article, ctx: Context) -> tuple[Extraction | None, str | None]:
    try:
        return extract(art, ctx), None
    except AtlasError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the build
        return None, f"{type(exc).__name__}: {exc}"[:300]


def _worker(art: Article) -> tuple[Extraction | None, str | None]:
    assert _WORKER_CTX is not None
    return _extract_safe(art, _WORKER_CTX)


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
        results.append(_extract_safe(art, ctx))
        if progress:
            progress(len(results), len(articles))
    return results


@dataclass
class Tables:
    """The rows of every output table of a build (not yet written)."""

    events: list[dict]
    articles: list[dict]
    sources: list[dict]
    relations: list[dict]


def process(
    articles: list[Article], ctx: Context, report: dict, progress: Callable[[int, int], None] | None = None
) -> Tables:
    """Extract, merge across articles and turn into rows; articles that fail are
    recorded in ``report['errors']`` and left out."""
    events: list[Event] = []
    relations: list[Event] = []
    kept: list[Article] = []
    languages: dict[str, list[str]] = {}
    for art, (found, error) in zip(articles, _extract_all(articles, ctx, progress)):
        if found is None:
            report["errors"].append({"file": art.path, "reason": error})
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
    return Tables(rows, art_rows, sources, relation_rows(relations))


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
) -> BuildResult:
    """Run the whole build; raises AtlasError only when nothing can be built or written."""
    t0 = time.perf_counter()
    report = new_report()
    files = discover(seeds)
    articles = load_articles(files, report)
    ctx = make_context(curated_dir, online=online)
    tables = process(articles, ctx, report, progress)
    rows = _apply_corrections(tables.events, curated_dir, ctx, report)
    art_rows, sources = tables.articles, tables.sources
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
    files_out = {
        EVENTS.filename: validated_csv(EVENTS, rows),
        ARTICLES.filename: validated_jsonl(ARTICLES, art_rows),
        EVENT_SOURCES.filename: validated_csv(EVENT_SOURCES, sources),
        RELATIONS.filename: validated_csv(RELATIONS, tables.relations),
        REPORT_FILE: json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
    if write:
        write_tables(out, files_out)
    return BuildResult(rows, art_rows, sources, report, time.perf_counter() - t0, tables.relations)


@dataclass
class UploadResult:
    events: list[dict[str, str]]
    articles: list[dict[str, str]]
    sources: list[dict[str, str]]
    report: dict


#: Uploads are articles, not archives: a few megabytes at most.
MAX_UPLOAD_BYTES = 2_000_000
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")


def process_uploads(
    files: Sequence[tuple[str, bytes]], curated_dir: Path = paths.DATA_DIR, ctx: Context | None = None
) -> UploadResult:
    """Run uploaded files through the same pipeline, in memory (nothing is written)."""
    from kzatlas.build.output import formatted_rows

    report = new_report()
    articles: list[Article] = []
    for name, data in files:
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            report["skipped"].append({"file": name, "reason": f"type {suffix or '(none)'} not accepted"})
            continue
        if len(data) > MAX_UPLOAD_BYTES:
            report["skipped"].append({"file": name, "reason": f"larger than {MAX_UPLOAD_BYTES:,} bytes"})
            continue
        try:
            if suffix in (".html", ".htm"):
                from kzatlas.build.webpage import decode_html, extract_article, render_article

                data = render_article(extract_article(decode_html(data))).encode("utf-8")
            art = article_from_bytes(data, rel=name, article_id="upload-" + Path(name).stem)
        except AtlasError as exc:
            report["skipped"].append({"file": name, "reason": str(exc)})
            continue
        articles.append(art)
    ctx = ctx or make_context(curated_dir)
    tables = process(articles, ctx, report)
    return UploadResult(
        formatted_rows(EVENTS, tables.events), formatted_rows(ARTICLES, tables.articles),
        formatted_rows(EVENT_SOURCES, tables.sources), report
    )


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
