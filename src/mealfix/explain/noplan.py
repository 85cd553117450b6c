"""When no plan exists: how close the best day gets, what caps it, and verified ways out.

Every way out is checked by solving the whole plan again with the change made; only changes
that give a plan meeting every target and limit are offered. A supplement dose is never above
the nutrient's upper limit (UL), whether the UL covers all intake or supplements only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from mealfix.errors import InfeasiblePlan, MealfixError, Shortfall
from mealfix.explain.gaps import Gap, nutrient_range
from mealfix.explain.reasons import measures
from mealfix.explain.records import FoodPortion
from mealfix.explain.views import no_plan_view, text_table, urgent_text
from mealfix.inputs.arguments import given
from mealfix.inputs.diet import DIETS, candidates
from mealfix.inputs.symptoms import UrgentCare
from mealfix.model.case import Case, make_case
from mealfix.model.rules import ENERGY
from mealfix.solve.settings import SolverSettings
from mealfix.solve.settle import solve_case

#: Tries per kind of way out, and the energy-range steps tried.
MAX_FOODS_TRIED = 6
ENERGY_STEPS = (1.1, 1.2, 1.3)
#: Seconds for each re-solve of a way out when the case sets no time limit.
WAY_OUT_TIME_LIMIT = 20.0
#: A way out only has to be shown to give a plan: its re-solves stop once the day is proven
#: within this gap (its ``objective`` is that day's; the plan itself is still proven within 1 %).
WAY_OUT_GAP = 0.1
DOSE_STEPS = (1.0, 1.25, 1.5, 2.0, 3.0)


class WayOut(BaseModel):
    """One change that makes a plan possible, verified by solving again."""

    model_config = ConfigDict(frozen=True)

    kind: str
    change: str
    objective: float
    nutrient: str | None = None
    dose: float | None = None
    unit: str | None = None


class NoPlanReport(BaseModel):
    """Everything said when no plan meets every target."""

    model_config = ConfigDict(frozen=True)

    #: Set when a named symptom needs urgent care: every output says so first.
    urgent: UrgentCare | None = None
    status: str = "infeasible"
    message: str
    shortfalls: tuple[Shortfall, ...]
    best_cases: tuple[Gap, ...]
    ways_out: tuple[WayOut, ...]
    closest_grams: dict[str, float]
    #: The closest day's foods, with names and household measures (largest first).
    closest_foods: tuple[FoodPortion, ...] = ()
    disclaimer: str
    see_a_doctor: str | None = None
    #: Set when the time limit stopped the search for ways out before every kind was tried.
    stopped: str | None = None

    def _repr_html_(self) -> str:
        """Notebook view: the closest day, what caps it, the ways out, when to see a doctor."""
        return no_plan_view(self)

    def __repr__(self) -> str:
        """A table, not the fields: what falls short on the closest day, then the ways out."""
        rows = [
            [s.name, s.target, f"{s.best:.4g}", s.unit, "" if s.pct is None else f"{s.pct:.0f}"]
            for s in self.shortfalls
        ]
        head = ("nutrient", "target", "closest day", "unit", "% of target")
        ways = [f"  {n}. {w.change}" for n, w in enumerate(self.ways_out, start=1)]
        return "\n".join(
            [
                *urgent_text(self.urgent),
                f"No plan: {self.message}",
                text_table(head, rows, {1, 2, 4}),
                *(["Ways out (each checked by solving again):", *ways] if ways else []),
            ]
        )

    __str__ = __repr__


@dataclass
class Clock:
    """The command's settings for the whole report: every re-solve takes what is left of its
    deadline, none more, and the report says when the time ran out."""

    settings: SolverSettings
    ran_out: bool = False

    def left(self) -> SolverSettings | None:
        """The settings to solve with, or None once the time is up (the caller stops trying)."""
        if self.settings.spent():
            self.ran_out = True
            return None
        return self.settings


def report(
    case: Case, error: InfeasiblePlan, settings: SolverSettings | None = None
) -> NoPlanReport:
    """The full 'no plan' report for a case that came back infeasible; all its re-solves keep
    to the command's deadline (``settings``; without a time limit, 20 s each way out)."""
    settings = settings or SolverSettings.of(case.request)
    if settings.time_limit is None:
        settings = settings.within(WAY_OUT_TIME_LIMIT * 4)
    clock = Clock(settings)
    short = [s for s in error.shortfalls if s.bound == "min" and s.unit not in ("%", "USD")]
    best_cases: list[Gap] = []
    if short and not case.pool.empty:
        try:
            setup = case.setup(lp_only=True)
            best_cases = [
                nutrient_range(setup, case.targets, s.nutrient, clock.settings)
                for s in short
                if s.nutrient != ENERGY
            ]
        except MealfixError:
            best_cases = []
    ways = ways_out(case, short, clock) if short else []
    return NoPlanReport(
        urgent=case.urgent,
        message=str(error),
        shortfalls=tuple(error.shortfalls),
        best_cases=tuple(best_cases),
        ways_out=tuple(ways),
        closest_grams=dict(error.details.get("closest_grams", {})),
        closest_foods=closest_foods(case, error.details.get("closest_grams", {})),
        disclaimer=case.info.disclaimer,
        see_a_doctor=case.info.see_a_doctor if case.symptoms or case.suspects else None,
        stopped=(
            f"the search for ways out stopped at the "
            f"{settings.time_limit or WAY_OUT_TIME_LIMIT * 4:g} s time limit: "
            "more may exist (a longer --time-limit tries them all)"
            if clock.ran_out
            else None
        ),
    )


