"""Read-only API views of people, countries and organizations.

Each `get_queryset` plans every query its serializer needs, so a page costs a
fixed number of queries however many related rows it holds. Only published
events appear in the nested lists.
"""

from django.db.models import Prefetch

from academy.api import ReadOnlyViewSet
from events.models import Event, Participation

from .filters import PersonFilter
from .models import Country, Organization, Person
from .serializers import CountrySerializer, OrganizationSerializer, PersonSerializer


def public_events(relation):
    return Prefetch(relation, Event.objects.published(), to_attr=f"public_{relation}")


class PersonViewSet(ReadOnlyViewSet):
    """People, filtered with the HTML list's parameters."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        talks = Participation.objects.filter(
            event__status=Event.Status.PUBLISHED
        ).select_related("event")
        return Person.objects.select_related(
            "organization", "country"
        ).prefetch_related(
            "alternative_names",
            Prefetch("participations", talks, to_attr="public_participations"),
        )


class CountryViewSet(ReadOnlyViewSet):
    """Countries with the published events they took part in or hosted."""

    serializer_class = CountrySerializer

    def get_queryset(self):
        return Country.objects.prefetch_related(
            public_events("participated_events"), public_events("hosted_events")
        )


class OrganizationViewSet(ReadOnlyViewSet):
    """Organizations with the published events they organized."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        return Organization.objects.select_related(
            "country", "parent"
        ).prefetch_related("member_countries", public_events("organized_events"))
