"""Meals inside the day model: breakfast, lunch, dinner and snacks, checked from the data files.

Every expectation here is recomputed from data/foods.csv and data/food_groups.csv with the csv
module, not from mealfix's own totals.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, read_foods_csv, run_cli, write
from mealfix.errors import DataError
from mealfix.inputs.meals import load_meals, role_least

#: The ranges issue 14 asks for, in % of the day's energy.
RANGES = {"breakfast": (20, 30), "lunch": (25, 35), "dinner": (25, 35), "snack": (0, 20)}


def _groups() -> dict[tuple[str, str], float]:
    """(food id, group) -> equivalents per 100 g; beans count as vegetables for an omnivore
    (DGA: in one group only)."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    with (DATA / "food_groups.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["group"] == "protein_foods" and row["subgroup"] == "beans_peas_lentils":
                continue
            out[row["id"], row["group"]] += float(row["per_100g"])
    return out


@pytest.fixture(scope="module")
def day() -> dict:
    run = run_cli("plan", "--sex", "male", "--age", "45", "--format", "json")
    assert run.code == 0, run.stderr
    return run.json()


def test_the_bundled_meal_ranges_are_the_ones_asked_for() -> None:
    doc = load_meals()
    assert {m: tuple(s.energy_pct) for m, s in doc.meals.items()} == RANGES


def test_every_food_has_a_meal_and_its_parts_add_up_to_its_grams(day: dict) -> None:
    parts: dict[str, float] = defaultdict(float)
    for item in day["meals"]:
        parts[item["id"]] += item["grams"]
    for food in day["foods"]:
        assert food["meal"] in RANGES
        assert parts[food["id"]] == pytest.approx(food["grams"], abs=0.05)


def test_each_food_sits_only_in_meals_it_suits(day: dict) -> None:
    foods = read_foods_csv()
    for item in day["meals"]:
        listed = foods[item["id"]]["meals"].split(";")
        assert item["meal"] in listed, (item["name"], item["meal"], listed)


def test_meal_energy_shares_recomputed_from_the_food_table_are_in_range(day: dict) -> None:
    foods = read_foods_csv()
    kcal: dict[str, float] = defaultdict(float)
    for item in day["meals"]:
        kcal[item["meal"]] += float(foods[item["id"]]["energy_kcal"]) * item["grams"] / 100
    total = sum(kcal.values())
    for meal, (low, high) in RANGES.items():
        pct = 100 * kcal[meal] / total
        assert low - 1.0 <= pct <= high + 1.0, (meal, pct)  # the 1 point mealfix checks with


def test_lunch_and_dinner_hold_a_vegetable_and_a_protein_food_breakfast_a_grain_dairy_or_fruit(
    day: dict,
) -> None:
    """Lunch and dinner each hold one protein food and one or two vegetables, each at least
    half a typical portion (a man of 45 needs 2,600 kcal: no shrinking); breakfast holds a
    quarter of the day's grains, dairy or fruit (data/meals.yaml)."""
    groups = _groups()
    foods = read_foods_csv()
    held: dict[tuple[str, str], float] = defaultdict(float)
    for item in day["meals"]:
        for group in ("vegetables", "protein_foods", "grains", "dairy", "fruits"):
            held[item["meal"], group] += groups.get((item["id"], group), 0.0) * item["grams"] / 100
    protein = {"meat", "poultry", "fish", "shellfish", "egg", "soy", "legume"}
    for meal in ("lunch", "dinner"):
        here = [(foods[i["id"]], i["grams"]) for i in day["meals"] if i["meal"] == meal]
        mains = [(row, g) for row, g in here if row["category"] in protein]
        greens = [(row, g) for row, g in here if row["category"] == "vegetable"]
        assert len(mains) == 1 and 1 <= len(greens) <= 2, (meal, [r["name"] for r, _ in here])
        for row, grams in mains + greens:
            assert grams >= 0.5 * float(row["portion_g"]) - 0.1, (meal, row["name"], grams)
    pattern = {g["group"]: g["pattern"] for g in day["food_groups"]}
    breakfast = sum(
        held["breakfast", g] / pattern[g] for g in ("grains", "dairy", "fruits") if pattern.get(g)
    )
    assert breakfast >= 0.25 * 0.99


