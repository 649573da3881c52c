"""The world maps of the public pages: which countries each shades, and how,
read from the selectors (academy/worldmap draws them).

A map of counts shades each country by its number of published events, as
the statistics count them: taking part or hosting ("took-part", "hosted"
tallies), or within the events list's filters. An event's map shows its
countries in three styles instead, a country's its partners.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academy.worldmap import Shaded, world_map

from . import selectors

# What an archive-wide map counts, by the `map` parameter: the first is the
# default.
ROLES = ("took-part", "hosted")
# How many of a country's partners its page names beside its map.
PARTNERS_LISTED = 10


def role_of(value):
    return value if value in ROLES else ROLES[0]


def canonical_role(value):
    """`map` as a page reads it: None for the default, or a value it ignores."""
    role = role_of(value)
    return None if role == ROLES[0] else role


def events_label(country, count):
    return ngettext(
        "%(country)s: %(count)d event", "%(country)s: %(count)d events", count
    ) % {"country": country, "count": count}


def country_count_map(rows, url=None, also=()):
    """A map of [(country, count)], each linked to `url(country)` or its page,
    with the countries `also` shades in their own style; `table` holds the
    rows, most first, for the table beside it."""
    shaded = [
        Shaded(
            country.iso_code,
            url(country) if url else country.get_absolute_url(),
            events_label(country, count),
            count,
        )
        for country, count in rows
    ]
    drawn = world_map([*also, *shaded])
    drawn["table"] = [
        {"country": country, "url": shade.url, "count": count}
        for (country, count), shade in zip(rows, shaded, strict=True)
    ]
    return drawn


def archive_map(role):
    """Every country by its published events taken part in, or hosted."""
    return {**country_count_map(selectors.country_map_counts(role)), "role": role}


def list_map(rows, query):
    """The events list's map: each country by the events it took part in
    among the other filters; a click adds it to them (`query` holds them)."""
    base = reverse("events:event-list")

    def adding(country):
        kept = query.copy()
        chosen = kept.getlist(selectors.LIST_MAP_FILTER)
        if country.slug not in chosen:
            kept.setlist(selectors.LIST_MAP_FILTER, [*chosen, country.slug])
        kept.pop("page", None)
        return f"{base}?{kept.urlencode()}"

    return country_count_map(rows, url=adding)


# An event's countries, each in the style of its part; a host taking part
# is shown as the host, and named as both.
EVENT_STYLES = ("host", "took-part", "discussed")


def event_map(event):
    """The event's host, countries taking part and countries discussed."""
    parts = {}
    if event.host_country:
        parts.setdefault(event.host_country, []).append("host")
    for country in event.participating_countries.all():
        parts.setdefault(country, []).append("took-part")
    for country in event.mentioned_countries.all():
        parts.setdefault(country, []).append("discussed")
    names = {
        "host": _("host country"),
        "took-part": _("took part"),
        "discussed": _("discussed"),
    }
    shaded = [
        Shaded(
            country.iso_code,
            country.get_absolute_url(),
            f"{country}: {', '.join(names[part] for part in roles)}",
            style=roles[0],
        )
        for country, roles in parts.items()
    ]
    drawn = world_map(shaded)
    drawn["legend"] = [
        {"shade": style, "text": names[style]}
        for style in EVENT_STYLES
        if any(style in roles for roles in parts.values())
    ]
    drawn["table"] = [
        {
            "country": country,
            "url": country.get_absolute_url(),
            "parts": [names[part] for part in roles],
        }
        for country, roles in parts.items()
    ]
    return drawn


def country_map(country, partners):
    """A country highlighted, with the countries that took part in its
    events most often (`partners`, [(country, events together)])."""
    own = Shaded(
        country.iso_code, country.get_absolute_url(), str(country), style="self"
    )
    return {**country_count_map(partners, also=[own]), "own": str(country)}
