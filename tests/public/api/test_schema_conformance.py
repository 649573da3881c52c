"""Every API response validates against the OpenAPI document the API serves.

Schemathesis walks each operation of the served schema with a few generated
requests (made-up slugs, filters and pages), and real records are read by
slug: each answer's status, content type and body must be the schema's.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from academy.wsgi import application
from tests.factories import make_event, make_source

CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(archive_2015, connection_kept_open):
    """The served schema, answered by the Django app in this test's transaction."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_api_every_operation_answers_as_its_schema_says(api_schema):
    answered = []
    for operation in operations(api_schema):

        @settings(
            max_examples=8,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def answers_as_declared(case):
            response = case.call()
            case.validate_response(response, checks=CHECKS)
            answered.append(response.status_code)

        answers_as_declared()

    assert (len(operations(api_schema)), sorted(set(answered))) == (12, [200, 400, 404])


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/api/events/{slug}/", "4th-csto-academy-2015"),
        ("/api/people/{slug}/", "valery-semerikov"),
        ("/api/countries/{slug}/", "armenia"),
        ("/api/organizations/{slug}/", "csto"),
        ("/api/topics/{slug}/", "migration"),
        ("/api/series/{slug}/", "csto-academy"),
    ],
)
def test_api_record_validates_against_schema(api_schema, path, slug):
    case = api_schema[path]["GET"].Case(path_parameters={"slug": slug})

    response = case.call()

    assert response.status_code == 200
    case.validate_response(response, checks=CHECKS)


def test_api_event_without_links_validates_against_schema(api_schema):
    event = make_event(slug="unlinked", host_country=None, series=None, source=None)
    detail = api_schema["/api/events/{slug}/"]["GET"].Case(
        path_parameters={"slug": event.slug}
    )
    listed = api_schema["/api/events/"]["GET"].Case(query={"q": "unlinked"})

    for case in (detail, listed):
        response = case.call()
        assert response.status_code == 200
        case.validate_response(response, checks=CHECKS)


def test_api_event_without_links_is_valid_json_schema_instance(client, db):
    # Read as plain JSON Schema, as OpenAPI 3.1 and its validators read it:
    # an OpenAPI 3.0 `nullable` beside `allOf` means nothing there, and a
    # blank URL matched both branches of a `oneOf` (formats are annotations).
    make_event(slug="unlinked", source=make_source(url="", archived_url=""))
    schema = client.get("/api/schema/?format=json").json()
    validator = Draft202012Validator({**schema, "$ref": "#/components/schemas/Event"})

    event = client.get("/api/events/unlinked/").json()

    assert (event["host_country"], event["series"], event["source"]["url"]) == (
        None,
        None,
        "",
    )
    assert [error.message for error in validator.iter_errors(event)] == []


@pytest.mark.parametrize("slug", ["no-such-event", "bad slug", "café"])
def test_api_unknown_or_malformed_slug_answers_json_404(api_schema, slug):
    case = api_schema["/api/events/{slug}/"]["GET"].Case(path_parameters={"slug": slug})

    response = case.call()

    assert (response.status_code, response.headers["content-type"]) == (
        404,
        ["application/problem+json"],
    )
    case.validate_response(response, checks=CHECKS)
