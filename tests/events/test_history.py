"""Every admin save keeps a version of the record (an event with its speakers
and links): staff see who saved what and when, compare two versions field by
field, and restore one (tests/browser/test_history.py restores through the
admin's form)."""

from io import StringIO

import pytest
import reversion
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from events.models import Event
from people.models import Person
from tests.factories import make_country, make_event, make_person, make_topic
from tests.helpers import (
    AnotherConnection,
    event_form,
    posted_by,
    soup_of,
    two_writers,
    wait_for_a_blocked_writer,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def speaker(person, order):
    return {
        "person": str(person.pk),
        "role": "speaker",
        "position_en": "",
        "position_ru": "",
        "order": str(order),
    }


@pytest.fixture
def renamed(editor_client):
    """An event added through the admin with a speaker and a topic, then
    renamed there."""
    person, topic = make_person(name="Anna Orlova"), make_topic(name="Migration")
    editor_client.post(
        reverse("admin:events_event_add"),
        event_form(speakers=[speaker(person, 1)], topics=[str(topic.pk)]),
    )
    event = Event.objects.get()
    editor_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(title_en="5th CSTO Academy, renamed", topics=[str(topic.pk)]),
    )
    return event


def test_each_admin_save_keeps_a_version_of_the_event_and_its_speakers(renamed, editor):
    versions = Version.objects.get_for_object(renamed).order_by("pk")

    assert [
        (version.revision.user, version.field_dict["title_en"]) for version in versions
    ] == [(editor, "5th CSTO Academy"), (editor, "5th CSTO Academy, renamed")]
    first = versions[0].revision.version_set.values_list(
        "content_type__model", flat=True
    )
    assert sorted(first) == ["event", "participation"]
    assert versions[0].field_dict["topics"] == [renamed.topics.get().pk]


def test_history_compares_two_versions_field_by_field(renamed, editor_client):
    older, newer = Version.objects.get_for_object(renamed).order_by("pk")

    history = soup_of(
        editor_client.get(reverse("admin:events_event_history", args=[renamed.pk]))
    )
    compared = soup_of(
        editor_client.get(
            reverse("admin:events_event_compare", args=[renamed.pk]),
            {"version_id1": older.pk, "version_id2": newer.pk},
        )
    )

    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")[-2:]]
        for row in history.select("#change-history tbody tr")
    ]
    assert rows == [
        ["editor", "Changed Title [en]."],
        [
            "editor",
            "Added. Added participation “Anna Orlova – 5th CSTO Academy (speaker)”.",
        ],
    ]
    inserted = [ins.get_text() for ins in compared.select("ins")]
    assert inserted.count(", renamed") == 1  # the English title, shown once
    assert "title (English)" in compared.get_text()


def first_and_last_versions_compared(client, event):
    """The admin's comparison of the first and the last version of `event`."""
    older, newer = Version.objects.get_for_object(event).order_by("pk")
    return soup_of(
        client.get(
            reverse("admin:events_event_compare", args=[event.pk]),
            {"version_id1": older.pk, "version_id2": newer.pk},
        )
    )


def test_history_compares_only_the_links_that_changed(editor_client):
    russia, serbia = make_country(name="Russia"), make_country(name="Serbia")
    editor_client.post(
        reverse("admin:events_event_add"), event_form(host_country=str(russia.pk))
    )
    event = Event.objects.get()
    editor_client.post(  # the host changes; the series and source stay empty
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(host_country=str(serbia.pk)),
    )
    compared = first_and_last_versions_compared(editor_client, event)

    headings = [heading.get_text(strip=True) for heading in compared.select("h3")]
    assert headings == ["host country*"]  # not "updated", kept by the archive
    assert "Russia" in compared.select_one("del").get_text()


def test_history_compare_names_each_language_once_and_an_empty_value_as_nothing(
    editor_client,
):
    editor_client.post(
        reverse("admin:events_event_add"), event_form(start_date="23 June 2016")
    )
    event = Event.objects.get()
    editor_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(
            start_date="23 June 2016",
            end_date="24 June 2016",
            venue_en="President Hotel",
            venue_ru="Президент-Отель",
        ),
    )
    compared = first_and_last_versions_compared(editor_client, event)

    headings = [heading.get_text(strip=True) for heading in compared.select("h3")]
    assert headings == ["end date", "venue (English)", "venue (Russian)"]
    assert [line.get_text() for line in compared.select("del")] == []  # no "- None"
    breadcrumb = compared.select_one(".breadcrumbs").get_text(" ", strip=True)
    assert " ".join(breadcrumb.split()) == (
        "Home › Events › Events › 5th CSTO Academy › History › Compare versions"
    )


