"""Priced rule families (the food pattern, the HEI) agree with the model they add to: at a
solved day, each family's recomputed price, and the price of its slack values, are what the
model's own columns cost."""

from __future__ import annotations

import numpy as np
import pytest

from mealfix import Person
from mealfix.api import make_case
from mealfix.model.day import setup_matrix
from mealfix.model.request import PlanRequest
from mealfix.solve.backends import forget, solve_matrix
from mealfix.solve.settings import SolverSettings


def test_each_priced_family_prices_a_solved_day_as_the_model_does() -> None:
    forget()  # solve it here, not from an earlier test's memory
    case = make_case(PlanRequest.of(Person(sex="male", age=45), suspect=["vitamin_d"]))
    setup = case.setup()
    assert [type(f).__name__ for f in setup.priced] == ["PatternRows", "HeiRows"]
    matrix = setup_matrix(setup)
    solved = solve_matrix(matrix, SolverSettings(), gap=0.01)
    assert solved.values is not None
    grams = matrix.column(solved.values, "grams")
    assert grams is not None
    for family in setup.priced:
        slacks = family.slack_values(grams)
        assert slacks, family
        in_model = from_slacks = 0.0
        for block, values in slacks.items():
            where = matrix.blocks[block]
            assert len(values) == where.stop - where.start, block
            in_model += float(np.dot(matrix.cost[where], solved.values[where]))
            from_slacks += float(np.dot(matrix.cost[where], values))
        # the solver leaves each priced slack at its cheapest for the day's grams (an unpriced
        # one may take any value): the three prices of the day agree
        assert family.cost(grams) == pytest.approx(in_model, abs=1e-7)
        assert from_slacks == pytest.approx(in_model, abs=1e-7)
