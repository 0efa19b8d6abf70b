"""Language identification clues as data: the letters that only Kazakh uses among
Cyrillic alphabets, and frequent function words of each of our languages. Kazakh vs
Russian is decided by the letters; English vs French by the function words; other
languages fall to the statistical identifier."""

from __future__ import annotations

#: Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

#: Frequent short words (lowercase). A handful per language is enough: they are
#: counted, not matched one by one.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is was with for on that by from at as an are were has have will this its".split()
    ),
    "fr": frozenset(
        "le la les des du de et est une un dans pour avec sur par au aux qui que ont été sont ce cette leur "
        "nous il elle a".split()
    ),
    "ru": frozenset("и в во не на с со что по к о из за от для как это до при также был была были".split()),
    "kk": frozenset("және мен бен пен да де үшін бойынша туралы бұл осы ол деп бар жоқ арасында".split()),
    "de": frozenset("der die das und ist mit den dem des ein eine einer zu im auf für von nicht sich wurde wurden "
                    "hat haben auch bei über".split()),
    "it": frozenset("il lo la gli le di del della dei delle e è con per un una nel nella che sono è stato stata "
                    "al alla anche".split()),
    "es": frozenset("el la los las de del y en con por para un una que es fue fueron se al su sus como también "
                    "entre".split()),
    "tr": frozenset("ve bir bu ile için de da olarak olan gibi daha çok ise arasında tarafından üniversitesi "
                    "ile birlikte".split()),
}

#: Languages we extract from; anything else is reported with its own code.
SUPPORTED = ("en", "ru", "kk", "fr")
#: Latin-script languages told apart by their function words.
LATIN_LANGS = ("en", "fr", "de", "it", "es", "tr")
