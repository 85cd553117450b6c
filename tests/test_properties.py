"""Property-based tests: random small food tables and flat targets against an independent LP.

Every instance is tiny (2-8 foods, 1-4 nutrients with arbitrary column names, values per 100 g
in tenths from 0 to 100, optional per-day maxima, prices and portions, flat targets with a
minimum and sometimes a maximum), so each solve takes milliseconds. The plans are solved in the
pure LP mode (no food count, group or least-portion rules), where mealfix's model is exactly::

    minimise  sum_f cost_f * x_f
    s.t.      min_n <= sum_f value_fn / 100 * x_f <= max_n    for every nutrient n
              0 <= x_f <= max_g_f

with cost_f = price_f / 100 (objective "cost"; foods without a price are left out) or
1 / portion_g_f, 1/100 without a portion (objective "portions"). The tests rebuild that LP from
the generated table alone and solve it with scipy.optimize.linprog (scipy's own HiGHS build, not
mealfix's PuLP model), and recompute every plan's totals from the generated table.

Examples are derandomized (the same ones every run) and no example database is written:
560 examples in all, about 16 s of CPU. Two bugs hypothesis found are pinned by the strict xfail
tests at the end; the property tests exempt exactly those cases (see the comments there).
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

import mealfix
from mealfix.errors import InfeasiblePlan, SolverError
from mealfix.inputs.diet import FLAG_COLUMNS
from mealfix.inputs.foods import NUMERIC_COLUMNS, TEXT_COLUMNS
from mealfix.inputs.targets import load_targets
from mealfix.model.case import make_case
from mealfix.model.request import PlanRequest
from mealfix.output.results import Plan
from mealfix.solve.settle import solve_case

Goal = Literal["cost", "portions"]

#: The pure LP mode of :func:`mealfix.plan`: no integer rules at all.
LP_ONLY: dict[str, Any] = {
    "max_foods": None,
    "max_per_group": None,
    "min_per_group": {},
    "min_portion": 0,
}
#: Columns with a meaning of their own in a foods table; never used as a nutrient name.
RESERVED = frozenset({"id", *TEXT_COLUMNS, *FLAG_COLUMNS, *NUMERIC_COLUMNS})
#: Slack for floating-point sums when a recomputed total is compared with a limit. The printed
#: grams are exact tenths and mealfix checks them at 1e-9 relative, so this is all we allow.
LIMIT_TOL = 1e-9
#: Objective agreement between two LP solvers: both stop at HiGHS's 1e-7 feasibility and
#: optimality tolerances, so their optima agree far inside 1e-6 relative (1e-6 absolute below 1).
OBJ_TOL = 1e-6
#: The printed grams are multiples of this, and mealfix moves each food by at most half of it.
GRAM_STEP = 0.1


def examples(n: int) -> settings:
    """Seeded settings: ``n`` examples, the same every run, no deadline, no database."""
    return settings(max_examples=n, derandomize=True, deadline=None, database=None)


# --- instances ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instance:
    """One foods table and one flat targets file, as plain Python values."""

    ids: tuple[str, ...]
    nutrients: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]  # [food][nutrient], per 100 g
    max_g: tuple[float | None, ...]
    price: tuple[float | None, ...]
    portion_g: tuple[float | None, ...]
    low: tuple[float, ...]  # per nutrient
    high: tuple[float | None, ...]
    as_csv: bool  # hand mealfix a CSV path (else a DataFrame)
    as_table: bool  # hand mealfix a loaded TargetTable (else the YAML path)

    def frame(self) -> pd.DataFrame:
        """The table as :func:`mealfix.load_foods` returns it: text ids, float columns."""
        columns: dict[str, Any] = {"name": [f"Food {i}" for i in self.ids]}
        for j, nutrient in enumerate(self.nutrients):
            columns[nutrient] = [row[j] for row in self.values]
        columns["max_g"] = self.max_g
        columns["price"] = self.price
        columns["portion_g"] = self.portion_g
        frame = pd.DataFrame(columns, index=pd.Index(self.ids, name="id"))
        for name in [*self.nutrients, "max_g", "price", "portion_g"]:
            frame[name] = frame[name].astype("float64")
        frame.attrs["source"] = "generated foods"
        return frame

    def write_csv(self, path: Path) -> Path:
        """The table as a foods CSV (an empty cell for a missing value)."""
        header = ["id", "name", *self.nutrients, "max_g", "price", "portion_g"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            for i, food in enumerate(self.ids):
                extra = (self.max_g[i], self.price[i], self.portion_g[i])
                out.writerow(
                    [food, f"Food {food}", *map(repr, self.values[i])]
                    + ["" if v is None else repr(v) for v in extra]
                )
        return path

    def write_targets(self, path: Path) -> Path:
        """The flat targets form: ``nutrients: {name: {min: .., max: ..}}``."""
        spec: dict[str, dict[str, float]] = {}
        for nutrient, low, high in zip(self.nutrients, self.low, self.high, strict=True):
            spec[nutrient] = {"min": low} if high is None else {"min": low, "max": high}
        path.write_text(yaml.safe_dump({"nutrients": spec}, allow_unicode=True), encoding="utf-8")
        return path

    def cost(self, goal: Goal) -> list[float | None]:
        """Objective per gram of each food (None: the food is left out), read from the table."""
        if goal == "cost":
            return [None if p is None else p / 100.0 for p in self.price]
        return [1.0 / (p if p else 100.0) for p in self.portion_g]


def tenths(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers on a 0.1 grid, as a hand-written CSV would hold them."""
    return st.integers(round(low * 10), round(high * 10)).map(lambda t: t / 10)


