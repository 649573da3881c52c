"""Every migration runs backwards to zero and forwards again on the test database,
and the data migrations build what today's code builds."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from academy import search
from events import tallies
from events.models import Event, Tally
from events.search import search_events
from people.models import Person
from tests.factories import make_draft


@pytest.mark.django_db(transaction=True)
def test_migrations_run_backwards_to_zero_and_forwards_again():
    executor = MigrationExecutor(connection)
    apps_with_migrations = sorted(executor.loader.migrated_apps)

    executor.migrate([(app, None) for app in apps_with_migrations])
    tables_at_zero = set(connection.introspection.table_names())
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    tables_at_latest = set(connection.introspection.table_names())

    executor.loader.build_graph()
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert ("events_event" in tables_at_zero, "people_person" in tables_at_zero) == (
        False,
        False,
    )
    assert {"events_event", "people_person", "axes_accessattempt"} <= tables_at_latest
    assert plan == []


def stored_by_migrations():
    """Each tally, each searchable record's documents, and what a few searches
    (through the index of each database) find."""
    counted = {
        (row.measure, row.record, row.year): row.count for row in Tally.objects.all()
    }
    documents = {
        (model._meta.label, record.pk, index.field): getattr(record, index.field)
        for model, searchable in search.REGISTRY.items()
        for record in model.objects.all()
        for index in searchable.indexes
    }
    found = {
        words: sorted(search_events(Event.objects.all(), words).values_list("slug"))
        for words in ("семериков безопасности", "youth serbia", "academies")
    }
    found["semer"] = sorted(
        search.matching(Person.objects.all(), "semer").values_list("slug")
    )
    return counted, documents, found


@pytest.mark.django_db(transaction=True)
def test_data_migrations_count_and_index_as_the_code_of_today(archive_2015):
    make_draft(title="Unpublished round table")
    tallies.recount()
    before = stored_by_migrations()

    # Back to before any search document or tally, then forward again: the
    # data migrations build them again from the records.
    call_command("migrate", "events", "0002_editors_group", verbosity=0)
    call_command("migrate", "people", "0001_initial", verbosity=0)
    assert "events_tally" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)

    assert stored_by_migrations() == before
    assert before[2] == {
        "семериков безопасности": [("4th-csto-academy-2015",)],
        "youth serbia": [
            ("4th-csto-academy-2015",),
            ("csto-youth-school-serbia-2015",),
        ],
        "academies": [("4th-csto-academy-2015",), ("csto-academy-programme-launch",)],
        "semer": [("valery-semerikov",)],
    }
