"""Benchmark of the date layer (not a test): the time of one ``extract_dates`` call on
typical candidate sentences (a dated act, a relative date, a plan, no date at all) in
each language, against dateparser's ``search_dates`` on the same sentences measured in
the same run, printed per sentence and as a ratio.

    python benchmarks/bench_dates.py [--repeat 2000] [--peer-repeat 20] [--baseline DIR --rounds 3]

With ``--baseline DIR`` (an older ``kzatlas`` package, e.g. ``git archive 8ef28f1 kzatlas |
tar -x -C DIR``) both versions are timed in alternating subprocesses and the ratio is
printed per sentence, so a busy machine slows both alike.

The sentences are written for the benchmark (partners that appear nowhere else in the
repository); ``is_planned`` is timed alongside because the event finder calls it per clause.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PUB = dt.date(2024, 9, 1)
SENTENCES: list[tuple[str, str]] = [
    ("en", "On 12 March 2024 Kokshetau University signed a memorandum with the University of Oulu."),
    ("en", "The joint summer school with Aalto University will be held on 13–14 June in Kokshetau."),
    ("en", "Representatives of Zhetysu University visited the laboratories of the University of Turku."),
    ("ru", "В прошлом году Кокшетауский университет подписал соглашение с Университетом Тампере."),
    ("ru", "Сегодня в Кокшетау состоялась встреча ректора с делегацией Университета Коимбры."),
    ("kk", "Бүгін Көкшетау университеті мен Оулу университеті арасында меморандумға қол қойылды."),
    ("kk", "2026–2028 жылдарға арналған бірлескен бағдарлама талқыланды."),
    ("fr", "Le 4 octobre 2023, l'Université de Kokshetau a signé un accord avec l'Université de Coimbra."),
    ("fr", "La délégation a visité les laboratoires de l'Université de Ljubljana."),
    ("de", "Am 4. Oktober 2023 unterzeichneten die Universität Graz und die Universität Zhetysu ein Abkommen."),
    ("it", "L'accordo con l'Università di Pavia è stato firmato il 3 marzo; il laboratorio aprirà a maggio."),
    ("es", "El foro con la Universidad de Granada se celebrará los días 13 y 14 de junio."),
    ("tr", "Erciyes Üniversitesi ile anlaşma 4 Ekim 2023 tarihinde imzalandı."),
]


def per_call(fn, repeat: int) -> float:
    """Best of five runs of ``repeat`` calls, in CPU seconds per call (process time, so other
    processes on a busy machine do not count)."""
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(repeat):
            fn()
        best = min(best, (time.process_time() - t0) / repeat)
    return best


def time_ours(repeat: int) -> list[tuple[float, float]]:
    """(extract_dates, is_planned) seconds per call for each sentence, with the kzatlas on sys.path."""
    from kzatlas.extract.dates import extract_dates, is_planned  # noqa: PLC0415 - the version under test

    out = []
    for lang, text in SENTENCES:
        extract_dates(text, lang, PUB)  # warm the compiled rules
        out.append(
            (per_call(lambda: extract_dates(text, lang, PUB), repeat), per_call(lambda: is_planned(text, lang), repeat))
        )
    return out


def time_in_subprocess(pythonpath: str, repeat: int) -> list[tuple[float, float]]:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    done = subprocess.run(
        [sys.executable, __file__, "--json", "--repeat", str(repeat)], env=env, check=True, capture_output=True, text=True
    )
    return [tuple(pair) for pair in json.loads(done.stdout)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2000)
    ap.add_argument("--peer-repeat", type=int, default=20)
    ap.add_argument(
        "--baseline",
        help="a folder holding an older kzatlas package (e.g. from `git archive REV kzatlas | tar -x -C DIR`): "
        "it and this checkout are timed in alternating subprocesses, best of --rounds",
    )
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.json:
        print(json.dumps(time_ours(args.repeat)))
        return
    warnings.simplefilter("ignore")
    from dateparser.search import search_dates  # noqa: PLC0415 - a peer, not a dependency of the package

    if args.baseline:
        here = str(ROOT)
        ours = before = None
        for _ in range(args.rounds):
            b = time_in_subprocess(args.baseline, args.repeat)
            a = time_in_subprocess(here, args.repeat)
            before = b if before is None else [tuple(map(min, x, y)) for x, y in zip(before, b)]
            ours = a if ours is None else [tuple(map(min, x, y)) for x, y in zip(ours, a)]
    else:
        ours, before = time_ours(args.repeat), None
    settings = {"RELATIVE_BASE": dt.datetime(2024, 9, 1)}
    peers = []
    for lang, text in SENTENCES:
        search_dates(text, languages=[lang], settings=settings)
        peers.append(per_call(lambda: search_dates(text, languages=[lang], settings=settings), args.peer_repeat))

    head = f"{'lang':4} {'extract_dates':>14} {'is_planned':>11}"
    head += f" {'baseline':>11} {'vs base':>8}" if before else ""
    print(head + f" {'search_dates':>13} {'ratio':>7}  sentence")
    for i, (lang, text) in enumerate(SENTENCES):
        t, p = ours[i]
        row = f"{lang:4} {t * 1e6:11.1f} µs {p * 1e6:8.1f} µs"
        if before:
            row += f" {before[i][0] * 1e6:8.1f} µs {t / before[i][0]:7.2f}x"
        print(row + f" {peers[i] * 1e6:10.0f} µs {peers[i] / t:6.0f}x  {text[:50]}")
    tot = sum(t for t, _ in ours)
    line = (
        f"median extract_dates {statistics.median(t for t, _ in ours) * 1e6:.1f} µs, "
        f"is_planned {statistics.median(p for _, p in ours) * 1e6:.1f} µs, "
        f"search_dates {statistics.median(peers) * 1e6:.0f} µs; search_dates / extract_dates (totals) {sum(peers) / tot:.0f}x"
    )
    if before:
        base = sum(t for t, _ in before)
        line += f"; baseline median {statistics.median(t for t, _ in before) * 1e6:.1f} µs, this / baseline (totals) {tot / base:.2f}x"
    print(line)


if __name__ == "__main__":
    main()
