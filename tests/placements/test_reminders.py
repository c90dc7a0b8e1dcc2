"""Reminders of overdue steps: to whoever the step waits for, once per step per
day, however often (and however many workers at once) the daily task runs."""

import datetime
import os
import re
import selectors
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from partner_portal.models import Notification
from placements.models import (
    Milestone,
    Placement,
    Reminder,
    SiteVisit,
    SolutionProposal,
)
from placements.reminders import send_reminders
from placements.tasks import remind_overdue_steps
from teams.models import Membership
from tests import factories
from tests.services import BASE_DIR, start_worker

LONG_AGO = datetime.timedelta(days=60)


def overdue_first_visit(placement):
    """Dispatched long ago and never visited."""
    Placement.objects.filter(pk=placement.pk).update(
        dispatched_at=timezone.now() - LONG_AGO
    )


def overdue_proposals(placement):
    """In the proposal stage for long."""
    SiteVisit.objects.create(
        placement=placement, starts_at=timezone.now() - LONG_AGO, place="x",
        attendees="x", findings="x",
    )  # fmt: skip
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.PROPOSAL,
        dispatched_at=timezone.now() - LONG_AGO,
        stage_since=timezone.now() - LONG_AGO,
    )


def overdue_milestones(placement, *statuses):
    """In execution, a milestone of each status a week past its date."""
    SiteVisit.objects.create(
        placement=placement, starts_at=timezone.now() - LONG_AGO, place="x",
        attendees="x", findings="x",
    )  # fmt: skip
    proposal = SolutionProposal.objects.create(
        placement=placement, title="راه‌حل", summary="x", approach="x",
        duration_weeks=4,
    )  # fmt: skip
    milestones = [
        Milestone.objects.create(
            proposal=proposal,
            title=f"گام {i}",
            deliverable="x",
            weeks=1,
            status=status,
            due_on=timezone.localdate() - datetime.timedelta(days=7),
        )  # fmt: skip
        for i, status in enumerate(statuses)
    ]
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.EXECUTION,
        selected_proposal=proposal,
        stage_since=timezone.now() - LONG_AGO,
    )
    return milestones


def reminded():
    """(recipient's e-mail, kind) of every reminder notification, counted."""
    return Counter(
        Notification.objects.filter(kind__startswith="reminder_").values_list(
            "recipient__email", "kind"
        )
    )


@pytest.mark.django_db
def test_nothing_overdue_reminds_no_one(world):
    assert send_reminders() == 0
    assert reminded() == Counter()


@pytest.mark.django_db
def test_a_late_first_visit_reminds_the_students_and_the_units_managers(
    world, django_capture_on_commit_callbacks
):
    overdue_first_visit(world.objects["placement"])

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 2

    assert reminded() == Counter(
        {
            ("student@test.example", "reminder_first_visit"): 1,
            ("manager@test.example", "reminder_first_visit"): 1,
        }
    )
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_late_proposals_remind_the_students_and_the_supervisor(world):
    overdue_proposals(world.objects["other_placement"])

    send_reminders()

    assert reminded() == Counter(
        {
            ("other.student@test.example", "reminder_proposals"): 1,
            ("other.professor@test.example", "reminder_proposals"): 1,
        }
    )


@pytest.mark.django_db
def test_a_late_milestone_reminds_whoever_must_act_on_it(world):
    """Not reported yet: the students; reported, not confirmed: the managers; each
    milestone its own reminder."""
    planned, other_planned, reported, _ = overdue_milestones(
        world.objects["placement"],
        Milestone.Status.PLANNED,
        Milestone.Status.PLANNED,
        Milestone.Status.REPORTED,
        Milestone.Status.CONFIRMED,
    )

    send_reminders()

    assert reminded() == Counter(
        {
            ("student@test.example", "reminder_milestone"): 2,
            ("manager@test.example", "reminder_milestone_confirm"): 1,
        }
    )
    assert set(Reminder.objects.values_list("step", "milestone")) == {
        ("milestone", planned.pk),
        ("milestone", other_planned.pk),
        ("milestone_confirm", reported.pk),
    }
    page = world.objects["placement"].get_absolute_url()
    assert set(
        Notification.objects.filter(kind="reminder_milestone").values_list(
            "url", flat=True
        )
    ) == {f"{page}#milestone-{planned.pk}", f"{page}#milestone-{other_planned.pk}"}


