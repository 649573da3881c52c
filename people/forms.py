from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from academy.i18n import localized

from . import images
from .duplicates import likely_duplicates

NAME_FIELDS = localized("name")


class PhotoField(forms.ImageField):
    """Django's image check, preceded by ours: size, pixels, format, completeness."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            images.validate_image(data)
        return super().to_python(data)


class PersonAdminForm(forms.ModelForm):
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

    def clean(self):
        cleaned_data = super().clean()
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

    def save(self, commit=True):
        person = super().save(commit=False)
        if "photo" in self.changed_data:
            if person.photo:
                upload = self.cleaned_data["photo"]
                person.photo = images.without_metadata(upload)
                thumbnail = images.make_thumbnail(upload)
                person.thumbnail.save(thumbnail.name, thumbnail, save=False)
            else:
                person.thumbnail = ""
        if commit:
            person.save()
            self._save_m2m()
        return person
