"""Convert the world-universities list (Hipo's ``world_universities_and_domains.json``,
MIT licence) into ``data/world_universities.csv`` (name, country, region): the facts the
name grounding reads for universities the curated gazetteer does not hold. Run once when
the list is updated::

    python -m kzatlas.tools.universities ../shared/data/world-universities/world_universities_and_domains.json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from kzatlas.extract.grounding import UNIVERSITIES_CSV


def convert(source: Path) -> str:
    rows = json.loads(source.read_text(encoding="utf-8"))
    seen: set[tuple[str, str]] = set()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "country", "region"])
    for row in sorted(rows, key=lambda r: (r.get("name") or "", r.get("alpha_two_code") or "")):
        name = " ".join((row.get("name") or "").split())
        cc = (row.get("alpha_two_code") or "").upper()
        if not name or len(cc) != 2 or (name, cc) in seen:
            continue
        seen.add((name, cc))
        writer.writerow([name, cc, (row.get("state-province") or "").strip()])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--out", type=Path, default=UNIVERSITIES_CSV)
    args = ap.parse_args(argv)
    from kzatlas.build.output import write_tables  # noqa: PLC0415

    write_tables(args.out.parent, {args.out.name: convert(args.source)})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
