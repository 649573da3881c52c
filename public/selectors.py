"""The one read path of the public archive.

Every page, feed, calendar, CSV, sitemap, statistic and API view reads through
these functions, which plan every query up front (select_related,
prefetch_related, count subqueries), so an output costs the same number of
queries however many related rows it shows. Only published events are ever
listed or counted.

They return data only, named by what they return:
- `<kind>_list(...)`, `<kind>_search(text)`: a QuerySet (a list's is narrowed
  by a bound FilterSet when given; `sitemap_`, `_export_` and `_full_` ones plan
  what those outputs show);
- `<kind>_detail(*, slug)`: one record with what its page shows, or raises the
  model's DoesNotExist;
- `counted_<kinds>()`: every record with its `event_count`, and
  `<kind>_counts()`: {key: count}, both read from the counts kept up to date
  on write (events/tallies.py), never counted on a page view;
- `<kind>_options()`: (value, label) pairs for a filter's option list.

Each declares what a cached page built from it depends on beyond the records
it loads (academy/cache_tags.py): a list that any record of a kind could
enter, its `kind`; a record's page that lists its linked records, its `links`.

Paging and 404s belong to the views and forms that use them.
"""

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Revision, Version

from academy.cache_tags import (
    depends_on,
    every,
    expires_within,
    kept_on,
    kind,
    links,
)
from academy.caching import remember
from academy.i18n import Shown, localized
from academy.media_check import missing_files_emptied, without_missing_files
from academy.queries import among, count_of
from academy.search import matching, suggested_spelling
from events import dates, tallies
from events.models import (
    Event,
    EventDocument,
    EventPhoto,
    Participation,
    Series,
    Tally,
    Topic,
)
from events.search import search_events, search_people
from people.models import Country, Organization, Person

from . import facets

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 20
# How many of a record's events (or people) its own page lists; the rest are
# one link away, on the filtered list.
LATEST = 20


def filtered(queryset, filters):
    """`queryset` narrowed by the bound FilterSet `filters`; none when invalid.

    An unknown slug or a malformed year must not silently widen a list to
    everything, so an invalid form selects nothing and the page says why.
    """
    if filters is None:
        return queryset
    return filters.filter_queryset(queryset) if filters.is_valid() else queryset.none()


# Events.


def published_events():
    return Event.objects.published()


def event_cards(queryset=None):
    """Events with what an event card shows: place, series and topics."""
    queryset = published_events() if queryset is None else queryset
    return queryset.select_related("host_country", "series").prefetch_related("topics")


def event_list(*, filters=None):
    """Published events as cards, newest first, narrowed by an EventFilter."""
    return filtered(event_cards(), filters)


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
    depends_on(*every(Event))
    return filtered(events_with_relations(), filters)


def event_export_detail(*, slug):
    """One published event planned as event_export_list plans them."""
    event = events_with_relations().get(slug=slug)
    depends_on(links(event))
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
    depends_on(links(event))
    if event.series:
        depends_on(links(event.series))
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


def until_tomorrow():
    """What the day decides (what is upcoming, what happened on this day) is
    stale at the next local midnight, whatever is saved before."""
    now = timezone.localtime()
    tomorrow = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, now.tzinfo
    )
    expires_within((tomorrow - now).total_seconds())


def upcoming_event_list(limit=5):
    """The next published events to come, soonest first."""
    depends_on(kind(Event))
    until_tomorrow()
    return event_cards(published_events().upcoming()).order_by("start_date")[:limit]


def latest_event_list(limit=5):
    """The latest published events that took place."""
    depends_on(kind(Event))
    until_tomorrow()
    return event_cards(published_events().past())[:limit]


def held_on(month, day, *, before_year=None):
    """Published events known to the day held on `day` of `month`, newest
    first; only of years before `before_year`, if given. Events known only to
    their month or year are not: their day is not known. Read as the dates it
    can be in the archive's years, from the index on the date."""
    depends_on(kind(Event))
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
    """The events of every year held on `day` of `month` (held_on), as cards."""
    return event_cards(held_on(month, day))


def on_this_day_before_today(limit=5):
    """The latest events held on today's day and month in earlier years, with
    their place: a short list of years and titles."""
    until_tomorrow()
    today = timezone.localdate()
    held = held_on(today.month, today.day, before_year=today.year)
    return held.select_related("host_country")[:limit]


