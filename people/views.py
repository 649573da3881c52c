from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from academy.caching import CachedCountPaginator
from events.exports import csv_response, invalid_filters

from . import exports, selectors


class SelectorMixin:
    """Pages read through selectors.py: `read()` for a list, `read(slug=)` for one."""

    paginate_by = 30
    paginator_class = CachedCountPaginator
    read = None

    def get_queryset(self):
        return self.read()

    def get_object(self, queryset=None):
        return self.read(slug=self.kwargs["slug"])


class PersonListView(SelectorMixin, ListView):
    def get_queryset(self):
        self.filterset, people = selectors.person_list(filters=self.request.GET)
        return people

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class PersonDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.person_detail)


class CountryListView(SelectorMixin, ListView):
    read = staticmethod(selectors.country_list)
    # The list is cached, not a queryset that would name these.
    template_name = "people/country_list.html"
    context_object_name = "country_list"


class CountryDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.country_detail)


class OrganizationListView(SelectorMixin, ListView):
    read = staticmethod(selectors.organization_list)


class OrganizationDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.organization_detail)


@require_safe
def person_list_csv(request):
    """The people /people/ would list with the same parameters, every one, as CSV."""
    filterset = selectors.people_for_export(filters=request.GET)
    if not filterset.is_valid():
        return invalid_filters(filterset)
    rows = exports.person_rows(filterset.qs, request.build_absolute_uri)
    return csv_response(exports.PERSON_HEADER, rows, "people.csv")
