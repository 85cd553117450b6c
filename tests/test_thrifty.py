"""The Thrifty Food Plan yardstick (data/tfp.yaml) and the CPI that states a cost in its month's
dollars (data/cpi.yaml), against the published values transcribed here by hand, and a week's
cost: its days' costs summed, on a small hand-priced table."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import run_cli, write
from mealfix.errors import DataError
from mealfix.explain.yardstick import cost_words, stated_cost
from mealfix.inputs.files import validated
from mealfix.inputs.person import Person
from mealfix.inputs.thrifty import CpiSeries, cpi, thrifty_plan

# USDA FNS, Thrifty Food Plan: September 2025, weekly cost (U.S. average)
SEPTEMBER_2025 = {
    ("female", 1): 25.80,
    ("male", 3): 38.90,
    ("female", 5): 42.50,
    ("male", 7): 47.20,
    ("female", 10): 54.60,
    ("female", 12): 50.50,
    ("female", 19): 58.60,
    ("female", 20): 57.40,
    ("female", 50): 57.40,
    ("female", 51): 53.50,
    ("female", 90): 58.80,
    ("male", 13): 58.30,
    ("male", 14): 73.60,
    ("male", 34): 72.10,
    ("male", 70): 63.70,
    ("male", 71): 60.70,
}

# BLS CUUR0000SAF11, 2023 Jan..Dec: 301.435 + 302.483 + 301.918 + 302.328 + 302.535 + 302.335
# + 303.455 + 303.716 + 303.925 + 304.788 + 303.224 + 303.005 = 3635.147; September 2025 316.042
MEAN_2023 = 3635.147 / 12
SEPT_2025 = 316.042


@pytest.mark.parametrize(("who", "weekly"), SEPTEMBER_2025.items())
def test_each_person_gets_the_published_weekly_cost(who: tuple[str, int], weekly: float) -> None:
    sex, age = who
    group = thrifty_plan().group(Person(sex=sex, age=age))
    assert group is not None
    assert group.weekly_usd == weekly
    assert group.daily_usd == pytest.approx(weekly / 7)


def test_every_age_and_sex_has_exactly_one_group() -> None:
    plan = thrifty_plan()
    for sex in ("female", "male"):
        for age in range(1, 121):
            person = Person(sex=sex, age=age)
            assert sum(g.fits(person) for g in plan.groups) == 1, (sex, age)
    assert plan.month_name == "September 2025" and "Thrifty Food Plan" in plan.source


def test_cpi_brings_2023_dollars_to_the_tfp_month() -> None:
    series = cpi()
    assert series.series == "CUUR0000SAF11" and "Bureau of Labor Statistics" in series.source
    assert series.year_mean() == pytest.approx(MEAN_2023)
    assert series.factor(thrifty_plan().month) == pytest.approx(SEPT_2025 / MEAN_2023)
    # 1.0433: food at home cost 4.3 % more in September 2025 than on average in 2023


def test_a_cpi_file_missing_a_month_of_its_price_year_is_refused() -> None:
    data = {
        "series": "CUUR0000SAF11",
        "title": "food at home",
        "source": "BLS",
        "prices_year": 2023,
        "months": {"2023-01": 301.435},
    }
    with pytest.raises(DataError, match=r"cpi\.yaml.*prices_year 2023 needs all 12 months"):
        validated(CpiSeries, data, "cpi.yaml")


def test_a_day_cost_is_stated_beside_the_tfp() -> None:
    cost = stated_cost(4.12, 2023, person=Person(sex="female", age=34))
    assert cost.month_usd == pytest.approx(round(4.12 * SEPT_2025 / MEAN_2023, 2))
    assert cost.thrifty is not None and cost.thrifty.usd == pytest.approx(8.20)
    words = cost_words(cost)
    assert words.startswith("4.12 USD a day in 2023 prices (4.30 USD in September 2025 prices)")
    assert "the Thrifty Food Plan allows 8.20 USD a day for a woman 20-50" in words


def test_a_cost_in_other_dollars_is_not_converted() -> None:
    """A foods table of one's own has no price year: no month, no TFP ratio is made up."""
    cost = stated_cost(3.0, None, person=Person(sex="male", age=40))
    assert cost.month_usd is None and cost.thrifty is None
    assert cost_words(cost) == "3.00 USD a day"


# Hand week: one nutrient n >= 10 a day; A gives 10 n per 100 g at $0.50, B 5 n at $0.30.
# With A on at most 2 of 3 days, the week is A, A, 200 g B: 0.50 + 0.50 + 0.60 = 1.60.
HAND_FOODS = "id,name,n,portion_g,price\nA,Food A,10,100,0.50\nB,Food B,5,100,0.30\n"
HAND_TARGETS = "nutrients:\n  n: {min: 10}\n"


def test_week_json_carries_each_day_cost_and_the_week_total(tmp_path: Any) -> None:
    f = write(tmp_path / "f.csv", HAND_FOODS)
    t = write(tmp_path / "t.yaml", HAND_TARGETS)
    run = run_cli(
        "week", "--foods", str(f), "--targets", str(t), "--days", "3", "--max-days", "2",
        "--format", "json",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    week = run.json()
    assert sorted(d["cost"]["usd"] for d in week["days"]) == [0.5, 0.5, 0.6]
    assert week["cost"]["usd"] == pytest.approx(1.60)
    assert week["cost"]["days"] == 3


def test_a_day_with_an_unpriced_food_costs_at_least_its_priced_foods(tmp_path: Any) -> None:
    """A (10 n per 100 g, at most 100 g, $0.50) and B (5 n, no price) for n >= 15: the day is
    100 g of each; its cost is unknown, but at least A's $0.50, and the words say both."""
    f = write(
        tmp_path / "f.csv",
        "id,name,n,portion_g,max_g,price\nA,Food A,10,100,100,0.50\nB,Food B,5,100,300,\n",
    )
    t = write(tmp_path / "t.yaml", "nutrients:\n  n: {min: 15}\n")
    run = run_cli("plan", "--foods", str(f), "--targets", str(t), "--format", "json")
    assert run.code == 0, run.stderr
    cost = run.json()["cost"]
    assert cost["usd"] is None and cost["unpriced"] == ["Food B"]
    assert cost["at_least_usd"] == pytest.approx(0.50)
    text = run_cli("plan", "--foods", str(f), "--targets", str(t)).stdout
    assert "Cost of the day: at least 0.50 USD a day (no price for Food B)" in text


def test_a_week_with_an_unpriced_day_costs_at_least_its_other_days(tmp_path: Any) -> None:
    """The hand week with B unpriced: A, A and 200 g of B; the day of B has no known cost
    (no priced food), the week costs at least the two days of A, $1.00."""
    f = write(tmp_path / "f.csv", HAND_FOODS.replace("5,100,0.30", "5,100,"))
    t = write(tmp_path / "t.yaml", HAND_TARGETS)
    args = ("week", "--foods", str(f), "--targets", str(t), "--days", "3", "--max-days", "2")
    run = run_cli(*args, "--format", "json")
    assert run.code == 0, run.stderr
    week = run.json()
    days = sorted((d["cost"]["usd"] or 0.0, d["cost"]["at_least_usd"]) for d in week["days"])
    assert days == [(0.0, None), (0.5, None), (0.5, None)]
    assert week["cost"]["usd"] is None and week["cost"]["unpriced"] == ["Food B"]
    assert week["cost"]["at_least_usd"] == pytest.approx(1.00)
    assert "Cost of the 3 days: at least 1.00 USD (no price for Food B)." in run_cli(*args).stdout
