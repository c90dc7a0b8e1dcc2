"""Settings for the Celery workers of test_faults.py: the test settings, with the
faults a test switches on through the worker's environment. Production code has no
hooks for them; what is slowed or broken here is wrapped from the outside.

FAULT_DIR            where the worker leaves marks the test reads (for the others)
FAULT_PAUSE_AT       ``rendering`` or ``stored``: the first rendering of each
                     certificate (across the worker's processes) pauses before
                     WeasyPrint runs, or once its PDF is stored but before it is
                     issued, after marking ``<point>-<code>`` (its process id) in
                     FAULT_DIR: long enough to kill the process there
FAULT_PAUSE_SECONDS  how long it pauses (120)
FAULT_RENDEZVOUS     this many deliveries of ``render_certificate`` for one
                     certificate wait for each other before any of them claims it,
                     so they truly run at the same time
FAULT_TEMPLATE_DIR   a template directory searched first: a test puts a broken
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


def pause_once(point, code):
    """Mark the point and sleep, the first time a process of this worker gets
    there for this certificate."""
    try:
        first = os.open(fault_dir() / f"first-{point}-{code}", os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return
    os.close(first)
    mark(f"{point}-{code}", str(os.getpid()))
    time.sleep(float(os.environ.get("FAULT_PAUSE_SECONDS", "120")))


def pausing_render(render):
    def paused(certificate):
        pause_once("rendering", certificate.code)
        return render(certificate)

    paused.faulty = True
    return paused


def pausing_save(save):
    def paused(name, data):
        stored = save(name, data)
        # Stored names are "certificates/<year>/<code>-<claim>.pdf".
        pause_once("stored", Path(stored).name.split("-")[0])
        return stored

    paused.faulty = True
    return paused


def install_pause(point):
    from certificates import pdf, services

    if point == "rendering" and not hasattr(pdf.render_certificate_pdf, "faulty"):
        pdf.render_certificate_pdf = pausing_render(pdf.render_certificate_pdf)
    if point == "stored" and not hasattr(services.save_pdf, "faulty"):
        services.save_pdf = pausing_save(services.save_pdf)


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
    if os.environ.get("FAULT_PAUSE_AT"):
        install_pause(os.environ["FAULT_PAUSE_AT"])
    if os.environ.get("FAULT_RENDEZVOUS"):
        rendezvous(args[0], task_id, int(os.environ["FAULT_RENDEZVOUS"]))
