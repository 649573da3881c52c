"""The index behind free-text search, per database, as a migration operation.

PostgreSQL: a GIN index on `academy.search.document_vector()`, the expression
the queries use, so the planner can answer them from the index.

SQLite: an FTS5 table with the trigram tokenizer over the field, with
external content (the model's own table, nothing stored twice) kept in step by
triggers, so bulk_create, update() and raw SQL stay searchable too. A later
migration that makes SQLite rebuild the model's table drops the triggers with
the old table: `repair_indexes`, run after every migrate, puts them back.

Other databases get no index; search falls back to LIKE there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import connections
from django.db.migrations.operations.base import Operation

from . import search
from .search import DOCUMENT, document_vector, fts_table


def gin_index(model, field):
    return GinIndex(document_vector(field), name=f"{model._meta.db_table}_{field}_idx")


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


def drop_fts(connection, model, field):
    fts = fts_table(model, field)
    with connection.cursor() as cursor:
        for trigger in ("insert", "delete", "update"):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{trigger}"')
        cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')


class AddSearchIndex(Operation):
    """Index a field of `model_name` for full-text search, per database."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name, field_name=DOCUMENT):
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "field_name": self.field_name}
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label, state):
        pass  # Nothing Django's model state knows about.

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.add_index(model, gin_index(model, self.field_name))
        elif vendor == "sqlite":
            install_fts(schema_editor.connection, model, self.field_name)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.remove_index(model, gin_index(model, self.field_name))
        elif vendor == "sqlite":
            drop_fts(schema_editor.connection, model, self.field_name)

    def describe(self):
        return f"Add the full-text search index of {self.model_name}.{self.field_name}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_{self.field_name}_index"
