"""The people list as CSV rows, written by events.exports.csv_response."""

from events.exports import CHUNK_SIZE, names

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
