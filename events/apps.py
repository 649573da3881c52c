from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # Connects the signals that expire the cached pages on any change.
        from academy import caching  # noqa: F401