def search_results(queryset):
    """The first SEARCH_LIMIT records of a search, each with `search_total`:
    how many match in all, counted in the same query (COUNT(*) OVER ())."""
    return queryset.annotate(search_total=Window(Count("pk")))[:SEARCH_LIMIT]


def event_search(text):
    depends_on(kind(Event))
    return search_results(event_cards(search_events(published_events(), text)))


def record_names(model):
    """{key: (slug, name)} of every record of `model` in the active language,
    in its order, kept until one changes. Lists run to a few hundred records at
    most; people are never listed."""

    def build():
        depends_on(*every(model))
        records = model.objects.only("slug", "name")
        return {item.pk: (item.slug, str(item)) for item in records}

    return remember(f"record-names:{model._meta.label_lower}", build, per_language=True)


# The facets of the events list (public/facets.py).


def facet_names(facet, rows, read=None):
    """{key: (slug, name)} of the records that `rows` of `facet` name; `read`
    keeps the lists already read, by model."""
    read = {} if read is None else read
    if facet.model is Person:
        keys = [key for key, _events in rows]
        people = Person.objects.filter(pk__in=keys).only("slug", "name")
        return {person.pk: (person.slug, str(person)) for person in people}
    if facet.model and facet.model not in read:
        read[facet.model] = record_names(facet.model)
    return read.get(facet.model, {})


def selection(filters):
    """A key for what the valid FilterSet `filters` selects."""
    given = sorted(
        (name, sorted(filters.data.getlist(name))) for name in facets.narrowing(filters)
    )
    return hashlib.md5(repr(given).encode(), usedforsecurity=False).hexdigest()


def shown_facets(facet_list, filters, found):
    """The facets of `facet_list` as a list shows them (facets.ShownFacet), from
    their counts `found` within the selection of the valid FilterSet
    `filters`: each one's chosen values and the SHOWN others matching most."""
    read = {}
    return [
        facets.ShownFacet(
            facet,
            str(filters.filters[facet.name].label),
            facets.labelled(
                facet,
                rows,
                facets.chosen(facet, filters),
                facet_names(facet, rows, read),
                limit=facets.SHOWN,
            ),
            total,
        )
        for facet in facet_list
        for rows, total in [found[facet.name]]
    ]


def event_facets(*, filters):
    """The facets of the events list within the selection of the valid
    EventFilter `filters` (shown_facets), each value with how many events it
    would match, kept until an event or a speaker's link changes."""

    def build():
        depends_on(kind(Event), kind(Participation))
        return shown_facets(facets.EVENT_FACETS, filters, facet_counts(filters))

    return remember(f"facets:{selection(filters)}", build, per_language=True)


def facet_selection_keys(filters):
    """{selection: the keys of its events} that the facets of the valid
    EventFilter `filters` count within (facets.keys_of_selections), read
    once per FilterSet."""
    return kept_on(
        filters,
        "_selection_keys",
        lambda: facets.keys_of_selections(
            facets.EVENT_FACETS, filters, published_events()
        ),
    )


def facet_counts(filters):
    """facets.count_every_facet of the valid EventFilter `filters`, kept for the
    events its selections hold, not for how they were chosen: a save that a
    text search reads (a summary) makes the search run again, and its facets
    are counted again only if the events it finds have changed. Read once
    per FilterSet: the facets and the list's map both ask for it."""

    def count():
        keys = facet_selection_keys(filters)
        held = sorted(keys.items(), key=lambda item: str(item[0]))
        digest = hashlib.md5(repr(held).encode(), usedforsecurity=False).hexdigest()
        return remember(
            f"facet-counts:{selection(filters)}:{digest}",
            functools.partial(
                facets.count_every_facet, facets.EVENT_FACETS, filters, keys
            ),
            depends=(kind(Event), kind(Participation)),
        )

    return kept_on(filters, "_facet_counts", count)


