"""The README stays true: its data dictionary is the schema's, every CLI command,
URL key and dashboard setting is documented, its screenshots exist, and CI runs the
README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzatlas.schema import data_dictionary_markdown
from kzatlas.tools.cli import parser
from kzatlas.viz.filters import QUERY_KEYS

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


@pytest.mark.parametrize("key", QUERY_KEYS)
def test_every_url_key_is_documented(key: str) -> None:
    assert f"`{key}`" in README.split("**URL keys:**", 1)[1].split("\n\n", 1)[0]


def test_dashboard_settings_are_documented() -> None:
    from kzatlas.viz.maps import BASEMAP_ENV, BASEMAPS

    assert f"{BASEMAP_ENV}={BASEMAPS[1]}" in README and "KZATLAS_DATA=" in README
    for image in re.findall(r"\(docs/([^)]+\.png)\)|src=\"docs/([^\"]+\.png)\"", README):
        assert (ROOT / "docs" / (image[0] or image[1])).is_file()
