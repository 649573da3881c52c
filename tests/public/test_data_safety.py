"""Nothing an archive record depends on can be deleted by accident."""

import pytest
from django.apps import apps
from django.contrib.admin.models import DELETION, LogEntry
from django.db import models
from django.db.models import ProtectedError

from events.models import Event, Participation
from people.models import Country, Person, PersonName
from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_source,
)


def archive_foreign_keys():
    return {
        (field.model._meta.label, field.name): field.remote_field.on_delete
        for app in ("people", "events")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
    }


def test_only_a_records_own_parts_are_deleted_with_it():
    cascading = {
        key
        for key, on_delete in archive_foreign_keys().items()
        if on_delete is not models.PROTECT
    }

    # A person's alternative names, an event's speaker list and materials,
    # and what visitors suggested about any record belong to them.
    corrections = {
        ("events.Correction", kind)
        for kind in ("event", "series", "topic", "person", "country", "organization")
    }
    assert cascading == corrections | {
        ("people.PersonName", "person"),
        ("events.Participation", "event"),
        ("events.EventPhoto", "event"),
        ("events.EventDocument", "event"),
        ("events.EventLink", "event"),
    }


def referenced(kind):
    """A record of `kind` and the one that refers to it."""
    if kind == "country of organization":
        country = make_country()
        return country, make_organization(country=country)
    if kind == "parent organization":
        parent = make_organization()
        return parent, make_organization(parent=parent)
    if kind == "organization of person":
        organization = make_organization()
        return organization, make_person(organization=organization)
    if kind == "country of person":
        country = make_country()
        return country, make_person(country=country)
    if kind == "host country":
        country = make_country()
        return country, make_event(host_country=country)
    if kind == "series":
        series = make_series()
        return series, make_event(series=series)
    if kind == "source":
        source = make_source()
        return source, make_event(source=source)
    person = make_person()
    return person, make_participation(make_event(), person)


@pytest.mark.parametrize(
    "kind",
    (
        "country of organization",
        "parent organization",
        "organization of person",
        "country of person",
        "host country",
        "series",
        "source",
        "speaker",
    ),
)
def test_deleting_a_referenced_record_is_refused(db, kind):
    target, referrer = referenced(kind)

    with pytest.raises(ProtectedError):
        target.delete()

    assert (
        type(target).objects.filter(pk=target.pk).exists(),
        type(referrer).objects.filter(pk=referrer.pk).exists(),
    ) == (True, True)


def test_deleting_a_country_in_events_many_to_many_keeps_the_events(db):
    country = make_country()
    event = make_event(participating_countries=[country], mentioned_countries=[country])

    country.delete()

    assert Event.objects.filter(pk=event.pk).exists()


def test_admin_delete_of_a_country_with_events_lists_them_and_refuses(admin_client):
    country = make_country(name="Ruritania")
    event = make_event(title="Ruritanian Session", host_country=country)
    url = f"/admin/people/country/{country.pk}/delete/"

    page = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert page.context["protected"] == [
        f'Event: <a href="/admin/events/event/{event.pk}/change/">'
        "Ruritanian Session</a>"
    ]
    assert "Ruritanian Session" in page.content.decode()
    assert "would require deleting the following protected" in page.content.decode()
    assert response.status_code == 200
    assert Country.objects.filter(pk=country.pk).exists()


def test_admin_delete_of_an_event_lists_its_speakers_first(admin_client):
    event = make_event(title="Closing Session")
    make_participation(event, make_person(name="Anna Orlova"))

    page = admin_client.get(f"/admin/events/event/{event.pk}/delete/")

    assert page.status_code == 200
    assert "Anna Orlova" in page.content.decode()
    assert Participation.objects.filter(event=event).count() == 1


def test_admin_delete_of_an_unreferenced_country_is_in_its_history(
    admin_client, admin_user
):
    country = make_country(name="Atlantis")

    response = admin_client.post(
        f"/admin/people/country/{country.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert list(LogEntry.objects.values_list("user", "object_repr", "action_flag")) == [
        (admin_user.pk, "Atlantis", DELETION)
    ]


def test_person_alternative_names_go_with_the_person(db):
    person = make_person()
    PersonName.objects.create(person=person, name="Another Name")

    person.delete()

    assert (Person.objects.count(), PersonName.objects.count()) == (0, 0)
