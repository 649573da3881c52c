"""The "Editors" group: staff who enter and correct records but never delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
EDITED_MODELS = {
    "events": ("event", "participation", "topic", "series", "source"),
    "people": ("person", "personname", "organization", "country"),
}
ACTIONS = ("add", "change", "view")


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    codenames = [
        f"{action}_{model}"
        for models in EDITED_MODELS.values()
        for model in models
        for action in ACTIONS
    ]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=EDITED_MODELS, codename__in=codenames
        )
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, delete_editors_group),
    ]
