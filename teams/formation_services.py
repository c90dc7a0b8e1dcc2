"""The office's team-formation workspace: suggested teams for a round, edited by
hand, each a ``Team`` in the state ``proposed`` until the office confirms it.

Every change here locks what it counts: the team's row before its members are
counted (a team never exceeds its problem's size, whoever edits it at the same
time), the professor's row before their teams are counted (never beyond their
capacity). A student in two unfinished teams is refused by the database itself
(one current membership per enrolment).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industries.models import ProblemRequest
from partner_portal.access import require_iro
from partner_portal.i18n import isolate, local_digits

from . import formation
from .models import Enrolment, Membership, Professor, Round, Team, team_size_limits
from .moves import check_supervisor_capacity

# --- What the workspace works with -------------------------------------------------


def available_enrolments(round):
    """Trained students of the round who are in no unfinished team."""
    in_a_team = Membership.objects.current().filter(enrolment=OuterRef("pk"))
    return (
        Enrolment.objects.filter(round=round, status=Enrolment.Status.TRAINED)
        .exclude(Exists(in_a_team))
        .select_related("student__user", "student__field")
    )


def open_problems():
    """Approved problems without a team (a suggested one counts as a team)."""
    return ProblemRequest.objects.filter(status=ProblemRequest.Status.APPROVED).exclude(
        teams__status__in=[s for s in Team.Status if s != Team.Status.DISSOLVED]
    )


def professors_with_load():
    """Professors who accepted the role, with how many teams they supervise."""
    return Professor.objects.filter(
        user__is_professor=True, user__is_active=True
    ).annotate(
        load=Count("teams", filter=Q(teams__status__in=Team.SUPERVISING)),
    )


def require_formation(round):
    if not round.forms_teams:
        raise ValidationError(
            _("Teams are formed while the round is in team formation."),
            code="not_formation",
        )


# --- Suggesting ---------------------------------------------------------------------


def solver_inputs(round):
    enrolments = list(
        available_enrolments(round)
        .prefetch_related("interests", "preferred_clusters")
        .order_by("pk")
    )
    problems = list(
        open_problems()
        .select_related("unit")
        .prefetch_related("fields_needed")
        .order_by("pk")
    )
    professors = [
        p
        for p in professors_with_load().prefetch_related("expertise").order_by("pk")
        if p.load < p.capacity
    ]
    largest = team_size_limits()[1]
    return (
        [
            formation.StudentIn(
                id=e.pk,
                field=e.student.field_id,
                level=e.student.level,
                weekly_hours=e.weekly_hours,
                interests={i.problem_id: i.rank for i in e.interests.all()},
                clusters=frozenset(c.pk for c in e.preferred_clusters.all()),
            )
            for e in enrolments
        ],
        [
            formation.ProblemIn(
                id=p.pk,
                fields=frozenset(f.pk for f in p.fields_needed.all()),
                max_size=min(p.desired_team_size, largest),
                cluster=p.unit.cluster_id,
            )
            for p in problems
        ],
        [
            formation.ProfessorIn(
                id=p.pk,
                expertise=frozenset(f.pk for f in p.expertise.all()),
                free=p.capacity - p.load,
            )
            for p in professors
        ],
    )


@transaction.atomic
def formation_suggest(*, round, actor, time_limit=10.0):
    """Replace the round's suggested teams with a fresh suggestion for every open
    problem, available student and professor with room. Teams already confirmed
    or awaiting their supervisor stay as they are."""
    require_iro(actor)
    round = Round.objects.select_for_update().get(pk=round.pk)
    require_formation(round)
    Team.objects.filter(round=round, status=Team.Status.PROPOSED).delete()
    students, problems, professors = solver_inputs(round)
    suggestion = formation.suggest(
        students,
        problems,
        professors,
        weights=formation.weights_from_settings(),
        min_size=team_size_limits()[0],
        time_limit=time_limit,
    )
    teams = Team.objects.bulk_create(
        Team(
            round=round,
            problem_id=out.problem_id,
            supervisor_id=out.professor_id,
            status=Team.Status.PROPOSED,
            fit=fit_of(out),
        )
        for out in suggestion.teams
    )
    Membership.objects.bulk_create(
        Membership(team=team, enrolment_id=enrolment_id)
        for team, out in zip(teams, suggestion.teams, strict=True)
        for enrolment_id in out.student_ids
    )
    round.formation_report = report_of(suggestion, actor)
    round.save(update_fields=["formation_report"])
    return suggestion


def fit_of(out):
    """What a team's page shows of how it fits: ``TeamOut`` as JSON."""
    return {
        "score": {
            name: round_score(getattr(out.score, name))
            for name in formation.ScoreBreakdown.__dataclass_fields__
        },
        "covered": sorted(out.covered_fields),
        "missing": sorted(out.missing_fields),
        "honoured": [list(pair) for pair in out.honoured],
        "professor_matches": sorted(out.professor_matches),
    }


