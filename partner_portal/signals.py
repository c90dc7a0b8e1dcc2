from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .caching import bump_version
from .models import AuditEvent
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


# What is cached from the program's rows (caching.py: the office's figures, the
# landing page's) is kept under a version: any row of the program saved or deleted
# — and every move, which writes an audit row — makes the next reader count afresh.
FIGURE_APPS = {"industries", "teams", "placements", "certificates"}


@receiver(post_save)
@receiver(post_delete)
def figures_changed(sender, **kwargs):
    if sender._meta.app_label in FIGURE_APPS or sender is AuditEvent:
        bump_version()
