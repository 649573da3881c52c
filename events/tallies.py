"""Counts of published events, kept up to date on write.

The home, topic, country, organization, series and statistics pages show how
many published events each record (and each year) has. Counting them when a
page is viewed is a GROUP BY over every link row (300,000 topic links at
100,000 events): half a second on every uncached view, and on the first view
after every save. Instead each number is a `Tally` row, moved by the write
that changes it, in that write's transaction.

Keys. A published event counts once towards each key in `keys_of(event)`:
the archive's total, its year (and its year of announced events, if it is
one not known to have taken place), its kind and outcome (numbered by their
place among the field's choices: a migration that changes the choices
recounts), its host country, its series, each linked record in the role it
is linked in (a speaker too), and each of its topics in its year. For the
maps and the calendar, also its month in its year (month 0 when only the year
is known), each country taking part under every other one taking part
("together:<country>") and under its series ("series-country:<series>"):
measures named after a record, read as a ranked list of countries. A draft
counts towards nothing.

Writes. Every write that can change an event's keys (saving or deleting an
event, publishing or withdrawing one, changing its links, adding, moving or
removing a speaker's participation, merging people, an import, a version
restored) keeps them through `keeping_derived_data_for` (academy/writes.py),
whose TallyKeeper (events/services.py) reads the keys of the events it
touches before the write, under a lock on their rows (SELECT ... FOR UPDATE),
and again after, and adds the difference with UPDATE ... SET count = count +
n (`apply_moved_keys`): concurrent writes of different events add up instead
of overwriting each other, and two writes of one event at once count one
after the other, the second reading what the first committed. A key's row
exists from the first event that counts towards it; a missing row reads as
0. A deleted record's rows go with it (`remove_tallies_of`).

Bulk writes (bulk_create, update(), raw SQL, loaddata: generate_archive,
seed_archive, import_archive) call `recount()`, which builds every tally
again from the links by the same `keys_of`.

People per topic. The people list counts, for each topic, the people who
spoke at a published event on it, each once however often: not a sum over
events, so a write that moves any key of its events counts the topics of
those events again (`count_topic_speakers`, about 10 ms a topic at 100,000
events) instead of adding to them; two writes that touch one topic at once
count it one after the other.
"""

from collections import Counter, defaultdict
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, F, Q

from .models import Event, Participation, Tally, Topic
from .relations import linked_measures

PUBLISHED = "published"
# Events read at once by a recount: their ids are listed once per linked
# field in one query (linked_rows), 6 x 4,000 parameters, below SQLite's
# limit of 32,766.
RECOUNT_BATCH = 4000
# How many conditions one UPDATE of the tallies ORs together at most.
MAX_CONDITIONS = 200

ANNOUNCED = "announced"
YEAR = "year"  # the precision of a date known only to its year

# Event's many-to-many fields that are counted, and the measure of each
# (events/relations.py).
LINKED = linked_measures()
# Event's fields of choices that are counted, by their place among the choices.
NUMBERED = ("kind", "outcome")


def together_measure(country):
    """The measure of the countries that took part with `country` (an id)."""
    return f"together:{country}"


def series_country_measure(series):
    """The measure of the countries that took part in `series` (an id)."""
    return f"series-country:{series}"


def keys_of(
    start_date, precision, kind, outcome, host_country, series, linked, numbers
):
    """The (measure, record, year) keys a published event counts towards.

    `linked` maps each field of LINKED to the ids of the event's records, and
    `numbers` each field of NUMBERED to {choice: its number}. "country"
    counts an event once for a country that took part or hosted.
    """
    year = start_date.year
    keys = {
        ("events", 0, 0),
        ("year", year, 0),
        ("kind", numbers["kind"][kind], 0),
        ("outcome", numbers["outcome"][outcome], 0),
    }
    if outcome == ANNOUNCED:
        keys.add(("announced-year", year, 0))
    if series:
        keys.add(("series", series, 0))
    if host_country:
        keys.add(("hosted", host_country, 0))
        keys.add(("country", host_country, 0))
    for field, measure in LINKED.items():
        keys.update((measure, record, 0) for record in linked[field])
    keys.update(
        ("country", country, 0) for country in linked["participating_countries"]
    )
    keys.update(("topic-year", topic, year) for topic in linked["topics"])
    keys.add(("month", 0 if precision == YEAR else start_date.month, year))
    countries = linked["participating_countries"]
    keys.update(
        (together_measure(country), other, 0)
        for country in countries
        for other in countries
        if other != country
    )
    if series:
        keys.update(
            (series_country_measure(series), country, 0) for country in countries
        )
    return keys


