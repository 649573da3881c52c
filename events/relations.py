"""Each relation of an event, declared once: what the public filters, the
facets, the tallies, text search and cache invalidation know of it.

A `Relation` names Event's field; the related model and the rows that link
them (the through model of a many-to-many field, Participation for speakers)
are read from that field. Everything else says which reader uses it:
- `parameter`: the public filter that takes the related records' slugs,
  also the name of the events list's facet that counts the events of each;
- `measure`: the tally counting a record's published events in this role
  (events/tallies.py), read by the facet over the whole archive;
- `searched_by`: the related record's field a text search of events reads
  (events/search.py), or None when search does not find an event by it;
- `listed`: whether the related record's page lists the event, so a change
  to the link makes that page stale (academy/cache_tags.py `listed_on`);
- `link_listed_on`: further pages that list the linking rows themselves.

The module imports no model, so any module may import it; the fields are
looked up when asked for, once the app registry is ready.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Relation:
    name: str
    parameter: str | None = None
    measure: str | None = None
    searched_by: str | None = None
    listed: bool = True
    link_listed_on: tuple[str, ...] = ()

    @property
    def field(self):
        return apps.get_model("events", "Event")._meta.get_field(self.name)

    @property
    def model(self):
        """The related records' model."""
        return self.field.related_model

    @property
    def through(self):
        """The model of the rows linking an event to the records, or None for
        a foreign key of the event itself."""
        return self.field.remote_field.through if self.field.many_to_many else None

    def event_keys_linked_to(self, records):
        """A subquery of the keys of the events linked to any of `records`
        (records, their keys or a subquery of them).

        An IN over the linking rows, not a correlated EXISTS: SQLite then
        reads the few linked rows from the (target, owner) index rather than
        probing a row for every event (bench/EXPLAIN.md).
        """
        if self.through is None:
            rows = self.field.model._base_manager.filter(
                **{f"{self.name}__in": records}
            )
            return rows.order_by().values("pk")
        field = self.field
        rows = self.through._base_manager.filter(
            **{f"{field.m2m_reverse_field_name()}__in": records}
        )
        return rows.order_by().values(field.m2m_field_name())


# The searched field of a country (its whole document: its name), and of a
# person, topic or organization (its names only, not a position or a
# description: academy.search.Index declares them).
DOCUMENT, NAMES = "search_document", "search_names"
# In the order the events list shows their facets.
# fmt: off
RELATIONS = (
    Relation("participating_countries", "participating_country", "took-part", DOCUMENT),
    Relation("host_country", "host_country", "hosted", DOCUMENT),
    Relation("mentioned_countries", "discussed_country", "discussed-country", DOCUMENT),
    Relation("topics", "topic", "topic", NAMES),
    Relation("organizers", "organization", "organizer", NAMES),
    Relation(
        "mentioned_organizations", "discussed_organization", "discussed-organization",
        NAMES,
    ),
    # A speaker's names, any spelling; a topic's page lists the people who
    # spoke at its events.
    Relation("speakers", "person", "speaker", NAMES, link_listed_on=("event__topics",)),
    Relation("series", "series", "series"),
    # Shown on the event's page only: no list, filter or count reads it.
    Relation("source", listed=False),
)
# fmt: on
BY_PARAMETER = {relation.parameter: relation for relation in RELATIONS}


def relation_named(name):
    """The relation of Event's field `name`."""
    return next(relation for relation in RELATIONS if relation.name == name)


def listing_paths():
    """Event's fields whose records' pages list the event (cache_tags.listed_on)."""
    return [relation.name for relation in RELATIONS if relation.listed]


def link_listings():
    """[(model, lookup paths)] of the linking rows saved as records of their
    own (a speaker's participation): the paths to the records whose pages
    list them, for cache_tags.listed_on."""
    return [
        (
            relation.through,
            (
                relation.field.m2m_field_name(),
                relation.field.m2m_reverse_field_name(),
                *relation.link_listed_on,
            ),
        )
        for relation in RELATIONS
        if relation.through and not relation.through._meta.auto_created
    ]


def searched_relations():
    """The relations whose related records' names find an event."""
    return [relation for relation in RELATIONS if relation.searched_by]


def linked_measures():
    """{Event's many-to-many field: its tally measure}, for the tallies (an
    event's foreign keys are keyed by its own row)."""
    return {
        relation.name: relation.measure for relation in RELATIONS if relation.through
    }
