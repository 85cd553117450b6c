"""Seven days at once: each day meets its targets, a food appears on at most K days, foods are
placed in meals, and the week sums to a shopping list.

The days' food choices are coupled by the K-day limit: the week is chosen among day patterns by
column generation (mealfix.patterns), which proves how close it is to the best week. Amounts are
then settled day by day with each day's food choice fixed, as for a single day, and foods are
assigned to meals by a small model that keeps each meal's energy share near its aim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pulp
from pydantic import BaseModel, ConfigDict

from mealfix.errors import InfeasiblePlan, MealfixError, SolverError, UsageError
from mealfix.explain import food_rows, nutrient_rows
from mealfix.measures import household
from mealfix.model import ENERGY
from mealfix.optimize import (
    DayValues,
    Setup,
    Solution,
    _amounts,
    _day_matrix,
    _duals_fixed,
    _objective_value,
    _rounded,
    diagnose,
)
from mealfix.patterns import NoDay, pattern_values, plan_patterns
from mealfix.pipeline import Request, stated_outcome, stated_person, stated_safety
from mealfix.pulp_bridge import run
from mealfix.results import FoodAmount, NutrientTotal
from mealfix.results import Objective as ObjectiveValue
from mealfix.solve import Outcome
from mealfix.targets import Targets
from mealfix.verify import violations

DEFAULT_TIME_LIMIT = 30.0
#: Seconds for each day plan of the starting rotation.
ROTATION_TIME_LIMIT = 10.0
DEFAULT_GAP = 0.01
#: Energy share of each meal: (least, aim, most), in % of the day.
MEALS: dict[str, tuple[float, float, float]] = {
    "breakfast": (15.0, 25.0, 35.0),
    "lunch": (25.0, 32.5, 40.0),
    "dinner": (25.0, 32.5, 45.0),
    "snack": (0.0, 10.0, 20.0),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class MealShare(_Frozen):
    meal: str
    kcal: float
    pct_of_day: float
    aim_pct: float
    within: bool


class DayPlan(_Frozen):
    day: int
    foods: tuple[FoodAmount, ...]
    meals: dict[str, str]
    meal_shares: tuple[MealShare, ...]
    nutrients: tuple[NutrientTotal, ...]


class ShoppingItem(_Frozen):
    id: str
    name: str
    grams: float
    household: str | None
    days: int


class WeekPlan(_Frozen):
    """A checked plan of several days with meals and a shopping list."""

    status: str
    proven_optimal: bool
    gap: float | None
    solver: str
    objective: ObjectiveValue
    max_days_per_food: int
    person: dict[str, object] | None
    group: str | None
    diet: str
    suspects: tuple[str, ...]
    days: tuple[DayPlan, ...]
    shopping: tuple[ShoppingItem, ...]
    notes: tuple[str, ...]
    disclaimer: str
    see_a_doctor: str | None = None

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per day and food."""
        rows = [
            {"day": d.day, "meal": d.meals.get(f.id), **f.model_dump()}
            for d in self.days
            for f in d.foods
        ]
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class WeekSolution:
    days: list[Solution]
    outcome: Outcome


def plan_week(
    request: Request,
    *,
    days: int = 7,
    max_days_per_food: int = 3,
    solver: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    gap: float | None = DEFAULT_GAP,
    skip_unknown: bool = False,
    solver_options: dict[str, object] | None = None,
) -> WeekPlan:
    """Plan ``days`` days for the request; each day checked like a single day.

    By default the solve stops at a 1 % gap or after 30 s; the plan then says "best found"
    with its gap, and only a gap within 0.01 % is called optimal.
    """
    from mealfix.optimize import prepare
    from mealfix.pipeline import unboosted

    if days < 1 or max_days_per_food < 1:
        raise UsageError("a week needs at least one day, and each food at least one day")

    def attempt(targets: Targets) -> tuple[Setup, WeekSolution]:
        setup = prepare(
            request.pool,
            targets,
            request.objective,
            request.rules,
            unknown="skip" if skip_unknown else "error",
            current=request.current,
            budget=request.budget,
            context=request.context,
        )
        start = _rotation_start(request, targets, setup, days, max_days_per_food, solver)
        week = _solve_week(
            setup,
            targets,
            days,
            max_days_per_food,
            solver,
            time_limit,
            gap,
            solver_options or {},
            request.context,
            start,
        )
        return setup, week

    try:
        setup, week = attempt(request.targets)
    except InfeasiblePlan:
        if not request.suspects:
            raise
        request = replace(request, targets=unboosted(request.targets))
        setup, week = attempt(request.targets)
        setup = replace(
            setup,
            notes=(
                *setup.notes,
                "suspected nutrients could not be aimed above their RDA/AI; they are met at 100 %",
            ),
        )
    return _week_plan(request, setup, week, max_days_per_food)


