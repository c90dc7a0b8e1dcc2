"""The settings module gives the embedded setup by default and switches on the
environment. Each case imports it in a fresh interpreter with a controlled env."""

import json
import os
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
    "debug": s.DEBUG,
}))
"""


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "CELERY_TASK_ALWAYS_EAGER",
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
    assert values["broker"] == "memory://"


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
