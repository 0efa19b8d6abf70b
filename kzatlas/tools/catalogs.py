"""The interface's message catalogs, kept with Babel's own extractor and catalog
code: ``python -m kzatlas i18n extract | init LANG | update | check | compile``.

The strings are those marked in ``dashboard/`` and ``kzatlas/viz/`` (``_``,
``gettext``, ``ngettext``, ``pgettext``, ``N_`` and ``NP_(context, message)``),
extracted fresh from the source each time, so a check can never compare the
catalogs with a stale template. ``.po`` files are written sorted, with file
references but no line numbers and without obsolete entries, so an update diffs
to exactly the strings that changed; their dates are left alone (the build's
outputs carry no timestamps either).

``check`` lists every problem that would show an English string or a broken one
in another language: a message missing from a catalog, an empty or fuzzy
translation, a ``{placeholder}`` or ``%s`` the translation does not keep, and a
catalog entry no longer in the source.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from kzatlas import __version__
from kzatlas.fsio import atomic_write
from kzatlas.paths import REPO_DIR
from kzatlas.viz.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE, catalog_languages, compile_po, mo_path, po_path

#: Folders whose Python files hold interface strings (relative to the repository).
SOURCE_DIRS = ("dashboard", "kzatlas/viz")
METHOD_MAP = [("**.py", "python")]
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
COMMENT_TAGS = ("Translators:",)
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
PROJECT = "Kazakhstan Science Cooperation Atlas"
_HEADER = {
    "project": PROJECT,
    "version": __version__,
    "msgid_bugs_address": "",
    "fuzzy": False,
    "domain": DOMAIN,
    "charset": "utf-8",
    "copyright_holder": "the atlas's authors",
    "language_team": "kzatlas",
    "last_translator": "kzatlas",
    "header_comment": "# Interface strings of the Kazakhstan Science Cooperation Atlas.\n"
    "# Distributed under the project's licence (MIT). Edit msgstr only; the msgids come from the source.",
}

_BRACES = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[sdrifegxXo%]")


def extract(repo_dir: Path = REPO_DIR) -> Catalog:
    """A template catalog of every interface string in the source."""
    catalog = Catalog(**_HEADER)
    for folder in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            repo_dir / folder, METHOD_MAP, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
        ):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def calls_hidden_in_fstrings(repo_dir: Path = REPO_DIR) -> list[str]:
    """``file:line`` of message calls written inside an f-string, which the extractor
    does not see (before Python 3.12 an f-string is one string token), so their
    strings would silently stay English."""
    found = []
    for folder in SOURCE_DIRS:
        for path in sorted((repo_dir / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in ast.walk(node):
                    if isinstance(call, ast.Call):
                        func = call.func
                        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                        if name in KEYWORDS:
                            found.append(f"{path.relative_to(repo_dir)}:{call.lineno}")
    return found


def _po_text(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return buf.getvalue()


def read_catalog(lang: str, locales_dir: Path = LOCALES_DIR) -> Catalog:
    with po_path(lang, locales_dir).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def write_template(template: Catalog, path: Path = TEMPLATE) -> Path:
    """The ``.pot`` file, for translators' own tools (not versioned: it is derived)."""
    atomic_write(path, _po_text(template))
    return path


def init(lang: str, template: Catalog, locales_dir: Path = LOCALES_DIR) -> Path:
    """A new, untranslated catalog for ``lang``; refuses to overwrite one."""
    Locale.parse(lang)  # raises for a language CLDR does not know: no formats for it
    path = po_path(lang, locales_dir)
    if path.exists():
        raise FileExistsError(f"{path} exists; use 'update' to add new strings to it")
    catalog = Catalog(locale=lang, **_HEADER)
    catalog.revision_date = catalog.creation_date
    catalog.update(template)
    atomic_write(path, _po_text(catalog))
    return path


def update(lang: str, template: Catalog, locales_dir: Path = LOCALES_DIR) -> Path:
    """Add the template's new strings to ``lang``'s catalog (empty, or fuzzy when a
    similar string had a translation) and drop the ones the source no longer has."""
    catalog = read_catalog(lang, locales_dir)
    created, revised = catalog.creation_date, catalog.revision_date
    catalog.update(template, update_header_comment=False)
    catalog.creation_date, catalog.revision_date = created, revised
    path = po_path(lang, locales_dir)
    atomic_write(path, _po_text(catalog))
    return path


def compile_catalog(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """Write ``lang``'s ``.mo`` (the dashboard also does this on first use)."""
    path = mo_path(lang, locales_dir)
    atomic_write(path, compile_po(po_path(lang, locales_dir), lang))
    return path


def _placeholders(text: str) -> list[str]:
    return sorted(_BRACES.findall(text) + _PERCENT.findall(text))


def _describe(message: Message) -> str:
    mid = message.id[0] if isinstance(message.id, tuple) else message.id
    where = f" [{message.context}]" if message.context else ""
    return f"{mid!r}{where}"


def problems(lang: str, template: Catalog, locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Everything that keeps ``lang``'s catalog from translating the interface."""
    path = po_path(lang, locales_dir)
    if not path.is_file():
        return [f"{lang}: no catalog at {path}"]
    catalog = read_catalog(lang, locales_dir)
    out: list[str] = []
    for msg in template:
        if not msg.id:
            continue  # the header
        got = catalog.get(msg.id, context=msg.context)
        if got is None:
            out.append(f"{lang}: missing {_describe(msg)}")
            continue
        forms = list(got.string) if isinstance(got.string, (list, tuple)) else [got.string]
        if got.fuzzy:
            out.append(f"{lang}: fuzzy (needs review) {_describe(msg)}")
        if not forms or any(not f for f in forms):
            out.append(f"{lang}: untranslated {_describe(msg)}")
            continue
        ids = list(msg.id) if isinstance(msg.id, tuple) else [msg.id]
        # Every plural form must keep the plural id's placeholders ({n} included: a
        # "one" form used for 21 must still say 21).
        expected = _placeholders(ids[-1])
        for form in forms:
            if _placeholders(form) != expected:
                out.append(f"{lang}: placeholders {expected} not kept in {form!r} for {_describe(msg)}")
    for msg in catalog:
        if msg.id and template.get(msg.id, context=msg.context) is None:
            out.append(f"{lang}: not in the source any more (run update) {_describe(msg)}")
    return out


def main(argv: list[str]) -> int:
    """The ``i18n`` command; ``argv`` = [action, *languages]."""
    action, langs = argv[0], argv[1:]
    template = extract()
    targets = langs or [lang for lang in catalog_languages() if lang != SOURCE_LANGUAGE]
    if action == "extract":
        print(f"{len(template)} strings -> {write_template(template)}")
        return 0
    if action == "init":
        if not langs:
            print("error: name the language, e.g. i18n init uz", file=sys.stderr)
            return 2
        for lang in langs:
            try:
                print(f"created {init(lang, template)}: translate it, then run i18n check and i18n compile")
            except (FileExistsError, ValueError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        return 0
    if action == "update":
        for lang in targets:
            print(f"updated {update(lang, template)}")
        return 0
    if action == "compile":
        for lang in targets:
            print(f"compiled {compile_catalog(lang)}")
        return 0
    found = [f"{where}: a message call inside an f-string is not extracted" for where in calls_hidden_in_fstrings()]
    found += [p for lang in targets for p in problems(lang, template)]
    for p in found:
        print(p)
    print(f"{len(template)} strings, {len(targets)} catalogs: " + (f"{len(found)} problems" if found else "complete"))
    return 1 if found else 0
