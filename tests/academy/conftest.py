"""Servers the academy tests start themselves: gunicorn as `make serve` runs it,
and throwaway PostgreSQL and Redis servers."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.academy import servers
from tests.helpers import ROOT, free_port, raw_request

GUNICORN = Path(sys.executable).with_name("gunicorn")


@dataclass
class Gunicorn:
    port: int
    log: Path
    process: subprocess.Popen


@pytest.fixture
def serve(tmp_path):
    """Start gunicorn with the archive's config on a free port; stop it after."""
    processes, logs = [], []

    def start(**settings):
        port = free_port()
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        logs.append(log)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_")
        }
        env |= {"HOME": str(tmp_path), **servers.PRODUCTION, **settings}
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
            start_new_session=True,  # so that a test can stop it with its workers
        )
        processes.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                raw_request(port, "GET /robots.txt HTTP/1.0\r\n\r\n")
                return Gunicorn(port, Path(log.name), server)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    yield start
    for server in processes:
        server.terminate()
        server.wait(timeout=10)
    for log in logs:
        log.close()


@pytest.fixture
def redis_server(tmp_path):
    with servers.redis_server(tmp_path) as (process, port):
        yield process, port


@pytest.fixture
def postgres_cluster():
    with servers.postgres_cluster() as (control, port):
        yield control, port


@pytest.fixture
def redis_cache(redis_server, settings):
    """The site's cache in a Redis of the test's own; yields its process."""
    server, port = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "academy.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return server


@pytest.fixture(params=["local memory", "redis"])
def any_cache(request):
    """Each of the two caches the site runs with: locmem by default, Redis
    with REDIS_URL."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
