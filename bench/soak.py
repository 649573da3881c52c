"""`make soak`: public pages under load while a staff member saves in the admin.

For SQLite and then PostgreSQL: serves a small generated archive with gunicorn in
production settings on a loopback port, loads every kind of public page with wrk
while staff sessions save events through the real admin forms, then checks in
the database that every save is there, with its admin history entry. Writes the
soak section of bench/RESULTS.md and exits non-zero on any error, 5xx or lost
save. See bench/README.md, "Soak".

`soak.py prepare` and `soak.py verify FILE` are its Django side, run in a
subprocess with the database's environment.
"""

import collections
import datetime
import functools
import http.client
import itertools
import json
import os
import re
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import config
import report
import run as bench
import servers
import wrk_load
from admin_client import ADMIN_TIMEOUT, AdminClient, add_marker, superuser
from soak_pages import public_paths

DURATION = int(os.environ.get("SOAK_DURATION", "60"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "32"))
SAVES = int(os.environ.get("SOAK_SAVES", "100"))
EVENTS = int(os.environ.get("SOAK_EVENTS", "2000"))
POSTGRES_URL = os.environ.get(
    "SOAK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/academy_soak"
)
# A busy 2-core machine queues 32 connections behind 2 workers: a slow answer is
# measured in the latencies, only one this late counts as an error.
WRK_TIMEOUT = 30
# Staff members saving at once, each also editing a published event of its own.
WRITERS = int(os.environ.get("SOAK_WRITERS", "4"))
ADMIN_USER = "soak"
# Pages listed as the slowest under load, for whoever makes them faster.
SLOWEST = 5
SQLITE_FILE = config.CACHE / f"soak-{EVENTS}.sqlite3"
MARKER = re.compile(r"\[soak (\d+) #(\d+)\]")


# --- Django side --------------------------------------------------------------


def prepare():
    """The staff account, the pages to load and the events to edit, as JSON."""
    bench.setup_django()
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from events.models import Event

    superuser(ADMIN_USER, os.environ["SOAK_ADMIN_PASSWORD"])
    paths = []
    for language in ("en", "ru"):
        with translation.override(language):
            paths += public_paths()
    # Events with speakers, so each save also posts the inline formset's rows.
    edited = (
        Event.objects.published()
        .annotate(speaker_count=Count("participations"))
        .filter(speaker_count__gt=0)
        .order_by("slug")
        .values_list("pk", flat=True)[:WRITERS]
    )
    result = {
        "paths": list(dict.fromkeys(paths)),
        "login": reverse("admin:login"),
        "add": reverse("admin:events_event_add"),
        "edit": {pk: reverse("admin:events_event_change", args=[pk]) for pk in edited},
    }
    sys.stdout.write(json.dumps(result))


def verify(record_file):
    """Every save the admin confirmed is in the database and in its history."""
    bench.setup_django()
    from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from events.models import Event

    record = json.loads(Path(record_file).read_text())
    run_id = str(record["run"])
    history = LogEntry.objects.filter(
        user__username=ADMIN_USER,
        content_type=ContentType.objects.get_for_model(Event),
        action_time__gte=datetime.datetime.fromisoformat(record["started"]),
    )
    problems, verified, logged = [], 0, 0
    for number, slug in record["added"]:
        event = Event.objects.filter(slug=slug).first()
        if event is None or (event.title, slug) != draft(record["run"], number):
            problems.append(f"added event {slug} is missing or changed")
            continue
        verified += 1
        if history.filter(action_flag=ADDITION, object_id=str(event.pk)).exists():
            logged += 1
        else:
            problems.append(f"added event {slug} has no admin history entry")
    for pk, numbers in record["edited"].items():
        summary = Event.objects.get(pk=pk).summary_en
        found = [int(n) for run, n in MARKER.findall(summary) if run == run_id]
        # In the order they were saved: a lost update would drop a marker.
        if found == numbers:
            verified += len(numbers)
        else:
            problems.append(f"event {pk}: saved markers {numbers}, found {found}")
        changes = history.filter(action_flag=CHANGE, object_id=str(pk)).count()
        logged += min(changes, len(numbers))
        if changes < len(numbers):
            problems.append(
                f"event {pk}: {len(numbers)} edits, {changes} admin history entries"
            )
    sys.stdout.write(
        json.dumps({"verified": verified, "logged": logged, "problems": problems})
    )


def draft(run_id, number):
    """Title and slug of the draft event a save adds."""
    return f"Soak {run_id} #{number}", f"soak-{run_id}-{number}"


