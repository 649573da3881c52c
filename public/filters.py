"""Filters for the event and people lists, shared by the pages, exports and API.

Every filter takes slugs (or a year), several values of one filter match any of
them, and different filters combine. Relations are matched with a subquery
(IN) rather than joins so no row is repeated and no DISTINCT is needed.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from academy.i18n import Shown
from events import dates
from events.models import Event, Participation, Series, Topic
from events.relations import BY_PARAMETER, relation_named
from events.search import events_by_relevance, search_events, search_people
from people.models import Country, Organization, Person


class ShownOrderingFilter(django_filters.OrderingFilter):
    """Orders a translated field by the value pages show (academy.i18n.Shown):
    a title with no Russian one is ordered by its English one in Russian.
    With a text search, RELEVANCE (its default) orders by how well each
    record matches the text; without one, it keeps the list's order."""

    translated = ("title",)

    def filter(self, qs, value):
        text = self.parent.form.cleaned_data.get("q")
        if value in ([RELEVANCE], [], None):
            return events_by_relevance(qs, text) if text else qs
        return super().filter(qs, value)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.removeprefix("-")
        if name not in self.translated:
            return value
        return Shown(name).desc() if value.startswith("-") else Shown(name).asc()


# The events list's order when the URL names none, and a text search's.
DEFAULT_ORDER = "-date"
RELEVANCE = "relevance"
# How many values one filter takes (?country=a&country=b...): enough for any
# real question, and a long list cannot make a slow query or a huge page.
MAX_VALUES = 20


class BoundedFilterForm(forms.Form):
    """A filter form that takes at most MAX_VALUES values of a filter that
    takes several, and one value of any other (the text, the order)."""

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            several = isinstance(
                field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
            )
            most = MAX_VALUES if several else 1
            if len(self.data.getlist(name)) > most:
                self.add_error(
                    name,
                    ngettext(
                        "Give at most %(most)d value.",
                        "Give at most %(most)d values.",
                        most,
                    )
                    % {"most": most},
                )
        return cleaned_data


class MultipleYearField(forms.TypedMultipleChoiceField):
    """Years of the archive (dates.FIRST_YEAR to LAST_YEAR), as numbers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return dates.parse_year(value) is not None


class MonthField(forms.CharField):
    """A month of the archive as "2015-06", cleaned to its first day (its
    length is bounded by that form)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        month = dates.parse_month(text)
        if month is None:
            raise forms.ValidationError(
                _("Not a month: %(value)s."), code="invalid", params={"value": text}
            )
        return month


