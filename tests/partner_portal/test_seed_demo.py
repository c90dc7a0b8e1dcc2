import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from industries.models import IndustrialUnit, ProblemRequest
from partner_portal.demo import DEMO_PASSWORD, DEMO_USERS
from partner_portal.models import AuditEvent, Role, User
from partner_portal.workflow import audit_trail
from teams.models import Attendance, Enrolment
from tests.services import BASE_DIR


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("seed_demo", quiet_logins=True)

    assert not User.objects.filter(email__in=[e for e, _n, _f in DEMO_USERS]).exists()


@pytest.mark.django_db
def test_seed_demo_gives_a_login_for_every_role_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_logins=True)
    counts = User.objects.count()
    call_command("seed_demo", quiet_logins=True)

    assert User.objects.count() == counts
    roles = set()
    for email, _name, _flags in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        roles.update(user.roles)
    assert roles == set(Role)


@pytest.mark.django_db
def test_the_demo_iro_login_is_also_the_django_admin(client, settings):
    """What the README promises for iro@example.org."""
    settings.DEBUG = True
    call_command("seed_demo", quiet_logins=True)

    iro = User.objects.get(email="iro@example.org")
    assert iro.check_password(DEMO_PASSWORD)
    client.force_login(iro)
    index = client.get(reverse("admin:index"))
    rounds = client.get(reverse("admin:teams_round_changelist"))

    html = index.content.decode()
    assert index.status_code == 200
    assert "permission to view or edit anything" not in html
    assert reverse("admin:teams_enrolment_changelist") in html
    assert rounds.status_code == 200
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "| `iro@example.org` | IRO staff (also Django admin) |" in readme


@pytest.mark.django_db
def test_the_demo_story_spreads_over_past_weeks(settings):
    """Not everything "today": applications over weeks, decisions after them,
    attendance on the sessions' days; nothing in the future, and nothing left
    frozen once the seeding is done."""
    settings.DEBUG = True
    call_command("seed_demo", quiet_logins=True)
    now = timezone.now()

    applied = sorted(Enrolment.objects.values_list("created_at", flat=True))
    trail = list(AuditEvent.objects.values_list("created_at", flat=True))
    problems = ProblemRequest.objects.values_list("created_at", flat=True)

    assert applied[-1] - applied[0] >= datetime.timedelta(days=14)
    assert len({moment.date() for moment in applied}) == len(applied)
    assert all(moment < now - datetime.timedelta(hours=12) for moment in trail)
    assert max(trail) - min(trail) >= datetime.timedelta(days=21)
    assert len({moment.date() for moment in problems}) >= 5
    for enrolment in Enrolment.objects.exclude(status=Enrolment.Status.APPLIED):
        decided = audit_trail(enrolment).first().created_at
        assert decided > enrolment.created_at
    for attendance in Attendance.objects.select_related("session"):
        assert attendance.session.starts_at < attendance.recorded_at
    assert abs(timezone.now() - now) < datetime.timedelta(minutes=5)
    assert (
        ProblemRequest.objects.create(
            unit=IndustrialUnit.objects.first(), title="تازه", description="x"
        ).created_at
        > now
    )
