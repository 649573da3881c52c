"""An event page reached from the events list leads back to that list, with
its filters, order and page, and on to the events before and after it."""

import datetime
from urllib.parse import urlencode

import pytest

from tests.factories import make_event, make_topic
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_topic():
    """25 events on one topic, a day apart (newest first: 25, 24... 1), and
    one on no topic."""
    topic = make_topic(slug="busy")
    for day in range(1, 26):
        make_event(
            slug=f"day-{day}",
            title=f"Day {day}",
            topics=[topic],
            start_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=day),
        )
    make_event(slug="elsewhere")


def result_nav(client, slug, results):
    page = soup_of(client.get(f"/events/{slug}/?{urlencode({'results': results})}"))
    nav = page.select_one(".result-nav")
    if nav is None:
        return None
    return {
        link.get("rel", ["back"])[0]: (link["href"], link.get_text(" ", strip=True))
        for link in nav.select("a")
    }


def test_a_card_of_the_list_links_with_the_list_and_its_page(client, on_topic):
    page = soup_of(client.get("/events/?topic=busy&page=2"))

    links = [link["href"] for link in page.select(".card-title a")]
    assert links == [
        "/events/day-5/?results=topic%3Dbusy%26page%3D2",
        "/events/day-4/?results=topic%3Dbusy%26page%3D2",
        "/events/day-3/?results=topic%3Dbusy%26page%3D2",
        "/events/day-2/?results=topic%3Dbusy%26page%3D2",
        "/events/day-1/?results=topic%3Dbusy%26page%3D2",
    ]


def test_each_card_of_the_list_is_an_anchor_named_by_its_event(client, on_topic):
    page = soup_of(client.get("/events/?topic=busy&page=2"))

    assert [card.get("id") for card in page.select(".cards .card")] == [
        "event-day-5",
        "event-day-4",
        "event-day-3",
        "event-day-2",
        "event-day-1",
    ]


def test_back_to_results_from_the_first_page_lands_on_the_card(client, on_topic):
    nav = result_nav(client, "day-25", "")

    assert nav["back"] == ("/events/#event-day-25", "Back to results (2 of 26)")


def test_the_neighbours_across_a_page_break(client, on_topic):
    first_of_page_two = result_nav(client, "day-5", "topic=busy&page=2")
    last_of_page_one = result_nav(client, "day-6", "topic=busy")

    assert first_of_page_two == {
        "prev": ("/events/day-6/?results=topic%3Dbusy", "← Previous : Day 6"),
        "back": (
            "/events/?topic=busy&page=2#event-day-5",
            "Back to results (21 of 25)",
        ),
        "next": (
            "/events/day-4/?results=topic%3Dbusy%26page%3D2",
            "Next : Day 4 →",
        ),
    }
    assert last_of_page_one["next"][0] == (
        "/events/day-5/?results=topic%3Dbusy%26page%3D2"
    )
    assert last_of_page_one["back"] == (
        "/events/?topic=busy#event-day-6",
        "Back to results (20 of 25)",
    )


def test_the_neighbours_follow_the_order_of_the_list(client, on_topic):
    nav = result_nav(client, "day-1", "topic=busy&sort=date")

    assert "prev" not in nav
    assert nav["next"][0] == "/events/day-2/?results=topic%3Dbusy%26sort%3Ddate"
    assert nav["back"] == (
        "/events/?topic=busy&sort=date#event-day-1",
        "Back to results (1 of 25)",
    )


def test_the_breadcrumb_goes_back_to_the_list_with_its_filters(client, on_topic):
    page = soup_of(client.get("/events/day-10/?results=topic%3Dbusy"))

    crumb = page.select_one(".breadcrumbs a[href^='/events/']")
    assert crumb["href"] == "/events/?topic=busy#event-day-10"
    assert page.select_one("link[rel=canonical]")["href"] == (
        "http://testserver/events/day-10/"
    )


@pytest.mark.parametrize(
    "results",
    [
        "topic=nothing",  # an invalid list
        "topic=busy&page=9",  # no such page
        "topic=busy&page=x",
        "topic=busy&page=2",  # not on that page
        "x" * 2001,  # too long
    ],
)
def test_results_that_do_not_hold_the_event_give_the_page_alone(
    client, on_topic, results
):
    response = client.get(f"/events/day-25/?{urlencode({'results': results})}")

    assert response.status_code == 200
    assert soup_of(response).select_one(".result-nav") is None


@pytest.mark.parametrize("slug", ["day-25", "day-6", "day-1"])
def test_an_event_page_from_the_list_costs_a_fixed_number_of_queries(
    client, on_topic, django_assert_num_queries, slug
):
    page = "&page=2" if slug == "day-1" else ""
    client.get(f"/events/?topic=busy{page}")  # the list's count is kept

    # The event page (11: it has no series), the topic's slug (1), the list's
    # page and its topics (2), and at a page break the page beside it (2).
    with django_assert_num_queries(16 if slug == "day-6" else 14):
        client.get(f"/events/{slug}/?{urlencode({'results': f'topic=busy{page}'})}")
