from django.db import migrations


def recount(apps, schema_editor):
    # The calendar and the maps read events per month, the countries that
    # took part together and those of each series from the tallies
    # (events/tallies.py).
    from events.tallies import recount

    recount(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_editors_enter_materials"),
    ]

    operations = [
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
