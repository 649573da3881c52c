"""A seeded run of 10,000 hostile requests over every address the site has.

Unicode digits, out-of-range years, huge and repeated parameters, paths that
read as another host, every HTTP method: each answer must be a clear one (no
5xx), at most 2 MB, in at most 2 s. The seed makes a failure repeatable.
The run is cut into parts, each seeded by its number, so that the suite's
workers share it.
"""

import random
import time
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from public.opendata.sitemaps import SITEMAPS

# Ten thousand on SQLite; CI's second pass, on PostgreSQL, runs a fifth.
REQUESTS = 10_000 if connection.vendor == "sqlite" else 2_000
SEED = 20261129
PARTS = 5
MAX_BYTES = 2_000_000
MAX_SECONDS = 2.0
# The records `one_of_each` makes, by what a URL's first segment names.
SLUGS = {
    "events": "harden-event",
    "series": "harden-series",
    "topics": "harden-topic",
    "people": "harden-person",
    "countries": "harden-country",
    "organizations": "harden-organization",
}
PARAMETERS = (
    "q", "page", "page_size", "sort", "country", "topic", "organization",
    "series", "person", "kind", "year", "participating_country", "host_country",
    "discussed_country", "discussed_organization", "format", "next", "language",
)  # fmt: skip
VALUES = (
    "²", "⑤", "٣", "१९", "２０１５", "2015", "9999", "10000", "0", "-1", "1899",
    "2101", "99999999999999999999", "1e309", "NaN", "", " ", "\x00", "a\x00b",
    "%", "%zz", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "//evil.example/", "https://evil.example/", "Ж" * 300, "x" * 4000,
    "date", "-date", "title", "academy_session", *SLUGS.values(), "russia",
)  # fmt: skip
METHODS = ("GET",) * 17 + ("HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def addresses():
    """One concrete path per URL pattern of the site, outside the admin."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) != "admin":
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                paths.append(concrete(route))

    walk(get_resolver().url_patterns, "/")
    return sorted(set(paths))


def concrete(route):
    """A path for `route` with its parameters filled from `one_of_each`."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    first = route.strip("/").removeprefix("api/").split("/")[0].split(".")[0]
    slug = SLUGS.get(first, "harden-event")
    for parameter, value in (
        ("<slug:slug>", slug),
        ("(?P<slug>[-a-zA-Z0-9_]+)", slug),
        ("<section>", next(iter(SITEMAPS))),
        ("<drf_format_suffix:format>", ".json"),
        ("\\.(?P<format>[a-z0-9]+)/?", ".json"),
        ("(?P<format>[a-z0-9]+)", "json"),
        ("<path:path>", "css/site.css"),
        ("<path:file_path>", "x"),
    ):
        route = route.replace(parameter, value)
    return route.replace("\\.", ".").replace("//", "/")


def hostile_request(chance, paths):
    path = chance.choice(paths)
    if chance.random() < 0.2:
        path = "/ru" + path
    if chance.random() < 0.05:
        path = chance.choice(("//evil.example", "/\\evil.example")) + path
    pairs = []
    for _ in range(chance.randrange(5)):
        name = chance.choice(PARAMETERS)
        repeat = chance.choice((1, 1, 1, 2, 21, 300))
        pairs += [(name, chance.choice(VALUES)) for _ in range(repeat)]
    query = urlencode(pairs, errors="surrogatepass")
    return chance.choice(METHODS), quote(path, safe="/%"), query


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(PARTS))
def test_ten_thousand_hostile_requests_get_clear_bounded_answers(one_of_each, part):
    chance = random.Random(f"{SEED}-{part}")
    paths = addresses()
    client = Client(raise_request_exception=False)
    failures = []
    for _ in range(REQUESTS // PARTS):
        method, path, query = hostile_request(chance, paths)
        started = time.monotonic()
        response = client.generic(method, path, QUERY_STRING=query)
        body = b"".join(response) if response.streaming else response.content
        seconds = time.monotonic() - started
        if (
            response.status_code >= 500
            or len(body) > MAX_BYTES
            or seconds > MAX_SECONDS
        ):
            failures.append(
                (
                    method,
                    path,
                    query[:200],
                    response.status_code,
                    len(body),
                    round(seconds, 2),
                )
            )

    assert len(paths) > 30
    assert failures[:20] == []
