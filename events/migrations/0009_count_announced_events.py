from django.db import migrations

from ._frozen_tallies import recount


def count_events_again(apps, schema_editor):
    # The tallies now also count each year's announced events (events/tallies.py).
    recount(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0008_search_stems_and_names"),
    ]

    operations = [
        migrations.RunPython(count_events_again, migrations.RunPython.noop),
    ]
