"""/healthz answers 200 with the database reachable and 503 without it."""

import json
import os
import subprocess
import sys
import time

from django.core.cache import cache
from django.test import RequestFactory

from academy.caching import BUILDING, WAIT_SECONDS, page_key
from tests.helpers import ROOT

# A Django test client in a fresh interpreter, whose database is wherever
# DATABASE_URL points.
ASK_HEALTHZ = """
import django, json
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps([response.status_code, response.json(), response["Cache-Control"]]))
"""
NO_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def test_healthz_with_database_reachable_answers_ok(client, db):
    response = client.get("/healthz")

    assert (response.status_code, response.json(), response["Cache-Control"]) == (
        200,
        {"status": "ok"},
        NO_CACHE,
    )


def test_healthz_without_database_answers_503():
    # Port 1 on loopback: nothing listens there, so the connection is refused.
    env = {**os.environ, "DATABASE_URL": "postgres://archive@127.0.0.1:1/archive"}

    result = subprocess.run(
        [sys.executable, "-c", ASK_HEALTHZ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "academy.test_settings"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [503, {"status": "unavailable"}, NO_CACHE]


def test_healthz_refuses_post(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405


def test_healthz_answers_at_once_while_a_dead_builders_mark_stands(client, db):
    """Another process that died answering /healthz left its build mark in the
    shared cache: a page would wait for it (caching.WAIT_SECONDS, 10 s), the
    health check must not (a hang check, not a measure of speed)."""
    cache.set(page_key(RequestFactory().get("/healthz")) + BUILDING, True, 60)

    started = time.monotonic()
    response = client.get("/healthz")

    assert response.status_code == 200
    assert time.monotonic() - started < WAIT_SECONDS / 2
