"""Links name the configured site address (SITE_URL), never the request's Host
or path."""

import xml.etree.ElementTree as ET

import pytest

from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "http://testserver"  # DJANGO_SITE_URL in the test settings


@pytest.fixture
def alias(settings):
    """Another host name the server answers to."""
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    return "alias.example"


@pytest.mark.parametrize(
    ("path", "query", "target"),
    [
        ("//evil.example/events/", "", "/evil.example/events/"),
        ("///evil.example/", "", "/evil.example/"),
        ("/\\evil.example/events/", "q=x", "/evil.example/events/?q=x"),
    ],
)
def test_a_path_that_reads_as_another_site_is_sent_to_ours(client, path, query, target):
    # Given as the server receives it: the test client would read "//host/"
    # in a URL as a host.
    response = client.get("/", PATH_INFO=path, QUERY_STRING=query)

    assert (response.status_code, response["Location"]) == (301, target)


def test_page_links_name_the_site_whatever_the_host(client, one_of_each, alias):
    response = client.get("/events/harden-event/", headers={"host": alias})

    page = soup_of(response)
    absolute = [
        *(link["href"] for link in page.select("link[hreflang]")),
        page.select_one('meta[property="og:url"]')["content"],
    ]
    assert absolute
    assert [url for url in absolute if not url.startswith(f"{SITE}/")] == []


def test_feeds_sitemaps_and_api_name_the_site_whatever_the_host(
    client, one_of_each, alias
):
    feed = client.get("/events/feed/", headers={"host": alias})
    sitemap = client.get("/sitemap-events.xml", headers={"host": alias})
    api = client.get("/api/events/", headers={"host": alias})

    urls = [
        *(
            link.get("href")
            for link in ET.fromstring(feed.content).iter()
            if link.get("href")
        ),
        *(uri.text for uri in ET.fromstring(feed.content).iter(f"{ATOM}uri")),
        *(
            loc.text
            for loc in ET.fromstring(sitemap.content).iter()
            if loc.tag.endswith("loc")
        ),
        api.json()["results"][0]["url"],
        api.json()["results"][0]["html_url"],
    ]
    assert len(urls) > 4
    assert [url for url in urls if not url.startswith(f"{SITE}/")] == []


def test_a_host_not_allowed_is_still_refused(client, db):
    assert client.get("/events/", headers={"host": "evil.example"}).status_code == 400
