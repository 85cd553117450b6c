"""The food rules and objectives as data: what makes a plan look like food.

Their defaults have one home, :class:`mealfix.model.request.PlanRequest`; ``Rules`` is built
from a request and carries no defaults of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Objective = Literal["pattern", "portions", "cost", "closest"]
OBJECTIVES: tuple[Objective, ...] = ("pattern", "portions", "cost", "closest")
#: Under the pattern objective, fewest portions breaks ties at this weight.
PATTERN_TIE = 0.01
ENERGY = "energy_kcal"
GROUP_COLUMN = "category"
SHARED_COLUMN = "cap_group"
#: In an integer model a food with no per-day maximum is capped here (grams), to bound it.
DEFAULT_CAP_G = 2000.0
GRAM_STEP = 0.1
BUDGET_ROW = "price:budget"
#: What missing a whole soft target (an AI-only nutrient) costs, in objective units (portions,
#: USD or portions of change): enough that food is added for it when it fits, never so much
#: that a soft target decides the day. A partial shortfall costs its share of this.
SOFT_SHORTFALL_PRICE = 4.0
#: The day's energy need at which a least portion is a whole --min-portion of a typical portion
#: (the DGA's 2,000 kcal reference); below it the least portion shrinks with the need, to half
#: at 1,000 kcal (a toddler's plate; measured: a 1-year-old's best day went from 7.75 to 0.25).
FULL_PORTION_KCAL = 2000.0
#: No food carries the day: at most 35 % of the day's energy from one food (a dietitian's
#: review of plans where one muffin or one pot of beans was half the day).
MAX_ENERGY_SHARE = 0.35
#: Grams one required food of a group stands for (WHO/NHS: a fruit or vegetable portion is
#: 80 g), so a group minimum is not met by a garnish.
GROUP_SERVING_G: Mapping[str, float] = {"vegetable": 80.0, "fruit": 80.0}


@dataclass(frozen=True)
class Rules:
    """What makes a plan look like food: portions, variety, required foods."""

    max_foods: int | None
    max_per_group: int | None
    min_per_group: Mapping[str, int]
    min_portion: float
    servings: bool = False
    include: Mapping[str, float | None] = field(default_factory=dict)
    group_serving_g: Mapping[str, float] = field(default_factory=lambda: dict(GROUP_SERVING_G))
    #: Most grams a day of all foods of one kind together (all milks, all juices, ...), by
    #: the foods table's ``cap_group`` (``data/cap_groups.csv``).
    shared_caps: Mapping[str, float] = field(default_factory=dict)
    #: Most grams a day of all foods carrying a safety tag together (``data/safety.yaml``
    #: ``max_tagged``: milks under 4), by the foods table's ``tags`` column.
    tag_caps: Mapping[str, float] = field(default_factory=dict)
    #: Objective units per unit of a food column (``data/safety.yaml`` ``price``: dietary
    #: cholesterol per mg), added to every food's objective price per gram.
    prices: Mapping[str, float] = field(default_factory=dict)
    #: No single food above this share of the day's energy (None: no such rule).
    max_energy_share: float | None = MAX_ENERGY_SHARE
    #: The least portion is ``min_portion`` x this many typical portions (a child's day is
    #: smaller: set from the energy need, ``setup.portion_scale``).
    portion_scale: float = 1.0

    @property
    def least_portions(self) -> float:
        """The least amount of a used food, in typical portions."""
        return self.min_portion * self.portion_scale

    def integer(self) -> bool:
        """Whether the model needs a used/not-used choice per food."""
        return bool(
            self.max_foods
            or self.max_per_group
            or self.min_per_group
            or self.min_portion
            or self.servings
            or self.include
        )


#: A plain LP: no choice of foods, no least portion (best and worst cases, ways out).
LP_ONLY = Rules(max_foods=None, max_per_group=None, min_per_group={}, min_portion=0.0)