def linked_rows(event_ids):
    """(field of LINKED, event, record) of every link of `event_ids`, read in
    one query (a UNION ALL over the through tables): a save reads its event's
    keys before and after it, and one query each way costs a sixth of one
    per field (bench/RESULTS.md, live edits). Written in SQL: the ORM's UNION
    takes each SELECT's columns in the order of the first, and a through
    model of our own (Participation) selects its fields in its own order."""
    if not event_ids:
        return
    fields, selects, params = list(LINKED), [], []
    quote = connection.ops.quote_name
    listed = ", ".join(["%s"] * len(event_ids))
    for number, field in enumerate(fields):
        m2m = Event._meta.get_field(field)
        through = m2m.remote_field.through._meta
        event = quote(through.get_field(m2m.m2m_field_name()).column)
        record = quote(through.get_field(m2m.m2m_reverse_field_name()).column)
        selects.append(
            f"SELECT {number}, {event}, {record} FROM {quote(through.db_table)} "
            f"WHERE {event} IN ({listed})"
        )
        params += event_ids
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for number, event, record in cursor.fetchall():
            yield fields[number], event, record


def published_keys(event_ids):
    """{event id: its keys} for the published events among `event_ids`."""
    rows = Event._base_manager.filter(pk__in=event_ids, status=PUBLISHED).values_list(
        "pk",
        "start_date",
        "date_precision",
        "kind",
        "outcome",
        "host_country",
        "series",
    )
    events = {pk: event for pk, *event in rows}
    if not events:
        return {}
    linked = {pk: {field: set() for field in LINKED} for pk in events}
    for field, event, record in linked_rows(list(events)):
        linked[event][field].add(record)
    numbers = {
        field: {
            choice: number
            for number, (choice, _label) in enumerate(
                Event._meta.get_field(field).choices
            )
        }
        for field in NUMBERED
    }
    return {pk: keys_of(*event, linked[pk], numbers) for pk, event in events.items()}


def difference(before, after):
    """What moves from `before` to `after` ({event id: keys}), as {key: n}."""
    change = Counter()
    for event in before.keys() | after.keys():
        old, new = before.get(event, set()), after.get(event, set())
        change.update(new - old)
        change.subtract(old - new)
    return {key: n for key, n in change.items() if n}


def add(change):
    """Add {key: n} to the tallies, creating the rows missing."""
    if not change:
        return
    Tally._base_manager.bulk_create(
        [Tally(measure=m, record=r, year=y, count=0) for m, r, y in change],
        ignore_conflicts=True,
    )
    # One UPDATE per amount, its rows selected by measure and year with their
    # records listed: an event with 40 countries moves 1,560 "together"
    # keys, and one condition each nested past SQLite's limit of 1,000.
    by_amount = defaultdict(lambda: defaultdict(list))
    for (measure, record, year), amount in change.items():
        by_amount[amount][measure, year].append(record)
    for amount, groups in by_amount.items():
        conditions = [
            Q(measure=measure, year=year, record__in=records)
            for (measure, year), records in groups.items()
        ]
        for start in range(0, len(conditions), MAX_CONDITIONS):
            selected = reduce(or_, conditions[start : start + MAX_CONDITIONS])
            Tally._base_manager.filter(selected).update(count=F("count") + amount)


# How many people spoke at a published event on each topic.
TOPIC_SPEAKERS = "topic-speakers"