def _solve_week(
    setup: Setup,
    targets: Targets,
    days: int,
    k: int,
    solver: str | None,
    time_limit: float | None,
    gap: float | None,
    options: dict[str, object],
    context: str,
    start: list[pd.Series] | None = None,
) -> WeekSolution:
    """Choose the week's day patterns (mealfix.patterns), then settle each day's amounts."""
    if not setup.rules.integer():
        raise SolverError("a week plan needs the food rules (an integer model)")
    day = _day_matrix(setup)
    current = setup.current if setup.objective == "closest" else None
    seeds = [pattern_values(day, grams, setup.bounds.step, current) for grams in start or []]
    try:
        found = plan_patterns(
            day,
            days,
            k,
            seeds=seeds,
            solver=solver,
            time_limit=time_limit,
            gap=gap,
            options=dict(options),
        )
    except NoDay:
        raise diagnose(setup, targets, solver=solver, context=context) from None
    if found is None:
        raise InfeasiblePlan(
            f"no week plan{context} uses each food on at most {k} days; "
            "allow more days per food or more foods",
            [],
            {},
        )
    if not found.days:
        limit = f" within the {time_limit:g} s time limit" if time_limit else ""
        raise SolverError(f"the solver found no week plan{limit} ({found.outcome.text})")
    solved: list[Solution] = []
    for pattern in found.days:
        values = DayValues.of_matrix(day, pattern.values)
        if setup.rules.servings:
            grams = _rounded(values, setup.bounds)
            duals = _duals_fixed(setup, grams, solver)
        else:
            assert values.use is not None
            grams, duals = _amounts(setup, values.use.round(), solver)
        broken = violations(setup, grams, targets)
        if broken:
            raise SolverError(f"the solver's week plan fails its own check: {broken[0]}")
        solved.append(
            Solution(
                grams=grams[grams > 0],
                objective=_objective_value(setup, grams),
                outcome=found.outcome,
                setup=setup,
                activity=setup.rows.coef.T @ grams,
                duals=duals,
            )
        )
    counts = pd.concat([s.grams for s in solved]).index.value_counts()
    if (counts > k).any():
        raise SolverError(f"the solver's week plan uses {counts.idxmax()} on {counts.max()} days")
    return WeekSolution(days=solved, outcome=found.outcome)


