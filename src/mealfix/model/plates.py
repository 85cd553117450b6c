"""Plates: each meal is chosen as a plate of roles (a protein food, a grain, one or two
vegetables...), one food per role in a real portion.

The rule family adds, per (food, meal) pair a food may be served at, a yes/no column ``plate``
beside the meal's grams: the grams lie between the food's least portion and its per-plate most
when served, and are 0 otherwise. Per meal, the plate's size and each role's count are rows over
these columns; per food, the number of meals it is served at is at most one (two for the drinks
and cooking fats ``data/meals.yaml`` names), and at most one when not used at all. The same
rules are checked on a finished day by :meth:`Plates.broken`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mealfix.inputs.meals import MealsDoc
from mealfix.model.matrix import INF, Builder, pairs
from mealfix.model.rules import GROUP_COLUMN, SHARED_COLUMN

#: Grams a placed piece may fall under its least portion after rounding to 0.1 g.
PIECE_SLACK_G = 0.1


@dataclass(frozen=True)
class Plates:
    """The plate rules of a day, on the setup's food index."""

    #: Each food's role (None: its category fills no role; it only counts in the plate size).
    role: pd.Series
    #: Least and most foods on each meal's plate.
    size: dict[str, tuple[int, int]]
    #: Least and most foods of each role on each meal's plate, by (meal, role).
    roles: dict[tuple[str, str], tuple[int, int]]
    #: How many meals a food may be served at (1, or 2 for drinks and cooking fats).
    times: pd.Series
    #: Least grams of a food on a plate (its least portion).
    least: pd.Series

    def broken(self, parts: pd.DataFrame, most: pd.Series) -> list[str]:
        """Every plate rule ``parts`` (foods x meals, grams) breaks, in words."""
        out: list[str] = []
        served = parts > 0
        least = self.least.reindex(parts.index).fillna(0.0)
        top = most.reindex(parts.index).fillna(INF)
        for meal in parts.columns:
            here = parts[meal]
            small = here.index[served[meal] & (here < least - PIECE_SLACK_G - 1e-9)]
            out += [f"{f} at {meal} is {here[f]:g} g, under its least portion" for f in small]
            big = here.index[here > top + PIECE_SLACK_G + 1e-9]
            out += [f"{f} at {meal} is {here[f]:g} g, over {top[f]:g} g a plate" for f in big]
            count = int(served[meal].sum())
            low, high = self.size.get(str(meal), (0, 10**6))
            if not low <= count <= high:
                out.append(f"{meal} has {count} foods, outside {low}-{high}")
        times = served.sum(axis=1)
        allowed = self.times.reindex(parts.index).fillna(1)
        out += [f"{f} is served at {times[f]} meals" for f in parts.index[times > allowed]]
        role = self.role.reindex(parts.index)
        for (meal, name), (low, high) in self.roles.items():
            if meal not in parts.columns:
                continue
            count = int((served[meal] & (role == name)).sum())
            if not low <= count <= high:
                out.append(f"{meal} has {count} {name} foods, outside {low}-{high}")
        return out


def plate_rules(
    foods: pd.DataFrame, doc: MealsDoc, least: pd.Series, stated: Mapping[str, float] | None = None
) -> Plates | None:
    """The plate rules of ``doc`` for ``foods`` (None when the file names no plates); a food
    whose amount the person ``stated`` (``--include ID:GRAMS``) may be at two meals, and a
    piece of it need not be larger than that amount."""
    stated = stated or {}
    if not any(spec.foods or spec.roles for spec in doc.meals.values()):
        return None
    categories = (
        foods[GROUP_COLUMN] if GROUP_COLUMN in foods.columns else pd.Series(None, foods.index)
    )
    role = doc.role_of(categories)
    twice = categories.isin(doc.two_meals.categories)
    if SHARED_COLUMN in foods.columns:
        twice |= foods[SHARED_COLUMN].isin(doc.two_meals.cap_groups)
    twice |= foods.index.isin(list(stated))
    least = least.reindex(foods.index).fillna(0.0)
    for food, amount in stated.items():
        least[food] = min(float(least[food]), amount)
    return Plates(
        role=role,
        size={m: s.foods for m, s in doc.meals.items() if s.foods is not None},
        roles={(m, r): c for m, s in doc.meals.items() for r, c in s.roles.items()},
        times=pd.Series(np.where(twice, 2, 1), index=foods.index),
        least=least,
    )


