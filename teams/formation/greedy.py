"""A fast greedy suggestion: the MIP's warm start and its fallback.

It staffs as many problems as professors and students allow (those most wanted
first), gives each its smallest team by best marginal value, then places the rest:
ranked interests first, then missing fields, then the missing level, then everyone
else by availability, preferring teams in their preferred clusters. Professors go
to teams by best expertise match.
"""

from collections import defaultdict

from .prepared import Assignment, Prepared
from .records import LEVELS


class _Queue:
    """Students in a fixed order; the head skips the ones already placed."""

    __slots__ = ("items", "pos")

    def __init__(self, items):
        self.items = items
        self.pos = 0

    def head(self, placed):
        items, pos = self.items, self.pos
        while pos < len(items) and placed[items[pos]]:
            pos += 1
        self.pos = pos
        return items[pos] if pos < len(items) else None


class _Team:
    __slots__ = ("problem", "capacity", "members", "covered", "levels")

    def __init__(self, problem, capacity):
        self.problem = problem
        self.capacity = capacity
        self.members = []
        self.covered = set()
        self.levels = set()

    @property
    def room(self):
        return len(self.members) < self.capacity

    @property
    def mixed(self):
        return self.levels.issuperset(LEVELS)


class Greedy:
    def __init__(self, prep: Prepared):
        self.prep = prep
        self.placed = [False] * len(prep.students)
        self.teams: dict[int, _Team] = {}
        students = prep.students
        by_value = sorted(
            range(len(students)), key=lambda s: (-prep.base[s], students[s].id)
        )
        self.everyone = _Queue(by_value)
        self.by_field = self._queues(by_value, lambda s: [students[s].field])
        self.by_level = self._queues(by_value, lambda s: [students[s].level])
        self.by_cluster = self._queues(by_value, lambda s: sorted(students[s].clusters))
        self.by_level_cluster = self._queues(
            by_value,
            lambda s: [(students[s].level, c) for c in sorted(students[s].clusters)],
        )
        wanted = defaultdict(list)
        for s, choices in enumerate(prep.choices):
            for p, rank in choices:
                wanted[p].append((rank, -prep.base[s], students[s].id, s))
        self.wanted = {
            p: _Queue([row[-1] for row in sorted(rows)]) for p, rows in wanted.items()
        }

    @staticmethod
    def _queues(order, keys_of):
        lists = defaultdict(list)
        for s in order:
            for key in keys_of(s):
                lists[key].append(s)
        return {key: _Queue(items) for key, items in lists.items()}

    # -- values -------------------------------------------------------------------

    def marginal(self, s, team):
        prep, w = self.prep, self.prep.weights
        student, problem = prep.students[s], prep.problems[team.problem]
        value = prep.member_value(s, team.problem)
        if student.field in problem.fields and student.field not in team.covered:
            value += w.coverage / len(problem.fields)
        if (
            not team.mixed
            and team.levels
            and team.levels | {student.level} >= set(LEVELS)
        ):
            value += w.level_mix
        return value

    def add(self, s, team):
        student = self.prep.students[s]
        team.members.append(s)
        team.covered.add(student.field)
        team.levels.add(student.level)
        self.placed[s] = True

    def best_of(self, candidates, team):
        candidates = {s for s in candidates if s is not None}
        if not candidates:
            return None
        students = self.prep.students
        return max(
            sorted(candidates, key=lambda s: students[s].id),
            key=lambda s: self.marginal(s, team),
        )

    # -- phases -------------------------------------------------------------------

    def run(self) -> Assignment:
        self.staff()
        self.fill()
        return self.with_professors()

    def staff(self):
        prep = self.prep
        demand = defaultdict(float)
        for choices in prep.choices:
            for p, rank in choices:
                demand[p] += prep.weights.rank_weight(rank)
        order = sorted(prep.staffable, key=lambda p: (-demand[p], prep.problems[p].id))
        max_teams = min(len(order), sum(prep.seats))
        remaining = len(prep.students)
        for p in order:
            if len(self.teams) >= max_teams or remaining < prep.min_size:
                break
            team = _Team(p, prep.problems[p].max_size)
            for _ in range(prep.min_size):
                self.add(self.best_of(self.heads(team), team), team)
            remaining -= prep.min_size
            self.teams[p] = team

    def heads(self, team):
        placed, problem = self.placed, self.prep.problems[team.problem]
        queues = [self.everyone, self.wanted.get(team.problem)]
        queues += [self.by_field.get(f) for f in problem.fields - team.covered]
        queues.append(self.by_cluster.get(problem.cluster))
        if team.levels and not team.mixed:
            queues += [self.by_level.get(level) for level in set(LEVELS) - team.levels]
        return [q.head(placed) for q in queues if q is not None]

    def fill(self):
        prep, placed = self.prep, self.placed
        teams = [self.teams[p] for p in sorted(self.teams)]
        max_rank = max((r for cs in prep.choices for _, r in cs), default=0)
        for rank in range(1, max_rank + 1):
            for s, choices in enumerate(prep.choices):
                for p, r in choices:
                    team = self.teams.get(p)
                    if r == rank and not placed[s] and team and team.room:
                        self.add(s, team)
        for team in teams:
            for f in sorted(prep.problems[team.problem].fields - team.covered):
                s = self.by_field[f].head(placed) if f in self.by_field else None
                if s is not None and team.room:
                    self.add(s, team)
        for team in teams:
            if team.room and team.levels and not team.mixed:
                (level,) = set(LEVELS) - team.levels
                cluster = prep.problems[team.problem].cluster
                s = self.head_of(self.by_level_cluster.get((level, cluster)))
                if s is None:
                    s = self.head_of(self.by_level.get(level))
                if s is not None:
                    self.add(s, team)
        self.fill_rest(teams)

    def head_of(self, queue):
        return None if queue is None else queue.head(self.placed)

    def fill_rest(self, teams):
        prep = self.prep
        in_cluster = defaultdict(list)
        for team in teams:
            in_cluster[prep.problems[team.problem].cluster].append(team)
        pointers = defaultdict(int)

        def next_with_room(key, rows):
            while pointers[key] < len(rows) and not rows[pointers[key]].room:
                pointers[key] += 1
            return rows[pointers[key]] if pointers[key] < len(rows) else None

        for s in self.everyone.items:
            if self.placed[s]:
                continue
            options = [
                next_with_room(c, in_cluster[c])
                for c in sorted(prep.students[s].clusters)
                if c in in_cluster
            ]
            options = [team for team in options if team is not None]
            if not options:
                team = next_with_room(None, teams)
                if team is None:
                    break
                options = [team]
            best = max(
                options, key=lambda team: (self.marginal(s, team), -team.problem)
            )
            self.add(s, best)

    def with_professors(self) -> Assignment:
        prep = self.prep
        free = list(prep.seats)
        knows = defaultdict(list)
        for r, professor in enumerate(prep.professors):
            for f in professor.expertise:
                knows[f].append(r)
        chosen = {}
        for p in sorted(self.teams):
            fields = prep.problems[p].fields
            options = {r for f in fields for r in knows.get(f, ()) if free[r] > 0}
            if options:
                r = max(
                    sorted(options),
                    key=lambda r: len(fields & prep.professors[r].expertise),
                )
                chosen[p] = r
                free[r] -= 1
        spare = iter([r for r in range(len(free)) for _ in range(free[r])])
        for p in sorted(self.teams):
            if p not in chosen:
                chosen[p] = next(spare)
        return {
            p: (chosen[p], tuple(sorted(team.members)))
            for p, team in self.teams.items()
        }


def greedy(prep: Prepared) -> Assignment:
    return Greedy(prep).run()
