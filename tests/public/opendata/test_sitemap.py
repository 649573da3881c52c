import xml.etree.ElementTree as ET

import pytest
from usp.tree import sitemap_tree_for_homepage
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

from events.models import Event, Series, Topic
from people.models import Country, Organization, Person
from tests.helpers import ACADEMY_SLUG

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def section_urls(client):
    """{loc: (lastmod, {hreflang: href})} over every section the index names."""
    index = parse(client.get("/sitemap.xml"))
    urls = {}
    for loc in index.iterfind("sm:sitemap/sm:loc", NS):
        section = parse(client.get(loc.text.removeprefix(SITE)))
        for url in section.iterfind("sm:url", NS):
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.iterfind("xhtml:link", NS)
            }
            urls[url.findtext("sm:loc", namespaces=NS)] = (
                url.findtext("sm:lastmod", namespaces=NS),
                alternates,
            )
    return urls


def both_languages(path):
    return {SITE + path, f"{SITE}/ru{path}"}


def test_sitemap_lists_every_public_page_in_both_languages(client, draft):
    urls = section_urls(client)

    records = [
        *Event.objects.published(),
        *Person.objects.all(),
        *Country.objects.all(),
        *Organization.objects.all(),
        *Topic.objects.all(),
        *Series.objects.all(),
    ]
    pages = [
        "/",
        "/events/",
        "/topics/",
        "/series/",
        "/statistics/",
        "/people/",
        "/countries/",
        "/organizations/",
    ]
    expected = set()
    for path in [*pages, *(record.get_absolute_url() for record in records)]:
        expected |= both_languages(path)
    assert set(urls) == expected
    assert not [url for url in urls if "secret-draft" in url]


def test_sitemap_gives_event_lastmod_and_hreflang(client, archive_2015):
    urls = section_urls(client)

    lastmod, alternates = urls[f"{SITE}/ru/events/{ACADEMY_SLUG}/"]
    assert lastmod == "2015-06-25"
    assert alternates == {
        "en": f"{SITE}/events/{ACADEMY_SLUG}/",
        "ru": f"{SITE}/ru/events/{ACADEMY_SLUG}/",
        "x-default": f"{SITE}/events/{ACADEMY_SLUG}/",
    }


def test_sitemap_dates_records_by_their_published_events(client, draft):
    Event.objects.filter(slug="secret-draft").update(updated="2020-01-01T00:00:00Z")

    urls = section_urls(client)

    assert urls[f"{SITE}/people/valery-semerikov/"][0] == "2015-06-25"
    assert urls[f"{SITE}/countries/china/"][0] == "2015-06-25"
    assert urls[f"{SITE}/topics/migration/"][0] == "2015-06-25"
    assert urls[f"{SITE}/statistics/"][0] == "2015-06-25"
    # No published event is linked: nothing to date the page by.
    assert urls[f"{SITE}/organizations/csto-secretariat/"][0] is None


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow:\n\nSitemap: http://testserver/sitemap.xml\n"
    )


@pytest.mark.parametrize("events", [1, 6])
def test_event_sitemap_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # The items, once for the URLs and the section's latest lastmod.
    with django_assert_num_queries(1):
        root = parse(client.get("/sitemap-events.xml"))

    assert len(root.findall("sm:url", NS)) == 2 * events


@pytest.mark.parametrize("events", [1, 6])
def test_sitemap_index_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # Six sections of records: count for the pages, items for the latest
    # lastmod; the fixed pages' section asks for the latest event change.
    with django_assert_num_queries(13):
        parse(client.get("/sitemap.xml"))


class DjangoClientResponse(AbstractWebClientSuccessResponse):
    """A Django test client's answer as ultimate-sitemap-parser reads one."""

    def __init__(self, response, url):
        self.response, self.address = response, url

    def status_code(self):
        return self.response.status_code

    def status_message(self):
        return self.response.reason_phrase

    def header(self, case_insensitive_name):
        return self.response.get(case_insensitive_name)

    def raw_data(self):
        return self.response.content

    def url(self):
        return self.address


class DjangoWebClient(AbstractWebClient):
    """ultimate-sitemap-parser's fetches, made through Django's test client."""

    def __init__(self, client):
        self.client = client

    def set_max_response_data_length(self, max_response_data_length):
        pass

    def get(self, url):
        response = self.client.get(url.removeprefix(SITE))
        if response.status_code != 200:
            return WebClientErrorResponse(str(response.status_code), False)
        return DjangoClientResponse(response, url)


def test_the_sitemap_parser_of_crawlers_finds_every_page(client, archive_2015):
    """ultimate-sitemap-parser, as a crawler's tooling starts from the home
    page, finds robots.txt, the index and its sections, and every page."""
    tree = sitemap_tree_for_homepage(f"{SITE}/", web_client=DjangoWebClient(client))

    found = {page.url for page in tree.all_pages()}

    assert found == set(section_urls(client))
    assert f"{SITE}/ru/events/{ACADEMY_SLUG}/" in found
