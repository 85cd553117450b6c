"""A starting day from the plates of other people's near-best days (``data/plate_days.csv``).

HiGHS's first good plate day costs most of a plan (its root heuristics), while a day near the
best proves within 1 % in a tenth of the time (:mod:`.staged`). The plates of another person's
near-best day, their amounts re-chosen by an LP with every plate fixed (about 4 ms), are often
a near-best day here too: people of one diet and life stage share most plates. So the stored
days that fit this model (every plate may be served here) are ranked by how alike their
people are to this one (:class:`mealfix.inputs.plate_days.Kin`: the same diet first, then
life stage, energy need, suspicions, DRI group and sex), and the ``TRIES`` nearest different
days are re-solved; the cheapest is the start. On the 20 benchmark personas (none of them among the
stored people) the best of the four nearest is within 0.5 % of the best day for 19, and for
21 of 24 other seeded people; ranked by the LP relaxation's reduced costs instead, the best
of the first eight was over twice the best day, or none was feasible, for 14 of the 20. A
table built for another food table or meals file fits no model and starts nothing.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from mealfix.inputs.plate_days import plate_days
from mealfix.model.matrix import Matrix
from mealfix.solve.highs import Engine
from mealfix.solve.status import Solved

#: Stored days re-solved for a start (the 20 benchmark personas: see benchmarks/README.md).
TRIES = 4


def plate_start(matrix: Matrix, time_limit: float | None = None, **options: Any) -> Solved | None:
    """The cheapest of the ``TRIES`` different stored days of the people most like
    ``matrix.kin`` that fit ``matrix``, as a whole day of it (None: no hint, no stored day
    fits, or none is feasible); ``options`` are the search's HiGHS options (threads)."""
    days = stored_days(matrix, TRIES, time_limit, **options)
    return min(days, key=_objective) if days else None


def _objective(day: Solved) -> float:
    """A day's objective for ranking starts (a day of objective 0 is the best, not unknown)."""
    value = day.outcome.objective
    return math.inf if value is None else float(value)


def stored_days(
    matrix: Matrix, count: int, time_limit: float | None = None, **options: Any
) -> list[Solved]:
    """Up to ``count`` different stored days of the people most like ``matrix.kin`` that
    fit ``matrix``, nearest first, each a whole day of it (its plates fixed, its amounts
    re-chosen); days the LP finds infeasible are left out."""
    if matrix.kin is None or "plate" not in matrix.blocks or "use" not in matrix.blocks:
        return []
    table = plate_days()
    plates, uses = matrix.blocks["plate"], matrix.blocks["use"]
    where = matrix.block_index["plate"].get_indexer(
        pd.MultiIndex.from_arrays([table["food"], table["meal"]])
    )
    found = where >= 0
    at = plates.start + np.where(found, where, 0)
    day = table["day"].to_numpy()
    fits = pd.Series(found & (matrix.col_upper[at] >= 0.5)).groupby(day).all()
    food = uses.start + matrix.block_index["use"].get_indexer(table["food"])  # found if fits
    same = table.groupby("day")["same"].first()
    order = matrix.kin.nearest(table)
    tries = pd.unique(same.reindex(order[fits.reindex(order).to_numpy()]).to_numpy())
    engine, out = Engine(), []
    for number in tries[:count]:
        rows = day == number
        solved = engine.solve(_fixed(matrix, at[rows], food[rows]), time_limit, **options)
        if solved.values is not None and solved.outcome.status == "optimal":
            out.append(solved)
    return out


def _fixed(matrix: Matrix, served: np.ndarray, used: np.ndarray) -> Matrix:
    """``matrix`` with exactly the plate columns ``served`` and use columns ``used`` at 1; a
    column the model holds at 1 (a food asked for) and the day leaves out makes it
    infeasible, so such a day is no start."""
    lower, upper = matrix.col_lower.copy(), matrix.col_upper.copy()
    integer = matrix.integer.copy()
    for block, on in (("plate", served), ("use", used)):
        where = matrix.blocks[block]
        upper[where], integer[where] = 0.0, False
        lower[on], upper[on] = 1.0, 1.0
    return replace(matrix, col_lower=lower, col_upper=upper, integer=integer)