def sometimes(draw: st.DrawFn, one_in: int, value: Any, other: Any) -> Any:
    """``value`` about once in ``one_in`` draws, else a draw from ``other``."""
    return value if draw(st.integers(0, one_in - 1)) == 0 else draw(other)


NAME_CHARS = st.characters(categories=["L", "N"], include_characters="_-. %()/µ")
nutrient_names = (
    st.text(NAME_CHARS, min_size=1, max_size=10)
    .map(str.strip)
    .filter(lambda name: bool(name) and name not in RESERVED)
)


@st.composite
def instances(draw: st.DrawFn, all_max: bool = False) -> Instance:
    """A small random instance; zero columns, caps and maxima make some of them infeasible.

    max_g is on the 0.1 g grid: mealfix prints tenths of a gram and floors each cap to that
    grid, so an off-grid cap would make its LP differ from the table's by design.
    """
    numbers = draw(st.lists(st.integers(0, 9999), min_size=2, max_size=8, unique=True))
    ids = [f"{n:0{draw(st.integers(1, 5))}d}" for n in numbers]  # text ids, leading zeros kept
    nutrients = draw(st.lists(nutrient_names, min_size=1, max_size=4, unique=True))
    values = tuple(tuple(sometimes(draw, 4, 0.0, tenths(0.1, 100)) for _ in nutrients) for _ in ids)
    low = tuple(sometimes(draw, 4, 0.0, tenths(0.1, 200)) for _ in nutrients)
    has_max = [all_max or draw(st.booleans()) for _ in low]
    high = tuple(
        round(lo + draw(tenths(0, 200)), 1) if on else None
        for lo, on in zip(low, has_max, strict=True)
    )
    return Instance(
        ids=tuple(ids),
        nutrients=tuple(nutrients),
        values=values,
        max_g=tuple(sometimes(draw, 2, None, tenths(0, 500)) for _ in ids),
        price=tuple(
            sometimes(draw, 8, None, st.integers(0, 500).map(lambda c: c / 100)) for _ in ids
        ),
        portion_g=tuple(sometimes(draw, 3, None, tenths(0, 300)) for _ in ids),
        low=low,
        high=high,
        as_csv=draw(st.booleans()),
        as_table=draw(st.booleans()),
    )


goals: st.SearchStrategy[Goal] = st.sampled_from(["cost", "portions"])


