"""The migration operation that adds a full-text search index: a frozen copy.

Copied from academy/search_index.py (and the names it took from
academy/search.py) as they stood at people 0008 and events 0017, for people
0002 and 0004 and events 0003 and 0008. Never update it: a fresh `migrate`
must build the indexes it always built. PostgreSQL gets a GIN index on the
tsvector the queries build (academy.search.document_vector); SQLite an FTS5
table with the trigram tokenizer, kept in step by triggers, which
academy.search_index.repair_indexes puts back after every migrate if a table
rebuild dropped them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db.migrations.operations.base import Operation

DOCUMENT = "search_document"


def gin_index(model, field):
    return GinIndex(
        SearchVector(field, config="simple"),
        name=f"{model._meta.db_table}_{field}_idx",
    )


def fts_table(model, field):
    return f"{model._meta.db_table}_{field}_fts"


def install_fts(connection, model, field):
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
