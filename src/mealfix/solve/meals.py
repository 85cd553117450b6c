"""The printed day by meal: each food's settled grams placed in the meals it suits.

The day model already splits every food over its meals under the meal rules
(:mod:`mealfix.model.meals`); once the grams are rounded, this places them again, exactly:
a small integer model keeps each food in as few meals as it can (a food is split only where
the meal rules need it), every meal rule holding as the model required.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from mealfix.errors import SolverError
from mealfix.model.matrix import INF, Builder, pairs
from mealfix.model.meals import MealRows, add_meal_block
from mealfix.model.rules import GRAM_STEP
from mealfix.solve.backends import solve_matrix
from mealfix.solve.settings import SolverSettings

#: Relative slack the meal rules are checked with (1 %: a hundredth of an oz-eq of protein at
#: lunch); placing the rounded grams may use a tenth of it (rounding parts to 0.1 g the rest).
MEAL_TOLERANCE = 1e-2
PLACE_SLACKS = (0.0, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3)
#: How long placing a day's foods in meals may take (a dozen foods: milliseconds).
PLACE_TIME_LIMIT = 5.0


class MealShare(BaseModel):
    """One meal's energy, against its range."""

    model_config = ConfigDict(frozen=True)

    meal: str
    kcal: float
    pct_of_day: float
    least_pct: float
    most_pct: float
    within: bool


def place_meals(
    meals: MealRows, grams: pd.Series, settings: SolverSettings | None = None
) -> pd.DataFrame:
    """Grams per food (rows, the foods of ``grams``) and meal (columns), summing to ``grams``;
    each food in as few meals as the meal rules allow. The rules are taken exactly, else with
    the least slack of :data:`PLACE_SLACKS` that places the day: a day at the corner of every
    meal rule moves by up to ~0.2 % of its energy when its grams are rounded to 0.1 g."""
    for slack in PLACE_SLACKS:
        placed = _place(meals, grams, slack, settings)
        if placed is not None:
            return placed
    raise SolverError("the day's foods could not be placed in meals under the meal rules")


def _place(
    meals: MealRows, grams: pd.Series, slack: float, settings: SolverSettings | None
) -> pd.DataFrame | None:
    used = grams[grams > 0]
    foods = used.index
    rows = MealRows(  # the rules as checked: rounding to 0.1 g may move them a hair
        names=meals.names,
        suits=meals.suits.reindex(foods).fillna(True).astype(bool),
        energy=meals.energy.reindex(foods).fillna(0.0),
        low=meals.low - slack,
        high=meals.high + slack,
        holds=tuple(replace(h, least=h.least * (1 - slack)) for h in meals.holds),
        most=meals.most + GRAM_STEP,
    )
    m = Builder()
    amount = used.to_numpy(dtype=float)
    x = m.add_columns(
        "grams", "g_", foods, np.array([str(f) for f in foods]), lower=amount, upper=amount
    )
    add_meal_block(m, x, foods, rows)
    z = m.blocks["meal"]
    labels = m.block_index["meal"]
    count = z.stop - z.start
    in_meal = m.add_columns(  # plates already chosen: every piece stays on its plate
        "in_meal",
        "in_",
        labels,
        np.arange(count).astype(str),
        cost=1.0,
        lower=1.0 if meals.fixed else 0.0,
        upper=1.0,
        integer=True,
    )
    most = used.reindex(labels.get_level_values("food")).to_numpy(dtype=float)
    z_cols = np.arange(z.start, z.stop)
    m.add_rows(
        [f"in_{k}" for k in range(count)], *pairs(count, z_cols, in_meal, 1.0, -most), -INF, 0.0
    )
    if meals.plates is not None:  # a piece on a plate is at least its least portion
        least = meals.plates.least.reindex(labels.get_level_values("food")).fillna(0.0)
        piece = np.maximum(least.to_numpy(dtype=float) - GRAM_STEP, 0.0)
        m.add_rows(
            [f"piece_{k}" for k in range(count)],
            *pairs(count, z_cols, in_meal, 1.0, -piece),
            0.0,
            INF,
        )
    solved = solve_matrix(m.freeze(), settings, share=PLACE_TIME_LIMIT)
    if solved.values is None:
        return None
    parts = (
        pd.Series(solved.values[z], index=labels)
        .unstack("meal")
        .reindex(index=foods, columns=list(meals.names))
        .fillna(0.0)
    )
    return _rounded(parts, used)


def _rounded(parts: pd.DataFrame, grams: pd.Series) -> pd.DataFrame:
    """Parts in 0.1 g steps that add up to each food's grams exactly (the rest to its largest)."""
    out = (parts / GRAM_STEP).round() * GRAM_STEP
    out = out.where(out > 0, 0.0)
    rest = grams.reindex(out.index) - out.sum(axis=1)
    for food, left in rest.items():
        if abs(left) > 1e-9:
            biggest = out.loc[food].idxmax()
            out.loc[food, biggest] = round(float(out.loc[food, biggest] + left), 1)
    return out.round(1)


def meal_shares(meals: MealRows, parts: pd.DataFrame) -> list[MealShare]:
    """Each meal's kcal and share of the day, against its range."""
    kcal, shares = meals.kcal(parts), meals.shares(parts)
    out = []
    for meal in meals.names:
        k, pct = float(kcal[meal]), 100.0 * float(shares[meal])
        low, high = 100.0 * meals.low[meal], 100.0 * meals.high[meal]
        slack = 100.0 * MEAL_TOLERANCE
        out.append(
            MealShare(
                meal=meal,
                kcal=round(k, 1),
                pct_of_day=round(pct, 1),
                least_pct=low,
                most_pct=high,
                within=low - slack <= pct <= high + slack,
            )
        )
    return out


def main_meal(parts: pd.DataFrame) -> pd.Series:
    """Each food's meal: the one that holds most of it."""
    return parts.idxmax(axis=1).astype(str)
