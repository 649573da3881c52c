"""The search documents the data migrations fill: a frozen copy.

Copied from academy/search.py and academy/i18n.py as they stood at people 0008
and events 0017, for people 0002 and 0004 and events 0003 and 0008 (Django
skips this module when it loads migrations: its name starts with "_"). Never
update it: a fresh `migrate` must build the documents it always built, whatever
academy.search becomes. A later migration that needs other documents freezes
its own code beside this.
"""

import functools
import re
import unicodedata
from itertools import chain

import snowballstemmer

# The languages of the translated fields' columns: name_en, name_ru, ...
LANGUAGES = ("en", "ru")
WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile("[\u0400-\u04ff]")
TRIGRAM = 3
BATCH_SIZE = 1000
# The marks of "й" and "ё": Russian endings, and so stems, depend on them.
STEMMED_MARKS = frozenset("\u0306\u0308")


def localized(*fields):
    """Every language's column of each translated field."""
    return tuple(f"{field}_{code}" for field in fields for code in LANGUAGES)


def fold(text, keep=frozenset()):
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(
        char for char in text if char in keep or not unicodedata.combining(char)
    )


@functools.lru_cache(maxsize=100_000)
def stem(word):
    language = "russian" if CYRILLIC.search(word) else "english"
    stemmed = snowballstemmer.stemmer(language).stemWord(word)
    return fold(stemmed if len(stemmed) >= TRIGRAM else word)


def word_stems(text):
    folded = unicodedata.normalize("NFC", fold(text, keep=STEMMED_MARKS))
    return {fold(word): stem(word) for word in WORD.findall(folded)}


def document(instance, fields, extra=()):
    """The words of `fields` of `instance` in every language, and of `extra`,
    each followed by its stem."""
    texts = [getattr(instance, column) or "" for column in localized(*fields)]
    found = word_stems(" ".join([*texts, *extra]))
    return " ".join(dict.fromkeys(chain.from_iterable(found.items())))


def fill_documents(queryset, build):
    """Store `build(record)`, {field: text}, in every record of `queryset`
    whose documents it changes, in batches."""
    manager = queryset.model._base_manager.db_manager(queryset.db)
    changed = []
    for record in queryset.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        texts = build(record)
        if any(getattr(record, field) != text for field, text in texts.items()):
            for field, text in texts.items():
                setattr(record, field, text)
            changed.append(record)
        if len(changed) == BATCH_SIZE:
            manager.bulk_update(changed, list(texts))
            changed = []
    if changed:
        manager.bulk_update(changed, list(texts))
