"""Look-ups for people writing options: which food id a name has, which nutrient keys exist and
the words that name them (``--suspect magnesium`` means ``magnesium_mg``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from mealfix.inputs.diet import candidates
from mealfix.inputs.foods import load_foods
from mealfix.inputs.measures import portion_label
from mealfix.inputs.target_file import DriDoc
from mealfix.inputs.targets import (
    TargetTable,
    _display_unit,
    _key,
    _stem,
    _unit,
    load_targets,
)


class FoodNutrient(BaseModel):
    """A nutrient of one food: per typical portion (None without one) and per 100 g (None:
    the table has no value)."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    unit: str
    per_portion: float | None
    per_100g: float | None


class FoodMatch(BaseModel):
    """A food of the table as ``--exclude``, ``--include`` and ``--current`` take it."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    portion: str | None
    meals: tuple[str, ...]
    #: Its nutrients, when asked for (``mealfix foods --nutrients``).
    nutrients: tuple[FoodNutrient, ...] = ()


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
    nutrients: str | Sequence[str] | None = None,
    targets: str | Path | None = None,
) -> list[FoodMatch]:
    """Foods whose id is ``text`` or whose name and description hold every word of it
    (any case, any order), among those the diet and allergies allow; by name.

    ``nutrients`` adds each food's nutrients per portion: ``"main"`` (energy, protein, fiber
    and the six the plan is about first), ``"all"`` (every nutrient of the targets table), or
    the nutrients named (words ``--suspect`` takes; a string may hold them comma-separated).
    """
    table = candidates(load_foods(foods), diet, allergies)
    keys = nutrient_keys(nutrients, table, targets) if nutrients is not None else []
    words = text.lower().replace(",", " ").split()
    if words:
        haystack = table["name"].fillna("").str.lower()
        if "description" in table.columns:
            haystack = haystack + " " + table["description"].fillna("").str.lower()
        found = haystack.map(lambda hay: all(w in hay for w in words))
        table = table[found | (table.index == text.strip())]
    table = table.sort_values("name", kind="stable")
    return [_food(str(fid), row, keys) for fid, row in table.iterrows()]


def nutrient_keys(
    which: str | Sequence[str], foods: Any, targets: str | Path | None = None
) -> list[tuple[str, str, str]]:
    """The nutrients asked for, as (key, name, unit), in the targets' order for a set."""
    table = load_targets(targets)
    named = {w.key: (w.name, w.unit) for w in nutrient_words(table)}
    words = [which] if isinstance(which, str) else list(which)
    words = [part.strip() for word in words for part in word.split(",") if part.strip()]
    if words in (["all"], []):
        keys = list(named)
    elif words == ["main"]:
        doc = table.doc  # its ``shown_first`` (energy, protein, fiber), then its focus six
        first = [*doc.shown_first, *doc.focus] if isinstance(doc, DriDoc) else list(named)
        keys = [k for k in dict.fromkeys(first) if k in named]
    else:
        keys = list(dict.fromkeys(table.resolve_nutrient(w) for w in words))
    return [(k, *named[k]) for k in keys if k in foods.columns]


def _food(food_id: str, row: Any, keys: Sequence[tuple[str, str, str]] = ()) -> FoodMatch:
    """One row of the foods table (its optional columns may be absent)."""
    raw = row.get("portion_g")
    portion_g = float(raw) if raw is not None and not _nan(raw) else None
    measure = row.get("portion_measure")
    meals = row.get("meals")
    amounts = []
    for key, name, unit in keys:
        value = row.get(key)
        per_100g = None if value is None or _nan(value) else float(value)
        per_portion = (
            None if per_100g is None or portion_g is None else round(per_100g * portion_g / 100, 6)
        )
        amounts.append(
            FoodNutrient(key=key, name=name, unit=unit, per_portion=per_portion, per_100g=per_100g)
        )
    return FoodMatch(
        id=food_id,
        name=str(row["name"]),
        portion=portion_label(measure if isinstance(measure, str) else None, portion_g),
        meals=tuple(m for m in meals.split(";") if m) if isinstance(meals, str) else (),
        nutrients=tuple(amounts),
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
