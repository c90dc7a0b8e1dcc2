"""Demo accounts, one per role. Other apps add their demo data in their own demo.py."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.apps import apps
from django.utils import timezone

from .models import User

DEMO_PASSWORD = "demo-1405"  # noqa: S105 (printed on purpose: demo logins)

DEMO_USERS = [
    # (e-mail, full name, role flags)
    # Also the Django admin, as `createsuperuser` makes one: the office's tool of
    # last resort, which the demo shows (its workflow states stay read-only).
    (
        "iro@example.org",
        "مریم رستمی",
        {"is_iro_staff": True, "is_staff": True, "is_superuser": True},
    ),
    ("professor@example.org", "دکتر علی حسینی", {"is_professor": True}),
    ("manager@example.org", "رضا کریمی", {"is_industry_manager": True}),
    ("student@example.org", "زهرا احمدی", {"is_student": True}),
]


def demo_user(email):
    return User.objects.get(email=email)


def seed(log):
    for email, full_name, flags in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, **flags}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif any(getattr(user, flag) != value for flag, value in flags.items()):
            # A demo database seeded by an earlier version gets today's roles.
            User.objects.filter(pk=user.pk).update(**flags)
        if not user.email_verified:
            # The demo's addresses are not real mailboxes: they count as proved.
            User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
        log(f"{'created' if created else 'kept'} {email}")


# The clock itself, whatever moment ``happening_at`` sets.
real_now = timezone.now


def days_ago(days, hour=10):
    """A moment of the demo's past: ``days`` before today, at ``hour`` o'clock."""
    today = timezone.localtime(real_now())
    moment = today.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment - datetime.timedelta(days=days)


@contextmanager
def happening_at(moment):
    """Whatever is made inside happens at ``moment``: ``timezone.now()``, and the
    fields whose default it is (``created_at``, the audit trail's time), read
    ``moment``. So the demo's story spreads over weeks, each step in order,
    instead of everything having happened at the second it was seeded.

    A field keeps its default callable in a cached property (``_get_default``);
    setting that slot for the moment, and clearing it after, is how the defaults
    follow. Only the demo does this, under ``seed_demo``'s transaction.
    """

    def now():
        return moment

    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.default is real_now
    ]
    with mock.patch.object(timezone, "now", now):
        for field in fields:
            field.__dict__["_get_default"] = now
        try:
            yield moment
        finally:
            for field in fields:
                field.__dict__.pop("_get_default", None)
