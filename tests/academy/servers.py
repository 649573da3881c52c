"""Throwaway servers the fault tests start and stop themselves, on spare loopback
ports: never the machine's shared PostgreSQL or Redis."""

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import free_port

# What the archive needs to start with debug off, as `make serve` runs it.
PRODUCTION = {
    "DJANGO_SECRET_KEY": "gunicorn-test-secret-key-not-used-elsewhere",
    "DJANGO_SITE_URL": "http://127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def require(*programs):
    for program in programs:
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not installed")


@contextmanager
def redis_server(directory):
    """A redis-server that keeps nothing on disk; yields its process and port."""
    require("redis-server")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=10)


def as_postgres(*command, **options):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        capture_output=True,
        text=True,
        **options,
    )


@contextmanager
def postgres_cluster():
    """A PostgreSQL cluster (initdb, pg_ctl) with trust authentication; yields
    the pg_ctl command that controls it and its port, and removes it after."""
    require("initdb", "pg_ctl", "runuser")
    # Not under pytest's tmp_path: the postgres user cannot enter that.
    home = Path(tempfile.mkdtemp(prefix="academy-postgres-"))
    shutil.chown(home, "postgres")
    data, port = home / "data", free_port()
    control = ["pg_ctl", "-D", str(data), "-w", "-l", str(home / "log")]
    control += ["-o", f"-p {port} -k {home} -c listen_addresses=127.0.0.1"]
    try:
        as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
        as_postgres(*control, "start")
        yield control, port
    finally:
        if (data / "postmaster.pid").exists():
            as_postgres(*control, "-m", "immediate", "stop")
        shutil.rmtree(home)


# The proxy README's "Deploying" describes: it passes the client's address and
# scheme on, and retries a request that failed to reach one instance (refused,
# reset, or closed before any response) on the next, as nginx does by default for
# idempotent methods. `X-Upstream` tells the test which instance answered.
NGINX_CONF = """\
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    upstream archive {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 10m;
        location / {{
            proxy_pass http://archive;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@contextmanager
def nginx(directory, upstream_ports):
    """nginx on a spare port in front of the gunicorn instances on
    `upstream_ports`; yields its port."""
    require("nginx")
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    config = directory / "nginx.conf"
    config.write_text(
        NGINX_CONF.format(directory=directory, servers=servers, port=port)
    )
    command = ["nginx", "-p", str(directory), "-c", str(config), "-e", "stderr"]
    proxy = subprocess.Popen([*command, "-g", "daemon off;"])
    try:
        wait_for_port(port)
        yield port
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


CADDYFILE = Path(__file__).resolve().parents[2] / "academy" / "Caddyfile"


@contextmanager
def caddy(directory, upstream_port, static_root):
    """Caddy with the archive's own academy/Caddyfile on a spare port, over
    plain http, in front of gunicorn on `upstream_port`; yields its port."""
    require("caddy")
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(directory),
        "XDG_DATA_HOME": str(directory / "data"),
        "XDG_CONFIG_HOME": str(directory / "config"),
        "ARCHIVE_ADDRESS": f"http://127.0.0.1:{port}",
        "ARCHIVE_UPSTREAM": f"127.0.0.1:{upstream_port}",
        "ARCHIVE_STATIC_ROOT": str(static_root),
    }
    log = (directory / "caddy.log").open("w")
    proxy = subprocess.Popen(
        ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        log.close()
