"""Every tally counted again from the events: a frozen copy for the data
migrations.

Copied from events/tallies.py (its `recount` and what it calls) as it stood at
events 0017, for events 0007, 0009, 0010, 0012 and 0016 (Django skips this
module when it loads migrations: its name starts with "_"). Never update it: a
fresh `migrate` must count what it always counted, whatever events.tallies
becomes. A later migration that counts something else freezes its own code
beside this.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count

PUBLISHED = "published"
RECOUNT_BATCH = 5000
ANNOUNCED = "announced"
YEAR = "year"  # the precision of a date known only to its year
TOPIC_SPEAKERS = "topic-speakers"
# Event's many-to-many fields that are counted, and the measure of each.
LINKED = {
    "topics": "topic",
    "participating_countries": "took-part",
    "mentioned_countries": "discussed-country",
    "organizers": "organizer",
    "mentioned_organizations": "discussed-organization",
    "speakers": "speaker",
}
# Event's fields of choices that are counted, by their place among the choices.
NUMBERED = ("kind", "outcome")


def keys_of(
    start_date, precision, kind, outcome, host_country, series, linked, numbers
):
    """The (measure, record, year) keys a published event counts towards."""
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
        (f"together:{country}", other, 0)
        for country in countries
        for other in countries
        if other != country
    )
    if series:
        keys.update((f"series-country:{series}", country, 0) for country in countries)
    return keys


def published_keys(event_ids, apps):
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


def count_topic_speakers(apps):
    """Count again how many people spoke at a published event on each topic."""
    tally = apps.get_model("events", "Tally")
    participation = apps.get_model("events", "Participation")
    counted = (
        participation._base_manager.filter(event__status=PUBLISHED)
        .order_by()
        .values_list("event__topics")
        .annotate(people=Count("person", distinct=True))
    )
    with transaction.atomic():
        tally._base_manager.filter(measure=TOPIC_SPEAKERS).delete()
        tally._base_manager.bulk_create(
            [
                tally(measure=TOPIC_SPEAKERS, record=topic, year=0, count=people)
                for topic, people in counted
                if topic is not None
            ],
            batch_size=1000,
        )


def recount(apps):
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
    count_topic_speakers(apps)
