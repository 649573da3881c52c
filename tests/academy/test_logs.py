"""Logs: JSON lines on stderr, every error with its traceback and request id."""

import gzip
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from academy.logs import JSONFormatter
from tests.helpers import run_python, soup_of


def log_lines(records):
    """The records as the site's handler writes them: one JSON object each."""
    return [json.loads(JSONFormatter().format(record)) for record in records]


@pytest.fixture
def failing_site(settings, client):
    settings.ROOT_URLCONF = "tests.academy.failing_urls"
    client.raise_request_exception = False
    return client


def test_a_server_error_is_logged_with_its_traceback_and_request_id(
    failing_site, caplog
):
    response = failing_site.get("/fail/")

    lines = log_lines(caplog.records)
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert response.status_code == 500
    assert len(errors) == 1
    assert errors[0]["logger"] == "django.request"
    assert errors[0]["request_id"] == response["X-Request-ID"]
    assert "ZeroDivisionError: the failure under test" in errors[0]["traceback"]


def test_the_error_page_names_the_request(failing_site):
    response = failing_site.get("/fail/")

    reference = soup_of(response).select_one("main code").get_text()
    assert len(reference) == 32
    assert reference == response["X-Request-ID"]


def test_every_request_leaves_an_access_line_with_its_duration(client, db, caplog):
    caplog.set_level(logging.INFO, logger="academy.access")

    response = client.get("/robots.txt")

    (line,) = [
        line for line in log_lines(caplog.records) if line["logger"] == "academy.access"
    ]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/robots.txt", 200)
    assert line["request_id"] == response["X-Request-ID"]
    assert 0 < line["duration_ms"] < 10_000


def test_log_level_comes_from_the_environment():
    result = run_python(
        "-c",
        "import django, logging; django.setup(); "
        "print(logging.getLevelName(logging.getLogger().level))",
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="academy.settings",
        DJANGO_LOG_LEVEL="error",
    )

    assert (result.returncode, result.stdout) == (0, "ERROR\n"), result.stderr


class EnvelopeCatcher(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_are_reported_to_sentry_when_a_dsn_is_set():
    server = HTTPServer(("127.0.0.1", 0), EnvelopeCatcher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/7"
    try:
        result = run_python(
            "-c",
            "import django, logging, sentry_sdk; django.setup(); "
            "logging.getLogger('events').error('reported failure'); "
            "sentry_sdk.flush()",
            DJANGO_DEBUG="1",
            DJANGO_SETTINGS_MODULE="academy.settings",
            SENTRY_DSN=dsn,
        )
    finally:
        server.shutdown()
        server.server_close()

    assert result.returncode == 0, result.stderr
    paths = [path for path, _body in EnvelopeCatcher.received]
    assert paths and set(paths) == {"/api/7/envelope/"}
    assert any(b"reported failure" in body for _path, body in EnvelopeCatcher.received)
