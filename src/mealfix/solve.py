"""Run a PuLP problem through a solver and read its status honestly.

HiGHS runs in-process when ``highspy`` is installed (the model is handed over in one
``addCols``/``addRows`` call, and the statuses are read from HiGHS itself, so a solution found
before a time limit is kept); CBC, bundled with PuLP, otherwise. A result counts as proven only
when the solver proved it optimal.
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
import pulp

from mealfix.errors import UsageError

SolverName = Literal["highs", "cbc"]
#: A MIP counts as proven optimal when its gap is within HiGHS's default tolerance (0.01 %).
PROVEN_GAP = 1e-4
Status = Literal["optimal", "feasible", "infeasible", "unbounded", "not_solved"]


@dataclass(frozen=True)
class Outcome:
    """What the solver said. ``gap`` is the relative MIP gap (0 for a proven LP optimum)."""

    status: Status
    proven: bool
    objective: float | None
    gap: float | None
    solver: str
    text: str

    @property
    def label(self) -> str:
        """The status as a plan states it: "optimal" only when proven."""
        if self.proven:
            return "optimal"
        gap = f", gap {100 * self.gap:.2f} %" if self.gap is not None else ""
        return f"best found{gap} (not proven optimal: {self.text})"

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")


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
            raise UsageError("no solver found: install highspy (pip install highspy)")
        return found[0]
    key = name.strip().lower()
    if key == "highs" and "highs" in found:
        return "highs"
    if key == "cbc" and "cbc" in found:
        return "cbc"
    if key not in ("highs", "cbc"):
        raise UsageError(f"unknown solver {name!r}; choose highs or cbc")
    raise UsageError(f"solver {key} is not available here (available: {', '.join(found)})")


def run(
    problem: pulp.LpProblem,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    start: dict[Any, float] | None = None,
    **options: Any,
) -> Outcome:
    """Solve ``problem`` in place (variables get their values) and say what happened.

    ``gap`` stops an integer solve at that relative gap; ``options`` go to HiGHS as they are.
    """
    name = pick_solver(solver)
    with _quiet_stdout(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 4 notices about CBC
        engine: Any = (
            FastHiGHS(msg=False, timeLimit=time_limit, gapRel=gap, start=start, **options)
            if name == "highs"
            else pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap)
        )
        problem.solve(engine)
    if name == "highs":
        return engine.outcome  # type: ignore[no-any-return]
    return _cbc_outcome(problem)


def _cbc_outcome(problem: pulp.LpProblem) -> Outcome:
    status, solution = problem.status, problem.sol_status
    text = f"CBC: {pulp.LpStatus[status]} / {pulp.LpSolution.get(solution, solution)}"
    value = pulp.value(problem.objective)
    objective = float(value) if value is not None else None
    if status == pulp.LpStatusOptimal and solution == pulp.LpSolutionOptimal:
        return Outcome("optimal", True, objective, 0.0, "cbc", text)
    if solution == pulp.LpSolutionIntegerFeasible:
        return Outcome("feasible", False, objective, None, "cbc", text)
    if status == pulp.LpStatusInfeasible or solution == pulp.LpSolutionInfeasible:
        return Outcome("infeasible", False, None, None, "cbc", text)
    if status == pulp.LpStatusUnbounded:
        return Outcome("unbounded", False, None, None, "cbc", text)
    return Outcome("not_solved", False, None, None, "cbc", text)


class FastHiGHS(pulp.HiGHS):  # type: ignore[misc]
    """PuLP's in-process HiGHS, with the model passed in one call and statuses read exactly."""

    outcome: Outcome

    def __init__(self, *args: Any, start: dict[Any, float] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.start = start or {}

    def buildSolverModel(self, lp: pulp.LpProblem) -> None:
        import highspy

        h = lp.solverModel
        inf = highspy.kHighsInf
        variables = lp.variables()
        for i, var in enumerate(variables):
            var.index = i
        if lp.sense == pulp.LpMaximize:
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        objective = lp.objective
        cost = np.array([objective.get(v, 0.0) for v in variables], dtype=float)
        lower = np.array([-inf if v.lowBound is None else v.lowBound for v in variables], float)
        upper = np.array([inf if v.upBound is None else v.upBound for v in variables], float)
        empty_i: np.ndarray = np.zeros(0, dtype=np.int32)
        h.addCols(len(variables), cost, lower, upper, 0, empty_i, empty_i, np.zeros(0))
        integers = np.array([v.index for v in variables if v.cat == pulp.LpInteger], dtype=np.int32)
        if len(integers) and self.mip:
            kinds = np.full(len(integers), highspy.HighsVarType.kInteger)
            h.changeColsIntegrality(len(integers), integers, kinds)
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        row_lower: list[float] = []
        row_upper: list[float] = []
        for i, constraint in enumerate(lp.constraints()):
            constraint.index = i
            starts.append(len(index))
            for var, coefficient in constraint.items():
                if coefficient:
                    index.append(var.index)
                    value.append(coefficient)
            lb, ub = constraint.getLb(), constraint.getUb()
            row_lower.append(-inf if lb is None else lb)
            row_upper.append(inf if ub is None else ub)
        if starts:
            h.addRows(
                len(starts),
                np.array(row_lower),
                np.array(row_upper),
                len(index),
                np.array(starts, dtype=np.int32),
                np.array(index, dtype=np.int32),
                np.array(value, dtype=float),
            )
        if self.start:  # a known feasible point: the search starts with an incumbent
            index_of = np.array([v.index for v in self.start], dtype=np.int32)
            h.setSolution(len(index_of), index_of, np.array(list(self.start.values()), float))

    def findSolutionValues(self, lp: pulp.LpProblem) -> tuple[int, int]:
        import highspy

        h = lp.solverModel
        model_status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        mip = bool(self.mip and any(v.cat == pulp.LpInteger for v in lp.variables()))
        text = f"HiGHS: {h.modelStatusToString(model_status)}"
        status: Status
        kinds = highspy.HighsModelStatus
        if model_status == kinds.kOptimal and not (mip and info.mip_gap > PROVEN_GAP):
            status = "optimal"
        elif model_status == kinds.kOptimal:  # stopped at a requested gap: best found, not proven
            status = "feasible"
            text += f" within the requested gap ({100 * info.mip_gap:.2f} %)"
        elif model_status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
            status = "infeasible"
        elif model_status == kinds.kUnbounded:
            status = "unbounded"
        elif has_solution:
            status = "feasible"
        else:
            status = "not_solved"
        gap = (
            float(info.mip_gap) if mip and has_solution else (0.0 if status == "optimal" else None)
        )
        objective = float(info.objective_function_value) if has_solution else None
        if has_solution:
            solution = h.getSolution()
            values = list(solution.col_value)
            for var in lp.variables():
                var.varValue = values[var.index]
            duals = list(solution.row_dual) if solution.dual_valid else None
            for constraint in lp.constraints():
                constraint.pi = duals[constraint.index] if duals else None
        self.outcome = Outcome(status, status == "optimal", objective, gap, "highs", text)
        lp_status = {
            "optimal": pulp.LpStatusOptimal,
            "feasible": pulp.LpStatusNotSolved,
            "infeasible": pulp.LpStatusInfeasible,
            "unbounded": pulp.LpStatusUnbounded,
            "not_solved": pulp.LpStatusNotSolved,
        }[status]
        sol_status = {
            "optimal": pulp.LpSolutionOptimal,
            "feasible": pulp.LpSolutionIntegerFeasible,
            "infeasible": pulp.LpSolutionInfeasible,
            "unbounded": pulp.LpSolutionUnbounded,
            "not_solved": pulp.LpSolutionNoSolutionFound,
        }[status]
        return lp_status, sol_status


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
