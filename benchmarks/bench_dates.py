"""Benchmark of the date layer (not a test): the time of one ``extract_dates`` call on
typical candidate sentences (a dated act, a relative date, a plan, no date at all) in
each language, against dateparser's ``search_dates`` on the same sentences measured in
the same run, printed per sentence and as a ratio.

    python benchmarks/bench_dates.py [--repeat 2000] [--peer-repeat 20]

The sentences are written for the benchmark (partners that appear nowhere else in the
repository); ``is_planned`` is timed alongside because the event finder calls it per clause.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
import warnings

from kzatlas.extract.dates import extract_dates, is_planned

PUB = dt.date(2024, 9, 1)
SENTENCES: list[tuple[str, str]] = [
    ("en", "On 12 March 2024 the Eurasian Institute of Geodesy signed a memorandum with the Lisbon Polytechnic."),
    ("en", "The joint summer school with the University of Tartu will be held on 13–14 June in Karaganda."),
    ("en", "Representatives of the Karaganda Medical University visited the laboratories of the Oulu Institute."),
    ("ru", "В прошлом году Карагандинский технический университет подписал соглашение с Университетом Тарту."),
    ("ru", "Сегодня в Караганде состоялась встреча ректора с делегацией Политехнического института Лиссабона."),
    ("kk", "Бүгін Қарағанды университеті мен Тарту университеті арасында меморандумға қол қойылды."),
    ("kk", "2026–2028 жылдарға арналған бірлескен бағдарлама талқыланды."),
    ("fr", "Le 4 octobre 2023, l'Université de Karaganda a signé un accord avec l'École polytechnique de Lisbonne."),
    ("fr", "La délégation a visité les laboratoires de l'Institut d'Oulu."),
]


def per_call(fn, repeat: int) -> float:
    """Best of five runs of ``repeat`` calls, in seconds per call."""
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - t0) / repeat)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2000)
    ap.add_argument("--peer-repeat", type=int, default=20)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    from dateparser.search import search_dates  # noqa: PLC0415 - a peer, not a dependency of the package

    ours, peers, planned = [], [], []
    print(f"{'lang':4} {'extract_dates':>14} {'is_planned':>11} {'search_dates':>13} {'ratio':>7}  sentence")
    for lang, text in SENTENCES:
        extract_dates(text, lang, PUB)  # warm the compiled rules
        search_dates(text, languages=[lang], settings={"RELATIVE_BASE": dt.datetime(2024, 9, 1)})
        t = per_call(lambda: extract_dates(text, lang, PUB), args.repeat)
        p = per_call(lambda: is_planned(text, lang), args.repeat)
        peer = per_call(
            lambda: search_dates(text, languages=[lang], settings={"RELATIVE_BASE": dt.datetime(2024, 9, 1)}),
            args.peer_repeat,
        )
        ours.append(t)
        planned.append(p)
        peers.append(peer)
        print(f"{lang:4} {t * 1e6:11.1f} µs {p * 1e6:8.1f} µs {peer * 1e6:10.0f} µs {peer / t:6.0f}x  {text[:60]}")
    print(
        f"median extract_dates {statistics.median(ours) * 1e6:.1f} µs, is_planned {statistics.median(planned) * 1e6:.1f} µs, "
        f"search_dates {statistics.median(peers) * 1e6:.0f} µs; "
        f"ratio of totals {sum(peers) / sum(ours):.0f}x"
    )


if __name__ == "__main__":
    main()
