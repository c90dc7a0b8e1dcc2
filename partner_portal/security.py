"""Security logging, the client's address, and the login throttle.

Failed logins are counted twice (django-axes' database, read by ``LoginThrottle``):
for one account from one address (``AXES_FAILURE_LIMIT``, default 5) and for one
account from anywhere (``LOGIN_ACCOUNT_FAILURE_LIMIT``, default 20), both for
``AXES_COOLOFF_TIME``. The second limit is what stops guessing spread over many
addresses, or behind a proxy where everyone shares one; since anyone can then lock
an account, a successful password reset unlocks it (``unlock_account``).
"""

import ipaddress
import logging
import re
import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

security_log = logging.getLogger("portal.security")

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_LOG_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def log_value(value):
    """A user-supplied value made safe for one log line: control characters (a
    newline could forge a whole line) are written as escapes, and a value with a
    space or a quote is quoted, so it cannot pass for further fields of the line."""
    raw = str(value)
    text = raw.replace("\\", "\\\\").replace('"', '\\"')
    text = _LOG_UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    if raw and not any(c.isspace() or c == '"' for c in raw):
        return text
    return f'"{text}"'


def canonical_login(value):
    """The one form of a login name (an e-mail address) used both to find the
    account and to count its failed logins: NFKC, case-folded, trimmed.

    Looking accounts up with a database's case-insensitive comparison instead would
    let PostgreSQL match ``ıro@`` (dotless ı) to ``iro@`` while the failures counted
    against another name."""
    folded = unicodedata.normalize("NFKC", str(value or "")).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind ``PROXY_COUNT`` reverse proxies
    the address the outermost one saw, which it wrote into X-Forwarded-For (each
    proxy appends the address it received the request from; what the client sent in
    that header comes before and is ignored)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if len(forwarded) < proxies:
        # Not through all the proxies (a direct request): the socket is the truth.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def throttled_username(request, credentials):
    """The account a login attempt counts against (see ``canonical_login``)."""
    source = credentials if credentials else request.POST
    return canonical_login(source.get("username")) or None


def account_failures(username):
    """Failed logins for one account from all addresses within the cool-off."""
    if not username:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(
            username=username, attempt_time__gte=since
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )


def account_locked(username):
    return account_failures(username) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


def unlock_account(username):
    """Forget an account's failed logins (after its owner proved who they are)."""
    AccessAttempt.objects.filter(username=canonical_login(username)).delete()


class LoginThrottle(AxesDatabaseHandler):
    """Axes' lock on (account, address), plus a lock on the account whatever the
    address."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or account_locked(
            get_client_username(request, credentials)
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if account_locked(get_client_username(request, credentials)):
            request.axes_locked_out = True
            request.axes_credentials = credentials


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose declared body is larger than
    ``REQUEST_BODY_MAX_BYTES``, before anything reads it. Django's own limits leave
    file parts unbounded (they stream to disk). A body sent without Content-Length
    is never read by Django's WSGI handler, so the declared length is the one to
    check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            security_log.warning(
                "request body refused: bytes=%s method=%s path=%s ip=%s",
                length,
                log_value(request.method),
                log_value(request.path),
                log_value(client_address(request)),
            )
            return HttpResponse(render_to_string("413.html"), status=413)
        return self.get_response(request)


class AccessLogMiddleware:
    """Log every refused access (403): who, what, when (the log time), from where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            security_log.warning(
                "access refused: user=%s method=%s path=%s ip=%s",
                log_value(
                    user.email if user is not None and user.is_authenticated else "-"
                ),
                log_value(request.method),
                log_value(request.path),
                log_value(client_address(request)),
            )
        return response
