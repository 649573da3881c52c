"""Switching language on an event page keeps the visitor on the same event."""

from playwright.sync_api import expect


def test_switcher_on_event_page_opens_the_same_event_in_russian(
    page, live_server, archive_2015
):
    page.goto(live_server.url + "/events/4th-csto-academy-2015/")
    expect(page.get_by_role("heading", level=1)).to_have_text("4th CSTO Academy")

    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Русский"
    ).click()

    expect(page).to_have_url(live_server.url + "/ru/events/4th-csto-academy-2015/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("IV Академия ОДКБ")
    expect(
        page.get_by_role("navigation", name="Основная навигация").get_by_role("link")
    ).to_have_text(
        ["Мероприятия", "Люди", "Страны", "Организации", "Темы", "Программы"]
    )

    page.get_by_role("navigation", name="Язык").get_by_role(
        "link", name="English"
    ).click()

    expect(page).to_have_url(live_server.url + "/events/4th-csto-academy-2015/")
    expect(page.get_by_role("heading", level=1)).to_have_text("4th CSTO Academy")