def facet_values(facet, filters, counts, *, find="", page=1, per_page=100):
    """One facet's values within the selection of the valid FilterSet
    `filters`, a page at a time, most matched first, after the chosen ones;
    only those whose names have the words of `find`, if given. `counts` is
    facets.count_one_facet(facet, filters, values=, offset=, limit=) with
    the list's records given.
    Returns (values, how many match anything)."""
    values = None
    if find and facet.model:
        found = matching(facet.model.objects.all(), find)
        values = found.order_by().values("pk")
    rows, total = counts(
        facet, filters, values=values, offset=(page - 1) * per_page, limit=per_page
    )
    chosen = facets.chosen(facet, filters)
    names = facet_names(facet, rows)
    return facets.labelled(facet, rows, chosen, names), total


def event_facet_values(*, filters, facet, **page):
    """One facet of the events list a page at a time (facet_values)."""
    depends_on(kind(Event), kind(Participation))
    counts = functools.partial(facets.count_one_facet, records=published_events())
    return facet_values(facet, filters, counts, **page)


def archive_counts():
    """What the archive holds, for the home page."""
    return remember(
        "counts",
        lambda: {
            "events": tallies.tally_counts("events").get(0, 0),
            "people": Person.objects.count(),
            "organizations": Organization.objects.count(),
        },
        depends=[kind(Event), kind(Person), kind(Organization)],
    )


def newest_change():
    """When an event (a draft too: it may have just left the lists) or, in the
    admin, any other record last changed: no export can hold anything newer.
    None in an empty archive."""
    return max(
        filter(
            None,
            (
                Event.objects.aggregate(latest=Max("updated"))["latest"],
                Revision.objects.aggregate(latest=Max("date_created"))["latest"],
            ),
        ),
        default=None,
    )


def latest_event_update():
    """When a published event last changed; None in an empty archive."""
    depends_on(*every(Event))
    return published_events().aggregate(latest=Max("updated"))["latest"]


def earliest_event_update():
    """When the published event changed longest ago last changed; None in
    an empty archive."""
    depends_on(*every(Event))
    return published_events().aggregate(earliest=Min("updated"))["earliest"]


# Counts of published events, kept up to date on write (events/tallies.py).


def published_count(field):
    """How many published events link to the record by their `field`: a
    subquery per record, read from the index, for links no tally counts."""
    return count_of(published_events().filter(**{field: OuterRef("pk")}))


def tallied(measure):
    """A record's count of published events in `measure`, as a subquery."""
    count = Tally.objects.filter(measure=measure, record=OuterRef("pk"), year=0)
    return Coalesce(Subquery(count.values("count")), 0)


def year_event_counts():
    """{year: (how many published events started in it, how many of those were
    announced and are not known to have taken place)}."""
    depends_on(kind(Event))
    found = tallies.tally_counts("year", "announced-year")
    announced = found["announced-year"]
    return {year: (n, announced.get(year, 0)) for year, n in found["year"].items()}


def topic_year_event_counts(topics):
    """{(topic id, year): how many published events on it started that year}."""
    depends_on(kind(Event))
    topic_ids = [topic.pk for topic in topics]
    counts = Tally.objects.filter(measure="topic-year", record__in=topic_ids)
    return {
        (topic, year): events
        for topic, year, events in counts.values_list("record", "year", "count")
    }


def counted_topics():
    """Every topic with how many published events are on it."""
    return list(topic_list())


def counted_countries():
    """Every country with how many published events it took part in or hosted."""
    return list(country_list())


def counted_organizers():
    """Every organization with how many published events it organized."""
    depends_on(kind(Event), *every(Organization))
    return list(Organization.objects.annotate(event_count=tallied("organizer")))


# Series and topics.


def series_with_counts():
    return Series.objects.annotate(session_count=tallied("series"))


def series_list():
    """Every series with its count of sessions, which any event could change."""
    depends_on(kind(Event), *every(Series))
    return series_with_counts()


def series_detail(*, slug):
    """A series with how many published sessions it holds."""
    series = series_with_counts().get(slug=slug)
    depends_on(links(series))
    return series


def session_list(series):
    """The published sessions of `series`, in order, as cards."""
    depends_on(links(series))
    return (
        event_cards()
        .filter(series=series)
        .order_by("start_date", "session_number", "pk")
    )


def topic_list():
    """Topics, each with how many published events are on it."""
    depends_on(kind(Event), *every(Topic))
    return Topic.objects.annotate(event_count=tallied("topic"))


