from django.core.management.base import BaseCommand
from django.db import connections

from academy import search
from academy.cache_invalidation import archive_changed
from academy.search_index import install_fts


class Command(BaseCommand):
    help = (
        "Recompute the search document of every record and, on SQLite, recreate "
        "the full-text tables' triggers if missing and reindex, and make every "
        "cached page stale. Run it after writing records without save() "
        "(bulk_create, update(), raw SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default="default", help="The database to rebuild."
        )

    def handle(self, *args, database, **options):
        connection = connections[database]
        for model, searchable in search.REGISTRY.items():
            search.refresh_documents(model._base_manager.using(database))
            if connection.vendor == "sqlite":
                for index in searchable.indexes:
                    install_fts(connection, model, index.field)
        archive_changed()
        self.stdout.write("Rebuilt the search documents and indexes.")
