"""Every model that the public lists, their filters, facets and text search
read is Event itself or declared in events/relations.py: what is read but not
declared escapes the tallies, the search and the cache invalidation that
derive from that table (a speaker's Participation once did, issue 28)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.search import document_sources
from events.models import Event, Tally
from events.relations import RELATIONS
from public import facets
from public.filters import EventFilter
from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)
from tests.helpers import models_read_by

pytestmark = pytest.mark.django_db

# Read but declared nowhere in the table, each for a reason.
ALLOWED = {
    Tally: "the counts kept on write from the declared relations (events/tallies.py)",
}


def declared_models():
    """Event, each relation's records and linking rows, and what a searched
    record's names are made of (a person's other spellings)."""
    declared = {Event}
    for relation in RELATIONS:
        declared |= {relation.model, relation.through} - {None}
        if relation.searched_by:
            declared |= document_sources(relation.model)
    return declared


@pytest.fixture
def linked_event():
    """A published event with a record in every relation, all named Zorvath."""
    country = make_country(name="Zorvath country")
    event = make_event(
        title="Summit",
        host_country=country,
        series=make_series(name="Zorvath series"),
        source=make_source(),
        participating_countries=[country],
        mentioned_countries=[make_country(name="Zorvath mentioned")],
        topics=[make_topic(name="Zorvath topic")],
        organizers=[make_organization(name="Zorvath organizer")],
        mentioned_organizations=[make_organization(name="Zorvath discussed")],
    )
    make_participation(event, make_person(name="Zorvath Quellen", country=country))
    return event


def public_reads(event):
    """The addresses of every list, filter, facet and search that reads an
    event's links: each filter of the events list alone and beside another
    (the facets then count within the selection), each facet's own page, the
    people list's, and the text searches."""
    values = {
        relation.parameter: getattr(event, relation.name).slug
        if relation.through is None
        else getattr(event, relation.name).get().slug
        for relation in RELATIONS
        if relation.parameter
    }
    values |= {
        "q": "Zorvath",
        "country": event.host_country.slug,
        "kind": event.kind,
        "year": "2015",
        "outcome": event.outcome,
        "month": "2015-06",
        "sort": "title",
    }
    assert set(values) == set(EventFilter.base_filters)
    topic = event.topics.get().slug
    paths = ["/events/", "/search/?q=Zorvath", "/people/", "/people/?q=Zorvath"]
    paths += [f"/events/?{name}={value}&year=2015" for name, value in values.items()]
    paths += [
        f"/events/filters/{name}/"
        for name in facets.facets_by_name(facets.EVENT_FACETS)
    ]
    paths += [
        f"/events/filters/{name}/?year=2015&find=Zorvath"
        for name in facets.facets_by_name(facets.EVENT_FACETS)
    ]
    paths += [f"/people/?topic={topic}", f"/people/?country={values['country']}"]
    paths += [f"/people/filters/{name}/" for name in ("country", "topic")]
    paths += [f"/people/filters/organization/?topic={topic}&find=Zorvath"]
    return paths


def test_every_model_the_public_lists_and_searches_read_is_declared(
    client, linked_event
):
    undeclared = {}
    for path in public_reads(linked_event):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        for model in (
            models_read_by(*(query["sql"] for query in queries))
            - declared_models()
            - set(ALLOWED)
        ):
            undeclared.setdefault(model._meta.label, []).append(path)

    assert undeclared == {}


def test_the_relation_coverage_reads_a_speakers_participation(client, linked_event):
    """The check above sees the rows linking a speaker: without them declared
    it would fail (issue 28's Participation)."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/events/?q=Quellen")

    assert "events.Participation" in {
        model._meta.label
        for model in models_read_by(*(query["sql"] for query in queries))
    }
