"""Files offered to the admin's import, refused before a row is read when they
are too big to import in one request: the import and its preview read every
row in the request, so a file of 100,000 rows kept a worker (and the
database) busy for more than 25 minutes."""

import csv
import io
import itertools
import logging
import zipfile

import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

log = logging.getLogger(__name__)

# How many rows one file may hold, its header aside. A confirmed import writes
# every row in one transaction (all or none), which on SQLite holds the
# database's only write lock: at 47 ms a row (events with a country, topic and
# speaker, an idle 2-core machine, 2026-12), 300 rows hold it some 14 s, within
# the 20 s other staff's saves and logins wait for it (academy/settings.py).
MAX_ROWS = 300
# How big a file may be: far more than 300 rows need, long summaries in both
# languages included.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# What an XLSX file may unpack to (its zip members, as their headers declare).
MAX_UNPACKED_BYTES = 10 * MAX_IMPORT_BYTES


def too_many_rows():
    return ValidationError(
        _("A file may hold at most %(most)s rows: import it in parts.")
        % {"most": number_format(MAX_ROWS, force_grouping=True)}
    )


def csv_row_count(upload):
    """How many records of a CSV upload the import would read (UTF-8, a
    byte-order mark allowed, empty lines skipped), header included, counted
    up to one too many."""
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        return counted_up_to_limit(record for record in csv.reader(text) if record)
    finally:
        text.detach()  # the upload stays open for the import to read


def xlsx_row_count(upload):
    """How many rows of an XLSX upload's first sheet the import would read,
    header included, counted up to one too many. ValidationError, before a
    row is read, if the sheet declares more rows than a file may hold
    (openpyxl reads a sheet to its declared size) or the file unpacks to too
    much."""
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("This file unpacks to more than %(most)s: import it in parts.")
            % {"most": filesizeformat(MAX_UNPACKED_BYTES)}
        )
    workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.active
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise too_many_rows()
        return counted_up_to_limit(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def counted_up_to_limit(rows):
    """How many of `rows` there are, the header and MAX_ROWS more at most."""
    return sum(1 for _row in itertools.islice(rows, MAX_ROWS + 2))


COUNTERS = {"csv": csv_row_count, "xlsx": xlsx_row_count}


def check_import_file(upload, file_format):
    """ValidationError if `upload`, in `file_format` ("csv" or "xlsx"), is
    bigger than a file may be or holds more rows: reading stops at the first
    row too many."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("A file may be at most %(most)s: import it in parts.")
            % {"most": filesizeformat(MAX_IMPORT_BYTES)}
        )
    try:
        rows = COUNTERS[file_format](upload)
    except ValidationError:
        raise
    except Exception as error:  # any way an uploaded file can be unreadable
        log.warning("An import file could not be read", exc_info=True)
        raise ValidationError(
            _("This file cannot be read as %(format)s.")
            % {"format": file_format.upper()}
        ) from error
    finally:
        upload.seek(0)
    if rows > MAX_ROWS + 1:
        raise too_many_rows()


class ImportFileForm(ImportForm):
    """django-import-export's import form, refusing a file too big to import
    (check_import_file) with an error on the file."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("import_file")
        chosen = cleaned_data.get("format")
        if upload and chosen:
            file_format = self.import_formats[int(chosen)]().get_title()
            try:
                check_import_file(upload, file_format)
            except ValidationError as error:
                self.add_error("import_file", error)
        return cleaned_data
