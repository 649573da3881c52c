"""The schema.org Event description of an event page, as JSON-LD.

Dates keep their precision: ISO 8601 allows "2015-10" and "2015", and
schema.org's Date accepts them, so nothing more precise than the source is said.
"""

from people.jsonld import (
    CONTEXT,
    compact,
    country_ref,
    organization_ref,
    person_ref,
    reference,
)

from . import dates

# schema.org has no status for "took place": EventScheduled is what it uses for
# past events that happened as planned, and an announced event not known to
# have taken place is, as far as the archive knows, scheduled too. Neither is
# known to be cancelled, postponed or moved online, so no other status fits.
EVENT_STATUS = "https://schema.org/EventScheduled"


def place(event, absolute):
    address = compact(
        {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            "addressCountry": event.host_country and event.host_country.iso_code,
        }
    )
    if len(address) == 1:
        return None
    return compact(
        {
            "@type": "Place",
            "name": event.venue or event.city or str(event.host_country),
            "address": address,
            "containedInPlace": event.host_country
            and country_ref(event.host_country, absolute),
        }
    )


def performer(participation, absolute):
    return compact(
        {
            **person_ref(participation.person, absolute),
            "jobTitle": participation.position,
        }
    )


def event_jsonld(event, absolute):
    """`event` as event_detail or events_for_export read it."""
    return compact(
        {
            "@context": CONTEXT,
            **reference(event, "Event", absolute),
            "description": event.summary,
            "startDate": dates.isoformat(event.start_date, event.date_precision),
            "endDate": dates.isoformat(event.end_date, event.date_precision),
            "eventStatus": EVENT_STATUS,
            "location": place(event, absolute),
            "organizer": [
                organization_ref(organizer, absolute)
                for organizer in event.organizers.all()
            ],
            "performer": [
                performer(participation, absolute)
                for participation in event.speaker_list
            ],
            "about": [
                reference(topic, "Thing", absolute) for topic in event.topics.all()
            ],
            "superEvent": event.series
            and reference(event.series, "EventSeries", absolute),
        }
    )
