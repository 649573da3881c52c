"""The 500 page, rendered without the database, naming the request's id."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .logs import request_id


@requires_csrf_token
def server_error(request):
    """Like Django's, but the page shows the id the logs file the error under."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id.get()}))
