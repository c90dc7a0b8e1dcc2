"""Nobody gets a role through an address they do not read.

Anyone may sign up with any address; until the account proves it (a link sent
there), it reaches nothing but its own profile. An invitation grants its role only
through its link, and an account that has not proved its address chooses a new
password there, which shuts out whoever signed up with it.
"""

import hashlib
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from industries.models import UnitManager
from partner_portal.invitations import invitation_create, invitation_for_token
from partner_portal.models import Invitation, User
from partner_portal.verification import verification_token
from teams.models import Professor

pytestmark = pytest.mark.django_db

VICTIM = "leila@factory.example"
ATTACKER_PASSWORD = "attacker-pass-1405"


def link_in(message, marker):
    return next(
        word.removeprefix("http://testserver")
        for word in message.body.split()
        if marker in word
    )


@pytest.fixture
def squatter(client):
    """Someone who signed up as a student with the manager's address."""
    client.post(
        "/en/accounts/signup/student/",
        {
            "full_name": "Mallory",
            "email": VICTIM,
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
        },
    )
    return User.objects.get(email=VICTIM)


def invite_as_manager(iro, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client = Client()
        client.force_login(iro)
        client.post(
            reverse("industries:manager-invite", args=[unit.pk]),
            {
                "full_name": "لیلا مرادی",
                "email": VICTIM,
                "position": "مدیر کیفیت",
                "language": "en",
            },  # fmt: skip
        )
    return next(m for m in mail.outbox if "/accounts/invitation/" in m.body)


def test_a_self_registered_account_cannot_reach_anything_before_proving_its_address(
    client, squatter, world
):
    assert not squatter.email_verified
    for page in ("/en/dashboard/", "/en/enrol/", "/en/choices/", "/en/notifications/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == "/en/accounts/verify/", page
    assert client.get("/en/accounts/profile/").status_code == 200
    assert client.get("/en/catalogue/").status_code == 200


def test_inviting_an_address_someone_squatted_grants_them_nothing(
    client, squatter, world, iro, django_capture_on_commit_callbacks
):
    unit = world.objects["unit"]

    invite_as_manager(iro, unit, django_capture_on_commit_callbacks)

    squatter.refresh_from_db()
    assert not squatter.is_industry_manager
    assert not UnitManager.objects.filter(user=squatter).exists()
    # Logged in with their own password, the squatter still sees nothing of the unit.
    assert client.get(f"/en/units/{unit.pk}/").status_code == 302


def test_the_real_owner_accepts_through_the_link_and_the_squatter_is_shut_out(
    squatter, world, iro, django_capture_on_commit_callbacks
):
    unit = world.objects["unit"]
    message = invite_as_manager(iro, unit, django_capture_on_commit_callbacks)
    owner = Client()

    link = link_in(message, "/accounts/invitation/")
    page = owner.get(link)
    accepted = owner.post(
        link, {"new_password1": "owner-pass-1405", "new_password2": "owner-pass-1405"}
    )

    squatter.refresh_from_db()
    assert page.status_code == 200 and "Choose a password" in page.content.decode()
    assert accepted.status_code == 302
    assert squatter.is_industry_manager and squatter.email_verified
    assert UnitManager.objects.get(user=squatter, unit=unit).status == "active"
    assert owner.get(f"/en/units/{unit.pk}/").status_code == 200
    assert not squatter.check_password(ATTACKER_PASSWORD)
    assert Invitation.objects.get(user=squatter).status == Invitation.Status.ACCEPTED


def test_an_invitation_link_for_a_proved_account_needs_its_owner_logged_in(
    client, world, iro, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email=student.email, full_name="x", role="professor", actor=iro
        )
    link = link_in(mail.outbox[-1], "/accounts/invitation/")
    stranger = Client()
    stranger.force_login(world.person("other_student"))

    anonymous = Client().get(link)
    other = stranger.get(link)
    client.force_login(student)
    client.post(link)

    student.refresh_from_db()
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert other.status_code == 403
    assert student.is_professor


def test_an_expired_invitation_is_sent_again_with_a_new_link(
    world, iro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="new@factory.example", full_name="x", role="manager", actor=iro,
            details={"unit": world.objects["unit"].pk, "position": ""},
        )  # fmt: skip
    old_link = link_in(mail.outbox[-1], "/accounts/invitation/")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    expired = Client().get(f"/en{old_link}")
    office = Client()
    office.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("invitation-resend", args=[invitation.pk]))
    new_link = link_in(mail.outbox[-1], "/accounts/invitation/")

    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert new_link != old_link
    assert Client().get(old_link).status_code == 404
    assert Client().get(new_link).status_code == 200


def test_a_verification_link_works_only_in_the_accounts_own_session(
    client, squatter, world
):
    link = f"/en/accounts/verify/{verification_token(squatter)}/"
    someone_else = Client()
    someone_else.force_login(world.person("other_student"))

    anonymous = Client().post(link)
    someone_else.post(link)
    client.get(link)  # the page, with its button: opening the link confirms nothing
    squatter.refresh_from_db()
    assert "/accounts/login/" in anonymous["Location"]
    assert not squatter.email_verified

    client.post(link)
    squatter.refresh_from_db()
    assert squatter.email_verified


def test_signing_up_sends_the_verification_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/student/",
            {"full_name": "Sara", "email": "sara@uni.example",
             "password1": "a-long-pass-1405", "password2": "a-long-pass-1405"},
        )  # fmt: skip

    link = link_in(mail.outbox[-1], "/accounts/verify/")
    client.post(link)

    assert response["Location"] == "/en/accounts/verify/"
    assert User.objects.get(email="sara@uni.example").email_verified


def test_an_invited_account_without_a_password_can_use_forgot_password(
    world, iro, django_capture_on_commit_callbacks
):
    """An invitation whose link expired no longer strands the person."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="prof@qut.example", full_name="x", role="professor", actor=iro
        )
    person = Client()

    person.post("/en/accounts/password/reset/", {"email": "PROF@qut.example"})
    link = link_in(mail.outbox[-1], "/accounts/password/reset/")
    form_page = person.get(link, follow=True)
    person.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "prof-pass-1405", "new_password2": "prof-pass-1405"},
    )

    invitation.user.refresh_from_db()
    assert invitation.user.has_usable_password()
    assert invitation.user.email_verified
    # The role still comes with the invitation, through its own link.
    assert not invitation.user.is_professor


def test_the_database_keeps_only_a_hash_of_the_invitation_token(
    iro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="prof@qut.example", full_name="x", role="professor", actor=iro
        )
    link = link_in(mail.outbox[-1], "/accounts/invitation/")
    token = re.search(r"/invitation/([^/]+)/", link)[1]

    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values())
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation_for_token(token) == invitation
    assert invitation_for_token(invitation.token_hash) is None


def test_a_professor_is_kept_but_supervises_only_after_accepting(
    client, iro, django_capture_on_commit_callbacks
):
    client.force_login(iro)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("teams:professor-create"),
            {"full_name": "دکتر نیما شریفی", "email": "N.Sharifi@qut.example",
             "department": "عمران", "capacity": "۳", "language": "en"},
        )  # fmt: skip
    professor = Professor.objects.get(user__email="n.sharifi@qut.example")
    assert not professor.user.is_professor

    link = link_in(mail.outbox[-1], "/accounts/invitation/")
    Client().post(link, {"new_password1": "nima-pass-1405",
                         "new_password2": "nima-pass-1405"})  # fmt: skip

    professor.user.refresh_from_db()
    assert professor.user.is_professor and professor.capacity == 3
