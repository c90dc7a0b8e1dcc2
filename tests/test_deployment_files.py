"""docker-compose.yml cannot be started on the CI machines (no Docker engine); these
checks keep it and the Dockerfile in step with the project."""

import re
import shutil
import subprocess

import pytest
import yaml
from django.conf import settings

from tests.services import BASE_DIR

NGINX_CONF = BASE_DIR / "deploy" / "nginx.conf"
PORTAL_SERVICES = ("web", "worker", "worker-documents", "beat")


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_the_production_shape():
    services = compose()["services"]

    assert set(services) == {
        "postgres", "redis", "proxy", "web", "worker", "worker-documents", "beat"
    }  # fmt: skip
    assert (
        "gunicorn -c gunicorn.conf.py partner_portal.wsgi:application"
        in services["web"]["command"]
    )
    for name in ("worker", "worker-documents"):
        assert services[name]["command"][:4] == [
            "celery",
            "-A",
            "partner_portal",
            "worker",
        ]
    assert services["beat"]["command"][:4] == ["celery", "-A", "partner_portal", "beat"]


def test_pdfs_have_their_own_queue_and_worker():
    services = compose()["services"]
    queue = services["web"]["environment"]["CELERY_DOCUMENTS_QUEUE"]

    assert f"--queues={queue}" in services["worker-documents"]["command"]
    assert f"--queues={queue}" not in services["worker"]["command"]
    assert "--queues=portal" in services["worker"]["command"]


def test_only_the_proxy_is_published_and_it_reaches_gunicorn():
    services = compose()["services"]

    assert services["proxy"]["image"].startswith("nginx:")
    assert (
        "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"
        in (services["proxy"]["volumes"])
    )
    assert services["proxy"]["ports"] == ["8000:80"]
    assert "ports" not in services["web"]
    assert "server web:8000;" in NGINX_CONF.read_text()
    assert services["web"]["environment"]["PROXY_COUNT"] == "1"


def nginx_directive(name):
    [value] = re.findall(rf"^\s*{name}\s+([^;]+);", NGINX_CONF.read_text(), re.M)
    return value


def test_the_proxy_refuses_the_bodies_the_portal_refuses():
    size = nginx_directive("client_max_body_size")
    number, unit = int(size[:-1]), size[-1]

    assert unit == "m"
    assert number * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES
    assert number * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_proxy_buffers_compresses_and_passes_the_request_id():
    assert nginx_directive("proxy_request_buffering") == "on"
    assert nginx_directive("proxy_buffering") == "on"
    assert nginx_directive("gzip") == "on"
    types = nginx_directive("gzip_types").split()
    assert {"text/css", "text/javascript", "application/javascript"} <= set(types)
    assert nginx_directive("proxy_set_header X-Request-ID") == "$request_id"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx")
def test_the_proxy_configuration_is_valid_nginx(tmp_path):
    site = tmp_path / "site.conf"
    site.write_text(
        NGINX_CONF.read_text()
        .replace("server web:8000;", "server 127.0.0.1:8000;")
        .replace("listen 80;", "listen 127.0.0.1:8080;")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; include {site}; }}\n"
    )

    result = subprocess.run(  # noqa: S603
        [shutil.which("nginx"), "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr


def test_gunicorn_runs_from_its_configuration_without_an_access_log():
    config = {}
    exec(  # noqa: S102 (our own configuration file)
        (BASE_DIR / "gunicorn.conf.py").read_text(), config
    )

    assert config["accesslog"] is None
    assert config["preload_app"] is True
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["timeout"] <= 30
    assert "-c gunicorn.conf.py" in " ".join(
        compose()["services"]["web"]["command"].split()
    )
    assert '"-c", "gunicorn.conf.py"' in (BASE_DIR / "Dockerfile").read_text()


def test_compose_keeps_database_and_media_in_volumes():
    document = compose()

    assert {"pgdata", "media"} <= set(document["volumes"])
    assert (
        "pgdata:/var/lib/postgresql/data" in document["services"]["postgres"]["volumes"]
    )
    for name in PORTAL_SERVICES:
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
