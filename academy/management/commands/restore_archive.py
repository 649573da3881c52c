from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from academy.backups import BackupError, read_backup_manifest, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database and the media directory with a backup that "
        "backup_archive wrote. Everything changed since is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory.")
        parser.add_argument(
            "--database", default="default", help="The database to restore into."
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, source, database, interactive, **options):
        try:
            manifest = read_backup_manifest(Path(source))
            if interactive and not self.confirmed(manifest):
                raise CommandError(_("Restore cancelled."))
            restore(source, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(error) from error
        self.stdout.write(
            _("Restored the database and %(media)d media files from %(path)s.")
            % {"media": manifest["media_files"], "path": source}
        )

    def confirmed(self, manifest):
        answer = input(
            _(
                "This replaces the database and every media file with the backup "
                "made %(created)s. Type 'yes' to continue: "
            )
            % {"created": manifest["created_at"]}
        )
        return answer == "yes"
