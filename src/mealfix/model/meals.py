"""Meals inside the day model: each food's grams split over the meals it suits.

Per food and meal a continuous column of grams (summing to the food's grams); per meal, its
energy within a range of the day's energy, and the food groups it must hold (as rows over those
columns). In an integer day each meal is also a plate (:mod:`mealfix.model.plates`: a yes/no
column per food and meal); a plain LP day splits its foods freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mealfix.inputs.meals import MealsDoc, role_least, suits
from mealfix.model.family import DayColumns, Served
from mealfix.model.matrix import INF, Builder, safe_name
from mealfix.model.pattern import PatternRows
from mealfix.model.plates import (
    Plates,
    add_plate_block,
    plate_rules,
    served_at,
)
from mealfix.model.rules import ENERGY, GRAM_STEP, Rules


@dataclass(frozen=True)
class Hold:
    """A meal holds at least ``least`` of ``coef`` (per gram over foods): e.g. vegetables."""

    meal: str
    label: str
    coef: pd.Series
    least: float


@dataclass(frozen=True)
class MealRows:
    """The meals of a day as model data, on the setup's food index."""

    names: tuple[str, ...]
    suits: pd.DataFrame
    energy: pd.Series
    low: pd.Series
    high: pd.Series
    holds: tuple[Hold, ...]
    #: Most grams of each food in one meal (inf: no such limit).
    most: pd.Series
    #: The plates each meal is chosen as (None: foods are split over meals freely).
    plates: Plates | None = None
    #: Each food is served at the meals ``suits`` says, at least its least portion (a solved
    #: day's plates, whose amounts are being settled).
    fixed: bool = False

    def kcal(self, parts: pd.DataFrame) -> pd.Series:
        """Each meal's energy for ``parts`` (foods x meals, grams), in meal order."""
        kcal = parts.mul(self.energy.reindex(parts.index).fillna(0.0), axis=0).sum()
        return kcal.reindex(list(self.names)).fillna(0.0)

    def shares(self, parts: pd.DataFrame) -> pd.Series:
        """Each meal's share of the day's energy for ``parts`` (foods x meals, grams)."""
        kcal = self.kcal(parts)
        total = float(kcal.sum())
        return (kcal / total if total > 0 else kcal * 0.0).reindex(list(self.names)).fillna(0.0)

    def add_rows(self, m: Builder, day: DayColumns) -> None:
        """The meal (and plate) columns and rows (:func:`add_meal_block`)."""
        add_meal_block(m, day.grams, day.foods, self, use=day.use)

    def broken(self, day: Served, tolerance: float = 1e-6) -> list[str]:
        """Every meal rule the day's placed ``parts`` break, in words (empty when the meals
        hold, or before the day is placed)."""
        if day.parts is None:
            return []
        parts = day.parts
        out = []
        suit = self.suits.reindex(parts.index).fillna(True).astype(bool)
        for meal in parts.columns:
            wrong = parts.index[(parts[meal] > 0) & ~suit[meal]]
            out += [f"{food} is placed at {meal}, a meal it does not suit" for food in wrong]
        over = parts.gt(self.most.reindex(parts.index).fillna(INF) + 0.2 + 1e-9, axis=0)
        out += [
            f"{f} has more than {self.most[f]:g} g in one meal"
            for f in parts.index[over.any(axis=1)]
        ]
        shares = self.shares(parts)
        for meal in self.names:
            pct = 100.0 * shares[meal]
            if pct < 100.0 * self.low[meal] - 100 * tolerance:
                out.append(f"{meal} carries {pct:.1f} % of the energy, under {self.low[meal]:.0%}")
            if pct > 100.0 * self.high[meal] + 100 * tolerance:
                out.append(f"{meal} carries {pct:.1f} % of the energy, over {self.high[meal]:.0%}")
        if self.plates is not None:
            out += self.plates.broken(parts, self.most)
        for hold in self.holds:
            column = parts[hold.meal] if hold.meal in parts.columns else pd.Series(dtype=float)
            amount = float((column * hold.coef.reindex(column.index).fillna(0.0)).sum())
            if amount < hold.least * (1.0 - tolerance) - 1e-9:
                out.append(
                    f"{hold.meal} holds {amount:.4g} of {hold.label}, under {hold.least:.4g}"
                )
        return out


