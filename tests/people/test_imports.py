"""People from a spreadsheet (people/imports.py): matched by slug or by any
spelling of their name, new ones added with a slug and sort name made for
them, bad values named in plain words, nothing imported from a file with an
error, and only staff given the right may import."""

import pytest
import tablib
from django.urls import reverse

from people.imports import PersonResource
from people.models import Person
from tests.factories import make_country, make_organization, make_person
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db

HEADER = (ROOT / "fixtures/import/people-template.csv").read_text().strip()


def imported(*rows, dry_run=False):
    data = tablib.Dataset().load("\n".join([HEADER, *rows]) + "\n", format="csv")
    return PersonResource().import_data(data, dry_run=dry_run)


def errors_of(result):
    return [
        str(error)
        for invalid in result.invalid_rows
        for messages in invalid.error_dict.values()
        for error in messages
    ] + [str(error.error) for _line, errors in result.row_errors() for error in errors]


def test_the_template_names_every_column_the_import_reads():
    assert HEADER.split(",") == [
        field.column_name for field in PersonResource().get_import_fields()
    ]


def test_a_row_without_a_slug_updates_the_person_one_of_their_spellings_names():
    person = make_person(name="Valery Semerikov", slug="valery-semerikov")
    person.alternative_names.create(name="Валерий Семериков")

    result = imported(",,Валерий Семериков,,,Deputy Secretary General,,,,")

    assert errors_of(result) == []
    assert result.totals["update"] == 1
    person.refresh_from_db()
    assert (Person.objects.count(), person.position_en) == (
        1,
        "Deputy Secretary General",
    )


def test_a_new_person_gets_a_slug_a_sort_name_and_their_other_spellings():
    make_country(name="Armenia", slug="armenia")
    make_organization(name="CSTO", slug="csto")

    result = imported(
        ",David Virabyan,Давид Вирабян,,,,,csto,Armenia,Давид Вирабян; D. Virabian"
    )

    assert errors_of(result) == []
    person = Person.objects.get()
    assert (person.slug, person.sort_name_en, person.sort_name_ru) == (
        "david-virabyan",
        "Virabyan, David",
        "Вирабян, Давид",
    )
    assert (person.country.slug, person.organization.slug) == ("armenia", "csto")
    assert sorted(person.alternative_names.values_list("name", flat=True)) == [
        "D. Virabian",
        "Давид Вирабян",
    ]


def test_a_bad_organization_is_named_and_nothing_is_imported():
    make_organization(name="Collective Security Treaty Organization", slug="csto")

    result = imported(
        ",Anna Orlova,,,,,,,,",
        ",Boris Ivanov,,,,,,Collective Security Organisation,,",
    )

    assert errors_of(result) == [
        "No organization named “Collective Security Organisation”. Did you mean: "
        "Collective Security Treaty Organization?"
    ]
    assert not Person.objects.exists()


def test_an_export_of_people_imports_back_unchanged(archive_2015):
    exported = PersonResource().export().csv
    data = tablib.Dataset().load(exported, format="csv")

    result = PersonResource().import_data(data, dry_run=True)

    assert errors_of(result) == []
    assert result.totals["skip"] == Person.objects.count()


def test_only_staff_given_the_right_may_import_people(editor_client, admin_client):
    url = reverse("admin:people_person_import")

    assert editor_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_a_new_person_whose_made_slug_is_taken_is_a_row_error():
    make_country(name="Peru", slug="peru")
    known = make_person(
        name="Karin Castillo 00031",
        slug="karin-castillo-00031",
        position="Ambassador",
    )

    result = imported(",Karin Castillo-00031,,,,Attaché,,,Peru,")

    assert errors_of(result) == [
        "The slug “karin-castillo-00031” made from this name is Karin Castillo "
        "00031’s: give the row a slug of its own, or that person’s name to "
        "update them."
    ]
    known.refresh_from_db()
    assert (Person.objects.count(), known.name, known.position, known.country) == (
        1,
        "Karin Castillo 00031",
        "Ambassador",
        None,
    )


def test_a_control_character_in_a_row_is_a_row_error():
    result = imported(",Anna Orlova,,,,Adviser\x0b,,,,A. Orlova\x0c")

    assert [invalid.error_dict for invalid in result.invalid_rows] == [
        {
            "position_en": [CONTROL_CHARACTER % "000B"],
            "other_names": [CONTROL_CHARACTER % "000C"],
        }
    ]
    assert not Person.objects.exists()


CONTROL_CHARACTER = (
    "Remove the control character U+%s: feeds and downloads cannot carry it."
)


def test_two_rows_of_one_person_are_a_row_error_in_the_preview_as_in_the_import():
    rows = (",Anna Orlova,,,,,,,,", ",Anna Orlova,,,,Adviser,,,,")

    previewed = imported(*rows, dry_run=True)
    result = imported(*rows)

    expected = ["An earlier row of this file has the slug “anna-orlova”."]
    assert (errors_of(previewed), errors_of(result)) == (expected, expected)
    assert not Person.objects.exists()
