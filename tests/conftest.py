import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English: a request leaves its language active in the
    thread (LocaleMiddleware never deactivates it), and records made in Russian
    would fill only their Russian fields."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back database sends no
    signal, so pages cached by an earlier test would otherwise be served."""
    cache.clear()


@pytest.fixture
def archive_2015(db):
    """The 4th CSTO Academy data set, loaded from the project's fixture."""
    call_command("loaddata", "csto_academy_2015", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the Editors group, as the data migration defines it."""
    # A live-server test flushes the database, data migrations' rows included,
    # so the group is made again here by the migration's own code.
    migration = importlib.import_module("events.migrations.0002_editors_group")
    migration.create_editors_group(django_apps, schema_editor=None)
    user = django_user_model.objects.create_user(
        "editor", password="editor-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=migration.EDITORS))
    return user


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a temporary directory, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
