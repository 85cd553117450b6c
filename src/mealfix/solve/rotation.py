"""The week's starting days: a rotation of day plans, each chosen with the foods and plates the
earlier ones leave, then a starved day repaired.

The rotation is greedy: its first days take the best foods as often as allowed, and a last day
may be left only foods that make a poor day (the README's vegan: a fifth day of 1.78 against
0.16-0.22, too many beans for want of other protein foods). The repair chooses that day again
from every food the person may be offered (:func:`repaired`): the day's pool is made for one
day, and seven different days may want more foods than it holds.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import pandas as pd

from mealfix.errors import MealfixError
from mealfix.model.case import Case
from mealfix.model.setup import Setup
from mealfix.solve.settings import FLOOR, SolverSettings
from mealfix.solve.settle import Solution, settle_day
from mealfix.solve.variety import Plate, Variety, variety_of

#: Seconds for each day plan of the starting rotation, and the gap it stops at: the rotation
#: only has to be a feasible week, the search then improves and proves it.
ROTATION_TIME_LIMIT = 10.0
ROTATION_GAP = 0.1
#: Seconds each rotation day may always take, so that even a spent time limit shows a week.
ROTATION_FLOOR = FLOOR
#: The share of the time the rotation may take, split evenly over its days: the week it
#: finds is the one shown when the search has no time to improve it.
ROTATION_SHARE = 0.75
#: A starting day with less time than this starts from a first day (:mod:`.staged`), one
#: with more from the usual search. ``benchmarks/weeks.py 10``: every
#: starting day usual, 10 of 11 weeks (a boy of 6's fifth day found nothing in its 1.2 s);
#: this rule, 11 of 11 (median gap 8.7 %). Every day staged also gave 11 of 11 at 10 s, but
#: two 30 s weeks (4-5 s a day) far worse through other starting days (the README's vegan of
#: 34: 13 % -> 48 %; a pregnant vegetarian of 29: 6 % -> 43 %). The first day, on every food
#: of the pool, is a day plan's model and always staged: a boy of 6's, 0.514 after 3.9 s of
#: the usual search at 30 s, is 0.142 staged in 0.2 s (30 s weeks: max gap 41.8 -> 34.7 %,
#: 7 of 11 better, 2 worse by up to 1.5 points).
STAGED_SHARE = 3.0
#: A week's worst starting day is repaired when it costs more than this times its cheapest.
#: It is chosen again from a first day (:mod:`.staged`) whatever its time: a pregnant
#: vegetarian of 29's at 30 s cost 0.997 after 4.6 s of the usual search, 0.469 after 3.7 s
#: staged (her rotation's days 0.175-0.206, and 1.635 before the repair).
STARVED = 1.5
#: Starting days the rotation's time is shared by beyond its own when it may need a repair:
#: the repair's time is the rotation's, and the search keeps its own share (a repair in the
#: search's time left a 10 s week no time for its first pricing, hence no bound).
REPAIR_DAYS = 1
#: Different day menus the starting rotation of a week of different days has (at least).
MENUS = 5


def rotation_start(
    case: Case,
    setup: Setup,
    days: int,
    k: int,
    settings: SolverSettings | None = None,
    *,
    floor: list[float] | None = None,
    variety: Variety | None = None,
) -> list[pd.Series] | None:
    """A feasible week to start from: day plans each repeated on up to k days (with a
    ``variety``: up to its plate repeats), none using a food (a limited base food) on more
    days than allowed nor repeating a main plate too often, best first; a starved day is
    repaired (:func:`repaired`), so a day may use foods from beyond ``case``'s pool. It gives
    the search an incumbent at once; None if not even its first day is found (the days found,
    if it stops early). It takes at most ``ROTATION_SHARE`` of the time left (the search needs
    the rest), shared evenly by the days still to find and ``REPAIR_DAYS``, but each day at
    least ``ROTATION_FLOOR`` seconds. Its first day has every food to choose from:
    the proven bound of that search is a bound on any day of the week, appended to ``floor``
    if given."""
    settings = settings or SolverSettings.of(case.request)
    left = settings.left()
    rough = settings.within(None if left is None else left * ROTATION_SHARE)
    rough = rough.with_gap(ROTATION_GAP)
    per = min(k, variety.repeat) if variety is not None else k
    counts = _rotation_counts(days, per, variety)
    rounds = len(counts) + (REPAIR_DAYS if variety is not None else 0)
    patterns: list[pd.Series] = []
    costs: list[float] = []
    for done, n in enumerate(counts):
        try:
            first = True if not patterns else None  # a free day: staged (see STAGED_SHARE)
            solution = _next_day(
                case, variety, patterns, set(), n, k, rough, rounds - done, staged=first
            )
        except MealfixError:
            break
        bound = solution.outcome.bound
        if floor is not None and not patterns and bound is not None and math.isfinite(bound):
            floor.append(bound)
        patterns += [_grams(solution)] * n
        costs += [solution.objective] * n
    if not patterns:
        return None
    if variety is not None and len(patterns) == days:
        patterns = repaired(case, variety, patterns, costs, k, rough)
    cost = setup.bounds.cost
    return sorted(patterns, key=lambda g: float((cost.reindex(g.index).fillna(0) * g).sum()))


def repaired(
    case: Case,
    variety: Variety,
    days: list[pd.Series],
    costs: list[float],
    k: int,
    settings: SolverSettings,
) -> list[pd.Series]:
    """The week with its worst day chosen again from every food the person may be offered,
    when that day is starved (``STARVED`` x the cheapest) and the new day is cheaper. The
    day's pool is for one day; a week of different days may want more foods than it has."""
    worst = max(range(len(days)), key=costs.__getitem__)
    wide = case.widened()
    if costs[worst] <= STARVED * min(costs) or wide is None:
        return days
    setup = wide.setup()
    every = variety_of(setup, setup.foods.index, variety.max_days, variety.repeat)
    try:
        day = _next_day(wide, every, days, {worst}, 1, k, settings, 1, staged=True)
    except MealfixError:
        return days
    if day.objective >= costs[worst] - 1e-9:
        return days
    return [_grams(day) if i == worst else grams for i, grams in enumerate(days)]


