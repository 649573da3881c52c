"""Another spelling for a search that found nothing: "Did you mean
Семериков?" for "Семерекову".

Each of the query's first words is looked up among the names of records by
its beginnings (a typo is most often near the end), and failing those by the
halves of it and of its stem anywhere in a name (one typo leaves one half of
a word as it was, and the stem drops a case ending); the most alike word of
the names found replaces it.
"""

import difflib

from django.db.models import Q

from .i18n import localized
from .search import DOCUMENT, STOP_WORDS, WORD, matching, normalize, stem

# A search that finds nothing suggests another spelling of its first few words,
# each looked up by itself and by its beginnings down to a few letters less.
SUGGESTED_WORDS = 3
PREFIXES_TRIED = 4
SHORTEST_PREFIX = 4
# How alike (difflib's ratio) a word must be to a name's to be suggested.
ALIKE = 0.75


def prefixes(word):
    """`word` and its beginnings, longest first, to look up the spellings a
    misspelt word may stand for: a typo is most often near the end
    ("Semerikof"), and a beginning is what the index finds fast."""
    shortest = max(SHORTEST_PREFIX, len(word) - PREFIXES_TRIED + 1)
    return [word[:length] for length in range(len(word), shortest - 1, -1)]


def closest_word(word, names):
    """The word of `names` (texts) most like the normalized `word` or its stem
    (a case ending is not a typo), as it is written there, if alike enough
    (difflib's ratio at least ALIKE); None when none is, or when `word`
    itself is there."""
    best, best_ratio = None, ALIKE
    forms = {word, stem(word)}
    for name in names:
        for written in WORD.findall(name):
            normalized = normalize(written)
            if normalized == word:
                return None
            ratio = max(
                difflib.SequenceMatcher(None, form, normalized).ratio()
                for form in forms
            )
            if ratio > best_ratio:
                best, best_ratio = written, ratio
    return best


def halves(word):
    """The halves of `word` and of its stem long enough to look up: one typo
    leaves one half of a word as it was, and the stem's second half is the
    word's without a case ending ("семери|кову")."""
    found = set()
    for form in (word, stem(word)):
        middle = len(form) // 2
        found |= {part for part in (form[:middle], form[middle:]) if len(part) >= 3}
    return found


def names_alike(word, querysets, field, candidates):
    """The names (`field`, in every language) of records of `querysets` that
    may be `word` misspelt: those with a word that begins as it does, the
    longest beginning first; failing those, with either half of it or of
    its stem (halves()) anywhere in a word."""
    columns = localized(field)

    def names_of(records):
        return [
            getattr(record, column) or "" for record in records for column in columns
        ]

    for prefix in prefixes(word):
        found = names_of(
            record
            for queryset in querysets
            for record in matching(queryset, prefix)[:candidates]
        )
        if found and closest_word(word, found):
            return found
    parts = halves(word)
    if not parts:
        return []
    in_a_word = Q.create([(f"{DOCUMENT}__contains", part) for part in parts], Q.OR)
    return names_of(
        record
        for queryset in querysets
        for record in queryset.filter(in_a_word)[:candidates]
    )


def suggested_spelling(text, querysets, field="name", candidates=20):
    """`text` with each of its first SUGGESTED_WORDS words that no `field` (in
    any language) of the records of `querysets` holds replaced by the most
    alike word of those that may be it misspelt (names_alike), for a search
    that found nothing; None when no word is replaced."""
    words = [word for word in WORD.findall(text) if normalize(word) not in STOP_WORDS]
    replaced = {}
    for word in words[:SUGGESTED_WORDS]:
        folded = normalize(word)
        names = names_alike(folded, querysets, field, candidates)
        closest = closest_word(folded, names)
        if closest:
            replaced[word] = closest
    if not replaced:
        return None
    return " ".join(replaced.get(word, word) for word in WORD.findall(text))