def test_an_editor_may_open_history_and_an_earlier_version(renamed, editor_client):
    older = Version.objects.get_for_object(renamed).order_by("pk").first()

    history = editor_client.get(
        reverse("admin:events_event_history", args=[renamed.pk])
    )
    earlier = editor_client.get(
        reverse("admin:events_event_revision", args=[renamed.pk, older.pk])
    )

    assert (history.status_code, earlier.status_code) == (200, 200)
    form = soup_of(earlier).select_one("#id_title_en")
    assert form["value"] == "5th CSTO Academy"
    renamed.refresh_from_db()
    assert renamed.title_en == "5th CSTO Academy, renamed"  # shown, not saved


def test_the_seeded_archive_starts_with_a_version_of_every_record():
    call_command("seed_archive", stdout=StringIO())

    event = Event.objects.get(slug="4th-csto-academy-2015")
    (version,) = Version.objects.get_for_object(event)
    assert version.revision.get_comment() == "Loaded from the 2015 fixture."
    assert version.field_dict["title_en"] == event.title_en


def test_a_save_from_a_form_opened_before_a_speaker_was_added_is_refused_once(
    renamed, editor_client
):
    opened = Version.objects.get_for_object(renamed).first()
    change_url = reverse("admin:events_event_change", args=[renamed.pk])
    topic = str(renamed.topics.get().pk)
    newcomer = make_person(name="Boris Ivanov")
    participation = renamed.participations.get()
    kept = {
        "participations-INITIAL_FORMS": "1",
        "participations-TOTAL_FORMS": "2",
        "participations-0-id": str(participation.pk),
        "participations-0-event": str(renamed.pk),
    }
    editor_client.post(  # someone adds a speaker, in the inline only
        change_url,
        event_form(
            speakers=[speaker(participation.person, 1), speaker(newcomer, 2)],
            title_en="5th CSTO Academy, renamed",
            topics=[topic],
            **kept,
        ),
    )
    mine = event_form(
        title_en="5th CSTO Academy, renamed",
        summary_en="Mine.",
        topics=[topic],
        _opened_version=str(opened.pk),
    )

    refused = editor_client.post(change_url, mine)
    renamed.refresh_from_db()
    summary_then = renamed.summary_en
    latest = Version.objects.get_for_object(renamed).first()
    applied = editor_client.post(change_url, {**mine, "_opened_version": latest.pk})

    assert refused.status_code == 200
    message = soup_of(refused).select_one(".errorlist.nonfield").get_text()
    assert message.startswith("editor saved this record (")
    assert summary_then == ""
    assert applied.status_code == 302
    renamed.refresh_from_db()
    assert renamed.summary_en == "Mine."
    assert renamed.speakers.count() == 2


def test_a_refused_save_marks_only_fields_it_holds_otherwise(renamed, editor_client):
    opened = Version.objects.get_for_object(renamed).first()
    change_url = reverse("admin:events_event_change", args=[renamed.pk])
    same = {
        "title_en": "5th CSTO Academy, renamed",
        "topics": [str(renamed.topics.get().pk)],
    }
    editor_client.post(  # someone dates the event and writes a summary
        change_url, event_form(start_date="June 2016", summary_en="Theirs.", **same)
    )

    refused = editor_client.post(
        change_url,
        event_form(
            start_date="2016-06",  # the same date, typed otherwise
            summary_en="Mine.",
            _opened_version=str(opened.pk),
            **same,
        ),
    )

    page = soup_of(refused)
    assert [error.get_text() for error in page.select("fieldset .errorlist")] == [
        "Saved meanwhile as: “Theirs.”."
    ]


def test_a_refused_save_quotes_their_date_and_kind_as_staff_read_them(
    renamed, editor_client
):
    opened = Version.objects.get_for_object(renamed).first()
    change_url = reverse("admin:events_event_change", args=[renamed.pk])
    same = {
        "title_en": "5th CSTO Academy, renamed",
        "topics": [str(renamed.topics.get().pk)],
    }
    editor_client.post(  # someone dates the event to the month, calls it a launch
        change_url,
        event_form(start_date="June 2016", kind=Event.Kind.PROGRAMME_LAUNCH, **same),
    )

    refused = editor_client.post(
        change_url,
        event_form(
            start_date="2017",
            kind=Event.Kind.CONFERENCE,
            _opened_version=str(opened.pk),
            **same,
        ),
    )

    page = soup_of(refused)
    assert [error.get_text() for error in page.select("fieldset .errorlist")] == [
        "Saved meanwhile as: “programme launch”.",
        "Saved meanwhile as: “June 2016”.",
    ]


