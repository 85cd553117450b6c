"""Plans on the bundled data, checked from data/foods.csv by the csv module alone.

The acceptance list of the 0.1 issue: a vegan and a vegetarian woman of 30 who suspect
magnesium and B12, omnivore men of 19-30 and 51-70, a woman over 70. Every total is recomputed
from the per-100 g values in data/foods.csv and must sit inside every min and max the plan
lists; every food must be allowed by the diet and stay under its per-day maximum.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import counted, run_cli

#: Minutes of solving: `pytest -m "not slow"` is the quick run.
pytestmark = pytest.mark.slow

EPS = 1e-9

PEOPLE = [
    (
        "vegan",
        ["--sex", "female", "--age", "30", "--diet", "vegan", "--suspect", "magnesium,vitamin_b12"],
    ),
    (
        "vegetarian",
        [
            "--sex",
            "female",
            "--age",
            "30",
            "--diet",
            "vegetarian",
            "--suspect",
            "magnesium,vitamin_b12",
        ],
    ),
    ("omnivore", ["--sex", "male", "--age", "25"]),
    ("omnivore", ["--sex", "male", "--age", "60"]),
    ("omnivore", ["--sex", "female", "--age", "75"]),
    (
        "pescatarian",
        ["--sex", "male", "--age", "52", "--diet", "pescatarian", "--symptoms", "cramps,tingling"],
    ),
    ("omnivore", ["--sex", "female", "--age", "28", "--pregnant", "--suspect", "calcium"]),
    ("vegan", ["--sex", "female", "--age", "30", "--diet", "vegan", "--servings"]),
]


#: The first person's plan is the default (proven within 1 % of the best day); the others
#: stop within 5 % (--gap 5): every check below holds for any plan mealfix returns, and the
#: benchmark checks the 1 % claim on twenty people (this keeps the suite's minutes down).
LOOSE_GAP = 0.05


def gap_args(index: int) -> list[str]:
    """The first plan as a person gets it; the others within 5 %, or their best day after 20 s
    (labelled with its gap: a stopped search's day is checked like any)."""
    return [] if index == 0 else ["--gap", f"{100 * LOOSE_GAP:g}", "--time-limit", "20"]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, dict[str, Any]]]:
    """The plans, made two at a time by the installed command (the first proven within 1 % of
    the best day, the default; the others within 5 %)."""
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("plans")
    exe = shutil.which("mealfix") or str(Path(sys.executable).with_name("mealfix"))

    def make(args: list[str]) -> subprocess.CompletedProcess[str]:
        command = [exe, "plan", *args, "--format", "json"]
        return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=900)

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(make, [args + gap_args(i) for i, (_, args) in enumerate(PEOPLE)]))
    out = []
    for (diet, _), run in zip(PEOPLE, runs, strict=True):
        assert run.returncode == 0, run.stderr
        out.append((diet, json.loads(run.stdout)))
    return out


@pytest.mark.parametrize("index", range(len(PEOPLE)))
def test_plan_meets_every_limit_it_lists(
    plans: list[tuple[str, dict[str, Any]]], foods_csv: dict[str, dict[str, str]], index: int
) -> None:
    diet, plan = plans[index]
    if index == 0:  # the default: proven within 1 % of the best day
        assert plan["proven_optimal"] or plan["status"].startswith("within 1 % of the best day")
        assert plan["gap"] <= 0.01
    else:  # within 5 %, or stopped at 20 s and saying so with its gap
        assert plan["proven_optimal"] or plan["status"].startswith(("within 5 % of", "best found"))
        assert plan["gap"] is not None and (
            plan["gap"] <= LOOSE_GAP or "best found" in plan["status"]
        )
    assert plan["foods"], "a plan with no food"
    for item in plan["foods"]:
        row = foods_csv[item["id"]]
        assert item["grams"] > 0
        assert item["grams"] <= float(row["max_g"]) + EPS, item
        if diet != "omnivore":
            assert row[diet] == "true", f"{row['name']} is not {diet}"
    # Plates (data/meals.yaml): at most 5 + 5 + 5 + 2 foods, at most six vegetables (the most
    # places a role has: 1 at breakfast, 2 at lunch, 2 at dinner, 1 at a snack), half a
    # portion at least, shrunk with an energy need under 2,000 kcal (a woman of 75: 1,600).
    assert len(plan["foods"]) <= 17
    groups = [foods_csv[i["id"]]["category"] for i in plan["foods"]]
    assert max(groups.count(g) for g in groups) <= 6
    assert "vegetable" in groups and "fruit" in groups
    need = next(n["reference"] for n in plan["nutrients"] if n["nutrient"] == "energy_kcal")
    for item in plan["foods"]:
        portion = float(foods_csv[item["id"]]["portion_g"])
        assert item["grams"] >= 0.5 * portion * min(max(need / 2000, 0.5), 1.0) - EPS
        if "--servings" in PEOPLE[index][1]:
            halves = item["grams"] / (portion / 2)
            assert halves == pytest.approx(round(halves), abs=1e-6), item
    for nutrient in plan["nutrients"]:
        key = nutrient["nutrient"]
        total = sum(counted(foods_csv[i["id"]], key) * i["grams"] / 100 for i in plan["foods"])
        assert total == pytest.approx(nutrient["amount"], abs=1e-3)
        if nutrient["min"] is not None and not nutrient["soft"]:  # an AI may fall short
            assert total >= nutrient["min"] - EPS * max(1, nutrient["min"]), key
        if nutrient["max"] is not None:
            assert total <= nutrient["max"] + EPS * max(1, nutrient["max"]), key


