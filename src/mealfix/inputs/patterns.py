"""Food groups and the Dietary Guidelines patterns: what a healthy day holds, group by group.

``data/food_groups.csv`` gives each food's cup- and ounce-equivalents per 100 g (the USDA Food
Patterns Equivalents conventions); ``data/patterns.yaml`` the daily amounts of each group at
each calorie level (DGA 2020-2025, Appendix 3). A plan is pulled toward the person's pattern and
kept within a range of it; weekly subgroups are taken per day (a seventh of the week).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mealfix.errors import DataError
from mealfix.inputs.diet import PLANT_BASED
from mealfix.inputs.files import bundled_path, load_cached, read_yaml

#: The main groups: each has a daily amount in every pattern.
GROUPS = ("vegetables", "fruits", "grains", "dairy", "protein_foods", "oils")
UNITS = {
    "vegetables": "cup-eq",
    "fruits": "cup-eq",
    "grains": "oz-eq",
    "dairy": "cup-eq",
    "protein_foods": "oz-eq",
    "oils": "g",
    "other_uses_kcal": "kcal",
}
#: Vegetable subgroups that do not count as "non-starchy" (beans count with protein or here).
STARCHY_LIKE = ("starchy", "beans_peas_lentils")
#: Keys made of several of the food table's subgroups.
COMBINED = {"vegetables:non_starchy": ("dark_green", "red_orange", "other")}
#: How the food table's protein subgroups add up to each pattern's weekly ones.
PROTEIN_SUBGROUPS = {
    "meats_poultry_eggs": ("meats", "poultry", "eggs"),
    "meats_poultry": ("meats", "poultry"),
    "eggs": ("eggs",),
    "seafood": ("seafood",),
    "nuts_seeds_soy": ("nuts_seeds", "soy_products"),
    "soy_products": ("soy_products",),
    "nuts_seeds": ("nuts_seeds",),
    "beans_peas_lentils": ("beans_peas_lentils",),
}


@dataclass(frozen=True)
class Pattern:
    """A person's pattern: daily amount per key (groups, subgroups per day), and its source."""

    name: str
    level: int
    amounts: dict[str, float]
    #: Where beans, peas and lentils count ("should be counted in one group only", DGA).
    beans_in: str
    note: str

    def unit(self, key: str) -> str:
        return UNITS.get(key.partition(":")[0], UNITS.get(_group_of(key), ""))


def load_patterns(path: str | Path | None = None) -> dict[str, Any]:
    file = Path(path) if path is not None else bundled_path("patterns.yaml")
    return load_cached(file, _load_yaml, file.name if path is None else str(path))


def _load_yaml(file: Path, label: str) -> dict[str, Any]:
    data = read_yaml(file, label)
    if not isinstance(data, dict) or "patterns" not in data or "diets" not in data:
        raise DataError(label, "needs 'patterns' and 'diets'")
    return data


def pattern_for(diet: str, kcal: float, age: int) -> Pattern:
    """The DGA pattern of ``diet`` at the calorie level nearest ``kcal`` (toddlers: theirs)."""
    doc = load_patterns()
    spec = doc["diets"].get(diet, {"pattern": "healthy_us"})
    wanted = str(spec.get("pattern", "healthy_us"))
    tables = doc.get("toddler_patterns", {}) if age < 2 else doc["patterns"]
    name = wanted if wanted in tables else "healthy_us"
    note = "" if name == wanted else f"the {wanted} pattern is not entered; {name} is used"
    levels = {int(k): v for k, v in tables[name].items() if str(k).isdigit()}
    level = min(levels, key=lambda c: (abs(c - kcal), c))
    row = levels[level]
    amounts = {g: float(row[g]) for g in GROUPS if g in row}
    if "whole_grains" in row:
        amounts["grains:whole_grains"] = float(row["whole_grains"])
    if "refined_grains" in row:
        amounts["grains:refined_grains"] = float(row["refined_grains"])
    for sub, weekly in (row.get("vegetables_weekly") or {}).items():
        amounts[f"vegetables:{sub}"] = float(weekly) / 7.0
    for sub, weekly in (row.get("protein_weekly") or {}).items():
        amounts[f"protein_foods:{sub}"] = float(weekly) / 7.0
    if "other_uses_kcal" in row:
        amounts["other_uses_kcal"] = float(row["other_uses_kcal"])
    # DGA: at least half of fruit as whole fruit; vegetables mostly beyond the starchy kind.
    if "fruits" in amounts:
        amounts["fruits:whole_fruit"] = amounts["fruits"] / 2.0
    starchy = sum(amounts.get(f"vegetables:{s}", 0.0) for s in STARCHY_LIKE)
    if "vegetables" in amounts and starchy < amounts["vegetables"]:
        amounts["vegetables:non_starchy"] = amounts["vegetables"] - starchy
    beans = "protein_foods" if diet in PLANT_BASED else "vegetables"
    return Pattern(name=name, level=level, amounts=amounts, beans_in=beans, note=note)


def load_food_groups(path: str | Path | None = None) -> pd.DataFrame:
    """The long food-group table: id, group, subgroup, per_100g, unit."""
    file = Path(path) if path is not None else bundled_path("food_groups.csv")
    return load_cached(file, _load_groups)


def _load_groups(file: Path) -> pd.DataFrame:
    table = pd.read_csv(file, dtype={"id": str, "group": str, "subgroup": str})
    return table[["id", "group", "subgroup", "per_100g", "unit"]]


def group_columns(foods: pd.Index, pattern: Pattern) -> pd.DataFrame:
    """Each food's amount of every key of ``pattern``, per gram (foods x keys)."""
    table = load_food_groups()
    table = table[table["id"].isin(foods)]
    beans = table["subgroup"] == "beans_peas_lentils"
    table = table[~beans | (table["group"] == pattern.beans_in)]
    group, subgroup = table["group"], table["subgroup"]
    masks = []
    for key in pattern.amounts:
        name, _, sub = key.partition(":")
        if name == "other_uses_kcal":
            mask = group == "other_uses"
        elif not sub:
            mask = group == name
        elif key in COMBINED:
            mask = (group == name) & subgroup.isin(COMBINED[key])
        elif name == "protein_foods":
            mask = (group == name) & subgroup.isin(PROTEIN_SUBGROUPS.get(sub, (sub,)))
        else:
            mask = (group == name) & (subgroup == sub)
        masks.append(mask.to_numpy())
    return per_food(foods, table, masks, list(pattern.amounts))


def per_food(
    foods: pd.Index, table: pd.DataFrame, masks: list[np.ndarray], keys: list[str]
) -> pd.DataFrame:
    """Per gram of each of ``foods``, the sum of its food-group ``table`` rows that each of
    ``masks`` picks (foods x ``keys``; 0 where none): one pass, not one group-by per key."""
    out = np.zeros((len(foods), len(keys)))
    if len(table):
        picked = np.column_stack(masks) if masks else np.zeros((len(table), 0), dtype=bool)
        per_gram = table["per_100g"].to_numpy(dtype=float) / 100.0
        np.add.at(out, foods.get_indexer(table["id"]), picked * per_gram[:, None])
    return pd.DataFrame(out, index=foods, columns=keys)


def _group_of(key: str) -> str:
    return key.partition(":")[0]
