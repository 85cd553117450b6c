"""An independent check of data/calorie_needs.yaml and data/patterns.yaml.

The expected values below were typed by hand from stored copies of the Dietary Guidelines for
Americans, 2020-2025 tables (Appendix 2, Tables A2-1 to A2-3; Appendix 3, Tables A3-1 and A3-2,
and the Healthy Vegetarian and Healthy Mediterranean-Style tables for ages 2 and older), not
copied from the YAML, so a slip in either place shows up here. data/PATTERNS.md names the copy
each table was read from. The YAML is read with ``yaml.safe_load`` only: nothing from
``mealfix`` is imported, so these checks hold whatever the code does with the files.
"""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
LEVELS = list(range(1000, 3201, 200))
MEALFIX_DIETS = ("omnivore", "pescatarian", "vegetarian", "vegan")
DGA_PATTERNS = {"healthy_us", "mediterranean", "vegetarian"}
ACTIVITIES = ("sedentary", "moderate", "active")
OPEN_TOP_AGE = 120

# Table A2-2, (sex, age in years, activity, kcal/day). Ages 2-20 as printed in the copy of the
# table reproduced by UpToDate; ages 21 and up from the transcription of the 2020 Appendix 2.
CALORIES: list[tuple[str, int, str, int]] = [
    ("male", 2, "sedentary", 1000),
    ("male", 3, "moderate", 1400),
    ("male", 4, "active", 1600),
    ("male", 8, "active", 2000),
    ("male", 10, "sedentary", 1600),
    ("male", 13, "active", 2600),
    ("male", 15, "moderate", 2600),
    ("male", 17, "active", 3200),
    ("male", 20, "sedentary", 2600),
    ("male", 23, "moderate", 2800),
    ("male", 38, "active", 2800),
    ("male", 43, "sedentary", 2200),
    ("male", 63, "moderate", 2400),
    ("male", 73, "active", 2600),
    ("male", 90, "active", 2400),
    ("female", 2, "active", 1000),
    ("female", 3, "moderate", 1200),
    ("female", 4, "active", 1400),
    ("female", 7, "moderate", 1600),
    ("female", 11, "sedentary", 1600),
    ("female", 12, "moderate", 2000),
    ("female", 16, "active", 2400),
    ("female", 19, "moderate", 2200),
    ("female", 28, "sedentary", 1800),
    ("female", 28, "active", 2400),
    ("female", 33, "active", 2200),
    ("female", 53, "active", 2200),
    ("female", 58, "moderate", 1800),
    ("female", 64, "active", 2000),
    ("female", 80, "sedentary", 1600),
]

# Table A3-2, Healthy U.S.-Style Dietary Pattern, (calorie level, dotted key, amount).
HEALTHY_US: list[tuple[int, str, float]] = [
    (1000, "vegetables", 1),
    (1000, "vegetables_weekly.red_orange", 2.5),
    (1000, "fruits", 1),
    (1000, "protein_weekly.meats_poultry_eggs", 10),
    (1000, "oils", 15),
    (1000, "other_uses_kcal", 130),
    (1200, "dairy", 2.5),
    (1200, "protein_weekly.meats_poultry_eggs", 14),
    (1200, "other_uses_kcal", 80),
    (1400, "grains", 5),
    (1400, "protein_weekly.seafood", 6),
    (1600, "dairy", 3),
    (1600, "whole_grains", 3),
    (1600, "refined_grains", 2),
    (1600, "vegetables_weekly.other", 3.5),
    (1800, "vegetables", 2.5),
    (1800, "other_uses_kcal", 140),
    (2000, "vegetables", 2.5),
    (2000, "vegetables_weekly.dark_green", 1.5),
    (2000, "vegetables_weekly.starchy", 5),
    (2000, "fruits", 2),
    (2000, "grains", 6),
    (2000, "dairy", 3),
    (2000, "protein_foods", 5.5),
    (2000, "protein_weekly.meats_poultry_eggs", 26),
    (2000, "protein_weekly.seafood", 8),
    (2000, "protein_weekly.nuts_seeds_soy", 5),
    (2000, "oils", 27),
    (2000, "other_uses_kcal", 240),
    (2000, "other_uses_pct", 12),
    (2200, "protein_weekly.seafood", 9),
    (2200, "other_uses_kcal", 250),
    (2400, "grains", 8),
    (2400, "oils", 31),
    (2600, "vegetables", 3.5),
    (2600, "other_uses_kcal", 350),
    (2800, "vegetables", 3.5),
    (2800, "fruits", 2.5),
    (2800, "protein_weekly.nuts_seeds_soy", 6),
    (3000, "oils", 44),
    (3000, "vegetables_weekly.beans_peas_lentils", 3),
    (3200, "vegetables_weekly.other", 7),
    (3200, "protein_foods", 7),
    (3200, "oils", 51),
    (3200, "other_uses_kcal", 580),
    (3200, "other_uses_pct", 18),
]

