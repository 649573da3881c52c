"""backup_archive and restore_archive bring back the database and media exactly.

On whichever database the suite runs on: SQLite's online backup API, or
pg_dump/pg_restore when DATABASE_URL is PostgreSQL.
"""

import json
import shutil
from io import StringIO

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.management import CommandError, call_command

from events.models import Event
from people.models import Country
from tests.factories import (
    make_country,
    make_document,
    make_event,
    make_participation,
    make_person,
    make_photo,
    make_topic,
)
from tests.helpers import media_files

pytestmark = pytest.mark.django_db(transaction=True)


def whole_database():
    out = StringIO()
    call_command("dumpdata", "--all", "--indent=0", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def archive(media_root, admin_user):
    country = make_country(name="Armenia")
    event = make_event(
        title="Closing Session", host_country=country, topics=[make_topic()]
    )
    make_participation(event, make_person(name="Anna Orlova"))
    LogEntry.objects.log_actions(admin_user.pk, [event], ADDITION)
    make_photo(event)
    make_document(event)
    (media_root / "people" / "photos").mkdir(parents=True)
    (media_root / "people" / "photos" / "anna.jpg").write_bytes(b"\xff\xd8photo")
    return event


def test_restore_brings_back_database_and_media_exactly(archive, media_root, tmp_path):
    before = whole_database(), media_files(media_root)
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    Event.objects.filter(pk=archive.pk).update(title="Changed")
    make_event(title="Added after the backup")
    archive.participations.all().delete()
    Country.objects.create(name="Narnia", slug="narnia", iso_code="QN")
    (media_root / "people" / "photos" / "anna.jpg").unlink()
    shutil.rmtree(media_root / "events")
    (media_root / "stray.txt").write_text("added after the backup")

    call_command(
        "restore_archive", str(tmp_path / "backup"), "--no-input", stdout=StringIO()
    )

    assert (whole_database(), media_files(media_root)) == before


def test_restored_database_takes_new_records(archive, media_root, tmp_path):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    call_command(
        "restore_archive", str(tmp_path / "backup"), "--no-input", stdout=StringIO()
    )

    event = make_event(title="After the restore")

    assert sorted(Event.objects.values_list("title", flat=True)) == [
        "After the restore",
        "Closing Session",
    ]
    assert event.pk > archive.pk


def test_backup_writes_manifest_database_and_media(archive, tmp_path, db):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert {
        key: manifest[key] for key in ("format", "format_version", "media_files")
    } == {
        "format": "academy-archive-backup",
        "format_version": 1,
        "media_files": 1 + 7 + 2,
    }
    assert (tmp_path / "backup" / manifest["database"]).stat().st_size > 0


def test_backup_into_a_non_empty_directory_is_refused(archive, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "keep.txt").write_text("someone else's file")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup_archive", str(tmp_path / "backup"))


def test_restore_from_an_unfinished_backup_is_refused(archive, tmp_path):
    (tmp_path / "backup").mkdir()

    with pytest.raises(CommandError, match="is not a finished backup"):
        call_command("restore_archive", str(tmp_path / "backup"), "--no-input")

    assert Event.objects.get().title == "Closing Session"


def test_restore_from_another_engine_is_refused(archive, tmp_path):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    manifest_file = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["engine"] = "mysql"
    manifest_file.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="is of a mysql database"):
        call_command("restore_archive", str(tmp_path / "backup"), "--no-input")


def test_restore_unconfirmed_changes_nothing(archive, tmp_path, monkeypatch):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    Event.objects.update(title="Changed")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore_archive", str(tmp_path / "backup"))

    assert Event.objects.get().title == "Changed"


def test_restore_reads_a_backup_written_before_the_manifests_agreed(archive, tmp_path):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    manifest_file = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["version"] = manifest.pop("format_version")
    manifest["created"] = manifest.pop("created_at")
    manifest_file.write_text(json.dumps(manifest))
    Event.objects.update(title="Changed")

    call_command(
        "restore_archive", str(tmp_path / "backup"), "--no-input", stdout=StringIO()
    )

    assert Event.objects.get().title == "Closing Session"


def test_restore_refuses_a_backup_of_another_format_version(archive, tmp_path):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())
    manifest_file = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["format_version"] = 2
    manifest_file.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="Format version 2 is not supported"):
        call_command("restore_archive", str(tmp_path / "backup"), "--no-input")


def test_backup_is_readable_by_its_owner_only(archive, tmp_path):
    call_command("backup_archive", str(tmp_path / "backup"), stdout=StringIO())

    backup = tmp_path / "backup"
    modes = {
        path.relative_to(tmp_path): oct(path.stat().st_mode & 0o777)
        for path in (backup, *backup.rglob("*"))
    }
    assert set(modes.values()) == {"0o700", "0o600"}
    assert modes[backup.relative_to(tmp_path)] == "0o700"
    assert {mode for path, mode in modes.items() if path.suffix} == {"0o600"}
