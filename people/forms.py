import logging

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from academy.edit_conflicts import ConflictCheckedForm
from academy.i18n import localized

from . import images
from .duplicates import likely_duplicates

NAME_FIELDS = localized("name")
SORT_NAME_FIELDS = localized("sort_name")
log = logging.getLogger(__name__)


def suggested_sort_name(name):
    """How `name` sorts, as most names in the archive do: "Semerikov, Valery"
    for "Valery Semerikov" (the last word first); a one-word name as it is."""
    *given, last = name.split()
    return f"{last}, {' '.join(given)}" if given else last


class PhotoField(forms.ImageField):
    """Django's image check, preceded by ours: size, pixels, format, completeness."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            images.validate_image(data)
        return super().to_python(data)


class PersonAdminForm(ConflictCheckedForm):
    not_duplicate = forms.BooleanField(
        label=_("This is a different person"),
        required=False,
        help_text=_(
            "Tick only after checking that the people named in the warning "
            "are not this person."
        ),
    )

    # PersonAdmin supplies the model and, from its fieldsets, the fields.
    class Meta:
        field_classes = {"photo": PhotoField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in SORT_NAME_FIELDS:
            if field in self.fields:
                self.fields[field].required = False
                self.fields[field].help_text = _(
                    "How the name sorts in lists, e.g. “Semerikov, Valery”. Left "
                    "empty, it is made from the name: its last word first."
                )

    def clean(self):
        cleaned_data = super().clean()
        for name_field, sort_field in zip(NAME_FIELDS, SORT_NAME_FIELDS, strict=True):
            if cleaned_data.get(name_field) and not cleaned_data.get(sort_field):
                cleaned_data[sort_field] = suggested_sort_name(cleaned_data[name_field])
        naming = self.instance._state.adding or any(
            field in self.changed_data for field in NAME_FIELDS
        )
        if naming and not cleaned_data.get("not_duplicate"):
            names = [cleaned_data.get(field) for field in NAME_FIELDS]
            duplicates = likely_duplicates(names, exclude_pk=self.instance.pk)
            if duplicates:
                links = format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (reverse("admin:people_person_change", args=[p.pk]), p.name)
                        for p in duplicates
                    ),
                )
                raise forms.ValidationError(
                    format_html(
                        "{} {}. {}",
                        _("This person may already be in the archive:"),
                        links,
                        _(
                            "Open the record to add this spelling as an alternative "
                            "name, or tick “This is a different person” and save "
                            "again."
                        ),
                    ),
                    code="likely_duplicate",
                )
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        if self.files.get("photo") and self.errors and "photo" not in self.errors:
            self.add_error(
                "photo",
                _(
                    "Choose the photo again: the form has other errors, and a "
                    "browser does not keep a chosen file when it is shown again."
                ),
            )
        self.stored_files = []
        photo_changed = "photo" in self.changed_data and self.cleaned_data.get("photo")
        if photo_changed and not self.errors:
            self._store_photo()

    def _store_photo(self):
        """Write the photo and its thumbnail now, while a failure (a full disk,
        an unwritable media folder) can still be a form error: the record is
        then not saved at all, rather than saved without its photo."""
        upload = self.cleaned_data["photo"]
        person = self.instance
        try:
            for field, content in (
                (person.photo, images.without_metadata(upload)),
                (person.thumbnail, images.make_thumbnail(upload)),
            ):
                field.save(content.name, content, save=False)
                self.stored_files.append(field.name)
        except OSError:
            log.exception("The photo could not be stored")
            self.discard_stored_files()
            self.add_error(
                "photo",
                _(
                    "The photo could not be stored, so nothing was saved. Please "
                    "try again later or tell the site's administrators."
                ),
            )

    def discard_stored_files(self):
        """Remove what _store_photo wrote for a record that is not saved."""
        storage = self.instance.photo.storage
        for name in self.stored_files:
            storage.delete(name)
        self.stored_files = []

    def save(self, commit=True):
        person = super().save(commit=False)
        if "photo" in self.changed_data and not person.photo:
            person.thumbnail = ""
        if commit:
            person.save()
            self._save_m2m()
        return person
