"""What a plan holds, as data: fields, tidy frames and JSON (the views live in :mod:`.results`).

The renderers (:mod:`.text`, :mod:`.html`, :mod:`.plots`) read these; :class:`~.results.Plan`
and :class:`~.results.WeekPlan` add the notebook views on top.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mealfix.explain.hei import HeiScore
from mealfix.explain.records import (
    Binding,
    Change,
    Cost,
    EnergyShare,
    FoodAmount,
    FoodGroupAmount,
    MealItem,
    NutrientTotal,
    ObjectiveValue,
)
from mealfix.explain.usual import DayScore
from mealfix.inputs.safety import AppliedRule
from mealfix.inputs.symptoms import UrgentCare
from mealfix.output import frames
from mealfix.solve.meals import MealShare


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlanData(_Frozen):
    """A checked one-day plan as data: foods, totals against targets, and why."""

    #: Set when a named symptom needs urgent care: every output says so first.
    urgent: UrgentCare | None = None
    status: str
    proven_optimal: bool
    gap: float | None = None
    solver: str
    objective: ObjectiveValue
    person: dict[str, Any] | None = None
    group: str | None = None
    diet: str = "omnivore"
    allergies: tuple[str, ...] = ()
    #: The life-stage safety rules applied (or lifted on request).
    safety_rules: tuple[AppliedRule, ...] = ()
    exclude: tuple[str, ...] = ()
    suspects: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    suspect_ranking: tuple[dict[str, Any], ...] = ()
    food_items: tuple[FoodAmount, ...] = Field(alias="foods")
    nutrient_totals: tuple[NutrientTotal, ...] = Field(alias="nutrients")
    #: The day by meal (empty without meal rules), and each meal's share of the energy.
    meals: tuple[MealItem, ...] = ()
    meal_shares: tuple[MealShare, ...] = ()
    energy_shares: tuple[EnergyShare, ...] = ()
    #: The day's food groups against the person's Dietary Guidelines pattern.
    food_groups: tuple[FoodGroupAmount, ...] = ()
    pattern: str | None = None
    #: The day's Healthy Eating Index (HEI-2020; HEI-Toddlers-2020 at age 1), if scorable.
    hei: HeiScore | None = None
    #: The usual day's HEI, when a usual day was given (objective ``closest``).
    current_hei: HeiScore | None = None
    #: The usual day (``--current``) measured: its nutrients against the same targets.
    usual_day: DayScore | None = None
    cost: Cost | None = None
    changes: tuple[Change, ...] = ()
    rationale: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    binding: tuple[Binding, ...] = ()
    notes: tuple[str, ...] = ()
    sources: dict[str, str] = {}
    disclaimer: str
    see_a_doctor: str | None = None

    @property
    def foods(self) -> pd.DataFrame:
        """The foods, indexed by food id: grams, household measure, meal, purpose (one string);
        each food's shares of the targets are in :meth:`shares_frame`."""
        return frames.foods(self.food_items)

    @property
    def nutrients(self) -> pd.DataFrame:
        """Day totals against targets, indexed by the word a person types (``magnesium``),
        with the unit and the food table's key (``magnesium_mg``) as columns."""
        return frames.nutrients(self.nutrient_totals)

    def meals_frame(self) -> pd.DataFrame:
        """The day by meal: one row per meal and food (meal, id, name, grams, household)."""
        return frames.meals(self.meals)

    def limits_frame(self) -> pd.DataFrame:
        """Binding limits with their dual values, indexed by model row."""
        rows = [b.model_dump() for b in self.binding]
        return pd.DataFrame(rows, columns=list(Binding.model_fields)).set_index("row")

    def hei_frame(self) -> pd.DataFrame:
        """The HEI components: points, maximum and the amount each was scored on."""
        columns = ["name", "points", "max", "amount", "unit"]
        rows = [c.model_dump() for c in self.hei.components] if self.hei else []
        return pd.DataFrame(rows, columns=["key", *columns]).set_index("key")

    def shares_frame(self, long: bool = False) -> pd.DataFrame:
        """% of each target each food supplies: foods x nutrients (columns sum to the totals'
        % of target), or with ``long=True`` one row per food and nutrient (food, nutrient,
        pct)."""
        words = frames.nutrient_words(n.nutrient for n in self.nutrient_totals)
        return frames.shares(self.food_items, words, long)

    def to_json(self, indent: int | None = 2) -> str:
        """The documented JSON form (see README, 'JSON output')."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class DayPlan(_Frozen):
    """One day of a week: its foods, their meals, and its totals."""

    hei: HeiScore | None = None

    day: int
    foods: tuple[FoodAmount, ...]
    meals: tuple[MealItem, ...]
    meal_shares: tuple[MealShare, ...]
    nutrients: tuple[NutrientTotal, ...]
    cost: Cost | None = None


class Purchase(_Frozen):
    """What to buy for one or more foods of the week (the foods bought in one kind of package,
    e.g. every egg preparation in dozens of eggs), with what is left over."""

    package: str
    package_g: float
    packages: int
    #: Grams as purchased the week needs (dry weight for a grain or legume eaten cooked).
    buy_g: float
    left_over_g: float
    #: The foods of the week bought in these packages (ids, the first one lists the purchase).
    foods: tuple[str, ...]
    names: tuple[str, ...]
    #: The package size is a common retail size, not a measured one (see data/packages.csv).
    estimate: bool
    text: str


class ShoppingItem(_Frozen):
    """One food of the week, summed over its days, and the packages it is bought in (None:
    data/packages.csv has no package for it; buy its grams)."""

    id: str
    name: str
    grams: float
    household: str | None
    days: int
    buy: Purchase | None = None

    @property
    def buy_text(self) -> str:
        """The purchase in words, on its first food; "with NAME" on the others."""
        if self.buy is None:
            return ""
        if self.buy.foods[0] == self.id:
            return self.buy.text
        return f"bought with {self.buy.names[0]}"


class WeekData(_Frozen):
    """A checked plan of several days with meals and a shopping list, as data."""

    urgent: UrgentCare | None = None
    status: str
    proven_optimal: bool
    gap: float | None
    solver: str
    objective: ObjectiveValue
    max_days_per_food: int
    max_days_per_plate: int | None = None
    cost: Cost | None = None
    safety_rules: tuple[AppliedRule, ...] = ()
    person: dict[str, object] | None
    group: str | None
    diet: str
    suspects: tuple[str, ...]
    days: tuple[DayPlan, ...]
    shopping: tuple[ShoppingItem, ...]
    notes: tuple[str, ...]
    disclaimer: str
    see_a_doctor: str | None = None

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per day and food: grams, household measure, meal, purpose (one string)."""
        parts = [frames.foods(d.foods).reset_index().assign(day=d.day) for d in self.days]
        columns = ["day", "id", *frames.FOOD_COLUMNS]
        return (
            pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
        )

    def meals_frame(self) -> pd.DataFrame:
        """Each day by meal: one row per day, meal and food (day, meal, id, name, grams,
        household)."""
        parts = [frames.meals(d.meals, day=d.day) for d in self.days]
        return pd.concat(parts, ignore_index=True) if parts else frames.meals((), day=0)

    def nutrients_frame(self) -> pd.DataFrame:
        """Each day's totals against targets, one row per day and nutrient (by its word)."""
        parts = [frames.nutrients(d.nutrients).reset_index().assign(day=d.day) for d in self.days]
        columns = ["day", "nutrient", *frames.NUTRIENT_COLUMNS]
        return (
            pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
        )

    def shopping_frame(self) -> pd.DataFrame:
        """The shopping list, indexed by food id: name, grams, household measure, days."""
        rows = [{**s.model_dump(exclude={"buy"}), "buy": s.buy_text} for s in self.shopping]
        return pd.DataFrame(rows, columns=list(ShoppingItem.model_fields)).set_index("id")