# Healthy Vegetarian Dietary Pattern for ages 2 and older (A3-4 in the transcription used). All
# six daily amounts of the 2,600 kcal column are here because an independent copy has them.
VEGETARIAN: list[tuple[int, str, float]] = [
    (1000, "protein_foods", 1),
    (1000, "protein_weekly.eggs", 2),
    (1000, "protein_weekly.beans_peas_lentils", 1),
    (1000, "other_uses_kcal", 170),
    (1200, "other_uses_pct", 12),
    (1400, "protein_weekly.soy_products", 4),
    (1600, "grains", 5.5),
    (1600, "whole_grains", 3),
    (1600, "refined_grains", 2.5),
    (1600, "protein_weekly.nuts_seeds", 5),
    (1800, "protein_weekly.beans_peas_lentils", 6),
    (2000, "vegetables", 2.5),
    (2000, "vegetables_weekly.beans_peas_lentils", 1.5),
    (2000, "fruits", 2),
    (2000, "grains", 6.5),
    (2000, "whole_grains", 3.5),
    (2000, "dairy", 3),
    (2000, "protein_foods", 3.5),
    (2000, "protein_weekly.eggs", 3),
    (2000, "protein_weekly.beans_peas_lentils", 6),
    (2000, "protein_weekly.soy_products", 8),
    (2000, "protein_weekly.nuts_seeds", 7),
    (2000, "oils", 27),
    (2000, "other_uses_kcal", 250),
    (2000, "other_uses_pct", 13),
    (2200, "other_uses_kcal", 290),
    (2400, "protein_weekly.beans_peas_lentils", 8),
    (2600, "vegetables", 3.5),
    (2600, "fruits", 2),
    (2600, "grains", 9.5),
    (2600, "dairy", 3),
    (2600, "protein_foods", 4.5),
    (2600, "oils", 34),
    (2800, "protein_weekly.eggs", 4),
    (2800, "other_uses_pct", 13),
    (3000, "protein_weekly.nuts_seeds", 12),
    (3200, "protein_foods", 6),
    (3200, "other_uses_kcal", 500),
]

# Healthy Mediterranean-Style Dietary Pattern for ages 2 and older (Table A3-5).
MEDITERRANEAN: list[tuple[int, str, float]] = [
    (1000, "protein_weekly.seafood", 3),
    (1200, "dairy", 2.5),
    (1400, "fruits", 1.5),
    (1600, "fruits", 2),
    (1600, "dairy", 2),
    (1600, "protein_foods", 5.5),
    (1600, "protein_weekly.seafood", 11),
    (1600, "other_uses_kcal", 120),
    (1600, "other_uses_pct", 8),
    (1800, "protein_weekly.seafood", 15),
    (2000, "vegetables", 2.5),
    (2000, "fruits", 2.5),
    (2000, "grains", 6),
    (2000, "whole_grains", 3),
    (2000, "dairy", 2),
    (2000, "protein_foods", 6.5),
    (2000, "protein_weekly.meats_poultry_eggs", 26),
    (2000, "protein_weekly.seafood", 15),
    (2000, "protein_weekly.nuts_seeds_soy", 5),
    (2000, "oils", 27),
    (2000, "other_uses_kcal", 240),
    (2000, "other_uses_pct", 12),
    (2200, "protein_weekly.seafood", 16),
    (2400, "dairy", 2.5),
    (2400, "other_uses_kcal", 280),
    (2600, "other_uses_kcal", 300),
    (2800, "fruits", 3),
    (2800, "protein_foods", 8),
    (3000, "other_uses_kcal", 400),
    (3200, "protein_weekly.seafood", 17),
    (3200, "other_uses_kcal", 540),
    (3200, "other_uses_pct", 17),
]

