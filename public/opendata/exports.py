"""CSV downloads of filtered lists, safe to open in a spreadsheet.

Rows are streamed in chunks, so a list of any length costs bounded memory and
nothing is cut off: a script gets every record the filters select.

The file starts with a byte order mark: Excel opens a CSV in the computer's
ANSI code page unless it is so marked, and garbles Cyrillic; Python reads it
with encoding="utf-8-sig". Beside each linked record's name is its slug, as
the API and the filters (?topic=<slug>) know it.
"""

import csv
import hashlib

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from academy.spreadsheets import safe_cell

ROWS_PER_READ = 500
CELL_SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"


def names(records):
    return CELL_SEPARATOR.join(str(record) for record in records)


def slugs(records):
    """The slugs of `records`, in the order names() gives their names."""
    return CELL_SEPARATOR.join(record.slug for record in records)


def slug_of(record):
    return record.slug if record else ""


class Echo:
    """The file-like object csv.writer needs; each write returns its line."""

    def write(self, value):
        return value


def plain_cell(value):
    return "" if value is None else value


def csv_response(header, rows, filename, *, for_spreadsheets=True):
    """Stream `rows` (lists of values) under `header` as a UTF-8 CSV download:
    for spreadsheets, marked as UTF-8 and with formulas escaped; otherwise
    (for programs) with the values as stored.

    The rows are produced while the response streams, after the view has
    returned, so the view's language is kept for translated names.
    """
    language = translation.get_language()
    writer = csv.writer(Echo())
    mark, cell = (BYTE_ORDER_MARK, safe_cell) if for_spreadsheets else ("", plain_cell)

    def lines():
        with translation.override(language):
            yield mark + writer.writerow(header)
            for row in rows:
                yield writer.writerow([cell(value) for value in row])

    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8; header=present",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


EVENT_HEADER = (
    "slug",
    "title",
    "kind",
    "outcome",
    "start_date",
    "end_date",
    "date_precision",
    "city",
    "venue",
    "host_country",
    "host_country_slug",
    "series",
    "series_slug",
    "session_number",
    "organizers",
    "organizer_slugs",
    "participating_countries",
    "participating_country_slugs",
    "topics",
    "topic_slugs",
    "speakers",
    "speaker_slugs",
    "summary",
    "source",
    "url",
)


def event_rows(events, absolute):
    """One row per event, dates only as precise as known ("2015-10")."""
    for event in events.iterator(chunk_size=ROWS_PER_READ):
        speakers = [participation.person for participation in event.speaker_list]
        yield (
            event.slug,
            event.title,
            event.kind,
            event.outcome,
            event.start_iso,
            event.end_iso,
            event.date_precision,
            event.city,
            event.venue,
            event.host_country,
            slug_of(event.host_country),
            event.series,
            slug_of(event.series),
            event.session_number,
            names(event.organizers.all()),
            slugs(event.organizers.all()),
            names(event.participating_countries.all()),
            slugs(event.participating_countries.all()),
            names(event.topics.all()),
            slugs(event.topics.all()),
            names(speakers),
            slugs(speakers),
            event.summary,
            event.source,
            absolute(event.get_absolute_url()),
        )


PERSON_HEADER = (
    "slug",
    "name",
    "sort_name",
    "alternative_names",
    "position",
    "organization",
    "organization_slug",
    "country",
    "country_slug",
    "url",
)


def person_rows(people, absolute):
    for person in people.iterator(chunk_size=ROWS_PER_READ):
        yield (
            person.slug,
            person.name,
            person.sort_name,
            names(person.alternative_names.all()),
            person.position,
            person.organization,
            slug_of(person.organization),
            person.country,
            slug_of(person.country),
            absolute(person.get_absolute_url()),
        )


def download_with_validators(request, records, newest, stream):
    """The download `stream()` makes, with an ETag and Last-Modified, or 304
    when the client holds it.

    Last-Modified is the archive's `newest` change, not when this answer was
    made. The ETag adds what else decides the bytes: the URL (filters and
    language) and how many records it selects, which a deletion lowers
    without a newer change.
    """
    count = records.count()
    stamp = f"{request.get_full_path()} {translation.get_language()} {count} {newest}"
    etag = f'"{hashlib.md5(stamp.encode(), usedforsecurity=False).hexdigest()}"'
    modified = int(newest.timestamp()) if newest else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        response = stream()
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    return response


def invalid_filters(filterset):
    """400 naming each bad parameter: never a silently unfiltered download."""
    lines = [
        f"{name}: {message}"
        for name, messages in filterset.errors.items()
        for message in messages
    ]
    return HttpResponseBadRequest(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
