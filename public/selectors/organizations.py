"""Selectors of organizations."""

from django.db.models import OuterRef

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.queries import count_of
from academy.search import matching
from events.models import Event
from people.models import Organization, Person

from .base import LATEST, latest_linked_events, search_results
from .counts import tally_of_measure
from .people import person_cards


def organization_list():
    return Organization.objects.select_related("parent", "country")


def organization_full_list():
    """Organizations with their members and how many published events they
    organized."""
    return (
        organization_list()
        .prefetch_related("member_countries")
        .annotate(event_count=tally_of_measure("organizer"))
    )


def counted_organizers():
    """Every organization with how many published events it organized."""
    depends_on(kind_tag(Event), *every_change_tags(Organization))
    return list(
        Organization.objects.annotate(event_count=tally_of_measure("organizer"))
    )


def organization_detail(*, slug):
    """An organization, its family and members, how many published events it
    organized and was discussed at, the latest of those where it was
    discussed, and the first of its people, with how many there are in
    all."""
    queryset = (
        organization_list()
        .annotate(
            organized_count=tally_of_measure("organizer"),
            discussed_count=tally_of_measure("discussed-organization"),
            person_count=count_of(Person.objects.filter(organization=OuterRef("pk"))),
        )
        .prefetch_related("children", "member_countries")
    )
    organization = queryset.get(slug=slug)
    depends_on(links_tag(organization))
    organization.discussed_at = latest_linked_events(
        mentioned_organizations=organization
    )
    organization.person_list = list(
        person_cards().filter(organization=organization)[:LATEST]
    )
    return organization


def organization_search(text):
    depends_on(kind_tag(Organization))
    return search_results(matching(organization_list(), text))
