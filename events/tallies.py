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
event, publishing or withdrawing one, changing its links from either side,
adding, moving or removing a speaker's participation)
reads the keys of the events it touches before and after, and adds the
difference with UPDATE ... SET count = count + n: concurrent saves of
different events add up instead of overwriting each other. A save of an event
reads it as stored under a lock on its row (SELECT ... FOR UPDATE), so two
saves of one event at once count one after the other: the second reads what
the first committed. A key's row exists from the first event that counts
towards it; a missing row reads as 0.

Writes that send no signals (bulk_create, update(), raw SQL:
generate_archive) call `recount()`, which builds every tally again from the
links by the same `keys_of`.

People per topic. The people list counts, for each topic, the people who
spoke at a published event on it, each once however often: not a sum over
events, so a write that moves any key of its events counts the topics of
those events again (`count_topic_speakers`, about 10 ms a topic at 100,000
events) instead of adding to them; two writes that touch one topic at once
count it one after the other.
"""

from collections import Counter, defaultdict
from contextvars import ContextVar
from functools import reduce
from operator import or_

from django.apps import apps as installed_apps
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from .relations import linked_measures

PUBLISHED = "published"
RECOUNT_BATCH = 5000
# How many conditions one UPDATE of the tallies ORs together at most.
MAX_CONDITIONS = 200

# The fields of an event itself that its keys depend on; its links change
# through m2m signals.
KEYED = (
    "status",
    "start_date",
    "date_precision",
    "kind",
    "outcome",
    "host_country_id",
    "series_id",
)
ANNOUNCED = "announced"
YEAR = "year"  # the precision of a date known only to its year

# Event's many-to-many fields that are counted, and the measure of each
# (events/relations.py).
LINKED = linked_measures()
# Event's fields of choices that are counted, by their place among the choices.
NUMBERED = ("kind", "outcome")


def together(country):
    """The measure of the countries that took part with `country` (an id)."""
    return f"together:{country}"


def series_country(series):
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
        (together(country), other, 0)
        for country in countries
        for other in countries
        if other != country
    )
    if series:
        keys.update((series_country(series), country, 0) for country in countries)
    return keys


def published_keys(event_ids, apps=installed_apps):
    """{event id: its keys} for the published events among `event_ids`."""
    event_model = apps.get_model("events", "Event")
    rows = event_model._base_manager.filter(
        pk__in=event_ids, status=PUBLISHED
    ).values_list(
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
    for field in LINKED:
        m2m = event_model._meta.get_field(field)
        event_column, record_column = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        links = m2m.remote_field.through._base_manager.filter(
            **{f"{event_column}__in": list(events)}
        ).values_list(event_column, record_column)
        for event, record in links:
            linked[event][field].add(record)
    numbers = {
        field: {
            choice: number
            for number, (choice, _label) in enumerate(
                event_model._meta.get_field(field).choices
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


def add(change, apps=installed_apps):
    """Add {key: n} to the tallies, creating the rows missing."""
    if not change:
        return
    tally = apps.get_model("events", "Tally")
    tally._base_manager.bulk_create(
        [tally(measure=m, record=r, year=y, count=0) for m, r, y in change],
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
            tally._base_manager.filter(selected).update(count=F("count") + amount)


# How many people spoke at a published event on each topic.
TOPIC_SPEAKERS = "topic-speakers"


def count_topic_speakers(topics=None, apps=installed_apps):
    """Count again how many people spoke at a published event on each of
    `topics` (ids; every topic if None)."""
    tally = apps.get_model("events", "Tally")
    participation = apps.get_model("events", "Participation")
    rows = participation._base_manager.filter(event__status=PUBLISHED)
    stale = tally._base_manager.filter(measure=TOPIC_SPEAKERS)
    if topics is not None:
        topics = sorted(topics)
        if not topics:
            return
        rows = rows.filter(event__topics__in=topics)
        stale = stale.filter(record__in=topics)
    with transaction.atomic():
        if topics is not None:
            _lock_topics(topics, apps)
        counted = (  # read after the lock, so with what others committed
            rows.order_by()
            .values_list("event__topics")
            .annotate(people=Count("person", distinct=True))
        )
        stale.delete()
        tally._base_manager.bulk_create(
            [
                tally(measure=TOPIC_SPEAKERS, record=topic, year=0, count=people)
                for topic, people in counted
                if topic is not None and (topics is None or topic in topics)
            ],
            batch_size=1000,
        )


def _lock_topics(topics, apps):
    """Lock the rows of `topics` (sorted ids) until the transaction ends.

    Two writes that count one topic at once count one after the other: the
    second counts the speakers the first has committed, and deletes the first's
    row instead of writing its own beside it (a duplicate key on PostgreSQL).
    SQLite has one writer at a time and ignores the lock."""
    topic = apps.get_model("events", "Topic")
    locked = topic._base_manager.select_for_update().filter(pk__in=topics)
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


def moved(before, after):
    """Tally what moves from `before` to `after` ({event id: keys})."""
    add(difference(before, after))
    count_topic_speakers(topics_moved(before, after))


def recount(apps=installed_apps):
    """Build every tally again from the published events and their links."""
    event_model = apps.get_model("events", "Event")
    tally = apps.get_model("events", "Tally")
    totals = Counter()
    published = event_model._base_manager.filter(status=PUBLISHED).order_by("pk")
    ids = list(published.values_list("pk", flat=True))
    for start in range(0, len(ids), RECOUNT_BATCH):
        for keys in published_keys(ids[start : start + RECOUNT_BATCH], apps).values():
            totals.update(keys)
    with transaction.atomic():
        tally._base_manager.all().delete()
        tally._base_manager.bulk_create(
            [
                tally(measure=m, record=r, year=y, count=n)
                for (m, r, y), n in totals.items()
            ],
            batch_size=1000,
        )
    count_topic_speakers(apps=apps)


def counts(*measures):
    """{record: count} of every key of one measure (not "topic-year"); given
    several, {measure: {record: count}}, read at once."""
    tally = installed_apps.get_model("events", "Tally")
    found = {measure: {} for measure in measures}
    rows = tally.objects.filter(measure__in=measures, year=0)
    for measure, record, count in rows.values_list("measure", "record", "count"):
        found[measure][record] = count
    return found if len(measures) > 1 else found[measures[0]]


# Signals: each write reads its events' keys before and after.

# The measures whose records are rows of each model: deleted with the record,
# so no later record given the same id inherits them.
RECORD_MEASURES = {
    "events.topic": ("topic", "topic-year", TOPIC_SPEAKERS),
    "events.series": ("series",),
    "people.country": ("country", "took-part", "hosted", "discussed-country"),
    "people.organization": ("organizer", "discussed-organization"),
    "people.person": ("speaker",),
}


def _before_save(sender, instance, **kwargs):
    if instance.pk is None:
        instance._tally_keys = {}  # a new event counts towards nothing yet
        return
    # Locked until the save commits: a second write of this event at once
    # (two staff withdrawing it) reads it after the first, not before, and
    # moves nothing the first has moved already.
    stored = sender._base_manager.select_for_update().filter(pk=instance.pk)
    stored = stored.values(*KEYED).first()
    if stored is not None and all(stored[f] == getattr(instance, f) for f in KEYED):
        instance._tally_keys = None  # its keys cannot change
    else:
        instance._tally_keys = published_keys([instance.pk])


def _saved(sender, instance, **kwargs):
    before = instance.__dict__.pop("_tally_keys", {})
    if before is not None:
        moved(before, published_keys([instance.pk]))


def _before_delete(sender, instance, **kwargs):
    instance._tally_keys = published_keys([instance.pk])
    _deleting.set(_deleting.get() | {instance.pk})


def _deleted(sender, instance, **kwargs):
    _deleting.set(_deleting.get() - {instance.pk})
    moved(instance.__dict__.pop("_tally_keys"), {})


# The events being deleted in this context: their speakers' rows go first, and
# the event's own keys, read before either, already hold them.
_deleting = ContextVar("tallies_deleting", default=frozenset())


def _before_speaker(sender, instance, raw=False, **kwargs):
    """A participation saved or deleted: the keys of the events it leaves
    and joins, unless it stays where it was."""
    events = {instance.event_id}
    if instance.pk is not None and kwargs.get("signal") is pre_save:
        stored = sender._base_manager.filter(pk=instance.pk)
        stored = stored.values_list("event", "person").first()
        if stored == (instance.event_id, instance.person_id):
            return
        if stored:
            events.add(stored[0])
    instance._tally_speaker = (events, published_keys(events))


def _speaker_written(sender, instance, **kwargs):
    if "_tally_speaker" not in instance.__dict__:
        return
    events, before = instance.__dict__.pop("_tally_speaker")
    events -= _deleting.get()
    before = {event: keys for event, keys in before.items() if event in events}
    moved(before, published_keys(events))


def _links_change(sender, instance, action, reverse, pk_set, **kwargs):
    """An m2m add, remove or clear, from either side: the keys of its events
    are read before it and again after."""
    if sender in _own_rows and not action.endswith("_add"):
        return  # the rows' own delete signals count it (_before_speaker)
    if action.startswith("pre_"):
        instance.__dict__.pop("_tally_links", None)
        if pk_set is not None and not pk_set:
            return  # nothing added or removed
        if reverse and action == "pre_clear":
            # Clearing a record's side unlinks every event linked to it.
            m2m = _counted_fields[sender]
            pk_set = sender._base_manager.filter(
                **{m2m.m2m_reverse_field_name(): instance.pk}
            ).values_list(m2m.m2m_field_name(), flat=True)
        events = list(pk_set) if reverse else [instance.pk]
        instance._tally_links = (events, published_keys(events))
    elif "_tally_links" in instance.__dict__:
        events, before = instance.__dict__.pop("_tally_links")
        moved(before, published_keys(events))


def _record_deleted(sender, instance, **kwargs):
    label = sender._meta.label_lower
    rows = Q(measure__in=RECORD_MEASURES[label], record=instance.pk)
    if label == "people.country":
        # Its links went without signals: its ranked list of the countries
        # it took part with, and its place in theirs and in programmes'.
        rows |= Q(measure=together(instance.pk))
        rows |= Q(record=instance.pk) & (
            Q(measure__startswith=together(""))
            | Q(measure__startswith=series_country(""))
        )
    installed_apps.get_model("events", "Tally")._base_manager.filter(rows).delete()


# {through model: Event's m2m field}, of the fields counted.
_counted_fields = {}
# Through models of our own, whose rows send their own signals.
_own_rows = set()


def connect_signals():
    """Keep the tallies up to date on every write that sends signals."""
    event_model = installed_apps.get_model("events", "Event")
    pre_save.connect(_before_save, sender=event_model)
    post_save.connect(_saved, sender=event_model)
    pre_delete.connect(_before_delete, sender=event_model)
    post_delete.connect(_deleted, sender=event_model)
    for field in LINKED:
        m2m = event_model._meta.get_field(field)
        _counted_fields[m2m.remote_field.through] = m2m
        m2m_changed.connect(_links_change, sender=m2m.remote_field.through)
    # Speakers' rows are written one by one (admin inlines, merges); adding
    # them through the m2m sends m2m_changed and no save signals.
    participation = event_model._meta.get_field("speakers").remote_field.through
    _own_rows.add(participation)
    for signal in (pre_save, pre_delete):
        signal.connect(_before_speaker, sender=participation)
    for signal in (post_save, post_delete):
        signal.connect(_speaker_written, sender=participation)
    for label in RECORD_MEASURES:
        post_delete.connect(_record_deleted, sender=installed_apps.get_model(label))
