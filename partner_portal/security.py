"""Security logging and the login-throttling hooks."""

import logging

security_log = logging.getLogger("portal.security")


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def throttled_username(request, credentials):
    """The account a login attempt counts against: e-mail addresses are compared
    without regard to case, so ``A@x`` and ``a@x`` share one failure count."""
    source = credentials if credentials else request.POST
    return (source.get("username") or "").strip().lower() or None


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
                user.email if user is not None and user.is_authenticated else "-",
                request.method,
                request.path,
                client_address(request),
            )
        return response