def topic_detail(*, slug):
    """A topic, its latest published events and people who spoke at those,
    each with how many there are in all."""
    talks = Participation.objects.filter(event__status=Event.Status.PUBLISHED)
    queryset = Topic.objects.annotate(
        event_count=tallied("topic"),
        speaker_count=count_of(
            talks.filter(event__topics=OuterRef("pk")), distinct="person"
        ),
    )
    topic = queryset.get(slug=slug)
    depends_on(links(topic))
    topic.event_list = list(event_cards().filter(topics=topic)[:LATEST])
    # The people who spoke at those events: a query that starts from their
    # keys. Asked for the topic's speakers in name order, PostgreSQL walked
    # all 50,000 people for a topic of 2 events (2.4 s at 100,000 events).
    shown = [event.pk for event in topic.event_list]
    topic.speakers = list(
        person_cards().filter(
            pk__in=Participation.objects.filter(event__in=shown).values("person")
        )[:LATEST]
    )
    return topic


def search_suggestion(text):
    """Another spelling of `text`, from the names of people, countries,
    organizations and topics, for a search that found nothing; or None."""
    named = (Person, Country, Organization, Topic)
    return suggested_spelling(text, [model.objects.all() for model in named])


def topic_search(text):
    depends_on(kind(Topic))
    return search_results(matching(Topic.objects.all(), text))


# People, countries and organizations.


def person_cards():
    """People with their country and organization; a photo whose file is
    missing is emptied, so the person is shown without it."""
    return missing_files_emptied(
        Person.objects.select_related("country", "organization")
    )


def person_list(*, filters=None):
    """People as cards, in name order, narrowed by a PersonFilter."""
    return filtered(person_cards(), filters)


# What the people list's facets read: a person's own columns, and the topics
# of the published events they spoke at.
PERSON_FACET_KINDS = (kind(Person), kind(Event), kind(Participation))


def person_facets(*, filters):
    """The facets of the people list within the selection of the valid
    PersonFilter `filters` (shown_facets), each value with how many people
    it would match, kept until a person, an event or a speaker changes."""

    def build():
        depends_on(*PERSON_FACET_KINDS)
        people = Person.objects.all()
        keys = facets.keys_of_selections(facets.PERSON_FACETS, filters, people)
        found = facets.count_every_facet(facets.PERSON_FACETS, filters, keys)
        return shown_facets(facets.PERSON_FACETS, filters, found)

    return remember(f"person-facets:{selection(filters)}", build, per_language=True)


def person_facet_values(*, filters, facet, **page):
    """One facet of the people list a page at a time (facet_values)."""
    depends_on(*PERSON_FACET_KINDS)
    counts = functools.partial(facets.count_one_facet, records=Person.objects.all())
    return facet_values(facet, filters, counts, **page)


def person_export_list(*, filters=None):
    """People with what the CSV writes, narrowed by a PersonFilter."""
    depends_on(*every(Person))
    return filtered(person_cards().prefetch_related("alternative_names"), filters)


def person_full_list():
    """People with their other names and how many published events they spoke at."""
    # The counts change with a speaker added or removed, or an event published.
    depends_on(kind(Event), kind(Participation))
    return (
        person_cards()
        .prefetch_related("alternative_names")
        .annotate(event_count=published_count("speakers"))
    )


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
    person = queryset.get(slug=slug)
    depends_on(links(person))
    return person


def person_search(text):
    depends_on(kind(Person))
    return search_results(search_people(person_cards(), text))


def country_list():
    """Countries, each with how many published events it took part in or
    hosted, and at how many it was discussed."""
    depends_on(kind(Event), *every(Country))
    return Country.objects.annotate(
        event_count=tallied("country"), discussed_count=tallied("discussed-country")
    )


def latest_linked_events(**relation):
    """The LATEST newest published events linked to a record by `relation`."""
    return list(published_events().filter(**relation)[:LATEST])


# The links by which an event belongs to a country's page, its feed and its
# sitemap entry: the country took part in it, hosted it, or was discussed.
COUNTRY_EVENT_LINKS = ("participating_countries", "host_country", "mentioned_countries")


def linked_by_any(relations, value):
    """A Q: the event is linked to `value` by any of `relations`."""
    return Q.create([(relation, value) for relation in relations], Q.OR)


