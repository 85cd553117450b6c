"""Prices: the bundled table against its sources, and cost in plans.

Source values below are copied from shared/data/food_prices.csv (USDA ERS Fruit and Vegetable
Prices 2023, BLS CPI average prices 2023, ERS Purchase to Plate 2017/2018) and SR28's water
(g per 100 g); the conversions are done here by hand: ERS edible price = price per 100 g as
purchased / yield; BLS per gallon of milk / 3904 g (USDA: 1 cup = 244 g); per dozen eggs / 600 g
(1 large egg = 50 g); PP-NAP 2017/18 dollars x 1.009 x 1.035 x 1.035 x 1.114 x 1.050 (ERS
food-at-home CPI, 2019-2023). A staple bought dry and cooked at home: dry price / (cooked grams
per dry gram), the latter (100 - water of the dry food) / (100 - water of the cooked food).
"""

from __future__ import annotations

import csv
from typing import Any

import pytest

from conftest import DATA, run_cli

CPI_2018_TO_2023 = 1.009 * 1.035 * 1.035 * 1.114 * 1.050
EGG_PER_100G = 2.8225 / 600 * 100  # BLS APU0000708111 2023, $2.8225 a dozen = 600 g edible


def cooked(dry_price: float, dry_water: float, cooked_water: float) -> float:
    """Price per 100 g cooked from the dry price: dry solids are kept, water is added."""
    return dry_price / ((100 - dry_water) / (100 - cooked_water))


SPOT_CHECKS = [
    ("09040", 0.134393 / 0.64),  # banana, ERS 2023 fresh, yield 0.64
    ("16015", 0.365639 / 2.4692),  # black beans cooked, ERS 2023 dried, cooking yield 2.4692
    ("11458", 0.992173 / 0.77),  # spinach cooked, ERS 2023 "Spinach, boiled"
    ("01077", 4.0292 / 3904 * 100),  # whole milk, BLS APU0000709112 2023, per gallon
    ("01123", EGG_PER_100G),  # egg, BLS APU0000708111 2023, per dozen
    ("01124", EGG_PER_100G),  # egg white: the whole egg's price per edible gram
    ("01125", EGG_PER_100G),  # egg yolk: the whole egg's price per edible gram
    # white rice: BLS APU0000701312 uncooked 0.216995 $/100 g; SR28 20044 11.62 -> 20045 68.44
    ("20045", cooked(0.216995, 11.62, 68.44)),  # = 0.216995 / 2.8004 = 0.0775
    # pasta: BLS APU0000701322 spaghetti and macaroni 0.316945; SR28 20120 9.90 -> 20121 62.13
    ("20121", cooked(0.316945, 9.90, 62.13)),  # = 0.316945 / 2.3792 = 0.1332
    # brown rice (estimate: white rice's dry price); SR28 20036 11.80 -> 20037 70.27
    ("20037", cooked(0.216995, 11.80, 70.27)),  # = 0.216995 / 2.9667 = 0.0731
    # oatmeal: PP-NAP 57602100 oats, raw 0.433131 (2017/18 $); SR28 08120 10.84 -> 08121 83.61
    ("08121", cooked(0.433131 * CPI_2018_TO_2023, 10.84, 83.61)),  # = 0.5476 / 5.4399 = 0.1007
    # chickpeas: BLS APU0000714233 dried beans 0.370477; SR28 16056 7.68 -> 16057 60.21
    ("16057", cooked(0.370477, 7.68, 60.21)),  # = 0.370477 / 2.3202 = 0.1597
    ("11938", 0.915915 / 0.97),  # UV white mushrooms (estimate): ERS 2023 whole mushrooms
    ("15086", 2.500476 * CPI_2018_TO_2023),  # salmon cooked, PP-NAP 26137123
    ("12061", 1.929940 * CPI_2018_TO_2023),  # almonds, PP-NAP 42101000
]


