"""Gather a settled day or week and its explanations into the result a person gets."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from mealfix.explain.forcing import hei_notes, pattern_notes
from mealfix.explain.hei_day import day_hei
from mealfix.explain.meals import meal_items
from mealfix.explain.reasons import (
    OBJECTIVE_UNITS,
    binding,
    changes,
    day_cost,
    food_group_rows,
    food_rows,
    limits,
    nutrient_rows,
    rationale,
    share_rows,
)
from mealfix.explain.records import Cost, ObjectiveValue
from mealfix.explain.usual import measure_case
from mealfix.explain.yardstick import stated_cost
from mealfix.inputs.measures import household
from mealfix.inputs.packages import load_packages
from mealfix.model.case import Case
from mealfix.model.rules import Objective
from mealfix.model.setup import Setup
from mealfix.output.data import DayPlan, Purchase, ShoppingItem
from mealfix.output.results import Plan, WeekPlan
from mealfix.solve.meals import MealShare, meal_shares
from mealfix.solve.settle import Settled, Solution
from mealfix.solve.status import Outcome
from mealfix.solve.variety import BASE_COLUMN
from mealfix.solve.week import WeekSolution


def build_plan(settled: Settled) -> Plan:
    """Assemble the immutable Plan with its explanation."""
    case, solution = settled.case, settled.solution
    targets = case.targets
    bound = binding(solution, targets, case.objective)
    groups = food_group_rows(solution)
    age = case.person.age if case.person is not None else 0
    hei = day_hei(solution.foods, solution.grams, age)
    usual = None if case.current is None else day_hei(case.foods, case.current, age)
    return Plan(
        **stated_outcome(solution.outcome, case.objective, solution.objective),
        **stated_person(case),
        allergies=case.allergies,
        safety_rules=case.safety,
        exclude=case.exclude,
        symptoms=case.symptoms,
        suspect_ranking=tuple(s.model_dump() for s in case.ranking),
        foods=tuple(food_rows(solution, targets)),
        nutrients=tuple(nutrient_rows(solution, targets)),
        meals=tuple(meal_items(solution)),
        meal_shares=tuple(_meal_shares(solution)),
        energy_shares=tuple(share_rows(solution, targets)),
        food_groups=tuple(groups),
        hei=hei,
        current_hei=usual,
        usual_day=None if case.current is None else measure_case(case),
        pattern=_pattern_name(case),
        cost=day_cost(case, solution),
        changes=tuple(changes(case, solution)),
        rationale=tuple(rationale(solution, targets, settled.boosted)),
        limits=tuple(limits(solution, bound)),
        binding=tuple(bound),
        notes=(
            *settled.notes,
            *pattern_notes(groups, solution),
            *hei_notes(hei, solution, HEI_AIM),
        ),
        sources={
            "foods": str(case.foods.attrs.get("source", "foods")),
            "targets": case.table.source,
        },
        **stated_safety(case),
    )


def build_week(week: WeekSolution, max_days: int, repeat: int | None = None) -> WeekPlan:
    """Assemble the immutable WeekPlan: each day by meal and its cost, then the week's cost
    (the sum of the days') and the shopping list in packages."""
    case = week.case
    targets = case.targets
    age = case.person.age if case.person is not None else 0
    day_plans = []
    notes = [*case.targets.notes, *case.notes, *week.notes]
    for number, solution in enumerate(week.days, start=1):
        hei = day_hei(solution.foods, solution.grams, age)
        held = [
            *pattern_notes(food_group_rows(solution), solution),
            *hei_notes(hei, solution, HEI_AIM),
        ]
        notes += [f"day {number}: {note}" for note in held]  # as a one-day plan says them
        day_plans.append(
            DayPlan(
                day=number,
                foods=tuple(food_rows(solution, targets)),
                meals=tuple(meal_items(solution)),
                meal_shares=tuple(_meal_shares(solution)),
                hei=hei,
                nutrients=tuple(nutrient_rows(solution, targets)),
                cost=day_cost(case, solution),
            )
        )
    total = sum(s.objective for s in week.days)
    return WeekPlan(
        **stated_outcome(week.outcome, case.objective, total),
        max_days_per_food=max_days,
        max_days_per_plate=repeat,
        safety_rules=case.safety,
        **stated_person(case),
        days=tuple(day_plans),
        shopping=tuple(shopping_list(week.setup, week.days)),
        notes=tuple(notes),
        cost=week_cost(case, [d.cost for d in day_plans]),
        **stated_safety(case),
    )


def week_cost(case: Case, days: list[Cost | None]) -> Cost | None:
    """The week's cost: the sum of its days' (unknown if any day's is), over as many days."""
    if not days or any(d is None for d in days):
        return None
    known = [d for d in days if d is not None]
    unpriced = tuple(dict.fromkeys(n for d in known for n in d.unpriced))
    priced = [d.usd if d.usd is not None else d.at_least_usd for d in known]
    total = round(sum(p or 0.0 for p in priced), 2)
    return stated_cost(
        None if unpriced else total,
        known[0].price_year,
        unpriced=unpriced,
        at_least=total if unpriced and any(p is not None for p in priced) else None,
        budget=None,
        person=case.person,
        days=len(known),
    )


def _meal_shares(solution: Solution) -> list[MealShare]:
    meals = solution.setup.meals
    if meals is None or solution.meals is None:
        return []
    return meal_shares(meals, solution.meals)


#: The published measure of a healthy day: plans aim at an HEI of at least this.
HEI_AIM = 90.0


def _pattern_name(case: Case) -> str | None:
    p = case.pattern
    if p is None:
        return None
    return f"DGA {p.name.replace('_', ' ')} pattern, {p.level} kcal"


def stated_outcome(outcome: Outcome, objective: Objective, value: float) -> dict[str, Any]:
    """What a day or week plan says about its solve: status, proof, gap, solver, objective."""
    return {
        "status": outcome.label,
        "proven_optimal": outcome.proven,
        "gap": outcome.gap,
        "solver": outcome.solver,
        "objective": ObjectiveValue(
            name=objective, value=round(value, 6), unit=OBJECTIVE_UNITS[objective]
        ),
    }


def stated_person(case: Case) -> dict[str, Any]:
    """Who a day or week plan is for."""
    person = case.person.model_dump() if case.person is not None else None
    return {
        "person": person,
        "group": case.targets.group,
        "diet": case.diet,
        "suspects": case.suspects,
    }


def stated_safety(case: Case) -> dict[str, Any]:
    """The disclaimer every plan carries, and the doctor advice when symptoms or suspected
    nutrients were given (a suspicion is worth a blood test before a diet)."""
    return {
        "urgent": case.urgent,
        "disclaimer": case.info.disclaimer,
        "see_a_doctor": case.info.see_a_doctor if case.symptoms or case.suspects else None,
    }


#: Grams a week's need may pass whole packages by and still be that many packages.
PACKAGE_SLACK_G = 0.1


def purchases(foods: pd.DataFrame, total: pd.Series) -> dict[str, Purchase]:
    """The packages the week's grams (``total``, as eaten, by food) are bought in, by food: a
    food's own package row, else its base food's; the foods of a base row marked ``together``
    are bought together (every egg preparation in dozens of eggs), others apart. A food with a
    yield is bought by its weight as bought (grams eaten / yield): the dry weight of a grain or
    legume bought dry, the whole weight of a banana or of greens that gain water cooking."""
    packages = load_packages()
    names = foods["name"].astype(str)
    base = foods[BASE_COLUMN] if BASE_COLUMN in foods.columns else pd.Series(dtype=object)
    groups: dict[str, list[str]] = {}
    for food in sorted(total.index, key=lambda f: names[f]):
        key = food if food in packages else base.get(food)
        if isinstance(key, str) and key in packages:
            apart = key != food and not packages[key].together
            groups.setdefault(f"{key} {food}" if apart else key, []).append(food)
    out: dict[str, Purchase] = {}
    for key, members in groups.items():
        package = packages[key.split(" ")[0]]
        buy = round(sum(float(total[f]) for f in members) / package.yield_, 1)
        # within a tenth of a gram of whole packages is that many (two apples eaten are two
        # bought, though each weight is rounded to 0.1 g)
        count = max(1, math.ceil((buy - PACKAGE_SLACK_G) / package.grams))
        left = round(max(count * package.grams - buy, 0.0), 1)
        with_ = f" for {', '.join(names[f] for f in members)}" if len(members) > 1 else ""
        dry = " dry weight" if "dry" in package.name.split() else ""
        bought = " as bought" if package.yield_ != 1 and not dry else ""
        text = (
            f"{count} x {package.name} ({package.grams:g} g{' est.' if package.estimate else ''})"
            f": {buy:g} g{dry} needed{bought}, {left:g} g left over{with_}"
        )
        purchase = Purchase(
            package=package.name,
            package_g=package.grams,
            packages=count,
            buy_g=buy,
            left_over_g=left,
            foods=tuple(members),
            names=tuple(names[f] for f in members),
            estimate=package.estimate,
            text=text,
        )
        out.update(dict.fromkeys(members, purchase))
    return out


def shopping_list(setup: Setup, days: list[Solution]) -> list[ShoppingItem]:
    """The week summed by food, in grams, the food's household measure and the packages it is
    bought in."""
    grams = pd.concat([s.grams for s in days])
    total = grams.groupby(level=0).sum()
    count = grams.index.value_counts()
    foods = setup.foods
    bought = purchases(foods, total)
    items = []
    for food in sorted(total.index, key=lambda f: str(foods.at[f, "name"])):
        measure = foods.at[food, "portion_measure"] if "portion_measure" in foods.columns else None
        portion = foods.at[food, "portion_g"] if "portion_g" in foods.columns else np.nan
        items.append(
            ShoppingItem(
                id=str(food),
                name=str(foods.at[food, "name"]),
                grams=round(float(total[food]), 1),
                household=household(
                    float(total[food]),
                    measure if isinstance(measure, str) else None,
                    float(portion),
                ),
                days=int(count[food]),
                buy=bought.get(food),
            )
        )
    return items
