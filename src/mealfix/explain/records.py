"""The records a plan is explained in: each food, each nutrient total, what binds, the cost.

Frozen pydantic rows, computed by :mod:`.reasons` and gathered into a
:class:`mealfix.output.results.Plan`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FoodPortion(_Frozen):
    """A food of a day: how much, in grams and in its household measure, and its typical
    portion (a usual day's food, the closest day's when there is no plan)."""

    id: str
    name: str
    grams: float
    household: str | None = None
    portion: str | None = None


class FoodAmount(FoodPortion):
    """One food of the plan and why it is there."""

    purpose: tuple[str, ...] = ()
    for_suspected: bool = False
    shares: dict[str, float] = {}
    #: The meal that holds most of it (None: a day without meal rules).
    meal: str | None = None


class MealItem(_Frozen):
    """A food in one meal: the day by meal (a food split over two meals is two items)."""

    meal: str
    id: str
    name: str
    grams: float
    household: str | None = None


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
    #: What the upper limit caps: ``food`` (the day's total), ``supplements`` (not food: no
    #: cap here), or the column it caps instead (vitamin A's UL: ``retinol_ug``).
    limit_scope: str | None = None
    #: A soft target (an AI): a shortfall is priced and reported, not forbidden.
    soft: bool = False
    #: One of the nutrients the plan is about first (the seed's six).
    focus: bool = False
    #: At its minimum or maximum (within 0.5 %), or a soft target short of its AI.
    at_limit: bool = False


class FoodGroupAmount(_Frozen):
    """The day's amount of one food group (or a subgroup per day) against its pattern."""

    group: str
    amount: float
    unit: str
    pattern: float
    pct: float
    within: bool


class EnergyShare(_Frozen):
    """A macronutrient's share of the day's energy against its range (AMDR)."""

    nutrient: str
    pct_of_energy: float
    min_pct: float | None
    max_pct: float
    #: The nutrient as a person reads it ("Saturated fat", not "saturated_fat_g").
    name: str = ""


class Binding(_Frozen):
    """A limit the plan presses against, and what one unit of slack there is worth."""

    row: str
    nutrient: str
    bound: str
    kind: str
    limit: float
    unit: str
    dual: float
    #: The limit and what one unit of slack is worth to the optimiser (for --details).
    text: str
    #: The limit in plain words, as the plan's "What limits the plan" says it.
    plain: str = ""


class Change(_Frozen):
    """How the plan differs from the person's usual day (objective ``closest``)."""

    id: str
    name: str
    usual_grams: float
    plan_grams: float
    change: str


class Thrifty(_Frozen):
    """USDA's Thrifty Food Plan cost for the person's age-sex group over the same days: the
    yardstick a thrifty cost is held to, in the dollars of its month."""

    group: str
    usd: float
    daily_usd: float
    month: str
    source: str


class Cost(_Frozen):
    """What the day (or week) costs, where every food in it has a price: in the price table's
    dollars, and in the Thrifty Food Plan month's dollars beside that plan's cost."""

    usd: float | None
    price_year: int | None
    unpriced: tuple[str, ...] = ()
    #: When some foods have no price (``usd`` is then unknown): what the others cost, in
    #: ``price_year`` dollars, so the whole costs at least that.
    at_least_usd: float | None = None
    budget: float | None = None
    days: int = 1
    month: str | None = None
    month_usd: float | None = None
    thrifty: Thrifty | None = None
    thrifty_ratio: float | None = None


class ObjectiveValue(_Frozen):
    """The objective the plan minimises, its value and unit."""

    name: str
    value: float
    unit: str
