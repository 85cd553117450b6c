"""The library's front door: one call per thing a person asks for.

Each call builds one request (:class:`~mealfix.model.request.PlanRequest`), makes it a checked
case (``model``), solves it (``solve``), explains it (``explain``) and returns an immutable
result (``output``). The CLI and the batch runner call these and only format what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, SolverError, UsageError
from mealfix.explain.costs import budget_curve as _curve
from mealfix.explain.gaps import GapsReport, gaps_report
from mealfix.explain.hei_day import day_hei
from mealfix.explain.noplan import NoPlanReport, report
from mealfix.explain.suspects import SuspectReport, suspect_report
from mealfix.explain.usual import DayScore, measure, measure_case
from mealfix.inputs import files
from mealfix.inputs.arguments import grams as grams_by_food
from mealfix.inputs.arguments import numbers_list, whole_number, words
from mealfix.inputs.diet import find_one
from mealfix.inputs.foods import load_current, load_foods
from mealfix.inputs.lookup import nutrient_words
from mealfix.inputs.person import Person
from mealfix.inputs.symptoms import load_symptoms, symptom_words
from mealfix.inputs.targets import TargetTable, load_targets
from mealfix.model.case import Case, make_case
from mealfix.model.day import setup_matrix
from mealfix.model.meals import with_plates_fixed
from mealfix.model.request import PlanRequest, WeekRequest
from mealfix.model.setup import Setup
from mealfix.output.build import build_plan, build_week
from mealfix.output.results import Plan, WeekPlan
from mealfix.solve import backends
from mealfix.solve.highs import Engine
from mealfix.solve.rounding import DayValues, duals_fixed, rounded, settle_amounts
from mealfix.solve.settings import SolverSettings
from mealfix.solve.settle import Settled, checked, solve_case
from mealfix.solve.status import Outcome
from mealfix.solve.week import solve_week

if TYPE_CHECKING:
    import pulp


def plan(person: Person | None = None, **options: Any) -> Plan:
    """A checked one-day plan for ``person``; ``options`` are :class:`PlanRequest`'s fields.

    Raises :class:`~mealfix.errors.InfeasiblePlan` when no day meets every target (see
    :func:`plan_or_report` for the report that says how close a day gets).

    >>> from mealfix import Person, plan
    >>> day = plan(Person(sex="female", age=34), diet="vegan", suspect=["magnesium"])
    >>> day.status.startswith("within 1 % of the best day") or day.proven_optimal
    True
    """
    return plan_for(PlanRequest.of(person, **options))


def plan_for(request: PlanRequest, *, engine: Engine | None = None) -> Plan:
    """The plan for a request (``engine``: a HiGHS engine kept between plans, as a batch does)."""
    settings = SolverSettings.of(request)
    return build_plan(solve_case(make_case(request), engine=engine, settings=settings))


def plan_or_report(request: PlanRequest | None = None, **options: Any) -> Plan | NoPlanReport:
    """The plan, or when none exists the report of the closest day and verified ways out.

    Takes a request, or a person and options as :func:`plan` does.
    """
    request = request if isinstance(request, PlanRequest) else PlanRequest.of(request, **options)
    settings = SolverSettings.of(request)  # one deadline for the plan and the report
    case = make_case(request)
    try:
        return build_plan(solve_case(case, settings=settings))
    except InfeasiblePlan as exc:  # the report looks at every food the person may be offered
        return report(case.widened() or case, exc, settings)


def week(person: Person | None = None, **options: Any) -> WeekPlan:
    """A checked plan of ``days`` days (default 7), each base food (its preparations count as
    one food; drinks and fats aside) on at most ``max_days`` of them, each lunch or dinner
    plate on at most ``repeat``; with each day's cost, the week's, and a shopping list in
    packages.

    Raises :class:`~mealfix.errors.InfeasiblePlan` when no week exists.
    """
    return week_for(WeekRequest.of(person, **options))


def week_for(request: WeekRequest) -> WeekPlan:
    """The week plan for a request."""
    settings = SolverSettings.of(request)
    solved = solve_week(
        make_case(request),
        days=request.days,
        max_days=request.max_days,
        repeat=request.repeat,
        settings=settings,
    )
    return build_week(solved, request.max_days, request.repeat)


def week_or_report(request: WeekRequest) -> WeekPlan | NoPlanReport:
    """The week plan, or the no-plan report when no week exists."""
    settings = SolverSettings.of(request)  # one deadline for the week and the report
    case = make_case(request)
    try:
        solved = solve_week(
            case,
            days=request.days,
            max_days=request.max_days,
            repeat=request.repeat,
            settings=settings,
        )
    except InfeasiblePlan as exc:  # the report looks at every food the person may be offered
        return report(case.widened() or case, exc, settings)
    return build_week(solved, request.max_days, request.repeat)


def suspects(
    symptoms: str | Iterable[str],
    *,
    person: Person | None = None,
    diet: str = "omnivore",
    top: int = 5,
) -> SuspectReport:
    """Which nutrients can cause ``symptoms`` ("cramps", "cramps, tingling" or a list), why,
    and the foods richest in each; a red-flag sign ("chest pain") sets the report's ``urgent``
    advice, which every view shows first."""
    if person is not None and not isinstance(person, Person):
        raise UsageError(f"person must be a mealfix.Person, not a {type(person).__name__}")
    if not isinstance(diet, str):
        raise UsageError(f"diet must be a word, not {diet!r}")
    return suspect_report(
        symptom_words(words(symptoms, "symptoms")),
        person=person,
        diet=diet,
        top=whole_number(top, "top", low=1),
    )


def gaps(person: Person | None = None, **options: Any) -> GapsReport:
    """Problem nutrients for a diet: the most and least a realistic day can supply of each."""
    return gaps_for(PlanRequest.of(person, **options))


def gaps_for(request: PlanRequest) -> GapsReport:
    """:func:`gaps` for a request; options that shape a plan's food rules do not apply."""
    return gaps_report(make_case(request), SolverSettings.of(request))


