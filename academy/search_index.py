"""SQLite's full-text tables behind free-text search, kept in step with their
columns.

The migrations add each searched field's index with their frozen AddSearchIndex
(people/migrations/_frozen_search_index.py): on PostgreSQL a GIN index on
`academy.search.document_vector()`, the expression the queries use; on SQLite
an FTS5 table with the trigram tokenizer over the field, with external content
(the model's own table, nothing stored twice) kept in step by triggers, so
bulk_create, update() and raw SQL stay searchable too. A later migration that
makes SQLite rebuild the model's table drops the triggers with the old table:
`repair_indexes`, run after every migrate, puts them back.

Other databases get no index; search falls back to LIKE there.
"""

from django.db import connections

from . import search
from .search import DOCUMENT, fts_table


def install_fts(connection, model, field=DOCUMENT):
    """Create the FTS5 table and its triggers if missing, and index every row."""
    table, pk, fts = (
        model._meta.db_table,
        model._meta.pk.column,
        fts_table(model, field),
    )
    insert = f'INSERT INTO "{fts}"(rowid, {field}) VALUES (new.{pk}, new.{field});'
    delete = (
        f'INSERT INTO "{fts}"("{fts}", rowid, {field}) '
        f"VALUES ('delete', old.{pk}, old.{field});"
    )
    with connection.cursor() as cursor:
        for statement in (
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({field}, '
            f"content='{table}', content_rowid='{pk}', tokenize='trigram')",
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" '
            f"BEGIN {insert} END",
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" '
            f"BEGIN {delete} END",
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF '
            f'{field} ON "{table}" '
            f"WHEN old.{field} IS NOT new.{field} "
            f"BEGIN {delete} {insert} END",
            f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
        ):
            cursor.execute(statement)


def fts_installed(connection, model, field):
    """Whether the FTS5 table and its three triggers exist."""
    fts = fts_table(model, field)
    names = {fts, *(f"{fts}_{trigger}" for trigger in ("insert", "delete", "update"))}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        return names <= {name for (name,) in cursor.fetchall()}


def repair_indexes(app_config, using, **kwargs):
    """post_migrate receiver: on SQLite, put back the full-text table and
    triggers of each registered model of `app_config` whose table lost them
    (a migration that rebuilds a table drops its triggers), and reindex it.

    Tables or columns a partial migration has not made yet are left alone.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    for model, searchable in search.REGISTRY.items():
        table = model._meta.db_table
        if model._meta.app_config is not app_config or table not in tables:
            continue
        with connection.cursor() as cursor:
            description = connection.introspection.get_table_description(cursor, table)
        columns = {column.name for column in description}
        for index in searchable.indexes:
            if index.field in columns and not fts_installed(
                connection, model, index.field
            ):
                install_fts(connection, model, index.field)
