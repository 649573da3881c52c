import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_person,
    make_topic,
)
from tests.helpers import section_links, soup_of

pytestmark = pytest.mark.django_db


def test_home_counts_what_the_archive_holds(client, archive_2015):
    make_draft()

    response = client.get("/")

    assert section_links(response, "holdings-heading") == [
        "3 events",
        "3 people",
        "11 countries",
        "8 organizations",
        "13 topics",
    ]


def test_home_lists_latest_events_and_entry_points(client, archive_2015):
    response = client.get("/")
    page = soup_of(response)

    assert section_links(response, "latest-heading")[0] == "CSTO Youth School in Serbia"
    assert "4th CSTO Academy" in section_links(response, "latest-heading")
    assert page.find(id="upcoming-heading").parent.p.get_text() == (
        "No upcoming events are known."
    )
    countries = {
        item.a.get_text(): item.select_one(".meta").get_text()
        for item in page.find(id="by-country-heading").parent.select("li")
    }
    assert countries["Serbia"] == "2 events"
    assert "/topics/migration/" in {
        link["href"] for link in page.find(id="by-topic-heading").parent.select("a")
    }


def test_home_shows_upcoming_events_soonest_first(client):
    today = timezone.localdate()
    make_event(title="Later", start_date=today + datetime.timedelta(days=60))
    make_event(title="Sooner", start_date=today + datetime.timedelta(days=5))
    make_draft(
        title="Draft",
        start_date=today + datetime.timedelta(days=1),
    )

    response = client.get("/")

    assert section_links(response, "upcoming-heading") == ["Sooner", "Later"]


def test_home_hides_drafts(client):
    make_draft(title="Zanzibar draft")

    response = client.get("/")

    assert "Zanzibar" not in response.text


@pytest.mark.parametrize("size", [1, 12])
def test_home_query_count_is_fixed(client, django_assert_num_queries, size):
    today = timezone.localdate()
    topics = [make_topic() for _ in range(size)]
    for number in range(size):
        make_event(topics=topics, start_date=today - datetime.timedelta(days=number))
        make_event(
            topics=topics, start_date=today + datetime.timedelta(days=number + 1)
        )
        make_person()
        make_organization()

    # Upcoming and latest with their topics (4), the three counts (3), the
    # countries and topics (2) with their counts of events (3 + 2), and this
    # day in earlier years (1), the map's countries with their counts (1).
    with django_assert_num_queries(11):
        client.get("/")


def test_404_page_is_in_the_site_style(client):
    response = client.get("/no/such/page/")

    page = soup_of(response)
    assert response.status_code == 404
    assert page.h1.get_text() == "Page not found"
    assert page.select_one("nav.site-nav") is not None


def test_500_page_needs_neither_request_context_nor_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    page = soup_of(response)
    assert response.status_code == 500
    assert page.h1.get_text() == "Server error"
    assert page.select_one("link[rel=stylesheet]")["href"] == "/static/css/site.css"


PAGES = [
    "/",
    "/events/",
    "/events/4th-csto-academy-2015/",
    "/series/",
    "/series/csto-academy/",
    "/topics/",
    "/topics/migration/",
    "/people/",
    "/people/david-virabyan/",
    "/countries/",
    "/countries/serbia/",
    "/organizations/",
    "/organizations/csto/",
    "/search/?q=csto",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_title_description_landmarks_and_skip_link(
    client, archive_2015, url
):
    response = client.get(url)

    page = soup_of(response)
    assert response.status_code == 200
    assert page.title.get_text().endswith(" · Academy Archive")
    assert page.select_one("meta[name=description]")["content"].strip()
    assert len(page.find_all("h1")) == 1
    assert [len(page.find_all(tag)) for tag in ("header", "main", "footer")] == [
        1,
        1,
        1,
    ]
    assert page.select_one("a.skip-link")["href"] == "#content"
    assert page.select("[style]") == []
    # JSON-LD blocks are data, never run; no other script may be inline, and
    # those a page loads are our own static files.
    scripts = page.select('script:not([type="application/ld+json"])')
    assert [script.get_text() for script in scripts] == [""] * len(scripts)
    assert all(script["src"].startswith("/static/js/") for script in scripts)


def test_every_page_title_is_distinct(client, archive_2015):
    titles = [soup_of(client.get(url)).title.get_text() for url in PAGES]

    assert len(set(titles)) == len(PAGES)


def test_detail_pages_have_breadcrumbs(client, archive_2015):
    page = soup_of(client.get("/people/david-virabyan/"))

    crumbs = [item.get_text() for item in page.select(".breadcrumbs li")]
    assert crumbs == ["Home", "People", "David Virabyan"]
    assert page.select_one(".breadcrumbs [aria-current=page]").get_text() == (
        "David Virabyan"
    )


@pytest.mark.parametrize(
    ("path", "search_boxes"),
    [
        ("/", ["home-search-q"]),
        ("/search/?q=csto", ["id_q"]),
        ("/events/", ["site-search-q"]),
        ("/people/valery-semerikov/", ["site-search-q"]),
    ],
)
def test_a_page_has_one_site_search_box(client, archive_2015, path, search_boxes):
    page = soup_of(client.get(path))

    # The events list's facets have boxes that find a filter's value, not
    # search the archive.
    boxes = [box["id"] for box in page.select("form[role=search] input")]
    assert boxes == search_boxes
    assert len(page.select("form[role=search]")) == 1


def test_home_lists_the_twelve_countries_with_most_events_first(client):
    countries = [make_country(name=f"Country {n:02d}") for n in range(14)]
    for taking_part in (countries, countries[:7], countries[:3]):
        make_event(participating_countries=taking_part)

    page = soup_of(client.get("/"))

    section = page.find(id="by-country-heading").parent
    listed = [item.a.get_text() for item in section.select("li")]
    assert listed == [f"Country {n:02d}" for n in range(12)]
    assert section.select_one("li .meta").get_text() == "3 events"
    assert section.select_one("p a").get_text() == "All 14 countries"
