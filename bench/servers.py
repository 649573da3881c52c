"""The servers a bench run starts on loopback: gunicorn and Redis, each
stopped with everything it started."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from config import CACHE, PROXY_HEADER, PYTHON, ROOT, WORKERS


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, server_log, *options):
    """gunicorn in its own process group, so stop_server() ends it and its
    workers."""
    return subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "academy.wsgi",
            "--config=python:academy.gunicorn_config",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=60",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting; see its log")
        try:
            request = urllib.request.Request(url, headers=dict([PROXY_HEADER]))
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def start_redis():
    """A Redis server of its own on a free port, keeping nothing on disk; the
    process and its URL."""
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(CACHE)],
        stdout=subprocess.DEVNULL,
    )
    return server, f"redis://127.0.0.1:{port}/0"


def ceiling_file(slug, size):
    """A static file of `size` bytes, as large as a typical page: the ceiling
    of this stack. Its path on the server."""
    ceiling = CACHE / "static" / "bench" / f"ceiling-{slug}.html"
    ceiling.parent.mkdir(parents=True, exist_ok=True)
    filler = "<p>" + "x" * 96 + "</p>\n"
    ceiling.write_text((filler * (size // len(filler) + 1))[:size])
    return f"/static/bench/{ceiling.name}"


@contextlib.contextmanager
def serving(env, log_name):
    """gunicorn with `env` on a free port, up, for the block: yields its base
    address, and stops it after, also on an error. Its log is in
    bench/.cache/`log_name`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (CACHE / log_name).open("w") as server_log:
        server = start_gunicorn(env, port, server_log)
        try:
            wait_until_up(base + "/healthz", server)
            yield base
        finally:
            stop_server(server)
