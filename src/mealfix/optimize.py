"""Candidates x targets -> model -> solve -> round -> verify: a sound day, or a clear no.

Grams are rounded to 0.1 g (or are whole half-servings) *before* the plan is checked, and the
check is strict: if rounding nudges a total past a limit, that limit is tightened by the most
rounding could move it and the model is solved again, so the printed grams meet every limit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, SolverError
from mealfix.matrix import Matrix, sense_bounds
from mealfix.model import (
    ENERGY,
    GRAM_STEP,
    Bounds,
    Objective,
    Rows,
    Rules,
    bind,
    build_rows,
    day_matrix,
    food_bounds,
    group_column,
    with_budget,
)
from mealfix.results import Shortfall
from mealfix.solve import Engine, Outcome, Solved, pick_solver, solve_matrix
from mealfix.targets import Targets
from mealfix.verify import TOLERANCE, violations

ROUNDING_ATTEMPTS = 5
#: The exact fallback (whole tenths of a gram as integers) stops after this many seconds.
TENTHS_TIME_LIMIT = 20.0
#: Elastic weights: a limit (UL, CDRR, maximum) is far costlier to break than a target is to miss.
LIMIT_WEIGHT = 100.0
SUSPECT_WEIGHT = 4.0


@dataclass(frozen=True)
class Setup:
    """Everything a day model is built from, checked and aligned on the same food index."""

    foods: pd.DataFrame
    nutrients: list[str]
    rows: Rows
    bounds: Bounds
    rules: Rules
    groups: pd.Series | None
    current: pd.Series | None
    objective: Objective
    notes: tuple[str, ...]
    budget: float | None = None


@dataclass(frozen=True)
class Solution:
    """A checked day: grams per food (only foods used) and what the solver said."""

    grams: pd.Series
    objective: float
    outcome: Outcome
    setup: Setup
    activity: pd.Series
    duals: pd.Series

    @property
    def foods(self) -> pd.DataFrame:
        return self.setup.foods

    @cached_property
    def used(self) -> pd.DataFrame:
        """The table's rows of the foods in the plan, in the order of ``grams``."""
        return self.setup.foods.take(self.setup.foods.index.get_indexer(self.grams.index))

    @property
    def nutrients(self) -> list[str]:
        return self.setup.nutrients

    @property
    def rows(self) -> Rows:
        return self.setup.rows


def prepare(
    candidates: pd.DataFrame,
    targets: Targets,
    objective: Objective = "portions",
    rules: Rules | None = None,
    *,
    unknown: Literal["error", "skip"] = "error",
    current: pd.Series | None = None,
    budget: float | None = None,
    context: str = "",
) -> Setup:
    """Bind targets to the candidate foods and work out every food's bounds."""
    rules = rules or Rules()
    if candidates.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} after the diet, allergies and exclusions", [], {}
        )
    foods, nutrients, notes = bind(candidates, targets, unknown=unknown)
    foods, bounds, more = food_bounds(foods, rules, objective, priced=budget is not None)
    notes += more
    if foods.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} with known values for every target"
            + (" and a price" if objective == "cost" or budget is not None else ""),
            [],
            {},
        )
    rows = build_rows(foods, targets, nutrients)
    if budget is not None:
        rows = with_budget(rows, foods, budget)
    groups = group_column(foods)
    if groups is not None:
        missing = [g for g, n in rules.min_per_group.items() if n > 0 and not (groups == g).any()]
        if missing:
            notes.append(
                f"no candidate food in group(s) {', '.join(missing)}: that minimum is not applied"
            )
            kept = {g: n for g, n in rules.min_per_group.items() if g not in missing}
            rules = replace(rules, min_per_group=kept)
    elif rules.min_per_group or rules.max_per_group:
        rules = replace(rules, min_per_group={}, max_per_group=None)
    return Setup(
        foods=foods,
        nutrients=nutrients,
        rows=rows,
        bounds=bounds,
        rules=rules,
        groups=groups,
        current=current,
        objective=objective,
        notes=tuple(notes),
    )


