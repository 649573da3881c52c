"""The maps and the timeline as a visitor meets them, at both widths and in
both languages: drawn without script, each country a link."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_in_new_context, show_list_tools
from tests.browser.test_accessibility import serious_violations
from tests.helpers import ACADEMY_SLUG, LAUNCH_SLUG

SCREENS = [
    pytest.param({"width": 1280, "height": 900}, "", id="1280-en"),
    pytest.param({"width": 360, "height": 740}, "/ru", id="360-ru"),
    pytest.param({"width": 360, "height": 740}, "", id="360-en"),
    pytest.param({"width": 1280, "height": 900}, "/ru", id="1280-ru"),
]


@pytest.mark.parametrize(("viewport", "language"), SCREENS)
def test_the_home_map_leads_to_a_country_page(
    browser, live_server, archive_2015, viewport, language
):
    with page_in_new_context(browser, viewport=viewport) as page:
        page.goto(f"{live_server.url}{language}/")
        serbia = page.locator("#home-map-title + svg a[href$='/countries/serbia/']")
        serbia.scroll_into_view_if_needed()
        assert serious_violations(page) == []
        # The map fits the screen and the whole of Serbia is in its frame.
        box, frame = serbia.bounding_box(), page.locator("#home-map-title + svg")
        assert box["width"] > 2
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        )
        assert frame.bounding_box()["x"] <= box["x"]

        serbia.click()

        expect(page).to_have_url(f"{live_server.url}{language}/countries/serbia/")
        expect(page.locator("#country-map-title + svg use.map-self")).to_have_count(1)


@pytest.mark.parametrize(("viewport", "language"), SCREENS[:2])
def test_the_event_map_shows_its_countries_in_three_styles(
    browser, live_server, archive_2015, viewport, language
):
    with page_in_new_context(browser, viewport=viewport) as page:
        page.goto(f"{live_server.url}{language}/events/{ACADEMY_SLUG}/")
        svg = page.locator("#event-map-title + svg")
        svg.scroll_into_view_if_needed()

        styles = svg.locator("use").evaluate_all(
            "paths => paths.map(p => getComputedStyle(p).fill)"
        )
        shades = svg.locator("use").evaluate_all(
            "paths => paths.map(p => p.classList[0])"
        )
        assert sorted(set(styles)) == sorted(
            {"rgb(8, 48, 107)", "rgb(107, 174, 214)", "rgb(224, 130, 20)"}
        )
        # Eight took part, Russia among them as the host; three were discussed.
        assert (shades.count("map-host"), shades.count("map-took-part")) == (1, 7)
        assert shades.count("map-discussed") == 3
        assert serious_violations(page) == []


@pytest.mark.parametrize(("viewport", "language"), SCREENS[:2])
def test_a_country_chosen_on_the_list_map_joins_the_filters(
    browser, live_server, archive_2015, viewport, language
):
    with page_in_new_context(browser, viewport=viewport) as page:
        page.goto(f"{live_server.url}{language}/events/?kind=academy_session")
        show_list_tools(page)
        page.locator(".downloads a[href*='/map/']").click()
        armenia = page.locator("#list-map-title + svg a[href*='armenia']")
        armenia.scroll_into_view_if_needed()

        armenia.click()

        expect(page).to_have_url(
            f"{live_server.url}{language}/events/"
            "?kind=academy_session&participating_country=armenia"
        )
        chips = page.locator(".chip")
        expect(chips).to_have_count(2)
        expect(page.locator(".result-count")).to_contain_text("1")


@pytest.mark.parametrize(("viewport", "language"), SCREENS[:2])
def test_the_series_timeline_shows_the_launch_as_a_month_and_the_fourth_session(
    browser, live_server, archive_2015, viewport, language
):
    with page_in_new_context(browser, viewport=viewport) as page:
        page.goto(f"{live_server.url}{language}/series/csto-academy/")
        timeline = page.locator("svg.timeline")
        timeline.scroll_into_view_if_needed()

        launch = timeline.locator(f"a[href$='/events/{LAUNCH_SLUG}/'] rect")
        fourth = timeline.locator(f"a[href$='/events/{ACADEMY_SLUG}/']")
        years = timeline.locator("text.chart-label")
        expect(years).to_have_text(["2012", "2013", "2014", "2015"])
        expect(launch).to_have_class("timeline-band timeline-held")
        expect(fourth.locator("circle")).to_have_class("timeline-point timeline-held")
        expect(fourth.locator("text")).to_have_text("4")
        year_2012, year_2015 = years.nth(0).bounding_box(), years.nth(3).bounding_box()
        # November sits in the last sixth of 2012's column; June 2015 in the
        # first half of 2015's.
        column = years.nth(1).bounding_box()["x"] - year_2012["x"]
        start_2012 = year_2012["x"] + year_2012["width"] / 2 - column / 2
        start_2015 = year_2015["x"] + year_2015["width"] / 2 - column / 2
        assert 0.8 < (launch.bounding_box()["x"] - start_2012) / column < 0.86
        point = fourth.locator("circle").bounding_box()
        assert 0.4 < (point["x"] + point["width"] / 2 - start_2015) / column < 0.5
        assert serious_violations(page) == []
