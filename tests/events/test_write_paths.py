"""Every write path keeps the tallies and search documents (academy/writes.py):
after each, they equal what building them again from the records gives, so a
path that misses the write service fails here."""

import datetime
from io import StringIO

import pytest
import tablib
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import reverse
from reversion.models import Version

from academy import search
from events import tallies
from events.imports import EventResource
from events.models import Event, Participation
from people.imports import PersonResource
from people.models import Country, Person, PersonName
from tests.factories import (
    make_country,
    make_event,
    make_participation,
    make_person,
    make_person_name,
    make_topic,
)
from tests.helpers import event_form, kept_tallies, posted_by

pytestmark = pytest.mark.django_db


def assert_derived_data_is_whole():
    """The tallies are those a recount gives, and each person's search
    documents those their names and other spellings make now."""
    as_kept = kept_tallies()
    tallies.recount()
    assert as_kept == kept_tallies()
    for person in Person.objects.prefetch_related("alternative_names"):
        stored = {field: getattr(person, field) for field in search.documents(person)}
        assert stored == search.documents(person), person


def speaker_row(person, order=1):
    return {"person": str(person.pk), "role": "speaker", "order": str(order)}


@pytest.fixture
def topic_event():
    """A published event on a topic, with one speaker."""
    event = make_event(topics=[make_topic()], participating_countries=[])
    make_participation(event, make_person())
    return event


def test_an_event_added_with_speakers_in_the_admin_is_counted(admin_client):
    topic, person = make_topic(), make_person()

    response = admin_client.post(
        reverse("admin:events_event_add"),
        event_form(
            speakers=[speaker_row(person)],
            status=Event.Status.PUBLISHED,
            start_date="2015-06-25",
            topics=[topic.pk],
        ),
    )

    assert response.status_code == 302
    assert kept_tallies()[("speaker", person.pk, 0)] == 1
    assert kept_tallies()[(tallies.TOPIC_SPEAKERS, topic.pk, 0)] == 1
    assert_derived_data_is_whole()


