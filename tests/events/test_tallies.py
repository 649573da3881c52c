"""Counts of published events are kept up to date by every kind of write, and
always equal what counting the links again gives. The writes here go through
the write service (academy/writes.py) as the archive's write paths do; each
path itself is tested in test_write_paths.py."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academy.backups import export_archive, import_archive
from academy.writes import keeping_derived_data_for
from events import tallies
from events.models import Event, Participation
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_topic,
)
from tests.helpers import (
    AnotherConnection,
    event_form,
    kept_tallies,
    two_writers,
    wait_for_a_blocked_writer,
)

pytestmark = pytest.mark.django_db


def recounted():
    """Every tally as counted again from the links (then kept)."""
    tallies.recount()
    return kept_tallies()


def written(*records):
    """One write of `records`, keeping their tallies."""
    return keeping_derived_data_for(records)


@pytest.fixture
def linked():
    """A published event with a record in every counted role."""
    host, guest, named = make_country(), make_country(), make_country()
    topic, organizer, discussed = make_topic(), make_organization(), make_organization()
    series = make_series()
    event = make_event(
        start_date=datetime.date(2015, 6, 25),
        kind=Event.Kind.SCHOOL,
        host_country=host,
        series=series,
        participating_countries=[host, guest],
        mentioned_countries=[named],
        topics=[topic],
        organizers=[organizer],
        mentioned_organizations=[discussed],
    )
    make_participation(event, make_person())
    return event


def numbered(field, choice):
    return [value for value, _label in Event._meta.get_field(field).choices].index(
        choice
    )


def test_a_published_event_counts_once_in_each_of_its_roles(linked):
    event = linked
    host, topic = event.host_country_id, event.topics.get().pk
    (guest,) = {c.pk for c in event.participating_countries.all()} - {host}

    assert kept_tallies() == {
        ("events", 0, 0): 1,
        ("year", 2015, 0): 1,
        ("kind", numbered("kind", Event.Kind.SCHOOL), 0): 1,
        ("outcome", numbered("outcome", Event.Outcome.HELD), 0): 1,
        ("series", event.series_id, 0): 1,
        ("hosted", host, 0): 1,
        ("country", host, 0): 1,
        ("country", guest, 0): 1,
        ("took-part", host, 0): 1,
        ("took-part", guest, 0): 1,
        ("discussed-country", event.mentioned_countries.get().pk, 0): 1,
        ("topic", topic, 0): 1,
        ("topic-year", topic, 2015): 1,
        ("organizer", event.organizers.get().pk, 0): 1,
        ("discussed-organization", event.mentioned_organizations.get().pk, 0): 1,
        ("speaker", event.speakers.get().pk, 0): 1,
        ("topic-speakers", topic, 0): 1,
        ("month", 6, 2015): 1,
        (f"together:{host}", guest, 0): 1,
        (f"together:{guest}", host, 0): 1,
        (f"series-country:{event.series_id}", host, 0): 1,
        (f"series-country:{event.series_id}", guest, 0): 1,
    }
    assert recounted() == kept_tallies()


def test_an_event_known_to_its_year_counts_in_no_month(linked):
    event = Event.objects.get(pk=linked.pk)
    event.date_precision = "year"
    with written(event):
        event.save()

    months = {key: n for key, n in kept_tallies().items() if key[0] == "month"}
    assert months == {("month", 0, 2015): 1}
    assert recounted() == kept_tallies()


def test_a_save_that_changes_nothing_counted_writes_no_tally(linked):
    everything = kept_tallies()
    event = Event.objects.get(pk=linked.pk)
    event.body = "Another body"

    with CaptureQueriesContext(connection) as queries, written(event):
        event.save()

    tally_sql = [q["sql"] for q in queries if "events_tally" in q["sql"]]
    assert tally_sql == []
    assert kept_tallies() == everything


def test_a_draft_counts_towards_nothing(linked):
    make_draft(topics=[linked.topics.get()], host_country=linked.host_country)

    assert kept_tallies()[("topic", linked.topics.get().pk, 0)] == 1
    assert kept_tallies()[("events", 0, 0)] == 1


def test_withdrawing_and_publishing_again_moves_every_count(linked):
    everything = kept_tallies()

    linked.status = Event.Status.DRAFT
    with written(linked):
        linked.save()
    assert kept_tallies() == {}

    linked.status = Event.Status.PUBLISHED
    with written(linked):
        linked.save()
    assert kept_tallies() == everything


def test_moving_an_event_moves_its_year_host_and_series(linked):
    old_host, old_series = linked.host_country_id, linked.series_id
    new_host, new_series = make_country(), make_series()

    linked.start_date = datetime.date(2016, 1, 1)
    linked.host_country, linked.series = new_host, new_series
    with written(linked):
        linked.save()

    counts = kept_tallies()
    assert ("year", 2015, 0) not in counts
    assert counts[("year", 2016, 0)] == 1
    assert ("hosted", old_host, 0) not in counts
    assert counts[("hosted", new_host.pk, 0)] == 1
    # The old host still took part, so it still counts as a country.
    assert counts[("country", old_host, 0)] == 1
    assert ("series", old_series, 0) not in counts
    assert counts[("series", new_series.pk, 0)] == 1
    topic = linked.topics.get().pk
    assert ("topic-year", topic, 2015) not in counts
    assert counts[("topic-year", topic, 2016)] == 1
    assert recounted() == counts


def test_an_event_announced_and_then_held_moves_its_years_announced_count(linked):
    linked.outcome = Event.Outcome.ANNOUNCED
    with written(linked):
        linked.save()
    announced = kept_tallies()

    linked.outcome = Event.Outcome.HELD
    with written(linked):
        linked.save()

    assert announced[("announced-year", 2015, 0)] == 1
    assert announced[("year", 2015, 0)] == 1
    assert ("announced-year", 2015, 0) not in kept_tallies()
    assert recounted() == kept_tallies()


def test_links_changed_from_either_side_are_counted(linked):
    topic, other = linked.topics.get(), make_topic()
    second = make_event(topics=[topic])

    with written(linked):
        linked.topics.add(other)
    assert kept_tallies()[("topic", other.pk, 0)] == 1
    assert kept_tallies()[("topic", topic.pk, 0)] == 2

    with written(second):
        topic.events.remove(second)
    assert kept_tallies()[("topic", topic.pk, 0)] == 1

    with written(second):
        other.events.add(second)
    assert kept_tallies()[("topic", other.pk, 0)] == 2

    with written(*other.events.all()):
        other.events.clear()
    assert ("topic", other.pk, 0) not in kept_tallies()

    with written(linked):
        linked.topics.clear()
    assert ("topic", topic.pk, 0) not in kept_tallies()
    assert recounted() == kept_tallies()


def test_a_guest_that_also_hosts_counts_once_as_a_country(linked):
    host = linked.host_country

    with written(linked):
        linked.participating_countries.remove(host)
    assert kept_tallies()[("country", host.pk, 0)] == 1
    assert ("took-part", host.pk, 0) not in kept_tallies()

    linked.host_country = None
    with written(linked):
        linked.save()
    assert ("country", host.pk, 0) not in kept_tallies()
    assert recounted() == kept_tallies()


def test_deleting_an_event_takes_away_its_counts(linked):
    topic = linked.topics.get()
    make_event(topics=[topic])

    with written(linked):
        linked.delete()

    assert kept_tallies()[("events", 0, 0)] == 1
    assert kept_tallies()[("topic", topic.pk, 0)] == 1
    assert recounted() == kept_tallies()


def test_speakers_added_moved_and_removed_are_counted(linked):
    speaker = linked.speakers.get()
    other_event, newcomer = make_event(), make_person()

    participation = make_participation(linked, newcomer)
    assert kept_tallies()[("speaker", newcomer.pk, 0)] == 1
    assert kept_tallies()[("topic-speakers", linked.topics.get().pk, 0)] == 2
    participation.event = other_event
    with written(participation):  # named as it will be: the event it leaves too
        participation.save()
    assert kept_tallies()[("speaker", newcomer.pk, 0)] == 1
    assert kept_tallies()[("topic-speakers", linked.topics.get().pk, 0)] == 1
    assert kept_tallies() == recounted()
    leaving = linked.participations.get(person=speaker)
    with written(leaving):
        leaving.delete()
    assert ("speaker", speaker.pk, 0) not in kept_tallies()
    moderator = {"role": Participation.Role.MODERATOR}
    with written(other_event):
        other_event.speakers.add(speaker, through_defaults=moderator)
    assert kept_tallies()[("speaker", speaker.pk, 0)] == 1
    with written(other_event):
        other_event.speakers.remove(speaker)

    assert ("speaker", speaker.pk, 0) not in kept_tallies()
    assert kept_tallies() == recounted()


def test_deleting_an_event_takes_each_of_its_speakers_away_once(linked):
    speaker = linked.speakers.get()
    make_participation(make_event(), speaker)
    assert kept_tallies()[("speaker", speaker.pk, 0)] == 2

    with written(linked):
        linked.delete()

    assert kept_tallies()[("speaker", speaker.pk, 0)] == 1
    assert kept_tallies() == recounted()


def test_merging_people_moves_their_counts(linked):
    from people.merge import merge_people

    keep, other = make_person(), linked.speakers.get()
    make_participation(make_event(), keep)

    merge_people(keep, other)

    assert kept_tallies()[("speaker", keep.pk, 0)] == 2
    assert kept_tallies() == recounted()


def test_deleting_a_record_deletes_its_counts(linked):
    topic = linked.topics.get()

    with written(topic):
        topic.delete()

    assert [key for key in kept_tallies() if key[0].startswith("topic")] == []
    assert recounted() == kept_tallies()


def test_deleting_a_country_deletes_its_counts_among_others(linked):
    guest = linked.participating_countries.exclude(pk=linked.host_country_id).get()

    with written(guest):
        guest.delete()

    left = kept_tallies()
    assert left == recounted()


def test_an_admin_save_with_links_is_counted(admin_client):
    topic, country = make_topic(), make_country()

    response = admin_client.post(
        reverse("admin:events_event_add"),
        event_form(
            status=Event.Status.PUBLISHED,
            start_date="2015-06-25",
            topics=[topic.pk],
            host_country=country.pk,
            participating_countries=[country.pk],
        ),
    )

    assert response.status_code == 302
    assert kept_tallies() == recounted()
    assert kept_tallies()[("topic", topic.pk, 0)] == 1
    assert kept_tallies()[("country", country.pk, 0)] == 1


# PostgreSQL refuses to flush tables inside the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_the_fixture_and_an_import_are_counted(archive_2015, tmp_path):
    from_fixture = kept_tallies()
    assert from_fixture == recounted()
    assert from_fixture[("events", 0, 0)] == Event.objects.published().count()
    path = tmp_path / "archive.zip"
    export_archive(path)
    call_command("flush", "--no-input")

    import_archive(path)

    assert kept_tallies() == from_fixture


def test_generate_archive_counts_what_it_made(archive_2015):
    call_command("generate_archive", "--events=60", "--seed=3", stdout=None)

    counts = kept_tallies()
    assert counts[("events", 0, 0)] == Event.objects.published().count()
    assert counts == recounted()


def test_recount_events_repairs_the_counts_after_a_bulk_write(linked):
    Event.objects.filter(pk=linked.pk).update(status=Event.Status.DRAFT)
    assert kept_tallies()[("events", 0, 0)] == 1  # update() keeps nothing

    call_command("recount_events", stdout=StringIO())

    assert kept_tallies() == {}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/topics/",
        "/countries/",
        "/series/",
        "/statistics/",
        "/statistics.json",
        # A country's, topic's or organization's page also counts the facets
        # of its events, as the list filtered by it does
        # (list_facets.record_event_facets): no tally holds those.
        "/series/csto-academy/",
        "/api/topics/",
        "/api/countries/",
    ],
)
def test_pages_with_counts_group_nothing_on_a_view(client, archive_2015, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code == 200
    assert [q["sql"] for q in queries if "GROUP BY" in q["sql"]] == []


def test_an_event_with_forty_countries_is_published_and_withdrawn():
    countries = [make_country() for _ in range(40)]
    event = make_draft(participating_countries=countries)

    event.status = Event.Status.PUBLISHED
    with written(event):
        event.save()
    published = kept_tallies()
    assert recounted() == published
    event.status = Event.Status.DRAFT
    with written(event):
        event.save()

    first = countries[0].pk
    together = {r for (m, r, _y) in published if m == f"together:{first}"}
    assert together == {country.pk for country in countries[1:]}
    assert kept_tallies() == {}


@two_writers
@pytest.mark.django_db(transaction=True)
def test_two_saves_adding_speakers_on_one_topic_at_once_count_both():
    topic = make_topic()
    first, second = make_event(topics=[topic]), make_event(topics=[topic])
    make_participation(first, make_person())
    newcomers = make_person(), make_person()

    def add_second_speaker():
        with transaction.atomic():
            make_participation(second, newcomers[1])

    other = AnotherConnection(add_second_speaker)
    with transaction.atomic():
        make_participation(first, newcomers[0])
        other.start()
        wait_for_a_blocked_writer()
    other.join()

    assert other.error is None
    assert kept_tallies()[tallies.TOPIC_SPEAKERS, topic.pk, 0] == 3


def unpublish(client, event, way):
    """Staff send `event` back to draft through the list's action or its form."""
    if way == "action":
        return client.post(
            reverse("admin:events_event_changelist"),
            {"action": "unpublish", "_selected_action": [event.pk]},
        )
    return client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(slug=event.slug, kind=event.kind, start_date="1997", status="draft"),
    )


@two_writers
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "first, second", [("action", "action"), ("form", "action"), ("action", "form")]
)
def test_an_event_unpublished_twice_at_once_is_taken_away_once(
    admin_user, first, second
):
    event = make_event(start_date=datetime.date(1997, 1, 1), date_precision="year")
    staff = Client(), Client()
    for client in staff:
        client.force_login(admin_user)
    other = AnotherConnection(lambda: unpublish(staff[1], event, second))

    with transaction.atomic():
        assert unpublish(staff[0], event, first).status_code == 302
        other.start()
        wait_for_a_blocked_writer()
    other.join()
    staff[0].post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    assert other.error is None
    assert Event.objects.get().status == Event.Status.PUBLISHED
    assert kept_tallies().get(("year", 1997, 0)) == 1
    assert kept_tallies() == recounted()
