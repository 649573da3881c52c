"""`make bench-live`: the public pages while the archive is being edited.

For SQLite and then PostgreSQL, on the archive `make bench` builds: a Redis
server of its own as the shared cache (as REDIS_URL gives in production),
gunicorn in production settings, the static-file ceiling measured first in
the same run, then wrk loads a visitor mix (home, event lists with filters,
events, people, countries, topics) for LIVE_DURATION seconds twice: while a
second process saves a random published event through the ORM every second,
and while a staff member saves an event through the admin's form every 5
seconds, each time with a new word in its summary. Writes the live-edits
section of bench/RESULTS.md. See bench/README.md, "Live edits".

`live.py mix`, `live.py edit SECONDS` and `live.py staff` are its Django side,
run in a subprocess with the database's environment.
"""

import functools
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time

import config
import report
import run as bench
import servers
import wrk_load
from admin_client import AdminClient, add_marker, superuser

ADMIN_USER = "live"
ADMIN_EVERY = 5

DURATION = int(os.environ.get("LIVE_DURATION", "60"))
# A fixed choice of records, so two runs load the same pages.
SEED = 7
RECORDS = {"events": 60, "people": 30, "countries": 15, "topics": 15}


# --- Django side --------------------------------------------------------------


def median_ms(seconds):
    """The median of durations in seconds, in milliseconds; 0 for none."""
    return statistics.median(seconds) * 1000 if seconds else 0


def sample(queryset, count, rng):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(queryset.filter(pk__in=chosen).order_by("pk"))


def mix():
    """Print the visitor mix: the heavy pages `make bench` loads, and pages of
    records chosen at random, so the load meets many cache entries."""
    bench.setup_django()
    import probe

    from events.models import Event, Topic
    from people.models import Country, Person

    rng = random.Random(SEED)
    paths = [path for name, path in probe.choose_pages() if name != "API list"]
    for queryset, count in (
        (Event.objects.published(), RECORDS["events"]),
        (Person.objects.all(), RECORDS["people"]),
        (Country.objects.all(), RECORDS["countries"]),
        (Topic.objects.all(), RECORDS["topics"]),
    ):
        paths += [record.get_absolute_url() for record in sample(queryset, count, rng)]
    paths += [f"/events/?country={c.slug}" for c in sample(Country.objects, 5, rng)]
    rng.shuffle(paths)
    sys.stdout.write(json.dumps(paths))


def edit(seconds):
    """Save a random published event every second for `seconds`; print how
    many saves were made and their median time."""
    seconds = int(seconds)
    bench.setup_django()
    from academy.writes import keeping_derived_data_for
    from events.models import Event

    rng = random.Random()
    ids = list(Event.objects.published().values_list("pk", flat=True))
    timings = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        event = Event.objects.get(pk=rng.choice(ids))
        with keeping_derived_data_for([event]):  # as every write does
            event.save()
        timings.append(time.monotonic() - started)
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    sys.stdout.write(
        json.dumps({"saves": len(timings), "median_ms": median_ms(timings)})
    )


def staff():
    """Make the staff account (password from LIVE_ADMIN_PASSWORD); print its
    login page and the admin page of a published event with speakers."""
    bench.setup_django()
    from django.urls import reverse

    from events.models import Event

    superuser(ADMIN_USER, os.environ["LIVE_ADMIN_PASSWORD"])
    event = (
        Event.objects.published()
        .filter(participations__isnull=False)
        .order_by("pk")
        .first()
    )
    login, edit = (
        reverse("admin:login"),
        reverse("admin:events_event_change", args=[event.pk]),
    )
    sys.stdout.write(json.dumps({"login": login, "edit": edit}))


# --- The run ------------------------------------------------------------------


def admin_saves(port, plan, password, stop):
    """Save the event's admin form every ADMIN_EVERY seconds until `stop` is
    set, each time with a new marker in its summary; {saves, median_ms, failures}."""
    client = AdminClient(port)
    failures = []
    failure = client.submit(
        plan["login"], "login-form", {"username": ADMIN_USER, "password": password}
    )
    if failure:
        return {"saves": 0, "median_ms": 0, "failures": [f"login: {failure}"]}
    timings = []
    while not stop.is_set():
        started = time.monotonic()
        marker = f"[live {len(timings) + len(failures) + 1}]"
        try:
            failure = client.submit(
                plan["edit"],
                "event_form",
                {"summary_en": functools.partial(add_marker, marker)},
            )
        except (OSError, http.client.HTTPException) as error:
            failure = repr(error)
        if failure:
            failures.append(failure)
        else:
            timings.append(time.monotonic() - started)
        stop.wait(max(0.0, ADMIN_EVERY - (time.monotonic() - started)))
    median = median_ms(timings)
    return {"saves": len(timings), "median_ms": median, "failures": failures}


