import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partner_portal.demo import DEMO_PASSWORD, DEMO_USERS
from partner_portal.models import Role, User


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
