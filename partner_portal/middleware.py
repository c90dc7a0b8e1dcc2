import logging

security_log = logging.getLogger("portal.security")


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


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
