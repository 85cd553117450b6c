"""A day as arrays: the food rules, the nutrient rows and the objective (a :class:`Matrix`).

Integer parts (a food is used or not; half-portion servings) are bounded by each food's own
per-day maximum, never by a larger big-M.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from mealfix.model.family import PricedFamily
from mealfix.model.matrix import INF, Builder, Matrix, pairs, safe_name, sense_bounds
from mealfix.model.meals import MealRows, add_meal_block
from mealfix.model.rules import SOFT_SHORTFALL_PRICE, Rules
from mealfix.model.setup import Bounds, Rows, Setup


def setup_matrix(setup: Setup, *, fixed_use: pd.Series | None = None) -> Matrix:
    """The day model of ``setup`` (the amounts LP when ``fixed_use`` pins the foods)."""
    return day_matrix(
        setup.rows,
        setup.bounds,
        setup.rules,
        setup.groups,
        current=setup.current if setup.objective == "closest" else None,
        fixed_use=fixed_use,
        meals=setup.meals,
        priced=setup.priced,
    )


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
    y: np.ndarray | None = None
    if integer:
        included = foods.isin(list(rules.include))
        y = m.add_columns(
            "use",
            "use_",
            foods,
            np.array(ids),
            lower=included.astype(float),
            upper=1.0,
            integer=True,
        )
        m.add_rows([f"cap_{f}" for f in ids], *pairs(n, x, y, 1.0, -high), -INF, 0.0)
        least = np.flatnonzero((low > 0) & ~is_stated)
        m.add_rows(
            [f"least_{ids[i]}" for i in least],
            *pairs(len(least), x[least], y[least], 1.0, -low[least]),
            0.0,
            INF,
        )
        if rules.servings:
            _servings(m, bounds, x, y, foods)
        if rules.max_foods:
            m.add_sum("max_foods", y, -INF, rules.max_foods)
        if groups is not None:
            _groups(m, y, groups.reindex(foods), rules)
    if (integer or fixed_use is not None) and groups is not None:
        _group_weights(m, x, groups.reindex(foods), rules)
    meta = rows.meta
    coef = rows.coef.to_numpy(dtype=float).T  # nutrient rows x foods: nonzeros come by row
    row, nz_food = np.nonzero(coef)
    col, val = x[nz_food], coef[row, nz_food]
    if elastic is not None:
        slack = m.add_columns(
            "slack",
            "miss_",
            meta.index,
            np.array([safe_name(str(r)) for r in meta.index]),
            cost=elastic.reindex(meta.index).to_numpy(float),
        )
        sign = np.where(meta["sense"] == ">=", 1.0, -1.0)
        row = np.concatenate([row, np.arange(len(meta))])
        col = np.concatenate([col, slack])
        val = np.concatenate([val, sign])
    if elastic is None and "soft" in meta.columns and meta["soft"].any():
        where = np.flatnonzero(meta["soft"].to_numpy(dtype=bool))
        price = SOFT_SHORTFALL_PRICE / meta["rhs"].to_numpy(dtype=float)[where].clip(min=1e-9)
        short = m.add_columns(
            "short",
            "short_",
            meta.index[where],
            np.array([safe_name(str(r)) for r in meta.index[where]]),
            cost=price,
        )
        row = np.concatenate([row, where])
        col = np.concatenate([col, short])
        val = np.concatenate([val, np.ones(len(where))])
    lower, upper = sense_bounds(meta["sense"], meta["rhs"])
    m.add_rows([safe_name(str(r)) for r in meta.index], row, col, val, lower, upper, mark="limits")
    if meals is not None:
        add_meal_block(m, x, foods, meals, use=y)
    for family in priced:  # the food pattern, the HEI: each adds its rows and priced slacks
        family.add_rows(m, x, foods)
    if current is not None:
        usual = current.reindex(foods).fillna(0.0).to_numpy(dtype=float)
        d = m.add_columns(
            "distance", "change_", foods, np.array(ids), cost=bounds.per_portion.to_numpy(float)
        )
        m.add_rows([f"more_{f}" for f in ids], *pairs(n, d, x, 1.0, -1.0), -usual, INF)
        m.add_rows([f"less_{f}" for f in ids], *pairs(n, d, x, 1.0, 1.0), usual, INF)
    return m.freeze()


def _servings(m: Builder, bounds: Bounds, x: np.ndarray, y: np.ndarray, foods: pd.Index) -> None:
    """grams = k x half a portion, k a whole number: plans in household servings."""
    step = bounds.step.to_numpy(dtype=float)
    where = np.flatnonzero(~np.isnan(step) & (step > 0))
    most = np.floor(bounds.high.to_numpy(dtype=float)[where] / step[where] + 1e-9)
    ids = np.array([str(f) for f in foods[where]])
    k = m.add_columns("servings", "halves_", foods[where], ids, upper=most, integer=True)
    count = len(where)
    halves = pairs(count, x[where], k, 1.0, -step[where])
    m.add_rows([f"halves_of_{f}" for f in ids], *halves, 0.0, 0.0)
    m.add_rows([f"halves_use_{f}" for f in ids], *pairs(count, k, y[where], 1.0, -1.0), 0.0, INF)


def _groups(m: Builder, y: np.ndarray, groups: pd.Series, rules: Rules) -> None:
    labels = groups.to_numpy()
    for name in pd.unique(groups.dropna()):
        members = y[labels == name]
        if rules.max_per_group and len(members) > rules.max_per_group:
            m.add_sum(f"max_group_{safe_name(str(name))}", members, -INF, rules.max_per_group)
    for name, least in rules.min_per_group.items():
        if least > 0:
            m.add_sum(f"min_group_{safe_name(name)}", y[labels == name], least, INF)


def _group_weights(m: Builder, x: np.ndarray, groups: pd.Series, rules: Rules) -> None:
    """A required group supplies at least its serving weight per required food."""
    labels = groups.to_numpy()
    for name, least in rules.min_per_group.items():
        weight = rules.group_serving_g.get(name, 0.0) * least
        members = x[labels == name]
        if weight > 0 and len(members):  # a sprig of parsley is not "a vegetable"
            m.add_sum(f"min_grams_{safe_name(name)}", members, weight, INF)
