"""One log line per request, as ``key=value`` pairs (logger ``portal.request``):

    2026-05-01T10:12:03.114+0330 INFO portal.request method=GET path=/en/problems/
    status=200 duration_ms=41.7 queries=6 user=17 request_id=3f2a9c0e5b7d41a8

``user`` is the account's id (never its e-mail), ``-`` for a visitor or a request
that never looked at who sent it (/healthz/, static files); ``request_id`` is the
proxy's X-Request-ID when it sends a well-formed one, else made here, and is sent
back in the response's X-Request-ID. Queries are counted with a connection
execute_wrapper (cheap, also with DEBUG off); the duration is the whole middleware
stack's. Values a client chose are written with ``log_value`` (quoted, control
characters escaped), so a line cannot be forged.
"""

import logging
import re
import time
import uuid

from django.db import connections
from django.utils.functional import empty

from .security import log_value

request_log = logging.getLogger("portal.request")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class QueryCounter:
    """An execute_wrapper that counts the statements sent to the database."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def request_id(request):
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if _REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex[:16]


def user_id(request):
    """The account's id if the request was authenticated; reading it never loads
    the session or the user for a view that did not."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    return user.pk if user.is_authenticated else "-"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so its duration covers the whole stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id(request)
        counter = QueryCounter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        response[REQUEST_ID_HEADER] = request.request_id
        request_log.info(
            "method=%s path=%s status=%s duration_ms=%.1f queries=%s user=%s "
            "request_id=%s",
            log_value(request.method),
            log_value(request.path),
            response.status_code,
            duration_ms,
            counter.count,
            user_id(request),
            request.request_id,
        )
        return response
