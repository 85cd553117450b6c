"""A seven-day vegan plan for a woman of 30 who suspects magnesium and B12 (issue acceptance)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from conftest import counted, run_cli

#: Minutes of solving: `pytest -m "not slow"` is the quick run.
pytestmark = pytest.mark.slow

EPS = 1e-9


@pytest.fixture(scope="module")
def week() -> dict[str, Any]:
    run = run_cli(
        "week",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        "vegan",
        "--suspect",
        "magnesium,vitamin_b12",
        "--time-limit",
        "30",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    return run.json()  # type: ignore[no-any-return]


def test_status_is_proven_or_carries_its_gap(week: dict[str, Any]) -> None:
    if week["proven_optimal"]:
        assert week["status"] == "optimal"
    else:
        assert week["gap"] is not None
        assert f"gap {100 * week['gap']:.2f} %" in week["status"]


def test_every_day_meets_every_limit(
    week: dict[str, Any], foods_csv: dict[str, dict[str, str]]
) -> None:
    assert len(week["days"]) == 7
    for day in week["days"]:
        assert 0 < len(day["foods"]) <= 16
        for item in day["foods"]:
            row = foods_csv[item["id"]]
            assert row["vegan"] == "true"
            assert 0.5 * float(row["portion_g"]) - EPS <= item["grams"] <= float(row["max_g"])
            assert item["meal"] in row["meals"].split(";")
        placed: Counter[str] = Counter()
        for part in day["meals"]:  # the day by meal: every part in a meal its food suits
            assert part["meal"] in foods_csv[part["id"]]["meals"].split(";")
            placed[part["id"]] += part["grams"]
        for item in day["foods"]:
            assert placed[item["id"]] == pytest.approx(item["grams"], abs=0.051)
        for nutrient in day["nutrients"]:
            key = nutrient["nutrient"]
            total = sum(counted(foods_csv[i["id"]], key) * i["grams"] / 100 for i in day["foods"])
            if nutrient["min"] is not None and not nutrient["soft"]:  # an AI may fall short
                assert total >= nutrient["min"] - EPS * max(1, nutrient["min"]), key
            if nutrient["max"] is not None:
                assert total <= nutrient["max"] + EPS * max(1, nutrient["max"]), key


def test_no_food_on_more_than_three_days(week: dict[str, Any]) -> None:
    days = Counter(item["id"] for day in week["days"] for item in day["foods"])
    assert max(days.values()) <= 3


def test_shopping_list_sums_the_week(week: dict[str, Any]) -> None:
    summed: Counter[str] = Counter()
    for day in week["days"]:
        for item in day["foods"]:
            summed[item["id"]] += item["grams"]
    listed = {s["id"]: s["grams"] for s in week["shopping"]}
    assert set(listed) == set(summed)
    for food, grams in summed.items():
        assert listed[food] == pytest.approx(grams, abs=0.051)


def test_week_cost_is_its_days_summed_beside_the_thrifty_food_plan(week: dict[str, Any]) -> None:
    """Each day's cost is its foods at data/prices.csv's prices (unknown, with the foods named,
    when one has no price); the week's is their sum, set beside the Thrifty Food Plan for a
    woman 20-50 over the same days ($57.40 a week), or unknown if a day's is."""
    import csv

    from conftest import DATA

    with (DATA / "prices.csv").open(encoding="utf-8", newline="") as handle:
        price = {r["id"]: float(r["price_usd_per_100g"]) for r in csv.DictReader(handle)}
    for day in week["days"]:
        missing = sorted(f["name"] for f in day["foods"] if f["id"] not in price)
        if missing:
            assert day["cost"]["usd"] is None and sorted(day["cost"]["unpriced"]) == missing
            continue
        by_hand = sum(price[f["id"]] * f["grams"] / 100 for f in day["foods"])
        assert day["cost"]["usd"] == pytest.approx(by_hand, abs=0.006)
    total = week["cost"]
    assert total["days"] == len(week["days"])
    if any(d["cost"]["usd"] is None for d in week["days"]):
        assert total["usd"] is None and total["thrifty"] is None
        return
    assert total["usd"] == pytest.approx(sum(d["cost"]["usd"] for d in week["days"]), abs=0.011)
    assert total["thrifty"]["usd"] == pytest.approx(57.40 / 7 * len(week["days"]), abs=0.006)


def test_table_output_prints_a_shopping_list() -> None:
    run = run_cli(
        "week",
        "--sex",
        "male",
        "--age",
        "40",
        "--days",
        "2",
        "--max-days",
        "1",
        "--time-limit",
        "30",
    )
    assert run.code == 0, run.stderr
    assert "Shopping list" in run.stdout and "Day 2" in run.stdout


