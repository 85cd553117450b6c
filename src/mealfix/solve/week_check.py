"""Each day of a finished week checked as a one-day plan is, and the week's variety rules.

A week's day is settled with its plates fixed (:func:`mealfix.solve.settle.settle_values`); here
it is checked again against the day's own setup, plates free: every nutrient minimum and upper
limit of the panel, the food rules (portions, maxima, shared and tag caps, groups, required
foods), the life-stage safety rules (only foods the person may eat), the meal and plate rules,
and then the week's limits on base foods and plates. A broken rule is an error, never a week.
"""

from __future__ import annotations

from mealfix.errors import SolverError
from mealfix.inputs.targets import Targets
from mealfix.model.family import Served
from mealfix.model.setup import Setup
from mealfix.solve.meals import MEAL_TOLERANCE
from mealfix.solve.settle import Solution
from mealfix.solve.variety import Variety, week_faults
from mealfix.solve.verify import violations


def day_faults(setup: Setup, targets: Targets, solution: Solution) -> list[str]:
    """Every rule of a one-day plan ``solution`` breaks under ``setup`` (plates free)."""
    grams = solution.grams
    out = [
        f"{food} is not a food this person may eat"
        for food in grams.index.difference(setup.foods.index)
    ]
    if out:
        return out
    out += violations(setup, grams.reindex(setup.foods.index).fillna(0.0), targets)
    if setup.meals is not None:
        if solution.meals is None:
            out.append("the day is not placed over its meals")
        else:
            out += setup.meals.broken(Served(grams, solution.meals), MEAL_TOLERANCE)
    return out


def check_week(setup: Setup, targets: Targets, variety: Variety, days: list[Solution]) -> None:
    """Raise :class:`SolverError` naming the first day and rule broken, if any."""
    for number, day in enumerate(days, start=1):
        faults = day_faults(setup, targets, day)
        if faults:
            raise SolverError(f"day {number} of the week fails its check: {faults[0]}")
    faults = week_faults(variety, [(d.grams, d.meals) for d in days])
    if faults:
        raise SolverError(f"the week fails its check: {faults[0]}")
