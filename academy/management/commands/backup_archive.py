from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from academy.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database (SQLite's online backup "
        "API, or pg_dump) and of the media directory to a new directory, which "
        "restore_archive brings back."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="A new or empty directory.")
        parser.add_argument(
            "--database", default="default", help="The database to back up."
        )

    def handle(self, *args, destination, database, **options):
        try:
            manifest = backup(destination, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(error) from error
        self.stdout.write(
            _("Wrote the %(engine)s database and %(media)d media files to %(path)s.")
            % {
                "engine": manifest["engine"],
                "media": manifest["media_files"],
                "path": destination,
            }
        )
