"""Staff enter a session as the source gives it: a date known to the month
stays a month on the public page, a host country that other events in the
city did not have is questioned before the event is published, the form
fits the screen and the keyboard, and names suggest slugs and sort names."""

from playwright.sync_api import expect

from events.models import Event
from people.models import Person
from tests.browser.test_history import log_in
from tests.factories import make_country, make_event, make_person


def choose(page, field, typed, option):
    """Pick `option` in the admin's autocomplete box of `field`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").first.fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def test_a_session_typed_as_june_2016_shows_june_2016(page, live_server, editor):
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")
    page.locator("#id_title_en").fill("5th CSTO Academy")
    page.locator("#id_start_date").fill("June 2016")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(live_server.url + "/events/5th-csto-academy/")

    expect(page.locator(".facts time").first).to_have_text("June 2016")
    page.goto(live_server.url + "/ru/events/5th-csto-academy/")
    expect(page.locator(".facts time").first).to_have_text("Июнь 2016 г.")


def test_a_date_reopens_as_typed_and_both_dates_are_typed_alike(
    page, live_server, editor
):
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")
    page.locator("#id_title_en").fill("5th CSTO Academy")
    page.locator("#id_start_date").fill("June 2016")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    expect(page.locator("#id_start_date")).to_have_value("June 2016")
    # Neither date has the admin's calendar and "Today" (DateTimeShortcuts).
    expect(page.locator(".field-start_date .datetimeshortcuts")).to_have_count(0)
    expect(page.locator(".field-end_date .datetimeshortcuts")).to_have_count(0)
    expect(page.locator("#id_end_date")).to_have_attribute("type", "text")


def test_a_host_country_other_events_in_the_city_did_not_have_is_questioned(
    page, live_server, editor
):
    russia, belarus = make_country(name="Russia"), make_country(name="Belarus")
    make_event(city="Moscow", host_country=russia, participating_countries=[russia])

    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")
    page.locator("#id_title_en").fill("5th CSTO Academy")
    page.locator("#id_start_date").fill("June 2016")
    page.locator("#id_city_en").fill("Moscow")
    choose(page, "host_country", "Bel", "Belarus")
    choose(page, "participating_countries", "Bel", "Belarus")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()

    expect(page.locator(".errorlist.nonfield")).to_have_text(
        "Other events in Moscow were hosted by Russia, not Belarus: check the "
        "host country."
    )
    assert not Event.objects.filter(slug="5th-csto-academy").exists()
    page.get_by_label("Publish despite the warnings").check()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Event.objects.get(slug="5th-csto-academy").host_country == belarus


def test_the_event_form_fits_1280_px_with_every_speaker_field_labelled(
    page, live_server, editor
):
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(
            '#participations-group .inline-related:not(.empty-form) :is(input, select)'
        )].filter(field => field.type !== 'hidden' && field.labels.length === 0)
          .map(field => field.name)"""
    )

    assert overflow == 0
    assert unlabelled == []


def test_a_whole_session_is_entered_with_the_keyboard_alone(page, live_server, editor):
    make_country(name="Russia")
    make_person(name="Anna Orlova")
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/events/event/add/")
    keyboard = page.keyboard

    def type_into(selector, text):
        page.locator(selector).focus()
        keyboard.type(text)

    def pick(selector, typed):
        """Open an autocomplete box from the keyboard, type, take the first."""
        page.locator(selector).focus()
        keyboard.press("Enter")
        keyboard.type(typed)
        expect(page.locator(".select2-results__option--highlighted")).to_contain_text(
            typed
        )
        keyboard.press("Enter")

    type_into("#id_title_en", "5th CSTO Academy")
    type_into("#id_start_date", "June 2016")
    type_into("#id_city_en", "Moscow")
    pick(".field-host_country .select2-selection", "Russia")
    pick(".field-participating_countries .select2-selection", "Russia")
    pick("#participations-0 .select2-selection", "Anna Orlova")
    type_into("#id_participations-0-position_en", "Researcher")
    page.locator("#id_status").focus()
    keyboard.press("ArrowDown")  # Draft -> Published
    page.locator("#id_title_en").focus()
    keyboard.press("Enter")  # the form's default button: Save

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    event = Event.objects.get()
    assert (event.title_en, str(event.start_date), event.date_precision) == (
        "5th CSTO Academy",
        "2016-06-01",
        "month",
    )
    assert (event.status, str(event.host_country), event.city_en) == (
        "published",
        "Russia",
        "Moscow",
    )
    assert [(str(p.person), p.position_en) for p in event.participations.all()] == [
        ("Anna Orlova", "Researcher")
    ]


def test_a_russian_name_suggests_a_transliterated_slug_and_a_sort_name(
    page, live_server, editor
):
    log_in(page, live_server.url, "editor", "editor-password-1")
    page.goto(live_server.url + "/admin/people/person/add/")

    name = page.locator("#id_name_en")
    name.fill("Валерий Семериков")
    name.press("End")  # a key let go: the admin's script fills the slug
    expect(page.locator("#id_slug")).to_have_value("valerij-semerikov")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    person = Person.objects.get()
    assert (person.slug, person.sort_name_en) == (
        "valerij-semerikov",
        "Семериков, Валерий",
    )
