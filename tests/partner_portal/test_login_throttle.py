"""The login throttle: one canonical login name, a per-account limit that no change
of address escapes, the reset link that unlocks, the client address behind proxies,
and log lines that user input cannot forge."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partner_portal.models import User
from partner_portal.security import (
    AccessLogMiddleware,
    canonical_login,
    client_address,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def iro_user(db):
    return User.objects.create_user(
        email="iro@example.org",
        password=PASSWORD,
        full_name="Iro",
        is_iro_staff=True,
        email_verified_at=timezone.now(),
    )


def log_in(client, username, password=PASSWORD):
    return client.post(
        "/en/accounts/login/", {"username": username, "password": password}
    )


def fail_logins(username, times, address):
    client = Client(REMOTE_ADDR=address)
    for _ in range(times):
        log_in(client, username, "wrong")


# --- One form of the login name -------------------------------------------------------


def test_the_canonical_login_name_folds_case_width_and_spaces():
    assert canonical_login("  IRO@Example.ORG ") == "iro@example.org"
    assert canonical_login("ｉｒｏ@example.org") == "iro@example.org"
    # A dotless ı is another letter, not a spelling of i.
    assert canonical_login("ıro@example.org") != "iro@example.org"


def dotless_i_cannot_log_in(iro_user):
    client = Client(REMOTE_ADDR="10.5.5.5")

    dotless = log_in(client, "ıro@example.org")
    dotted = log_in(client, "IRO@example.org")

    assert dotless.status_code == 200  # the form again, with its error
    assert dotted.status_code == 302


def test_a_dotless_i_does_not_log_in_as_the_dotted_address(iro_user):
    dotless_i_cannot_log_in(iro_user)


@pytest.mark.postgres
def test_a_dotless_i_does_not_log_in_as_the_dotted_address_on_postgresql(iro_user):
    # PostgreSQL's UPPER('ı') is 'I': a case-insensitive lookup matched it there.
    dotless_i_cannot_log_in(iro_user)


def test_every_spelling_that_logs_in_counts_against_one_account(iro_user):
    spellings = ["IRO@example.org", " iro@EXAMPLE.org", "ｉro@example.org"]
    for spelling in spellings:
        fail_logins(spelling, 2, "10.6.6.6")

    response = log_in(Client(REMOTE_ADDR="10.6.6.6"), "iro@example.org")

    assert response.status_code == 429


# --- A limit per account --------------------------------------------------------------


def test_guessing_from_many_addresses_locks_the_account(iro_user, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 12
    per_address = settings.AXES_FAILURE_LIMIT - 1  # never locked at any one address
    for n in range(12 // per_address + 1):
        fail_logins("iro@example.org", per_address, f"10.7.0.{n}")

    from_a_fresh_address = log_in(Client(REMOTE_ADDR="10.7.9.9"), "iro@example.org")

    assert from_a_fresh_address.status_code == 429
    assert "reset your password" in from_a_fresh_address.content.decode()


def test_the_account_limit_is_higher_than_the_limit_per_address(iro_user):
    fail_logins("iro@example.org", settings.AXES_FAILURE_LIMIT, "10.8.0.1")

    elsewhere = log_in(Client(REMOTE_ADDR="10.8.0.2"), "iro@example.org")

    assert settings.LOGIN_ACCOUNT_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    assert elsewhere.status_code == 302


def test_a_password_reset_unlocks_the_account(iro_user, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    for n in range(3):
        fail_logins("iro@example.org", 2, f"10.9.0.{n}")
    assert log_in(Client(), "iro@example.org").status_code == 429
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(iro_user.pk))
    token = default_token_generator.make_token(iro_user)
    form_url = client.get(
        reverse("password_reset_confirm", args=[uid, token]), follow=True
    ).redirect_chain[-1][0]

    reset = client.post(
        form_url,
        {
            "new_password1": "a-new-long-secret-9",
            "new_password2": "a-new-long-secret-9",
        },
    )
    after = log_in(Client(), "iro@example.org", "a-new-long-secret-9")

    assert reset.status_code == 302
    assert after.status_code == 302


def test_the_locked_out_page_says_that_a_reset_unlocks(iro_user):
    fail_logins("iro@example.org", settings.AXES_FAILURE_LIMIT, "10.10.0.1")

    response = log_in(Client(REMOTE_ADDR="10.10.0.1"), "iro@example.org")

    assert response.status_code == 429
    assert "a successful reset unlocks it at once" in response.content.decode()
    assert not mail.outbox


# --- The client's address -------------------------------------------------------------


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        (1, "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        # What the client wrote itself comes first and is not believed.
        (1, "10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # Not through the proxy (or a broken header): the socket's address.
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (2, "10.0.0.2", "198.51.100.7", "10.0.0.2"),
    ],
)
def test_the_client_address_is_taken_behind_the_configured_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.PROXY_COUNT = proxies

    assert client_address(FakeRequest(remote, forwarded)) == expected


def test_behind_a_proxy_each_client_has_its_own_failure_count(iro_user, settings):
    settings.PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "iro@example.org", "wrong")

    staff = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")

    assert log_in(staff, "iro@example.org").status_code == 302
    assert log_in(attacker, "iro@example.org").status_code == 429


def test_the_security_log_gives_the_address_behind_the_proxy(
    caplog, iro_user, settings
):
    settings.PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")

    with caplog.at_level(logging.INFO, logger="portal.security"):
        log_in(client, "iro@example.org")

    assert "login succeeded: user=iro@example.org ip=198.51.100.10" in [
        r.getMessage() for r in caplog.records
    ]


# --- Log lines ------------------------------------------------------------------------


def test_a_login_name_cannot_forge_a_line_in_the_security_log(caplog, iro_user):
    forged = "x\r\nlogin succeeded: user=iro@example.org ip=10.0.0.9"

    with caplog.at_level(logging.INFO, logger="portal.security"):
        log_in(Client(REMOTE_ADDR="10.11.0.1"), forged, "wrong")

    lines = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    # The form folds the line break into a space; the quotes keep the whole login
    # name one field, so it cannot pass for a "login succeeded" record.
    assert lines == [
        'login failed: user="x login succeeded: user=iro@example.org ip=10.0.0.9" '
        "ip=10.11.0.1"
    ]


def test_a_refused_path_cannot_forge_a_line_in_the_security_log(caplog, rf, student):
    request = rf.get("/x%0Alogin%20succeeded:%20user=iro@example.org/")
    request.user = student
    middleware = AccessLogMiddleware(lambda request: HttpResponseForbidden())

    with caplog.at_level(logging.INFO, logger="portal.security"):
        middleware(request)

    [line] = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert "\n" not in line
    assert 'path="/x\\x0alogin succeeded' in line
