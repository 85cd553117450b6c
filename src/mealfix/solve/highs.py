"""HiGHS in-process: a day's arrays handed over in one ``addCols``/``addRows`` call.

An :class:`Engine` keeps its model, so a model of the same structure is re-solved after a change
of bounds and costs only (a warm LP; a batch of people who share a food pool builds it once).
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import replace
from typing import Any

import numpy as np

from mealfix.model.matrix import Matrix
from mealfix.solve.status import PROVEN_GAP, Solved, highs_gap, read_highs


def quiet_highs() -> Any:
    """A ``highspy.Highs`` that prints nothing, not even the banner.

    highspy prints HiGHS's banner the first time an instance turns its callbacks on, inside
    ``Highs()`` itself, unless ``output_flag`` is already off; so the option is switched off
    there, through HiGHS's own options (a notebook reads file descriptor 1 directly, where
    redirecting stdout from Python does not reach).
    """
    highs = _quiet_class()()
    highs.setOptionValue("output_flag", False)  # older highspy: nothing printed until run()
    return highs


@functools.cache
def _quiet_class() -> type:
    import highspy

    class QuietHighs(highspy.Highs):  # type: ignore[misc]
        def enableCallbacks(self) -> None:
            self.setOptionValue("output_flag", False)  # before HiGHS can print its banner
            super().enableCallbacks()

    return QuietHighs


def run_interruptibly(h: Any) -> None:
    """``h.run()``, ended within a moment by Ctrl-C.

    HiGHS runs in C++ and does not see SIGINT until it returns (30 s and more on a hard day).
    So on the main thread it runs in highspy's solver thread while this one waits in short
    steps; a KeyboardInterrupt there asks HiGHS to stop at its next interrupt check (its
    simplex, interior-point and MIP interrupt callbacks), waits up to ``STOP_WAIT`` seconds for
    it, and is raised again. Elsewhere (a batch worker's thread) no signal arrives: a plain run.
    """
    if threading.current_thread() is not threading.main_thread():
        h.run()
        return
    h.HandleUserInterrupt = True
    if h.is_solver_running():  # one interrupted a moment ago (in a notebook) is still stopping
        h.wait()
    h.startSolve()
    try:
        while not h.wait(0.1)[0]:
            pass
    except KeyboardInterrupt:
        h.cancelSolve()
        h.wait(STOP_WAIT)
        raise


#: Seconds an interrupted solve is given to stop before the interrupt is raised anyway.
STOP_WAIT = 0.5

#: HiGHS options for every integer solve (a user's ``solver_options`` override them). No
#: restart of the root node: a plate day fixes a quarter of its yes/no columns at the root and
#: HiGHS then starts over; without it, HiGHS alone on the 20 benchmark personas (1 % gap) took
#: a median 2.04-2.23 s against 2.39-2.55 s in two runs each (``mip_allow_restart``).
MIP_OPTIONS: dict[str, Any] = {"mip_allow_restart": False}


class Engine:
    """One HiGHS instance holding one model. Solving a model of the same structure again only
    changes bounds and costs, so HiGHS re-solves from where it stood (a warm LP) and a batch of
    people who share a food pool builds its model once."""

    def __init__(self) -> None:
        self.highs = quiet_highs()
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
        self.load(matrix)
        h.resetOptions()  # an earlier solve's options (a node limit, no heuristics) stay else
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", math.inf if time_limit is None else float(time_limit))
        h.setOptionValue("mip_rel_gap", PROVEN_GAP if gap is None else highs_gap(float(gap)))
        for key, value in {**(MIP_OPTIONS if matrix.is_mip else {}), **options}.items():
            h.setOptionValue(key, value)
        if start:
            h.setSolution(
                len(start),
                np.fromiter(start.keys(), dtype=np.int32),
                np.fromiter(start.values(), dtype=float),
            )
        run_interruptibly(h)
        solved = read_highs(h, matrix.is_mip)
        if solved.outcome.within is not None and gap is not None:  # the gap asked, not HiGHS's
            solved = replace(solved, outcome=replace(solved.outcome, within=float(gap)))
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
