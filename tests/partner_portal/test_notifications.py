import pytest
from django.urls import reverse

from partner_portal.i18n import FSI, PDI
from partner_portal.models import Notification
from partner_portal.notifications import notification_text, notify
from teams.models import Enrolment
from teams.services import enrolment_accept
from tests.factories import EnrolmentFactory, RoundFactory

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
        "Your problem “\u2068پرس\u2069” was returned for changes: "
        "\u2068داده‌ها را پیوست کنید\u2069" in english
    )
    assert "«\u2068پرس\u2069»" in persian and "داده‌ها را پیوست کنید" in persian


def test_the_unread_count_shows_in_the_navigation_and_clears(client, student):
    for _ in range(3):
        notify(recipient=student, kind="enrolment_accepted", params={"round": "پاییز"})
    client.force_login(student)

    before = client.get(reverse("dashboard-student")).content.decode()
    client.post(reverse("notifications-mark-read"))
    after = client.get(reverse("dashboard-student")).content.decode()

    assert (
        'text-bg-warning">۳<span class="visually-hidden"> اعلان خوانده‌نشده</span>'
        in before
    )
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

    assert mailoutbox[0].subject == "Enrolment accepted: \u2068Autumn 1405\u2069"
    assert "Open the page that needs you:\nhttp://testserver/en/enrolments/7/\n" in (
        mailoutbox[0].body
    )


def test_an_unknown_kind_is_a_programming_error(student):
    with pytest.raises(ValueError):
        notify(recipient=student, kind="no_such_kind")


def test_each_value_is_isolated_so_a_persian_title_keeps_its_place(student):
    from django.utils import translation

    notification = notify(
        recipient=student,
        kind="problem_submitted",
        params={"title": "کاهش ضایعات", "unit": "کاشی طغرود"},
    )

    with translation.override("en"):
        assert notification_text(notification) == (
            f"A problem awaits review: “{FSI}کاهش ضایعات{PDI}” "
            f"from {FSI}کاشی طغرود{PDI}."
        )


def test_a_round_is_named_in_the_language_the_notification_is_read_in(
    client, student, iro
):
    round_ = RoundFactory(name_fa="پاییز ۱۴۰۵", name_en="Autumn 1405")
    enrolment = EnrolmentFactory(student__user=student, round=round_)

    enrolment_accept(enrolment=enrolment, actor=iro)
    client.force_login(student)
    english = client.get("/en/notifications/").content.decode()
    persian = client.get("/notifications/").content.decode()

    assert f"Your enrolment in {FSI}Autumn 1405{PDI} was accepted" in english
    assert "پاییز" not in english
    assert f"{FSI}پاییز ۱۴۰۵{PDI}" in persian
    assert Enrolment.objects.get(pk=enrolment.pk).status == "accepted"


def test_notifications_stored_before_keep_reading(student):
    from django.utils import translation

    old = Notification.objects.create(
        recipient=student, kind="enrolment_accepted", params={"round": "پاییز"}
    )
    broken = Notification.objects.create(
        recipient=student, kind="enrolment_accepted", params=["not", "a", "dict"]
    )

    with translation.override("en"):
        assert f"Your enrolment in {FSI}پاییز{PDI} was accepted" in (
            notification_text(old)
        )
        assert notification_text(broken).startswith("Your enrolment in %(round)s")
