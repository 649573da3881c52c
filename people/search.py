"""Free-text search over people: names, their other spellings and positions."""

from django.db.models import Exists, OuterRef, Q

from .models import PersonName

SEARCHED_FIELDS = ("name", "position")


def search_people(queryset, text):
    """People whose name, another spelling of it, or position contains every word."""
    for word in text.split():
        other_spellings = PersonName.objects.filter(
            person=OuterRef("pk"), name__icontains=word
        )
        matches = Q(Exists(other_spellings))
        for field in SEARCHED_FIELDS:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset
