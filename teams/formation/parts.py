"""Large instances by parts: the exact model of the whole province does not solve in
a minute, but the same model on a few hundred problems does in seconds.

The problems are split by cluster into parts of about ``PART_PROBLEMS``. A student
goes to the part of their first choice, else of a preferred cluster, else where the
greedy suggestion placed them (else by turns); professors' seats go where the greedy
suggestion used them, and spare seats where most problems lack one. Each part then
gets its own greedy teams, improved by HiGHS. The parts share no student and no seat,
so their teams together keep every hard constraint.
"""

import time
from collections import defaultdict

from . import mip
from .greedy import greedy
from .prepared import Assignment, Prepared, prepare
from .records import ProfessorIn

PART_PROBLEMS = 700
# Each part stops at this gap: the last fractions of a percent cost most of the time.
PART_GAP = 1e-3
# With less time than this a part keeps its greedy teams.
MIN_SOLVE_SECONDS = 0.1


def count(prep: Prepared) -> int:
    """About how many parts ``split`` makes."""
    return max(1, -(-len(prep.problems) // PART_PROBLEMS))


def split(prep: Prepared, warm: Assignment):
    """Problems, students and professors' seats per part, all as indices."""
    by_cluster = defaultdict(list)
    for p in range(len(prep.problems)):
        by_cluster[prep.problems[p].cluster].append(p)
    parts, current = [], []
    for cluster in sorted(by_cluster):
        problems = by_cluster[cluster]
        for start in range(0, len(problems), PART_PROBLEMS):
            chunk = problems[start : start + PART_PROBLEMS]
            if current and len(current) + len(chunk) > PART_PROBLEMS:
                parts.append(current)
                current = []
            current.extend(chunk)
    if current:
        parts.append(current)
    part_of = {p: i for i, problems in enumerate(parts) for p in problems}
    return (
        parts,
        _students(prep, warm, parts, part_of),
        _seats(prep, warm, parts, part_of),
    )


def _students(prep, warm, parts, part_of):
    cluster_part = {}
    for p, problem in enumerate(prep.problems):
        cluster_part.setdefault(problem.cluster, part_of[p])
    placed = {s: p for p, (_r, members) in warm.items() for s in members}
    students = [[] for _ in parts]
    for s, student in enumerate(prep.students):
        preferred = sorted(student.clusters & cluster_part.keys())
        if prep.choices[s]:
            part = part_of[prep.choices[s][0][0]]
        elif preferred:
            part = cluster_part[preferred[0]]
        elif s in placed:
            part = part_of[placed[s]]
        else:
            part = s % len(parts)
        students[part].append(s)
    return students


def _seats(prep, warm, parts, part_of):
    seats = [defaultdict(int) for _ in parts]
    used = defaultdict(int)
    for p, (r, _members) in warm.items():
        seats[part_of[p]][r] += 1
        used[r] += 1
    # Spare seats go where the most problems still lack one.
    lacking = [
        sum(prep.problems[p].max_size >= prep.min_size for p in problems)
        - sum(seats[i].values())
        for i, problems in enumerate(parts)
    ]
    for r in range(len(prep.professors)):
        for _ in range(prep.seats[r] - used[r]):
            part = max(range(len(parts)), key=lambda i: (lacking[i], -i))
            seats[part][r] += 1
            lacking[part] -= 1
    return seats


def improve(prep: Prepared, warm: Assignment, *, time_limit: float) -> Assignment:
    """Teams for every part, each part solved by HiGHS within its share of
    ``time_limit`` (in proportion to its problems)."""
    deadline = time.perf_counter() + time_limit
    parts, students, seats = split(prep, warm)
    result: Assignment = {}
    left = sum(len(problems) for problems in parts)
    for i, problems in enumerate(parts):
        share = (deadline - time.perf_counter()) * len(problems) / left
        left -= len(problems)
        result.update(_solve_part(prep, problems, students[i], seats[i], share))
    return result


def _solve_part(prep, problems, students, seats, time_limit) -> Assignment:
    professors = sorted(seats)
    sub = prepare(
        [prep.students[s] for s in students],
        [prep.problems[p] for p in problems],
        [
            ProfessorIn(prep.professors[r].id, prep.professors[r].expertise, seats[r])
            for r in professors
        ],
        weights=prep.weights,
        min_size=prep.min_size,
    )
    start = greedy(sub)
    solution = start
    if time_limit > MIN_SOLVE_SECONDS and sub.staffable and sub.students:
        solved = mip.solve(sub, start, time_limit=time_limit, gap=PART_GAP)
        if solved.assignment is not None and sub.objective(
            solved.assignment
        ) >= sub.objective(start):
            solution = solved.assignment
    # Indices are in id order in the part as in the whole, so they map by position.
    student_of, problem_of = sorted(students), sorted(problems)
    return {
        problem_of[i]: (professors[r], tuple(sorted(student_of[s] for s in members)))
        for i, (r, members) in solution.items()
    }
