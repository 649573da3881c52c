"""A record's page as a visitor sees it on a phone and a desktop, in both
languages: the way to its events on the list and its totals on the first
screen, its events a page at a time."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_in_new_context
from tests.factories import make_country, make_event, make_participation, make_person

SCREENS = {
    "phone": {"width": 360, "height": 780},
    "desktop": {"width": 1280, "height": 780},
}
WORDS = {
    "en": {
        "filter": "Filter the events they spoke at",
        "heading": "60 events",
        "next": "Next page",
        "took part": "Took part most often with",
    },
    "ru": {
        "filter": "Отобрать мероприятия, где выступал(а)",
        "heading": "60 мероприятий",
        "next": "Следующая страница",
        "took part": "Чаще всего участвовала вместе с",
    },
}


@pytest.fixture(params=["phone", "desktop"])
def screen(request, browser):
    with page_in_new_context(browser, viewport=SCREENS[request.param]) as page:
        yield page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_speakers_page_opens_with_the_way_to_their_events_and_pages_them(
    screen, live_server, language
):
    person, country = make_person(name="Anna Petrova"), make_country()
    for day in range(60):
        start = datetime.date(2024, 6, 1) - datetime.timedelta(days=20 * day)
        event = make_event(start_date=start, participating_countries=[country])
        make_participation(event, person)
    words, prefix = WORDS[language], "/ru" if language == "ru" else ""

    screen.goto(live_server.url + prefix + person.get_absolute_url())

    link = screen.get_by_role("link", name=words["filter"])
    heading = screen.get_by_role("heading", name=words["heading"], level=2)
    expect(link).to_be_in_viewport()
    expect(heading).to_be_visible()
    assert link.bounding_box()["y"] < heading.bounding_box()["y"]
    expect(screen.locator(".record-events .event-rows > li")).to_have_count(50)

    screen.get_by_role("link", name=words["next"]).click()

    expect(screen).to_have_url(
        f"{live_server.url}{prefix}{person.get_absolute_url()}?page=2#events-heading"
    )
    expect(screen.locator(".record-events .event-rows > li")).to_have_count(10)
    expect(
        screen.get_by_role("heading", name=words["heading"], level=2)
    ).to_be_in_viewport()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_country_page_opens_with_its_totals(screen, live_server, language):
    country, partner = make_country(), make_country()
    for _ in range(3):
        make_event(participating_countries=[country, partner])
    make_event(host_country=country)
    prefix = "/ru" if language == "ru" else ""

    screen.goto(live_server.url + prefix + country.get_absolute_url())

    totals = screen.locator(".totals")
    expect(totals).to_be_in_viewport()
    expect(totals.locator("dd")).to_have_text(["3", "1", "0", "0"])
    partners = screen.get_by_role("heading", name=WORDS[language]["took part"])
    assert totals.bounding_box()["y"] < partners.bounding_box()["y"]
