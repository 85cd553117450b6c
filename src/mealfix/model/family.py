"""Rule families behind one interface.

A rule family is one module: it adds its rows (and any slack columns) to a day's model and
checks its rule on a finished day, recomputed from the food table and the person's targets
rather than read back from the model, so that an error in building the rows shows up as a
broken rule instead of in a person's plan. The families, in the model's order:

- food rules (:mod:`.food_rules`): amounts between a least portion and a maximum, servings,
  food counts and groups;
- limits (:mod:`.limits`): every nutrient's minimum and upper limit, energy shares, the
  budget, shared and tagged caps (the life-stage safety caps among them);
- meals and their plates (:mod:`.meals`, :mod:`.plates`);
- the food pattern (:mod:`.pattern`) and the Healthy Eating Index (:mod:`.hei`), which are
  *priced*: a day may leave their ranges at a price, so they never break, and they also price
  a finished day exactly as the model does and give the slack values of a known day.

:func:`.day.day_matrix` adds every family's rows in this order; ``solve/verify.py`` and the
meal check run every family's ``broken``. A new rule is one module with these methods and one
line where its family is listed (:func:`.day.day_matrix`, or ``Setup.priced``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from mealfix.model.matrix import Builder


@dataclass(frozen=True)
class DayColumns:
    """The columns every family builds on: grams per food and, in an integer day, whether
    each food is used (both on ``foods``)."""

    foods: pd.Index
    grams: np.ndarray
    use: np.ndarray | None = None


@dataclass(frozen=True)
class Served:
    """A finished day: grams per food and, once placed, grams per food and meal."""

    grams: pd.Series
    parts: pd.DataFrame | None = None


class RuleFamily(Protocol):
    """What the day model and the checks ask of every rule family."""

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """Add the family's rows (and its slack columns) over the day's columns to ``m``."""

    def broken(self, day: Served) -> list[str]:
        """Every way ``day`` breaks the family's rule, in words (empty when it holds)."""


class PricedFamily(RuleFamily, Protocol):
    """A family priced in the objective: the rounding and the week also ask these."""

    def cost(self, grams: pd.Series) -> float:
        """The objective's part for a day of ``grams``, as the model prices it."""

    def slack_values(self, grams: pd.Series) -> Mapping[str, np.ndarray]:
        """The cheapest value of each of its slack blocks (by block name) for ``grams``."""
