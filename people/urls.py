from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people.csv", views.person_list_csv, name="person-list-csv"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<slug:slug>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path(
        "organizations/",
        views.OrganizationListView.as_view(),
        name="organization-list",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]
