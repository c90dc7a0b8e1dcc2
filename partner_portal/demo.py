"""Demo accounts, one per role. Other apps add their demo data in their own demo.py."""

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
        log(f"{'created' if created else 'kept'} {email}")
