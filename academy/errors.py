"""The pages of errors: a 400 that says which limit a request passed, and a
500 rendered without the database, naming the request's id."""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .logs import request_id
from .middleware import QueryStringTooLong


def limit_exceeded_message(exception):
    """What a request too large to read passed, in words, or None: the form
    it carried was not read, so its user is told what to send instead."""
    if isinstance(exception, TooManyFilesSent):
        return _(
            "The form sent more than %(limit)s files at once, so it was not "
            "read and nothing was saved. Go back, keep at most %(limit)s new "
            "files in it, save, and add the others in a second save."
        ) % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if isinstance(exception, TooManyFieldsSent):
        return _(
            "The request held more than %(limit)s fields or parameters, so it "
            "was not read and nothing was saved. Go back and send fewer: a long "
            "form in two saves, or fewer filters."
        ) % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(exception, QueryStringTooLong):
        return _(
            "The address was longer than %(size)s after its “?”, so it was "
            "not read. Go back and choose fewer filters."
        ) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_QUERY_BYTES)}
    if isinstance(exception, RequestDataTooBig):
        return _(
            "The form held more than %(size)s of text, so it was not read and "
            "nothing was saved. Go back and shorten it."
        ) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    return None


@requires_csrf_token
def bad_request(request, exception):
    """Like Django's, in the site's look and language, and saying which limit
    a request too large to read passed."""
    template = loader.get_template("400.html")
    return HttpResponseBadRequest(
        template.render({"exceeded": limit_exceeded_message(exception)})
    )


@requires_csrf_token
def server_error(request):
    """Like Django's, but the page shows the id the logs file the error under."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id.get()}))
