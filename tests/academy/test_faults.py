"""The site survives its parts failing, on throwaway servers the tests start
(never the machine's shared PostgreSQL or Redis)."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from tests.factories import make_event

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own on a spare port; stopped after."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    yield server, port
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_server, settings):
    server, port = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "academy.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return server


def test_pages_are_served_from_the_database_when_redis_stops(
    client, redis_cache, caplog
):
    make_event(title="Still here")
    assert client.get("/events/").status_code == 200
    assert cache.get("archive:version") is not None  # Redis held the cache

    redis_cache.terminate()
    redis_cache.wait(timeout=10)
    started = time.monotonic()
    responses = [client.get(url) for url in ("/", "/events/", "/api/events/") * 3]

    assert [response.status_code for response in responses] == [200] * 9
    assert "Still here" in responses[1].content.decode()
    assert time.monotonic() - started < 5
    warnings = [r for r in caplog.records if r.name == "academy.cache"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
