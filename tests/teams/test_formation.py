"""The team-formation suggester (teams.formation): scores, hard constraints,
explanations, determinism and optimality, on hand-made, generated and random
instances. No database."""

import dataclasses
import io
import itertools
import math
import random
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from teams.formation import (
    GOAL_LABELS,
    REASONS,
    ProblemIn,
    ProfessorIn,
    StudentIn,
    Suggestion,
    TeamOut,
    Weights,
    check_hard_constraints,
    mip,
    parts,
    score_team,
    suggest,
    suggester,
    weights_from_settings,
)
from teams.formation.bench import Target
from teams.formation.greedy import greedy
from teams.formation.instances import generate
from teams.formation.prepared import prepare

W = Weights()


def close(a, b, tolerance=1e-6):
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def solve(instance, *, min_size=4, time_limit=10.0, weights=W):
    return suggest(
        instance.students,
        instance.problems,
        instance.professors,
        weights=weights,
        min_size=min_size,
        time_limit=time_limit,
    )


def broken(suggestion, instance, *, min_size=4):
    return check_hard_constraints(
        suggestion,
        instance.students,
        instance.problems,
        instance.professors,
        min_size=min_size,
    )


def without_time(suggestion):
    return dataclasses.replace(suggestion, seconds=0.0)


@pytest.fixture(scope="module")
def province():
    """The benchmark's smallest instance and its suggestion."""
    instance = generate(200, 40, seed=1)
    return instance, solve(instance)


# -- scoring ------------------------------------------------------------------------


def test_score_team_follows_the_documented_formulas():
    problem = ProblemIn(id=7, fields=frozenset({1, 2, 3}), max_size=6, cluster=5)
    professor = ProfessorIn(id=1, expertise=frozenset({1, 3, 9}), free=1)
    team = [
        StudentIn(1, field=1, level="bsc", weekly_hours=6, interests={7: 1}),
        StudentIn(2, field=2, level="msc", weekly_hours=20, interests={7: 3}),
        StudentIn(3, field=2, level="bsc", weekly_hours=12, clusters=frozenset({5})),
        StudentIn(4, field=8, level="bsc", weekly_hours=3, interests={9: 1}),
    ]

    score = score_team(problem, professor, team, weights=W)

    assert close(score.coverage, 2 / 3)
    assert close(score.interest, (1.0 + 0.3) / 6)
    assert close(score.expertise, 2 / 3)
    assert score.level_mix == 1.0
    assert close(score.availability, (0.5 + 1 + 1 + 0.25) / 6)
    assert close(score.cluster, 1 / 6)
    assert close(score.staffing, 10 + 2 * 4)
    assert close(
        score.total,
        18 + 3 * 2 / 3 + 2 * 1.3 / 6 + 1.5 * 2 / 3 + 0.5 + 1 * 2.75 / 6 + 0.5 / 6,
    )


def test_score_team_without_professor_or_members():
    problem = ProblemIn(id=7, fields=frozenset({1}), max_size=6, cluster=5)
    student = StudentIn(1, field=1, level="bsc", weekly_hours=12)

    assert score_team(problem, None, [student], weights=W).expertise == 0.0
    assert score_team(problem, None, [], weights=W).total == 0.0


def test_weights_come_from_settings(settings):
    settings.PORTAL = {
        **settings.PORTAL,
        "TEAM_MAX_SIZE": 5,
        "FORMATION_WEIGHTS": {"coverage": 7.0, "interest_ranks": [1.0, 0.5]},
    }

    weights = weights_from_settings()

    assert weights.coverage == 7.0
    assert weights.interest_ranks == (1.0, 0.5)
    assert weights.seats == 5
    assert weights.expertise == Weights().expertise


def test_unknown_weight_is_refused(settings):
    settings.PORTAL = {**settings.PORTAL, "FORMATION_WEIGHTS": {"coverge": 1.0}}

    with pytest.raises(ValueError, match="coverge"):
        weights_from_settings()


def test_the_settings_weights_are_the_documented_defaults():
    assert weights_from_settings() == Weights()


# -- suggestions on the benchmark's small instance ----------------------------------


def test_suggestion_keeps_hard_constraints_and_is_proven_optimal(province):
    instance, suggestion = province

    assert broken(suggestion, instance) == []
    assert suggestion.solver == "highs"
    assert suggestion.proven_optimal
    assert suggestion.objective <= suggestion.bound + 1e-6
    assert suggestion.objective / suggestion.bound > 0.9999


def test_team_scores_add_up_to_the_objective(province):
    instance, suggestion = province
    students = {s.id: s for s in instance.students}
    problems = {p.id: p for p in instance.problems}
    professors = {r.id: r for r in instance.professors}

    for team in suggestion.teams:
        again = score_team(
            problems[team.problem_id],
            professors[team.professor_id],
            [students[s] for s in team.student_ids],
            weights=W,
        )
        assert again == team.score
    assert close(sum(t.score.total for t in suggestion.teams), suggestion.objective)