def budget_curve(
    person: Person | None, budgets: float | Iterable[float], **options: Any
) -> pd.DataFrame:
    """For each day budget (USD; one number or several), how much of the targets the best day
    within it reaches."""
    one = isinstance(budgets, (int, float, np.number)) and not isinstance(budgets, bool)
    several = numbers_list([budgets] if one else budgets, "budgets", above=0)
    request = PlanRequest.of(person, **options)
    return _curve(make_case(request), several, SolverSettings.of(request))


def to_pulp(person: Person | None = None, **options: Any) -> pulp.LpProblem:
    """The day model :func:`plan` solves, as a PuLP problem (suspected nutrients aimed high).

    Variables are named by food id (``grams_11090``, ``use_11090``), constraints by nutrient
    and rule (``magnesium_mg_min``, ``max_foods``); add your own, solve with any PuLP solver,
    and read the day back with :func:`plan_from_pulp`.
    """
    from mealfix.model.pulp import as_problem

    case = make_case(PlanRequest.of(person, **options))
    problem, _ = as_problem(setup_matrix(case.setup()), "mealfix_day")
    return problem


def _pulp_plates(setup: Setup, found: dict[str, Any], legal: Any) -> pd.Series | None:
    """The plate columns of a solved :func:`to_pulp` problem, by (food, meal); None if none."""
    matrix = setup_matrix(setup)
    if "plate" not in matrix.blocks:
        return None
    keys = dict(matrix.name_parts)["plate_"]
    values = [float(found.get(legal.sub("_", f"plate_{k}")) or 0.0) for k in keys]
    return pd.Series(values, index=matrix.block_index["plate"])


