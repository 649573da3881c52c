from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from academy import images
from academy.edit_conflicts import ConflictCheckedForm
from academy.i18n import localized
from academy.uploads import PhotoField, StoresFilesForm

from .duplicates import likely_duplicates

NAME_FIELDS = localized("name")
SORT_NAME_FIELDS = localized("sort_name")


def suggested_sort_name(name):
    """How `name` sorts, as most names in the archive do: "Semerikov, Valery"
    for "Valery Semerikov" (the last word first); a one-word name as it is."""
    *given, last = name.split()
    return f"{last}, {' '.join(given)}" if given else last


class PersonAdminForm(StoresFilesForm, ConflictCheckedForm):
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

    def store_uploads(self):
        upload = self.cleaned_data.get("photo")
        if "photo" in self.changed_data and upload:
            self.store_files(
                "photo",
                {
                    "photo": images.without_metadata(upload),
                    "thumbnail": images.make_thumbnail(upload),
                },
            )

    def save(self, commit=True):
        person = super().save(commit=False)
        if "photo" in self.changed_data and not person.photo:
            person.thumbnail = ""
        if commit:
            person.save()
            self._save_m2m()
        return person
