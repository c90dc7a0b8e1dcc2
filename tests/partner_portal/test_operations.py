"""The production runtime: the request log, /healthz/ and /readyz/, sessions read
from the cache that survive a cache that cannot be reached, the cache's own Redis
database."""

import json
import logging
import socket
import time

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partner_portal import views
from partner_portal.settings import redis_database_url
from tests.factories import PASSWORD

UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/1",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "portal.request"]


def fields(line):
    return dict(pair.split("=", 1) for pair in line.split())


# --- The request log ------------------------------------------------------------------


@pytest.mark.django_db
def test_every_request_logs_one_line_with_user_id_status_duration_and_queries(
    caplog, student
):
    client = Client()
    client.force_login(student)
    url = reverse("dashboard-student")

    with caplog.at_level(logging.INFO, logger="portal.request"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)

    [line] = request_lines(caplog)
    logged = fields(line)
    assert logged["method"] == "GET"
    assert logged["path"] == url
    assert logged["status"] == "200"
    assert float(logged["duration_ms"]) > 0
    assert int(logged["queries"]) == len(queries.captured_queries)
    assert logged["user"] == str(student.pk)
    assert student.email not in line
    assert logged["request_id"] == response["X-Request-ID"]
    assert len(logged["request_id"]) == 16


@pytest.mark.django_db
def test_a_visitor_is_logged_as_a_dash_and_the_proxy_request_id_is_kept(caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = Client().get(reverse("healthz"), headers={"X-Request-ID": "a" * 32})
        refused = Client().get(
            reverse("healthz"), headers={"X-Request-ID": "bad id\nforged=1"}
        )

    first, second = request_lines(caplog)
    assert fields(first)["user"] == "-"
    assert fields(first)["request_id"] == "a" * 32
    assert response["X-Request-ID"] == "a" * 32
    assert "forged" not in second
    assert refused["X-Request-ID"] == fields(second)["request_id"]


@pytest.mark.django_db
def test_a_path_cannot_forge_fields_or_lines(caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        Client().get("/no-such-page/ status=200 user=1\nforged")

    [line] = request_lines(caplog)
    assert "\n" not in line
    assert fields(line.split('"')[0] + line.split('"')[-1])["status"] == "404"


@pytest.mark.django_db
def test_refused_access_still_has_its_security_line(caplog, student):
    client = Client(REMOTE_ADDR="10.4.4.4")
    client.force_login(student)

    with caplog.at_level(logging.INFO):
        client.get(reverse("dashboard-iro"))

    [line] = request_lines(caplog)
    assert fields(line)["status"] == "403"
    assert any(
        r.name == "portal.security" and r.getMessage().startswith("access refused:")
        for r in caplog.records
    )


# --- /healthz/ and /readyz/ -----------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_one_select(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_ok_when_database_and_broker_answer(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker_within_a_second(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

    started = time.monotonic()
    response = client.get(reverse("readyz"))

    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "broker": "unavailable"}


@pytest.mark.django_db
def test_readyz_names_an_unreachable_database(client, monkeypatch):
    def refuse():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refuse)

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


# --- Sessions and the cache -----------------------------------------------------------


@pytest.mark.django_db
def test_a_cached_session_costs_no_query(student, settings):
    client = Client()
    client.post(reverse("login"), {"username": student.email, "password": PASSWORD})

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard-student"))

    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_sessions_work_while_the_cache_cannot_be_reached(student, settings):
    settings.CACHES = UNREACHABLE_CACHE
    client = Client()

    login = client.post(
        reverse("login"), {"username": student.email, "password": PASSWORD}
    )
    dashboard = client.get(reverse("dashboard-student"))
    logout = client.post(reverse("logout"))
    after = client.get(reverse("dashboard-student"))

    assert login.status_code == 302
    assert dashboard.status_code == 200
    assert logout.status_code == 302
    assert after.status_code == 302 and "/login/" in after["Location"]


def test_the_cache_takes_the_database_after_the_brokers():
    assert redis_database_url("redis://redis:6379/0", 1) == "redis://redis:6379/1"
    assert redis_database_url("redis://redis:6379", 1) == "redis://redis:6379/1"
    assert (
        redis_database_url("rediss://:pw@r.internal:6380/3?ssl_cert_reqs=none", 1)
        == "rediss://:pw@r.internal:6380/4?ssl_cert_reqs=none"
    )