# Table A3-5 footnote d: dairy (cup-eq/day) for children whatever the calorie level.
MEDITERRANEAN_DAIRY_BY_AGE: list[tuple[int, int, float]] = [(2, 2, 2), (3, 8, 2.5), (9, 18, 3)]

# Table A3-1, Healthy U.S.-Style pattern for toddlers 12-23 months.
TODDLER_US: list[tuple[int, str, float]] = [
    (700, "dairy", 1.6667),
    (700, "protein_weekly.meats_poultry", 8.75),
    (800, "vegetables_weekly.dark_green", 0.3333),
    (900, "grains", 2.5),
    (1000, "oils", 13),
]

# Table A2-1, toddlers: (printed row, male kcal, female kcal).
TODDLER_CALORIES: list[tuple[str, int, int]] = [
    ("12", 800, 800),
    ("15", 900, 800),
    ("18", 1000, 900),
    ("21 through 23", 1000, 1000),
]

# Vegetables: the DGA sets the five subgroups so that a week adds up to exactly 7 x the daily
# amount (true at all twelve levels of all three patterns), so only float noise is allowed.
VEG_WEEK_TOLERANCE = 0.01
# Protein foods: the subgroups are printed rounded to whole ounces, so a week can miss
# 7 x the daily amount by up to 1 oz-eq (it does at 1,200 kcal: 14 + 4 + 2 = 20 against 21; the
# Mediterranean pattern misses by 1 at 1,000 and 1,200 kcal, the vegetarian one by 0.5 at most).
PROTEIN_WEEK_TOLERANCE = 1.0

# The five vegetable subgroups, the same in every pattern.
VEG_SUBGROUPS = {"dark_green", "red_orange", "beans_peas_lentils", "starchy", "other"}
# Protein subgroups as each table prints them. The vegetarian table has no meat, poultry or
# seafood row and prints beans, peas, lentils a second time, as protein foods (footnote d).
PROTEIN_SUBGROUPS = {
    "healthy_us": {"meats_poultry_eggs", "seafood", "nuts_seeds_soy"},
    "mediterranean": {"meats_poultry_eggs", "seafood", "nuts_seeds_soy"},
    "vegetarian": {"eggs", "beans_peas_lentils", "soy_products", "nuts_seeds"},
}
# The Mediterranean pattern is the U.S.-Style one with fruits, seafood and dairy changed (and
# therefore protein foods and the calories left over); everything else is the same.
MEDITERRANEAN_UNCHANGED = (
    "vegetables",
    "vegetables_weekly",
    "grains",
    "whole_grains",
    "refined_grains",
    "protein_weekly.meats_poultry_eggs",
    "protein_weekly.nuts_seeds_soy",
    "oils",
)
# Levels the DGA designs for children 2-8, where the Mediterranean changes were not made.
CHILD_LEVELS = (1000, 1200, 1400)
# Which DGA pattern each mealfix diet follows (see PATTERNS.md, "Diets").
DIET_PATTERNS = {
    "omnivore": "healthy_us",
    "vegetarian": "vegetarian",
    "vegan": "vegetarian",
    "pescatarian": "vegetarian",
}


