"""The public pages: home, search, and a list and a page for every kind of record."""

import functools

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.forms import MultipleHiddenInput
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from academy.caching import CachedCountPaginator, remember
from academy.search import same_words
from academy.widgets import PrerenderedSelectMultiple, rendered_options
from people.models import Country, Organization

from .. import selectors
from ..filters import EventFilter, PersonFilter
from ..models import Series, Topic


class SelectorMixin:
    """Pages read through selectors.py: `read()` for a list, `read(slug=)` for one."""

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


def option_list(name, options):
    """A filter's options as (value, label) pairs and as rendered `<option>`s,
    both cached until a record they name changes (per language)."""

    def build():
        choices = options()
        return choices, rendered_options(choices)

    return remember(f"option-list:{name}", build, per_language=True)


def show_options(field, options):
    """Give `field` the pairs and HTML of an option_list."""
    widget = field.widget
    widget.choices, html = options
    if isinstance(widget, PrerenderedSelectMultiple):
        widget.options_html = html


class FilteredListMixin(SelectorMixin):
    """A list narrowed by its FilterSet, whose form the page shows.

    `option_lists` names the filters whose options list the records of a
    model (option_list); the others of `filterset_class` are typed or hidden.
    """

    filterset_class = None
    option_lists = {}

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET)
        return self.read(filters=self.filterset)

    def get_context_data(self, **kwargs):
        fields = self.filterset.form.fields
        # Only the widgets get the lists: validation still asks the database
        # about just the slugs given. A hidden filter needs names only for the
        # chips of values given; each model's list is read once.
        lists = {}
        for name, model in self.option_lists.items():
            if fields[name].widget.is_hidden and name not in self.request.GET:
                continue
            if model not in lists:
                lists[model] = option_list(
                    model._meta.label_lower,
                    functools.partial(selectors.record_options, model),
                )
            show_options(fields[name], lists[model])
        return super().get_context_data(filterset=self.filterset, **kwargs)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=selectors.archive_counts(),
            upcoming=selectors.upcoming_event_list(),
            latest=selectors.latest_event_list(),
            countries=selectors.counted_countries(),
            topics=selectors.counted_topics(),
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), max_length=200, required=False)


def search_group(label, kind, found, text):
    """One kind of search results, those named exactly `text` first."""
    results = list(found)
    exact = [record for record in results if same_words(str(record), text)]
    others = [record for record in results if record not in exact]
    return {
        "label": label,
        "kind": kind,
        "results": exact + others,
        "total": results[0].search_total if results else 0,
        "exact": bool(exact),
    }


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        groups = []
        if text:
            groups = [
                search_group(label, kind, search(text), text)
                for label, kind, search in (
                    (_("Events"), "event", selectors.event_search),
                    (_("People"), "person", selectors.person_search),
                    (_("Countries"), "country", selectors.country_search),
                    (_("Organizations"), "organization", selectors.organization_search),
                    (_("Topics"), "topic", selectors.topic_search),
                )
            ]
            # A kind that holds an exact match of the name comes first.
            groups.sort(key=lambda group: not group["exact"])
        return super().get_context_data(
            form=form,
            query=text,
            groups=groups,
            total=sum(group["total"] for group in groups),
            **kwargs,
        )


class EventListView(FilteredListMixin, ListView):
    read = staticmethod(selectors.event_list)
    filterset_class = EventFilter
    option_lists = {
        "country": Country,
        "topic": Topic,
        "organization": Organization,
        "series": Series,
        # Hidden, but their chips name the records.
        "participating_country": Country,
        "host_country": Country,
        "discussed_country": Country,
        "discussed_organization": Organization,
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = self.filterset.form.fields
        show_options(fields["year"], option_list("years", selectors.year_options))
        # Tens of thousands of people make no option list: the chosen ones are
        # kept as hidden fields, shown and removed as chips, and added from
        # their pages. Validation has fetched them already: no further query.
        fields["person"].widget = MultipleHiddenInput()
        chosen = self.filterset.form.cleaned_data.get("person") or ()
        fields["person"].widget.choices = [(item.slug, str(item)) for item in chosen]
        return context


class EventDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.event_detail)


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
        return super().get_context_data(page_obj=page, **kwargs)


class TopicListView(SelectorMixin, ListView):
    read = staticmethod(selectors.counted_topics)
    # The list is cached, not a queryset that would name these.
    template_name = "events/topic_list.html"
    context_object_name = "topic_list"


class TopicDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.topic_detail)


class PersonListView(FilteredListMixin, ListView):
    read = staticmethod(selectors.person_list)
    filterset_class = PersonFilter
    option_lists = {"country": Country, "organization": Organization, "topic": Topic}
    paginate_by = 30


class PersonDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.person_detail)


class CountryListView(SelectorMixin, ListView):
    read = staticmethod(selectors.counted_countries)
    # The list is counted, not a queryset that would name these.
    template_name = "people/country_list.html"
    context_object_name = "country_list"
    paginate_by = 30


class CountryDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.country_detail)


class OrganizationListView(SelectorMixin, ListView):
    read = staticmethod(selectors.organization_list)
    paginate_by = 30


class OrganizationDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.organization_detail)
