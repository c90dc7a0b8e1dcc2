"""The exact model of team formation, solved by HiGHS.

A student–problem variable for every pair would be 80 million columns at province
scale. Most pairs are alike, though: a member who did not choose the problem adds
only what depends on them (placement, availability), whether they prefer the
problem's cluster, their field (coverage) and their level (mix). So the model keeps
a variable per pair only where the student ranked the problem, and places everyone
else through *pools*: a student joins at most one of the generic pool or the pool of
one of their preferred clusters, and each problem takes a number of pool members per
(field it needs, or any field) and level. A pool's members and a problem's seats in
it are matched by counting, which is exact: every set of teams has one way to be
written in the model with the same score, and every solution of the model can be
turned into teams (by field, then by id) that score at least as much. Professors are
pooled the same way, by the set of the problem's fields they know. The model's
optimum is therefore the optimum of the full problem, and HiGHS's bound bounds it.
"""

from collections import deque
from dataclasses import dataclass
from itertools import combinations

from .prepared import Assignment, Prepared
from .records import LEVELS

try:
    import highspy
except ImportError:  # pragma: no cover - the greedy suggestion is the fallback
    highspy = None

# Relative gap at which HiGHS stops and calls the solution optimal.
REL_GAP = 1e-6
INF = float("inf")
ANY = None  # a pool seat open to any field


def available() -> bool:
    return highspy is not None


@dataclass
class MipResult:
    assignment: Assignment | None
    objective: float | None  # the model's objective for it
    bound: float | None
    optimal: bool
    status: str


class _Columns:
    def __init__(self):
        self.cost, self.upper, self.integer = [], [], []
        self.starts, self.index, self.value = [0], [], []
        self.row_lower, self.row_upper = [], []

    def var(self, cost, upper, integer=True):
        self.cost.append(float(cost))
        self.upper.append(float(upper))
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms, lower, upper):
        for col, coef in terms:
            self.index.append(col)
            self.value.append(float(coef))
        self.starts.append(len(self.index))
        self.row_lower.append(float(lower))
        self.row_upper.append(float(upper))


