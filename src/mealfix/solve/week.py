"""Several days at once: each day meets its targets, a base food appears on at most K days
and a main plate on at most R (:mod:`.variety`).

The days' food choices are coupled by these limits: the week is chosen among day patterns by
column generation (:mod:`.patterns`), which proves how close it is to the best week. Each day
is then settled like a single day (:func:`mealfix.solve.settle.settle_values`) and checked
again, with the week's variety rules, once settled (:func:`.week_check.check_week`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, SolverError, UsageError
from mealfix.model.case import Case
from mealfix.model.day import setup_matrix
from mealfix.model.family import PricedFamily
from mealfix.model.matrix import Matrix
from mealfix.model.setup import Rows, Setup
from mealfix.solve.closest import diagnose
from mealfix.solve.patterns import NoDay, plan_patterns
from mealfix.solve.rotation import menus_wanted, rotation_start
from mealfix.solve.rounding import DayValues, soft_shortfalls
from mealfix.solve.settings import SolverSettings
from mealfix.solve.settle import Solution, at_reference_if_needed, settle_values
from mealfix.solve.status import PROVEN_GAP, Outcome
from mealfix.solve.variety import Variety, fill_units, variety_of, with_units
from mealfix.solve.week_check import check_week

#: Most days one lunch or dinner plate is served by default (``--repeat``).
REPEAT = 2

#: Seconds kept for settling each day after the week's search (0.04-0.2 s measured, a man of
#: 11: the search ended at 10.3 s of a 10 s limit, and the week at 14.2 s).
SETTLE_S = 0.15
#: Said when a starting day's foods from beyond the pool join the week's choice.
WIDER_DAY_NOTE = (
    "{} from beyond the bundled pool (data/food_pool.csv) joined the week's choice: the pool "
    "left a starting day too few foods for a good day, so it was chosen from every food"
)
#: Said when a week is chosen from every food the person may be offered.
WEEK_POOL_NOTE = (
    "chosen from every food of the table: the bundled pool of foods (data/food_pool.csv, with "
    "every protein food when it has too few) has no week plan"
)


@dataclass(frozen=True)
class WeekSolution:
    """The settled days of a week, what the search proved, and the case as solved."""

    case: Case
    setup: Setup
    days: list[Solution]
    outcome: Outcome
    notes: tuple[str, ...]


def solve_week(
    case: Case,
    *,
    days: int,
    max_days: int,
    repeat: int = REPEAT,
    settings: SolverSettings | None = None,
) -> WeekSolution:
    """Plan ``days`` days for ``case``, each base food on at most ``max_days`` of them and each
    lunch or dinner plate on at most ``repeat``.

    The search stops at the settings' gap or deadline (default: the request's, the clock
    started now); the outcome then says "best found" with its gap, and only a gap within
    0.01 % is called optimal.
    """
    if days < 1 or max_days < 1 or repeat < 1:
        raise UsageError("a week needs at least one day, and each food and plate at least one day")
    settings = settings or SolverSettings.of(case.request)

    def on_pool_first(current: Case) -> tuple[Setup, list[Solution], Outcome]:
        """The week from the day's pool (with more anchor foods if it needs them), or from
        every food the person may be offered when that pool has no week."""
        try:
            return attempt(week_case(current, days, max_days, repeat))
        except InfeasiblePlan:
            wider = current.widened()
            if wider is None:
                raise
        setup, solved, outcome = attempt(wider)
        return replace(setup, notes=(*setup.notes, WEEK_POOL_NOTE)), solved, outcome

    def attempt(current: Case) -> tuple[Setup, list[Solution], Outcome]:
        setup = current.setup()
        floor: list[float] = []
        variety = variety_of(setup, setup.foods.index, max_days, repeat)
        start = rotation_start(
            current, setup, days, max_days, settings, floor=floor, variety=variety
        )
        extra = _new_foods(current, start or [])
        if len(extra):  # a repaired day's foods from beyond the pool join it (see .rotation)
            current = with_foods(current, extra)
            setup = current.setup()
            setup = replace(setup, notes=(*setup.notes, WIDER_DAY_NOTE.format(_foods(len(extra)))))
            variety = variety_of(setup, setup.foods.index, max_days, repeat)
            floor.clear()  # a bound on a day of the pool, not of the wider one
        solved = _solve_week(current, setup, days, variety, settings, start, floor)
        return (setup, *solved)

    (setup, solved, outcome), final, notes = at_reference_if_needed(case, on_pool_first)
    return WeekSolution(
        case=final, setup=setup, days=solved, outcome=outcome, notes=(*notes, *setup.notes)
    )


def week_case(case: Case, days: int, max_days: int, repeat: int) -> Case:
    """The foods a week is chosen from: the day's pool, and from every food the person may be
    offered the foods of a plate's anchor role (the protein food) when the pool has fewer
    anchor base foods than the week has main plates (each may be on only ``max_days`` days).

    A week chose from every food (300 of them, not the day's 100-130): each of its day models
    was three times larger and the starting rotation's days timed out (three weeks at 10 s:
    gaps of 64-95 %). The day's pool alone left a vegan or vegetarian 9-10 protein foods for
    14 main plates (gap 23 % at 30 s, against 10 % with the anchor foods added).
    """
    wide = case.widened()
    if wide is None:
        return case
    setup = wide.setup()
    variety = variety_of(setup, setup.foods.index, max_days, repeat)
    anchored = variety.base[variety.base.isin(list(variety.anchors))]
    have = set(anchored[anchored.index.isin(case.pool.index)])
    if len(have) >= days * len(variety.main_meals):
        return case
    return with_foods(case, anchored.index.difference(case.pool.index))


def _foods(count: int) -> str:
    return f"{count} food" if count == 1 else f"{count} foods"


def _new_foods(case: Case, days: list[pd.Series]) -> pd.Index:
    """The foods of ``days`` beyond ``case``'s pool."""
    used = pd.Index(sorted({f for grams in days for f in grams.index}))
    return used.difference(case.pool.index)


