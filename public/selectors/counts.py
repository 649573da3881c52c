"""Counts of published events, read from the tallies kept up to date on write
(events/tallies.py), and when the archive last changed."""

from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from reversion.models import Revision

from academy.cache_tags import depends_on, every_change_tags, kind_tag
from academy.caching import remember
from academy.queries import count_of
from events import tallies
from events.models import Event, Tally
from people.models import Organization, Person

from .base import published_events


def archive_counts():
    """What the archive holds, for the home page."""
    return remember(
        "counts",
        lambda: {
            "events": tallies.tally_counts("events").get(0, 0),
            "people": Person.objects.count(),
            "organizations": Organization.objects.count(),
        },
        depends=[kind_tag(Event), kind_tag(Person), kind_tag(Organization)],
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
    depends_on(*every_change_tags(Event))
    return published_events().aggregate(latest=Max("updated"))["latest"]


def earliest_event_update():
    """When the published event changed longest ago last changed; None in
    an empty archive."""
    depends_on(*every_change_tags(Event))
    return published_events().aggregate(earliest=Min("updated"))["earliest"]


def published_count(field):
    """How many published events link to the record by their `field`: a
    subquery per record, read from the index, for links no tally counts."""
    return count_of(published_events().filter(**{field: OuterRef("pk")}))


def tally_of_measure(measure):
    """A record's count of published events in `measure`, as a subquery."""
    count = Tally.objects.filter(measure=measure, record=OuterRef("pk"), year=0)
    return Coalesce(Subquery(count.values("count")), 0)


def year_event_counts():
    """{year: (how many published events started in it, how many of those were
    announced and are not known to have taken place)}."""
    depends_on(kind_tag(Event))
    found = tallies.tally_counts("year", "announced-year")
    announced = found["announced-year"]
    return {year: (n, announced.get(year, 0)) for year, n in found["year"].items()}


def topic_year_event_counts(topics):
    """{(topic id, year): how many published events on it started that year}."""
    depends_on(kind_tag(Event))
    topic_ids = [topic.pk for topic in topics]
    counts = Tally.objects.filter(measure="topic-year", record__in=topic_ids)
    return {
        (topic, year): events
        for topic, year, events in counts.values_list("record", "year", "count")
    }
