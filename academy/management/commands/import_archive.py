from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from academy.backups import BackupError, import_archive


class Command(BaseCommand):
    help = (
        "Restore a zip file written by export_archive into an empty archive: "
        "records and media files, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The zip file to read.")

    def handle(self, *args, path, **options):
        try:
            manifest = import_archive(path)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            _(
                "Imported %(records)d records and %(media)d media files from "
                "%(path)s, exported at %(created)s."
            )
            % {
                "records": sum(manifest["counts"].values()),
                "media": manifest["media_restored"],
                "path": path,
                "created": manifest["created_at"],
            }
        )
