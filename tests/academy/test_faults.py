"""The site survives its parts failing, on throwaway servers the tests start
(never the machine's shared PostgreSQL or Redis)."""

import logging
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import make_event
from tests.helpers import free_port, raw_request

pytestmark = pytest.mark.django_db


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


def as_postgres(*command, **options):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        capture_output=True,
        text=True,
        **options,
    )


@pytest.fixture
def postgres_cluster():
    """A PostgreSQL cluster of the test's own on a spare port; removed after."""
    if not (shutil.which("initdb") and shutil.which("runuser")):
        pytest.skip("PostgreSQL's server tools are not installed")
    # Not under pytest's tmp_path: the postgres user cannot enter that.
    home = Path(tempfile.mkdtemp(prefix="academy-postgres-"))
    shutil.chown(home, "postgres")
    data, port = home / "data", free_port()
    as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1"
    control = ["pg_ctl", "-D", str(data), "-o", options, "-w", "-l", str(home / "log")]
    as_postgres(*control, "start")
    yield control, port
    as_postgres(*control, "-m", "immediate", "stop")
    shutil.rmtree(home)


def healthz(port):
    try:
        answer = raw_request(port, "GET /healthz HTTP/1.0\r\n\r\n")
    except OSError:
        return None
    return int(answer.split(b" ", 2)[1])


def test_a_postgresql_restart_fails_at_most_the_requests_in_flight(
    serve, postgres_cluster
):
    control, database_port = postgres_cluster
    port, _log = serve(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{database_port}/postgres"
    )
    assert healthz(port) == 200
    during, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            during.append(healthz(port))

    loader = threading.Thread(target=load)
    loader.start()
    as_postgres(*control, "-m", "fast", "restart")
    stop.set()
    loader.join()
    after_load = [healthz(port) for _ in range(10)]
    # Restarted while idle: the worker's kept connection is dead, and the next
    # request must notice before using it.
    as_postgres(*control, "-m", "fast", "restart")
    after_idle = [healthz(port) for _ in range(10)]

    assert during.count(200) > 0
    # A request that met the restart is answered 503 by /healthz, never 500.
    assert set(during) <= {200, 503}
    assert after_load == [200] * 10
    assert after_idle == [200] * 10
