"""Filters for the people list, shared by the HTML pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from events.filters import slug_filter
from events.models import Event, Participation, Topic

from .models import Country, Organization, Person
from .search import search_people


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    country = slug_filter(
        Country.objects.all(),
        method="filter_in",
        label=_("Country"),
        missing=_("No such country: %(value)s."),
    )
    organization = slug_filter(
        Organization.objects.all(),
        method="filter_in",
        label=_("Organization"),
        missing=_("No such organization: %(value)s."),
    )
    topic = slug_filter(
        Topic.objects.all(),
        method="filter_topic",
        label=_("Topic"),
        missing=_("No such topic: %(value)s."),
        help_text=_("Of the events they spoke at."),
    )

    class Meta:
        model = Person
        fields = ()

    def filter_text(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": value}) if value else queryset

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        # IN, not a correlated EXISTS: see linked_to in events/filters.py.
        spoke_on_topic = Participation.objects.filter(
            event__status=Event.Status.PUBLISHED, event__topics__in=value
        )
        return queryset.filter(pk__in=spoke_on_topic.values("person"))