def with_foods(case: Case, foods: pd.Index) -> Case:
    """``case`` with ``foods`` (of every food it may be offered) added to its pool."""
    wide = case.widened()
    if wide is None:
        return case
    pool = pd.concat([case.pool, wide.pool.loc[foods.intersection(wide.pool.index)]])
    pool.attrs = case.pool.attrs
    return replace(case, pool=pool)


def _solve_week(
    case: Case,
    setup: Setup,
    days: int,
    variety: Variety,
    settings: SolverSettings,
    start: list[pd.Series] | None,
    floor: list[float] | None = None,
) -> tuple[list[Solution], Outcome]:
    """Choose the week's day patterns, then settle each day's amounts and check the week."""
    request, targets = case.request, case.targets
    k = variety.max_days
    if not setup.rules.integer():
        raise SolverError("a week plan needs the food rules (an integer model)")
    plain = setup_matrix(setup)
    day = with_units(plain, variety)
    current = setup.current if setup.objective == "closest" else None
    seeds = [
        fill_units(
            day,
            variety,
            pattern_values(plain, grams, setup.bounds.step, current, setup.priced, setup.rows),
        )
        for grams in start or []
    ]
    left = settings.left()  # the days are settled after the search, within the same time
    search = settings if left is None else settings.within(max(left - days * SETTLE_S, 0.0))
    try:
        found = plan_patterns(
            day,
            days,
            k,
            seeds=seeds,
            settings=search,
            floor=days * floor[0] if floor else None,
            variety=variety,
            menus=menus_wanted(days, variety),
        )
    except NoDay:
        raise diagnose(setup, targets, settings, context=case.context) from None
    if found is None:
        raise InfeasiblePlan(
            f"no week plan{case.context} uses each food on at most {k} days; "
            "allow more days per food (--max-days), more plate repeats (--repeat) or more foods",
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
    check_week(setup, targets, variety, solved)
    return solved, held_to_the_week(found.outcome, sum(s.objective for s in solved))


def held_to_the_week(outcome: Outcome, printed: float) -> Outcome:
    """The search's outcome, its gap measured from the week as printed: settling each day (to
    0.1 g) may cost a little more than the days the search chose, so a gap is never stated
    for a cheaper week than the one shown (as :func:`.settle.held_to_its_gap` does a day)."""
    bound = outcome.bound
    if bound is None or not math.isfinite(bound) or not printed:
        return outcome
    gap = max(0.0, (printed - bound) / abs(printed))
    if outcome.gap is not None and gap <= outcome.gap + 1e-12:
        return outcome
    proven = gap <= PROVEN_GAP
    text = f"{outcome.text}; the week as printed is {printed - bound:.4g} above its bound"
    return replace(
        outcome,
        status="optimal" if proven else "feasible",
        proven=proven,
        objective=printed,
        gap=gap,
        text=text,
        within=None,
    )


def pattern_values(
    day: Matrix,
    grams: pd.Series,
    step: pd.Series,
    current: pd.Series | None,
    priced: Sequence[PricedFamily] = (),
    rows: Rows | None = None,
) -> np.ndarray:
    """The day model's column values for a day given as grams (a seed for the search); the
    meal split and plates are those of ``grams.attrs["meals"]`` (grams by food and meal) when
    given, else zero (a seed's cost does not depend on them)."""
    values = np.zeros(len(day.cost))
    foods = day.block_index["grams"]
    amounts = grams.reindex(foods).fillna(0.0).to_numpy(dtype=float)
    values[day.blocks["grams"]] = amounts
    values[day.blocks["use"]] = (amounts > 0).astype(float)
    if "servings" in day.blocks:
        counted = day.block_index["servings"]
        per = pd.Series(amounts, index=foods).reindex(counted)
        values[day.blocks["servings"]] = np.round(per / step.reindex(counted)).to_numpy()
    if "distance" in day.blocks and current is not None:
        usual = current.reindex(foods).fillna(0.0).to_numpy(dtype=float)
        values[day.blocks["distance"]] = np.abs(amounts - usual)
    if "short" in day.blocks and rows is not None:  # each soft target's shortfall, as priced
        missed = soft_shortfalls(rows, pd.Series(amounts, index=foods), priced=False)
        values[day.blocks["short"]] = missed.reindex(day.block_index["short"]).fillna(0.0)
    for family in priced:  # each priced family's slacks, at their cheapest for these grams
        for block, slack in family.slack_values(pd.Series(amounts, index=foods)).items():
            if block in day.blocks:
                values[day.blocks[block]] = slack
    parts = grams.attrs.get("meals")
    if isinstance(parts, pd.DataFrame) and "meal" in day.blocks:  # a day of plates: its plates
        pieces = parts.stack().reindex(day.block_index["meal"]).fillna(0.0).to_numpy(dtype=float)
        values[day.blocks["meal"]] = pieces
        if "plate" in day.blocks:
            values[day.blocks["plate"]] = (pieces > 0).astype(float)
    return values
