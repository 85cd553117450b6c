"""Run one linear model through a solver and read its status honestly.

HiGHS runs in-process when ``highspy`` is installed, CBC (bundled with PuLP) otherwise. A
result counts as ``proven`` only when both PuLP's status and its solution status say optimal.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import pulp

from mealfix.errors import UsageError

SolverName = Literal["highs", "cbc"]
Outcome = Literal["optimal", "feasible", "infeasible", "unbounded", "not_solved"]


@dataclass(frozen=True)
class LpResult:
    """What the solver said: grams per food (NaN where it gave none) and duals per row."""

    outcome: Outcome
    proven: bool
    grams: pd.Series
    objective: float | None
    duals: pd.Series
    solver: str
    status_text: str


def available_solvers() -> list[SolverName]:
    names = set(pulp.listSolvers(onlyAvailable=True))
    found: list[SolverName] = []
    if "HiGHS" in names:
        found.append("highs")
    if "PULP_CBC_CMD" in names:
        found.append("cbc")
    return found


def pick_solver(name: str | None) -> SolverName:
    """The requested solver, or the best available one."""
    found = available_solvers()
    if name is None:
        if not found:
            raise UsageError("no LP solver found: install highspy (pip install highspy)")
        return found[0]
    key = name.strip().lower()
    if key not in ("highs", "cbc"):
        raise UsageError(f"unknown solver {name!r}; choose highs or cbc")
    if key not in found:
        raise UsageError(f"solver {key} is not available here (available: {', '.join(found)})")
    return key


def solve_rows(
    coef: pd.DataFrame,
    senses: pd.Series,
    rhs: pd.Series,
    cost: pd.Series,
    upper: pd.Series,
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    extra_columns: pd.DataFrame | None = None,
    extra_cost: pd.Series | None = None,
) -> LpResult:
    """Minimise cost . x subject to coef.T x (sense) rhs, 0 <= x <= upper.

    ``extra_columns`` adds non-negative variables (one per column, rows aligned with ``coef``
    columns) such as the shortfall variables of an elastic model; their values come back in
    ``grams`` under their column names.
    """
    name = pick_solver(solver)
    problem = pulp.LpProblem("mealfix", pulp.LpMinimize)
    foods = list(coef.index)
    variables = [
        problem.add_variable(f"x{i}", lowBound=0, upBound=_bound(upper.get(food)))
        for i, food in enumerate(foods)
    ]
    extra_names: list[str] = []
    extra_vars: list[Any] = []
    if extra_columns is not None:
        extra_names = list(extra_columns.columns)
        extra_vars = [problem.add_variable(f"s{i}", lowBound=0) for i in range(len(extra_names))]

    objective = pulp.LpAffineExpression(
        [(v, c) for v, c in zip(variables, cost.reindex(foods).to_numpy(), strict=True) if c]
    )
    if extra_cost is not None:
        objective += pulp.LpAffineExpression(
            [(v, float(extra_cost[n])) for v, n in zip(extra_vars, extra_names, strict=True)]
        )
    problem.setObjective(objective)

    values = coef.to_numpy()
    extra_values = extra_columns.to_numpy() if extra_columns is not None else None
    for j, row in enumerate(coef.columns):
        nonzero = np.flatnonzero(values[:, j])
        terms = [(variables[i], float(values[i, j])) for i in nonzero]
        if extra_values is not None:
            terms += [
                (extra_vars[k], float(extra_values[j, k]))
                for k in np.flatnonzero(extra_values[j, :])
            ]
        sense = pulp.LpConstraintGE if senses[row] == ">=" else pulp.LpConstraintLE
        problem.addConstraint(
            pulp.LpConstraint(
                pulp.LpAffineExpression(terms), sense, name=f"r{j}", rhs=float(rhs[row])
            )
        )

    with _quiet_stdout(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        problem.solve(_solver(name, time_limit))

    outcome, proven, text = _outcome(problem)
    has_values = outcome in ("optimal", "feasible")
    grams = pd.Series(
        [v.varValue if has_values and v.varValue is not None else np.nan for v in variables],
        index=coef.index,
        dtype="float64",
    )
    if extra_vars:
        grams = pd.concat(
            [
                grams,
                pd.Series(
                    [v.varValue if has_values else np.nan for v in extra_vars],
                    index=extra_names,
                    dtype="float64",
                ),
            ]
        )
    constraints = problem.constraints()
    duals = pd.Series([c.pi for c in constraints], index=coef.columns, dtype="float64")
    value = pulp.value(problem.objective) if has_values else None
    return LpResult(
        outcome=outcome,
        proven=proven,
        grams=grams,
        objective=float(value) if value is not None else None,
        duals=duals,
        solver=name,
        status_text=text,
    )


def _solver(name: SolverName, time_limit: float | None) -> Any:
    if name == "highs":
        return pulp.HiGHS(msg=False, timeLimit=time_limit)
    return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)


def _outcome(problem: pulp.LpProblem) -> tuple[Outcome, bool, str]:
    status = problem.status
    solution = problem.sol_status
    text = f"{pulp.LpStatus[status]} / {pulp.LpSolution.get(solution, solution)}"
    if status == pulp.LpStatusOptimal and solution == pulp.LpSolutionOptimal:
        return "optimal", True, text
    if solution == pulp.LpSolutionIntegerFeasible or (
        status == pulp.LpStatusOptimal and solution != pulp.LpSolutionOptimal
    ):
        return "feasible", False, text
    if status == pulp.LpStatusInfeasible or solution == pulp.LpSolutionInfeasible:
        return "infeasible", False, text
    if status == pulp.LpStatusUnbounded or solution == pulp.LpSolutionUnbounded:
        return "unbounded", False, text
    return "not_solved", False, text


def _bound(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Keep solver banners (printed by C code on file descriptor 1) out of our output."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            try:
                yield
            finally:
                os.dup2(saved, fd)
    finally:
        os.close(saved)
