"""One set of solver settings per command: the solver, the gap, HiGHS's options (threads among
them) and one deadline.

It is made once from the request when a command starts (:meth:`SolverSettings.of`; the clock
starts then) and passed to every solve, re-solve and report of that command: the day's integer
solve, the amounts LP and its rounding re-solves, the pool's fallback to every food, the no-plan
report's searches and what-ifs, the week's pricing and master solves. Each solve is given the
least of its own share and the time left, so the command as a whole ends by ``--time-limit``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mealfix.errors import UsageError
from mealfix.solve.highs import quiet_highs
from mealfix.solve.status import pick_solver

if TYPE_CHECKING:
    from mealfix.model.request import PlanRequest

#: Seconds any solve may always take, even when the command's time is up: a plan the search
#: found is settled (an LP of milliseconds) and shown, not lost to the last fraction of a second.
FLOOR = 1.0


@dataclass(frozen=True)
class SolverSettings:
    """How every solve of one command runs, and when the command's time is up."""

    solver: str | None = None
    #: The relative gap a plan (a day, a week) is proven within; None: to a full proof.
    gap: float | None = None
    #: Seconds for the whole command (None: no limit); the clock starts when the object is made.
    time_limit: float | None = None
    #: HiGHS options for every solve (``threads``, ...), from ``solver_options``.
    options: Mapping[str, Any] = field(default_factory=dict)
    #: ``time.monotonic()`` when the time is up (set from ``time_limit`` when not given).
    deadline: float | None = None

    def __post_init__(self) -> None:
        if self.deadline is None:
            seconds = math.inf if self.time_limit is None else float(self.time_limit)
            object.__setattr__(self, "deadline", time.monotonic() + seconds)

    @classmethod
    def of(cls, request: PlanRequest) -> SolverSettings:
        """The settings of a request, its clock started now; an option HiGHS does not take is
        one line now, not an error (or a silent no) in every solve."""
        options = dict(request.solver_options or {})
        if options and pick_solver(request.solver) == "highs":
            check_options(options)
        return cls(
            solver=request.solver,
            gap=request.gap,
            time_limit=request.time_limit,
            options=options,
        )

    @property
    def threads(self) -> int | None:
        """HiGHS's threads, when asked for (a batch worker runs one)."""
        value = self.options.get("threads")
        return None if value is None else int(value)

    def left(self) -> float | None:
        """Seconds left for the command (never below 0), or None when it has no limit."""
        assert self.deadline is not None
        if math.isinf(self.deadline):
            return None
        return max(self.deadline - time.monotonic(), 0.0)

    def spent(self, margin: float = 0.05) -> bool:
        """Whether the time is up (within ``margin`` seconds): a search stops trying."""
        left = self.left()
        return left is not None and left <= margin

    def limit(self, share: float | None = None, floor: float = FLOOR) -> float | None:
        """Seconds for one solve: the least of its own ``share`` and the time left, but at least
        ``floor`` (at most ``share``); None when neither limits it."""
        left = self.left()
        if left is None:
            return share
        least = floor if share is None else min(floor, share)
        return max(left if share is None else min(share, left), least)

    def within(self, seconds: float | None) -> SolverSettings:
        """The same settings with the time up at most ``seconds`` from now (a report's share)."""
        if seconds is None:
            return self
        assert self.deadline is not None
        return replace(self, deadline=min(self.deadline, time.monotonic() + seconds))

    def with_gap(self, gap: float | None) -> SolverSettings:
        """The same settings and clock, proving to ``gap`` (a week's rough rotation days)."""
        return replace(self, gap=gap)


def check_options(options: Mapping[str, Any]) -> None:
    """Each HiGHS option by its name and value, as HiGHS itself takes it (a UsageError if not)."""
    import highspy

    highs = quiet_highs()
    for key, value in options.items():
        if not isinstance(key, str) or isinstance(value, (list, dict, tuple, set)):
            raise UsageError(f"solver option {key!r}={value!r}: not a HiGHS option and value")
        if highs.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise UsageError(
                f"solver option {key}={value!r}: HiGHS has no such option or does not take "
                "that value (see HiGHS's list of options)"
            )
