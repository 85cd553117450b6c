"""The fast paths must give the answers of the slow ones.

A day's model goes to HiGHS as arrays, is re-solved in place when only bounds change (rounding,
a batch), and proven answers are remembered per process. Each shortcut is checked here against
an answer worked out by hand or against a fresh solve.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import mealfix
import mealfix.solve.backends
from conftest import hand_files, write
from mealfix.inputs.person import Person
from mealfix.model.case import make_case
from mealfix.model.request import PlanRequest
from mealfix.solve.highs import Engine
from mealfix.solve.settle import solve_case

# The three foods of test_hand_solved: with C at $0.80 the cheapest day is A 50 g + C 100 g
# ($1.30). With C at $1.20, C no longer pays (100 g of C = $1.20 buys what A 50 g + B 50 g buy
# for $1.00), so the cheapest day is A 100 g + B 50 g ($1.50).


def grams(plan: mealfix.Plan) -> dict[str, float]:
    return {f.id: f.grams for f in plan.food_items}


def test_rounding_that_tightening_cannot_mend_is_solved_in_whole_tenths(tmp_path: Path) -> None:
    """n must be exactly 0.1. A (0.03 n per g) alone needs 3.333... g: 3.3 g gives 0.099 and
    3.4 g gives 0.102, and tightening both sides of an equality leaves no room. In whole tenths
    of a gram, 3a + b = 100 (a, b tenths of A and B) at the least cost a + b: a = 33, b = 1,
    i.e. A 3.3 g + B 0.1 g = 0.099 + 0.001 = 0.1 n, for $0.034."""
    foods = write(tmp_path / "f.csv", "id,name,n,price\nA,Food A,3,1.00\nB,Food B,1,1.00\n")
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n: {min: 0.1, max: 0.1}\n")
    plan = mealfix.plan(foods=foods, targets=targets, objective="cost")
    assert grams(plan) == {"A": 3.3, "B": 0.1}
    assert plan.objective.value == pytest.approx(0.034)
    assert plan.nutrients.loc["n", "amount"] == pytest.approx(0.1, rel=1e-9)


def test_a_changed_food_table_is_solved_again_not_remembered(tmp_path: Path) -> None:
    foods, targets = hand_files(tmp_path)
    frame = mealfix.load_foods(foods)
    first = mealfix.plan(foods=frame, targets=targets, objective="cost")
    assert first.objective.value == pytest.approx(1.30)
    frame.loc["C", "price"] = 1.20
    second = mealfix.plan(foods=frame, targets=targets, objective="cost")
    assert second.objective.value == pytest.approx(1.50)
    assert grams(second) == {"A": 100.0, "B": 50.0}


def test_an_edited_foods_file_is_read_again(tmp_path: Path) -> None:
    path, targets = hand_files(tmp_path)
    assert mealfix.plan(foods=path, targets=targets, objective="cost").objective.value == (
        pytest.approx(1.30)
    )
    before = path.stat().st_mtime_ns
    hand_files(tmp_path, c_price="1.20")  # the same size: only the time tells the change
    os.utime(path, ns=(before + 10**9, before + 10**9))
    assert mealfix.plan(foods=path, targets=targets, objective="cost").objective.value == (
        pytest.approx(1.50)
    )


def test_a_kept_engine_changes_bounds_and_gives_a_fresh_engines_plan() -> None:
    """Batch workers keep one HiGHS model and change only bounds between people: the second
    person's plan must be the one a fresh HiGHS gives, and the model must really be reused."""
    person = Person(sex="male", age=45)
    loose = {"diet": "vegetarian", "gap": 0.05}  # the engine is under test, not the 1 %
    first = make_case(PlanRequest.of(person, **loose))
    second = make_case(PlanRequest.of(person, **loose, suspect=["calcium", "potassium"]))
    mealfix.solve.backends.forget()  # remembered answers would skip the engine
    engine = Engine()
    solve_case(first, engine=engine)
    kept = engine.matrix
    reused = solve_case(second, engine=engine).solution
    assert kept is not None and engine.matrix is not None
    assert kept.same_structure(engine.matrix)  # only bounds changed: nothing was rebuilt
    assert not (kept.row_lower == engine.matrix.row_lower).all()
    mealfix.solve.backends.forget()  # the fresh solve below must really solve
    fresh = solve_case(second, engine=Engine()).solution
    pd.testing.assert_series_equal(reused.grams, fresh.grams)
    assert reused.outcome.objective == pytest.approx(fresh.outcome.objective, rel=1e-9)
