"""Middleware of the site: canonical addresses, the language of pages whose
URL carries none, HEAD answered without a body, and query strings bounded."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponsePermanentRedirect
from django.middleware import locale
from django.urls import Resolver404, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


def outside_i18n_patterns(path, urlconf):
    """Whether a URL pattern outside i18n_patterns matches `path`."""
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        try:
            if pattern.resolve(path.removeprefix("/")):
                return True
        except Resolver404:
            continue
    return False


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, except where the URL has no language of its own.

    With prefix_default_language=False Django gives every address without a
    language prefix the default language, the admin's included. Pages outside
    i18n_patterns take the language cookie or Accept-Language instead, so the
    admin follows the staff member's language.
    """

    def process_request(self, request):
        super().process_request(request)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if outside_i18n_patterns(request.path_info, urlconf):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()


class QueryStringTooLong(SuspiciousOperation):
    """A query string longer than DATA_UPLOAD_MAX_QUERY_BYTES (a 400)."""


class QueryStringLimitMiddleware:
    """Refuse a query string past DATA_UPLOAD_MAX_QUERY_BYTES before a view
    reads it: pages repeat their query in every link (languages, pages,
    filters), so a 146 KB one made a 3.5 MB people list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            len(request.META.get("QUERY_STRING", ""))
            > settings.DATA_UPLOAD_MAX_QUERY_BYTES
        ):
            raise QueryStringTooLong("Query string too long")
        return self.get_response(request)


class HeadMiddleware:
    """A HEAD response carries the headers a GET would, and no body.

    Django's views write the body for HEAD too; runserver drops it, gunicorn
    sends it and logs a warning for every such request. Outermost, so the
    headers (Content-Length, ETag) are those of the full response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            # The original stream is still closed by the server, with the
            # response: closing it here would end the request early.
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


# Two or more slashes (or backslashes, which browsers read as slashes) at the
# start: a link written from such a path would lead to another site. The
# second pattern finds them in the escaped path, where "\\" is "%5C".
LEADING_SLASHES = re.compile(r"^[/\\]{2,}")
ESCAPED_LEADING_SLASHES = re.compile(r"^(?:/|%5C)+", re.IGNORECASE)


class CanonicalSiteMiddleware:
    """The site's links name its configured address (SITE_URL), never the Host
    or path a request came with.

    A path such as //evil.example/events/ is sent to /evil.example/events/,
    a path of this site, before any page can write a link from it. While a GET
    or HEAD (the only requests whose answers hold links: pages, feeds,
    sitemaps, calendars, the API) is answered, it reads as addressed to
    SITE_URL, once Django has checked its Host against ALLOWED_HOSTS: every
    absolute link is built from SITE_URL, and the page cache keeps one copy per
    page, whatever the Host. Other methods keep their Host: the CSRF check
    compares it with the Origin. Below SecurityMiddleware, whose HTTPS
    redirect and HSTS header read the request's real scheme.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        site = urlsplit(settings.SITE_URL)
        self.canonical = {"HTTP_HOST": site.netloc, "wsgi.url_scheme": site.scheme}
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure = settings.SECURE_PROXY_SSL_HEADER
            self.canonical[header] = secure if site.scheme == "https" else "http"

    def __call__(self, request):
        if LEADING_SLASHES.match(request.path):
            path = ESCAPED_LEADING_SLASHES.sub("/", request.get_full_path())
            return HttpResponsePermanentRedirect(path)
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.get_host()  # DisallowedHost (a 400) for a host not allowed
        real = {key: request.META.get(key) for key in self.canonical}
        request.META.update(self.canonical)
        try:
            return self.get_response(request)
        finally:
            # The middleware above (HSTS, the HTTPS redirect) reads the real ones.
            for key, value in real.items():
                if value is None:
                    request.META.pop(key, None)
                else:
                    request.META[key] = value
