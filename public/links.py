"""Links to a list filtered by a record: "see this record's events (or people)",
and to a record's card on a list.

Every such link is built here, by the pages, the API and the exports alike, with
the filter whose list holds exactly what the count beside the link counts (a
country's "events it took part in" link filters by participating_country, not
by country, which also lists the events it hosted).
"""

from urllib.parse import urlencode

from django.urls import reverse


def filtered_list_url(view, **records):
    """The list at `view` filtered by each record's slug: /events/?topic=nato."""
    query = urlencode({parameter: record.slug for parameter, record in records.items()})
    return f"{reverse(view)}?{query}"


def card_anchor(record):
    """The id of `record`'s card on a list, for a link back to it:
    "event-4th-csto-academy-2015"."""
    return f"{record._meta.model_name}-{record.slug}"


def narrowed_list_url(url, parameter, value):
    """The list at `url`, filtered by a record (filtered_list_url), narrowed
    by one value more of a filter (a facet's: a slug, a choice, a year): a
    record's page links each value of its events' facets to the events
    that have it among that record's."""
    return f"{url}&{urlencode({parameter: value})}"
