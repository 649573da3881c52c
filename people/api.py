"""Read-only API views of people, countries and organizations.

Each `get_queryset` plans every query its serializer needs, so a page costs a
fixed number of queries however many related rows it holds. Only published
events appear in the nested lists.
"""

from django.db.models import OuterRef

from academy.api import ReadOnlyViewSet
from events.models import Event
from events.selectors import count_of

from .filters import PersonFilter
from .models import Country, Organization, Person
from .serializers import CountrySerializer, OrganizationSerializer, PersonSerializer


class PersonViewSet(ReadOnlyViewSet):
    """People, filtered with the HTML list's parameters."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        events = Event.objects.published().filter(speakers=OuterRef("pk"))
        return (
            Person.objects.select_related("organization", "country")
            .prefetch_related("alternative_names")
            .annotate(events_count=count_of(events))
        )


class CountryViewSet(ReadOnlyViewSet):
    """Countries with how many published events they took part in or hosted."""

    serializer_class = CountrySerializer

    def get_queryset(self):
        return Country.objects.all()


class OrganizationViewSet(ReadOnlyViewSet):
    """Organizations with how many published events they organized."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        events = Event.objects.published().filter(organizers=OuterRef("pk"))
        return (
            Organization.objects.select_related("country", "parent")
            .prefetch_related("member_countries")
            .annotate(events_count=count_of(events))
        )
