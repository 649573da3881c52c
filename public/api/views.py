"""Read-only API views of every kind of published record.

Each reads through the selectors, which plan every query its serializer needs,
so a page costs a fixed number of queries however many related rows it holds.
Drafts are left out here and in every nested list.
"""

from .. import selectors
from ..filters import EventFilter, PersonFilter
from .fields import ReadOnlyViewSet
from .serializers import (
    CountrySerializer,
    EventSerializer,
    OrganizationSerializer,
    PersonSerializer,
    SeriesSerializer,
    TopicSerializer,
)


class EventViewSet(ReadOnlyViewSet):
    """Published events, newest first, filtered with the HTML list's parameters."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return selectors.event_full_list()


class TopicViewSet(ReadOnlyViewSet):
    """Topics with how many published events are about them."""

    serializer_class = TopicSerializer

    def get_queryset(self):
        return selectors.topic_list()


class SeriesViewSet(ReadOnlyViewSet):
    """Series with how many published events they hold."""

    serializer_class = SeriesSerializer

    def get_queryset(self):
        return selectors.series_list()


class PersonViewSet(ReadOnlyViewSet):
    """People, filtered with the HTML list's parameters."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return selectors.person_full_list()


class CountryViewSet(ReadOnlyViewSet):
    """Countries with how many published events they took part in or hosted."""

    serializer_class = CountrySerializer

    def get_queryset(self):
        return selectors.country_list()


class OrganizationViewSet(ReadOnlyViewSet):
    """Organizations with how many published events they organized."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        return selectors.organization_full_list()
