"""The PuLP adapter: a :class:`~mealfix.model.matrix.Matrix` as a PuLP problem.

Variables are named by block and food id (``grams_01001``, ``use_01001``), constraints by
nutrient and rule (``magnesium_mg_min``, ``max_foods``, ``cap_01001``), so a notebook user can
add a rule of their own to :func:`mealfix.to_pulp`'s problem and solve it with any PuLP solver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pulp

from mealfix.model.matrix import Matrix


@dataclass(frozen=True)
class Handles:
    """A matrix's columns as PuLP variables, its rows as PuLP constraints, and its objective."""

    variables: np.ndarray
    constraints: list[Any]
    objective: Any
    #: The ``>=`` half of each ranged row (``lo <= expr <= hi``, e.g. 3-5 foods on a plate),
    #: by row: PuLP has no ranged constraint, so such a row is two (``NAME`` and ``NAME_least``).
    floors: dict[int, Any] = field(default_factory=dict)


def to_pulp(problem: pulp.LpProblem, tag: str, matrix: Matrix) -> Handles:
    """Add ``matrix``'s columns and rows to ``problem``, names prefixed with ``tag``."""
    variables = np.array(
        [
            problem.add_variable(
                f"{tag}{name}",
                lowBound=None if math.isinf(lo) else float(lo),
                upBound=None if math.isinf(hi) else float(hi),
                cat="Integer" if whole else "Continuous",
            )
            for name, lo, hi, whole in zip(
                matrix.col_names, matrix.col_lower, matrix.col_upper, matrix.integer, strict=True
            )
        ],
        dtype=object,
    )
    constraints = []
    floors: dict[int, Any] = {}
    ends = [*matrix.starts[1:].tolist(), len(matrix.index)]
    for r, name in enumerate(matrix.row_names):
        a, b = int(matrix.starts[r]), int(ends[r])
        expr = pulp.LpAffineExpression(
            zip(variables[matrix.index[a:b]], matrix.value[a:b].tolist(), strict=True)
        )
        lo, hi = float(matrix.row_lower[r]), float(matrix.row_upper[r])
        if lo == hi:
            sense, rhs = pulp.LpConstraintEQ, lo
        elif math.isinf(hi):
            sense, rhs = pulp.LpConstraintGE, lo
        else:
            sense, rhs = pulp.LpConstraintLE, hi
            if not math.isinf(lo):  # a ranged row: its floor is a constraint of its own
                floor = pulp.LpConstraint(expr, pulp.LpConstraintGE, f"{tag}{name}_least", lo)
                problem.addConstraint(floor)
                floors[r] = floor
        constraint = pulp.LpConstraint(expr, sense, name=f"{tag}{name}", rhs=rhs)
        problem.addConstraint(constraint)
        constraints.append(constraint)
    nonzero = np.flatnonzero(matrix.cost)
    objective = pulp.LpAffineExpression(
        zip(variables[nonzero], matrix.cost[nonzero].tolist(), strict=True)
    )
    return Handles(variables, constraints, objective, floors)


def as_problem(matrix: Matrix, name: str = "mealfix") -> tuple[pulp.LpProblem, Handles]:
    """``matrix`` as a new minimisation problem with its objective set."""
    problem = pulp.LpProblem(name, pulp.LpMinimize)
    handles = to_pulp(problem, "", matrix)
    problem.setObjective(handles.objective)
    return problem, handles
