"""Prices: the bundled table against its sources, and cost in plans.

Source values below are copied from shared/data/food_prices.csv (USDA ERS Fruit and Vegetable
Prices 2023, BLS CPI average prices 2023, ERS Purchase to Plate 2017/2018); the conversions are
done here by hand: ERS edible price = price per 100 g as purchased / yield; BLS per gallon of
milk / 3904 g (USDA: 1 cup = 244 g); per dozen eggs / 600 g (1 large egg = 50 g); PP-NAP
2017/18 dollars x 1.009 x 1.035 x 1.035 x 1.114 x 1.050 (ERS food-at-home CPI, 2019-2023).
"""

from __future__ import annotations

import csv
from typing import Any

import pytest

from conftest import DATA, run_cli

CPI_2018_TO_2023 = 1.009 * 1.035 * 1.035 * 1.114 * 1.050

SPOT_CHECKS = [
    ("09040", 0.134393 / 0.64),  # banana, ERS 2023 fresh, yield 0.64
    ("16015", 0.365639 / 2.4692),  # black beans cooked, ERS 2023 dried, cooking yield 2.4692
    ("11458", 0.992173 / 0.77),  # spinach cooked, ERS 2023 "Spinach, boiled"
    ("01077", 4.0292 / 3904 * 100),  # whole milk, BLS APU0000709112 2023, per gallon
    ("01123", 2.8225 / 600 * 100),  # egg, BLS APU0000708111 2023, per dozen
    ("20045", 0.089641 * CPI_2018_TO_2023),  # white rice cooked, PP-NAP 56205008
    ("15086", 2.500476 * CPI_2018_TO_2023),  # salmon cooked, PP-NAP 26137123
    ("12061", 1.929940 * CPI_2018_TO_2023),  # almonds, PP-NAP 42101000
]


def read(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def prices() -> dict[str, dict[str, str]]:
    return read("prices.csv")


def test_most_foods_carry_a_sourced_price(
    prices: dict[str, dict[str, str]], foods_csv: dict[str, dict[str, str]]
) -> None:
    assert set(prices) <= set(foods_csv)
    assert len(prices) >= 0.7 * len(foods_csv)
    matches = read("price_matches.csv")
    for food, row in prices.items():
        assert row["price_year"] == "2023"
        assert row["source_row"] and matches[food]["source_row"] == row["source_row"]


@pytest.mark.parametrize(("food", "expected"), SPOT_CHECKS)
def test_price_matches_its_source_after_conversion(
    prices: dict[str, dict[str, str]], food: str, expected: float
) -> None:
    assert float(prices[food]["price_usd_per_100g"]) == pytest.approx(expected, abs=5e-5)


def cost_of(plan: dict[str, Any], prices: dict[str, dict[str, str]]) -> float:
    return sum(
        float(prices[f["id"]]["price_usd_per_100g"]) * f["grams"] / 100 for f in plan["foods"]
    )


def soft_price(plan: dict[str, Any]) -> float:
    """The documented price of soft-target shortfalls: 4 objective units (here USD) for a
    whole AI missed, pro rata (README, 'soft targets')."""
    return sum(
        4.0 * (n["min"] - n["amount"]) / n["min"]
        for n in plan["nutrients"]
        if n["soft"] and n["min"] and n["amount"] < n["min"]
    )


def cholesterol_price(plan: dict[str, Any]) -> float:
    """data/safety.yaml's price per mg of dietary cholesterol (DGA: as low as possible while
    the diet stays adequate) times the day's cholesterol."""
    import yaml

    from conftest import DATA

    rules = yaml.safe_load((DATA / "safety.yaml").read_text(encoding="utf-8"))["rules"]
    price = float(rules["dietary_cholesterol"]["price"]["cholesterol_mg"])
    amount = next(n["amount"] for n in plan["nutrients"] if n["nutrient"] == "cholesterol_mg")
    return price * float(amount)


def pattern_price(plan: dict[str, Any]) -> float:
    """The documented price of leaving the food pattern's range (README, 'food pattern'): 20
    objective units per pattern amount beyond 75-125 % of a main group, beyond 0-200 % of a
    subgroup taken per day, below 75 % of a floor (whole fruit, non-starchy vegetables, whole
    grains), above 125 % of refined grains and above 100 % of the calories for other uses."""
    total = 0.0
    for g in plan["food_groups"]:
        if g["group"] == "other_uses_kcal":
            low, high = 0.0, 1.0
        elif g["group"] in ("fruits:whole_fruit", "vegetables:non_starchy", "grains:whole_grains"):
            low, high = 0.75, 1e6
        elif g["group"] == "grains:refined_grains":
            low, high = 0.0, 1.25
        elif ":" in g["group"]:
            low, high = 0.0, 2.0
        else:
            low, high = 0.75, 1.25
        beyond = max(low * g["pattern"] - g["amount"], g["amount"] - high * g["pattern"], 0.0)
        total += 20.0 * beyond / g["pattern"]
    return total


@pytest.mark.parametrize("diet", ["vegetarian", "omnivore"])
def test_cheapest_day_reports_its_cost(diet: str, prices: dict[str, dict[str, str]]) -> None:
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--diet",
        diet,
        "--objective",
        "cost",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    plan = run.json()
    assert plan["cost"]["price_year"] == 2023
    assert plan["cost"]["usd"] == pytest.approx(cost_of(plan, prices), abs=0.006)
    expected = cost_of(plan, prices) + soft_price(plan) + pattern_price(plan)
    expected += cholesterol_price(plan)
    assert plan["objective"]["value"] == pytest.approx(expected, abs=1e-4)
    assert any("without a price left out" in n for n in plan["notes"])


def test_a_vegan_day_from_priced_foods_alone_needs_a_vitamin_d_source() -> None:
    """The priced vegan vitamin D sources are fortified plant milks (about 1.2 µg per 100 g,
    at most 3 cups a day together): about 12 of the 15 µg. The answer is a clear no whose
    verified ways out include a vitamin D supplement under its UL."""
    args = ["plan", "--sex", "female", "--age", "30", "--diet", "vegan", "--objective", "cost"]
    run = run_cli(*args, "--format", "json")
    assert run.code == 1
    report = run.json()
    assert [s["nutrient"] for s in report["shortfalls"]] == ["vitamin_d_ug"]
    assert any(
        w["kind"] == "supplement" and w["nutrient"] == "vitamin_d_ug" for w in report["ways_out"]
    )


def test_budget_caps_the_day_and_is_explained(prices: dict[str, dict[str, str]]) -> None:
    run = run_cli("plan", "--sex", "female", "--age", "30", "--budget", "4", "--format", "json")
    assert run.code == 0, run.stderr
    plan = run.json()
    assert cost_of(plan, prices) <= 4 + 1e-9
    assert plan["cost"]["budget"] == 4
    assert any("budget" in line for line in plan["limits"])


def test_a_budget_below_any_adequate_day_is_a_clear_no() -> None:
    run = run_cli("plan", "--sex", "female", "--age", "30", "--budget", "0.5")
    assert run.code == 1
    assert run.stderr.startswith("mealfix: no plan meets every target")


def test_budget_curve_never_loses_adequacy_as_the_budget_grows() -> None:
    from mealfix import Person, budget_curve

    curve = budget_curve(Person(sex="female", age=30), [0.5, 1.0, 2.0, 4.0])
    values = list(curve["adequacy_pct"])
    assert values == sorted(values)
    assert values[-1] == 100.0 and values[0] < 100.0
    assert (curve["cost"] <= curve.index + 1e-6).all()
