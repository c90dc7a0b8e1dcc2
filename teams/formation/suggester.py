"""One suggestion for every problem at once: greedy first, then the exact model."""

import dataclasses
import logging
import math
import time
from collections import Counter
from dataclasses import dataclass

from . import mip, parts
from .checks import check_hard_constraints
from .greedy import greedy
from .prepared import Assignment, Prepared, prepare
from .records import Suggestion, TeamOut, Unstaffed

logger = logging.getLogger(__name__)

# Up to this many problems HiGHS solves the whole model (2,000 students and 400
# problems take about 3 s); past it, the problems are solved by parts, and the LP
# relaxation of the whole model gives the bound.
FULL_MODEL_PROBLEMS = 600
# The share of the time the parts get; the LP relaxation has the rest. Neither is
# started without the time it needs (measured here: parts of 700 problems take 1–4 s,
# the LP of 4,000 problems 20 s, and parts cut much shorter do worse than the greedy
# teams); the greedy teams and bound stand instead.
PARTS_SHARE = 0.5
MIN_PART_SECONDS = 2.0
LP_SECONDS_PER_PROBLEM = 0.004

# Objectives are sums of a few hundred thousand floats at most: closer than this is
# equal.
TOLERANCE = 1e-6


@dataclass
class _Found:
    assignment: Assignment
    solver: str
    optimal: bool
    bound: float


