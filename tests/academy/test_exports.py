"""export_archive and import_archive: the whole archive out to one file and back."""

import io
import json
import shutil
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from academy.backups import archive_models
from events.corrections import record_correction
from events.models import Event, EventPhoto, Source, Topic
from people.models import Country, Person
from tests.factories import (
    make_document,
    make_draft,
    make_link,
    make_participation,
    make_person,
    make_person_name,
    make_photo,
    make_source,
    make_topic,
)
from tests.helpers import ACADEMY_SLUG, image_bytes, media_files


def png_bytes(colour):
    return image_bytes(size=(4, 3), format="PNG", colour=colour)


@pytest.fixture
def full_archive(archive_2015, media_root):
    """The 2015 data plus a draft and a person with a photo and a thumbnail,
    materials of both a published event and the draft, and a correction a
    visitor suggested."""
    person = make_person(slug="pictured", name="Pictured Person", name_ru="Персона")
    person.photo.save("face.png", ContentFile(png_bytes("red")))
    person.thumbnail.save("face.png", ContentFile(png_bytes("blue")))
    make_person_name(person, "Другое имя")
    draft = make_draft(
        slug="secret-draft",
        title_ru="Черновик",
        topics=[make_topic(slug="secret-topic")],
        participating_countries=Country.objects.filter(slug="serbia"),
    )
    make_participation(draft, person, position_ru="Гость")
    academy = Event.objects.get(slug=ACADEMY_SLUG)
    make_photo(academy, credit="CSTO")
    make_document(academy)
    make_link(academy)
    make_photo(draft, alt_text="Черновое фото")
    record_correction(
        record=person,
        wrong="Held in Yerevan",
        proposed="Yerevan",
        source_url="https://example.org/",
        language="ru",
        sender="0" * 64,
    )
    return person


def archive_tables():
    """Each table with the columns that identify its rows."""
    tables = {}
    for model in archive_models():
        tables[model._meta.db_table] = ["id"]
        for field in model._meta.many_to_many:
            through = field.remote_field.through._meta
            if through.auto_created:
                # A link row's own id is not data: the serializer keeps the sets.
                tables[through.db_table] = [
                    link.column for link in through.fields if link.is_relation
                ]
    return tables


def table_rows():
    """Every column of every archive table, straight from the database."""
    rows = {}
    with connection.cursor() as cursor:
        for table, key in archive_tables().items():
            columns = ", ".join(connection.ops.quote_name(column) for column in key)
            cursor.execute(
                f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {columns}"
            )
            names = [column[0] for column in cursor.description]
            rows[table] = [dict(zip(names, row, strict=True)) for row in cursor]
            if key != ["id"]:
                for row in rows[table]:
                    del row["id"]
    return rows


def empty_archive(media_root):
    """A fresh database, its id sequences restarted, and no media.

    Tests that call it use `transactional_db`: PostgreSQL refuses to truncate
    tables inside the test's own transaction.
    """
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_export_then_import_restores_every_row_and_media_file(
    transactional_db, full_archive, media_root, tmp_path, language
):
    rows_before = table_rows()
    media_before = media_files(media_root)
    path = tmp_path / "archive.zip"
    with translation.override(language):
        call_command("export_archive", str(path), stdout=io.StringIO())
        empty_archive(media_root)

        call_command("import_archive", str(path), stdout=io.StringIO())

    assert table_rows() == rows_before
    assert media_files(media_root) == media_before
    # The person's photo and thumbnail, two event photos' seven files each,
    # and a document with its preview.
    assert len(media_before) == 2 + 7 + 7 + 2
    # Every table held rows, so the comparison covered all of them.
    assert [table for table, rows in rows_before.items() if not rows] == []


