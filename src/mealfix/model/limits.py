"""The limits as one family (:mod:`.family`): each nutrient between its minimum and its upper
limit, the macronutrients' shares of energy, and the caps that are rows over every food (the
budget, caps shared by a kind of food, caps on tagged foods such as caffeine's).

Rows come from :class:`.setup.Rows` (nutrients are data: one row per bound of a targeted
column). A soft minimum (an AI-only target, a safety rule's sodium) has a priced shortfall;
``elastic`` lets every row be missed at a price (the closest day when none meets them all).
The check recomputes the day's totals from the food table and re-reads the targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mealfix.inputs.arguments import given
from mealfix.inputs.targets import Targets
from mealfix.model.family import DayColumns, Served
from mealfix.model.matrix import Builder, safe_name, sense_bounds
from mealfix.model.rules import ENERGY, SOFT_SHORTFALL_PRICE, Rules
from mealfix.model.setup import Rows, Setup

#: Slack for floating-point sums only; plans are rounded *before* this check.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Limits:
    """The limit rows of a day and, to check a finished day, what they were made from."""

    rows: Rows
    #: Price per unit of missing each row (None: every row holds).
    elastic: pd.Series | None = None
    setup: Setup | None = None
    targets: Targets | None = None

    @classmethod
    def of(cls, setup: Setup, targets: Targets) -> Limits:
        """The limits of ``setup`` for ``targets``, ready to check a finished day."""
        return cls(setup.rows, None, setup, targets)

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """One row per limit over the grams (plus its slack columns), marked ``limits``."""
        meta = self.rows.meta
        coef = self.rows.coef.to_numpy(dtype=float).T  # rows x foods: nonzeros come by row
        row, nz_food = np.nonzero(coef)
        col, val = day.grams[nz_food], coef[row, nz_food]
        if self.elastic is not None:
            slack = m.add_columns(
                "slack",
                "miss_",
                meta.index,
                np.array([safe_name(str(r)) for r in meta.index]),
                cost=self.elastic.reindex(meta.index).to_numpy(float),
            )
            sign = np.where(meta["sense"] == ">=", 1.0, -1.0)
            row = np.concatenate([row, np.arange(len(meta))])
            col = np.concatenate([col, slack])
            val = np.concatenate([val, sign])
        if self.elastic is None and "soft" in meta.columns and meta["soft"].any():
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
        names = [safe_name(str(r)) for r in meta.index]
        m.add_rows(names, row, col, val, lower, upper, mark="limits")

    def broken(self, day: Served) -> list[str]:
        """Every limit ``day`` breaks, recomputed from the food table and the targets."""
        assert self.setup is not None and self.targets is not None, "a check needs its sources"
        setup, targets = self.setup, self.targets
        foods, rules, used = setup.foods, setup.rules, day.grams[day.grams > 0]
        broken = _caps(setup, rules, used)
        extra = [ENERGY] if ENERGY in foods.columns else []
        totals = day_totals(foods, day.grams, setup.nutrients + extra)
        for nutrient in setup.nutrients:
            if nutrient not in targets.frame.index:
                continue
            low, high = targets.frame.at[nutrient, "min"], targets.frame.at[nutrient, "max"]
            amount = totals[nutrient]
            if "soft" in targets.frame.columns and bool(targets.frame.at[nutrient, "soft"]):
                low = None  # a soft target's shortfall is priced and reported, not a violation
            if given(low) and amount < float(low) - TOLERANCE * max(1.0, float(low)):
                broken.append(f"{nutrient} {amount:.6g} is below its minimum {float(low):g}")
            if given(high) and amount > float(high) + TOLERANCE * max(1.0, float(high)):
                broken.append(f"{nutrient} {amount:.6g} is above its maximum {float(high):g}")
        if ENERGY in setup.nutrients and totals[ENERGY] > 0:
            for macro, share in targets.shares.iterrows():
                if macro not in setup.nutrients:
                    continue
                pct = 100.0 * totals[macro] * share["kcal_per_g"] / totals[ENERGY]
                if pct < share["min_pct"] - 1e-7 or pct > share["max_pct"] + 1e-7:  # NaN: none
                    broken.append(
                        f"{macro} gives {pct:.4g} % of energy, outside "
                        f"{share['min_pct']:g}-{share['max_pct']:g} % (NaN: no lower bound)"
                    )
        return broken


def day_totals(foods: pd.DataFrame, grams: pd.Series, nutrients: list[str]) -> pd.Series:
    """Day totals of each nutrient for ``grams`` of each food (values are per 100 g)."""
    used = grams[grams > 0]
    columns = list(dict.fromkeys(nutrients))
    rows = foods.index.get_indexer(used.index)
    values = np.column_stack([foods[c].to_numpy(dtype=float)[rows] for c in columns])
    return pd.Series(used.to_numpy() / 100.0 @ values, index=columns, dtype=float)


def _caps(setup: Setup, rules: Rules, used: pd.Series) -> list[str]:
    """The caps over every food: shared by a kind, on tagged foods, the budget."""
    foods, broken = setup.foods, []
    if setup.shared is not None:
        kinds = used.groupby(setup.shared.reindex(used.index)).sum()
        for kind, most in rules.shared_caps.items():
            if kinds.get(kind, 0.0) > most + 1e-9:
                broken.append(f"{kinds[kind]:g} g of {kind} foods, above their shared {most:g} g")
    if rules.tag_caps and "tags" in foods.columns:
        carried = foods["tags"].reindex(used.index).fillna("").astype(str).str.split(";")
        for tag, most in rules.tag_caps.items():
            grams_of = float(used[carried.map(lambda t, tag=tag: tag in t)].sum())
            if grams_of > most + 1e-9:
                broken.append(f"{grams_of:g} g of {tag} foods, above their {most:g} g a day")
    if setup.budget is not None:
        spent = float((foods.loc[used.index, "price"] * used).sum() / 100.0)
        if spent > setup.budget + TOLERANCE * max(1.0, setup.budget):
            broken.append(f"the day costs {spent:.4f} USD, over the {setup.budget:g} USD budget")
    return broken
