"""Several days at once: each day meets its targets and a food appears on at most K days.

The days' food choices are coupled by the K-day limit: the week is chosen among day patterns by
column generation (:mod:`.patterns`), which proves how close it is to the best week. Each day
is then settled like a single day (:func:`mealfix.solve.settle.settle_values`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from mealfix.errors import InfeasiblePlan, MealfixError, SolverError, UsageError
from mealfix.inputs.targets import Targets
from mealfix.model.case import Case
from mealfix.model.day import setup_matrix
from mealfix.model.setup import Setup
from mealfix.solve.closest import diagnose
from mealfix.solve.patterns import NoDay, pattern_values, plan_patterns
from mealfix.solve.rounding import DayValues
from mealfix.solve.settings import FLOOR, SolverSettings
from mealfix.solve.settle import Solution, at_reference_if_needed, settle_day, settle_values
from mealfix.solve.status import Outcome

#: Seconds for each day plan of the starting rotation, and the gap it stops at: the rotation
#: only has to be a feasible week, the search then improves and proves it.
ROTATION_TIME_LIMIT = 10.0
ROTATION_GAP = 0.1
#: Seconds each rotation day may always take, so that even a spent time limit shows a week.
ROTATION_FLOOR = FLOOR


@dataclass(frozen=True)
class WeekSolution:
    """The settled days of a week, what the search proved, and the case as solved."""

    case: Case
    setup: Setup
    days: list[Solution]
    outcome: Outcome
    notes: tuple[str, ...]


def solve_week(
    case: Case, *, days: int, max_days: int, settings: SolverSettings | None = None
) -> WeekSolution:
    """Plan ``days`` days for ``case``, each food on at most ``max_days`` of them.

    The search stops at the settings' gap or deadline (default: the request's, the clock
    started now); the outcome then says "best found" with its gap, and only a gap within
    0.01 % is called optimal.
    """
    if days < 1 or max_days < 1:
        raise UsageError("a week needs at least one day, and each food at least one day")
    settings = settings or SolverSettings.of(case.request)
    case = case.widened() or case  # a week needs more foods than the day's pool: each on k days

    def attempt(current: Case) -> tuple[Setup, list[Solution], Outcome]:
        setup = current.setup()
        floor: list[float] = []
        start = rotation_start(current, setup, days, max_days, settings, floor=floor)
        return (setup, *_solve_week(current, setup, days, max_days, settings, start, floor))

    (setup, solved, outcome), final, notes = at_reference_if_needed(case, attempt)
    return WeekSolution(
        case=final, setup=setup, days=solved, outcome=outcome, notes=(*notes, *setup.notes)
    )


def _solve_week(
    case: Case,
    setup: Setup,
    days: int,
    k: int,
    settings: SolverSettings,
    start: list[pd.Series] | None,
    floor: list[float] | None = None,
) -> tuple[list[Solution], Outcome]:
    """Choose the week's day patterns, then settle each day's amounts."""
    request, targets = case.request, case.targets
    if not setup.rules.integer():
        raise SolverError("a week plan needs the food rules (an integer model)")
    day = setup_matrix(setup)
    current = setup.current if setup.objective == "closest" else None
    seeds = [
        pattern_values(day, grams, setup.bounds.step, current, setup.pattern, setup.hei)
        for grams in start or []
    ]
    try:
        found = plan_patterns(
            day,
            days,
            k,
            seeds=seeds,
            settings=settings,
            floor=days * floor[0] if floor else None,
        )
    except NoDay:
        raise diagnose(setup, targets, settings, context=case.context) from None
    if found is None:
        raise InfeasiblePlan(
            f"no week plan{case.context} uses each food on at most {k} days; "
            "allow more days per food or more foods",
            [],
            {},
        )
    if not found.days:
        limit = f" within the {request.time_limit:g} s time limit" if request.time_limit else ""
        raise SolverError(f"the solver found no week plan{limit} ({found.outcome.text})")
    solved = [
        settle_values(setup, targets, DayValues.of_matrix(day, p.values), found.outcome, settings)
        for p in found.days
    ]
    counts = pd.concat([s.grams for s in solved]).index.value_counts()
    if (counts > k).any():
        raise SolverError(f"the solver's week plan uses {counts.idxmax()} on {counts.max()} days")
    return solved, found.outcome


def rotation_start(
    case: Case,
    setup: Setup,
    days: int,
    k: int,
    settings: SolverSettings | None = None,
    *,
    floor: list[float] | None = None,
) -> list[pd.Series] | None:
    """A feasible week to start from: day plans with no food in common, each repeated on up to
    k days (best first). It gives the search an incumbent at once; None if there is none. It
    takes at most half the time left (the search needs the rest), but each day at least
    ``ROTATION_FLOOR`` seconds. Its first day has every food to choose from: the proven
    bound of that search is a bound on any day of the week, appended to ``floor`` if given."""
    settings = settings or SolverSettings.of(case.request)
    left = settings.left()
    rough = settings.within(None if left is None else left / 2).with_gap(ROTATION_GAP)
    patterns: list[pd.Series] = []
    banned: set[str] = set()
    targets: Targets = case.targets
    for _ in range(-(-days // k)):
        pool = case.pool.drop(index=list(banned & set(case.pool.index)))
        pool.attrs = case.pool.attrs
        try:
            trial = replace(case, pool=pool).setup()
            # a week to show, even late: each day gets at least the floor
            solution = settle_day(trial, targets, rough, share=ROTATION_TIME_LIMIT)
        except MealfixError:
            return None
        bound = solution.outcome.bound
        if floor is not None and not patterns and bound is not None and math.isfinite(bound):
            floor.append(bound)
        grams = solution.grams.copy()
        grams.attrs["meals"] = solution.meals  # its plates, for the search's seed
        patterns.append(grams)
        banned |= set(solution.grams.index)
    week = [patterns[d // k] for d in range(days)]
    cost = setup.bounds.cost
    return sorted(week, key=lambda g: float((cost.reindex(g.index).fillna(0) * g).sum()))
