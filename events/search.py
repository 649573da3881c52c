"""Free-text search over events: their text and their speakers' names."""

from django.db.models import OuterRef

from academy.search import matching
from people.models import PersonName

from .models import Participation

SEARCHED_FIELDS = ("title", "summary", "city", "venue")


def search_events(queryset, text):
    """Events whose text, or a speaker's name or other spelling, has every word."""
    speakers = Participation.objects.filter(event=OuterRef("pk"))
    speakers_other_names = PersonName.objects.filter(
        person__participations__event=OuterRef("pk")
    )
    return matching(
        queryset,
        text,
        SEARCHED_FIELDS,
        related=(
            (speakers, ("person__name",)),
            (speakers_other_names, ("name",)),
        ),
    )
