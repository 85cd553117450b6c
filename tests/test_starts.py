"""A day's search starts from the plates of stored near-best days of people like this one
(``solve/starts.py``, ``data/plate_days.csv``): the start is a whole, valid day of the
person's own model, the nearest people come first, and a table that fits nothing starts
nothing."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

from mealfix import Person
from mealfix.inputs.meals import load_meals
from mealfix.inputs.plate_days import Kin, plate_days
from mealfix.model.case import make_case
from mealfix.model.day import setup_matrix
from mealfix.model.request import PlanRequest
from mealfix.solve import starts

ROOT = Path(__file__).resolve().parent.parent


def _matrix(**options: Any) -> Any:
    """The day model of a breastfeeding vegetarian of 38 (no stored person is 38)."""
    person = Person(sex="female", age=38, stage="lactation")
    request = PlanRequest(person=person, diet="vegetarian", **options)
    return setup_matrix(make_case(request).setup())


def test_the_nearest_people_come_first() -> None:
    """By hand: the same diet outweighs everything else; then another sex (2) comes before
    a suspicion not shared (10), which comes before 500 kcal apart (20); sharing one of two
    suspicions counts half (5)."""
    rows = [
        (0, "female", 40, 2000, "female_31_50", "none", "vegan", "calcium_mg"),  # 100
        (1, "female", 40, 2500, "female_31_50", "none", "vegetarian", "calcium_mg"),  # 20
        (2, "male", 40, 2000, "female_31_50", "none", "vegetarian", "calcium_mg"),  # 2
        (3, "female", 40, 2000, "female_31_50", "none", "vegetarian", "magnesium_mg"),  # 10
        (4, "female", 40, 2000, "female_31_50", "none", "vegetarian", "calcium_mg+iron_mg"),  # 5
    ]
    columns = ["day", "sex", "age", "energy_kcal", "group", "stage", "diet", "suspects"]
    table = pd.DataFrame(rows, columns=columns)
    kin = Kin("female", 2000, "female_31_50", "none", "vegetarian", ("calcium_mg",))
    assert list(kin.nearest(table)) == [2, 4, 3, 1, 0]


def test_a_toddler_day_is_another_model() -> None:
    """Boys of 1 and of 2 both need 1,000 kcal (DGA Appendix 2) in one DRI group, but a day in
    the second year of life follows the DGA's pattern for 12-23 months and no HEI: the models
    differ, and a stored day of the other kind ranks behind one 400 kcal apart (16 < 20)."""
    setups = [
        make_case(PlanRequest(person=Person(sex="male", age=age), diet="omnivore")).setup()
        for age in (1, 2)
    ]
    one, two = (s.kin for s in setups)
    assert one is not None and two is not None
    assert (one.energy, one.group) == (two.energy, two.group) == (1000, "children_1_3")
    assert (one.toddler, two.toddler) == (True, False)
    assert setup_matrix(setups[0]).fingerprint() != setup_matrix(setups[1]).fingerprint()
    columns = ["day", "sex", "age", "energy_kcal", "group", "stage", "diet", "suspects"]
    rows = [
        (0, "male", 1, 1000, "children_1_3", "none", "omnivore", ""),
        (1, "male", 3, 1400, "children_1_3", "none", "omnivore", ""),
    ]
    table = pd.DataFrame(rows, columns=columns)
    assert list(two.nearest(table)) == [1, 0]
    assert list(one.nearest(table)) == [0, 1]


def test_people_with_the_same_model_start_alike() -> None:
    """Men of 31 and 34 share a DGA energy band (2,600 kcal) and a DRI group, so their day
    models are equal: so is whom the day is for, and with it the stored days they start
    from (a batch or a notebook may answer one from the other's remembered day)."""
    kins, models = [], []
    for age in (31, 34):
        request = PlanRequest(person=Person(sex="male", age=age), diet="omnivore")
        setup = make_case(request).setup()
        kins.append(setup.kin)
        models.append(setup_matrix(setup).fingerprint())
    assert models[0] == models[1]
    assert kins[0] == kins[1]
    assert kins[0] is not None and kins[0].energy == 2600


def _valid(matrix: Any, day: Any) -> None:
    """Recomputed outside HiGHS: every row of the model holds for ``day`` (A x within the row
    bounds), every column within its bounds, every yes/no column whole, its objective is
    cost . x, and its plates are exactly those of one stored day."""
    x = day.values
    shape = (len(matrix.row_lower), len(matrix.cost))
    pointers = np.append(matrix.starts, len(matrix.index))  # HiGHS leaves off the last one
    activity = csr_matrix((matrix.value, matrix.index, pointers), shape=shape) @ x
    assert np.all(activity >= matrix.row_lower - 1e-6)
    assert np.all(activity <= matrix.row_upper + 1e-6)
    assert np.all(x >= matrix.col_lower - 1e-9) and np.all(x <= matrix.col_upper + 1e-9)
    whole = x[matrix.integer]
    assert np.allclose(whole, np.round(whole))
    assert day.outcome.objective == pytest.approx(float(matrix.cost @ x), rel=1e-6)
    plates = matrix.block_index["plate"]
    served = {tuple(p) for p in plates[x[matrix.blocks["plate"]] > 0.5]}
    table = plate_days()
    stored = table.groupby("day").apply(lambda d: set(zip(d["food"], d["meal"], strict=True)))
    assert any(served == s for s in stored)


def test_the_start_is_a_valid_day_of_the_persons_own_model() -> None:
    """The start of a day is a whole day of the person's own model (:func:`_valid`)."""
    matrix = _matrix()
    day = starts.plate_start(matrix)
    assert day is not None and day.values is not None
    _valid(matrix, day)


def test_a_food_asked_for_is_in_the_start_or_there_is_none() -> None:
    """A food asked for (--include) is held in the model; a stored day without it is no
    start. Asking for a food of her usual start keeps a start, with that food in it; asking
    for raw broccoli, which none of her nearest stored days has, leaves none (the search
    then finds its first day itself)."""
    usual = starts.plate_start(_matrix())
    assert usual is not None and usual.values is not None
    use = _matrix().blocks["use"]
    foods = _matrix().block_index["use"]
    kept = str(foods[np.flatnonzero(usual.values[use] > 0.5)[0]])
    for include, expect_start in ((kept, True), ("11090", False)):
        matrix = _matrix(include=(include,))
        day = starts.plate_start(matrix)
        assert (day is not None) is expect_start, include
        if day is not None:
            _valid(matrix, day)
            where = matrix.blocks["use"].start + matrix.block_index["use"].get_loc(include)
            assert day.values is not None and day.values[where] == pytest.approx(1.0)


def test_a_table_that_fits_no_model_starts_nothing(monkeypatch: Any) -> None:
    """A stored day with a food this model does not have (another food table) is skipped;
    a model with no person (a table and targets of one's own) has no kin to rank by."""
    matrix = _matrix()
    alien = pd.DataFrame(
        [(0, "female", 38, "lactation", "vegetarian", "", 2300, "x", "99999", "lunch", 0)],
        columns=[
            *["day", "sex", "age", "stage", "diet", "suspects", "energy_kcal", "group"],
            *["food", "meal", "same"],
        ],
    )
    monkeypatch.setattr(starts, "plate_days", lambda: alien)
    assert starts.plate_start(matrix) is None
    monkeypatch.undo()
    assert starts.plate_start(replace(matrix, kin=None)) is None


def test_stored_days_name_real_foods_and_meals_and_no_benchmark_persona() -> None:
    """Every stored plate is a food of data/foods.csv at a meal of data/meals.yaml, every
    suspicion a nutrient of the targets, and none of the benchmark's 20 personas (sex, age,
    life stage, diet, all moderately active) is a stored person. A stored person may still
    share a persona's model (Kin level, diet and suspicions: a sedentary girl of 2 is the
    benchmark's moderately active one); benchmarks/README.md says which personas do."""
    table = plate_days()
    foods = pd.read_csv(ROOT / "data" / "foods.csv", dtype={"id": str}, usecols=["id"])
    assert set(table["food"]) <= set(foods["id"])
    assert set(table["meal"]) <= set(load_meals().meals)
    # suspicions as the model names them (calcium_mg), as a day's kin does, not as typed
    nutrients = make_case(PlanRequest(person=Person(sex="male", age=40))).targets.frame.index
    stored = {s for text in table["suspects"] for s in text.split("+") if s}
    assert stored and stored <= set(nutrients)
    source = (ROOT / "benchmarks" / "run.py").read_text()
    tree = ast.parse(source)
    personas = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "PERSONAS"
    )
    benchmark = {tuple(p[:4]) for p in ast.literal_eval(personas)}
    assert len(benchmark) == 20
    moderate = table[table["activity"] == "moderate"]
    stored = set(moderate[["sex", "age", "stage", "diet"]].itertuples(index=False, name=None))
    assert not benchmark & stored


def test_stored_energy_needs_are_the_dga_needs_of_the_stored_people() -> None:
    """Each stored person's ``energy_kcal`` is their DGA calorie need (Appendix 2, at their
    activity) as ``data/calorie_needs.yaml`` gives it: a moderately active man of 30 needs
    2,600 kcal (Table A2-2, ages 26-30), a sedentary girl of 2 1,000 kcal (Table A2-1), and
    every other row agrees with the same lookup."""
    from mealfix.inputs.energy import energy_need

    table = plate_days()
    who = table[["sex", "age", "stage", "activity", "energy_kcal"]].drop_duplicates()
    man = who[(who["sex"] == "male") & (who["age"] == 30) & (who["activity"] == "moderate")]
    assert set(man["energy_kcal"]) == {2600}
    girl = who[(who["sex"] == "female") & (who["age"] == 2)]
    assert set(girl["activity"]) == {"sedentary"} and set(girl["energy_kcal"]) == {1000}
    for sex, age, stage, activity, kcal in who.itertuples(index=False, name=None):
        need = energy_need(Person(sex=sex, age=int(age), stage=stage), activity)
        assert kcal == pytest.approx(need.kcal), (sex, age, stage, activity)
