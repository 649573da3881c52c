"""Sitemaps of every public page, read through the selectors.

Every page is listed in each language with hreflang alternates. A record
without a change date of its own takes the latest change among the published
events its page lists; with none, no lastmod is claimed.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .. import selectors


class ArchiveSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Addresses per file, each language counted: Django's 50,000 made 23 MB
    # files that took seconds at 100,000 events; these stay small enough to
    # cache (academy/caching.py).
    limit = 1000
    # A selector giving the section's records; Django makes a sitemap per request.
    read = None

    def items(self):
        return self.read()

    def lastmod(self, item):
        return item.last_event_update


class EventSitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_event_list)

    def lastmod(self, item):
        return item.updated


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
        return selectors.latest_event_update()

    def lastmod(self, item):
        return self.latest_event_update


class PersonSitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_person_list)


class CountrySitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_country_list)


class OrganizationSitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_organization_list)


class TopicSitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_topic_list)


class SeriesSitemap(ArchiveSitemap):
    read = staticmethod(selectors.sitemap_series_list)


SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "countries": CountrySitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
    "series": SeriesSitemap,
}
