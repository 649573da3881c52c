"""Selectors of events: lists and cards, exports, an event's page, and what
the day decides (upcoming, latest, on this day)."""

import contextlib
import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from academy.cache_tags import (
    depends_on,
    every_change_tags,
    expires_within,
    kind_tag,
    links_tag,
)
from academy.media_check import without_missing_files
from academy.queries import among
from academy.search import marked_as_searched
from events import dates
from events.models import Event, EventDocument, EventPhoto, Participation
from events.search import events_by_relevance, search_events

from .. import facets
from .base import (
    EVENT_ROW_FIELDS,
    narrow_by_filters,
    published_events,
    search_results,
)
from .list_facets import selection_of


def event_cards(queryset=None):
    """Events with what an event card shows: place, series and topics."""
    queryset = published_events() if queryset is None else queryset
    return queryset.select_related("host_country", "series").prefetch_related("topics")


# How many events a text search's list reads by their keys at most: past it
# the database counts and orders them faster from its indexes than from a
# list of keys (bench/RESULTS.md, the long tail).
KEYED_AT_MOST = 5_000


def event_list(*, filters=None):
    """Published events as cards, newest first, narrowed by an EventFilter.

    A text search's list reads the keys of its events that its facets read
    anyway (list_facets.selection_of), so that its count and its page do not
    match its words again: each matched a common word's 30,000 events once
    more, 65 ms on SQLite at 100,000 events."""
    if filters is None or not filters.is_valid() or not filters.form.cleaned_data["q"]:
        return narrow_by_filters(event_cards(), filters)
    keys = selection_of(filters)
    if len(keys) > KEYED_AT_MOST:
        return narrow_by_filters(event_cards(), filters)
    found = event_cards().filter(pk__in=among(keys))
    found = marked_as_searched(found, filters.form.cleaned_data["q"])
    return facets.records_ordered_by(filters, found)


def record_event_rows(*, filters):
    """The published events that the valid EventFilter `filters` selects by
    one record (the events on its page), newest first, with what a row
    shows (EVENT_ROW_FIELDS and the host's key) and their `year`: a
    country's page reads its 12,000 events at 100,000 a page at a time."""
    rows = narrow_by_filters(published_events(), filters)
    return rows.only(*EVENT_ROW_FIELDS, "host_country").annotate(
        year=facets.Year("start_date")
    )


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


def event_export_list(*, filters=None):
    """Published events with every relation an export (feed, calendar, CSV)
    writes, narrowed by an EventFilter: a parameter means what it means on
    /events/."""
    depends_on(*every_change_tags(Event))
    return narrow_by_filters(events_with_relations(), filters)


def event_export_detail(*, slug):
    """One published event planned as event_export_list plans them."""
    event = events_with_relations().get(slug=slug)
    depends_on(links_tag(event))
    return event


def event_full_list():
    """Published events with everything their page shows, discussed records
    too; photos and documents whose files are missing are left out."""
    return events_with_relations().prefetch_related(
        "mentioned_organizations",
        "mentioned_countries",
        Prefetch("photos", queryset=without_missing_files(EventPhoto.objects.all())),
        Prefetch(
            "documents", queryset=without_missing_files(EventDocument.objects.all())
        ),
        "links",
    )


def event_detail(*, slug):
    """A published event with everything its page links to."""
    event = event_full_list().get(slug=slug)
    depends_on(links_tag(event))
    if event.series:
        depends_on(links_tag(event.series))
    event.sibling_sessions = list(nearest_sessions(event)) if event.series else []
    event.related_events = list(related_events(event))
    return event


def nearest_sessions(event, around=5):
    """The published sessions of `event`'s series just before and after it,
    `around` of each, in order. A series of the generated archive holds up
    to 129 sessions at 100,000 events: each of its pages listed them all; the
    series' own page does."""
    others = published_events().filter(series=event.series).exclude(pk=event.pk)
    before = others.filter(start_date__lte=event.start_date).order_by(
        "-start_date", "-session_number"
    )[:around]
    after = others.filter(start_date__gte=event.start_date).order_by(
        "start_date", "session_number"
    )[:around]
    return others.filter(
        Q(pk__in=before.values("pk")) | Q(pk__in=after.values("pk"))
    ).order_by("start_date", "session_number")


def related_events(event, limit=5):
    """Other published events sharing a topic or a speaker with `event`; not
    kept exact in the cache (academy/cache_tags.py says why), but for at most
    ARCHIVE_CACHE_SECONDS."""
    expires_within(settings.ARCHIVE_CACHE_SECONDS)
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


def expire_at_next_midnight():
    """What the day decides (what is upcoming, what happened on this day) is
    stale at the next local midnight, whatever is saved before."""
    now = timezone.localtime()
    tomorrow = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, now.tzinfo
    )
    expires_within((tomorrow - now).total_seconds())


def upcoming_event_list(limit=5):
    """The next published events to come, soonest first."""
    depends_on(kind_tag(Event))
    expire_at_next_midnight()
    return event_cards(published_events().upcoming()).order_by("start_date")[:limit]


def latest_event_list(limit=5):
    """The latest published events that took place."""
    depends_on(kind_tag(Event))
    expire_at_next_midnight()
    return event_cards(published_events().past())[:limit]


def events_held_on(month, day, *, before_year=None):
    """Published events known to the day held on `day` of `month`, newest
    first; only of years before `before_year`, if given. Events known only to
    their month or year are not: their day is not known. Read as the dates it
    can be in the archive's years, from the index on the date."""
    depends_on(kind_tag(Event))
    last = dates.LAST_YEAR if before_year is None else before_year - 1
    days = []
    for year in range(dates.FIRST_YEAR, last + 1):
        with contextlib.suppress(ValueError):  # 29 February of a common year
            days.append(datetime.date(year, month, day))
    held = published_events().filter(
        date_precision=dates.DatePrecision.DAY, start_date__in=days
    )
    return held.order_by("-start_date")


def on_this_day(month, day):
    """The events of every year held on `day` of `month` (events_held_on), as cards."""
    return event_cards(events_held_on(month, day))


def on_this_day_before_today(limit=5):
    """The latest events held on today's day and month in earlier years, with
    their place: a short list of years and titles."""
    expire_at_next_midnight()
    today = timezone.localdate()
    held = events_held_on(today.month, today.day, before_year=today.year)
    return held.select_related("host_country")[:limit]


def event_search(text):
    """The events a search finds, best matches first, as the list orders them
    with its text (events_by_relevance)."""
    depends_on(kind_tag(Event))
    found = search_events(published_events(), text)
    return search_results(event_cards(events_by_relevance(found, text)))
