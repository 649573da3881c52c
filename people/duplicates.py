"""Finding people already in the archive under another spelling of a name.

Names are reduced to a key that ignores case, accents, word order and the usual
differences between transliterations (Victor/Viktor, Vasilyev/Vasiliev), with
Cyrillic transliterated first, so "Виктор Васильев" meets "Viktor Vasiliev".
"""

import difflib
import re

from academy.i18n import localized
from academy.transliteration import spelling_key

from .models import Person, PersonName

SIMILAR_ENOUGH = 0.88


def name_key(name):
    return " ".join(sorted(re.findall(r"[a-z]+", spelling_key(name))))


def resembles(first, second):
    if not first or not second:
        return False
    ratio = difflib.SequenceMatcher(None, first, second).ratio()
    return first == second or ratio >= SIMILAR_ENOUGH


def likely_duplicates(names, exclude_pk=None):
    """People other than `exclude_pk` whose name or a variant resembles `names`."""
    keys = {name_key(name) for name in names if name}
    name_fields = localized("name")
    spellings = [
        (row[0], name)
        for row in Person.objects.exclude(pk=exclude_pk).values_list("pk", *name_fields)
        for name in row[1:]
    ]
    spellings += PersonName.objects.exclude(person=exclude_pk).values_list(
        "person", "name"
    )
    matches = {
        pk
        for pk, name in spellings
        if name and any(resembles(key, name_key(name)) for key in keys)
    }
    return Person.objects.filter(pk__in=matches)
