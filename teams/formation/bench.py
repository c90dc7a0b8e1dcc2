"""The suggester on seeded instances of three sizes, against its targets."""

from dataclasses import dataclass

from .checks import check_hard_constraints
from .instances import generate
from .suggester import suggest


@dataclass(frozen=True)
class Target:
    students: int
    problems: int
    seconds: float  # at most
    ratio: float  # objective / bound, at least
    proven: bool = False  # the optimum must be proven

    @property
    def name(self):
        return f"{self.students}/{self.problems}"


TARGETS = (
    Target(200, 40, seconds=2.0, ratio=0.9995, proven=True),
    Target(2000, 400, seconds=10.0, ratio=0.99),
    Target(20000, 4000, seconds=60.0, ratio=0.97),
)
# The suggester's own budget leaves room for what follows the solve.
BUDGET_SHARE = 0.9


def run(target: Target, *, weights, min_size, seed=1):
    """Measure one instance: (its line, what missed a target)."""
    instance = generate(target.students, target.problems, seed=seed)
    suggestion = suggest(
        instance.students,
        instance.problems,
        instance.professors,
        weights=weights,
        min_size=min_size,
        time_limit=target.seconds * BUDGET_SHARE,
    )
    broken = check_hard_constraints(
        suggestion,
        instance.students,
        instance.problems,
        instance.professors,
        min_size=min_size,
    )
    ratio = suggestion.objective / suggestion.bound if suggestion.bound else 1.0
    line = (
        f"formation {target.name} seconds={suggestion.seconds:.2f} "
        f"objective={suggestion.objective:.2f} bound={suggestion.bound:.2f} "
        f"ratio={ratio:.3f} hard_constraints={'broken' if broken else 'ok'}"
    )
    misses = [f"{target.name}: {sentence}" for sentence in broken]
    if suggestion.seconds > target.seconds:
        misses.append(
            f"{target.name}: took {suggestion.seconds:.2f} s > {target.seconds} s"
        )
    if ratio < target.ratio:
        misses.append(f"{target.name}: ratio {ratio:.4f} < {target.ratio}")
    if target.proven and not suggestion.proven_optimal:
        misses.append(f"{target.name}: the optimum is not proven")
    return line, misses, suggestion
