"""The notifications centre: the list (unread ones apart, a filter, an empty state),
opening one, the badge in the navigation, the e-mail and the per-kind opt-out."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partner_portal.models import Notification, NotificationPreference
from partner_portal.notifications import notify
from partner_portal.tasks import send_notification_email
from tests import factories

pytestmark = pytest.mark.django_db


def enrolment_accepted(person, url="/enrolments/7/"):
    return notify(
        recipient=person,
        kind="enrolment_accepted",
        params={"round": "پاییز ۱۴۰۵"},
        url=url,
    )


def unread(notification):
    notification.refresh_from_db()
    return notification.read_at is None


# --- Opening one ----------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, student):
    opened = enrolment_accepted(student, url="/enrolments/7/")
    other = enrolment_accepted(student)
    client.force_login(student)

    response = client.post(reverse("notification-open", args=[opened.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/enrolments/7/"
    assert not unread(opened)
    assert unread(other)


def test_the_page_opens_in_the_language_of_the_list(client, student):
    """The link was written in the language of whoever made the move."""
    written_in_persian = enrolment_accepted(student, url="/enrolments/7/")
    written_in_english = enrolment_accepted(student, url="/en/enrolments/8/")
    client.force_login(student)

    english = client.post(f"/en/notifications/{written_in_persian.pk}/open/")
    persian = client.post(f"/notifications/{written_in_english.pk}/open/")

    assert english["Location"] == "/en/enrolments/7/"
    assert persian["Location"] == "/enrolments/8/"


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example",
        "https://evil.example",
        "https://evil.example/enrolments/7/",
        "/\\evil.example",
        "javascript:alert(1)",
        "enrolments/7/",
    ],
)
def test_a_link_to_another_site_is_never_followed(client, student, url):
    notification = enrolment_accepted(student, url=url)
    client.force_login(student)

    response = client.post(reverse("notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications")
    assert not unread(notification)


def test_nobody_opens_or_marks_someone_elses_notification(
    client, student, other_student, iro
):
    notification = enrolment_accepted(student)
    for person in (other_student, iro):
        client.force_login(person)

        response = client.post(reverse("notification-open", args=[notification.pk]))

        assert response.status_code == 404
        assert unread(notification)
        assert "پاییز" not in client.get(reverse("notifications")).content.decode()


def test_opening_needs_a_post(client, student):
    notification = enrolment_accepted(student)
    client.force_login(student)

    response = client.get(reverse("notification-open", args=[notification.pk]))

    assert response.status_code == 405
    assert unread(notification)


def test_mark_all_read_marks_only_ones_own(client, student, other_student):
    mine = [enrolment_accepted(student) for _ in range(2)]
    theirs = enrolment_accepted(other_student)
    client.force_login(student)

    client.post(reverse("notifications-mark-read"))

    assert not any(unread(n) for n in mine)
    assert unread(theirs)


# --- The list -------------------------------------------------------------------------


def test_unread_ones_stand_out_and_the_filter_shows_only_them(client, student):
    old = notify(recipient=student, kind="problem_approved", params={"title": "کهنه"})
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    notify(recipient=student, kind="problem_approved", params={"title": "تازه"})
    client.force_login(student)

    everything = client.get("/en/notifications/").content.decode()
    unread_only = client.get("/en/notifications/?show=unread").content.decode()

    assert "کهنه" in everything and "تازه" in everything
    assert "کهنه" not in unread_only and "تازه" in unread_only
    assert everything.count('badge text-bg-primary">New</span>') == 1
    assert re.search(r'<span class="fw-bold">[^<]*\u2068تازه', everything)
    assert not re.search(r'<span class="fw-bold">[^<]*\u2068کهنه', everything)


def test_a_notification_with_a_page_is_opened_by_a_click_on_it(client, student):
    notification = enrolment_accepted(student)
    client.force_login(student)

    page = client.get(reverse("notifications")).content.decode()

    assert f'action="{reverse("notification-open", args=[notification.pk])}"' in page
    assert 'href="/enrolments/7/"' not in page  # always through the open view


def test_the_empty_list_says_so(client, student):
    client.force_login(student)

    nothing = client.get("/en/notifications/").content.decode()
    enrolment_accepted(student)
    client.post(reverse("notifications-mark-read"))
    none_unread = client.get("/en/notifications/?show=unread").content.decode()

    assert "You have no notifications yet." in nothing
    assert "No unread notifications: you are up to date." in none_unread


def test_the_list_links_to_the_settings(client, student):
    client.force_login(student)

    page = client.get(reverse("notifications")).content.decode()
    profile = client.get(reverse("profile")).content.decode()

    assert f'href="{reverse("notification-settings")}"' in page
    assert f'href="{reverse("notification-settings")}"' in profile


# --- The badge in the navigation ------------------------------------------------------


def test_the_badge_says_what_it_counts_to_a_screen_reader(client, student):
    for _ in range(2):
        enrolment_accepted(student)
    client.force_login(student)

    page = client.get("/en/accounts/profile/").content.decode()

    assert (
        '<span class="badge text-bg-warning">2<span class="visually-hidden"> '
        "unread notifications</span></span>" in page
    )


def test_the_badge_costs_one_query(client, student):
    for _ in range(3):
        enrolment_accepted(student)
    client.force_login(student)

    with CaptureQueriesContext(connection) as on_profile:
        client.get(reverse("profile"))
    with CaptureQueriesContext(connection) as on_list:
        client.get(reverse("notifications"))

    def counts(queries):
        return [
            q["sql"]
            for q in queries
            if "partner_portal_notification" in q["sql"] and "COUNT(" in q["sql"]
        ]

    assert len(counts(on_profile)) == 1
    # The list shows the same number in its filter: still asked once (the
    # paginator's count of the page is the other one).
    assert len(counts(on_list)) == 2


# --- The e-mail -----------------------------------------------------------------------


def mailed(mailoutbox, django_capture_on_commit_callbacks, **kwargs):
    """notify() and the e-mail task, run by the eager worker after the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(**kwargs)
    return notification, mailoutbox


