"""Tidy frames of a plan's records: one value per cell, rows named by the words people use.

A nutrient is indexed by the word a person types (``magnesium``, ``vitamin_b12``), with its
unit and its key in the food table (``magnesium_mg``) as columns; a food's reasons are one
string, and its shares of each target a frame of their own (:func:`shares`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from mealfix.explain.records import FoodAmount, MealItem, NutrientTotal

#: Trailing parts of a nutrient key that say its unit or basis, not what it is.
UNIT_PARTS = frozenset({"g", "mg", "ug", "mcg", "kcal", "kj", "iu", "dfe", "rae", "pct"})
NUTRIENT_COLUMNS = [
    "key",
    "name",
    "amount",
    "unit",
    "min",
    "max",
    "pct_of_target",
    "reference",
    "reference_kind",
    "limit_kind",
    "suspected",
    "focus",
    "soft",
    "at_limit",
    "limit_scope",
    "note",
]
FOOD_COLUMNS = ["name", "grams", "household", "portion", "meal", "purpose", "for_suspected"]


def nutrient_word(key: str) -> str:
    """The word a person types for a nutrient key: ``magnesium_mg`` -> ``magnesium``,
    ``vitamin_a_rae_ug`` -> ``vitamin_a``, ``folate_ug_dfe`` -> ``folate``."""
    parts = key.split("_")
    while len(parts) > 1 and parts[-1].lower() in UNIT_PARTS:
        parts.pop()
    return "_".join(parts)


def nutrient_words(keys: Iterable[str]) -> dict[str, str]:
    """Each key's word; a key whose word another key shares keeps the key itself."""
    keys = list(keys)
    words = [nutrient_word(k) for k in keys]
    return {k: (w if words.count(w) == 1 else k) for k, w in zip(keys, words, strict=True)}


def nutrients(rows: Sequence[NutrientTotal]) -> pd.DataFrame:
    """Day totals against targets, indexed by the nutrient's word (``nutrient``)."""
    words = nutrient_words(n.nutrient for n in rows)
    records = [{**n.model_dump(), "key": n.nutrient} for n in rows]
    frame = pd.DataFrame(records, columns=NUTRIENT_COLUMNS)
    frame.index = pd.Index([words[n.nutrient] for n in rows], name="nutrient", dtype=object)
    return frame


def foods(rows: Sequence[FoodAmount]) -> pd.DataFrame:
    """The foods, indexed by food id; ``purpose`` is one string ("Magnesium 37 %; ...")."""
    records = [{**f.model_dump(exclude={"shares"}), "purpose": "; ".join(f.purpose)} for f in rows]
    frame = pd.DataFrame(records, columns=["id", *FOOD_COLUMNS])
    return frame.set_index("id")


def meals(rows: Sequence[MealItem], **first: Any) -> pd.DataFrame:
    """The day by meal: one row per meal and food; ``first`` adds leading columns (``day``)."""
    records = [{**first, **m.model_dump()} for m in rows]
    return pd.DataFrame(records, columns=[*first, *MealItem.model_fields])


def shares(rows: Sequence[FoodAmount], words: Mapping[str, str], long: bool) -> pd.DataFrame:
    """% of each target each food supplies; ``words`` names the plan's nutrient keys, in order.

    Wide (default): foods (by name) x nutrients (by word); each column sums to the
    nutrient's % of target. Long: one row per food and nutrient (``food, nutrient, pct``).
    """
    named = {**words, **{k: words.get(k, nutrient_word(k)) for f in rows for k in f.shares}}
    records = [
        {"food": f.name, "nutrient": named[k], "pct": v} for f in rows for k, v in f.shares.items()
    ]
    table = pd.DataFrame(records, columns=["food", "nutrient", "pct"])
    if long:
        return table
    used = set(table["nutrient"])
    wide = table.pivot(index="food", columns="nutrient", values="pct").reindex(
        index=[f.name for f in rows],
        columns=[w for w in dict.fromkeys(named.values()) if w in used],
    )
    wide.index.name = "food"
    wide.columns.name = "nutrient"
    return wide