def closest_foods(case: Case, grams: Mapping[str, float]) -> tuple[FoodPortion, ...]:
    """The closest day's foods as a person reads them: name, grams, household measure."""
    foods = case.foods
    rows = []
    for food, amount in sorted(grams.items(), key=lambda item: -item[1]):
        if food not in foods.index:
            continue
        said, portion = measures(foods.loc[food], float(amount))
        name = str(foods.at[food, "name"])
        rows.append(
            FoodPortion(
                id=str(food), name=name, grams=float(amount), household=said, portion=portion
            )
        )
    return tuple(rows)


def ways_out(case: Case, short: list[Shortfall], clock: Clock) -> list[WayOut]:
    """Ranked: a food back in the plan, a supplement, a wider energy range, a wider diet."""
    found: list[WayOut] = []
    for attempt in (_fortified_food, _supplement, _energy_range, _wider_diet):
        if clock.left() is None:
            break
        way = attempt(case, short, clock)
        if way is not None:
            found.append(way)
    return found


def _solves(case: Case, clock: Clock) -> float | None:
    """The objective of the plan for a changed case, or None when there is still none (or no
    time left to look)."""
    settings = clock.left()
    if settings is None:
        return None
    try:
        return solve_case(case, settings=settings.with_gap(WAY_OUT_GAP)).solution.objective
    except MealfixError:
        return None


def _fortified_food(case: Case, short: list[Shortfall], clock: Clock) -> WayOut | None:
    """An excluded food the diet allows that carries the missing nutrient."""
    if not case.exclude:
        return None
    allowed = candidates(case.foods, case.diet, case.allergies, ())
    excluded = allowed.loc[allowed.index.difference(case.pool.index)]
    nutrients = [s.nutrient for s in short if s.nutrient in excluded.columns]
    if excluded.empty or not nutrients:
        return None
    portion = excluded["portion_g"] if "portion_g" in excluded.columns else 100.0
    density = (
        excluded[nutrients]
        .div([_target(case, n) for n in nutrients], axis=1)
        .mul(portion, axis=0)
        .min(axis=1)
    )
    for food in density[density > 0].sort_values(ascending=False).index[:MAX_FOODS_TRIED]:
        pool = pd.concat([case.pool, excluded.loc[[food]]])
        pool.attrs = case.pool.attrs
        value = _solves(replace(case, pool=pool), clock)
        if value is not None:
            name = str(case.foods.at[food, "name"])
            return WayOut(kind="food", change=f"allow {name} ({food}) again", objective=value)
    return None


def _supplement(case: Case, short: list[Shortfall], clock: Clock) -> WayOut | None:
    """A daily supplement of the missing nutrient(s), each dose under its UL."""
    frame = case.targets.frame
    doses: dict[str, float] = {}
    for s in short:
        if s.nutrient == ENERGY or s.nutrient not in frame.index:
            return None
        doses[s.nutrient] = max(s.target - s.best, 0.0)
    for factor in DOSE_STEPS:
        trial = {n: _round_up(d * factor) for n, d in doses.items()}
        caps = {n: _dose_cap(case, n) for n in trial}
        if any(trial[n] > caps[n] for n in trial):
            trial = {n: min(trial[n], caps[n]) for n in trial}
        pool = _with_supplements(case, trial)
        value = _solves(
            replace(
                case,
                pool=pool,
                rules=replace(
                    case.rules,
                    include={
                        **case.rules.include,
                        **{_supplement_id(n): d for n, d in trial.items()},
                    },
                ),
            ),
            clock,
        )
        if value is not None:
            words = ", ".join(
                f"{frame.at[n, 'name']} {d:g} {frame.at[n, 'unit']} ({_ul_words(case, n)})"
                for n, d in trial.items()
            )
            first = next(iter(trial))
            return WayOut(
                kind="supplement",
                change=f"take a daily supplement: {words}; ask a doctor or pharmacist first",
                objective=value,
                nutrient=first,
                dose=trial[first],
                unit=str(frame.at[first, "unit"]),
            )
        if all(trial[n] >= caps[n] for n in trial):
            break
    return None


