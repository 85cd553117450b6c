"""Foods placed in meals: each food in one meal it suits, each meal's energy share near its aim.

A small integer model (in PuLP) per day; the aims and ranges are the meal shares a day of
breakfast, lunch, dinner and a snack usually has.
"""

from __future__ import annotations

import pandas as pd
import pulp
from pydantic import BaseModel, ConfigDict

from mealfix.errors import SolverError
from mealfix.model.rules import ENERGY
from mealfix.solve.cbc import run
from mealfix.solve.settle import Solution

#: Energy share of each meal: (least, aim, most), in % of the day.
MEALS: dict[str, tuple[float, float, float]] = {
    "breakfast": (15.0, 25.0, 35.0),
    "lunch": (25.0, 32.5, 40.0),
    "dinner": (25.0, 32.5, 45.0),
    "snack": (0.0, 10.0, 20.0),
}


class MealShare(BaseModel):
    """One meal's energy, against its aim and range."""

    model_config = ConfigDict(frozen=True)

    meal: str
    kcal: float
    pct_of_day: float
    aim_pct: float
    within: bool


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
