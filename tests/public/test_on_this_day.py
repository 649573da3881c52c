"""On this day: /on-this-day/MM-DD/ for every day of the year, and the home
page's events of today in earlier years; only events known to the day."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from tests.factories import make_draft, make_event
from tests.helpers import card_titles, soup_of

pytestmark = pytest.mark.django_db


def on(year, month, day, title, precision="day"):
    return make_event(
        title=title,
        start_date=datetime.date(year, month, day),
        date_precision=precision,
    )


def test_a_day_lists_its_events_of_every_year_known_to_the_day(client):
    on(2015, 6, 25, "4th CSTO Academy")
    on(2019, 6, 25, "A later one")
    on(2015, 6, 26, "The day after")
    on(2016, 6, 1, "June 2016, day unknown", precision="month")
    make_draft(title="A draft", start_date=datetime.date(2017, 6, 25))

    june_25 = client.get("/on-this-day/06-25/")
    june_1 = client.get("/on-this-day/06-01/")

    assert card_titles(june_25) == ["A later one", "4th CSTO Academy"]
    assert card_titles(june_1) == []
    page = soup_of(june_25)
    assert page.h1.get_text() == "On this day: 25 June"
    assert page.select_one(".result-count").get_text() == (
        "2 events known to have been held on this day."
    )
    assert [link["href"] for link in page.select(".day-nav a")] == [
        "/on-this-day/06-24/",
        "/on-this-day/06-26/",
    ]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/on-this-day/02-29/", 200),
        ("/on-this-day/02-30/", 404),
        ("/on-this-day/13-01/", 404),
        ("/on-this-day/00-10/", 404),
        ("/on-this-day/6-25/", 404),
    ],
)
def test_every_day_of_the_year_exists_and_no_other(client, path, status):
    assert client.get(path).status_code == status


def test_the_year_wraps_from_the_last_day_to_the_first(client):
    page = soup_of(client.get("/on-this-day/12-31/"))

    assert [link["href"] for link in page.select(".day-nav a")] == [
        "/on-this-day/12-30/",
        "/on-this-day/01-01/",
    ]


def test_on_this_day_without_a_day_is_today(client):
    today = timezone.localdate()

    response = client.get("/on-this-day/")

    assert response.status_code == 302
    assert response["Location"] == f"/on-this-day/{today:%m-%d}/"


def test_the_home_page_lists_today_in_earlier_years_only(client):
    today = timezone.localdate()
    earlier = today.replace(year=today.year - 4)  # a leap year if today's is
    make_event(title="Years ago today", start_date=earlier)
    make_event(title="Today", start_date=today)

    page = soup_of(client.get("/"))

    section = page.select_one("section[aria-labelledby=on-this-day-heading]")
    assert [item.get_text(" ", strip=True) for item in section.select("li")] == [
        f"{earlier.year} Years ago today"
    ]


@pytest.mark.parametrize("size", [1, 30])
def test_a_days_page_query_count_is_fixed(client, django_assert_num_queries, size):
    for year in range(2000, 2000 + size):
        on(year, 6, 25, f"Session of {year}")

    with django_assert_num_queries(3):
        response = client.get("/on-this-day/06-25/")

    assert len(card_titles(response)) == min(size, 20)
    assert Event.objects.count() == size