def test_a_speaker_removed_in_the_event_form_is_counted(admin_client, topic_event):
    url = reverse("admin:events_event_change", args=[topic_event.pk])
    data = posted_by(admin_client.get(url))
    data["participations-0-DELETE"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Participation.objects.count() == 0
    topic = topic_event.topics.get()
    assert (tallies.TOPIC_SPEAKERS, topic.pk, 0) not in kept_tallies()
    assert_derived_data_is_whole()


@pytest.mark.parametrize("way", ["form", "action"])
def test_an_event_deleted_in_the_admin_takes_its_counts_away(
    admin_client, topic_event, way
):
    if way == "form":
        url = reverse("admin:events_event_delete", args=[topic_event.pk])
        response = admin_client.post(url, {"post": "yes"})
    else:
        response = admin_client.post(
            reverse("admin:events_event_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [topic_event.pk],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert Event.objects.count() == 0
    assert kept_tallies() == {}
    assert_derived_data_is_whole()


def test_publishing_from_the_list_is_counted(admin_client):
    event = make_event(status=Event.Status.DRAFT, topics=[make_topic()])
    assert kept_tallies() == {}

    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    assert kept_tallies()[("events", 0, 0)] == 1
    assert_derived_data_is_whole()


def test_a_country_deleted_in_the_admin_takes_its_counts_away(admin_client):
    host, guest = make_country(), make_country()
    make_event(host_country=host, participating_countries=[host, guest])

    response = admin_client.post(
        reverse("admin:people_country_delete", args=[guest.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Country.objects.filter(pk=guest.pk).exists()
    assert (f"together:{host.pk}", guest.pk, 0) not in kept_tallies()
    assert (f"together:{guest.pk}", host.pk, 0) not in kept_tallies()
    assert_derived_data_is_whole()


def test_another_spelling_added_in_the_person_form_finds_them(admin_client):
    person = make_person(name="Valery Semerikov")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = posted_by(admin_client.get(url))
    data["alternative_names-0-name"] = "Zebrikov"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert PersonName.objects.get().name == "Zebrikov"
    assert "zebrikov" in Person.objects.get().search_names
    assert_derived_data_is_whole()


def test_merging_two_people_in_the_admin_moves_counts_and_names(
    admin_client, topic_event
):
    other = topic_event.speakers.get()
    make_person_name(other, "Zebrikov")
    keep = make_person()
    make_participation(make_event(), keep)

    admin_client.post(
        reverse("admin:people_person_changelist"),
        {
            "action": "merge",
            "_selected_action": [keep.pk, other.pk],
            "post": "yes",
            "keep": str(keep.pk),
        },
    )

    assert list(Person.objects.all()) == [keep]
    assert kept_tallies()[("speaker", keep.pk, 0)] == 2
    assert ("speaker", other.pk, 0) not in kept_tallies()
    assert "zebrikov" in Person.objects.get().search_names
    assert_derived_data_is_whole()


def test_an_imported_event_file_is_counted():
    topic, person = make_topic(slug="security"), make_person(name="Anna Orlova")
    make_event(slug="kept", topics=[topic])
    rows = tablib.Dataset(
        ["kept", "Kept", "draft", "2015", "", ""],
        ["added", "Added", "published", "2016", "security", "Anna Orlova"],
        headers=["slug", "title_en", "status", "date", "topics", "speakers"],
    )

    result = EventResource().import_data(rows)

    assert not result.has_errors() and not result.has_validation_errors()
    assert kept_tallies()[("topic", topic.pk, 0)] == 1
    assert kept_tallies()[("speaker", person.pk, 0)] == 1
    assert_derived_data_is_whole()


def test_an_imported_person_file_makes_other_spellings_searchable():
    rows = tablib.Dataset(
        ["", "Anna Orlova", "Ana Orlova; Zebrikova"],
        headers=["slug", "name_en", "other_names"],
    )

    result = PersonResource().import_data(rows)

    assert not result.has_errors() and not result.has_validation_errors()
    assert "zebrikova" in Person.objects.get().search_names
    assert_derived_data_is_whole()


def test_a_version_restored_in_the_admin_is_counted(admin_client):
    old_topic, new_topic, person = make_topic(), make_topic(), make_person()
    add = reverse("admin:events_event_add")
    admin_client.post(
        add,
        event_form(status="published", start_date="2015", topics=[old_topic.pk]),
    )
    event = Event.objects.get()
    change = reverse("admin:events_event_change", args=[event.pk])
    data = posted_by(admin_client.get(change))
    data.update(
        {"topics": [str(new_topic.pk)], "start_date": "2016"},
        **{f"participations-0-{k}": v for k, v in speaker_row(person).items()},
    )
    assert admin_client.post(change, data).status_code == 302
    assert kept_tallies()[("speaker", person.pk, 0)] == 1
    first = Version.objects.get_for_object(event).order_by("pk").first()
    revision = reverse("admin:events_event_revision", args=[event.pk, first.pk])

    response = admin_client.post(revision, posted_by(admin_client.get(revision)))

    assert response.status_code == 302
    assert list(event.topics.all()) == [old_topic]
    assert ("speaker", person.pk, 0) not in kept_tallies()
    assert kept_tallies()[("topic-year", old_topic.pk, 2015)] == 1
    assert_derived_data_is_whole()


def test_a_deleted_event_recovered_in_the_admin_is_counted(admin_client):
    topic = make_topic()
    admin_client.post(
        reverse("admin:events_event_add"),
        event_form(status="published", start_date="2015", topics=[topic.pk]),
    )
    event = Event.objects.get()
    admin_client.post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
    )
    assert kept_tallies() == {}
    version = Version.objects.get_deleted(Event).get()
    recover = reverse("admin:events_event_recover", args=[version.pk])

    response = admin_client.post(recover, posted_by(admin_client.get(recover)))

    assert response.status_code == 302
    assert kept_tallies()[("topic", topic.pk, 0)] == 1
    assert_derived_data_is_whole()


def test_seed_archive_counts_and_indexes_what_it_loads():
    call_command("seed_archive", verbosity=0, stdout=StringIO())

    assert kept_tallies()[("events", 0, 0)] == Event.objects.published().count()
    assert PersonName.objects.exists()
    assert_derived_data_is_whole()


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_brings_its_counts_back(tmp_path, media_root):
    event = make_event(start_date=datetime.date(2015, 1, 1), topics=[make_topic()])
    make_person_name(make_person(), "Zebrikov")
    counted = kept_tallies()
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    tallies.recount()

    call_command(
        "restore_archive", str(tmp_path / "backup"), "--no-input", stdout=StringIO()
    )

    assert kept_tallies() == counted
    assert_derived_data_is_whole()


# The receivers left on the models that tallies and search documents read:
# the page cache's (academy.cache_tags), the documents' own text filled on
# every save, loaddata's raw ones too (academy.search), and the history's
# (django-reversion adds a record saved to the revision under way).
DOCUMENTED_RECEIVERS = {
    "academy.cache_invalidation",
    "academy.cache_tags",
    "academy.search",
    "reversion.revisions",
}


def receiver_modules(signal, sender):
    return {
        receiver.__module__
        for receivers in signal._live_receivers(sender)
        for receiver in receivers
    }


def test_no_signal_keeps_tallies_or_other_spellings():
    speakers = Event._meta.get_field("speakers").remote_field.through
    senders = [Event, Participation, PersonName, Country, speakers]
    senders += [
        Event._meta.get_field(field).remote_field.through for field in tallies.LINKED
    ]

    modules = {
        module
        for sender in senders
        for signal in (pre_save, post_save, post_delete, m2m_changed)
        for module in receiver_modules(signal, sender)
    }

    assert modules <= DOCUMENTED_RECEIVERS
