"""Caching of the public site: whole pages, costly numbers, HTTP validators.

Each cached page or number is kept with the tags of what it was built from,
and served while none of them has moved: a save makes stale exactly what
shows the saved record (academy/cache_invalidation.py says how,
academy/cache_tags.py how long an entry lives). Browsers and proxies may keep
a page ARCHIVE_CACHE_SECONDS by its Cache-Control.

One request builds a missing entry at a time (`first_builder`): the others
that ask for it meanwhile wait for its copy, so a list made stale by a save
costs one render, not one per connection.

The page cache can be turned off alone (DJANGO_PAGE_CACHE=0, to measure what
a render costs); the numbers and fragments below stay cached then.

Only anonymous GETs are shared: a request with a session cookie (staff) is
neither served from nor stored in the cache, and a response that sets a cookie
or asks for privacy is never stored.

What remains, and why (bench/RESULTS.md, "Long tail, second step", at
100,000 events): records' pages are now quick cold (event pages 38-40 ms,
people 18-20 ms alone), but a filtered list still costs 160-480 ms cold, a
text search 470-560 ms and an API page 160-260 ms, against 2-4 ms cached.
So the page cache, the counts and facets kept as numbers, one builder per
stale entry and the per-word tags of text searches all still pay for
themselves; none was dropped, and this module is no smaller.
"""

import hashlib
import time
from collections import defaultdict
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.functional import cached_property
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from .cache_tags import (
    collect_dependencies,
    current_entry,
    depends_on,
    essential_tags,
    expires_within,
    keep_tags,
    kind_tag,
    lifetime,
    write_number,
)
from .search import depends_on_text_search

# Larger responses (whole-archive exports) are not worth a cache slot.
MAX_CACHED_BYTES = 1_000_000
# The query parameters the pages read, declared by the apps (page_parameters):
# {name: what makes a value canonical, or None}. A response to a URL with any
# other is served but never stored: made-up parameters (?x=1, ?x=2...) would
# otherwise fill the cache with copies.
PAGE_PARAMETERS = {}
# {path: the parameters only the page at that path reads, as above}
PATH_PARAMETERS = defaultdict(dict)


def page_parameters(*names, path=None, **canonical):
    """Declare query parameters that change what a page shows; with `path`,
    what only the page at that path reads, so that no other page is kept
    once per value of them. `canonical` maps a name to a function giving a
    value as the page reads it (the same value for values the page treats
    alike), or None for one it ignores."""
    declared = PAGE_PARAMETERS if path is None else PATH_PARAMETERS[path]
    declared.update(dict.fromkeys(names), **canonical)


def declared_parameters(path):
    """{name: canonical or None} of the parameters the page at `path` reads."""
    return PAGE_PARAMETERS | PATH_PARAMETERS.get(path, {})


def canonical_query(query, path):
    """[(name, value)] of the parameters of the QueryDict `query` that the
    page at `path` declares, each value as the page reads it (left out if it
    ignores it), sorted: the same for every URL that asks for the same page."""
    declared = declared_parameters(path)
    pairs = []
    for name, values in query.lists():
        canonical = declared.get(name)
        for value in values:
            value = canonical(value) if canonical else value
            if value is not None:
                pairs.append((name, value))
    return sorted(pairs)


# Suffix of the key that says a request is building the entry; it is left
# after BUILD_SECONDS by a builder that died.
BUILDING = ":building"
BUILD_SECONDS = 10
# How long a request waits for another's copy before building its own: as
# long as the builder's mark may stand. A facet list of a broad selection
# takes seconds to build the first time; waiters that gave up after 2 s all
# built it at once on two CPUs, and timed out (bench/RESULTS.md). How often
# a waiter looks:
WAIT_SECONDS = BUILD_SECONDS
WAIT_STEP = 0.01


def store(key, entry, built, dependencies):
    """Keep `entry` under `key`, built at write number `built` with
    `dependencies` (collect_dependencies()); returns it as kept."""
    seconds = lifetime(dependencies)
    tags = sorted(essential_tags(dependencies))
    entry = {**entry, "built": built, "tags": tags}
    if seconds < lifetime(None):
        entry["until"] = time.time() + seconds
    if built is not None and seconds > 0:
        cache.set(key, entry, seconds)
        keep_tags(built, tags)
    return entry


def passed_on(entry):
    """What the thing built from the cached `entry` depends on with it."""
    depends_on(*entry["tags"])
    if "until" in entry:
        expires_within(entry["until"] - time.time())


@contextmanager
def first_builder(key):
    """Yields the entry another request built meanwhile, if it was waited
    for; None when the caller is to build it (and store it under `key`)."""
    lock = key + BUILDING
    owner = cache.add(lock, True, BUILD_SECONDS)
    if not owner:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            # The lock is read before the entry: the builder stores the entry
            # before it frees the lock, so a free lock and no entry means the
            # copy was built but not kept, and this request builds it.
            building = cache.get(lock) is not None
            entry = current_entry(key)
            if entry is not None:
                yield entry
                return
            if not building:
                break
    try:
        yield None
    finally:
        if owner:
            cache.delete(lock)


def remember(name, compute, *, depends=(), per_language=False):
    """`compute()`, cached until a record it read or a tag in `depends` moves
    (and per language, if it shows translated names). The page that asks
    depends on the same tags."""
    key = f"archive:value:{name}"
    if per_language:
        key = f"{key}:{get_language()}"
    entry = current_entry(key)
    if entry is None:
        with first_builder(key) as entry:
            if entry is None:
                built = write_number()
                with collect_dependencies() as dependencies:
                    depends_on(*depends)
                    value = compute()
                entry = store(key, {"value": value}, built, dependencies)
    passed_on(entry)
    return entry["value"]


