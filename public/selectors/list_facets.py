"""The facets of the events and people lists (public/facets.py): each
filter's values with how many records each would match within the others."""

import functools
import hashlib
from dataclasses import dataclass

from academy import cache_tags
from academy.cache_tags import (
    compute_once_on,
    depends_on,
    kind_tag,
    links_tag,
    links_tag_of,
    record_tag_of,
)
from academy.caching import remember
from academy.queries import among
from academy.search import matching
from events.models import Event, Participation
from people.models import Person

from .. import facets
from .base import named_by_key, published_events, record_names


def facet_names(facet, rows, read=None):
    """{key: (slug, name, language)} (base.named_by_key) of the records that
    `rows` of `facet` name; `read` keeps the lists already read, by model."""
    read = {} if read is None else read
    if facet.model is Person:
        return names_of_rows(facet, rows)
    if facet.model and facet.model not in read:
        read[facet.model] = record_names(facet.model)
    return read.get(facet.model, {})


def names_of_rows(facet, rows):
    """{key: (slug, name, language)} (base.named_by_key) of the records that
    `rows` of `facet` name, read for them alone."""
    keys = [key for key, _matched in rows]
    return named_by_key(facet.model.objects.filter(pk__in=keys).only("slug", "name"))


def selection_key(filters):
    """A key for what the valid FilterSet `filters` selects."""
    given = sorted(
        (name, sorted(filters.data.getlist(name)))
        for name in facets.narrowing_parameters(filters)
    )
    return hashlib.md5(repr(given).encode(), usedforsecurity=False).hexdigest()


def shown_facets(facet_list, filters, found, limit=facets.SHOWN, names_of=None):
    """The facets of `facet_list` as a list shows them (facets.ShownFacet), from
    their counts `found` within the selection of the valid FilterSet
    `filters`: each one's chosen values and the `limit` others matching most,
    named by `names_of(facet, rows)` (facet_names by default)."""
    names_of = names_of or functools.partial(facet_names, read={})
    return [
        facets.ShownFacet(
            facet,
            str(filters.filters[facet.name].label),
            facets.labelled_values(
                facet,
                rows,
                facets.chosen_values(facet, filters),
                names_of(facet, rows),
                limit=limit,
            ),
            total,
        )
        for facet in facet_list
        for rows, total in [found[facet.name]]
    ]


def event_facets(*, filters):
    """The facets of the events list within the selection of the valid
    EventFilter `filters` (shown_facets), each value with how many events it
    would match, kept until an event or a speaker's link changes."""

    def build():
        depends_on(kind_tag(Event), kind_tag(Participation))
        return shown_facets(facets.EVENT_FACETS, filters, facet_counts(filters))

    return remember(f"facets:{selection_key(filters)}", build, per_language=True)


def facet_selection_keys(filters):
    """{selection: the keys of its events} that the facets of the valid
    EventFilter `filters` count within (facets.keys_of_selections), read
    once per FilterSet."""
    return compute_once_on(
        filters,
        "_selection_keys",
        lambda: facets.keys_of_selections(
            facets.EVENT_FACETS, filters, published_events()
        ),
    )


def selection_of(filters):
    """The keys of the events that the valid EventFilter `filters` finds:
    read with the facets' selections when one holds every filter."""
    keys = facet_selection_keys(filters).get(None)
    if keys is None:  # every facet narrowed by a value of its own
        keys = compute_once_on(
            filters,
            "_selection",
            lambda: facets.selection_keys(filters, published_events()),
        )
    return keys


def facet_counts(filters):
    """facets.count_every_facet of the valid EventFilter `filters`, kept for the
    events its selections hold, not for how they were chosen: a save that a
    text search reads (a summary) makes the search run again, and its facets
    are counted again only if the events it finds have changed. Read once
    per FilterSet: the facets and the list's map both ask for it."""

    def count():
        keys = facet_selection_keys(filters)
        held = sorted(keys.items(), key=lambda item: str(item[0]))
        digest = hashlib.md5(repr(held).encode(), usedforsecurity=False).hexdigest()
        return remember(
            f"facet-counts:{selection_key(filters)}:{digest}",
            functools.partial(
                facets.count_every_facet, facets.EVENT_FACETS, filters, keys
            ),
            depends=(kind_tag(Event), kind_tag(Participation)),
        )

    return compute_once_on(filters, "_facet_counts", count)


# How many values of each facet a record's page shows: a summary, shorter
# than the list's, which holds them all one link away.
RECORD_SHOWN = 5


@dataclass(frozen=True)
class RecordFacets:
    """What a record's page shows of the facets of its events."""

    facets: list  # a facets.ShownFacet of each facet asked for, in the list's order
    companions: list  # [(record, events together)], most first
    year_counts: dict  # {year: events}


