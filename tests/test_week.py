"""A seven-day vegan plan for a woman of 30 who suspects magnesium and B12 (issue acceptance)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from conftest import run_cli

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
        "20",
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
        assert 0 < len(day["foods"]) <= 12
        for item in day["foods"]:
            row = foods_csv[item["id"]]
            assert row["vegan"] == "true"
            assert 0.5 * float(row["portion_g"]) - EPS <= item["grams"] <= float(row["max_g"])
            assert day["meals"][item["id"]] in row["meals"].split(";")
        for nutrient in day["nutrients"]:
            key = nutrient["nutrient"]
            total = sum(float(foods_csv[i["id"]][key]) * i["grams"] / 100 for i in day["foods"])
            if nutrient["min"] is not None:
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
        "10",
    )
    assert run.code == 0, run.stderr
    assert "Shopping list" in run.stdout and "Day 2" in run.stdout