class CachedCountPaginator(Paginator):
    """A Paginator that counts each distinct query once until a record of its
    kind changes, and reaches late pages through the index.

    A filtered list of 100,000 events costs a COUNT over all of them; every
    page of it, in every order, shares the one count.
    """

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        queryset = self.object_list.order_by()
        if queryset.query.is_empty():
            return 0
        sql = hashlib.md5(str(queryset.query).encode(), usedforsecurity=False)

        def count_rows():
            depends_on_text_search(queryset)
            return queryset.count()

        return remember(
            f"count:{sql.hexdigest()}", count_rows, depends=[kind_tag(queryset.model)]
        )

    def page(self, number):
        """Later pages pick their rows' ids first, in a subquery: the OFFSET
        then walks the index alone, not rows joined to their relations."""
        if isinstance(self.object_list, QuerySet):
            # Any record of the kind could enter the list.
            depends_on(kind_tag(self.object_list.model))
        number = self.validate_number(number)
        if number == 1 or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def is_shared_request(request):
    """Whether the response to `request` may come from and go to the cache.
    The health check never waits on it: a request of another process that
    died while answering it would hold its build mark (first_builder)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(f"/{settings.ADMIN_URL}")
        and request.path_info != reverse("healthz")
    )


def is_storable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-"))
        and "Cookie" not in response.get("Vary", "")
        and len(response.content) <= MAX_CACHED_BYTES
    )


def never_stored(response):
    """`response` to parameters its page rejected or could not use (an
    unknown slug, a list an event is not in), served but never kept: each
    made-up value would otherwise be an entry of its own."""
    patch_cache_control(response, no_store=True)
    return response


# Request headers a response may vary on (its Vary) that the page cache keys
# on: the API schema's format follows Accept. The language is keyed on always;
# a response varying on Cookie is never stored.
KEYED_HEADERS = ("Accept",)


def varied_headers(response):
    """The KEYED_HEADERS that `response` varies on."""
    return [name for name in KEYED_HEADERS if has_vary_header(response, name)]


def page_key(request, varies=()):
    """The key of the page `request` asks for: its path and canonical query,
    so that a value the page ignores (?map=nowhere) is no page of its own,
    and the request's headers named in `varies`."""
    # The language is in the page's URL, but the API's follows Accept-Language.
    query = urlencode(canonical_query(request.GET, request.path_info))
    url = f"{get_language()} {request.build_absolute_uri(request.path)}?{query}"
    url += "".join(f"\n{name}: {request.headers.get(name, '')}" for name in varies)
    return (
        "archive:page:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    )


def canonical(request):
    """Whether each parameter of `request` is as its page reads it. Only the
    response to such a request is stored: another may show what it was asked
    with (its links keep its query string)."""
    asked = [(name, value) for name, values in request.GET.lists() for value in values]
    return sorted(asked) == canonical_query(request.GET, request.path_info)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, with ETag,
    Last-Modified, Cache-Control and 304 Not Modified.

    Sits below LocaleMiddleware (the language is known) and above the CSRF,
    auth and messages middleware, so a cookie they set is seen here and keeps
    the response out of the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shared_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                patch_cache_control(response, private=True)
            return response
        if not settings.ARCHIVE_PAGE_CACHE or not set(request.GET) <= set(
            declared_parameters(request.path_info)
        ):
            # A parameter no page declares may still be read by one: its
            # response is never served for another URL's.
            return self.get_response(request)
        key = page_key(request)
        entry = current_entry(key)
        if entry is not None and "varies" in entry:
            # The page is kept once per value of these headers.
            key = page_key(request, entry["varies"])
            entry = current_entry(key)
        if entry is None:
            with first_builder(key) as entry:
                if entry is None:
                    return self.build(request, key)
        if "varies" in entry:
            # Waited for a first copy, made for other values of its headers.
            return self.get_response(request)
        response = HttpResponse(
            entry["content"], status=entry["status"], headers=entry["headers"]
        )
        return self.with_validators(request, response, entry)

    def build(self, request, key):
        """The response to `request`, kept under `key` if it may be shared."""
        built = write_number()
        with collect_dependencies() as dependencies:
            response = self.get_response(request)
        if (
            built is None
            or request.method != "GET"
            or not is_storable_response(response)
            or not canonical(request)
        ):
            return response
        if varies := varied_headers(response):
            # The path's key says which headers the copies are kept by.
            store(page_key(request), {"varies": varies}, built, dependencies)
            key = page_key(request, varies)
        digest = hashlib.md5(response.content, usedforsecurity=False)
        entry = {
            "status": response.status_code,
            "headers": dict(response.headers),
            "content": response.content,
            "etag": f'"{digest.hexdigest()}"',
            # The view's own (a calendar's: its newest event's change), else
            # when this copy was made: a client holding a copy at least as
            # recent gets 304, whatever the other workers know.
            "modified": parse_http_date_safe(response.get("Last-Modified"))
            or int(time.time()),
        }
        store(key, entry, built, dependencies)
        return self.with_validators(request, response, entry)

    @staticmethod
    def with_validators(request, response, entry):
        """`response` with the validators of `entry`, or a 304 if the client
        holds it."""
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        patch_cache_control(
            response, public=True, max_age=settings.ARCHIVE_CACHE_SECONDS
        )
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=entry["modified"],
            response=response,
        )
