"""A notification's e-mail is sent once, whatever happens to the broker: a request
never waits on a broker that is down, the sweep sends what could not be queued (or
was lost with the broker), and a second delivery of the task mails nothing."""

import datetime
import socket
import time
from contextlib import contextmanager

import pytest
from django.core import mail
from django.utils import timezone

from partner_portal import broker
from partner_portal.models import Notification
from partner_portal.notifications import (
    notification_email_send,
    notification_emails_sweep,
    notify,
)
from partner_portal.tasks import send_notification_email

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def broker_down():
    """Tasks go to a Redis broker on a port where nothing listens (refused at
    once, as a stopped redis-server is)."""
    from partner_portal.celery import app

    def switch(url, eager):
        app.conf.broker_url = url
        app.conf.task_always_eager = eager
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url, app.conf.task_always_eager
    switch(f"redis://127.0.0.1:{closed_port()}/0", False)
    broker.reset()
    try:
        yield
    finally:
        switch(*before)
        broker.reset()


def made_ago(notification, **delta):
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(**delta)
    )


def accepted(person):
    return notify(
        recipient=person,
        kind="enrolment_accepted",
        params={"round": "پاییز ۱۴۰۵"},
        url="/enrolments/7/",
    )


def test_with_the_broker_down_the_move_is_quick_and_the_sweep_mails_once(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    with broker_down():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            first, second = accepted(student), accepted(student)
        elapsed = time.monotonic() - started

    assert elapsed < 1.5, f"queueing two e-mails took {elapsed:.1f}s"
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    # Too recent for the sweep: the e-mail may still be on its way.
    assert notification_emails_sweep() == 0
    made_ago(first, minutes=3)
    made_ago(second, minutes=3)
    assert notification_emails_sweep() == 2

    assert len(mailoutbox) == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert notification_emails_sweep() == 0
    assert len(mailoutbox) == 2


def test_a_broker_found_down_is_not_tried_again_at_once(student):
    with broker_down():
        assert broker.publish_each(send_notification_email, [(1,)], what="x") == 0
        assert broker.broker_paused()
        started = time.monotonic()
        assert broker.publish_each(send_notification_email, [(2,)], what="x") == 0
        assert time.monotonic() - started < 0.1


def test_a_second_delivery_of_the_task_mails_nothing(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = accepted(student)
    assert len(mailoutbox) == 1

    assert send_notification_email.delay(notification.pk).get() == "skipped"
    assert len(mailoutbox) == 1


def test_a_mail_server_that_fails_gives_the_e_mail_back(
    student, mailoutbox, monkeypatch
):
    notification = accepted(student)  # its e-mail not queued (no commit here)

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refused)
    with pytest.raises(ConnectionRefusedError):
        notification_email_send(notification.pk)
    notification.refresh_from_db()
    assert notification.email_claimed_at is None
    assert notification.emailed_at is None

    monkeypatch.undo()
    assert notification_email_send(notification.pk) == "sent"
    assert len(mailoutbox) == 1


def test_a_live_claim_is_left_alone_and_a_lapsed_one_taken_over(
    student, mailoutbox, settings
):
    notification = accepted(student)
    lease = settings.PORTAL["NOTIFICATION_EMAILS"]["LEASE_SECONDS"]
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=now)

    assert notification_email_send(notification.pk) == "skipped"
    made_ago(notification, minutes=10)
    assert notification_emails_sweep() == 0  # a worker is sending it

    lapsed = now - datetime.timedelta(seconds=lease + 1)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=lapsed)
    assert notification_emails_sweep() == 1
    assert len(mailoutbox) == 1


def test_the_sweep_leaves_old_news_and_what_it_queued_a_moment_ago(
    student, mailoutbox, settings
):
    old, recent = accepted(student), accepted(student)
    made_ago(old, hours=49)
    made_ago(recent, minutes=5)
    Notification.objects.filter(pk=recent.pk).update(email_queued_at=timezone.now())

    assert notification_emails_sweep() == 0
    assert mailoutbox == []
