"""Grams as printed: rounded to 0.1 g (or whole half-servings), and still inside every limit.

If rounding nudges a total past a limit, that limit is tightened by the most rounding could move
it and the amounts are solved again, warm, on the same engine; if tightening cannot settle it,
the day is solved again in whole tenths of a gram, which finds a printable plan whenever one
exists. Duals come from the LP with the chosen foods fixed in use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from mealfix.errors import SolverError
from mealfix.model.day import setup_matrix
from mealfix.model.food_rules import light_groups
from mealfix.model.limits import TOLERANCE
from mealfix.model.matrix import Matrix, sense_bounds
from mealfix.model.rules import GRAM_STEP, SOFT_SHORTFALL_PRICE
from mealfix.model.setup import Bounds, Rows, Setup, group_column
from mealfix.solve.backends import engine_for, solve_matrix
from mealfix.solve.highs import Engine
from mealfix.solve.settings import SolverSettings
from mealfix.solve.status import PROVEN_GAP, Solved

ROUNDING_ATTEMPTS = 5
#: The exact fallback (whole tenths of a gram as integers) stops after this many seconds.
TENTHS_TIME_LIMIT = 20.0
#: A printed day may cost this share more than the day solved before the exact tenths are
#: tried (for at most ``SETTLE_EXACT_S`` seconds): rounding to 0.1 g can put a food group a
#: hair past its range (priced at 20 units per amount: +12 % on a day for 0.0002 cup of beans)
#: or, for a 2-year-old's small amounts, off its amount (+5 to +13 %): more than the 1 % the
#: search proves.
SETTLE_SLACK = 0.002
SETTLE_EXACT_S = 1.0
#: Nodes the exact tenths may search: without a time limit on the command they stop there,
#: not at ``SETTLE_EXACT_S``, so the same request prints the same day however busy the
#: machine (a second at a busy moment gave another day: tests/test_solver_paths.py).
SETTLE_EXACT_NODES = 500


@dataclass(frozen=True)
class DayValues:
    """A solved day by food: grams, used or not, and half-serving counts where they apply."""

    grams: pd.Series
    use: pd.Series | None
    servings: pd.Series | None
    #: Served or not, by (food, meal) (None: a day without plates).
    plates: pd.Series | None = None

    @classmethod
    def of_matrix(cls, matrix: Matrix, values: np.ndarray) -> DayValues:
        grams = matrix.column(values, "grams")
        assert grams is not None
        return cls(
            grams,
            matrix.column(values, "use"),
            matrix.column(values, "servings"),
            matrix.column(values, "plate"),
        )


def settle_amounts(
    setup: Setup,
    use: pd.Series | None,
    settings: SolverSettings | None = None,
    *,
    engine: Engine | None = None,
    given: tuple[Matrix, Solved] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Round the amounts to 0.1 g, tightening any limit rounding breaks and solving again;
    of the printed days that hold every limit, the one whose objective is least (all-up or
    all-down rounding holds more often, but moves every food group off its amount).

    ``use`` fixes each food in or out (None: a pure LP, whose model and solution are given).
    If tightening cannot settle it, the whole day is solved again in whole tenths of a gram,
    which finds a printable plan whenever one exists (with the foods free to change).
    """
    settings = settings or SolverSettings()
    engine = engine or engine_for(settings.solver)
    if given is None:
        matrix = setup_matrix(setup, fixed_use=use)
        solved = solve_matrix(matrix, settings, engine=engine)
    else:
        matrix, solved = given
    if not solved.outcome.has_solution or solved.values is None:
        raise SolverError(
            f"the amounts of the chosen foods have no solution ({solved.outcome.text})"
        )
    assert solved.values is not None
    rhs = setup.rows.meta["rhs"].astype(float)
    margin = pd.Series(0.0, index=setup.rows.meta.index)
    best: tuple[float, pd.Series, pd.Series] | None = None
    first: np.ndarray = solved.values
    for _attempt in range(ROUNDING_ATTEMPTS):
        values = DayValues.of_matrix(matrix, solved.values)
        nearest = rounded(values, setup.bounds)
        tries = [
            nearest,
            rounded(values, setup.bounds, "up"),
            rounded(values, setup.bounds, "down"),
        ]
        for grams in tries:
            if (overshoot(setup.rows, grams, rhs) > 0).any() or short_of_groups(setup, grams):
                continue
            value = objective_value(setup, grams)
            if best is None or value < best[0]:
                best = (value, grams, row_duals(setup, matrix, solved))
        missed = overshoot(setup.rows, nearest, rhs)
        if not (missed > 0).any():
            break  # the nearest printed day holds: tightening would only move it away
        # all up or all down may hold, but at a price (a food group off its amount): a
        # tightened re-solve often gives a nearest day that holds at none
        margin = widen(margin, missed, setup.rows, nearest)
        solved = solve_matrix(tightened(matrix, setup.rows, margin), settings, engine=engine)
        if not solved.outcome.has_solution or solved.values is None:
            break
    solved_grams = matrix.column(first, "grams")
    assert solved_grams is not None
    optimum = objective_value(setup, solved_grams)  # the day solved, before rounding
    # rounding lost more than the slack: the best printed day of these foods, exactly (an
    # improvement only, so not once the command's time is up); a full proof (no gap) keeps
    # no slack, so a proven day never prints dearer than a default one (it did by 0.13 %)
    slack = SETTLE_SLACK if settings.gap is not None else PROVEN_GAP
    if best is not None and best[0] > optimum + slack * abs(optimum) and not settings.spent():
        try:
            share = None if settings.time_limit is None else SETTLE_EXACT_S
            pins = pinned(matrix, first)
            exact = in_tenths(
                setup, pins, settings, share, best[1], slack, mip_max_nodes=SETTLE_EXACT_NODES
            )
        except SolverError:
            exact = None
        if exact is not None and (value := objective_value(setup, exact)) < best[0]:
            best = (value, exact, best[2])
    if best is not None:
        return best[1], best[2]
    grams = in_tenths(setup, setup_matrix(setup), settings)
    return grams, duals_fixed(setup, grams, settings)


