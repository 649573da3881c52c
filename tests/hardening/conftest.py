import pytest

from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_topic,
)


@pytest.fixture
def one_of_each(db):
    """A published event linked to one record of every kind with a public page."""
    country = make_country(slug="harden-country")
    organization = make_organization(slug="harden-organization", country=country)
    person = make_person(slug="harden-person", country=country)
    topic = make_topic(slug="harden-topic")
    event = make_event(
        slug="harden-event",
        series=make_series(slug="harden-series"),
        host_country=country,
        organizers=[organization],
        participating_countries=[country],
        topics=[topic],
    )
    make_participation(event, person)
    return event


# Every public page and API address, with the slugs `one_of_each` gives them.
PUBLIC_URLS = (
    "/",
    "/events/",
    "/events/harden-event/",
    "/series/",
    "/series/harden-series/",
    "/topics/",
    "/topics/harden-topic/",
    "/people/",
    "/people/harden-person/",
    "/countries/",
    "/countries/harden-country/",
    "/organizations/",
    "/organizations/harden-organization/",
    "/search/?q=harden",
    "/ru/events/",
    "/ru/events/harden-event/",
)
API_URLS = (
    "/api/",
    "/api/events/",
    "/api/events/harden-event/",
    "/api/people/",
    "/api/people/harden-person/",
    "/api/countries/",
    "/api/countries/harden-country/",
    "/api/organizations/",
    "/api/organizations/harden-organization/",
    "/api/topics/",
    "/api/topics/harden-topic/",
    "/api/series/",
    "/api/series/harden-series/",
    "/api/schema/",
    "/api/docs/",
)
