"""Cyrillic written in Latin letters, for slugs and English spellings of
names known only in Russian (or Kazakh, Belarusian, Ukrainian).

The scheme is the one English-language press uses for Russian names (BGN/PCGN
without its diacritics): "Юрий Семериков" is "Yuriy Semerikov".
"""

import re
import unicodedata

from django.utils.text import slugify

LATIN_OF_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ў": "w", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u",
    "ү": "u", "һ": "h", "ә": "a",
}  # fmt: skip


def latin_of(text):
    """`text` with its Cyrillic letters written in Latin ones, capitals kept:
    "Семериков" is "Semerikov", "Щукин" is "Shchukin"."""
    letters = []
    for char in text:
        latin = LATIN_OF_CYRILLIC.get(char.lower())
        if latin is None:
            letters.append(char)
        elif char.isupper():
            letters.append(latin.capitalize())
        else:
            letters.append(latin)
    return "".join(letters)


def latin_slug(text):
    """A slug in Latin letters for `text` in any script: "Анна Орлова" is
    "anna-orlova" (Django's slugify alone drops Cyrillic letters)."""
    return slugify(latin_of(text))


# Spelling differences between transliteration schemes, folded to one letter.
FOLDS = (
    ("kh", "h"),
    ("ck", "k"),
    ("c", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("x", "ks"),
    ("j", "i"),
    ("y", "i"),
)


def spelling_key(text):
    """`text` in lower-case Latin letters without accents, the usual
    differences between transliterations folded (Victor/Viktor,
    Vasilyev/Vasiliev, Kyrgyz/Кыргыз/Киргиз) and doubled letters made single
    (Valerii, Vasilliev): two spellings of a name come out alike."""
    text = latin_of(text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    for spelling, folded in FOLDS:
        text = text.replace(spelling, folded)
    return re.sub(r"(.)\1+", r"\1", text)