def test_import_restored_archive_keeps_relations_and_translations(
    transactional_db, full_archive, media_root, tmp_path
):
    path = tmp_path / "archive.zip"
    call_command("export_archive", str(path), stdout=io.StringIO())
    empty_archive(media_root)

    call_command("import_archive", str(path), stdout=io.StringIO())

    academy = Event.objects.get(slug="4th-csto-academy-2015")
    draft = Event.objects.get(slug="secret-draft")
    assert academy.participating_countries.count() == 8
    assert academy.title_ru == "IV Академия ОДКБ"
    assert (draft.status, draft.title_ru) == ("draft", "Черновик")
    assert draft.participations.get().position_ru == "Гость"
    photo = Person.objects.get(slug="pictured").photo
    with photo.open("rb"):
        assert photo.read() == png_bytes("red")


def test_import_then_new_records_get_fresh_ids(
    transactional_db, full_archive, media_root, tmp_path
):
    path = tmp_path / "archive.zip"
    last_topic = Topic.objects.order_by("pk").last().pk
    call_command("export_archive", str(path), stdout=io.StringIO())
    empty_archive(media_root)
    call_command("import_archive", str(path), stdout=io.StringIO())

    topic = make_topic()

    assert topic.pk == last_topic + 1


def test_export_writes_a_manifest_with_counts(full_archive, media_root, tmp_path):
    path = tmp_path / "archive.zip"

    call_command("export_archive", str(path), stdout=io.StringIO())

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = sorted(archive.namelist())
    assert (manifest["format"], manifest["format_version"], manifest["public"]) == (
        "academy-archive",
        1,
        False,
    )
    assert manifest["counts"]["events.event"] == 4
    assert manifest["counts"]["events.participation"] == 4
    assert manifest["counts"]["people.personname"] == 6
    assert manifest["media_files"] == 18
    assert names == sorted(
        ["manifest.json", "data.json"]
        + [f"media/{name}" for name in media_files(media_root)]
    )


def test_export_public_leaves_drafts_and_their_participations_out(
    full_archive, tmp_path
):
    path = tmp_path / "public.zip"

    call_command("export_archive", str(path), "--public", stdout=io.StringIO())

    with zipfile.ZipFile(path) as archive:
        records = json.loads(archive.read("data.json"))
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
    events = [r["fields"]["slug"] for r in records if r["model"] == "events.event"]
    participations = [r for r in records if r["model"] == "events.participation"]
    assert sorted(events) == [
        "4th-csto-academy-2015",
        "csto-academy-programme-launch",
        "csto-youth-school-serbia-2015",
    ]
    assert [p["fields"]["event"] for p in participations] == [
        Event.objects.get(slug="4th-csto-academy-2015").pk
    ] * 3
    assert "Черновик" not in json.dumps(records, ensure_ascii=False)
    assert "Черновое фото" not in json.dumps(records, ensure_ascii=False)
    assert (manifest["public"], manifest["counts"]["events.event"]) == (True, 3)
    (published_photo,) = EventPhoto.objects.filter(event__status="published")
    (draft_photo,) = EventPhoto.objects.filter(event__status="draft")
    assert f"media/{published_photo.large_webp.name}" in names
    assert not [name for name in names if draft_photo.key.hex in name]


def test_export_photo_missing_from_storage_is_reported(
    full_archive, media_root, tmp_path
):
    (media_root / full_archive.photo.name).unlink()
    errors = io.StringIO()

    call_command(
        "export_archive", str(tmp_path / "a.zip"), stdout=io.StringIO(), stderr=errors
    )

    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["missing_media"] == [full_archive.photo.name]
    assert manifest["media_files"] == 18 - 1
    assert errors.getvalue() == (
        f"Missing from media storage, not exported: {full_archive.photo.name}\n"
    )


