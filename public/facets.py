"""Facets of the events list: each filter's values, with how many of the
events each would match.

Counts are taken within the current selection. The values of one filter are
alternatives (OR) and the filters combine (AND), so the number beside a value
counts the events that have it and match every *other* filter given: what
ticking it would add, and, once it is ticked, how many results it accounts for.

Cost. A facet that no other filter narrows counts the whole archive, which the
tallies kept on write already hold (events/tallies.py): the unfiltered list
groups nothing. Otherwise the keys of the events that match the other filters
are read once and passed back as one parameter; each facet of links is a
GROUP BY of its rows for those keys, all read in one query (UNION ALL), and
the facets that are columns of the event one GROUP BY together.
selectors.event_facets keeps the result, per selection and language, until
an event or a speaker's link changes, and the counts per the events each
selection holds, so a save that a text search reads (a summary) makes it run
again but not count again: at 100,000 events one country's 12,000 events
cost 0.5 s (SQLite) to 0.7 s (PostgreSQL) the first time, and broad
selections more (bench/RESULTS.md).
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Window
from django.db.models import Value as SQLValue
from django.db.models.functions import ExtractYear
from django.utils.text import capfirst

from academy.queries import among
from events.models import Event, Series, Tally, Topic
from people.models import Country, Organization, Person

# How many values of a facet the list shows; the rest are on its own page.
SHOWN = 8


class Year(ExtractYear):
    """A date's year. SQLite keeps dates as "YYYY-MM-DD" text: its first four
    characters are read natively, not through Django's Python function
    (0.3 s for 100,000 events)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


@dataclass(frozen=True)
class Facet:
    """One filter of EventFilter as a facet.

    `field` is Event's field that holds its values (a link, a foreign key, a
    choice, or start_date for years); `measure` the tally that counts them over
    the whole archive. `model` names the records the values are, or `choices`
    the fixed values; `searchable` facets are long enough to offer a box that
    finds a value by name.
    """

    name: str
    field: str
    measure: str
    model: type | None = None
    choices: type | None = None
    searchable: bool = False
    # What its counts count, for the words beside them.
    counts = "events"

    @property
    def linked(self):
        """Whether its values are links (rows of their own), not a column."""
        return Event._meta.get_field(self.field).many_to_many

    def column(self):
        """The expression of its value on an event, if it is a column."""
        if self.field == "start_date":
            return Year("start_date")
        return F(Event._meta.get_field(self.field).attname)

    def grouped(self, keys, values=None):
        """(value, events) rows of the events whose keys the subquery `keys`
        selects, in no order; only of `values`, if given."""
        if self.linked:
            field = Event._meta.get_field(self.field)
            through = field.remote_field.through
            owner = field.m2m_field_name()
            rows = through.objects.filter(**{f"{owner}__in": keys})
            rows = rows.annotate(value=F(field.m2m_reverse_field_name()))
        else:
            rows = Event.objects.filter(pk__in=keys).annotate(value=self.column())
        rows = rows.filter(value__isnull=False)
        if values is not None:
            # Compared as an expression, not read from an index: SQLite would
            # otherwise probe every pair of a value and an event's key (13
            # million for 1,000 people and one country's 12,000 events).
            rows = rows.alias(compared=F("value") + 0).filter(compared__in=values)
        return rows.order_by().values_list("value").annotate(matched=Count("*"))

    def value_of(self, record):
        """The facet's value that a tally's record number stands for."""
        return self.choices.values[record] if self.choices else record


FACETS = (
    Facet("year", "start_date", "year"),
    Facet("kind", "kind", "kind", choices=Event.Kind),
    Facet(
        "participating_country",
        "participating_countries",
        "took-part",
        Country,
        searchable=True,
    ),
    Facet("host_country", "host_country", "hosted", Country, searchable=True),
    Facet(
        "discussed_country",
        "mentioned_countries",
        "discussed-country",
        Country,
        searchable=True,
    ),
    Facet("topic", "topics", "topic", Topic, searchable=True),
    Facet("organization", "organizers", "organizer", Organization, searchable=True),
    Facet(
        "discussed_organization",
        "mentioned_organizations",
        "discussed-organization",
        Organization,
        searchable=True,
    ),
    Facet("person", "speakers", "speaker", Person, searchable=True),
    Facet("series", "series", "series", Series),
    Facet("outcome", "outcome", "outcome", choices=Event.Outcome),
)
BY_NAME = {facet.name: facet for facet in FACETS}
# Facets with more values than a page should read whole: their counts are
# read in order, a page at a time.
LONG = frozenset({"person"})
# Parameters that order or page the list rather than narrow it.
NOT_NARROWING = frozenset({"sort"})


