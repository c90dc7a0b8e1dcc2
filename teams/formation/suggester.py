"""One suggestion for every problem at once: greedy first, then the exact model."""

import logging
import math
import time
from collections import Counter

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
# The share of the time the parts get; the LP relaxation has the rest.
PARTS_SHARE = 0.5

# Objectives are sums of a few hundred thousand floats at most: closer than this is
# equal.
TOLERANCE = 1e-6


def suggest(
    students, problems, professors, *, weights, min_size, time_limit=10.0
) -> Suggestion:
    """Suggest teams for all ``problems`` from the available ``students`` and the
    professors' free seats, within about ``time_limit`` seconds.

    The greedy suggestion comes first; HiGHS then improves it on the exact model for
    what is left of the time. Whenever HiGHS finishes within the time (as it does on
    every instance of ``make bench-formation`` up to 2,000 students), the result is
    the same for the same input.
    """
    started = time.perf_counter()
    prep = prepare(students, problems, professors, weights=weights, min_size=min_size)
    best = greedy(prep)
    solver, optimal, bound = "greedy", False, upper_bound(prep)
    remaining = time_limit - (time.perf_counter() - started)
    if not (prep.staffable and prep.students and remaining > 0):
        pass
    elif len(prep.staffable) <= FULL_MODEL_PROBLEMS:
        result = mip.solve(prep, best, time_limit=remaining)
        if result.bound is not None and math.isfinite(result.bound):
            bound = min(bound, result.bound)
        if result.assignment is not None and _better(prep, result.assignment, best):
            best, solver, optimal = result.assignment, "highs", result.optimal
    else:
        improved = parts.improve(prep, best, time_limit=remaining * PARTS_SHARE)
        if _better(prep, improved, best):
            best, solver = improved, "highs"
        remaining = time_limit - (time.perf_counter() - started)
        relaxed = mip.relaxation_bound(prep, time_limit=remaining)
        if relaxed is not None:
            bound = min(bound, relaxed)
    objective = prep.objective(best)
    suggestion = Suggestion(
        teams=tuple(
            _team(prep, p, r, members) for p, (r, members) in sorted(best.items())
        ),
        unstaffed=_unstaffed(prep, best),
        leftover=_leftover(prep, best),
        objective=objective,
        bound=bound,
        proven_optimal=optimal or objective >= bound - TOLERANCE * max(1.0, abs(bound)),
        solver=solver,
        seconds=time.perf_counter() - started,
    )
    return suggestion


def _better(prep: Prepared, candidate: Assignment, incumbent: Assignment) -> bool:
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
    return prep.objective(candidate) >= prep.objective(incumbent) - TOLERANCE


def _bare(prep, assignment):
    """A suggestion with only what the hard-constraint check reads."""
    return Suggestion(
        teams=tuple(_team(prep, p, r, m) for p, (r, m) in sorted(assignment.items())),
        unstaffed=_unstaffed(prep, assignment),
        leftover=_leftover(prep, assignment),
        objective=0.0,
        bound=0.0,
        proven_optimal=False,
        solver="",
        seconds=0.0,
    )


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