def in_tenths(
    setup: Setup,
    matrix: Matrix,
    settings: SolverSettings | None = None,
    share: float | None = TENTHS_TIME_LIMIT,
    start: pd.Series | None = None,
    gap: float = SETTLE_SLACK,
    **options: Any,
) -> pd.Series:
    """The amounts as whole tenths of a gram (an integer model, within ``gap`` of its best):
    exact where rounding is not; ``share`` is its seconds."""
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
    begin = None
    if start is not None:  # a printed day of these plates: HiGHS completes the other columns
        where = matrix.blocks["grams"]
        tens = np.round(start.reindex(matrix.block_index["grams"]).fillna(0.0) / GRAM_STEP)
        begin = dict(zip(range(where.start, where.stop), tens.to_numpy().tolist(), strict=True))
    solved = solve_matrix(tenths, settings, share=share, gap=gap, start=begin, **options)
    if solved.values is not None:
        values = DayValues.of_matrix(tenths, solved.values * scale)
        grams = rounded(values, setup.bounds)
        rhs = setup.rows.meta["rhs"].astype(float)
        if not (overshoot(setup.rows, grams, rhs) > 0).any():
            return grams
    raise SolverError(
        f"the plan could not be rounded to whole tenths of a gram ({solved.outcome.text})"
    )


def duals_fixed(
    setup: Setup, grams: pd.Series, settings: SolverSettings | None = None
) -> pd.Series:
    """Duals of the LP with the chosen foods fixed in use (amounts free)."""
    matrix = setup_matrix(setup, fixed_use=(grams > 0).astype(float))
    return row_duals(setup, matrix, solve_matrix(matrix, settings))


def row_duals(setup: Setup, matrix: Matrix, solved: Solved) -> pd.Series:
    if solved.duals is None:
        return pd.Series(np.nan, index=setup.rows.meta.index)
    return pd.Series(solved.duals[matrix.limits], index=setup.rows.meta.index, dtype="float64")


