"""The public archive as a Frictionless Data Package
(https://specs.frictionlessdata.io/): a CSV file per kind of record and per
link of a published event, joined by slugs, and `datapackage.json`, which
describes each file's columns, keys and types, the licence and the sources.

Both languages are columns of one package (`name_en`, `name_ru`). The files
are read from the data at each request, so the package follows every save;
their ETag and Last-Modified come from the archive's newest change. Dates
are text as precise as they are known ("2015", "2015-10", "2015-06-25"),
with `date_precision` beside them. The CSV holds the values as stored (no
spreadsheet escaping): the package is for programs; the lists' own CSV
downloads are the ones made for spreadsheets.
"""

from dataclasses import dataclass
from operator import attrgetter, itemgetter

from django.conf import settings
from django.urls import reverse

from .. import selectors
from .exports import ROWS_PER_READ, csv_response

NAME = "academy-archive"
# A date as precise as it is known.
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
LANGUAGES = ("en", "ru")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    read: object  # the value of a row's record
    type: str = "string"
    # The table whose slugs this column holds, for a foreign key.
    joins: str | None = None
    constraints: tuple = ()

    def field(self):
        """The column as a Table Schema field."""
        field = {"name": self.name, "type": self.type, "description": self.description}
        if self.constraints:
            field["constraints"] = dict(self.constraints)
        return field


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    records: object  # () -> the rows' records, in the file's order
    columns: tuple
    primary_key: tuple

    def schema(self):
        return {
            "fields": [column.field() for column in self.columns],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
            "foreignKeys": [
                {
                    "fields": column.name,
                    "reference": {"resource": column.joins, "fields": "slug"},
                }
                for column in self.columns
                if column.joins
            ],
        }

    def rows(self):
        for record in self.records().iterator(chunk_size=ROWS_PER_READ):
            yield [column.read(record) for column in self.columns]


# A key's constraints.
REQUIRED = (("required", True), ("unique", True))


def slug_column():
    return Column(
        "slug",
        "Its key, as in the archive's addresses.",
        attrgetter("slug"),
        constraints=REQUIRED,
    )


def translated(field, description):
    """A column for each language version of a translated `field`."""
    return tuple(
        Column(
            f"{field}_{language}",
            f"{description} ({language})",
            attrgetter(f"{field}_{language}"),
        )
        for language in LANGUAGES
    )


def joined(name, attribute, table, description):
    """A column of the slug of the record at `attribute`, a key of `table`."""

    def read(record):
        linked = getattr(record, attribute)
        return linked.slug if linked else ""

    return Column(name, description, read, joins=table)


def link_table(relation, name, record_table, record_column, title):
    """A table of (event, record) for each link of a published event by the
    many-to-many `relation`."""
    return Table(
        name,
        title,
        lambda: selectors.event_link_table(relation),
        (
            Column("event", "The event's slug.", itemgetter(0), joins="events"),
            Column(
                record_column, "The record's slug.", itemgetter(1), joins=record_table
            ),
        ),
        ("event", record_column),
    )


# What each many-to-many relation of an event is called in the package: its
# file, the table its records are in, and their column.
LINK_TABLES = {
    "participating_countries": (
        "event_participating_countries",
        "countries",
        "country",
        "Countries that took part in each event",
    ),
    "mentioned_countries": (
        "event_discussed_countries",
        "countries",
        "country",
        "Countries discussed at each event",
    ),
    "topics": ("event_topics", "topics", "topic", "Topics of each event"),
    "organizers": (
        "event_organizers",
        "organizations",
        "organization",
        "Organizations that organized each event",
    ),
    "mentioned_organizations": (
        "event_discussed_organizations",
        "organizations",
        "organization",
        "Organizations discussed at each event",
    ),
}


