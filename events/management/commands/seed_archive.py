from django.core.management import call_command
from django.core.management.base import BaseCommand

from academy.writes import rebuild_derived_data
from events.models import Event

FIXTURE = "csto_academy_2015"


class Command(BaseCommand):
    help = (
        "Load the 2015 CSTO Academy data into an empty archive. An archive that "
        "already holds events is left alone, so staff edits are never overwritten."
    )

    def handle(self, *args, **options):
        if Event.objects.exists():
            self.stdout.write("The archive already holds events; nothing loaded.")
            return
        call_command(
            "loaddata", FIXTURE, verbosity=options["verbosity"], stdout=self.stdout
        )
        # loaddata writes rows without keeping what is derived from them.
        rebuild_derived_data()
        # A first version of every record, so that staff can see and restore
        # what the source gave after they edit it.
        call_command(
            "createinitialrevisions",
            comment="Loaded from the 2015 fixture.",
            verbosity=options["verbosity"],
            stdout=self.stdout,
        )
