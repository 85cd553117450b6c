"""A day's Healthy Eating Index: the food-group and nutrient amounts HEI-2020 scores, taken
from the day's grams, the food-group table and the food table (which columns: ``food_columns``
in ``data/hei.yaml``)."""

from __future__ import annotations

import pandas as pd

from mealfix.explain.hei import HeiScore, load_hei, score_day
from mealfix.inputs.patterns import load_food_groups
from mealfix.model.rules import ENERGY

#: (key, group, subgroups or None for all): the HEI amounts from the food-group table.
GROUP_AMOUNTS = (
    ("total_fruits", "fruits", None),
    ("whole_fruits", "fruits", ("whole_fruit",)),
    ("total_vegetables", "vegetables", ("dark_green", "red_orange", "starchy", "other")),
    ("greens", "vegetables", ("dark_green",)),
    ("legumes_cup_eq", "vegetables", ("beans_peas_lentils",)),
    ("legumes_oz_eq", "protein_foods", ("beans_peas_lentils",)),
    ("whole_grains", "grains", ("whole_grains",)),
    ("refined_grains", "grains", ("refined_grains",)),
    ("dairy", "dairy", None),
    (
        "total_protein",
        "protein_foods",
        ("meats", "poultry", "eggs", "seafood", "nuts_seeds", "soy_products"),
    ),
    ("seafood_plant_protein", "protein_foods", ("seafood", "nuts_seeds", "soy_products")),
)


def day_amounts(foods: pd.DataFrame, grams: pd.Series) -> dict[str, float] | None:
    """The amounts HEI scores for a day (None when the foods are not in the food-group table
    or lack a nutrient column the index needs)."""
    table = load_food_groups()
    used = grams[grams > 0]
    if not used.index.isin(table["id"]).all():
        return None
    nutrient_columns: dict[str, str] = load_hei().get("food_columns", {})
    columns = [*nutrient_columns.values(), ENERGY]
    if any(c not in foods.columns for c in columns):
        return None
    rows = table[table["id"].isin(used.index)]
    weight = rows["id"].map(used) / 100.0 * rows["per_100g"].astype(float)
    out: dict[str, float] = {}
    for key, group, subgroups in GROUP_AMOUNTS:
        mask = rows["group"] == group
        if subgroups is not None:
            mask &= rows["subgroup"].isin(subgroups)
        out[key] = float(weight[mask].sum())
    values = foods.loc[used.index, columns].fillna(0.0)
    for key, column in nutrient_columns.items():
        out[key] = float((values[column] * used).sum() / 100.0)
    out["energy_kcal"] = float((values[ENERGY] * used).sum() / 100.0)
    return out


def day_hei(foods: pd.DataFrame, grams: pd.Series, age: int) -> HeiScore | None:
    """The day's HEI-2020 (HEI-Toddlers-2020 at age 1), or None where it cannot be scored."""
    amounts = day_amounts(foods, grams)
    if amounts is None or age < 1:
        return None
    energy = amounts.pop("energy_kcal")
    return score_day(amounts, energy, age)
