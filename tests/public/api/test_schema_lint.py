"""The served OpenAPI document as documentation tools read it: Redocly's
linter, with its recommended rules (tests/js/redocly.yaml says which one is
off, and why)."""

import json

import pytest

from tests.helpers import run_javascript

pytestmark = pytest.mark.django_db


def test_redocly_finds_no_problem_in_the_served_schema(client, tmp_path):
    schema = tmp_path / "schema.yaml"
    schema.write_bytes(client.get("/api/schema/").content)

    report = run_javascript(
        "node_modules/.bin/redocly",
        "lint",
        "--config",
        "redocly.yaml",
        "--format",
        "json",
        str(schema),
    )

    assert json.loads(report)["problems"] == []
