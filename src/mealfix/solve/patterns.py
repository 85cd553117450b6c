"""A week as day patterns: column generation over the one-day model.

A week is ``days`` day plans (patterns) in which no food is used on more than ``k`` days. One
integer model holding a copy of the day per day has a weak bound and proves slowly (HiGHS left
1.3-2.8 % open after 60 s on a vegan week). Here a small master problem chooses among known day
patterns, and a pricing problem (the one-day integer model, each food priced by how much the
week already leans on it) proposes the next pattern. Every pricing also gives a lower bound on
the week (a Lagrangian bound), and every integer master a week, so the gap stated is proven.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from mealfix.errors import SolverError
from mealfix.model.matrix import INF, Builder, Matrix
from mealfix.solve.backends import solve_matrix
from mealfix.solve.highs import Engine
from mealfix.solve.settings import SolverSettings
from mealfix.solve.status import PROVEN_GAP, Outcome, Status, pick_solver
from mealfix.solve.variety import Plate, Variety

#: Weight of the best-bound duals when the next pattern is priced (Wentges smoothing): it damps
#: the swings of the master's duals, which otherwise make column generation crawl.
SMOOTHING = 0.5
#: Master integer solves happen every this many new patterns (and at the end).
MASTER_EVERY = 3
#: A pattern prices out when its reduced cost is below this.
EPSILON = 1e-9


class NoDay(Exception):
    """Not even one day meets the targets under the rules (the caller says why)."""


@dataclass(frozen=True)
class Pattern:
    """One day plan: the day model's column values, the foods (or base foods) it uses, its
    objective and its main plates (see :mod:`.variety`)."""

    values: np.ndarray
    use: np.ndarray
    cost: float
    plates: frozenset[Plate] = frozenset()
    key: bytes = b""
    #: The foods it serves (a menu: two patterns of one menu differ only in their plates).
    menu: bytes = b""


@dataclass(frozen=True)
class PatternWeek:
    """The chosen day patterns (one per day, cheapest first) and what the search proved."""

    days: list[Pattern]
    outcome: Outcome
    rounds: int


def plan_patterns(
    day: Matrix,
    days: int,
    k: int,
    *,
    seeds: list[np.ndarray] | None = None,
    settings: SolverSettings | None = None,
    floor: float | None = None,
    variety: Variety | None = None,
    menus: int | None = None,
) -> PatternWeek | None:
    """Choose ``days`` patterns of ``day`` with every food on at most ``k`` days; with a
    ``variety`` (``day`` then has its ``unit`` columns), every limited base food on at most
    ``k`` days and every main plate on at most ``variety.repeat`` days.

    ``seeds`` are column-value vectors of known good days (a feasible week speeds the start).
    Returns None when no such week exists (proven); raises :class:`NoDay` when not even one
    day is possible. The search stops at the settings' proven relative gap or deadline.
    ``floor`` is a lower bound on the week known beforehand (``days`` x a proven bound on one
    day without the K-day limit): the stated gap is never weaker than it. Plate rows are not
    priced: the bound is that of the week without them (still a bound), and the search stops
    when the next pattern only repeats a known one. ``menus``: the least number of different
    day menus (sets of foods) in the week (None: free), kept by the integer master when its
    patterns allow.
    """
    settings = settings or SolverSettings()
    target = settings.gap if settings.gap is not None else 1e-4
    name = pick_solver(settings.solver)
    uses = day.blocks["unit"] if "unit" in day.blocks else day.blocks["use"]
    base = day.cost.copy()
    foods = uses.stop - uses.start
    repeat = variety.repeat if variety is not None and variety.repeat < days else None
    engine = Engine() if name == "highs" else None
    found: dict[bytes, Pattern] = {}

    def pattern(values: np.ndarray) -> Pattern:
        return _pattern(day, base, values, variety if repeat is not None else None, variety)

    for values in seeds or []:
        _keep(found, pattern(values))
    best_bound = -INF if floor is None else float(floor)
    center: np.ndarray | None = None
    pending, relaxed_week = _starting_prices(day, uses, days, k, settings)
    best_bound = max(best_bound, relaxed_week)  # a bound even if no pricing round ends
    week: list[Pattern] | None = None
    upper, rounds, fresh = INF, 0, 0
    smooth, exact, converged, proven, artificial = True, True, False, False, 0.0
    solved_days: list[np.ndarray] = []  # whole column vectors the day model itself returned
    while not settings.spent(margin=0.0):
        patterns = list(found.values())
        # the menus rule is left to the integer master: the bound holds without it, and its
        # duals would price a known pattern's second day, which the pricing cannot tell apart
        master, plates = _master(patterns, foods, days, k, _placeholder(patterns), repeat)
        relaxed = solve_matrix(master, settings)
        if relaxed.duals is None or relaxed.values is None:
            raise SolverError(f"the week's master problem failed ({relaxed.outcome.text})")
        artificial = float(relaxed.values[len(patterns)])
        mu = float(relaxed.duals[0])
        every = np.maximum(-relaxed.duals[1:], 0.0)  # a <= row of a minimum has a dual <= 0
        duals = every[:foods]
        plate_dual = {p: float(v) for p, v in zip(plates, every[foods:], strict=True)}

        use_center = smooth and center is not None
        prices = duals
        if pending is not None:  # the first round prices the foods as the relaxed week does
            prices, pending, use_center = pending, None, True
        elif use_center and center is not None:
            prices = SMOOTHING * center + (1 - SMOOTHING) * duals
        open_gap = (upper - best_bound) / abs(upper) if math.isfinite(upper) and upper else 1.0
        # A pricing's bound loses at most its gap x a day's share of the week from the week's
        # bound, so the finest pricing needed is half the week's target, rougher early; the
        # gap is also set in absolute terms, since a priced day's objective may be near 0,
        # where a relative gap is never reached (a 1e-4 pricing took the whole 30 s).
        fine = max(1e-4, target / 2)
        rough = fine if exact else max(fine, min(0.02, open_gap / 10))
        scale = _day_scale(upper, relaxed.outcome.objective, floor, days)
        cost = base.copy()
        cost[uses] += prices
        priced = solve_matrix(
            replace(day, cost=cost),
            settings,
            gap=rough,
            start=_best_start(solved_days, cost),
            engine=engine,
            floor=0.01,
            mip_improving_solution_save=True,
            **_absolute(rough, scale),
        )
        rounds += 1
        if priced.outcome.status == "infeasible":
            raise NoDay(priced.outcome.text)
        if priced.values is None:
            break  # out of time
        if priced.outcome.bound is not None:
            lagrangian = days * priced.outcome.bound - k * float(prices.sum())
            if lagrangian > best_bound:
                best_bound, center = lagrangian, prices
        priced_day = pattern(priced.values)
        solved_days.append(priced.values)
        new = _keep(found, priced_day)
        fresh += new
        for values in priced.improving:  # the search's earlier days: more columns per round
            other = pattern(values)
            if _reduced(other, duals, plate_dual, mu) < -EPSILON:
                fresh += _keep(found, other)
        free = priced_day.cost + float(duals @ priced_day.use) - mu >= -EPSILON
        stalled = (
            not new and _reduced(priced_day, duals, plate_dual, mu) >= -EPSILON
        )  # only its plates hold it back
        prices_out = free or stalled
        if prices_out and use_center:
            smooth = False  # mispriced at the smoothed duals: price at the master's own
            continue
        if prices_out and rough > fine:
            exact = True  # a rough pricing may miss a better pattern: price exactly
            continue
        settled = _settled(priced.outcome, rough, scale)
        if prices_out and not settled:
            break  # the pricing ran out of time: nothing is proven about the next pattern
        converged, proven = prices_out, free
        smooth, exact = True, False
        if fresh >= MASTER_EVERY or converged:
            upper, week = _integer_master(
                list(found.values()), days, k, settings, week, upper, repeat, menus
            )
            fresh = 0
        if converged or (week is not None and upper - best_bound <= target * abs(upper)):
            break
    if fresh or week is None:
        upper, week = _integer_master(
            list(found.values()), days, k, settings, week, upper, repeat, menus
        )
    if week is None:
        if converged and proven and artificial > 1e-9:
            return None  # even the relaxed week needs the placeholder day: no week exists
        return PatternWeek([], _outcome(name, None, best_bound, rounds), rounds)
    return PatternWeek(week, _outcome(name, upper, best_bound, rounds), rounds)


def _reduced(p: Pattern, duals: np.ndarray, plate_dual: dict[Plate, float], mu: float) -> float:
    """``p``'s reduced cost in the master, its plate rows included."""
    held = sum(float(plate_dual.get(plate, 0.0)) for plate in p.plates)
    return p.cost + float(duals @ p.use) + held - mu