def test_export_then_import_reports_what_it_did(db, media_root, tmp_path):
    make_topic()
    path = tmp_path / "a.zip"
    exported = io.StringIO()
    imported = io.StringIO()

    call_command("export_archive", str(path), stdout=exported)
    Topic.objects.all().delete()
    call_command("import_archive", str(path), stdout=imported)

    assert exported.getvalue() == f"Exported 1 records and 0 media files to {path}.\n"
    assert imported.getvalue().startswith(
        f"Imported 1 records and 0 media files from {path}, exported at "
    )


def test_import_into_a_filled_archive_is_refused(archive_2015, media_root, tmp_path):
    path = tmp_path / "archive.zip"
    call_command("export_archive", str(path), stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("import_archive", str(path))

    assert Event.objects.count() == 3


def write_zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def manifest(**changes):
    return json.dumps(
        {"format": "academy-archive", "format_version": 1, "counts": {}} | changes
    )


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"notes.txt": "hello"}, "not an Academy Archive export"),
        ({"manifest.json": "{not json"}, "not an Academy Archive export"),
        ({"manifest.json": manifest(format="other")}, "not an Academy Archive export"),
        ({"manifest.json": manifest(format_version=99)}, "version 99"),
        ({"manifest.json": manifest()}, "holds no data"),
        (
            {
                "manifest.json": manifest(counts={"people.country": 1}),
                "data.json": "[{",
            },
            "damaged",
        ),
        (
            {
                "manifest.json": manifest(counts={"auth.user": 1}),
                "data.json": json.dumps(
                    [{"model": "auth.user", "pk": 1, "fields": {"username": "x"}}]
                ),
            },
            "does not match",
        ),
        (
            {
                "manifest.json": manifest(counts={"people.country": 1}),
                "data.json": json.dumps(
                    [{"model": "people.country", "pk": 1, "fields": {"slug": "x"}}]
                ),
            },
            "damaged",
        ),
        (
            {
                "manifest.json": manifest(),
                "data.json": "[]",
                "media/../escape.txt": "x",
            },
            "media file",
        ),
    ],
)
def test_import_foreign_or_damaged_file_is_refused(
    db, media_root, tmp_path, members, message
):
    path = write_zip(tmp_path / "foreign.zip", members)

    with pytest.raises(CommandError, match=message):
        call_command("import_archive", str(path))

    assert Country.objects.count() == 0
    assert not (tmp_path / "escape.txt").exists()


def test_import_a_file_that_is_not_a_zip_is_refused(db, tmp_path):
    path = tmp_path / "archive.zip"
    path.write_bytes(b"just some bytes")

    with pytest.raises(CommandError, match="not a readable zip file"):
        call_command("import_archive", str(path))


def test_export_public_leaves_out_a_source_only_drafts_cite(full_archive, tmp_path):
    make_draft(source=make_source(title="Leaked memo"))
    path = tmp_path / "public.zip"

    call_command("export_archive", str(path), "--public", stdout=io.StringIO())

    with zipfile.ZipFile(path) as archive:
        records = json.loads(archive.read("data.json"))
    sources = [r["fields"]["title"] for r in records if r["model"] == "events.source"]
    assert sources == [Source.objects.get(events__slug=ACADEMY_SLUG).title]


def test_export_public_leaves_out_every_suggested_correction(full_archive, tmp_path):
    public, whole = tmp_path / "public.zip", tmp_path / "all.zip"

    call_command("export_archive", str(public), "--public", stdout=io.StringIO())
    call_command("export_archive", str(whole), stdout=io.StringIO())

    exported = {}
    for path in (public, whole):
        with zipfile.ZipFile(path) as archive:
            records = json.loads(archive.read("data.json"))
        exported[path.stem] = [r for r in records if r["model"] == "events.correction"]
    assert (len(exported["public"]), len(exported["all"])) == (0, 1)


def test_export_is_readable_by_its_owner_only(full_archive, tmp_path):
    call_command("export_archive", str(tmp_path / "all.zip"), stdout=io.StringIO())

    assert oct((tmp_path / "all.zip").stat().st_mode & 0o777) == "0o600"
