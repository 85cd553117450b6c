"""Independent checks of ``data/food_groups.csv`` (food-group equivalents per 100 g).

The expected numbers are worked out by hand from the SR28 household measures and the DGA /
MyPlate / FPED conventions in ``data/FOOD_GROUPS.md`` (table "Hand-computed examples"), not
recomputed by the build script, so a wrong rule in the script shows up here. Only the csv
module is used: no mealfix import. The rebuild tests need the shared USDA portions file and are
skipped where it is absent.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GROUPS_CSV = ROOT / "data" / "food_groups.csv"
FOODS_CSV = ROOT / "data" / "foods.csv"
SR28_FOODS = ROOT / "data" / "usda_sr28_foods.csv"
SCRIPT = ROOT / "scripts" / "build_food_groups.py"
SHARED = Path("/work/shared/data")
PORTIONS = SHARED / "usda_sr28_portions.csv"

COLUMNS = ["id", "name", "group", "subgroup", "per_100g", "unit", "basis"]
UNITS = {
    "vegetables": "cup_eq",
    "fruits": "cup_eq",
    "dairy": "cup_eq",
    "grains": "oz_eq",
    "protein_foods": "oz_eq",
    "oils": "g",
    "other_uses": "kcal",
}
SUBGROUPS = {
    "vegetables": {"dark_green", "red_orange", "beans_peas_lentils", "starchy", "other"},
    "fruits": {"whole_fruit", "juice"},
    "grains": {"whole_grains", "refined_grains"},
    "dairy": {"dairy"},
    "protein_foods": {
        "meats",
        "poultry",
        "eggs",
        "seafood",
        "nuts_seeds",
        "soy_products",
        "beans_peas_lentils",
    },
    "oils": {"oils"},
    "other_uses": {"kcal"},
}

# (id, group, subgroup, expected per 100 g, hand arithmetic) - FOOD_GROUPS.md examples.
HAND: list[tuple[str, str, str, float, str]] = [
    ("11457", "vegetables", "dark_green", 100 / 60, "raw spinach 1 cup 30 g, 2 cups = 1"),
    ("11090", "vegetables", "dark_green", 100 / 91, "raw broccoli 1 cup chopped 91 g"),
    ("11251", "vegetables", "dark_green", 100 / 94, "romaine 1 cup 47 g, 2 cups = 1"),
    ("11125", "vegetables", "red_orange", 100 / 156, "cooked carrots 1/2 cup 78 g"),
    ("11546", "vegetables", "red_orange", 100 / 64, "tomato paste 1 Tbsp 16 g = 1/4 cup-eq"),
    ("09037", "vegetables", "other", 100 / 150, "avocado 1 cup cubes 150 g"),
    ("09278", "vegetables", "starchy", 100 / 154, "plantain 1 cup slices 154 g"),
    ("11674", "vegetables", "starchy", 100 / 173, "1 medium baked potato 173 g = 1 cup"),
    ("11584", "vegetables", "starchy", 100 / 182 * 3 / 5, "mixed veg 3/5 of 1/2 cup 91 g"),
    ("11584", "vegetables", "red_orange", 100 / 182 / 5, "mixed veg 1/5"),
    ("16070", "vegetables", "beans_peas_lentils", 100 / 198, "lentils 1 cup 198 g"),
    ("16070", "protein_foods", "beans_peas_lentils", 100 / 49.5, "lentils 1/4 cup 49.5 g"),
    ("16158", "protein_foods", "beans_peas_lentils", 100 / 30, "hummus 2 Tbsp = 30 g"),
    ("16158", "vegetables", "beans_peas_lentils", 100 / 120, "hummus 8 Tbsp = 1 cup-eq"),
    ("16059", "protein_foods", "beans_peas_lentils", 100 / 128, "chili 1 cup 256 g = 2 oz"),
    ("09298", "fruits", "whole_fruit", 100 / 72.5, "raisins 1/2 cup of 145 g"),
    ("09003", "fruits", "whole_fruit", 100 / 125, "apple 1 cup chopped 125 g"),
    ("09209", "fruits", "juice", 100 / 249, "orange juice 1 cup 249 g"),
    ("20037", "grains", "whole_grains", 100 / 101, "brown rice 1/2 cup of 202 g"),
    ("20121", "grains", "refined_grains", 100 / 62, "pasta 1/2 cup of 124 g"),
    ("18069", "grains", "refined_grains", 100 / 29, "white bread 1 slice 29 g"),
    ("08120", "grains", "whole_grains", 100 / 28.35, "rolled oats 1 oz dry"),
    ("19034", "grains", "whole_grains", 100 / 24, "popcorn 3 cups x 8 g"),
    ("18274", "grains", "refined_grains", 100 / 55, "muffin Exhibit A group D 55 g"),
    ("01077", "dairy", "dairy", 100 / 244, "whole milk 1 cup 244 g"),
    ("01009", "dairy", "dairy", 100 / 42.525, "cheddar 1 1/2 oz"),
    ("01012", "dairy", "dairy", 100 / 420, "cottage cheese 2 cups of 210 g"),
    ("01256", "dairy", "dairy", 0.75 * 100 / 170, "Greek yogurt 6-oz container = 3/4"),
    ("16139", "dairy", "dairy", 100 / 243, "fortified soymilk 1 cup 243 g"),
    ("01123", "protein_foods", "eggs", 100 / 50, "egg 1 large 50 g"),
    ("01124", "protein_foods", "eggs", 100 / 49.5, "egg white 33 g, 3 whites = 2 oz"),
    ("05064", "protein_foods", "poultry", 100 / 28.35, "chicken breast 1 oz"),
    ("10862", "protein_foods", "meats", 100 / 28.35, "bacon 1 oz"),
    ("12061", "protein_foods", "nuts_seeds", 100 / 14.175, "almonds 1/2 oz"),
    ("16098", "protein_foods", "nuts_seeds", 100 / 16, "peanut butter 1 Tbsp 16 g"),
    ("16126", "protein_foods", "soy_products", 100 / 63, "tofu 1/4 cup of 1/2 cup 126 g"),
    ("15027", "grains", "refined_grains", 26.3151 / 16, "fish sticks flour 26.3151 g / 16"),
    ("15027", "protein_foods", "seafood", 35.3137 / 28.35, "fish sticks fish 35.3137 g / oz"),
    ("04053", "oils", "oils", 100.0, "olive oil fat_g 100"),
    ("04610", "oils", "oils", 80.71 / 2, "margarine half of fat_g 80.71 (FPED)"),
]

# (id, expected other-uses kcal per 100 g, hand arithmetic).
HAND_OTHER_USES: list[tuple[str, float, str]] = [
    ("18069", 4 * 4.37, "white bread: added sugars only"),
    ("18274", 4 * 30.17 + 9 * (2.844 - 0.698 / (100 / 29) * (100 / 55)), "muffin"),
    ("01077", 9 * (1.865 - 0.633), "whole milk: sat. fat above 1% milk"),
    ("01009", 9 * (18.867 - 0.633 * 2.44 * 100 / 42.525), "cheddar"),
    ("10862", 9 * (11.964 - 4.5), "bacon: sat. fat above the lean ceiling"),
    ("16098", 4 * 5.59, "peanut butter"),
    ("16139", 4 * 3.24, "fortified soymilk"),
    ("04610", 9 * 80.71 / 2, "margarine: solid-fat half"),
    ("14091", 15.0, "almond milk, no group: all kcal"),
    ("01001", 717.0, "butter, no group: all kcal"),
    ("19296", 4 * 82.12, "honey: 4 x added sugars > 304 kcal"),
    ("05064", 0.0, "lean chicken breast"),
]


def read(path: Path) -> list[dict[str, str]]:
    """All rows of a CSV file."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """The committed food_groups.csv."""
    return read(GROUPS_CSV)


@pytest.fixture(scope="module")
def by_food(rows: list[dict[str, str]]) -> dict[str, dict[tuple[str, str], float]]:
    """id -> {(group, subgroup): per_100g}."""
    out: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for r in rows:
        out[r["id"]][(r["group"], r["subgroup"])] = float(r["per_100g"])
    return out


@pytest.fixture(scope="module")
def foods() -> dict[str, dict[str, str]]:
    """data/foods.csv by id."""
    return {r["id"]: r for r in read(FOODS_CSV)}


@pytest.mark.parametrize(("fid", "group", "sub", "expected", "why"), HAND)
def test_hand_computed_equivalents(
    by_food: dict[str, dict[tuple[str, str], float]],
    fid: str,
    group: str,
    sub: str,
    expected: float,
    why: str,
) -> None:
    """Each worked example of FOOD_GROUPS.md matches the file to the printed 4 decimals."""
    got = by_food[fid].get((group, sub))
    assert got is not None, f"{fid} has no {group}/{sub} row ({why})"
    assert got == pytest.approx(expected, abs=1.5e-4), why


@pytest.mark.parametrize(("fid", "expected", "why"), HAND_OTHER_USES)
def test_hand_computed_other_uses(
    by_food: dict[str, dict[tuple[str, str], float]], fid: str, expected: float, why: str
) -> None:
    """Other-uses kcal: 4 x added sugars, 9 x excess saturated fat, all kcal outside groups."""
    got = by_food[fid][("other_uses", "kcal")]
    assert got == pytest.approx(expected, abs=0.01), why


def test_sugar_other_uses_is_four_kcal_per_gram(
    by_food: dict[str, dict[tuple[str, str], float]],
) -> None:
    """White sugar (99.8 g added sugars per 100 g) spends about 4 x 99.8 kcal on other uses."""
    assert by_food["19335"] == {("other_uses", "kcal"): pytest.approx(4 * 99.8, rel=0.01)}


def test_the_brief_examples(by_food: dict[str, dict[tuple[str, str], float]]) -> None:
    """The brief's own numbers (to its 2-3 decimals) where the bundled food is the same."""
    assert by_food["11457"][("vegetables", "dark_green")] == pytest.approx(1.667, abs=1e-3)
    assert by_food["01077"][("dairy", "dairy")] == pytest.approx(0.41, abs=1e-3)
    assert by_food["12061"][("protein_foods", "nuts_seeds")] == pytest.approx(7.06, abs=0.01)
    assert by_food["01123"][("protein_foods", "eggs")] == pytest.approx(2.0, abs=1e-4)
    lentils = by_food["16070"]
    assert lentils[("protein_foods", "beans_peas_lentils")] == pytest.approx(2.02, abs=1e-3)
    assert lentils[("vegetables", "beans_peas_lentils")] == pytest.approx(0.505, abs=1e-3)


