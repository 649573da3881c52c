"""Copies of the archive, and their restore: two kinds, one format of manifest.

- A *backup* (backup/restore) copies the database itself, every table (users,
  admin history, sessions) included, with the engine's own tool: SQLite's
  online backup API or pg_dump. It is a directory holding `manifest.json`, the
  database file and `media/`, a copy of MEDIA_ROOT. The manifest is written
  last, so a directory without one is an unfinished backup, never restored.
- An *export* (export_archive/import_archive) is a portable zip of the records
  of the apps in settings.ARCHIVE_APPS: `manifest.json`, `data.json` written by
  Django's own serializer (what `dumpdata` writes, so `loaddata` reads it back
  with its constraint checks and sequence resets), and every referenced media
  file under `media/`, at its storage name. It restores into any database.

Both manifests carry `format`, `format_version` and `created_at`, and both are
checked by `check_manifest`. Nothing here knows a model of ours: what a public
export leaves out is given by the caller.
"""

import contextlib
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections import Counter
from io import TextIOWrapper
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .cache_invalidation import archive_changed
from .writes import rebuild_derived_data

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BACKUP_FORMAT = "academy-archive-backup"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
EXPORT_FORMAT = "academy-archive"
DATA = "data.json"
MEDIA_DIR = "media/"


# Backups hold password hashes, sessions and login logs: for their owner only.
PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700


@contextlib.contextmanager
def owner_only():
    """Files and folders created inside are readable by their owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


class BackupError(Exception):
    """A backup or export cannot be written or restored; the message says why."""


def new_manifest(format, **fields):
    return {
        "format": format,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        **fields,
    }


def check_manifest(manifest, format, not_ours):
    """`manifest` if it is one of `format` in our version; else BackupError,
    with the message `not_ours` when it is not of this format at all."""
    if not isinstance(manifest, dict) or manifest.get("format") != format:
        raise BackupError(not_ours)
    # Backups written before the two manifests agreed named these two keys so.
    for key, old in (("format_version", "version"), ("created_at", "created")):
        if key not in manifest and old in manifest:
            manifest[key] = manifest.pop(old)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("Format version %(found)s is not supported (expected %(ours)s).")
            % {"found": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    return manifest


# Backups of the whole database.


def backup(destination, *, using=DEFAULT_DB_ALIAS):
    """Write the database and the media to `destination`, a new or empty directory."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(_("%(path)s is not empty.") % {"path": destination})
    connection = connections[using]
    database_file = DATABASE_FILES.get(connection.vendor)
    if database_file is None:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    with owner_only():
        destination.mkdir(parents=True, exist_ok=True)
        destination.chmod(PRIVATE_DIRECTORY)
        if connection.vendor == "sqlite":
            _sqlite_copy(connection, destination / database_file, restore=False)
        else:
            _pg_dump(connection, destination / database_file)
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            # copytree copies each file's mode too: made private just after.
            shutil.copytree(media, destination / MEDIA)
        else:
            (destination / MEDIA).mkdir()
        for path in destination.rglob("*"):
            path.chmod(PRIVATE_DIRECTORY if path.is_dir() else PRIVATE_FILE)
        manifest = new_manifest(
            BACKUP_FORMAT,
            engine=connection.vendor,
            database=database_file,
            media_files=sum(1 for p in (destination / MEDIA).rglob("*") if p.is_file()),
        )
        (destination / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(source, *, using=DEFAULT_DB_ALIAS):
    """Replace the database and the media with the backup in `source`."""
    source = Path(source)
    manifest = read_backup_manifest(source)
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("This backup is of a %(engine)s database, not %(vendor)s.")
            % {"engine": manifest["engine"], "vendor": connection.vendor}
        )
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    database_file = source / DATABASE_FILES[connection.vendor]
    if connection.vendor == "sqlite":
        _sqlite_copy(connection, database_file, restore=True)
    else:
        _pg_restore(connection, database_file)
    _replace_media(source / MEDIA, Path(settings.MEDIA_ROOT))
    # What is derived from the records (academy/writes.py) came with them, as
    # it stood when the backup was made; only the cached pages are stale.
    archive_changed()
    return manifest


def read_backup_manifest(source):
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(path)s is not a finished backup: %(error)s")
            % {"path": source, "error": error}
        ) from error
    return check_manifest(
        manifest,
        BACKUP_FORMAT,
        _("%(path)s is not a backup of this format.") % {"path": source},
    )


def _sqlite_copy(connection, path, *, restore):
    """Copy page by page with SQLite's online backup API, safe while in use."""
    if restore and not path.is_file():
        raise BackupError(_("%(path)s is missing.") % {"path": path})
    connection.ensure_connection()
    other = sqlite3.connect(path)
    try:
        if restore:
            other.backup(connection.connection)
        else:
            connection.connection.backup(other)
    except sqlite3.Error as error:
        raise BackupError(error) from error
    finally:
        other.close()


def _pg_dump(connection, path):
    _run_pg(connection, ["pg_dump", "--format=custom", f"--file={path}"])


def _pg_restore(connection, path):
    if not path.is_file():
        raise BackupError(_("%(path)s is missing.") % {"path": path})
    # One transaction: a failed restore leaves the database as it was.
    _run_pg(
        connection,
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        ],
    )


