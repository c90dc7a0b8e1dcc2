"""Demo accounts, one per role. Other apps add their demo data in their own demo.py."""

from django.utils import timezone

from .models import User

DEMO_PASSWORD = "demo-1405"  # noqa: S105 (printed on purpose: demo logins)

DEMO_USERS = [
    # (e-mail, full name, role flags)
    ("iro@example.org", "مریم رستمی", {"is_iro_staff": True, "is_staff": True}),
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
        # The demo's addresses are not real mailboxes: they count as proved.
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
        log(f"{'created' if created else 'kept'} {email}")
