import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from industries import services
from industries.models import IndustrialUnit, UnitManager
from partner_portal.invitations import invitation_accept
from partner_portal.models import Notification, User
from partner_portal.workflow import audit_trail
from tests.factories import UnitFactory

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
        unit_data(address="شهرک شکوهیه، خیابان ۳", referral_number="forged"),
    )

    unit.refresh_from_db()
    assert unit.address == "شهرک شکوهیه، خیابان ۳"
    assert unit.referral_number != "forged"


def test_a_manager_cannot_rename_or_move_their_unit(client, world, manager):
    unit = world.objects["unit"]
    before = (unit.name, unit.area_id, unit.cluster_id)
    client.force_login(manager)
    url = reverse("industries:unit-edit", args=[unit.pk])

    page = client.get("/en" + url).content.decode()
    client.post(url, unit_data(name="نام تازه", address="نشانی تازه"))

    unit.refresh_from_db()
    assert (unit.name, unit.area_id, unit.cluster_id) == before
    assert unit.address == "نشانی تازه"
    assert unit.name in page
    assert "ask the Industry Relations Office" in page
    assert 'name="name"' not in page


def test_iro_still_renames_a_unit(client, world, iro):
    unit = world.objects["unit"]
    client.force_login(iro)

    client.post(
        reverse("industries:unit-edit", args=[unit.pk]), unit_data(name="نام تازه")
    )

    unit.refresh_from_db()
    assert unit.name == "نام تازه"


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
    # Nothing is granted before the invitee accepts through the mailed link.
    assert not UnitManager.objects.filter(user=user).exists()
    assert not user.is_industry_manager
    invitation = next(
        m for m in mail.outbox if m.to == [user.email] and "/invitation/" in m.body
    )
    assert "سامانه همیار صنعت" in invitation.subject
    link = next(w for w in invitation.body.split() if "/invitation/" in w)
    page = client.get(unit.get_absolute_url())
    assert "leila@factory.example" in page.content.decode()  # listed as invited

    client.logout()
    client.post(
        link.removeprefix("http://testserver"),
        {"new_password1": "leila-pass-1405", "new_password2": "leila-pass-1405"},
    )

    user.refresh_from_db()
    assert UnitManager.objects.get(user=user).status == UnitManager.Status.ACTIVE
    assert user.is_industry_manager and user.email_verified


def test_a_signed_up_manager_asks_to_join_and_iro_approves(
    client, world, iro, django_user_model
):
    newcomer = django_user_model.objects.create_user(
        "new.manager@test.example",
        "x-pass-1405",
        full_name="نوید",
        is_industry_manager=True,
        email_verified_at=timezone.now(),
    )
    unit = world.objects["other_unit"]
    client.force_login(newcomer)
    client.post(
        reverse("industries:join-request"),
        {
            "unit_name": unit.name,
            "position": "مدیر تولید",
            "message": "لطفاً تأیید کنید",
        },
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
        {"unit_name": world.objects["unit"].name, "position": "x"},
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

    invitation = services.manager_invite(
        unit=link.unit,
        email=other_unit_manager.email,
        full_name=other_unit_manager.full_name,
        position="مدیر فنی",
        actor=iro,
    )
    invitation_accept(invitation=invitation, person=other_unit_manager)

    added = UnitManager.objects.get(
        user=other_unit_manager, unit=link.unit, status=UnitManager.Status.ACTIVE
    )
    assert added.position == "مدیر فنی"
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


@pytest.fixture
def newcomer(django_user_model):
    return django_user_model.objects.create_user(
        "new.manager@test.example",
        "x-pass-1405",
        full_name="نوید",
        is_industry_manager=True,
        email_verified_at=timezone.now(),
    )


def ask_to_join(client, **data):
    return client.post("/en/units/join/", {"position": "مدیر", **data})


def test_a_new_manager_is_not_shown_the_list_of_units(client, world, newcomer):
    client.force_login(newcomer)

    html = client.get("/en/units/join/").content.decode()

    assert world.objects["unit"].name not in html
    assert world.objects["other_unit"].name not in html
    assert "<select" not in html


@pytest.mark.parametrize(
    "typed",
    [
        "لوازم خانگي پارس قم",  # Arabic yeh
        "لوازم‌خانگی  پارس قم ",  # ZWNJ, double space, trailing space
        "لوازمخانگی پارسقم",  # no spaces at all
    ],
)
def test_the_unit_is_found_by_its_name_as_people_type_it(
    client, world, newcomer, typed
):
    client.force_login(newcomer)

    ask_to_join(client, unit_name=typed)

    assert UnitManager.objects.get(user=newcomer).unit == world.objects["unit"]


def test_a_name_that_matches_no_unit_is_refused_clearly(client, world, newcomer):
    client.force_login(newcomer)

    response = ask_to_join(client, unit_name="لوازم خانگی")  # only a part

    assert "No registered unit has this name" in str(response.context["form"].errors)
    assert not UnitManager.objects.filter(user=newcomer).exists()


def test_two_units_of_one_name_need_the_referral_number(client, world, newcomer):
    twin = UnitFactory(name="لوازم خانگی پارس قم", referral_number="۱۴۰۵/۹۹۹")
    client.force_login(newcomer)

    ambiguous = ask_to_join(client, unit_name="لوازم خانگی پارس قم")
    precise = ask_to_join(
        client, unit_name="لوازم خانگی پارس قم", referral_number="1405/999"
    )

    assert "Several registered units have this name" in str(
        ambiguous.context["form"].errors
    )
    assert precise.status_code == 302
    assert UnitManager.objects.get(user=newcomer).unit == twin
