import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.services import BASE_DIR


def fail_logins(client, email, times, prefix=""):
    for _ in range(times):
        client.post(f"{prefix}/accounts/login/", {"username": email, "password": "no"})


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_with_a_translated_message(student):
    client = Client(REMOTE_ADDR="10.1.1.1")
    fail_logins(client, student.email, settings.AXES_FAILURE_LIMIT)

    english = client.post(
        "/en/accounts/login/", {"username": student.email, "password": PASSWORD}
    )
    persian = client.post(
        "/accounts/login/", {"username": student.email, "password": PASSWORD}
    )

    assert english.status_code == 429
    assert "Too many failed attempts" in english.content.decode()
    assert "try again in 15 minutes" in english.content.decode()
    assert persian.status_code == 429
    assert "تلاش‌های ناموفق بیش از حد" in persian.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_below_the_limit_do_not_lock(student):
    client = Client(REMOTE_ADDR="10.1.1.2")
    fail_logins(client, student.email, settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(
        reverse("login"), {"username": student.email, "password": PASSWORD}
    )

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_lockout_holds_for_that_account_from_that_address_only(
    student, other_student
):
    attacker = Client(REMOTE_ADDR="10.1.1.3")
    fail_logins(attacker, student.email, settings.AXES_FAILURE_LIMIT)

    from_elsewhere = Client(REMOTE_ADDR="10.9.9.9").post(
        reverse("login"), {"username": student.email, "password": PASSWORD}
    )
    other_account = attacker.post(
        reverse("login"), {"username": other_student.email, "password": PASSWORD}
    )

    assert from_elsewhere.status_code == 302
    assert other_account.status_code == 302


@pytest.mark.django_db
def test_login_attempts_are_logged_with_who_and_where(caplog, student):
    client = Client(REMOTE_ADDR="10.2.2.2")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        client.post(reverse("login"), {"username": student.email, "password": "no"})
        client.post(reverse("login"), {"username": student.email, "password": PASSWORD})

    messages = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert f"login failed: user={student.email} ip=10.2.2.2" in messages
    assert f"login succeeded: user={student.email} ip=10.2.2.2" in messages


@pytest.mark.django_db
def test_refused_access_is_logged(caplog, student):
    client = Client(REMOTE_ADDR="10.3.3.3")
    client.force_login(student)

    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.get(reverse("dashboard-iro"))

    assert response.status_code == 403
    assert (
        f"access refused: user={student.email} method=GET "
        f"path={reverse('dashboard-iro')} ip=10.3.3.3"
    ) in [r.getMessage() for r in caplog.records]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("landing"))["Content-Security-Policy"]

    directives = {
        part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
    }
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_deploy_check_passes_with_only_secret_key_and_allowed_hosts():
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_failures_count_against_the_account_whatever_the_case(student):
    client = Client(REMOTE_ADDR="10.4.4.4")
    fail_logins(client, student.email.upper(), settings.AXES_FAILURE_LIMIT)

    response = client.post(
        reverse("login"), {"username": student.email, "password": PASSWORD}
    )

    assert response.status_code == 429
