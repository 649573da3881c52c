"""Free-text search over events, the one place that decides how text matches."""

from django.db.models import Exists, OuterRef, Q

from .models import Participation

SEARCHED_FIELDS = ("title", "summary", "city", "venue")


def search_events(queryset, text):
    """Events whose text, or one of whose speakers' names, contains every word."""
    for word in text.split():
        speaker_matches = Participation.objects.filter(
            event=OuterRef("pk"), person__name__icontains=word
        )
        matches = Q(Exists(speaker_matches))
        for field in SEARCHED_FIELDS:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset
