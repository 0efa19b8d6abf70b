"""Upload budget benchmark: what one dashboard session's uploads cost the server.

1. HTML handling: the page that made the old fallback parser quadratic
   (``<p>text.</p>`` then N unclosed ``<div>`` and N stray ``</b>``) at 90 KB, 360 KB
   and 2 MB through :func:`kzatlas.build.webpage.extract_article`, against a peer
   measured in the same run: the standard library's ``html.parser`` tokenising the
   same page with no handlers (linear). The ratio must stay flat as the page grows.
2. A session uploading ``--files`` text files of ``--size`` bytes each (150 × 1.9 MB,
   as in issue 10) through :func:`kzatlas.build.uploads.process_uploads` with the
   default limits: wall time, files processed and refused, and the memory the session
   keeps (its pickled size, and the process's resident memory after processing minus
   before, the files' own bytes excluded: Streamlit's uploader holds those anyway).
   With ``--peer``, the same files with the limits lifted, in the same run (minutes).

Run: ``python benchmarks/bench_uploads.py [--files N] [--size BYTES] [--peer]``.
"""

from __future__ import annotations

import argparse
import gc
import html.parser
import os
import pickle
import random
import time
from pathlib import Path

from kzatlas.build.uploads import UploadLimits, process_uploads
from kzatlas.build.webpage import extract_article
from kzatlas.errors import ArticleError


def quadratic_page(size: int) -> str:
    n = (size - 40) // 9
    return "<html><body><p>text.</p>" + "<div>" * n + "</b>" * n


def _rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB; 0 where /proc is missing."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def bench_html() -> None:
    print("HTML handling of the quadratic page (extract_article vs html.parser tokenising it):")
    try:  # imports and trafilatura's first-call set-up are not the page's cost
        extract_article(quadratic_page(1_000))
    except ArticleError:
        pass
    for size in (90_000, 360_000, 2_000_000):
        page = quadratic_page(size)
        t0 = time.perf_counter()
        try:
            extract_article(page)
        except ArticleError:
            pass  # "no main text": the expected answer for this page
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        parser = html.parser.HTMLParser()
        parser.feed(page)
        parser.close()
        peer = time.perf_counter() - t0
        print(f"  {size / 1000:>6.0f} KB: extract_article {ours:6.2f} s, html.parser {peer:6.2f} s, ratio {ours / peer:5.2f}")


def text_file(i: int, size: int, rng: random.Random) -> bytes:
    words = "university agreement research science the of and in with Kazakhstan space nuclear".split()
    head = f"Article {i}. Nazarbayev University signed an agreement with CERN in Geneva on {1 + i % 27} May 2024.\n\n"
    body = " ".join(rng.choice(words) for _ in range(size // 7))
    return (head + body)[:size].encode()


def bench_session(n_files: int, size: int, limits: UploadLimits, label: str) -> float:
    rng = random.Random(1)
    files = [(f"article-{i:03d}.txt", text_file(i, size, rng)) for i in range(n_files)]
    gc.collect()
    before = _rss_mb()
    t0 = time.perf_counter()
    result = process_uploads(files, limits=limits)
    seconds = time.perf_counter() - t0
    gc.collect()
    kept = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6
    grown = _rss_mb() - before
    print(
        f"  {label}: {seconds:7.1f} s, {len(result.articles)} articles kept, {len(result.report['skipped'])} refused; "
        f"session + rows {kept:6.1f} MB pickled, resident memory +{grown:6.1f} MB"
    )
    if result.report["skipped"]:
        print(f"    first refusal: {result.report['skipped'][0]['reason']}")
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=150)
    parser.add_argument("--size", type=int, default=1_900_000)
    parser.add_argument("--peer", action="store_true", help="also run the same session without limits")
    args = parser.parse_args()
    bench_html()
    print(f"A session uploading {args.files} files of {args.size / 1e6:.1f} MB:")
    kept = bench_session(args.files, args.size, UploadLimits(), "default limits")
    if args.peer:
        unlimited = UploadLimits(session_files=10**9, session_bytes=10**15, seconds_per_file=600)
        kept_peer = bench_session(args.files, args.size, unlimited, "no limits (peer)")
        print(f"  kept memory, limits vs none: {kept / kept_peer:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