# --- running mealfix --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Fresh file names for every example (a file is never rewritten in place)."""
    folder = tmp_path_factory.mktemp("properties")
    counter = itertools.count()

    def fresh(suffix: str) -> Path:
        return folder / f"{next(counter)}{suffix}"

    return fresh


def inputs(inst: Instance, fresh: Callable[[str], Path]) -> dict[str, Any]:
    """The ``foods`` and ``targets`` arguments, in the form the instance asks for."""
    foods: Any = str(inst.write_csv(fresh(".csv"))) if inst.as_csv else inst.frame()
    path = inst.write_targets(fresh(".yaml"))
    targets: Any = load_targets(path) if inst.as_table else str(path)
    return {"foods": foods, "targets": targets}


def run_plan(
    inst: Instance, goal: Goal, fresh: Callable[[str], Path], solver: str | None = None
) -> Plan:
    """``mealfix.plan`` in the pure LP mode."""
    return mealfix.plan(**inputs(inst, fresh), objective=goal, solver=solver, **LP_ONLY)


def unrounded_objective(inst: Instance, goal: Goal, fresh: Callable[[str], Path]) -> float:
    """The LP optimum mealfix's solver reported, before grams were rounded to 0.1 g."""
    request = PlanRequest.of(None, **inputs(inst, fresh), objective=goal, **LP_ONLY)
    solution = solve_case(make_case(request)).solution
    assert solution.outcome.objective is not None
    return float(solution.outcome.objective)


def plan_grams(inst: Instance, plan: Plan) -> list[float]:
    """Grams per food of the instance (0 for a food not in the plan)."""
    grams = {f.id: f.grams for f in plan.food_items}
    assert set(grams) <= set(inst.ids), (
        f"unknown food ids in the plan: {set(grams) - set(inst.ids)}"
    )
    return [grams.get(food, 0.0) for food in inst.ids]


def recomputed_totals(inst: Instance, grams: list[float]) -> list[float]:
    """Each nutrient's day total: sum of value per 100 g x grams / 100, from the table."""
    return [
        math.fsum(row[j] * g / 100.0 for row, g in zip(inst.values, grams, strict=True))
        for j in range(len(inst.nutrients))
    ]


def slack(bound: float) -> float:
    return LIMIT_TOL * max(1.0, abs(bound))


# --- the independent LP ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """scipy's answer for the same LP: status 0 (optimum) or 2 (no plan)."""

    status: int
    objective: float | None


def reference(inst: Instance, goal: Goal, tighten: float = 0.0) -> Reference:
    """Solve the instance's LP with linprog; every nutrient row is tightened by
    ``tighten`` x (the sum of its per-gram coefficients over the foods in the LP)."""
    costs = inst.cost(goal)
    keep = [i for i, c in enumerate(costs) if c is not None]
    c = np.array([costs[i] for i in keep], dtype=float)
    a = np.array([[inst.values[i][j] / 100.0 for i in keep] for j in range(len(inst.nutrients))])
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    for j, (low, high) in enumerate(zip(inst.low, inst.high, strict=True)):
        margin = tighten * float(a[j].sum()) if keep else 0.0
        rows.append(-a[j])
        rhs.append(-(low + margin))
        if high is not None:
            rows.append(a[j])
            rhs.append(high - margin)
    if not keep:  # no variables: the empty day is the only day
        feasible = all(b >= 0 for b in rhs)
        return Reference(0 if feasible else 2, 0.0 if feasible else None)
    result = linprog(
        c,
        A_ub=np.array(rows),
        b_ub=np.array(rhs),
        bounds=[(0.0, inst.max_g[i]) for i in keep],
        method="highs",
    )
    assert result.status in (0, 2), result.message
    return Reference(result.status, float(result.fun) if result.status == 0 else None)