def plan_from_pulp(problem: pulp.LpProblem, person: Person | None = None, **options: Any) -> Plan:
    """The checked Plan of a solved :func:`to_pulp` problem (same person and options).

    The problem's own grams are rounded to 0.1 g and checked against every limit recomputed
    from the food table; a limit rounding would break is an error, never a quiet change.
    """
    import pulp

    from mealfix.solve.cbc import pulp_outcome

    if not isinstance(problem, pulp.LpProblem):
        raise UsageError(
            f"problem must be the PuLP problem mealfix.to_pulp made, not a {type(problem).__name__}"
        )
    case = make_case(PlanRequest.of(person, **options))
    settings = SolverSettings.of(case.request)
    setup = case.setup()
    name = getattr(getattr(problem, "solver", None), "name", "pulp")
    outcome = pulp_outcome(problem, str(name))
    if not outcome.has_solution:
        raise SolverError(f"the PuLP problem has no solution to read ({outcome.text})")
    found = {v.name: v.varValue for v in problem.variables()}
    foods = setup.foods.index
    legal = pulp.LpElement.expression  # PuLP's own renaming of characters it does not allow
    names = [legal.sub("_", f"grams_{f}") for f in foods]
    amounts = pd.Series([float(found.get(n) or 0.0) for n in names], index=foods)
    values = DayValues(amounts, (amounts > 1e-9).astype(float), None)
    plates = _pulp_plates(setup, found, legal)
    if plates is not None and setup.meals is not None:  # the problem's plates, as it chose them
        setup = replace(setup, meals=with_plates_fixed(setup.meals, plates))
    solution = None
    note = "read back from a PuLP problem; grams rounded to 0.1 g"
    for mode in ("nearest", "up", "down"):
        grams = rounded(values, setup.bounds, mode)
        try:
            duals = duals_fixed(setup, grams, settings)
            solution = checked(setup, case.targets, grams, duals, outcome, settings)
            break
        except SolverError:
            continue
    if solution is None:  # rounding broke a limit: settle the amounts of the same foods
        grams, duals = settle_amounts(setup, values.use, settings)
        solution = checked(setup, case.targets, grams, duals, outcome, settings)
        note = (
            "read back from a PuLP problem: the same foods, with amounts settled again by "
            "mealfix's own day model so that the printed grams meet every limit; a rule you "
            "added on amounts (not on which foods) is not re-checked"
        )
    notes = (*case.targets.notes, *case.notes, *setup.notes, note)
    return build_plan(Settled(case, setup, solution, notes, bool(case.suspects)))


def score(
    usual: str | Path | Mapping[str, float] | pd.Series,
    person: Person | None = None,
    *,
    age: int | None = None,
    **options: Any,
) -> DayScore:
    """Your day, measured, without planning: the usual day (the CSV ``--current`` takes: id or
    name, grams; or ``{food id: grams}``) against ``person``'s targets (amount, % of target,
    under the RDA/AI or over the UL, the foods that supply most), its food groups against the
    Dietary Guidelines pattern, and its Healthy Eating Index.

    ``options`` are :class:`PlanRequest`'s fields that shape targets (``diet``, ``activity``,
    ``energy``, ``foods``, ``targets``, ...); ``age`` scores the HEI when no person is given
    (default 30), and then only the amounts are shown, not targets.
    """
    if not isinstance(usual, (str, Path, Mapping, pd.Series)):
        raise UsageError(
            f"usual must be a CSV path or grams by food (id or name), not a {type(usual).__name__}"
        )
    if age is not None:
        age = whole_number(age, "age", low=1, high=120)
    if person is not None and age is not None and age != person.age:
        raise UsageError(f"age {age} differs from the person's age {person.age}: give one")
    current: str | Path | dict[str, float] = usual if isinstance(usual, (str, Path)) else {}
    if isinstance(usual, (Mapping, pd.Series)):  # grams by food id or name
        given = options.get("foods")
        table = given if isinstance(given, pd.DataFrame) else load_foods(given)
        eaten: dict[str, float] = {}
        for word, amount in grams_by_food(dict(usual.items()), "usual").items():
            food = find_one(table, word, "usual day food")
            eaten[food] = eaten.get(food, 0.0) + amount
        current = eaten
    request = PlanRequest.of(person, current=current, **options)
    given = request.targets
    table = given if isinstance(given, TargetTable) else load_targets(given)
    if person is not None or table.form != "dri":
        return measure_case(make_case(request), age=age)
    foods = request.foods if isinstance(request.foods, pd.DataFrame) else load_foods(request.foods)
    assert request.current is not None
    grams = (
        pd.Series(dict(request.current), dtype="float64")
        if isinstance(request.current, Mapping)
        else load_current(request.current, foods)
    )
    names = {w.key: (w.name, w.unit) for w in nutrient_words(table)}
    return measure(
        foods,
        grams,
        names,
        hei=day_hei(foods, grams, 30 if age is None else age),
        diet=request.diet,
        disclaimer=load_symptoms().disclaimer,
    )


def forget() -> None:
    """Drop both in-process caches: parsed files and remembered solver answers."""
    files.clear()
    backends.forget()


__all__ = [
    "Case",
    "Outcome",
    "budget_curve",
    "forget",
    "gaps",
    "plan",
    "plan_for",
    "plan_from_pulp",
    "plan_or_report",
    "score",
    "suspects",
    "to_pulp",
    "week",
    "week_for",
    "week_or_report",
]
