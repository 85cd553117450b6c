"""When no plan exists: the closest day (an elastic model) and what it falls short of.

Every row of the day may be missed at a price per relative unit; limits (UL, CDRR, maxima,
budget) cost 100 times more to break than a target does to miss, suspected targets 4 times.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, Shortfall
from mealfix.inputs.arguments import given
from mealfix.inputs.targets import Targets
from mealfix.model.day import day_matrix
from mealfix.model.rules import ENERGY
from mealfix.model.setup import Setup
from mealfix.solve.backends import solve_matrix
from mealfix.solve.settings import SolverSettings
from mealfix.solve.status import Outcome

#: Elastic weights: a limit (UL, CDRR, maximum) is far costlier to break than a target is to miss.
LIMIT_WEIGHT = 100.0
SUSPECT_WEIGHT = 4.0
SOFT_WEIGHT = 0.01


@dataclass(frozen=True)
class Closest:
    """The elastic model's day: grams, row activity, how far each row is missed, its scale."""

    grams: pd.Series
    activity: pd.Series
    missed: pd.Series
    scale: pd.Series
    #: Whether the search proved this the closest day (False: stopped at the time limit).
    proven: bool = True


def closest_day(
    setup: Setup,
    targets: Targets,
    settings: SolverSettings | None = None,
    *,
    hard_budget: bool = False,
) -> Closest | Outcome:
    """Solve the elastic model: every row may be missed, at a price per relative unit.

    Limits (UL, CDRR, maxima, budget) cost 100 times more to break than a target does to miss,
    suspected targets 4 times more; ``hard_budget`` makes the budget unbreakable.
    """
    meta = setup.rows.meta
    energy = targets.frame["min"].get(ENERGY)  # None when the targets have no energy row
    share_scale = float(energy) if given(energy) else 1000.0
    scale = meta["rhs"].abs().where(meta["kind"] != "share", share_scale).clip(lower=1e-6)
    suspected = meta["nutrient"].map(targets.frame["suspected"]).fillna(False).astype(bool)
    weight = np.where(
        meta["bound"] == "max", LIMIT_WEIGHT, np.where(suspected, SUSPECT_WEIGHT, 1.0)
    )
    soft = meta["soft"].to_numpy(dtype=bool) if "soft" in meta.columns else False
    weight = np.where(soft, SOFT_WEIGHT, weight)  # an AI may fall short without blame
    if hard_budget:
        weight = np.where(meta["kind"] == "budget", 1e6, weight)
    elastic = pd.Series(weight, index=meta.index) / scale
    zero = replace(setup.bounds, cost=setup.bounds.cost * 0.0)
    matrix = day_matrix(setup.rows, zero, setup.rules, setup.groups, elastic=elastic)
    solved = solve_matrix(matrix, settings)
    if not solved.outcome.has_solution or solved.values is None:
        return solved.outcome
    grams = matrix.column(solved.values, "grams")
    missed = matrix.column(solved.values, "slack")
    assert grams is not None and missed is not None
    return Closest(
        grams=grams,
        activity=setup.rows.coef.T @ grams,
        missed=missed,
        scale=scale,
        proven=solved.outcome.proven,
    )


def diagnose(
    setup: Setup,
    targets: Targets,
    settings: SolverSettings | None = None,
    *,
    context: str = "",
) -> InfeasiblePlan:
    """Say what the closest possible day falls short of, and by how much (a search within the
    command's time left, said to be unproven when it stopped there)."""
    closest = closest_day(setup, targets, settings)
    if isinstance(closest, Outcome):
        return InfeasiblePlan(
            f"no plan meets every target{context} (the food rules alone "
            f"cannot be met: {closest.text})",
            [],
            {},
        )
    meta = setup.rows.meta
    missed = closest.missed > 1e-7 * closest.scale
    if "soft" in meta.columns:  # a soft target short of its AI is not why there is no plan
        missed &= ~meta["soft"].astype(bool)
    shortfalls = [
        _shortfall(row, meta.loc[row], closest.activity, closest.grams, setup.foods, targets)
        for row in meta.index[missed]
    ]
    if not shortfalls and setup.meals is not None:  # every target can be met: the meals cannot
        return InfeasiblePlan(
            f"no plan meets every target{context} with the meal rules: the foods left cannot be "
            "spread over the meals as data/meals.yaml asks (each meal's share of energy and "
            "what lunch, dinner and breakfast hold); --no-meals plans the day without them",
            [],
            {"closest_grams": closest.grams[closest.grams > 0].round(1).to_dict()},
        )
    words = "; ".join(_describe(s) for s in shortfalls)
    label = (
        "the closest day"
        if closest.proven
        else "the closest day found (not proven closest: the search stopped at its time limit)"
    )
    message = f"no plan meets every target{context}; {label}: {words}"
    grams = closest.grams[closest.grams > 0].round(1).to_dict()
    return InfeasiblePlan(message, shortfalls, {"closest_grams": grams})


def _shortfall(
    row: str,
    meta: pd.Series,
    activity: pd.Series,
    grams: pd.Series,
    foods: pd.DataFrame,
    targets: Targets,
) -> Shortfall:
    nutrient = str(meta["nutrient"])
    bound = str(meta["bound"])
    if meta["kind"] == "shared":
        return Shortfall(
            nutrient=nutrient,
            name=str(meta["label"]),
            unit="g",
            bound=bound,
            target=float(meta["rhs"]),
            best=float(activity[row]),
            pct=None,
        )
    if meta["kind"] == "budget":
        return Shortfall(
            nutrient="price",
            name="day budget",
            unit="USD",
            bound=bound,
            target=float(meta["rhs"]),
            best=float(activity[row]),
            pct=None,
        )
    if meta["kind"] == "share":
        share = targets.shares.loc[nutrient]
        energy = float((foods[ENERGY] * grams).sum()) / 100.0
        macro = float((foods[nutrient] * grams).sum()) / 100.0 * float(share["kcal_per_g"])
        target = float(share[f"{bound}_pct"])
        best = 100.0 * macro / energy if energy > 0 else 0.0
        return Shortfall(
            nutrient=nutrient,
            name=f"{nutrient} share of energy",
            unit="%",
            bound=bound,
            target=target,
            best=best,
            pct=None,
        )
    spec = targets.frame.loc[nutrient]
    best = float(activity[row])
    target = float(meta["rhs"])
    return Shortfall(
        nutrient=nutrient,
        name=str(spec["name"]),
        unit=str(spec["unit"]),
        bound=bound,
        target=target,
        best=best,
        pct=100.0 * best / target if target else None,
    )


def _describe(s: Shortfall) -> str:
    unit = f" {s.unit}" if s.unit else ""
    if s.unit == "%":
        return (
            f"gets {s.best:.3g} % of energy from {s.nutrient}, not the {s.bound}imum {s.target:g} %"
        )
    if s.bound == "min":
        pct = f" ({s.pct:.0f} %)" if s.pct is not None else ""
        return f"{s.name} reaches {s.best:.3g} of {s.target:g}{unit}{pct}"
    return f"{s.name} cannot stay under its {s.target:g}{unit} limit ({s.best:.3g})"
