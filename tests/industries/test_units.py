import pytest
from django.core import mail
from django.urls import reverse

from industries import services
from industries.models import IndustrialUnit, UnitManager
from partner_portal.models import Notification, User
from partner_portal.workflow import audit_trail

pytestmark = pytest.mark.django_db


def unit_data(**overrides):
    from industries.models import Cluster, IndustrialArea

    return {
        "name": "کاشی و سرامیک طغرود",
        "area": IndustrialArea.objects.get(slug="toghrood").pk,
        "cluster": Cluster.objects.get(slug="construction-materials").pk,
        "employees": "۲۵۰",
        "introduced_by": "ministry",
        "referral_number": "۱۴۰۵/۷۷",
        "referral_date": "۱۴۰۵/۰۷/۱۲",
        **overrides,
    }


def test_iro_registers_a_unit_introduced_by_the_ministry(client, iro):
    client.force_login(iro)

    client.post(reverse("industries:unit-create"), unit_data())

    unit = IndustrialUnit.objects.get(name="کاشی و سرامیک طغرود")
    assert unit.employees == 250
    assert unit.referral_date.isoformat() == "2026-10-04"


def test_a_ministry_referral_needs_its_letter(client, iro):
    client.force_login(iro)

    response = client.post(
        "/en/units/new/", unit_data(referral_number="", referral_date="")
    )

    errors = response.context["form"].errors
    assert errors["referral_number"] == [
        "Needed when the Ministry office introduced the unit."
    ]
    assert "referral_date" in errors
    assert not IndustrialUnit.objects.filter(name="کاشی و سرامیک طغرود").exists()


def test_a_manager_edits_their_unit_but_not_its_referral(client, world, manager):
    unit = world.objects["unit"]
    client.force_login(manager)

    client.post(
        reverse("industries:unit-edit", args=[unit.pk]),
        unit_data(name="نام تازه", referral_number="forged"),
    )

    unit.refresh_from_db()
    assert unit.name == "نام تازه"
    assert unit.referral_number != "forged"


def test_iro_adds_a_new_manager_who_is_invited_by_mail(
    client, world, iro, django_capture_on_commit_callbacks
):
    unit = world.objects["unit"]
    client.force_login(iro)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("industries:manager-invite", args=[unit.pk]),
            {
                "full_name": "لیلا مرادی",
                "email": "leila@factory.example",
                "position": "مدیر کیفیت",
                "language": "fa",
            },  # fmt: skip
        )

    user = User.objects.get(email="leila@factory.example")
    assert UnitManager.objects.get(user=user).status == UnitManager.Status.ACTIVE
    assert user.is_industry_manager
    invitation = next(
        m for m in mail.outbox if m.to == [user.email] and "/reset/" in m.body
    )
    assert "سامانه همیار صنعت" in invitation.subject


def test_a_signed_up_manager_asks_to_join_and_iro_approves(
    client, world, iro, django_user_model
):
    newcomer = django_user_model.objects.create_user(
        "new.manager@test.example",
        "x-pass-1405",
        full_name="نوید",
        is_industry_manager=True,
    )
    unit = world.objects["other_unit"]
    client.force_login(newcomer)
    client.post(
        reverse("industries:join-request"),
        {"unit": unit.pk, "position": "مدیر تولید", "message": "لطفاً تأیید کنید"},
    )
    link = UnitManager.objects.get(user=newcomer)
    assert client.get(unit.get_absolute_url()).status_code == 404

    client.force_login(iro)
    client.post(reverse("industries:unit-manager-approve", args=[link.pk]))

    link.refresh_from_db()
    assert link.status == UnitManager.Status.ACTIVE
    assert audit_trail(link).get().actor == iro
    assert Notification.objects.filter(
        recipient=newcomer, kind="unit_access_granted"
    ).exists()
    client.force_login(newcomer)
    assert client.get(unit.get_absolute_url()).status_code == 200


