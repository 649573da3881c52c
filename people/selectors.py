"""Reads for the public pages on people, countries and organizations.

Only published events are ever counted or listed; each function plans all the
related rows its page shows.
"""

from django.db.models import Count, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from academy.caching import remember
from academy.search import matching
from events.models import Event, Participation, Topic
from events.selectors import LATEST, count_of, plan_choices, published_link_counts

from .filters import PersonFilter
from .models import Country, Organization, Person
from .search import search_people

SEARCH_LIMIT = 20


def person_cards():
    return Person.objects.select_related("country", "organization")


def person_list(*, filters):
    """The filter set and the people it selects; none when a filter is invalid."""
    filterset = PersonFilter(filters, queryset=person_cards())
    people = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    plan_choices(
        filterset.form,
        country=Country.objects.only("slug", "name"),
        organization=Organization.objects.only("slug", "name"),
        topic=Topic.objects.only("slug", "name"),
    )
    return filterset, people


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
    return get_object_or_404(queryset, slug=slug)


def country_event_counts():
    """{country id: how many published events it took part in or hosted}.

    Counted for every country at once, as those it took part in plus those it
    hosted only; cached, since it counts the whole archive.
    """

    def count():
        counts = published_link_counts("participating_countries")
        hosted_only = (
            Event.objects.published()
            .exclude(participating_countries=F("host_country"))
            .filter(host_country__isnull=False)
            .order_by()
            .values_list("host_country")
            .annotate(Count("pk"))
        )
        for pk, hosted in hosted_only:
            counts[pk] = counts.get(pk, 0) + hosted
        return counts

    return remember("country-event-counts", count)


def country_list():
    """Every country with its count of published events."""
    counts = country_event_counts()
    countries = list(Country.objects.all())
    for country in countries:
        country.event_count = counts.get(country.pk, 0)
    return countries


def latest_events(**relation):
    return list(Event.objects.published().filter(**relation)[:LATEST])


def country_detail(*, slug):
    """A country with its organizations, and the latest of its published events
    and people, each with how many there are in all."""
    published = Event.objects.published()
    queryset = Country.objects.annotate(
        took_part_count=count_of(
            published.filter(participating_countries=OuterRef("pk"))
        ),
        hosted_count=count_of(published.filter(host_country=OuterRef("pk"))),
        discussed_count=count_of(published.filter(mentioned_countries=OuterRef("pk"))),
        person_count=count_of(Person.objects.filter(country=OuterRef("pk"))),
    ).prefetch_related("based_organizations", "memberships")
    country = get_object_or_404(queryset, slug=slug)
    country.took_part_in = latest_events(participating_countries=country)
    country.hosted = latest_events(host_country=country)
    country.discussed_at = latest_events(mentioned_countries=country)
    country.person_list = list(person_cards().filter(country=country)[:LATEST])
    return country


def organization_list():
    return Organization.objects.select_related("parent", "country")


def organization_detail(*, slug):
    """An organization, its family and members, and the latest of its published
    events and people, each with how many there are in all."""
    published = Event.objects.published()
    queryset = (
        organization_list()
        .annotate(
            organized_count=count_of(published.filter(organizers=OuterRef("pk"))),
            discussed_count=count_of(
                published.filter(mentioned_organizations=OuterRef("pk"))
            ),
            person_count=count_of(Person.objects.filter(organization=OuterRef("pk"))),
        )
        .prefetch_related("children", "member_countries")
    )
    organization = get_object_or_404(queryset, slug=slug)
    organization.organized = latest_events(organizers=organization)
    organization.discussed_at = latest_events(mentioned_organizations=organization)
    organization.person_list = list(
        person_cards().filter(organization=organization)[:LATEST]
    )
    return organization


def person_search(text):
    return list(search_people(person_cards(), text)[:SEARCH_LIMIT])


def country_search(text):
    return list(matching(Country.objects.all(), text)[:SEARCH_LIMIT])


def organization_search(text):
    return list(matching(organization_list(), text)[:SEARCH_LIMIT])


def people_for_export(*, filters):
    """A filter set over people with what the CSV writes; check `is_valid()`."""
    queryset = person_cards().prefetch_related("alternative_names")
    return PersonFilter(filters, queryset=queryset)
