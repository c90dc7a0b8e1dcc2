"""The settings module gives the embedded setup by default and switches on the
environment. Each case imports it in a fresh interpreter with a controlled env."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from partner_portal.settings import database_from_url
from tests.services import BASE_DIR

PROBE = """
import json
from partner_portal import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION"),
    "debug": s.DEBUG,
    "site_url": s.SITE_URL,
}))
"""


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "CELERY_TASK_ALWAYS_EAGER",
        "SITE_URL", "PORT", "CACHE_URL",
    }}  # fmt: skip
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_is_sqlite_with_tasks_in_process():
    result = load_settings(DEBUG="true")

    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(BASE_DIR / "db.sqlite3")
    assert values["eager"] is True
    assert values["broker"] == "memory://localhost/"
    assert values["site_url"] == "http://127.0.0.1:8000"


def test_database_and_redis_urls_switch_to_the_real_services():
    result = load_settings(
        DEBUG="true",
        DATABASE_URL="postgres://portal:s%40cret@db.internal:5433/portal",
        REDIS_URL="redis://cache.internal:6379/1",
    )

    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "portal"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.internal:6379/1"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    # The cache never shares the broker's database.
    assert values["cache_location"] == "redis://cache.internal:6379/2"


def test_cache_url_names_the_cache_apart_from_the_broker():
    result = load_settings(
        DEBUG="true",
        REDIS_URL="redis://broker.internal:6379/0",
        CACHE_URL="redis://cache.internal:6379/0",
    )

    values = json.loads(result.stdout)
    assert values["broker"] == "redis://broker.internal:6379/0"
    assert values["cache_location"] == "redis://cache.internal:6379/0"


def test_debug_is_off_by_default_and_then_a_secret_key_is_required():
    without_key = load_settings()
    with_key = load_settings(SECRET_KEY="x" * 50)

    assert without_key.returncode != 0
    assert "SECRET_KEY must be set in the environment" in without_key.stderr
    assert json.loads(with_key.stdout)["debug"] is False


def test_database_url_parsing_keeps_credentials_and_options():
    parsed = database_from_url("postgres://u%3Ar:p%40ss@h:5432/db?sslmode=require")

    assert parsed["USER"] == "u:r"
    assert parsed["PASSWORD"] == "p@ss"
    assert (parsed["HOST"], parsed["PORT"], parsed["NAME"]) == ("h", "5432", "db")
    assert parsed["OPTIONS"] == {"sslmode": "require"}


def test_unknown_database_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://u@h/db")


def test_e_mail_links_follow_the_demo_port_unless_site_url_is_set():
    on_8001 = json.loads(load_settings(DEBUG="true", PORT="8001").stdout)
    named = json.loads(
        load_settings(
            DEBUG="true", PORT="8001", SITE_URL="https://portal.example.org"
        ).stdout
    )

    assert on_8001["site_url"] == "http://127.0.0.1:8001"
    assert named["site_url"] == "https://portal.example.org"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_demo_gives_the_server_its_port():
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "demo", "PORT=8123"],  # noqa: S607
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    runserver = [line for line in dry_run.stdout.splitlines() if "runserver" in line]
    assert runserver and "PORT=8123 " in runserver[0]


EAGER_TASK = """
import django
django.setup()
from partner_portal.tasks import ping
print(ping.delay().get())
"""


def test_embedded_tasks_log_no_kombu_hostname_warning():
    env = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="partner_portal.settings")

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", EAGER_TASK],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "pong"
    assert "No hostname was supplied" not in result.stderr
