"""Benchmark of the build (not a test): makes a corpus of N articles from the real
articles in the repository (the seeds, the development set and the pipeline-test
articles; each copy made distinct so none is skipped as a duplicate, and the build
report checked to have read every one), then times ``python -m kzatlas build`` as a
whole process on one core, the start-up (a build of one article, after ``python -m
kzatlas prepare``), and dateparser's ``search_dates`` on the same texts, and prints the
figures and ratios.

    python benchmarks/bench_build.py [--articles 2000] [--peer-sample 200]

Aims (issue 8): at least 1,000 articles/s per core as a whole process, a start-up of at
most 0.5 s, and at least 20 times dateparser's time on the same texts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*.md"))
           + sorted((ROOT / "tests" / "dev" / "articles").glob("*.md")))


def make_corpus(folder: Path, n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    bodies = []
    for i in range(n):
        text = texts[i % len(texts)]
        # A distinct last line keeps every copy a separate article, as real corpora are.
        text = text.rstrip("\n") + f"\nRef. {i}-{rng.randrange(10**6)}\n"
        sub = folder / f"batch{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i:05d}{SOURCES[i % len(SOURCES)].suffix}").write_text(text, encoding="utf-8")
        bodies.append(text)
    return bodies


def run_build(seeds: Path, out: Path, workers: int | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one build process (``workers``: KZATLAS_WORKERS)."""
    env = dict(os.environ)
    if workers is not None:
        env["KZATLAS_WORKERS"] = str(workers)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kzatlas", "build", "--seeds", str(seeds), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--peer-sample", type=int, default=200, help="articles given to dateparser (it is slow)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        one = tmp_path / "one"
        texts = make_corpus(corpus, args.articles)
        make_corpus(one, 1)
        subprocess.run([sys.executable, "-m", "kzatlas", "prepare"], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        run_build(one, tmp_path / "warm")  # warm the OS file cache
        startup = sorted(run_build(one, tmp_path / "o1")[0] for _ in range(args.runs))[args.runs // 2]
        runs = [run_build(corpus, tmp_path / "oN", workers=1) for _ in range(args.runs)]
        report = json.loads((tmp_path / "oN" / "build_report.json").read_text(encoding="utf-8"))
        if report["articles"] != args.articles:
            raise SystemExit(f"the build read {report['articles']} of {args.articles} articles")
        wall = sorted(r[0] for r in runs)[len(runs) // 2]
        cpu = sorted(r[1] for r in runs)[len(runs) // 2]
        per_article = max(1e-9, (wall - startup) / args.articles)
        par = sorted(run_build(corpus, tmp_path / "oP")[0] for _ in range(args.runs))[args.runs // 2]

        from dateparser.search import search_dates

        sample = texts[: args.peer_sample]
        t0 = time.perf_counter()
        for text in sample:
            search_dates(text, languages=["en", "ru", "kk", "fr"])
        peer_per_article = (time.perf_counter() - t0) / len(sample)

        # Our own date reading alone on the same texts, sentence by sentence as the build does.
        from kzatlas.extract.dates import extract_dates
        from kzatlas.extract.document import Doc

        docs = [Doc(text) for text in sample]
        t0 = time.perf_counter()
        for doc in docs:
            for sent in doc.sentences:
                extract_dates(sent.text, "en")
        ours_dates_per_article = (time.perf_counter() - t0) / len(sample)

    cores = os.cpu_count() or 1
    print(f"corpus: {args.articles} articles (real articles of the repository, distinct copies); "
          f"median of {args.runs} runs")
    print(f"corpus: mean {sum(map(len, texts)) / len(texts):,.0f} characters per article, "
          f"{len(SOURCES)} distinct sources; the build read all {args.articles}")
    print(f"start-up (build of 1 article, whole process): {startup:.2f} s   [aim ≤ 0.5 s]")
    print(f"whole build of {args.articles} articles on one core: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"articles per second, one core, whole process incl. start-up: {args.articles / wall:,.0f}")
    print(f"articles per second, one core, after start-up: {1 / per_article:,.0f}   [aim ≥ 1,000 per core]")
    print(f"whole build with one worker per core ({cores} cores): {par:.2f} s wall = {args.articles / par:,.0f} articles/s")
    print(f"dateparser search_dates alone: {peer_per_article * 1000:.2f} ms per article (sample of {len(sample)})")
    print(f"ratio dateparser dates-only / our whole pipeline per article: {peer_per_article / per_article:.1f}x"
          "   [aim ≥ 20x]")
    print(f"our date reading alone on the same texts: {ours_dates_per_article * 1000:.2f} ms per article = "
          f"{peer_per_article / ours_dates_per_article:.0f}x faster than dateparser")
    print(f"(machine: {cores} cores; one-core figures set KZATLAS_WORKERS=1)")


if __name__ == "__main__":
    main()
