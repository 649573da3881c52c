from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    """The shared infrastructure: caching, search, backups, template helpers."""

    name = "academy"
    verbose_name = _("Academy Archive")

    def ready(self):
        from . import cache_invalidation, logs, search_index

        cache_invalidation.connect_signals()
        logs.stamp_records()
        post_migrate.connect(search_index.repair_indexes)


class ArchiveAdminConfig(AdminConfig):
    default_site = "academy.admin.ArchiveAdminSite"
