"""docker-compose.yml cannot be started on the CI machines (no Docker engine); these
checks keep it and the Dockerfile in step with the project."""

import yaml

from tests.services import BASE_DIR


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_the_production_shape():
    services = compose()["services"]

    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert "gunicorn partner_portal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == [
        "celery",
        "-A",
        "partner_portal",
        "worker",
    ]
    assert services["beat"]["command"][:4] == ["celery", "-A", "partner_portal", "beat"]


def test_compose_keeps_database_and_media_in_volumes():
    document = compose()

    assert {"pgdata", "media"} <= set(document["volumes"])
    assert (
        "pgdata:/var/lib/postgresql/data" in document["services"]["postgres"]["volumes"]
    )
    for name in ("web", "worker", "beat"):
        service = document["services"][name]
        assert "media:/app/media" in service["volumes"]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["DEBUG"] == "false"
        assert set(service["depends_on"]) == {"postgres", "redis"}


def test_dockerfile_builds_from_the_locks():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert "FROM python:3.11" in dockerfile
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert "npm ci" in dockerfile
    assert "collectstatic" in dockerfile
