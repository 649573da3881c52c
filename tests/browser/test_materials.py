"""Staff add an event's photos, a PDF and a recording in one form; visitors
see the gallery, the document's preview and the link card, on a desktop and
a phone, in both languages. (The live server answers /media/ itself, so that
a draft's files are a 404 is tested through gunicorn and the proxy, in
tests/academy/test_proxy.py.)"""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.conftest import page_in_new_context
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_history import log_in
from tests.helpers import image_bytes, pdf_bytes

CHOOSE_AGAIN = (
    "Choose the file again: the form has other errors, and a browser does not "
    "keep a chosen file when it is shown again."
)


def upload(name, mime_type, content):
    return {"name": name, "mimeType": mime_type, "buffer": content}


def photo(colour):
    return upload(
        f"{colour}.jpg", "image/jpeg", image_bytes((1200, 800), "JPEG", colour)
    )


def fill_photo(page, index, file, alt_text):
    page.locator(f"#id_photos-{index}-image").set_input_files(file)
    page.locator(f"#id_photos-{index}-alt_text_en").fill(alt_text)


@pytest.fixture
def published_with_materials(page, live_server, editor, media_root):
    """The event as staff enter it: a first save refused for a wrong slug,
    which says to choose the photo again; then both photos, a PDF and a
    video link, published."""
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")
    page.locator("#id_title_en").fill("5th CSTO Academy")
    page.locator("#id_start_date").fill("June 2016")
    page.locator("#id_status").select_option("published")
    fill_photo(page, 0, photo("steelblue"), "The hall before the opening")
    page.locator("#id_slug").fill("not a slug!")
    page.locator("input[name=_save]").click()

    expect(page.locator(".field-image .errorlist")).to_have_text(CHOOSE_AGAIN)
    assert not Event.objects.exists()

    page.locator("#id_slug").fill("5th-csto-academy")
    page.locator("#id_photos-0-image").set_input_files(photo("steelblue"))
    page.locator("#photos-group .add-row a").click()
    fill_photo(page, 1, photo("darkred"), "Speakers at the round table")
    page.locator("#id_photos-1-caption_en").fill("The round table")
    page.locator("#id_photos-1-credit").fill("CSTO press service")
    page.locator("#id_documents-0-file").set_input_files(
        upload("programme.pdf", "application/pdf", pdf_bytes(pages=4))
    )
    page.locator("#id_documents-0-title_en").fill("Programme of the session")
    page.locator("#id_links-0-url").fill("https://www.youtube.com/watch?v=abc")
    page.locator("#id_links-0-title_en").fill("Recording of the opening")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    return Event.objects.get(slug="5th-csto-academy")


def loaded_images(page, selector):
    """How many images under `selector` the browser decoded."""
    return page.locator(selector).evaluate_all(
        "images => images.filter(i => i.complete && i.naturalWidth > 0).length"
    )


@pytest.mark.parametrize(
    ("width", "height", "language"),
    [(1280, 900, ""), (360, 740, "/ru"), (360, 740, "")],
)
def test_visitors_see_the_gallery_preview_and_link_card_entered_in_one_form(
    browser, live_server, published_with_materials, width, height, language
):
    address = live_server.url + language + published_with_materials.get_absolute_url()
    with page_in_new_context(browser, viewport={"width": width, "height": height}) as (
        page
    ):
        page.goto(address)
        page.locator(".gallery").scroll_into_view_if_needed()
        page.locator(".materials").scroll_into_view_if_needed()

        expect(page.locator(".gallery img")).to_have_count(2)
        alts = page.locator(".gallery img").evaluate_all("i => i.map(e => e.alt)")
        assert alts == ["The hall before the opening", "Speakers at the round table"]
        # Playwright's own polling: a string predicate passed to
        # wait_for_function is compiled in the page, which the CSP refuses
        # when it runs late.
        lazy_images = page.locator("main img[loading=lazy]")
        for index in range(lazy_images.count()):
            expect(lazy_images.nth(index)).to_have_js_property("complete", True)
        assert loaded_images(page, ".gallery img, .material img") == 3
        # The gallery fits the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        expect(page.locator(".material").first).to_contain_text(
            "Programme of the session"
        )
        card = page.locator(".material-link a")
        expect(card).to_have_attribute("href", "https://www.youtube.com/watch?v=abc")
        assert serious_violations(page) == []


def test_a_photo_opens_at_full_size_from_the_keyboard(
    page, live_server, published_with_materials
):
    page.goto(live_server.url + published_with_materials.get_absolute_url())
    link = page.locator(".gallery a").first
    link.focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/large.jpg")
    assert page.evaluate("document.images[0].naturalWidth") == 1200