def _next_day(
    case: Case,
    variety: Variety | None,
    days: list[pd.Series],
    skip: set[int],
    n: int,
    k: int,
    settings: SolverSettings,
    remaining: int,
    *,
    staged: bool | None = None,
) -> Solution:
    """The best day to serve on ``n`` more days beside ``days`` (but those in ``skip``), in
    its share of the time left: what ``remaining`` solves share, at least the floor."""
    used, plated = _usage(days, variety, skip)
    banned = _banned(case.pool.index, variety, used, plated, n, k)
    pool = case.pool.drop(index=list(banned))
    pool.attrs = case.pool.attrs
    trial = replace(case, pool=pool).setup()
    now = settings.left()
    share = ROTATION_TIME_LIMIT if now is None else now / max(remaining, 1)
    share = min(ROTATION_TIME_LIMIT, max(share, ROTATION_FLOOR))  # a week to show, even late
    if staged is None:
        staged = share < STAGED_SHARE  # see STAGED_SHARE
    return settle_day(trial, case.targets, settings, share=share, staged=staged)


def _grams(solution: Solution) -> pd.Series:
    """A day's grams, its plates (grams by food and meal) kept for the search's seed."""
    grams = solution.grams.copy()
    grams.attrs["meals"] = solution.meals
    return grams


def _usage(
    days: list[pd.Series], variety: Variety | None, skip: set[int]
) -> tuple[Counter[str], Counter[Plate]]:
    """On how many of ``days`` (but those in ``skip``) each food (limited base food) and each
    main plate is served."""
    used: Counter[str] = Counter()
    plated: Counter[Plate] = Counter()
    for i, grams in enumerate(days):
        if i in skip:
            continue
        used.update(_keys(grams.index, variety))
        meals = grams.attrs.get("meals")
        if variety is not None and isinstance(meals, pd.DataFrame):
            stacked = meals.stack()
            served = stacked[stacked > 0].index.to_frame(index=False)
            served.columns = ["food", "meal"]
            plated.update(variety.plates_of(served))
    return used, plated


def menus_wanted(days: int, variety: Variety | None) -> int | None:
    """How many different day menus a week of different days (plates on at most 2 days)
    has at least; None when plates may repeat more (``--repeat``) or nothing limits them."""
    if variety is None or variety.repeat > 2:
        return None
    return min(MENUS, days)


def _rotation_counts(days: int, per: int, variety: Variety | None) -> list[int]:
    """On how many days each rotation day is served: ``per`` each, the rest on the last; for
    a week of different days the last repeated days are split until :func:`menus_wanted`
    days differ (7 days, 2 each: 2, 2, 1, 1, 1)."""
    counts = [min(per, days - start) for start in range(0, days, per)]
    menus = menus_wanted(days, variety)
    if menus is None:
        return counts
    while len(counts) < menus and max(counts) > 1:
        last = max(i for i, c in enumerate(counts) if c > 1)
        counts[last : last + 1] = [counts[last] - 1, 1]
        counts.sort(reverse=True)
    return counts


def _keys(foods: pd.Index, variety: Variety | None) -> set[str]:
    """What the week counts of ``foods``: the foods (with a ``variety``: their limited base
    foods; daily foods count for nothing)."""
    if variety is None:
        return set(foods)
    limited = variety.base[variety.member >= 0]
    return set(limited.reindex(foods).dropna())


def _banned(
    pool: pd.Index,
    variety: Variety | None,
    used: Counter[str],
    plated: Counter[Plate],
    n: int,
    k: int,
) -> set[str]:
    """The foods a rotation day served on ``n`` days may not use: those whose food (base food)
    would then be on more than k days, and the anchor (protein food) of each earlier main plate
    that would then be served on more than ``variety.repeat`` days (all its base foods if it has
    no anchor). Banning every earlier plate's anchor left a vegan's last rotation days without
    a protein food but beans (gap 48 % at 30 s; now 22 %)."""
    full = {key for key, count in used.items() if count + n > k}
    if variety is None:
        return set(pool) & full
    for plate, count in plated.items():
        if count + n > variety.repeat:  # that plate again would be served too often
            full |= (plate & variety.anchors) or plate
    limited = variety.base[variety.member >= 0]
    return {f for f in pool if f in limited.index and limited[f] in full}
