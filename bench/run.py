"""`make bench`: load-test the archive at scale on SQLite and PostgreSQL.

Builds the generated archive once per database (cached), serves it with gunicorn
in production settings on a loopback port, loads each page with wrk and writes
bench/RESULTS.md. See bench/README.md for the knobs.
"""

import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = sys.executable
FULL_SIZE = 100_000
EVENTS = int(os.environ.get("BENCH_EVENTS", FULL_SIZE))
SEED = 1
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 2
# Seconds wrk waits for an answer before counting a timeout.
WRK_TIMEOUT = 5
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
# The TLS proxy's header, so production's HTTPS redirect lets plain HTTP through.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/academy_bench"
)
PROBE_TIMEOUT = 120
REBUILD = os.environ.get("BENCH_REBUILD", "") == "1"
# A fresh key per run: production settings refuse to start without one.
SECRET_KEY = secrets.token_urlsafe(50)
# Latency and query targets from issue 7.
MEDIAN_TARGET_MS = 50
P99_TARGET_MS = 200
QUERY_TARGET = 15


class Stop(Exception):
    """SIGTERM or SIGINT: unwind so every gunicorn started here is stopped."""


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def log(message):
    sys.stdout.write(f"[bench] {message}\n")
    sys.stdout.flush()


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


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing Debian's wrk")
    subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)


def machine():
    memory = cpu = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "memory": memory,
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


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
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, server_log, *options):
    """gunicorn in its own process group, so stop() ends it and its workers."""
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


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


UNITS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


LATENCY = re.compile(r"^\s+(?:50|99)%\s+(\S+)\s*$", re.MULTILINE)
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


