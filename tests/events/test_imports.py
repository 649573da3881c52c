"""Events from a spreadsheet (events/imports.py): the files shipped import as
they say, an export imports back unchanged, bad values are named in plain
words, and only staff given the right may import (tests/browser/test_import.py
goes through the admin's pages)."""

import pytest
import tablib
from django.urls import reverse

from events.imports import EventResource
from events.models import Event
from tests.factories import make_country
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db

IMPORTS = ROOT / "fixtures" / "import"


def dataset(text):
    return tablib.Dataset().load(text, format="csv")


def imported(text, *, dry_run=False):
    return EventResource().import_data(dataset(text), dry_run=dry_run)


def test_the_template_names_every_column_the_import_reads():
    header = (IMPORTS / "events-template.csv").read_text().strip().split(",")

    assert header == [
        field.column_name for field in EventResource().get_import_fields()
    ]


def test_the_first_three_academies_import_as_drafts_of_the_programme(archive_2015):
    result = imported((IMPORTS / "events-csto-academies-1-3.csv").read_text())

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    academies = Event.objects.filter(series__slug="csto-academy", status="draft")
    assert sorted(academies.values_list("session_number", "start_date")) == [
        (1, None),
        (2, None),
        (3, None),
    ]


def test_an_export_imports_back_unchanged(archive_2015):
    exported = EventResource().export().csv

    result = imported(exported, dry_run=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Event.objects.count()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "host_country",
            "Kyrgyz Republic",
            "No country named “Kyrgyz Republic”. Did you mean: Kyrgyzstan?",
        ),
        ("date", "31 June 2016", "There is no such date: 31 June 2016."),
        ("speakers", "Nobody Known", "No person named “Nobody Known”."),
    ],
)
def test_a_bad_value_is_a_row_error_and_nothing_is_imported(column, value, message):
    make_country(name="Kyrgyzstan", slug="kyrgyzstan")
    header = (IMPORTS / "events-template.csv").read_text().strip()
    row = dict.fromkeys(header.split(","), "")
    row.update(
        slug="5th",
        title_en="5th",
        kind="academy_session",
        status="draft",
        outcome="held",
    )
    good = ",".join(row.values())
    row[column] = value
    bad = ",".join(row.values())

    result = imported(f"{header}\n{good.replace('5th', '6th')}\n{bad}\n")

    errors = [
        str(error)
        for invalid in result.invalid_rows
        for messages in invalid.error_dict.values()
        for error in messages
    ] + [str(error.error) for _line, errors in result.row_errors() for error in errors]
    assert errors == [message]
    assert not Event.objects.exists()


def test_a_row_publishing_what_the_event_form_warns_of_is_a_row_error():
    make_country(name="Russia", slug="russia")
    make_country(name="Armenia", slug="armenia")
    header = (
        "slug,title_en,kind,status,outcome,date,host_country,participating_countries"
    )
    row = "round-table,Round Table,meeting,published,held,2016,russia,armenia"

    result = imported(f"{header}\n{row}\n", dry_run=True)

    assert [invalid.error_dict for invalid in result.invalid_rows] == [
        {
            "__all__": [
                "The host country, Russia, is not among the countries taking part."
            ]
        }
    ]
    assert not Event.objects.exists()


def test_only_staff_given_the_right_may_import(editor_client, admin_client):
    url = reverse("admin:events_event_import")

    assert editor_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200
    changelist = editor_client.get(reverse("admin:events_event_changelist")).text
    assert "/admin/events/event/import/" not in changelist
    assert "/admin/events/event/export/" in changelist
