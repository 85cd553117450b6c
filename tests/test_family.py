"""Rule families behind one interface (``mealfix.model.family``): each priced family prices a
solved day as the model does, and each family's own check finds what breaks its rule in a
finished day, recomputed from the food table and the targets (not from the model's rows)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from mealfix import Person
from mealfix.api import make_case
from mealfix.inputs.targets import Targets
from mealfix.model.day import setup_matrix
from mealfix.model.family import Served
from mealfix.model.food_rules import FoodRules
from mealfix.model.limits import Limits
from mealfix.model.matrix import Matrix
from mealfix.model.request import PlanRequest
from mealfix.model.setup import Setup
from mealfix.solve.backends import forget, solve_matrix
from mealfix.solve.settings import SolverSettings
from mealfix.solve.verify import violations


@dataclass(frozen=True)
class SolvedDay:
    setup: Setup
    targets: Targets
    matrix: Matrix
    values: np.ndarray
    grams: pd.Series


@pytest.fixture(scope="module")
def solved() -> SolvedDay:
    forget()  # solve it here, not from an earlier test's memory
    case = make_case(PlanRequest.of(Person(sex="male", age=45), suspect=["vitamin_d"]))
    setup = case.setup()
    matrix = setup_matrix(setup)
    answer = solve_matrix(matrix, SolverSettings(), gap=0.01)
    assert answer.values is not None
    grams = matrix.column(answer.values, "grams")
    assert grams is not None
    return SolvedDay(setup, case.targets, matrix, answer.values, grams)


def test_each_priced_family_prices_a_solved_day_as_the_model_does(solved: SolvedDay) -> None:
    setup, matrix, values, grams = solved.setup, solved.matrix, solved.values, solved.grams
    assert [type(f).__name__ for f in setup.priced] == ["PatternRows", "HeiRows"]
    for family in setup.priced:
        slacks = family.slack_values(grams)
        assert slacks, family
        in_model = from_slacks = 0.0
        for block, slack in slacks.items():
            where = matrix.blocks[block]
            assert len(slack) == where.stop - where.start, block
            in_model += float(np.dot(matrix.cost[where], values[where]))
            from_slacks += float(np.dot(matrix.cost[where], slack))
        # the solver leaves each priced slack at its cheapest for the day's grams (an unpriced
        # one may take any value): the three prices of the day agree
        assert family.cost(grams) == pytest.approx(in_model, abs=1e-7)
        assert from_slacks == pytest.approx(in_model, abs=1e-7)
        assert family.broken(Served(grams)) == []  # priced: a day leaves a range at a price


def test_the_limits_family_finds_a_nutrient_over_its_upper_limit(solved: SolvedDay) -> None:
    setup, targets = solved.setup, solved.targets
    limits = Limits.of(setup, targets)
    assert limits.broken(Served(solved.grams)) == []
    # the food richest in sodium, by hand from the table, added until the day passes the
    # sodium upper limit (2,300 mg for adults, the DRI's chronic disease risk reduction intake)
    sodium = targets.frame.at["sodium_mg", "max"]
    assert sodium == pytest.approx(2300.0)
    per_gram = setup.foods["sodium_mg"] / 100.0
    salty = per_gram.idxmax()
    day_now = float((per_gram.reindex(solved.grams.index).fillna(0.0) * solved.grams).sum())
    more = solved.grams.copy()
    more[salty] = more.get(salty, 0.0) + (sodium - day_now + 100.0) / per_gram[salty]
    broken = limits.broken(Served(more))
    assert any(b.startswith("sodium_mg ") and "above its maximum 2300" in b for b in broken)


def test_the_food_rules_family_finds_a_piece_under_its_least_portion(solved: SolvedDay) -> None:
    setup = solved.setup
    rules = FoodRules.of(setup, solved.targets)
    assert rules.energy_capped  # a man of 45's targets set a least energy for the day
    assert rules.broken(Served(solved.grams)) == []
    used = solved.grams[solved.grams > 0]
    food = used.index[0]
    least = setup.rules.least_portions * float(setup.foods.at[food, "portion_g"])
    smaller = solved.grams.copy()
    smaller[food] = round(least / 2, 1)
    assert f"{food}: {smaller[food]:g} g is below its least portion {least:g} g" in rules.broken(
        Served(smaller)
    )
    # and the whole check says the same, through every family
    assert any("below its least portion" in b for b in violations(setup, smaller, solved.targets))


def test_the_meal_family_checks_only_a_day_placed_over_its_meals(solved: SolvedDay) -> None:
    meals = solved.setup.meals
    assert meals is not None
    assert meals.broken(Served(solved.grams)) == []  # not placed yet: nothing to check
    first = meals.names[0]
    parts = pd.DataFrame(0.0, index=solved.grams.index, columns=list(meals.names))
    parts[first] = solved.grams  # the whole day at one meal
    broken = meals.broken(Served(solved.grams, parts))
    assert any(f"{first} carries 100.0 % of the energy" in b for b in broken)
