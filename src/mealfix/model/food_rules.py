"""The food rules as one family (:mod:`.family`): each food used lies between its least
portion and its maximum (in whole half-portions with ``--servings``), at most so many foods a
day and per group, at least so many (and so many grams) from the required groups, the foods a
person asked for, and no food above its share of the day's energy.

Rows need the day's yes/no ``use`` columns (an integer day); the group weights also hold when a
solved day's foods are pinned (``weighed``). The check re-reads the food table and the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mealfix.inputs.arguments import given
from mealfix.inputs.targets import Targets
from mealfix.model.family import DayColumns, Served
from mealfix.model.matrix import INF, Builder, pairs, safe_name
from mealfix.model.rules import ENERGY, Rules
from mealfix.model.setup import Bounds, Setup


@dataclass(frozen=True)
class FoodRules:
    """The food rules of a day, on its food index."""

    bounds: Bounds
    rules: Rules
    groups: pd.Series | None
    #: Whether the group weights are rows (an integer day, or its foods pinned).
    weighed: bool = True
    #: The food table a finished day is checked against (None: rows only).
    foods: pd.DataFrame | None = None
    #: Whether the energy-share cap is checked (the targets name a day's energy).
    energy_capped: bool = False

    @classmethod
    def of(cls, setup: Setup, targets: Targets) -> FoodRules:
        """The food rules of ``setup``, ready to check a finished day (the energy-share cap
        when ``targets`` set a least energy for the day)."""
        least = targets.frame["min"].get(ENERGY)  # None when the targets have no energy row
        capped = given(least) and float(least) > 0
        return cls(setup.bounds, setup.rules, setup.groups, True, setup.foods, capped)

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """grams <= most x use and >= least x use; servings, food counts, groups."""
        foods, x, y, rules = day.foods, day.grams, day.use, self.rules
        groups = self.groups.reindex(foods) if self.groups is not None else None
        if y is not None:
            n = len(foods)
            ids = [str(f) for f in foods]
            high = self.bounds.high.to_numpy(dtype=float)
            low = self.bounds.low.to_numpy(dtype=float)
            amount = pd.Series(rules.include, dtype=float).reindex(foods).to_numpy(dtype=float)
            stated = foods.isin(list(rules.include)) & ~np.isnan(amount)
            m.add_rows([f"cap_{f}" for f in ids], *pairs(n, x, y, 1.0, -high), -INF, 0.0)
            least = np.flatnonzero((low > 0) & ~stated)
            m.add_rows(
                [f"least_{ids[i]}" for i in least],
                *pairs(len(least), x[least], y[least], 1.0, -low[least]),
                0.0,
                INF,
            )
            if rules.servings:
                _servings(m, self.bounds, x, y, foods)
            if rules.max_foods:
                m.add_sum("max_foods", y, -INF, rules.max_foods)
            if groups is not None:
                _groups(m, y, groups, rules)
        if self.weighed and groups is not None:
            _group_weights(m, x, groups, rules)

    def broken(self, day: Served) -> list[str]:
        """Amounts, counts, groups, asked-for foods and energy shares ``day`` breaks."""
        assert self.foods is not None, "a food rules check needs the food table"
        rules, used = self.rules, day.grams[day.grams > 0]
        broken = _amounts(self.foods, rules, used)
        if rules.max_foods and len(used) > rules.max_foods:
            broken.append(f"{len(used)} foods, more than {rules.max_foods}")
        if self.groups is not None:
            broken += _group_faults(self.groups, rules, used)
        for food, amount in rules.include.items():
            if food not in used.index:
                broken.append(f"required food {food} is missing")
            elif amount is not None and abs(used[food] - amount) > 1e-6:
                broken.append(f"required food {food} is {used[food]:g} g, not {amount:g} g")
        share = rules.max_energy_share
        if self.energy_capped and share and ENERGY in self.foods.columns:
            kcal = self.foods[ENERGY].reindex(used.index) * used / 100.0
            for food in kcal.index[kcal > share * kcal.sum() + 1e-9]:
                broken.append(f"{food} gives {kcal[food]:.0f} kcal, over {share:.0%} of the day")
        return broken


def _amounts(foods: pd.DataFrame, rules: Rules, used: pd.Series) -> list[str]:
    """Each food used is between its least portion and its per-day maximum."""
    broken: list[str] = []
    cap = foods["max_g"].reindex(used.index) if "max_g" in foods.columns else None
    portion = foods["portion_g"].reindex(used.index) if "portion_g" in foods.columns else None
    for food, amount in used.items():
        if cap is not None and given(cap[food]) and amount > float(cap[food]) + 1e-9:
            broken.append(f"{food}: {amount:g} g is above its {cap[food]:g} g maximum")
        if portion is None or not given(portion[food]):
            continue
        least = rules.least_portions * float(portion[food])
        stated = rules.include.get(food) is not None
        if rules.integer() and not stated and amount < least - 1e-9:
            broken.append(f"{food}: {amount:g} g is below its least portion {least:g} g")
        if rules.servings:
            halves = amount / (float(portion[food]) / 2)
            if abs(halves - round(halves)) > 1e-6:
                broken.append(f"{food}: {amount:g} g is not a whole number of half portions")
    return broken


def _group_faults(groups: pd.Series, rules: Rules, used: pd.Series) -> list[str]:
    """Foods per group within their counts, and the required groups' grams."""
    counts = groups.reindex(used.index).value_counts()
    broken: list[str] = []
    if rules.max_per_group:
        broken += [
            f"{n} foods from {g}, more than {rules.max_per_group}"
            for g, n in counts.items()
            if n > rules.max_per_group
        ]
    broken += [
        f"fewer than {n} food(s) from {g}"
        for g, n in rules.min_per_group.items()
        if counts.get(g, 0) < n
    ]
    return broken + light_groups(groups, rules, used)


def light_groups(groups: pd.Series, rules: Rules, used: pd.Series) -> list[str]:
    """Each required group whose foods weigh less than its servings (a vegetable: 80 g), which
    rounding to 0.1 g can cause (:mod:`mealfix.solve.rounding` passes such days over)."""
    in_group = used.groupby(groups.reindex(used.index)).sum()
    broken: list[str] = []
    for g, n in rules.min_per_group.items():
        need = rules.group_serving_g.get(g, 0.0) * n
        if in_group.get(g, 0.0) < need - 1e-9:
            broken.append(f"{in_group.get(g, 0.0):g} g from {g}, less than {need:g} g")
    return broken


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
