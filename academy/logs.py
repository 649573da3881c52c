"""Structured logs: one JSON object per line on stderr, each with its request's id.

Every request gets an id (RequestLogMiddleware), sent back in the X-Request-ID
header and shown on the 500 page, so a visitor's report leads to the traceback
in the logs. Each request also leaves an access line with its status and
duration. LOGGING in settings routes every logger here; the level comes from
DJANGO_LOG_LEVEL.
"""

import contextvars
import json
import logging
import time
import uuid
from datetime import UTC, datetime

request_id = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("academy.access")
_make_record = logging.getLogRecordFactory()


def record_with_request_id(*args, **kwargs):
    """Every record carries the id of the request it was made in, if any."""
    record = _make_record(*args, **kwargs)
    record.request_id = request_id.get()
    return record


def stamp_records():
    logging.setLogRecordFactory(record_with_request_id)


class JSONFormatter(logging.Formatter):
    """A log record as one line of JSON, its traceback included."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None) is not None:
            entry["request_id"] = record.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Give each request an id, and log one access line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        token = request_id.set(uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "fields": {
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )
            return response
        finally:
            request_id.reset(token)