def live(label, slug, env):
    redis, redis_url = servers.start_redis()
    password = secrets.token_urlsafe(16)
    env = {**env, "REDIS_URL": redis_url, "LIVE_ADMIN_PASSWORD": password}
    bench.manage(env, "collectstatic", "--no-input", "-v0")
    paths = json.loads(
        bench.run([sys.executable, "bench/live.py", "mix"], env, 600, capture=True)
    )
    plan = json.loads(
        bench.run([sys.executable, "bench/live.py", "staff"], env, 600, capture=True)
    )
    script = config.CACHE / f"live-{slug}.lua"
    script.write_text(wrk_load.lua_script(paths))
    ceiling = "/static/css/site.css"
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = (config.CACHE / f"gunicorn-live-{slug}.log").open("w")
    server = servers.start_gunicorn(env, port, server_log)
    try:
        servers.wait_until_up(base + "/healthz", server)
        static = wrk_load.wrk(base + ceiling, config.DURATION)
        config.log(f"{label}: warming the cache on {len(paths)} pages")
        wrk_load.wrk(base + "/", config.WARMUP * 5, script=script)
        config.log(f"{label}: visitors for {DURATION} s, a save every second")
        editor = subprocess.Popen(
            [sys.executable, "bench/live.py", "edit", str(DURATION)],
            cwd=config.ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        visitors = wrk_load.wrk(base + "/", DURATION, script=script)
        edits = json.loads(editor.communicate(timeout=120)[0])
        config.log(f"{label}: visitors for {DURATION} s, an admin save every 5 s")
        stop, admin = threading.Event(), {}
        staff_member = threading.Thread(
            target=lambda: admin.update(admin_saves(port, plan, password, stop))
        )
        staff_member.start()
        admin_visitors = wrk_load.wrk(base + "/", DURATION, script=script)
        stop.set()
        staff_member.join()
    finally:
        servers.stop_server(server)
        server_log.close()
        redis.terminate()
        redis.wait(timeout=10)
    return {
        "label": label,
        "pages": len(paths),
        "static": static,
        "runs": [
            ("ORM save every 1 s", visitors, edits),
            (f"admin form save every {ADMIN_EVERY} s", admin_visitors, admin),
        ],
    }


def section(results, skipped, host):
    lines = [
        "<!-- live -->",
        "## Live edits (`make bench-live`)",
        "",
        *report.trial_notice(),
        f"- Date: {report.run_date()}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} "
        "memory; wrk, the editor and the server share it",
        f"- Archive: the 2015 fixture plus `generate_archive --events "
        f"{config.EVENTS} --seed {config.SEED}`",
        f"- Server: gunicorn, {config.WORKERS} workers of 4 threads (gthread), "
        "production settings, a Redis server of its own as the cache, 127.0.0.1",
        f"- Load: `wrk -t{config.THREADS} -c{config.CONNECTIONS} -d{DURATION}s` "
        "walking a visitor mix (home, event lists with filters, text search, "
        "and the pages of events, people, countries and topics chosen at "
        "random), after a warm-up, twice: while another process saves a random "
        "published event through the ORM every second (unchanged: only its "
        "change time moves), and while a staff member saves an event through "
        f"the admin's form every {ADMIN_EVERY} s with a new word in its summary "
        "(a change that its pages and every text search must show)",
        "- Ceiling: the site's stylesheet, served by WhiteNoise in the same run",
        "",
        "| Database | Editor | Pages | Req/s | × static | Median ms | p99 ms "
        "| Errors | Saves (median ms) | Failed saves |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        static = result["static"]
        for editor, visitors, edits in result["runs"]:
            lines.append(
                f"| {result['label']} | {editor} | {result['pages']} | "
                f"{visitors['rps']:.0f} | {visitors['rps'] / static['rps']:.2f}x | "
                f"{report.milliseconds_cell(visitors['median_ms'])} | "
                f"{report.milliseconds_cell(visitors['p99_ms'])} | "
                f"{visitors['errors']} | "
                f"{edits['saves']} ({edits['median_ms']:.0f}) | "
                f"{len(edits.get('failures', []))} |"
            )
    return report.closed_section("live", lines, skipped)


def main():
    bench.prepare_run()
    host = report.machine()
    results, skipped = [], []
    for label, slug, url, reset in bench.reachable(bench.databases(), skipped):
        env = bench.base_env(url)
        bench.build(label, env, reset)
        results.append(live(label, slug, env))
    text = section(results, skipped, host)
    report.write_section("live", text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    bench.command_line(main, __doc__, mix=mix, edit=edit, staff=staff)
