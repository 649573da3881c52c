"""The archive's admin site and the small helpers its model admins share."""

import reversion
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from reversion_compare.admin import CompareVersionAdmin

from .edit_conflicts import OPENED, ConflictCheckedForm, opened_token
from .import_files import ImportFileForm

# An address typed without its scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class HistoryAdmin(CompareVersionAdmin):
    """A model admin whose every save keeps a version (django-reversion), with
    its inlines: a record's history compares two versions field by field
    (django-reversion-compare) and restores one. A save from a form opened
    before another's save is refused once (academy/edit_conflicts.py); a
    custom `form` derives from ConflictCheckedForm."""

    form = ConflictCheckedForm
    formfield_overrides = HTTPS_URLS

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if change and obj is not None:
            context["opened_version"] = {"name": OPENED, "value": opened_token(obj)}
        return super().render_change_form(request, context, add, change, form_url, obj)


class ImportAdmin(ImportExportMixin):
    """Import from and export to CSV and XLSX (django-import-export) through
    the model's `resource_classes`; a file too big to import is refused
    before a row is read (academy/import_files.py), and the records an import
    writes are kept as versions, as an admin save's (HistoryAdmin)."""

    import_formats = export_formats = (CSV, XLSX)
    import_form_class = ImportFileForm

    def process_import(self, request, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Imported from a file."))
            return super().process_import(request, **kwargs)


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Academy Archive administration")
    site_title = _("Academy Archive admin")
    index_title = _("Archive records")
    site_url = "/"


def changelist_link(model, lookup, value, text):
    """A link to `model`'s admin list filtered by `lookup=value`."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return format_html('<a href="{}?{}={}">{}</a>', url, lookup, value, text)


def change_link(obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


class PartOfParentInline:
    """Rows that belong to the record they are edited in (an event's speakers,
    a person's other spellings): removing one edits that record, so whoever may
    change it may remove them, without the right to delete archived records."""

    def has_delete_permission(self, request, obj=None):
        opts = self.parent_model._meta
        codename = get_permission_codename("change", opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")


class StartsFirstSearch:
    """Search results whose name starts with what was typed come first: in an
    autocomplete box, "Rus" offers Russia before Belarus, and Enter takes the
    first. `prefix_fields` are the names compared."""

    prefix_fields = ()

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and self.prefix_fields:
            starts = Q()
            for field in self.prefix_fields:
                starts |= Q(**{f"{field}__istartswith": term})
            first = Case(When(starts, then=Value(0)), default=Value(1))
            queryset = queryset.order_by(first, *self.model._meta.ordering)
        return queryset, distinct


class UnlinkedListFilter(admin.SimpleListFilter):
    """Records that nothing links to, such as a person or organization added
    from an event's pop-up for an event never saved, so they can be found and
    removed. `links` names the relations that would link to one."""

    title = _("links")
    parameter_name = "linked"
    links = ()

    def lookups(self, request, model_admin):
        return (("no", _("Not linked to anything")),)

    def queryset(self, request, queryset):
        if self.value() == "no":
            for name in self.links:
                queryset = queryset.filter(**{f"{name}__isnull": True})
        return queryset
