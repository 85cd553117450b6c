"""What holds a food group outside its range of the pattern: the nutrient limits that, relaxed
one at a time, let the same foods bring the group back inside.

Each test re-solves the amounts LP with the plan's foods fixed and one binding limit lifted; a
limit is named when lifting it removes at least half of the group's distance beyond its range.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from mealfix.explain.hei import HeiScore
from mealfix.explain.records import FoodGroupAmount
from mealfix.model.day import setup_matrix
from mealfix.model.matrix import INF
from mealfix.model.pattern import AT_LEAST
from mealfix.solve.backends import solve_matrix
from mealfix.solve.settle import Solution

#: Binding limits tried per group, most valuable (largest dual) first.
TRIED = 8


def pattern_notes(groups: list[FoodGroupAmount], solution: Solution | None = None) -> list[str]:
    """What the plan says about a group outside its range: which limits hold it there."""
    notes = []
    for g in groups:
        if g.within or g.group == "other_uses_kcal":
            continue
        if ":" in g.group and g.group not in AT_LEAST:
            continue
        name = g.group.replace("_", " ").replace(":", ": ")
        held = forcing_limits(solution, g.group) if solution is not None else []
        held += required_foods(solution, g.group) if solution is not None else []
        why = (
            f"held there by {', '.join(held)}"
            if held
            else "no day that meets every nutrient target and limit with these foods keeps it "
            "inside"
        )
        notes.append(
            f"{name} is {g.pct:.0f} % of the food pattern's amount, outside its range: {why}"
        )
    notes += [
        f"calories for other uses (added sugars, extra saturated fat) are {g.amount:.0f} kcal, "
        f"over the pattern's {g.pattern:.0f} kcal"
        for g in groups
        if g.group == "other_uses_kcal" and not g.within
    ]
    return notes


def required_foods(solution: Solution, key: str) -> list[str]:
    """The foods you required (``--include``) that count toward ``key``."""
    rows = solution.setup.pattern
    if rows is None or key not in rows.coef.columns:
        return []
    required = [f for f in solution.setup.rules.include if f in rows.coef.index]
    return [
        f"{solution.foods.at[f, 'name']}, which you asked for"
        for f in required
        if rows.coef.at[f, key] > 0
    ]


def forcing_limits(solution: Solution, key: str) -> list[str]:
    """The binding limits whose relaxation lets the plan's foods bring ``key`` into range."""
    rows = solution.setup.pattern
    if rows is None or key not in rows.target.index:
        return []
    return limits_holding(solution, lambda grams: _beyond(rows.deviations(grams), key))


def hei_forcing(solution: Solution, key: str) -> list[str]:
    """The binding limits whose relaxation lets the plan's foods score more on HEI ``key``."""
    hei = solution.setup.hei
    if hei is None or key not in hei.room.columns:
        return []
    return limits_holding(solution, lambda grams: float(hei.shortfalls(grams)[key]))


def limits_holding(solution: Solution, shortfall: Callable[[pd.Series], float]) -> list[str]:
    """The binding limits (largest dual first) that, lifted one at a time with the plan's foods
    kept, remove at least half of ``shortfall`` (a function of the day's grams)."""
    setup = solution.setup
    base = shortfall(solution.grams)
    if base <= 1e-9:
        return []
    meta = setup.rows.meta
    duals = solution.duals.reindex(meta.index).fillna(0.0).abs()
    candidates = [r for r in duals.sort_values(ascending=False).index if duals[r] > 1e-9]
    matrix = setup_matrix(setup, fixed_use=(solution.grams > 0).astype(float))
    lower = matrix.row_lower[matrix.limits].copy()
    upper = matrix.row_upper[matrix.limits].copy()
    named: list[str] = []
    for row in candidates[:TRIED]:
        at = meta.index.get_loc(row)
        low, high = lower.copy(), upper.copy()
        low[at], high[at] = -INF, INF
        solved = solve_matrix(matrix.with_limits(low, high), solution.settings)
        if solved.values is None:
            continue
        grams = matrix.column(solved.values, "grams")
        assert grams is not None
        if shortfall(grams) <= 0.5 * base:
            named.append(_label(meta.loc[row]))
    return named


def hei_notes(hei: HeiScore | None, solution: Solution, aim: float) -> list[str]:
    """What the plan says when its HEI is under ``aim``: each component short of its maximum,
    and the targets or limits that hold it there (or that the food rules do)."""
    if hei is None or hei.total >= aim:
        return []
    parts = []
    for c in hei.weakest(len(hei.components)):
        held = hei_forcing(solution, c.key)
        why = (
            f"held there by {', '.join(held)}"
            if held
            else "the foods the food rules allow leave it there"
        )
        parts.append(f"{c.name} {c.points:.1f} of {c.max:g} ({why})")
    return [f"Healthy Eating Index {hei.total:.1f}, under {aim:g}: " + "; ".join(parts)]


def _beyond(deviations: pd.DataFrame, key: str) -> float:
    return float(deviations.at[key, "under_out"] + deviations.at[key, "over_out"])


def _label(spec: pd.Series) -> str:
    """A limit in words: 'the vitamin D minimum', 'the sodium maximum'."""
    text = str(spec["label"])
    return f"the {text[0].lower()}{text[1:]}" if text else "a limit"
