"""What a solver said, read honestly: a status, whether it is proven, the gap, the values.

Statuses are read from the solver itself, so a solution found before a time limit is kept, and
a result counts as proven only when the solver proved it optimal.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mealfix.errors import UsageError

SolverName = Literal["highs", "cbc"]
#: A MIP counts as proven optimal when its gap is within HiGHS's default tolerance (0.01 %).
PROVEN_GAP = 1e-4
#: Share of a requested gap kept for settling the printed day: the best day in whole tenths of
#: a gram of the same plates cost 0.00-0.27 % more than the day solved on 19 of the 20
#: benchmark personas (a food group the day solved meets exactly is a little off it in tenths,
#: and the objective is small); with 5 % of a 1 % gap kept, 7 of the 20 printed days ended
#: past 1 % of the search's bound. HiGHS alone at 0.69 % instead of 0.94 %: median 2.73 s
#: against 2.36 s. A share, not a fixed amount, so a small gap (the exact settling's 0.2 %)
#: stays small rather than becoming a full proof.
SETTLE_SHARE = 0.3


def highs_gap(within: float) -> float:
    """HiGHS's relative gap for a plan within ``within`` of the best: HiGHS stops when
    (found - bound) / found <= its gap, i.e. found <= bound / (1 - gap), so ``within`` itself
    let a day 1.01 % above the bound be called "within 1 %" (a breastfeeding vegan of 18:
    +1.05 % over her proven optimum, printed); within / (1 + within) gives found <= (1 +
    within) x bound, less a share kept for the settling."""
    return max(within / (1.0 + within) * (1.0 - SETTLE_SHARE), PROVEN_GAP)


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
    #: The gap the search was asked to stop at, when it stopped there (None: it did not).
    within: float | None = None

    @property
    def label(self) -> str:
        """The status as a plan states it: "optimal" only when proven, "within 1 % of the best
        day" when proven that close."""
        if self.proven:
            return "optimal"
        if self.within is not None and self.gap is not None:
            return f"within {100 * self.within:g} % of the best day (gap {100 * self.gap:.2f} %)"
        gap = f", gap {100 * self.gap:.2f} %" if self.gap is not None else ""
        return f"best found{gap} (not proven optimal: {self.text})"

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")


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


def read_highs(h: Any, mip: bool) -> Solved:
    """HiGHS's own model and solution statuses, turned into an :class:`Outcome` and values."""
    import highspy

    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    text = f"HiGHS: {h.modelStatusToString(model_status)}"
    within = None
    status: Status
    kinds = highspy.HighsModelStatus
    if model_status == kinds.kOptimal and not (mip and info.mip_gap > PROVEN_GAP):
        status = "optimal"
    elif model_status == kinds.kOptimal:  # stopped at a requested gap: proven that close
        status = "feasible"
        text += f" within the requested gap ({100 * info.mip_gap:.2f} %)"
        asked = h.getOptionValue("mip_rel_gap")  # (status, value) in highspy >= 1.8
        within = float(asked[1] if isinstance(asked, tuple) else asked)
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
    outcome = Outcome(status, status == "optimal", objective, gap, "highs", text, bound, within)
    return Solved(outcome, values, duals, reduced=reduced)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Keep solver banners (printed by C code on file descriptor 1) out of our output.

    The C library buffers what it prints: it is flushed while descriptor 1 still points at
    /dev/null, or the banner would surface later (in a notebook, where Python's own stdout has
    no descriptor at all, the kernel reads descriptor 1 directly).
    """
    fd = 1
    with contextlib.suppress(AttributeError, OSError, ValueError):
        sys.stdout.flush()
    try:
        saved = os.dup(fd)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            try:
                yield
            finally:
                _flush_c_stdout()
                os.dup2(saved, fd)
    finally:
        os.close(saved)


def _flush_c_stdout() -> None:
    """fflush(NULL): push out whatever the C library holds for any stream."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None).fflush(None)