def _day_scale(upper: float, relaxed: float | None, floor: float | None, days: int) -> float | None:
    """A day's share of the week's objective: what a pricing's absolute gap is measured
    against (the best week's, else the relaxed master's, else the known bound's)."""
    for week in (upper, relaxed, floor):
        if week is not None and math.isfinite(week) and week > 0:
            return week / days
    return None


def _absolute(rough: float, scale: float | None) -> dict[str, Any]:
    """HiGHS's absolute gap for a pricing: ``rough`` of a day's share of the week."""
    return {"mip_abs_gap": rough * scale} if scale else {}


def _settled(outcome: Outcome, rough: float, scale: float | None) -> bool:
    """Whether a pricing solve reached its relative or absolute gap."""
    if outcome.gap is not None and outcome.gap <= rough + 1e-12:
        return True
    if scale and outcome.objective is not None and outcome.bound is not None:
        return outcome.objective - outcome.bound <= rough * scale + 1e-12
    return False


def _best_start(solved: list[np.ndarray], cost: np.ndarray) -> dict[int, float] | None:
    """The cheapest day found so far at these prices, as a start for the next pricing MIP (a
    feasible day at once: the search then only has to improve and prove)."""
    if not solved:
        return None
    best = min(solved, key=lambda values: float(cost @ values))
    return dict(enumerate(best.tolist()))


