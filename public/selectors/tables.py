"""What the data package holds (public/opendata/datapackage.py): every public
record of a kind, and each link of a published event, with the slugs that
join them. Drafts and their links are never read."""

from django.db.models import Exists, OuterRef

from academy.cache_tags import depends_on, every_change_tags
from events.models import Event, Participation, Series, Source, Topic
from events.relations import RELATIONS
from people.models import Country, Organization, Person

from .base import published_events


def depends_on_the_package():
    """What describes the package as a whole (its sources, its newest
    change) goes stale with any change to what it holds."""
    held = (Country, Organization, Topic, Series, Person, Event, Participation, Source)
    depends_on(*(tag for model in held for tag in every_change_tags(model)))


def country_table():
    return Country.objects.order_by("slug")


def organization_table():
    return Organization.objects.select_related("country").order_by("slug")


def topic_table():
    return Topic.objects.order_by("slug")


def series_table():
    return Series.objects.order_by("slug")


def person_table():
    return Person.objects.select_related("organization", "country").order_by("slug")


def event_table():
    return published_events().select_related("host_country", "series").order_by("slug")


def event_link_relations():
    """The relations of an event to many records by plain linking rows
    (events/relations.py): a table of (event, record) each."""
    return [
        relation
        for relation in RELATIONS
        if relation.through is not None and relation.through._meta.auto_created
    ]


def event_link_table(relation):
    """(event slug, record slug) of each link of a published event by
    `relation`, in that order."""
    field = relation.field
    event, record = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = relation.through.objects.filter(**{f"{event}__in": published_events()})
    return rows.order_by(f"{event}__slug", f"{record}__slug").values_list(
        f"{event}__slug", f"{record}__slug"
    )


def speaker_table():
    """(event, person, role, position_en, position_ru, order) of each speaker
    of a published event, in the event's order: rows, not records, for some
    700,000 of them at 100,000 events."""
    rows = Participation.objects.filter(event__in=published_events())
    return rows.order_by("event__slug", "order", "id").values_list(
        "event__slug", "person__slug", "role", "position_en", "position_ru", "order"
    )


def source_table():
    """The sources of published events."""
    cited = published_events().filter(source=OuterRef("pk"))
    return Source.objects.filter(Exists(cited)).order_by("title")
