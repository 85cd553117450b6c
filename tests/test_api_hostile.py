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


CASES: list[tuple[str, Callable[[], object], str]] = [
    ("age True", lambda: Person(sex="female", age=True), "Person age=True: a number of years"),
    ("age pd.NA", lambda: Person(sex="female", age=pd.NA), "Person age=<NA>"),
    ("age NaN", lambda: Person(sex="female", age=NAN), "Person age=nan"),
    (
        "time limit True",
        lambda: mealfix.plan(WOMAN, time_limit=True),
        "option time_limit: a number",
    ),
    (
        "time limit < 0",
        lambda: mealfix.plan(WOMAN, time_limit=-1),
        "option time_limit: Input should be greater than or equal to 0",
    ),
    (
        "time limit NaN",
        lambda: mealfix.plan(WOMAN, time_limit=NAN),
        "option time_limit: Input should be a finite number",
    ),
    (
        "time limit pd.NA",
        lambda: mealfix.plan(WOMAN, time_limit=pd.NA),
        "option time_limit: Input should be a valid number",
    ),
    (
        "gap above 1",
        lambda: mealfix.plan(WOMAN, gap=5),
        "option gap: Input should be less than or equal to 1",
    ),
    (
        "gap < 0",
        lambda: mealfix.plan(WOMAN, gap=-0.1),
        "option gap: Input should be greater than or equal to 0",
    ),
    (
        "budget True",
        lambda: mealfix.plan(WOMAN, budget=True),
        "option budget: a number is meant here, not True",
    ),
    (
        "budget 0",
        lambda: mealfix.plan(WOMAN, budget=0),
        "option budget: Input should be greater than 0",
    ),
    (
        "max foods < 1",
        lambda: mealfix.plan(WOMAN, max_foods=-3),
        "option max_foods: Input should be greater than or equal to 1",
    ),
    ("max per group 0", lambda: mealfix.plan(WOMAN, max_per_group=0), "option max_per_group"),
    (
        "min portion < 0",
        lambda: mealfix.plan(WOMAN, min_portion=-1),
        "option min_portion: Input should be greater than or equal to 0",
    ),
    (
        "min group < 0",
        lambda: mealfix.plan(WOMAN, min_per_group={"vegetable": -1}),
        "option min_per_group.vegetable",
    ),
    (
        "pattern range reversed",
        lambda: mealfix.plan(WOMAN, pattern_range=(1.5, 0.5)),
        "--pattern-range must be LOW-HIGH",
    ),
    (
        "usual day NaN",
        lambda: mealfix.plan(WOMAN, objective="closest", current={"09040": NAN}),
        "option current.09040: Input should be a finite number",
    ),
    (
        "usual day < 0",
        lambda: mealfix.plan(WOMAN, objective="closest", current={"09040": -5}),
        "option current.09040: Input should be greater than or equal to 0",
    ),
    (
        "override NaN",
        lambda: mealfix.plan(WOMAN, overrides={"zinc_mg": {"min": NAN}}),
        "option overrides.zinc_mg.min: Input should be a finite number",
    ),
    (
        "unknown solver",
        lambda: mealfix.plan(WOMAN, solver="gurobi"),
        "option solver: Input should be 'highs' or 'cbc'",
    ),
    (
        "unknown HiGHS option",
        lambda: mealfix.plan(WOMAN, solver_options={"no_such": 1}),
        "solver option no_such=1: HiGHS has no such option",
    ),
    (
        "include and exclude",
        lambda: mealfix.plan(WOMAN, include=["09040"], exclude=["09040"]),
        "--include '09040' and --exclude name the same food",
    ),
    (
        "include NaN grams",
        lambda: mealfix.plan(WOMAN, include=["09040:nan"]),
        "grams must be a positive, finite number",
    ),
    (
        "foods an int",
        lambda: mealfix.plan(WOMAN, foods=5),
        "option foods: a int is not accepted here",
    ),
    (
        "week days True",
        lambda: mealfix.week(WOMAN, days=True),
        "option days: a number is meant here",
    ),
    ("week max days 0", lambda: mealfix.week(WOMAN, max_days=0), "option max_days"),
    ("score None", lambda: mealfix.score(None), "usual must be a CSV path or grams by food"),
    (
        "score grams text",
        lambda: mealfix.score({"09040": "a lot"}),
        "usual['09040'] must be a number, not 'a lot'",
    ),
    (
        "score grams NaN",
        lambda: mealfix.score({"09040": NAN}),
        "usual['09040'] must be a finite number",
    ),
    ("score grams < 0", lambda: mealfix.score({"09040": -100}), "usual['09040'] must be 0 or more"),
    (
        "score grams None",
        lambda: mealfix.score({"09040": None}),
        "usual['09040'] must be a number, not None",
    ),
    (
        "score unknown food",
        lambda: mealfix.score({"zzzz": 100}),
        "usual day food 'zzzz' matches no food",
    ),
    (
        "score age None",
        lambda: mealfix.score({"09040": 100}, age=None),
        "age must be a number, not None",
    ),
    (
        "score age True",
        lambda: mealfix.score({"09040": 100}, age=True),
        "age must be a number, not True",
    ),
    (
        "score age 0",
        lambda: mealfix.score({"09040": 100}, age=0),
        "age must be from 1 to 120, not 0",
    ),
    (
        "score age NaN",
        lambda: mealfix.score({"09040": 100}, age=NAN),
        "age must be a finite number",
    ),
    ("symptoms None", lambda: mealfix.suspects(None), "symptoms must be a list of words"),
    (
        "symptoms a number",
        lambda: mealfix.suspects([5]),
        "symptoms: each item must be a word, not 5",
    ),
    (
        "suspects top True",
        lambda: mealfix.suspects(["cramps"], top=True),
        "top must be a number, not True",
    ),
    ("suspects top 0", lambda: mealfix.suspects(["cramps"], top=0), "top must be 1 or more, not 0"),
    (
        "suspects person text",
        lambda: mealfix.suspects(["cramps"], person="female"),
        "person must be a mealfix.Person",
    ),
    (
        "budgets None",
        lambda: mealfix.budget_curve(WOMAN, None),
        "budgets must be a list of numbers",
    ),
    (
        "budgets NaN",
        lambda: mealfix.budget_curve(WOMAN, [NAN]),
        "budgets item must be a finite number",
    ),
    ("budgets < 0", lambda: mealfix.budget_curve(WOMAN, [-1]), "budgets item must be more than 0"),
    (
        "budgets True",
        lambda: mealfix.budget_curve(WOMAN, [True]),
        "budgets item must be a number, not True",
    ),
    ("load_foods an int", lambda: mealfix.load_foods(5), "foods must be a file path, not a int"),
    ("load_targets an int", lambda: mealfix.load_targets(5), "targets must be a file path"),
]


@pytest.mark.parametrize(("call", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_python_value_is_one_mealfix_line(call: Callable[[], object], words: str) -> None:
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
