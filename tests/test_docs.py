"""The README stays true: its data dictionary is the schema's, every CLI command and
option, every KZATLAS_* environment variable the code reads and every URL key the
dashboard reads is documented (datasette's tests/test_docs.py is the model), and CI
runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzatlas.schema import TABLES, data_dictionary_markdown
from kzatlas.tools import world
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


#: Build outputs, documented by the data dictionary rather than the curated-data table.
BUILD_OUTPUTS = {t.filename for t in TABLES}


@pytest.mark.parametrize("path", sorted({p.name for p in (ROOT / "data").glob("*.csv")} - BUILD_OUTPUTS))
def test_every_curated_file_is_in_the_readme(path: str) -> None:
    """A data file nobody can find in the README is a file nobody can edit safely."""
    assert f"`data/{path}`" in README


def _options() -> list[pytest.ParameterSet]:
    """Every option of every command-line tool, as (command, flag)."""
    out = []
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    tools = [(name, sub) for name, sub in sorted(commands.items())]
    tools.append(("kzatlas.tools.world", world.parser()))
    for command, sub in tools:
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    out.append(pytest.param(command, flag, id=f"{command} {flag}"))
    return out


@pytest.mark.parametrize("command, flag", _options())
def test_every_cli_option_is_documented(command: str, flag: str) -> None:
    # A row of the README's command-line reference: | `build` | `--wait SECONDS` | …
    assert re.search(rf"^\| `{re.escape(command)}` \| `{re.escape(flag)}[ `]", README, re.M), (
        f"{command} {flag} has no row in the README's command-line reference"
    )


def _env_vars() -> list[str]:
    found: set[str] = set()
    for folder in ("kzatlas", "dashboard", "benchmarks", "tests", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", "") and "__pycache__" not in path.parts:
                found.update(re.findall(r"\bKZATLAS_[A-Z0-9_]+", path.read_text(encoding="utf-8", errors="ignore")))
    return sorted(found)


def test_env_vars_were_found() -> None:
    assert {"KZATLAS_DATA", "KZATLAS_UPLOAD_SECONDS"} <= set(_env_vars())


@pytest.mark.parametrize("name", _env_vars())
def test_every_environment_variable_is_documented(name: str) -> None:
    assert re.search(rf"^\| `{name}` \|", README, re.M), f"{name} is read by the code but has no row in the README"


def _url_keys() -> list[str]:
    app = (ROOT / "dashboard" / "app.py").read_text(encoding="utf-8")
    direct = re.findall(r"query_params(?:\.get(?:_all)?\(|\[)[\"']([^\"']+)[\"']", app)
    return sorted(set(QUERY_KEYS) | set(direct))


@pytest.mark.parametrize("key", _url_keys())
def test_every_url_key_is_documented(key: str) -> None:
    section = README.split("**URL keys:**", 1)[1].split("\n\n", 1)[0]
    assert f"`{key}`" in section, f"URL key {key!r} is not listed under 'URL keys' in the README"


def test_readme_screenshots_exist() -> None:
    images = [a or b for a, b in re.findall(r"\(docs/([^)]+\.png)\)|src=\"docs/([^\"]+\.png)\"", README)]
    assert images and all((ROOT / "docs" / name).is_file() for name in images)
