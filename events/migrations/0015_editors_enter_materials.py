"""Editors enter an event's photos, documents and links with the event (its
inlines need their own permissions to be shown)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MATERIALS = ("eventphoto", "eventdocument", "eventlink")
ACTIONS = ("add", "change", "view")


def let_editors_enter_materials(apps, schema_editor):
    events = apps.get_app_config("events")
    models_module = getattr(events, "models_module", None)
    events.models_module = True
    create_permissions(events, apps=apps, verbosity=0)
    events.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MATERIALS for action in ACTIONS]
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="events", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("events", "0014_materials"),
    ]

    operations = [
        migrations.RunPython(let_editors_enter_materials, migrations.RunPython.noop),
    ]
