"""Selectors of people."""

from django.db.models import F, Prefetch

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.media_check import missing_files_emptied
from events.models import Event, Participation
from events.search import search_people
from people.models import Person

from .base import narrow_by_filters, search_results
from .counts import published_count


def person_cards():
    """People with their country and organization; a photo whose file is
    missing is emptied, so the person is shown without it."""
    return missing_files_emptied(
        Person.objects.select_related("country", "organization")
    )


def person_list(*, filters=None):
    """People as cards, in name order, narrowed by a PersonFilter."""
    return narrow_by_filters(person_cards(), filters)


def person_export_list(*, filters=None):
    """People with what the CSV writes, narrowed by a PersonFilter."""
    depends_on(*every_change_tags(Person))
    return narrow_by_filters(
        person_cards().prefetch_related("alternative_names"), filters
    )


def person_full_list():
    """People with their other names and how many published events they spoke at."""
    # The counts change with a speaker added or removed, or an event published.
    depends_on(kind_tag(Event), kind_tag(Participation))
    return (
        person_cards()
        .prefetch_related("alternative_names")
        .annotate(event_count=published_count("speakers"))
    )


def person_detail(*, slug):
    """A person with every published event they took part in, latest first."""
    participations = (
        Participation.objects.filter(event__status=Event.Status.PUBLISHED)
        .select_related("event", "event__host_country")
        .order_by(F("event__start_date").desc(nulls_last=True), "event__title")
    )
    queryset = person_cards().prefetch_related(
        "alternative_names",
        Prefetch("participations", queryset=participations, to_attr="event_roles"),
    )
    person = queryset.get(slug=slug)
    depends_on(links_tag(person))
    return person


def person_search(text):
    depends_on(kind_tag(Person))
    return search_results(search_people(person_cards(), text))
