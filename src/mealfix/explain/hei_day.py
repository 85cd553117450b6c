"""A day's Healthy Eating Index: the food-group and nutrient amounts HEI-2020 scores, taken
from the day's grams and the per-gram columns of :func:`mealfix.inputs.hei.hei_columns`."""

from __future__ import annotations

import pandas as pd

from mealfix.explain.hei import HeiScore, score_day
from mealfix.inputs.hei import hei_columns
from mealfix.model.rules import ENERGY


def day_amounts(foods: pd.DataFrame, grams: pd.Series) -> dict[str, float] | None:
    """The amounts HEI scores for a day, and its energy (None when the foods are not in the
    food-group table or lack a nutrient column the index needs)."""
    used = grams[grams > 0]
    columns = hei_columns(foods.loc[used.index], ENERGY)
    if columns is None:
        return None
    totals = used.to_numpy(dtype=float) @ columns.to_numpy(dtype=float)
    return {str(k): float(v) for k, v in zip(columns.columns, totals, strict=True)}


def day_hei(foods: pd.DataFrame, grams: pd.Series, age: int) -> HeiScore | None:
    """The day's HEI-2020 (HEI-Toddlers-2020 at age 1), or None where it cannot be scored."""
    amounts = day_amounts(foods, grams)
    if amounts is None or age < 1:
        return None
    energy = amounts.pop("energy_kcal")
    return score_day(amounts, energy, age)
