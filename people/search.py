"""Free-text search over people: names in both languages, other spellings, positions."""

from academy.search import matching


def search_people(queryset, text):
    """People whose name, another spelling of it, or position has every word."""
    return matching(queryset, text)
