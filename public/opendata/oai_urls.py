"""The OAI-PMH repository at /oai/, outside the language prefix."""

from django.urls import path

from .oai import oai_pmh

urlpatterns = [path("", oai_pmh, name="oai-pmh")]
