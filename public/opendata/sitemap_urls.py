"""The sitemap index at /sitemap.xml, its sections, and /robots.txt.

An index of sections rather than one file: a sitemap holds at most 50,000
addresses, and every page is listed once per language.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from .sitemaps import SITEMAPS


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
]
