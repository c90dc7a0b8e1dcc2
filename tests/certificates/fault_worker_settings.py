"""Settings for the Celery workers of test_faults.py: the test settings, with the
faults a test switches on through the worker's environment. Production code has no
hooks for them; what is slowed or broken here is wrapped from the outside.

FAULT_DIR             where the worker leaves marks the test reads (required by the
                      two below)
FAULT_RENDER_SLEEP    the first rendering of each certificate (across all the
                      worker's processes) sleeps this many seconds before it renders,
                      after writing ``started-<pk>`` (its process id) into FAULT_DIR:
                      long enough to kill the process mid-render
FAULT_RENDEZVOUS      this many deliveries of ``render_certificate`` for one
                      certificate wait for each other before any of them claims it,
                      so they truly run at the same time
FAULT_TEMPLATE_DIR    a template directory searched first: a test puts a broken
                      ``certificates/pdf/certificate.html`` there
"""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

from partner_portal.settings_test import *  # noqa: F403
from partner_portal.settings_test import TEMPLATES

if os.environ.get("FAULT_TEMPLATE_DIR"):
    TEMPLATES = [
        {
            **TEMPLATES[0],
            "DIRS": [os.environ["FAULT_TEMPLATE_DIR"], *TEMPLATES[0]["DIRS"]],
        }
    ]

RENDER_TASK = "certificates.tasks.render_certificate"


def fault_dir():
    return Path(os.environ["FAULT_DIR"])


def mark(name, text=""):
    """A file in FAULT_DIR that appears whole (written aside, then renamed)."""
    aside = fault_dir() / f".{name}.{os.getpid()}"
    aside.write_text(text)
    os.replace(aside, fault_dir() / name)


def slow_first_rendering(render):
    seconds = float(os.environ["FAULT_RENDER_SLEEP"])

    def slow(certificate):
        try:
            first = os.open(
                fault_dir() / f"first-{certificate.pk}", os.O_CREAT | os.O_EXCL
            )
        except FileExistsError:
            return render(certificate)
        os.close(first)
        mark(f"started-{certificate.pk}", str(os.getpid()))
        time.sleep(seconds)
        return render(certificate)

    slow.faulty = True
    return slow


def rendezvous(certificate_id, task_id, expected, timeout=20):
    mark(f"arrived-{certificate_id}-{task_id}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list(fault_dir().glob(f"arrived-{certificate_id}-*"))) >= expected:
            return
        time.sleep(0.02)
    mark(f"rendezvous-timeout-{certificate_id}-{task_id}")


@task_prerun.connect
def faults(task_id=None, task=None, args=None, **kwargs):
    if task.name != RENDER_TASK:
        return
    if os.environ.get("FAULT_RENDER_SLEEP"):
        from certificates import pdf

        if not getattr(pdf.render_certificate_pdf, "faulty", False):
            pdf.render_certificate_pdf = slow_first_rendering(
                pdf.render_certificate_pdf
            )
    if os.environ.get("FAULT_RENDEZVOUS"):
        rendezvous(args[0], task_id, int(os.environ["FAULT_RENDEZVOUS"]))
