"""A visitor's path through the archive, on a desktop, on a phone and without JS."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import show_filters, tick_and_apply
from tests.factories import make_event, make_participation, make_person, make_topic


def visit_serbia_academy_virabyan_armenia(page, base_url):
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Events"
    ).click()

    show_filters(page)
    tick_and_apply(
        page.get_by_role("group", name="Country taking part").get_by_role(
            "checkbox", name="Serbia 1 event"
        )
    )

    expect(page).to_have_url(base_url + "/events/?q=&participating_country=serbia")
    expect(page.get_by_role("status")).to_have_text("1 event found.")
    expect(
        page.get_by_role("link", name="Remove filter Country taking part: Serbia")
    ).to_be_visible()

    page.get_by_role("link", name="4th CSTO Academy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4th CSTO Academy")

    page.get_by_role("link", name="David Virabyan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("David Virabyan")
    expect(page).to_have_url(base_url + "/people/david-virabyan/")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People"
    ).click()
    show_filters(page)
    tick_and_apply(
        page.get_by_role("group", name="Country").get_by_role(
            "checkbox", name="Armenia 1 person"
        )
    )

    expect(page.get_by_role("status")).to_have_text("1 person found.")
    expect(page.locator(".card-title a")).to_have_text(["David Virabyan"])


def test_visitor_journey_on_desktop(page, live_server, archive_2015):
    visit_serbia_academy_virabyan_armenia(page, live_server.url)


def test_visitor_journey_on_phone(phone_page, live_server, archive_2015):
    visit_serbia_academy_virabyan_armenia(phone_page, live_server.url)
    phone_page.wait_for_load_state()  # the whole page, styled

    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow == 0


def test_visitor_journey_without_javascript(
    page_without_javascript, live_server, archive_2015
):
    visit_serbia_academy_virabyan_armenia(page_without_javascript, live_server.url)


def test_chip_removes_its_filter(page, live_server, archive_2015):
    page.goto(live_server.url + "/events/?country=serbia&kind=school")

    page.get_by_role("link", name="Remove filter Kind: School").click()

    expect(page).to_have_url(live_server.url + "/events/?country=serbia")
    expect(page.get_by_role("status")).to_have_text("2 events found.")


def test_skip_link_is_first_and_visible_on_focus(page, live_server, archive_2015):
    page.goto(live_server.url + "/events/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_statistics_are_readable_on_a_phone(
    phone_page, live_server, archive_2015, prefix
):
    phone_page.goto(f"{live_server.url}{prefix}/statistics/")
    phone_page.wait_for_load_state("load")

    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    # The height of each chart's text as drawn, at least that of 12 px type.
    smallest = phone_page.evaluate(
        "Math.min(...[...document.querySelectorAll('.chart text')]"
        ".map(text => parseFloat(getComputedStyle(text).fontSize)"
        " * text.ownerSVGElement.getBoundingClientRect().width"
        " / text.ownerSVGElement.viewBox.baseVal.width))"
    )
    assert overflow == 0
    assert smallest >= 12


def test_a_facets_find_box_finds_a_value_not_shown(page, live_server, db):
    """Typing a name into a long facet's Find box and pressing Enter opens the
    facet's page with the values that match, as the button does."""
    topic = make_topic(slug="busy")
    for number in range(12):
        make_participation(
            make_event(topics=[topic]), make_person(name=f"Speaker {number:02}")
        )
    page.goto(f"{live_server.url}/events/?topic=busy")
    show_filters(page)

    box = page.locator(".facet-find input[name=find]")
    box.fill("Speaker 03")
    box.press("Enter")

    expect(page).to_have_url(
        f"{live_server.url}/events/filters/person/?find=Speaker+03&topic=busy"
    )
    expect(page.locator(".facet-value")).to_have_text(["Speaker 03"])
