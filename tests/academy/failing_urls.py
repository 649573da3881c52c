"""The site's URLconf plus an address whose view fails, for the error tests."""

from django.urls import path

from academy.urls import handler500, urlpatterns


def fail(request):
    raise ZeroDivisionError("the failure under test")


urlpatterns = [*urlpatterns, path("fail/", fail)]

__all__ = ["handler500", "urlpatterns"]
