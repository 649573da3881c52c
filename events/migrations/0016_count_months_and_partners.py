from django.db import migrations

from ._frozen_tallies import recount


def count_months_and_partners(apps, schema_editor):
    # The calendar and the maps read events per month, the countries that
    # took part together and those of each series from the tallies
    # (events/tallies.py).
    recount(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_editors_enter_materials"),
    ]

    operations = [
        migrations.RunPython(count_months_and_partners, migrations.RunPython.noop),
    ]
