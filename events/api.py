"""Read-only API views of published events, topics and series.

Each `get_queryset` plans every query its serializer needs, so a page costs a
fixed number of queries however many related rows it holds. Drafts are left
out here and in every nested list.
"""

from django.db.models import OuterRef, Prefetch

from academy.api import ReadOnlyViewSet

from .filters import EventFilter
from .models import Event, Participation, Series, Topic
from .selectors import count_of
from .serializers import EventSerializer, SeriesSerializer, TopicSerializer


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
    """Topics with how many published events are about them."""

    serializer_class = TopicSerializer
    queryset = Topic.objects.all()


class SeriesViewSet(ReadOnlyViewSet):
    """Series with how many published events they hold."""

    serializer_class = SeriesSerializer

    def get_queryset(self):
        events = Event.objects.published().filter(series=OuterRef("pk"))
        return Series.objects.annotate(events_count=count_of(events))
