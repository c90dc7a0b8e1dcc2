import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from industries.models import ProblemRequest
from partner_portal.models import Role

PERSONAS = {
    Role.STUDENT: "student",
    Role.PROFESSOR: "supervisor",
    Role.MANAGER: "manager",
    Role.IRO: "iro",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_its_own_dashboard(client, request, role):
    client.force_login(request.getfixturevalue(PERSONAS[role]))

    assert client.get(reverse("dashboard")).url == reverse(f"dashboard-{role}")
    response = client.get(reverse(f"dashboard-{role}"))
    assert response.status_code == 200
    assert f'data-role="{role}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_other_roles_are_refused_a_dashboard(client, request, role):
    for other_role, persona in PERSONAS.items():
        if other_role == role:
            continue
        client.force_login(request.getfixturevalue(persona))
        assert client.get(reverse(f"dashboard-{role}")).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("dashboard-iro"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_person_with_two_roles_sees_links_to_both_dashboards(client, supervisor):
    supervisor.is_iro_staff = True
    supervisor.save()
    client.force_login(supervisor)

    html = client.get(reverse("dashboard-iro")).content.decode()

    assert reverse("dashboard-professor") in html


@pytest.mark.django_db
def test_account_without_role_gets_an_explanation(client, django_user_model):
    user = django_user_model.objects.create_user(
        "nobody@test.example", "x-pass-1405", email_verified_at=timezone.now()
    )
    client.force_login(user)

    response = client.get("/en/dashboard/")

    assert response.status_code == 200
    assert "Your account has no role yet" in response.content.decode()


@pytest.mark.django_db
def test_navigation_shows_each_role_its_own_entries(client, student, iro):
    client.force_login(student)
    student_html = client.get(reverse("dashboard-student")).content.decode()
    client.force_login(iro)
    iro_html = client.get(reverse("dashboard-iro")).content.decode()

    assert reverse("admin:index") not in student_html
    assert reverse("dashboard") in student_html
    assert reverse("dashboard") in iro_html


@pytest.mark.django_db
def test_dashboards_show_each_role_its_work(client, world, iro, manager, student):
    client.force_login(iro)
    iro_page = client.get("/en/dashboard/iro/").content.decode()
    client.force_login(manager)
    manager_page = client.get("/en/dashboard/manager/").content.decode()
    client.force_login(student)
    student_page = client.get("/en/dashboard/student/").content.decode()

    assert "1 problem awaits review" in iro_page
    assert "1 enrolment awaits a decision" in iro_page
    assert "لوازم خانگی پارس قم" in manager_page
    assert "Trained (eligible)" in student_page
    assert "You are eligible for a team and have chosen 1 problem." in student_page


def localised(language, name):
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_manager_dashboard_names_states_as_the_lists_do(
    client, world, manager, language
):
    """One word for a state wherever the manager sees it: the badge's."""
    client.force_login(manager)

    dashboard = client.get(localised(language, "dashboard-manager")).content.decode()
    problems = client.get(localised(language, "industries:problem-list"))

    with translation.override(language):
        approved = str(ProblemRequest.Status.APPROVED.label)
        published = gettext("Published")
    assert approved in problems.content.decode()
    assert '?status=approved">' in dashboard
    assert f'<span class="small text-body-secondary">{approved}</span>' in dashboard
    assert published not in dashboard


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_office_menu_names_the_problem_list_as_its_title(
    client, world, iro, language
):
    client.force_login(iro)
    url = localised(language, "industries:problem-list")

    html = client.get(url).content.decode()

    title = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
    link = re.search(
        r'<a class="dropdown-item" href="%s">(.*?)</a>' % re.escape(url), html
    ).group(1)
    assert link == title
