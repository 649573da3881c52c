"""Free-text search over events (their text and the names of the records
linked to them) and people."""

from academy.search import by_relevance, document_sources, matching

from .models import Event
from .relations import searched_relations

# (model, searched field, link from its keys to events'): a word of a query
# may be in the name of a record linked to the event.
EVENT_RELATED = tuple(
    (relation.model, relation.searched_by, relation.event_keys_linked_to)
    for relation in searched_relations()
)


def event_search_reads():
    """The models beside Event whose writes may change which events a text
    search finds: the linked records, the rows that link them (a speaker's
    participation) and what their searched names are made of (a person's
    other spellings)."""
    reads = set()
    for relation in searched_relations():
        reads |= document_sources(relation.model)
        if relation.through:
            reads.add(relation.through)
    return reads


# (field, choices): a word of a query may be in the label of an event's
# kind ("конференция в Сербии"); "other" names no kind a visitor asks for.
EVENT_LABELS = (
    ("kind", tuple(kind for kind in Event.Kind.choices if kind[0] != Event.Kind.OTHER)),
)


def search_events(queryset, text):
    """Events where each word is in their text or in a linked record's name.

    Their text is the title, summary, body, city and venue and the label of
    their kind, in either language; a linked record's name is a speaker's
    (any spelling, not their position), a topic's, a country's (host, taking
    part or discussed) or an organization's (organizer or discussed), in
    either language.
    """
    return matching(queryset, text, related=EVENT_RELATED, labels=EVENT_LABELS)


def search_people(queryset, text):
    """People whose name, another spelling of it, or position has every word."""
    return matching(queryset, text)


def events_by_relevance(queryset, text):
    """Events found by search_events(text), most relevant first
    (academy.search.by_relevance), then in their order."""
    return by_relevance(queryset, text, related=EVENT_RELATED)