class Model:
    """The model; ``tight`` adds a row per chosen pair (a chosen member only where
    the team exists), which speeds up the MIP and makes its LP a little larger."""

    def __init__(self, prep: Prepared, *, tight=True):
        self.prep = prep
        self.tight = tight
        self.cols = _Columns()
        self.y, self.x, self.h, self.g = {}, {}, {}, {}
        self.slot = {}  # (pool, p, field or ANY, level) -> col; pool = cluster or ANY
        self.cov, self.mix = {}, {}
        self.pr, self.gp, self.zs, self.zg = {}, {}, {}, {}
        self.build_students()
        self.build_teams()
        self.build_professors()

    # -- students -----------------------------------------------------------------

    def build_students(self):
        prep, cols, w = self.prep, self.cols, self.prep.weights
        staffable = set(prep.staffable)
        for p in prep.staffable:
            self.y[p] = cols.var(w.staffed_team, 1)
        team_clusters = {prep.problems[p].cluster for p in staffable}
        # Who may fill pool seats: pool -> level -> field -> columns.
        self.supply = {}
        for s, student in enumerate(prep.students):
            own = []
            for p, _rank in prep.choices[s]:
                if p in staffable:
                    self.x[s, p] = cols.var(prep.member_value(s, p), 1)
                    own.append(self.x[s, p])
            pools = [(c, w.cluster / w.seats) for c in sorted(student.clusters)]
            for pool, bonus in [(ANY, 0.0), *pools]:
                if pool is not ANY and pool not in team_clusters:
                    continue
                col = cols.var(prep.base[s] + bonus, 1)
                if pool is ANY:
                    self.g[s] = col
                else:
                    self.h[s, pool] = col
                own.append(col)
                by_field = self.supply.setdefault(pool, {}).setdefault(
                    student.level, {}
                )
                by_field.setdefault(student.field, []).append(col)
            cols.row([(col, 1) for col in own], -INF, 1)

    # -- teams --------------------------------------------------------------------

    def build_teams(self):
        prep, cols, w = self.prep, self.cols, self.prep.weights
        size = {p: [] for p in prep.staffable}
        by_field = {}  # (p, f) -> columns with that field
        by_level = {}  # (p, level) -> columns
        demand = {}  # (pool, level, field or ANY) -> slot columns
        for p in prep.staffable:
            problem = prep.problems[p]
            for pool in (ANY, problem.cluster):
                for level, fields in sorted(self.supply.get(pool, {}).items()):
                    for f in [*sorted(problem.fields & fields.keys()), ANY]:
                        col = cols.var(0.0, problem.max_size)
                        self.slot[pool, p, f, level] = col
                        size[p].append(col)
                        by_level.setdefault((p, level), []).append(col)
                        if f is not ANY:
                            by_field.setdefault((p, f), []).append(col)
                        demand.setdefault((pool, level, f), []).append(col)
        for (s, p), col in self.x.items():
            student = prep.students[s]
            size[p].append(col)
            by_level.setdefault((p, student.level), []).append(col)
            if student.field in prep.problems[p].fields:
                by_field.setdefault((p, student.field), []).append(col)
        for p in prep.staffable:
            problem, y = prep.problems[p], self.y[p]
            members = [(col, 1) for col in size[p]]
            cols.row([*members, (y, -problem.max_size)], -INF, 0)
            cols.row([*members, (y, -prep.min_size)], 0, INF)
            # Goals and chosen members only where the team exists: implied for
            # integer solutions, but it keeps the LP bound from spreading fractions
            # of teams over more problems than can be staffed.
            for f in sorted(problem.fields):
                if (p, f) in by_field:
                    self.cov[p, f] = col = cols.var(
                        w.coverage / len(problem.fields), 1, integer=False
                    )
                    cols.row([(col, 1), *((c, -1) for c in by_field[p, f])], -INF, 0)
                    cols.row([(col, 1), (y, -1)], -INF, 0)
            if all((p, level) in by_level for level in LEVELS):
                self.mix[p] = col = cols.var(w.level_mix, 1, integer=False)
                for level in LEVELS:
                    cols.row(
                        [(col, 1), *((c, -1) for c in by_level[p, level])], -INF, 0
                    )
                cols.row([(col, 1), (y, -1)], -INF, 0)
        if self.tight:
            for (_s, p), col in self.x.items():
                cols.row([(col, 1), (self.y[p], -1)], -INF, 0)
        self.pool_rows(demand)

    def pool_rows(self, demand):
        cols = self.cols
        for pool, levels in sorted(self.supply.items(), key=lambda kv: _key(kv[0])):
            for level, fields in sorted(levels.items()):
                seats = [
                    (col, -1)
                    for (q, lv, _f), slots in demand.items()
                    if q == pool and lv == level
                    for col in slots
                ]
                members = [(col, 1) for f in sorted(fields) for col in fields[f]]
                cols.row([*members, *seats], 0, 0)
                for f in sorted(fields):
                    slots = demand.get((pool, level, f), [])
                    if slots:
                        terms = [(col, 1) for col in fields[f]]
                        cols.row([*terms, *((col, -1) for col in slots)], 0, INF)

    # -- professors ---------------------------------------------------------------

    def build_professors(self):
        prep, cols, w = self.prep, self.cols, self.prep.weights
        wanted = set()  # sets of fields some problem needs together
        largest = 0
        for p in prep.staffable:
            fields = sorted(prep.problems[p].fields)
            largest = max(largest, len(fields))
            for k in range(1, len(fields) + 1):
                wanted.update(frozenset(c) for c in combinations(fields, k))
        needed = set().union(*wanted)
        supply = {}  # field set -> professor columns
        generic = []
        for r, professor in enumerate(prep.professors):
            seats = prep.seats[r]
            if seats <= 0:
                continue
            known = sorted(professor.expertise & needed)
            own = []
            for k in range(1, min(len(known), largest) + 1):
                for combo in combinations(known, k):
                    if frozenset(combo) in wanted:
                        col = self.pr[r, frozenset(combo)] = cols.var(0.0, seats)
                        supply.setdefault(frozenset(combo), []).append(col)
                        own.append(col)
            self.gp[r] = col = cols.var(0.0, seats)
            generic.append(col)
            own.append(col)
            cols.row([(col, 1) for col in own], -INF, seats)
        demand = {}
        for p in prep.staffable:
            fields = sorted(prep.problems[p].fields)
            options = []
            for k in range(1, len(fields) + 1):
                for combo in combinations(fields, k):
                    if frozenset(combo) in supply:
                        value = w.expertise * k / len(fields)
                        col = self.zs[p, frozenset(combo)] = cols.var(value, 1)
                        demand.setdefault(frozenset(combo), []).append(col)
                        options.append(col)
            if generic:
                self.zg[p] = col = cols.var(0.0, 1)
                options.append(col)
            cols.row([*((col, 1) for col in options), (self.y[p], -1)], 0, 0)
        for combo in sorted(demand, key=sorted):
            terms = [(c, 1) for c in supply[combo]] + [(c, -1) for c in demand[combo]]
            cols.row(terms, 0, INF)
        if generic:
            terms = [(c, 1) for c in generic] + [(c, -1) for c in self.zg.values()]
            cols.row(terms, 0, INF)

    def lp(self):
        cols = self.cols
        lp = highspy.HighsLp()
        lp.num_col_ = len(cols.cost)
        lp.num_row_ = len(cols.row_lower)
        lp.col_cost_ = cols.cost
        lp.col_lower_ = [0.0] * len(cols.cost)
        lp.col_upper_ = cols.upper
        lp.row_lower_ = cols.row_lower
        lp.row_upper_ = cols.row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = lp.num_col_
        lp.a_matrix_.num_row_ = lp.num_row_
        lp.a_matrix_.start_ = cols.starts
        lp.a_matrix_.index_ = cols.index
        lp.a_matrix_.value_ = cols.value
        integer, continuous = (
            highspy.HighsVarType.kInteger,
            highspy.HighsVarType.kContinuous,
        )
        lp.integrality_ = [integer if i else continuous for i in cols.integer]
        lp.sense_ = highspy.ObjSense.kMaximize
        return lp

    # -- solutions ----------------------------------------------------------------

    def values_of(self, assignment: Assignment) -> list[float]:
        """The columns' values for a set of teams (the warm start)."""
        prep = self.prep
        values = [0.0] * len(self.cols.cost)
        for p, (r, members) in assignment.items():
            problem = prep.problems[p]
            values[self.y[p]] = 1.0
            fields, levels = set(), set()
            for s in members:
                student = prep.students[s]
                fields.add(student.field)
                levels.add(student.level)
                if (s, p) in self.x:
                    values[self.x[s, p]] = 1.0
                    continue
                pool = problem.cluster if (s, problem.cluster) in self.h else ANY
                member = self.h[s, pool] if pool is not ANY else self.g[s]
                values[member] = 1.0
                f = student.field if student.field in problem.fields else ANY
                values[self.slot[pool, p, f, student.level]] += 1
            for f in problem.fields & fields:
                values[self.cov[p, f]] = 1.0
            if levels.issuperset(LEVELS):
                values[self.mix[p]] = 1.0
            known = problem.fields & prep.professors[r].expertise
            if known:
                values[self.pr[r, known]] += 1
                values[self.zs[p, known]] = 1.0
            else:
                values[self.gp[r]] += 1
                values[self.zg[p]] = 1.0
        return values

    def assignment_of(self, values) -> Assignment:
        """Teams from the columns' values: pool seats that need a field go to pool
        members of that field first, then the open seats, each by id (indices are in
        id order); professors go to problems the same way."""
        prep = self.prep

        def on(col):
            return round(values[col])

        staffed = [p for p in prep.staffable if on(self.y[p])]
        members = {p: [] for p in staffed}
        for (s, p), col in self.x.items():
            if on(col):
                members[p].append(s)
        pooled = {}  # (pool, level) -> field -> students in index order
        joined = [(ANY, s, col) for s, col in self.g.items()]
        joined += [(pool, s, col) for (s, pool), col in self.h.items()]
        for pool, s, col in sorted(joined, key=lambda row: row[1]):
            if on(col):
                student = prep.students[s]
                fields = pooled.setdefault((pool, student.level), {})
                fields.setdefault(student.field, deque()).append(s)
        seats = [
            (key, on(col))
            for key, col in self.slot.items()
            if key[1] in members and on(col)
        ]
        for (pool, p, f, level), count in seats:
            if f is not ANY:
                queue = pooled[pool, level][f]
                members[p].extend(queue.popleft() for _ in range(count))
        for (pool, p, f, level), count in seats:
            if f is ANY:
                fields = pooled.get((pool, level), {})
                for _ in range(count):
                    queue = min((q for q in fields.values() if q), key=lambda q: q[0])
                    members[p].append(queue.popleft())
        professors = self.professors_of(values, staffed)
        return {p: (professors[p], tuple(sorted(members[p]))) for p in staffed}

    def professors_of(self, values, staffed):
        staffed = set(staffed)
        pools = {}  # field set or ANY -> professors in index order, once per seat
        for (r, combo), col in self.pr.items():
            pools.setdefault(combo, []).extend([r] * round(values[col]))
        pools[ANY] = [
            r for r, col in self.gp.items() for _ in range(round(values[col]))
        ]
        pools = {combo: deque(sorted(rs)) for combo, rs in pools.items()}
        chosen = {}
        options = [(p, combo, col) for (p, combo), col in self.zs.items()]
        options += [(p, ANY, col) for p, col in self.zg.items()]
        for p, combo, col in sorted(options, key=lambda row: row[0]):
            if round(values[col]) and p in staffed and p not in chosen:
                chosen[p] = pools[combo].popleft()
        return chosen


