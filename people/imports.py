"""People from a spreadsheet (CSV or XLSX), through the admin's import, and
out again through its export (academy/imports.py says how values are named).

A row is matched to a person by its slug, or, without one, by a name or any
other spelling of one (a row naming a person already in the archive updates
them, whichever spelling it uses); a person no row matches is added, with a
slug made from the English name, and a slug so made that another person has
is a row error, never an update of them. A sort name left empty is made from the name
(forms.suggested_sort_name); the spellings in "other_names" are added to the
person's, none taken away.
"""

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields

from academy.i18n import localized
from academy.imports import (
    IMPORT_SEPARATOR,
    AddedColumn,
    ArchiveResource,
    NamedWidget,
    NamesWidget,
)

from .forms import suggested_sort_name
from .models import Country, Organization, Person, PersonName


def matching_person(row):
    """The one person a row without a slug names, by a name or another
    spelling of one; None if none or several do."""
    names = [row.get(field) for field in localized("name") if row.get(field)]
    if not names:
        return None
    wanted = Q()
    for name in names:
        wanted |= Q(alternative_names__name__iexact=name)
        for field in localized("name"):
            wanted |= Q(**{f"{field}__iexact": name})
    found = list(Person.objects.filter(wanted).distinct()[:2])
    return found[0] if len(found) == 1 else None


def made_slug(row):
    """A new person's slug, made from the row's English name; ValueError if
    there is no name to make it from, or another person has it already (a
    name written another way, "Karin Castillo-00031" for "Karin Castillo
    00031", makes the same slug: the row would overwrite them)."""
    made = slugify(row.get("name_en") or "")
    if not made:
        raise ValueError(_("Give a slug, or an English name to make one from."))
    holder = Person.objects.filter(slug=made).first()
    if holder:
        raise ValueError(
            _(
                "The slug “%(slug)s” made from this name is %(person)s’s: give "
                "the row a slug of its own, or that person’s name to update them."
            )
            % {"slug": made, "person": holder}
        )
    return made


class PersonResource(ArchiveResource):
    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=NamedWidget(Organization),
    )
    country = fields.Field(
        attribute="country", column_name="country", widget=NamedWidget(Country)
    )
    other_names = AddedColumn(
        attribute="imported_names",
        column_name="other_names",
        widget=NamesWidget(),
        held=lambda person: list(
            person.alternative_names.values_list("name", flat=True)
        ),
    )

    class Meta:
        model = Person
        import_id_fields = ("slug",)
        fields = (
            "slug",
            *localized("name"),
            *localized("sort_name"),
            *localized("position"),
            "organization",
            "country",
            "other_names",
        )
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if not (row.get("slug") or "").strip():
            known = matching_person(row)
            row["slug"] = known.slug if known else made_slug(row)
        for name, sort_name in zip(
            localized("name"), localized("sort_name"), strict=True
        ):
            if row.get(name) and not row.get(sort_name):
                row[sort_name] = suggested_sort_name(row[name])

    def dehydrate_other_names(self, person):
        return f"{IMPORT_SEPARATOR} ".join(
            person.alternative_names.values_list("name", flat=True)
        )

    def save_added(self, instance):
        """The other spellings a row names that the person has not."""
        known = set(instance.alternative_names.values_list("name", flat=True))
        for name in getattr(instance, "imported_names", None) or []:
            if name not in known:
                PersonName.objects.create(person=instance, name=name)
                known.add(name)
