"""How the API's OpenAPI schema describes operations and their errors."""

from drf_spectacular.openapi import AutoSchema

from .problems import PROBLEM_CONTENT_TYPE, ProblemSerializer


class ArchiveAutoSchema(AutoSchema):
    """drf-spectacular's schema of an operation, with the errors it answers
    as problem details: 404 for an unknown record or page, 400 for a list's
    invalid filter or page size, 406 for an Accept the API cannot give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ("400", "404", "406") if self._is_list_view() else ("404", "406")
        for code in codes:
            responses[code] = self._get_response_for_code(
                ProblemSerializer, code, [PROBLEM_CONTENT_TYPE], direction
            )
        return responses


def blank_or_uri(result, **kwargs):
    """Postprocessing hook: a URL that may be blank is "a URI or empty" as
    `anyOf`, not `oneOf`: formats are annotations in JSON Schema, so an empty
    string matches both branches and failed `oneOf` in strict validators."""

    def walk(node):
        if isinstance(node, dict):
            branches = node.get("oneOf")
            if branches and {"type": "string", "maxLength": 0} in branches:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


# An operation's summary by what its operationId ends with (drf-spectacular
# names them <kind>_list and <kind>_retrieve).
SUMMARIES = {"list": "The {kind}, a page at a time", "retrieve": "One of the {kind}"}


def operation_summaries(result, **kwargs):
    """Postprocessing hook: each operation gets a one-line summary, which
    documentation tools list operations by (redocly's operation-summary)."""
    for operations in result["paths"].values():
        for operation in operations.values():
            kind, _, action = operation["operationId"].rpartition("_")
            operation.setdefault("summary", SUMMARIES[action].format(kind=kind))
    return result
