"""The long tail's Django side, run by bench/longtail.py with the benchmark's
environment.

longtail_pages.py urls N   print N distinct paths of each page kind, as JSON
longtail_pages.py profile  where a first request of each kind spends its time

Distinct paths are what a crawler or a researcher asks for: each page once, so
no cache has seen it. Half of them are the Russian pages.
"""

import json
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402

from academy.cache_invalidation import move_tags  # noqa: E402
from academy.cache_tags import kind_tag  # noqa: E402
from events.models import Event, Topic  # noqa: E402
from people.models import Country, Person  # noqa: E402

SEED = 1
PROFILED = 40  # paths per kind that `profile` requests


def in_both_languages(paths):
    """Every other page as the Russian page (the API has one address)."""
    return [
        f"/ru{path}" if index % 2 and not path.startswith(("/api/", "/ru/")) else path
        for index, path in enumerate(paths)
    ]


def sample(queryset, count, rng):
    """`count` slugs of `queryset` chosen with `rng`, without repeats."""
    slugs = list(queryset.order_by("pk").values_list("slug", flat=True))
    return rng.sample(slugs, min(count, len(slugs)))


def pairs_of(firsts, seconds, count, rng):
    """`count` distinct pairs of a first and a second, chosen with `rng`."""
    pairs = [(first, second) for first in firsts for second in seconds]
    return rng.sample(pairs, min(count, len(pairs)))


def page_kinds(count):
    """{kind: [distinct paths]}, at most `count` of each."""
    rng = random.Random(SEED)
    published = Event.objects.published()
    countries = sample(Country.objects.all(), 10_000, rng)
    topics = sample(Topic.objects.all(), 10_000, rng)
    years = sorted({day.year for day in published.dates("start_date", "year")})
    pages = range(1, published.count() // 20 + 1)
    pages = rng.sample(pages, min(count, len(pages)))
    # Words of the topics' names, as their slugs spell them.
    words = sorted(
        {word for slug in topics for word in slug.split("-") if len(word) > 3}
    )
    return {
        "Event pages": [f"/events/{slug}/" for slug in sample(published, count, rng)],
        "Person pages": [
            f"/people/{slug}/" for slug in sample(Person.objects.all(), count, rng)
        ],
        # Each in both languages: there are only about 200.
        "Country pages": [
            path
            for slug in countries[: count // 2]
            for path in (f"/countries/{slug}/", f"/ru/countries/{slug}/")
        ],
        "Lists by country and topic": [
            f"/events/?country={country}&topic={topic}"
            for country, topic in pairs_of(countries, topics, count, rng)
        ],
        "Lists by year and country": [
            f"/events/?year={year}&country={country}"
            for year, country in pairs_of(years, countries, count, rng)
        ],
        "List pages": [f"/events/?page={page}" for page in pages],
        "Text searches": [
            f"/events/?q={word}&year={year}"
            for word, year in pairs_of(words, years, count, rng)
        ],
        "API list pages": [f"/api/events/?page={page}" for page in pages],
    }


def urls(count):
    kinds = {
        kind: in_both_languages(list(dict.fromkeys(paths)))
        for kind, paths in page_kinds(int(count)).items()
    }
    sys.stdout.write(json.dumps(kinds))


class Stopwatch:
    """Seconds spent in SQL and in rendering (templates, or the API's JSON),
    the SQL a template runs (a lazy list read by its loop) counted as SQL."""

    def __init__(self):
        self.sql = self.render = self.sql_in_render = 0.0
        self.queries = 0
        self.rendering = False

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            self.sql += seconds
            self.sql_in_render += seconds if self.rendering else 0
            self.queries += 1

    @contextmanager
    def watching(self):
        render = SimpleTemplateResponse.render
        watch = self

        def timed_render(response):
            started = time.perf_counter()
            watch.rendering = True
            try:
                return render(response)
            finally:
                watch.rendering = False
                watch.render += time.perf_counter() - started

        SimpleTemplateResponse.render = timed_render
        try:
            with connection.execute_wrapper(self.execute):
                yield self
        finally:
            SimpleTemplateResponse.render = render


def first_request(client, path):
    """ms in all, in SQL, rendering and the rest, queries and bytes of `path`."""
    watch = Stopwatch()
    started = time.perf_counter()
    with watch.watching():
        response = client.get(path)
        body = response.content
    total = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    render = watch.render - watch.sql_in_render
    return {
        "total": total * 1000,
        "sql": watch.sql * 1000,
        "render": render * 1000,
        "view": (total - watch.sql - render) * 1000,
        "queries": watch.queries,
        "bytes": len(body),
    }


def moving_the_event_lists():
    """What every save that can change a list of events does (a new event, a
    date or a kind changed; academy/cache_invalidation.py): the home page,
    which lists the latest, goes stale."""
    move_tags([kind_tag(Event)])


def profile():
    """The median of each measure over PROFILED first requests of each kind,
    after one request of the kind (a worker's warm-up)."""
    client = Client(SERVER_NAME="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    kinds = page_kinds(PROFILED + 1)
    # A save before each request of the home page, as its long tail.
    kinds["Home page after a save"] = ["/"] * (PROFILED + 1)
    result = {}
    for kind, paths in kinds.items():
        paths = in_both_languages(paths)
        client.get(paths[0])
        rows = []
        for path in paths[1:]:
            if kind == "Home page after a save":
                moving_the_event_lists()
            rows.append(first_request(client, path))
        result[kind] = {
            name: statistics.median(row[name] for row in rows) for name in rows[0]
        }
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"urls": urls, "profile": profile}[command](*arguments)