def suggest(
    students, problems, professors, *, weights, min_size, time_limit=10.0
) -> Suggestion:
    """Suggest teams for all ``problems`` from the available ``students`` and the
    professors' free seats, within about ``time_limit`` seconds.

    The greedy suggestion comes first; HiGHS then improves it on the exact model (or,
    past ``FULL_MODEL_PROBLEMS``, part by part) for what is left of the time. The
    result is the same for the same input whenever HiGHS finishes within the time
    (or each part within its share), as it does on every instance of ``make
    bench-formation``; only a solve cut short by the clock can end elsewhere.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    prep = prepare(students, problems, professors, weights=weights, min_size=min_size)
    found = _Found(greedy(prep), "greedy", False, upper_bound(prep))
    if mip.available() and prep.staffable and prep.students:
        if len(prep.staffable) <= FULL_MODEL_PROBLEMS:
            found = _solve_whole(prep, found, deadline)
        else:
            found = _solve_by_parts(prep, found, deadline)
    objective = prep.objective(found.assignment)
    bound = found.bound
    return Suggestion(
        teams=_teams(prep, found.assignment),
        unstaffed=_unstaffed(prep, found.assignment),
        leftover=_leftover(prep, found.assignment),
        objective=objective,
        bound=bound,
        proven_optimal=found.optimal
        or objective >= bound - TOLERANCE * max(1.0, abs(bound)),
        solver=found.solver,
        seconds=time.perf_counter() - started,
    )


def _solve_whole(prep, found: _Found, deadline) -> _Found:
    result = mip.solve(
        prep, found.assignment, time_limit=deadline - time.perf_counter()
    )
    bound = found.bound
    if result.bound is not None and math.isfinite(result.bound):
        bound = min(bound, result.bound)
    if result.assignment is not None and _better(prep, result.assignment, found):
        return _Found(result.assignment, "highs", result.optimal, bound)
    return dataclasses.replace(found, bound=bound)


def _solve_by_parts(prep, found: _Found, deadline) -> _Found:
    share = (deadline - time.perf_counter()) * PARTS_SHARE
    if share >= MIN_PART_SECONDS * parts.count(prep):
        improved = parts.improve(prep, found.assignment, time_limit=share)
        if _better(prep, improved, found):
            found = _Found(improved, "highs", False, found.bound)
    remaining = deadline - time.perf_counter()
    if remaining >= LP_SECONDS_PER_PROBLEM * len(prep.staffable):
        relaxed = mip.relaxation_bound(prep, time_limit=remaining)
        if relaxed is not None:
            found = dataclasses.replace(found, bound=min(found.bound, relaxed))
    return found


def _better(prep: Prepared, candidate: Assignment, incumbent: _Found) -> bool:
    broken = check_hard_constraints(
        _bare(prep, candidate),
        prep.students,
        prep.problems,
        prep.professors,
        min_size=prep.min_size,
    )
    if broken:  # pragma: no cover - a bug in the model; the greedy answer stands
        logger.error("HiGHS's teams break hard constraints: %s", "; ".join(broken))
        return False
    return prep.objective(candidate) >= prep.objective(incumbent.assignment) - TOLERANCE


def _bare(prep, assignment):
    """A suggestion with only what the hard-constraint check reads."""
    return Suggestion(
        teams=_teams(prep, assignment),
        unstaffed=_unstaffed(prep, assignment),
        leftover=_leftover(prep, assignment),
        objective=0.0,
        bound=0.0,
        proven_optimal=False,
        solver="",
        seconds=0.0,
    )


def _teams(prep: Prepared, assignment: Assignment) -> tuple[TeamOut, ...]:
    return tuple(_team(prep, p, r, m) for p, (r, m) in sorted(assignment.items()))


def _team(prep: Prepared, p, r, members) -> TeamOut:
    problem, professor = prep.problems[p], prep.professors[r]
    team = [prep.students[s] for s in members]
    covered = problem.fields & {s.field for s in team}
    return TeamOut(
        problem_id=problem.id,
        professor_id=professor.id,
        student_ids=tuple(sorted(s.id for s in team)),
        score=prep.team_score(p, r, members),
        covered_fields=frozenset(covered),
        missing_fields=problem.fields - covered,
        honoured=tuple(
            sorted(
                (s.id, s.interests[problem.id])
                for s in team
                if problem.id in s.interests
            )
        ),
        professor_matches=problem.fields & professor.expertise,
    )


def _leftover(prep: Prepared, assignment: Assignment) -> tuple[int, ...]:
    placed = {s for _, members in assignment.values() for s in members}
    return tuple(s.id for i, s in enumerate(prep.students) if i not in placed)


def _unstaffed(prep: Prepared, assignment: Assignment) -> tuple[Unstaffed, ...]:
    seats_left = sum(prep.seats) - len(assignment)
    leftover = len(prep.students) - sum(len(m) for _, m in assignment.values())
    # Students who could form one more team without breaking another.
    spare = leftover + sum(len(m) - prep.min_size for _, m in assignment.values())
    # Students who study a field the problem needs or chose it.
    of_field = Counter(student.field for student in prep.students)
    suitable = [sum(of_field[f] for f in problem.fields) for problem in prep.problems]
    for s, student in enumerate(prep.students):
        for p, _rank in prep.choices[s]:
            if student.field not in prep.problems[p].fields:
                suitable[p] += 1
    rows = []
    for p, problem in enumerate(prep.problems):
        if p in assignment:
            continue
        if suitable[p] < prep.min_size or problem.max_size < prep.min_size:
            reason = "too_few_students"
        elif seats_left <= 0:
            reason = "no_professor"
        elif spare < prep.min_size:
            reason = "too_few_students"
        else:
            reason = "not_chosen"
        rows.append(Unstaffed(problem_id=problem.id, reason=reason))
    return tuple(rows)


def upper_bound(prep: Prepared) -> float:
    """A bound no suggestion can beat, for when HiGHS gives none: as many teams as
    professors, students and problems allow, each with every team goal met, and the
    students who can be placed each at their best."""
    w = prep.weights
    if prep.min_size <= 0:
        return math.inf
    teams = min(
        len(prep.staffable), sum(prep.seats), len(prep.students) // prep.min_size
    )
    sizes = sorted((prep.problems[p].max_size for p in prep.staffable), reverse=True)
    placeable = min(len(prep.students), sum(sizes[:teams]))
    best_member = sorted(
        (
            prep.base[s]
            + (
                w.interest
                * max((w.rank_weight(r) for _, r in prep.choices[s]), default=0)
                + w.cluster * bool(student.clusters)
            )
            / w.seats
            for s, student in enumerate(prep.students)
        ),
        reverse=True,
    )
    per_team = w.staffed_team + w.coverage + w.expertise + w.level_mix
    return teams * per_team + sum(best_member[:placeable])