def test_classification_cases(by_food: dict[str, dict[tuple[str, str], float]]) -> None:
    """Avocado and plantain are vegetables; only fortified soy beverages are dairy."""
    groups = {fid: {g for g, _ in parts} for fid, parts in by_food.items()}
    assert ("vegetables", "other") in by_food["09037"]  # avocado
    assert "fruits" not in groups["09037"]
    assert ("vegetables", "starchy") in by_food["09278"]  # plantain
    assert "fruits" not in groups["09278"]
    for plant_milk in ("14016", "14091", "14171", "14639", "16120"):
        assert "dairy" not in groups[plant_milk], plant_milk
    for soy_milk in ("16139", "16222"):
        assert ("dairy", "dairy") in by_food[soy_milk], soy_milk
    for not_dairy in ("01001", "01017", "01049", "01053", "01056"):  # butter, cream products
        assert groups[not_dairy] == {"other_uses"}, not_dairy
    assert groups["04047"] == {"other_uses"}  # coconut oil is a solid fat, not oils
    assert groups["12104"] == {"other_uses"}  # coconut is not a nut
    assert ("protein_foods", "soy_products") in by_food["16126"]  # tofu
    assert ("vegetables", "beans_peas_lentils") not in by_food["16126"]
    assert ("grains", "refined_grains") in by_food["18363"]  # corn tortilla: masa is refined
    assert ("grains", "whole_grains") in by_food["18075"]