def pinned(matrix: Matrix, values: np.ndarray) -> Matrix:
    """``matrix`` with its integer columns (foods in use, plates) fixed at ``values``."""
    whole = np.where(matrix.integer, values.round(), 0.0)
    lower = np.where(matrix.integer, whole, matrix.col_lower)
    upper = np.where(matrix.integer, whole, matrix.col_upper)
    return replace(matrix, col_lower=lower, col_upper=upper)


def tightened(matrix: Matrix, rows: Rows, margin: pd.Series) -> Matrix:
    """``matrix`` with every nutrient row made stricter by its margin."""
    sign = rows.meta["sense"].map({">=": 1.0, "<=": -1.0})
    lower, upper = sense_bounds(rows.meta["sense"], rows.meta["rhs"] + sign * margin)
    return matrix.with_limits(lower, upper)


def rounded(values: DayValues, bounds: Bounds, mode: str = "nearest") -> pd.Series:
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


def objective_value(setup: Setup, grams: pd.Series) -> float:
    """The objective of ``grams``, recomputed: foods, distance from the usual day, and the price
    of any shortfall on a soft target."""
    value = float((setup.bounds.cost * grams).sum())
    if setup.objective == "closest" and setup.current is not None:
        usual = setup.current.reindex(grams.index).fillna(0.0)
        value += float(((grams - usual).abs() * setup.bounds.per_portion).sum())
    value += sum(family.cost(grams) for family in setup.priced)
    return value + float(soft_shortfalls(setup.rows, grams).sum())


def soft_shortfalls(rows: Rows, grams: pd.Series, *, priced: bool = True) -> pd.Series:
    """The objective price of each soft target's shortfall (0 where it is met), by row; with
    ``priced=False`` the amount missed."""
    meta = rows.meta
    soft = meta["soft"].to_numpy(dtype=bool) if "soft" in meta.columns else None
    if soft is None or not soft.any():
        return pd.Series(dtype=float)
    amounts = grams.reindex(rows.coef.index).fillna(0.0).to_numpy()
    activity = amounts @ rows.coef.to_numpy()[:, soft]
    rhs = meta["rhs"].to_numpy(dtype=float)[soft]
    missed = np.maximum(rhs - activity, 0.0)
    price = SOFT_SHORTFALL_PRICE / np.maximum(rhs, 1e-9) if priced else 1.0
    return pd.Series(missed * price, index=meta.index[soft])


def short_of_groups(setup: Setup, grams: pd.Series) -> bool:
    """Whether a required food group's foods weigh less than its servings (``min_per_group``:
    a vegetable is at least 80 g), which the rows above do not hold: rounding down printed
    79.9 g from vegetables for a boy of 1, and the day failed its own check."""
    groups = group_column(setup.foods)
    return groups is not None and bool(light_groups(groups, setup.rules, grams[grams > 0]))


def widen(margin: pd.Series, overshoot: pd.Series, rows: Rows, grams: pd.Series) -> pd.Series:
    """Tighten each missed row by the most that rounding the foods in use could move it."""
    used = grams.reindex(rows.coef.index).fillna(0.0) > 0
    worst = rows.coef[used.to_numpy()].abs().sum() * (0.5 * GRAM_STEP)
    missed = overshoot > 0
    return margin.where(~missed, np.maximum(2 * margin, worst + overshoot))


def overshoot(rows: Rows, grams: pd.Series, rhs: pd.Series) -> pd.Series:
    """By how much each row misses its original right-hand side (0 where it holds)."""
    amounts = grams.reindex(rows.coef.index).fillna(0.0).to_numpy()
    activity = amounts @ rows.coef.to_numpy()
    limit = rhs.to_numpy(dtype=float)
    gap = np.where(rows.meta["sense"].to_numpy() == ">=", limit - activity, activity - limit)
    allowed = TOLERANCE * np.maximum(np.abs(limit), 1.0)
    if "soft" in rows.meta.columns:  # a soft target may fall short: its shortfall is priced
        gap = np.where(rows.meta["soft"].to_numpy(dtype=bool), 0.0, gap)
    return pd.Series(np.where(gap > allowed, gap, 0.0), index=rows.meta.index)
