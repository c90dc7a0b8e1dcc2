"""Two sign-ups with one e-mail address at the same time: one account, and the
other person gets the same message as when the address was already taken."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partner_portal.models import Role, User
from partner_portal.services import user_register
from tests.race import race

TAKEN = "An account with this e-mail address already exists."


def register(email="same@test.example"):
    return user_register(
        email=email, full_name="هم‌نام", password="x-pass-1405", role=Role.STUDENT
    )


@pytest.mark.django_db
def test_registering_a_taken_address_is_refused_with_the_forms_message():
    register()

    with pytest.raises(ValidationError) as refused:
        register("SAME@test.example")

    with translation.override("en"):
        assert refused.value.messages == [TAKEN]
    assert User.objects.filter(email="same@test.example").count() == 1


@pytest.mark.django_db
def test_the_signup_page_shows_the_refusal_next_to_the_address(client, monkeypatch):
    # What the page shows when the other sign-up won the race after the form's check.
    def lose_the_race(**kwargs):
        raise ValidationError(TAKEN, code="duplicate_email")

    monkeypatch.setattr("partner_portal.views.user_register", lose_the_race)

    response = client.post(
        "/en/accounts/signup/student/",
        {
            "full_name": "Sina",
            "email": "sina@test.example",
            "phone": "",
            "password1": "x-pass-1405-long",
            "password2": "x-pass-1405-long",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [TAKEN]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_signups_with_one_address_at_once_make_one_account():
    results = race(register, register)

    assert sorted(outcome for outcome, _value in results) == ["ok", "refused"]
    assert ("refused", [TAKEN]) in results
    assert User.objects.filter(email="same@test.example").count() == 1