def read(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


FOODS = read("foods.csv")


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
    objective units per pattern amount beyond 75-125 % of a main group, below 75 % of a floor
    (whole fruit, non-starchy vegetables, whole grains), above 125 % of refined grains and
    above 100 % of the calories for other uses; 0.5 units per day's share beyond 0-350 % of a
    subgroup (a weekly amount)."""
    total = 0.0
    for g in plan["food_groups"]:
        price = 20.0
        if g["group"] == "other_uses_kcal":
            low, high = 0.0, 1.0
        elif g["group"] in ("fruits:whole_fruit", "vegetables:non_starchy", "grains:whole_grains"):
            low, high = 0.75, 1e6
        elif g["group"] == "grains:refined_grains":
            low, high = 0.0, 1.25
        elif ":" in g["group"]:
            low, high, price = 0.0, 3.5, 0.5
        else:
            low, high = 0.75, 1.25
        beyond = max(low * g["pattern"] - g["amount"], g["amount"] - high * g["pattern"], 0.0)
        total += price * beyond / g["pattern"]
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
    # September 2025 dollars: CPI food at home 316.042 / 2023 mean 302.929 (3635.147 / 12)
    assert plan["cost"]["month"] == "September 2025"
    assert plan["cost"]["month_usd"] == pytest.approx(
        plan["cost"]["usd"] * 316.042 / (3635.147 / 12), abs=0.006
    )
    # the TFP for a woman 20-50 in September 2025: $57.40 a week = 8.20 a day
    assert plan["cost"]["thrifty"]["daily_usd"] == pytest.approx(8.20)
    assert plan["cost"]["month_usd"] < plan["cost"]["thrifty"]["usd"]  # the cheapest day is under
    expected = (
        cost_of(plan, prices) + soft_price(plan) + pattern_price(plan) + cholesterol_price(plan)
    )
    assert plan["objective"]["value"] == pytest.approx(expected, abs=1e-4)
    assert any("without a price left out" in n for n in plan["notes"])


def test_egg_parts_cost_what_the_whole_egg_costs_per_gram(
    prices: dict[str, dict[str, str]],
) -> None:
    """Separating eggs does not make either part free: white and yolk at the egg's price."""
    whole = prices["01123"]["price_usd_per_100g"]
    assert prices["01124"]["price_usd_per_100g"] == whole
    assert prices["01125"]["price_usd_per_100g"] == whole


def test_estimated_prices_say_so() -> None:
    """A stand-in price (another food's) is marked ESTIMATE in its match note."""
    matches = read("price_matches.csv")
    for food in ("20037", "11936", "11938", "11939", "11998"):
        assert matches[food]["note"].startswith("ESTIMATE"), food


@pytest.fixture(scope="module")
def vegan_day() -> dict[str, Any]:
    args = ["plan", "--sex", "female", "--age", "30", "--diet", "vegan", "--objective", "cost"]
    run = run_cli(*args, "--format", "json")
    assert run.code == 0, run.stderr
    return run.json()  # type: ignore[no-any-return]


def test_a_vegan_cheapest_day_exists_and_meets_vitamin_d(
    vegan_day: dict[str, Any], prices: dict[str, dict[str, str]]
) -> None:
    """UV-exposed mushrooms now carry a price, so the cheapest vegan day meets vitamin D
    (15 µg) from food, every food in it priced, below the Thrifty Food Plan's day."""
    d = next(n for n in vegan_day["nutrients"] if n["nutrient"] == "vitamin_d_ug")
    assert d["amount"] >= 15 - 1e-6
    assert all(f["id"] in prices for f in vegan_day["foods"])
    cost = vegan_day["cost"]
    assert cost["usd"] == pytest.approx(cost_of(vegan_day, prices), abs=0.006)
    assert cost["thrifty"]["group"] == "woman 20-50"
    assert cost["month_usd"] < cost["thrifty"]["usd"]


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