def test_the_email_has_an_html_part_right_to_left_in_persian(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    mailed(
        mailoutbox,
        django_capture_on_commit_callbacks,
        recipient=student,
        kind="problem_returned",
        params={"title": "پرس <b>", "comment": "پیوست کنید"},
        url="/en/problems/3/",
    )

    message = mailoutbox[0]
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert '<html lang="fa" dir="rtl">' in html
    assert 'href="http://testserver/problems/3/"' in html  # in the reader's language
    assert 'href="http://testserver/notifications/settings/"' in html
    assert "پرس &lt;b&gt;" in html  # a typed value is text, not markup
    assert "http://testserver/problems/3/" in message.body
    assert "http://testserver/notifications/settings/" in message.body
    assert "برای اصلاح به شما بازگردانده شد" in message.body
    assert "برای اصلاح به شما بازگردانده شد" in html


def test_the_email_is_left_to_right_in_english(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "en"
    student.save()

    mailed(
        mailoutbox,
        django_capture_on_commit_callbacks,
        recipient=student,
        kind="enrolment_accepted",
        params={"round": "Autumn 1405"},
        url="/enrolments/9/",
    )

    html = mailoutbox[0].alternatives[0][0]
    assert '<html lang="en" dir="ltr">' in html
    assert 'href="http://testserver/en/enrolments/9/"' in html
    assert 'href="http://testserver/en/notifications/settings/"' in html
    assert ">Open the page</a>" in html


def test_a_notification_without_a_page_is_mailed_without_a_button(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    mailed(
        mailoutbox,
        django_capture_on_commit_callbacks,
        recipient=student,
        kind="unit_access_removed",
        params={"unit": "کاشی"},
    )

    html = mailoutbox[0].alternatives[0][0]
    assert "باز کردن صفحه" not in html
    assert 'href="http://testserver/notifications/settings/"' in html


# --- Choosing what comes by e-mail ----------------------------------------------------


def settings_form(client, person):
    client.force_login(person)
    return client.get(reverse("notification-settings")).context["form"]


def offered(form):
    """{kind: the checkbox group (form field) it is in}"""
    return {
        kind: field_name
        for field_name, field in form.fields.items()
        for kind, _label in field.choices
    }


def ticked(form, kinds):
    """The POST data that keeps exactly ``kinds`` e-mailed."""
    data = {}
    for kind, field_name in offered(form).items():
        if kind in kinds:
            data.setdefault(field_name, []).append(kind)
    return data


def test_a_muted_kind_is_not_mailed_and_the_others_are(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    form = settings_form(client, student)
    kept = set(offered(form)) - {"enrolment_accepted"}

    response = client.post(reverse("notification-settings"), ticked(form, kept))
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_accepted(student)
        notify(
            recipient=student,
            kind="enrolment_rejected",
            params={"round": "پاییز", "comment": "ظرفیت پر است"},
            url="/enrolments/7/",
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "پذیرفته نشد" in mailoutbox[0].subject
    # The in-app notification is stored all the same.
    assert student.notifications.filter(kind="enrolment_accepted").exists()


def test_a_kind_muted_after_the_move_is_not_mailed_either(student, mailoutbox):
    """The preference is read when the worker sends, not when the move is made."""
    notification = enrolment_accepted(student)
    NotificationPreference.objects.create(
        user=student, kind="enrolment_accepted", email=False
    )

    send_notification_email.delay(notification.pk)

    assert mailoutbox == []


def test_someone_elses_choice_changes_nothing_for_me(
    student, other_student, mailoutbox
):
    NotificationPreference.objects.create(
        user=other_student, kind="enrolment_accepted", email=False
    )

    send_notification_email.delay(enrolment_accepted(student).pk)

    assert len(mailoutbox) == 1


def test_the_settings_offer_the_kinds_of_ones_roles(client, student, iro, manager):
    def kinds(person):
        return set(offered(settings_form(client, person)))

    both = factories.UserFactory(student=True, iro=True)

    assert "enrolment_accepted" in kinds(student)
    assert "problem_submitted" not in kinds(student)
    assert "problem_submitted" in kinds(iro)
    assert "enrolment_accepted" not in kinds(iro)
    assert "proposals_submitted" in kinds(manager)
    assert kinds(both) == kinds(student) | kinds(iro)


def test_the_kinds_are_grouped_by_topic(client, student):
    form = settings_form(client, student)
    page = client.get("/en/notifications/settings/").content.decode()

    assert offered(form)["reminder_milestone"] == "emailed_reminders"
    assert offered(form)["enrolment_accepted"] == "emailed_teams"
    assert "<legend" in page and "Reminders of late steps" in page
    assert "My enrolment is accepted" in page


def test_saving_the_settings_keeps_them_and_says_so(client, student):
    form = settings_form(client, student)

    response = client.post(
        "/en/notifications/settings/",
        ticked(form, {"certificate_issued", "team_confirmed"}),
        follow=True,
    )
    saved = response.context["form"]

    def email(kind):
        return NotificationPreference.objects.get(user=student, kind=kind).email

    assert "Your notification settings have been saved." in response.content.decode()
    assert saved.initial["emailed_certificates"] == ["certificate_issued"]
    assert saved.initial["emailed_teams"] == ["team_confirmed"]
    assert saved.initial["emailed_reminders"] == []
    assert email("enrolment_accepted") is False
    assert email("certificate_issued") is True


def test_a_kind_that_is_not_offered_cannot_be_chosen(client, student):
    client.force_login(student)

    response = client.post(
        reverse("notification-settings"), {"emailed_teams": ["problem_submitted"]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.filter(user=student).exists()


# --- Query counts ---------------------------------------------------------------------


def many_notifications(person, n):
    Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind="problem_returned",
            params={"title": f"مسئله {i}", "comment": "x"},
            url="/problems/1/",
        )  # fmt: skip
        for i in range(n)
    )


@pytest.mark.parametrize(
    "url",
    [
        reverse("notifications"),
        reverse("notifications") + "?show=unread",
        reverse("notification-settings"),
    ],
)
def test_the_pages_ask_the_same_number_of_queries_for_5_and_50(
    client, student, url, django_assert_max_num_queries
):
    client.force_login(student)

    many_notifications(student, 5)
    with CaptureQueriesContext(connection) as with_5:
        assert client.get(url).status_code == 200
    many_notifications(student, 45)
    NotificationPreference.objects.create(
        user=student, kind="enrolment_accepted", email=False
    )
    with django_assert_max_num_queries(len(with_5)):
        assert client.get(url).status_code == 200

    assert len(with_5) <= 5
