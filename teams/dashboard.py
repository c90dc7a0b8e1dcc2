"""The student, professor and IRO panels about enrolment and training."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import IndustrialUnit
from partner_portal.dashboard import (
    Tile,
    register_activity,
    register_panel,
    register_tiles,
)
from partner_portal.i18n import local_digits
from partner_portal.models import Role

from .models import (
    Enrolment,
    Membership,
    Professor,
    Round,
    Student,
    Team,
    TrainingSession,
)
from .permissions import current_enrolment
from .services import required_sessions


def student_panel(request):
    enrolment = current_enrolment(request.user)
    open_round = Round.open_round()
    context = {
        "enrolment": enrolment,
        "open_round": open_round,
        "required": required_sessions(),
    }
    if enrolment is not None:
        context.update(
            attended=enrolment.attendances.count(),
            choices=enrolment.interests.count(),
            next_session=TrainingSession.objects.filter(
                round_id=enrolment.round_id, starts_at__gte=timezone.now()
            ).first(),
            can_enrol=open_round is not None and enrolment.round_id != open_round.pk,
        )
    else:
        context["can_enrol"] = open_round is not None
    return context


def professor_panel(request):
    professor = (
        Professor.objects.filter(user=request.user)
        .prefetch_related("expertise")
        .first()
    )
    return {"professor": professor}


def iro_panel(request):
    open_round = Round.open_round()
    counts = {}
    if open_round is not None:
        counts = open_round.enrolments.aggregate(
            applied=Count("id", filter=Q(status=Enrolment.Status.APPLIED)),
            accepted=Count("id", filter=Q(status=Enrolment.Status.ACCEPTED)),
            trained=Count("id", filter=Q(status=Enrolment.Status.TRAINED)),
        )
    return {
        "open_round": open_round,
        **counts,
        "next_session": TrainingSession.objects.filter(starts_at__gte=timezone.now())
        .select_related("round")
        .first(),
    }


def landing_panel(request):
    taking_part = [Enrolment.Status.ACCEPTED, Enrolment.Status.TRAINED]
    return {
        "students": Student.objects.filter(
            Exists(
                Enrolment.objects.filter(student=OuterRef("pk"), status__in=taking_part)
            )
        ).count(),
        "open_round": Round.open_round(),
    }


register_panel(Role.STUDENT, "teams/panels/student.html", student_panel, order=10)
register_panel(Role.PROFESSOR, "teams/panels/professor.html", professor_panel, order=10)
register_panel(Role.IRO, "teams/panels/iro.html", iro_panel, order=10)
register_panel("landing", "teams/panels/landing.html", landing_panel, order=10)


# --- Teams --------------------------------------------------------------------------


def shown_teams():
    return Team.objects.filter(status__in=Team.SHOWN).select_related(
        "problem__unit", "supervisor__user", "round"
    )


def student_team_panel(request):
    """The student's team now (or their last one), with its people."""
    # Exists, not a join on memberships: a join would count the student alone.
    member = Membership.objects.filter(
        team=OuterRef("pk"), enrolment__student__user=request.user
    )
    team = (
        shown_teams()
        .filter(Exists(member))
        .annotate(size=Count("memberships", filter=Q(memberships__ended_at=None)))
        .order_by("-created_at")
        .first()
    )
    return {"team": team}


def professor_team_panel(request):
    teams = list(
        shown_teams()
        .filter(supervisor__user=request.user)
        .annotate(size=Count("memberships", filter=Q(memberships__ended_at=None)))
        .order_by("status", "-created_at")
    )
    return {
        "asked": [team for team in teams if team.status == Team.Status.FORMING],
        "teams": [team for team in teams if team.status != Team.Status.FORMING],
    }


def manager_team_panel(request):
    teams = (
        shown_teams()
        .filter(problem__unit__in=IndustrialUnit.objects.managed_by(request.user))
        .annotate(size=Count("memberships", filter=Q(memberships__ended_at=None)))
        .order_by("-created_at")[:20]
    )
    return {"teams": teams}


def iro_team_panel(request):
    forming = Round.objects.filter(status=Round.Status.FORMATION).order_by("-starts_on")
    return {
        "rounds": [
            (
                round,
                round.teams.aggregate(
                    proposed=Count("id", filter=Q(status=Team.Status.PROPOSED)),
                    forming=Count("id", filter=Q(status=Team.Status.FORMING)),
                    confirmed=Count("id", filter=Q(status=Team.Status.CONFIRMED)),
                ),
            )
            for round in forming[:3]
        ]
    }


