"""Selectors of countries."""

from django.db.models import OuterRef

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.queries import count_of
from academy.search import matching
from events.models import Event
from people.models import Country, Person

from .base import (
    LATEST,
    latest_linked_events,
    linked_by_any,
    published_events,
    search_results,
)
from .counts import tally_of_measure
from .events import events_with_relations
from .people import person_cards


def country_list():
    """Countries, each with how many published events it took part in or
    hosted, and at how many it was discussed."""
    depends_on(kind_tag(Event), *every_change_tags(Country))
    return Country.objects.annotate(
        event_count=tally_of_measure("country"),
        discussed_count=tally_of_measure("discussed-country"),
    )


def counted_countries():
    """Every country with how many published events it took part in or hosted."""
    return list(country_list())


# The links by which an event belongs to a country's page, its feed and its
# sitemap entry: the country took part in it, hosted it, or was discussed.
COUNTRY_EVENT_LINKS = ("participating_countries", "host_country", "mentioned_countries")


def country_event_export_list(country):
    """The published events `country`'s page lists, planned as
    event_export_list plans them."""
    depends_on(links_tag(country), *every_change_tags(Event))
    linked = published_events().filter(linked_by_any(COUNTRY_EVENT_LINKS, country))
    # Ids first: one event joined by two links is listed once.
    return events_with_relations().filter(pk__in=linked.values("pk"))


def country_detail(*, slug):
    """A country with its organizations, how many published events it took
    part in, hosted and was discussed at, the latest of those where it was
    discussed, and the first of its people, with how many there are in
    all."""
    queryset = Country.objects.annotate(
        took_part_count=tally_of_measure("took-part"),
        hosted_count=tally_of_measure("hosted"),
        discussed_count=tally_of_measure("discussed-country"),
        person_count=count_of(Person.objects.filter(country=OuterRef("pk"))),
    ).prefetch_related("based_organizations", "memberships")
    country = queryset.get(slug=slug)
    depends_on(links_tag(country))
    country.discussed_at = latest_linked_events(mentioned_countries=country)
    country.person_list = list(person_cards().filter(country=country)[:LATEST])
    return country


def country_search(text):
    depends_on(kind_tag(Country))
    return search_results(matching(Country.objects.all(), text))