def printable_plan_exists(inst: Instance, goal: Goal) -> bool | None:
    """Whether some plan in whole tenths of a gram meets every limit (scipy's MILP over
    t_f = 10 x grams); None when the MILP is not settled within its time limit."""
    costs = inst.cost(goal)
    keep = [i for i, c in enumerate(costs) if c is not None]
    if not keep:
        return all(lo <= 0 for lo in inst.low)
    a = np.array([[inst.values[i][j] / 1000.0 for i in keep] for j in range(len(inst.nutrients))])
    caps = [inst.max_g[i] for i in keep]
    upper = [np.inf if cap is None else round(cap * 10) for cap in caps]
    result = milp(
        np.zeros(len(keep)),
        constraints=LinearConstraint(
            a, np.array(inst.low), np.array([np.inf if h is None else h for h in inst.high])
        ),
        integrality=np.ones(len(keep)),
        bounds=Bounds(np.zeros(len(keep)), np.array(upper, dtype=float)),
        options={"time_limit": 2.0},
    )
    if result.status == 0:
        return True
    return False if result.status == 2 else None


# --- properties --------------------------------------------------------------------------------


def assert_meets_every_limit(inst: Instance, goal: Goal, plan: Plan) -> list[float]:
    """Property 1 for one plan; returns its grams per food."""
    grams = plan_grams(inst, plan)
    for food, g, cap, cost in zip(inst.ids, grams, inst.max_g, inst.cost(goal), strict=True):
        assert g >= 0, f"{food}: {g} g"
        assert cap is None or g <= cap + slack(cap), f"{food}: {g} g above its {cap} g maximum"
        assert g == 0 or cost is not None, f"{food} has no price but is in a cost plan"
    totals = recomputed_totals(inst, grams)
    for name, total, low, high in zip(inst.nutrients, totals, inst.low, inst.high, strict=True):
        assert total >= low - slack(low), f"{name}: {total} below its minimum {low}"
        assert high is None or total <= high + slack(high), f"{name}: {total} above {high}"
    reported = {n.nutrient: n.amount for n in plan.nutrient_totals}
    for name, total in zip(inst.nutrients, totals, strict=True):
        assert reported[name] == pytest.approx(total, rel=1e-9, abs=1e-6)
    return grams


@examples(150)
@given(inst=instances(), goal=goals)
def test_every_plan_meets_every_limit_when_recomputed(
    inst: Instance, goal: Goal, files: Callable[[str], Path]
) -> None:
    """Property 1: a returned plan meets every min and max, keeps every food within its max_g,
    and has no negative grams -- recomputed from the generated table, not read from the plan, so
    a slip in building the model or in rounding the grams cannot hide behind mealfix's own
    check. The plan's reported totals must match the recomputed ones too."""
    try:
        plan = run_plan(inst, goal, files)
    except (InfeasiblePlan, SolverError) as exc:
        event(f"no plan: {type(exc).__name__}")
        return
    event("plan")
    assert_meets_every_limit(inst, goal, plan)


@examples(100)
@given(inst=instances(all_max=True), goal=goals)
def test_no_total_is_above_its_upper_limit(
    inst: Instance, goal: Goal, files: Callable[[str], Path]
) -> None:
    """Property 2: no nutrient with an upper limit (a UL) is above it in a returned plan.

    Every nutrient here has a maximum. Rounding grams to 0.1 g can push a total up past its
    limit, which is the failure that matters most to a person, so it is checked on its own.
    """
    try:
        plan = run_plan(inst, goal, files)
    except (InfeasiblePlan, SolverError) as exc:
        event(f"no plan: {type(exc).__name__}")
        return
    event("plan")
    totals = recomputed_totals(inst, plan_grams(inst, plan))
    for name, total, high in zip(inst.nutrients, totals, inst.high, strict=True):
        assert high is not None
        assert total <= high + slack(high), f"{name}: {total} is above its maximum {high}"


