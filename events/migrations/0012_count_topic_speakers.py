from django.db import migrations

from ._frozen_tallies import count_topic_speakers


def count_speakers_per_topic(apps, schema_editor):
    # The people list's topic facet reads how many people spoke on each
    # topic from the tallies (events/tallies.py).
    count_topic_speakers(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0011_tally_ranked_index"),
    ]

    operations = [
        migrations.RunPython(count_speakers_per_topic, migrations.RunPython.noop),
    ]