@pytest.mark.django_db
def test_students_who_left_or_were_deactivated_are_not_reminded(world):
    placement = world.objects["placement"]
    overdue_first_visit(placement)
    Membership.objects.filter(team=placement.team).update(
        ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED
    )
    leaving = world.person("student")
    newcomer = factories.EnrolmentFactory(
        round=world.objects["round"],
        student__user__email="newcomer@test.example",
        student__user__is_active=False,
    )
    Membership.objects.create(team=placement.team, enrolment=newcomer)

    send_reminders()

    assert leaving.email not in {email for email, _ in reminded()}
    assert "newcomer@test.example" not in {email for email, _ in reminded()}
    assert reminded() == Counter({("manager@test.example", "reminder_first_visit"): 1})


@pytest.fixture
def everything_late(world):
    overdue_first_visit(world.objects["placement"])
    overdue_proposals(world.objects["other_placement"])


@pytest.mark.django_db
def test_running_again_the_same_day_sends_nothing_more(everything_late):
    first = send_reminders()
    after_first = reminded()

    again = send_reminders()

    assert first == 4
    assert again == 0
    assert reminded() == after_first
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_the_next_day_reminds_again(everything_late, monkeypatch):
    send_reminders()
    today = timezone.localdate()
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, tz=None: today + datetime.timedelta(days=1),
    )

    assert send_reminders() == 4

    assert set(reminded().values()) == {2}
    assert sorted(Reminder.objects.values_list("day", flat=True)) == [
        today,
        today,
        today + datetime.timedelta(days=1),
        today + datetime.timedelta(days=1),
    ]


@pytest.mark.django_db
def test_a_reminder_reads_in_the_recipients_language(
    world, manager, django_capture_on_commit_callbacks
):
    manager.preferred_language = "en"
    manager.save(update_fields=["preferred_language"])
    overdue_first_visit(world.objects["placement"])

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    title = world.objects["team"].problem.title
    assert subjects["manager@test.example"] == (
        f"Reminder: the site visit for \u2068{title}\u2069"
    )
    assert subjects["student@test.example"].startswith("یادآوری")


# --- The task, in a real worker, on its schedule ------------------------------------


@pytest.mark.postgres
def test_the_task_in_real_workers_reminds_once_however_often_it_runs(
    celery_worker, world, tmp_path
):
    """Two workers take four runs queued at once; each step is reminded once."""
    overdue_first_visit(world.objects["placement"])
    overdue_proposals(world.objects["other_placement"])
    second = start_worker(
        queue=celery_worker.queue,
        log_path=tmp_path / "second-worker.log",
        database_settings=connection.settings_dict,
    )
    try:
        runs = [remind_overdue_steps.delay() for _ in range(4)]
        sent = [run.get(timeout=60) for run in runs]
    finally:
        second.stop()

    # Runs at the same time may share the steps out; none sends one twice.
    assert sum(sent) == 4
    assert set(reminded().values()) == {1}
    assert len(reminded()) == 4
    assert Reminder.objects.count() == 2
    # Both workers took runs of the task: the refusals above were real races.
    task = "placements.tasks.remind_overdue_steps"
    for worker in (celery_worker, second):
        assert re.search(rf"Task {task}\[[-0-9a-f]+\] succeeded", worker.log())


def test_the_beat_schedule_names_a_registered_task_of_the_default_queue():
    from partner_portal.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["remind-overdue-steps"]

    assert app.conf.beat_schedule["remind-overdue-steps"] == entry
    assert entry["task"] in app.tasks
    route = app.amqp.router.route({}, entry["task"])
    assert route["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE
    # 08:00 in Tehran: the schedule reads the clock of the portal's time zone.
    assert str(app.timezone) == settings.TIME_ZONE == "Asia/Tehran"
    assert entry["schedule"].hour == {8}


def test_celery_beat_loads_the_schedule(tmp_path):
    """The command that runs in production lists the entry on start."""
    beat = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partner_portal",
            "beat",
            "--loglevel=DEBUG",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            "--pidfile=",
        ],  # fmt: skip
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "partner_portal.settings_test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = read_until(beat, "remind-overdue-steps", timeout=120)
    finally:
        beat.terminate()
        beat.wait(timeout=15)

    assert re.search(
        r"<ScheduleEntry: remind-overdue-steps "
        r"placements\.tasks\.remind_overdue_steps\(\) <crontab: 0 8 \* \* \*",
        output,
    ), output


def read_until(process, text, timeout):
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    output = ""
    deadline = time.monotonic() + timeout
    while text not in output and time.monotonic() < deadline:
        if process.poll() is not None:
            output += process.stdout.read()
            break
        if selector.select(timeout=0.5):
            output += process.stdout.readline()
    return output
