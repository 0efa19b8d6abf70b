"""The README stays true: its data dictionary is the schema's, every CLI command is
documented, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzatlas.schema import data_dictionary_markdown
from kzatlas.tools.cli import parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BEGIN, END = "<!-- data-dictionary:begin -->", "<!-- data-dictionary:end -->"


def test_data_dictionary_is_generated_from_the_schema() -> None:
    section = README.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip() == data_dictionary_markdown().strip(), "run: python -m kzatlas.tools.docs"


@pytest.mark.parametrize("command", sorted(parser()._subparsers._group_actions[0].choices))  # type: ignore[union-attr]
def test_every_command_is_documented(command: str) -> None:
    assert f"python -m kzatlas {command}" in README


def test_ci_runs_the_readme_test_command() -> None:
    test_cmd = re.search(r"pip install -r requirements-dev.txt && python -m pytest", README)
    assert test_cmd
    assert "pip install -q -r requirements-dev.txt && python -m pytest" in (ROOT / ".ci" / "run").read_text()


#: Build outputs, documented by the data dictionary rather than the curated-data table.
BUILD_OUTPUTS = {"events.csv", "event_sources.csv"}


@pytest.mark.parametrize("path", sorted({p.name for p in (ROOT / "data").glob("*.csv")} - BUILD_OUTPUTS))
def test_every_curated_file_is_in_the_readme(path: str) -> None:
    """A data file nobody can find in the README is a file nobody can edit safely."""
    assert f"`data/{path}`" in README
