"""How free text matches, per database: the one module that knows the difference.

Every word of the query must start a word of the record (PostgreSQL full-text
search, prefix-matched) or appear in it (SQLite, case-insensitive substring).
Words are letters and digits only, so no input can break a full-text query.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connections
from django.db.models import Exists, Q

WORD = re.compile(r"[^\W_]+")


def words(text):
    return WORD.findall(text)


def _word_in(fields, word, vendor):
    if vendor == "postgresql":
        # The "simple" configuration neither stems nor drops stop words, so it
        # serves names and every language alike.
        vector = SearchVector(*fields, config="simple")
        query = SearchQuery(f"{word}:*", search_type="raw", config="simple")
        return Q(SearchVectorExact(vector, query))
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def matching(queryset, text, fields, related=()):
    """Rows of `queryset` where each word of `text` is in one of `fields`.

    `related` holds (queryset, fields) pairs: querysets correlated to the outer
    row with OuterRef, such as its people's other spellings, searched alike.
    A text without any word matches nothing.
    """
    found = words(text)
    if not found:
        return queryset.none()
    vendor = connections[queryset.db].vendor
    for word in found:
        condition = _word_in(fields, word, vendor)
        for subquery, subfields in related:
            condition |= Exists(subquery.filter(_word_in(subfields, word, vendor)))
        queryset = queryset.filter(condition)
    return queryset
