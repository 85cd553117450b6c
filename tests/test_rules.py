"""Food rules on a three-food table small enough to solve by hand.

Per 100 g (portion in grams, group), targets n1 >= 10 and n2 >= 1, objective: fewest portions.

    food  n1  n2   portion  group
    A     10   0   100      g
    B      0 100    50      g
    C      5   5   100      h

Without rules the LP takes A 100 g + B 1 g = 1.02 portions (a sliver of B).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write

FOODS = (
    "id,name,n1,n2,portion_g,portion_measure,max_g,category\n"
    "A,Food A,10,0,100,1 cup,1000,g\n"
    "B,Food B,0,100,50,1/2 cup,1000,g\n"
    "C,Food C,5,5,100,1 cup,1000,h\n"
)
TARGETS = "nutrients:\n  n1: {min: 10}\n  n2: {min: 1}\n"
NO_GROUP_MINIMUM = ("--min-group", "none")


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    foods = write(tmp_path / "f.csv", FOODS)
    targets = write(tmp_path / "t.yaml", TARGETS)
    return ["--foods", str(foods), "--targets", str(targets), "--format", "json"]


def solve(files: list[str], *args: str) -> tuple[dict[str, float], float, dict[str, object]]:
    run = run_cli("plan", *files, *NO_GROUP_MINIMUM, *args)
    assert run.code == 0, run.stderr
    plan = run.json()
    grams = {f["id"]: f["grams"] for f in plan["foods"]}
    return grams, plan["objective"]["value"], plan


def test_without_rules_the_lp_takes_a_sliver(files: list[str]) -> None:
    grams, value, _ = solve(files, "--min-portion", "0", "--max-foods", "0", "--max-per-group", "0")
    assert grams == {"A": pytest.approx(100), "B": pytest.approx(1)}
    assert value == pytest.approx(1.02)


def test_least_portion_replaces_the_sliver(files: list[str]) -> None:
    # B would need 25 g (half a portion): A 100 + B 25 = 1.5 portions. C at its least, 50 g,
    # gives n1 2.5 and n2 2.5, leaving A 75 g: 1.25 portions, and more C does not pay.
    grams, value, _ = solve(files)
    assert grams == {"A": pytest.approx(75), "C": pytest.approx(50)}
    assert value == pytest.approx(1.25)


def test_max_foods(files: list[str]) -> None:
    # One food must cover both: only C can, at 200 g for n1 (n2 is then 10).
    grams, value, _ = solve(files, "--max-foods", "1", "--min-portion", "0")
    assert grams == {"C": pytest.approx(200)}
    assert value == pytest.approx(2.0)


def test_max_per_group(files: list[str]) -> None:
    # A and B may not both be used: A x + C y with 0.05 y >= 1 -> y = 20, 0.1 x = 9 -> x = 90.
    grams, value, _ = solve(files, "--max-per-group", "1", "--min-portion", "0")
    assert grams == {"A": pytest.approx(90), "C": pytest.approx(20)}
    assert value == pytest.approx(1.1)


def test_min_per_group(files: list[str]) -> None:
    # Two foods from group g: A >= 50, B >= 25 -> A 100 + B 25 = 1.5 (adding C only costs).
    run = run_cli("plan", *files, "--min-group", "g=2")
    assert run.code == 0, run.stderr
    grams = {f["id"]: f["grams"] for f in run.json()["foods"]}
    assert grams == {"A": pytest.approx(100), "B": pytest.approx(25)}


def test_include_with_amount(files: list[str]) -> None:
    # C fixed at 30 g gives n1 1.5, n2 1.5; A makes up n1 with 85 g: 0.3 + 0.85 = 1.15.
    grams, value, _ = solve(files, "--include", "C:30")
    assert grams == {"A": pytest.approx(85), "C": pytest.approx(30)}
    assert value == pytest.approx(1.15)


def test_include_by_name_without_amount(files: list[str]) -> None:
    grams, _, _ = solve(files, "--include", "Food B")
    assert grams["B"] >= 25


def test_servings_are_whole_half_portions(files: list[str]) -> None:
    # Half-portion steps: A 50, B 25, C 50 g. Best: 1.5 portions (e.g. A 100 + B 25, or
    # A 50 + C 100), never the 1.25 of the continuous plan.
    grams, value, plan = solve(files, "--servings")
    assert value == pytest.approx(1.5)
    half = {"A": 50, "B": 25, "C": 50}
    for food, amount in grams.items():
        assert amount / half[food] == pytest.approx(round(amount / half[food]))
    totals = {n["nutrient"]: n["amount"] for n in plan["nutrients"]}
    assert totals["n1"] >= 10 and totals["n2"] >= 1


def test_closest_keeps_a_day_that_already_meets_the_targets(
    files: list[str], tmp_path: Path
) -> None:
    usual = write(tmp_path / "usual.csv", "id,grams\nA,100\nB,25\n")
    grams, value, plan = solve(files, "--objective", "closest", "--current", str(usual))
    assert grams == {"A": pytest.approx(100), "B": pytest.approx(25)}
    assert value == pytest.approx(0)
    assert {c["change"] for c in plan["changes"]} == {"keep"}


def test_closest_changes_only_what_it_needs(files: list[str], tmp_path: Path) -> None:
    # n1 is 8, 2 short: 20 g more of A costs 0.2 portions of change; adding C would cost more.
    usual = write(tmp_path / "usual.csv", "name,grams\nFood A,80\nFood B,25\n")
    grams, value, plan = solve(files, "--objective", "closest", "--current", str(usual))
    assert grams == {"A": pytest.approx(100), "B": pytest.approx(25)}
    assert value == pytest.approx(0.2)
    kinds = {c["id"]: c["change"] for c in plan["changes"]}
    assert kinds == {"A": "more", "B": "keep"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--include", "Food"), "matches 3 foods"),
        (("--include", "zzz"), "--include 'zzz' matches no food"),
        (("--min-group", "g"), "write GROUP=N"),
        (("--objective", "closest"), "needs your usual day"),
    ],
)
def test_rule_options_are_checked(files: list[str], args: tuple[str, ...], message: str) -> None:
    run = run_cli("plan", *files, *args)
    assert run.code == 2
    assert message in run.stderr and run.stderr.count("\n") == 1
