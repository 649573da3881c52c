"""What every API endpoint shares: read-only, JSON, CORS, schema and docs."""

import json
import re
from unittest import mock

import pytest
import yaml
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.request import Request
from rest_framework.serializers import ModelSerializer

from events.models import Series, Topic
from people.models import Country, Organization, Person
from public.api.fields import (
    CountryRefSerializer,
    OrganizationRefSerializer,
    PersonRefSerializer,
    SeriesRefSerializer,
    TopicRefSerializer,
)
from public.api.schema import SCHEMAS

ENDPOINTS = ("events", "people", "countries", "organizations", "topics", "series")
DETAILS = (
    "/api/events/4th-csto-academy-2015/",
    "/api/people/valery-semerikov/",
    "/api/countries/armenia/",
    "/api/organizations/csto/",
    "/api/topics/migration/",
    "/api/series/csto-academy/",
)


def test_api_root_links_every_endpoint(client, db):
    response = client.get("/api/")

    assert response.json() == {
        name: f"http://testserver/api/{name}/" for name in ENDPOINTS
    }


@pytest.mark.parametrize(
    "path", [f"/api/{name}/" for name in ENDPOINTS] + list(DETAILS)
)
def test_api_get_and_head_answer_json(client, archive_2015, path):
    response = client.get(path)
    head = client.head(path)

    assert (response.status_code, head.status_code) == (200, 200)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/api/events/", DETAILS[0], "/api/people/", DETAILS[1]]
)
def test_api_writes_are_refused_with_405(client, archive_2015, method, path):
    response = getattr(client, method)(path, {}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_api_get_from_another_site_is_allowed_without_credentials(client, archive_2015):
    response = client.get("/api/events/", HTTP_ORIGIN="https://example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_api_preflight_allows_only_reading(client, db):
    response = client.options(
        "/api/events/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_html_pages_get_no_cors_header(client, archive_2015):
    response = client.get("/events/", HTTP_ORIGIN="https://example.org")

    assert "Access-Control-Allow-Origin" not in response


def test_api_answer_says_its_language_and_varies_on_it(client, archive_2015):
    response = client.get(DETAILS[0], HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]


def test_openapi_schema_generates_without_warnings_and_validates(tmp_path):
    schema_file = tmp_path / "schema.yaml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file)
    )

    schema = yaml.safe_load(schema_file.read_text())
    assert schema["openapi"].startswith("3.")
    assert sorted(path for path in schema["paths"] if path.endswith("{slug}/")) == [
        f"/api/{name}/{{slug}}/" for name in sorted(ENDPOINTS)
    ]


def test_openapi_schema_lists_the_html_filters(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    parameters = {
        name: [
            parameter["name"]
            for parameter in schema["paths"][f"/api/{name}/"]["get"]["parameters"]
        ]
        for name in ("events", "people")
    }

    assert sorted(parameters["events"]) == [
        "country",
        "discussed_country",
        "discussed_organization",
        "host_country",
        "kind",
        "month",
        "organization",
        "outcome",
        "page",
        "page_size",
        "participating_country",
        "person",
        "q",
        "series",
        "sort",
        "topic",
        "year",
    ]
    assert sorted(parameters["people"]) == [
        "country",
        "organization",
        "page",
        "page_size",
        "q",
        "topic",
    ]


def test_api_docs_render_from_local_files_only(client, db):
    response = client.get("/api/docs/")

    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    statuses = []
    for source in sources:
        asset = client.get(source.replace("&amp;", "&"))
        statuses.append(asset.status_code)
        asset.close()  # static files stream from open file handles

    assert response.status_code == 200
    assert all(source.startswith("/") for source in sources), sources
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert statuses == [200] * len(sources)


def test_openapi_schema_is_generated_once_per_language(client, db):
    SCHEMAS.clear()
    generate = SchemaGenerator.get_schema

    with mock.patch.object(
        SchemaGenerator, "get_schema", autospec=True, side_effect=generate
    ) as generated:
        english = [client.get(f"/api/schema/?page={n}") for n in (1, 2)]
        russian = client.get("/api/schema/?lang=ru")
        unknown = client.get("/api/schema/?lang=zz")

    assert generated.call_count == 3  # the unknown language is not kept
    assert set(SCHEMAS) == {"en", "ru"}
    assert unknown.status_code == 200
    assert english[0].content == english[1].content
    assert "Read-only access" in english[0].text
    assert russian.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "headers", "problem"),
    [
        (
            "get",
            "/api/events/?kind=nope",
            {},
            {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": "Invalid input.",
                "errors": {"kind": ["No such kind of event: nope."]},
            },
        ),
        (
            "get",
            "/api/events/no-such-event/",
            {},
            {
                "type": "about:blank",
                "title": "Not Found",
                "status": 404,
                "detail": "No Event matches the given query.",
            },
        ),
        (
            "post",
            "/api/events/",
            {},
            {
                "type": "about:blank",
                "title": "Method Not Allowed",
                "status": 405,
                "detail": 'Method "POST" not allowed.',
            },
        ),
        (
            "get",
            "/api/events/",
            {"HTTP_ACCEPT": "text/html"},
            {
                "type": "about:blank",
                "title": "Not Acceptable",
                "status": 406,
                "detail": "Could not satisfy the request Accept header.",
            },
        ),
    ],
)
def test_api_error_answers_problem_details(client, db, method, path, headers, problem):
    response = getattr(client, method)(path, **headers)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        problem["status"],
        "application/problem+json",
        problem,
    )


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "serializer_class, model, slug",
    [
        (CountryRefSerializer, Country, "armenia"),
        (OrganizationRefSerializer, Organization, "csto"),
        (PersonRefSerializer, Person, "valery-semerikov"),
        (TopicRefSerializer, Topic, "migration"),
        (SeriesRefSerializer, Series, "csto-academy"),
    ],
)
def test_a_reference_is_what_drf_would_make_of_its_fields(
    archive_2015, rf, language, serializer_class, model, slug
):
    record = model.objects.get(slug=slug)
    serializer = serializer_class(context={"request": Request(rf.get("/api/"))})

    with translation.override(language):
        built = serializer.to_representation(record)
        by_drf = ModelSerializer.to_representation(serializer, record)

    assert json.dumps(built) == json.dumps(by_drf)