def meal_rows(
    foods: pd.DataFrame,
    doc: MealsDoc,
    pattern: PatternRows | None,
    least: pd.Series | None = None,
    rules: Rules | None = None,
) -> MealRows | None:
    """The meal rules for ``foods`` (None without an energy column: shares mean nothing);
    ``least`` (grams per food) is the least portion a plate holds (None: no plates, as in a
    plain LP day, which has no yes/no choices to build them from), raised where a role sets
    a least food-group amount (times the rules' least-portion scale); an amount the rules
    include as stated grams stands as given."""
    if ENERGY not in foods.columns:
        return None
    names = tuple(doc.meals)
    holds: list[Hold] = []
    for meal, spec in doc.meals.items():
        if pattern is None:
            break
        for group, share in spec.holds.items():
            if group in pattern.target.index and share > 0:
                amount = float(pattern.target[group])
                unit = pattern.pattern.unit(group)
                label = f"{group.replace('_', ' ')} ({unit})"
                holds.append(Hold(meal, label, pattern.coef[group], share * amount))
        one_of = spec.holds_one_of
        if one_of is not None and one_of.share > 0:
            groups = [g for g in one_of.groups if g in pattern.target.index]
            if groups:
                coef = sum(pattern.coef[g] / float(pattern.target[g]) for g in groups)
                label = " or ".join(g.replace("_", " ") for g in groups) + " (share of the day)"
                holds.append(Hold(meal, label, pd.Series(coef, index=foods.index), one_of.share))
    suited = suits(foods, list(names))
    stated = rules.include if rules is not None else {}
    scale = rules.portion_scale if rules is not None else 1.0
    amounts = {f: float(a) for f, a in stated.items() if a is not None and f in foods.index}
    plates = None if least is None else plate_rules(foods, doc, least, amounts)
    if plates is not None:
        suited = served_at(plates, names, suited)
    most = _per_meal(foods, doc.per_meal.share_of_daily_max, suited)
    if doc.per_meal.portions is not None and "portion_g" in foods.columns:
        portion = pd.to_numeric(foods["portion_g"], errors="coerce")
        most = most.where(portion.isna(), np.fmin(most, doc.per_meal.portions * portion))
    for food, amount in amounts.items():  # an amount you asked for fits on one plate
        most[food] = max(float(most[food]), np.ceil(amount / GRAM_STEP) * GRAM_STEP)
    if plates is not None:
        plates = _role_floors(plates, doc, most, scale, amounts)
    return MealRows(
        names=names,
        suits=suited,
        energy=foods[ENERGY].astype(float) / 100.0,
        low=pd.Series({m: s.energy_pct[0] / 100.0 for m, s in doc.meals.items()}),
        high=pd.Series({m: s.energy_pct[1] / 100.0 for m, s in doc.meals.items()}),
        holds=tuple(holds),
        most=most,
        plates=plates,
    )


def _role_floors(
    plates: Plates, doc: MealsDoc, most: pd.Series, scale: float, stated: Mapping[str, float]
) -> Plates:
    """``plates`` with each food's least piece raised to its role's least food-group amount
    (at most what one plate may hold; an amount the person stated stands as given)."""
    floor = role_least(doc, plates.role, scale)
    floor = np.ceil(floor / GRAM_STEP - 1e-9) * GRAM_STEP
    top = np.floor(most.reindex(floor.index) / GRAM_STEP + 1e-9) * GRAM_STEP
    floor = floor.clip(upper=top).where(~floor.index.isin(list(stated)))
    return replace(plates, least=np.fmax(plates.least, floor.reindex(plates.least.index)))


