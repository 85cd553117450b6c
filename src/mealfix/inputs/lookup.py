"""Look-ups for people writing options: which food id a name has, which nutrient keys exist and
the words that name them (``--suspect magnesium`` means ``magnesium_mg``)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from mealfix.inputs.diet import candidates
from mealfix.inputs.foods import load_foods
from mealfix.inputs.measures import portion_label
from mealfix.inputs.targets import (
    TargetTable,
    _display_unit,
    _key,
    _stem,
    _unit,
    load_targets,
)


class FoodMatch(BaseModel):
    """A food of the table as ``--exclude``, ``--include`` and ``--current`` take it."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    portion: str | None
    meals: tuple[str, ...]


class NutrientWords(BaseModel):
    """A nutrient of the targets table and the words ``--suspect`` accepts for it."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    unit: str
    words: tuple[str, ...]


def search_foods(
    text: str = "",
    *,
    diet: str = "omnivore",
    allergies: tuple[str, ...] = (),
    foods: str | Path | None = None,
) -> list[FoodMatch]:
    """Foods whose id is ``text`` or whose name and description hold every word of it
    (any case, any order), among those the diet and allergies allow; by name."""
    table = candidates(load_foods(foods), diet, allergies)
    words = text.lower().replace(",", " ").split()
    if words:
        haystack = table["name"].fillna("").str.lower()
        if "description" in table.columns:
            haystack = haystack + " " + table["description"].fillna("").str.lower()
        found = haystack.map(lambda hay: all(w in hay for w in words))
        table = table[found | (table.index == text.strip())]
    table = table.sort_values("name", kind="stable")
    return [_food(str(fid), row) for fid, row in table.iterrows()]


def _food(food_id: str, row: Any) -> FoodMatch:
    """One row of the foods table (its optional columns may be absent)."""
    portion_g = row.get("portion_g")
    measure = row.get("portion_measure")
    meals = row.get("meals")
    return FoodMatch(
        id=food_id,
        name=str(row["name"]),
        portion=portion_label(
            measure if isinstance(measure, str) else None,
            float(portion_g) if portion_g is not None and not _nan(portion_g) else None,
        ),
        meals=tuple(m for m in meals.split(";") if m) if isinstance(meals, str) else (),
    )


def _nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def nutrient_words(targets: str | Path | TargetTable | None = None) -> list[NutrientWords]:
    """Every nutrient of the targets table, in its order, with the words that name it."""
    table = targets if isinstance(targets, TargetTable) else load_targets(targets)
    out = []
    for key, spec in table.nutrients.items():
        words = [_stem(key), *spec.aliases]
        if spec.name and "(" not in spec.name:  # 'Thiamin (vitamin B1)' is not typed
            words.append(spec.name.lower())
        seen = {key}
        unique = []
        for word in words:  # 'vitamin_d' and 'vitamin d' are one word to resolve_nutrient
            if _key(word) not in seen:
                seen.add(_key(word))
                unique.append(word)
        out.append(
            NutrientWords(
                key=key,
                name=spec.name or _stem(key).replace("_", " "),
                unit=_display_unit(spec.unit) if spec.unit else _unit(key),
                words=tuple(unique),
            )
        )
    return out
