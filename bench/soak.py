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
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import run as bench

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
ADMIN_TIMEOUT = 60
# Staff members saving at once, each also editing a published event of its own.
WRITERS = int(os.environ.get("SOAK_WRITERS", "4"))
ADMIN_USER = "soak"
# Pages listed as the slowest under load, for whoever makes them faster.
SLOWEST = 5
SQLITE_FILE = bench.CACHE / f"soak-{EVENTS}.sqlite3"
MARKER = re.compile(r"\[soak (\d+) #(\d+)\]")


# --- Django side --------------------------------------------------------------


def setup_django():
    sys.path.insert(0, str(bench.ROOT))
    import django

    django.setup()


def public_paths():
    """A sample of every kind of public page, in the active language."""
    from django.urls import reverse

    from events.models import Event, Series, Topic
    from people.models import Country, Organization, Person
    from public.opendata.sitemaps import SITEMAPS

    def sample(queryset, size):
        slugs = list(queryset.order_by("slug").values_list("slug", flat=True))
        return slugs[:: max(len(slugs) // size, 1)][:size]

    published = Event.objects.published()
    events = sample(published, 30)
    people = sample(Person.objects.all(), 20)
    countries = sample(Country.objects.filter(participated_events__isnull=False), 10)
    organizations = sample(Organization.objects.all(), 10)
    topics = sample(Topic.objects.all(), 10)
    series = sample(Series.objects.all(), 5)
    word = quote(Topic.objects.order_by("slug").first().name.split()[0].lower())
    year = published.order_by("start_date").first().start_date.year
    event_list = reverse("events:event-list")
    person_list = reverse("people:person-list")
    paths = [
        reverse("events:home"),
        event_list,
        f"{event_list}?page=2",
        f"{event_list}?page={published.count() // 40 or 1}",
        f"{event_list}?country={countries[0]}",
        f"{event_list}?topic={topics[0]}",
        f"{event_list}?country={countries[0]}&topic={topics[0]}",
        f"{event_list}?year={year}",
        f"{event_list}?kind=academy_session&sort=title",
        f"{event_list}?series={series[0]}",
        f"{event_list}?organization={organizations[0]}",
        f"{event_list}?person={people[0]}",
        f"{event_list}?q={word}",
        reverse("events:event-list-calendar"),
        reverse("events:event-list-csv"),
        reverse("events:feed"),
        person_list,
        f"{person_list}?page=2",
        f"{person_list}?country={countries[0]}",
        f"{person_list}?q={word}",
        reverse("people:person-list-csv"),
        reverse("people:country-list"),
        reverse("people:organization-list"),
        reverse("events:topic-list"),
        reverse("events:series-list"),
        reverse("events:statistics"),
        reverse("events:statistics-json"),
        f"{reverse('events:search')}?q={word}",
    ]
    for slug in events:
        paths.append(reverse("events:event-detail", args=[slug]))
    for slug in events[:5]:
        for name in (
            "event-calendar",
            "event-citation-bibtex",
            "event-citation-csl",
            "event-citation-ris",
        ):
            paths.append(reverse(f"events:{name}", args=[slug]))
    paths += [reverse("people:person-detail", args=[slug]) for slug in people]
    for slug in countries:
        paths += [
            reverse("people:country-detail", args=[slug]),
            reverse("events:country-feed", args=[slug]),
        ]
    paths += [reverse("people:organization-detail", args=[s]) for s in organizations]
    for slug in topics:
        paths += [
            reverse("events:topic-detail", args=[slug]),
            reverse("events:topic-feed", args=[slug]),
        ]
    paths += [reverse("events:series-detail", args=[slug]) for slug in series]
    for name, slugs in (
        ("event", events[:10]),
        ("person", people[:5]),
        ("country", countries[:3]),
        ("organization", organizations[:3]),
        ("topic", topics[:3]),
        ("series", series[:2]),
    ):
        paths.append(reverse(f"api:{name}-list"))
        paths += [reverse(f"api:{name}-detail", args=[slug]) for slug in slugs]
    paths += [
        f"{reverse('api:event-list')}?page=2",
        f"{reverse('api:event-list')}?topic={topics[0]}",
        reverse("api:schema"),
        reverse("api:docs"),
        reverse("sitemap"),
        reverse("robots-txt"),
        reverse("healthz"),
    ]
    paths += [reverse("sitemap-section", args=[section]) for section in SITEMAPS]
    return paths


def superuser(username, password):
    """Make `username` a superuser with `password`, creating the account if
    need be (Django side)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()


def prepare():
    """The staff account, the pages to load and the events to edit, as JSON."""
    setup_django()
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
    setup_django()
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


# --- The staff member's browser -----------------------------------------------


class FormFields(HTMLParser):
    """The name/value pairs a browser submits from the form with the given id."""

    SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in self.SKIPPED_INPUTS or "name" not in attrs:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value", "on")))
                return
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = (attrs.get("name"), "multiple" in attrs, [])
        elif tag == "option" and self.select:
            self.select[2].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea = (attrs.get("name"), [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, parts = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


class AdminClient:
    """Cookies, CSRF and https as behind the TLS proxy: enough of a browser.

    The session and CSRF cookies are Secure in production, so they are kept here
    rather than in http.cookiejar, which would not send them over plain HTTP.
    """

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = dict([bench.PROXY_HEADER], Referer=self.origin + path)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=ADMIN_TIMEOUT
        )
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, page

    def submit(self, path, form_id, changes):
        """Open the form, change some fields, save: None if the admin agrees.

        Otherwise what went wrong. A change is a value, or a function of the
        field's current value.
        """
        status, page = self.request("GET", path)
        if status != 200:
            return f"GET {path} answered {status}"
        fields = form_fields(page, form_id)
        missing = changes.keys() - {name for name, _ in fields}
        if missing:
            return f"no field {sorted(missing)} in {path}"
        submitted = []
        for name, value in fields:
            change = changes.get(name, value)
            submitted.append((name, change(value) if callable(change) else change))
        status, page = self.request("POST", path, submitted)
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
            return f"POST {path} answered {status}: {errors[:3]}"
        return None


def draft(run_id, number):
    """Title and slug of the draft event a save adds."""
    return f"Soak {run_id} #{number}", f"soak-{run_id}-{number}"


def add_marker(marker, summary):
    return f"{summary} {marker}".strip()


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
            base + path, headers=dict([bench.PROXY_HEADER])
        )
        try:
            with urllib.request.urlopen(request, timeout=ADMIN_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            wrong.append(f"{path}: {status}")
    return wrong


def served(access_log, offset):
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
            [bench.PYTHON, "bench/soak.py", "prepare"],
            {**env, "SOAK_ADMIN_PASSWORD": password},
            600,
            capture=True,
        )
    )
    script = bench.CACHE / f"soak-{slug}.lua"
    script.write_text(bench.lua_script(plan["paths"]))
    access_log = bench.CACHE / f"soak-{slug}-access.log"
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}"
    run_id = int(time.time())
    server_log = (bench.CACHE / f"soak-{slug}-gunicorn.log").open("w")
    server = bench.start_gunicorn(
        env,
        port,
        server_log,
        f"--access-logfile={access_log}",
        "--access-logformat=%(s)s %(M)s %(r)s",
    )
    try:
        bench.wait_until_up(base + "/healthz", server)
        bench.log(f"{label}: {len(plan['paths'])} public pages, each once")
        wrong = smoke(base, plan["paths"])
        offset = access_log.stat().st_size
        bench.log(
            f"{label}: wrk -c{CONNECTIONS} for {DURATION} s, "
            f"and up to {SAVES} admin saves"
        )
        load_result = {}
        load = threading.Thread(
            target=lambda: load_result.update(
                bench.wrk(base, DURATION, CONNECTIONS, WRK_TIMEOUT, script)
            )
        )
        load.start()
        record = Writers(port, plan, run_id, password, load).run()
        load.join()
        if not load_result:
            raise RuntimeError("wrk failed: see its error above")
    finally:
        bench.stop(server)
        server_log.close()
    codes, slowest = served(access_log, offset)
    record_file = bench.CACHE / f"soak-{slug}-saves.json"
    record_file.write_text(json.dumps(record))
    checked = json.loads(
        bench.run(
            [bench.PYTHON, "bench/soak.py", "verify", str(record_file)],
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
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "<!-- soak -->",
        "## Soak test (`make soak`)",
        "",
        f"- Date: {now}",
        f"- Machine: {host['nproc']} CPUs ({host['cpu']}), {host['memory']} memory; "
        "wrk, the admin client and the server share it",
        "- Archive: the 2015 fixture plus "
        f"`generate_archive --events {EVENTS} --seed {bench.SEED}`",
        f"- Server: gunicorn, {bench.WORKERS} workers of 4 threads (gthread), "
        "production settings (DJANGO_DEBUG=0, Secure cookies, local-memory "
        "cache), 127.0.0.1",
        f"- Load: `wrk -t{bench.THREADS} -c{CONNECTIONS} -d{DURATION}s "
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
            f"{result['rps']:.1f} | {bench.milliseconds_cell(result['median_ms'])} | "
            f"{bench.milliseconds_cell(result['p99_ms'])} | "
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
    return bench.closed_section("soak", lines, skipped)


def main():
    bench.prepare_run()
    host = bench.machine()
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
            "DJANGO_STATIC_ROOT": str(bench.CACHE / "soak-static"),
        }
        bench.build(label, env, reset, events=EVENTS)
        results.append(soak(label, slug, env))
    text = section(results, skipped, host)
    bench.write_section("soak", text)
    sys.stdout.write(text + "\n")
    if not all(passed(result) for result in results):
        sys.exit("[bench] soak test failed: see bench/RESULTS.md")


if __name__ == "__main__":
    bench.command_line(main, __doc__, prepare=prepare, verify=verify)
