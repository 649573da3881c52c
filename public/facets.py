"""Facets of the events list and of the people list: each filter's values,
with how many of the events (people) each would match. One API for both
lists: each function takes the list's facets (EVENT_FACETS, PERSON_FACETS)
or one of them.

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

People. A person's country and organization are columns of their own,
grouped over the people selected; a topic counts the people who spoke at a
published event on it, each once. With no other filter given, a facet counts
every person: the topics from the tallies (grouping every speaker's events
takes 3 s at 100,000 events), the columns by grouping every person.
selectors.person_facets keeps the result per selection.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Window
from django.db.models import Value as SQLValue
from django.db.models.functions import ExtractYear
from django.utils.text import capfirst

from academy.i18n import fallback_language
from academy.queries import among
from events.models import Event, Participation, Tally, Topic
from events.relations import RELATIONS
from events.tallies import TOPIC_SPEAKERS
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
class EventFacet:
    """One filter of EventFilter as a facet.

    `field` is Event's field that holds its values (a relation, a choice, or
    start_date for years); `measure` the tally that counts them over the
    whole archive. `model` names the records the values are, or `choices`
    the fixed values; `searchable` facets are long enough to offer a box that
    finds a value by name; a `long` one's counts are read a slice at a time.
    """

    name: str
    field: str
    measure: str
    model: type | None = None
    choices: type | None = None
    searchable: bool = False
    long: bool = False
    # What its counts count: the records grouped, and the word beside them.
    counted_model = Event
    matched_noun = "events"

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
        return only_values(rows, values).annotate(matched=Count("*"))

    def value_of(self, record):
        """The facet's value that a tally's record number stands for."""
        return self.choices.values[record] if self.choices else record


def only_values(rows, values):
    """`rows` with a value, only of `values` if given, grouped by it."""
    rows = rows.filter(value__isnull=False)
    if values is not None:
        # Compared as an expression, not read from an index: SQLite would
        # otherwise probe every pair of a value and an event's key (13
        # million for 1,000 people and one country's 12,000 events).
        rows = rows.alias(compared=F("value") + 0).filter(compared__in=values)
    return rows.order_by().values_list("value")


def relation_facet(relation):
    """The facet of a relation of the event (events/relations.py). A
    programme's few values need no box to find one; the speakers, too many
    to read whole, are read a slice at a time."""
    return EventFacet(
        relation.parameter,
        relation.name,
        relation.measure,
        relation.model,
        searchable=relation.name != "series",
        long=relation.name == "speakers",
    )


EVENT_FACETS = (
    EventFacet("year", "start_date", "year"),
    EventFacet("kind", "kind", "kind", choices=Event.Kind),
    *(relation_facet(relation) for relation in RELATIONS if relation.parameter),
    EventFacet("outcome", "outcome", "outcome", choices=Event.Outcome),
)


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
    long = False
    counted_model = Person
    matched_noun = "people"

    @property
    def linked(self):
        """Whether its values are rows of their own (a speaker's), not a
        column of the person."""
        return self.field == TOPICS

    def column(self):
        return F(Person._meta.get_field(self.field).attname)

    def grouped(self, keys, values=None):
        """(value, people) rows of the people the subquery `keys` selects
        (everyone, if None), in no order; only of `values`, if given."""
        if self.linked:
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
            rows = rows.annotate(value=self.column())
            matched = Count("*")
        return only_values(rows, values).annotate(matched=matched)

    def value_of(self, record):
        """The value that a tally's record number stands for."""
        return record


TOPICS = "topics"
PERSON_FACETS = (
    PersonFacet("country", "country", Country),
    PersonFacet("organization", "organization", Organization),
    PersonFacet("topic", TOPICS, Topic, measure=TOPIC_SPEAKERS),
)


def facets_by_name(facet_list):
    """{name: facet} of a list's facets."""
    return {facet.name: facet for facet in facet_list}


# Parameters that order or page the list rather than narrow it.
NOT_NARROWING = frozenset({"sort"})


def records_narrowed_by(filters, records, *, leaving_out=None):
    """`records` narrowed by every filter of the valid FilterSet `filters`
    given a value, except `leaving_out`."""
    for name, value in filters.form.cleaned_data.items():
        if name != leaving_out and name not in NOT_NARROWING:
            records = filters.filters[name].filter(records, value)
    return records


def records_ordered_by(filters, records):
    """`records` in the order the valid FilterSet `filters` asks for."""
    for name in NOT_NARROWING & set(filters.filters):
        records = filters.filters[name].filter(records, filters.form.cleaned_data[name])
    return records


def narrowing_parameters(filters):
    """The names of the filters given a value."""
    return {
        name
        for name, value in filters.form.cleaned_data.items()
        if value and name not in NOT_NARROWING  # records come as a QuerySet
    }


def counts_whole_archive(facet, filters):
    """Whether no filter but the facet's own narrows what it counts."""
    return not (narrowing_parameters(filters) - {facet.name})


def count_from_tallies(facet_list, *, values=None, offset=0, limit=None):
    """{facet name: ([(value, matched)...], how many values have any)} over
    the whole archive, from the tallies: the facets in one query, each in
    full, or a long one (alone) a slice at a time, most matched first."""
    measures = {facet.measure: facet for facet in facet_list}
    rows = Tally.objects.filter(measure__in=measures, year=0, count__gt=0)
    if values is not None:
        rows = rows.filter(record__in=values)
    # In the order of the index events_tally_ranked.
    ordered_rows = rows.order_by("-count", "-record")
    if limit is not None:
        ordered_rows = ordered_rows[offset : offset + limit]
    found = {facet.name: ([], 0) for facet in facet_list}
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


def count_whole_archive(facet, **page):
    """One facet's counts (as facet_counts_within) over every record: from
    the tallies if one counts it, else grouping every record."""
    if facet.measure:
        return count_from_tallies([facet], **page)[facet.name]
    return facet_counts_within(facet, None, **page)


def chosen_values(facet, filters):
    """What the filter's form cleaned for the facet: records, choices or years."""
    return filters.form.cleaned_data.get(facet.name) or ()


def own_selection(facet, filters):
    """The selection a facet counts within: False for the whole archive,
    when no other filter narrows it; None for the records matching every
    filter given; or the facet's own name for those matching every other
    filter, when it has values chosen (they are alternatives to its others)."""
    if counts_whole_archive(facet, filters):
        return False
    return facet.name if chosen_values(facet, filters) else None


def keys_of_selections(facet_list, filters, records):
    """{selection (as own_selection): the keys of its `records`} that the
    facets of `facet_list` count within, each read once (selection_keys)."""
    selections = {own_selection(facet, filters) for facet in facet_list} - {False}
    return {
        own: selection_keys(filters, records, leaving_out=own) for own in selections
    }


def count_every_facet(facet_list, filters, keys):
    """Counts (as facet_counts_within) of every facet of `facet_list` within
    the selection of the valid FilterSet `filters`: each in full, but a long
    one's SHOWN values matching most (and room for its chosen ones). `keys`
    is keys_of_selections. The facets no other filter narrows are read from
    the tallies in one query; the others group the selection's records (see
    the module's docstring)."""
    found = count_from_tallies(
        [
            facet
            for facet in facet_list
            if facet.measure and not facet.long and counts_whole_archive(facet, filters)
        ]
    )
    # The facets that no value of their own narrows share the selection:
    # those that are columns of the record are grouped together. The links'
    # groupings, but a long one's slice, are read in one query.
    together, links = [], []
    for facet in facet_list:
        if facet.name in found:
            continue
        own = own_selection(facet, filters)
        limit = SHOWN + len(chosen_values(facet, filters)) if facet.long else None
        if own is False:
            found[facet.name] = count_whole_archive(facet, limit=limit)
        elif limit is not None or (own is not None and not facet.linked):
            found[facet.name] = facet_counts_within(
                facet, among(keys[own]), limit=limit
            )
        elif facet.linked:
            links.append((facet, among(keys[own])))
        else:
            together.append(facet)
    if together:
        found.update(count_columns_together(together, among(keys[None])))
    if links:
        found.update(count_links_at_once(links))
    return found


def count_links_at_once(selected):
    """Counts (as facet_counts_within, whole) of [(facet of links, subquery
    of its records' keys)]: their GROUP BYs joined by UNION ALL, one query
    instead of one each (the values are all keys of records)."""
    groupings = [
        facet.grouped(keys).annotate(facet=SQLValue(number, IntegerField()))
        for number, (facet, keys) in enumerate(selected)
    ]
    rows_of = [[] for _ in selected]
    for value, matched, number in groupings[0].union(*groupings[1:], all=True):
        rows_of[number].append((value, matched))
    # Most matched first, as facet_counts_within orders them.
    return {
        facet.name: (
            sorted(rows, key=lambda row: (row[1], row[0]), reverse=True),
            len(rows),
        )
        for (facet, _keys), rows in zip(selected, rows_of, strict=True)
    }


def count_columns_together(facet_list, keys):
    """Counts (as facet_counts_within, whole) of facets that are columns of
    the records the subquery `keys` selects: one GROUP BY of them all, one
    read of each record instead of one per facet."""
    names = [f"facet_{facet.name}" for facet in facet_list]
    columns = {
        name: facet.column() for name, facet in zip(names, facet_list, strict=True)
    }
    rows = (
        facet_list[0]
        .counted_model.objects.filter(pk__in=keys)
        .annotate(**columns)
        .order_by()
        .values_list(*names)
        .annotate(matched=Count("*"))
    )
    matched_of = {facet.name: Counter() for facet in facet_list}
    for *values, matched in rows:
        for facet, value in zip(facet_list, values, strict=True):
            if value is not None:
                matched_of[facet.name][value] += matched
    # Most matched first, as facet_counts_within orders them.
    return {
        name: (
            sorted(found.items(), key=lambda row: (row[1], row[0]), reverse=True),
            len(found),
        )
        for name, found in matched_of.items()
    }


def selection_keys(filters, records, *, leaving_out=None):
    """The keys of `records` narrowed as `narrowed` does, read once: facets
    then group their rows without selecting them again (80 ms each for one
    country's events at 100,000), passed back with `among`."""
    within = records_narrowed_by(filters, records, leaving_out=leaving_out)
    return list(within.order_by().values_list("pk", flat=True))


def count_one_facet(facet, filters, records, *, values=None, offset=0, limit=None):
    """One facet's counts (as facet_counts_within) within the selection of
    the valid FilterSet `filters`, `records` being every record the list
    could hold; only of `values`, and a slice, if given."""
    page = {"values": values, "offset": offset, "limit": limit}
    if counts_whole_archive(facet, filters):
        return count_whole_archive(facet, **page)
    keys = selection_keys(filters, records, leaving_out=facet.name)
    return facet_counts_within(facet, among(keys), **page)


def facet_counts_within(facet, keys, *, values=None, offset=0, limit=None):
    """([(value, matched)...], how many values match any) of one facet over
    the records the subquery `keys` selects (every one, if None: the people
    list's), most matched first; whole, or a slice."""
    rows = facet.grouped(keys, values).order_by("-matched", "-value")
    if limit is None:
        found = list(rows)
        return found, len(found)
    rows = rows.annotate(values=Window(Count("*")))[offset : offset + limit]
    found = list(rows)
    return [(value, n) for value, n, _total in found], (found[0][2] if found else 0)


@dataclass(frozen=True)
class ShownValue:
    """One value of a facet as the page shows it."""

    parameter: str  # as the filter takes it: a slug, a choice, a year
    label: str
    matched: int  # events, or people on the people list
    chosen: bool
    # The language of a record's name when it is not the page's (a Russian
    # page shows the English name of a record that has no Russian one).
    language: str = ""


@dataclass(frozen=True)
class ShownFacet:
    """A facet's values as the page shows them, and how many match any."""

    facet: object  # an EventFacet or a PersonFacet
    label: str
    values: list
    total: int

    @property
    def more(self):
        """Whether values with events are left out."""
        return self.total > sum(1 for value in self.values if value.matched)


def values_in_order(facet, rows):
    """Years newest first; any other value by its events, most first."""
    if facet.field == "start_date":
        return sorted(rows, key=lambda row: row[0], reverse=True)
    return rows


def labelled_values(facet, rows, chosen, names, limit=None):
    """Values for (value, matched) `rows`, the `chosen` ones first, then at
    most `limit` others.

    `chosen` holds what the filter's form cleaned: records, choices or years;
    `names` maps a record's key to its (slug, name, language of the name if
    not the page's).
    """
    matched_by_key = dict(rows)
    labels = {
        value: capfirst(label) for value, label in getattr(facet.choices, "choices", ())
    }
    if facet.model:
        first = [
            (record.pk, record.slug, str(record), fallback_language(record, "name"))
            for record in chosen
        ]
    elif facet.choices:
        first = [(value, value, labels[value], "") for value in chosen]
    else:
        first = [(year, str(year), str(year), "") for year in chosen]
    values = [
        ShownValue(
            str(parameter),
            str(label),
            matched_by_key.get(key, 0),
            chosen=True,
            language=language,
        )
        for key, parameter, label, language in first
    ]
    taken = {key for key, *_shown in first}
    others = [
        (key, matched)
        for key, matched in values_in_order(facet, rows)
        if key not in taken and (not facet.model or key in names)
    ]
    for key, matched in others[:limit]:
        language = ""
        if facet.model:
            parameter, label, language = names[key]
        elif facet.choices:
            parameter, label = key, labels[key]
        else:
            parameter = label = key
        values.append(
            ShownValue(
                str(parameter), str(label), matched, chosen=False, language=language
            )
        )
    return values
