from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from academy import images
from academy.edit_conflicts import ConflictCheckedForm
from academy.i18n import localized
from academy.transliteration import latin_of, latin_slug
from academy.uploads import PhotoField, StoresFilesForm

from .duplicates import likely_duplicates
from .models import Person

NAME_FIELDS = localized("name")
SORT_NAME_FIELDS = localized("sort_name")


def suggested_sort_name(name):
    """How `name` sorts, as most names in the archive do: "Semerikov, Valery"
    for "Valery Semerikov" (the last word first); a one-word name as it is."""
    *given, last = name.split()
    return f"{last}, {' '.join(given)}" if given else last


def unused_person_slug(name, exclude_pk=None):
    """A slug no other person has, in Latin letters, made from `name` in any
    script: "anna-orlova", or "anna-orlova-2" when another Anna Orlova has
    that one."""
    made = latin_slug(name) or "person"
    taken = set(
        Person.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=made)
        .values_list("slug", flat=True)
    )
    slug, number = made, 1
    while slug in taken:
        number += 1
        slug = f"{made}-{number}"
    return slug


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
        # A person may be known only by a Russian name (a speaker named in a
        # Russian press release): the English name and the slug are then
        # made from it (clean).
        if "name_en" in self.fields:
            self.fields["name_en"].required = False
            self.fields["name_en"].help_text = _(
                "Left empty, it is transliterated from the Russian name."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Left empty, it is made from the name, in Latin letters."
            )
        for field in SORT_NAME_FIELDS:
            if field in self.fields:
                self.fields[field].required = False
                self.fields[field].help_text = _(
                    "How the name sorts in lists, e.g. “Semerikov, Valery”. Left "
                    "empty, it is made from the name: its last word first."
                )

    def clean(self):
        cleaned_data = super().clean()
        self.fill_names_from_russian(cleaned_data)
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

    def fill_names_from_russian(self, cleaned_data):
        """The English name and the slug, when left empty, made from the
        other name: a transliteration of a Russian one."""
        names = [cleaned_data.get(field) for field in NAME_FIELDS]
        known = next((name for name in names if name), "")
        if not known:
            if "name_en" not in self.errors:
                self.add_error(
                    "name_en", _("Give the person’s name in English or in Russian.")
                )
            return
        if "name_en" in self.fields and not cleaned_data.get("name_en"):
            cleaned_data["name_en"] = latin_of(known)
        if "slug" in self.fields and not cleaned_data.get("slug"):
            cleaned_data["slug"] = unused_person_slug(
                cleaned_data["name_en"], exclude_pk=self.instance.pk
            )

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
