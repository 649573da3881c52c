from django.core.management.base import BaseCommand

from academy.cache_invalidation import archive_changed
from events import tallies


class Command(BaseCommand):
    help = (
        "Count again how many published events each record, year and topic-year "
        "has (the counts pages show, kept up to date by every save), and make "
        "every cached page stale. Run it after writing events or their links "
        "without save() (bulk_create, update(), raw SQL)."
    )

    def handle(self, *args, **options):
        tallies.recount()
        archive_changed()
        self.stdout.write("Counted the published events again.")