def served_at(plates: Plates, meals: tuple[str, ...], suits: pd.DataFrame) -> pd.DataFrame:
    """``suits`` narrowed to the meals whose plate has a role for the food (a food of no role
    keeps the meals it suits)."""
    out = suits.copy()
    for meal in meals:
        named = {r for (m, r) in plates.roles if m == meal}
        if not named:
            continue
        role = plates.role.reindex(suits.index)
        out[meal] &= role.isna() | role.isin(named)
    return out


def add_plate_block(
    m: Builder,
    portion: np.ndarray,
    use: np.ndarray,
    foods: pd.Index,
    labels: pd.MultiIndex,
    keys: np.ndarray,
    plates: Plates,
    most_g: pd.Series,
) -> None:
    """A yes/no column per (food, meal) pair and the plate rows over it (see the module);
    ``most_g`` is the most grams of a food on one plate."""
    food_of = labels.get_level_values("food")
    meal_of = labels.get_level_values("meal")
    count = len(labels)
    z = m.add_columns("plate", "plate_", labels, keys, upper=1.0, integer=True)
    least = plates.least.reindex(food_of).fillna(0.0).to_numpy(dtype=float)
    most = most_g.reindex(food_of).fillna(INF).to_numpy(dtype=float)
    big = np.where(np.isfinite(most), most, 1e4)
    m.add_rows([f"piece_most_{k}" for k in keys], *pairs(count, portion, z, 1.0, -big), -INF, 0.0)
    lows = np.flatnonzero(least > 0)
    m.add_rows(
        [f"piece_least_{keys[i]}" for i in lows],
        *pairs(len(lows), portion[lows], z[lows], 1.0, -least[lows]),
        0.0,
        INF,
    )
    at = foods.get_indexer(food_of)
    times = plates.times.reindex(foods).fillna(1).to_numpy(dtype=float)
    n = len(foods)
    # A food used is served: at exactly one meal (an equation, so presolve drops its yes/no
    # column and the LP cannot leave a food "used" on a fraction of a plate), or at one or two
    # (drinks, cooking fats). Measured on the 20 benchmark personas: median 3.7 s -> 2.4 s.
    m.add_rows(
        [f"meals_of_{f}" for f in foods],
        np.concatenate([at, np.arange(n)]),
        np.concatenate([z, use]),
        np.concatenate([np.ones(count), -times]),
        np.where(times == 1, 0.0, -INF),
        0.0,
    )
    twice = np.flatnonzero(times > 1)
    if len(twice):
        slot = np.full(n, -1)
        slot[twice] = np.arange(len(twice))
        mine = slot[at] >= 0
        m.add_rows(
            [f"served_if_used_{foods[i]}" for i in twice],
            np.concatenate([slot[at[mine]], np.arange(len(twice))]),
            np.concatenate([z[mine], use[twice]]),
            np.concatenate([np.ones(int(mine.sum())), -np.ones(len(twice))]),
            0.0,
            INF,
        )
    top = np.zeros(n)  # a food's day is at most its plates' most (a tighter use row)
    np.maximum.at(top, at, big)
    m.add_rows(
        [f"plated_most_{f}" for f in foods],
        np.concatenate([at, np.arange(n)]),
        np.concatenate([portion, use]),
        np.concatenate([np.ones(count), -times * top]),
        -INF,
        0.0,
    )
    for meal, (low, high) in plates.size.items():
        here = np.flatnonzero(np.asarray(meal_of) == meal)
        if len(here):
            m.add_sum(f"plate_size_{meal}", z[here], float(low), float(high))
    role = plates.role.reindex(food_of).to_numpy()
    for (meal, name), (low, high) in plates.roles.items():
        here = np.flatnonzero((np.asarray(meal_of) == meal) & (role == name))
        if len(here) or low > 0:
            m.add_sum(f"plate_{meal}_{name}", z[here], float(low), float(high))
