from django.views.generic import DetailView, ListView

from . import selectors


class SelectorMixin:
    """Pages read through selectors.py: `read()` for a list, `read(slug=)` for one."""

    paginate_by = 30
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


class CountryDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.country_detail)


class OrganizationListView(SelectorMixin, ListView):
    read = staticmethod(selectors.organization_list)


class OrganizationDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.organization_detail)
