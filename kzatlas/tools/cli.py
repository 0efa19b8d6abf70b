"""Command line: ``python -m kzatlas build | evaluate | add | story | i18n``. Prints a one-screen
summary; exit code 0 on success (warnings included), 1 when nothing could be built
or written, 2 for usage errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kzatlas import paths
from kzatlas.errors import AtlasError
from kzatlas.fsio import LOCK_WAIT_SECONDS


def _summary(result) -> str:
    r = result.report
    lines = [
        f"Built {r['events']} events from {r['articles']} articles ({r['files_found']} files) in {result.seconds:.2f} s",
        "  articles per language: " + ", ".join(f"{k} {v}" for k, v in r["articles_per_language"].items()),
        "  events per kind: " + ", ".join(f"{k} {v}" for k, v in r["events_per_kind"].items()),
        f"  undated events: {r['undated_events']}; not on the map: {r['ungeocoded_events']}",
    ]
    if r["skipped"]:
        lines.append(f"  skipped {len(r['skipped'])} files:")
        lines += [f"    {s['file']}: {s['reason']}" for s in r["skipped"][:10]]
        if len(r["skipped"]) > 10:
            lines.append(f"    … and {len(r['skipped']) - 10} more (see build_report.json)")
    if r["repaired"]:
        lines.append(f"  repaired {len(r['repaired'])} files (warnings in build_report.json)")
    if r["errors"]:
        lines.append(f"  {len(r['errors'])} errors:")
        lines += [f"    {e['file']}: {e['reason']}" for e in r["errors"][:10]]
    if r["geocoding_errors"]:
        lines.append(f"  online geocoding errors: {len(r['geocoding_errors'])} (first: {r['geocoding_errors'][0]})")
    if r.get("corrections", {}).get("unmatched"):
        lines.append(f"  corrections matching no event: {', '.join(r['corrections']['unmatched'][:5])}")
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    from kzatlas.build.pipeline import build, progress_printer

    seeds = Path(args.seeds)
    if not seeds.exists():
        print(f"error: seeds folder {seeds} does not exist", file=sys.stderr)
        return 1
    try:
        result = build(
            seeds,
            Path(args.out),
            online=args.online,
            curated_dir=Path(args.curated),
            progress=progress_printer(),
            lock_wait_seconds=args.wait,
        )
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_summary(result))
    print(f"  wrote {args.out}/" + ", ".join([*result.files, "manifest.json"]))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kzatlas.tools.evaluate import evaluate

    try:
        _score, text = evaluate(Path(args.gold), Path(args.data))
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: cannot evaluate: {exc}", file=sys.stderr)
        return 1
    print(text)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from kzatlas.tools.ingest import add_main

    return add_main(args.sources, Path(args.seeds), args.online)


def cmd_story(args: argparse.Namespace) -> int:
    from urllib.parse import parse_qs, urlsplit

    from kzatlas.fsio import atomic_write
    from kzatlas.viz.engine import Atlas
    from kzatlas.viz.load import load_world
    from kzatlas.viz.story_export import story_html_from_query

    link = args.link.strip()
    query = urlsplit(link).query if "://" in link or link.startswith("?") else link
    data_dir = Path(args.data)
    try:
        data = Atlas.open(data_dir)
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    world_path = data_dir / paths.WORLD_GEOJSON.name
    world = load_world(world_path if world_path.exists() else paths.WORLD_GEOJSON)
    page, notices = story_html_from_query(data, parse_qs(query, keep_blank_values=True), world=world,
                                          app_url=args.app_url)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    try:
        atomic_write(Path(args.out), page)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def cmd_i18n(args: argparse.Namespace) -> int:
    from kzatlas.tools.catalogs import main as catalogs_main

    return catalogs_main([args.action, *args.languages])


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kzatlas", description="Kazakhstan Science Cooperation Atlas")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="articles → events.csv, relations.csv, articles.jsonl, event_sources.csv, "
                                     "build_report.json")
    b.add_argument("--seeds", default=str(paths.SEEDS_DIR), help="folder of .txt/.md articles (recursive)")
    b.add_argument("--out", default=str(paths.DATA_DIR), help="output folder (default: data/)")
    b.add_argument(
        "--curated",
        default=str(paths.DATA_DIR),
        help="folder of gazetteer.csv, geocode_overrides.csv, geocode_cache.csv and corrections.csv (default: data/)",
    )
    b.add_argument("--online", action="store_true", help="geocode unknown names with Nominatim; answers are cached")
    b.add_argument(
        "--wait",
        type=float,
        default=LOCK_WAIT_SECONDS,
        metavar="SECONDS",
        help=f"how long to wait for another build writing the same --out (default: {LOCK_WAIT_SECONDS:g})",
    )
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("evaluate", help="score a build against reference annotations")
    e.add_argument("--gold", required=True, help="reference file in the format of tests/seed_events.json")
    e.add_argument("--data", default=str(paths.DATA_DIR), help="build output folder (default: data/)")
    e.set_defaults(func=cmd_evaluate)
    a = sub.add_parser("add", help="add saved HTML pages (or URLs with --online) to the seeds folder")
    a.add_argument("sources", nargs="+", help="HTML files or http(s) URLs")
    a.add_argument("--seeds", default=str(paths.SEEDS_DIR), help="seeds folder to write into")
    a.add_argument("--online", action="store_true", help="allow fetching URLs (rate- and size-limited)")
    a.set_defaults(func=cmd_add)
    r = sub.add_parser("prepare", help="build the offline place index now (the install step: the first build "
                                       "then starts in under half a second)")
    r.set_defaults(func=cmd_prepare)
    s = sub.add_parser("story", help="a dashboard link's story as one self-contained HTML page")
    s.add_argument("link", nargs="?", default="", help="a dashboard link or its query (country=CN&kind=agreement&lang=kk)")
    s.add_argument("-o", "--out", default="story.html", help="the page to write (default: story.html)")
    s.add_argument("--data", default=str(paths.DATA_DIR), help="build output folder (default: data/)")
    s.add_argument("--app-url", default=None, help="the atlas's address, to link each step back to it")
    s.set_defaults(func=cmd_story)
    i = sub.add_parser("i18n", help="interface message catalogs: extract, init LANG, update, check, compile")
    i.add_argument("action", choices=("extract", "init", "update", "check", "compile"))
    i.add_argument("languages", nargs="*", help="catalog languages (default: all; init needs one)")
    i.set_defaults(func=cmd_i18n)
    return p


def cmd_prepare(args: argparse.Namespace) -> int:
    from kzatlas.extract.places import PlaceIndex

    index = PlaceIndex.default()
    print(f"place index ready: {index.loaded_from} in {index.load_seconds:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `... | head`: the reader left; that is not our error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
