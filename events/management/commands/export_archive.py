from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from academy.backups import export_archive
from events.models import (
    Correction,
    Event,
    EventDocument,
    EventLink,
    EventPhoto,
    Participation,
    Source,
)

# What a public export leaves out: drafts and everything said about them (their
# materials' files too), the sources only drafts cite (a source has no
# public page of its own), and every correction visitors suggested (for staff).
OF_PUBLISHED = Q(event__status=Event.Status.PUBLISHED)
PUBLIC_ONLY = {
    Event: Q(status=Event.Status.PUBLISHED),
    Participation: OF_PUBLISHED,
    EventPhoto: OF_PUBLISHED,
    EventDocument: OF_PUBLISHED,
    EventLink: OF_PUBLISHED,
    Source: Q(pk__in=Event.objects.published().values("source")),
    Correction: Q(pk__in=()),
}


class Command(BaseCommand):
    help = (
        "Write the whole archive (every record, drafts included, and every media "
        "file) to one zip file that import_archive restores. With --public, "
        "drafts and their speakers' parts are left out, for publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The zip file to write.")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Leave out draft events and their participations.",
        )

    def handle(self, *args, path, public, **options):
        try:
            manifest = export_archive(path, public_only=PUBLIC_ONLY if public else None)
        except OSError as error:
            raise CommandError(error) from error
        for name in manifest["missing_media"]:
            self.stderr.write(
                _("Missing from media storage, not exported: %(name)s") % {"name": name}
            )
        self.stdout.write(
            _("Exported %(records)d records and %(media)d media files to %(path)s.")
            % {
                "records": sum(manifest["counts"].values()),
                "media": manifest["media_files"],
                "path": path,
            }
        )
