"""Check a finished plan against every limit and rule, straight from the food table.

Each rule family checks its own rule (:mod:`mealfix.model.family`) without reusing the model's
rows or variables: it recomputes totals from the nutrient columns and re-reads the rules, so
an error in building the model shows up here instead of in a person's plan. An answer that
did not come from the solver (the disk cache) is first checked against the model it claims
to solve (:func:`answer_faults`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mealfix.inputs.targets import Targets
from mealfix.model.family import Served
from mealfix.model.food_rules import FoodRules
from mealfix.model.limits import Limits
from mealfix.model.matrix import Matrix
from mealfix.model.setup import Setup
from mealfix.solve.status import PROVEN_GAP, Solved

#: Slack of a solver's own answer (HiGHS's MIP feasibility tolerance), relative to a limit
#: of at least 1: an answer from disk is held to what a fresh solve may return, no looser.
ANSWER_TOLERANCE = 1e-6


def violations(setup: Setup, grams: pd.Series, targets: Targets) -> list[str]:
    """Every broken limit or rule, in words; empty when the plan is sound: each rule family's
    own check (:mod:`mealfix.model.family`), recomputed from the food table and the targets."""
    broken: list[str] = []
    if (grams < 0).any():
        broken.append(f"negative amount of {', '.join(grams.index[grams < 0])}")
    day = Served(grams)
    for family in (FoodRules.of(setup, targets), Limits.of(setup, targets)):
        broken += family.broken(day)
    return broken


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
