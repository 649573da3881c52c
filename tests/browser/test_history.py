"""Staff restore an earlier version through the admin's history: an event with
its speakers and topics as they were, and two people merged apart again."""

import reversion
from playwright.sync_api import expect
from reversion.models import Version

from events.models import Event, Participation
from people.models import Person
from tests.browser.conftest import page_in_new_context
from tests.factories import make_event, make_participation, make_person, make_topic


def log_in(page, base_url, username, password):
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def restore_from_history(page, base_url, record, comment):
    """Open the record's history and save the version whose comment is given."""
    opts = record._meta
    page.goto(
        f"{base_url}/admin/{opts.app_label}/{opts.model_name}/{record.pk}/history/"
    )
    page.locator("#change-history tr", has_text=comment).locator("th a").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_staff_restore_an_event_with_its_speakers_and_topics(page, live_server, editor):
    anna, boris = make_person(name="Anna Orlova"), make_person(name="Boris Ivanov")
    migration, security = make_topic(name="Migration"), make_topic(name="Security")
    with reversion.create_revision():
        event = make_event(title="5th CSTO Academy", topics=[migration])
        make_participation(event, anna)
        reversion.add_to_revision(event)
        reversion.set_comment("As the source gives it.")
    with reversion.create_revision():
        event.title_en = "5th CSTO Academy, wrongly renamed"
        event.save()
        event.topics.set([security])
        event.participations.get().delete()
        make_participation(event, boris)
        reversion.set_comment("A wrong save.")

    log_in(page, live_server.url, "editor", "editor-password-1")
    restore_from_history(page, live_server.url, event, "As the source gives it.")
    page.goto(live_server.url + event.get_absolute_url())

    event.refresh_from_db()
    assert event.title_en == "5th CSTO Academy"
    assert [person.name for person in event.speakers.all()] == ["Anna Orlova"]
    assert [topic.name for topic in event.topics.all()] == ["Migration"]
    expect(page.get_by_role("heading", level=1)).to_have_text("5th CSTO Academy")
    expect(page.locator(".speakers")).to_contain_text("Anna Orlova")
    latest = Version.objects.get_for_object(event).first()
    assert latest.revision.get_comment().startswith("Reverted to previous version")


def test_a_superuser_undoes_a_merge_of_two_people(page, live_server, admin_user):
    keep, other = make_person(name="Valery Semerikov"), make_person(name="V. Semerikov")
    first, second = make_event(title="First"), make_event(title="Second")
    make_participation(first, keep)
    make_participation(second, other)

    log_in(page, live_server.url, "admin", "password")
    page.goto(live_server.url + "/admin/people/person/")
    for person in (keep, other):
        page.locator(f"input[name=_selected_action][value='{person.pk}']").check()
    page.locator("select[name=action]").select_option("merge")
    page.locator("button[name=index]").click()
    page.locator(f"input[name=keep][value='{keep.pk}']").check()
    page.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("was merged into")
    assert not Person.objects.filter(pk=other.pk).exists()
    restore_from_history(
        page, live_server.url, keep, "Before “V. Semerikov” was merged"
    )

    restored = Person.objects.get(pk=other.pk)
    assert restored.name == "V. Semerikov"
    assert list(
        Participation.objects.filter(event=second).values_list("person", flat=True)
    ) == [other.pk]
    assert list(keep.alternative_names.values_list("name", flat=True)) == []
    assert Event.objects.get(pk=second.pk).speakers.get() == restored


def test_a_save_over_another_staff_members_save_is_refused_once(
    browser, live_server, editor, admin_user
):
    event = make_event(title="5th CSTO Academy", summary="As announced.")
    url = f"{live_server.url}/admin/events/event/{event.pk}/change/"
    with (
        page_in_new_context(browser) as first,
        page_in_new_context(browser) as second,
    ):
        log_in(first, live_server.url, "editor", "editor-password-1")
        log_in(second, live_server.url, "admin", "password")
        first.goto(url)
        second.goto(url)
        second.locator("#id_title_en").fill("5th CSTO Academy, Moscow")
        second.locator("input[name=_save]").click()
        expect(second.locator(".messagelist")).to_contain_text("was changed")

        first.locator("#id_summary_en").fill("Held on 23 June 2016.")
        first.locator("input[name=_save]").click()
        refused = first.locator(".errornote, .errorlist.nonfield")
        expect(refused.last).to_contain_text("admin saved this record")
        expect(first.locator(".field-title_en .errorlist")).to_have_text(
            "Saved meanwhile as: “5th CSTO Academy, Moscow”."
        )
        assert Event.objects.get(pk=event.pk).summary_en == "As announced."
        # Taking their title, and saving again: both changes are kept.
        first.locator("#id_title_en").fill("5th CSTO Academy, Moscow")
        first.locator("input[name=_save]").click()
        expect(first.locator(".messagelist")).to_contain_text("was changed")

    saved = Event.objects.get(pk=event.pk)
    assert (saved.title_en, saved.summary_en) == (
        "5th CSTO Academy, Moscow",
        "Held on 23 June 2016.",
    )