def test_asking_twice_is_refused(client, world, other_unit_manager):
    client.force_login(other_unit_manager)

    response = client.post(
        "/en/units/join/",
        {"unit": world.objects["unit"].pk, "position": "x"},
        follow=True,
    )

    assert "You have already asked to manage this unit." in response.content.decode()
    assert UnitManager.objects.filter(user=other_unit_manager).count() == 2


def test_declining_needs_a_reason_and_tells_the_person(
    client, world, iro, other_unit_manager
):
    link = world.objects["join_request"]
    client.force_login(iro)

    client.post(reverse("industries:unit-manager-reject", args=[link.pk]), {"note": ""})
    link.refresh_from_db()
    assert link.status == UnitManager.Status.REQUESTED

    client.post(
        reverse("industries:unit-manager-reject", args=[link.pk]),
        {"note": "شما در فهرست کارکنان نیستید"},
    )
    link.refresh_from_db()
    assert link.status == UnitManager.Status.REJECTED
    assert Notification.objects.filter(
        recipient=other_unit_manager, kind="unit_access_refused"
    ).exists()


# --- A request declined, cancelled or a manager removed is history, not a wall -------


def test_after_a_declined_request_the_person_may_ask_again(
    world, iro, other_unit_manager
):
    link = world.objects["join_request"]
    services.unit_manager_reject(link=link, actor=iro, note="not on the staff list")

    again = services.unit_join_request(
        user=other_unit_manager, unit=link.unit, position="مدیر فنی"
    )

    assert again.pk != link.pk
    assert again.status == UnitManager.Status.REQUESTED


def test_after_a_declined_request_the_office_may_still_add_the_person(
    world, iro, other_unit_manager
):
    link = world.objects["join_request"]
    services.unit_manager_reject(link=link, actor=iro, note="ask by letter")

    added = services.manager_invite(
        unit=link.unit,
        email=other_unit_manager.email,
        full_name=other_unit_manager.full_name,
        position="مدیر فنی",
        actor=iro,
    )

    assert added.status == UnitManager.Status.ACTIVE
    assert (
        UnitManager.objects.filter(user=other_unit_manager, unit=link.unit).count() == 2
    )


def test_inviting_someone_who_asked_approves_their_request(
    world, iro, other_unit_manager
):
    link = world.objects["join_request"]

    added = services.manager_invite(
        unit=link.unit,
        email=other_unit_manager.email,
        full_name=other_unit_manager.full_name,
        position="",
        actor=iro,
    )

    assert added.pk == link.pk
    assert audit_trail(link).get().to_state == UnitManager.Status.ACTIVE


def test_the_person_may_cancel_their_own_request(client, world, other_unit_manager):
    link = world.objects["join_request"]
    client.force_login(other_unit_manager)

    client.post(reverse("industries:unit-manager-cancel", args=[link.pk]))

    link.refresh_from_db()
    assert link.status == UnitManager.Status.CANCELLED
    assert audit_trail(link).get().actor == other_unit_manager


def test_the_office_removes_a_manager_who_then_loses_access(
    client, world, iro, manager
):
    unit = world.objects["unit"]
    link = UnitManager.objects.get(unit=unit, user=manager)
    client.force_login(iro)

    client.post(reverse("industries:unit-manager-remove", args=[link.pk]))

    link.refresh_from_db()
    assert link.status == UnitManager.Status.REMOVED
    assert audit_trail(link).get().actor == iro
    assert Notification.objects.filter(
        recipient=manager, kind="unit_access_removed"
    ).exists()
    client.force_login(manager)
    assert client.get(unit.get_absolute_url()).status_code == 404


def test_the_unit_page_offers_the_office_to_remove_each_manager(client, world, iro):
    client.force_login(iro)

    page = client.get(world.objects["unit"].get_absolute_url())

    link = UnitManager.objects.get(unit=world.objects["unit"], status="active")
    assert reverse("industries:unit-manager-remove", args=[link.pk]) in (
        page.content.decode()
    )
