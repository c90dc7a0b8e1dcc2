"""Seeded random instances that look like the province, for the benchmark and tests.

23 fields of study and 16 industrial clusters, as in Qom. Problems need 1–3 fields,
mostly the engineering ones industry asks for, and want 4–6 students; students have
one field (the big faculties are big), are 80 % BSc and 20 % MSc, rank 0–3 problems,
mostly ones that need their field, give 4–20 hours a week and prefer 0–3 clusters.
Professors number about half the problems, know 1–4 fields and have 1–3 free seats,
so that together they can supervise about nine problems in ten: some problems stay
without a professor, a few (needing only a field nobody studies here, chosen by too
few) without students, and students are left over.
"""

import random
from dataclasses import dataclass

from .records import ProblemIn, ProfessorIn, StudentIn

FIELDS = 23
CLUSTERS = 16
# How many students study each field (a few large faculties, many small ones; the
# last is one industry asks for that the university does not teach) and how often
# industry asks for each (engineering more than the rest).
STUDENT_FIELD_WEIGHTS = [
    12,
    10,
    9,
    8,
    7,
    6,
    6,
    5,
    5,
    4,
    4,
    3,
    3,
    3,
    2,
    2,
    2,
    2,
    2,
    1,
    1,
    1,
]
STUDENT_FIELD_WEIGHTS += [0]
PROBLEM_FIELD_WEIGHTS = [
    8,
    10,
    12,
    9,
    6,
    5,
    7,
    4,
    3,
    5,
    3,
    2,
    4,
    2,
    2,
    3,
    1,
    1,
    2,
    1,
    1,
    1,
]
PROBLEM_FIELD_WEIGHTS += [4]
CLUSTER_WEIGHTS = [9, 8, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 1]


@dataclass(frozen=True)
class Instance:
    students: tuple[StudentIn, ...]
    problems: tuple[ProblemIn, ...]
    professors: tuple[ProfessorIn, ...]


def generate(students: int, problems: int, *, seed: int = 0) -> Instance:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    fields = range(1, FIELDS + 1)
    clusters = range(1, CLUSTERS + 1)
    problem_rows = tuple(
        ProblemIn(
            id=1000 + i,
            fields=frozenset(
                _distinct(
                    rng, fields, PROBLEM_FIELD_WEIGHTS, rng.choice([1, 1, 2, 2, 3])
                )
            ),
            max_size=rng.randint(4, 6),
            cluster=rng.choices(clusters, CLUSTER_WEIGHTS)[0],
        )
        for i in range(problems)
    )
    needing = {f: [p for p in problem_rows if f in p.fields] for f in fields}
    student_rows = tuple(
        _student(rng, 1 + i, problem_rows, needing) for i in range(students)
    )
    professor_rows = tuple(
        ProfessorIn(
            id=1 + i,
            expertise=frozenset(
                _distinct(rng, fields, PROBLEM_FIELD_WEIGHTS, rng.randint(1, 4))
            ),
            free=rng.randint(1, 3),
        )
        for i in range(max(1, problems * 9 // 20))
    )
    return Instance(student_rows, problem_rows, professor_rows)


def _student(rng, id_, problems, needing):
    field = rng.choices(range(1, FIELDS + 1), STUDENT_FIELD_WEIGHTS)[0]
    chosen = []
    for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 3])):
        pool = needing[field] if needing[field] and rng.random() < 0.7 else problems
        problem = rng.choice(pool)
        if problem not in chosen:
            chosen.append(problem)
    preferred = set(
        _distinct(rng, range(1, CLUSTERS + 1), CLUSTER_WEIGHTS, rng.randint(0, 3))
    )
    if chosen and preferred and rng.random() < 0.5:
        # Students often prefer the cluster of their first choice.
        preferred.discard(max(preferred))
        preferred.add(chosen[0].cluster)
    return StudentIn(
        id=id_,
        field=field,
        level="msc" if rng.random() < 0.2 else "bsc",
        weekly_hours=rng.randint(4, 20),
        interests={p.id: rank for rank, p in enumerate(chosen, start=1)},
        clusters=frozenset(preferred),
    )


def _distinct(rng, population, weights, k):
    chosen = []
    while len(chosen) < min(k, len(population)):
        value = rng.choices(population, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen
