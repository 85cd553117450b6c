"""Rule families priced in the day's objective, behind one interface.

A priced family (the food pattern's groups, :mod:`.pattern`; the Healthy Eating Index's
standards, :mod:`.hei`) adds its rows and slack columns to a day's model, prices a finished
day's grams exactly as the model does, and gives the slack values a day of given grams has (a
known day handed to the week's search). The day model (:func:`.day.day_matrix`), the rounding's
objective (``solve/rounding.py``) and the week's seeds loop over ``Setup.priced``, so a new
priced rule is one module with these three methods and one line where ``Setup`` is made
(:func:`.setup.prepare`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np
import pandas as pd

from mealfix.model.matrix import Builder


class PricedFamily(Protocol):
    """What the day model, the rounding and the week ask of a priced rule family."""

    def add_rows(self, m: Builder, x: np.ndarray, foods: pd.Index) -> None:
        """Add the family's rows (over the grams columns ``x`` of ``foods``) and its priced
        slack columns to ``m``."""

    def cost(self, grams: pd.Series) -> float:
        """The objective's part for a day of ``grams``, as the model prices it."""

    def slack_values(self, grams: pd.Series) -> Mapping[str, np.ndarray]:
        """The cheapest value of each of its slack blocks (by block name) for ``grams``."""
