"""The data package at /data/, outside the language prefix: one package holds
both languages."""

from django.urls import path

from . import views

urlpatterns = [
    path("datapackage.json", views.data_package, name="data-package"),
    path("dcat.jsonld", views.data_catalog, name="data-catalog"),
    path("<slug:name>.csv", views.data_table, name="data-table"),
]
