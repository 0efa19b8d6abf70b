"""Where one clause of a sentence ends and the next begins, per language, for
:func:`kzatlas.extract.document.clauses`. An event's date, plan marker and venue are
read from the clause that holds its act: in "We signed the agreement in Seoul today;
the joint laboratory will open in Almaty next year" the signing is done, in Seoul, and
only the laboratory is planned. Semicolons and spaced dashes end a clause in every
language; the words below start a new one after a comma (a relative or temporal clause:
"…returned from Tokyo, where we signed…"). A comma alone never does: it also separates
the items of a list of partners."""

from __future__ import annotations

#: Punctuation that always ends a clause (spaced dashes: " – ", " — "; a closing quote
#: and a comma end a quotation before its reporting clause: «…», a-t-il déclaré lors de …).
HARD_BREAKS: tuple[str, ...] = (";", " – ", " — ", " − ", "\", ", "», ", "”, ")

#: Words that open a new clause right after a comma (lower case, whole words).
AFTER_COMMA: dict[str, tuple[str, ...]] = {
    "en": ("where", "when", "while", "whereas", "after", "before", "and", "but", "which", "as", "since", "whom"),
    "ru": ("где", "когда", "а", "но", "после", "однако", "который", "которая", "которое", "которые", "которым",
           "в ходе", "и"),
    "kk": ("ал", "бірақ", "алайда", "сондай-ақ", "сонымен қатар", "және"),
    "fr": ("où", "lorsque", "quand", "alors", "et", "mais", "qui", "tandis", "après", "avant", "dont"),
    "de": ("wo", "als", "wenn", "während", "und", "aber", "nachdem", "bevor", "der", "die", "das"),
    "it": ("dove", "quando", "mentre", "e", "ma", "dopo", "prima", "che", "dove"),
    "es": ("donde", "cuando", "mientras", "y", "pero", "después", "antes", "que"),
    "tr": ("ve", "ancak", "fakat", "ama"),
}
