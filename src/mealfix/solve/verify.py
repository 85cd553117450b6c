"""Check a finished plan against every limit and rule, straight from the food table.

This deliberately does not reuse the model's rows or variables: it recomputes totals from the
nutrient columns and re-reads the rules, so an error in building the model shows up here
instead of in a person's plan. An answer that did not come from the solver (the disk cache)
is first checked against the model it claims to solve (:func:`answer_faults`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mealfix.inputs.targets import Targets
from mealfix.model.matrix import Matrix
from mealfix.model.rules import ENERGY
from mealfix.model.setup import Setup
from mealfix.solve.status import PROVEN_GAP, Solved

#: Slack for floating-point sums only; plans are rounded *before* this check.
TOLERANCE = 1e-9
#: Slack of a solver's own answer (HiGHS's MIP feasibility tolerance), relative to a limit
#: of at least 1: an answer from disk is held to what a fresh solve may return, no looser.
ANSWER_TOLERANCE = 1e-6


def totals(foods: pd.DataFrame, grams: pd.Series, nutrients: list[str]) -> pd.Series:
    """Day totals of each nutrient for ``grams`` of each food (values are per 100 g)."""
    used = grams[grams > 0]
    columns = list(dict.fromkeys(nutrients))
    rows = foods.index.get_indexer(used.index)
    values = np.column_stack([foods[c].to_numpy(dtype=float)[rows] for c in columns])
    return pd.Series(used.to_numpy() / 100.0 @ values, index=columns, dtype=float)


def violations(setup: Setup, grams: pd.Series, targets: Targets) -> list[str]:
    """Every broken limit or rule, in words; empty when the plan is sound."""
    foods, nutrients, rules = setup.foods, setup.nutrients, setup.rules
    broken: list[str] = []
    used = grams[grams > 0]
    if (grams < 0).any():
        broken.append(f"negative amount of {', '.join(grams.index[grams < 0])}")
    broken += _amounts(setup, used)
    if rules.max_foods and len(used) > rules.max_foods:
        broken.append(f"{len(used)} foods, more than {rules.max_foods}")
    if setup.groups is not None:
        counts = setup.groups.reindex(used.index).value_counts()
        if rules.max_per_group:
            broken += [
                f"{n} foods from {g}, more than {rules.max_per_group}"
                for g, n in counts.items()
                if n > rules.max_per_group
            ]
        broken += [
            f"fewer than {n} food(s) from {g}"
            for g, n in rules.min_per_group.items()
            if counts.get(g, 0) < n
        ]
        in_group = used.groupby(setup.groups.reindex(used.index)).sum()
        for g, n in rules.min_per_group.items():
            need = rules.group_serving_g.get(g, 0.0) * n
            if in_group.get(g, 0.0) < need - 1e-9:
                broken.append(f"{in_group.get(g, 0.0):g} g from {g}, less than {need:g} g")
    for food, amount in rules.include.items():
        if food not in used.index:
            broken.append(f"required food {food} is missing")
        elif amount is not None and abs(used[food] - amount) > 1e-6:
            broken.append(f"required food {food} is {used[food]:g} g, not {amount:g} g")

    energy = foods[ENERGY] if ENERGY in foods.columns else None
    share = rules.max_energy_share
    least = targets.frame["min"].get(ENERGY) if ENERGY in targets.frame.index else None
    if energy is not None and share and least is not None and pd.notna(least) and least > 0:
        kcal = energy.reindex(used.index) * used / 100.0
        for food in kcal.index[kcal > share * kcal.sum() + 1e-9]:
            broken.append(f"{food} gives {kcal[food]:.0f} kcal, over {share:.0%} of the day")
    if setup.shared is not None:
        kinds = used.groupby(setup.shared.reindex(used.index)).sum()
        for kind, most in rules.shared_caps.items():
            if kinds.get(kind, 0.0) > most + 1e-9:
                broken.append(f"{kinds[kind]:g} g of {kind} foods, above their shared {most:g} g")
    if rules.tag_caps and "tags" in foods.columns:
        carried = foods["tags"].reindex(used.index).fillna("").astype(str).str.split(";")
        for tag, most in rules.tag_caps.items():
            grams_of = float(used[carried.map(lambda t, tag=tag: tag in t)].sum())
            if grams_of > most + 1e-9:
                broken.append(f"{grams_of:g} g of {tag} foods, above their {most:g} g a day")
    if setup.budget is not None:
        spent = float((foods.loc[used.index, "price"] * used).sum() / 100.0)
        if spent > setup.budget + TOLERANCE * max(1.0, setup.budget):
            broken.append(f"the day costs {spent:.4f} USD, over the {setup.budget:g} USD budget")
    extra = [ENERGY] if ENERGY in foods.columns else []
    day = totals(foods, grams, nutrients + extra)
    for nutrient in nutrients:
        if nutrient not in targets.frame.index:
            continue
        low, high = targets.frame.at[nutrient, "min"], targets.frame.at[nutrient, "max"]
        amount = day[nutrient]
        if "soft" in targets.frame.columns and bool(targets.frame.at[nutrient, "soft"]):
            low = None  # a soft target's shortfall is priced and reported, not a violation
        if _given(low) and amount < float(low) - TOLERANCE * max(1.0, float(low)):
            broken.append(f"{nutrient} {amount:.6g} is below its minimum {float(low):g}")
        if _given(high) and amount > float(high) + TOLERANCE * max(1.0, float(high)):
            broken.append(f"{nutrient} {amount:.6g} is above its maximum {float(high):g}")
    if ENERGY in nutrients and day[ENERGY] > 0:
        for macro, share in targets.shares.iterrows():
            if macro not in nutrients:
                continue
            pct = 100.0 * day[macro] * share["kcal_per_g"] / day[ENERGY]
            if pct < share["min_pct"] - 1e-7 or pct > share["max_pct"] + 1e-7:  # NaN: no bound
                broken.append(
                    f"{macro} gives {pct:.4g} % of energy, outside "
                    f"{share['min_pct']:g}-{share['max_pct']:g} % (NaN: no lower bound)"
                )
    return broken


def _amounts(setup: Setup, used: pd.Series) -> list[str]:
    """Each food used is between its least portion and its per-day maximum."""
    foods, rules = setup.foods, setup.rules
    broken: list[str] = []
    cap = foods["max_g"].reindex(used.index) if "max_g" in foods.columns else None
    portion = foods["portion_g"].reindex(used.index) if "portion_g" in foods.columns else None
    for food, amount in used.items():
        if cap is not None and _given(cap[food]) and amount > float(cap[food]) + 1e-9:
            broken.append(f"{food}: {amount:g} g is above its {cap[food]:g} g maximum")
        if portion is None or not _given(portion[food]):
            continue
        least = rules.least_portions * float(portion[food])
        stated = rules.include.get(food) is not None
        if rules.integer() and not stated and amount < least - 1e-9:
            broken.append(f"{food}: {amount:g} g is below its least portion {least:g} g")
        if rules.servings:
            halves = amount / (float(portion[food]) / 2)
            if abs(halves - round(halves)) > 1e-6:
                broken.append(f"{food}: {amount:g} g is not a whole number of half portions")
    return broken


def _given(value: object) -> bool:
    return value is not None and not pd.isna(value)


def answer_faults(matrix: Matrix, solved: Solved) -> list[str]:
    """What is wrong with a proven answer (optimal, or within a requested gap) of ``matrix``
    that did not come from the solver.

    Every column bound, integer column and row of the model is recomputed from its own arrays
    (the food table's numbers as the model holds them), the objective is recomputed from the
    values, and the proof must fit: a bound no higher than the objective and within the proven
    gap of it. Empty when the answer is one a fresh solve could have given.
    """
    outcome, values = solved.outcome, solved.values
    claim = _claimed_gap(solved)
    if claim is None:
        return [f"status {outcome.status} is neither a proven optimum nor proven within a gap"]
    arrays = {"values": values, "duals": solved.duals, "reduced": solved.reduced}
    sizes = {"values": len(matrix.cost), "duals": len(matrix.row_lower)}
    for name, array in arrays.items():
        if array is None:
            continue
        if array.shape != (sizes.get(name, len(matrix.cost)),) or not np.isfinite(array).all():
            return [f"{name} do not fit the model (shape {array.shape}, or not finite)"]
    numbers = (outcome.objective, outcome.bound, outcome.gap)
    if values is None or any(n is None or not np.isfinite(n) for n in numbers):
        return ["no values, objective, bound or gap (or one not finite)"]
    assert outcome.objective is not None and outcome.bound is not None and outcome.gap is not None
    broken = _outside("column", values, matrix.col_lower, matrix.col_upper)
    whole = values[matrix.integer]
    if (np.abs(whole - np.round(whole)) > ANSWER_TOLERANCE).any():
        broken.append("an integer column is not whole")
    broken += _outside("row", _activity(matrix, values), matrix.row_lower, matrix.row_upper)
    objective, bound = outcome.objective, outcome.bound
    scale = max(1.0, abs(objective))
    recomputed = float(matrix.cost @ values)
    if abs(recomputed - objective) > ANSWER_TOLERANCE * scale:
        broken.append(f"objective {objective!r} is not the values' {recomputed!r}")
    if bound > objective + ANSWER_TOLERANCE * scale:
        broken.append(f"bound {bound!r} is above the objective {objective!r}")
    if objective - bound > claim * abs(objective) + ANSWER_TOLERANCE * scale:
        broken.append(f"objective {objective!r} is not proven by the bound {bound!r}")
    if not 0.0 <= outcome.gap <= claim + 1e-12:
        broken.append(f"gap {outcome.gap!r} is not within the {claim!r} it claims")
    return broken


def _claimed_gap(solved: Solved) -> float | None:
    """The relative gap an answer says it is proven within: HiGHS's optimality tolerance for a
    proven optimum, the requested gap for a day "within 1 %"; None for anything else."""
    outcome = solved.outcome
    if outcome.status == "optimal" and outcome.proven and outcome.within is None:
        return PROVEN_GAP
    within = outcome.within
    if outcome.status == "feasible" and not outcome.proven and within is not None:
        return float(within) if 0.0 < within < 1.0 else None
    return None


def _activity(matrix: Matrix, values: np.ndarray) -> np.ndarray:
    """Each row's value (A v) from the model's compressed rows."""
    counts: np.ndarray = np.diff(np.append(matrix.starts, len(matrix.index)))
    rows: np.ndarray = np.repeat(np.arange(len(matrix.row_lower)), counts)
    products = matrix.value * values[matrix.index]
    activity: np.ndarray = np.bincount(rows, weights=products, minlength=len(matrix.row_lower))
    return activity


def _outside(kind: str, amount: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> list[str]:
    """The first of ``amount`` outside [lower, upper] beyond the solver's tolerance, in words."""
    low = lower - ANSWER_TOLERANCE * np.maximum(1.0, np.abs(lower))  # -inf stays -inf
    high = upper + ANSWER_TOLERANCE * np.maximum(1.0, np.abs(upper))
    out = np.flatnonzero((amount < low) | (amount > high))
    if len(out) == 0:
        return []
    i = out[0]
    return [f"{kind} {i} is {amount[i]!r}, outside [{lower[i]!r}, {upper[i]!r}]"]
