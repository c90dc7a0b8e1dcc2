"""The suggester's inputs and outputs: plain, frozen dataclasses keyed by ids."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

LEVELS = ("bsc", "msc")


@dataclass(frozen=True)
class StudentIn:
    id: int
    field: int
    level: str  # "bsc" | "msc"
    weekly_hours: int
    interests: Mapping[int, int] = field(default_factory=dict)  # problem id -> rank
    clusters: frozenset[int] = frozenset()  # preferred cluster ids


@dataclass(frozen=True)
class ProblemIn:
    id: int
    fields: frozenset[int]
    max_size: int
    cluster: int


@dataclass(frozen=True)
class ProfessorIn:
    id: int
    expertise: frozenset[int]
    free: int  # seats left: capacity minus the teams supervised now


@dataclass(frozen=True)
class Weights:
    """One weight per soft goal, the staffing rewards and the normalisers.

    The defaults are those of ``settings.PORTAL["FORMATION_WEIGHTS"]``; the
    staffing rewards are large so that staffing problems and placing students come
    before the quality of any one team.
    """

    staffed_team: float = 10.0
    placed_student: float = 2.0
    coverage: float = 3.0
    interest: float = 2.0
    expertise: float = 1.5
    level_mix: float = 0.5
    availability: float = 1.0
    cluster: float = 0.5
    # What a 1st, 2nd, 3rd ... choice is worth (a rank past the end is worth 0).
    interest_ranks: tuple[float, ...] = (1.0, 0.6, 0.3)
    # Weekly hours at which a student counts as fully available.
    hours_cap: int = 12
    # Per-member goals are divided by the largest team (TEAM_MAX_SIZE), so that each
    # goal scores between 0 and 1 per team.
    seats: int = 6

    def rank_weight(self, rank: int | None) -> float:
        if rank is None or not 1 <= rank <= len(self.interest_ranks):
            return 0.0
        return float(self.interest_ranks[rank - 1])

    def hours_share(self, hours: int) -> float:
        return min(max(hours, 0), self.hours_cap) / self.hours_cap


@dataclass(frozen=True)
class ScoreBreakdown:
    """Each goal's score for one team, between 0 and 1, and the weighted total.

    ``total = staffing + Σ weight × goal``, where ``staffing`` is the reward for
    staffing the problem and placing its members.
    """

    coverage: float
    interest: float
    expertise: float
    level_mix: float
    availability: float
    cluster: float
    total: float
    staffing: float = 0.0


@dataclass(frozen=True)
class TeamOut:
    problem_id: int
    professor_id: int
    student_ids: tuple[int, ...]  # sorted
    score: ScoreBreakdown
    covered_fields: frozenset[int]
    missing_fields: frozenset[int]
    honoured: tuple[tuple[int, int], ...]  # (student id, rank), sorted by student id
    professor_matches: frozenset[int]  # the problem's fields the professor knows


REASONS = {
    "too_few_students": _("Too few suitable students are left for this problem."),
    "no_professor": _("No supervising professor has a free seat left."),
    "not_chosen": _(
        "Its students are put to better use in other teams than in a team of their own "
        "here."
    ),
}

GOAL_LABELS = {
    "coverage": _("Fields of study covered"),
    "interest": _("Ranked interests honoured"),
    "expertise": _("Professor's expertise"),
    "level_mix": _("Mix of BSc and MSc"),
    "availability": _("Weekly availability"),
    "cluster": _("Preferred clusters"),
    "staffing": _("Staffing"),
}


@dataclass(frozen=True)
class Unstaffed:
    problem_id: int
    reason: str  # a key of REASONS

    @property
    def label(self):
        return REASONS[self.reason]


@dataclass(frozen=True)
class Suggestion:
    teams: tuple[TeamOut, ...]  # sorted by problem id
    unstaffed: tuple[Unstaffed, ...]  # sorted by problem id
    leftover: tuple[int, ...]  # student ids in no team, sorted
    objective: float  # Σ team.score.total
    bound: float  # no assignment can score more than this
    proven_optimal: bool
    solver: str  # "highs" | "greedy"
    seconds: float
