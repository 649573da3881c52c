"""A consistent copy of the whole database and the media, and an exact restore.

Unlike events/backup.py (a portable zip of the archive's records), this copies
the database itself, every table (users, admin history, sessions) included, with
the engine's own tool: SQLite's online backup API or pg_dump. A backup is a
directory holding `manifest.json`, the database file and `media/`, a copy of
MEDIA_ROOT. The manifest is written last, so a directory without one is an
unfinished backup and is never restored.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "academy-archive-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why."""


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
    destination.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        _sqlite_copy(connection, destination / database_file, restore=False)
    else:
        _pg_dump(connection, destination / database_file)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, destination / MEDIA)
    else:
        (destination / MEDIA).mkdir()
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database": database_file,
        "media_files": sum(1 for p in (destination / MEDIA).rglob("*") if p.is_file()),
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(source, *, using=DEFAULT_DB_ALIAS):
    """Replace the database and the media with the backup in `source`."""
    source = Path(source)
    manifest = read_manifest(source)
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
    return manifest


def read_manifest(source):
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(path)s is not a finished backup: %(error)s")
            % {"path": source, "error": error}
        ) from error
    if (manifest.get("format"), manifest.get("version")) != (FORMAT, FORMAT_VERSION):
        raise BackupError(
            _("%(path)s is not a backup of this format.") % {"path": source}
        )
    return manifest


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
