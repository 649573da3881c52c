"""The API's OpenAPI schema, fuzzed with schemathesis: no request gets a 5xx.

Runs in-process against the WSGI application, with a bounded number of cases
per operation so the whole run stays quick.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.wsgi import application

pytestmark = pytest.mark.django_db

CASES_PER_OPERATION = 25


def test_api_schema_answers_every_generated_request_without_a_server_error(
    archive_2015, connection_kept_open
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    strategy = st.one_of(operation.as_strategy() for operation in operations)
    failures = []

    @settings(
        max_examples=CASES_PER_OPERATION * len(operations),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call()
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} {case.query}")

    check()

    assert len(operations) == 12
    assert failures == []
