"""A programme's timeline as a visitor meets it, at both widths and in both
languages: a long one opens at its latest years, with "← Earlier years" at its
left edge while years are hidden there, and no such cue once none are."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_in_new_context
from tests.browser.test_accessibility import serious_violations
from tests.factories import make_event, make_series

SCREENS = [
    pytest.param({"width": 360, "height": 780}, "", "← Earlier years", id="360-en"),
    pytest.param(
        {"width": 360, "height": 780}, "/ru", "← Более ранние годы", id="360-ru"
    ),
    pytest.param({"width": 1280, "height": 900}, "", "← Earlier years", id="1280-en"),
    pytest.param(
        {"width": 1280, "height": 900}, "/ru", "← Более ранние годы", id="1280-ru"
    ),
]

# Whether the element is what a visitor sees at its own centre, not covered.
SEEN = """element => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    return document.elementFromPoint(x, y) === element;
}"""


def programme(first_year, last_year):
    """A programme with one session a year, each in June."""
    series = make_series(started_on=datetime.date(first_year, 6, 1))
    for number, year in enumerate(range(first_year, last_year + 1), start=1):
        make_event(
            series=series, session_number=number, start_date=datetime.date(year, 6, 1)
        )
    return series


@pytest.mark.parametrize(("viewport", "language", "cue_text"), SCREENS)
def test_a_long_timeline_opens_at_its_latest_year_with_a_cue_of_earlier_ones(
    browser, live_server, viewport, language, cue_text
):
    series = programme(1997, 2026)

    with page_in_new_context(browser, viewport=viewport) as page:
        page.goto(f"{live_server.url}{language}{series.get_absolute_url()}")
        region = page.locator(".timeline-region")
        region.scroll_into_view_if_needed()
        years = region.locator("text.chart-label")
        cue = region.locator(".timeline-earlier").first

        expect(years.last).to_have_text("2026")
        expect(years.last).to_be_in_viewport()
        expect(years.first).not_to_be_in_viewport()
        expect(cue).to_have_text(cue_text)
        expect(cue).to_be_in_viewport()
        assert cue.evaluate(SEEN)
        assert serious_violations(page) == []

        # At the first year there is nothing earlier, and the cue is covered.
        region.evaluate("region => region.scrollBy(-region.scrollWidth, 0)")
        expect(years.first).to_be_in_viewport()
        assert not cue.evaluate(SEEN)


def test_a_timeline_that_fits_has_no_cue(browser, live_server):
    series = programme(2012, 2026)

    with page_in_new_context(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{live_server.url}{series.get_absolute_url()}")
        region = page.locator(".timeline-region")
        region.scroll_into_view_if_needed()
        years = region.locator("text.chart-label")

        expect(years.first).to_be_in_viewport()
        expect(years.last).to_be_in_viewport()
        assert not region.locator(".timeline-earlier").first.evaluate(SEEN)
