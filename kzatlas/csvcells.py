"""CSV cells that a spreadsheet shows as text instead of running them: a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://evil.example","Read")``
in an evidence sentence becomes a live link; even ``--06-13``, a partial date,
becomes the number -7). As OWASP's "CSV Injection" page describes, such a cell is
written with a leading apostrophe, which spreadsheets take as "this is text".

Numbers stay numbers: ``-12.5`` (a western longitude) is a value, not a formula.
The escape is reversible, so every reader of our own CSV files gets the original
text back with :func:`restore`: a cell that already starts with an apostrophe
followed by one of those characters (or by another apostrophe) gets one more.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

#: First characters that make a spreadsheet evaluate a cell (OWASP, CSV Injection).
FORMULA_STARTS = frozenset("=+-@\t\r")
TEXT_MARK = "'"
_ESCAPED_NEXT = FORMULA_STARTS | {TEXT_MARK}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """The cell as written to a CSV file: an apostrophe before a formula start."""
    if not cell:
        return cell
    first = cell[0]
    if first in FORMULA_STARTS:
        if first in "+-" and _NUMBER.fullmatch(cell):
            return cell
        return TEXT_MARK + cell
    if first == TEXT_MARK and cell[1:2] in _ESCAPED_NEXT:
        return TEXT_MARK + cell  # keeps restore() exact for text that starts so itself
    return cell


def restore(cell: str) -> str:
    """The original text of a cell written by :func:`neutralise`."""
    if cell[:1] == TEXT_MARK and cell[1:2] in _ESCAPED_NEXT:
        return cell[1:]
    return cell


def rows_from_text(text: str) -> list[dict[str, str]]:
    """The rows of CSV text written by kzatlas (header first), cells restored."""
    return [{k: restore(v or "") for k, v in row.items() if k is not None} for row in csv.DictReader(io.StringIO(text))]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file written by kzatlas (UTF-8, header first), cells restored."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return rows_from_text(fh.read())
