"""The day's food groups against the person's Dietary Guidelines pattern, as model pieces.

Each key (a group, a subgroup per day, the calories for other uses) gets one equality row,
amount - over + under = pattern amount, with the deviation split in three: a sliver no one
could see (``NEAR``), free; the rest of the allowed range (75-125 % by default), priced only by
the ``pattern`` objective; and the part beyond it, priced high under every objective, so that a
group leaves its range only when the nutrient targets force it to (and the plan says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mealfix.inputs.patterns import Pattern, group_columns
from mealfix.model.family import DayColumns, Served
from mealfix.model.matrix import INF, Builder, safe_name

#: Weight of a main group's relative deviation; the calories for other uses only count when
#: over the pattern's limit. Subgroups are weekly amounts (DGA Table A3-1, "per week"): a day
#: is not steered toward a seventh of each, since a real portion of spinach or tofu is two to
#: four days' worth (chasing the seventh made 70-90 % of a plate day's integrality gap, 2-60 s
#: of proof); a day only keeps each under half the week (below).
GROUP_WEIGHT = 1.0
SUBGROUP_WEIGHT = 0.0
#: A deviation within this share of an amount is free: no one can see it (2 g of fruit in a
#: cup), and a day rounded to 0.1 g can rarely land exactly on an amount (a 2-year-old's 1 oz
#: of fish is 28.35 g): priced from the first gram, the rounding alone cost 1 % of her day.
NEAR = 0.005
#: Price of each relative unit beyond the allowed range (under every objective).
OUT_OF_RANGE_PRICE = 20.0
#: A subgroup beyond half the week's amount on one day is a mild fault, priced per relative
#: unit of a day's share as the subgroups' per-day steering once was: at the main groups'
#: price a vegan week's later days, left with beans for protein, cost 23 units each against
#: 0.17 for a good day.
SUBGROUP_OUT_PRICE = 0.5
#: The default range of each main group around its pattern amount (share of the amount).
DEFAULT_RANGE = (0.75, 1.25)
#: Subgroups taken per day from a weekly amount need not appear every day, but no day should
#: hold more than half the week's amount (3.5 days' worth).
SUBGROUP_RANGE = (0.0, 3.5)
#: Amounts that are a floor, not an aim ("at least half of fruit whole", "make half your
#: grains whole grains"): more is no fault.
AT_LEAST = ("fruits:whole_fruit", "vegetables:non_starchy", "grains:whole_grains")
#: Amounts that are a limit: less is no fault (refined grains within the range's top).
AT_MOST = ("other_uses_kcal", "grains:refined_grains")


@dataclass(frozen=True)
class PatternRows:
    """Food-group rows of a day: per-gram amounts (foods x keys), targets and prices."""

    pattern: Pattern
    coef: pd.DataFrame
    target: pd.Series
    #: Price per unit of deviation: within the range (under, over) and beyond it.
    under_in: pd.Series
    over_in: pd.Series
    out: pd.Series
    #: The allowed range of each key, as shares of its amount.
    low: pd.Series
    high: pd.Series

    def room(self) -> tuple[np.ndarray, np.ndarray]:
        """How far below and above its amount each key may go within the range (beyond the
        free :meth:`near` band)."""
        t = self.target.to_numpy(dtype=float)
        below, above = self.near()
        return t * (1.0 - self.low.to_numpy()) - below, t * (self.high.to_numpy() - 1.0) - above

    def near(self) -> tuple[np.ndarray, np.ndarray]:
        """How far below and above its amount each key may go for free (``NEAR``, within the
        range)."""
        t = self.target.to_numpy(dtype=float)
        below = t * np.clip(1.0 - self.low.to_numpy(), 0.0, NEAR)
        above = t * np.clip(self.high.to_numpy() - 1.0, 0.0, NEAR)
        return below, above

    def amounts(self, grams: pd.Series) -> pd.Series:
        """Each key's amount on a day of ``grams``."""
        g = grams.reindex(self.coef.index).fillna(0.0).to_numpy(dtype=float)
        return pd.Series(g @ self.coef.to_numpy(dtype=float), index=self.coef.columns)

    def deviations(self, grams: pd.Series) -> pd.DataFrame:
        """The cheapest deviation columns for ``grams``: the free sliver (``near``, signed:
        under is positive), then under/over within and beyond the range."""
        d = (self.amounts(grams) - self.target).to_numpy()
        under_room, over_room = self.room()
        below, above = self.near()
        under, over = np.maximum(-d - below, 0.0), np.maximum(d - above, 0.0)
        return pd.DataFrame(
            {
                "near": np.clip(-d, -above, below),
                "under_in": np.minimum(under, under_room),
                "under_out": np.maximum(under - under_room, 0.0),
                "over_in": np.minimum(over, over_room),
                "over_out": np.maximum(over - over_room, 0.0),
            },
            index=self.target.index,
        )

    def cost(self, grams: pd.Series) -> float:
        """The objective's pattern part for ``grams`` (as the model prices it)."""
        dev = self.deviations(grams)
        return float(
            (dev["under_in"] * self.under_in).sum()
            + (dev["over_in"] * self.over_in).sum()
            + ((dev["under_out"] + dev["over_out"]) * self.out).sum()
        )

    def slack_values(self, grams: pd.Series) -> dict[str, np.ndarray]:
        """The deviation columns' values for ``grams`` (by block name)."""
        deviations = self.deviations(grams)
        return {block: deviations[block].to_numpy() for block in deviations.columns}

    def broken(self, day: Served) -> list[str]:
        """Nothing: a day may leave these ranges at their price, which the plan reports."""
        return []

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """amount - over + under = pattern amount per key, the deviation split at the range."""
        foods, x = day.foods, day.grams
        if not len(self.target):  # nothing of the pattern is reachable
            return
        keys = self.target.index
        names = np.array([safe_name(k) for k in keys])
        under_room, over_room = self.room()
        n = len(keys)
        parts = [
            ("under_in", "under_", self.under_in, under_room, 1.0),
            ("under_out", "under_out_", self.out, np.full(n, INF), 1.0),
            ("over_in", "over_", self.over_in, over_room, -1.0),
            ("over_out", "over_out_", self.out, np.full(n, INF), -1.0),
        ]
        below, above = self.near()
        coef = self.coef.reindex(foods).fillna(0.0).to_numpy(dtype=float).T  # keys x foods
        row, food = np.nonzero(coef)
        rows, cols, vals = [row], [x[food]], [coef[row, food]]
        for block, prefix, cost, upper, sign in parts:
            columns = m.add_columns(
                block, prefix, keys, names, cost=cost.to_numpy(dtype=float), upper=upper
            )
            rows.append(np.arange(n))
            cols.append(columns)
            vals.append(np.full(n, sign))
        near = m.add_columns("near", "near_", keys, names, lower=-above, upper=below)
        rows.append(np.arange(n))
        cols.append(near)
        vals.append(np.ones(n))
        target = self.target.to_numpy(dtype=float)
        m.add_rows(
            [f"pattern_{name}" for name in names],
            np.concatenate(rows),
            np.concatenate(cols),
            np.concatenate(vals),
            target,
            target,
        )


