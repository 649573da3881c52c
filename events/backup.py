"""The whole archive, records and media, as one zip file, and back.

The zip holds `manifest.json` (format, version, when, counts), `data.json`
written by Django's own serializer (what `dumpdata` writes, so `loaddata` reads
it back with its constraint checks and sequence resets), and every referenced
media file under `media/`, at its storage name.
"""

import datetime
import json
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
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Event, Participation

FORMAT = "academy-archive"
FORMAT_VERSION = 1
ARCHIVE_APPS = ("people", "events")
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_DIR = "media/"

# What a public dump leaves out: drafts and everything said about them.
PUBLIC_ONLY = {
    Event: models.Q(status=Event.Status.PUBLISHED),
    Participation: models.Q(event__status=Event.Status.PUBLISHED),
}


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds, not milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive file cannot be written or restored; the message says why."""


def archive_models():
    return [
        model
        for label in ARCHIVE_APPS
        for model in apps.get_app_config(label).get_models()
    ]


def records(public):
    for model in archive_models():
        queryset = model._base_manager.order_by("pk")
        if public and model in PUBLIC_ONLY:
            queryset = queryset.filter(PUBLIC_ONLY[model])
        yield from queryset.iterator()


def media_names(instance):
    for field in instance._meta.fields:
        if isinstance(field, models.FileField) and getattr(instance, field.attname):
            yield getattr(instance, field.attname).name


def export_archive(path, *, public=False):
    """Write the archive to `path`; return the manifest."""
    counts = {model._meta.label_lower: 0 for model in archive_models()}
    media = set()

    def counted():
        for instance in records(public):
            counts[instance._meta.label_lower] += 1
            media.update(media_names(instance))
            yield instance

    # Streamed entries otherwise carry the zip format's epoch, 1980, as their date.
    data_entry = zipfile.ZipInfo(DATA, date_time=timezone.now().timetuple()[:6])
    data_entry.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        # Translated fields are read through the active language: read them as
        # stored, in the default language, whoever runs the export.
        with (
            translation.override(settings.LANGUAGE_CODE),
            archive.open(data_entry, "w") as raw,
            TextIOWrapper(raw, encoding="utf-8") as data,
        ):
            serializers.serialize(
                "json", counted(), stream=data, indent=1, cls=LosslessJSONEncoder
            )
        missing = sorted(name for name in media if not default_storage.exists(name))
        for name in sorted(media - set(missing)):
            with default_storage.open(name, "rb") as file:
                archive.writestr(MEDIA_DIR + name, file.read())
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "public": public,
            "counts": counts,
            "media_files": len(media) - len(missing),
            "missing_media": missing,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This is not an Academy Archive export.")) from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("counts"), dict)
    ):
        raise BackupError(_("This is not an Academy Archive export."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("Export format version %(found)s is not supported (expected %(ours)s).")
            % {"found": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
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
            manifest = read_manifest(archive)
            check_empty()
            data = archive.read(DATA)
            check_records(data, manifest)
            if any(manifest["counts"].values()):
                with tempfile.TemporaryDirectory() as directory:
                    fixture = Path(directory) / DATA
                    fixture.write_bytes(data)
                    call_command("loaddata", str(fixture), verbosity=0)
            manifest["media_restored"] = restore_media(archive)
    except KeyError as error:
        raise BackupError(_("The export holds no data.")) from error
    except (zipfile.BadZipFile, DeserializationError, DatabaseError) as error:
        raise BackupError(
            _("The export is damaged and was not restored: %(error)s")
            % {"error": error}
        ) from error
    return manifest
