"""Settle a day: solve -> round -> verify, a checked :class:`Solution` or a clear no.

An integer model first chooses the foods; the amounts are then settled by the LP with that
choice fixed (:mod:`.rounding`), and the printed grams are checked against every limit straight
from the food table (:mod:`.verify`). A day and each day of a week settle through
:func:`settle_values`; a suspected nutrient's raised aim falls back to 100 % in one place,
:func:`at_reference_if_needed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TypeVar

import pandas as pd

from mealfix.errors import InfeasiblePlan, SolverError
from mealfix.inputs.targets import Targets
from mealfix.model.case import Case
from mealfix.model.day import setup_matrix
from mealfix.model.family import Served
from mealfix.model.meals import with_plates_fixed
from mealfix.model.setup import Rows, Setup
from mealfix.solve.backends import engine_for, solve_matrix
from mealfix.solve.closest import diagnose
from mealfix.solve.highs import Engine
from mealfix.solve.meals import MEAL_TOLERANCE, place_meals
from mealfix.solve.rounding import (
    DayValues,
    duals_fixed,
    objective_value,
    rounded,
    settle_amounts,
)
from mealfix.solve.settings import SolverSettings
from mealfix.solve.status import Outcome
from mealfix.solve.verify import violations

T = TypeVar("T")
POOL_NOTE = (
    "chosen from every food of the table: the bundled pool of foods (data/food_pool.csv) "
    "has no plan for this day"
)
AT_REFERENCE_NOTE = (
    "suspected nutrients could not be aimed above their RDA/AI (no such plan exists); "
    "they are met at 100 %"
)


@dataclass(frozen=True)
class Solution:
    """A checked day: grams per food (only foods used) and what the solver said."""

    grams: pd.Series
    objective: float
    outcome: Outcome
    setup: Setup
    activity: pd.Series
    duals: pd.Series
    #: Grams per food (rows) and meal (columns), when the day has meal rules.
    meals: pd.DataFrame | None = None
    #: The command's solver settings: a report's re-solves of this day keep to its deadline.
    settings: SolverSettings = field(default_factory=SolverSettings)

    @property
    def foods(self) -> pd.DataFrame:
        return self.setup.foods

    @cached_property
    def used(self) -> pd.DataFrame:
        """The table's rows of the foods in the plan, in the order of ``grams``."""
        return self.setup.foods.take(self.setup.foods.index.get_indexer(self.grams.index))

    @property
    def nutrients(self) -> list[str]:
        return self.setup.nutrients

    @property
    def rows(self) -> Rows:
        return self.setup.rows


@dataclass(frozen=True)
class Settled:
    """A case solved: the case as solved (aims may have fallen to 100 %), its day and notes."""

    case: Case
    setup: Setup
    solution: Solution
    notes: tuple[str, ...]
    boosted: bool


def solve_case(
    case: Case, *, engine: Engine | None = None, settings: SolverSettings | None = None
) -> Settled:
    """The checked day for ``case``, within the command's ``settings`` (default: the request's,
    the clock started now); the pool's fallback to every food shares the same deadline."""
    settings = settings or SolverSettings.of(case.request)

    def attempt(current: Case) -> tuple[Setup, Solution]:
        setup = current.setup()
        solution = settle_day(
            setup, current.targets, settings, context=current.context, engine=engine
        )
        return setup, solution

    def on_pool_first(current: Case) -> tuple[Setup, Solution]:
        """The day from the case's pool of foods (a smaller, faster model of the same day), or
        from every food it may be offered when the pool has no plan (with a note)."""
        try:
            return attempt(current)
        except InfeasiblePlan:
            wider = current.widened()
            if wider is None:
                raise
        setup, solution = attempt(wider)
        return replace(setup, notes=(*setup.notes, POOL_NOTE)), solution

    (setup, solution), solved, notes = at_reference_if_needed(case, on_pool_first)
    return Settled(
        case=solved,
        setup=setup,
        solution=solution,
        notes=(*case.targets.notes, *case.notes, *notes, *setup.notes),
        boosted=bool(solved.suspects) and not notes,
    )


