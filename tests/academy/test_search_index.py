"""The search index per database: the queries read it, and it stays in step."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from academy import search
from events.models import Event
from events.search import search_events, search_people
from people.migrations._frozen_search_index import AddSearchIndex
from people.models import Person
from tests.factories import make_event, make_participation, make_person

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)
sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5")


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        # A test's tables are tiny: make any scan but the bitmap one cost more.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0].strip() for row in cursor.fetchall()]


@postgresql
def test_search_uses_the_full_text_expression_on_postgresql():
    sql = str(search_events(Event.objects.all(), "semer").query)

    assert '"events_event"."id" = ANY(ARRAY(' in sql
    assert (
        'to_tsvector(simple::regconfig, COALESCE(U0."search_document", )) '
        "@@ (to_tsquery(simple::regconfig, semer:*))"
    ) in sql
    assert (
        'to_tsvector(simple::regconfig, COALESCE(U0."search_names", )) '
        "@@ (to_tsquery(simple::regconfig, semer:*))"
    ) in sql


@postgresql
def test_words_keys_are_intersected_before_rows_are_read_on_postgresql():
    # Two common names each matched 16,000 events at 100,000: one ANY per word
    # compared every key of one array with every key of the other (6 s).
    sql = str(search_events(Event.objects.all(), "semer valery").query)

    assert sql.count("= ANY(ARRAY(") == 1
    assert ") INTERSECT (" in sql


@postgresql
def test_search_reads_the_gin_indexes_on_postgresql():
    steps = plan(search_events(Event.objects.all(), "semer"))

    indexes = {step.split()[5] for step in steps if "Bitmap Index Scan" in step}
    assert {name for name in indexes if "_search_" in name} == {
        "events_event_search_document_idx",
        "people_person_search_names_idx",
        "events_topic_search_names_idx",
        "people_country_search_document_idx",
        "people_organization_search_names_idx",
    }
    # The tsvector is only ever an index condition, never computed row by row.
    assert [step for step in steps if step.startswith("Filter: (to_tsvector")] == []


@sqlite
def test_search_uses_the_trigram_tables_on_sqlite():
    long_word = str(search_events(Event.objects.all(), "semer").query)
    short_word = str(search_people(Person.objects.all(), "se").query)

    assert (
        'FROM "events_event_search_document_fts" '
        'WHERE "events_event_search_document_fts" MATCH "semer"'
    ) in long_word
    assert (
        'FROM "people_person_search_names_fts" '
        'WHERE "people_person_search_names_fts" MATCH "semer"'
    ) in long_word
    assert "_fts" not in short_word
    assert 'U0."search_document" LIKE %se%' in short_word


@sqlite
def test_search_reads_the_trigram_tables_on_sqlite():
    steps = plan(search_events(Event.objects.all(), "semer"))

    # The event's own text, then the names of its linked records in the order
    # events/relations.py declares them: countries (taking part, host,
    # discussed), topics, organizations (organizer, discussed), speakers.
    assert [step for step in steps if "VIRTUAL TABLE" in step] == [
        "SCAN events_event_search_document_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_country_search_document_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_country_search_document_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_country_search_document_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN events_topic_search_names_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_organization_search_names_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_organization_search_names_fts VIRTUAL TABLE INDEX 0:M1",
        "SCAN people_person_search_names_fts VIRTUAL TABLE INDEX 0:M1",
    ]
    # Events and people are looked up by key, never read through; the other
    # scans read the keys the nested UNIONs collect.
    assert [
        step
        for step in steps
        if step.startswith("SCAN") and "_fts" not in step and "(subquery-" not in step
    ] == []


@sqlite
def test_trigram_table_follows_bulk_writes_and_deletes():
    person = make_person(name="Someone")
    Person.objects.filter(pk=person.pk).update(search_document="zanzibar")
    people = Person.objects.all()

    assert list(search_people(people, "zanzib")) == [person]
    person.delete()
    assert list(search_people(people, "zanzib")) == []


def test_rebuild_search_fills_records_written_without_save():
    (person,) = Person.objects.bulk_create(
        [Person(name="Valery Semerikov", name_ru="Валерий Семериков", slug="valery")]
    )
    (event,) = Event.objects.bulk_create(
        [Event(title="Round table", slug="round-table", start_date=date(2015, 6, 25))]
    )
    make_participation(event, person)
    assert list(search_events(Event.objects.all(), "семериков")) == []

    call_command("rebuild_search", verbosity=0)

    assert list(search_people(Person.objects.all(), "семериков")) == [person]
    assert list(search_events(Event.objects.all(), "семериков")) == [event]
    assert list(search_events(Event.objects.all(), "round")) == [event]


def test_fixture_load_fills_documents(archive_2015):
    # Each word, then its stem where it differs.
    assert Person.objects.get(slug="valery-semerikov").search_document == (
        "valery valeri semerikov валерии валер семериков семерик deputy deputi "
        "secretary secretari general of the collective collect security secur "
        "treaty treati organization organiz заместитель заместител генерального "
        "генеральн секретаря секретар организации организац договора договор о "
        "коллективнои коллективн безопасности безопасн"
    )


def test_search_document_holds_both_languages():
    event = make_event(title="Round table", title_ru="Круглый стол", city="Moscow")

    assert event.search_document == "round table tabl круглыи кругл стол moscow"


@pytest.fixture
def rebuilt_event_table():
    """The event table rebuilt by SQLite, as a migration that alters a field
    does: the new table has none of the old one's triggers. Put back after."""
    field = Event._meta.get_field("venue")
    wider = field.clone()
    wider.set_attributes_from_name("venue")
    wider.max_length = field.max_length + 1
    with connection.schema_editor() as editor:
        editor.alter_field(Event, field, wider)
    yield
    with connection.schema_editor() as editor:
        editor.alter_field(Event, wider, field)
    call_command("migrate", verbosity=0)


@sqlite
@pytest.mark.django_db(transaction=True)
def test_migrate_repairs_the_index_after_a_table_rebuild(rebuilt_event_table):
    unindexed = make_event(title="Zanzibar summit")
    assert list(search_events(Event.objects.all(), "zanzibar")) == []

    call_command("migrate", verbosity=0)

    found = make_event(title="Zanzibar conference")
    assert set(search_events(Event.objects.all(), "zanzibar")) == {unindexed, found}


def test_every_registered_search_field_has_its_index_migration():
    migrated = {
        (app_label, operation.model_name.lower(), operation.field_name)
        for (app_label, _name), migration in MigrationLoader(
            None, ignore_no_migrations=True
        ).disk_migrations.items()
        for operation in migration.operations
        if isinstance(operation, AddSearchIndex)
    }
    registered = {
        (model._meta.app_label, model._meta.model_name, index.field)
        for model, searchable in search.REGISTRY.items()
        for index in searchable.indexes
    }

    assert registered == migrated
    assert len(registered) == 8
