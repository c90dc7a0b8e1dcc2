"""Team formation: the office's workspace for a round, and a team's own page."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from industries.models import ProblemRequest
from partner_portal.access import role_required
from partner_portal.exports import Column, choice_column, export_response
from partner_portal.formfields import parse_id
from partner_portal.i18n import local_digits
from partner_portal.models import FieldOfStudy, Role
from partner_portal.views_helpers import make_move, run_service
from partner_portal.workflow import audit_trail

from .. import formation, formation_services
from ..models import (
    Enrolment,
    Membership,
    Professor,
    Round,
    Team,
    rank_label,
    team_size_limits,
)
from ..permissions import get_team_for_user, takes_part_in


def workspace_teams(round):
    """The round's teams the office still shapes or has confirmed, with all the
    page shows of them, in a fixed number of queries."""
    members = Membership.objects.current().select_related(
        "enrolment__student__user", "enrolment__student__field"
    )
    return (
        Team.objects.filter(round=round)
        .exclude(status=Team.Status.DISSOLVED)
        .select_related(
            "problem__unit__area", "problem__unit__cluster", "supervisor__user"
        )
        .prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="members"),
            "problem__fields_needed",
            "supervisor__expertise",
        )
        .order_by("status", "problem__title", "pk")
    )


def explain(teams):
    """What a team card says from the team's fit and its prefetched members: the
    fields of study by name, whose choice it honours, whether it can be confirmed
    (the move's guard says the final word)."""
    names = {f.pk: f.name for f in FieldOfStudy.objects.all()}
    smallest = team_size_limits()[0]
    for team in teams:
        needed = [f.pk for f in team.problem.fields_needed.all()]
        studied = {
            m.enrolment.student.field_id for m in getattr(team, "members", [])
        } or set(team.fit.get("covered", []))
        team.covered_names = [names[pk] for pk in needed if pk in studied]
        team.missing_names = [names[pk] for pk in needed if pk not in studied]
        team.expert_in = [names[pk] for pk in team.fit.get("professor_matches", [])]
        honoured = dict(team.fit.get("honoured", []))
        for membership in getattr(team, "members", []):
            rank = honoured.get(membership.enrolment_id)
            membership.chosen = rank_label(rank) if rank else ""
        team.not_ready = not_ready(team, smallest)
    return teams


def not_ready(team, smallest):
    if not team.is_draft or not hasattr(team, "members"):
        return ""
    size, largest = len(team.members), team.problem.desired_team_size
    if not smallest <= size <= largest:
        return _("Needs %(min)s to %(max)s members to be confirmed.") % {
            "min": local_digits(smallest),
            "max": local_digits(largest),
        }
    if team.supervisor_id is None:
        return _("Needs a supervising professor to be confirmed.")
    return ""


def workspace_context(round):
    teams = explain(list(workspace_teams(round)))
    report = round.formation_report or {}
    unstaffed_ids = [row["problem"] for row in report.get("unstaffed", [])]
    still_open = {
        p.pk: p
        for p in formation_services.open_problems()
        .filter(pk__in=unstaffed_ids)
        .select_related("unit")
    }
    return {
        "round": round,
        "report": report,
        "proposed": [t for t in teams if t.status == Team.Status.PROPOSED],
        "forming": [t for t in teams if t.status == Team.Status.FORMING],
        "confirmed": [
            t
            for t in teams
            if t.status != Team.Status.PROPOSED and t.status != Team.Status.FORMING
        ],  # fmt: skip
        "editable": [t for t in teams if t.is_editable],
        "unstaffed": [
            (still_open[row["problem"]], formation.REASONS.get(row["reason"], ""))
            for row in report.get("unstaffed", [])
            if row["problem"] in still_open
        ],
        "open_problems": formation_services.open_problems()
        .select_related("unit")
        .order_by("title", "pk"),
        "available": formation_services.available_enrolments(round).order_by(
            "student__user__full_name", "pk"
        ),
        "assigned": [
            (team, m) for team in teams if team.is_editable for m in team.members
        ],  # fmt: skip
        "professors": [
            p
            for p in formation_services.professors_with_load()
            .select_related("user")
            .order_by("user__full_name", "pk")
            if p.load < p.capacity
        ],
    }


@require_safe
@role_required(Role.IRO)
def workspace(request, pk):
    round = get_object_or_404(Round, pk=pk)
    return render(request, "teams/formation.html", workspace_context(round))


TEAM_MEMBER_COLUMNS = [
    Column("team", _("team"), lambda m: m.team_id),
    Column("problem", _("problem"), lambda m: m.team.problem.title),
    Column("unit", _("industrial unit"), lambda m: m.team.problem.unit.name),
    choice_column("team_status", _("team status"), "team.status"),
    Column(
        "supervisor",
        _("supervising professor"),
        lambda m: m.team.supervisor.user.full_name if m.team.supervisor else None,
    ),
    Column(
        "student_number",
        _("student number"),
        lambda m: m.enrolment.student.student_number,
    ),
    Column("full_name", _("full name"), lambda m: m.enrolment.student.user.full_name),
    Column("email", _("e-mail address"), lambda m: m.enrolment.student.user.email),
    Column(
        "field",
        _("field of study"),
        lambda m: m.enrolment.student.field.name,
        machine=lambda m: m.enrolment.student.field.slug,
    ),
    choice_column("level", _("level"), "enrolment.student.level"),
    Column("joined_at", _("joined at"), lambda m: m.joined_at),
]


@require_safe
@role_required(Role.IRO)
def team_export(request, pk):
    """The round's teams as the workspace shows them, one row per member (those of
    a completed team too; not those taken off a team)."""
    round = get_object_or_404(Round, pk=pk)
    members = (
        Membership.objects.filter(team__round=round)
        .exclude(team__status=Team.Status.DISSOLVED)
        .exclude(end_reason=Membership.EndReason.REMOVED)
        .select_related(
            "team__problem__unit",
            "team__supervisor__user",
            "enrolment__student__user",
            "enrolment__student__field",
        )
        .order_by(
            "team__status",
            "team__problem__title",
            "team",
            "enrolment__student__user__full_name",
        )
    )
    return export_response(
        request,
        rows=members.iterator(chunk_size=2000),
        columns=TEAM_MEMBER_COLUMNS,
        filename=f"teams-{round.pk}",
    )


def back_to_workspace(request, round_pk):
    """After an edit: the workspace (htmx swaps its main part in place)."""
    if request.htmx:
        round = get_object_or_404(Round, pk=round_pk)
        return render(
            request, "teams/partials/formation_workspace.html", workspace_context(round)
        )
    return redirect("teams:formation", pk=round_pk)


@require_POST
@role_required(Role.IRO)
def suggest(request, pk):
    round = get_object_or_404(Round, pk=pk)
    suggestion = run_service(
        request,
        formation_services.formation_suggest,
        round=round,
        actor=request.user,
        success_message=_("Teams have been suggested; check them and confirm."),
    )
    if suggestion is not None and not suggestion.teams:
        messages.warning(request, _("No team could be formed from what is open now."))
    return back_to_workspace(request, pk)


def posted_object(request, name, queryset):
    """The object whose id is posted as ``name``, or None (a missing or a
    malformed id is a refusal message, not an error page)."""
    pk = parse_id(request.POST.get(name, ""))
    obj = queryset.filter(pk=pk).first() if pk else None
    if obj is None:
        messages.error(request, _("Choose one from the list."))
    return obj


def team_edit(request, pk, service, success_message, **posted):
    team = get_object_or_404(Team, pk=pk)
    values = {}
    for name, (field, queryset) in posted.items():
        values[name] = posted_object(request, field, queryset)
        if values[name] is None:
            return back_to_workspace(request, team.round_id)
    run_service(
        request,
        service,
        team=team,
        actor=request.user,
        success_message=success_message,
        **values,
    )
    return back_to_workspace(request, team.round_id)


@require_POST
@role_required(Role.IRO)
def add_member(request, pk):
    return team_edit(
        request,
        pk,
        formation_services.team_add_member,
        _("The student has joined the team."),
        enrolment=("enrolment", Enrolment.objects.select_related("student__user")),
    )


@require_POST
@role_required(Role.IRO)
def remove_member(request, pk):
    return team_edit(
        request,
        pk,
        formation_services.team_remove_member,
        _("The student has left the team and is free again."),
        enrolment=("enrolment", Enrolment.objects.all()),
    )


@require_POST
@role_required(Role.IRO)
def move_to(request, pk):
    """The workspace's move form: a student (wherever they are now) into a team."""
    round = get_object_or_404(Round, pk=pk)
    team = posted_object(request, "team", Team.objects.filter(round=round))
    enrolment = team and posted_object(
        request, "enrolment", Enrolment.objects.select_related("student__user")
    )
    if enrolment is not None:
        run_service(
            request,
            formation_services.team_move_member,
            enrolment=enrolment,
            to_team=team,
            actor=request.user,
            success_message=_("The student has moved to the team."),
        )
    return back_to_workspace(request, pk)


@require_POST
@role_required(Role.IRO)
def set_supervisor(request, pk):
    return team_edit(
        request,
        pk,
        formation_services.team_set_supervisor,
        _("The supervising professor has been changed."),
        professor=("professor", Professor.objects.select_related("user")),
    )


@require_POST
@role_required(Role.IRO)
def propose(request, pk):
    round = get_object_or_404(Round, pk=pk)
    problem = posted_object(request, "problem", ProblemRequest.objects.all())
    if problem is not None:
        run_service(
            request,
            formation_services.team_propose,
            round=round,
            problem=problem,
            actor=request.user,
            success_message=_("An empty team has been added; put students in it."),
        )
    return back_to_workspace(request, pk)


@require_POST
@role_required(Role.IRO)
def discard(request, pk):
    team = get_object_or_404(Team, pk=pk)
    run_service(
        request,
        formation_services.team_discard,
        team=team,
        actor=request.user,
        success_message=_("The suggested team has been dropped."),
    )
    return back_to_workspace(request, team.round_id)


# --- A team's own page ----------------------------------------------------------------


@require_safe
def team_detail(request, pk):
    team = get_team_for_user(request.user, pk)
    members = team.memberships.select_related(
        "enrolment__student__user", "enrolment__student__field"
    ).order_by("ended_at", "enrolment__student__user__full_name")
    explain([team])
    placement = getattr(team, "placement", None)
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": members,
            "fields_needed": team.problem.fields_needed.all(),
            "trail": audit_trail(team),
            # Once dispatched, the team's work goes on on its placement's page.
            "placement": placement,
            "awaits_dispatch": placement is None
            and team.status == Team.Status.CONFIRMED,
            # Members and the supervisor reach each other (and the unit); a manager
            # sees who comes, and reaches them through the supervisor.
            "sees_contacts": request.user.is_iro_staff
            or takes_part_in(request.user, team),
        },
    )


@require_POST
def team_move(request, pk, move):
    team = get_team_for_user(request.user, pk)
    make_move(request, team, move)
    if team.round.forms_teams and request.user.is_iro_staff:
        return back_to_workspace(request, team.round_id)
    return redirect(team)
