"""The language of the pages whose URL carries none: the admin, the API."""

from django.conf import settings
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
