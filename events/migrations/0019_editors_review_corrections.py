"""Editors review the corrections visitors suggest: they see them and mark
them accepted or dismissed; none is added or deleted in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CODENAMES = ("view_correction", "change_correction")


def let_editors_review_corrections(apps, schema_editor):
    events = apps.get_app_config("events")
    models_module = getattr(events, "models_module", None)
    events.models_module = True
    create_permissions(events, apps=apps, verbosity=0)
    events.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="events", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("events", "0018_corrections"),
    ]

    operations = [
        migrations.RunPython(let_editors_review_corrections, migrations.RunPython.noop),
    ]