#: What each objective chooses a day for, in a person's words.
GOALS = {
    "pattern": "to come as close as the targets allow to your Dietary Guidelines food pattern",
    "portions": "for the fewest typical portions that meet every target",
    "cost": "for the lowest cost that meets every target",
    "closest": "to change your usual day as little as every target allows",
}


def group_words(group: str) -> str:
    """A life-stage group as a person reads it: 'female_31_50' -> 'female 31-50',
    'male_71_plus' -> 'male 71+'."""
    words = group.split("_")
    if len(words) == 3 and words[1].isdigit():
        end = "+" if words[2] == "plus" else f"-{words[2]}"
        return f"{words[0]} {words[1]}{end}"
    return group.replace("_", " ")


def how_chosen(data: PlanData | WeekData) -> str:
    """How the day (or week) was chosen and how sure that is, without the optimiser's words
    (its numbers are in the JSON and behind --details)."""
    goal = GOALS.get(data.objective.name, "to meet every target")
    what = "week" if isinstance(data, WeekData) else "day"
    if data.proven_optimal:
        sure = f"no better {what} exists"
    elif data.status.startswith("within"):
        sure = f"proven {data.status.split(' (')[0]}"
    else:
        sure = f"the best {what} found in the time allowed (a better one may exist)"
    return f"Foods chosen {goal}; {sure}."


def details_lines(data: PlanData | WeekData) -> list[str]:
    """The optimiser's own account (``--details``): status, objective, what each binding
    limit is worth, and the symptom scores by nutrient key."""
    o = data.objective
    lines = [
        f"status: {data.status} (solver {data.solver})",
        f"objective {o.name} = {o.value:.6g} {o.unit}",
    ]
    if isinstance(data, PlanData):
        lines += [f"binding {b.row}: {b.text} (dual {b.dual:.6g})" for b in data.binding]
        lines += [
            f"symptom link {s['nutrient']} (score {s['score']})" for s in data.suspect_ranking
        ]
    return lines


def nutrient_cells(n: NutrientTotal, fmt: Callable[[float | None], str]) -> list[str]:
    """One nutrient as table cells (name, amount, unit, min, max, % of target, RDA/AI), the same
    in the terminal and the handout; ``fmt`` writes a number the renderer's way."""
    return [
        ("* " if n.suspected else "") + n.name,
        fmt(n.amount),
        n.unit,
        fmt(n.min),
        fmt(n.max) + (f" ({n.limit_kind})" if n.limit_kind else ""),
        "" if n.pct_of_target is None else f"{n.pct_of_target:.0f}",
        f"{fmt(n.reference)} {n.reference_kind or ''}".strip(),
    ]
