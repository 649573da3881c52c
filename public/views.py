"""The pages of the records: a list and a page for every kind, the events and
people lists' facets, and the way from an event back to the list it was in.

The archive-wide pages (home, search, on this day) are in archive_views.py."""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from academy.caching import CachedCountPaginator, never_stored

from . import facets, maps, selectors, timelines
from .filters import RELEVANCE, EventFilter, PersonFilter
from .links import card_anchor, filtered_list_url


class RejectingMixin:
    """A page that found its parameters wrong, or unusable, sets `rejected`:
    it is served but never stored (never_stored)."""

    rejected = False

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return never_stored(response) if self.rejected else response


class SelectorMixin:
    """Pages read through the selectors: `read()` for a list, `read(slug=)` for one."""

    paginate_by = 20
    paginator_class = CachedCountPaginator
    read = None

    def get_queryset(self):
        return self.read()

    def get_object(self, queryset=None):
        try:
            return self.read(slug=self.kwargs["slug"])
        except ObjectDoesNotExist as error:
            raise Http404(error) from error


def query_items(query, *, leaving_out=()):
    """(name, value) of every value in the QueryDict `query` but the page and
    the names `leaving_out`: what a form must carry to keep the rest."""
    return [
        (name, value)
        for name, values in query.lists()
        if name != "page" and name not in leaving_out
        for value in values
    ]


class ResultsForm(forms.Form):
    """The events list an event page was reached from: its query string."""

    results = forms.CharField(max_length=2000, required=False, strip=False)


def results_link(query, number=1):
    """The ?results=... an event page is asked with from page `number` of
    the list that the QueryDict `query` narrows (its page left out)."""
    kept = query.copy()
    kept.pop("page", None)
    if number > 1:
        kept["page"] = str(number)
    return "?" + urlencode({"results": kept.urlencode()})


def canonical_results(value):
    """`results` as an event page reads it: the list's query with only what
    the list reads, in one order; None when the page ignores it."""
    form = ResultsForm({"results": value})
    if not form.is_valid():
        return None
    query = QueryDict(form.cleaned_data["results"])
    read = {*EventFilter.base_filters, "page"}
    return urlencode(
        sorted(
            (name, item)
            for name, items in query.lists()
            if name in read
            for item in items
        )
    )


def place_in_results(query, slug, per_page):
    """Where the event `slug` stands in the events list of the QueryDict
    `query` (its filters, order and page): {"position", "count", "previous",
    "next", "back"}, the neighbours as (event, link) or None, "back" the list's
    query string and the event's card as its fragment; None when the
    list is not valid or the event is not on that page of it."""
    filters = EventFilter(query)
    if not filters.is_valid():
        return None
    paginator = CachedCountPaginator(selectors.event_list(filters=filters), per_page)
    try:
        number = int(query.get("page") or 1)
        page = paginator.page(number)
    except (ValueError, InvalidPage):
        return None
    events = list(page)
    slugs = [event.slug for event in events]
    if slug not in slugs:
        return None
    index = slugs.index(slug)
    previous = next_ = None
    if index > 0:
        previous = (events[index - 1], number)
    elif page.has_previous():
        previous = (list(paginator.page(number - 1))[-1], number - 1)
    if index + 1 < len(events):
        next_ = (events[index + 1], number)
    elif page.has_next():
        next_ = (list(paginator.page(number + 1))[0], number + 1)
    back = query.copy()
    if number == 1:
        back.pop("page", None)
    # Back on the list, at the card of the event: not at the top of the list.
    back_link = f"?{back.urlencode()}" if back else ""
    return {
        "position": page.start_index() + index,
        "count": paginator.count,
        "previous": previous and (previous[0], results_link(query, previous[1])),
        "next": next_ and (next_[0], results_link(query, next_[1])),
        "back": f"{back_link}#{card_anchor(events[index])}",
    }


