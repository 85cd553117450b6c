"""A day within its gap in two steps: a first day from the foods the LP leans on, then the
proof on every food, started from it.

HiGHS finds a plate day's first good answer late: its root node runs cut rounds and then
sub-MIP heuristics, and only then has a day to prune with. Given a day within a few % of the
best at the start, it proves the gap at the root in a tenth of the time with its heuristics
off (measured on the 20 benchmark personas: given their best day, median 0.25 s against
1.5 s with the heuristics on). So:

1. the LP relaxation (milliseconds) gives the bound a first day is measured against;
2. the first day is the best stored day of people like this one, its amounts re-chosen
   (:mod:`.starts`, a few LPs); when there is none within ``CLOSE`` of the LP bound, a small
   integer day on the foods the LP uses and the ``EXTRA_FOODS`` cheapest others by reduced
   cost (HiGHS at ``FIRST_GAP``), if that is better;
3. when the first day is within ``CLOSE`` of the LP bound, the day on every food starts from
   it with HiGHS's heuristics off and cuts at the root only (``PROOF``), for at most
   ``PROOF_NODES`` nodes; otherwise, or when those nodes do not prove the gap, the usual
   search runs, started from the first day (a day whose LP bound is far from its best day, a
   young child's, costs the first two steps on top of it).

The answer and its proof are those of the last solve on every food: the first day only
speeds it up (unless a time limit stops that solve without a better day: the first day is then
the answer, with that solve's bound). No step has a time limit of its own beyond the
command's, so the same request gives the same day.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from mealfix.model.matrix import Matrix
from mealfix.solve.highs import Engine
from mealfix.solve.starts import plate_start
from mealfix.solve.status import Solved

#: Foods beside the LP's own that the first day may use: the cheapest by reduced cost (the
#: 20 benchmark personas' median plan: 1.76 s with 10, 1.26 s with 20, 1.85 s with 30).
EXTRA_FOODS = 20
#: HiGHS's gap for the first day (it only has to be close to the best day).
FIRST_GAP = 0.01
#: A first day this close to the LP bound (relative) is proven from without heuristics: on
#: the 20 benchmark personas the proof held in 200 nodes for first days up to 3.7 % (and one
#: of 8.2 %) above the LP bound when this was 5 %. With the protein floor the LP bound rose
#: and 8 % was measured better (the breastfeeding vegan of 18: 6.1 s -> 2.8 s, her start 6.6 %
#: above the bound and proven in 59-127 nodes; 24 seeded people: 39.3 s -> 31.2 s in all, no
#: one slower beyond noise, the same days; 12 % gave the same as 8 %).
CLOSE = 0.08
#: Nodes the proof may take before the usual search takes over: 200 while it cut at every
#: node, 600 without (the breastfeeding vegan of 18 then needs 427).
PROOF_NODES = 600
#: HiGHS's heuristics, all off: the proof then only cuts and branches from the first day.
NO_HEURISTICS: dict[str, Any] = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_feasibility_jump": False,
}
#: The proof's options: no heuristics, and cuts at the root only. A small proof spent most of
#: its time separating cuts at each node (the man of 33 of the benchmark: 13 nodes, 1.37 s
#: with them, 17 nodes, 1.12 s without; the 2-year-old 1.19 -> 0.98 s, the man of 60 1.16 ->
#: 0.75 s, the vegan of 18 2.95 -> 2.72 s in 427 nodes instead of 107; the same days).
PROOF: dict[str, Any] = {**NO_HEURISTICS, "mip_allow_cut_separation_at_nodes": False}


def can_stage(matrix: Matrix, gap: float | None, start: dict[int, float] | None) -> bool:
    """Whether a solve is a day's first search: an integer day stopped at a gap, no start."""
    return matrix.is_mip and gap is not None and not start and "grams" in matrix.blocks


