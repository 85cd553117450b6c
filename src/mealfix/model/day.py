"""A day as arrays (a :class:`Matrix`): the grams and yes/no columns, then each rule
family's rows in turn (:mod:`.family`), and the objective.

Integer parts (a food is used or not; half-portion servings) are bounded by each food's own
per-day maximum, never by a larger big-M.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from mealfix.model.family import DayColumns, PricedFamily, RuleFamily
from mealfix.model.food_rules import FoodRules
from mealfix.model.limits import Limits
from mealfix.model.matrix import INF, Builder, Matrix, pairs
from mealfix.model.meals import MealRows
from mealfix.model.rules import Rules
from mealfix.model.setup import Bounds, Rows, Setup


def setup_matrix(setup: Setup, *, fixed_use: pd.Series | None = None) -> Matrix:
    """The day model of ``setup`` (the amounts LP when ``fixed_use`` pins the foods)."""
    matrix = day_matrix(
        setup.rows,
        setup.bounds,
        setup.rules,
        setup.groups,
        current=setup.current if setup.objective == "closest" else None,
        fixed_use=fixed_use,
        meals=setup.meals,
        priced=setup.priced,
    )
    return replace(matrix, kin=setup.kin) if setup.kin is not None else matrix


def day_matrix(
    rows: Rows,
    bounds: Bounds,
    rules: Rules,
    groups: pd.Series | None,
    *,
    elastic: pd.Series | None = None,
    current: pd.Series | None = None,
    fixed_use: pd.Series | None = None,
    meals: MealRows | None = None,
    priced: Sequence[PricedFamily] = (),
) -> Matrix:
    """One day as arrays: the food rules, the nutrient rows and the objective.

    ``elastic`` (weights per row) lets every row be missed at that price per unit.
    ``current`` (grams per food) adds the distance to a person's usual day to the objective.
    ``fixed_use`` pins each food's used/not-used choice (for duals of an integer plan).
    ``meals`` splits each food's grams over the meals it suits, under the meal rules.
    ``priced`` are the rule families priced in the objective (:mod:`.family`).
    """
    foods = rows.coef.index
    n = len(foods)
    integer = rules.integer() and fixed_use is None
    high = bounds.high.to_numpy(dtype=float)
    low = bounds.low.to_numpy(dtype=float)
    x_low = np.zeros(n)
    x_high = np.where(np.isnan(high), INF, high)
    stated = pd.Series(rules.include, dtype=float).reindex(foods)
    amount = stated.to_numpy(dtype=float)
    is_stated = foods.isin(list(rules.include)) & ~np.isnan(amount)
    if fixed_use is not None:
        used = fixed_use.reindex(foods).fillna(0.0).to_numpy(dtype=float) > 0.5
        x_low = np.where(used, np.fmin(low, high), 0.0)
        x_high = np.where(used, x_high, 0.0)
    if integer or fixed_use is not None:
        x_low = np.where(is_stated, amount, x_low)
        x_high = np.where(is_stated, amount, x_high)
    m = Builder()
    ids = [str(f) for f in foods]
    x = m.add_columns(
        "grams",
        "grams_",
        foods,
        np.array(ids),
        cost=bounds.cost.to_numpy(float),
        lower=x_low,
        upper=x_high,
    )
    use: np.ndarray | None = None
    if integer:
        included = foods.isin(list(rules.include))
        use = m.add_columns(
            "use",
            "use_",
            foods,
            np.array(ids),
            lower=included.astype(float),
            upper=1.0,
            integer=True,
        )
    day = DayColumns(foods, x, use)
    families: list[RuleFamily | None] = [
        FoodRules(bounds, rules, groups, weighed=integer or fixed_use is not None),
        Limits(rows, elastic),
        meals,
        *priced,  # the food pattern, the HEI: each adds its rows and priced slacks
    ]
    for family in families:
        if family is not None:
            family.add_rows(m, day)
    if current is not None:
        usual = current.reindex(foods).fillna(0.0).to_numpy(dtype=float)
        d = m.add_columns(
            "distance", "change_", foods, np.array(ids), cost=bounds.per_portion.to_numpy(float)
        )
        m.add_rows([f"more_{f}" for f in ids], *pairs(n, d, x, 1.0, -1.0), -usual, INF)
        m.add_rows([f"less_{f}" for f in ids], *pairs(n, d, x, 1.0, 1.0), usual, INF)
    return m.freeze()