def _run_pg(connection, command):
    params = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    try:
        subprocess.run(
            [*command, f"--dbname={params['NAME']}"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as error:
        raise BackupError(
            _("%(tool)s is not installed: install PostgreSQL's client tools.")
            % {"tool": command[0]}
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(error.stderr.strip()) from error


def _replace_media(backup_media, media_root):
    """Make MEDIA_ROOT hold exactly the backup's files (it may be a mount point)."""
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.copytree(backup_media, media_root, dirs_exist_ok=True)


# Portable exports of the archive's records.


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds, not milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def archive_models():
    return [
        model
        for label in settings.ARCHIVE_APPS
        for model in apps.get_app_config(label).get_models()
        # Counts and the like, rebuilt from the records on import.
        if not getattr(model, "derived", False)
    ]


def records(public_only):
    """Every archive record; of the models in `public_only`, only those its
    condition selects."""
    for model in archive_models():
        queryset = model._base_manager.order_by("pk")
        if model in public_only:
            queryset = queryset.filter(public_only[model])
        yield from queryset.iterator()


def media_names(instance):
    for field in instance._meta.fields:
        if isinstance(field, models.FileField) and getattr(instance, field.attname):
            yield getattr(instance, field.attname).name


def export_archive(path, *, public_only=None):
    """Write the archive to `path`; return the manifest.

    `public_only` ({model: Q}) leaves out what is not public, for publishing.
    """
    public_only = public_only or {}
    counts = {model._meta.label_lower: 0 for model in archive_models()}
    media = set()

    def records_counted_by_model():
        """Each record exported, counted by model, its media files noted."""
        for instance in records(public_only):
            counts[instance._meta.label_lower] += 1
            media.update(media_names(instance))
            yield instance

    # Streamed entries otherwise carry the zip format's epoch, 1980, as their date.
    data_entry = zipfile.ZipInfo(DATA, date_time=timezone.now().timetuple()[:6])
    data_entry.compress_type = zipfile.ZIP_DEFLATED
    with owner_only(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        # Translated fields are read through the active language: read them as
        # stored, in the default language, whoever runs the export.
        with (
            translation.override(settings.LANGUAGE_CODE),
            archive.open(data_entry, "w") as raw,
            TextIOWrapper(raw, encoding="utf-8") as data,
        ):
            serializers.serialize(
                "json",
                records_counted_by_model(),
                stream=data,
                indent=1,
                cls=LosslessJSONEncoder,
            )
        missing = sorted(name for name in media if not default_storage.exists(name))
        for name in sorted(media - set(missing)):
            with default_storage.open(name, "rb") as file:
                archive.writestr(MEDIA_DIR + name, file.read())
        manifest = new_manifest(
            EXPORT_FORMAT,
            public=bool(public_only),
            counts=counts,
            media_files=len(media) - len(missing),
            missing_media=missing,
        )
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest


def read_export_manifest(archive):
    not_ours = _("This is not an Academy Archive export.")
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(not_ours) from error
    manifest = check_manifest(manifest, EXPORT_FORMAT, not_ours)
    if not isinstance(manifest.get("counts"), dict):
        raise BackupError(not_ours)
    return manifest


def check_records(data, manifest):
    """Only archive records, as many of each as the manifest says."""
    allowed = {model._meta.label_lower for model in archive_models()}
    try:
        labels = [record["model"] for record in json.loads(data)]
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError(_("The export's data is damaged.")) from error
    expected = {label: count for label, count in manifest["counts"].items() if count}
    if not set(labels) <= allowed or Counter(labels) != expected:
        raise BackupError(_("The export's data does not match its manifest."))


def check_empty():
    filled = [
        model._meta.verbose_name_plural
        for model in archive_models()
        if model._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            _(
                "The archive is not empty (it holds %(tables)s); an export is only "
                "restored into an empty database, so nothing is overwritten."
            )
            % {"tables": ", ".join(str(name) for name in filled)}
        )


def restore_media(archive):
    """Put every media file back at its name; undo them all if one fails."""
    written = []
    try:
        for member in archive.namelist():
            if not member.startswith(MEDIA_DIR) or member.endswith("/"):
                continue
            name = member.removeprefix(MEDIA_DIR)
            content = archive.read(member)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as existing:
                    if existing.read() == content:
                        continue
                raise BackupError(
                    _("A different media file already exists at %(name)s.")
                    % {"name": name}
                )
            written.append(default_storage.save(name, ContentFile(content)))
            if written[-1] != name:
                raise BackupError(
                    _("The media file %(name)s cannot be stored under its name.")
                    % {"name": name}
                )
    except BaseException as error:
        for name in written:
            default_storage.delete(name)
        if isinstance(error, SuspiciousFileOperation):
            raise BackupError(
                _("The export names a media file outside the media folder.")
            ) from error
        raise
    return len(written)


def import_archive(path):
    """Restore the archive at `path` into an empty database; return the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(
            _("%(path)s is not a readable zip file.") % {"path": path}
        ) from error
    try:
        with (
            archive,
            transaction.atomic(),
            translation.override(settings.LANGUAGE_CODE),
        ):
            manifest = read_export_manifest(archive)
            check_empty()
            data = archive.read(DATA)
            check_records(data, manifest)
            if any(manifest["counts"].values()):
                with tempfile.TemporaryDirectory() as directory:
                    fixture = Path(directory) / DATA
                    fixture.write_bytes(data)
                    call_command("loaddata", str(fixture), verbosity=0)
                # loaddata keeps nothing derived (the tallies, left out of
                # exports, and the documents that read other records).
                rebuild_derived_data()
            manifest["media_restored"] = restore_media(archive)
    except KeyError as error:
        raise BackupError(_("The export holds no data.")) from error
    except (zipfile.BadZipFile, DeserializationError, DatabaseError) as error:
        raise BackupError(
            _("The export is damaged and was not restored: %(error)s")
            % {"error": error}
        ) from error
    return manifest