def load(name: str) -> dict[str, Any]:
    """Read one data file as plain YAML, so the check does not depend on mealfix."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def calories() -> dict[str, Any]:
    """The calorie file, read once: every test only reads it."""
    return load("calorie_needs.yaml")


@pytest.fixture(scope="module")
def patterns() -> dict[str, Any]:
    """The patterns file, read once: every test only reads it."""
    return load("patterns.yaml")


def dig(level: dict[str, Any], dotted: str) -> Any:
    """Follow ``a.b`` into nested mappings, so expectations can name weekly subgroups."""
    value: Any = level
    for part in dotted.split("."):
        value = value[part]
    return value


def need_row(data: dict[str, Any], sex: str, age: int) -> dict[str, Any]:
    """The one Table A2-2 band holding this age, so a gap or overlap fails loudly."""
    rows = [
        row
        for row in data["needs"]
        if row["sex"] == sex and row["age_min"] <= age <= row["age_max"]
    ]
    assert len(rows) == 1, f"{sex} age {age} is in {len(rows)} bands"
    return rows[0]


# --- values typed from the tables ------------------------------------------------------------


@pytest.mark.parametrize(("sex", "age", "activity", "kcal"), CALORIES)
def test_calorie_need_matches_table(
    calories: dict[str, Any], sex: str, age: int, activity: str, kcal: int
) -> None:
    """Each typed Table A2-2 cell equals the YAML, so a mistyped band is caught."""
    assert need_row(calories, sex, age)[activity] == kcal


@pytest.mark.parametrize(("level", "key", "amount"), HEALTHY_US)
def test_healthy_us_matches_table(
    patterns: dict[str, Any], level: int, key: str, amount: float
) -> None:
    """Each typed Table A3-2 cell equals the YAML, so a slipped row or column is caught."""
    found = dig(patterns["patterns"]["healthy_us"][level], key)
    assert found == pytest.approx(amount)


@pytest.mark.parametrize(("level", "key", "amount"), VEGETARIAN)
def test_vegetarian_matches_table(
    patterns: dict[str, Any], level: int, key: str, amount: float
) -> None:
    """Each typed Healthy Vegetarian cell equals the YAML (its own protein subgroups included)."""
    found = dig(patterns["patterns"]["vegetarian"][level], key)
    assert found == pytest.approx(amount)


@pytest.mark.parametrize(("level", "key", "amount"), MEDITERRANEAN)
def test_mediterranean_matches_table(
    patterns: dict[str, Any], level: int, key: str, amount: float
) -> None:
    """Each typed Table A3-5 cell equals the YAML; fruits, dairy and seafood differ from A3-2."""
    found = dig(patterns["patterns"]["mediterranean"][level], key)
    assert found == pytest.approx(amount)


def test_mediterranean_dairy_for_children_matches_footnote(patterns: dict[str, Any]) -> None:
    """Footnote d's fixed dairy amounts for ages 2-18, in one band per printed age range."""
    bands = patterns["pattern_footnotes"]["mediterranean"]["dairy_by_age"]
    found = [(b["age_min"], b["age_max"], b["dairy"]) for b in bands]
    assert found == MEDITERRANEAN_DAIRY_BY_AGE


@pytest.mark.parametrize(("level", "key", "amount"), TODDLER_US)
def test_toddler_pattern_matches_table(
    patterns: dict[str, Any], level: int, key: str, amount: float
) -> None:
    """Table A3-1 uses thirds and quarters; check a few so the decimals stay right."""
    found = dig(patterns["toddler_patterns"]["healthy_us"][level], key)
    assert found == pytest.approx(amount, abs=1e-4)


@pytest.mark.parametrize(("row", "male", "female"), TODDLER_CALORIES)
def test_toddler_calories_match_table(
    calories: dict[str, Any], row: str, male: int, female: int
) -> None:
    """Table A2-1 has no activity levels; both sexes are checked at every printed row."""
    rows = [r for r in calories["toddlers"]["needs"] if r["row"] == row]
    assert len(rows) == 1
    assert (rows[0]["male"], rows[0]["female"]) == (male, female)


