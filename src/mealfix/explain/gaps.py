"""Problem nutrients for an eating pattern: the most and least a day can supply.

Like Optifood's best and worst case: for each targeted nutrient, the LP maximises (then
minimises) it over days that stay inside the energy range, the AMDR shares, every upper limit
and each food's per-day maximum, ignoring the other nutrients' minimums. A nutrient whose best
case is under its target cannot reach it from these foods under this diet.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from mealfix.explain.reasons import target_of
from mealfix.explain.views import GAPS_HEAD, gaps_rows, gaps_title, gaps_view, text_table
from mealfix.inputs.arguments import given
from mealfix.inputs.targets import Targets
from mealfix.model.case import Case
from mealfix.model.day import day_matrix
from mealfix.model.rules import ENERGY
from mealfix.model.setup import Rows, Setup
from mealfix.solve.backends import solve_matrix
from mealfix.solve.settings import SolverSettings


class Gap(BaseModel):
    """Best and worst case of one nutrient, and what caps the best case."""

    model_config = ConfigDict(frozen=True)

    nutrient: str
    name: str
    unit: str
    target: float
    best: float
    worst: float
    best_pct: float
    worst_pct: float
    flagged: bool
    limited_by: tuple[str, ...] = ()


class GapsReport(BaseModel):
    """Best and worst case of every nutrient with a minimum, for one diet and person."""

    model_config = ConfigDict(frozen=True)

    diet: str
    group: str | None
    gaps: tuple[Gap, ...]
    disclaimer: str

    def __repr__(self) -> str:
        """A table, not the fields: one row per nutrient."""
        return f"{gaps_title(self)}\n{text_table(GAPS_HEAD, gaps_rows(self), {2, 3, 4, 5, 6})}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        return gaps_view(self)


def gaps_report(case: Case, settings: SolverSettings | None = None) -> GapsReport:
    """The problem nutrients of the case's diet, with the disclaimer every report carries."""
    return GapsReport(
        diet=case.diet,
        group=case.targets.group,
        gaps=tuple(pattern_gaps(case, settings)),
        disclaimer=case.info.disclaimer,
    )


def pattern_gaps(case: Case, settings: SolverSettings | None = None) -> list[Gap]:
    """Best and worst case of every nutrient with a minimum, for the case's diet (every LP
    within the command's deadline)."""
    setup = case.setup(lp_only=True)
    settings = settings or SolverSettings.of(case.request)
    return [
        nutrient_range(setup, case.targets, nutrient, settings)
        for nutrient in _targeted(setup, case.targets)
    ]


def nutrient_range(
    setup: Setup,
    targets: Targets,
    nutrient: str,
    settings: SolverSettings | None = None,
) -> Gap:
    """Solve max and min of one nutrient over realistic days; name what caps the maximum."""
    rows = frame_rows(setup.rows)
    coef = setup.foods[nutrient] / 100.0
    best, limits = _extreme(setup, rows, coef, maximise=True, settings=settings)
    worst, _ = _extreme(setup, rows, coef, maximise=False, settings=settings)
    spec = targets.frame.loc[nutrient]
    aim = float(spec["min"])
    target = target_of(targets, nutrient) or aim
    return Gap(
        nutrient=nutrient,
        name=str(spec["name"]),
        unit=str(spec["unit"]),
        target=target,
        best=round(best, 3),
        worst=round(worst, 3),
        best_pct=round(100 * best / target, 1),
        worst_pct=round(100 * worst / target, 1),
        flagged=best < aim - 1e-9 * max(1.0, aim),
        limited_by=tuple(limits),
    )


def frame_rows(rows: Rows) -> Rows:
    """Only the rows that frame a realistic day: energy range, shares, upper limits."""
    meta = rows.meta
    keep = (meta["bound"] == "max") | (meta["kind"] == "share") | (meta["nutrient"] == ENERGY)
    return Rows(coef=rows.coef.loc[:, keep.to_numpy()], meta=meta[keep])


def _targeted(setup: Setup, targets: Targets) -> list[str]:
    meta = setup.rows.meta
    mins = meta[(meta["bound"] == "min") & (meta["kind"] == "nutrient")]
    return [str(n) for n in mins["nutrient"] if n != ENERGY]


def _extreme(
    setup: Setup,
    rows: Rows,
    coef: pd.Series,
    *,
    maximise: bool,
    settings: SolverSettings | None,
) -> tuple[float, list[str]]:
    matrix = day_matrix(rows, setup.bounds, setup.rules, None)
    sign = -1.0 if maximise else 1.0  # HiGHS minimises: a maximum is the least of -amount
    cost = np.zeros(len(matrix.cost))
    cost[matrix.blocks["grams"]] = sign * coef.reindex(matrix.block_index["grams"]).to_numpy()
    solved = solve_matrix(replace(matrix, cost=cost), settings)
    outcome = solved.outcome
    if not outcome.has_solution or solved.values is None:
        return math.nan, [f"no day fits the energy range and limits ({outcome.text})"]
    value = sign * float(outcome.objective or 0.0) + 0.0  # + 0.0: no '-0' for a maximum of 0
    limits: list[str] = []
    if maximise:
        if solved.duals is not None:
            duals = solved.duals[matrix.limits]
            limits += [
                str(label)
                for label, d in zip(rows.meta["label"], duals, strict=True)
                if abs(d) > 1e-9
            ]
        grams = matrix.column(solved.values, "grams")
        assert grams is not None
        capped = [
            f
            for f, g in grams.items()
            if g > 0
            and coef[f] > 0  # a food that brings none of the nutrient does not cap it
            and given(setup.bounds.high[f])
            and g >= float(setup.bounds.high[f]) - 1e-6
        ]
        top = sorted(capped, key=lambda f: -grams[f] * coef[f])[:3]
        limits += [f"per-day maximum of {setup.foods.at[f, 'name']}" for f in top]
    return value, limits