@examples(150)
@given(inst=instances(), goal=goals)
def test_no_plan_only_when_linprog_finds_none(
    inst: Instance, goal: Goal, files: Callable[[str], Path]
) -> None:
    """Property 3: InfeasiblePlan is raised exactly when linprog finds no plan either.

    A SolverError ("could not be rounded to whole tenths of a gram") is a different answer: it
    is allowed only for a feasible LP, and only when no plan in whole tenths of a gram exists.
    """
    expected = reference(inst, goal)
    try:
        run_plan(inst, goal, files)
    except InfeasiblePlan:
        event("InfeasiblePlan")
        if expected.status == 0 and no_priced_food_and_zero_minimums(inst, goal):
            # Known bug, pinned by test_no_priced_food_with_zero_minimums_is_a_plan (xfail):
            # drop this exemption when that test passes.
            event("known bug: empty pool")
            return
        assert expected.status == 2, f"mealfix: no plan; linprog: optimum {expected.objective}"
        return
    except SolverError:
        event("SolverError")
        assert expected.status == 0, "mealfix: solver error; linprog: no plan"
        assert not printable_plan_exists(inst, goal), "a plan in whole tenths of a gram exists"
        return
    event("plan")
    assert expected.status == 0, "mealfix returned a plan; linprog: no plan"


def no_priced_food_and_zero_minimums(inst: Instance, goal: Goal) -> bool:
    """No food is left for the LP (none has a price), yet the empty day meets every target."""
    return all(c is None for c in inst.cost(goal)) and all(lo <= 0 for lo in inst.low)


def assert_objective_bounds(
    inst: Instance, goal: Goal, plan: Plan, grams: list[float], best: Reference
) -> None:
    """Property 4 for the reported objective of the rounded plan; ``best`` is linprog's."""
    assert best.status == 0 and best.objective is not None
    costs = inst.cost(goal)
    value = plan.objective.value
    # The reported value is the objective of the printed grams (rounded to 6 decimals).
    spent = math.fsum(c * g for c, g in zip(costs, grams, strict=True) if c is not None)
    assert value == pytest.approx(spent, rel=1e-9, abs=1e-6)
    # It never beats the true LP optimum: the printed grams are a feasible point of the LP.
    tol = OBJ_TOL * max(1.0, abs(best.objective))
    assert value >= best.objective - tol, f"{value} beats the LP optimum {best.objective}"
    # Upper bound. Let W_j = 0.05 g x sum_f a_jf (a_jf: row j's coefficient per gram, over all
    # foods in the LP): the most rounding every food to the nearest 0.1 g can move row j.
    # mealfix rounds the LP's grams; a row this breaks is tightened and the LP solved again,
    # with margin max(2 x old margin, W_j(used foods) + overshoot). A row breaks only while its
    # margin is below the move (<= W_j), and the overshoot is at most W_j - margin, so every
    # margin stays <= 2 W_j. Every LP mealfix solves is thus a relaxation of the LP with each row
    # tightened by 2 W_j (`tight` below), and the final rounding adds at most 0.05 g x cost_f
    # per food in the plan (a food rounded down or to 0 only lowers the cost).
    # Sum_f cost_f x 0.05 g on its own is NOT a valid bound: when a maximum or a cap leaves a
    # thin band, even the best plan in whole tenths of a gram can be far above the LP optimum
    # (on 300 random instances like these: up to 16 times that sum, and mealfix's plan 19).
    tight = reference(inst, goal, tighten=2 * (GRAM_STEP / 2))  # rows tightened by 2 W_j
    if tight.status != 0 or tight.objective is None:
        event("upper bound: tightened LP infeasible")
        return
    rounding = GRAM_STEP / 2 * math.fsum(c for c, g in zip(costs, grams, strict=True) if g and c)
    assert value <= tight.objective + rounding + tol, (
        f"{value} > tightened LP {tight.objective} + rounding {rounding}"
    )