class MonthFilter(django_filters.CharFilter):
    field_class = MonthField


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
        method="filter_link",
        label=_("Topic"),
        missing=_("No such topic: %(value)s."),
    )
    organization = slug_filter(
        Organization.objects.all(),
        method="filter_link",
        label=_("Organizer"),
        missing=_("No such organization: %(value)s."),
    )
    series = slug_filter(
        Series.objects.all(),
        method="filter_link",
        label=_("Programme"),
        missing=_("No such programme: %(value)s."),
    )
    person = slug_filter(
        Person.objects.all(),
        method="filter_link",
        label=_("Speaker"),
        missing=_("No such person: %(value)s."),
    )
    # A column of the event itself: no row can repeat, so no DISTINCT.
    kind = django_filters.MultipleChoiceFilter(
        choices=Event.Kind.choices,
        distinct=False,
        label=_("Kind"),
        error_messages={"invalid_choice": _("No such kind of event: %(value)s.")},
    )
    year = YearFilter(
        method="filter_year",
        label=_("Year"),
        error_messages={"invalid_choice": _("Not a year: %(value)s.")},
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Event.Outcome.choices,
        distinct=False,
        label=_("Outcome"),
        error_messages={"invalid_choice": _("No such outcome: %(value)s.")},
    )
    # One role of a record each, for the links beside a count on its page
    # (public/links.py): the list then holds what the count counts. Kept as
    # hidden fields, shown and removed as chips.
    participating_country = slug_filter(
        Country.objects.all(),
        method="filter_link",
        label=_("Country taking part"),
        missing=_("No such country: %(value)s."),
        widget=forms.MultipleHiddenInput,
    )
    host_country = slug_filter(
        Country.objects.all(),
        method="filter_link",
        label=_("Host country"),
        missing=_("No such country: %(value)s."),
        widget=forms.MultipleHiddenInput,
    )
    discussed_country = slug_filter(
        Country.objects.all(),
        method="filter_link",
        label=_("Country discussed"),
        missing=_("No such country: %(value)s."),
        widget=forms.MultipleHiddenInput,
    )
    discussed_organization = slug_filter(
        Organization.objects.all(),
        method="filter_link",
        label=_("Organization discussed"),
        missing=_("No such organization: %(value)s."),
        widget=forms.MultipleHiddenInput,
    )
    # Events known to the day or the month in one month (the statistics'
    # calendar links to it): one known to the year only is in no month.
    month = MonthFilter(
        method="filter_month",
        label=_("Month"),
        widget=forms.HiddenInput,
    )
    # Each order once, newest first: the list's order when none is given.
    sort = ShownOrderingFilter(
        fields=(("start_date", "date"), ("title", "title")),
        choices=(
            (RELEVANCE, _("Best match")),
            (DEFAULT_ORDER, _("Newest first")),
            ("date", _("Oldest first")),
            ("title", _("Title, A to Z")),
            ("-title", _("Title, Z to A")),
        ),
        label=_("Sort by"),
        empty_label=None,
        error_messages={"invalid_choice": _("No such order: %(value)s.")},
    )

    class Meta:
        model = Event
        fields = ()
        form = BoundedFilterForm

    def filter_text(self, queryset, name, value):
        return search_events(queryset, value)

    def default_order(self):
        """The order of the list when the URL names none: of a valid form."""
        return RELEVANCE if self.form.cleaned_data["q"] else DEFAULT_ORDER

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        taking_part = relation_named("participating_countries")
        return queryset.filter(
            Q(pk__in=taking_part.event_keys_linked_to(value))
            | Q(host_country__in=value)
        )

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_link(self, queryset, name, value):
        """Events linked to any of `value` by the relation whose parameter is
        `name` (events/relations.py)."""
        if not value:
            return queryset
        relation = BY_PARAMETER[name]
        if relation.through is None:  # a column of the event itself
            return queryset.filter(**{f"{relation.name}__in": value})
        return queryset.filter(pk__in=relation.event_keys_linked_to(value))

    @extend_schema_field(OpenApiTypes.STR)  # "2015-06", for the OpenAPI schema
    def filter_month(self, queryset, name, value):
        if not value:
            return queryset
        first_day, next_first_day = dates.month_range(value)
        return queryset.filter(
            start_date__gte=first_day,
            start_date__lt=next_first_day,
            date_precision__in=(dates.DatePrecision.DAY, dates.DatePrecision.MONTH),
        )

    @extend_schema_field(OpenApiTypes.INT)
    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        # Date ranges, unlike __year, are read from the index on start_date.
        years = Q()
        for year in value:
            first_day, next_first_day = dates.year_range(year)
            years |= Q(start_date__gte=first_day, start_date__lt=next_first_day)
        return queryset.filter(years)


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
        form = BoundedFilterForm

    def filter_text(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": value}) if value else queryset

    @extend_schema_field(OpenApiTypes.STR)  # a slug, for the OpenAPI schema
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        # IN, not a correlated EXISTS (Relation.event_keys_linked_to says why).
        spoke_on_topic = Participation.objects.filter(
            event__status=Event.Status.PUBLISHED, event__topics__in=value
        )
        return queryset.filter(pk__in=spoke_on_topic.values("person"))
