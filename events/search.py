"""Free-text search over events (their text and their speakers' names) and people."""

from academy.search import matching
from people.models import Person

from .models import Participation


def events_with_speakers(people):
    """The keys of the events at which any of `people` (a subquery of keys) spoke."""
    return Participation.objects.filter(person__in=people).order_by().values("event")


def search_events(queryset, text):
    """Events where each word is in their text or in a speaker's name.

    Their text is the title, summary, city and venue in either language; a
    speaker's name is any spelling of it, their position is not.
    """
    speakers = (Person, "search_names", events_with_speakers)
    return matching(queryset, text, related=(speakers,))


def search_people(queryset, text):
    """People whose name, another spelling of it, or position has every word."""
    return matching(queryset, text)
