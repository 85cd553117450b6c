"""Solve a model with the chosen backend, remembering proven integer answers.

A day's :class:`~mealfix.model.matrix.Matrix` goes to HiGHS in-process (:mod:`.highs`) or to
CBC through PuLP (:mod:`.cbc`). Proven integer answers are remembered for the process (the
second of the package's two caches; the other keeps parsed files): the same arrays make the
same model, so a batch of people who share a life-stage group, diet and suspects solves it once.
When asked (``MEALFIX_CACHE``, ``--cache``), they are also kept on disk across runs
(:mod:`.cache`).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from mealfix.model.matrix import Matrix
from mealfix.solve import cache
from mealfix.solve.highs import Engine
from mealfix.solve.settings import FLOOR, SolverSettings
from mealfix.solve.staged import can_stage, staged_solve
from mealfix.solve.status import Solved, SolverName, pick_solver


def solve_matrix(
    matrix: Matrix,
    settings: SolverSettings | None = None,
    *,
    share: float | None = None,
    gap: float | None = None,
    start: dict[int, float] | None = None,
    engine: Engine | None = None,
    floor: float = FLOOR,
    staged: bool = False,
    **options: Any,
) -> Solved:
    """Solve ``matrix`` with the command's solver (HiGHS in-process, on ``engine`` if given, or
    CBC via PuLP) for the least of ``share`` seconds and the command's time left.

    ``floor``: the least seconds it gets when the time is up (a search's next round takes
    less). ``gap`` stops an integer solve at that relative gap (None: a full proof); ``options`` add
    to the settings' HiGHS options; ``staged``: a day's search starts from a first day on a few
    foods (:mod:`.staged`). An integer model solved before in this process, to a proven
    answer, is answered from memory: the same arrays make the same model, and the solver would
    prove the same optimum again, however long it was given (a batch of people who share a
    life-stage group, diet and suspects shares one solve). With ``MEALFIX_CACHE`` set
    (:mod:`.cache`), such answers are also kept on disk across runs.
    """
    settings = settings or SolverSettings()
    name = pick_solver(settings.solver)
    options = {**settings.options, **options}
    time_limit = settings.limit(share, floor)
    if not matrix.is_mip:  # an LP solves in milliseconds: not worth a digest of the model
        return _solve(matrix, name, time_limit, gap, start, engine, False, options)
    staged = staged and name == "highs" and can_stage(matrix, gap, start)
    # a staged search starts from the stored days of the model's kin: part of the answer
    kin = matrix.kin if staged else None
    key = (name, matrix.fingerprint(), gap, repr(sorted(options.items())), staged, kin)
    if key in _memory:
        _memory.move_to_end(key)
        return _memory[key]
    stored = cache.load(key, matrix)
    if stored is not None:
        _remember(key, stored)
        return stored
    solved = _solve(matrix, name, time_limit, gap, start, engine, staged, options)
    if solved.outcome.proven or solved.outcome.status == "infeasible":
        _remember(key, solved)
        cache.store(key, solved)
    return solved


def _remember(key: tuple[Any, ...], solved: Solved) -> None:
    _memory[key] = solved
    if len(_memory) > MEMORY_SIZE:
        _memory.popitem(last=False)


def _solve(
    matrix: Matrix,
    name: SolverName,
    time_limit: float | None,
    gap: float | None,
    start: dict[int, float] | None,
    engine: Engine | None,
    staged: bool,
    options: dict[str, Any],
) -> Solved:
    """The one place a model reaches a solver, with the limits this solve was given."""
    if name == "highs":
        if staged and gap is not None:
            return staged_solve(engine or Engine(), matrix, time_limit, gap, **options)
        return (engine or Engine()).solve(matrix, time_limit, gap, start, **options)
    from mealfix.solve.cbc import solve_with_cbc

    return solve_with_cbc(matrix, time_limit, gap)


#: Proven answers kept per process (the values of a 5,000-food day are about 40 kB).
MEMORY_SIZE = 256


_memory: OrderedDict[tuple[Any, ...], Solved] = OrderedDict()


def forget() -> None:
    """Drop the answers remembered in this process (to time a cold solve, say).

    The disk cache (``MEALFIX_CACHE``, :mod:`.cache`) is the user's and is kept: delete its
    folder (``rm -r``) to clear it.
    """
    _memory.clear()


def engine_for(solver: str | None) -> Engine | None:
    """A HiGHS engine when HiGHS is the solver (CBC keeps no model between solves)."""
    return Engine() if pick_solver(solver) == "highs" else None