def test_saving_a_refused_form_again_keeps_what_the_other_editor_changed(
    editor_client,
):
    migration, security = make_topic(name="Migration"), make_topic(name="Security")
    editor_client.post(
        reverse("admin:events_event_add"),
        event_form(city_en="Moscow", topics=[str(migration.pk)]),
    )
    change_url = reverse("admin:events_event_change", args=[Event.objects.get().pk])
    opened_by_b = posted_by(editor_client.get(change_url))
    opened_by_a = posted_by(editor_client.get(change_url))
    editor_client.post(  # A moves the event and adds a topic
        change_url,
        {**opened_by_a, "city_en": "Minsk", "topics": [migration.pk, security.pk]},
    )

    refused = editor_client.post(change_url, {**opened_by_b, "summary_en": "Mine."})
    shown = posted_by(refused)
    again = editor_client.post(change_url, shown)

    assert (refused.status_code, again.status_code) == (200, 302)
    event = Event.objects.get()
    assert (event.city_en, event.summary_en) == ("Minsk", "Mine.")
    assert sorted(event.topics.values_list("name_en", flat=True)) == [
        "Migration",
        "Security",
    ]
    assert (shown["city_en"], shown["summary_en"]) == ("Minsk", "Mine.")
    page = soup_of(refused)
    assert page.select("fieldset .errorlist") == []  # nothing to settle
    message = page.select_one(".errorlist.nonfield").get_text()
    assert "Taken from their save: City [en], Topics." in message


def test_saving_a_refused_form_again_keeps_a_speaker_the_other_editor_changed(
    editor_client,
):
    person = make_person(name="Anna Orlova")
    editor_client.post(
        reverse("admin:events_event_add"),
        event_form(speakers=[{**speaker(person, 1), "position_en": "Lecturer"}]),
    )
    change_url = reverse("admin:events_event_change", args=[Event.objects.get().pk])
    opened_by_b = posted_by(editor_client.get(change_url))
    opened_by_a = posted_by(editor_client.get(change_url))
    editor_client.post(  # A gives the speaker's new position and role
        change_url,
        {
            **opened_by_a,
            "participations-0-position_en": "Professor",
            "participations-0-role": "moderator",
        },
    )

    refused = editor_client.post(  # B, who also changed the role
        change_url,
        {
            **opened_by_b,
            "summary_en": "Mine.",
            "participations-0-role": "expert",
        },
    )
    shown = posted_by(refused)
    again = editor_client.post(change_url, shown)

    assert (refused.status_code, again.status_code) == (200, 302)
    participation = Event.objects.get().participations.get()
    assert (participation.position_en, participation.role) == ("Professor", "expert")
    marks = [
        error.get_text()
        for error in soup_of(refused).select(".inline-related .errorlist")
    ]
    assert marks == ["Saved meanwhile as: “moderator”."]


@two_writers
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_from_forms_opened_at_one_version_refuse_one(
    editor_client, editor
):
    editor_client.post(reverse("admin:events_event_add"), event_form(city_en="Moscow"))
    change_url = reverse("admin:events_event_change", args=[Event.objects.get().pk])
    opened = posted_by(editor_client.get(change_url))
    other_client = Client()
    other_client.force_login(editor)
    other = AnotherConnection(  # B, while A's save is not yet committed
        lambda: other_client.post(change_url, {**opened, "summary_en": "Mine."})
    )

    with transaction.atomic():
        saved = editor_client.post(change_url, {**opened, "city_en": "Minsk"})
        other.start()
        wait_for_a_blocked_writer()
    other.join()

    assert other.error is None
    assert (saved.status_code, other.result.status_code) == (302, 200)
    event = Event.objects.get()
    assert (event.city_en, event.summary_en) == ("Minsk", "")
    shown = posted_by(other.result)  # B's form, A's city merged in
    assert (shown["city_en"], shown["summary_en"]) == ("Minsk", "Mine.")


@pytest.mark.parametrize("opened", ["abc", "-1", "99999999999999999999", ""])
def test_a_made_up_opened_version_is_refused_once_not_an_error(
    renamed, editor_client, opened
):
    change_url = reverse("admin:events_event_change", args=[renamed.pk])
    same = {"title_en": "5th CSTO Academy, renamed"}

    response = editor_client.post(
        change_url,
        event_form(summary_en="Mine.", _opened_version=opened, **same),
    )

    assert response.status_code == 200
    message = soup_of(response).select_one(".errorlist.nonfield").get_text()
    assert message.startswith("editor saved this record (")


