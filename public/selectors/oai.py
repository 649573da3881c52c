"""What OAI-PMH serves (public/opendata/oai.py): published events in the order
of their last change, for harvesters that come back for what changed since,
and the events withdrawn since."""

import dataclasses
import datetime
import logging

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Max, Q
from django.db.models.functions import Cast
from reversion.errors import RevertError
from reversion.models import Version

from academy.cache_tags import depends_on, every_change_tags
from events.models import Event, Series, Topic
from people.models import Country

from .base import published_events
from .events import events_with_relations

logger = logging.getLogger(__name__)


def oai_event_list(*, changed_from=None, changed_before=None, set_spec=None):
    """Published events as event_export_list plans them, oldest change first,
    changed at or after `changed_from` and before `changed_before`, in the
    OAI set `set_spec` ("topic:<slug>", "series:<slug>", "country:<slug>",
    a country hosting or taking part) when given."""
    depends_on(*every_change_tags(Event))
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
    depends_on(*every_change_tags(Event))
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
    depends_on(
        *every_change_tags(Series),
        *every_change_tags(Country),
        *every_change_tags(Topic),
    )
    return [
        ("series", Series.objects.order_by("slug")),
        ("country", Country.objects.order_by("slug")),
        ("topic", Topic.objects.order_by("slug")),
    ]
