import os

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls a test
# makes around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.reference import load_reference_data  # noqa: E402
from tests.services import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    MISSING_CHECKS,
    REQUIRE_SERVICES,
    start_worker,
)
from tests.world import build_world, make_people  # noqa: E402

# Fixtures that imply a service: a test using one is marked for it automatically.
SERVICE_FIXTURES = {
    "page": "browser",
    "browser": "browser",
    "context": "browser",
    "celery_worker": "redis",
}


# Fixtures that need committed data, hence a transactional database.
TRANSACTIONAL_FIXTURES = {"live_server", "transactional_db", "celery_worker"}


# Before pytest-django's own hook, which runs the transactional tests last: a test
# marked here must be sorted with them, or the tables it empties when it ends would be
# missing their reference data in the ordinary tests after it.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for fixture, marker in SERVICE_FIXTURES.items():
            if fixture in fixtures:
                item.add_marker(marker)
        # A transactional test empties the tables when it ends; the reference_data
        # fixture below puts back what the migrations wrote (towns, clusters,
        # fields). Django's serialized rollback is not used: after a transactional
        # test without it, the content types it would restore already exist again.
        if fixtures & TRANSACTIONAL_FIXTURES and not item.get_closest_marker(
            "django_db"
        ):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for marker, missing in MISSING_CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing()
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # In CI nothing may be skipped: a skip would hide a test that never ran.
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped while PORTAL_REQUIRE_SERVICES=1: {report.longrepr}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been left flushed by the last session's
    final transactional test: the reference data is put back once at the start."""
    from partner_portal.models import FieldOfStudy

    with django_db_blocker.unblock():
        if not FieldOfStudy.objects.exists():
            load_reference_data()


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test starts with the towns, clusters and fields of study that
    the previous one's flush removed (see tests/reference.py)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    load_reference_data()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: the test client leaves the last
    request's language active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


# --- Celery ---------------------------------------------------------------------------


@pytest.fixture
def celery_worker(tmp_path, django_db_blocker):
    """A real `celery worker` process on Redis, reading this run's test database.

    Tasks queued while it runs go through the broker instead of running in-process.
    """
    from django.conf import settings
    from django.db import connection

    from partner_portal.celery import app

    worker = start_worker(
        queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        log_path=tmp_path / "celery-worker.log",
        database_settings=connection.settings_dict,
    )
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()


# --- People and the world they live in ----------------------------------------------


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def world(people):
    return build_world(people)


@pytest.fixture
def full_world(people):
    """The world with a round forming its teams (for the gates that visit every
    page)."""
    return build_world(people, full=True)


@pytest.fixture
def student(people):
    return people["student"]


@pytest.fixture
def other_student(people):
    return people["other_student"]


@pytest.fixture
def supervisor(people):
    return people["supervisor"]


@pytest.fixture
def other_professor(people):
    return people["other_professor"]


@pytest.fixture
def manager(people):
    return people["manager"]


@pytest.fixture
def other_unit_manager(people):
    return people["other_unit_manager"]


@pytest.fixture
def iro(people):
    return people["iro"]


@pytest.fixture(autouse=True)
def program_data_uncached(settings):
    """Tests count afresh: rows made with bulk_create send no signal, so a cached
    count or figure would not see them. The cache itself is tested where a test
    sets FIGURES_CACHE_SECONDS again (tests/partner_portal/test_program_cache.py,
    test_figures.py)."""
    settings.PORTAL = {**settings.PORTAL, "FIGURES_CACHE_SECONDS": 0}