def record_event_facets(*, filters, names, own=None):
    """The facets `names` of the events that the valid EventFilter `filters`
    selects by one record (/events/?person=...), each with its RECORD_SHOWN
    values matching most; how many of those events started in each year;
    and, if `own` names the facet of that record's own filter, the other
    records of it linked to most of them (a person's co-speakers). Counted
    as the list's facets are, kept until the record's events or one of
    their links change (depends_on_the_events)."""

    def build():
        # The record's events: its links move when one of them changes.
        for name in facets.narrowing_parameters(filters):
            chosen = filters.form.cleaned_data[name]
            depends_on(*(links_tag(record) for record in chosen))
        by_name = facets.facets_by_name(facets.EVENT_FACETS)
        listed = [by_name[name] for name in ("year", *names) if name != own]
        keys = selection_of(filters)
        depends_on_the_events(keys)
        found = facets.count_every_facet(listed, filters, {None: keys})
        shown = [facet for facet in facets.EVENT_FACETS if facet.name in names]
        return RecordFacets(
            shown_facets(
                [facet for facet in shown if facet.name != own],
                filters,
                found,
                limit=RECORD_SHOWN,
                # The records shown alone: the page then depends on them,
                # not on every record of their kinds.
                names_of=lambda facet, rows: names_of_rows(facet, rows[:RECORD_SHOWN]),
            ),
            companions_of(by_name[own], filters, keys) if own else [],
            dict(found["year"][0]),
        )

    key = f"{selection_key(filters)}:{','.join(names)}:{own}"
    return remember(f"record-facets:{key}", build, per_language=True)


def depends_on_the_events(keys):
    """What counts over the events of `keys` depend on: each event (its
    columns, and its links to records, which move its record tag) and each
    one's speakers (which move its links tag). Past RECORD_TAGS_PER_KIND
    events, every change of an event or a speaker, as the lists' facets: a
    country's thousands of tags would be read at every look-up."""
    if len(keys) > cache_tags.RECORD_TAGS_PER_KIND:
        depends_on(kind_tag(Event), kind_tag(Participation))
        return
    depends_on(*(record_tag_of(Event, key) for key in keys))
    depends_on(*(links_tag_of(Event, key) for key in keys))


def companions_of(facet, filters, keys):
    """[(record, events)] of the RECORD_SHOWN records of `facet` linked to
    most of the events whose `keys` are given, but those `filters` chose:
    counted within those events, where the list's facet counts what ticking
    one more value would add to them."""
    chosen = {record.pk for record in facets.chosen_values(facet, filters)}
    rows, _total = facets.facet_counts_within(
        facet, among(keys), limit=RECORD_SHOWN + len(chosen)
    )
    rows = [(key, matched) for key, matched in rows if key not in chosen]
    records = facet.model.objects.in_bulk([key for key, _matched in rows])
    return [(records[key], matched) for key, matched in rows if key in records][
        :RECORD_SHOWN
    ]


def facet_values(facet, filters, counts, *, find="", page=1, per_page=100):
    """One facet's values within the selection of the valid FilterSet
    `filters`, a page at a time, most matched first, after the chosen ones;
    only those whose names have the words of `find`, if given. `counts` is
    facets.count_one_facet(facet, filters, values=, offset=, limit=) with
    the list's records given.
    Returns (values, how many match anything)."""
    values = None
    if find and facet.model:
        found = matching(facet.model.objects.all(), find)
        values = found.order_by().values("pk")
    rows, total = counts(
        facet, filters, values=values, offset=(page - 1) * per_page, limit=per_page
    )
    chosen = facets.chosen_values(facet, filters)
    names = facet_names(facet, rows)
    return facets.labelled_values(facet, rows, chosen, names), total


def event_facet_values(*, filters, facet, **page):
    """One facet of the events list a page at a time (facet_values)."""
    depends_on(kind_tag(Event), kind_tag(Participation))
    counts = functools.partial(facets.count_one_facet, records=published_events())
    return facet_values(facet, filters, counts, **page)


# What the people list's facets read: a person's own columns, and the topics
# of the published events they spoke at.
PERSON_FACET_KINDS = (kind_tag(Person), kind_tag(Event), kind_tag(Participation))


def person_facets(*, filters):
    """The facets of the people list within the selection of the valid
    PersonFilter `filters` (shown_facets), each value with how many people
    it would match, kept until a person, an event or a speaker changes."""

    def build():
        depends_on(*PERSON_FACET_KINDS)
        people = Person.objects.all()
        keys = facets.keys_of_selections(facets.PERSON_FACETS, filters, people)
        found = facets.count_every_facet(facets.PERSON_FACETS, filters, keys)
        return shown_facets(facets.PERSON_FACETS, filters, found)

    return remember(f"person-facets:{selection_key(filters)}", build, per_language=True)


def person_facet_values(*, filters, facet, **page):
    """One facet of the people list a page at a time (facet_values)."""
    depends_on(*PERSON_FACET_KINDS)
    counts = functools.partial(facets.count_one_facet, records=Person.objects.all())
    return facet_values(facet, filters, counts, **page)