def test_pregnancy_and_lactation_match_table(calories: dict[str, Any]) -> None:
    """Table A2-3: +0/+340/+452 by trimester; +330 for months 0-6 and +400 for months 7-12."""
    assert calories["pregnancy"]["trimester"] == {1: 0, 2: 340, 3: 452}
    bands = [
        (b["months_min"], b["months_max"], b["extra"]) for b in calories["lactation"]["months"]
    ]
    assert bands == [(0, 6, 330), (7, 12, 400)]


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("sex", ["male", "female"])
def test_age_bands_cover_2_to_top_without_gaps(calories: dict[str, Any], sex: str) -> None:
    """Every age from 2 up has exactly one band, so a lookup can never fall through."""
    rows = sorted((r for r in calories["needs"] if r["sex"] == sex), key=lambda r: r["age_min"])
    assert rows[0]["age_min"] == 2
    assert rows[-1]["age_max"] == OPEN_TOP_AGE
    for before, after in pairwise(rows):
        assert after["age_min"] == before["age_max"] + 1


def test_more_activity_never_needs_fewer_calories(calories: dict[str, Any]) -> None:
    """Active >= moderate >= sedentary at every age: the EER rises with activity."""
    for row in calories["needs"]:
        assert row["active"] >= row["moderate"] >= row["sedentary"], row


def test_every_calorie_need_is_a_pattern_level(calories: dict[str, Any]) -> None:
    """Needs are rounded to 200 kcal within 1,000-3,200, so each one has a pattern level."""
    for row in calories["needs"]:
        for activity in ACTIVITIES:
            assert row[activity] in LEVELS, (row, activity)


def test_patterns_entered_or_pending_cover_the_three_dga_patterns(
    patterns: dict[str, Any],
) -> None:
    """Each DGA pattern is either entered or listed as pending, never silently missing."""
    entered = set(patterns["patterns"])
    pending = set(patterns.get("patterns_pending") or {})
    assert not entered & pending
    assert entered | pending == DGA_PATTERNS
    assert "healthy_us" in entered


def test_pending_patterns_carry_no_numbers(patterns: dict[str, Any]) -> None:
    """A pending pattern names its table and why it is missing, but holds no amounts."""
    for name, entry in (patterns.get("patterns_pending") or {}).items():
        assert set(entry) == {"table", "reason"}, name
        assert all(isinstance(value, str) for value in entry.values()), name


def test_every_entered_pattern_has_every_calorie_level(patterns: dict[str, Any]) -> None:
    """All twelve levels, 1,000 to 3,200 kcal in steps of 200, so any need can be looked up."""
    for name, levels in patterns["patterns"].items():
        assert sorted(levels) == LEVELS, name


def test_whole_plus_refined_grains_equal_grains(patterns: dict[str, Any]) -> None:
    """The grain subgroups split the grain total exactly, in every pattern and at every level."""
    groups = [patterns["patterns"], patterns["toddler_patterns"]]
    for group in groups:
        for name, levels in group.items():
            if name == "source":
                continue
            for level, row in levels.items():
                split = row["whole_grains"] + row["refined_grains"]
                assert split == pytest.approx(row["grains"]), (name, level)


def test_weekly_subgroups_add_up_to_seven_days(patterns: dict[str, Any]) -> None:
    """Subgroup weeks sum to 7 x the daily amount (tolerances explained at the constants)."""
    for name, levels in patterns["patterns"].items():
        for level, row in levels.items():
            veg_week = sum(row["vegetables_weekly"].values())
            assert abs(veg_week - 7 * row["vegetables"]) <= VEG_WEEK_TOLERANCE, (name, level)
            protein_week = sum(row["protein_weekly"].values())
            gap = abs(protein_week - 7 * row["protein_foods"])
            assert gap <= PROTEIN_WEEK_TOLERANCE, (name, level)


