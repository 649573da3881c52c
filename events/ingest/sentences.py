"""An article's text cut into sentences and words, each with its offsets.

razdel cuts Russian and English sentences and words by rule (no model);
pymorphy3 gives each Russian word its dictionary forms, so that "Сербии" and
"Сербия" share a key and a name is found in any of its six cases.
"""

import functools
import re
from dataclasses import dataclass

import pymorphy3
import razdel

# Case endings cut from a capitalised Cyrillic word the dictionary does not know
# as a name ("Семерикова" is read as an adjective): its stem is a key too.
RUSSIAN_ENDINGS = ("ыми", "ами", "ями", "ому", "ему", "ой", "ей", "ым", "ом", "ем")
RUSSIAN_ENDINGS += ("ых", "их", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    start: int
    stop: int
    text: str
    keys: frozenset  # the forms a name's word may share with it

    @property
    def is_capitalised(self):
        return self.text[:1].isupper()

    @property
    def is_cyrillic(self):
        return bool(CYRILLIC.search(self.text))


@functools.cache
def morphology():
    """The Russian analyser, loaded once (its dictionaries take ~0.1 s)."""
    return pymorphy3.MorphAnalyzer()


@functools.cache
def parses(word):
    return tuple(morphology().parse(word))


def word_keys(word):
    """The forms under which `word` is looked up: itself in lower case, its
    dictionary forms if Russian, and for a capitalised Russian word the stem
    left without a case ending."""
    lower = word.lower().replace("ё", "е")
    keys = {lower}
    if CYRILLIC.search(word):
        keys.update(p.normal_form.replace("ё", "е") for p in parses(lower))
        if word[:1].isupper():
            for ending in RUSSIAN_ENDINGS:
                if lower.endswith(ending) and len(lower) - len(ending) >= 4:
                    keys.add(lower[: -len(ending)])
                    break
    elif lower.endswith("s") and len(lower) > 4:
        keys.add(lower[:-1])  # organizations / organization
    return frozenset(keys)


def split_sentences(text):
    """(start, stop) of each sentence; a line on its own (a headline, a
    dateline) is a sentence even without a full stop."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        for sentence in razdel.sentenize(line.group()):
            spans.append((line.start() + sentence.start, line.start() + sentence.stop))
    return spans


def tokenize(text, start=0, stop=None):
    """The words and signs of text[start:stop], with offsets into `text`."""
    stop = len(text) if stop is None else stop
    return [
        Token(start + t.start, start + t.stop, t.text, word_keys(t.text))
        for t in razdel.tokenize(text[start:stop])
    ]