@examples(120)
@given(inst=instances(), goal=goals)
def test_objective_matches_linprog(
    inst: Instance, goal: Goal, files: Callable[[str], Path]
) -> None:
    """Property 4: the LP optimum mealfix's solver reports equals linprog's to 1e-6, and the
    reported objective of the rounded plan is never below it and at most the rounding bound
    above it (derived in :func:`assert_objective_bounds`)."""
    expected = reference(inst, goal)
    try:
        plan = run_plan(inst, goal, files)
    except (InfeasiblePlan, SolverError) as exc:
        event(f"no plan: {type(exc).__name__}")
        return
    event("plan")
    assert expected.status == 0 and expected.objective is not None
    assert (plan.status, plan.proven_optimal, plan.gap) == ("optimal", True, 0.0)
    lp_value = unrounded_objective(inst, goal, files)
    assert lp_value == pytest.approx(expected.objective, rel=OBJ_TOL, abs=OBJ_TOL)
    grams = assert_meets_every_limit(inst, goal, plan)
    assert_objective_bounds(inst, goal, plan, grams, expected)


@examples(40)
@given(inst=instances(), goal=goals)
def test_cbc_fallback_agrees_with_linprog(
    inst: Instance, goal: Goal, files: Callable[[str], Path]
) -> None:
    """Properties 1, 3 and 4 with the CBC fallback solver (fewer examples: CBC runs as a
    subprocess per solve)."""
    expected = reference(inst, goal)
    try:
        plan = run_plan(inst, goal, files, solver="cbc")
    except InfeasiblePlan:
        event("InfeasiblePlan")
        assert expected.status == 2 or no_priced_food_and_zero_minimums(inst, goal)
        return
    except SolverError:
        event("SolverError")
        assert expected.status == 0
        return
    event("plan")
    assert plan.solver == "cbc"
    assert expected.status == 0
    grams = assert_meets_every_limit(inst, goal, plan)
    assert_objective_bounds(inst, goal, plan, grams, expected)


# --- counterexamples hypothesis found (bugs in src/, left for the lead to fix) ---------------


def test_a_capped_food_is_rounded_up_when_that_is_the_plan(files: Callable[[str], Path]) -> None:
    """One food, 10 units per 100 g, at most 50.1 g a day; the day needs at least 5.004 units.

    50.1 g (5.01 units) is a plan in whole tenths of a gram. mealfix once rounded the LP's
    50.04 g to 50.0 g (5.0 units, short), tightened the minimum past the cap and gave up; it now
    also tries rounding every amount up (and down) before tightening. Hypothesis
    found it as two capped foods (19.6 and 22.9 units per 100 g, caps 4.0 g and 53.4 g,
    minimum 13, objective portions); this is the same failure cut down by hand.
    """
    inst = Instance(
        ids=("a",),
        nutrients=("n",),
        values=((10.0,),),
        max_g=(50.1,),
        price=(None,),
        portion_g=(None,),
        low=(5.004,),
        high=(None,),
        as_csv=True,
        as_table=False,
    )
    assert printable_plan_exists(inst, "portions")
    plan = run_plan(inst, "portions", files)
    assert_meets_every_limit(inst, "portions", plan)


@pytest.mark.xfail(
    strict=True,
    raises=InfeasiblePlan,
    reason="known limitation: with no priced food left, a cost plan is 'no plan' even when "
    "every minimum is 0 (the empty day); the message says no food is left with a price",
)
def test_no_priced_food_with_zero_minimums_is_a_plan(files: Callable[[str], Path]) -> None:
    """Hypothesis's minimal case: two foods without a price, one nutrient with minimum 0.

    The empty day meets every target (linprog: optimum 0), but mealfix raises InfeasiblePlan
    "no foods are left with known values for every target" (the foods have values; they lack
    prices).
    """
    inst = Instance(
        ids=("0", "1"),
        nutrients=("0",),
        values=((0.0,), (0.0,)),
        max_g=(None, None),
        price=(None, None),
        portion_g=(None, None),
        low=(0.0,),
        high=(None,),
        as_csv=False,
        as_table=False,
    )
    assert reference(inst, "cost") == Reference(0, 0.0)
    plan = run_plan(inst, "cost", files)
    assert plan_grams(inst, plan) == [0.0, 0.0]
