"""The Healthy Eating Index inside the pattern objective: each component's maximum standard as a
row whose shortfall is priced in the points it costs.

Every HEI-2020 standard is linear in the day's grams once its density is multiplied out
(per 1,000 kcal, % of energy, (MUFA + PUFA) / SFA), so "at the maximum" is one row per
component: room = amount - standard x energy >= 0 (moderation: the other way round). A day short
of a standard pays the points a density that far below it loses, at the person's energy need;
beyond the minimum standard it keeps paying (a convex stand-in for the capped score, never
cheaper than the true loss), so the model never prefers a worse day to a better one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from mealfix.inputs.hei import BASE_AMOUNTS, hei_columns, load_hei, version_for
from mealfix.model.family import DayColumns, Served
from mealfix.model.matrix import INF, Builder, safe_name

#: Objective units (relative deviation from the pattern) per HEI point lost: 20 points lost
#: weigh as much as one food group 40 % off its amount.
HEI_WEIGHT = 0.02
#: Saturated fat assumed when pricing the fatty-acid ratio (8 % of energy, HEI's best standard).
SFA_SHARE = 0.08


@dataclass(frozen=True)
class HeiRows:
    """Per gram of each food, each component's room to its maximum standard (>= 0: full
    points), and the objective price of a unit short."""

    version: str
    room: pd.DataFrame
    price: pd.Series
    names: pd.Series

    def shortfalls(self, grams: pd.Series) -> pd.Series:
        """How far short of each maximum standard ``grams`` fall (0 where met)."""
        g = grams.reindex(self.room.index).fillna(0.0).to_numpy(dtype=float)
        room = g @ self.room.to_numpy(dtype=float)
        return pd.Series(np.maximum(-room, 0.0), index=self.room.columns)

    def cost(self, grams: pd.Series) -> float:
        """The objective's HEI part for ``grams`` (as the model prices it)."""
        return float((self.shortfalls(grams) * self.price).sum())

    def slack_values(self, grams: pd.Series) -> dict[str, np.ndarray]:
        """Each component's shortfall for ``grams``: the ``hei_short`` column values."""
        return {"hei_short": self.shortfalls(grams).to_numpy()}

    def broken(self, day: Served) -> list[str]:
        """Nothing: a day may leave these ranges at their price, which the plan reports."""
        return []

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """room + short >= 0 per HEI component, the shortfall priced in points."""
        foods, x = day.foods, day.grams
        keys = self.room.columns
        names = np.array([safe_name(str(k)) for k in keys])
        short = m.add_columns(
            "hei_short", "hei_short_", keys, names, cost=self.price.reindex(keys).to_numpy(float)
        )
        coef = self.room.reindex(foods).fillna(0.0).to_numpy(dtype=float).T  # keys x foods
        row, food = np.nonzero(coef)
        n = len(keys)
        m.add_rows(
            [f"hei_{k}" for k in names],
            np.concatenate([row, np.arange(n)]),
            np.concatenate([x[food], short]),
            np.concatenate([coef[row, food], np.ones(n)]),
            0.0,
            INF,
        )


def hei_rows(
    foods: pd.DataFrame, energy_column: str, age: int, energy_kcal: float
) -> HeiRows | None:
    """The HEI rows for ``foods`` and a person of ``age`` needing ``energy_kcal`` (None where the
    index cannot score these foods or this age)."""
    columns = hei_columns(foods, energy_column)
    if columns is None or age < 1 or not energy_kcal > 0:
        return None
    doc = load_hei()
    version = version_for(age, doc)
    amount = _component_amounts(columns, doc["legumes"])
    energy = columns["energy_kcal"]
    room, price, names = {}, {}, {}
    for comp in doc["versions"][version]["components"]:
        key, best, worst = comp["key"], float(comp["best"]), float(comp["worst"])
        per_point = float(comp["max"]) / abs(best - worst) * HEI_WEIGHT
        if comp["basis"] == "ratio":
            room[key] = columns["mufa_g"] + columns["pufa_g"] - best * columns["sfa_g"]
            sfa = SFA_SHARE * energy_kcal / doc["energy"]["saturated_fats_kcal_per_g"]
            price[key] = per_point / sfa
        elif comp["basis"] == "pct_energy":
            kcal = amount[key] * doc["energy"][f"{key}_kcal_per_g"]
            room[key] = best / 100.0 * energy - kcal
            price[key] = per_point * 100.0 / energy_kcal
        else:  # per 1,000 kcal (sodium in g per 1,000 kcal = mg per kcal)
            scale = 1.0 if key == "sodium" else 1000.0
            standard = best / scale * energy
            room[key] = amount[key] - standard if best > worst else standard - amount[key]
            price[key] = per_point * scale / energy_kcal
        names[key] = str(comp["name"])
    return HeiRows(
        version=version,
        room=pd.DataFrame(room, index=foods.index),
        price=pd.Series(price, dtype=float),
        names=pd.Series(names, dtype=object),
    )


def _component_amounts(columns: pd.DataFrame, legumes: dict[str, Any]) -> pd.DataFrame:
    """Per gram, each component's amount with beans counted where the published rule says."""
    out = pd.DataFrame({key: columns[source] for key, source in BASE_AMOUNTS.items()})
    for key in legumes["cup_eq_to"]:
        out[key] = out[key] + columns["legumes_cup_eq"]
    for key in legumes["oz_eq_to"]:
        out[key] = out[key] + columns["legumes_oz_eq"]
    return out
