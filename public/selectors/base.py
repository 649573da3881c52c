"""What the selectors of every kind build on: the published events, a
FilterSet's narrowing, a search's first page and the names of records."""

from django.db.models import Count, Q, Window

from academy.cache_tags import depends_on, every_change_tags
from academy.caching import remember
from academy.i18n import fallback_language
from academy.spelling import suggested_spelling
from events.models import Event, Topic
from people.models import Country, Organization, Person

SEARCH_LIMIT = 20
# How many of a record's events (or people) its own page lists; the rest are
# one link away, on the filtered list.
LATEST = 20


def narrow_by_filters(queryset, filters):
    """`queryset` narrowed by the bound FilterSet `filters`; none when invalid.

    An unknown slug or a malformed year must not silently widen a list to
    everything, so an invalid form selects nothing and the page says why.
    """
    if filters is None:
        return queryset
    return filters.filter_queryset(queryset) if filters.is_valid() else queryset.none()


def published_events():
    return Event.objects.published()


def search_results(queryset):
    """The first SEARCH_LIMIT records of a search, each with `search_total`:
    how many match in all, counted in the same query (COUNT(*) OVER ())."""
    return queryset.annotate(search_total=Window(Count("pk")))[:SEARCH_LIMIT]


def record_names(model):
    """{key: (slug, name, the language of the name if not the page's)} of
    every record of `model` in the active language, in its order, kept until
    one changes. Lists run to a few hundred records at most; people are never
    listed."""

    def build():
        depends_on(*every_change_tags(model))
        return named_by_key(model.objects.only("slug", "name"))

    return remember(f"record-names:{model._meta.label_lower}", build, per_language=True)


def named_by_key(records):
    """{key: (slug, name, the language the name is shown in if not the
    page's: academy.i18n.fallback_language)} of `records`."""
    return {
        item.pk: (item.slug, str(item), fallback_language(item, "name"))
        for item in records
    }


def search_suggestion(text):
    """Another spelling of `text`, from the names of people, countries,
    organizations and topics, for a search that found nothing; or None."""
    named = (Person, Country, Organization, Topic)
    return suggested_spelling(text, [model.objects.all() for model in named])


# What a record's page shows of each of its events (includes/event_rows.html).
EVENT_ROW_FIELDS = (
    "title",
    "slug",
    "status",
    "outcome",
    "start_date",
    "end_date",
    "date_precision",
)


def latest_linked_events(**relation):
    """The LATEST newest published events linked to a record by `relation`,
    with what a row shows of them: SQLite sorts the whole rows it reads, and
    a country's 12,000 events with their texts took 112 ms to sort at
    100,000 events (bench/RESULTS.md, the long tail)."""
    linked = published_events().filter(**relation).only(*EVENT_ROW_FIELDS)
    return list(linked[:LATEST])


def linked_by_any(relations, value):
    """A Q: the event is linked to `value` by any of `relations`."""
    return Q.create([(relation, value) for relation in relations], Q.OR)
