"""Healthy Eating Index: the standards in data/hei.yaml and hand-scored days.

The standards below are typed by hand from the stored NCI pages named in data/HEI.md (the
"Comparing HEI-2020 vs. HEI-Toddlers-2020" table, HEI-2015 Table 1 and the HEI-2015 SAS macro;
HEI-2020 = HEI-2015 per Shams-White et al. 2023), not copied from the YAML. The toddler
moderation rows and the toddler fatty-acid minimum come from the dietaryindex R package
(R/HEI2020.R), because the stored NCI table is cut off there: HEI.md says so.

Every day is scored by hand in its comments: density = amount / (kcal / 1000) (sodium in g per
1,000 kcal, added sugars and saturated fat in % of energy, fatty acids as (MUFA+PUFA)/SFA), then
points = max * (density - worst) / (best - worst), capped to [0, max].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from mealfix.errors import DataError
from mealfix.explain.hei import (
    AMOUNT_KEYS,
    COMPONENT_KEYS,
    HeiComponent,
    HeiScore,
    load_hei,
    score_day,
    version_for,
)

HEI_YAML = Path(__file__).resolve().parents[1] / "data" / "hei.yaml"

# (max points, standard for the maximum score, standard for a score of zero), typed from the
# NCI "Comparing HEI-2020 vs. HEI-Toddlers-2020" table and HEI-2015 Table 1.
HEI_2020: dict[str, tuple[float, float, float]] = {
    "total_fruits": (5, 0.8, 0),  # >=0.8 cup eq per 1,000 kcal; no fruits
    "whole_fruits": (5, 0.4, 0),
    "total_vegetables": (5, 1.1, 0),
    "greens_and_beans": (5, 0.2, 0),
    "whole_grains": (10, 1.5, 0),  # oz eq
    "dairy": (10, 1.3, 0),
    "total_protein_foods": (5, 2.5, 0),  # oz eq
    "seafood_plant_proteins": (5, 0.8, 0),
    "fatty_acids": (10, 2.5, 1.2),  # (PUFAs + MUFAs)/SFAs >=2.5; <=1.2
    "refined_grains": (10, 1.8, 4.3),  # <=1.8 oz eq; >=4.3 oz eq per 1,000 kcal
    "sodium": (10, 1.1, 2.0),  # <=1.1 g; >=2.0 g per 1,000 kcal
    "added_sugars": (10, 6.5, 26),  # <=6.5% of energy; >=26% of energy
    "saturated_fats": (10, 8, 16),  # <=8% of energy; >=16% of energy
}
# HEI-Toddlers-2020, "For 12 through 23 months" column of the NCI comparing table (adequacy
# rows and the fatty-acid maximum); the rest from dietaryindex R/HEI2020.R (HEI2020_TODDLERS_*).
HEI_TODDLERS: dict[str, tuple[float, float, float]] = {
    "total_fruits": (5, 0.7, 0),
    "whole_fruits": (5, 0.3, 0),
    "total_vegetables": (5, 0.9, 0),
    "greens_and_beans": (5, 0.1, 0),
    "whole_grains": (10, 1.5, 0),
    "dairy": (10, 2.0, 0),
    "total_protein_foods": (5, 2, 0),
    "seafood_plant_proteins": (5, 0.5, 0),
    "fatty_acids": (10, 1.5, 0.9),
    "refined_grains": (10, 1.5, 3.4),
    "sodium": (10, 1.1, 1.7),
    "added_sugars": (10, 0, 13.8),
    "saturated_fats": (10, 12.2, 18.2),
}
MODERATION = {"refined_grains", "sodium", "added_sugars", "saturated_fats"}
BASIS = {"fatty_acids": "ratio", "added_sugars": "pct_energy", "saturated_fats": "pct_energy"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return load_hei(HEI_YAML)


def day(**amounts: float) -> dict[str, float]:
    """A day with every amount zero except those given."""
    unknown = set(amounts) - set(AMOUNT_KEYS)
    assert not unknown, unknown
    return {key: float(amounts.get(key, 0.0)) for key in AMOUNT_KEYS}


def points(score: HeiScore) -> dict[str, float]:
    return {c.key: c.points for c in score.components}


# --- the standards -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "table"), [("HEI-2020", HEI_2020), ("HEI-Toddlers-2020", HEI_TODDLERS)]
)
def test_every_standard_matches_the_published_table(version: str, table: dict[str, Any]) -> None:
    raw = yaml.safe_load(HEI_YAML.read_text(encoding="utf-8"))
    components = raw["versions"][version]["components"]
    assert [c["key"] for c in components] == list(table)
    for comp in components:
        top, best, worst = table[comp["key"]]
        assert (comp["max"], comp["best"], comp["worst"]) == (top, best, worst), comp["key"]
        assert comp["kind"] == ("moderation" if comp["key"] in MODERATION else "adequacy")
        assert comp["basis"] == BASIS.get(comp["key"], "per_1000_kcal")
        assert comp["source"]
    assert sum(top for top, _, _ in table.values()) == 100


def test_ages_units_energy_factors_and_legume_rule_as_published() -> None:
    raw = yaml.safe_load(HEI_YAML.read_text(encoding="utf-8"))
    assert raw["versions"]["HEI-2020"]["ages"] == {"min": 2}  # "For 2 Years and Older"
    assert raw["versions"]["HEI-Toddlers-2020"]["ages"] == {"min": 1, "max": 1}  # 12-23 months
    units = {c["key"]: c["unit"] for c in raw["versions"]["HEI-2020"]["components"]}
    assert units["dairy"] == "cup_eq" and units["whole_grains"] == "oz_eq"
    assert units["sodium"] == "g" and units["added_sugars"] == "pct"
    # NCI macro: added sugars tsp-eq * 16 kcal (4 g * 4 kcal/g); saturated fat g * 9 kcal.
    assert raw["energy"]["added_sugars_kcal_per_g"] == 4
    assert raw["energy"]["saturated_fats_kcal_per_g"] == 9
    # HEI-2015 Table 1 / macro: legumes in both vegetable AND both protein components.
    assert raw["legumes"]["cup_eq_to"] == ["total_vegetables", "greens_and_beans"]
    assert raw["legumes"]["oz_eq_to"] == ["total_protein_foods", "seafood_plant_proteins"]


def test_a_broken_standard_is_refused(tmp_path: Path) -> None:
    text = HEI_YAML.read_text(encoding="utf-8")
    swapped = tmp_path / "hei.yaml"
    swapped.write_text(text.replace("best: 1.1, worst: 2.0", "best: 2.0, worst: 1.1"))
    with pytest.raises(DataError, match="below for moderation"):  # one line, naming the file
        load_hei(swapped)
    wrong_schema = tmp_path / "other.yaml"
    wrong_schema.write_text(text.replace("mealfix-hei/1", "mealfix-hei/2"))
    with pytest.raises(DataError, match="schema"):
        load_hei(wrong_schema)


def test_the_file_is_parsed_once(doc: dict[str, Any]) -> None:
    assert load_hei(HEI_YAML) is doc


# --- hand-scored days ------------------------------------------------------------------------

# Every component at or past its maximum standard, 2,000 kcal (so divide by 2 for density).
BEST_DAY = day(
    total_fruits=2.0,  # 1.0 cup/1000 kcal >= 0.8 -> 5
    whole_fruits=1.0,  # 0.5 >= 0.4 -> 5
    total_vegetables=2.0,  # (2.0 + 0.5 legumes)/2 = 1.25 >= 1.1 -> 5
    greens=0.5,  # (0.5 + 0.5 legumes)/2 = 0.5 >= 0.2 -> 5
    legumes_cup_eq=0.5,
    legumes_oz_eq=2.0,  # the same half cup of beans as protein (1 cup-eq = 4 oz-eq in FPED)
    whole_grains=3.0,  # 1.5 oz/1000 kcal: exactly the standard -> 10
    dairy=3.0,  # 1.5 >= 1.3 -> 10
    total_protein=4.0,  # (4 + 2 legumes)/2 = 3.0 >= 2.5 -> 5
    seafood_plant_protein=1.0,  # (1 + 2 legumes)/2 = 1.5 >= 0.8 -> 5
    mufa_g=30,
    pufa_g=20,  # (30 + 20)/15 = 3.33 >= 2.5 -> 10
    sfa_g=15,  # 15 g * 9 = 135 kcal = 6.75% <= 8 -> 10
    refined_grains=3.0,  # 1.5 <= 1.8 -> 10
    sodium_mg=2000,  # 2.0 g / 2 = 1.0 g/1000 kcal <= 1.1 -> 10
    added_sugars_g=25,  # 25 g * 4 = 100 kcal = 5% <= 6.5 -> 10
)


def test_a_day_that_meets_every_standard_scores_100(doc: dict[str, Any]) -> None:
    score = score_day(BEST_DAY, 2000, 40, doc)
    assert score.version == "HEI-2020"
    assert score.total == 100.0
    assert all(c.points == c.max for c in score.components)
    assert [c.key for c in score.components] == list(COMPONENT_KEYS)
    assert score.weakest() == ()


def test_a_day_that_meets_every_minimum_scores_0(doc: dict[str, Any]) -> None:
    worst = day(
        mufa_g=10,
        pufa_g=8,  # (10 + 8)/40 = 0.45 <= 1.2 -> 0
        sfa_g=40,  # 40 * 9 = 360 kcal = 18% >= 16 -> 0
        refined_grains=10,  # 5.0 oz/1000 kcal >= 4.3 -> 0
        sodium_mg=5000,  # 2.5 g/1000 kcal >= 2.0 -> 0
        added_sugars_g=150,  # 600 kcal = 30% >= 26 -> 0
    )  # no fruit, vegetables, beans, whole grains, dairy or protein: 8 adequacy zeros
    score = score_day(worst, 2000, 40, doc)
    assert score.total == 0.0
    assert all(c.points == 0 for c in score.components)
    assert [c.key for c in score.weakest(3)] == ["whole_grains", "dairy", "fatty_acids"]


def test_a_day_in_between_scored_component_by_component(doc: dict[str, Any]) -> None:
    middle = day(
        total_fruits=0.8,  # 0.4/1000 kcal: 5 * 0.4/0.8 = 2.5
        whole_fruits=0.4,  # 0.2: 5 * 0.2/0.4 = 2.5
        total_vegetables=1.1,  # 0.55: 5 * 0.55/1.1 = 2.5
        greens=0.1,  # 0.05: 5 * 0.05/0.2 = 1.25
        whole_grains=1.5,  # 0.75: 10 * 0.75/1.5 = 5
        dairy=1.3,  # 0.65: 10 * 0.65/1.3 = 5
        total_protein=3.0,  # 1.5: 5 * 1.5/2.5 = 3
        seafood_plant_protein=0.4,  # 0.2: 5 * 0.2/0.8 = 1.25
        mufa_g=25,
        pufa_g=12,  # 37/20 = 1.85: 10 * (1.85 - 1.2)/(2.5 - 1.2) = 5
        sfa_g=20,  # 180 kcal = 9%: 10 * (16 - 9)/(16 - 8) = 8.75
        refined_grains=6.0,  # 3.0: 10 * (4.3 - 3.0)/(4.3 - 1.8) = 5.2
        sodium_mg=3400,  # 1.7 g: 10 * (2.0 - 1.7)/(2.0 - 1.1) = 3.3333
        added_sugars_g=50,  # 200 kcal = 10%: 10 * (26 - 10)/(26 - 6.5) = 8.2051
    )
    expected = {
        "total_fruits": 2.5,
        "whole_fruits": 2.5,
        "total_vegetables": 2.5,
        "greens_and_beans": 1.25,
        "whole_grains": 5.0,
        "dairy": 5.0,
        "total_protein_foods": 3.0,
        "seafood_plant_proteins": 1.25,
        "fatty_acids": 5.0,
        "refined_grains": 5.2,
        "sodium": 10 / 3,
        "added_sugars": 160 / 19.5,
        "saturated_fats": 8.75,
    }
    score = score_day(middle, 2000, 35, doc)
    assert points(score) == pytest.approx(expected)
    # 2.5 + 2.5 + 2.5 + 1.25 + 5 + 5 + 3 + 1.25 + 5 + 5.2 + 3.3333 + 8.2051 + 8.75 = 53.4885
    assert score.total == 53.5
    amounts = {c.key: c.amount for c in score.components}
    assert amounts["sodium"] == pytest.approx(1.7)  # g per 1,000 kcal
    assert amounts["added_sugars"] == pytest.approx(10.0)  # % of energy
    assert amounts["fatty_acids"] == pytest.approx(1.85)
    units = {c.key: c.unit for c in score.components}
    assert units["dairy"] == "cup-eq per 1,000 kcal" and units["added_sugars"] == "% of energy"
    # Points lost: sodium 6.67, then whole grains, dairy and fatty acids 5 each (a tie keeps
    # NCI's order), then refined grains 4.8.
    assert [c.key for c in score.weakest(5)] == [
        "sodium",
        "whole_grains",
        "dairy",
        "fatty_acids",
        "refined_grains",
    ]
    assert score.weakest(1)[0].lost == pytest.approx(20 / 3)


def test_legumes_count_in_full_for_protein_and_vegetables_when_protein_is_short(
    doc: dict[str, Any],
) -> None:
    """HEI-2020 does not spend beans on protein first (that was HEI-2010's rule)."""
    short = day(
        total_vegetables=0.6,
        total_protein=1.0,  # alone: 0.5 oz/1000 kcal, far below 2.5
        legumes_cup_eq=0.5,
        legumes_oz_eq=2.0,  # the same 1/2 cup of lentils
    )
    score = score_day(short, 2000, 30, doc)
    got = points(score)
    amounts = {c.key: c.amount for c in score.components}
    # Protein: (1 + 2)/2 = 1.5 oz/1000 kcal -> 5 * 1.5/2.5 = 3
    assert amounts["total_protein_foods"] == pytest.approx(1.5)
    assert got["total_protein_foods"] == pytest.approx(3.0)
    # Seafood and plant proteins: (0 + 2)/2 = 1.0 >= 0.8 -> 5
    assert got["seafood_plant_proteins"] == 5
    # Vegetables still get all the beans: (0.6 + 0.5)/2 = 0.55 -> 5 * 0.55/1.1 = 2.5
    # (HEI-2010 would have put every bean on protein: 0.3 -> 1.36, greens and beans 0).
    assert amounts["total_vegetables"] == pytest.approx(0.55)
    assert got["total_vegetables"] == pytest.approx(2.5)
    # Greens and beans: (0 + 0.5)/2 = 0.25 >= 0.2 -> 5
    assert got["greens_and_beans"] == 5
    no_beans = points(score_day(day(total_vegetables=0.6, total_protein=1.0), 2000, 30, doc))
    assert no_beans["total_vegetables"] == pytest.approx(5 * 0.3 / 1.1)
    assert no_beans["total_protein_foods"] == pytest.approx(1.0)  # 5 * 0.5/2.5


TODDLER_DAY = day(
    total_fruits=0.35,  # 1,000 kcal, so amount = density. 5 * 0.35/0.7 = 2.5
    whole_fruits=0.3,  # toddler standard 0.3 -> 5 (HEI-2020: 5 * 0.3/0.4 = 3.75)
    total_vegetables=0.45,  # 5 * 0.45/0.9 = 2.5
    greens=0.1,  # toddler standard 0.1 -> 5
    whole_grains=0.75,  # 10 * 0.75/1.5 = 5
    dairy=1.5,  # 10 * 1.5/2.0 = 7.5 (HEI-2020: 1.5 >= 1.3 -> 10)
    total_protein=1.0,  # 5 * 1.0/2.0 = 2.5
    seafood_plant_protein=0.25,  # 5 * 0.25/0.5 = 2.5
    mufa_g=12,
    pufa_g=6,  # 18/15 = 1.2: 10 * (1.2 - 0.9)/(1.5 - 0.9) = 5 (HEI-2020: 0)
    sfa_g=15,  # 135 kcal = 13.5%: 10 * (18.2 - 13.5)/(18.2 - 12.2) = 7.8333
    refined_grains=2.0,  # 10 * (3.4 - 2.0)/(3.4 - 1.5) = 7.3684
    sodium_mg=1400,  # 1.4 g: 10 * (1.7 - 1.4)/(1.7 - 1.1) = 5
    added_sugars_g=6.9,  # 27.6 kcal = 2.76%: 10 * (13.8 - 2.76)/(13.8 - 0) = 8
)


def test_a_toddler_day_uses_the_toddler_standards(doc: dict[str, Any]) -> None:
    score = score_day(TODDLER_DAY, 1000, 1, doc)
    assert score.version == "HEI-Toddlers-2020"
    expected = {
        "total_fruits": 2.5,
        "whole_fruits": 5.0,
        "total_vegetables": 2.5,
        "greens_and_beans": 5.0,
        "whole_grains": 5.0,
        "dairy": 7.5,
        "total_protein_foods": 2.5,
        "seafood_plant_proteins": 2.5,
        "fatty_acids": 5.0,
        "refined_grains": 14 / 1.9,
        "sodium": 5.0,
        "added_sugars": 8.0,
        "saturated_fats": 47 / 6,
    }
    assert points(score) == pytest.approx(expected)
    # 2.5+5+2.5+5+5+7.5+2.5+2.5+5+7.3684+5+8+7.8333 = 65.7018
    assert score.total == 65.7
    adult = points(score_day(TODDLER_DAY, 1000, 2, doc))
    assert adult["whole_fruits"] == pytest.approx(3.75)
    assert adult["dairy"] == 10
    assert adult["fatty_acids"] == 0  # 1.2 is HEI-2020's zero standard


def test_toddlers_lose_added_sugar_points_from_the_first_gram(doc: dict[str, Any]) -> None:
    # Toddler best is 0% of energy: 1 g in 1,000 kcal = 0.4% -> 10 * (13.8 - 0.4)/13.8
    toddler = points(score_day(day(added_sugars_g=1), 1000, 1, doc))
    assert toddler["added_sugars"] == pytest.approx(10 * 13.4 / 13.8)
    assert points(score_day(day(added_sugars_g=1), 1000, 2, doc))["added_sugars"] == 10


# The dietaryindex R package's validation table (Validation file for publication/Final
# validation files/HEI2020_validation_result.csv), rows 6, 13 and 17: inputs are densities at
# 1,000 kcal; expected HEI2020_ALL 50, 42 and 50. Not an NCI worked example (none was found in
# the stored material); a cross-check against another public implementation.
VALIDATION_ROWS = [
    # age, fruit, whole fruit, veg, greens+beans, protein, seafood+plant, whole grain, dairy,
    # fatty-acid ratio, refined grain, sodium g/1000 kcal, added sugar %, sat fat %, expected
    (18, 0.4, 0.2, 0.55, 0.1, 1.25, 0.4, 0.75, 0.65, 1.85, 3.05, 1.55, 16.25, 12, 50),
    (1, 0.07, 0.03, 0.09, 0.01, 0.2, 0.05, 0.15, 0.2, 0.96, 1.69, 1.16, 1.38, 12.8, 42),
    (1, 0.35, 0.15, 0.45, 0.05, 1.0, 0.25, 0.75, 1.0, 1.2, 2.45, 1.4, 6.9, 15.2, 50),
]


@pytest.mark.parametrize("row", VALIDATION_ROWS)
def test_the_dietaryindex_validation_rows(doc: dict[str, Any], row: tuple[float, ...]) -> None:
    age, fr, wf, veg, gb, pro, sp, wg, dai, ratio, rg, na, sug, sat, expected = row
    sfa = sat * 1000 / 100 / 9  # % of 1,000 kcal -> grams at 9 kcal/g
    validation_day = day(
        total_fruits=fr,
        whole_fruits=wf,
        total_vegetables=veg,
        greens=gb,
        total_protein=pro,
        seafood_plant_protein=sp,
        whole_grains=wg,
        dairy=dai,
        mufa_g=ratio * sfa,
        sfa_g=sfa,
        refined_grains=rg,
        sodium_mg=na * 1000,
        added_sugars_g=sug * 1000 / 100 / 4,
    )
    assert score_day(validation_day, 1000, int(age), doc).total == expected


# --- edges -----------------------------------------------------------------------------------


def test_the_version_follows_age(doc: dict[str, Any]) -> None:
    assert version_for(1, doc) == "HEI-Toddlers-2020"
    assert version_for(2, doc) == "HEI-2020"
    assert version_for(90, doc) == "HEI-2020"
    with pytest.raises(ValueError, match="12 months"):
        version_for(0, doc)


def test_no_saturated_fat_and_no_energy_follow_the_nci_macro(doc: dict[str, Any]) -> None:
    fats = points(score_day(day(mufa_g=5), 2000, 30, doc))
    assert fats["fatty_acids"] == 10  # SFA 0 with MUFA/PUFA > 0 -> 10
    assert points(score_day(day(), 2000, 30, doc))["fatty_acids"] == 0  # both 0 -> 0
    empty = score_day(day(), 0, 30, doc)  # kcal = 0 -> every component 0
    assert empty.total == 0 and all(c.points == 0 for c in empty.components)


def test_days_that_cannot_be_scored_are_refused(doc: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="missing"):
        score_day({"total_fruits": 1.0}, 2000, 30, doc)
    with pytest.raises(ValueError, match="unknown"):
        score_day({**day(), "fruit": 1.0}, 2000, 30, doc)
    with pytest.raises(ValueError, match="not negative"):
        score_day(day(dairy=-1), 2000, 30, doc)
    with pytest.raises(ValueError, match="part of total_fruits"):
        score_day(day(whole_fruits=1.0, total_fruits=0.5), 2000, 30, doc)
    with pytest.raises(ValueError, match="energy_kcal"):
        score_day(day(), -5, 30, doc)


def test_the_results_are_frozen(doc: dict[str, Any]) -> None:
    score = score_day(BEST_DAY, 2000, 40, doc)
    with pytest.raises(ValidationError):
        score.total = 1.0  # type: ignore[misc]
    component: HeiComponent = score.components[0]
    with pytest.raises(ValidationError):
        component.points = 0.0  # type: ignore[misc]
