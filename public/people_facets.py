"""Facets of the people list: each filter's values, with how many people each
would match within the other filters (public/facets.py says how values
combine).

A person's country and organization are columns of their own, grouped over
the people selected; a topic counts the people who spoke at a published
event on it, each once. With no other filter given, a facet counts every
person: the topics from the tallies (grouping every speaker's events takes
3 s at 100,000 events), the columns by grouping every person. Otherwise the
keys of the people matching the other filters are read once and passed back
as one parameter, as the events list does. selectors.person_facets keeps the
result per selection.
"""

from dataclasses import dataclass

from django.db.models import Count, F

from academy.queries import among
from events import tallies
from events.models import Event, Participation, Topic
from people.models import Country, Organization, Person

from .facets import chosen, counted, narrowed, narrowing, tallied


@dataclass(frozen=True)
class PersonFacet:
    """One filter of PersonFilter as a facet: `field` is Person's foreign key
    that holds its values, or TOPICS for the topics of the events they spoke
    at. Its values are records of `model`, found on its page by name."""

    name: str
    field: str
    model: type
    # The tally that counts its values over everyone, if one does.
    measure: str | None = None
    searchable = True
    choices = None
    # What its counts count, for the words beside them.
    counts = "people"

    def grouped(self, keys, values=None):
        """(value, people) rows of the people the subquery `keys` selects
        (everyone, if None), in no order; only of `values`, if given."""
        if self.field == TOPICS:
            rows = Participation.objects.filter(event__status=Event.Status.PUBLISHED)
            if keys is not None:
                rows = rows.filter(person__in=keys)
            rows = rows.annotate(value=F("event__topics"))
            matched = Count("person", distinct=True)
        else:
            rows = (
                Person.objects.all()
                if keys is None
                else Person.objects.filter(pk__in=keys)
            )
            rows = rows.annotate(value=F(Person._meta.get_field(self.field).attname))
            matched = Count("*")
        rows = rows.filter(value__isnull=False)
        if values is not None:
            # As an expression, not from an index (Facet.grouped says why).
            rows = rows.alias(compared=F("value") + 0).filter(compared__in=values)
        return rows.order_by().values_list("value").annotate(matched=matched)

    def value_of(self, record):
        """The value that a tally's record number stands for."""
        return record


TOPICS = "topics"
PERSON_FACETS = (
    PersonFacet("country", "country", Country),
    PersonFacet("organization", "organization", Organization),
    PersonFacet("topic", TOPICS, Topic, measure=tallies.TOPIC_SPEAKERS),
)
BY_NAME = {facet.name: facet for facet in PERSON_FACETS}


def selected(filters, *, leaving_out=None):
    """The keys of the people matching every filter of the valid PersonFilter
    `filters` given a value but `leaving_out`, as a subquery; None when no
    other filter is given (everyone)."""
    if not narrowing(filters) - {leaving_out}:
        return None
    people = narrowed(filters, Person.objects.all(), leaving_out=leaving_out)
    return among(list(people.order_by().values_list("pk", flat=True)))


def own_selection(facet, filters):
    """A facet counts within every other filter: its own values, if chosen,
    are alternatives to its others. One with none chosen shares the
    selection of every filter."""
    return facet.name if chosen(facet, filters) else None


def every_count(filters):
    """{facet name: its counts (as facets.counted), whole} within the
    selection of the valid PersonFilter `filters`; the people of each
    selection are read once."""
    keys, found = {}, {}
    for facet in PERSON_FACETS:
        own = own_selection(facet, filters)
        if own not in keys:
            keys[own] = selected(filters, leaving_out=own)
        found[facet.name] = counted_within(facet, keys[own])
    return found


def counted_within(facet, keys, **kwargs):
    """facets.counted, or from the tallies for everyone (`keys` None) where
    they count the facet."""
    if keys is None and facet.measure:
        return tallied([facet], **kwargs)[facet.name]
    return counted(facet, keys, **kwargs)


def counts(facet, filters, *, values=None, offset=0, limit=None):
    """One facet's counts (as facets.counted) within the selection of the
    valid PersonFilter `filters`, a slice of them if `limit` is given."""
    keys = selected(filters, leaving_out=facet.name)
    return counted_within(facet, keys, values=values, offset=offset, limit=limit)
