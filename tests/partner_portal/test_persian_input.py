"""Names and titles are stored in their Persian form whatever keyboard typed them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from industries.models import IndustrialUnit
from partner_portal.invitations import invitation_create
from partner_portal.models import User
from partner_portal.text import ZWNJ
from teams.models import Student

pytestmark = pytest.mark.django_db


def test_a_unit_typed_on_an_arabic_keyboard_is_stored_in_persian(client, iro, world):
    client.force_login(iro)

    client.post(
        reverse("industries:unit-create"),
        {
            "name": " كاشي  و سراميك طغرود ",
            "area": world.objects["unit"].area_id,
            "cluster": world.objects["unit"].cluster_id,
            "introduced_by": "direct",
            "description": "كاشي كف\r\nكاشي ديوار",
        },
    )

    unit = IndustrialUnit.objects.get(name="کاشی و سرامیک طغرود")
    assert unit.description == "کاشی کف\nکاشی دیوار"


def test_signup_stores_the_name_in_persian_letters(client):
    client.post(
        reverse("signup-student"),
        {
            "full_name": f"علي {ZWNJ}محمدي{ZWNJ}{ZWNJ}نژاد",
            "email": "ali@example.org",
            "password1": "a-long-enough-pass-1405",
            "password2": "a-long-enough-pass-1405",
        },
    )

    assert User.objects.get().full_name == f"علی محمدی{ZWNJ}نژاد"


def test_services_store_names_in_persian_letters_too(iro):
    invitation = invitation_create(
        email="prof@test.example", full_name="مصطفى كريمي", role="professor", actor=iro
    )

    assert invitation.user.full_name == "مصطفی کریمی"


def test_the_student_list_import_reads_arabic_letters_and_digits(client, iro, world):
    client.force_login(iro)
    text = (
        "email,full_name,student_number,field,level,entry_year,weekly_hours\n"
        "a@uni.example,علي كاظمي,٤٠٢٠٠٠٠٠١,مهندسي نرم افزار,msc,١٤٠٢,10\n"
    )

    response = client.post(
        reverse("teams:student-import"),
        {
            "round": world.objects["round"].pk,
            "file": SimpleUploadedFile("s.csv", text.encode("utf-8-sig")),
        },
    )

    assert response.status_code == 302
    student = Student.objects.get(student_number="402000001")
    assert student.user.full_name == "علی کاظمی"
    assert student.field.slug == "software"