def optimize(
    setup: Setup,
    targets: Targets,
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    options: dict[str, Any] | None = None,
    context: str = "",
    engine: Engine | None = None,
) -> Solution:
    """Solve for the day that meets every target at the least objective, checked afterwards.

    An integer model first chooses the foods; the amounts are then settled by the LP with that
    choice fixed, which is where rounding is repaired and where the duals come from. ``engine``
    (HiGHS) may be one kept from an earlier plan: a model of the same shape is not built again.
    """
    engine = engine or _engine(solver)
    matrix = _day_matrix(setup)
    solved = solve_matrix(matrix, solver, time_limit, gap, engine=engine, **(options or {}))
    outcome = solved.outcome
    if outcome.status == "infeasible":
        raise diagnose(setup, targets, solver=solver, time_limit=time_limit, context=context)
    if not outcome.has_solution or solved.values is None:
        limit = f" within the {time_limit:g} s time limit" if time_limit else ""
        raise SolverError(f"the solver found no plan{limit} ({outcome.text})")
    values = DayValues.of_matrix(matrix, solved.values)
    if setup.rules.servings and values.use is not None:
        grams = _rounded(values, setup.bounds)
        duals = _duals_fixed(setup, grams, solver)
    elif values.use is not None:
        grams, duals = _amounts(setup, values.use.round(), solver)
    else:  # a pure LP: its own solution is rounded, and re-solved warm on the same engine
        grams, duals = _amounts(setup, None, solver, engine=engine, given=(matrix, solved))

    broken = violations(setup, grams, targets)
    if broken:
        raise SolverError(f"the solver's plan fails its own check: {broken[0]}")
    return Solution(
        grams=grams[grams > 0],
        objective=_objective_value(setup, grams),
        outcome=outcome,
        setup=setup,
        activity=setup.rows.coef.T @ grams,
        duals=duals,
    )


@dataclass(frozen=True)
class DayValues:
    """A solved day by food: grams, used or not, and half-serving counts where they apply."""

    grams: pd.Series
    use: pd.Series | None
    servings: pd.Series | None

    @classmethod
    def of_matrix(cls, matrix: Matrix, values: np.ndarray) -> DayValues:
        grams = matrix.column(values, "grams")
        assert grams is not None
        return cls(grams, matrix.column(values, "use"), matrix.column(values, "servings"))


def _engine(solver: str | None) -> Engine | None:
    return Engine() if pick_solver(solver) == "highs" else None


