"""Every migration runs backwards to zero and forwards again on the test database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


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
