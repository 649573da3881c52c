import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.utils import translation

from academy.writes import rebuild_derived_data
from events.models import Series, Topic
from people.models import Country, Organization, Person
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


@pytest.fixture(autouse=True)
def _english():
    """Each test runs in English and leaves no language active behind it: a request
    leaves its language active in the thread (LocaleMiddleware never deactivates
    it), and records made in Russian would fill only their Russian fields."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back database sends no
    signal, so pages cached by an earlier test would otherwise be served."""
    cache.clear()


@pytest.fixture
def archive_2015(db):
    """The 4th CSTO Academy data set, loaded from the project's fixture."""
    call_command("loaddata", "csto_academy_2015", verbosity=0)
    rebuild_derived_data()  # loaddata keeps none of it


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the Editors group, as the data migration defines it."""
    # A live-server test flushes the database, data migrations' rows included,
    # so the group is made again here by the migration's own code.
    migration = importlib.import_module("events.migrations.0002_editors_group")
    migration.create_editors_group(django_apps, schema_editor=None)
    materials = importlib.import_module(
        "events.migrations.0015_editors_enter_materials"
    )
    materials.let_editors_enter_materials(django_apps, schema_editor=None)
    corrections = importlib.import_module(
        "events.migrations.0019_editors_review_corrections"
    )
    corrections.let_editors_review_corrections(django_apps, schema_editor=None)
    user = django_user_model.objects.create_user(
        "editor", password="editor-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=migration.EDITORS))
    return user


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a temporary directory, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft(archive_2015):
    """A draft on the 2015 data, linked to records every output shows: were it
    published, it would count for Russia (host), Armenia and Serbia (taking part),
    the CSTO, migration, the CSTO Academy series and Valery Semerikov."""
    event = make_draft(
        slug="secret-draft",
        title="Secret draft",
        host_country=Country.objects.get(slug="russia"),
        series=Series.objects.get(slug="csto-academy"),
        participating_countries=[
            Country.objects.get(slug="armenia"),
            Country.objects.get(slug="serbia"),
        ],
        organizers=[Organization.objects.get(slug="csto")],
        topics=[Topic.objects.get(slug="migration")],
    )
    make_participation(event, Person.objects.get(slug="valery-semerikov"))
    return event


@pytest.fixture
def one_of_each(db):
    """A published event linked to one record of every kind with a public page."""
    country = make_country(slug="harden-country")
    organization = make_organization(slug="harden-organization", country=country)
    person = make_person(slug="harden-person", country=country)
    topic = make_topic(slug="harden-topic")
    event = make_event(
        slug="harden-event",
        series=make_series(slug="harden-series"),
        host_country=country,
        organizers=[organization],
        participating_countries=[country],
        topics=[topic],
    )
    make_participation(event, person)
    return event


@pytest.fixture
def connection_kept_open():
    """As Django's test client does: a request to the WSGI application must
    not close the test's connection, which holds the test's transaction
    (PostgreSQL would lose it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="session", autouse=True)
def _test_database_dropped_whoever_is_still_connected(
    django_db_setup, django_db_blocker
):
    """Before pytest-django drops a PostgreSQL test database (its teardown
    comes after this one's), end the sessions that servers and threads the
    suite started may still hold: a session still ending made the drop fail
    ("is being accessed by other users"), an error after every test passed."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
