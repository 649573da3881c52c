"""The sitemap index at /sitemap.xml, its sections, and /robots.txt.

An index of sections rather than one file: a sitemap holds at most 50,000
addresses, and every page is listed once per language.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from events.sitemaps import EventSitemap, PageSitemap, SeriesSitemap, TopicSitemap
from people.sitemaps import CountrySitemap, OrganizationSitemap, PersonSitemap

SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "countries": CountrySitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
    "series": SeriesSitemap,
}


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
