import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partner_portal.models import User
from tests.factories import PASSWORD


def signup_data(**overrides):
    return {
        "full_name": "سارا محمدی",
        "email": "Sara@Example.org",
        "phone": "09120000000",
        "password1": "a-long-enough-pass-1405",
        "password2": "a-long-enough-pass-1405",
        **overrides,
    }


@pytest.mark.django_db
def test_student_signs_up_and_is_logged_in_with_the_student_role(client):
    response = client.post(reverse("signup-student"), signup_data())

    user = User.objects.get()
    assert response.status_code == 302
    assert user.email == "sara@example.org"
    assert user.roles == ["student"]
    assert user.preferred_language == "fa"
    # Logged in, but the student dashboard waits until the address is proved.
    assert response["Location"] == reverse("email-verify")
    assert client.get(reverse("dashboard-student"))["Location"] == reverse(
        "email-verify"
    )
    User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    assert client.get(reverse("dashboard-student")).status_code == 200


@pytest.mark.django_db
def test_manager_signs_up_in_english_and_keeps_the_language(client):
    client.post("/en/accounts/signup/manager/", signup_data())

    user = User.objects.get()
    assert user.roles == ["manager"]
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_signup_with_a_taken_email_is_refused_next_to_the_field(client, student):
    before = User.objects.count()

    response = client.post(
        "/en/accounts/signup/student/", signup_data(email=student.email.upper())
    )

    assert response.status_code == 200
    assert (
        "An account with this e-mail address already exists."
        in (response.context["form"].errors["email"])
    )
    assert User.objects.count() == before


@pytest.mark.django_db
def test_login_with_email_in_any_case(client, student):
    response = client.post(
        reverse("login"), {"username": student.email.upper(), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_translated_message(client, student):
    response = client.post(
        "/en/accounts/login/", {"username": student.email, "password": "wrong"}
    )

    assert response.status_code == 200
    assert (
        "Please enter a correct e-mail address and password"
        in response.content.decode()
    )


@pytest.mark.django_db
def test_logout_is_a_post(client, student):
    client.force_login(student)

    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_mails_a_working_link(client, student):
    client.post(reverse("password_reset"), {"email": student.email})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "brand-new-pass-1405",
            "new_password2": "brand-new-pass-1405",
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("brand-new-pass-1405")


@pytest.mark.django_db
def test_password_change(client, student):
    client.force_login(student)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-pass-1405",
            "new_password2": "another-pass-1405",
        },
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("another-pass-1405")


@pytest.mark.django_db
def test_profile_changes_the_preferred_language(client, student):
    client.force_login(student)

    client.post(
        reverse("profile"),
        {"full_name": student.full_name, "phone": "", "preferred_language": "en"},
    )

    student.refresh_from_db()
    assert student.preferred_language == "en"