def test_the_model_scores_any_set_of_teams_exactly(province):
    """The pooled model gives the greedy teams the same score as score_team does,
    and teams read back from the model's values score at least as much: so the
    model's optimum is the optimum of the teams themselves."""
    instance, _ = province
    prep = prepare(
        instance.students,
        instance.problems,
        instance.professors,
        weights=W,
        min_size=4,
    )
    teams = greedy(prep)
    model = mip.Model(prep)

    values = model.values_of(teams)

    modelled = sum(c * v for c, v in zip(model.cols.cost, values, strict=True))
    assert close(modelled, prep.objective(teams))
    assert prep.objective(model.assignment_of(values)) >= prep.objective(teams) - 1e-6


def test_the_suggestion_beats_the_greedy_one(province):
    instance, suggestion = province
    prep = prepare(
        instance.students, instance.problems, instance.professors, weights=W, min_size=4
    )

    assert suggestion.objective > prep.objective(greedy(prep)) * 1.01


def test_same_input_in_any_order_gives_the_same_suggestion(province):
    instance, suggestion = province
    shuffled = random.Random(3)
    students, problems, professors = (
        list(instance.students),
        list(instance.problems),
        list(instance.professors),
    )
    for rows in (students, problems, professors):
        shuffled.shuffle(rows)

    again = suggest(students, problems, professors, weights=W, min_size=4)

    assert without_time(again) == without_time(suggestion)


def test_greedy_suggestion_when_highspy_is_missing(province, monkeypatch):
    instance, optimal = province
    monkeypatch.setattr(mip, "highspy", None)

    suggestion = solve(instance)

    assert suggestion.solver == "greedy"
    assert not suggestion.proven_optimal
    assert broken(suggestion, instance) == []
    assert optimal.bound <= suggestion.bound < math.inf
    assert suggestion.objective <= optimal.objective


def test_large_instances_are_solved_by_parts_with_the_lp_bound(monkeypatch):
    instance = generate(400, 80, seed=1)
    whole = solve(instance)
    monkeypatch.setattr(suggester, "FULL_MODEL_PROBLEMS", 30)
    monkeypatch.setattr(parts, "PART_PROBLEMS", 40)

    by_parts = solve(instance)

    assert broken(by_parts, instance) == []
    assert by_parts.solver == "highs"
    assert not by_parts.proven_optimal
    # The LP bound holds for the whole problem and is close to its optimum; the
    # parts come close to the optimum too.
    assert whole.objective <= by_parts.bound <= whole.objective * 1.001
    assert by_parts.objective >= 0.98 * whole.objective


def test_a_budget_too_short_for_the_parts_keeps_the_greedy_teams(monkeypatch):
    instance = generate(400, 80, seed=1)
    monkeypatch.setattr(suggester, "FULL_MODEL_PROBLEMS", 30)
    monkeypatch.setattr(parts, "PART_PROBLEMS", 40)

    suggestion = solve(instance, time_limit=1.0)

    assert suggestion.solver == "greedy"
    assert suggestion.seconds < 1.0
    assert broken(suggestion, instance) == []


def test_a_professor_who_knows_every_one_of_many_needed_fields_counts_fully():
    problem = ProblemIn(id=1, fields=frozenset({1, 2, 3, 4}), max_size=2, cluster=1)
    professors = [
        ProfessorIn(id=1, expertise=frozenset({4}), free=1),
        ProfessorIn(id=2, expertise=frozenset({1, 2, 3, 4, 5}), free=1),
    ]
    students = [StudentIn(s, field=1, level="bsc", weekly_hours=8) for s in (1, 2)]

    suggestion = suggest(students, [problem], professors, weights=W, min_size=2)

    (team,) = suggestion.teams
    assert team.professor_id == 2 and team.score.expertise == 1.0
    assert suggestion.proven_optimal
    assert suggestion.objective <= suggestion.bound + 1e-6


# -- explanations -------------------------------------------------------------------


def test_each_team_explains_itself():
    problem = ProblemIn(id=10, fields=frozenset({1, 2, 3}), max_size=2, cluster=1)
    professors = [
        ProfessorIn(id=1, expertise=frozenset({9}), free=1),
        ProfessorIn(id=2, expertise=frozenset({2, 3}), free=1),
    ]
    students = [
        StudentIn(5, field=1, level="bsc", weekly_hours=10, interests={10: 2}),
        StudentIn(6, field=2, level="msc", weekly_hours=10),
    ]

    suggestion = suggest(students, [problem], professors, weights=W, min_size=2)

    (team,) = suggestion.teams
    assert team == TeamOut(
        problem_id=10,
        professor_id=2,
        student_ids=(5, 6),
        score=team.score,
        covered_fields=frozenset({1, 2}),
        missing_fields=frozenset({3}),
        honoured=((5, 2),),
        professor_matches=frozenset({2, 3}),
    )
    assert suggestion.unstaffed == () and suggestion.leftover == ()


