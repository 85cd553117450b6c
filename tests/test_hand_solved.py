"""Small problems solved by hand: the optimizer must find exactly these answers.

Three foods, two made-up nutrients (``n1``, ``n2``), price in USD per 100 g:

    food  n1  n2  price      targets: n1 >= 10, 5 <= n2 <= 8
    A     10   0  1.00
    B      0  10  1.00
    C      5   5  0.80

Per gram A gives 0.1 n1 for $0.01, C gives 0.05 n1 + 0.05 n2 for $0.008. n2 >= 5 needs
C >= 100 g or B >= 50 g; C is cheaper once its n1 is counted (worth $0.005 per gram through A),
and more C than 100 g does not pay (0.008 > 0.005). So C = 100 g, A = 50 g, B = 0: $1.30.
The duals y1 = 0.1, y2 = 0.06 price every food at or below its cost, confirming optimality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import hand_files, run_cli, write


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    foods, targets = hand_files(tmp_path)
    return str(foods), str(targets)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_cost_optimum_matches_hand_solution(files: tuple[str, str], solver: str) -> None:
    foods, targets = files
    run = run_cli(
        "plan",
        "--foods",
        foods,
        "--targets",
        targets,
        "--objective",
        "cost",
        "--solver",
        solver,
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    plan = run.json()
    assert plan["status"] == "optimal"
    assert plan["objective"] == {"name": "cost", "value": pytest.approx(1.30), "unit": "USD"}
    grams = {f["id"]: f["grams"] for f in plan["foods"]}
    assert grams == {"A": pytest.approx(50.0), "C": pytest.approx(100.0)}
    totals = {n["nutrient"]: n for n in plan["nutrients"]}
    assert totals["n1"]["amount"] == pytest.approx(10.0)
    assert totals["n2"]["amount"] == pytest.approx(5.0)
    assert (totals["n2"]["min"], totals["n2"]["max"]) == (5, 8)


def test_portions_objective_counts_100g_portions_without_portion_column(
    files: tuple[str, str],
) -> None:
    # Without portion_g every food's portion is 100 g: minimise total grams.
    # n1 >= 10 needs 100 g of A (or 200 g of C); C also covers n2. Cheapest in grams:
    # C = 100 g gives n2 5 and n1 5; A then 50 g for the rest: 150 g = 1.5 portions,
    # vs A 100 g + B 50 g = 1.5 portions as well -- so only the value is unique.
    foods, targets = files
    run = run_cli("plan", "--foods", foods, "--targets", targets, "--format", "json")
    assert run.code == 0, run.stderr
    assert run.json()["objective"]["value"] == pytest.approx(1.5)


def test_unreachable_target_reports_best_amount(tmp_path: Path) -> None:
    # One food with 10 units per 100 g and a 50 g daily maximum can give at most 5 units.
    foods = write(tmp_path / "f.csv", "id,name,n1,max_g\nA,Food A,10,50\n")
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 10}\n")
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets), "--format", "json")
    assert run.code == 1
    report = run.json()
    assert report["status"] == "infeasible"
    (short,) = report["shortfalls"]
    assert short["nutrient"] == "n1"
    assert short["best"] == pytest.approx(5.0)
    assert short["pct"] == pytest.approx(50.0)
    assert run.stderr.count("\n") == 1
    assert "n1 reaches 5 of 10 (50 %)" in run.stderr


def test_a_lone_juice_is_held_to_the_juices_shared_cap(tmp_path: Path) -> None:
    """One juice food J (n 10 per 100 g, up to 500 g of its own) and K (n 2): n >= 40 at least
    portions. All juices together may be 249 g a day (data/cap_groups.csv), so J = 249 g
    (24.9 n, 2.49 portions) and K = 755 g (15.1 n, 7.55 portions): 10.04 portions. The cap's
    row was left out for a kind with one food, which then planned 400 g of J and failed its
    own check (a week's day left one juice hit it)."""
    foods = write(
        tmp_path / "f.csv",
        "id,name,n,portion_g,max_g,cap_group\nJ,Juice J,10,100,500,juice\nK,Food K,2,100,1000,\n",
    )
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n: {min: 40}\n")
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets), "--format", "json")
    assert run.code == 0, run.stderr
    plan = run.json()
    assert {f["id"]: f["grams"] for f in plan["foods"]} == {"J": 249.0, "K": 755.0}
    assert plan["objective"]["value"] == pytest.approx(10.04)


def test_a_printed_day_never_rounds_a_required_group_under_its_weight(tmp_path: Path) -> None:
    """A day needs a vegetable and a fruit of at least 80 g each (the default ``min_per_group``
    and its serving weight); rounding to 0.1 g must not print 79.9 g of vegetables (a boy of
    1's week day did, and failed its own check)."""
    import pandas as pd

    from mealfix.model.case import make_case
    from mealfix.model.request import PlanRequest
    from mealfix.solve.rounding import short_of_groups

    foods = write(
        tmp_path / "f.csv",
        "id,name,n,portion_g,category\nV,Veg V,1,100,vegetable\nW,Veg W,1,100,vegetable\n"
        "F,Fruit F,1,100,fruit\n",
    )
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n: {min: 1}\n")
    setup = make_case(PlanRequest.of(None, foods=str(foods), targets=str(targets))).setup()
    day = {"V": 39.9, "W": 40.0, "F": 80.0}
    assert short_of_groups(setup, pd.Series(day))  # 79.9 g of vegetables
    assert not short_of_groups(setup, pd.Series({**day, "V": 40.0}))  # 80 g
    assert short_of_groups(setup, pd.Series({**day, "V": 40.0, "F": 0.0}))  # no fruit