def describe(problem, professor, students, *, weights):
    """A hand-edited team as the suggester would have described it."""
    studied = {student.field for student in students}
    return formation.TeamOut(
        problem_id=problem.id,
        professor_id=professor.id if professor else None,
        student_ids=tuple(sorted(student.id for student in students)),
        score=formation.score_team(problem, professor, students, weights=weights),
        covered_fields=frozenset(problem.fields & studied),
        missing_fields=frozenset(problem.fields - studied),
        honoured=tuple(
            (student.id, student.interests[problem.id])
            for student in sorted(students, key=lambda s: s.id)
            if problem.id in student.interests
        ),
        professor_matches=frozenset(
            problem.fields & professor.expertise if professor else ()
        ),
    )


def round_score(value):
    return round(float(value), 3)


def report_of(suggestion, actor):
    return {
        "at": timezone.now().isoformat(),
        "by": actor.pk if actor else None,
        "solver": suggestion.solver,
        "objective": round_score(suggestion.objective),
        "bound": round_score(suggestion.bound),
        "proven_optimal": suggestion.proven_optimal,
        "seconds": round(suggestion.seconds, 2),
        "teams": len(suggestion.teams),
        "unstaffed": [
            {"problem": u.problem_id, "reason": u.reason} for u in suggestion.unstaffed
        ],
    }


# --- Editing by hand ----------------------------------------------------------------


def locked_editable_team(team):
    team = (
        Team.objects.select_for_update(of=("self",))
        .select_related("problem__unit", "round", "supervisor")
        .get(pk=team.pk)
    )
    if not team.is_editable:
        raise ValidationError(
            _("This team can no longer be changed here."), code="not_editable"
        )
    return team


def refit(team):
    """Score the team as it is now, the way the suggestion scored it."""
    members = [
        m.enrolment
        for m in team.memberships.current()
        .select_related("enrolment__student")
        .prefetch_related("enrolment__interests", "enrolment__preferred_clusters")
    ]
    problem = team.problem
    professor = team.supervisor
    out = describe(
        formation.ProblemIn(
            id=problem.pk,
            fields=frozenset(problem.fields_needed.values_list("pk", flat=True)),
            max_size=problem.desired_team_size,
            cluster=problem.unit.cluster_id,
        ),
        None
        if professor is None
        else formation.ProfessorIn(
            id=professor.pk,
            expertise=frozenset(professor.expertise.values_list("pk", flat=True)),
            free=professor.capacity,
        ),
        [
            formation.StudentIn(
                id=e.pk,
                field=e.student.field_id,
                level=e.student.level,
                weekly_hours=e.weekly_hours,
                interests={i.problem_id: i.rank for i in e.interests.all()},
                clusters=frozenset(c.pk for c in e.preferred_clusters.all()),
            )
            for e in members
        ],
        weights=formation.weights_from_settings(),
    )
    team.fit = fit_of(out)
    team.save(update_fields=["fit"])
    return team


