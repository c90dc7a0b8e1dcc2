"""Settings of the Industry Partner Portal, driven by the environment.

With nothing set, the portal runs embedded: a SQLite file in the project and Celery
tasks executed in-process. ``DATABASE_URL=postgres://...`` switches to PostgreSQL and
``REDIS_URL=redis://...`` to a real broker, result backend and cache.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or list(default)


def database_from_url(url):
    """Turn ``postgres://user:pass@host:port/name?opt=val`` or ``sqlite:///path``
    into a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:])}
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme: {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }


def redis_database_url(url, offset):
    """``url`` with its Redis database number moved on by ``offset``
    (``redis://host:6379/0`` and 1 give ``redis://host:6379/1``)."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{database + offset}"))


# --- Core -----------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off "
            "(for a local demo, run `make demo`, which sets DEBUG=true)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "partner_portal",
    "industries",
    "teams",
    "placements",
    "certificates",
]

MIDDLEWARE = [
    # First: its line per request times the whole stack (partner_portal/request_log.py).
    "partner_portal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a request body (the CSRF check reads the POST).
    "partner_portal.security.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partner_portal.verification.VerifiedEmailMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "partner_portal.security.AccessLogMiddleware",
    # Axes must come last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partner_portal.urls"
WSGI_APPLICATION = "partner_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "partner_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # IMMEDIATE transactions make SQLite take its write lock up front, so the
            # runserver threads of the demo wait for each other instead of failing.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

# --- Authentication -------------------------------------------------------------------

AUTH_USER_MODEL = "partner_portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_DJANGO_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_DJANGO_VALIDATORS}.UserAttributeSimilarityValidator"},
    # Ours only words its messages better in Persian (partner_portal/passwords.py).
    {"NAME": "partner_portal.passwords.MinimumLengthValidator"},
    {"NAME": f"{_DJANGO_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_DJANGO_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "landing"

# Login throttling (partner_portal/security.py): this many failures for one account
# from one address lock it there; LOGIN_ACCOUNT_FAILURE_LIMIT failures from anywhere
# lock the account everywhere until the cool-off ends or a password reset.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_HANDLER = "partner_portal.security.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "partner_portal.security.throttled_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partner_portal.views.login_locked_out"
AXES_VERBOSE = False
# The number of reverse proxies in front of the portal, each appending to
# X-Forwarded-For; 0 means clients connect directly (the address is REMOTE_ADDR).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "partner_portal.security.client_address"

# --- Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
# LOCALE_DIR lets the translation-coverage test extract strings into a scratch copy.
LOCALE_PATHS = [Path(os.environ.get("LOCALE_DIR", BASE_DIR / "locale"))]
FORMAT_MODULE_PATH = ["partner_portal.formats"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Third-party assets come pinned from npm (package-lock.json), never from a CDN.
# Bootstrap's CSS, the icons and the Vazirmatn subsets are built from those packages
# into static/build/ by scripts/build_assets.py (only what the pages use; see the
# README's "Page weight"); Chart.js is served as the package ships it.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by views that check access, never straight from MEDIA_URL.
MEDIA_URL = "/media-not-served-directly/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Any request body, files included: an upload (10 MB) and the rest of its form.
REQUEST_BODY_MAX_BYTES = int(
    os.environ.get("REQUEST_BODY_MAX_BYTES", str(12 * 1024 * 1024))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Certificate PDFs (certificates/storage.py). Any Django storage backend will
    # do, e.g. an S3-compatible one from django-storages, configured here.
    "certificates": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache, Celery --------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every Redis call gives up after a few seconds: a stalled broker must never hang a
# web request.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "3"))

# The cache lives in a Redis database of its own (REDIS_URL's next one, or CACHE_URL),
# never in the broker's: flushing or evicting the cache cannot touch queued tasks.
# Its calls give up sooner than the broker's: a miss costs a query, a wait costs
# the visitor.
CACHE_URL = os.environ.get("CACHE_URL") or (
    redis_database_url(REDIS_URL, 1) if REDIS_URL else ""
)
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))

if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_timeout": CACHE_SOCKET_TIMEOUT,
                "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the database (one query
# less per request than database sessions, and none at all once cached). Django's
# cached_db backend fails a request when the cache cannot be reached; ours falls
# back to the database (partner_portal/sessions.py), and keeps a session in the
# cache at most SESSION_CACHE_SECONDS, so a cache that missed a logout or a change
# while it was unreachable serves the old session no longer than that.
SESSION_ENGINE = "partner_portal.sessions"
SESSION_CACHE_SECONDS = int(os.environ.get("SESSION_CACHE_SECONDS", "600"))

# The in-process broker is named with a host: kombu would warn "No hostname was
# supplied" each time eager tasks (which still take a producer from the pool to
# serialise their arguments) open a connection to a nameless one.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "portal")
# CELERY_DOCUMENTS_QUEUE gives the PDFs (certificates, booklets: seconds of CPU
# each) a queue and workers of their own, so that e-mails never wait behind a batch
# of renderings (docker-compose.yml); unset, every task shares the one queue.
CELERY_DOCUMENTS_QUEUE = os.environ.get("CELERY_DOCUMENTS_QUEUE", "")
CELERY_TASK_ROUTES = (
    {
        "certificates.tasks.render_certificate": {"queue": CELERY_DOCUMENTS_QUEUE},
        "industries.tasks.render_booklet": {"queue": CELERY_DOCUMENTS_QUEUE},
    }
    if CELERY_DOCUMENTS_QUEUE
    else {}
)
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    # A task whose worker died unacknowledged is delivered again after this long.
    "visibility_timeout": 3600,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BEAT_SCHEDULE = {
    # Every morning: remind people of the placement steps that wait on them.
    "remind-overdue-steps": {
        "task": "placements.tasks.remind_overdue_steps",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every minute: certificates signed (or stuck rendering) without their PDF are
    # queued again, so a broker outage at sign-off time loses nothing.
    "sweep-certificates": {
        "task": "certificates.tasks.sweep_certificates",
        "schedule": 60.0,
    },
    # Every minute: booklets requested but not rendered (the broker was down, the
    # worker died) are sent to the worker again.
    "sweep-booklets": {
        "task": "industries.tasks.sweep_booklets",
        "schedule": 60.0,
    },
    # Every minute: notification e-mails not sent (the broker was down or lost
    # them, a worker died) are queued again.
    "sweep-notification-emails": {
        "task": "partner_portal.tasks.sweep_notification_emails",
        "schedule": 60.0,
    },
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}

# --- E-mail ---------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@qut.ac.ir")

# --- Forms ----------------------------------------------------------------------------

FILTERS_EMPTY_CHOICE_LABEL = _("All")
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Off only for a local, plain-http run of the production shape (docker-compose.yml).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline scripts at all: every script is a static file.
        "script-src": [SELF],
        # Bootstrap progress bars and htmx swaps set style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record: time (ISO 8601, offset), level, logger, then the message;
    # the request lines (portal.request) and the security lines are key=value pairs.
    "formatters": {
        "plain": {
            "()": "partner_portal.logformat.Formatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "portal.security": {"level": "INFO"},
        # A line per request; REQUEST_LOG_LEVEL=WARNING silences it.
        "portal.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools report every unsupported CSS property and every
        # font subset at INFO: a line per certificate PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- The program's own settings -------------------------------------------------------

PORTAL = {
    # How long the office's program figures may be served from the cache; every
    # change made through the portal refreshes them at once (0: never cached).
    "FIGURES_CACHE_SECONDS": int(os.environ.get("PORTAL_FIGURES_CACHE_SECONDS", "300")),
    # Initial training sessions a student must attend to become eligible.
    "REQUIRED_TRAINING_SESSIONS": int(
        os.environ.get("REQUIRED_TRAINING_SESSIONS", "2")
    ),
    # Teams one professor may supervise at the same time.
    "PROFESSOR_CAPACITY": int(os.environ.get("PROFESSOR_CAPACITY", "4")),
    "TEAM_MIN_SIZE": 4,
    "TEAM_MAX_SIZE": 6,
    "MAX_INTERESTS": 3,
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    # Days a placement may wait before it is flagged overdue (and reminded daily):
    # no site visit that long after the dispatch; proposals not submitted that long
    # into the proposal stage. A milestone is overdue after its own due date.
    "OVERDUE_DAYS": {
        "first_visit": int(os.environ.get("OVERDUE_FIRST_VISIT_DAYS", "14")),
        "proposals": int(os.environ.get("OVERDUE_PROPOSALS_DAYS", "21")),
    },
    # Days an invitation link (and an e-mail verification link) stays valid.
    "INVITATION_VALID_DAYS": int(os.environ.get("INVITATION_VALID_DAYS", "7")),
    "EMAIL_VERIFICATION_VALID_DAYS": int(
        os.environ.get("EMAIL_VERIFICATION_VALID_DAYS", "3")
    ),
    # Team formation (teams/formation): a suggested team scores
    #   staffed_team + placed_student × members + Σ weight × goal,
    # each goal between 0 and 1 (see teams/formation/__init__.py for the formulas).
    # The staffing rewards dominate, so staffing problems and placing students come
    # before the quality of any one team.
    # Certificates (certificates/services.py): internship credit is the hours a
    # student logged, at most HOURS_PER_WEEK for each week of the placement and at
    # most MAX_HOURS; a worker holds a rendering for RENDER_LEASE_SECONDS before
    # another may take it over; a rendering is tried RENDER_ATTEMPTS times; the
    # sweep re-queues what waited SWEEP_AFTER_SECONDS for its PDF.
    "CERTIFICATES": {
        "HOURS_PER_WEEK": int(os.environ.get("CERTIFICATE_HOURS_PER_WEEK", "40")),
        "MAX_HOURS": int(os.environ.get("CERTIFICATE_MAX_HOURS", "240")),
        "RENDER_LEASE_SECONDS": int(
            os.environ.get("CERTIFICATE_RENDER_LEASE_SECONDS", "120")
        ),
        "RENDER_ATTEMPTS": int(os.environ.get("CERTIFICATE_RENDER_ATTEMPTS", "3")),
        "SWEEP_AFTER_SECONDS": int(
            os.environ.get("CERTIFICATE_SWEEP_AFTER_SECONDS", "120")
        ),
        # Verification pages a visitor may open per minute (by address).
        "VERIFY_PER_MINUTE": int(os.environ.get("CERTIFICATE_VERIFY_PER_MINUTE", "30")),
    },
    # Notification e-mails (partner_portal/notifications.py): the sweep queues again
    # an e-mail not sent SWEEP_AFTER_SECONDS after its notification (or after the
    # sweep last queued it), up to GIVE_UP_HOURS old; a worker holds one it sends
    # for LEASE_SECONDS before another may take it over.
    "NOTIFICATION_EMAILS": {
        "SWEEP_AFTER_SECONDS": int(
            os.environ.get("NOTIFICATION_EMAIL_SWEEP_AFTER_SECONDS", "120")
        ),
        "LEASE_SECONDS": int(os.environ.get("NOTIFICATION_EMAIL_LEASE_SECONDS", "300")),
        "GIVE_UP_HOURS": 48,
    },
    "FORMATION_WEIGHTS": {
        "staffed_team": 10.0,  # per problem that gets a team
        "placed_student": 2.0,  # per student placed in a team
        "coverage": 3.0,  # share of the problem's fields some member studies
        "interest": 2.0,  # members' ranked interest in the problem, per seat
        "interest_ranks": (1.0, 0.6, 0.3),  # what a 1st, 2nd, 3rd choice is worth
        "expertise": 1.5,  # share of the problem's fields the professor knows
        "level_mix": 0.5,  # both BSc and MSc students in the team
        "availability": 1.0,  # members' weekly hours (up to hours_cap), per seat
        "hours_cap": 12,  # weekly hours at which a student is fully available
        "cluster": 0.5,  # members who prefer the problem's cluster, per seat
    },
}

# Where the portal is reached, for links in e-mails and certificate QR codes. Without
# it, the local server on the demo's PORT (`PORT=8001 make demo`).
SITE_URL = os.environ.get("SITE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)

if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks would log a line per task into the web server's console.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
