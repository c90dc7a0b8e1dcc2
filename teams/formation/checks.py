"""The hard constraints, checked on a finished suggestion."""

from collections import Counter


def check_hard_constraints(
    suggestion, students, problems, professors, *, min_size
) -> list[str]:
    """Every broken hard constraint, as a sentence for developers; ``[]`` when the
    suggestion keeps them all (and its lists account for every problem and student).
    """
    problems_by_id = {p.id: p for p in problems}
    professors_by_id = {r.id: r for r in professors}
    student_ids = {s.id for s in students}
    broken = []
    team_problems = Counter(team.problem_id for team in suggestion.teams)
    broken += [f"problem {p} has {n} teams" for p, n in team_problems.items() if n > 1]
    placed = Counter()
    load = Counter()
    for team in suggestion.teams:
        problem = problems_by_id.get(team.problem_id)
        if problem is None:
            broken.append(f"team for unknown problem {team.problem_id}")
            continue
        size = len(team.student_ids)
        if not min_size <= size <= problem.max_size:
            broken.append(
                f"team for problem {problem.id} has {size} members, "
                f"not {min_size}–{problem.max_size}"
            )
        if team.professor_id not in professors_by_id:
            broken.append(f"team for problem {problem.id} has no known professor")
        load[team.professor_id] += 1
        placed.update(team.student_ids)
    for r, n in sorted(load.items()):
        professor = professors_by_id.get(r)
        if professor is not None and n > professor.free:
            broken.append(f"professor {r} has {n} teams but {professor.free} seats")
    broken += [f"student {s} is in {n} teams" for s, n in placed.items() if n > 1]
    broken += [f"student {s} is not available" for s in placed if s not in student_ids]
    if set(suggestion.leftover) != student_ids - set(placed):
        broken.append("the leftover students are not exactly those in no team")
    unstaffed = {u.problem_id for u in suggestion.unstaffed}
    if unstaffed & set(team_problems) or unstaffed | set(team_problems) != set(
        problems_by_id
    ):
        broken.append("the unstaffed problems are not exactly those without a team")
    return broken
