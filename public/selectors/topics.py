"""Selectors of series and topics."""

from django.db.models import OuterRef

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.queries import count_of
from academy.search import matching
from events.models import Event, Participation, Series, Topic

from .base import LATEST, published_events, search_results
from .counts import tally_of_measure
from .events import event_cards
from .people import person_cards


def series_with_counts():
    return Series.objects.annotate(session_count=tally_of_measure("series"))


def series_list():
    """Every series with its count of sessions, which any event could change."""
    depends_on(kind_tag(Event), *every_change_tags(Series))
    return series_with_counts()


def series_detail(*, slug):
    """A series with how many published sessions it holds."""
    series = series_with_counts().get(slug=slug)
    depends_on(links_tag(series))
    return series


def session_list(series):
    """The published sessions of `series`, in order, as cards."""
    depends_on(links_tag(series))
    return (
        event_cards()
        .filter(series=series)
        .order_by("start_date", "session_number", "pk")
    )


def topic_list():
    """Topics, each with how many published events are on it."""
    depends_on(kind_tag(Event), *every_change_tags(Topic))
    return Topic.objects.annotate(event_count=tally_of_measure("topic"))


def counted_topics():
    """Every topic with how many published events are on it."""
    return list(topic_list())


def topic_detail(*, slug):
    """A topic with how many published events are on it (`event_count`), and
    people who spoke at the latest of those, with how many spoke at any."""
    talks = Participation.objects.filter(event__status=Event.Status.PUBLISHED)
    queryset = Topic.objects.annotate(
        event_count=tally_of_measure("topic"),
        speaker_count=count_of(
            talks.filter(event__topics=OuterRef("pk")), distinct="person"
        ),
    )
    topic = queryset.get(slug=slug)
    depends_on(links_tag(topic))
    # The people who spoke at its latest events: a query that starts from
    # their keys. Asked for the topic's speakers in name order, PostgreSQL
    # walked all 50,000 people for a topic of 2 events (2.4 s at 100,000).
    latest = published_events().filter(topics=topic).values_list("pk", flat=True)
    shown = list(latest[:LATEST])
    topic.speakers = list(
        person_cards().filter(
            pk__in=Participation.objects.filter(event__in=shown).values("person")
        )[:LATEST]
    )
    return topic


def topic_search(text):
    depends_on(kind_tag(Topic))
    return search_results(matching(Topic.objects.all(), text))
