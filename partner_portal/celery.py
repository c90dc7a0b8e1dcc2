import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partner_portal.settings")

# DjangoTask gives every task delay_on_commit(): queue only once the data it reads
# has been committed.
app = Celery("partner_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