@pytest.fixture
def hosted_elsewhere(admin_client):
    """The fields of an event hosted by Russia with only Armenia taking part,
    added through the admin and published once its warning was confirmed."""
    russia, armenia = make_country(name="Russia"), make_country(name="Armenia")
    fields = {
        "start_date": "2016",
        "host_country": str(russia.pk),
        "participating_countries": [str(armenia.pk)],
    }
    admin_client.post(
        reverse("admin:events_event_add"),
        event_form(status="published", checked_warnings="on", **fields),
        follow=True,  # its message shown
    )
    return fields


REFUSED = (
    "“5th CSTO Academy” was not restored as published: The host country, Russia, "
    "is not among the countries taking part. Restore it as a draft, then publish "
    "it from its form, where its warnings can be confirmed."
)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_restoring_a_published_version_is_checked_as_publishing(
    admin_client, hosted_elsewhere
):
    event = Event.objects.get()
    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "unpublish", "_selected_action": [event.pk]},
        follow=True,  # its message shown
    )
    published = Version.objects.get_for_object(event).order_by("pk").first()
    revision = reverse("admin:events_event_revision", args=[event.pk, published.pk])

    refused = admin_client.post(
        revision, event_form(status="published", **hosted_elsewhere), follow=True
    )
    event.refresh_from_db()
    status_then = event.status
    as_draft = admin_client.post(
        revision, event_form(status="draft", **hosted_elsewhere)
    )

    assert messages_of(refused) == [REFUSED]
    assert status_then == Event.Status.DRAFT
    assert as_draft.status_code == 302


def test_recovering_a_deleted_published_event_is_checked_as_publishing(
    admin_client, hosted_elsewhere
):
    event = Event.objects.get()
    admin_client.post(
        reverse("admin:events_event_delete", args=[event.pk]),
        {"post": "yes"},
        follow=True,  # its message shown
    )
    deleted = Version.objects.get_deleted(Event).get()
    recover = reverse("admin:events_event_recover", args=[deleted.pk])

    refused = admin_client.post(
        recover, event_form(status="published", **hosted_elsewhere), follow=True
    )
    recovered_then = Event.objects.exists()
    as_draft = admin_client.post(
        recover, event_form(status="draft", **hosted_elsewhere)
    )

    assert messages_of(refused) == [REFUSED]
    assert not recovered_then
    assert as_draft.status_code == 302
    assert Event.objects.get().status == Event.Status.DRAFT


@pytest.mark.parametrize(
    ("model", "make"), [(Event, make_event), (Person, make_person)]
)
def test_only_who_may_delete_a_record_may_recover_it(
    admin_client, editor_client, editor, model, make
):
    with reversion.create_revision():
        record = make()
    admin_client.post(admin_url(model, "delete", record.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(model).get()
    views = (admin_url(model, "recoverlist"), admin_url(model, "recover", deleted.pk))

    editor_answers = [editor_client.get(url).status_code for url in views]
    editor_post = editor_client.post(views[1]).status_code
    editor_list = editor_client.get(admin_url(model, "changelist")).text
    codename = get_permission_codename("delete", model._meta)
    editor.user_permissions.add(Permission.objects.get(codename=codename))
    deleter_answers = [editor_client.get(url).status_code for url in views]
    deleter_list = editor_client.get(admin_url(model, "changelist")).text

    assert (editor_answers, editor_post) == ([403, 403], 403)
    assert not model.objects.filter(pk=record.pk).exists()
    assert views[0] not in editor_list
    assert deleter_answers == [200, 200]
    assert views[0] in deleter_list


def test_a_version_of_another_kind_of_record_is_not_restored_as_an_event(
    admin_client,
):
    event = make_event(slug="5th-csto-academy")
    with reversion.create_revision():
        person = make_person(pk=event.pk, name="Anna Orlova")
    older = Version.objects.get_for_object(person).get()
    Person.objects.filter(pk=person.pk).update(name="Anna Orlova-Petrova")

    response = admin_client.post(
        admin_url(Event, "revision", event.pk, older.pk),
        event_form(kind=event.kind, start_date="25 June 2015", status="published"),
    )

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.name == "Anna Orlova-Petrova"


@pytest.mark.django_db(transaction=True)
def test_a_version_is_restored_in_a_transaction_of_its_own(admin_client):
    """As a server runs it, outside a test's transaction: reading the record
    before the restore once locked it outside any (a 500 on PostgreSQL)."""
    with reversion.create_revision():
        event = make_event(title="Before", slug="restored")
    event.title = "After"
    event.save()
    version = Version.objects.get_for_object(event).get()
    url = reverse("admin:events_event_revision", args=[event.pk, version.pk])

    response = admin_client.post(url, posted_by(admin_client.get(url)))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Before"
