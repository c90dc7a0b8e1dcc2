"""Benchmark the team-formation suggester on seeded instances (no database).

One line per instance: ``formation <students>/<problems> seconds=<s> objective=<v>
bound=<b> ratio=<v/b> hard_constraints=ok``; the command fails, naming what missed,
if a hard constraint breaks or a target is missed.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from teams.formation import weights_from_settings
from teams.formation.bench import TARGETS, run
from teams.models import team_size_limits


class Command(BaseCommand):
    help = "Run the team-formation suggester on seeded instances against its targets."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--only", action="append", help="an instance such as 200/40 (repeatable)"
        )
        parser.add_argument(
            "--details", action="store_true", help="also print teams and reasons"
        )

    def handle(self, *args, seed, only, details, **options):
        weights = weights_from_settings()
        min_size, _ = team_size_limits()
        targets = [t for t in TARGETS if not only or t.name in only]
        if not targets:
            raise CommandError(f"No such instance: {', '.join(only)}")
        misses = []
        for target in targets:
            line, missed, suggestion = run(
                target, weights=weights, min_size=min_size, seed=seed
            )
            self.stdout.write(line)
            if details:
                reasons = Counter(u.reason for u in suggestion.unstaffed)
                self.stdout.write(
                    f"  solver={suggestion.solver} "
                    f"proven={suggestion.proven_optimal} "
                    f"teams={len(suggestion.teams)} "
                    f"leftover={len(suggestion.leftover)} "
                    f"unstaffed={dict(sorted(reasons.items()))}"
                )
            misses += missed
        if misses:
            raise CommandError("Missed: " + "; ".join(misses))
