"""`make bench-live`: the public pages while the archive is being edited.

For SQLite and then PostgreSQL, on the archive `make bench` builds: a Redis
server of its own as the shared cache (as REDIS_URL gives in production),
gunicorn in production settings, the static-file ceiling measured first in
the same run, then wrk loads a visitor mix (home, event lists with filters,
events, people, countries, topics) for LIVE_DURATION seconds while a second
process saves a random published event through the ORM every second. Writes
the live-edits section of bench/RESULTS.md. See bench/README.md, "Live edits".

`live.py mix` and `live.py edit SECONDS` are its Django side, run in a
subprocess with the database's environment.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import time

import run as bench

DURATION = int(os.environ.get("LIVE_DURATION", "60"))
# A fixed choice of records, so two runs load the same pages.
SEED = 7
RECORDS = {"events": 60, "people": 30, "countries": 15, "topics": 15}


# --- Django side --------------------------------------------------------------


def setup_django():
    sys.path.insert(0, str(bench.ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()


def sample(queryset, count, rng):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(queryset.filter(pk__in=chosen).order_by("pk"))


def mix():
    """Print the visitor mix: the heavy pages `make bench` loads, and pages of
    records chosen at random, so the load meets many cache entries."""
    setup_django()
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
    setup_django()
    from events.models import Event

    rng = random.Random()
    ids = list(Event.objects.published().values_list("pk", flat=True))
    timings = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        Event.objects.get(pk=rng.choice(ids)).save()
        timings.append(time.monotonic() - started)
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    timings.sort()
    median = timings[len(timings) // 2] * 1000 if timings else 0
    sys.stdout.write(json.dumps({"saves": len(timings), "median_ms": median}))


# --- The run ------------------------------------------------------------------


def redis_server():
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not installed")
    port = bench.free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(bench.CACHE)],
        stdout=subprocess.DEVNULL,
    )
    return server, f"redis://127.0.0.1:{port}/0"


def live(label, slug, env):
    redis, redis_url = redis_server()
    env = {**env, "REDIS_URL": redis_url}
    bench.manage(env, "collectstatic", "--no-input", "-v0")
    paths = json.loads(
        bench.run([sys.executable, "bench/live.py", "mix"], env, 600, capture=True)
    )
    script = bench.CACHE / f"live-{slug}.lua"
    script.write_text(bench.lua_script(paths))
    ceiling = "/static/css/site.css"
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = (bench.CACHE / f"gunicorn-live-{slug}.log").open("w")
    server = bench.start_gunicorn(env, port, server_log)
    try:
        bench.wait_until_up(base + "/healthz", server)
        static = bench.wrk(base + ceiling, bench.DURATION)
        bench.log(f"{label}: warming the cache on {len(paths)} pages")
        bench.wrk(base + "/", bench.WARMUP * 5, script=script)
        bench.log(f"{label}: visitors for {DURATION} s, a save every second")
        editor = subprocess.Popen(
            [sys.executable, "bench/live.py", "edit", str(DURATION)],
            cwd=bench.ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        visitors = bench.wrk(base + "/", DURATION, script=script)
        edits = json.loads(editor.communicate(timeout=120)[0])
    finally:
        bench.stop(server)
        server_log.close()
        redis.terminate()
        redis.wait(timeout=10)
    return {
        "label": label,
        "pages": len(paths),
        "static": static,
        "visitors": visitors,
        "edits": edits,
    }


def section(results, skipped, host):
    lines = [
        "<!-- live -->",
        "## Live edits (`make bench-live`)",
        "",
        *bench.trial_notice(),
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} "
        "memory; wrk, the editor and the server share it",
        f"- Archive: the 2015 fixture plus `generate_archive --events "
        f"{bench.EVENTS} --seed {bench.SEED}`",
        f"- Server: gunicorn, {bench.WORKERS} sync workers, production settings, "
        "a Redis server of its own as the cache, 127.0.0.1",
        f"- Load: `wrk -t{bench.THREADS} -c{bench.CONNECTIONS} -d{DURATION}s` "
        "walking a visitor mix (home, event lists with filters, text search, "
        "and the pages of events, people, countries and topics chosen at "
        "random), after a warm-up, while another process saves a random "
        "published event through the ORM every second",
        "- Ceiling: the site's stylesheet, served by WhiteNoise in the same run",
        "",
        "| Database | Pages | Req/s | × static | Median ms | p99 ms | Errors "
        "| Saves (median ms) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        visitors, static = result["visitors"], result["static"]
        lines.append(
            f"| {result['label']} | {result['pages']} | {visitors['rps']:.0f} | "
            f"{visitors['rps'] / static['rps']:.2f}x | "
            f"{bench.milliseconds_cell(visitors['median_ms'])} | "
            f"{bench.milliseconds_cell(visitors['p99_ms'])} | {visitors['errors']} | "
            f"{result['edits']['saves']} ({result['edits']['median_ms']:.0f}) |"
        )
    return bench.closed_section("live", lines, skipped)


def main():
    bench.prepare_run()
    host = bench.machine()
    results, skipped = [], []
    for label, slug, url, reset in bench.reachable(bench.databases(), skipped):
        env = bench.base_env(url)
        bench.build(label, env, reset)
        results.append(live(label, slug, env))
    text = section(results, skipped, host)
    bench.write_section("live", text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    bench.command_line(main, __doc__, mix=mix, edit=edit)
