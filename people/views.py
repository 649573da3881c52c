from django.views.generic import DetailView, ListView

from .models import Country, Organization, Person


class PersonListView(ListView):
    model = Person
    paginate_by = 50


class PersonDetailView(DetailView):
    model = Person


class CountryListView(ListView):
    model = Country


class CountryDetailView(DetailView):
    model = Country


class OrganizationListView(ListView):
    model = Organization


class OrganizationDetailView(DetailView):
    model = Organization
