"""The one call that runs every stage: ``mealfix.plan(...)``. The CLI and notebooks use it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from mealfix.diet import candidates, normalise_allergy, normalise_diet
from mealfix.errors import InfeasiblePlan, UsageError
from mealfix.explain import food_rows, limits, nutrient_rows, rationale, share_rows
from mealfix.foods import load_foods
from mealfix.model import OBJECTIVES, Objective
from mealfix.optimize import optimize
from mealfix.plan import Objective as ObjectiveValue
from mealfix.plan import Plan
from mealfix.symptoms import load_symptoms, suspects_from
from mealfix.targets import Person, Targets, TargetTable, load_targets


def plan(
    person: Person | None = None,
    *,
    diet: str = "omnivore",
    suspect: Iterable[str] = (),
    symptoms: Iterable[str] = (),
    allergies: Iterable[str] = (),
    exclude: Iterable[str] = (),
    foods: str | Path | pd.DataFrame | None = None,
    targets: str | Path | TargetTable | None = None,
    objective: str = "portions",
    solver: str | None = None,
    time_limit: float | None = None,
    skip_unknown: bool = False,
) -> Plan:
    """A checked one-day plan for ``person``.

    >>> from mealfix import Person, plan
    >>> day = plan(Person(sex="female", age=34), diet="vegan", suspect=["magnesium"])
    >>> day.status
    'optimal'
    """
    diet = normalise_diet(diet)
    allergies = tuple(normalise_allergy(a) for a in allergies)
    exclude = tuple(exclude)
    if objective not in OBJECTIVES:
        raise UsageError(f"unknown objective {objective!r}; choose one of: {', '.join(OBJECTIVES)}")
    goal: Objective = objective
    food_table = foods if isinstance(foods, pd.DataFrame) else load_foods(foods)
    table = targets if isinstance(targets, TargetTable) else load_targets(targets)
    info = load_symptoms()

    symptom_list = tuple(symptoms)
    ranking = info.rank(symptom_list) if symptom_list else []
    named = [table.resolve_nutrient(s) for s in suspect]
    from_symptoms = [n for n in suspects_from(ranking) if n in table.nutrients]
    suspects = list(dict.fromkeys([*named, *from_symptoms]))
    resolved = table.for_person(person, suspects)

    pool = candidates(food_table, diet, allergies, exclude)
    context = f" on a {diet} diet" if diet != "omnivore" else ""
    notes = list(resolved.notes)
    boosted = bool(suspects)
    try:
        solution = optimize(
            pool,
            resolved,
            goal,
            solver=solver,
            time_limit=time_limit,
            unknown="skip" if skip_unknown else "error",
            context=context,
        )
    except InfeasiblePlan:
        if not boosted:
            raise
        resolved = _unboosted(resolved)
        solution = optimize(
            pool,
            resolved,
            goal,
            solver=solver,
            time_limit=time_limit,
            unknown="skip" if skip_unknown else "error",
            context=context,
        )
        boosted = False
        notes.append(
            "suspected nutrients could not be aimed above their RDA/AI (no such plan "
            "exists); they are met at 100 %"
        )
    notes.extend(solution.rows.notes)
    status = (
        "optimal" if solution.proven else f"feasible, not proven optimal ({solution.status_text})"
    )
    return Plan(
        status=status,
        proven_optimal=solution.proven,
        solver=solution.solver,
        objective=ObjectiveValue(
            name=goal,
            value=round(solution.objective, 6),
            unit="portions" if goal == "portions" else "USD",
        ),
        person=person.model_dump() if person is not None else None,
        group=resolved.group,
        diet=diet,
        allergies=allergies,
        exclude=exclude,
        suspects=tuple(suspects),
        symptoms=symptom_list,
        suspect_ranking=tuple(s.model_dump() for s in ranking),
        foods=tuple(food_rows(solution, resolved)),
        nutrients=tuple(nutrient_rows(solution, resolved)),
        energy_shares=tuple(share_rows(solution, resolved)),
        rationale=tuple(rationale(solution, resolved, boosted)),
        limits=tuple(limits(solution, resolved, goal)),
        notes=tuple(notes),
        sources={"foods": str(food_table.attrs.get("source", "foods")), "targets": table.source},
        disclaimer=info.disclaimer,
        see_a_doctor=info.see_a_doctor if symptom_list else None,
    )


def _unboosted(targets: Targets) -> Targets:
    frame = targets.frame.copy()
    frame["min"] = frame["base_min"]
    return replace(targets, frame=frame)


__all__ = ["plan"]