def _starting_prices(
    day: Matrix, uses: slice, days: int, k: int, settings: SolverSettings
) -> tuple[np.ndarray | None, float]:
    """Prices from the week's LP relaxation: by symmetry its days are equal, each food (or
    base, the ``uses`` columns) used at most k/days of a day, and what that bound is worth is
    its price. Starting there, the first bound is at least the relaxed week's, not the bare
    day's. Also that bound: ``days`` x the relaxed day (any week, averaged over its days, is
    such a day), -inf if unsolved."""
    upper = day.col_upper.copy()
    upper[uses] = np.minimum(upper[uses], k / days)
    relaxed = replace(day, col_upper=upper, integer=np.zeros(len(day.cost), dtype=bool))
    solved = solve_matrix(relaxed, settings)
    objective = solved.outcome.objective
    bound = days * objective if solved.outcome.proven and objective is not None else -INF
    if solved.reduced is None:
        return None, bound
    prices: np.ndarray = np.maximum(-solved.reduced[uses], 0.0)
    return prices, bound


def _pattern(
    day: Matrix,
    base: np.ndarray,
    values: np.ndarray,
    plated: Variety | None,
    variety: Variety | None,
) -> Pattern:
    """A day as a column of the master: its base foods (its foods without a ``variety``) and
    its main plates (when ``plated`` counts them)."""
    food_use = values[day.blocks["use"]] > 0.5
    use = variety.uses(food_use) if variety is not None else food_use
    plates = plated.plates(day, values) if plated is not None else frozenset()
    menu = np.packbits(food_use).tobytes()
    key = menu + repr(sorted(map(sorted, plates))).encode()
    return Pattern(values, use, float(base @ values), plates, key, menu)


def _keep(found: dict[bytes, Pattern], pattern: Pattern) -> bool:
    """Keep the cheaper pattern per set of foods and plates; True if the set is new."""
    old = found.get(pattern.key)
    if old is None or pattern.cost < old.cost - 1e-12:
        found[pattern.key] = pattern
    return old is None


def _placeholder(patterns: list[Pattern]) -> float:
    """The price of a placeholder day that makes the master feasible from the first round."""
    worst = max((abs(p.cost) for p in patterns), default=1.0)
    return 1e3 * max(worst, 1.0)


