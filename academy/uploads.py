"""Uploaded files on admin forms: what a form makes of an upload is written
while the form is validated, and a form shown again keeps no file behind and
says which files must be chosen again."""

import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from . import documents, images

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
        super()._post_clean()
        self.stored_files = []
        if not self.errors:
            self.store_uploads()

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


class FileUploadsAdmin:
    """A model admin whose change form, shown again with errors, leaves no
    file written behind by a form that was valid, and marks every file that
    was chosen and is now gone from the browser as to be chosen again, on
    the record's form and on its inlines'."""

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST":
            forms_shown = [context["adminform"].form] + [
                form
                for inline in context["inline_admin_formsets"]
                for form in inline.formset.forms
            ]
            for form in forms_shown:
                _shown_again(form)
        return super().render_change_form(request, context, *args, **kwargs)


def _shown_again(form):
    if getattr(form, "stored_files", None):
        form.discard_stored_files()
    for name, field in form.fields.items():
        chosen = isinstance(field, forms.FileField) and form.files.get(
            form.add_prefix(name)
        )
        if chosen and name not in form.errors:
            form.add_error(name, CHOOSE_AGAIN)
