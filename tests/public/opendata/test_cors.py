"""Browser code on any site may read every open-data output, and its validators."""

import pytest

from tests.helpers import ACADEMY_SLUG

pytestmark = pytest.mark.django_db

ORIGIN = "https://example.org"
OPEN_DATA_URLS = [
    "/events.csv",
    "/people.csv",
    "/events.ics",
    f"/events/{ACADEMY_SLUG}.ics",
    f"/events/{ACADEMY_SLUG}/citation.json",
    f"/events/{ACADEMY_SLUG}/citation.bib",
    f"/events/{ACADEMY_SLUG}/citation.ris",
    "/oai/?verb=Identify",
    "/events/feed/",
    "/topics/migration/feed/",
    "/countries/serbia/feed/",
    "/statistics.json",
    "/api/events/",
    "/ru/events.csv",
    "/ru/events/feed/",
    f"/ru/events/{ACADEMY_SLUG}/citation.json",
]


@pytest.mark.parametrize("url", OPEN_DATA_URLS)
def test_open_data_is_readable_from_another_site(client, archive_2015, url):
    response = client.get(url, headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {
        name.strip() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"ETag", "Last-Modified"} <= exposed


@pytest.mark.parametrize("url", OPEN_DATA_URLS)
def test_open_data_preflight_allows_conditional_reading(client, archive_2015, url):
    response = client.options(
        url,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match, if-modified-since",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    allowed = {
        name.strip() for name in response["Access-Control-Allow-Headers"].split(",")
    }
    assert {"if-none-match", "if-modified-since"} <= allowed


@pytest.mark.parametrize(
    "url", ["/events/", f"/events/{ACADEMY_SLUG}/", "/ru/events/", "/statistics/"]
)
def test_pages_get_no_cors_header(client, archive_2015, url):
    response = client.get(url, headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
