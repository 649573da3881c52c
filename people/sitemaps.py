"""Sitemaps of the people, country and organization pages.

These records have no change date of their own, so each takes the latest change
among the published events its page lists; with none, no lastmod is claimed.
"""

from django.db.models import OuterRef, Q

from events.selectors import published_events
from events.sitemaps import ArchiveSitemap, last_event_update

from .models import Country, Organization, Person


class PersonSitemap(ArchiveSitemap):
    def items(self):
        events = published_events().filter(participations__person=OuterRef("pk"))
        return Person.objects.annotate(
            last_event_update=last_event_update(events)
        ).order_by("pk")


class CountrySitemap(ArchiveSitemap):
    def items(self):
        events = published_events().filter(
            Q(participating_countries=OuterRef("pk"))
            | Q(host_country=OuterRef("pk"))
            | Q(mentioned_countries=OuterRef("pk"))
        )
        return Country.objects.annotate(
            last_event_update=last_event_update(events)
        ).order_by("pk")


class OrganizationSitemap(ArchiveSitemap):
    def items(self):
        events = published_events().filter(
            Q(organizers=OuterRef("pk")) | Q(mentioned_organizations=OuterRef("pk"))
        )
        return Organization.objects.annotate(
            last_event_update=last_event_update(events)
        ).order_by("pk")
