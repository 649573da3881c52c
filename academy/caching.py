"""Caching of the public site: whole pages, costly numbers, HTTP validators.

Everything cached is keyed by the *archive version*: a timestamp in the cache,
moved on whenever a record of the apps in settings.ARCHIVE_APPS is saved or
deleted (signals below, connected by AcademyConfig), so a change shows on the
next request. With Redis (REDIS_URL, as in production) every gunicorn worker
reads the same version. With the default local-memory cache each worker has
its own: a change made through one worker reaches the others only when their
entries expire, so no entry lives longer than ARCHIVE_CACHE_SECONDS, the same
time browsers and proxies may keep a page by its Cache-Control. Bulk writes
that send no signals (bulk_create, update(): generate_archive, rebuild_search)
are also seen after that time at the latest.

Only anonymous GETs are shared: a request with a session cookie (staff) is
neither served from nor stored in the cache, and a response that sets a cookie
or asks for privacy is never stored.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "archive:version"
# Larger responses (whole-archive exports) are not worth a cache slot.
MAX_CACHED_BYTES = 1_000_000
# The query parameters the pages read, declared by the apps (page_parameters).
# A response to a URL with any other is served but never stored: made-up
# parameters (?x=1, ?x=2...) would otherwise fill the cache with copies.
PAGE_PARAMETERS = set()


def page_parameters(*names):
    """Declare query parameters that change what a page shows."""
    PAGE_PARAMETERS.update(names)


def archive_version():
    """When the archive last changed, as far as this cache knows."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh or emptied cache: anything cached before is gone too.
        cache.add(VERSION_KEY, time.time(), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    cache.set(VERSION_KEY, time.time(), None)


def archive_changed(sender, **kwargs):
    """A record of the archive changed: every cached page may show it.

    Bumped now, for the rest of this request, and again after the commit: a
    page rendered by another request between the two would otherwise be cached
    under the new version with the old data.
    """
    if sender._meta.app_label in settings.ARCHIVE_APPS:
        bump_version()
        transaction.on_commit(bump_version)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(archive_changed)


def remember(name, compute, *, per_language=False):
    """`compute()`, cached for this archive version (and language, if it shows
    translated names)."""
    key = f"archive:{archive_version()}:{name}"
    if per_language:
        key = f"{key}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.ARCHIVE_CACHE_SECONDS)
    return value


class CachedCountPaginator(Paginator):
    """A Paginator that counts each distinct query once per archive version,
    and reaches late pages through the index.

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
        return remember(f"count:{sql.hexdigest()}", queryset.count)

    def page(self, number):
        """Later pages pick their rows' ids first, in a subquery: the OFFSET
        then walks the index alone, not rows joined to their relations."""
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
        found = cache.get_many([VERSION_KEY, key])
        entry = found.get(key)
        if entry is None or entry["version"] != found.get(VERSION_KEY):
            version = archive_version()
            response = self.get_response(request)
            if (
                request.method != "GET"
                or not storable(response)
                or not set(request.GET) <= PAGE_PARAMETERS
            ):
                return response
            digest = hashlib.md5(response.content, usedforsecurity=False)
            entry = {
                "version": version,
                "status": response.status_code,
                "headers": dict(response.headers),
                "content": response.content,
                "etag": f'"{digest.hexdigest()}"',
                # When this copy was made: a client holding a copy at least as
                # recent gets 304, whatever the other workers know.
                "modified": int(time.time()),
            }
            cache.set(key, entry, settings.ARCHIVE_CACHE_SECONDS)
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
