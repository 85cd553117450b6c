"""The Python API is no weaker than the CLI (issue 26, item 8): a wrong type, None, NaN, pd.NA
or True/False where a number is meant is mealfix's own one-line error naming the argument,
numpy numbers are numbers, and the checks the CLI makes (ranges, contradictions) happen before
anything is solved: the solver backend fails the test if it is reached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import mealfix
from conftest import write
from mealfix import Person, PlanRequest, WeekRequest
from mealfix.errors import DataError, UsageError
from mealfix.solve import backends

WOMAN = Person(sex="female", age=30)
NAN = float("nan")


@pytest.fixture(autouse=True)
def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every refusal here comes before the solver: reaching it fails the test."""

    def solved(*args: Any) -> Any:
        raise AssertionError("the solver was reached before the bad value was refused")

    monkeypatch.setattr(backends, "_solve", solved)


GE, LE, FINITE = "greater than or equal to", "less than or equal to", "a finite number"
USUAL = {"objective": "closest"}
#: Options of mealfix.plan (of mealfix.week with ``days``) that must be refused, and words of
#: the one line that says so.
OPTIONS: list[tuple[dict[str, Any], str]] = [
    ({"time_limit": True}, "option time_limit: a number is meant here, not True"),
    ({"time_limit": -1}, f"option time_limit: Input should be {GE} 0"),
    ({"time_limit": NAN}, f"option time_limit: Input should be {FINITE}"),
    ({"time_limit": pd.NA}, "option time_limit: Input should be a valid number"),
    ({"gap": 5}, f"option gap: Input should be {LE} 1"),
    ({"gap": -0.1}, f"option gap: Input should be {GE} 0"),
    ({"budget": True}, "option budget: a number is meant here, not True"),
    ({"budget": 0}, "option budget: Input should be greater than 0"),
    ({"max_foods": -3}, f"option max_foods: Input should be {GE} 1"),
    ({"max_per_group": 0}, f"option max_per_group: Input should be {GE} 1"),
    ({"min_portion": -1}, f"option min_portion: Input should be {GE} 0"),
    ({"min_per_group": {"vegetable": -1}}, f"option min_per_group.vegetable: Input should be {GE}"),
    ({"pattern_range": (1.5, 0.5)}, "--pattern-range must be LOW-HIGH"),
    ({**USUAL, "current": {"09040": NAN}}, f"option current.09040: Input should be {FINITE}"),
    ({**USUAL, "current": {"09040": -5}}, f"option current.09040: Input should be {GE} 0"),
    (
        {"overrides": {"zinc_mg": {"min": NAN}}},
        f"option overrides.zinc_mg.min: Input should be {FINITE}",
    ),
    ({"solver": "gurobi"}, "option solver: Input should be 'highs' or 'cbc'"),
    ({"solver_options": {"no_such": 1}}, "solver option no_such=1: HiGHS has no such option"),
    ({"include": ["09040"], "exclude": ["09040"]}, "--include '09040' and --exclude name the same"),
    ({"include": ["09040:nan"]}, "grams must be a positive, finite number"),
    ({"foods": 5}, "option foods: a int is not accepted here"),
    ({"days": True}, "option days: a number is meant here"),
    ({"days": 3, "max_days": 0}, f"option max_days: Input should be {GE} 1"),
]
B = "09040"  # a banana
score, suspects, curve = mealfix.score, mealfix.suspects, mealfix.budget_curve
#: Other calls that must be refused, and words of the one line that says so.
CASES: list[tuple[Callable[[], object], str]] = [
    (lambda: Person(sex="female", age=True), "Person age=True: a number of years"),
    (lambda: Person(sex="female", age=pd.NA), "Person age=<NA>"),
    (lambda: Person(sex="female", age=NAN), "Person age=nan"),
    (lambda: score(None), "usual must be a CSV path or grams by food"),
    (lambda: score({B: "a lot"}), f"usual['{B}'] must be a number, not 'a lot'"),
    (lambda: score({B: NAN}), f"usual['{B}'] must be a finite number"),
    (lambda: score({B: -100}), f"usual['{B}'] must be 0 or more"),
    (lambda: score({B: None}), f"usual['{B}'] must be a number, not None"),
    (lambda: score({"zzzz": 100}), "usual day food 'zzzz' matches no food"),
    (lambda: score({B: 100}, age=None), "age must be a number, not None"),
    (lambda: score({B: 100}, age=True), "age must be a number, not True"),
    (lambda: score({B: 100}, age=0), "age must be from 1 to 120, not 0"),
    (lambda: score({B: 100}, age=NAN), "age must be a finite number"),
    (lambda: suspects(None), "symptoms must be a list of words"),
    (lambda: suspects([5]), "symptoms: each item must be a word, not 5"),
    (lambda: suspects(["cramps"], top=True), "top must be a number, not True"),
    (lambda: suspects(["cramps"], top=0), "top must be 1 or more, not 0"),
    (lambda: suspects(["cramps"], person="female"), "person must be a mealfix.Person"),
    (lambda: curve(WOMAN, None), "budgets must be a list of numbers"),
    (lambda: curve(WOMAN, [NAN]), "budgets item must be a finite number"),
    (lambda: curve(WOMAN, [-1]), "budgets item must be more than 0"),
    (lambda: curve(WOMAN, [True]), "budgets item must be a number, not True"),
    (lambda: mealfix.load_foods(5), "foods must be a file path, not a int"),
    (lambda: mealfix.load_targets(5), "targets must be a file path"),
    (lambda: mealfix.plan_from_pulp(None, WOMAN), "problem must be the PuLP problem"),
]