def country_event_export_list(country):
    """The published events `country`'s page lists, planned as
    event_export_list plans them."""
    depends_on(links(country), *every(Event))
    linked = published_events().filter(linked_by_any(COUNTRY_EVENT_LINKS, country))
    # Ids first: one event joined by two links is listed once.
    return events_with_relations().filter(pk__in=linked.values("pk"))


def country_detail(*, slug):
    """A country with its organizations, and the latest of its published events
    and people, each with how many there are in all."""
    queryset = Country.objects.annotate(
        took_part_count=tallied("took-part"),
        hosted_count=tallied("hosted"),
        discussed_count=tallied("discussed-country"),
        person_count=count_of(Person.objects.filter(country=OuterRef("pk"))),
    ).prefetch_related("based_organizations", "memberships")
    country = queryset.get(slug=slug)
    depends_on(links(country))
    country.took_part_in, country.hosted, country.discussed_at = (
        latest_linked_events(**{relation: country}) for relation in COUNTRY_EVENT_LINKS
    )
    country.person_list = list(person_cards().filter(country=country)[:LATEST])
    return country


def country_search(text):
    depends_on(kind(Country))
    return search_results(matching(Country.objects.all(), text))


def organization_list():
    return Organization.objects.select_related("parent", "country")


def organization_full_list():
    """Organizations with their members and how many published events they
    organized."""
    return (
        organization_list()
        .prefetch_related("member_countries")
        .annotate(event_count=tallied("organizer"))
    )


def organization_detail(*, slug):
    """An organization, its family and members, and the latest of its published
    events and people, each with how many there are in all."""
    queryset = (
        organization_list()
        .annotate(
            organized_count=tallied("organizer"),
            discussed_count=tallied("discussed-organization"),
            person_count=count_of(Person.objects.filter(organization=OuterRef("pk"))),
        )
        .prefetch_related("children", "member_countries")
    )
    organization = queryset.get(slug=slug)
    depends_on(links(organization))
    organization.organized = latest_linked_events(organizers=organization)
    organization.discussed_at = latest_linked_events(
        mentioned_organizations=organization
    )
    organization.person_list = list(
        person_cards().filter(organization=organization)[:LATEST]
    )
    return organization


def organization_search(text):
    depends_on(kind(Organization))
    return search_results(matching(organization_list(), text))


# What a sitemap needs: each record with the latest change among the published
# events its page lists (records have no change date of their own).


def last_event_update(events):
    """The latest `updated` among `events`, a queryset tied to OuterRef("pk")."""
    return Subquery(events.order_by("-updated").values("updated")[:1])


def with_last_event_update(queryset, *relations):
    depends_on(*every(queryset.model), *every(Event))
    events = published_events().filter(linked_by_any(relations, OuterRef("pk")))
    return queryset.annotate(last_event_update=last_event_update(events)).order_by("pk")


def sitemap_event_list():
    depends_on(*every(Event))
    return published_events().only("slug", "updated").order_by("pk")


def sitemap_topic_list():
    return with_last_event_update(Topic.objects.all(), "topics")


def sitemap_series_list():
    return with_last_event_update(Series.objects.all(), "series")


def sitemap_person_list():
    return with_last_event_update(Person.objects.all(), "participations__person")


def sitemap_country_list():
    return with_last_event_update(Country.objects.all(), *COUNTRY_EVENT_LINKS)


def sitemap_organization_list():
    return with_last_event_update(
        Organization.objects.all(), "organizers", "mentioned_organizations"
    )


# OAI-PMH (public/opendata/oai.py): published events in the order of their
# last change, for harvesters that come back for what changed since.


def oai_event_list(*, changed_from=None, changed_before=None, set_spec=None):
    """Published events as event_export_list plans them, oldest change first,
    changed at or after `changed_from` and before `changed_before`, in the
    OAI set `set_spec` ("topic:<slug>", "series:<slug>", "country:<slug>",
    a country hosting or taking part) when given."""
    depends_on(*every(Event))
    events = events_with_relations().order_by("updated", "pk")
    if changed_from is not None:
        events = events.filter(updated__gte=changed_from)
    if changed_before is not None:
        events = events.filter(updated__lt=changed_before)
    if set_spec is not None:
        events = events.filter(oai_set_membership(set_spec))
    return events