def staged_solve(
    engine: Engine, matrix: Matrix, time_limit: float | None, gap: float, **options: Any
) -> Solved:
    """``matrix`` solved to ``gap`` on ``engine``, from a first day (a stored day of people
    alike, else one on a few foods: module docstring)."""
    deadline = None if time_limit is None else time.monotonic() + time_limit

    def left() -> float | None:
        return None if deadline is None else max(deadline - time.monotonic(), 0.01)

    lp = replace(matrix, integer=np.zeros_like(matrix.integer))
    relaxed = Engine().solve(lp, left(), **options)  # the same threads, say
    first = None
    lp_bound = relaxed.outcome.objective or 0.0
    if relaxed.values is not None and relaxed.reduced is not None:
        first = plate_start(matrix, left(), **options)
        if not _close(first, lp_bound):
            kept = _first_foods(matrix, relaxed.values, relaxed.reduced)
            few = _only(matrix, kept)
            if few is not None:
                found = Engine().solve(few, left(), gap, **{**options, "mip_rel_gap": FIRST_GAP})
                first = _cheaper(first, found)
    values = None if first is None else first.values
    start = None if values is None else dict(enumerate(values.tolist()))
    if start is not None and _close(first, lp_bound):
        proof = {**options, **PROOF, "mip_max_nodes": PROOF_NODES}
        proved = engine.solve(matrix, left(), gap, start, **proof)
        if proved.outcome.within is not None or proved.outcome.proven:
            return proved
    # the usual search, from the first day when there is one: once a food group's last sliver
    # was free (model/pattern.NEAR) it was faster for the two slow people measured and never
    # slower (the 2-year-old 25.7 -> 10.5 s, a girl of 4 10.0 -> 6.6 s; benchmarks/README.md)
    usual = engine.solve(matrix, left(), gap, start, **options)
    return _better(usual, first, relaxed.outcome.objective)


def _close(day: Solved | None, lp_bound: float) -> bool:
    """Whether ``day`` is within ``CLOSE`` of the LP bound (a start the proof can use)."""
    found = None if day is None or day.values is None else day.outcome.objective
    return found is not None and found - lp_bound <= CLOSE * abs(found)


def _cheaper(one: Solved | None, other: Solved) -> Solved | None:
    """The cheaper of two first days (either may have none)."""
    a = None if one is None or one.values is None else one.outcome.objective
    b = other.outcome.objective if other.values is not None else None
    if b is not None and (a is None or b < a):
        return other
    return one


def _better(usual: Solved, first: Solved | None, lp_bound: float | None) -> Solved:
    """The usual search's answer, or the first day when that search stopped (at the time
    limit) with none or a dearer one: a day on a few foods is a day on every food, and the
    search's bound (else the LP's) says how close it is."""
    if first is None or first.values is None or first.outcome.objective is None:
        return usual
    found = usual.outcome.objective
    if usual.outcome.within is not None or usual.outcome.proven:
        return usual
    if found is not None and found <= first.outcome.objective:
        return usual
    objective = first.outcome.objective
    bound = usual.outcome.bound if usual.outcome.bound is not None else lp_bound
    gap = (
        max(0.0, (objective - bound) / abs(objective)) if bound is not None and objective else None
    )
    text = f"{usual.outcome.text}; the day found on the LP's foods first"
    outcome = replace(
        usual.outcome,
        status="feasible",
        proven=False,
        objective=objective,
        gap=gap,
        text=text,
        bound=bound,
        within=None,
    )
    return replace(first, outcome=outcome)


def _first_foods(matrix: Matrix, values: np.ndarray, reduced: np.ndarray) -> pd.Index:
    """The foods the LP uses or must use, and the ``EXTRA_FOODS`` cheapest others."""
    where = matrix.blocks["grams"]
    foods = matrix.block_index["grams"]
    used = (values[where] > 1e-6) | (matrix.col_lower[where] > 0)
    if "use" in matrix.blocks:
        used |= matrix.col_lower[matrix.blocks["use"]] > 0  # a food asked for
    order = np.argsort(reduced[where], kind="stable")
    extra = [i for i in order if not used[i]][:EXTRA_FOODS]
    used[extra] = True
    return foods[used]


def _only(matrix: Matrix, kept: pd.Index) -> Matrix | None:
    """``matrix`` with every column of a food not ``kept`` held at 0 (None: nothing left
    out)."""
    upper = matrix.col_upper.copy()
    lower = matrix.col_lower.copy()
    out = False
    for block, where in matrix.blocks.items():
        labels = matrix.block_index[block]
        if isinstance(labels, pd.MultiIndex) and "food" in labels.names:
            food = labels.get_level_values("food")
        elif block in ("grams", "use", "servings"):
            food = labels
        else:
            continue
        gone = np.flatnonzero(~food.isin(kept)) + where.start
        upper[gone], lower[gone] = 0.0, 0.0
        out = out or len(gone) > 0
    return replace(matrix, col_lower=lower, col_upper=upper) if out else None
