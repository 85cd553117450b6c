"""Candidates x targets -> model -> solve -> round -> verify: a sound day, or a clear no.

Grams are rounded to ``GRAM_DECIMALS`` before the plan is checked, and the check is strict: if
rounding nudges a total past a limit, that limit is tightened by the overshoot and the model is
solved again, so the printed grams themselves meet every limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, SolverError
from mealfix.model import ENERGY, Objective, Rows, bind, build_rows
from mealfix.plan import Shortfall
from mealfix.solve import LpResult, solve_rows
from mealfix.targets import Targets
from mealfix.verify import TOLERANCE, violations

GRAM_DECIMALS = 1
ROUNDING_ATTEMPTS = 5
#: Elastic weights: a limit (UL, CDRR, maximum) is far costlier to break than a target is to miss.
LIMIT_WEIGHT = 100.0
SUSPECT_WEIGHT = 4.0


@dataclass(frozen=True)
class Solution:
    """A checked day: grams per food (rounded, only foods used) and what the solver said."""

    grams: pd.Series
    objective: float
    proven: bool
    status_text: str
    solver: str
    foods: pd.DataFrame
    nutrients: list[str]
    rows: Rows
    activity: pd.Series
    duals: pd.Series


def optimize(
    candidates: pd.DataFrame,
    targets: Targets,
    objective: Objective = "portions",
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    unknown: Literal["error", "skip"] = "error",
    context: str = "",
) -> Solution:
    """Solve for the day that meets every target at the least objective, checked afterwards."""
    if candidates.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} after the diet, allergies and exclusions", [], {}
        )
    foods, nutrients, notes = bind(candidates, targets, unknown=unknown)
    if foods.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} with known values for every target", [], {}
        )
    rows = build_rows(foods, targets, nutrients, objective, notes)
    rhs = rows.meta["rhs"].astype(float)
    margin = pd.Series(0.0, index=rows.meta.index)
    sign = rows.meta["sense"].map({">=": 1.0, "<=": -1.0})
    for _attempt in range(ROUNDING_ATTEMPTS):
        result = solve_rows(
            rows.coef,
            rows.meta["sense"],
            rhs + sign * margin,
            rows.cost,
            rows.upper,
            solver=solver,
            time_limit=time_limit,
        )
        if result.outcome == "infeasible":
            if margin.any():
                raise SolverError("the plan could not be rounded to whole tenths of a gram")
            raise diagnose(foods, rows, targets, solver=solver, context=context)
        if result.outcome not in ("optimal", "feasible"):
            raise SolverError(f"the solver gave no plan ({result.solver}: {result.status_text})")
        grams = _rounded(result.grams, rows.upper)
        overshoot = _overshoot(rows, grams, rhs)
        if not (overshoot > 0).any():
            break
        margin = _widen(margin, overshoot, rows, result.grams)
    else:
        raise SolverError("the plan could not be rounded to whole tenths of a gram")

    broken = violations(foods, grams, targets, nutrients)
    if broken:
        raise SolverError(f"the solver's plan fails its own check: {broken[0]}")
    return Solution(
        grams=grams[grams > 0],
        objective=float((rows.cost.reindex(grams.index) * grams).sum()),
        proven=result.proven,
        status_text=result.status_text,
        solver=result.solver,
        foods=foods,
        nutrients=nutrients,
        rows=rows,
        activity=rows.coef.T @ grams,
        duals=result.duals,
    )


def diagnose(
    foods: pd.DataFrame,
    rows: Rows,
    targets: Targets,
    *,
    solver: str | None = None,
    context: str = "",
) -> InfeasiblePlan:
    """Solve the elastic model (every limit may be missed, at a price) and say what falls short."""
    meta = rows.meta
    sign = meta["sense"].map({">=": 1.0, "<=": -1.0})
    slack = pd.DataFrame(np.diag(sign.to_numpy()), index=meta.index, columns=meta.index)
    energy = targets.frame["min"].get(ENERGY) if ENERGY in targets.frame.index else None
    share_scale = float(energy) if energy is not None and not pd.isna(energy) else 1000.0
    scale = meta["rhs"].abs().where(meta["kind"] == "nutrient", share_scale).clip(lower=1e-6)
    suspected = meta["nutrient"].map(targets.frame["suspected"]).fillna(False).astype(bool)
    weight = np.where(
        meta["bound"] == "max", LIMIT_WEIGHT, np.where(suspected, SUSPECT_WEIGHT, 1.0)
    )
    result: LpResult = solve_rows(
        rows.coef,
        meta["sense"],
        meta["rhs"],
        rows.cost * 0.0,
        rows.upper,
        solver=solver,
        extra_columns=slack,
        extra_cost=pd.Series(weight, index=meta.index) / scale,
    )
    if result.outcome != "optimal":
        return InfeasiblePlan(
            f"no plan meets every target{context}", [], {"solver": result.status_text}
        )
    grams = result.grams.loc[rows.coef.index].fillna(0.0)
    foods = foods.loc[grams.index]
    activity = rows.coef.T @ grams
    missed = result.grams.loc[meta.index] > 1e-7 * scale
    shortfalls = [
        _shortfall(row, meta.loc[row], activity, grams, foods, targets)
        for row in meta.index[missed]
    ]
    words = "; ".join(_describe(s) for s in shortfalls)
    message = f"no plan meets every target{context}; the closest day: {words}"
    return InfeasiblePlan(
        message, shortfalls, {"closest_grams": grams[grams > 0].round(1).to_dict()}
    )


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


def _rounded(grams: pd.Series, upper: pd.Series) -> pd.Series:
    values = grams.fillna(0.0).clip(lower=0.0).round(GRAM_DECIMALS)
    cap = np.floor(upper.reindex(values.index) * 10**GRAM_DECIMALS) / 10**GRAM_DECIMALS
    return values.where(cap.isna() | (values <= cap), cap)


def _widen(margin: pd.Series, overshoot: pd.Series, rows: Rows, grams: pd.Series) -> pd.Series:
    """Tighten each missed row by the most that rounding the foods in use could move it."""
    used = grams.reindex(rows.coef.index).fillna(0.0) > 0
    worst = rows.coef[used.to_numpy()].abs().sum() * (0.5 * 10.0**-GRAM_DECIMALS)
    missed = overshoot > 0
    return margin.where(~missed, np.maximum(2 * margin, worst + overshoot))


def _overshoot(rows: Rows, grams: pd.Series, rhs: pd.Series) -> pd.Series:
    """By how much each row misses its original right-hand side (0 where it holds)."""
    activity = rows.coef.T @ grams
    gap = np.where(rows.meta["sense"] == ">=", rhs - activity, activity - rhs)
    allowed = TOLERANCE * rhs.abs().clip(lower=1.0)
    return pd.Series(np.where(gap > allowed, gap, 0.0), index=rows.meta.index)