def test_unstaffed_problems_say_why_and_leftover_students_are_listed():
    problems = [
        ProblemIn(id=p, fields=frozenset({1}), max_size=4, cluster=1) for p in (1, 2, 3)
    ]
    professor = ProfessorIn(id=1, expertise=frozenset({1}), free=2)
    students = [StudentIn(s, field=1, level="bsc", weekly_hours=8) for s in range(20)]

    suggestion = suggest(students, problems, [professor], weights=W, min_size=2)

    assert len(suggestion.teams) == 2
    assert [u.reason for u in suggestion.unstaffed] == ["no_professor"]
    assert len(suggestion.leftover) == 12
    assert suggestion.unstaffed[0].label == REASONS["no_professor"]


def test_too_few_students_is_the_reason_when_students_run_out():
    problems = [
        ProblemIn(id=p, fields=frozenset({p}), max_size=4, cluster=1) for p in (1, 2)
    ]
    professor = ProfessorIn(id=1, expertise=frozenset(), free=5)
    students = [
        StudentIn(s, field=1, level="bsc", weekly_hours=8, interests={1: 1})
        for s in range(5)
    ]

    suggestion = suggest(students, problems, [professor], weights=W, min_size=4)

    assert [t.problem_id for t in suggestion.teams] == [1]
    assert [(u.problem_id, u.reason) for u in suggestion.unstaffed] == [
        (2, "too_few_students")
    ]
    assert len(suggestion.leftover) == 1


def test_a_problem_left_for_a_better_use_of_its_students_is_not_chosen():
    only_interest = Weights(
        staffed_team=0, placed_student=0, coverage=0, expertise=0, level_mix=0,
        availability=0, cluster=0,
    )  # fmt: skip
    problems = [
        ProblemIn(id=p, fields=frozenset({1}), max_size=4, cluster=1) for p in (1, 2)
    ]
    professor = ProfessorIn(id=1, expertise=frozenset(), free=2)
    students = [
        StudentIn(s, field=1, level="bsc", weekly_hours=8, interests={1: 1})
        for s in range(4)
    ]

    suggestion = suggest(
        students, problems, [professor], weights=only_interest, min_size=2
    )

    assert [t.student_ids for t in suggestion.teams] == [(0, 1, 2, 3)]
    assert [(u.problem_id, u.reason) for u in suggestion.unstaffed] == [
        (2, "not_chosen")
    ]


def test_reasons_and_goal_labels_are_translated():
    for label in [*REASONS.values(), *GOAL_LABELS.values()]:
        with translation.override("en"):
            english = str(label)
        with translation.override("fa"):
            assert str(label) != english


# -- the hard-constraint check ------------------------------------------------------


def test_check_names_every_broken_hard_constraint():
    problems = [ProblemIn(id=1, fields=frozenset({1}), max_size=4, cluster=1)]
    problems.append(ProblemIn(id=2, fields=frozenset({1}), max_size=4, cluster=1))
    professors = [ProfessorIn(id=1, expertise=frozenset(), free=1)]
    students = [StudentIn(s, field=1, level="bsc", weekly_hours=8) for s in range(8)]
    score = score_team(problems[0], None, [], weights=W)
    teams = (
        TeamOut(
            1, 1, (0, 1, 2, 3, 4), score, frozenset(), frozenset(), (), frozenset()
        ),
        TeamOut(2, 1, (4, 5, 99), score, frozenset(), frozenset(), (), frozenset()),
    )
    suggestion = Suggestion(teams, (), (6,), 0.0, 0.0, False, "greedy", 0.0)

    messages = check_hard_constraints(
        suggestion, students, problems, professors, min_size=4
    )

    assert messages == [
        "team for problem 1 has 5 members, not 4–4",
        "team for problem 2 has 3 members, not 4–4",
        "professor 1 has 2 teams but 1 seats",
        "student 4 is in 2 teams",
        "student 99 is not available",
        "the leftover students are not exactly those in no team",
    ]


# -- property tests on random small instances ---------------------------------------


