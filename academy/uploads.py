"""Uploaded files on admin forms: what a form makes of an upload is written
while the form is validated, and a form shown again keeps no file behind and
says which files must be chosen again."""

import logging

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from . import documents, images, media_check

log = logging.getLogger(__name__)

CHOOSE_AGAIN = _(
    "Choose the file again: the form has other errors, and a browser does not "
    "keep a chosen file when it is shown again."
)


class PhotoField(forms.ImageField):
    """Django's image check, preceded by ours: size, pixels, format, completeness."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            images.validate_image(data)
        return super().to_python(data)


class DocumentField(forms.FileField):
    """A PDF that PDFium opens, of sane size and pages (academy/documents.py);
    the number of pages is kept as `page_count` on the file."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            data.page_count = documents.validate_pdf(data)
        return super().to_python(data)


class StoresFilesForm(forms.ModelForm):
    """A model form that writes the files made from an upload (a photo
    without its metadata, its renditions...) during validation, while a
    failure (a full disk, an unwritable media folder) can still be a form
    error: the record is then not saved at all, rather than saved without its
    files. A form shown again discards them (FileUploadsAdmin)."""

    def _post_clean(self):
        # A file left as it was is neither set on the record again nor
        # checked by the model: either reads an image's size from storage,
        # which fails (a 500) when the file is missing there.
        kept = {
            name: self.cleaned_data.pop(name)
            for name in self._unchanged_files()
            if name in self.cleaned_data
        }
        super()._post_clean()
        self.cleaned_data.update(kept)
        self.stored_files = []
        if not self.errors:
            self.store_uploads()

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | set(self._unchanged_files())

    def _unchanged_files(self):
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.FileField) and name not in self.changed_data
        ]

    def store_uploads(self):
        """Call store_files for each upload that changed."""

    def store_files(self, upload_field, contents):
        """Write {model file field: ContentFile} on the instance; on failure,
        write none and say so on `upload_field`."""
        try:
            for field, content in contents.items():
                file = getattr(self.instance, field)
                file.save(content.name, content, save=False)
                self.stored_files.append((file.storage, file.name))
        except OSError:
            log.exception("An uploaded file could not be stored")
            self.discard_stored_files()
            self.add_error(
                upload_field,
                _(
                    "The file could not be stored, so nothing was saved. Please "
                    "try again later or tell the site's administrators."
                ),
            )

    def discard_stored_files(self):
        """Remove what store_files wrote for a record that is not saved."""
        for storage, name in self.stored_files:
            storage.delete(name)
        self.stored_files = []


MISSING_FILE = _(
    "The file “%(name)s” of %(kind)s “%(record)s” is missing from the media "
    "storage: upload it again."
)


class FileUploadsAdmin:
    """A model admin whose change form, shown again with errors, leaves no
    file written behind by a form that was valid, and marks every file that
    was chosen and is now gone from the browser as to be chosen again, on
    the record's form and on its inlines'. The form opened, and a save,
    tell staff which files the record and its inlines' records name but
    storage lacks."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved and opened again: the form opened says it.
        if not {"_continue", "_saveasnew"} & set(request.POST):
            self._warn_of_missing_files(request, [form, *_inline_forms(formsets)])

    def render_change_form(self, request, context, *args, **kwargs):
        forms_shown = [context["adminform"].form] + _inline_forms(
            inline.formset for inline in context["inline_admin_formsets"]
        )
        if request.method == "POST":
            for form in forms_shown:
                _shown_again(form)
        else:
            self._warn_of_missing_files(request, forms_shown)
        return super().render_change_form(request, context, *args, **kwargs)

    def _warn_of_missing_files(self, request, forms_of_records):
        for form in forms_of_records:
            record = form.instance
            if record.pk is None:
                continue
            for missing in media_check.missing_files_of(record):
                self.message_user(
                    request,
                    MISSING_FILE
                    % {
                        "name": missing.name,
                        "kind": record._meta.verbose_name,
                        "record": record,
                    },
                    messages.WARNING,
                )


def _inline_forms(formsets):
    return [form for formset in formsets for form in formset.forms]


def _shown_again(form):
    if getattr(form, "stored_files", None):
        form.discard_stored_files()
    for name, field in form.fields.items():
        chosen = isinstance(field, forms.FileField) and form.files.get(
            form.add_prefix(name)
        )
        if chosen and name not in form.errors:
            form.add_error(name, CHOOSE_AGAIN)
