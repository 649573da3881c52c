from django.db import migrations


def count_topic_speakers(apps, schema_editor):
    # The people list's topic facet reads how many people spoke on each
    # topic from the tallies (events/tallies.py).
    from events.tallies import count_topic_speakers

    count_topic_speakers(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0011_tally_ranked_index"),
    ]

    operations = [
        migrations.RunPython(count_topic_speakers, migrations.RunPython.noop),
    ]
