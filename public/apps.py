from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"

    def ready(self):
        from academy.caching import page_parameters

        from . import maps
        from .filters import EventFilter, PersonFilter
        from .views import canonical_results

        page_parameters(
            *EventFilter.base_filters,
            *PersonFilter.base_filters,
            "page",
            "page_size",
            "find",
            "format",
            results=canonical_results,
            map=maps.canonical_role,
        )
        # The OAI-PMH arguments (public/opendata/oai.py), read at the address
        # academy/urls.py gives it.
        page_parameters(
            "verb",
            "metadataPrefix",
            "identifier",
            "set",
            "from",
            "until",
            "resumptionToken",
            path="/oai/",
        )
