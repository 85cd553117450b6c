"""Energy that fits the person and the food pattern, through the command line."""

from __future__ import annotations

from typing import Any

import pandas as pd

from conftest import run_cli
from mealfix.inputs.patterns import pattern_for
from mealfix.model.pattern import pattern_rows

QUICK = ["--objective", "portions", "--no-pattern", "--gap", "5", "--format", "json"]


def energy(plan: dict[str, Any]) -> float:
    return float(next(n["amount"] for n in plan["nutrients"] if n["nutrient"] == "energy_kcal"))


def test_an_active_day_has_at_least_300_kcal_more_than_a_sedentary_one() -> None:
    """DGA Appendix 2, a man of 33: sedentary 2,400, active 3,000 kcal; the day stays within
    5 % of each, so the two days differ by at least 3,000 x 0.95 - 2,400 x 1.05 = 330 kcal."""
    person = ["plan", "--sex", "male", "--age", "33"]
    sedentary = run_cli(*person, "--activity", "sedentary", *QUICK)
    active = run_cli(*person, "--activity", "active", *QUICK)
    assert sedentary.code == 0 and active.code == 0, sedentary.stderr + active.stderr
    assert 2280 <= energy(sedentary.json()) <= 2520
    assert 2850 <= energy(active.json()) <= 3150
    assert energy(active.json()) - energy(sedentary.json()) >= 300


def test_pregnancy_adds_the_trimesters_calories() -> None:
    """DGA Table A2-3: +452 kcal in the third trimester; a woman of 29, moderately active,
    needs 2,000 kcal (Table A2-2), so 2,452 kcal ±5 %."""
    run = run_cli(
        "plan", "--sex", "female", "--age", "29", "--pregnant", "--trimester", "3", *QUICK
    )
    assert run.code == 0, run.stderr
    assert 2452 * 0.95 - 1e-6 <= energy(run.json()) <= 2452 * 1.05 + 1e-6


def test_no_pattern_means_no_food_groups_and_a_trimester_needs_a_pregnancy() -> None:
    run = run_cli("plan", "--sex", "female", "--age", "29", *QUICK)
    assert run.code == 0 and run.json()["food_groups"] == []
    wrong = run_cli("plan", "--sex", "female", "--age", "29", "--trimester", "2")
    assert wrong.code == 2 and "--trimester applies to a pregnancy" in wrong.stderr


def test_score_gives_a_usual_days_healthy_eating_index(tmp_path: Any) -> None:
    """White bread only (18069): 0 whole grains, so the whole-grains component scores 0 of
    10 and refined grains are far over 4.3 oz-eq per 1,000 kcal (0 of 10)."""
    from conftest import write

    usual = write(tmp_path / "usual.csv", "id,grams\n18069,100\n")
    run = run_cli("score", str(usual), "--format", "json")
    assert run.code == 0, run.stderr
    hei = run.json()["hei"]
    points = {c["key"]: c["points"] for c in hei["components"]}
    assert points["whole_grains"] == 0 and points["refined_grains"] == 0
    assert hei["version"] == "HEI-2020"


def test_a_group_forced_out_of_its_range_is_named_in_the_notes() -> None:
    """400 g of watermelon (USDA 09326, 152 g a cup = 1 cup-eq) is 2.63 cup-eq of fruit, 132 %
    of a woman of 30's 2 cup-eq: outside 75-125 %, and the plan says so."""
    run = run_cli(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--include",
        "09326:400",
        "--gap",
        "5",
        "--format",
        "json",
    )
    assert run.code == 0, run.stderr
    plan = run.json()
    fruits = next(g for g in plan["food_groups"] if g["group"] == "fruits")
    assert fruits["pct"] >= 130 and not fruits["within"]
    assert any(
        n.startswith("fruits is") and "held there by Watermelon, which you asked for" in n
        for n in plan["notes"]
    )


def test_a_deviation_no_one_could_see_is_free_and_one_beyond_it_is_priced() -> None:
    """The 2,000 kcal Healthy U.S.-Style pattern: 2 cup-eq of fruit a day (DGA Table A3-2);
    watermelon (USDA 09326) is 0.6579 cup-eq per 100 g (152 g a cup). 304 g (2.0000 cup-eq)
    and 305 g (2.0066, 0.33 % over) cost the same; 310 g (2.0395) costs its excess beyond
    0.5 % of the amount at the in-range price of 1/2 per cup-eq: (2.0395 - 2.01) / 2."""
    foods = pd.Index(["09326"])
    rows = pattern_rows(foods, pattern_for("omnivore", 2000, 30), steer=True)

    def cost(grams: float) -> float:
        return rows.cost(pd.Series([grams], index=foods))

    assert cost(305.0) == cost(304.0)
    assert abs(cost(310.0) - cost(304.0) - (0.6579 * 3.10 - 2.01) / 2) < 1e-9
