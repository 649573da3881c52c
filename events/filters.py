"""Filters for the event list, shared by the HTML pages, feeds, calendars and API.

Every filter takes slugs (or a year), several values of one filter match any of
them, and different filters combine. Relations are matched with a subquery
(IN) rather than joins so no row is repeated and no DISTINCT is needed.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from people.models import Country, Organization, Person

from .models import Event, Participation, Series, Topic
from .search import search_events


class MultipleYearField(forms.TypedMultipleChoiceField):
    """Any number of years, each a whole number from 1 to 9999."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return str(value).isdigit() and 1 <= int(value) <= 9999


class YearFilter(django_filters.MultipleChoiceFilter):
    field_class = MultipleYearField


def slug_filter(queryset, *, method, label, missing, **kwargs):
    """Records chosen by slug, any number of them; an unknown slug is answered
    with `missing` ("No such ...: %(value)s.")."""
    return django_filters.ModelMultipleChoiceFilter(
        queryset=queryset,
        to_field_name="slug",
        method=method,
        error_messages={"invalid_choice": missing},
        label=label,
        **kwargs,
    )


def linked_to(through, owner_field, target_field, values):
    """A row of `through` links the record to one of `values`.

    An IN over the linked ids, not a correlated EXISTS: SQLite then reads the
    few linked rows from the (target, owner) index rather than probing a row
    for every event (bench/EXPLAIN.md).
    """
    linked = through.objects.filter(**{f"{target_field}__in": values})
    return Q(pk__in=linked.values(owner_field))


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    country = slug_filter(
        Country.objects.all(),
        method="filter_country",
        label=_("Country"),
        missing=_("No such country: %(value)s."),
        help_text=_("Taking part or hosting."),
    )
    topic = slug_filter(
        Topic.objects.all(),
        method="filter_topic",
        label=_("Topic"),
        missing=_("No such topic: %(value)s."),
    )
    organization = slug_filter(
        Organization.objects.all(),
        method="filter_organization",
        label=_("Organization"),
        missing=_("No such organization: %(value)s."),
        help_text=_("Organizing the event."),
    )
    series = slug_filter(
        Series.objects.all(),
        method="filter_series",
        label=_("Series"),
        missing=_("No such series: %(value)s."),
    )
    person = slug_filter(
        Person.objects.all(),
        method="filter_person",
        label=_("Speaker"),
        missing=_("No such person: %(value)s."),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Event.Kind.choices,
        label=_("Kind"),
        error_messages={"invalid_choice": _("No such kind of event: %(value)s.")},
    )
    year = YearFilter(
        method="filter_year",
        label=_("Year"),
        error_messages={"invalid_choice": _("Not a year: %(value)s.")},
    )
    sort = django_filters.OrderingFilter(
        fields=(("start_date", "date"), ("title", "title")),
        # django-filter formats the descending labels once, at import, in English.
        field_labels={
            "start_date": _("Date"),
            "-date": _("Date (descending)"),
            "title": _("Title"),
            "-title": _("Title (descending)"),
        },
        label=_("Sort by"),
        empty_label=_("Newest first"),
        error_messages={"invalid_choice": _("No such order: %(value)s.")},
    )

    class Meta:
        model = Event
        fields = ()

    def filter_text(self, queryset, name, value):
        return search_events(queryset, value)

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        through = Event.participating_countries.through
        return queryset.filter(
            linked_to(through, "event", "country", value) | Q(host_country__in=value)
        )

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        through = Event.topics.through
        return queryset.filter(linked_to(through, "event", "topic", value))

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        through = Event.organizers.through
        return queryset.filter(linked_to(through, "event", "organization", value))

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_series(self, queryset, name, value):
        return queryset.filter(series__in=value) if value else queryset

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_person(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(linked_to(Participation, "event", "person", value))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        # Date ranges, unlike __year, are read from the index on start_date.
        years = Q()
        for year in value:
            years |= Q(
                start_date__gte=datetime.date(year, 1, 1),
                start_date__lt=datetime.date(year + 1, 1, 1),
            )
        return queryset.filter(years)