def _key(value):
    """Sort key putting ANY first and field sets in a stable order."""
    if value is ANY:
        return (0, ())
    if isinstance(value, frozenset):
        return (1, tuple(sorted(value)))
    return (1, (value,))


OPTIONS = {
    "output_flag": False,
    # One thread and a fixed seed: the same input gives the same search.
    "threads": 1,
    "parallel": "off",
    "random_seed": 0,
    "mip_rel_gap": REL_GAP,
}


def _highs(model, time_limit, **options):
    highs = highspy.Highs()
    for name, value in {**OPTIONS, **options}.items():
        highs.setOptionValue(name, value)
    highs.setOptionValue("time_limit", max(float(time_limit), 0.001))
    highs.passModel(model.lp())
    return highs


def solve(
    prep: Prepared, warm: Assignment | None, *, time_limit: float, gap=REL_GAP
) -> MipResult:
    """Solve the model within ``time_limit`` seconds, starting from ``warm``."""
    if highspy is None:
        return MipResult(None, None, None, False, "highspy is not installed")
    model = Model(prep)
    highs = _highs(model, time_limit, mip_rel_gap=gap)
    if warm is not None:
        start = highspy.HighsSolution()
        start.col_value = model.values_of(warm)
        start.value_valid = True
        highs.setSolution(start)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    found = (
        info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    )
    assignment = model.assignment_of(highs.getSolution().col_value) if found else None
    return MipResult(
        assignment=assignment,
        objective=info.objective_function_value if found else None,
        bound=info.mip_dual_bound,
        optimal=status == highspy.HighsModelStatus.kOptimal,
        status=highs.modelStatusToString(status),
    )


def relaxation_bound(prep: Prepared, *, time_limit: float) -> float | None:
    """The LP relaxation's optimum (an upper bound on any suggestion), by the
    interior point method, or None if it does not finish in time."""
    if highspy is None:
        return None
    model = Model(prep, tight=False)
    highs = _highs(model, time_limit, solver="ipm", solve_relaxation=True)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return highs.getInfo().objective_function_value
