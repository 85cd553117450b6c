"""The day by meal, as a person reads it: each meal's foods with grams and household measures."""

from __future__ import annotations

from mealfix.explain.reasons import number_or_none, text_or_none
from mealfix.explain.records import MealItem
from mealfix.inputs.measures import household
from mealfix.solve.settle import Solution


def meal_items(solution: Solution) -> list[MealItem]:
    """The day by meal, in meal order, each meal's foods by name (empty without meals)."""
    parts = solution.meals
    if parts is None:
        return []
    foods = solution.used
    measures = foods["portion_measure"] if "portion_measure" in foods.columns else None
    portions = foods["portion_g"] if "portion_g" in foods.columns else None
    items = []
    for meal in parts.columns:
        here = parts[meal][parts[meal] > 0]
        for food_id in sorted(here.index, key=lambda f: str(foods.at[f, "name"])):
            grams = float(here[food_id])
            measure = text_or_none(measures[food_id]) if measures is not None else None
            portion_g = number_or_none(portions[food_id]) if portions is not None else None
            items.append(
                MealItem(
                    meal=str(meal),
                    id=str(food_id),
                    name=str(foods.at[food_id, "name"]),
                    grams=grams,
                    household=household(grams, measure, portion_g),
                )
            )
    return items