@pytest.mark.parametrize(("options", "words"), OPTIONS, ids=[str(c[0]) for c in OPTIONS])
def test_a_bad_option_value_is_one_mealfix_line(options: dict[str, Any], words: str) -> None:
    call = mealfix.week if "days" in options else mealfix.plan
    assert_one_line(lambda: call(WOMAN, **options), words)


@pytest.mark.parametrize(("call", "words"), CASES, ids=[c[1] for c in CASES])
def test_a_bad_python_value_is_one_mealfix_line(call: Callable[[], object], words: str) -> None:
    assert_one_line(call, words)


def assert_one_line(call: Callable[[], object], words: str) -> None:
    with pytest.raises(UsageError) as caught:
        call()
    message = str(caught.value)
    assert words in message and "\n" not in message


def test_numpy_numbers_are_numbers() -> None:
    """np.int64(30) as an age, numpy floats as a time limit and gap: what a notebook holds."""
    person = Person(sex="female", age=np.int64(30))
    assert person.age == 30 and type(person.age) is int
    request = PlanRequest.of(
        person, time_limit=np.float64(5.0), gap=np.float64(0.02), max_foods=np.int64(9)
    )
    assert (request.time_limit, request.gap, request.max_foods) == (5.0, 0.02, 9)
    week = WeekRequest.of(person, days=np.int64(3), max_days=np.int64(2))
    assert (week.days, week.max_days) == (3, 2)
    report = mealfix.suspects("cramps, fatigue", person=person, top=np.int64(2))
    assert len(report.symptoms) == 2 and "Muscle cramps" in report.symptoms
    assert report.ranking and all(len(s.richest_foods) == 2 for s in report.ranking)


def test_score_takes_a_series_and_numpy_numbers() -> None:
    """A pandas Series of grams by id or name, numpy amounts and a numpy age score as a dict
    of plain numbers does."""
    plain = mealfix.score({"09040": 120.0, "Cheddar cheese": 30.0}, age=30)
    usual = pd.Series({"09040": np.float64(120.0), "01009": np.int64(30)}, dtype=object)
    assert mealfix.score(usual, age=np.int64(30)).total == pytest.approx(plain.total)


def test_a_foods_dataframe_is_checked_as_a_csv_is(tmp_path: Path) -> None:
    """A table given as a DataFrame had no checks: a negative amount or a repeated id reached
    the solver. Now each is one line naming the table, as for a CSV file."""
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 5}\n")
    negative = pd.DataFrame({"name": ["A"], "n1": [-1.0]}, index=pd.Index(["A"], name="id"))
    twice = pd.DataFrame({"id": ["A", "A"], "name": ["A", "B"], "n1": [1.0, 2.0]})
    for frame, words in (
        (negative, "column 'n1': -1.0 is negative"),
        (twice, "id 'A' appears twice"),
        (pd.DataFrame(), "has no foods"),
    ):
        with pytest.raises(DataError, match=words):
            mealfix.plan(foods=frame, targets=targets)


def test_a_foods_table_without_any_targeted_nutrient_is_one_line(tmp_path: Path) -> None:
    """Before: 'internal error: ValueError: need at least one array to concatenate'."""
    foods = write(tmp_path / "f.csv", "id,name,n9\nA,Food A,1\n")
    with pytest.raises(DataError, match="has none of the nutrient columns the targets name"):
        mealfix.plan(WOMAN, foods=foods)