def at_reference_if_needed(
    case: Case, attempt: Callable[[Case], T]
) -> tuple[T, Case, tuple[str, ...]]:
    """``attempt(case)``; if raised aims for suspected nutrients make it impossible, the same
    at 100 % of the RDA/AI, with a note saying so."""
    try:
        return attempt(case), case, ()
    except InfeasiblePlan:
        if not case.suspects:
            raise
    lowered = replace(case, targets=case.targets.unboosted())
    return attempt(lowered), lowered, (AT_REFERENCE_NOTE,)


def settle_day(
    setup: Setup,
    targets: Targets,
    settings: SolverSettings | None = None,
    *,
    share: float | None = None,
    context: str = "",
    engine: Engine | None = None,
    staged: bool = True,
) -> Solution:
    """Solve for the day that meets every target at the least objective, checked afterwards.

    The integer solve stops at the settings' gap, within ``share`` seconds and the time left.
    ``engine`` (HiGHS) may be one kept from an earlier plan: a model of the same shape is not
    built again. ``staged``: the search starts from a first day (a stored day of people alike,
    else one on a few foods: :mod:`.staged`); without it, the usual search.
    """
    settings = settings or SolverSettings()
    engine = engine or engine_for(settings.solver)
    matrix = setup_matrix(setup)
    solved = solve_matrix(
        matrix, settings, share=share, gap=settings.gap, engine=engine, staged=staged
    )
    outcome = solved.outcome
    if outcome.status == "infeasible":
        raise diagnose(setup, targets, settings, context=context)
    if not outcome.has_solution or solved.values is None:
        limit = settings.time_limit if share is None else share
        within = f" within the {limit:g} s time limit" if limit else ""
        raise SolverError(f"the solver found no plan{within} ({outcome.text})")
    values = DayValues.of_matrix(matrix, solved.values)
    if values.use is None:  # a pure LP: its own solution is rounded, re-solved warm if need be
        grams, duals = settle_amounts(setup, None, settings, engine=engine, given=(matrix, solved))
        return checked(setup, targets, grams, duals, outcome, settings)
    return held_to_its_gap(settle_values(setup, targets, values, outcome, settings))


def held_to_its_gap(solution: Solution) -> Solution:
    """The day, said to be within its gap of the best day only if the day as printed is:
    settling (rounding to 0.1 g) may cost a little more than the day solved, so the printed
    objective is checked against the search's proven bound; past it, the day says "best
    found" with its true gap."""
    outcome = solution.outcome
    if outcome.within is None or outcome.bound is None:
        return solution
    printed, bound = solution.objective, outcome.bound
    if printed - bound <= outcome.within * abs(bound) + 1e-9:
        return solution
    gap = (printed - bound) / abs(printed) if printed else None
    text = f"{outcome.text}; the day as printed is {printed - bound:.4g} above its bound"
    return replace(solution, outcome=replace(outcome, within=None, gap=gap, text=text))


def settle_values(
    setup: Setup,
    targets: Targets,
    values: DayValues,
    outcome: Outcome,
    settings: SolverSettings | None = None,
) -> Solution:
    """An integer day's chosen foods settled: whole half-servings as they are, otherwise the
    amounts LP with the choice (and the plates) fixed, rounded to 0.1 g; then checked."""
    if values.plates is not None and setup.meals is not None:
        setup = replace(setup, meals=with_plates_fixed(setup.meals, values.plates))
    if setup.rules.servings:
        grams = rounded(values, setup.bounds)
        duals = duals_fixed(setup, grams, settings)
    else:
        assert values.use is not None
        grams, duals = settle_amounts(setup, values.use.round(), settings)
    return checked(setup, targets, grams, duals, outcome, settings)


def checked(
    setup: Setup,
    targets: Targets,
    grams: pd.Series,
    duals: pd.Series,
    outcome: Outcome,
    settings: SolverSettings | None = None,
) -> Solution:
    """The day as a :class:`Solution`, once every limit holds when recomputed from the table."""
    broken = violations(setup, grams, targets)
    parts = None
    if setup.meals is not None and not broken:
        parts = place_meals(setup.meals, grams, settings)
        broken = setup.meals.broken(Served(grams, parts), MEAL_TOLERANCE)
    if broken:
        raise SolverError(f"the solver's plan fails its own check: {broken[0]}")
    return Solution(
        grams=grams[grams > 0],
        objective=objective_value(setup, grams),
        outcome=outcome,
        setup=setup,
        activity=setup.rows.coef.T @ grams,
        duals=duals,
        meals=parts,
        settings=settings or SolverSettings(),
    )
