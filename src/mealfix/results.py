"""The Plan: an immutable result that shows itself as a table, JSON, or HTML in a notebook."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FoodAmount(_Frozen):
    """One food of the plan and why it is there."""

    id: str
    name: str
    grams: float
    household: str | None = None
    portion: str | None = None
    purpose: tuple[str, ...] = ()
    for_suspected: bool = False
    shares: dict[str, float] = {}


class NutrientTotal(_Frozen):
    """The day's amount of one targeted nutrient against its limits."""

    nutrient: str
    name: str
    unit: str
    amount: float
    min: float | None
    max: float | None
    reference: float | None = None
    reference_kind: str | None = None
    limit_kind: str | None = None
    pct_of_target: float | None = None
    suspected: bool = False
    note: str | None = None


class EnergyShare(_Frozen):
    """A macronutrient's share of the day's energy against its range (AMDR)."""

    nutrient: str
    pct_of_energy: float
    min_pct: float
    max_pct: float


class Shortfall(_Frozen):
    """How close the best possible day gets to a target it cannot meet."""

    nutrient: str
    name: str
    unit: str
    bound: str
    target: float
    best: float
    pct: float | None


class Binding(_Frozen):
    """A limit the plan presses against, and what one unit of slack there is worth."""

    row: str
    nutrient: str
    bound: str
    kind: str
    limit: float
    unit: str
    dual: float
    text: str


class Change(_Frozen):
    """How the plan differs from the person's usual day (objective ``closest``)."""

    id: str
    name: str
    usual_grams: float
    plan_grams: float
    change: str


class Cost(_Frozen):
    """What the day costs, where every food in it has a price."""

    usd: float | None
    price_year: int | None
    unpriced: tuple[str, ...] = ()
    budget: float | None = None


class Objective(_Frozen):
    name: str
    value: float
    unit: str


class Plan(_Frozen):
    """A checked one-day plan: foods, totals against targets, and why."""

    status: str
    proven_optimal: bool
    gap: float | None = None
    solver: str
    objective: Objective
    person: dict[str, Any] | None = None
    group: str | None = None
    diet: str = "omnivore"
    allergies: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    suspects: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    suspect_ranking: tuple[dict[str, Any], ...] = ()
    food_items: tuple[FoodAmount, ...] = Field(alias="foods")
    nutrient_totals: tuple[NutrientTotal, ...] = Field(alias="nutrients")
    energy_shares: tuple[EnergyShare, ...] = ()
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
        """The foods, indexed by food id (grams, household measure, purpose, shares)."""
        rows = [f.model_dump() for f in self.food_items]
        frame = pd.DataFrame(rows, columns=list(FoodAmount.model_fields))
        return frame.set_index("id")

    @property
    def nutrients(self) -> pd.DataFrame:
        """Day totals against targets, indexed by nutrient."""
        rows = [n.model_dump() for n in self.nutrient_totals]
        frame = pd.DataFrame(rows, columns=list(NutrientTotal.model_fields))
        return frame.set_index("nutrient")

    def to_frame(self) -> pd.DataFrame:
        """The foods, indexed by food id (the same as ``.foods``)."""
        return self.foods

    def nutrients_frame(self) -> pd.DataFrame:
        """Totals against targets, indexed by nutrient (the same as ``.nutrients``)."""
        return self.nutrients

    def limits_frame(self) -> pd.DataFrame:
        """Binding limits with their dual values, indexed by model row."""
        rows = [b.model_dump() for b in self.binding]
        return pd.DataFrame(rows, columns=list(Binding.model_fields)).set_index("row")

    def shares_frame(self) -> pd.DataFrame:
        """% of each target each food supplies (foods x nutrients); columns sum to the totals."""
        return pd.DataFrame({f.id: f.shares for f in self.food_items}).T.rename_axis("id")

    def to_json(self, indent: int | None = 2) -> str:
        """The documented JSON form (see README, 'JSON output')."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def _repr_html_(self) -> str:
        """Notebook view: foods, totals against targets, why, and the disclaimer."""
        from mealfix.report import plan_html

        page = plan_html(self, chart=False)
        body = page[page.index("<h1>") : page.index("</body>")]
        return f"<div class='mealfix-plan'>{body}</div>"

    def plot(self, kind: str = "coverage") -> Any:
        """A matplotlib figure: ``coverage`` (default) or ``contributions``."""
        from mealfix import plots

        if kind not in ("coverage", "contributions"):
            raise ValueError("kind is 'coverage' or 'contributions'")
        return plots.coverage(self) if kind == "coverage" else plots.contributions(self)
