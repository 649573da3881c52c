"""What the maps and timelines draw: countries by how many published events
they share, and a series' sessions in time."""

from academy.cache_tags import depends_on, every_change_tags, kind_tag, links_tag
from academy.caching import remember
from academy.i18n import Shown, localized
from academy.queries import among
from events import tallies
from events.models import Event, Participation, Tally
from people.models import Country

from .. import facets
from .base import published_events
from .counts import tally_of_measure
from .list_facets import facet_counts, selection_key, selection_of


def country_map_counts(role):
    """[(country, published events)] of the countries with any, taking part
    or hosting as `role` ("took-part", "hosted") says, most first: read from
    the tallies in one query whatever the archive's size."""
    depends_on(kind_tag(Event), *every_change_tags(Country))
    return countries_by_tally(role)


# The filter the events list's map counts by, and adds a country to.
LIST_MAP_FILTER = "participating_country"


def event_list_country_counts(*, filters):
    """[(country, events)] of every country by how many of the events that
    the valid EventFilter `filters` finds it took part in."""

    def build():
        depends_on(
            kind_tag(Event), kind_tag(Participation), *every_change_tags(Country)
        )
        facet = facets.facets_by_name(facets.EVENT_FACETS)[LIST_MAP_FILTER]
        if facets.chosen_values(facet, filters):
            # The facet counts what ticking one more country would add to
            # the events found; the map counts those events.
            keys = selection_of(filters)
            found = dict(facets.facet_counts_within(facet, among(keys))[0])
        else:  # the facet's own counts, read for it: not counted again
            found = dict(facet_counts(filters)[LIST_MAP_FILTER][0])
        countries = Country.objects.filter(pk__in=found)
        return sorted(
            ((country, found[country.pk]) for country in countries),
            key=lambda row: (-row[1], row[0].name),
        )

    return remember(f"list-map:{selection_key(filters)}", build, per_language=True)


def country_partners(country):
    """[(country, published events together)] of the countries that took
    part in the published events `country` took part in, most first: read
    from the tallies in one query. They change only with an event linked to
    `country`, which moves its links."""
    depends_on(links_tag(country), *every_change_tags(Country))
    return countries_by_tally(tallies.together_measure(country.pk))


def series_countries(series):
    """[(country, published sessions)] of every country that took part in a
    session of `series`, most first, from the tallies."""
    depends_on(links_tag(series), *every_change_tags(Country))
    return countries_by_tally(tallies.series_country_measure(series.pk))


def countries_by_tally(measure):
    """[(country, count)] of the countries with a count in `measure`."""
    countries = (
        Country.objects.annotate(events=tally_of_measure(measure))
        .filter(events__gt=0)
        .order_by("-events", Shown("name"))
    )
    return [(country, country.events) for country in countries]


# A timeline draws at most this many sessions (a programme holds a few a year).
TIMELINE_LIMIT = 500


def series_sessions_for_timeline(series):
    """The published sessions of `series` in date order, for its timeline."""
    depends_on(links_tag(series))
    return list(
        published_events()
        .filter(series=series)
        .order_by("start_date", "session_number", "pk")
        .only(
            "slug",
            *localized("title"),
            "start_date",
            "end_date",
            "date_precision",
            "outcome",
            "session_number",
        )[:TIMELINE_LIMIT]
    )


def events_per_month():
    """{(year, month or 0 when only the year is known): published events}:
    an event known to the month counts in it, one known to the year only in
    its year's "month unknown"."""
    depends_on(kind_tag(Event))
    months = Tally.objects.filter(measure="month", count__gt=0)
    return {
        (year, month): events
        for month, year, events in months.values_list("record", "year", "count")
    }
