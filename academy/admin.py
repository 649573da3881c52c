"""The archive's admin site and the small helpers its model admins share."""

import contextlib

import reversion
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.translator import NotRegistered, translator
from reversion.errors import RevertError
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from .edit_conflicts import (
    OPENED,
    ConflictCheckedForm,
    ConflictCheckedFormSet,
    ConflictCheckedRowForm,
    opened_token,
)
from .import_files import ImportFileForm
from .import_guide import column_guide, template_csv
from .writes import keeping_derived_data_for

# An address typed without its scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# The request's attribute that holds, while a version is restored, the record
# as it was before (None if it had been deleted).
RESTORED_OVER = "restored_over"


# An empty value in a comparison: nothing, so a value set reads "+ President
# Hotel" alone, not beside a removed "None".
EMPTY_IN_HISTORY = ""


def translated_originals(model):
    """The names of `model`'s translated fields, whose per-language columns
    (title_en, title_ru) staff edit: the original column is kept by
    modeltranslation for itself."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def compared_label(field):
    """A field's name in a comparison of versions: "venue (English)" for
    the column of a language, not modeltranslation's "venue [en]"."""
    original = getattr(field, "translated_field", None)
    if original is None:
        return getattr(field, "verbose_name", None) or field.related_name
    return _("%(field)s (%(language)s)") % {
        "field": original.verbose_name,
        "language": dict(settings.LANGUAGES)[field.language],
    }


