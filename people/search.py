"""Free-text search over people: names, their other spellings and positions."""

from django.db.models import OuterRef

from academy.search import matching

from .models import PersonName

SEARCHED_FIELDS = ("name", "position")


def search_people(queryset, text):
    """People whose name, another spelling of it, or position has every word."""
    other_spellings = PersonName.objects.filter(person=OuterRef("pk"))
    return matching(
        queryset, text, SEARCHED_FIELDS, related=((other_spellings, ("name",)),)
    )
