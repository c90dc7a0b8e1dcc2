"""The input sorted by id and indexed, shared by the greedy and the MIP."""

from collections.abc import Iterable
from dataclasses import dataclass

from .records import ProblemIn, ProfessorIn, StudentIn, Weights
from .scoring import member_value, score_team

# An assignment: problem index -> (professor index, sorted student indices).
Assignment = dict[int, tuple[int, tuple[int, ...]]]


@dataclass
class Prepared:
    students: tuple[StudentIn, ...]
    problems: tuple[ProblemIn, ...]
    professors: tuple[ProfessorIn, ...]
    weights: Weights
    min_size: int

    def __post_init__(self):
        w = self.weights
        self.problem_index = {p.id: i for i, p in enumerate(self.problems)}
        self.fields = [tuple(sorted(p.fields)) for p in self.problems]
        self.staffable = [
            i for i, p in enumerate(self.problems) if p.max_size >= self.min_size
        ]
        self.seats = [max(r.free, 0) for r in self.professors]
        # A member's value apart from the problem: placement and availability.
        self.base = [
            w.placed_student + w.availability * w.hours_share(s.weekly_hours) / w.seats
            for s in self.students
        ]
        # Each student's choices among these problems: (problem index, rank).
        self.choices = [
            sorted(
                (
                    (self.problem_index[pid], rank)
                    for pid, rank in s.interests.items()
                    if pid in self.problem_index
                ),
                key=lambda choice: (choice[1], choice[0]),
            )
            for s in self.students
        ]

    def member_value(self, s: int, p: int) -> float:
        return member_value(self.students[s], self.problems[p], self.weights)

    def team_score(self, p: int, r: int | None, members: Iterable[int]):
        professor = None if r is None else self.professors[r]
        return score_team(
            self.problems[p],
            professor,
            [self.students[s] for s in members],
            weights=self.weights,
        )

    def objective(self, assignment: Assignment) -> float:
        return sum(
            self.team_score(p, r, members).total
            for p, (r, members) in sorted(assignment.items())
        )


def prepare(students, problems, professors, *, weights, min_size) -> Prepared:
    return Prepared(
        students=tuple(sorted(students, key=lambda s: s.id)),
        problems=tuple(sorted(problems, key=lambda p: p.id)),
        professors=tuple(sorted(professors, key=lambda r: r.id)),
        weights=weights,
        min_size=min_size,
    )
