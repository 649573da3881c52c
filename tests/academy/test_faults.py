"""The site survives its parts failing, on throwaway servers the tests start
(never the machine's shared PostgreSQL or Redis)."""

import logging
import threading
import time

import pytest
from django.core.cache import cache

from academy.cache_tags import COUNTER
from tests.academy import servers
from tests.factories import make_event
from tests.helpers import raw_request

pytestmark = pytest.mark.django_db


def test_pages_are_served_from_the_database_when_redis_stops(
    client, redis_cache, caplog
):
    make_event(title="Still here")
    assert client.get("/events/").status_code == 200
    assert cache.get(COUNTER) is not None  # Redis held the cache

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
    port = serve(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{database_port}/postgres"
    ).port
    assert healthz(port) == 200
    during, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            during.append(healthz(port))

    loader = threading.Thread(target=load)
    loader.start()
    servers.as_postgres(*control, "-m", "fast", "restart")
    stop.set()
    loader.join()
    after_load = [healthz(port) for _ in range(10)]
    # Restarted while idle: the worker's kept connection is dead, and the next
    # request must notice before using it.
    servers.as_postgres(*control, "-m", "fast", "restart")
    after_idle = [healthz(port) for _ in range(10)]
    servers.as_postgres(*control, "-m", "fast", "stop")
    stopped = healthz(port)

    assert during.count(200) > 0
    # A request that met the restart is answered 503 by /healthz, never 500.
    assert set(during) <= {200, 503}
    assert after_load == [200] * 10
    assert after_idle == [200] * 10
    assert stopped == 503  # the server under test used this cluster