def _master(
    patterns: list[Pattern],
    foods: int,
    days: int,
    k: int,
    artificial: float,
    repeat: int | None = None,
    menus: int | None = None,
) -> tuple[Matrix, list[Plate]]:
    """Choose how many days each pattern fills: exactly ``days`` days, each food on <= k, each
    main plate on <= ``repeat`` (None: plates are free), at least ``menus`` different menus
    (sets of foods; a menu's repeats r >= its days - 1, adding up to <= days - menus); also
    the plates, in row order (rows: days, foods, plates, menus)."""
    count = len(patterns)
    m = Builder()
    costs = np.array([p.cost for p in patterns] + [artificial])
    columns = m.add_columns("days", "l", pd.RangeIndex(count + 1), np.arange(count + 1), cost=costs)
    m.add_rows(["days"], np.zeros(count + 1, int), columns, np.ones(count + 1), days, days)
    use = np.array([p.use for p in patterns], dtype=bool).reshape(count, foods)
    pattern_of, food_of = np.nonzero(use)
    order = np.argsort(food_of, kind="stable")
    m.add_rows(
        [f"food{i}" for i in range(foods)],
        food_of[order],
        columns[pattern_of[order]],
        np.ones(len(order)),
        -INF,
        k,
    )
    plates = sorted({p for pattern in patterns for p in pattern.plates}, key=sorted)
    if repeat is not None and plates:
        at = {plate: i for i, plate in enumerate(plates)}
        pairs = sorted((at[p], j) for j, pattern in enumerate(patterns) for p in pattern.plates)
        m.add_rows(
            [f"plate{i}" for i in range(len(plates))],
            np.array([i for i, _ in pairs], dtype=int),
            columns[np.array([j for _, j in pairs], dtype=int)],
            np.ones(len(pairs)),
            -INF,
            repeat,
        )
    if menus is not None and 1 < menus <= days:
        # a menu's repeats r >= (its days) - 1, adding up to <= days - menus; the patterns of
        # one menu (the same foods, other plates) share its row
        menu = pd.factorize(pd.Series([p.menu for p in patterns], dtype=object))[0]
        groups = int(menu.max()) + 1
        extra = m.add_columns("repeats", "r", pd.RangeIndex(groups), np.arange(groups))
        m.add_rows(
            [f"menu{i}" for i in range(groups)],
            np.concatenate([menu, np.arange(groups)]),
            np.concatenate([columns[:count], extra]),
            np.concatenate([np.ones(count), -np.ones(groups)]),
            -INF,
            1.0,
        )
        m.add_sum("menus", extra, -INF, float(days - menus))
    return m.freeze(), plates if repeat is not None else []


def _integer_master(
    patterns: list[Pattern],
    days: int,
    k: int,
    settings: SolverSettings,
    week: list[Pattern] | None,
    upper: float,
    repeat: int | None = None,
    menus: int | None = None,
) -> tuple[float, list[Pattern] | None]:
    """The best week from the known patterns (kept if no better than the one in hand); with
    at least ``menus`` different menus if the known ones allow it, else without that rule."""
    if not patterns:
        return upper, week
    master, _ = _master(patterns, len(patterns[0].use), days, k, 0.0, repeat, menus)
    count = len(patterns)
    no_placeholder = master.col_upper.copy()
    no_placeholder[count] = 0.0
    whole = replace(master, col_upper=no_placeholder, integer=np.ones(len(master.cost), bool))
    solved = solve_matrix(whole, settings)
    if menus is not None and solved.outcome.status == "infeasible":
        return _integer_master(patterns, days, k, settings, week, upper, repeat)
    if solved.values is None or solved.outcome.objective is None:
        return upper, week
    if solved.outcome.objective >= upper:
        return upper, week
    counts = np.round(solved.values[: len(patterns)]).astype(int)
    chosen = [p for p, n in zip(patterns, counts, strict=True) for _ in range(n)]
    return float(solved.outcome.objective), sorted(chosen, key=lambda p: p.cost)


def _outcome(solver: str, upper: float | None, bound: float, rounds: int) -> Outcome:
    if upper is None:
        text = f"day patterns: no week found in {rounds} pricing rounds"
        return Outcome("not_solved", False, None, None, solver, text)
    gap = max(0.0, (upper - bound) / abs(upper)) if math.isfinite(bound) and upper else None
    proven = gap is not None and gap <= PROVEN_GAP
    shown = f"{100 * gap:.2f} %" if gap is not None else "unknown"
    text = f"day patterns: {rounds} pricing rounds, proven gap {shown}"
    status: Status = "optimal" if proven else "feasible"
    return Outcome(status, proven, upper, gap, solver, text, bound)
