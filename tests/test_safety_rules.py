"""Life-stage safety rules (data/safety.yaml) on tables small enough to solve by hand.

A two-group DRI targets file (children 1-18, adults 19+) asks for n1 >= 10 g, and sodium
>= 100 mg (an AI); the objective is fewest portions; meals and food groups are off. Each test
writes the few foods it needs, per 100 g, and checks what a person would see in the plan.
Then the same rules on the bundled tables, through the case a plan is chosen from (no solve).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, write
from mealfix.inputs.person import Person
from mealfix.model.case import make_case
from mealfix.model.request import PlanRequest

HEADER = (
    "id,name,n1_g,sodium_mg,cholesterol_mg,caffeine_mg,"
    "portion_g,portion_measure,max_g,category,tags\n"
)
TARGETS = """schema: mealfix-dri/1
groups:
  children: {sex: any, age_min: 1, age_max: 18}
  adults: {sex: any, age_min: 19, age_max: 120}
nutrients:
  n1_g:
    values: {children: {rda: 10}, adults: {rda: 10}}
  sodium_mg:
    values: {children: {ai: 100}, adults: {ai: 100}}
"""
#: A plain food that meets n1 alone in one portion, with no sodium.
PLAIN = "A,Plain food,10,0,0,0,100,1 cup,1000,g,\n"
SALT = "S,Salt,0,38758,0,0,1.5,1/4 tsp,3,condiment,salty_condiment\n"


def plan(tmp_path: Path, foods: str, age: int, *args: str) -> dict[str, Any]:
    """The JSON plan for a person of ``age`` choosing from ``foods``."""
    table = write(tmp_path / "foods.csv", HEADER + foods)
    targets = write(tmp_path / "targets.yaml", TARGETS)
    run = run_cli(
        "plan",
        *("--foods", str(table), "--targets", str(targets)),
        *("--age", str(age), "--sex", "female", "--no-meals", "--min-group", "none"),
        *("--format", "json", *args),
    )
    assert run.code == 0, run.stderr
    out: dict[str, Any] = run.json()
    return out


def grams(plan_json: dict[str, Any]) -> dict[str, float]:
    return {f["id"]: f["grams"] for f in plan_json["foods"]}


def nutrient(plan_json: dict[str, Any], key: str) -> dict[str, Any]:
    row: dict[str, Any] = next(n for n in plan_json["nutrients"] if n["nutrient"] == key)
    return row


# ------------------------------------------------------------------ salt and sodium


def test_salt_is_never_chosen_for_sodium_and_the_shortfall_is_reported(tmp_path: Path) -> None:
    day = plan(tmp_path, PLAIN + SALT, 30)
    assert grams(day) == {"A": pytest.approx(100)}
    sodium = nutrient(day, "sodium_mg")
    assert sodium["soft"] and sodium["amount"] == 0 and sodium["min"] == 100
    assert "AI" in sodium["note"]


@pytest.mark.parametrize("way", [("--suspect", "sodium"), ("--include", "S")])
def test_salt_is_used_when_sodium_is_suspected_or_salt_is_included(
    tmp_path: Path, way: tuple[str, str]
) -> None:
    day = plan(tmp_path, PLAIN + SALT, 30, *way)
    assert "S" in grams(day)
    assert nutrient(day, "sodium_mg")["amount"] >= 100
    if way[0] == "--suspect":  # suspected: a hard minimum again
        assert not nutrient(day, "sodium_mg")["soft"]


# ------------------------------------------------------------------ eggs and cholesterol

RAW_AND_COOKED = (
    "R,Egg raw,20,0,0,0,50,1 large,150,egg,raw_egg\n"
    "H,Egg hard-boiled,10,0,0,0,50,1 large,150,egg,\n"
)
#: In portions, E costs 1 and N 100/95 = 1.053; 300 mg of cholesterol at 0.0008 a mg adds 0.24.
CHOLESTEROL = (
    "E,High cholesterol food,10,0,300,0,100,1 cup,1000,g,\n"
    "N,No cholesterol food,10,0,0,0,95,1 cup,1000,g,\n"
)


@pytest.mark.parametrize(
    ("foods", "rule", "chosen", "lifted"),
    [
        # The raw egg would meet n1 in one egg (1 portion); two cooked eggs are needed instead.
        (RAW_AND_COOKED, "cooked_eggs", {"H": 100}, {"R": 50}),
        (CHOLESTEROL, "dietary_cholesterol", {"N": 100}, {"E": 100}),
    ],
)
def test_the_rule_decides_the_food_until_it_is_lifted(
    tmp_path: Path, foods: str, rule: str, chosen: dict[str, float], lifted: dict[str, float]
) -> None:
    assert grams(plan(tmp_path, foods, 30)) == pytest.approx(chosen)
    unruled = plan(tmp_path, foods, 30, "--allow", rule)
    assert grams(unruled) == pytest.approx(lifted)
    assert any(rule in note and "lifted" in note for note in unruled["notes"])


def test_cholesterol_is_shown(tmp_path: Path) -> None:
    shown = nutrient(plan(tmp_path, CHOLESTEROL, 30), "cholesterol_mg")
    assert shown["amount"] == 0 and shown["min"] is None and shown["max"] is None
    # In the text plan too, where only the focus rows and those at a limit are listed first.
    table = write(tmp_path / "foods.csv", HEADER + CHOLESTEROL)
    targets = write(tmp_path / "targets.yaml", "focus: [sodium_mg]\n" + TARGETS)
    run = run_cli(
        "plan",
        *("--foods", str(table), "--targets", str(targets), "--age", "30", "--sex", "male"),
        *("--no-meals", "--min-group", "none"),
    )
    assert run.code == 0, run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("Cholesterol"))
    assert row.split()[1] == "0" and "as low as possible" in row


# ------------------------------------------------------------------ caffeine

COFFEE = "C,Coffee,40,0,0,40,237,1 cup,711,beverage,caffeine_source\n"


def test_coffee_is_not_chosen_for_a_nutrient_under_19(tmp_path: Path) -> None:
    # One cup of this coffee meets n1 in a quarter portion; the plain food takes a whole one.
    assert "C" in grams(plan(tmp_path, PLAIN + COFFEE, 19))
    assert "C" not in grams(plan(tmp_path, PLAIN + COFFEE, 16))
    assert "C" in grams(plan(tmp_path, PLAIN + COFFEE, 16, "--include", "C:100"))


def test_coffee_cannot_be_included_under_12(tmp_path: Path) -> None:
    table = write(tmp_path / "foods.csv", HEADER + PLAIN + COFFEE)
    targets = write(tmp_path / "targets.yaml", TARGETS)
    run = run_cli(
        "plan",
        *("--foods", str(table), "--targets", str(targets), "--age", "10", "--sex", "male"),
        *("--include", "C", "--no-meals"),
    )
    assert run.code == 2
    assert "--include 'C'" in run.stderr and "Coffee" in run.stderr


# ------------------------------------------------------------------ milk

MILKS = (
    "W,Whole milk,2,0,0,0,244,1 cup,1000,dairy,milk_drink\n"
    "T,2 % milk,3,0,0,0,244,1 cup,1000,dairy,lower_fat_milk;milk_drink\n"
    "F,Other food,1,0,0,0,100,1 cup,1000,g,\n"
)


def test_a_one_year_old_gets_whole_milk_and_at_most_two_cups(tmp_path: Path) -> None:
    # 2 % milk meets n1 in 333 g (1.37 cups); at 1 only whole milk, at most 488 g (9.76 g
    # of n1), and the other food makes up the 0.24 g left: 24 g (no least portion).
    day = grams(plan(tmp_path, MILKS, 1, "--min-portion", "0"))
    assert "T" not in day
    assert day["W"] == pytest.approx(488)
    assert day["F"] == pytest.approx(24, abs=0.1)


def test_from_four_milk_is_not_capped_by_the_toddler_rules(tmp_path: Path) -> None:
    day = grams(plan(tmp_path, MILKS, 4))
    assert day == {"T": pytest.approx(333.4, abs=0.1)}


# ------------------------------------------------------------------ liver

LIVER = "L,Beef liver,30,0,0,0,85,3 oz,100,meat,liver;organ_meat\n"


def test_liver_only_when_included(tmp_path: Path) -> None:
    assert grams(plan(tmp_path, PLAIN + LIVER, 40)) == {"A": pytest.approx(100)}
    assert "L" in grams(plan(tmp_path, PLAIN + LIVER, 40, "--include", "L"))


# ------------------------------------------------------------------ the bundled tables


def pool_of(age: int, stage: str = "none", **options: Any) -> set[str]:
    sex = "female" if stage != "none" else "male"
    person = Person(age=age, sex=sex, stage=stage)
    case = make_case(PlanRequest(person=person, all_foods=True, **options))
    return set(case.pool.index)


def test_bundled_one_year_old_pool() -> None:
    pool = pool_of(1)
    assert not {"01123", "01124", "01125"} & pool  # raw egg, white, yolk
    assert {"01129", "01132"} <= pool  # hard-boiled and scrambled eggs
    assert not {"07029", "07081", "07022"} & pool  # deli ham, deli turkey, hot dog
    assert not {"14209", "14355", "19165"} & pool  # coffee, tea, cocoa
    assert not {"01079", "01082", "01085"} & pool  # 2 %, 1 %, skim milk
    assert "01077" in pool  # whole milk
    assert not {"13327", "05028", "02047", "16123"} & pool  # livers, salt, soy sauce


def test_bundled_deli_meat_by_age_and_stage() -> None:
    assert "07029" not in pool_of(4)
    assert "07029" in pool_of(30)
    assert "07029" not in pool_of(30, "pregnancy")
    assert "07029" not in pool_of(65)


def test_bundled_caffeine_salt_and_liver_come_back_only_when_asked() -> None:
    assert "14209" not in pool_of(15)
    assert "14209" in pool_of(15, include=("14209",))
    assert "14209" in pool_of(30)
    assert "02047" in pool_of(30, suspect=("sodium",))
    assert "13327" in pool_of(30, include=("13327",))


def test_bundled_rules_on_the_case() -> None:
    toddler = make_case(PlanRequest(person=Person(age=2, sex="female")))
    assert toddler.rules.tag_caps == {"milk_drink": 488}
    assert bool(toddler.targets.frame.at["sodium_mg", "soft"])
    assert "cholesterol_mg" in toddler.targets.frame.index
    suspected = make_case(PlanRequest(person=Person(age=2, sex="female"), suspect=("sodium",)))
    assert not bool(suspected.targets.frame.at["sodium_mg", "soft"])
