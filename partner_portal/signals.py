from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .security import client_address, log_value, security_log


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    security_log.info(
        "login succeeded: user=%s ip=%s",
        log_value(user.email),
        log_value(client_address(request)) if request else "-",
    )


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    security_log.warning(
        "login failed: user=%s ip=%s",
        log_value(credentials.get("username", "-")),
        log_value(client_address(request)) if request else "-",
    )