class FacetedListMixin(RejectingMixin, SelectorMixin):
    """A list narrowed by its FilterSet, whose filters the page shows as
    facets (public/facets.py): `facets_of(filters=)` reads them,
    `facet_names` names the filters they send themselves."""

    filterset_class = None
    facets_of = None
    facet_names = frozenset()

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET)
        return self.read(filters=self.filterset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filterset=self.filterset, **kwargs)
        filters, query = self.filterset, self.request.GET
        if not filters.is_valid():
            # The page says what is wrong; its forms carry none of it on.
            self.rejected = True
            return {**context, "facets": [], "kept": [], "query_items": []}
        # The facets' checkboxes and the text field send their own values; the
        # form carries the other filters and the order.
        others = {name for name in query if name not in filters.filters}
        text = filters.form.cleaned_data["q"]
        found_nothing = text and not context["page_obj"].paginator.count
        return {
            **context,
            "suggestion": selectors.search_suggestion(text) if found_nothing else None,
            "facets": self.facets_of(filters=filters),
            "kept": query_items(query, leaving_out={*self.facet_names, "q", *others}),
            "query": query_string(query),
            "query_items": query_items(query),
        }


class EventListView(FacetedListMixin, ListView):
    """Events as cards, with the facets of the current selection beside them."""

    read = staticmethod(selectors.event_list)
    filterset_class = EventFilter
    facets_of = staticmethod(selectors.event_facets)
    facet_names = frozenset(facets.facets_by_name(facets.EVENT_FACETS))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters, query = self.filterset, self.request.GET
        if not filters.is_valid():
            return context
        page = context["page_obj"]
        # An order to choose only when there is more than one event to order.
        sortable = len(page.object_list) > 1 or page.has_other_pages()
        orders = [
            (value, label)
            for value, label in filters.form.fields["sort"].choices
            if value != RELEVANCE or filters.form.cleaned_data["q"]
        ]
        return {
            **context,
            "results_link": results_link(query, page.number),
            "orders": orders if sortable else (),
            "order": query.get("sort") or filters.default_order(),
            "default_order": filters.default_order(),
        }


class EventMapView(RejectingMixin, TemplateView):
    """The countries taking part in the events the list's filters find, on a
    map of their own: drawn in every list page, the map was half its bytes
    and a fifth of its rendering (bench/RESULTS.md, the long tail)."""

    template_name = "events/event_map.html"

    def get_context_data(self, **kwargs):
        filters, query = EventFilter(self.request.GET), self.request.GET
        context = super().get_context_data(filterset=filters, **kwargs)
        if not filters.is_valid():
            self.rejected = True
            return context
        countries = selectors.event_list_country_counts(filters=filters)
        return {
            **context,
            "world_map": maps.list_map(countries, query),
            "query": query_string(query),
        }


def query_string(query, *leaving_out):
    """The QueryDict `query` without its page and the names `leaving_out`, as
    "?..." or ""."""
    kept = query.copy()
    for name in ("page", *leaving_out):
        kept.pop(name, None)
    return f"?{kept.urlencode()}" if kept else ""


