"""Check a finished plan against every limit, straight from the food table and the targets.

This deliberately does not reuse the model's rows: it recomputes totals from the nutrient
columns, so an error in building the model shows up here instead of in a person's plan.
"""

from __future__ import annotations

import pandas as pd

from mealfix.model import ENERGY
from mealfix.targets import Targets

#: Slack for floating-point sums only; plans are rounded *before* this check.
TOLERANCE = 1e-9


def totals(foods: pd.DataFrame, grams: pd.Series, nutrients: list[str]) -> pd.Series:
    """Day totals of each nutrient for ``grams`` of each food (values are per 100 g)."""
    used = grams[grams > 0]
    table = foods.loc[used.index, nutrients]
    return table.mul(used / 100.0, axis=0).sum()


def violations(
    foods: pd.DataFrame, grams: pd.Series, targets: Targets, nutrients: list[str]
) -> list[str]:
    """Every broken limit, in words; empty when the plan is sound."""
    broken: list[str] = []
    if (grams < 0).any():
        broken.append(f"negative amount of {', '.join(grams.index[grams < 0])}")
    if "max_g" in foods.columns:
        cap = foods.loc[grams.index, "max_g"]
        over = grams > cap.fillna(float("inf")) * (1 + TOLERANCE)
        broken += [
            f"{food}: {grams[food]:g} g is above its {cap[food]:g} g maximum"
            for food in grams.index[over]
        ]
    extra = [ENERGY] if ENERGY in foods.columns and ENERGY not in nutrients else []
    day = totals(foods, grams, nutrients + extra)
    for nutrient in nutrients:
        if nutrient not in targets.frame.index:
            continue
        low, high = targets.frame.at[nutrient, "min"], targets.frame.at[nutrient, "max"]
        amount = day[nutrient]
        if _given(low) and amount < float(low) - TOLERANCE * max(1.0, float(low)):
            broken.append(f"{nutrient} {amount:.6g} is below its minimum {float(low):g}")
        if _given(high) and amount > float(high) + TOLERANCE * max(1.0, float(high)):
            broken.append(f"{nutrient} {amount:.6g} is above its maximum {float(high):g}")
    if ENERGY in nutrients:
        energy = day[ENERGY]
        for macro, share in targets.shares.iterrows():
            if macro not in nutrients or energy <= 0:
                continue
            pct = 100.0 * day[macro] * share["kcal_per_g"] / energy
            if pct < share["min_pct"] - 1e-7 or pct > share["max_pct"] + 1e-7:
                broken.append(
                    f"{macro} gives {pct:.4g} % of energy, outside "
                    f"{share['min_pct']:g}-{share['max_pct']:g} %"
                )
    return broken


def _given(value: object) -> bool:
    return value is not None and not pd.isna(value)
