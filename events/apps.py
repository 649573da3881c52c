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
        from academy.writes import register_keeper

        from . import materials
        from .models import Event, EventDocument, EventLink, EventPhoto
        from .relations import link_listings, listing_paths
        from .search import event_search_reads
        from .services import TallyKeeper

        # Every write that keeps derived data keeps the tallies (services.py).
        register_keeper(TallyKeeper)

        # A change to a relation makes stale the pages that list it
        # (events/relations.py).
        listed_on(Event, *listing_paths())
        for model, paths in link_listings():
            listed_on(model, *paths)
        # What lists do not filter or order by: feeds, sitemaps and exports,
        # which show it, depend on every change.
        shown_only(Event, "updated")
        text = ("summary", "body", "city", "venue")
        searched_only(Event, *text, *localized(*text), "search_document")
        # An event is also found by the names of its linked records (any
        # spelling of a speaker's), through the rows that link them.
        searched_through(Event, *event_search_reads())
        for material in (EventPhoto, EventDocument, EventLink):
            listed_on(material, "event")
        media.register_media_folder("events", materials.material_file_serving)
