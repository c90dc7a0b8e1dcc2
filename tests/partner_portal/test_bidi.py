"""A person's value inside a sentence is isolated, so a Persian name on an English
page (or a Latin one on a Persian page) cannot reorder the sentence around it."""

import pytest
from django.urls import reverse
from django.utils import translation

from industries.models import UnitManager
from partner_portal.i18n import FSI, PDI
from teams.models import Round
from tests.factories import (
    RoundFactory,
    TrainingSessionFactory,
    UnitFactory,
    UnitManagerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def english(client, name, *args):
    with translation.override("en"):
        url = reverse(name, args=args)
    return client.get(url).content.decode()


def test_a_persian_round_name_is_isolated_in_english_sentences(client, iro):
    RoundFactory(name_fa="پاییز ۱۴۰۵", name_en="", status=Round.Status.OPEN)

    client.force_login(iro)
    office = english(client, "dashboard-iro")
    client.force_login(UserFactory(student=True))
    own = english(client, "dashboard-student")

    assert "<bdi>پاییز ۱۴۰۵</bdi> is open." in office
    assert "<bdi>پاییز ۱۴۰۵</bdi> is open for enrolment." in own


def test_titles_places_and_names_next_to_other_text_are_isolated(client, iro, world):
    session = TrainingSessionFactory(
        round=world.objects["round"], title="ایمنی کارگاه", place="تالار"
    )
    client.force_login(iro)

    attendance = english(client, "teams:session-attendance", session.pk)
    unit = english(client, "industries:unit-detail", world.objects["unit"].pk)

    assert "Attendance: <bdi>ایمنی کارگاه</bdi>" in attendance
    assert "· <bdi>تالار</bdi>" in attendance
    assert "letter <bdi>" in unit


def test_names_in_messages_built_in_python_are_isolated(client, iro):
    link = UnitManagerFactory(
        unit=UnitFactory(name="کاشی طغرود"),
        user=UserFactory(full_name="مریم رستمی", manager=True),
        status=UnitManager.Status.REQUESTED,
    )
    client.force_login(iro)

    with translation.override("en"):
        url = reverse("industries:unit-manager-approve", args=[link.pk])
    response = client.post(url, follow=True)

    assert (
        f"{FSI}مریم رستمی{PDI} now manages {FSI}کاشی طغرود{PDI}."
        in response.content.decode()
    )