def pattern_rows(
    foods: pd.Index,
    pattern: Pattern,
    *,
    steer: bool,
    low: float = DEFAULT_RANGE[0],
    high: float = DEFAULT_RANGE[1],
) -> PatternRows:
    """The rows of ``pattern`` for ``foods``; ``steer`` prices every deviation (the pattern
    objective), otherwise only those beyond the range."""
    coef = group_columns(foods, pattern)
    reachable = coef.columns[(coef > 0).any()]  # a vegan has no eggs to reach an egg amount
    keys = [k for k in pattern.amounts if k in reachable and pattern.amounts[k] > 0]
    target = pd.Series({k: pattern.amounts[k] for k in keys}, dtype=float)
    weight = pd.Series(
        [GROUP_WEIGHT if ":" not in k else SUBGROUP_WEIGHT for k in keys], index=keys, dtype=float
    )
    per_unit = weight / target
    at_least = pd.Series([k in AT_LEAST for k in keys], index=keys, dtype=bool)
    at_most = pd.Series([k in AT_MOST for k in keys], index=keys, dtype=bool)
    sub = pd.Series([":" in k for k in keys], index=keys, dtype=bool) & ~at_least
    sub &= ~at_most
    other_uses = pd.Series([k == "other_uses_kcal" for k in keys], index=keys, dtype=bool)
    lows = pd.Series(low, index=keys).where(~sub, SUBGROUP_RANGE[0]).where(~at_most, 0.0)
    highs = pd.Series(high, index=keys).where(~sub, SUBGROUP_RANGE[1]).where(~other_uses, 1.0)
    highs = highs.where(~at_least, 1e6)  # more whole fruit than half the fruit is fine
    priced = per_unit if steer else per_unit * 0.0
    return PatternRows(
        pattern=pattern,
        coef=coef[keys],
        target=target,
        under_in=priced.where(~at_most, 0.0),
        over_in=priced.where(~(at_most | at_least), 0.0),
        out=pd.Series(OUT_OF_RANGE_PRICE, index=keys).where(~sub, SUBGROUP_OUT_PRICE) / target,
        low=lows.where(~at_least, low),
        high=highs,
    )