def _per_meal(foods: pd.DataFrame, share: float, suited: pd.DataFrame) -> pd.Series:
    """Most grams of a food in one meal: ``share`` of its daily maximum, at least a portion,
    and at least the maximum spread evenly over the meals it suits (a food of one meal can
    have its whole maximum there)."""
    daily = pd.to_numeric(foods.get("max_g"), errors="coerce") if "max_g" in foods else None
    if daily is None or share >= 1.0:
        return pd.Series(INF, index=foods.index)
    portion = (
        pd.to_numeric(foods["portion_g"], errors="coerce")
        if "portion_g" in foods.columns
        else pd.Series(0.0, index=foods.index)
    )
    meals = suited.sum(axis=1).to_numpy(dtype=float)
    top = daily.to_numpy(dtype=float)
    most = np.fmax(np.fmax(share * top, portion.fillna(0.0).to_numpy(dtype=float)), top / meals)
    return pd.Series(np.where(np.isnan(daily.to_numpy(dtype=float)), INF, most), index=foods.index)


def add_meal_block(
    m: Builder, x: np.ndarray, foods: pd.Index, meals: MealRows, use: np.ndarray | None = None
) -> None:
    """Grams per food and meal it suits, summing to the food's grams; meal rows over them.
    With ``use`` (the used/not-used columns) and plates, each meal is chosen as a plate."""
    suit = meals.suits.reindex(foods).fillna(True).to_numpy(dtype=bool)
    food_at, meal_at = np.nonzero(suit)
    names = np.array(meals.names)
    ids = np.array([str(f) for f in foods])
    labels = pd.MultiIndex.from_arrays([foods[food_at], names[meal_at]], names=["food", "meal"])
    most = meals.most.reindex(foods).fillna(INF).to_numpy(dtype=float)
    keys = np.char.add(np.char.add(ids[food_at], "_"), names[meal_at])
    least = np.zeros(len(food_at))
    if meals.fixed and meals.plates is not None:
        least = meals.plates.least.reindex(foods).fillna(0.0).to_numpy(dtype=float)[food_at]
    z = m.add_columns("meal", "meal_", labels, keys, lower=least, upper=most[food_at])
    if use is not None and meals.plates is not None and not meals.fixed:
        add_plate_block(m, z, use, foods, labels, keys, meals.plates, meals.most)
    n = len(foods)
    m.add_rows(
        [f"split_{f}" for f in ids],
        np.concatenate([food_at, np.arange(n)]),
        np.concatenate([z, x]),
        np.concatenate([np.ones(len(z)), -np.ones(n)]),
        0.0,
        0.0,
    )
    energy = meals.energy.reindex(foods).fillna(0.0).to_numpy(dtype=float)
    for k, meal in enumerate(names):
        here = meal_at == k
        for bound, share in (("least", meals.low[meal]), ("most", meals.high[meal])):
            if (bound == "least" and share <= 0) or (bound == "most" and share >= 1):
                continue
            lower, upper = (0.0, INF) if bound == "least" else (-INF, 0.0)
            m.add_rows(
                [f"meal_{bound}_{meal}"],
                np.zeros(here.sum() + n, dtype=int),
                np.concatenate([z[here], x]),
                np.concatenate([energy[food_at[here]], -share * energy]),
                lower,
                upper,
            )
    for hold in meals.holds:
        k = list(names).index(hold.meal)
        here = meal_at == k
        coef = hold.coef.reindex(foods).fillna(0.0).to_numpy(dtype=float)[food_at[here]]
        safe = safe_name(hold.label)
        m.add_rows(
            [f"meal_holds_{hold.meal}_{safe}"],
            np.zeros(here.sum(), dtype=int),
            z[here],
            coef,
            hold.least,
            INF,
        )


def with_plates_fixed(meals: MealRows, chosen: pd.Series) -> MealRows:
    """The meal rules with each food served exactly where ``chosen`` (the plate columns of a
    solved day, by (food, meal)) put it: the amounts are then settled on those plates."""
    served = (chosen.round() > 0).unstack("meal")
    suits = served.reindex(index=meals.suits.index, columns=meals.suits.columns)
    return replace(meals, suits=suits.fillna(False).astype(bool), fixed=True)