def test_other_uses_percent_is_the_rounded_share(patterns: dict[str, Any]) -> None:
    """The printed % is kcal / level rounded half up (250 / 2,000 prints 13 %), never drifting.

    Python's round() would round 12.5 to even (12), so the halves are rounded up explicitly.
    """
    for name, levels in patterns["patterns"].items():
        for level, row in levels.items():
            share = math.floor(100 * row["other_uses_kcal"] / level + 0.5)
            assert row["other_uses_pct"] == share, (name, level)


def test_each_pattern_has_its_own_subgroups(patterns: dict[str, Any]) -> None:
    """Every level carries the subgroups its table prints and no other (no meat if vegetarian)."""
    for name, levels in patterns["patterns"].items():
        for level, row in levels.items():
            assert set(row["vegetables_weekly"]) == VEG_SUBGROUPS, (name, level)
            assert set(row["protein_weekly"]) == PROTEIN_SUBGROUPS[name], (name, level)


def test_mediterranean_differs_from_us_style_only_as_the_dga_says(
    patterns: dict[str, Any],
) -> None:
    """More fruits and seafood, less dairy, the rest unchanged, and no change at child levels."""
    us_levels = patterns["patterns"]["healthy_us"]
    for level, med in patterns["patterns"]["mediterranean"].items():
        us = us_levels[level]
        for key in MEDITERRANEAN_UNCHANGED:
            assert dig(med, key) == dig(us, key), (level, key)
        assert med["fruits"] >= us["fruits"], level
        assert med["dairy"] <= us["dairy"], level
        low, high = us.get("seafood_weekly_range", [us["protein_weekly"]["seafood"]] * 2)
        assert med["protein_weekly"]["seafood"] >= low, level
        if level in CHILD_LEVELS:
            assert (med["fruits"], med["dairy"]) == (us["fruits"], us["dairy"]), level
            assert low <= med["protein_weekly"]["seafood"] <= high, level


def test_vegetarian_raises_the_plant_foods_it_replaces_meat_with(
    patterns: dict[str, Any],
) -> None:
    """Whole grains, beans, and nuts, seeds and soy are at least the U.S.-Style amounts.

    Beans, peas, lentils count in both groups: in cup-eq the total is the vegetable amount plus
    the protein amount (oz-eq) divided by four (vegetarian table, footnote d).
    """
    us_levels = patterns["patterns"]["healthy_us"]
    for level, veg in patterns["patterns"]["vegetarian"].items():
        us = us_levels[level]
        protein = veg["protein_weekly"]
        beans = veg["vegetables_weekly"]["beans_peas_lentils"] + protein["beans_peas_lentils"] / 4
        assert veg["whole_grains"] >= us["whole_grains"], level
        assert beans >= us["vegetables_weekly"]["beans_peas_lentils"], level
        plant = protein["soy_products"] + protein["nuts_seeds"]
        assert plant >= us["protein_weekly"]["nuts_seeds_soy"], level


def test_every_mealfix_diet_maps_to_a_dga_pattern(patterns: dict[str, Any]) -> None:
    """Each mealfix diet names a DGA pattern, and says truthfully whether its numbers exist."""
    entered = set(patterns["patterns"])
    pending = set(patterns.get("patterns_pending") or {})
    diets = patterns["diets"]
    assert set(diets) == set(MEALFIX_DIETS)
    for diet, entry in diets.items():
        assert entry["pattern"] in entered | pending, diet
        status = "entered" if entry["pattern"] in entered else "pending"
        assert entry["pattern_status"] == status, diet
        assert entry.get("note"), diet


def test_diets_follow_the_chosen_patterns(patterns: dict[str, Any]) -> None:
    """Vegan and pescatarian follow the vegetarian pattern, each labelled a mealfix decision."""
    diets = patterns["diets"]
    assert {diet: entry["pattern"] for diet, entry in diets.items()} == DIET_PATTERNS
    for diet in ("vegan", "pescatarian"):
        assert diets[diet]["adaptation"] == "mealfix decision, not DGA 2020-2025", diet
