from django.core.management.base import BaseCommand, CommandError

from academy.media_check import missing_files


class Command(BaseCommand):
    help = (
        "List the records whose files are missing from the media storage, one "
        "a line (model, key, field: file). Exits with status 1 when any is "
        "missing, so a monitoring job can run it."
    )

    def handle(self, *args, **options):
        count = 0
        for missing in missing_files():
            self.stdout.write(str(missing))
            count += 1
        if count:
            raise CommandError(f"{count} files are missing.", returncode=1)
        self.stdout.write("No file is missing.")
