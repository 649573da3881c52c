"""Free-text search over events (their text and the names of the records
linked to them) and people."""

from academy.search import document_sources, matching
from people.models import Country, Organization, Person

from .models import Event, Topic


def events_linked_by(field_name):
    """A link from a subquery of keys of records to the keys of the events
    whose `field_name` names any of them."""
    field = Event._meta.get_field(field_name)
    if field.many_to_one:
        return lambda records: (
            Event._base_manager.filter(**{f"{field_name}__in": records})
            .order_by()
            .values("pk")
        )
    through = field.remote_field.through
    return lambda records: (
        through.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": records})
        .order_by()
        .values(field.m2m_field_name())
    )


# (model, searched field, Event's field that links it): a word of a query may
# be in the name of a record linked to the event.
EVENT_LINKS = (
    (Person, "search_names", "speakers"),
    (Topic, "search_names", "topics"),
    (Country, "search_document", "host_country"),
    (Country, "search_document", "participating_countries"),
    (Country, "search_document", "mentioned_countries"),
    (Organization, "search_names", "organizers"),
    (Organization, "search_names", "mentioned_organizations"),
)
EVENT_RELATED = tuple(
    (model, field, events_linked_by(link)) for model, field, link in EVENT_LINKS
)


def event_search_reads():
    """The models beside Event whose writes may change which events a text
    search finds: the linked records, the rows that link them (a speaker's
    participation) and what their searched names are made of (a person's
    other spellings)."""
    reads = set()
    for model, _field, link in EVENT_LINKS:
        field = Event._meta.get_field(link)
        reads |= document_sources(model)
        if field.many_to_many:
            reads.add(field.remote_field.through)
    return reads


def search_events(queryset, text):
    """Events where each word is in their text or in a linked record's name.

    Their text is the title, summary, body, city and venue in either
    language; a linked record's name is a speaker's (any spelling, not their
    position), a topic's, a country's (host, taking part or discussed) or an
    organization's (organizer or discussed), in either language.
    """
    return matching(queryset, text, related=EVENT_RELATED)


def search_people(queryset, text):
    """People whose name, another spelling of it, or position has every word."""
    return matching(queryset, text)