def wrk(url, duration, connections=CONNECTIONS, timeout=WRK_TIMEOUT, script=None):
    """Load url (or the paths a Lua script picks) and read wrk's summary."""
    args = [
        "wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "--header=" + ": ".join(PROXY_HEADER),
    ]
    if script:
        args.append(f"--script={script}")
    output = subprocess.run(
        [*args, "--latency", url],
        check=True,
        text=True,
        capture_output=True,
        timeout=duration + 60,
    ).stdout
    median, p99 = (milliseconds(value) for value in re.findall(LATENCY, output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    # Connect, read and write errors, and answers later than the timeout.
    sockets = re.search(SOCKET_ERRORS, output)
    sockets = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # wrk leaves late answers out of its latencies: all late reads as 0.
        "median_ms": median or None,
        "p99_ms": p99 or None,
        "non_2xx": non_2xx,
        "socket_errors": sockets,
        "errors": non_2xx + sockets,
    }


def lua_script(paths):
    """wrk walks the pages in turn, its two threads starting half a list apart."""
    listed = ",\n".join(f"  {json.dumps(path)}" for path in paths)
    return (
        "-- Written by bench/ for one run.\n"
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('first', threads * math.floor(#paths / 2))\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  index = first\n"
        "end\n"
        "function request()\n"
        "  index = index % #paths + 1\n"
        "  return wrk.format(nil, paths[index])\n"
        "end\n"
    )


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
    # A static file as large as a typical page: the ceiling of this stack.
    ceiling = CACHE / "static" / "bench" / f"ceiling-{slug}.html"
    ceiling.parent.mkdir(parents=True, exist_ok=True)
    filler = "<p>" + "x" * 96 + "</p>\n"
    ceiling.write_text((filler * (size // len(filler) + 1))[:size])
    pages.append(
        {
            "name": "Static file (ceiling)",
            "path": f"/static/bench/{ceiling.name}",
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
    return {"label": label, "database": facts["database"], "pages": pages}


def serve_and_load(label, env, slug, pages):
    """Serve the archive with gunicorn and measure each page with wrk."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = (CACHE / f"gunicorn-{slug}.log").open("w")
    server = start_gunicorn(env, port, server_log)
    try:
        wait_until_up(base + "/healthz", server)
        for page in pages:
            if page["status"] != 200:
                log(f"{label}: {page['path']} answers {page['status']}, skipped")
                continue
            log(f"{label}: loading {page['path']}")
            wrk(base + page["path"], WARMUP)
            page.update(wrk(base + page["path"], DURATION))
    finally:
        stop(server)
        server_log.close()


def verdict(page):
    misses = []
    if page["median_ms"] is None or page["median_ms"] >= MEDIAN_TARGET_MS:
        misses.append("median")
    if page["p99_ms"] is None or page["p99_ms"] >= P99_TARGET_MS:
        misses.append("p99")
    if page["queries_first"] >= QUERY_TARGET:
        misses.append("queries")
    if page["errors"]:
        misses.append("errors")
    return "yes" if not misses else "no: " + ", ".join(misses)


def milliseconds_cell(value):
    return f"none in {WRK_TIMEOUT} s" if value is None else f"{value:.1f}"


def table(result):
    ceiling = result["pages"][-1].get("rps")
    lines = [
        f"### {result['label']}",
        "",
        f"{result['database']}",
        "",
        "| Page | Path | Req/s | % of static | Median ms | p99 ms | Errors | "
        "SQL queries (first / repeat) | Bytes | Targets met |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for page in result["pages"]:
        path = page["path"].replace("|", "%7C")
        if "rps" not in page:
            status = page["status"]
            if isinstance(status, int):
                status = "not available" if status == 404 else f"HTTP {status}"
            lines.append(f"| {page['name']} | `{path}` | {status} | | | | | | | |")
            continue
        share = f"{100 * page['rps'] / ceiling:.0f} %" if ceiling else ""
        lines.append(
            f"| {page['name']} | `{path}` | {page['rps']:.0f} | {share} | "
            f"{milliseconds_cell(page['median_ms'])} | "
            f"{milliseconds_cell(page['p99_ms'])} | {page['errors']} | "
            f"{page['queries_first']} / {page['queries_repeat']} | {page['bytes']} | "
            f"{verdict(page)} |"
        )
    return "\n".join(lines)


# `make soak` and `make bench-live` write their sections of RESULTS.md between
# markers (<!-- soak --> ... <!-- /soak -->), and the decisions taken from the
# measurements are written by hand between <!-- decisions --> markers;
# report() keeps them all.
SECTIONS = ("live", "soak", "decisions")


def section_pattern(name):
    return re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)


def kept_sections():
    """The other commands' sections of RESULTS.md, as they are."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    found = (section_pattern(name).search(old) for name in SECTIONS)
    return [match.group(0) for match in found if match]


def closed_section(name, lines, skipped):
    """A section's `lines`, the databases `skipped` and its closing marker."""
    lines = [*lines, *(f"\n{label}: not run, {reason}" for label, reason in skipped)]
    return "\n".join([*lines, f"<!-- /{name} -->"])


def write_section(name, text):
    """Put `text` (marked as section `name`) in RESULTS.md, in place of its
    last version or at the end."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    pattern = section_pattern(name)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    else:
        new = f"{old.rstrip()}\n\n{text}\n" if old else f"{text}\n"
    RESULTS.write_text(new)


def trial_notice():
    """The warning a run on a smaller archive than the benchmark's carries."""
    if EVENTS == FULL_SIZE:
        return []
    return [
        f"> **TRIAL RUN with {EVENTS:,} generated events, not the "
        f"{FULL_SIZE:,}-event benchmark.** These numbers only show that the "
        "harness works; do not read them as the archive's performance.",
        "",
    ]


def report(results, skipped, host):
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = ["# Benchmark results", "", *trial_notice()]
    heading += [
        f"- Date: {now}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} memory, "
        f"Linux {host['kernel']}, Python {host['python']}",
        f"- Archive: the 2015 fixture plus `generate_archive --events {EVENTS} "
        f"--seed {SEED}`",
        f"- Server: gunicorn, {WORKERS} workers of 4 threads (gthread), production "
        "settings (DJANGO_DEBUG=0), static files by WhiteNoise, 127.0.0.1",
        f"- Load: `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s "
        f"--timeout={WRK_TIMEOUT}s --latency` after a "
        f"{WARMUP} s warm-up, on the same machine as the server",
        "- Pages are served through the page cache (academy/caching.py), as in "
        "production; rows marked *uncached* are the same pages served again with "
        "the page cache off (DJANGO_PAGE_CACHE=0): every request renders the page, "
        "while counts, option lists and fragments kept up to date on write stay "
        "cached",
        "- SQL queries: Django's test client on the same database, first request "
        "with the cache cleared, then a repeat",
        f"- Targets: median < {MEDIAN_TARGET_MS} ms, p99 < {P99_TARGET_MS} ms, "
        f"< {QUERY_TARGET} queries, no errors",
        "",
    ]
    body = [table(result) for result in results]
    body += [f"### {label}\n\nNot measured: {reason}" for label, reason in skipped]
    text = "\n".join(heading) + "\n" + "\n\n".join(body) + "\n"
    for section in kept_sections():
        text += "\n" + section + "\n"
    RESULTS.write_text(text)
    sys.stdout.write(text)


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
    report(results, skipped, host)


if __name__ == "__main__":
    command_line(main, __doc__)
