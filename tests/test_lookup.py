"""The look-ups a person uses to write options: `mealfix foods --search` and `mealfix
nutrients`, checked against data/foods.csv and data/targets.yaml read independently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, run_cli, write
from mealfix.inputs.targets import load_targets


def test_foods_search_finds_salmon(foods_csv: dict[str, dict[str, str]]) -> None:
    table = run_cli("foods", "--search", "salmon")
    assert table.code == 0, table.stderr
    assert "15237" in table.stdout and "Salmon, Atlantic, farmed, cooked" in table.stdout
    found = run_cli("foods", "--search", "salmon", "--format", "json").json()
    expected = {i for i, row in foods_csv.items() if "salmon" in row["name"].lower()}
    assert {f["id"] for f in found} == expected
    (atlantic,) = [f for f in found if f["id"] == "15237"]
    row = foods_csv["15237"]
    assert atlantic["portion"] == f"{row['portion_measure']} ({float(row['portion_g']):g} g)"
    assert atlantic["meals"] == row["meals"].split(";")


def test_foods_search_takes_words_in_any_order_an_id_and_a_diet(
    foods_csv: dict[str, dict[str, str]],
) -> None:
    found = run_cli("foods", "--search", "canned salmon", "--format", "json").json()
    assert found and all(
        "salmon" in f["name"].lower() and "canned" in f["name"].lower() for f in found
    )
    assert [f["id"] for f in run_cli("foods", "--search", "15237", "--format", "json").json()] == [
        "15237"
    ]
    vegan = run_cli("foods", "--search", "milk", "--diet", "vegan", "--format", "json").json()
    assert vegan and all(foods_csv[f["id"]]["vegan"] == "true" for f in vegan)
    assert (
        run_cli("foods", "--search", "salmon", "--diet", "vegan", "--format", "json").json() == []
    )
    no_fish = run_cli("foods", "--search", "salmon", "--allergy", "fish", "--format", "json")
    assert no_fish.json() == []


def test_foods_csv_is_one_food_per_row() -> None:
    run = run_cli("foods", "--search", "salmon", "--format", "csv")
    lines = run.stdout.splitlines()
    assert lines[0] == "id,name,portion,meals"
    assert any(line.startswith('15237,"Salmon, Atlantic, farmed, cooked"') for line in lines)


def test_foods_of_your_own_table(tmp_path: Path) -> None:
    foods = write(tmp_path / "f.csv", "id,name,n1\nA,Food A,1\nB,Other,2\n")
    run = run_cli("foods", "--search", "food", "--foods", str(foods), "--format", "json")
    assert run.code == 0, run.stderr
    assert run.json() == [{"id": "A", "name": "Food A", "portion": None, "meals": []}]


def test_nutrients_lists_every_key_and_words_that_resolve_to_it() -> None:
    doc = yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))
    run = run_cli("nutrients", "--format", "json")
    assert run.code == 0, run.stderr
    listed = run.json()
    assert [n["key"] for n in listed] == list(doc["nutrients"])
    table = load_targets()
    for nutrient in listed:
        assert nutrient["name"] == doc["nutrients"][nutrient["key"]]["name"]
        for word in nutrient["words"]:  # each word --suspect takes, and means this nutrient
            assert table.resolve_nutrient(word) == nutrient["key"], word
    magnesium = next(n for n in listed if n["key"] == "magnesium_mg")
    assert "magnesium" in magnesium["words"] and magnesium["unit"] == "mg"
    text = run_cli("nutrients").stdout
    assert "magnesium_mg" in text and "vitamin_b12_ug" in text and "µg" in text


@pytest.mark.parametrize("module", ["pandas", "numpy", "rich", "pulp", "highspy", "matplotlib"])
def test_help_loads_no_heavy_module(module: str) -> None:
    """`mealfix --help` stays fast: the command line imports its libraries inside commands."""
    code = f"import sys, mealfix.cli; sys.exit({module!r} in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_main_nutrients_are_the_targets_files_shown_first_then_its_focus(tmp_path: Path) -> None:
    """`--nutrients` (main) lists what data/targets.yaml names (energy, protein, fiber, then
    the seed's six), and a targets file whose ``shown_first`` names no nutrient is refused in
    one line naming the key."""
    import json

    doc = yaml.safe_load((DATA / "targets.yaml").read_text(encoding="utf-8"))
    run = run_cli("foods", "--search", "oats", "--nutrients", "--format", "json")
    assert run.code == 0, run.stderr
    keys = [n["key"] for n in json.loads(run.stdout)[0]["nutrients"]]
    assert keys == [*doc["shown_first"], *doc["focus"]]
    assert keys[:3] == ["energy_kcal", "protein_g", "fiber_g"]
    bad = (DATA / "targets.yaml").read_text(encoding="utf-8")
    bad = bad.replace("shown_first: [energy_kcal,", "shown_first: [energy_kcals,")
    path = write(tmp_path / "t.yaml", bad)
    run = run_cli("nutrients", "--targets", str(path))
    assert run.code != 0
    assert "shown_first names 'energy_kcals', which is not a nutrient" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
