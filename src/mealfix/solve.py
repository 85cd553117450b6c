"""Solve a model and read its status honestly.

A day's :class:`~mealfix.matrix.Matrix` goes straight to HiGHS in one ``addCols``/``addRows``
call (:class:`Engine`, which keeps the model so that a change of bounds is re-solved warm); the
week's PuLP problem goes through :class:`FastHiGHS`, which does the same from PuLP. CBC, bundled
with PuLP, is the fallback. Statuses are read from the solver itself, so a solution found before a
time limit is kept, and a result counts as proven only when the solver proved it optimal.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import os
import sys
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from mealfix.errors import UsageError
from mealfix.matrix import Matrix

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
    #: The best proven bound on the objective (a MIP's dual bound; the optimum of an LP).
    bound: float | None = None

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
    found: list[SolverName] = []
    if _highs_available():
        found.append("highs")
    if _cbc_available():
        found.append("cbc")
    return found


def _highs_available() -> bool:
    return importlib.util.find_spec("highspy") is not None


def _cbc_available() -> bool:
    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 4 notices about CBC
        return bool(pulp.PULP_CBC_CMD(msg=False).available())


def pick_solver(name: str | None) -> SolverName:
    """The requested solver, or the best available one."""
    if name is None and _highs_available():  # the usual case, without loading PuLP
        return "highs"
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


@dataclass(frozen=True)
class Solved:
    """A solved model: the outcome, the column values and the row duals (None if absent)."""

    outcome: Outcome
    values: np.ndarray | None
    duals: np.ndarray | None
    #: Earlier incumbents of a MIP, when asked for (option mip_improving_solution_save).
    improving: tuple[np.ndarray, ...] = ()
    #: Reduced costs of the columns (an LP solved by HiGHS), else None.
    reduced: np.ndarray | None = None


class Engine:
    """One HiGHS instance holding one model. Solving a model of the same structure again only
    changes bounds and costs, so HiGHS re-solves from where it stood (a warm LP) and a batch of
    people who share a food pool builds its model once."""

    def __init__(self) -> None:
        import highspy

        with quiet_stdout():  # HiGHS's banner, printed once per process
            self.highs = highspy.Highs()
            self.highs.setOptionValue("output_flag", False)
        self.matrix: Matrix | None = None

    def solve(
        self,
        matrix: Matrix,
        time_limit: float | None = None,
        gap: float | None = None,
        start: dict[int, float] | None = None,
        **options: Any,
    ) -> Solved:
        h = self.highs
        with quiet_stdout():
            self.load(matrix)
        h.setOptionValue("time_limit", math.inf if time_limit is None else float(time_limit))
        h.setOptionValue("mip_rel_gap", PROVEN_GAP if gap is None else float(gap))
        for key, value in options.items():
            h.setOptionValue(key, value)
        if start:
            h.setSolution(
                len(start),
                np.fromiter(start.keys(), dtype=np.int32),
                np.fromiter(start.values(), dtype=float),
            )
        with quiet_stdout():
            h.run()
        solved = read_highs(h, matrix.is_mip)
        if options.get("mip_improving_solution_save") and matrix.is_mip:
            saved = tuple(np.asarray(s.col_value, dtype=float) for s in h.getSavedMipSolutions())
            solved = replace(solved, improving=saved)
        return solved

    def load(self, matrix: Matrix) -> None:
        """Hand ``matrix`` to HiGHS: whole, or only its bounds and costs if the shape is kept."""
        import highspy

        h = self.highs
        inf = highspy.kHighsInf
        lower = np.where(np.isinf(matrix.col_lower), -inf, matrix.col_lower)
        upper = np.where(np.isinf(matrix.col_upper), inf, matrix.col_upper)
        row_lower = np.where(np.isinf(matrix.row_lower), -inf, matrix.row_lower)
        row_upper = np.where(np.isinf(matrix.row_upper), inf, matrix.row_upper)
        cols: np.ndarray = np.arange(len(matrix.cost), dtype=np.int32)
        rows: np.ndarray = np.arange(len(matrix.row_lower), dtype=np.int32)
        if self.matrix is not None and self.matrix.same_structure(matrix):
            h.changeColsBounds(len(cols), cols, lower, upper)
            h.changeColsCost(len(cols), cols, matrix.cost)
            h.changeRowsBounds(len(rows), rows, row_lower, row_upper)
        else:
            h.clearModel()
            empty: np.ndarray = np.zeros(0, dtype=np.int32)
            h.addCols(len(cols), matrix.cost, lower, upper, 0, empty, empty, np.zeros(0))
            if len(rows):
                h.addRows(
                    len(rows),
                    row_lower,
                    row_upper,
                    len(matrix.index),
                    matrix.starts,
                    matrix.index,
                    matrix.value,
                )
            whole: np.ndarray = np.flatnonzero(matrix.integer).astype(np.int32)
            if len(whole):
                kinds = np.full(len(whole), highspy.HighsVarType.kInteger)
                h.changeColsIntegrality(len(whole), whole, kinds)
        self.matrix = matrix


def solve_matrix(
    matrix: Matrix,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    start: dict[int, float] | None = None,
    *,
    engine: Engine | None = None,
    **options: Any,
) -> Solved:
    """Solve ``matrix`` with HiGHS in-process (on ``engine`` if given) or with CBC via PuLP.

    An integer model solved before in this process, to a proven answer, is answered from
    memory: the same arrays make the same model, and the solver would prove the same optimum
    again (a batch of people who share a life-stage group, diet and suspects shares one solve).
    """
    name = pick_solver(solver)
    if not matrix.is_mip:  # an LP solves in milliseconds: not worth a digest of the model
        return _solve(matrix, name, time_limit, gap, start, engine, options)
    key = (name, matrix.fingerprint(), time_limit, gap, repr(sorted(options.items())))
    if key in _memory:
        _memory.move_to_end(key)
        return _memory[key]
    solved = _solve(matrix, name, time_limit, gap, start, engine, options)
    if solved.outcome.proven or solved.outcome.status == "infeasible":
        _memory[key] = solved
        if len(_memory) > MEMORY_SIZE:
            _memory.popitem(last=False)
    return solved


def _solve(
    matrix: Matrix,
    name: SolverName,
    time_limit: float | None,
    gap: float | None,
    start: dict[int, float] | None,
    engine: Engine | None,
    options: dict[str, Any],
) -> Solved:
    if name == "highs":
        return (engine or Engine()).solve(matrix, time_limit, gap, start, **options)
    from mealfix.pulp_bridge import solve_with_cbc

    return solve_with_cbc(matrix, time_limit, gap)


#: Proven answers kept per process (the values of a 5,000-food day are about 40 kB).
MEMORY_SIZE = 256
_memory: OrderedDict[tuple[Any, ...], Solved] = OrderedDict()


def forget() -> None:
    """Drop the remembered answers (to time a cold solve, say)."""
    _memory.clear()


def read_highs(h: Any, mip: bool) -> Solved:
    """HiGHS's own model and solution statuses, turned into an :class:`Outcome` and values."""
    import highspy

    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
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
    gap = float(info.mip_gap) if mip and has_solution else (0.0 if status == "optimal" else None)
    objective = float(info.objective_function_value) if has_solution else None
    values = duals = reduced = None
    if has_solution:
        solution = h.getSolution()
        values = np.asarray(solution.col_value, dtype=float)
        if solution.dual_valid:
            duals = np.asarray(solution.row_dual, dtype=float)
            reduced = np.asarray(solution.col_dual, dtype=float)
    bound = None
    if has_solution or status == "optimal":
        bound = float(info.mip_dual_bound) if mip else objective
    outcome = Outcome(status, status == "optimal", objective, gap, "highs", text, bound)
    return Solved(outcome, values, duals, reduced=reduced)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
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
