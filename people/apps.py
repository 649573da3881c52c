from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organizations")

    def ready(self):
        from academy import media
        from academy.cache_invalidation import listed_on, searched_through
        from academy.writes import register_keeper

        from . import photos
        from .models import Organization, Person, PersonName
        from .services import SearchDocumentKeeper

        # Every write that keeps derived data keeps people's search
        # documents, which hold their other spellings (services.py).
        register_keeper(SearchDocumentKeeper)

        # A change to one of these makes stale the pages that list it.
        listed_on(Person, "country", "organization")
        listed_on(Organization, "country", "parent")
        listed_on(PersonName, "person")
        # A person is found by any spelling of their name.
        searched_through(Person, PersonName)
        # Every person is public, and so their photo; a replaced one is not.
        media.register_media_folder("people", photos.photo_file_serving)
