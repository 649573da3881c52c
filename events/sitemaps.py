"""Sitemaps of the event pages, topics, programmes and the site's fixed pages.

Every page is listed in each language with hreflang alternates. A record
without a change date of its own (topics, programmes) takes the latest change
among the published events its page lists; with none, no lastmod is claimed.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from .models import Series, Topic
from .selectors import published_events


class ArchiveSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Addresses per file, each language counted: Django's 50,000 made 23 MB
    # files that took seconds at 100,000 events; these stay small enough to
    # cache (academy/caching.py).
    limit = 1000

    def lastmod(self, item):
        return item.last_event_update


def last_event_update(events):
    """The latest `updated` among `events`, a queryset tied to OuterRef("pk")."""
    return Subquery(events.order_by("-updated").values("updated")[:1])


class EventSitemap(ArchiveSitemap):
    def items(self):
        return published_events().only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class TopicSitemap(ArchiveSitemap):
    def items(self):
        events = published_events().filter(topics=OuterRef("pk"))
        return Topic.objects.annotate(
            last_event_update=last_event_update(events)
        ).order_by("pk")


class SeriesSitemap(ArchiveSitemap):
    def items(self):
        events = published_events().filter(series=OuterRef("pk"))
        return Series.objects.annotate(
            last_event_update=last_event_update(events)
        ).order_by("pk")


class PageSitemap(ArchiveSitemap):
    """Home, the lists and the statistics: they change as the events do."""

    def items(self):
        return [
            "events:home",
            "events:event-list",
            "events:topic-list",
            "events:series-list",
            "events:statistics",
            "people:person-list",
            "people:country-list",
            "people:organization-list",
        ]

    def location(self, item):
        return reverse(item)

    @cached_property
    def latest_event_update(self):
        return published_events().aggregate(latest=Max("updated"))["latest"]

    def lastmod(self, item):
        return self.latest_event_update