class Writers:
    """Staff members saving through the admin at once, each in its own session.

    Saves are numbered across all of them. Odd ones add a draft event; even ones
    edit the writer's own published event (two people editing one record would
    overwrite each other by design, which is not a lost save), appending the
    number to its summary on top of the writer's previous edit.
    """

    def __init__(self, port, plan, run_id, password, load):
        self.port, self.plan, self.run_id = port, plan, run_id
        self.password, self.load = password, load
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()
        self.record = {
            "run": run_id,
            "started": datetime.datetime.now(datetime.UTC).isoformat(),
            "attempted": 0,
            "added": [],
            "edited": {},
            "failures": [],
        }

    def run(self):
        threads = [
            threading.Thread(target=self.write, args=edited)
            for edited in self.plan["edit"].items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.record

    def next_number(self):
        """The next save's number, or None once all are done or the load is over."""
        with self.lock:
            number = next(self.numbers)
            if number > SAVES or not self.load.is_alive():
                return None
            self.record["attempted"] += 1
            return number

    def write(self, pk, edit_path):
        client = AdminClient(self.port)
        failure = client.submit(
            self.plan["login"],
            "login-form",
            {"username": ADMIN_USER, "password": self.password},
        )
        if failure:
            self.record["failures"].append(f"login: {failure}")
            return
        while (number := self.next_number()) is not None:
            if number % 2:
                title, slug = draft(self.run_id, number)
                path, changes = self.plan["add"], {"title_en": title, "slug": slug}
            else:
                marker = f"[soak {self.run_id} #{number}]"
                path = edit_path
                changes = {"summary_en": functools.partial(add_marker, marker)}
            try:
                failure = client.submit(path, "event_form", changes)
            except (OSError, http.client.HTTPException) as error:
                failure = f"{path}: {error!r}"
            with self.lock:
                if failure:
                    self.record["failures"].append(failure)
                elif number % 2:
                    self.record["added"].append((number, slug))
                else:
                    self.record["edited"].setdefault(pk, []).append(number)


# --- The run ------------------------------------------------------------------


def smoke(base, paths):
    """Each page once before the load: any answer but 200 is reported up front."""
    wrong = []
    for path in paths:
        request = urllib.request.Request(
            base + path, headers=dict([config.PROXY_HEADER])
        )
        try:
            with urllib.request.urlopen(request, timeout=ADMIN_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            wrong.append(f"{path}: {status}")
    return wrong


def codes_served(access_log, offset):
    """Status counts, and the slowest pages by median time, from offset on.

    gunicorn logs every request, the admin's too, as "status ms request-line".
    """
    codes, times = collections.Counter(), collections.defaultdict(list)
    with access_log.open() as lines:
        lines.seek(offset)
        for line in lines:
            code, milliseconds, method, path, _ = line.split()
            codes[code] += 1
            times[f"{method} {path}"].append(int(milliseconds))
    medians = {page: statistics.median(ms) for page, ms in times.items()}
    slowest = sorted(medians, key=medians.get, reverse=True)[:SLOWEST]
    return dict(sorted(codes.items())), [(page, medians[page]) for page in slowest]


def soak(label, slug, env):
    bench.manage(env, "collectstatic", "--no-input", "-v0")
    password = secrets.token_urlsafe(24)
    plan = json.loads(
        bench.run(
            [config.PYTHON, "bench/soak.py", "prepare"],
            {**env, "SOAK_ADMIN_PASSWORD": password},
            600,
            capture=True,
        )
    )
    script = config.CACHE / f"soak-{slug}.lua"
    script.write_text(wrk_load.lua_script(plan["paths"]))
    access_log = config.CACHE / f"soak-{slug}-access.log"
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    run_id = int(time.time())
    server_log = (config.CACHE / f"soak-{slug}-gunicorn.log").open("w")
    server = servers.start_gunicorn(
        env,
        port,
        server_log,
        f"--access-logfile={access_log}",
        "--access-logformat=%(s)s %(M)s %(r)s",
    )
    try:
        servers.wait_until_up(base + "/healthz", server)
        config.log(f"{label}: {len(plan['paths'])} public pages, each once")
        wrong = smoke(base, plan["paths"])
        offset = access_log.stat().st_size
        config.log(
            f"{label}: wrk -c{CONNECTIONS} for {DURATION} s, "
            f"and up to {SAVES} admin saves"
        )
        load_result = {}
        load = threading.Thread(
            target=lambda: load_result.update(
                wrk_load.wrk(base, DURATION, CONNECTIONS, WRK_TIMEOUT, script)
            )
        )
        load.start()
        record = Writers(port, plan, run_id, password, load).run()
        load.join()
        if not load_result:
            raise RuntimeError("wrk failed: see its error above")
    finally:
        servers.stop_server(server)
        server_log.close()
    codes, slowest = codes_served(access_log, offset)
    record_file = config.CACHE / f"soak-{slug}-saves.json"
    record_file.write_text(json.dumps(record))
    checked = json.loads(
        bench.run(
            [config.PYTHON, "bench/soak.py", "verify", str(record_file)],
            env,
            600,
            capture=True,
        )
    )
    return {
        "label": label,
        "pages": len(plan["paths"]),
        "wrong_pages": wrong,
        **load_result,
        "server_5xx": sum(n for code, n in codes.items() if code.startswith("5")),
        "statuses": codes,
        "slowest": slowest,
        "attempted": record["attempted"],
        "succeeded": len(record["added"]) + sum(map(len, record["edited"].values())),
        "failures": record["failures"],
        **checked,
    }


def passed(result):
    return not (
        result["wrong_pages"]
        or result["errors"]
        or result["server_5xx"]
        or result["failures"]
        or result["problems"]
        or not result["succeeded"]
        or result["verified"] != result["succeeded"]
        or result["logged"] != result["succeeded"]
    )


def section(results, skipped, host):
    lines = [
        "<!-- soak -->",
        "## Soak test (`make soak`)",
        "",
        f"- Date: {report.run_date()}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} memory; "
        "wrk, the admin client and the server share it",
        "- Archive: the 2015 fixture plus "
        f"`generate_archive --events {EVENTS} --seed {config.SEED}`",
        f"- Server: gunicorn, {config.WORKERS} workers of 4 threads (gthread), "
        "production settings (DJANGO_DEBUG=0, Secure cookies, local-memory "
        "cache), 127.0.0.1",
        f"- Load: `wrk -t{config.THREADS} -c{CONNECTIONS} -d{DURATION}s "
        f"--timeout={WRK_TIMEOUT}s` walking every kind of public page in English "
        "and Russian (lists with filters, details, search, feeds, calendars, CSV, "
        "sitemaps, API, statistics), each page first loaded once and required to "
        "answer 200",
        f"- Meanwhile {WRITERS} sessions of a superuser save up to {SAVES} times "
        "in all through the admin's real forms, as fast as it answers: new draft "
        "events through the add form, and edits of one published event with "
        "speakers each (inline formset included), every edit adding a numbered "
        "marker to the summary on top of the last. Afterwards the database must "
        "hold every confirmed save, the markers in order, and an admin history "
        "entry for each",
        "- 5xx: counted from gunicorn's access log (load and admin alike)",
        "",
        "| Database | Pages | Requests | Req/s | Median ms | p99 ms | "
        "Socket errors | Non-2xx/3xx | 5xx | Statuses | Admin saves "
        "(attempted / succeeded / verified / in history) | Result |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|---|",
    ]
    for result in results:
        codes = ", ".join(f"{code}: {n}" for code, n in result["statuses"].items())
        lines.append(
            f"| {result['label']} | {result['pages']} | {result['requests']} | "
            f"{result['rps']:.1f} | {report.milliseconds_cell(result['median_ms'])} | "
            f"{report.milliseconds_cell(result['p99_ms'])} | "
            f"{result['socket_errors']} | {result['non_2xx']} | "
            f"{result['server_5xx']} | {codes} | {result['attempted']} / "
            f"{result['succeeded']} / {result['verified']} / {result['logged']} | "
            f"{'pass' if passed(result) else 'FAIL'} |"
        )
    for result in results:
        notes = [
            *(f"page not answering 200: {page}" for page in result["wrong_pages"]),
            *(f"admin save failed: {failure}" for failure in result["failures"]),
            *(f"lost: {problem}" for problem in result["problems"]),
        ]
        notes += [
            f"slowest under load (median): `{page}` {ms:.0f} ms"
            for page, ms in result["slowest"]
        ]
        lines += ["", f"{result['label']}:", *(f"- {note}" for note in notes)]
    return report.closed_section("soak", lines, skipped)


def main():
    bench.prepare_run()
    host = report.machine()
    databases = [
        (
            "SQLite",
            "sqlite",
            f"sqlite:///{SQLITE_FILE}",
            lambda: SQLITE_FILE.unlink(missing_ok=True),
        ),
        (
            "PostgreSQL",
            "postgresql",
            POSTGRES_URL,
            lambda: bench.recreate_postgres_database(POSTGRES_URL),
        ),
    ]
    results, skipped = [], []
    for label, slug, url, reset in bench.reachable(databases, skipped):
        env = {
            **bench.base_env(url),
            # Its own, so `make bench` serving bench/.cache/static is left alone.
            "DJANGO_STATIC_ROOT": str(config.CACHE / "soak-static"),
        }
        bench.build(label, env, reset, events=EVENTS)
        results.append(soak(label, slug, env))
    text = section(results, skipped, host)
    report.write_section("soak", text)
    sys.stdout.write(text + "\n")
    if not all(passed(result) for result in results):
        sys.exit("[bench] soak test failed: see bench/RESULTS.md")


if __name__ == "__main__":
    bench.command_line(main, __doc__, prepare=prepare, verify=verify)