def oai_set_membership(set_spec):
    """The condition of being in the OAI set `set_spec`, a "<kind>:<slug>"."""
    set_kind, slug = set_spec.split(":", 1)
    if set_kind == "country":
        in_country = published_events().filter(
            Q(host_country__slug=slug) | Q(participating_countries__slug=slug)
        )
        return Q(pk__in=in_country.values("pk"))
    relation = {"topic": "topics", "series": "series"}[set_kind]
    return Q(**{f"{relation}__slug": slug})


def oai_set_specs(*, series, countries, topics):
    """The OAI sets of an event of `series` (or None), `countries` (hosting
    or taking part) and `topics`, in ListSets' order."""
    return [
        *([f"series:{series.slug}"] if series else []),
        *sorted({f"country:{country.slug}" for country in countries if country}),
        *sorted(f"topic:{topic.slug}" for topic in topics),
    ]


# How a version of a published event reads (reversion's JSON; a quote inside
# a text field is escaped, so no title can read so).
PUBLISHED_IN_VERSION = '"status": "published"'


@dataclasses.dataclass(frozen=True)
class WithdrawnEvent:
    """An event once published and no longer: made a draft, or deleted."""

    slug: str
    # When it was withdrawn, or the latest moment known before it.
    updated: datetime.datetime
    set_specs: tuple


def oai_withdrawn_event_list(*, changed_from=None, changed_before=None, set_spec=None):
    """WithdrawnEvents, oldest withdrawal first, narrowed as oai_event_list
    narrows: drafts of which a published version was kept, and deleted events
    of which one was, whose address no published event holds now.

    Kept in memory: the archive withdraws few events."""
    depends_on(*every(Event))
    once_published = Version.objects.get_for_model(Event).filter(
        serialized_data__contains=PUBLISHED_IN_VERSION
    )
    drafts = (
        Event.objects.filter(status=Event.Status.DRAFT)
        .filter(
            pk__in=once_published.values(event_pk=Cast("object_id", BigIntegerField()))
        )
        .select_related("series", "host_country")
        .prefetch_related("participating_countries", "topics")
    )
    withdrawn = {}
    for event in [*deleted_events(once_published), *map(withdrawn_draft, drafts)]:
        if event.slug not in withdrawn or withdrawn[event.slug].updated < event.updated:
            withdrawn[event.slug] = event
    taken = published_events().filter(slug__in=withdrawn).values_list("slug")
    for (slug,) in taken:
        del withdrawn[slug]
    return sorted(
        (
            event
            for event in withdrawn.values()
            if (changed_from is None or event.updated >= changed_from)
            and (changed_before is None or event.updated < changed_before)
            and (set_spec is None or set_spec in event.set_specs)
        ),
        key=lambda event: (event.updated, event.slug),
    )


def withdrawn_draft(event):
    """A draft once published: withdrawn when it last changed."""
    specs = oai_set_specs(
        series=event.series,
        countries=[event.host_country, *event.participating_countries.all()],
        topics=event.topics.all(),
    )
    return WithdrawnEvent(event.slug, event.updated, tuple(specs))


def readable_versions(versions):
    """(version, its field_dict) of those of `versions` today's model can
    read; one it cannot is logged and left out."""
    readable = []
    for version in versions:
        try:
            readable.append((version, version.field_dict))
        except RevertError:
            logger.exception("Version %s of a deleted event is unreadable", version.pk)
    return readable


def deleted_events(once_published):
    """WithdrawnEvents of the deleted events among `once_published`'s, as
    their last version describes them, withdrawn when the admin logged their
    deletion (or, deleted elsewhere, when that version was kept)."""
    versions = readable_versions(
        Version.objects.get_deleted(Event)
        .filter(object_id__in=once_published.values("object_id"))
        .select_related("revision")
    )
    fields = [field for _version, field in versions]
    deleted_at = dict(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Event),
            action_flag=DELETION,
            object_id__in=[version.object_id for version, _field in versions],
        )
        .values("object_id")
        .annotate(latest=Max("action_time"))
        .values_list("object_id", "latest")
    )
    series = Series.objects.in_bulk([field["series_id"] for field in fields])
    countries = Country.objects.in_bulk(
        [
            pk
            for field in fields
            for pk in [
                field["host_country_id"],
                *field.get("participating_countries", ()),
            ]
        ]
    )
    topics = Topic.objects.in_bulk(
        [pk for field in fields for pk in field.get("topics", ())]
    )
    for version, field in versions:
        specs = oai_set_specs(
            series=series.get(field["series_id"]),
            countries=[
                countries.get(field["host_country_id"]),
                *(countries.get(pk) for pk in field.get("participating_countries", ())),
            ],
            topics=[topics[pk] for pk in field.get("topics", ()) if pk in topics],
        )
        when = deleted_at.get(version.object_id, version.revision.date_created)
        yield WithdrawnEvent(field["slug"], when, tuple(specs))


