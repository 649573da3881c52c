"""`make bench`: load-test the archive at scale on SQLite and PostgreSQL.

Builds the generated archive once per database (cached), serves it with gunicorn
in production settings on a loopback port, loads each page with wrk and writes
bench/RESULTS.md. See bench/README.md for the knobs.

Also what `make soak` and `make bench-live` share with it: building and reaching
each database's archive, running Django in a subprocess, stopping on a signal.
The pieces with one job each are beside it: config.py (knobs and paths),
servers.py (gunicorn, Redis), wrk_load.py (wrk), report.py (RESULTS.md),
admin_client.py and html_forms.py (the staff member's browser).
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
from config import (
    CACHE,
    DURATION,
    EVENTS,
    POSTGRES_URL,
    PYTHON,
    REBUILD,
    ROOT,
    SECRET_KEY,
    SEED,
    WARMUP,
    log,
)
from longtail import longtail_pass
from psycopg import sql
from report import machine, write_longtail, write_results
from servers import ceiling_file, serving
from wrk_load import ensure_wrk, wrk

PROBE_TIMEOUT = 120


class Stop(Exception):
    """SIGTERM or SIGINT: unwind so every gunicorn started here is stopped."""


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def run(args, env, timeout, capture=False):
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    ).stdout


def manage(env, *args, timeout=600):
    run([PYTHON, "manage.py", *args], env, timeout)


def probe(env, *args, timeout=600):
    return run([PYTHON, "bench/probe.py", *args], env, timeout, capture=True)


def longtail_pages(env, *args, timeout=1800):
    return run([PYTHON, "bench/longtail_pages.py", *args], env, timeout, capture=True)


def setup_django():
    """Django for a script's Django side, run in a subprocess by run()."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()


def base_env(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "academy.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "https://127.0.0.1",
        "DJANGO_STATIC_ROOT": str(CACHE / "static"),
        # As in production behind a TLS proxy; every request below says https.
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    }


def recreate_postgres_database(url):
    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        connection.execute(drop.format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def postgres_reachable(url):
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        psycopg.connect(admin, connect_timeout=5).close()
    except psycopg.OperationalError:
        return False
    return True


def build(label, env, reset, events=EVENTS):
    """Bring the database's schema up to date and generate the archive once."""
    built = "" if REBUILD else probe(env, "marker").strip()
    if built == str(events):
        log(f"{label}: archive of {events} events already built")
        manage(env, "migrate", "--no-input", "-v0", timeout=3600)
        return
    log(f"{label}: building an archive of {events} events (cached afterwards)")
    reset()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_archive")
    started = time.monotonic()
    manage(
        env,
        "generate_archive",
        f"--events={events}",
        f"--seed={SEED}",
        timeout=3600,
    )
    log(f"{label}: generated in {time.monotonic() - started:.0f} s")
    probe(env, "finish", str(events), timeout=3600)


def measure_queries(env, path):
    """Status, size and SQL queries of one page; a page too slow to probe is noted."""
    try:
        return json.loads(probe(env, "queries", path, timeout=PROBE_TIMEOUT))
    except subprocess.TimeoutExpired:
        return {"status": f"no answer within {PROBE_TIMEOUT} s", "bytes": 0}


def load(label, env, slug):
    """Probe the pages, then serve and measure them plus the static ceiling."""
    # Just before serving, so templates edited since the last run find their files.
    manage(env, "collectstatic", "--no-input", "-v0")
    log(f"{label}: choosing pages and counting their SQL queries")
    facts = json.loads(probe(env, "pages"))
    pages = [{**page, **measure_queries(env, page["path"])} for page in facts["pages"]]
    sizes = [page["bytes"] for page in pages if page["status"] == 200]
    size = int(statistics.median(sizes)) if sizes else 100_000
    pages.append(
        {
            "name": "Static file (ceiling)",
            "path": ceiling_file(slug, size),
            "status": 200,
            "bytes": size,
            "queries_first": 0,
            "queries_repeat": 0,
        }
    )

    serve_and_load(label, env, slug, pages)
    # The same pages again with the page cache off: what a page costs when it
    # is rendered for every request (a cold cache, or a page just after a save
    # of what it shows). The ceiling is measured once, above.
    uncached = [{**page, "name": f"{page['name']}, uncached"} for page in pages[:-1]]
    # The least any page rendered by Django costs: the whole middleware stack
    # and one query, no template. What uncached pages can be held against.
    uncached.append(
        {
            "name": "Request floor (health check: middleware, 1 query, no template)",
            "path": "/healthz",
            **measure_queries(env, "/healthz"),
        }
    )
    serve_and_load(label, {**env, "DJANGO_PAGE_CACHE": "0"}, slug, uncached)
    pages[-1:-1] = uncached
    longtail = longtail_pass(label, env, slug, longtail_pages)
    return {
        "label": label,
        "database": facts["database"],
        "pages": pages,
        "longtail": longtail,
    }


def serve_and_load(label, env, slug, pages):
    """Serve the archive with gunicorn and measure each page with wrk."""
    with serving(env, f"gunicorn-{slug}.log") as base:
        for page in pages:
            if page["status"] != 200:
                log(f"{label}: {page['path']} answers {page['status']}, skipped")
                continue
            log(f"{label}: loading {page['path']}")
            wrk(base + page["path"], WARMUP)
            page.update(wrk(base + page["path"], DURATION))


def prepare_run():
    """What every benchmark command does first."""
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    CACHE.mkdir(parents=True, exist_ok=True)
    ensure_wrk()


def databases():
    """(label, slug, DATABASE_URL, reset) of the archive on each database."""
    sqlite_file = CACHE / f"archive-{EVENTS}.sqlite3"
    return [
        (
            "SQLite",
            "sqlite",
            f"sqlite:///{sqlite_file}",
            lambda: sqlite_file.unlink(missing_ok=True),
        ),
        (
            "PostgreSQL",
            "postgresql",
            POSTGRES_URL,
            lambda: recreate_postgres_database(POSTGRES_URL),
        ),
    ]


def command_line(main, doc, **commands):
    """Run `main` (`run`, the default) or the command named on the command line,
    with the arguments after it."""
    command, *arguments = sys.argv[1:] or ["run"]
    if command == "run":
        try:
            main()
        except Stop as stopped:
            sys.exit(f"[bench] stopped by {stopped}")
    elif command in commands:
        commands[command](*arguments)
    else:
        sys.exit(doc)


def reachable(databases, skipped):
    """The databases that answer; each other one goes to `skipped`, with why."""
    for label, slug, url, reset in databases:
        if slug == "postgresql" and not postgres_reachable(url):
            skipped.append((label, f"no PostgreSQL server answers at {url}"))
            continue
        yield label, slug, url, reset


def main():
    prepare_run()
    host = machine()
    results, skipped = [], []
    for label, slug, url, reset in reachable(databases(), skipped):
        env = base_env(url)
        build(label, env, reset)
        results.append(load(label, env, slug))
    write_results(results, skipped, host)


def longtail_only():
    """The long-tail pass alone, on the archives built: its section of
    RESULTS.md anew, the other tables kept."""
    prepare_run()
    results, skipped = [], []
    for label, slug, url, reset in reachable(databases(), skipped):
        env = base_env(url)
        build(label, env, reset)
        manage(env, "collectstatic", "--no-input", "-v0")
        longtail = longtail_pass(label, env, slug, longtail_pages)
        results.append({"label": label, "longtail": longtail})
    write_longtail(results, skipped)


if __name__ == "__main__":
    command_line(main, __doc__, longtail=longtail_only)