def _rotation_start(
    request: Request, targets: Targets, setup: Setup, days: int, k: int, solver: str | None
) -> list[pd.Series] | None:
    """A feasible week to start from: day plans with no food in common, each repeated on up to
    k days (best first). It gives the search an incumbent at once; None if there is none."""
    from mealfix.optimize import optimize, prepare

    patterns: list[pd.Series] = []
    banned: set[str] = set()
    for _ in range(-(-days // k)):
        pool = request.pool.drop(index=list(banned & set(request.pool.index)))
        pool.attrs = request.pool.attrs
        try:
            trial = prepare(
                pool,
                targets,
                request.objective,
                request.rules,
                current=request.current,
                budget=request.budget,
            )
            solution = optimize(trial, targets, solver=solver, time_limit=ROTATION_TIME_LIMIT)
        except MealfixError:
            return None
        patterns.append(solution.grams)
        banned |= set(solution.grams.index)
    week = [patterns[d // k] for d in range(days)]
    cost = setup.bounds.cost
    return sorted(week, key=lambda g: float((cost.reindex(g.index).fillna(0) * g).sum()))


def assign_meals(solution: Solution) -> tuple[dict[str, str], list[MealShare]]:
    """Put each food in one meal it suits, keeping meal energy shares near their aims."""
    foods = solution.foods.loc[solution.grams.index]
    energy = (
        (foods[ENERGY] * solution.grams / 100.0)
        if ENERGY in foods.columns
        else pd.Series(0.0, index=foods.index)
    )
    total = float(energy.sum())
    suits = _suits(foods)
    problem = pulp.LpProblem("mealfix_meals", pulp.LpMinimize)
    pick = {
        (f, m): problem.add_variable(f"p{i}_{m}", 0, 1, cat="Integer")
        for i, f in enumerate(foods.index)
        for m in suits[f]
    }
    deviation = {m: problem.add_variable(f"dev_{m}", lowBound=0) for m in MEALS}
    for f in foods.index:
        problem.addConstraint(pulp.lpSum(pick[f, m] for m in suits[f]) == 1)
    for meal, (_, aim, _) in MEALS.items():
        kcal = pulp.lpSum(
            float(energy[f]) * pick[f, meal] for f in foods.index if (f, meal) in pick
        )
        problem.addConstraint(deviation[meal] - kcal >= -aim / 100 * total)
        problem.addConstraint(deviation[meal] + kcal >= aim / 100 * total)
    problem.setObjective(pulp.lpSum(deviation.values()))
    if not run(problem).has_solution:
        raise SolverError("foods could not be assigned to meals")
    chosen = {str(f): m for (f, m), v in pick.items() if (v.varValue or 0) > 0.5}
    shares = []
    for meal, (low, aim, high) in MEALS.items():
        kcal = float(sum(energy[f] for f, m in chosen.items() if m == meal))
        pct = 100.0 * kcal / total if total > 0 else 0.0
        shares.append(
            MealShare(
                meal=meal,
                kcal=round(kcal, 1),
                pct_of_day=round(pct, 1),
                aim_pct=aim,
                within=low - 1e-9 <= pct <= high + 1e-9,
            )
        )
    return chosen, shares


def _suits(foods: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for food in foods.index:
        text = foods.at[food, "meals"] if "meals" in foods.columns else ""
        slots = [m for m in str(text).split(";") if m in MEALS] if isinstance(text, str) else []
        out[food] = slots or list(MEALS)
    return out


def _week_plan(request: Request, setup: Setup, week: WeekSolution, k: int) -> WeekPlan:
    targets = request.targets
    day_plans = []
    notes = list(setup.notes)
    for number, solution in enumerate(week.days, start=1):
        meals, shares = assign_meals(solution)
        if not all(s.within for s in shares):
            off = ", ".join(f"{s.meal} {s.pct_of_day:g} %" for s in shares if not s.within)
            notes.append(f"day {number}: meal energy shares outside their ranges ({off})")
        day_plans.append(
            DayPlan(
                day=number,
                foods=tuple(food_rows(solution, targets)),
                meals=meals,
                meal_shares=tuple(shares),
                nutrients=tuple(nutrient_rows(solution, targets)),
            )
        )
    return WeekPlan(
        **stated_outcome(week.outcome, request.objective, sum(s.objective for s in week.days)),
        max_days_per_food=k,
        **stated_person(request),
        days=tuple(day_plans),
        shopping=tuple(shopping_list(setup, week.days)),
        notes=tuple(notes),
        **stated_safety(request),
    )


def shopping_list(setup: Setup, days: list[Solution]) -> list[ShoppingItem]:
    """The week summed by food, in grams and the food's household measure."""
    grams = pd.concat([s.grams for s in days])
    total = grams.groupby(level=0).sum()
    count = grams.index.value_counts()
    foods = setup.foods
    items = []
    for food in sorted(total.index, key=lambda f: str(foods.at[f, "name"])):
        measure = foods.at[food, "portion_measure"] if "portion_measure" in foods.columns else None
        portion = foods.at[food, "portion_g"] if "portion_g" in foods.columns else np.nan
        items.append(
            ShoppingItem(
                id=str(food),
                name=str(foods.at[food, "name"]),
                grams=round(float(total[food]), 1),
                household=household(
                    float(total[food]),
                    measure if isinstance(measure, str) else None,
                    float(portion),
                ),
                days=int(count[food]),
            )
        )
    return items
