"""What a sitemap needs: each record with the latest change among the
published events its page lists (records have no change date of their own)."""

from django.db.models import OuterRef, Subquery

from academy.cache_tags import depends_on, every_change_tags
from events.models import Event, Series, Topic
from people.models import Country, Organization, Person

from .base import linked_by_any, published_events
from .places import COUNTRY_EVENT_LINKS


def last_event_update(events):
    """The latest `updated` among `events`, a queryset tied to OuterRef("pk")."""
    return Subquery(events.order_by("-updated").values("updated")[:1])


def with_last_event_update(queryset, *relations):
    depends_on(*every_change_tags(queryset.model), *every_change_tags(Event))
    events = published_events().filter(linked_by_any(relations, OuterRef("pk")))
    return queryset.annotate(last_event_update=last_event_update(events)).order_by("pk")


def sitemap_event_list():
    depends_on(*every_change_tags(Event))
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