class HistoryAdmin(CompareVersionAdmin):
    """A model admin whose every save keeps a version (django-reversion), with
    its inlines: a record's history compares two versions field by field
    (django-reversion-compare) and restores one, unless `restore_refusal`
    says why not; only who may delete a record may recover a deleted one. A
    save from a form opened before another's save is refused once, their
    changes merged into it
    (academy/edit_conflicts.py); a custom `form` derives from
    ConflictCheckedForm. Every write here (the form with its inlines, a
    deletion, a version restored) keeps what is derived from the records it
    touches, once, in its transaction (academy/writes.py)."""

    form = ConflictCheckedForm
    formfield_overrides = HTTPS_URLS
    change_list_template = "admin/history_change_list.html"

    def compare(self, obj, version1, version2):
        """The fields two versions differ in, as staff edit them: none the
        archive keeps for itself (a search document, when it was updated),
        and a translated field once a language, labelled with it ("venue
        (English)"), not also as the column modeltranslation keeps beside."""
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        originals = translated_originals(type(obj))
        shown = [
            {**entry, "label": compared_label(entry["field"])}
            for entry in diff
            if getattr(entry["field"], "editable", True)
            and getattr(entry["field"], "name", None) not in originals
        ]
        return shown, has_unfollowed_fields

    def fallback_compare(self, obj_compare):
        # An empty value reads as nothing (EMPTY_IN_HISTORY), not "None".
        texts = [
            EMPTY_IN_HISTORY if raw in (None, "") else text
            for raw, text in zip(
                (obj_compare.value1, obj_compare.value2),
                obj_compare.to_string(),
                strict=True,
            )
        ]
        return html_diff(*texts)

    def has_recover_permission(self, request):
        """Bringing a deleted record back undoes its deletion: only who may
        delete it may (reversion asked only the right to add and change)."""
        return self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Only a version of this record: reversion looks the number up among
        # every model's, and would restore another kind of record's revision.
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        )
        version = get_object_or_404(versions, pk=version_id)
        # Read before reversion writes the version into the database, and
        # before its transaction: unlocked (get_object locks a POST's record).
        stored = super().get_object(request, unquote(object_id))
        setattr(request, RESTORED_OVER, stored)
        with self.keeping_restored(request, version.revision):
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        # Only a version of this admin's model: reversion looks any up.
        versions = Version.objects.get_for_model(self.model)
        version = get_object_or_404(versions, pk=version_id)
        stored = super().get_object(request, version.object_id)
        setattr(request, RESTORED_OVER, stored)
        with self.keeping_restored(request, version.revision):
            return super().recover_view(request, version_id, extra_context)

    def keeping_restored(self, request, revision):
        """A version restored writes every record of its revision, and the
        change form then saves the record again: one write. A GET shows the
        version restored, then rolls it back: no write."""
        if request.method != "POST":
            return contextlib.nullcontext()
        return keeping_derived_data_for(restored_records(revision))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The record, then its inlines: one write (save_model names the record).
        keeping = (
            keeping_derived_data_for()
            if request.method == "POST"
            else contextlib.nullcontext()
        )
        with keeping:
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        with keeping_derived_data_for([obj]):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with keeping_derived_data_for([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with keeping_derived_data_for(queryset):
            super().delete_queryset(request, queryset)

    def response_change(self, request, obj):
        # A version restored is saved through the change form; reversion rolls
        # it back on a RevertError and shows its message on the list.
        if hasattr(request, RESTORED_OVER):
            refusal = self.restore_refusal(obj, getattr(request, RESTORED_OVER))
            if refusal:
                raise RevertError(refusal)
        return super().response_change(request, obj)

    def restore_refusal(self, record, stored):
        """Why `record`, as restoring one of its versions saves it, must not be
        saved (None: it may); `stored` is the record as it was before, None if
        it had been deleted."""
        return None

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is None or request.method != "POST":
            return record
        # Read again, locked until the save's transaction ends (its version
        # saved): a second save at the same moment waits here, then reads
        # the first one's record and version (academy/edit_conflicts.py).
        # None if the first one deleted it, as for any record not found.
        locked = self.get_queryset(request).select_for_update(of=("self",))
        return locked.filter(pk=record.pk).first()

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if change and obj is not None:
            context["opened_version"] = {"name": OPENED, "value": opened_token(obj)}
        return super().render_change_form(request, context, add, change, form_url, obj)


def restored_records(revision):
    """The records restoring `revision` writes, as its versions hold them (a
    speaker's row names the event it goes back to); none of a version that
    reversion cannot read, whose restore it refuses."""
    records = []
    for version in revision.version_set.all():
        model = version.content_type.model_class()
        if model is None:  # a model no longer installed
            continue
        try:
            fields = version.field_dict
        except RevertError:
            continue
        columns = {field.attname for field in model._meta.concrete_fields}
        records.append(
            model(**{name: value for name, value in fields.items() if name in columns})
        )
    return records


class ConflictCheckedInline:
    """An inline of a versioned record (HistoryAdmin) whose rows are merged
    with those saved meanwhile when the record's form is refused for an edit
    conflict (academy/edit_conflicts.py): a custom `form` derives from
    ConflictCheckedRowForm, a custom `formset` from ConflictCheckedFormSet."""

    form = ConflictCheckedRowForm
    formset = ConflictCheckedFormSet


class ImportAdmin(ImportExportMixin):
    """Import from and export to CSV and XLSX (django-import-export) through
    the model's `resource_classes`; a file too big to import is refused
    before a row is read (academy/import_files.py), and the records an import
    writes are kept as versions, as an admin save's (HistoryAdmin)."""

    import_formats = export_formats = (CSV, XLSX)
    import_form_class = ImportFileForm

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        template = path(
            "import/template/",
            self.admin_site.admin_view(self.import_template_view),
            name="{}_{}_import_template".format(*info),
        )
        return [template, *super().get_urls()]

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["import_columns"] = column_guide(self.resource_classes[0]())
        info = self.opts.app_label, self.opts.model_name
        context["import_template_url"] = reverse(
            "admin:{}_{}_import_template".format(*info)
        )
        return context

    def import_template_view(self, request):
        """The CSV file to fill in: the columns the import reads."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            template_csv(self.resource_classes[0]()), content_type="text/csv"
        )
        name = f"{self.opts.model_name}-import-template.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

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
