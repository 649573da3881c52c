"""CSV downloads of filtered lists, safe to open in a spreadsheet.

Rows are streamed in chunks, so a list of any length costs bounded memory and
nothing is cut off: a script gets every record the filters select.
"""

import csv

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation

from academy.spreadsheets import safe_cell

CHUNK_SIZE = 500
SEPARATOR = "; "


def names(records):
    return SEPARATOR.join(str(record) for record in records)


class Echo:
    """The file-like object csv.writer needs; each write returns its line."""

    def write(self, value):
        return value


def csv_response(header, rows, filename):
    """Stream `rows` (lists of values) under `header` as a UTF-8 CSV download.

    The rows are produced while the response streams, after the view has
    returned, so the view's language is kept for translated names.
    """
    language = translation.get_language()
    writer = csv.writer(Echo())

    def lines():
        with translation.override(language):
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow([safe_cell(value) for value in row])

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
    "series",
    "session_number",
    "organizers",
    "participating_countries",
    "topics",
    "speakers",
    "summary",
    "source",
    "url",
)


def event_rows(events, absolute):
    """One row per event, dates only as precise as known ("2015-10")."""
    for event in events.iterator(chunk_size=CHUNK_SIZE):
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
            event.series,
            event.session_number,
            names(event.organizers.all()),
            names(event.participating_countries.all()),
            names(event.topics.all()),
            names(participation.person for participation in event.speaker_list),
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
    "country",
    "url",
)


def person_rows(people, absolute):
    for person in people.iterator(chunk_size=CHUNK_SIZE):
        yield (
            person.slug,
            person.name,
            person.sort_name,
            names(person.alternative_names.all()),
            person.position,
            person.organization,
            person.country,
            absolute(person.get_absolute_url()),
        )


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