def count_topic_speakers(topics=None):
    """Count again how many people spoke at a published event on each of
    `topics` (ids; every topic if None)."""
    rows = Participation._base_manager.filter(event__status=PUBLISHED)
    stale = Tally._base_manager.filter(measure=TOPIC_SPEAKERS)
    if topics is not None:
        topics = sorted(topics)
        if not topics:
            return
        rows = rows.filter(event__topics__in=topics)
        stale = stale.filter(record__in=topics)
    with transaction.atomic():
        if topics is not None:
            _lock_topics(topics)
        counted = (  # read after the lock, so with what others committed
            rows.order_by()
            .values_list("event__topics")
            .annotate(people=Count("person", distinct=True))
        )
        stale.delete()
        Tally._base_manager.bulk_create(
            [
                Tally(measure=TOPIC_SPEAKERS, record=topic, year=0, count=people)
                for topic, people in counted
                if topic is not None and (topics is None or topic in topics)
            ],
            batch_size=1000,
        )


def _lock_topics(topics):
    """Lock the rows of `topics` (sorted ids) until the transaction ends.

    Two writes that count one topic at once count one after the other: the
    second counts the speakers the first has committed, and deletes the first's
    row instead of writing its own beside it (a duplicate key on PostgreSQL).
    SQLite has one writer at a time and ignores the lock."""
    locked = Topic._base_manager.select_for_update().filter(pk__in=topics)
    list(locked.order_by("pk").values_list("pk", flat=True))


def topics_moved(before, after):
    """The topics of the events whose keys move from `before` to `after`
    ({event id: keys}), before or after: a speaker moved from one event to
    another moves no sum, but may move who spoke on their topics."""
    return {
        record
        for event in before.keys() | after.keys()
        if before.get(event, set()) != after.get(event, set())
        for keys in (before.get(event, set()), after.get(event, set()))
        for measure, record, _year in keys
        if measure == "topic"
    }


def apply_moved_keys(before, after):
    """Tally what moves from `before` to `after` ({event id: keys})."""
    add(difference(before, after))
    count_topic_speakers(topics_moved(before, after))


def recount():
    """Build every tally again from the published events and their links."""
    totals = Counter()
    published = Event._base_manager.filter(status=PUBLISHED).order_by("pk")
    ids = list(published.values_list("pk", flat=True))
    for start in range(0, len(ids), RECOUNT_BATCH):
        for keys in published_keys(ids[start : start + RECOUNT_BATCH]).values():
            totals.update(keys)
    with transaction.atomic():
        Tally._base_manager.all().delete()
        Tally._base_manager.bulk_create(
            [
                Tally(measure=m, record=r, year=y, count=n)
                for (m, r, y), n in totals.items()
            ],
            batch_size=1000,
        )
    count_topic_speakers()


def tally_counts(*measures):
    """{record: count} of every key of one measure (not "topic-year"); given
    several, {measure: {record: count}}, read at once."""
    found = {measure: {} for measure in measures}
    rows = Tally.objects.filter(measure__in=measures, year=0)
    for measure, record, count in rows.values_list("measure", "record", "count"):
        found[measure][record] = count
    return found if len(measures) > 1 else found[measures[0]]


# The measures whose records are rows of each model: deleted with the record,
# so no later record given the same id inherits them.
RECORD_MEASURES = {
    "events.topic": ("topic", "topic-year", TOPIC_SPEAKERS),
    "events.series": ("series",),
    "people.country": ("country", "took-part", "hosted", "discussed-country"),
    "people.organization": ("organizer", "discussed-organization"),
    "people.person": ("speaker",),
}


def remove_tallies_of(label, records):
    """Delete the tallies of the deleted `records` (ids) of the model `label`
    (one of RECORD_MEASURES): a deleted country's links went without a
    write of their events, so also its ranked list of the countries it took
    part with, and its place in theirs and in programmes'; a deleted
    programme's list of countries."""
    records = list(records)
    if not records:
        return
    rows = Q(measure__in=RECORD_MEASURES[label], record__in=records)
    if label == "people.country":
        rows |= Q(measure__in=[together_measure(country) for country in records])
        rows |= Q(record__in=records) & (
            Q(measure__startswith=together_measure(""))
            | Q(measure__startswith=series_country_measure(""))
        )
    if label == "events.series":
        rows |= Q(measure__in=[series_country_measure(series) for series in records])
    Tally._base_manager.filter(rows).delete()