def test_the_table_shows_the_day_by_meal() -> None:
    run = run_cli("plan", "--sex", "female", "--age", "8")
    assert run.code == 0, run.stderr
    section = run.stdout.split("The day by meal", 1)[1].split("\n\n", 1)[0].splitlines()
    rows = section[[line.startswith("-") for line in section].index(True) + 1 :]
    # a meal is named on its first row (its other foods' rows start blank)
    assert [line.split()[0] for line in rows if line[:1].isalpha()] == list(RANGES)


def test_no_meals_turns_the_meal_rules_off() -> None:
    run = run_cli("plan", "--sex", "female", "--age", "40", "--no-meals", "--format", "json")
    assert run.code == 0, run.stderr
    assert run.json()["meals"] == [] and all(f["meal"] is None for f in run.json()["foods"])


def test_a_table_whose_foods_suit_no_breakfast_is_a_clear_no(tmp_path: Path) -> None:
    """Four foods, all dinner only: breakfast cannot carry its 20 % of the energy."""
    foods = write(
        tmp_path / "foods.csv",
        "id,name,meals,energy_kcal,protein_g\nA,Rice,dinner,130,2.7\nB,Lentils,dinner,116,9\n"
        "C,Peas,dinner,84,5.4\nD,Barley,dinner,123,2.3\n",
    )
    targets = write(tmp_path / "t.yaml", "nutrients:\n  energy_kcal: {min: 200, max: 300}\n")
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets))
    assert run.code == 1
    assert "meal rules" in run.stderr and "--no-meals" in run.stderr
    assert run_cli("plan", "--foods", str(foods), "--targets", str(targets), "--no-meals").code == 0


def test_a_meals_file_whose_shares_cannot_make_a_day_is_one_line(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "meals.yaml",
        "schema: mealfix-meals/1\nmeals:\n  lunch: {energy_pct: [10, 40]}\n",
    )
    with pytest.raises(DataError, match="cannot make 100 %"):
        load_meals(bad)


def test_a_plate_protein_food_is_at_least_one_ounce_equivalent() -> None:
    """MyPlate: 2 tablespoons of hummus (30 g) or 1/4 cup of natto count as 1 oz-eq; a plate's
    protein food is at least that (half of it on a 1,000 kcal day), other roles set nothing."""
    doc = load_meals()
    foods = read_foods_csv()
    ids = ["16158", "16113", "09003"]  # hummus, natto, an apple
    role = doc.role_of(pd.Series({f: foods[f]["category"] for f in ids}))
    least = role_least(doc, role, 1.0)
    assert least["16158"] == pytest.approx(30.0, abs=0.01)
    assert least["16113"] == pytest.approx(43.75, abs=0.01)  # 1/4 cup of a 175 g cup
    assert math.isnan(least["09003"])
    assert role_least(doc, role, 0.5)["16158"] == pytest.approx(15.0, abs=0.01)


def test_a_role_least_of_an_unknown_food_group_is_one_line() -> None:
    doc = load_meals()
    roles = {**doc.roles, "protein": doc.roles["protein"].model_copy(update={"least": {"prot": 1}})}
    bad = doc.model_copy(update={"roles": roles})
    role = pd.Series({"16158": "protein"})
    with pytest.raises(
        DataError, match=r"meals\.yaml, role 'protein': sets a least 'prot', which is not a group"
    ):
        role_least(bad, role, 1.0)


def test_an_amount_asked_for_stands_under_the_protein_least() -> None:
    """--include hummus at 10 g (a third of an oz-eq): the plan serves the 10 g asked for."""
    run = run_cli(
        "plan", "--sex", "female", "--age", "40", "--include", "16158:10", "--format", "json"
    )
    assert run.code == 0, run.stderr
    pieces = [m["grams"] for m in run.json()["meals"] if m["id"] == "16158"]
    assert sum(pieces) == pytest.approx(10.0, abs=0.05)
