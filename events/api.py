"""Read-only API views of published events, topics and series.

Each `get_queryset` plans every query its serializer needs, so a page costs a
fixed number of queries however many related rows it holds. Drafts are left
out here and in every nested list.
"""

from django.db.models import Prefetch

from academy.api import ReadOnlyViewSet

from .filters import EventFilter
from .models import Event, Participation, Series, Topic
from .serializers import EventSerializer, SeriesSerializer, TopicSerializer


def public_events_prefetch():
    return Prefetch("events", Event.objects.published(), to_attr="public_events")


class EventViewSet(ReadOnlyViewSet):
    """Published events, newest first, filtered with the HTML list's parameters."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("host_country", "series", "source")
            .prefetch_related(
                "organizers",
                "participating_countries",
                "topics",
                "mentioned_organizations",
                "mentioned_countries",
                Prefetch(
                    "participations",
                    Participation.objects.select_related("person"),
                ),
            )
        )


class TopicViewSet(ReadOnlyViewSet):
    """Topics with the published events about them."""

    serializer_class = TopicSerializer

    def get_queryset(self):
        return Topic.objects.prefetch_related(public_events_prefetch())


class SeriesViewSet(ReadOnlyViewSet):
    """Series with their published events."""

    serializer_class = SeriesSerializer

    def get_queryset(self):
        return Series.objects.prefetch_related(public_events_prefetch())
