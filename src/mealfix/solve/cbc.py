"""PuLP problems solved: CBC (bundled with PuLP) and HiGHS through PuLP, statuses read honestly.

PuLP carries every model solved by CBC, and small models written in PuLP (the week's meal
assignment). HiGHS gets PuLP problems through :class:`FastHiGHS`, which hands the model over in
one call and reads HiGHS's own statuses (:func:`mealfix.solve.status.read_highs`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pulp

from mealfix.model.matrix import Matrix
from mealfix.model.pulp import as_problem
from mealfix.solve.status import Outcome, Solved, pick_solver, quiet_stdout, read_highs


def solve_with_cbc(matrix: Matrix, time_limit: float | None, gap: float | None) -> Solved:
    """CBC on ``matrix`` through PuLP, read back as arrays."""
    problem, handles = as_problem(matrix)
    outcome = run(problem, "cbc", time_limit, gap)
    if not outcome.has_solution:
        return Solved(outcome, None, None)
    values = np.array([v.varValue or 0.0 for v in handles.variables], dtype=float)
    duals = [
        None
        if c.pi is None
        else c.pi + (handles.floors[r].pi or 0.0 if r in handles.floors else 0.0)
        for r, c in enumerate(handles.constraints)
    ]  # a ranged row's dual is that of whichever half binds
    known = all(d is not None for d in duals)
    return Solved(outcome, values, np.array(duals, dtype=float) if known else None)


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
    with quiet_stdout(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 4 notices about CBC
        engine: Any = (
            FastHiGHS(msg=False, timeLimit=time_limit, gapRel=gap, start=start, **options)
            if name == "highs"
            else pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap)
        )
        problem.solve(engine)
    if name == "highs":
        return engine.outcome  # type: ignore[no-any-return]
    return pulp_outcome(problem)


def pulp_outcome(problem: pulp.LpProblem, solver: str = "cbc") -> Outcome:
    """What a solved PuLP problem says, from its status *and* its solution status (CBC stopped
    by a time limit still says Optimal; its solution status says integer feasible)."""
    status, solution = problem.status, problem.sol_status
    text = f"{solver}: {pulp.LpStatus[status]} / {pulp.LpSolution.get(solution, solution)}"
    value = pulp.value(problem.objective)
    objective = float(value) if value is not None else None
    if status == pulp.LpStatusOptimal and solution == pulp.LpSolutionOptimal:
        return Outcome("optimal", True, objective, 0.0, solver, text, objective)
    if solution == pulp.LpSolutionIntegerFeasible:
        return Outcome("feasible", False, objective, None, solver, text)
    if status == pulp.LpStatusInfeasible or solution == pulp.LpSolutionInfeasible:
        return Outcome("infeasible", False, None, None, solver, text)
    if status == pulp.LpStatusUnbounded:
        return Outcome("unbounded", False, None, None, solver, text)
    return Outcome("not_solved", False, None, None, solver, text)


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
        variables = lp.variables()
        mip = bool(self.mip and any(v.cat == pulp.LpInteger for v in variables))
        solved = read_highs(lp.solverModel, mip)
        if solved.values is not None:
            for var in variables:
                var.varValue = solved.values[var.index]
            for constraint in lp.constraints():
                constraint.pi = None if solved.duals is None else solved.duals[constraint.index]
        self.outcome = solved.outcome
        return _PULP_STATUS[solved.outcome.status]


_PULP_STATUS = {
    "optimal": (pulp.LpStatusOptimal, pulp.LpSolutionOptimal),
    "feasible": (pulp.LpStatusNotSolved, pulp.LpSolutionIntegerFeasible),
    "infeasible": (pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible),
    "unbounded": (pulp.LpStatusUnbounded, pulp.LpSolutionUnbounded),
    "not_solved": (pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound),
}
