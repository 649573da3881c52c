"""The archive under gunicorn, started as `make serve` starts it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_request(port, request):
    """Everything the server sends back to `request`, until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


@pytest.fixture
def serve(tmp_path):
    """Start gunicorn with the archive's config on a free port; stop it after."""
    servers, logs = [], []

    def start():
        port = free_port()
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        logs.append(log)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_")
        }
        env |= {
            "HOME": str(tmp_path),
            "DJANGO_SECRET_KEY": "gunicorn-test-secret-key-not-used-elsewhere",
            "DJANGO_SITE_URL": "http://127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "academy.wsgi",
                "--config=python:academy.gunicorn_config",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                raw_request(port, "GET /robots.txt HTTP/1.0\r\n\r\n")
                return port, tmp_path / f"gunicorn-{port}.log"
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)
    for log in logs:
        log.close()


def test_head_is_answered_without_a_body_or_a_warning(serve):
    port, log = serve()

    answer = raw_request(port, "HEAD /robots.txt HTTP/1.0\r\n\r\n")

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 OK")
    assert b"Content-Length: " in head
    assert body == b""
    assert "body bytes" not in log.read_text()


def test_two_instances_on_one_host_share_no_control_socket(serve, tmp_path):
    first, _ = serve()
    second, _ = serve()

    assert not (tmp_path / ".gunicorn").exists()
    for port in (first, second):
        assert raw_request(port, "GET /robots.txt HTTP/1.0\r\n\r\n").startswith(
            b"HTTP/1.0 200 OK"
        )
