"""Settings for the test suite: the real settings, with what tests must not touch."""

import os
import tempfile
from uuid import uuid4

os.environ.setdefault("SECRET_KEY", "test-only-not-a-secret")
# One queue per test run, inherited by the workers it starts, so that two runs (or a
# demo worker) on one Redis never take each other's tasks.
os.environ.setdefault("CELERY_QUEUE", f"portal-test-{uuid4().hex[:12]}")

from .settings import *  # noqa: E402, F403
from .settings import env_bool  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "certificates": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One media directory per test run, shared with the workers the tests start (they
# inherit the environment): the PDFs a worker writes are the ones the test reads.
MEDIA_ROOT = os.environ.setdefault(
    "PORTAL_TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="portal-test-media-")
)
SITE_URL = "http://testserver"

# Tasks run in-process unless a test starts a real worker (tests/celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# The live server of browser tests serves static files straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The suite opens the verification pages far more often than a visitor may; the
# rate limit's own test lowers this again.
PORTAL["CERTIFICATES"]["VERIFY_PER_MINUTE"] = 100_000  # noqa: F405

# One cache namespace per test run (shared with the workers it starts, as the queue
# is): two runs on one Redis, or a run beside the demo, never read each other's
# cached figures, sessions or versions.
CACHES["default"]["KEY_PREFIX"] = os.environ["CELERY_QUEUE"]  # noqa: F405