class FacetPageForm(forms.Form):
    """What a facet's own page takes beside the list's filters."""

    find = forms.CharField(max_length=100, required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class FacetView(RejectingMixin, TemplateView):
    """Every value of one facet of a list, within the current selection, a
    page at a time, with a box that finds a value by name. `facets` maps the
    list's facets by name; `read(filters=, facet=, find=, page=, per_page=)`
    reads one's values; `words` are the page's, "%(label)s" the facet's."""

    template_name = "events/facet_page.html"
    facets = {}
    filterset_class = None
    read = None
    list_url_name = None
    words = {}
    per_page = 100

    def get_context_data(self, **kwargs):
        facet = self.facets.get(kwargs.pop("facet_name"))
        if facet is None:
            raise Http404("No such filter.")
        query = self.request.GET
        filters = self.filterset_class(query)
        form = FacetPageForm(query)
        if not form.is_valid() and "page" in form.errors:
            raise Http404("No such page.")
        find = form.cleaned_data.get("find", "") if facet.searchable else ""
        values, total, page = [], 0, None
        self.rejected = not (filters.is_valid() and form.is_valid())
        if not self.rejected:
            number = form.cleaned_data["page"] or 1
            values, total = self.read(
                filters=filters,
                facet=facet,
                find=find,
                page=number,
                per_page=self.per_page,
            )
            try:
                page = Paginator(range(total), self.per_page).page(number)
            except InvalidPage as error:
                raise Http404(error) from error
        label = filters.filters[facet.name].label
        return super().get_context_data(
            facet=facet,
            label=label,
            words={name: text % {"label": label} for name, text in self.words.items()},
            list_url=reverse(self.list_url_name),
            filterset=filters,
            shown={"facet": facet, "values": values},
            total=total,
            find=find,
            find_form=form,
            page_obj=page,
            back=query_string(query, "find"),
            finding=query_items(query, leaving_out={"find"}),
            kept=query_items(query, leaving_out={facet.name, "find"}),
            **kwargs,
        )


class EventFacetView(FacetView):
    facets = facets.facets_by_name(facets.EVENT_FACETS)
    filterset_class = EventFilter
    read = staticmethod(selectors.event_facet_values)
    list_url_name = "events:event-list"
    words = {
        "list": _("Events"),
        "heading": _("Filter events: %(label)s"),
        "description": _(
            "Every value of the filter “%(label)s” with how many events in the "
            "Academy Archive it matches."
        ),
        "logic": _(
            "Tick several values for events with any of them. Each count is of "
            "the events that also match the other filters chosen."
        ),
        "back": _("Back to the events"),
    }


class EventDetailView(RejectingMixin, SelectorMixin, DetailView):
    """An event; reached from the events list (?results=...), with the way
    back to it and to the events before and after it there."""

    read = staticmethod(selectors.event_detail)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["world_map"] = maps.event_map(self.object)
        form = ResultsForm(self.request.GET)
        if "results" in self.request.GET and form.is_valid():
            query = QueryDict(form.cleaned_data["results"])
            context["results"] = place_in_results(
                query, self.object.slug, EventListView.paginate_by
            )
            # Not a list this event is in: the page shows none.
            self.rejected = context["results"] is None
        return context


class SeriesListView(SelectorMixin, ListView):
    read = staticmethod(selectors.series_list)


class SeriesDetailView(SelectorMixin, DetailView):
    """A series and one page of its sessions, counted with the series itself."""

    read = staticmethod(selectors.series_detail)

    def get_context_data(self, **kwargs):
        paginator = Paginator(selectors.session_list(self.object), self.paginate_by)
        paginator.count = self.object.session_count
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(error) from error
        sessions = selectors.series_sessions_for_timeline(self.object)
        return super().get_context_data(
            page_obj=page,
            timeline=timelines.series_timeline(self.object, sessions),
            world_map=maps.country_count_map(selectors.series_countries(self.object)),
            **kwargs,
        )


class RecordEventsMixin:
    """A record's page as an overview of its events: how many there are,
    the facets of them (public/facets.py: the values of each with how many
    of them have it, each a link to those on the events list), and one page
    of them at a time, grouped by year.

    `events_parameter` is the events list's filter that selects them, so the
    page counts and links what /events/?<parameter>=<slug> lists;
    `event_facet_names` the facets shown, and `own_facet` the facet of that
    filter, whose other values are shown as companions (a person's
    co-speakers). `event_rows(record, filters)` reads the rows."""

    events_per_page = 50
    events_parameter = None
    event_facet_names = ()
    own_facet = None

    def event_rows(self, record, filters):
        return selectors.record_event_rows(filters=filters)

    def get_context_data(self, **kwargs):
        record = self.object
        query = QueryDict(urlencode({self.events_parameter: record.slug}))
        filters = EventFilter(query)
        filters.is_valid()  # always: the record exists; its facets read what it cleaned
        overview = selectors.record_event_facets(
            filters=filters, names=self.event_facet_names, own=self.own_facet
        )
        paginator = Paginator(self.event_rows(record, filters), self.events_per_page)
        # Each event has a year: what the years count, not counted again.
        paginator.count = sum(overview.year_counts.values())
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(error) from error
        years = [
            (year, overview.year_counts.get(year, 0), list(rows))
            for year, rows in groupby(page, key=attrgetter("year"))
        ]
        return super().get_context_data(
            page_obj=page,
            event_years=years,
            overview=overview,
            events_url=filtered_list_url(
                "events:event-list", **{self.events_parameter: record}
            ),
            facet_query=f"?{query.urlencode()}",
            **kwargs,
        )


class TopicListView(SelectorMixin, ListView):
    read = staticmethod(selectors.counted_topics)
    # The list is cached, not a queryset that would name these.
    template_name = "events/topic_list.html"
    context_object_name = "topic_list"


class TopicDetailView(RecordEventsMixin, SelectorMixin, DetailView):
    read = staticmethod(selectors.topic_detail)
    events_parameter = own_facet = "topic"
    event_facet_names = ("participating_country", "topic", "organization", "person")


class PersonListView(FacetedListMixin, ListView):
    """People as cards, with the facets of the current selection beside them."""

    read = staticmethod(selectors.person_list)
    filterset_class = PersonFilter
    facets_of = staticmethod(selectors.person_facets)
    facet_names = frozenset(facets.facets_by_name(facets.PERSON_FACETS))
    paginate_by = 30


class PersonFacetView(FacetView):
    facets = facets.facets_by_name(facets.PERSON_FACETS)
    filterset_class = PersonFilter
    read = staticmethod(selectors.person_facet_values)
    list_url_name = "people:person-list"
    words = {
        "list": _("People"),
        "heading": _("Filter people: %(label)s"),
        "description": _(
            "Every value of the filter “%(label)s” with how many people in the "
            "Academy Archive it matches."
        ),
        "logic": _(
            "Tick several values for people with any of them. Each count is of "
            "the people who also match the other filters chosen."
        ),
        "back": _("Back to the people"),
    }


class PersonDetailView(RecordEventsMixin, SelectorMixin, DetailView):
    read = staticmethod(selectors.person_detail)
    events_parameter = own_facet = "person"
    event_facet_names = ("participating_country", "topic", "organization", "person")

    def event_rows(self, record, filters):
        return selectors.person_talks(record)

    def get_context_data(self, **kwargs):
        roles = selectors.person_role_counts(self.object)
        return super().get_context_data(roles=roles, **kwargs)


class CountryListView(SelectorMixin, ListView):
    read = staticmethod(selectors.counted_countries)
    # The list is counted, not a queryset that would name these.
    template_name = "people/country_list.html"
    context_object_name = "country_list"
    paginate_by = 30


class CountryDetailView(RecordEventsMixin, SelectorMixin, DetailView):
    read = staticmethod(selectors.country_detail)
    # Taking part or hosting, as the country's count of events.
    events_parameter = "country"
    event_facet_names = ("topic", "organization", "person")

    def get_context_data(self, **kwargs):
        partners = selectors.country_partners(self.object)
        return super().get_context_data(
            world_map=maps.country_map(self.object, partners),
            partners=partners[: maps.PARTNERS_LISTED],
            **kwargs,
        )


class OrganizationListView(SelectorMixin, ListView):
    read = staticmethod(selectors.organization_list)
    paginate_by = 30


class OrganizationDetailView(RecordEventsMixin, SelectorMixin, DetailView):
    read = staticmethod(selectors.organization_detail)
    events_parameter = own_facet = "organization"
    event_facet_names = ("participating_country", "topic", "organization", "person")
