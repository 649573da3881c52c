from playwright.sync_api import expect

from events.models import Event
from people.models import Person
from tests.helpers import image_bytes


def test_staff_adds_person_and_publishes_event_with_them(
    page, live_server, editor, media_root, tmp_path
):
    photo = tmp_path / "orlova.jpg"
    photo.write_bytes(image_bytes(size=(800, 600)))

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password-1")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/admin/people/person/add/")
    page.locator("#id_name_en").fill("Anna Orlova")
    page.locator("#id_sort_name_en").fill("Orlova, Anna")
    page.locator("#id_photo").set_input_files(photo)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(live_server.url + "/admin/events/event/add/")
    page.locator("#id_title_en").fill("5th CSTO Academy")
    page.locator("#id_start_date").fill("2016-06-23")
    page.locator("#id_status").select_option("published")
    page.locator("#participations-0 .select2-selection").click()
    page.locator(".select2-search--dropdown .select2-search__field").fill("Orlova")
    page.locator(".select2-results__option", has_text="Anna Orlova").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    person = Person.objects.get()
    event = Event.objects.get()
    assert (person.slug, event.slug) == ("anna-orlova", "5th-csto-academy")
    assert person.thumbnail
    page.goto(live_server.url + "/events/5th-csto-academy/")
    speaker = page.get_by_role("link", name="Anna Orlova")
    expect(speaker).to_have_attribute("href", "/people/anna-orlova/")
    speaker.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Orlova")
