"""What keeps a week's days apart: each base food on at most k days, each main plate on at most
r days.

A food's *base* (``data/foods.csv`` ``base``: every egg preparation is "egg") is what a week
counts, so a week cannot repeat a food by cooking it another way. Drinks and cooking fats (the
foods ``data/meals.yaml`` lets two meals share) and foods the person requires may be daily. A
*plate* is the set of base foods on a main meal (a meal whose plate needs a food of some role:
lunch and dinner), daily foods left out; a week serves one plate on at most ``repeat`` days.

In the week's pricing problem each limited base is a column ``unit`` at least as large as the
use of each of its foods, so a base is priced once however many of its foods a day uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mealfix.inputs.meals import load_meals
from mealfix.model.matrix import Matrix
from mealfix.model.rules import GROUP_COLUMN, SHARED_COLUMN
from mealfix.model.setup import Setup

#: The column of ``data/foods.csv`` naming the food a row is a preparation of.
BASE_COLUMN = "base"

#: A plate: the base foods on one main meal.
Plate = frozenset[str]


@dataclass(frozen=True)
class Variety:
    """The week's variety rules on the day model's food index."""

    #: The limited base foods (the master's rows, the pricing's ``unit`` columns).
    units: pd.Index
    #: For each food of the day model, its unit's position, or -1 for a daily food.
    member: np.ndarray
    #: Each food's base (daily foods too), by food id.
    base: pd.Series
    #: Most days a base food may be on.
    max_days: int
    #: Most days one main plate may be served.
    repeat: int
    #: The meals whose plates count (they need a food of some role).
    main_meals: tuple[str, ...]
    #: Base foods that anchor a main plate (of a role it needs exactly one of: the protein).
    anchors: frozenset[str] = frozenset()

    def uses(self, food_use: np.ndarray) -> np.ndarray:
        """Which units a day uses, from its foods' use (bool by food)."""
        out: np.ndarray = np.zeros(len(self.units), dtype=bool)
        out[self.member[food_use & (self.member >= 0)]] = True
        return out

    def plates(self, day: Matrix, values: np.ndarray) -> frozenset[Plate]:
        """The main plates of a day given as the day model's column values."""
        if "plate" not in day.blocks or not self.main_meals:
            return frozenset()
        labels = day.block_index["plate"]
        served = values[day.blocks["plate"]] > 0.5
        return self.plates_of(pd.Series(served, index=labels)[served].index.to_frame(index=False))

    def plates_of(self, pairs: pd.DataFrame) -> frozenset[Plate]:
        """The main plates of (food, meal) pairs served (a frame with those two columns)."""
        limited = set(self.base.index[self.member >= 0])
        out: set[Plate] = set()
        for meal in self.main_meals:
            foods = pairs.loc[pairs["meal"] == meal, "food"]
            plate = frozenset(str(self.base[f]) for f in foods if f in limited)
            if plate:
                out.add(plate)
        return frozenset(out)


def variety_of(setup: Setup, foods: pd.Index, max_days: int, repeat: int) -> Variety:
    """The variety rules for ``setup``'s day model, whose food columns are ``foods``."""
    table = setup.foods
    base = (
        table[BASE_COLUMN].reindex(foods).fillna(pd.Series(foods, index=foods)).astype(str)
        if BASE_COLUMN in table.columns
        else pd.Series(foods.astype(str), index=foods)
    )
    daily = set(setup.rules.include)
    main: tuple[str, ...] = ()
    anchors: frozenset[str] = frozenset()
    plates = setup.meals.plates if setup.meals is not None else None
    if plates is not None:
        times = plates.times.reindex(foods).fillna(1)
        daily |= set(times.index[times > 1])
        main = tuple(m for m in setup.meals.names if _needs_a_role(plates.roles, m))  # type: ignore[union-attr]
        one = {r for (m, r), span in plates.roles.items() if m in main and span == (1, 1)}
        role = plates.role.reindex(foods)
        anchors = frozenset(base[role.isin(list(one)).to_numpy(dtype=bool)])
    else:  # no plates (--no-meals): the drinks and fats the bundled meal rules name
        two = load_meals().two_meals
        for column, names in ((GROUP_COLUMN, two.categories), (SHARED_COLUMN, two.cap_groups)):
            if column in table.columns:
                hit = table[column].reindex(foods).isin(list(names)).to_numpy(dtype=bool)
                daily |= set(foods[hit])
    limited = base[~base.index.isin(list(daily))]
    units = pd.Index(sorted(set(limited)))
    member = np.where(base.index.isin(limited.index), units.get_indexer(base), -1)
    return Variety(units, member, base, max_days, repeat, main, anchors)


