import pytest
from django.urls import reverse

from partner_portal.notifications import notify

pytestmark = pytest.mark.django_db


def test_the_list_reads_in_the_language_of_the_page(client, student):
    notify(
        recipient=student,
        kind="problem_returned",
        params={"title": "پرس", "comment": "داده‌ها را پیوست کنید"},
        url="/problems/1/",
    )
    client.force_login(student)

    english = client.get("/en/notifications/").content.decode()
    persian = client.get("/notifications/").content.decode()

    assert (
        "Your problem “پرس” was returned for changes: داده‌ها را پیوست کنید" in english
    )
    assert "«پرس»" in persian and "داده‌ها را پیوست کنید" in persian


def test_the_unread_count_shows_in_the_navigation_and_clears(client, student):
    for _ in range(3):
        notify(recipient=student, kind="enrolment_accepted", params={"round": "پاییز"})
    client.force_login(student)

    before = client.get(reverse("dashboard-student")).content.decode()
    client.post(reverse("notifications-mark-read"))
    after = client.get(reverse("dashboard-student")).content.decode()

    assert 'text-bg-warning">۳</span>' in before
    assert "text-bg-warning" not in after


def test_the_email_is_in_the_recipients_language_and_links_back(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "en"
    student.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=student,
            kind="enrolment_accepted",
            params={"round": "Autumn 1405"},
            url="/en/enrolments/7/",
        )

    assert mailoutbox[0].subject == "Enrolment accepted: Autumn 1405"
    assert mailoutbox[0].body.endswith("http://testserver/en/enrolments/7/")


def test_an_unknown_kind_is_a_programming_error(student):
    with pytest.raises(ValueError):
        notify(recipient=student, kind="no_such_kind")
