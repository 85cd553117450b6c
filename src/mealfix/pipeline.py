"""The one call that runs every stage: ``mealfix.plan(...)``. The CLI and notebooks use it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from mealfix.diet import candidates, normalise_allergy, normalise_diet, parse_include
from mealfix.errors import InfeasiblePlan, UsageError
from mealfix.explain import (
    binding,
    food_rows,
    limits,
    nutrient_rows,
    rationale,
    share_rows,
)
from mealfix.foods import load_current, load_foods
from mealfix.model import OBJECTIVES, Objective, Rules
from mealfix.optimize import Setup, Solution, optimize, prepare
from mealfix.results import Change, Cost, Plan
from mealfix.results import Objective as ObjectiveValue
from mealfix.symptoms import Suspect, SymptomTable, load_symptoms, suspects_from
from mealfix.targets import Person, Targets, TargetTable, load_targets

if TYPE_CHECKING:
    from mealfix.solve import Engine, Outcome

DEFAULT_MIN_PER_GROUP = {"vegetable": 1, "fruit": 1}
UNITS = {"portions": "portions", "cost": "USD", "closest": "portions of change"}


@dataclass(frozen=True)
class Request:
    """A checked request: tables loaded, words resolved, ready for the optimizer."""

    person: Person | None
    diet: str
    allergies: tuple[str, ...]
    exclude: tuple[str, ...]
    symptoms: tuple[str, ...]
    ranking: tuple[Suspect, ...]
    suspects: tuple[str, ...]
    objective: Objective
    rules: Rules
    foods: pd.DataFrame
    pool: pd.DataFrame
    table: TargetTable
    targets: Targets
    info: SymptomTable
    current: pd.Series | None
    context: str
    budget: float | None = None


def plan(
    person: Person | None = None,
    *,
    diet: str = "omnivore",
    suspect: Iterable[str] = (),
    symptoms: Iterable[str] = (),
    allergies: Iterable[str] = (),
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    foods: str | Path | pd.DataFrame | None = None,
    targets: str | Path | TargetTable | None = None,
    objective: str = "portions",
    current: str | Path | Mapping[str, float] | None = None,
    max_foods: int | None = 12,
    max_per_group: int | None = 4,
    min_per_group: Mapping[str, int] | None = None,
    min_portion: float = 0.5,
    servings: bool = False,
    budget: float | None = None,
    overrides: Mapping[str, Mapping[str, float | None]] | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    skip_unknown: bool = False,
    solver_options: dict[str, object] | None = None,
) -> Plan:
    """A checked one-day plan for ``person``.

    >>> from mealfix import Person, plan
    >>> day = plan(Person(sex="female", age=34), diet="vegan", suspect=["magnesium"])
    >>> day.status
    'optimal'
    """
    request = make_request(
        person,
        diet=diet,
        suspect=suspect,
        symptoms=symptoms,
        allergies=allergies,
        exclude=exclude,
        include=include,
        foods=foods,
        targets=targets,
        objective=objective,
        current=current,
        max_foods=max_foods,
        max_per_group=max_per_group,
        min_per_group=min_per_group,
        min_portion=min_portion,
        servings=servings,
        budget=budget,
        overrides=overrides,
    )
    solved = solve_request(
        request, solver, time_limit, skip_unknown, gap=gap, options=solver_options
    )
    return build_plan(*solved)


def request_defaults() -> dict[str, Any]:
    """The keyword defaults of :func:`plan` that describe a request (not how to solve it)."""
    return {
        "diet": "omnivore",
        "suspect": (),
        "symptoms": (),
        "allergies": (),
        "exclude": (),
        "include": (),
        "foods": None,
        "targets": None,
        "objective": "portions",
        "current": None,
        "max_foods": 12,
        "max_per_group": 4,
        "min_per_group": None,
        "min_portion": 0.5,
        "servings": False,
        "budget": None,
        "overrides": None,
    }


def make_request(
    person: Person | None,
    *,
    diet: str,
    suspect: Iterable[str],
    symptoms: Iterable[str],
    allergies: Iterable[str],
    exclude: Iterable[str],
    include: Iterable[str],
    foods: str | Path | pd.DataFrame | None,
    targets: str | Path | TargetTable | None,
    objective: str,
    current: str | Path | Mapping[str, float] | None,
    max_foods: int | None,
    max_per_group: int | None,
    min_per_group: Mapping[str, int] | None,
    min_portion: float,
    servings: bool,
    budget: float | None = None,
    overrides: Mapping[str, Mapping[str, float | None]] | None = None,
) -> Request:
    """Check every option and load every table before any solving starts."""
    diet = normalise_diet(diet)
    allergy_keys = tuple(normalise_allergy(a) for a in allergies)
    if objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {objective!r}; choose one of: {', '.join(OBJECTIVES)}")
    goal: Objective = objective
    if goal == "closest" and current is None:
        raise UsageError("--objective closest needs your usual day: --current FILE")
    if max_foods is not None and max_foods < 1:
        raise UsageError("--max-foods must be at least 1")
    if max_per_group is not None and max_per_group < 1:
        raise UsageError("--max-per-group must be at least 1")
    if budget is not None and budget <= 0:
        raise UsageError("--budget must be more than 0 USD")
    if not 0 <= min_portion <= 10:
        raise UsageError("--min-portion must be between 0 and 10 typical portions")
    info = load_symptoms()
    symptom_list = tuple(symptoms)
    ranking = tuple(info.rank(symptom_list)) if symptom_list else ()
    table = targets if isinstance(targets, TargetTable) else load_targets(targets)
    named = [table.resolve_nutrient(s) for s in suspect]
    from_symptoms = [n for n in suspects_from(list(ranking)) if n in table.nutrients]
    suspects = tuple(dict.fromkeys([*named, *from_symptoms]))
    resolved = table.for_person(person, suspects)
    if overrides:
        resolved = override(resolved, {table.resolve_nutrient(k): v for k, v in overrides.items()})

    food_table = foods if isinstance(foods, pd.DataFrame) else load_foods(foods)
    allowed = candidates(food_table, diet, allergy_keys)
    pool = candidates(food_table, diet, allergy_keys, exclude)
    wanted = parse_include(food_table, allowed, include)
    if wanted:
        pool = allowed.loc[pool.index.union(list(wanted)).intersection(allowed.index)]
    usual = None
    if current is not None:
        usual = (
            pd.Series(dict(current), dtype="float64")
            if isinstance(current, Mapping)
            else load_current(current, food_table)
        )
    rules = Rules(
        max_foods=max_foods,
        max_per_group=max_per_group,
        min_per_group=dict(DEFAULT_MIN_PER_GROUP if min_per_group is None else min_per_group),
        min_portion=min_portion,
        servings=servings,
        include=wanted,
    )
    return Request(
        person=person,
        diet=diet,
        allergies=allergy_keys,
        exclude=tuple(exclude),
        symptoms=symptom_list,
        ranking=ranking,
        suspects=suspects,
        objective=goal,
        rules=rules,
        foods=food_table,
        pool=pool,
        table=table,
        targets=resolved,
        info=info,
        current=usual,
        context=f" on a {diet} diet" if diet != "omnivore" else "",
        budget=budget,
    )


def solve_request(
    request: Request,
    solver: str | None,
    time_limit: float | None,
    skip_unknown: bool,
    *,
    gap: float | None = None,
    options: dict[str, object] | None = None,
    engine: Engine | None = None,
) -> tuple[Request, Setup, Solution, list[str], bool]:
    """Solve; if raised aims for suspected nutrients make it impossible, retry at 100 %."""
    notes = list(request.targets.notes)
    unknown: Literal["error", "skip"] = "skip" if skip_unknown else "error"
    boosted = bool(request.suspects)
    targets = request.targets

    def attempt(targets: Targets) -> tuple[Setup, Solution]:
        setup = prepare(
            request.pool,
            targets,
            request.objective,
            request.rules,
            unknown=unknown,
            current=request.current,
            budget=request.budget,
            context=request.context,
        )
        solution = optimize(
            setup,
            targets,
            solver=solver,
            time_limit=time_limit,
            gap=gap,
            options=options,
            context=request.context,
            engine=engine,
        )
        return setup, solution

    try:
        setup, solution = attempt(targets)
    except InfeasiblePlan:
        if not boosted:
            raise
        targets = unboosted(targets)
        setup, solution = attempt(targets)
        boosted = False
        notes.append(
            "suspected nutrients could not be aimed above their RDA/AI (no such plan "
            "exists); they are met at 100 %"
        )
    notes.extend(setup.notes)
    return replace(request, targets=targets), setup, solution, notes, boosted


def build_plan(
    request: Request, setup: Setup, solution: Solution, notes: list[str], boosted: bool
) -> Plan:
    """Assemble the immutable Plan with its explanation."""
    targets = request.targets
    outcome = solution.outcome
    bound = binding(solution, targets, request.objective)
    return Plan(
        **stated_outcome(outcome, request.objective, solution.objective),
        **stated_person(request),
        allergies=request.allergies,
        exclude=request.exclude,
        symptoms=request.symptoms,
        suspect_ranking=tuple(s.model_dump() for s in request.ranking),
        foods=tuple(food_rows(solution, targets)),
        nutrients=tuple(nutrient_rows(solution, targets)),
        energy_shares=tuple(share_rows(solution, targets)),
        cost=day_cost(request, solution),
        changes=tuple(changes(request, solution)),
        rationale=tuple(rationale(solution, targets, boosted)),
        limits=tuple(limits(solution, bound)),
        binding=tuple(bound),
        notes=tuple(notes),
        sources={
            "foods": str(request.foods.attrs.get("source", "foods")),
            "targets": request.table.source,
        },
        **stated_safety(request),
    )


def stated_outcome(outcome: Outcome, objective: Objective, value: float) -> dict[str, Any]:
    """What a day or week plan says about its solve: status, proof, gap, solver, objective."""
    return {
        "status": outcome.label,
        "proven_optimal": outcome.proven,
        "gap": outcome.gap,
        "solver": outcome.solver,
        "objective": ObjectiveValue(name=objective, value=round(value, 6), unit=UNITS[objective]),
    }


def stated_person(request: Request) -> dict[str, Any]:
    """Who a day or week plan is for."""
    person = request.person.model_dump() if request.person is not None else None
    return {
        "person": person,
        "group": request.targets.group,
        "diet": request.diet,
        "suspects": request.suspects,
    }


def stated_safety(request: Request) -> dict[str, Any]:
    """The disclaimer every plan carries, and the doctor advice when symptoms were given."""
    return {
        "disclaimer": request.info.disclaimer,
        "see_a_doctor": request.info.see_a_doctor if request.symptoms else None,
    }


def day_cost(request: Request, solution: Solution) -> Cost | None:
    """The day's cost and its price year; None when the foods carry no prices at all."""
    foods = request.foods
    if "price" not in foods.columns:
        return None
    price = foods.loc[solution.grams.index, "price"]
    unpriced = tuple(str(foods.at[f, "name"]) for f in price.index[price.isna()])
    usd = None if unpriced else round(float((price * solution.grams).sum() / 100.0), 2)
    year = foods.attrs.get("price_year")
    return Cost(
        usd=usd, price_year=int(year) if year else None, unpriced=unpriced, budget=request.budget
    )