def _needs_a_role(roles: dict[tuple[str, str], tuple[int, int]], meal: str) -> bool:
    return any(low >= 1 for (m, _), (low, _high) in roles.items() if m == meal)


def with_units(day: Matrix, variety: Variety) -> Matrix:
    """``day`` with a column per limited base, at least the use of each of its foods (cost 0;
    the week prices it)."""
    count = len(variety.units)
    first = len(day.cost)
    uses = day.blocks["use"]
    foods = np.flatnonzero(variety.member >= 0)
    n = len(foods)
    # row i: use_f - unit_u <= 0, in CSR order after the day's rows
    index: np.ndarray = np.empty(2 * n, dtype=np.int32)
    index[0::2] = uses.start + foods
    index[1::2] = first + variety.member[foods]
    value = np.tile([1.0, -1.0], n)
    starts = np.concatenate([day.starts, len(day.index) + 2 * np.arange(n)]).astype(np.int32)
    blocks = {**day.blocks, "unit": slice(first, first + count)}
    block_index = {**day.block_index, "unit": variety.units}
    return replace(
        day,
        cost=np.concatenate([day.cost, np.zeros(count)]),
        col_lower=np.concatenate([day.col_lower, np.zeros(count)]),
        col_upper=np.concatenate([day.col_upper, np.ones(count)]),
        integer=np.concatenate([day.integer, np.zeros(count, dtype=bool)]),
        starts=starts,
        index=np.concatenate([day.index, index]),
        value=np.concatenate([day.value, value]),
        row_lower=np.concatenate([day.row_lower, np.full(n, -np.inf)]),
        row_upper=np.concatenate([day.row_upper, np.zeros(n)]),
        row_names=(*day.row_names, *(f"unit_of_{f}" for f in variety.base.index[foods])),
        name_parts=(*day.name_parts, ("unit_", np.asarray(variety.units))),
        blocks=blocks,
        block_index=block_index,
    )


def fill_units(day: Matrix, variety: Variety, values: np.ndarray) -> np.ndarray:
    """``values`` of the day model with the unit columns set from the foods' use."""
    if "unit" not in day.blocks:
        return values
    out = values.copy()
    if len(out) < len(day.cost):
        out = np.concatenate([out, np.zeros(len(day.cost) - len(out))])
    use = out[day.blocks["use"]] > 0.5
    out[day.blocks["unit"]] = variety.uses(use).astype(float)
    return out


def week_faults(variety: Variety, days: list[tuple[pd.Series, pd.DataFrame | None]]) -> list[str]:
    """Every variety rule a finished week breaks, in words; ``days`` are (grams by food, grams
    by food and meal or None)."""
    out: list[str] = []
    limited = variety.base[variety.member >= 0]
    bases = pd.Series(
        [b for grams, _ in days for b in set(limited.reindex(grams.index).dropna())], dtype=object
    ).value_counts()
    out += [
        f"{b} is on {n} days, more than {variety.max_days}"
        for b, n in bases.items()
        if n > variety.max_days
    ]
    plates: dict[Plate, int] = {}
    for _, parts in days:
        if parts is None:
            continue
        stacked = parts.stack()
        served = stacked[stacked > 0].index.to_frame(index=False)
        served.columns = ["food", "meal"]
        for plate in variety.plates_of(served):
            plates[plate] = plates.get(plate, 0) + 1
    out += [
        f"the plate {' + '.join(sorted(p))} is on {n} days, more than {variety.repeat}"
        for p, n in plates.items()
        if n > variety.repeat
    ]
    return out
