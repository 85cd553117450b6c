"""Stored near-best weeks (``data/plate_weeks.csv``), from which a week starts: each keeps the
week's rules, read here with the csv module only, and a week's starting days are chosen from
the nearest stored week's foods, only under the rules it was planned under."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

import pytest

from conftest import DATA

#: The people of benchmarks/weeks.py (sex, age, stage, diet, suspicions): the store holds none
#: of them, so that benchmark measures weeks started from someone else's.
BENCHMARK_WEEKS = {
    ("female", 34, "none", "vegan", ("magnesium", "vitamin_b12")),
    ("male", 6, "none", "vegetarian", ()),
    ("male", 11, "none", "pescatarian", ("calcium",)),
    ("male", 25, "none", "omnivore", ()),
    ("female", 27, "none", "pescatarian", ()),
    ("male", 33, "none", "vegetarian", ("magnesium",)),
    ("female", 48, "none", "vegetarian", ()),
    ("female", 62, "none", "omnivore", ("calcium", "vitamin_d")),
    ("female", 80, "none", "omnivore", ("vitamin_b12",)),
    ("female", 29, "pregnancy", "vegetarian", ()),
    ("female", 24, "lactation", "omnivore", ("potassium",)),
}


def _weeks() -> dict[str, list[dict[str, str]]]:
    with (DATA / "plate_weeks.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    weeks: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        weeks[row["week"]].append(row)
    return weeks


def _daily(row: dict[str, str]) -> bool:
    """A drink or cooking fat (data/meals.yaml two_meals), which may be on every day."""
    from mealfix.inputs.meals import load_meals

    two = load_meals().two_meals
    return row["category"] in two.categories or row["cap_group"] in two.cap_groups


def test_every_stored_week_keeps_the_week_rules(foods_csv: dict[str, dict[str, str]]) -> None:
    """7 days, at least 5 different menus, each base food on at most 3 days and each lunch or
    dinner plate on at most 2 (drinks and fats aside), every food of the person's diet and
    served at a meal it suits; one week per person of every diet."""
    weeks = _weeks()
    assert len(weeks) >= 40
    for number, rows in weeks.items():
        diet = rows[0]["diet"]
        assert {r["diet"] for r in rows} == {diet}, number
        days: dict[str, set[str]] = defaultdict(set)
        plates: Counter[frozenset[str]] = Counter()
        for row in rows:
            food = foods_csv[row["food"]]
            assert diet == "omnivore" or food[diet] == "true", (number, row["food"])
            assert row["meal"] in food["meals"].split(";"), (number, row["food"])
            days[row["day"]].add(row["food"])
        assert sorted(days) == [str(d) for d in range(1, 8)], number
        assert len({frozenset(foods) for foods in days.values()}) >= 5, number
        bases: Counter[str] = Counter()
        for day, foods in days.items():
            bases.update({foods_csv[f]["base"] for f in foods if not _daily(foods_csv[f])})
            for meal in ("lunch", "dinner"):
                served = [r["food"] for r in rows if r["day"] == day and r["meal"] == meal]
                plates[
                    frozenset(foods_csv[f]["base"] for f in served if not _daily(foods_csv[f]))
                ] += 1
        assert max(bases.values()) <= 3, number
        assert max(plates.values()) <= 2, number


def test_no_person_of_the_week_benchmark_is_stored() -> None:
    """Nor anyone with the same day model: sex, energy need, DRI group, life stage, diet and
    suspicions (what a day's model and ``Kin`` are fixed by)."""
    from mealfix import Person
    from mealfix.model.case import make_case
    from mealfix.model.request import WeekRequest

    rows = [r[0] for r in _weeks().values()]
    assert not {(r["sex"], int(r["age"]), r["stage"], r["diet"]) for r in rows} & BENCHMARK_WEEKS
    stored = {(r["sex"], float(r["energy_kcal"]), r["group"], r["stage"], r["diet"]) for r in rows}
    for sex, age, stage, diet, suspects in BENCHMARK_WEEKS:
        person = Person(sex=sex, age=age, stage=stage)
        kin = make_case(WeekRequest.of(person, diet=diet, suspect=list(suspects))).kin()
        assert kin is not None
        model = (kin.sex, kin.energy, kin.group, kin.stage, kin.diet)
        assert suspects or model not in stored, (sex, age, stage, diet)


def _case(**options: Any) -> Any:
    from mealfix import Person
    from mealfix.model.case import make_case
    from mealfix.model.request import WeekRequest

    return make_case(WeekRequest.of(Person(sex="female", age=34), diet="vegan", **options))


def _start(case: Any, days: int = 7, k: int = 3, repeat: int = 2) -> Any:
    from mealfix.solve.rotation import stored_start
    from mealfix.solve.settings import SolverSettings
    from mealfix.solve.variety import variety_of

    setup = case.setup()
    variety = variety_of(setup, setup.foods.index, k, repeat)
    return stored_start(case, setup, days, k, SolverSettings.of(case.request), variety)


def test_a_week_starts_from_the_nearest_stored_weeks_foods() -> None:
    """The README's vegan (34, magnesium and B12): seven starting days, each chosen again on
    the foods of a day of one stored vegan week (none of them her own)."""
    days, costs = _start(_case(suspect=["magnesium", "vitamin_b12"]))
    assert len(days) == len(costs) == 7
    vegan = [rows for rows in _weeks().values() if rows[0]["diet"] == "vegan"]
    menus = [
        [{r["food"] for r in rows if r["day"] == str(d)} for d in range(1, 8)] for rows in vegan
    ]
    assert any(all(any(set(g.index) <= m for m in week) for g in days) for week in menus)


@pytest.mark.parametrize("rules", [(5, 3, 2), (7, 2, 2), (7, 3, 1)])
def test_stored_weeks_start_only_weeks_of_their_own_rules(rules: tuple[int, int, int]) -> None:
    """Stored weeks were planned as 7 days, a base food on at most 3 and a plate on at most 2:
    fewer days or tighter rules start from the rotation."""
    assert _start(_case(), *rules) is None


def test_a_foods_table_of_ones_own_starts_from_the_rotation() -> None:
    """Ids of a user's table name other foods than the stored weeks' ids."""
    case = _case()
    assert (
        _start(replace(case, request=case.request.replaced(foods=str(DATA / "foods.csv")))) is None
    )
