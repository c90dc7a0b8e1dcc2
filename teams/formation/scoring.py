"""The score of one team: the same sum the solver maximises over all teams."""

from collections.abc import Sequence
from dataclasses import fields as dataclass_fields

from .records import LEVELS, ProblemIn, ProfessorIn, ScoreBreakdown, StudentIn, Weights


def weights_from_settings() -> Weights:
    """Weights from ``settings.PORTAL["FORMATION_WEIGHTS"]`` (missing keys keep
    their defaults); ``seats`` is the largest team, ``TEAM_MAX_SIZE``."""
    from django.conf import settings

    from teams.models import team_size_limits

    configured = dict(settings.PORTAL.get("FORMATION_WEIGHTS", {}))
    known = {f.name for f in dataclass_fields(Weights)}
    unknown = sorted(set(configured) - known)
    if unknown:
        raise ValueError(f"Unknown FORMATION_WEIGHTS keys: {', '.join(unknown)}")
    if "interest_ranks" in configured:
        configured["interest_ranks"] = tuple(configured["interest_ranks"])
    _, largest = team_size_limits()
    configured["seats"] = largest
    return Weights(**configured)


def member_value(student: StudentIn, problem: ProblemIn, weights: Weights) -> float:
    """What one member adds on their own: the placement reward and their share of
    the interest, availability and cluster goals (coverage and level mix depend on
    the whole team)."""
    rank = student.interests.get(problem.id)
    per_seat = (
        weights.interest * weights.rank_weight(rank)
        + weights.availability * weights.hours_share(student.weekly_hours)
        + weights.cluster * (problem.cluster in student.clusters)
    )
    return weights.placed_student + per_seat / weights.seats


def expertise_share(problem: ProblemIn, professor: ProfessorIn | None) -> float:
    if professor is None or not problem.fields:
        return 0.0
    return len(problem.fields & professor.expertise) / len(problem.fields)


def score_team(
    problem: ProblemIn,
    professor: ProfessorIn | None,
    students: Sequence[StudentIn],
    *,
    weights: Weights,
) -> ScoreBreakdown:
    """Score a team (a suggested one or one edited by hand).

    Each goal scores between 0 and 1; ``total`` is the staffing reward plus each
    goal times its weight. An empty team scores nothing.
    """
    if not students:
        return ScoreBreakdown(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    needed = problem.fields
    coverage = (
        len(needed & {s.field for s in students}) / len(needed) if needed else 0.0
    )
    interest = (
        sum(weights.rank_weight(s.interests.get(problem.id)) for s in students)
        / weights.seats
    )
    levels = {s.level for s in students}
    level_mix = 1.0 if set(LEVELS) <= levels else 0.0
    availability = (
        sum(weights.hours_share(s.weekly_hours) for s in students) / weights.seats
    )
    cluster = sum(problem.cluster in s.clusters for s in students) / weights.seats
    expertise = expertise_share(problem, professor)
    staffing = weights.staffed_team + weights.placed_student * len(students)
    total = (
        staffing
        + weights.coverage * coverage
        + weights.interest * interest
        + weights.expertise * expertise
        + weights.level_mix * level_mix
        + weights.availability * availability
        + weights.cluster * cluster
    )
    return ScoreBreakdown(
        coverage=coverage,
        interest=interest,
        expertise=expertise,
        level_mix=level_mix,
        availability=availability,
        cluster=cluster,
        total=total,
        staffing=staffing,
    )