def changes(request: Request, solution: Solution) -> list[Change]:
    """What to add, remove or change relative to the usual day."""
    if request.current is None:
        return []
    usual = request.current
    planned = solution.grams
    out: list[Change] = []
    for food in sorted(set(usual.index) | set(planned.index)):
        before, after = float(usual.get(food, 0.0)), float(planned.get(food, 0.0))
        if abs(before - after) < 0.05:
            kind = "keep"
        elif before == 0:
            kind = "add"
        elif after == 0:
            kind = "remove"
        else:
            kind = "more" if after > before else "less"
        out.append(
            Change(
                id=str(food),
                name=str(request.foods.at[food, "name"]),
                usual_grams=round(before, 1),
                plan_grams=round(after, 3),
                change=kind,
            )
        )
    return out


def override(targets: Targets, changes: Mapping[str, Mapping[str, float | None]]) -> Targets:
    """Targets with some minimums or maximums set by hand (e.g. for a sensitivity study)."""
    frame = targets.frame.copy()
    for nutrient, bounds in changes.items():
        for key, value in bounds.items():
            if key not in ("min", "max"):
                raise UsageError(f"override of {nutrient}: {key!r} is not min or max")
            frame.loc[nutrient, key] = value
            if key == "min":
                frame.loc[nutrient, "base_min"] = value
        low, high = frame.at[nutrient, "min"], frame.at[nutrient, "max"]
        if low is not None and high is not None and not pd.isna(high) and low > high:
            raise UsageError(f"override of {nutrient}: min {low:g} is above max {high:g}")
    return replace(targets, frame=frame)


def unboosted(targets: Targets) -> Targets:
    """The same targets with suspected nutrients back at their RDA/AI."""
    frame = targets.frame.copy()
    frame["min"] = frame["base_min"]
    return replace(targets, frame=frame)