def _amounts(
    setup: Setup,
    use: pd.Series | None,
    solver: str | None,
    *,
    engine: Engine | None = None,
    given: tuple[Matrix, Solved] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Round the amounts to 0.1 g, tightening any limit rounding breaks and solving again.

    ``use`` fixes each food in or out (None: a pure LP, whose model and solution are given).
    If tightening cannot settle it, the whole day is solved again in whole tenths of a gram,
    which finds a printable plan whenever one exists (with the foods free to change).
    """
    engine = engine or _engine(solver)
    if given is None:
        matrix = _day_matrix(setup, fixed_use=use)
        solved = solve_matrix(matrix, solver, engine=engine)
    else:
        matrix, solved = given
    if not solved.outcome.has_solution or solved.values is None:
        raise SolverError(
            f"the amounts of the chosen foods have no solution ({solved.outcome.text})"
        )
    rhs = setup.rows.meta["rhs"].astype(float)
    margin = pd.Series(0.0, index=setup.rows.meta.index)
    for _attempt in range(ROUNDING_ATTEMPTS):
        values = DayValues.of_matrix(matrix, solved.values)
        nearest = _rounded(values, setup.bounds)
        for grams in (
            nearest,
            _rounded(values, setup.bounds, "up"),
            _rounded(values, setup.bounds, "down"),
        ):
            if not (_overshoot(setup.rows, grams, rhs) > 0).any():
                return grams, _row_duals(setup, matrix, solved)
        overshoot = _overshoot(setup.rows, nearest, rhs)
        margin = _widen(margin, overshoot, setup.rows, nearest)
        solved = solve_matrix(_tightened(matrix, setup.rows, margin), solver, engine=engine)
        if not solved.outcome.has_solution or solved.values is None:
            break
    grams = _in_tenths(setup, _day_matrix(setup), solver)
    return grams, _duals_fixed(setup, grams, solver)


def _in_tenths(setup: Setup, matrix: Matrix, solver: str | None) -> pd.Series:
    """The amounts as whole tenths of a gram (an integer model): exact where rounding is not."""
    grams_cols: np.ndarray = np.zeros(len(matrix.cost), dtype=bool)
    grams_cols[matrix.blocks["grams"]] = True
    scale = np.where(grams_cols, GRAM_STEP, 1.0)
    lower = np.where(grams_cols, np.ceil(matrix.col_lower / GRAM_STEP - 1e-6), matrix.col_lower)
    upper = np.where(grams_cols, np.floor(matrix.col_upper / GRAM_STEP + 1e-6), matrix.col_upper)
    tenths = replace(
        matrix,
        cost=matrix.cost * scale,
        col_lower=lower,
        col_upper=upper,
        integer=matrix.integer | grams_cols,
        value=matrix.value * scale[matrix.index],
    )
    solved = solve_matrix(tenths, solver, TENTHS_TIME_LIMIT)
    if solved.values is not None:
        values = DayValues.of_matrix(tenths, solved.values * scale)
        grams = _rounded(values, setup.bounds)
        rhs = setup.rows.meta["rhs"].astype(float)
        if not (_overshoot(setup.rows, grams, rhs) > 0).any():
            return grams
    raise SolverError(
        f"the plan could not be rounded to whole tenths of a gram ({solved.outcome.text})"
    )


def _duals_fixed(setup: Setup, grams: pd.Series, solver: str | None) -> pd.Series:
    """Duals of the LP with the chosen foods fixed in use (amounts free)."""
    matrix = _day_matrix(setup, fixed_use=(grams > 0).astype(float))
    return _row_duals(setup, matrix, solve_matrix(matrix, solver))


def _row_duals(setup: Setup, matrix: Matrix, solved: Solved) -> pd.Series:
    if solved.duals is None:
        return pd.Series(np.nan, index=setup.rows.meta.index)
    return pd.Series(solved.duals[matrix.limits], index=setup.rows.meta.index, dtype="float64")


@dataclass(frozen=True)
class Closest:
    """The elastic model's day: grams, row activity, how far each row is missed, its scale."""

    grams: pd.Series
    activity: pd.Series
    missed: pd.Series
    scale: pd.Series


def closest_day(
    setup: Setup,
    targets: Targets,
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    hard_budget: bool = False,
) -> Closest | Outcome:
    """Solve the elastic model: every row may be missed, at a price per relative unit.

    Limits (UL, CDRR, maxima, budget) cost 100 times more to break than a target does to miss,
    suspected targets 4 times more; ``hard_budget`` makes the budget unbreakable.
    """
    meta = setup.rows.meta
    energy = targets.frame["min"].get(ENERGY) if ENERGY in targets.frame.index else None
    share_scale = float(energy) if energy is not None and not pd.isna(energy) else 1000.0
    scale = meta["rhs"].abs().where(meta["kind"] != "share", share_scale).clip(lower=1e-6)
    suspected = meta["nutrient"].map(targets.frame["suspected"]).fillna(False).astype(bool)
    weight = np.where(
        meta["bound"] == "max", LIMIT_WEIGHT, np.where(suspected, SUSPECT_WEIGHT, 1.0)
    )
    if hard_budget:
        weight = np.where(meta["kind"] == "budget", 1e6, weight)
    elastic = pd.Series(weight, index=meta.index) / scale
    zero = replace(setup.bounds, cost=setup.bounds.cost * 0.0)
    matrix = day_matrix(setup.rows, zero, setup.rules, setup.groups, elastic=elastic)
    solved = solve_matrix(matrix, solver, time_limit)
    if not solved.outcome.has_solution or solved.values is None:
        return solved.outcome
    grams = matrix.column(solved.values, "grams")
    missed = matrix.column(solved.values, "slack")
    assert grams is not None and missed is not None
    return Closest(grams=grams, activity=setup.rows.coef.T @ grams, missed=missed, scale=scale)


def diagnose(
    setup: Setup,
    targets: Targets,
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    context: str = "",
) -> InfeasiblePlan:
    """Say what the closest possible day falls short of, and by how much."""
    closest = closest_day(setup, targets, solver=solver, time_limit=time_limit)
    if isinstance(closest, Outcome):
        return InfeasiblePlan(
            f"no plan meets every target{context} (the food rules alone "
            f"cannot be met: {closest.text})",
            [],
            {},
        )
    meta = setup.rows.meta
    missed = closest.missed > 1e-7 * closest.scale
    shortfalls = [
        _shortfall(row, meta.loc[row], closest.activity, closest.grams, setup.foods, targets)
        for row in meta.index[missed]
    ]
    words = "; ".join(_describe(s) for s in shortfalls)
    message = f"no plan meets every target{context}; the closest day: {words}"
    grams = closest.grams[closest.grams > 0].round(1).to_dict()
    return InfeasiblePlan(message, shortfalls, {"closest_grams": grams})


def _day_matrix(setup: Setup, *, fixed_use: pd.Series | None = None) -> Matrix:
    """The day model of ``setup`` (the amounts LP when ``fixed_use`` pins the foods)."""
    return day_matrix(
        setup.rows,
        setup.bounds,
        setup.rules,
        setup.groups,
        current=setup.current if setup.objective == "closest" else None,
        fixed_use=fixed_use,
    )


def _tightened(matrix: Matrix, rows: Rows, margin: pd.Series) -> Matrix:
    """``matrix`` with every nutrient row made stricter by its margin."""
    sign = rows.meta["sense"].map({">=": 1.0, "<=": -1.0})
    lower, upper = sense_bounds(rows.meta["sense"], rows.meta["rhs"] + sign * margin)
    return matrix.with_limits(lower, upper)


def _rounded(values: DayValues, bounds: Bounds, mode: str = "nearest") -> pd.Series:
    """Grams as printed: whole half-servings where servings apply, else 0.1 g steps
    (to the nearest step, or all up, or all down)."""
    steps = np.maximum(values.grams.to_numpy(), 0.0) / GRAM_STEP
    if mode == "up":
        stepped = np.ceil(steps - 1e-6)
    elif mode == "down":
        stepped = np.floor(steps + 1e-6)
    else:
        stepped = np.round(steps)
    grams = np.round(stepped * GRAM_STEP, 1)
    high = bounds.high.to_numpy(dtype=float)
    grams = np.where(np.isnan(high) | (grams <= high), grams, high)
    if values.use is not None:
        grams = np.where(values.use.to_numpy().round() > 0, grams, 0.0)
    result = pd.Series(grams, index=values.grams.index)
    if values.servings is not None:
        for food, k in values.servings.items():
            result[food] = round(k) * float(bounds.step[food])
    return result


def _objective_value(setup: Setup, grams: pd.Series) -> float:
    value = float((setup.bounds.cost * grams).sum())
    if setup.objective == "closest" and setup.current is not None:
        usual = setup.current.reindex(grams.index).fillna(0.0)
        value += float(((grams - usual).abs() * setup.bounds.per_portion).sum())
    return value


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


def _widen(margin: pd.Series, overshoot: pd.Series, rows: Rows, grams: pd.Series) -> pd.Series:
    """Tighten each missed row by the most that rounding the foods in use could move it."""
    used = grams.reindex(rows.coef.index).fillna(0.0) > 0
    worst = rows.coef[used.to_numpy()].abs().sum() * (0.5 * GRAM_STEP)
    missed = overshoot > 0
    return margin.where(~missed, np.maximum(2 * margin, worst + overshoot))


def _overshoot(rows: Rows, grams: pd.Series, rhs: pd.Series) -> pd.Series:
    """By how much each row misses its original right-hand side (0 where it holds)."""
    amounts = grams.reindex(rows.coef.index).fillna(0.0).to_numpy()
    activity = amounts @ rows.coef.to_numpy()
    limit = rhs.to_numpy(dtype=float)
    gap = np.where(rows.meta["sense"].to_numpy() == ">=", limit - activity, activity - limit)
    allowed = TOLERANCE * np.maximum(np.abs(limit), 1.0)
    return pd.Series(np.where(gap > allowed, gap, 0.0), index=rows.meta.index)
