"""The meals of a day as data: each meal's share of the day's energy and what it must hold.

``data/meals.yaml`` names the meals (breakfast, lunch, dinner, snack), the range of the day's
energy each carries and the food groups it holds (lunch and dinner a vegetable and a protein
food; breakfast a grain, dairy or fruit), as shares of the person's daily pattern amounts.
A food suits the meals its ``meals`` column lists (all of them when it lists none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from mealfix.errors import DataError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml, validated
from mealfix.inputs.patterns import load_food_groups

Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OneOf(_Strict):
    """The meal holds this much of the groups together (each as a share of its own amount)."""

    groups: tuple[str, ...] = Field(min_length=1)
    share: Share


Count = Annotated[int, Field(ge=0, le=20)]
Amount = Annotated[float, Field(gt=0.0, le=20.0, allow_inf_nan=False)]


class Role(_Strict):
    """A role on a plate (the protein food, the grain, a vegetable): the food categories
    (``category`` in data/foods.csv) that may fill it."""

    categories: tuple[str, ...] = Field(min_length=1)
    #: Food ids that fill this role whatever their category (miso seasons, it is no main dish).
    foods: tuple[str, ...] = ()
    #: Least amount of a food group (``group`` in data/food_groups.csv, in its unit) the role's
    #: food brings to a plate, at the 2,000 kcal reference (smaller for a child, as least
    #: portions are): the protein food is at least 1 oz-eq, not a spoon of hummus.
    least: dict[str, Amount] = Field(default_factory=dict)


class MealSpec(_Strict):
    """One meal: its energy range (% of the day), the groups it holds, and its plate: how many
    foods it has and how many of each role (a food whose role the plate does not name is never
    served at that meal)."""

    energy_pct: tuple[Percent, Percent]
    holds: dict[str, Share] = Field(default_factory=dict)
    holds_one_of: OneOf | None = None
    foods: tuple[Count, Count] | None = None
    roles: dict[str, tuple[Count, Count]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> MealSpec:
        low, high = self.energy_pct
        if low > high:
            raise ValueError(f"energy_pct [{low:g}, {high:g}] has its least above its most")
        for name, (least, most) in {"foods": self.foods or (0, 0), **self.roles}.items():
            if least > most:
                raise ValueError(f"{name} [{least}, {most}] has its least above its most")
        return self


class PerMeal(_Strict):
    """Most of one food in one meal: a share of its daily maximum (at least a portion), and at
    most ``portions`` typical portions on one plate."""

    share_of_daily_max: Share = 1.0
    portions: Annotated[float, Field(gt=0.0, le=20.0, allow_inf_nan=False)] | None = None


class TwoMeals(_Strict):
    """The foods that may be served at two meals a day (drinks, cooking fats); any other food
    is served at one meal."""

    categories: tuple[str, ...] = ()
    cap_groups: tuple[str, ...] = ()


class MealsDoc(_Strict):
    """The whole meals file."""

    schema_: str = Field(alias="schema")
    source: dict[str, str] = Field(default_factory=dict)
    per_meal: PerMeal = Field(default_factory=PerMeal)
    roles: dict[str, Role] = Field(default_factory=dict)
    two_meals: TwoMeals = Field(default_factory=TwoMeals)
    meals: dict[str, MealSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _can_add_up(self) -> MealsDoc:
        low = sum(m.energy_pct[0] for m in self.meals.values())
        high = sum(m.energy_pct[1] for m in self.meals.values())
        if low > 100.0 or high < 100.0:
            raise ValueError(f"the meals' energy shares ({low:g}-{high:g} %) cannot make 100 %")
        for meal, spec in self.meals.items():
            unknown = [r for r in spec.roles if r not in self.roles]
            if unknown:
                raise ValueError(f"meal {meal!r} names role {unknown[0]!r}, which roles lacks")
        return self

    def role_of(self, categories: pd.Series) -> pd.Series:
        """Each food's plate role from its category (None where no role names it)."""
        owner = {c: role for role, spec in self.roles.items() for c in spec.categories}
        role = categories.map(lambda c: owner.get(c) if isinstance(c, str) else None)
        for name, spec in self.roles.items():
            role[role.index.isin(spec.foods)] = name
        return role


def load_meals(path: str | Path | None = None) -> MealsDoc:
    """The meal rules (bundled unless ``path`` is given)."""
    file = Path(path) if path is not None else bundled_path("meals.yaml")
    return load_cached(file, _load, file.name if path is None else str(path))


def _load(file: Path, label: str) -> MealsDoc:
    doc: MealsDoc = validated(MealsDoc, read_yaml(file, label), label)
    return doc


def role_least(doc: MealsDoc, role: pd.Series, scale: float) -> pd.Series:
    """Least grams of each food on a plate set by its role's ``least`` food-group amount
    (``scale`` x it: a child's is smaller), from data/food_groups.csv; NaN where its role sets
    none or the table gives the food none of that group (nothing to count it by)."""
    out = pd.Series(np.nan, index=role.index)
    wanted = {name: spec.least for name, spec in doc.roles.items() if spec.least}
    if not wanted:
        return out
    table = load_food_groups()
    for name, least in wanted.items():
        for group, amount in least.items():
            rows = table[table["group"] == group]
            if rows.empty:
                raise DataError(
                    "meals.yaml",
                    f"sets a least {group!r}, which is not a group of food_groups.csv",
                    where=f"role {name!r}",
                )
            per_gram = rows.groupby("id")["per_100g"].sum() / 100.0
            mine = role.index[role == name]
            density = per_gram.reindex(mine).where(lambda s: s > 0)
            out.loc[mine] = np.fmax(out.loc[mine], amount * scale / density)
    return out


def suits(foods: pd.DataFrame, meals: list[str]) -> pd.DataFrame:
    """foods x meals, True where a food suits a meal (every meal when its list names none)."""
    listed = (
        foods["meals"].where(foods["meals"].map(lambda v: isinstance(v, str)), "")
        if "meals" in foods.columns
        else pd.Series("", index=foods.index)
    )
    table = pd.DataFrame(
        {m: listed.map(lambda text, m=m: m in str(text).split(";")) for m in meals},
        index=foods.index,
    )
    none = ~table.any(axis=1)
    table.loc[none, :] = True
    return table.astype(bool)
