from django.db import migrations

from ._frozen_tallies import recount


def count_events_again(apps, schema_editor):
    # The tallies now also count each kind, each outcome and each speaker's
    # events, for the facets of the events list (events/tallies.py).
    recount(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0009_count_announced_events"),
    ]

    operations = [
        migrations.RunPython(count_events_again, migrations.RunPython.noop),
    ]
