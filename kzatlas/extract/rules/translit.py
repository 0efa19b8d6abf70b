"""The one Cyrillic → ASCII transliteration, used for the ``x-<slug>`` ids of
institutions found by pattern (:mod:`kzatlas.extract.institutions`) and for the file
names ``add`` gives new seed articles (:mod:`kzatlas.tools.ingest`).

The romanisation is ICAO Doc 9303's, the one in Russian and Kazakh passports
(я → ia, ю → iu, й → i, х → kh, ц → ts, щ → shch), chosen because ids are content
hashes that shared links and corrections.csv rely on: the ids already built used
this table, so keeping it changes no id, whereas the BGN/PCGN spelling that file
names used (я → ya) would have renamed every id with я or ю in it. Two departures
from ICAO, kept for the same reason: ъ and ь are dropped (ICAO writes ъ as "ie"),
and ё is "e". Kazakh letters follow the Kazakh Latin alphabet of 2021 without its
diacritics (ә → a, ғ → g, қ → q, ң → n, ө → o, ұ → u, ү → u, һ → h, і → i), so ids
stay ASCII; Ukrainian and Belarusian letters that turn up in names follow ICAO too.
Keys are lower case: callers lower-case (or case-fold) the text first.
"""

from __future__ import annotations

TRANSLIT: dict[str, str] = {
    # Russian
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Ukrainian and Belarusian
    "є": "ie", "ї": "i", "ґ": "g", "ў": "u",
    # Latin letters that Unicode does not decompose (so an ASCII fold would drop them)
    "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th",
}  # fmt: skip

#: TRANSLIT for str.translate.
TRANSLATE_TABLE = str.maketrans(TRANSLIT)
