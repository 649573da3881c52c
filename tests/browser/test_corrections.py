"""A visitor suggests a correction from a record's page, on a phone and a
desktop, in both languages, with JavaScript turned off."""

import pytest
from playwright.sync_api import expect

from events.models import Correction
from tests.browser.conftest import follow, page_in_new_context
from tests.factories import make_event

SCREENS = {
    "phone": {"width": 360, "height": 780},
    "desktop": {"width": 1280, "height": 780},
}
WORDS = {
    "en": {
        "link": "Suggest a correction",
        "wrong": "What is wrong",
        "proposed": "What it should be",
        "source": "Source (optional)",
        "send": "Send the suggestion",
        "thanks": "Thank you for your suggestion",
    },
    "ru": {
        "link": "Предложить исправление",
        "wrong": "Что неверно",
        "proposed": "Как должно быть",
        "source": "Источник (необязательно)",
        "send": "Отправить предложение",
        "thanks": "Спасибо за ваше предложение",
    },
}


@pytest.fixture(params=["phone", "desktop"])
def screen_without_javascript(request, browser):
    viewport = SCREENS[request.param]
    with page_in_new_context(
        browser, viewport=viewport, java_script_enabled=False
    ) as page:
        yield page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_visitor_suggests_a_correction_without_javascript(
    screen_without_javascript, live_server, language
):
    page, words = screen_without_javascript, WORDS[language]
    event = make_event(title="Fourth Academy", title_ru="Четвёртая академия")
    prefix = "/ru" if language == "ru" else ""
    page.goto(live_server.url + prefix + event.get_absolute_url())

    follow(page.get_by_role("link", name=words["link"]))
    page.get_by_label(words["wrong"]).fill("The session was held on 26 June.")
    page.get_by_label(words["proposed"]).fill("26 June 2015")
    page.get_by_label(words["source"]).fill("https://example.org/release")
    send = page.get_by_role("button", name=words["send"])
    # Whole on the screen once scrolled to: not cut off at 360 px.
    send.scroll_into_view_if_needed()
    expect(send).to_be_in_viewport(ratio=1)
    # The robots' trap is on the page, out of a person's sight.
    trap = page.locator("input[name=homepage]")
    expect(trap).to_have_count(1)
    expect(trap).not_to_be_in_viewport()
    follow(send)

    expect(page.get_by_role("heading", level=1)).to_have_text(words["thanks"])
    correction = Correction.objects.get()
    assert (correction.event, correction.proposed, correction.language) == (
        event,
        "26 June 2015",
        language,
    )
