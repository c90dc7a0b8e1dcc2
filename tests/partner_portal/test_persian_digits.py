"""Every number a Persian page shows is in Persian digits, error messages included:
Django's own validators, the portal's messages and the examples in them."""

import re

import pytest
from django.urls import reverse

from partner_portal.models import FieldOfStudy
from teams.models import Round
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

LATIN_DIGIT = re.compile(r"[0-9]")
# The texts of the field errors, as crispy renders them, and of the summary of
# all errors above the form (templates/partials/form_errors.html).
ERROR_BLOCKS = re.compile(
    r'<(?:div|span) id="[^"]*_error" class="invalid-feedback[^"]*">(.*?)</div>'
    r"|<div [^>]*data-error-summary>(.*?)</div>",
    re.DOTALL,
)


def error_texts(response):
    html = response.content.decode()
    texts = [
        re.sub(r"<[^>]+>", " ", "".join(match)) for match in ERROR_BLOCKS.findall(html)
    ]
    assert texts, "no error was shown"
    return texts


def assert_persian_digits_only(response, *expected):
    texts = error_texts(response)
    for text in texts:
        assert not LATIN_DIGIT.search(text), text
    joined = " ".join(texts)
    for number in expected:
        assert number in joined, joined


def test_enrolment_errors_are_in_persian_digits(client, student):
    RoundFactory(status=Round.Status.OPEN)
    client.force_login(student)

    response = client.post(
        reverse("teams:enrol"),
        {
            "student_number": "۴۰۰۱۲۳۴۵۶",
            "field": FieldOfStudy.objects.get(slug="mechanical").pk,
            "level": "bsc",
            "entry_year": "۱۴۰۱",
            "weekly_hours": "۰",
            "motivation": "x" * 10000,
        },
    )

    # «(برای ۱۴۰۱: ۴۰۱…)», «بزرگتر یا مساوی ۱»
    assert_persian_digits_only(response, "۱۴۰۱", "۴۰۱", "۱")


def test_django_validator_messages_are_in_persian_digits(client, manager, world):
    client.force_login(manager)

    response = client.post(
        reverse("industries:problem-create"),
        {
            "unit": world.objects["unit"].pk,
            "title": "ت" * 10000,
            "description": "شرح",
            "fields_needed": [FieldOfStudy.objects.get(slug="mechanical").pk],
            "desired_team_size": "5",
            "urgency": "medium",
            "duration_weeks": "۹۹",
        },
    )

    # «حداکثر ۲۰۰ کاراکتر (طولش ۱۰۰۰۰ است)», «کوچکتر یا مساوی ۵۲»
    assert_persian_digits_only(response, "۲۰۰", "۱۰۰۰۰", "۵۲")


def test_session_unit_and_professor_errors_are_in_persian_digits(client, iro, world):
    client.force_login(iro)

    session = client.post(
        reverse("teams:session-create"),
        {
            "round": world.objects["round"].pk,
            "title": "جلسه",
            "starts_at": "۱۴۰۵/۰۸/۳۰ ساعت دو",
            "place": "تالار",
            "capacity": "۵۰۰۰",
        },
    )
    unit = client.post(
        reverse("industries:unit-create"),
        {
            "name": "واحد",
            "area": world.objects["unit"].area_id,
            "cluster": world.objects["unit"].cluster_id,
            "employees": "0",
            "introduced_by": "direct",
        },
    )
    professor = client.post(
        reverse("teams:professor-create"),
        {
            "full_name": "استاد",
            "email": "prof@test.example",
            "department": "برق",
            "capacity": "11",
            "language": "fa",
        },
    )

    # «۱۴۰۵/۰۸/۳۰ ۱۴:۳۰» in the example, «۱۰۰۰», «۱», «۱۰»
    assert_persian_digits_only(session, "۱۴:۳۰", "۱۰۰۰")
    assert_persian_digits_only(unit, "۱")
    assert_persian_digits_only(professor, "۱۰")


def test_a_password_too_short_is_explained_in_persian_digits(client):
    response = client.post(
        reverse("signup-student"),
        {
            "full_name": "سارا",
            "email": "sara@example.org",
            "password1": "k3x",
            "password2": "k3x",
        },
    )

    for text in error_texts(response):
        assert not LATIN_DIGIT.search(text), text


def test_english_pages_keep_latin_digits(client, manager, world):
    client.force_login(manager)

    response = client.post(
        "/en/problems/new/",
        {"unit": world.objects["unit"].pk, "title": "t" * 300, "duration_weeks": "99"},
    )

    joined = " ".join(error_texts(response))
    assert "200" in joined and "300" in joined and "52" in joined


def test_codes_and_addresses_in_a_message_keep_their_digits():
    from django.utils import translation

    from partner_portal.i18n import local_digits_in_text

    with translation.override("fa"):
        assert local_digits_in_text("فایل UTF-8 نیست؛ 12 سطر") == (
            "فایل UTF-8 نیست؛ ۱۲ سطر"
        )
        assert local_digits_in_text("به ali2@example.org در 14:30") == (
            "به ali2@example.org در ۱۴:۳۰"
        )


def project_forms():
    import importlib

    from django import forms

    for module in ("partner_portal.forms", "teams.forms", "teams.importing",
                   "industries.forms"):  # fmt: skip
        importlib.import_module(module)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] in {"partner_portal", "teams",
                                                     "industries"}:  # fmt: skip
                found.add(subclass)
    return found


def test_every_form_of_the_portal_shows_errors_in_the_readers_digits():
    from partner_portal.forms import PersianInputMixin

    forms = project_forms()

    assert len(forms) > 20
    assert [f.__name__ for f in forms if not issubclass(f, PersianInputMixin)] == []
