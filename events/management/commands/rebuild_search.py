from django.core.management.base import BaseCommand
from django.db import connections

from academy.search import DOCUMENT, fill_documents
from academy.search_index import install_fts
from events.models import Event, Topic
from people.models import Country, Organization, Person

# The indexed fields of each model, where not only search_document.
SEARCHED_FIELDS = {Person: (DOCUMENT, "search_names")}


def searchable_records():
    """Every searchable model's records, with what their documents read."""
    return (
        Country._base_manager.all(),
        Organization._base_manager.all(),
        Person._base_manager.prefetch_related("alternative_names"),
        Topic._base_manager.all(),
        Event._base_manager.all(),
    )


class Command(BaseCommand):
    help = (
        "Recompute the search document of every record and, on SQLite, recreate "
        "the full-text tables' triggers if missing and reindex. Run it after "
        "writing records without save() (bulk_create, update(), raw SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default="default", help="The database to rebuild."
        )

    def handle(self, *args, database, **options):
        connection = connections[database]
        for records in searchable_records():
            records = records.using(database)
            model = records.model
            fill_documents(records, model.search_documents)
            if connection.vendor == "sqlite":
                for field in SEARCHED_FIELDS.get(model, (DOCUMENT,)):
                    install_fts(connection, model, field)
        self.stdout.write("Rebuilt the search documents and indexes.")