def narrowed(filters, events, *, leaving_out=None):
    """`events` narrowed by every filter of the valid FilterSet `filters`
    given a value, except `leaving_out`."""
    for name, value in filters.form.cleaned_data.items():
        if name != leaving_out and name not in NOT_NARROWING:
            events = filters.filters[name].filter(events, value)
    return events


def narrowing(filters):
    """The names of the filters given a value."""
    return {
        name
        for name, value in filters.form.cleaned_data.items()
        if value and name not in NOT_NARROWING  # records come as a QuerySet
    }


def whole_archive(facet, filters):
    """Whether no filter but the facet's own narrows what it counts."""
    return not (narrowing(filters) - {facet.name})


def tallied(facets, *, values=None, offset=0, limit=None):
    """{facet name: ([(value, events)...], how many values have events)} over
    the whole archive, from the tallies: the facets in one query, each in
    full, or a long one (alone) a slice at a time, most events first."""
    measures = {facet.measure: facet for facet in facets}
    rows = Tally.objects.filter(measure__in=measures, year=0, count__gt=0)
    if values is not None:
        rows = rows.filter(record__in=values)
    # In the order of the index events_tally_ranked.
    ordered_rows = rows.order_by("-count", "-record")
    if limit is not None:
        ordered_rows = ordered_rows[offset : offset + limit]
    found = {facet.name: ([], 0) for facet in facets}
    for measure, record, count in ordered_rows.values_list(
        "measure", "record", "count"
    ):
        facet = measures[measure]
        found[facet.name][0].append((facet.value_of(record), count))
    for measure, facet in measures.items():
        values = found[facet.name][0]
        # A slice is counted apart (from the index): a window over every row
        # would read them all.
        total = rows.filter(measure=measure).count() if limit else len(values)
        found[facet.name] = (values, total)
    return found


def chosen(facet, filters):
    """What the filter's form cleaned for the facet: records, choices or years."""
    return filters.form.cleaned_data.get(facet.name) or ()


def own_selection(facet, filters):
    """The selection a facet counts within, if no tally holds its counts:
    None for the events matching every filter given, or the facet's own name
    for those matching every other filter, when it has values chosen."""
    if whole_archive(facet, filters):
        return False
    return facet.name if chosen(facet, filters) else None


def selections(filters):
    """The selections (as own_selection) whose keys every_count needs."""
    return {own_selection(facet, filters) for facet in FACETS} - {False}


def every_count(filters, keys):
    """Counts (as `counted`) of every facet within the selection of the valid
    FilterSet `filters`: each in full, but a long one's SHOWN values with most
    events (and room for its chosen ones). `keys` maps each of `selections()`
    to the keys of its events (selection_keys). The facets no other filter
    narrows are read from the tallies in one query; the others group the
    selection's events (see the module's docstring)."""
    found = tallied(
        [
            facet
            for facet in FACETS
            if facet.name not in LONG and whole_archive(facet, filters)
        ]
    )
    # The facets that no value of their own narrows share the selection:
    # those that are columns of the event are grouped together. The links'
    # groupings, but a long one's slice, are read in one query.
    together, links = [], []
    for facet in FACETS:
        if facet.name in found:
            continue
        own = own_selection(facet, filters)
        limit = SHOWN + len(chosen(facet, filters)) if facet.name in LONG else None
        if own is False:
            found.update(tallied([facet], limit=limit))
        elif limit is not None or (own is not None and not facet.linked):
            found[facet.name] = counted(facet, among(keys[own]), limit=limit)
        elif facet.linked:
            links.append((facet, among(keys[own])))
        else:
            together.append(facet)
    if together:
        found.update(counted_together(together, among(keys[None])))
    if links:
        found.update(counted_at_once(links))
    return found


def counted_at_once(selected):
    """Counts (as `counted`, whole) of [(facet of links, subquery of its
    events' keys)]: their GROUP BYs joined by UNION ALL, one query instead of
    one each (the values are all keys of records)."""
    groupings = [
        facet.grouped(keys).annotate(facet=SQLValue(number, IntegerField()))
        for number, (facet, keys) in enumerate(selected)
    ]
    counts = [[] for _ in selected]
    for value, matched, number in groupings[0].union(*groupings[1:], all=True):
        counts[number].append((value, matched))
    # Most matched first, as counted() orders them.
    return {
        facet.name: (
            sorted(rows, key=lambda row: (row[1], row[0]), reverse=True),
            len(rows),
        )
        for (facet, _keys), rows in zip(selected, counts, strict=True)
    }


