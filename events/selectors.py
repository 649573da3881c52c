"""Reads for the public event pages: published records only, queries planned here.

Each function returns everything its page shows, with the related rows fetched
up front, so a page costs the same number of queries however many speakers,
countries or topics it lists.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from academy.search import matching
from people.models import Country, Organization, Person

from .filters import EventFilter
from .models import Event, Participation, Series, Topic
from .search import search_events

SEARCH_LIMIT = 20


def published_events():
    return Event.objects.published()


def event_cards(queryset=None):
    """Events with what an event card shows: place, series and topics."""
    queryset = published_events() if queryset is None else queryset
    return queryset.select_related("host_country", "series").prefetch_related("topics")


def plan_choices(form, **choices):
    """Fetch each option list once, for the form to render without more queries.

    Only the widgets get the lists: validation still asks the database about
    just the slugs given.
    """
    for name, queryset in choices.items():
        form.fields[name].widget.choices = [(item.slug, str(item)) for item in queryset]


def event_list(*, filters):
    """The filter set and the events it selects; none when a filter is invalid.

    An unknown slug or a malformed year must not silently widen the list to
    everything, so an invalid form selects nothing and the page says why.
    """
    filterset = EventFilter(filters, queryset=event_cards())
    plan_choices(
        filterset.form,
        country=Country.objects.only("slug", "name"),
        topic=Topic.objects.only("slug", "name"),
        organization=Organization.objects.only("slug", "name"),
        person=Person.objects.only("slug", "name", "sort_name"),
    )
    years = published_events().dates("start_date", "year", order="DESC")
    filterset.form.fields["year"].widget.choices = [
        (day.year, day.year) for day in years
    ]
    events = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, events


def event_detail(*, slug):
    """A published event with everything its page links to; 404 otherwise."""
    queryset = (
        published_events()
        .select_related("host_country", "series", "source")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person"),
                to_attr="speaker_list",
            ),
            "organizers",
            "participating_countries",
            "topics",
            "mentioned_organizations",
            "mentioned_countries",
        )
    )
    event = get_object_or_404(queryset, slug=slug)
    event.sibling_sessions = (
        list(
            published_events()
            .filter(series=event.series)
            .exclude(pk=event.pk)
            .order_by("start_date", "session_number")
        )
        if event.series
        else []
    )
    event.related_events = list(related_events(event))
    return event


def related_events(event, limit=5):
    """Other published events sharing a topic or a speaker with `event`."""
    shares_topic = Event.topics.through.objects.filter(
        event=OuterRef("pk"), topic__events=event
    )
    shares_speaker = Participation.objects.filter(
        event=OuterRef("pk"), person__participations__event=event
    )
    return (
        published_events()
        .exclude(pk=event.pk)
        .filter(Q(Exists(shares_topic)) | Q(Exists(shares_speaker)))[:limit]
    )


def series_list():
    return Series.objects.annotate(session_count=published_count("events"))


def series_detail(*, slug):
    sessions = event_cards().order_by("start_date", "session_number")
    queryset = Series.objects.prefetch_related(
        Prefetch("events", queryset=sessions, to_attr="sessions")
    )
    return get_object_or_404(queryset, slug=slug)


def topic_list():
    return Topic.objects.annotate(event_count=published_count("events"))


def topic_detail(*, slug):
    """A topic, its published events and the people who spoke at them."""
    queryset = Topic.objects.prefetch_related(
        Prefetch("events", queryset=event_cards(), to_attr="event_list")
    )
    topic = get_object_or_404(queryset, slug=slug)
    spoke_on_topic = Participation.objects.filter(
        person=OuterRef("pk"),
        event__status=Event.Status.PUBLISHED,
        event__topics=topic,
    )
    topic.speakers = list(
        Person.objects.filter(Exists(spoke_on_topic)).select_related(
            "country", "organization"
        )
    )
    return topic


def published_count(relation):
    """Count the published events reached through `relation`."""
    return Count(relation, filter=Q(**{f"{relation}__status": Event.Status.PUBLISHED}))


def archive_counts():
    """What the archive holds, for the home page."""
    return {
        "events": published_events().count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
    }


def upcoming_and_latest(limit=5):
    """The next published events to come and the latest that took place."""
    upcoming = event_cards(published_events().upcoming()).order_by("start_date")
    latest = event_cards(published_events().past())
    return list(upcoming[:limit]), list(latest[:limit])


def event_search(text):
    return list(event_cards(search_events(published_events(), text))[:SEARCH_LIMIT])


def topic_search(text):
    topics = matching(Topic.objects.all(), text)
    return list(topics[:SEARCH_LIMIT])


def events_for_export(*, filters):
    """A filter set over published events with every relation an export writes.

    Feeds, calendars and CSV read through it, so a parameter means what it means
    on /events/. Unlike event_list no option lists are fetched, and callers check
    `is_valid()` to answer a bad parameter with 400 rather than an empty file.
    """
    queryset = (
        published_events()
        .select_related("host_country", "series", "source")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person"),
                to_attr="speaker_list",
            ),
            "organizers",
            "participating_countries",
            "topics",
        )
    )
    return EventFilter(filters, queryset=queryset)


def exported_event(*, slug):
    """One published event planned as events_for_export plans them; 404 otherwise."""
    return get_object_or_404(events_for_export(filters={}).queryset, slug=slug)
