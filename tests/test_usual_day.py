"""Your day, measured: ``mealfix score`` (and a plan's ``--current``) against hand arithmetic on
data/foods.csv, and ``mealfix foods --nutrients``. No solve here but one tiny plan."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

import mealfix
from conftest import DATA, hand_files, run_cli, write

#: Published DRIs of a woman of 19-30 (NASEM): calcium RDA 1,000 mg, UL 2,500 mg; preformed
#: vitamin A UL 3,000 µg; sodium CDRR 2,300 mg.
CALCIUM_RDA, RETINOL_UL, SODIUM_CDRR = 1000.0, 3000.0, 2300.0
WOMAN = ("--sex", "female", "--age", "30")
#: Machine keys a person should never read in a people's format.
KEYS = ("calcium_mg", "vitamin_b12_ug", "energy_kcal", "sodium_mg")


def per_100g(foods_csv: dict[str, dict[str, str]], food: str, column: str) -> float:
    return float(foods_csv[food][column] or 0)


@pytest.fixture(scope="module")
def usual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """White bread 100 g and whole milk 244 g (1 cup)."""
    folder = tmp_path_factory.mktemp("usual")
    return write(folder / "usual.csv", "id,grams\n18069,100\n01077,244\n")


@pytest.fixture(scope="module")
def scored(usual: Path) -> dict[str, Any]:
    run = run_cli("score", str(usual), *WOMAN, "--format", "json")
    assert run.code == 0, run.stderr
    return run.json()  # type: ignore[no-any-return]


def test_calcium_is_the_sum_of_grams_times_the_table_per_100_g(
    scored: dict[str, Any], foods_csv: dict[str, dict[str, str]]
) -> None:
    bread = 100 * per_100g(foods_csv, "18069", "calcium_mg") / 100
    milk = 244 * per_100g(foods_csv, "01077", "calcium_mg") / 100
    calcium = next(n for n in scored["nutrients"] if n["name"] == "Calcium")
    assert calcium["amount"] == pytest.approx(bread + milk)
    assert calcium["unit"] == "mg" and calcium["target_kind"] == "RDA"
    assert calcium["target"] == CALCIUM_RDA
    assert calcium["pct_of_target"] == pytest.approx(100 * (bread + milk) / CALCIUM_RDA, abs=0.05)
    assert calcium["flag"] == "under"  # 420 mg is under the RDA of 1,000 mg
    top = calcium["sources"][0]
    assert top["name"].startswith("Milk") and top["pct_of_day"] == pytest.approx(
        100 * milk / (bread + milk), abs=0.05
    )


def test_the_food_groups_come_from_the_equivalents_table(scored: dict[str, Any]) -> None:
    """White bread is 3.4483 oz-eq of refined grains per 100 g (data/food_groups.csv)."""
    with (DATA / "food_groups.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["id"] == "18069" and r["group"] == "grains"]
    grains = next(g for g in scored["food_groups"] if g["group"] == "grains")
    assert grains["amount"] == pytest.approx(sum(float(r["per_100g"]) for r in rows))
    assert grains["unit"] == "oz-eq" and grains["pattern"] == 6  # the 2,000 kcal pattern
    assert scored["hei"]["version"] == "HEI-2020"


def test_over_the_ul_and_over_the_cdrr_are_flagged(
    tmp_path: Path, foods_csv: dict[str, dict[str, str]]
) -> None:
    """100 g of beef liver holds 7,728 µg of retinol (UL 3,000); 50 g of soy sauce 2,746 mg
    of sodium (CDRR 2,300)."""
    day = mealfix.score({"13327": 100, "16123": 50}, mealfix.Person(sex="female", age=30))
    rows = {n.name: n for n in day.nutrient_rows}
    retinol = rows["Preformed vitamin A (retinol)"]
    assert retinol.amount == pytest.approx(per_100g(foods_csv, "13327", "retinol_ug"))
    assert retinol.amount > RETINOL_UL and retinol.flag == "over"
    assert retinol.flag_words == "over UL"
    sodium = rows["Sodium"]
    expected = (
        100 * per_100g(foods_csv, "13327", "sodium_mg") / 100
        + 50 * per_100g(foods_csv, "16123", "sodium_mg") / 100
    )
    assert sodium.amount == pytest.approx(expected) and expected > SODIUM_CDRR
    assert sodium.flag_words == "over CDRR"
    assert sodium.sources[0].name == "Soy sauce (shoyu)"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_every_format_speaks_in_names_and_units(usual: Path, fmt: str) -> None:
    run = run_cli("score", str(usual), *WOMAN, "--format", fmt)
    assert run.code == 0, run.stderr
    for word in ("Calcium", "Vitamin B12", "under RDA" if fmt != "csv" else "under"):
        assert word in run.stdout
    for key in KEYS:
        assert key not in run.stdout
    if fmt == "html":
        assert run.stdout.startswith("<!DOCTYPE html>") and "Healthy Eating Index" in run.stdout


def test_the_csv_holds_foods_nutrients_groups_and_the_hei(
    usual: Path, foods_csv: dict[str, dict[str, str]]
) -> None:
    run = run_cli("score", str(usual), *WOMAN, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    parts = {r["part"] for r in rows}
    assert parts == {"food", "nutrient", "food group", "HEI component", "HEI total"}
    magnesium = next(r for r in rows if r["name"] == "Magnesium")
    expected = (
        100 * per_100g(foods_csv, "18069", "magnesium_mg")
        + 244 * per_100g(foods_csv, "01077", "magnesium_mg")
    ) / 100
    assert float(magnesium["amount"]) == pytest.approx(expected)
    assert (magnesium["unit"], magnesium["target"], magnesium["flag"]) == ("mg", "310.0", "under")


def test_without_a_person_the_day_shows_amounts_and_asks_who(usual: Path) -> None:
    run = run_cli("score", str(usual))
    assert run.code == 0, run.stderr
    assert "% of target" not in run.stdout and "Calcium" in run.stdout
    assert "give --sex and --age to see these against your targets" in run.stdout
    half = run_cli("score", str(usual), "--sex", "female")
    assert half.code == 2 and "give both --sex and --age" in half.stderr


def test_python_gets_a_tidy_frame_and_a_notebook_view() -> None:
    day = mealfix.score({"18069": 100, "01077": 244}, mealfix.Person(sex="female", age=30))
    frame = day.nutrients
    assert frame.index.name == "name" and "Calcium" in frame.index
    assert frame.at["Calcium", "flag"] == "under" and frame.at["Calcium", "unit"] == "mg"
    view = day._repr_html_()
    assert "Calcium" in view and "calcium_mg" not in view
    assert "nutrients under the target" in str(day) and len(repr(day)) < 200


def test_a_plan_from_a_usual_day_shows_that_day_against_the_targets(tmp_path: Path) -> None:
    """The hand-solved table (n1 >= 10, 5 <= n2 <= 8): a usual day of A 50 g and B 100 g
    gives n1 = 10 x 0.5 = 5 (50 %, under) and n2 = 10 x 1 = 10 (over its maximum 8)."""
    foods, targets = hand_files(tmp_path)
    current = write(tmp_path / "usual.csv", "id,grams\nA,50\nB,100\n")
    args = ["plan", "--foods", str(foods), "--targets", str(targets), "--current", str(current)]
    run = run_cli(*args, "--format", "json")
    assert run.code == 0, run.stderr
    rows = {n["name"]: n for n in run.json()["usual_day"]["nutrients"]}
    assert rows["n1"]["amount"] == pytest.approx(5.0) and rows["n1"]["flag"] == "under"
    assert rows["n1"]["pct_of_target"] == pytest.approx(50.0)
    assert rows["n2"]["amount"] == pytest.approx(10.0) and rows["n2"]["flag"] == "over"
    text = run_cli(*args).stdout
    assert "Your usual day against your targets" in text and "over max" in text
    page = run_cli(*args, "--format", "html").stdout
    assert "<h2>Your usual day against your targets</h2>" in page and "over max" in page


def test_foods_show_a_portions_nutrients(foods_csv: dict[str, dict[str, str]]) -> None:
    """Rolled oats (08120): a portion is 1 cup, 81 g."""
    run = run_cli("foods", "--search", "08120", "--nutrients", "--format", "json")
    assert run.code == 0, run.stderr
    (oats,) = run.json()
    row = foods_csv["08120"]
    shown = {n["name"]: n for n in oats["nutrients"]}
    assert {"Energy", "Protein", "Magnesium", "Calcium", "Vitamin B12"} <= set(shown)
    for nutrient in oats["nutrients"]:
        value = float(row[nutrient["key"]])
        assert nutrient["per_100g"] == pytest.approx(value)
        assert nutrient["per_portion"] == pytest.approx(value * float(row["portion_g"]) / 100)
    table = run_cli("foods", "--search", "08120", "--nutrients").stdout
    assert "the main ones" in table and "--nutrients all lists every one" in table
    every = run_cli("foods", "--search", "08120", "--nutrients", "all", "--format", "json")
    assert len(every.json()[0]["nutrients"]) > len(shown)
    named = run_cli("foods", "--search", "08120", "--nutrients", "iron", "--format", "csv")
    (iron,) = list(csv.DictReader(io.StringIO(named.stdout)))
    assert iron["nutrient"] == "Iron" and float(iron["per_portion"]) == pytest.approx(
        float(row["iron_mg"]) * 0.81
    )
    wrong = run_cli("foods", "--search", "oat", "--nutrients", "vitamin_q")
    assert wrong.code == 2 and "--nutrients: unknown nutrient 'vitamin_q'" in wrong.stderr


def test_a_food_with_no_value_counts_as_zero_and_is_named(
    foods_csv: dict[str, dict[str, str]],
) -> None:
    """Yellow bell pepper (11951) has no vitamin K value in the table: the day's vitamin K is
    the milk's alone, and the notes say so."""
    assert foods_csv["11951"]["vitamin_k_ug"] == ""
    day = mealfix.score({"11951": 100, "01077": 244}, mealfix.Person(sex="female", age=30))
    vitamin_k = next(n for n in day.nutrient_rows if n.name == "Vitamin K")
    milk = 244 * per_100g(foods_csv, "01077", "vitamin_k_ug") / 100
    assert vitamin_k.amount == pytest.approx(milk)
    assert vitamin_k.unknown_in == ("Yellow bell pepper, raw",)
    said = "Vitamin K: no value in the table for Yellow bell pepper, raw (counted as 0)"
    assert said in day.notes
