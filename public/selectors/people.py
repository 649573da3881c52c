"""Selectors of people."""

from django.db.models import Count, F

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.media_check import missing_files_emptied
from events.models import Event, Participation
from events.search import search_people
from people.models import Person

from ..facets import Year
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
    """A person with their other names."""
    queryset = person_cards().prefetch_related("alternative_names")
    person = queryset.get(slug=slug)
    depends_on(links_tag(person))
    return person


def person_talks(person):
    """The person's parts in published events, latest event first, each
    with its event, the event's host country and the event's `year`: a
    speaker's page reads them a page at a time (a speaker of the generated
    archive has 200)."""
    depends_on(links_tag(person))
    return (
        published_talks_of(person)
        .select_related("event", "event__host_country")
        .annotate(year=Year("event__start_date"))
        .order_by(F("event__start_date").desc(nulls_last=True), "event__title")
    )


def person_role_counts(person):
    """[(role, how many published events)] of the person's roles, most
    first: one GROUP BY of their talks."""
    depends_on(links_tag(person))
    rows = (
        published_talks_of(person)
        .order_by()
        .values_list("role")
        .annotate(events=Count("*"))
        .order_by("-events", "role")
    )
    labels = dict(Participation.Role.choices)
    return [(labels[role], events) for role, events in rows]


def published_talks_of(person):
    return Participation.objects.filter(
        person=person, event__status=Event.Status.PUBLISHED
    )


def person_search(text):
    depends_on(kind_tag(Person))
    return search_results(search_people(person_cards(), text))