def check_member(team, enrolment):
    if enrolment.round_id != team.round_id or not enrolment.is_trained:
        raise ValidationError(
            _("Only trained students of this round can join its teams."),
            code="not_eligible",
        )


@transaction.atomic
def team_add_member(*, team, enrolment, actor):
    """Put a student in a team that has a free seat."""
    require_iro(actor)
    team = locked_editable_team(team)
    check_member(team, enrolment)
    size = team.memberships.current().count()
    if size >= team.problem.desired_team_size:
        raise ValidationError(
            _("This team is full: its problem asks for %(n)s students.")
            % {"n": local_digits(team.problem.desired_team_size)},
            code="team_full",
        )
    try:
        with transaction.atomic():
            Membership.objects.create(team=team, enrolment=enrolment)
    except IntegrityError:
        raise ValidationError(
            _("%(person)s is already in another team; take them out of it first.")
            % {"person": isolate(enrolment.student.user)},
            code="in_another_team",
        ) from None
    return refit(team)


@transaction.atomic
def team_remove_member(*, team, enrolment, actor):
    """Take a student out of a team; they are free again."""
    require_iro(actor)
    team = locked_editable_team(team)
    ended = (
        team.memberships.current()
        .filter(enrolment=enrolment)
        .update(ended_at=timezone.now(), end_reason=Membership.EndReason.REMOVED)
    )
    if not ended:
        raise ValidationError(
            _("This student is not in this team."), code="not_a_member"
        )
    return refit(team)


@transaction.atomic
def team_move_member(*, enrolment, to_team, actor):
    """Move a student from their team to another one with a free seat."""
    require_iro(actor)
    current = (
        Membership.objects.current()
        .filter(enrolment=enrolment)
        .select_related("team")
        .first()
    )
    if current is None:
        return team_add_member(team=to_team, enrolment=enrolment, actor=actor)
    if current.team_id == to_team.pk:
        return to_team
    # Both teams locked in one order, so two moves in opposite directions at the
    # same time wait for each other instead of deadlocking.
    for team in sorted([current.team, to_team], key=lambda t: t.pk):
        locked_editable_team(team)
    team_remove_member(team=current.team, enrolment=enrolment, actor=actor)
    return team_add_member(team=to_team, enrolment=enrolment, actor=actor)


@transaction.atomic
def team_set_supervisor(*, team, professor, actor):
    """Give a team its supervising professor (while they have room). A team that
    already awaits its supervisor asks the new one."""
    require_iro(actor)
    team = locked_editable_team(team)
    professor = Professor.objects.select_for_update().get(pk=professor.pk)
    if not professor.user.is_professor or not professor.user.is_active:
        raise ValidationError(
            _("This professor has not accepted the role yet."), code="not_professor"
        )
    check_supervisor_capacity(professor, team=team)
    team.supervisor = professor
    team.save(update_fields=["supervisor"])
    if team.status == Team.Status.FORMING:
        from .services import ask_supervisor

        ask_supervisor(team)
    return refit(team)


@transaction.atomic
def team_propose(*, round, problem, actor):
    """A team put together by hand, for an open problem: empty, to be filled."""
    require_iro(actor)
    require_formation(round)
    if not open_problems().filter(pk=problem.pk).exists():
        raise ValidationError(
            _("This problem already has a team or is not approved."),
            code="problem_taken",
        )
    try:
        with transaction.atomic():
            return Team.objects.create(round=round, problem=problem)
    except IntegrityError:
        raise ValidationError(
            _("This problem already has a team or is not approved."),
            code="problem_taken",
        ) from None


@transaction.atomic
def team_discard(*, team, actor):
    """Drop a suggested team: its students and its problem are free again."""
    require_iro(actor)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.status != Team.Status.PROPOSED:
        raise ValidationError(
            _("Only a suggested team can be discarded; dissolve this one instead."),
            code="not_proposed",
        )
    team.delete()
