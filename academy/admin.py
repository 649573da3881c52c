"""The archive's admin site and the small helpers its model admins share."""

from django.contrib import admin
from django.db.models import IntegerField, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Academy Archive administration")
    site_title = _("Academy Archive admin")
    index_title = _("Archive records")
    site_url = "/"


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated queryset, so several counts never multiply rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def localized(*fields):
    """Every language's column of each translated field, e.g. name_en, name_ru."""
    return tuple(
        build_localized_fieldname(field, language)
        for field in fields
        for language in AVAILABLE_LANGUAGES
    )


def changelist_link(model, lookup, value, text):
    """A link to `model`'s admin list filtered by `lookup=value`."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return format_html('<a href="{}?{}={}">{}</a>', url, lookup, value, text)


def change_link(obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)
