from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from academy import media
        from academy.cache_invalidation import (
            listed_on,
            searched_only,
            searched_through,
            shown_only,
        )
        from academy.i18n import localized

        from . import materials, tallies
        from .models import Event, EventDocument, EventLink, EventPhoto, Participation
        from .search import event_search_reads

        tallies.connect_signals()

        # A change to one of these makes stale the pages that list it.
        listed_on(
            Event,
            "host_country",
            "participating_countries",
            "mentioned_countries",
            "topics",
            "organizers",
            "mentioned_organizations",
            "series",
            "participations__person",
        )
        # What lists do not filter or order by: feeds, sitemaps and exports,
        # which show it, depend on every change.
        shown_only(Event, "updated")
        text = ("summary", "body", "city", "venue")
        searched_only(Event, *text, *localized(*text), "search_document")
        # An event is also found by the names of its linked records (any
        # spelling of a speaker's), through the rows that link them.
        searched_through(Event, *event_search_reads())
        # A topic's page lists the people who spoke at its events.
        listed_on(Participation, "event", "person", "event__topics")
        for material in (EventPhoto, EventDocument, EventLink):
            listed_on(material, "event")
        media.register("events", materials.served)