def test_every_food_present(rows: list[dict[str, str]], foods: dict[str, dict[str, str]]) -> None:
    """Every foods.csv id appears, with its name, and no other id does."""
    ids = {r["id"] for r in rows}
    assert ids == set(foods)
    for r in rows:
        assert r["name"] == foods[r["id"]]["name"]


def test_columns_units_subgroups(rows: list[dict[str, str]]) -> None:
    """Fixed header; unit fixed by group; only the listed subgroups; basis never empty."""
    with GROUPS_CSV.open(newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    for r in rows:
        assert r["group"] in UNITS, r
        assert r["unit"] == UNITS[r["group"]], r
        assert r["subgroup"] in SUBGROUPS[r["group"]], r
        assert r["basis"].strip(), r


def test_values_are_numbers_not_negative(rows: list[dict[str, str]]) -> None:
    """per_100g is a 4-decimal number, never negative; a group row is never zero."""
    for r in rows:
        text = r["per_100g"]
        assert text.count(".") == 1 and len(text.split(".")[1]) == 4, r
        value = float(text)
        assert value >= 0, r
        if r["group"] != "other_uses":
            assert value > 0, r


def test_sorted_and_unique(rows: list[dict[str, str]]) -> None:
    """Rows are sorted by id, group, subgroup, and each key appears once."""
    keys = [(r["id"], r["group"], r["subgroup"]) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_one_other_uses_row_per_food(
    by_food: dict[str, dict[tuple[str, str], float]], rows: list[dict[str, str]]
) -> None:
    """Each food has one other_uses row; a food in no group says so in its basis."""
    for fid, parts in by_food.items():
        assert ("other_uses", "kcal") in parts, fid
    for r in rows:
        alone = len(by_food[r["id"]]) == 1
        assert alone == r["basis"].startswith("no food group"), r


def test_beans_carry_both_rows(by_food: dict[str, dict[tuple[str, str], float]]) -> None:
    """A bean row in one group has its twin: oz-eq protein = 4 x cup-eq vegetable."""
    veg_key = ("vegetables", "beans_peas_lentils")
    prot_key = ("protein_foods", "beans_peas_lentils")
    with_beans = [fid for fid, p in by_food.items() if veg_key in p or prot_key in p]
    assert len(with_beans) >= 15
    for fid in with_beans:
        parts = by_food[fid]
        assert veg_key in parts and prot_key in parts, fid
        assert parts[prot_key] == pytest.approx(4 * parts[veg_key], abs=3e-4), fid


def test_other_uses_bounds(
    by_food: dict[str, dict[tuple[str, str], float]], foods: dict[str, dict[str, str]]
) -> None:
    """Other uses is at least 4 x added sugars; a food in no group spends all its kcal."""
    for fid, parts in by_food.items():
        kcal = parts[("other_uses", "kcal")]
        sugars = float(foods[fid]["added_sugars_g"])
        assert kcal >= 4 * sugars - 1e-4, fid
        if len(parts) == 1:
            assert kcal >= float(foods[fid]["energy_kcal"]) - 1e-4, fid


def run_build(foods: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run the build script as documented in FOOD_GROUPS.md."""
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--foods",
            str(foods),
            "--portions",
            str(PORTIONS),
            "--sr28-foods",
            str(SR28_FOODS),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


needs_shared = pytest.mark.skipif(not PORTIONS.is_file(), reason="needs the shared portions")


@needs_shared
def test_build_is_reproducible(tmp_path: Path) -> None:
    """A fresh build gives the committed file byte for byte."""
    out = tmp_path / "food_groups.csv"
    proc = run_build(FOODS_CSV, out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == GROUPS_CSV.read_bytes()


@needs_shared
def test_build_refuses_food_without_rule(tmp_path: Path) -> None:
    """A food the rules do not know stops the build and nothing is written."""
    foods = tmp_path / "foods.csv"
    text = FOODS_CSV.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    foods.write_text(text + "99999" + first[5:] + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_build(foods, out)
    assert proc.returncode == 1
    assert "99999: no rule" in proc.stderr
    assert not out.exists()
    assert header.startswith("id,")


@needs_shared
def test_build_refuses_missing_value(tmp_path: Path) -> None:
    """An empty saturated-fat cell is reported, never read as zero."""
    rows = read(FOODS_CSV)
    for r in rows:
        if r["id"] == "01077":
            r["saturated_fat_g"] = ""
    foods = tmp_path / "foods.csv"
    with foods.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    shutil.copy(GROUPS_CSV, out)
    before = out.read_bytes()
    proc = run_build(foods, out)
    assert proc.returncode == 1
    assert "01077: saturated_fat_g is empty" in proc.stderr
    assert out.read_bytes() == before
