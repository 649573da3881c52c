"""Caching of the public site: whole pages, costly numbers, HTTP validators.

Each cached page or number is kept with the tags of what it was built from,
and served while none of them has moved: a save makes stale exactly what
shows the saved record (academy/cache_tags.py says how). No entry lives longer
than ARCHIVE_CACHE_SECONDS, the same time browsers and proxies may keep a page
by its Cache-Control.

Only anonymous GETs are shared: a request with a session cookie (staff) is
neither served from nor stored in the cache, and a response that sets a cookie
or asks for privacy is never stored.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import get_language

from .cache_tags import (
    collecting,
    current,
    depends_on,
    essential,
    keep_tags,
    kind,
    searched,
    write_number,
)
from .search import is_text_search

# Larger responses (whole-archive exports) are not worth a cache slot.
MAX_CACHED_BYTES = 1_000_000
# The query parameters the pages read, declared by the apps (page_parameters).
# A response to a URL with any other is served but never stored: made-up
# parameters (?x=1, ?x=2...) would otherwise fill the cache with copies.
PAGE_PARAMETERS = set()


def page_parameters(*names):
    """Declare query parameters that change what a page shows."""
    PAGE_PARAMETERS.update(names)


def store(key, entry, built, tags):
    """Keep `entry` under `key`, built at write number `built` from `tags`."""
    cache.set(
        key,
        {**entry, "built": built, "tags": sorted(tags)},
        settings.ARCHIVE_CACHE_SECONDS,
    )
    keep_tags(built, tags)


def remember(name, compute, *, depends=(), per_language=False):
    """`compute()`, cached until a record it read or a tag in `depends` moves
    (and per language, if it shows translated names). The page that asks
    depends on the same tags."""
    key = f"archive:value:{name}"
    if per_language:
        key = f"{key}:{get_language()}"
    entry = current(key)
    if entry is None:
        built = write_number()
        with collecting() as tags:
            depends_on(*depends)
            value = compute()
        entry = {"value": value, "tags": essential(tags)}
        if built is not None:
            store(key, {"value": value}, built, entry["tags"])
    depends_on(*entry["tags"])
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
        return remember(
            f"count:{sql.hexdigest()}",
            queryset.count,
            depends=[kind(queryset.model)]
            + ([searched(queryset.model)] if is_text_search(queryset) else []),
        )

    def page(self, number):
        """Later pages pick their rows' ids first, in a subquery: the OFFSET
        then walks the index alone, not rows joined to their relations."""
        if isinstance(self.object_list, QuerySet):
            # Any record of the kind could enter the list.
            depends_on(kind(self.object_list.model))
        number = self.validate_number(number)
        if number == 1 or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def shared(request):
    """Whether the response to `request` may come from and go to the cache."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(f"/{settings.ADMIN_URL}")
    )


def storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-"))
        and "Cookie" not in response.get("Vary", "")
        and len(response.content) <= MAX_CACHED_BYTES
    )


def page_key(request):
    # The language is in the page's URL, but the API's follows Accept-Language.
    url = f"{get_language()} {request.build_absolute_uri()}"
    return (
        "archive:page:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    )


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
        if not shared(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                patch_cache_control(response, private=True)
            return response
        key = page_key(request)
        entry = current(key)
        if entry is None:
            built = write_number()
            with collecting() as tags:
                response = self.get_response(request)
            if (
                built is None
                or request.method != "GET"
                or not storable(response)
                or not set(request.GET) <= PAGE_PARAMETERS
            ):
                return response
            digest = hashlib.md5(response.content, usedforsecurity=False)
            entry = {
                "status": response.status_code,
                "headers": dict(response.headers),
                "content": response.content,
                "etag": f'"{digest.hexdigest()}"',
                # When this copy was made: a client holding a copy at least as
                # recent gets 304, whatever the other workers know.
                "modified": int(time.time()),
            }
            store(key, entry, built, essential(tags))
        else:
            response = HttpResponse(
                entry["content"], status=entry["status"], headers=entry["headers"]
            )
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
