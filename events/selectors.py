"""Reads for the public event pages: published records only, queries planned here.

Each function returns everything its page shows, with the related rows fetched
up front, so a page costs the same number of queries however many speakers,
countries or topics it lists.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.forms import MultipleHiddenInput
from django.http import Http404
from django.shortcuts import get_object_or_404

from academy.caching import remember
from academy.search import matching
from people.models import Country, Organization, Person

from .filters import EventFilter
from .models import Event, Participation, Series, Topic
from .search import search_events

SEARCH_LIMIT = 20
# How many of a record's events (or people) its own page lists; the rest are
# one link away, on the filtered list.
LATEST = 20


def published_events():
    return Event.objects.published()


def event_cards(queryset=None):
    """Events with what an event card shows: place, series and topics."""
    queryset = published_events() if queryset is None else queryset
    return queryset.select_related("host_country", "series").prefetch_related("topics")


def plan_choices(form, **choices):
    """Give each option list to its widget, cached until the archive changes.

    Only the widgets get the lists: validation still asks the database about
    just the slugs given. Lists run to a few hundred options at most; people
    are never listed (see only_chosen).
    """
    for name, queryset in choices.items():
        form.fields[name].widget.choices = remember(
            f"choices:{queryset.model._meta.label}",
            lambda queryset=queryset: [(item.slug, str(item)) for item in queryset],
            per_language=True,
        )


def only_chosen(filterset, name):
    """Tens of thousands of people make no option list: the chosen ones are kept
    as hidden fields, shown and removed as chips, and added from their pages."""
    field = filterset.form.fields[name]
    field.widget = MultipleHiddenInput()
    # Validation has fetched the chosen records already: no further query.
    chosen = filterset.form.cleaned_data.get(name) or ()
    field.widget.choices = [(item.slug, str(item)) for item in chosen]


def year_choices():
    def years():
        # The first and last dates read the (status, start_date) index; listing
        # the distinct years instead reads every event (141 ms at 100,000).
        span = published_events().aggregate(
            first=Min("start_date"), last=Max("start_date")
        )
        if span["first"] is None:
            return []
        return [
            (year, year)
            for year in range(span["last"].year, span["first"].year - 1, -1)
        ]

    return remember("choices:years", years)


def event_list(*, filters):
    """The filter set and the events it selects; none when a filter is invalid.

    An unknown slug or a malformed year must not silently widen the list to
    everything, so an invalid form selects nothing and the page says why.
    """
    filterset = EventFilter(filters, queryset=event_cards())
    events = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    plan_choices(
        filterset.form,
        country=Country.objects.only("slug", "name"),
        topic=Topic.objects.only("slug", "name"),
        organization=Organization.objects.only("slug", "name"),
        series=Series.objects.only("slug", "name"),
    )
    only_chosen(filterset, "person")
    filterset.form.fields["year"].widget.choices = year_choices()
    return filterset, events


def events_with_relations():
    """Published events with their place, series, source, speakers in order,
    organizers, participating countries and topics."""
    return (
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


def event_detail(*, slug):
    """A published event with everything its page links to; 404 otherwise."""
    queryset = events_with_relations().prefetch_related(
        "mentioned_organizations", "mentioned_countries"
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
    return Series.objects.annotate(session_count=published_count("series"))


def series_detail(*, slug, page=1):
    """A series and one page of its published sessions, in order; 404 otherwise.

    The sessions' count comes with the series, so the page costs three
    queries however many sessions there are.
    """
    sessions = published_events().filter(series=OuterRef("pk"))
    queryset = Series.objects.annotate(session_count=count_of(sessions))
    series = get_object_or_404(queryset, slug=slug)
    paginator = Paginator(
        event_cards()
        .filter(series=series)
        .order_by("start_date", "session_number", "pk"),
        LATEST,
    )
    paginator.count = series.session_count
    try:
        series.page_obj = paginator.page(page)
    except InvalidPage as error:
        raise Http404(error) from error
    return series


def topic_list():
    """Every topic with its count of published events, cached: it counts the
    archive."""

    def count():
        counts = topic_event_counts()
        topics = list(Topic.objects.all())
        for topic in topics:
            topic.event_count = counts.get(topic.pk, 0)
        return topics

    return remember("topic-list", count, per_language=True)


def topic_detail(*, slug):
    """A topic, its latest published events and some of the people who spoke at
    them, each with how many there are in all."""
    on_topic = published_events().filter(topics=OuterRef("pk"))
    talks = Participation.objects.filter(event__status=Event.Status.PUBLISHED)
    queryset = Topic.objects.annotate(
        event_count=count_of(on_topic),
        speaker_count=count_of(
            talks.filter(event__topics=OuterRef("pk")), distinct="person"
        ),
    )
    topic = get_object_or_404(queryset, slug=slug)
    topic.event_list = list(event_cards().filter(topics=topic)[:LATEST])
    topic.speakers = list(
        Person.objects.filter(
            pk__in=talks.filter(event__topics=topic).values("person")
        ).select_related("country", "organization")[:LATEST]
    )
    return topic


def published_link_counts(field):
    """{id: how many published events link to it} for a many-to-many field of
    Event, for every record at once.

    All links are counted from the index, then those of unpublished events (a
    few) taken away: reading the status of each linked event instead costs
    seconds at 100,000 events.
    """
    m2m = Event._meta.get_field(field)
    links = (
        m2m.remote_field.through.objects.order_by()
        .values_list(m2m.m2m_reverse_field_name())
        .annotate(Count("pk"))
    )
    counts = dict(links)
    unpublished = Event.objects.exclude(status=Event.Status.PUBLISHED).values("pk")
    for pk, links_of_unpublished in links.filter(
        **{f"{m2m.m2m_field_name()}__in": unpublished}
    ):
        counts[pk] -= links_of_unpublished
    return counts


def topic_event_counts():
    """{topic id: how many published events are on it}, cached."""
    return remember("topic-event-counts", lambda: published_link_counts("topics"))


def published_count(field):
    """How many published events link to the record by their `field`: a
    subquery per record, read from the index, not a GROUP BY over every link."""
    return count_of(published_events().filter(**{field: OuterRef("pk")}))


def count_of(queryset, distinct=None):
    """How many rows (or distinct values of the field `distinct`) `queryset`,
    tied to the outer record by OuterRef, selects: a subquery, so several
    counts need neither joins nor queries of their own."""
    template = (
        "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    )
    count = Func(F(distinct or "pk"), template=template, output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(count=count).values("count"))


def archive_counts():
    """What the archive holds, for the home page."""
    return remember(
        "counts",
        lambda: {
            "events": published_events().count(),
            "people": Person.objects.count(),
            "organizations": Organization.objects.count(),
        },
    )


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
    return EventFilter(filters, queryset=events_with_relations())


def exported_event(*, slug):
    """One published event planned as events_for_export plans them; 404 otherwise."""
    return get_object_or_404(events_for_export(filters={}).queryset, slug=slug)
