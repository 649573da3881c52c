from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from academy.caching import page_parameters

        from .filters import EventFilter, PersonFilter

        page_parameters(
            *EventFilter.base_filters,
            *PersonFilter.base_filters,
            "page",
            "page_size",
            "format",
        )
