"""Team formation: one suggestion of teams for every problem of a round at once.

Hard constraints (never broken): a team has between ``min_size`` (TEAM_MIN_SIZE) and
the problem's ``max_size`` members; a student is in at most one team, and only the
available students given are placed; every team has one supervising professor, and a
professor takes at most ``free`` teams; a problem has at most one team.

Soft goals, each scored between 0 and 1 per team (``score_team``) and weighted by
``settings.PORTAL["FORMATION_WEIGHTS"]`` (``Weights``)::

    coverage     = |needed fields some member studies| / |needed fields|
    interest     = Σ over members of rank_weight(their rank of this problem) / seats
                   (rank_weight = interest_ranks[rank - 1], e.g. 1.0, 0.6, 0.3;
                   0 for a member who did not choose it)
    expertise    = |needed fields the professor knows| / |needed fields|
    level_mix    = 1 if the team has both a BSc and an MSc student, else 0
    availability = Σ over members of min(weekly hours, hours_cap) / hours_cap / seats
    cluster      = |members who prefer the problem's cluster| / seats

where ``seats`` is TEAM_MAX_SIZE, so the per-member goals are shares of the largest
team. A team's total is::

    total = staffed_team + placed_student × |members| + Σ weight(goal) × goal

and the suggestion maximises the sum of the totals over its teams. The staffing
rewards are large, so staffing many problems and placing many students come first.

The greedy suggestion (``greedy.py``) is fast and always available; HiGHS then solves
the exact model (``mip.py``) from it within the time budget, past 600 problems part by
part (``parts.py``) with the LP relaxation as the bound. See the README.
"""

from .checks import check_hard_constraints
from .records import (
    GOAL_LABELS,
    LEVELS,
    REASONS,
    ProblemIn,
    ProfessorIn,
    ScoreBreakdown,
    StudentIn,
    Suggestion,
    TeamOut,
    Unstaffed,
    Weights,
)
from .scoring import score_team, weights_from_settings
from .suggester import suggest

__all__ = [
    "GOAL_LABELS",
    "LEVELS",
    "REASONS",
    "ProblemIn",
    "ProfessorIn",
    "ScoreBreakdown",
    "StudentIn",
    "Suggestion",
    "TeamOut",
    "Unstaffed",
    "Weights",
    "check_hard_constraints",
    "score_team",
    "suggest",
    "weights_from_settings",
]