def test_suspected_nutrients_are_aimed_higher(plans: list[tuple[str, dict[str, Any]]]) -> None:
    # RDA for women 19-30 (NIH ODS): magnesium 310 mg, vitamin B12 2.4 ug; aimed at 125 %.
    _, vegan = plans[0]
    mins = {n["nutrient"]: n["min"] for n in vegan["nutrients"]}
    assert mins["magnesium_mg"] == pytest.approx(310 * 1.25)
    assert mins["vitamin_b12_ug"] == pytest.approx(2.4 * 1.25)
    assert {n["nutrient"] for n in vegan["nutrients"] if n["suspected"]} == {
        "magnesium_mg",
        "vitamin_b12_ug",
    }
    assert any(f["for_suspected"] for f in vegan["foods"])


def test_limits_come_from_the_dri_for_the_person(plans: list[tuple[str, dict[str, Any]]]) -> None:
    # Published values (NIH ODS / National Academies 2019): men 51-70 calcium RDA 1000 mg, UL
    # 2000 mg; vitamin D UL 100 ug; sodium CDRR 2300 mg; potassium AI 3400 mg.
    _, man = plans[3]
    by = {n["nutrient"]: n for n in man["nutrients"]}
    assert (by["calcium_mg"]["min"], by["calcium_mg"]["max"]) == (1000, 2000)
    assert by["vitamin_d_ug"]["max"] == 100
    assert by["sodium_mg"]["max"] == 2300
    assert by["potassium_mg"]["min"] == 3400
    # Magnesium's UL covers supplements only: it must not cap food.
    assert by["magnesium_mg"]["max"] is None


def test_symptoms_bring_red_flag_advice(plans: list[tuple[str, dict[str, Any]]]) -> None:
    _, plan = plans[5]
    assert plan["see_a_doctor"] and "doctor" in plan["see_a_doctor"]
    assert plan["suspects"], "cramps and tingling point to no nutrient"
    _, quiet = plans[2]
    assert quiet["see_a_doctor"] is None
    _, suspected = plans[6]  # --suspect calcium, no symptoms: the doctor box too
    assert suspected["suspects"] and "doctor" in suspected["see_a_doctor"]
    assert all(p["disclaimer"] for _, p in plans)


def test_table_output_shows_foods_totals_and_disclaimer() -> None:
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "34",
        "--diet",
        "vegan",
        "--suspect",
        "magnesium,vitamin_b12",
    )
    assert run.code == 0, run.stderr
    text = run.stdout
    for heading in ("Foods", "Nutrients", "Why", "not medical advice"):
        assert heading in text
    assert " g)" in text  # a household measure with its weight, e.g. "1 cup (240 g)"


def test_same_input_same_json() -> None:
    """Two real solves (the remembered answer dropped in between) give byte-identical JSON."""
    import mealfix

    args = ("plan", "--sex", "male", "--age", "40", "--format", "json")
    mealfix.forget()
    first = run_cli(*args).stdout
    mealfix.forget()  # else the second call is answered from memory and tests nothing
    assert run_cli(*args).stdout == first


def test_a_stopped_search_is_not_called_optimal() -> None:
    # A full proof asked (gap=None, the CLI's --prove), but HiGHS told to stop at its first
    # improving solution: the plan must say "best found" with its gap, never "optimal", and
    # still meet every limit (checked by the library itself).
    from mealfix import Person, plan

    day = plan(Person(sex="male", age=60), gap=None, solver_options={"mip_max_improving_sols": 1})
    assert not day.proven_optimal
    assert day.status.startswith("best found")
    assert day.gap is not None and day.gap >= 0