def oai_set_list():
    """(kind, records) of each kind of OAI set: series, countries, topics,
    every record of each in slug order."""
    depends_on(*every(Series), *every(Country), *every(Topic))
    return [
        ("series", Series.objects.order_by("slug")),
        ("country", Country.objects.order_by("slug")),
        ("topic", Topic.objects.order_by("slug")),
    ]


# Maps and timelines.


def country_map_counts(role):
    """[(country, published events)] of the countries with any, taking part
    or hosting as `role` ("took-part", "hosted") says, most first: read from
    the tallies in one query whatever the archive's size."""
    depends_on(kind(Event), *every(Country))
    return counted_by(role)


# The filter the events list's map counts by, and adds a country to.
LIST_MAP_FILTER = "participating_country"


def event_list_country_counts(*, filters):
    """[(country, events)] of every country by how many of the events that
    the valid EventFilter `filters` finds it took part in."""

    def build():
        depends_on(kind(Event), kind(Participation), *every(Country))
        facet = facets.facets_by_name(facets.EVENT_FACETS)[LIST_MAP_FILTER]
        if facets.chosen(facet, filters):
            # The facet counts what ticking one more country would add to
            # the events found; the map counts those events.
            keys = facet_selection_keys(filters).get(None)
            if keys is None:  # every facet narrowed by a value of its own
                keys = facets.selection_keys(filters, published_events())
            found = dict(facets.facet_counts_within(facet, among(keys))[0])
        else:  # the facet's own counts, read for it: not counted again
            found = dict(facet_counts(filters)[LIST_MAP_FILTER][0])
        countries = Country.objects.filter(pk__in=found)
        return sorted(
            ((country, found[country.pk]) for country in countries),
            key=lambda row: (-row[1], row[0].name),
        )

    return remember(f"list-map:{selection(filters)}", build, per_language=True)


def country_partners(country):
    """[(country, published events together)] of the countries that took
    part in the published events `country` took part in, most first: read
    from the tallies in one query. They change only with an event linked to
    `country`, which moves its links."""
    depends_on(links(country), *every(Country))
    return counted_by(tallies.together(country.pk))


def series_countries(series):
    """[(country, published sessions)] of every country that took part in a
    session of `series`, most first, from the tallies."""
    depends_on(links(series), *every(Country))
    return counted_by(tallies.series_country(series.pk))


def counted_by(measure):
    """[(country, count)] of the countries with a count in `measure`."""
    countries = (
        Country.objects.annotate(events=tallied(measure))
        .filter(events__gt=0)
        .order_by("-events", Shown("name"))
    )
    return [(country, country.events) for country in countries]


# A timeline draws at most this many sessions (a programme holds a few a year).
TIMELINE_LIMIT = 500


def series_timeline(series):
    """The published sessions of `series` in date order, for its timeline."""
    depends_on(links(series))
    return list(
        published_events()
        .filter(series=series)
        .order_by("start_date", "session_number", "pk")
        .only(
            "slug",
            *localized("title"),
            "start_date",
            "end_date",
            "date_precision",
            "outcome",
            "session_number",
        )[:TIMELINE_LIMIT]
    )


def events_per_month():
    """{(year, month or 0 when only the year is known): published events}:
    an event known to the month counts in it, one known to the year only in
    its year's "month unknown"."""
    depends_on(kind(Event))
    months = Tally.objects.filter(measure="month", count__gt=0)
    return {
        (year, month): events
        for month, year, events in months.values_list("record", "year", "count")
    }