def _energy_range(case: Case, short: list[Shortfall], clock: Clock) -> WayOut | None:
    """More food: a higher energy maximum (a more active day)."""
    frame = case.targets.frame
    if ENERGY not in frame.index or not given(frame.at[ENERGY, "max"]):
        return None
    top = float(frame.at[ENERGY, "max"])
    for factor in ENERGY_STEPS:
        wider = frame.copy()
        wider.loc[ENERGY, "max"] = round(top * factor)
        value = _solves(replace(case, targets=replace(case.targets, frame=wider)), clock)
        if value is not None:
            return WayOut(
                kind="energy",
                change=f"allow up to {round(top * factor):g} kcal a day "
                f"instead of {top:g} (a more active day)",
                objective=value,
            )
    return None


def _wider_diet(case: Case, short: list[Shortfall], clock: Clock) -> WayOut | None:
    """The next wider eating pattern (vegan -> vegetarian -> pescatarian -> omnivore)."""
    order = list(DIETS)
    for diet in order[order.index(case.diet) + 1 :]:
        try:  # the person's whole request on the wider diet: its foods, pool and pattern
            wider = make_case(case.request.replaced(diet=diet))
        except MealfixError:
            return None
        value = _solves(wider, clock)
        if value is not None:
            return WayOut(
                kind="diet", change=f"a {diet} diet instead of {case.diet}", objective=value
            )
    return None


def _target(case: Case, nutrient: str) -> float:
    value = case.targets.frame.at[nutrient, "min"]
    return float(value) if given(value) and value else 1.0


def _dose_cap(case: Case, nutrient: str) -> float:
    """The most a supplement may give: the UL (total or supplement-only), else 10 x target."""
    frame = case.targets.frame
    ul = frame.at[nutrient, "ul"]
    if given(ul):
        return float(ul)
    return 10.0 * _target(case, nutrient)


def _ul_words(case: Case, nutrient: str) -> str:
    ul = case.targets.frame.at[nutrient, "ul"]
    unit = case.targets.frame.at[nutrient, "unit"]
    if not given(ul):
        return "no upper limit is set for it"
    return f"under its UL of {float(ul):g} {unit}"


def _supplement_id(nutrient: str) -> str:
    return f"supplement:{nutrient}"


def _with_supplements(case: Case, doses: dict[str, float]) -> pd.DataFrame:
    """The candidate foods plus one 'food' per supplement: 1 g of it = 1 unit of the nutrient."""
    pool = case.pool
    frame = case.targets.frame
    rows = []
    for nutrient in doses:
        row: dict[str, object] = {
            c: (0.0 if pd.api.types.is_float_dtype(pool[c]) else None) for c in pool.columns
        }
        row.update(
            {
                nutrient: 100.0,
                "name": f"{frame.at[nutrient, 'name']} supplement",
                "portion_g": doses[nutrient],
                "max_g": _dose_cap(case, nutrient),
                "price": 0.0,
            }
        )
        for flag in ("vegan", "vegetarian", "pescatarian"):
            if flag in pool.columns:
                row[flag] = True
        if "allergens" in pool.columns:
            row["allergens"] = ""
        if "portion_measure" in pool.columns:
            row["portion_measure"] = f"1 {frame.at[nutrient, 'unit']}"
        if "category" in pool.columns:
            row["category"] = "supplement"
        rows.append(pd.Series(row, name=_supplement_id(nutrient)))
    extra = pd.DataFrame(rows)
    for column in pool.columns:
        extra[column] = extra[column].astype(pool[column].dtype, errors="ignore")
    out = pd.concat([pool, extra])
    out.attrs = pool.attrs
    return out


def _round_up(value: float) -> float:
    """Two significant figures, rounded up: 2.07 -> 2.1, 123 -> 130."""
    if value <= 0:
        return 0.1
    digits = 1 - math.floor(math.log10(value))
    step = 10.0**-digits
    return float(np.ceil(value / step - 1e-9) * step)