register_panel(
    Role.STUDENT, "teams/panels/student_team.html", student_team_panel, order=20
)
register_panel(
    Role.PROFESSOR, "teams/panels/professor_teams.html", professor_team_panel, order=5
)
register_panel(
    Role.MANAGER, "teams/panels/manager_teams.html", manager_team_panel, order=30
)
register_panel(Role.IRO, "teams/panels/iro_formation.html", iro_team_panel, order=15)


# --- Stat tiles and recent activity --------------------------------------------------


def student_tiles(request):
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return [
            Tile(
                _("Enrolment"),
                _("not enrolled"),
                reverse("teams:enrol"),
                icon="person-plus",
                attention=Round.open_round() is not None,
            )
        ]
    counts = Enrolment.objects.filter(pk=enrolment.pk).aggregate(
        attended=Count("attendances", distinct=True),
        choices=Count("interests", distinct=True),
    )
    required = required_sessions()
    team = (
        Team.objects.filter(
            Exists(
                Membership.objects.current().filter(
                    team=OuterRef("pk"), enrolment__student__user=request.user
                )
            ),
            status__in=Team.SHOWN,
        )
        .order_by("-created_at")
        .first()
    )
    return [
        Tile(
            _("Enrolment"),
            enrolment.get_status_display(),
            reverse("teams:my-enrolment"),
            icon="person-check",
            detail=enrolment.round.name,
        ),
        Tile(
            _("Training"),
            counts["attended"],
            reverse("teams:training"),
            icon="easel",
            attention=enrolment.status == Enrolment.Status.ACCEPTED
            and counts["attended"] < required,
            detail=_("of %(required)s sessions") % {"required": local_digits(required)},
        ),
        Tile(
            _("My choices"),
            counts["choices"],
            reverse("teams:my-interests"),
            icon="list-ol",
            detail=_("of %(max)s problems")
            % {"max": local_digits(settings.PORTAL["MAX_INTERESTS"])},
        ),
        Tile(
            _("My team"),
            team.get_status_display() if team else _("not yet"),
            team.get_absolute_url() if team else reverse("teams:my-enrolment"),
            icon="people",
        ),
    ]


def professor_tiles(request):
    counts = Team.objects.filter(
        supervisor__user=request.user, status__in=Team.SHOWN
    ).aggregate(
        asked=Count("pk", filter=Q(status=Team.Status.FORMING)),
        teams=Count("pk", filter=~Q(status=Team.Status.FORMING)),
    )
    url = reverse("dashboard-professor") + "#professor-teams-heading"
    tiles = [Tile(_("Teams you supervise"), counts["teams"], url, icon="people")]
    if counts["asked"]:
        tiles.append(
            Tile(
                _("Teams asking for you"),
                counts["asked"],
                url,
                icon="person-raised-hand",
                attention=True,
            )
        )
    return tiles


def iro_tiles(request):
    applied = Enrolment.objects.filter(status=Enrolment.Status.APPLIED).count()
    list_url = reverse("teams:enrolment-list")
    return [
        Tile(
            _("Enrolments to decide"),
            applied,
            f"{list_url}?status={Enrolment.Status.APPLIED}",
            icon="person-check",
            attention=bool(applied),
        )
    ]


def student_activity(user):
    enrolments = Enrolment.objects.filter(student__user=user).values("pk")
    teams = Membership.objects.filter(enrolment__student__user=user).values("team_id")
    return [(Enrolment, enrolments), (Team, teams)]


def professor_activity(user):
    return [(Team, Team.objects.filter(supervisor__user=user).values("pk"))]


def manager_activity(user):
    units = IndustrialUnit.objects.managed_by(user)
    return [(Team, Team.objects.filter(problem__unit__in=units).values("pk"))]


register_tiles(Role.STUDENT, student_tiles, order=10)
register_tiles(Role.PROFESSOR, professor_tiles, order=10)
register_tiles(Role.IRO, iro_tiles, order=10)
register_activity(Role.STUDENT, student_activity)
register_activity(Role.PROFESSOR, professor_activity)
register_activity(Role.MANAGER, manager_activity)
