"""Reads for the public pages on people, countries and organizations.

Only published events are ever counted or listed; each function plans all the
related rows its page shows.
"""

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.shortcuts import get_object_or_404

from academy.search import matching
from events.models import Event, Participation, Topic
from events.selectors import plan_choices

from .filters import PersonFilter
from .models import Country, Organization, Person
from .search import search_people

SEARCH_LIMIT = 20


def person_cards():
    return Person.objects.select_related("country", "organization")


def person_list(*, filters):
    """The filter set and the people it selects; none when a filter is invalid."""
    filterset = PersonFilter(filters, queryset=person_cards())
    plan_choices(
        filterset.form,
        country=Country.objects.only("slug", "name"),
        organization=Organization.objects.only("slug", "name"),
        topic=Topic.objects.only("slug", "name"),
    )
    people = filterset.qs if filterset.is_valid() else filterset.queryset.none()
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


def country_event_count():
    """How many published events a country took part in or hosted."""
    takes_part = Event.participating_countries.through.objects.filter(
        event=OuterRef("pk"), country=OuterRef(OuterRef("pk"))
    )
    events = Event.objects.published().filter(
        Q(Exists(takes_part)) | Q(host_country=OuterRef("pk"))
    )
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(events.order_by().annotate(count=count).values("count"))


def country_list():
    return Country.objects.annotate(event_count=country_event_count())


def country_detail(*, slug):
    """A country, its people and organizations, and its published events."""
    queryset = Country.objects.prefetch_related(
        Prefetch(
            "people",
            queryset=person_cards(),
            to_attr="person_list",
        ),
        Prefetch(
            "participated_events",
            queryset=Event.objects.published(),
            to_attr="took_part_in",
        ),
        Prefetch("hosted_events", queryset=Event.objects.published(), to_attr="hosted"),
        Prefetch(
            "mentioned_in_events",
            queryset=Event.objects.published(),
            to_attr="discussed_at",
        ),
        "based_organizations",
        "memberships",
    )
    return get_object_or_404(queryset, slug=slug)


def organization_list():
    return Organization.objects.select_related("parent", "country")


def organization_detail(*, slug):
    """An organization, its family, members and people, and published events."""
    queryset = organization_list().prefetch_related(
        "children",
        "member_countries",
        Prefetch(
            "people",
            queryset=person_cards(),
            to_attr="person_list",
        ),
        Prefetch(
            "organized_events", queryset=Event.objects.published(), to_attr="organized"
        ),
        Prefetch(
            "mentioned_in_events",
            queryset=Event.objects.published(),
            to_attr="discussed_at",
        ),
    )
    return get_object_or_404(queryset, slug=slug)


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
