"""The benchmark's Django side, run by bench/run.py with the benchmark's environment.

probe.py marker        print the event count the archive was built for, if any
probe.py finish N      refresh planner statistics and record that N events are built
probe.py pages         choose the pages to load, print them and the database as JSON
probe.py queries PATH  one page's status, size and SQL queries (first, repeat), as JSON
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import Event, Topic  # noqa: E402
from people.models import Country, Person  # noqa: E402

# Outside Django's migrations on purpose: it describes the benchmark, not the app.
MARKER_TABLE = "bench_marker"
PAGE_SIZE = 20


def marker():
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT events FROM {MARKER_TABLE}")
            row = cursor.fetchone()
    except DatabaseError:
        return
    if row:
        sys.stdout.write(f"{row[0]}\n")


def finish(events):
    with connection.cursor() as cursor:
        # What a DBA runs after a bulk load, so plans match a settled database.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (events integer NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (events) VALUES (%s)", [events])


def choose_pages():
    """The pages issue 7 lists, on the records that make each one heavy."""
    published = Event.objects.published()
    country = (
        Country.objects.annotate(n=Count("participated_events"))
        .order_by("-n", "slug")
        .first()
    )
    topic = Topic.objects.annotate(n=Count("events")).order_by("-n", "slug").first()
    total = published.count()
    year = (
        published.order_by("start_date")
        .values_list("start_date", flat=True)[total // 2]
        .year
    )
    event = (
        published.annotate(n=Count("participations"))
        .order_by("-n", "-start_date", "slug")
        .first()
    )
    person = (
        Person.objects.annotate(n=Count("participations"))
        .order_by("-n", "slug")
        .first()
    )
    word = topic.name.split()[0].lower()
    late_page = max(total // PAGE_SIZE // 2, 1)
    return [
        ("Home page", "/"),
        ("Events, unfiltered", "/events/"),
        ("Events, late page", f"/events/?page={late_page}"),
        ("Events by country", f"/events/?country={country.slug}"),
        (
            "Events by country and topic",
            f"/events/?country={country.slug}&topic={topic.slug}",
        ),
        ("Events by year", f"/events/?year={year}"),
        ("Text search", f"/events/?q={word}"),
        ("Event detail", event.get_absolute_url()),
        ("Person with many events", person.get_absolute_url()),
        ("Country page", country.get_absolute_url()),
        ("API list", "/api/events/"),
    ]


def body_size(response):
    if response.streaming:
        return len(b"".join(response.streaming_content))
    return len(response.content)


def measure(client, path):
    """Status, size, and SQL queries of a first (cache cleared) and a second request."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts.append(len(queries))
    return {
        "status": response.status_code,
        "bytes": body_size(response),
        "queries_first": counts[0],
        "queries_repeat": counts[1],
    }


def pages():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()"
            if connection.vendor == "postgresql"
            else "SELECT 'SQLite ' || sqlite_version()"
        )
        database = cursor.fetchone()[0]
    pages = [{"name": name, "path": path} for name, path in choose_pages()]
    sys.stdout.write(json.dumps({"database": database, "pages": pages}))


def queries(path):
    client = Client(
        SERVER_NAME="127.0.0.1",
        # Production behind a TLS proxy, as gunicorn is run by bench/run.py.
        HTTP_X_FORWARDED_PROTO="https",
        raise_request_exception=False,
    )
    sys.stdout.write(json.dumps(measure(client, path)))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "marker":
        marker()
    elif command == "finish":
        finish(int(arguments[0]))
    elif command == "pages":
        pages()
    elif command == "queries":
        queries(arguments[0])
    else:
        sys.exit(__doc__)
