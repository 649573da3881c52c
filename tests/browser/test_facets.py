"""Facets in a browser: ticking values of one filter keeps them all, counts
agree with what the list then shows, and a phone shows results first."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    follow,
    page_in_new_context,
    show_filters,
    tick_and_apply,
)

# (language prefix, the filter's legend, "Apply filters", "N events found.")
LANGUAGES = {
    "en": ("", "Country taking part", "Apply filters", r"^(\d+) events? found\.$"),
    "ru": ("/ru", "Страна-участница", "Применить фильтры", r"^Найдено (\d+) "),
}


def found(page, pattern):
    return int(re.match(pattern, page.get_by_role("status").inner_text()).group(1))


def tick_two_countries(page, base_url, language):
    prefix, legend, apply, status = LANGUAGES[language]
    page.goto(f"{base_url}{prefix}/events/")
    show_filters(page)
    facet = page.get_by_role("group", name=legend)
    boxes = facet.get_by_role("checkbox")
    names = [boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")]
    counts = [
        int(count)
        for count in facet.locator(".facet-count").all_inner_texts()[:2]
        for count in [re.match(r"\d+", count).group()]
    ]

    tick_and_apply(boxes.nth(0), apply)
    assert found(page, status) == counts[0]
    show_filters(page)
    tick_and_apply(
        page.locator(
            f"input[type=checkbox][name=participating_country][value={names[1]}]"
        ),
        apply,
    )

    ticked = page.locator("input[name=participating_country]:checked")
    expect(ticked).to_have_count(2)
    assert sorted(ticked.evaluate_all("boxes => boxes.map(box => box.value)")) == (
        sorted(names)
    )
    # Either country: at least the larger count, at most both together.
    assert max(counts) <= found(page, status) <= sum(counts)
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_two_countries_ticked_stay_ticked_on_a_desktop(
    page, live_server, archive_2015, language
):
    tick_two_countries(page, live_server.url, language)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_phone_shows_results_first_and_keeps_two_countries(
    phone_page, live_server, archive_2015, language
):
    page = tick_two_countries(phone_page, live_server.url, language)
    page.reload()

    summary = page.locator("#filters > summary")
    form = page.locator("form#list-filters")
    expect(summary).to_have_text(
        {"en": "Filters (2 selected)", "ru": "Фильтры (выбрано: 2)"}[language]
    )
    expect(form).to_be_hidden()
    assert page.locator(".card").first.bounding_box()["y"] < 740
    summary.click()
    expect(form).to_be_visible()
    expect(page.locator("input[name=participating_country]:checked")).to_have_count(2)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow == 0


def test_a_desktop_shows_the_filters_beside_the_results_unfolded(
    page, live_server, archive_2015
):
    page.goto(f"{live_server.url}/events/?participating_country=serbia")

    expect(page.locator("#filters > summary")).to_be_hidden()
    form = page.locator("form#list-filters").bounding_box()
    results = page.locator(".results").bounding_box()
    assert form["x"] + form["width"] <= results["x"]
    assert form["y"] < results["y"] + results["height"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("width", [1280, 360])
def test_previous_next_walk_the_results_and_back_restores_the_filters(
    browser, live_server, archive_2015, language, width
):
    prefix = LANGUAGES[language][0]
    results = f"{live_server.url}{prefix}/events/?kind=school&kind=academy_session"
    with page_in_new_context(browser, viewport={"width": width, "height": 800}) as page:
        page.goto(results + "&kind=programme_launch")
        follow(page.locator("a.chip").last)  # one kind less
        listed = page.locator(".card-title a").all_inner_texts()

        follow(page.locator(".card-title a").first)
        walked = [page.get_by_role("heading", level=1).inner_text()]
        while page.locator(".result-nav a[rel=next]").count():
            follow(page.locator(".result-nav a[rel=next]"))
            walked.append(page.get_by_role("heading", level=1).inner_text())
        follow(page.locator(".result-nav a[rel=prev]"))
        back_one = page.get_by_role("heading", level=1).inner_text()
        follow(page.locator(".result-back a"))

        assert walked == listed
        assert back_one == listed[-2]
        # Back at the card of the event it came from.
        expect(page).to_have_url(re.compile(re.escape(results) + "#event-[a-z0-9-]+$"))
        expect(page.locator(".card:target .card-title")).to_have_text(back_one)
        expect(page.locator("input[name=kind]:checked")).to_have_count(2)