def counted_together(facets, keys):
    """Counts (as `counted`, whole) of facets that are columns of the event,
    over the events the subquery `keys` selects: one GROUP BY of them all,
    one read of each event instead of one per facet."""
    names = [f"facet_{facet.name}" for facet in facets]
    rows = (
        Event.objects.filter(pk__in=keys)
        .annotate(
            **{name: facet.column() for name, facet in zip(names, facets, strict=True)}
        )
        .order_by()
        .values_list(*names)
        .annotate(matched=Count("*"))
    )
    counts = {facet.name: Counter() for facet in facets}
    for *values, events in rows:
        for facet, value in zip(facets, values, strict=True):
            if value is not None:
                counts[facet.name][value] += events
    # Most events first, as counted() orders them.
    return {
        name: (
            sorted(found.items(), key=lambda row: (row[1], row[0]), reverse=True),
            len(found),
        )
        for name, found in counts.items()
    }


def selection_keys(filters, events, *, leaving_out=None):
    """The keys of `events` narrowed as `narrowed` does, read once: facets
    then group its events' rows without selecting them again (80 ms each for
    one country's events at 100,000), passed back with `among`."""
    within = narrowed(filters, events, leaving_out=leaving_out)
    return list(within.order_by().values_list("pk", flat=True))


def counts(facet, filters, events, *, values=None, offset=0, limit=None):
    """One facet's counts (as `counted`) within the selection of the valid
    FilterSet `filters`, `events` being every event that could be listed."""
    if whole_archive(facet, filters):
        return tallied([facet], values=values, offset=offset, limit=limit)[facet.name]
    keys = selection_keys(filters, events, leaving_out=facet.name)
    return counted(facet, among(keys), values=values, offset=offset, limit=limit)


def counted(facet, keys, *, values=None, offset=0, limit=None):
    """([(value, matched)...], how many values match any) of one facet over
    what the subquery `keys` selects (events; people for a facet of the
    people list), most matched first; whole, or a slice."""
    rows = facet.grouped(keys, values).order_by("-matched", "-value")
    if limit is None:
        found = list(rows)
        return found, len(found)
    rows = rows.annotate(values=Window(Count("*")))[offset : offset + limit]
    found = list(rows)
    return [(value, n) for value, n, _total in found], (found[0][2] if found else 0)


@dataclass(frozen=True)
class Value:
    """One value of a facet as the page shows it."""

    parameter: str  # as the filter takes it: a slug, a choice, a year
    label: str
    matched: int  # events, or people on the people list
    chosen: bool


@dataclass(frozen=True)
class Shown:
    """A facet's values as the page shows them, and how many have events."""

    facet: object  # a Facet, or a people_facets.PersonFacet
    label: str
    values: list
    total: int

    @property
    def more(self):
        """Whether values with events are left out."""
        return self.total > sum(1 for value in self.values if value.matched)


def ordered(facet, rows):
    """Years newest first; any other value by its events, most first."""
    if facet.field == "start_date":
        return sorted(rows, key=lambda row: row[0], reverse=True)
    return rows


def labelled(facet, rows, chosen, names, limit=None):
    """Values for (value, matched) `rows`, the `chosen` ones first, then at
    most `limit` others.

    `chosen` holds what the filter's form cleaned: records, choices or years;
    `names` maps a record's key to its (slug, name).
    """
    counts = dict(rows)
    labels = {
        value: capfirst(label) for value, label in getattr(facet.choices, "choices", ())
    }
    if facet.model:
        first = [(record.pk, record.slug, str(record)) for record in chosen]
    elif facet.choices:
        first = [(value, value, labels[value]) for value in chosen]
    else:
        first = [(year, str(year), str(year)) for year in chosen]
    values = [
        Value(str(parameter), str(label), counts.get(key, 0), chosen=True)
        for key, parameter, label in first
    ]
    taken = {key for key, _parameter, _label in first}
    others = [
        (key, matched)
        for key, matched in ordered(facet, rows)
        if key not in taken and (not facet.model or key in names)
    ]
    for key, matched in others[:limit]:
        if facet.model:
            parameter, label = names[key]
        elif facet.choices:
            parameter, label = key, labels[key]
        else:
            parameter = label = key
        values.append(Value(str(parameter), str(label), matched, chosen=False))
    return values