@st.composite
def tiny_instances(draw):
    """≤ 7 students, ≤ 2 problems, ≤ 2 professors; teams of 2 to max_size."""
    problem_ids = draw(st.lists(st.integers(1, 9), min_size=1, max_size=2, unique=True))
    problems = [
        ProblemIn(
            id=p,
            fields=frozenset(draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))),
            max_size=draw(st.integers(2, 4)),
            cluster=draw(st.integers(1, 2)),
        )
        for p in problem_ids
    ]
    professors = [
        ProfessorIn(
            id=r,
            expertise=frozenset(draw(st.sets(st.integers(1, 3), max_size=2))),
            free=draw(st.integers(0, 2)),
        )
        for r in draw(st.lists(st.integers(1, 9), max_size=2, unique=True))
    ]
    students = []
    for s in draw(st.lists(st.integers(1, 50), max_size=7, unique=True)):
        chosen = draw(st.permutations(problem_ids))[: draw(st.integers(0, 2))]
        students.append(
            StudentIn(
                id=s,
                field=draw(st.integers(1, 3)),
                level=draw(st.sampled_from(["bsc", "msc"])),
                weekly_hours=draw(st.integers(1, 20)),
                interests={p: rank for rank, p in enumerate(chosen, start=1)},
                clusters=frozenset(draw(st.sets(st.integers(1, 2), max_size=2))),
            )
        )
    return students, problems, professors


def brute_force(students, problems, professors, *, min_size):
    """The best total over every way to place students and professors."""
    best = 0.0
    for places in itertools.product([None, *problems], repeat=len(students)):
        teams = {
            p.id: [s for s, q in zip(students, places, strict=True) if q is p]
            for p in problems
        }
        staffed = [p for p in problems if teams[p.id]]
        if any(not min_size <= len(teams[p.id]) <= p.max_size for p in staffed):
            continue
        for chosen in itertools.product(professors, repeat=len(staffed)):
            if any(chosen.count(r) > r.free for r in professors):
                continue
            total = sum(
                score_team(p, r, teams[p.id], weights=W).total
                for p, r in zip(staffed, chosen, strict=True)
            )
            best = max(best, total)
    return best


PROPERTY = hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(tiny_instances())
def test_random_suggestions_keep_every_hard_constraint(instance):
    students, problems, professors = instance

    suggestion = suggest(students, problems, professors, weights=W, min_size=2)

    assert (
        check_hard_constraints(suggestion, students, problems, professors, min_size=2)
        == []
    )
    assert close(sum(t.score.total for t in suggestion.teams), suggestion.objective)
    assert suggestion.objective <= suggestion.bound + 1e-6
    if students and any(p.max_size >= 2 for p in problems):
        assert suggestion.solver == "highs"  # not the greedy fallback


@PROPERTY
@given(tiny_instances(), st.randoms(use_true_random=False))
def test_random_suggestions_do_not_depend_on_input_order(instance, rng):
    students, problems, professors = instance
    first = suggest(students, problems, professors, weights=W, min_size=2)
    for rows in (students, problems, professors):
        rng.shuffle(rows)

    again = suggest(students, problems, professors, weights=W, min_size=2)

    assert without_time(again) == without_time(first)


@PROPERTY
@given(tiny_instances())
def test_random_suggestions_are_the_brute_force_optimum(instance):
    students, problems, professors = instance

    suggestion = suggest(students, problems, professors, weights=W, min_size=2)

    best = brute_force(students, problems, professors, min_size=2)
    assert close(suggestion.objective, best), (suggestion.objective, best)
    assert suggestion.proven_optimal


@hypothesis_settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(st.integers(0, 10**6), st.integers(8, 80), st.integers(2, 16), st.integers(2, 4))
def test_generated_instances_keep_every_hard_constraint(seed, students, problems, size):
    instance = generate(students, problems, seed=seed)

    suggestion = solve(instance, min_size=size)

    assert broken(suggestion, instance, min_size=size) == []
    assert suggestion.objective <= suggestion.bound + 1e-6
    assert without_time(solve(instance, min_size=size)) == without_time(suggestion)


# -- the benchmark command ----------------------------------------------------------


def test_bench_prints_one_line_per_instance():
    out = io.StringIO()

    call_command("bench_formation", only=["200/40"], stdout=out)

    (line,) = out.getvalue().splitlines()
    assert re.fullmatch(
        r"formation 200/40 seconds=\d+\.\d\d objective=\d+\.\d\d bound=\d+\.\d\d "
        r"ratio=1\.000 hard_constraints=ok",
        line,
    )


def test_bench_fails_when_a_target_is_missed(monkeypatch):
    from teams.management.commands import bench_formation

    impossible = Target(200, 40, seconds=0.0, ratio=1.5, proven=True)
    monkeypatch.setattr(bench_formation, "TARGETS", (impossible,))

    with pytest.raises(CommandError) as missed:
        call_command("bench_formation", stdout=io.StringIO())

    message = str(missed.value)
    assert "200/40: took" in message
    assert "< 1.5" in message
    assert "200/40: the optimum is not proven" in message