def tables():
    """The package's tables, records before the links that join them."""
    return (
        Table(
            "countries",
            "Countries",
            selectors.country_table,
            (
                slug_column(),
                *translated("name", "Its name"),
                Column("iso_code", "ISO 3166-1 alpha-2 code.", attrgetter("iso_code")),
            ),
            ("slug",),
        ),
        Table(
            "organizations",
            "Organizations",
            selectors.organization_table,
            (
                slug_column(),
                *translated("name", "Its name"),
                *translated("acronym", "Its acronym"),
                Column("kind", "What kind of organization.", attrgetter("kind")),
                joined("country", "country", "countries", "Where it is based."),
                Column("website", "Its website.", attrgetter("website")),
            ),
            ("slug",),
        ),
        Table(
            "topics",
            "Topics",
            selectors.topic_table,
            (slug_column(), *translated("name", "Its name")),
            ("slug",),
        ),
        Table(
            "series",
            "Series of sessions",
            selectors.series_table,
            (slug_column(), *translated("name", "Its name")),
            ("slug",),
        ),
        Table(
            "people",
            "People",
            selectors.person_table,
            (
                slug_column(),
                *translated("name", "Their name"),
                *translated("position", "Their position"),
                joined(
                    "organization",
                    "organization",
                    "organizations",
                    "The organization they work for.",
                ),
                joined("country", "country", "countries", "Their country."),
            ),
            ("slug",),
        ),
        Table(
            "events",
            "Events (published)",
            selectors.event_table,
            (
                slug_column(),
                *translated("title", "Its title"),
                Column("kind", "What kind of event.", attrgetter("kind")),
                Column(
                    "outcome",
                    "held, or announced and not known to have taken place.",
                    attrgetter("outcome"),
                ),
                Column(
                    "start_date",
                    "When it began, as precisely as known.",
                    attrgetter("start_iso"),
                    constraints=(("required", True), ("pattern", PARTIAL_DATE)),
                ),
                Column(
                    "end_date",
                    "When it ended, as precisely as known; empty if unknown.",
                    attrgetter("end_iso"),
                    constraints=(("pattern", PARTIAL_DATE),),
                ),
                Column(
                    "date_precision",
                    "day, month or year: how precisely its dates are known.",
                    attrgetter("date_precision"),
                ),
                *translated("city", "Its city"),
                *translated("venue", "Its venue"),
                joined("host_country", "host_country", "countries", "Its host."),
                joined("series", "series", "series", "The series it is a session of."),
                Column(
                    "session_number",
                    "Its number in the series.",
                    attrgetter("session_number"),
                    type="integer",
                ),
                *translated("summary", "Its summary"),
            ),
            ("slug",),
        ),
        *(
            link_table(relation, *LINK_TABLES[relation.name])
            for relation in selectors.event_link_relations()
        ),
        Table(
            "speakers",
            "The speakers of each event, in order",
            selectors.speaker_table,
            (
                Column("event", "The event's slug.", itemgetter(0), joins="events"),
                Column("person", "The speaker's slug.", itemgetter(1), joins="people"),
                Column("role", "Their part.", itemgetter(2)),
                Column("position_en", "Their position at the time (en)", itemgetter(3)),
                Column("position_ru", "Their position at the time (ru)", itemgetter(4)),
                Column(
                    "order", "Their place in the list.", itemgetter(5), type="integer"
                ),
            ),
            ("event", "person"),
        ),
    )


def table_named(name):
    """The table of the file `name`.csv, or None."""
    return next((table for table in tables() if table.name == name), None)


def descriptor():
    """datapackage.json: each file, its schema, the licence and sources."""
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Academy Archive",
        "homepage": settings.SITE_URL + reverse("events:home"),
        "licenses": [
            {"name": settings.DATA_LICENSE, "path": settings.DATA_LICENSE_URL}
        ],
        "sources": [
            {"title": source.title, **({"path": source.url} if source.url else {})}
            for source in selectors.source_table()
        ],
        "resources": [
            {
                "name": table.name,
                "title": table.title,
                "profile": "tabular-data-resource",
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(),
            }
            for table in tables()
        ],
    }


def table_response(table):
    """The table as a streamed CSV file, its header the columns' names."""
    header = [column.name for column in table.columns]
    return csv_response(
        header, table.rows(), f"{table.name}.csv", for_spreadsheets=False
    )


def dcat_record(absolute, modified):
    """The package as a DCAT dataset (JSON-LD): a distribution per file and
    one for datapackage.json; `absolute(path)` makes an address absolute,
    `modified` is the archive's newest change or None."""
    distributions = [
        {
            "@type": "dcat:Distribution",
            "dct:title": "datapackage.json",
            "dcat:downloadURL": {"@id": absolute(reverse("data-package"))},
            "dcat:mediaType": "application/json",
            "dct:conformsTo": {
                "@id": "https://specs.frictionlessdata.io/data-package/"
            },
        },
        *(
            {
                "@type": "dcat:Distribution",
                "dct:title": table.title,
                "dcat:downloadURL": {
                    "@id": absolute(reverse("data-table", args=[table.name]))
                },
                "dcat:mediaType": "text/csv",
            }
            for table in tables()
        ),
    ]
    home = settings.SITE_URL + reverse("events:home")
    record = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("data-catalog")),
        "@type": "dcat:Dataset",
        "dct:title": "Academy Archive",
        "dct:description": (
            "Events (academy sessions, schools, conferences), the people who "
            "spoke, the countries and organizations that took part or were "
            "discussed, and their topics, as CSV files joined by slugs."
        ),
        "dct:license": {"@id": settings.DATA_LICENSE_URL},
        "dct:publisher": {
            "@id": home,
            "@type": "foaf:Organization",
            "foaf:name": "Academy Archive",
        },
        "dcat:landingPage": {"@id": home},
        "dct:language": ["en", "ru"],
        "dcat:distribution": distributions,
    }
    if modified:
        record["dct:modified"] = {
            "@value": modified.isoformat(),
            "@type": "xsd:dateTime",
        }
    return record