# --- the week's day-pattern search, on weeks solved by hand ------------------------------------
#
# One nutrient n >= 10 a day; every food's typical portion is 100 g and the objective counts
# portions, so a day costs (grams of food) / 100. Food A (10 n per 100 g) makes the cheapest
# day, 100 g = 1 portion; a day without A needs 200 g of B (5 n per 100 g) = 2 portions, or
# 500 g of C (2 n per 100 g) = 5 portions. Mixed days cost more than A alone, and a day with
# no A cannot beat B alone (B gives more n per gram than C).

HAND_FOODS = "id,name,n,portion_g\nA,Food A,10,100\nB,Food B,5,100\nC,Food C,2,100\n"
HAND_TARGETS = "nutrients:\n  n: {min: 10}\n"


def hand_week(tmp_path: Any, foods: str, *args: str) -> Any:
    from conftest import write

    f = write(tmp_path / "f.csv", foods)
    t = write(tmp_path / "t.yaml", HAND_TARGETS)
    return run_cli("week", "--foods", str(f), "--targets", str(t), "--format", "json", *args)


def test_week_optimum_matches_hand_solution(tmp_path: Any) -> None:
    """3 days, A on at most 2: two A days (1 portion each) and one B day (2 portions) = 4
    portions, and no week does better (a day without A costs at least 2 portions)."""
    run = hand_week(tmp_path, HAND_FOODS, "--days", "3", "--max-days", "2")
    assert run.code == 0, run.stderr
    week = run.json()
    assert week["status"] == "optimal" and week["proven_optimal"]
    assert week["objective"]["value"] == pytest.approx(4.0)
    days = sorted(tuple((f["id"], f["grams"]) for f in d["foods"]) for d in week["days"])
    assert days == [(("A", 100.0),), (("A", 100.0),), (("B", 200.0),)]


def test_week_with_too_few_foods_is_a_clear_no(tmp_path: Any) -> None:
    """Only A, 3 days, A on at most 2 days: no week exists, and that is proven, not timed out."""
    run = hand_week(
        tmp_path, "id,name,n,portion_g\nA,Food A,10,100\n", "--days", "3", "--max-days", "2"
    )
    assert run.code == 1
    assert "no week plan uses each food on at most 2 days" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_stopped_week_says_so_and_still_holds_every_limit(tmp_path: Any) -> None:
    """With no time left for the search, the week is the starting rotation: each food on one
    day, so A 100 g, B 200 g and C 500 g = 8 portions, labelled 'best found', not 'optimal'."""
    from conftest import write
    from mealfix.api import week_for
    from mealfix.model.request import WeekRequest

    foods = write(tmp_path / "f.csv", HAND_FOODS)
    targets = write(tmp_path / "t.yaml", HAND_TARGETS)
    request = WeekRequest.of(None, foods=foods, targets=targets, days=3, max_days=1)
    week = week_for(request.replaced(time_limit=0.0))
    assert not week.proven_optimal
    assert week.status.startswith("best found")
    counts = Counter(f.id for d in week.days for f in d.foods)
    assert counts == {"A": 1, "B": 1, "C": 1}
    assert week.objective.value == pytest.approx(8.0)


def test_a_known_day_bound_proves_a_week_gap_without_any_pricing(tmp_path: Any) -> None:
    """No time for a single pricing round: the week is the seeds' (A, B, C days = 1 + 2 + 5 = 8
    portions), and its gap comes from the floor alone. No day beats A alone (1 portion, by
    hand), so no 3-day week beats 3 portions: gap (8 - 3) / 8 = 62.5 %; without it, unknown."""
    import pandas as pd

    from conftest import write
    from mealfix.model.case import make_case
    from mealfix.model.day import setup_matrix
    from mealfix.model.request import WeekRequest
    from mealfix.solve.patterns import pattern_values, plan_patterns

    foods = write(tmp_path / "f.csv", HAND_FOODS)
    targets = write(tmp_path / "t.yaml", HAND_TARGETS)
    setup = make_case(WeekRequest.of(None, foods=foods, targets=targets)).setup()
    day = setup_matrix(setup)
    seeds = [
        pattern_values(day, pd.Series({food: grams}), setup.bounds.step, None)
        for food, grams in (("A", 100.0), ("B", 200.0), ("C", 500.0))
    ]
    floored = plan_patterns(day, 3, 1, seeds=seeds, time_limit=0.0, floor=3.0)
    bare = plan_patterns(day, 3, 1, seeds=seeds, time_limit=0.0)
    assert floored is not None and bare is not None
    assert floored.rounds == 0 and floored.outcome.objective == pytest.approx(8.0)
    assert floored.outcome.gap == pytest.approx(0.625)
    assert bare.outcome.gap is None
