"""API errors as RFC 9457 problem details (application/problem+json)."""

from http import HTTPStatus

from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSerializer(serializers.Serializer):
    """The shape of every error the API answers (the `Problem` component)."""

    type = serializers.URLField(
        help_text="about:blank: the status code says what went wrong."
    )
    title = serializers.CharField(help_text="The status code's phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong with this request.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400: each query parameter's errors.",
    )


def problem_exception_handler(exc, context):
    """DRF's answer to `exc` (its status and headers: Allow, Retry-After...),
    with a problem details body."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(response.status_code).phrase,
        "status": response.status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = str(exceptions.ValidationError.default_detail)
        problem["errors"] = (
            exc.detail if isinstance(exc.detail, dict) else {"": exc.detail}
        )
    else:
        # Django's Http404 and PermissionDenied come as DRF's {"detail": ...}.
        problem["detail"] = str(response.data["detail"])
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
