"""Settings of every process of the drills (the command, gunicorn, the worker):
production's, driven by the environment the command sets (DEBUG off, private
PostgreSQL and Redis), except for two things the drills do not exercise:

- static files are not collected for the run: the pages name them unhashed;
- e-mails go to a file (DRILLS_MAIL_LOG), one line each, which the drills count.
"""

from partner_portal.settings import *  # noqa: F403
from partner_portal.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "certificates.drills.mail.EmailBackend"
