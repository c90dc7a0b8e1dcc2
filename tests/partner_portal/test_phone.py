import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from industries.models import IndustrialUnit
from partner_portal.formfields import (
    PhoneNumberField,
    canonical_phone,
    store_canonical_phones,
)
from partner_portal.models import User
from tests.factories import UnitFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09123456789", "09123456789"),
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "09123456789"),
        ("٠٩١٢-٣٤٥-٦٧٨٩", "09123456789"),
        ("+98 912 345 6789", "09123456789"),
        ("0098 (912) 345-6789", "09123456789"),
        ("912 345 6789", "09123456789"),  # without the leading 0
        ("025 3123 4567", "02531234567"),  # Qom
        ("(۰۲۵) ۳۱۲۳-۴۵۶۷", "02531234567"),
        ("+98 25 3123 4567", "02531234567"),
        ("021-88001122", "02188001122"),  # Tehran
    ],
)
def test_iranian_numbers_are_read_however_they_are_typed(typed, stored):
    assert canonical_phone(typed) == stored
    assert PhoneNumberField(required=False).clean(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "not a phone!!",
        "0912 345 678",  # a digit short
        "0912 345 67890",  # a digit long
        "3123 4567",  # no area code
        "019 3123 4567",  # no such area code
        "025 0123 4567",  # a local number does not start with 0
        "+1 212 555 0100",  # not Iranian
        "0912 345 6789 داخلی ۲",
        "0912+3456789",
    ],
)
def test_anything_else_is_refused_with_a_translated_message(typed):
    from django.utils import translation

    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        PhoneNumberField(required=False).clean(typed)
    assert "شماره همراه" in refused.value.messages[0]
    assert canonical_phone(typed) is None


def test_the_phone_box_is_a_phone_keypad_that_runs_left_to_right():
    html = PhoneNumberField().widget.render("phone", "")

    for attribute in (
        'type="tel"',
        'inputmode="tel"',
        'dir="ltr"',
        'autocomplete="tel"',
    ):
        assert attribute in html


@pytest.mark.django_db
def test_the_model_refuses_a_phone_that_is_not_stored_canonically():
    user = User(email="a@test.example", full_name="علی", phone="۰۹۱۲ ۳۴۵ ۶۷۸۹")

    with pytest.raises(ValidationError) as refused:
        user.full_clean(exclude=["password"])
    assert "phone" in refused.value.message_dict


@pytest.mark.django_db
def test_signup_and_profile_store_the_canonical_number(client):
    client.post(
        reverse("signup-student"),
        {
            "full_name": "سارا محمدی",
            "email": "sara@example.org",
            "phone": "+98 (912) ۳۴۵-۶۷۸۹",
            "password1": "a-long-enough-pass-1405",
            "password2": "a-long-enough-pass-1405",
        },
    )
    user = User.objects.get()
    assert user.phone == "09123456789"

    refused = client.post(
        reverse("profile"),
        {"full_name": "سارا", "phone": "not a phone!!", "preferred_language": "fa"},
    )
    client.post(
        reverse("profile"),
        {"full_name": "سارا", "phone": "۰۲۵ ۳۱۲۳ ۴۵۶۷", "preferred_language": "fa"},
    )

    assert "phone" in refused.context["form"].errors
    user.refresh_from_db()
    assert user.phone == "02531234567"


@pytest.mark.django_db
def test_a_unit_phone_is_stored_canonically_and_shown_in_persian_digits(
    client, world, manager
):
    unit = world.objects["unit"]
    client.force_login(manager)

    client.post(
        reverse("industries:unit-edit", args=[unit.pk]),
        {
            "name": unit.name,
            "area": unit.area_id,
            "cluster": unit.cluster_id,
            "phone": "٠٢٥-٣١٢٣٤٥٦٧",
        },
    )
    unit.refresh_from_db()
    page = client.get(unit.get_absolute_url()).content.decode()

    assert unit.phone == "02531234567"
    assert '<a href="tel:+982531234567" dir="ltr"' in page
    assert "۰۲۵ ۳۱۲۳ ۴۵۶۷" in page


@pytest.mark.django_db
def test_phones_typed_before_the_check_are_rewritten_where_they_read_as_one():
    readable = UnitFactory()
    unreadable = UnitFactory()
    IndustrialUnit.objects.filter(pk=readable.pk).update(phone="۰۲۵-۳۱۲۳۴۵۶۷")
    IndustrialUnit.objects.filter(pk=unreadable.pk).update(phone="not a phone!!")

    store_canonical_phones(IndustrialUnit.objects.all())

    readable.refresh_from_db()
    unreadable.refresh_from_db()
    assert readable.phone == "02531234567"
    assert unreadable.phone == "not a phone!!"
