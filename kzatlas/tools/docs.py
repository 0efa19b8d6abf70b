"""Regenerate the README's data dictionary from kzatlas/schema.py:
``python -m kzatlas.tools.docs`` rewrites the part between the data-dictionary markers."""

from __future__ import annotations

from kzatlas.paths import REPO_DIR
from kzatlas.schema import data_dictionary_markdown

BEGIN, END = "<!-- data-dictionary:begin -->", "<!-- data-dictionary:end -->"


def update_readme() -> bool:
    path = REPO_DIR / "README.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{data_dictionary_markdown()}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    print("README.md updated" if update_readme() else "README.md already up to date")
