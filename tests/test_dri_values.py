"""An independent check of data/targets.yaml against the published DRI tables.

The expected values below were typed by hand from the Food and Nutrition Board (FNB) DRI summary
tables (the same tables the NIH ODS Health Professional fact sheets reproduce), not copied from
the YAML, so a slip in either place shows up here. The YAML is read with ``yaml.safe_load`` only:
nothing from ``mealfix`` is imported, so this holds whatever the code does with the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"

# Table names, shortened in the comments below:
#   VIT    FNB "DRIs: Recommended Dietary Allowances and Adequate Intakes, Vitamins"
#   ELEM   FNB "DRIs: Recommended Dietary Allowances and Adequate Intakes, Elements" (2019 ed.)
#   MACRO  FNB "DRIs: Recommended Dietary Allowances and Adequate Intakes, Total Water and
#          Macronutrients"
#   UL-V   FNB "DRIs: Tolerable Upper Intake Levels, Vitamins"
#   UL-E   FNB "DRIs: Tolerable Upper Intake Levels, Elements"
# Copper is published in micrograms; it is written here in mg (340 ug = 0.34 mg).
EXPECTED: list[tuple[str, str, str, float]] = [
    # vitamin A, ug RAE (VIT) and UL for preformed vitamin A (UL-V)
    ("vitamin_a_rae_ug", "children_1_3", "rda", 300),
    ("vitamin_a_rae_ug", "male_19_30", "rda", 900),
    ("vitamin_a_rae_ug", "female_51_70", "rda", 700),
    ("vitamin_a_rae_ug", "pregnancy_14_18", "rda", 750),
    ("vitamin_a_rae_ug", "lactation_31_50", "rda", 1300),
    ("vitamin_a_rae_ug", "children_4_8", "ul", 900),
    ("vitamin_a_rae_ug", "female_14_18", "ul", 2800),
    ("vitamin_a_rae_ug", "male_71_plus", "ul", 3000),
    # vitamin C, mg (VIT; UL-V)
    ("vitamin_c_mg", "children_4_8", "rda", 25),
    ("vitamin_c_mg", "female_14_18", "rda", 65),
    ("vitamin_c_mg", "male_51_70", "rda", 90),
    ("vitamin_c_mg", "lactation_19_30", "rda", 120),
    ("vitamin_c_mg", "pregnancy_14_18", "rda", 80),
    ("vitamin_c_mg", "male_9_13", "ul", 1200),
    ("vitamin_c_mg", "female_31_50", "ul", 2000),
    # vitamin E, mg alpha-tocopherol (VIT; UL-V, supplemental only)
    ("vitamin_e_mg", "children_1_3", "rda", 6),
    ("vitamin_e_mg", "female_9_13", "rda", 11),
    ("vitamin_e_mg", "female_71_plus", "rda", 15),
    ("vitamin_e_mg", "lactation_14_18", "rda", 19),
    ("vitamin_e_mg", "children_1_3", "ul", 200),
    ("vitamin_e_mg", "male_31_50", "ul", 1000),
    # vitamin K, ug (VIT, AI; no UL)
    ("vitamin_k_ug", "children_1_3", "ai", 30),
    ("vitamin_k_ug", "male_14_18", "ai", 75),
    ("vitamin_k_ug", "male_71_plus", "ai", 120),
    ("vitamin_k_ug", "female_19_30", "ai", 90),
    ("vitamin_k_ug", "pregnancy_14_18", "ai", 75),
    # riboflavin, mg (VIT)
    ("riboflavin_mg", "children_4_8", "rda", 0.6),
    ("riboflavin_mg", "female_14_18", "rda", 1.0),
    ("riboflavin_mg", "male_71_plus", "rda", 1.3),
    ("riboflavin_mg", "lactation_31_50", "rda", 1.6),
    # niacin, mg NE (VIT; UL-V, supplements and fortified foods only)
    ("niacin_mg", "children_1_3", "rda", 6),
    ("niacin_mg", "female_51_70", "rda", 14),
    ("niacin_mg", "pregnancy_31_50", "rda", 18),
    ("niacin_mg", "lactation_19_30", "rda", 17),
    ("niacin_mg", "children_4_8", "ul", 15),
    ("niacin_mg", "male_19_30", "ul", 35),
    # vitamin B6, mg (VIT; UL-V)
    ("vitamin_b6_mg", "male_9_13", "rda", 1.0),
    ("vitamin_b6_mg", "female_14_18", "rda", 1.2),
    ("vitamin_b6_mg", "male_51_70", "rda", 1.7),
    ("vitamin_b6_mg", "female_71_plus", "rda", 1.5),
    ("vitamin_b6_mg", "pregnancy_19_30", "rda", 1.9),
    ("vitamin_b6_mg", "children_1_3", "ul", 30),
    ("vitamin_b6_mg", "lactation_14_18", "ul", 80),
    ("vitamin_b6_mg", "female_51_70", "ul", 100),
    # folate, ug DFE (VIT; UL-V for folic acid)
    ("folate_ug_dfe", "children_1_3", "rda", 150),
    ("folate_ug_dfe", "male_31_50", "rda", 400),
    ("folate_ug_dfe", "pregnancy_14_18", "rda", 600),
    ("folate_ug_dfe", "lactation_31_50", "rda", 500),
    ("folate_ug_dfe", "female_9_13", "ul", 600),
    ("folate_ug_dfe", "pregnancy_19_30", "ul", 1000),
    # pantothenic acid, mg (VIT, AI; no UL)
    ("pantothenic_acid_mg", "children_4_8", "ai", 3),
    ("pantothenic_acid_mg", "female_31_50", "ai", 5),
    ("pantothenic_acid_mg", "pregnancy_19_30", "ai", 6),
    ("pantothenic_acid_mg", "lactation_14_18", "ai", 7),
    # choline, mg (VIT, AI; UL-V, given there in g/d)
    ("choline_mg", "children_1_3", "ai", 200),
    ("choline_mg", "female_14_18", "ai", 400),
    ("choline_mg", "female_19_30", "ai", 425),
    ("choline_mg", "male_51_70", "ai", 550),
    ("choline_mg", "pregnancy_31_50", "ai", 450),
    ("choline_mg", "lactation_19_30", "ai", 550),
    ("choline_mg", "children_4_8", "ul", 1000),
    ("choline_mg", "male_14_18", "ul", 3000),
    ("choline_mg", "female_71_plus", "ul", 3500),
    # phosphorus, mg (ELEM; UL-E, given there in g/d)
    ("phosphorus_mg", "children_1_3", "rda", 460),
    ("phosphorus_mg", "female_9_13", "rda", 1250),
    ("phosphorus_mg", "male_19_30", "rda", 700),
    ("phosphorus_mg", "pregnancy_14_18", "rda", 1250),
    ("phosphorus_mg", "lactation_31_50", "rda", 700),
    ("phosphorus_mg", "children_4_8", "ul", 3000),
    ("phosphorus_mg", "male_51_70", "ul", 4000),
    ("phosphorus_mg", "female_71_plus", "ul", 3000),
    ("phosphorus_mg", "pregnancy_19_30", "ul", 3500),
    ("phosphorus_mg", "lactation_14_18", "ul", 4000),
    # iron, mg (ELEM; UL-E)
    ("iron_mg", "children_1_3", "rda", 7),
    ("iron_mg", "children_4_8", "rda", 10),
    ("iron_mg", "male_14_18", "rda", 11),
    ("iron_mg", "female_14_18", "rda", 15),
    ("iron_mg", "female_31_50", "rda", 18),
    ("iron_mg", "female_51_70", "rda", 8),
    ("iron_mg", "pregnancy_19_30", "rda", 27),
    ("iron_mg", "lactation_14_18", "rda", 10),
    ("iron_mg", "lactation_31_50", "rda", 9),
    ("iron_mg", "female_9_13", "ul", 40),
    ("iron_mg", "male_14_18", "ul", 45),
    # zinc, mg (ELEM; UL-E)
    ("zinc_mg", "children_1_3", "rda", 3),
    ("zinc_mg", "female_14_18", "rda", 9),
    ("zinc_mg", "female_19_30", "rda", 8),
    ("zinc_mg", "male_71_plus", "rda", 11),
    ("zinc_mg", "pregnancy_14_18", "rda", 12),
    ("zinc_mg", "lactation_19_30", "rda", 12),
    ("zinc_mg", "children_4_8", "ul", 12),
    ("zinc_mg", "male_9_13", "ul", 23),
    ("zinc_mg", "lactation_14_18", "ul", 34),
    # copper, mg (ELEM and UL-E give ug)
    ("copper_mg", "children_1_3", "rda", 0.34),
    ("copper_mg", "children_4_8", "rda", 0.44),
    ("copper_mg", "male_14_18", "rda", 0.89),
    ("copper_mg", "female_51_70", "rda", 0.9),
    ("copper_mg", "pregnancy_31_50", "rda", 1.0),
    ("copper_mg", "lactation_14_18", "rda", 1.3),
    ("copper_mg", "children_1_3", "ul", 1),
    ("copper_mg", "female_9_13", "ul", 5),
    ("copper_mg", "male_19_30", "ul", 10),
    # manganese, mg (ELEM, AI; UL-E)
    ("manganese_mg", "children_4_8", "ai", 1.5),
    ("manganese_mg", "male_9_13", "ai", 1.9),
    ("manganese_mg", "female_9_13", "ai", 1.6),
    ("manganese_mg", "male_31_50", "ai", 2.3),
    ("manganese_mg", "female_71_plus", "ai", 1.8),
    ("manganese_mg", "pregnancy_14_18", "ai", 2.0),
    ("manganese_mg", "lactation_31_50", "ai", 2.6),
    ("manganese_mg", "children_1_3", "ul", 2),
    ("manganese_mg", "male_14_18", "ul", 9),
    ("manganese_mg", "female_51_70", "ul", 11),
    # selenium, ug (ELEM; UL-E)
    ("selenium_ug", "children_1_3", "rda", 20),
    ("selenium_ug", "male_9_13", "rda", 40),
    ("selenium_ug", "female_71_plus", "rda", 55),
    ("selenium_ug", "pregnancy_14_18", "rda", 60),
    ("selenium_ug", "lactation_19_30", "rda", 70),
    ("selenium_ug", "children_4_8", "ul", 150),
    ("selenium_ug", "female_9_13", "ul", 280),
    ("selenium_ug", "male_31_50", "ul", 400),
    # linoleic acid, g (MACRO, AI; no UL)
    ("linoleic_acid_g", "children_1_3", "ai", 7),
    ("linoleic_acid_g", "male_14_18", "ai", 16),
    ("linoleic_acid_g", "male_19_30", "ai", 17),
    ("linoleic_acid_g", "male_51_70", "ai", 14),
    ("linoleic_acid_g", "female_31_50", "ai", 12),
    ("linoleic_acid_g", "female_71_plus", "ai", 11),
    ("linoleic_acid_g", "lactation_14_18", "ai", 13),
    # alpha-linolenic acid, g (MACRO, AI; no UL)
    ("alpha_linolenic_acid_g", "children_4_8", "ai", 0.9),
    ("alpha_linolenic_acid_g", "female_9_13", "ai", 1.0),
    ("alpha_linolenic_acid_g", "male_71_plus", "ai", 1.6),
    ("alpha_linolenic_acid_g", "female_19_30", "ai", 1.1),
    ("alpha_linolenic_acid_g", "pregnancy_31_50", "ai", 1.4),
    ("alpha_linolenic_acid_g", "lactation_19_30", "ai", 1.3),
    # nutrients that were already in the file, re-checked (ELEM, VIT, MACRO; UL-E, UL-V)
    ("magnesium_mg", "male_14_18", "rda", 410),
    ("magnesium_mg", "pregnancy_31_50", "rda", 360),
    ("magnesium_mg", "children_1_3", "ul", 65),
    ("calcium_mg", "female_51_70", "rda", 1200),
    ("calcium_mg", "male_51_70", "rda", 1000),
    ("calcium_mg", "male_71_plus", "ul", 2000),
    ("calcium_mg", "lactation_14_18", "ul", 3000),
    ("vitamin_d_ug", "female_71_plus", "rda", 20),
    ("vitamin_d_ug", "children_1_3", "ul", 63),
    ("vitamin_d_ug", "children_4_8", "ul", 75),
    ("vitamin_b12_ug", "children_4_8", "rda", 1.2),
    ("vitamin_b12_ug", "lactation_19_30", "rda", 2.8),
    ("thiamin_mg", "female_14_18", "rda", 1.0),
    ("sodium_mg", "male_9_13", "ai", 1200),
    ("sodium_mg", "children_4_8", "cdrr", 1500),
    ("potassium_mg", "male_14_18", "ai", 3000),
    ("potassium_mg", "pregnancy_14_18", "ai", 2600),
    ("protein_g", "female_14_18", "rda", 46),
    ("fiber_g", "female_51_70", "ai", 21),
]

NEW_NUTRIENTS = {
    "vitamin_a_rae_ug",
    "vitamin_c_mg",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "riboflavin_mg",
    "niacin_mg",
    "vitamin_b6_mg",
    "folate_ug_dfe",
    "pantothenic_acid_mg",
    "choline_mg",
    "phosphorus_mg",
    "iron_mg",
    "zinc_mg",
    "copper_mg",
    "manganese_mg",
    "selenium_ug",
    "linoleic_acid_g",
    "alpha_linolenic_acid_g",
}
SOFT = {
    "vitamin_k_ug",
    "pantothenic_acid_mg",
    "choline_mg",
    "manganese_mg",
    "linoleic_acid_g",
    "alpha_linolenic_acid_g",
}
#: Where the UL is not a cap on the day's food total (DRI footnotes to the UL tables).
UL_SCOPE = {
    "magnesium_mg": "supplements",
    "niacin_mg": "supplements",
    "vitamin_e_mg": "supplements",
    "vitamin_a_rae_ug": "retinol_ug",
    "folate_ug_dfe": "folic_acid_ug",
}
#: Nutrients with no UL in any group: "not determined" in the DRI tables, or replaced by the
#: CDRR (sodium), or not set (potassium, protein, fiber, energy).
NO_UL = {
    "vitamin_b12_ug",
    "sodium_mg",
    "potassium_mg",
    "thiamin_mg",
    "vitamin_k_ug",
    "riboflavin_mg",
    "pantothenic_acid_mg",
    "linoleic_acid_g",
    "alpha_linolenic_acid_g",
    "protein_g",
    "fiber_g",
    "energy_kcal",
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    with (DATA / "targets.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def symptoms() -> dict[str, Any]:
    with (DATA / "symptoms.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_enough_values_are_checked() -> None:
    """The brief asks for at least 60 hand-typed values, every new nutrient among them."""
    assert len(EXPECTED) >= 60
    assert len(set(EXPECTED)) == len(EXPECTED), "a value is listed twice"
    assert {nutrient for nutrient, *_ in EXPECTED} >= NEW_NUTRIENTS
    kinds = {kind for _, _, kind, _ in EXPECTED}
    assert {"rda", "ai", "ul"} <= kinds
    groups = {group for _, group, _, _ in EXPECTED}
    for stage in ("children_", "_71_plus", "pregnancy_", "lactation_", "_19_30"):
        assert any(stage in group for group in groups), stage


@pytest.mark.parametrize(("nutrient", "group", "kind", "value"), EXPECTED)
def test_value_matches_dri_table(
    doc: dict[str, Any], nutrient: str, group: str, kind: str, value: float
) -> None:
    """Each hand-typed DRI value is what the YAML holds, as the same kind (RDA, AI, UL...)."""
    row = doc["nutrients"][nutrient]["values"][group]
    assert kind in row, f"{nutrient}/{group} has no {kind}: {row}"
    assert row[kind] == pytest.approx(value), f"{nutrient}/{group} {kind}"


def test_every_new_nutrient_is_present(doc: dict[str, Any]) -> None:
    """The food-table columns the brief names all have targets."""
    assert set(doc["nutrients"]) >= NEW_NUTRIENTS


def test_every_nutrient_names_its_source(doc: dict[str, Any]) -> None:
    """Real data only: a number without a named public source is not allowed in."""
    for key, spec in doc["nutrients"].items():
        assert isinstance(spec.get("source"), str) and len(spec["source"]) > 20, key
        assert spec.get("name") and spec.get("unit"), key
        assert spec.get("aliases"), f"{key} has no words a person could type for it"
    assert doc["energy_shares"]["source"]
    assert doc["energy_limits"]["source"]


def test_unit_matches_key_suffix(doc: dict[str, Any]) -> None:
    """The key's suffix fixes the unit, since the key is also the food-table column name."""
    suffix_unit = {"_mg": "mg", "_ug": "ug", "_ug_dfe": "ug", "_g": "g", "_kcal": "kcal"}
    for key, spec in doc["nutrients"].items():
        units = [unit for suffix, unit in suffix_unit.items() if key.endswith(suffix)]
        assert units and spec["unit"] == units[-1], key


def test_every_group_has_a_value_for_every_nutrient(doc: dict[str, Any]) -> None:
    """A person in any of the 20 life-stage groups gets a target for every nutrient."""
    groups = set(doc["groups"])
    assert len(groups) == 20
    for key, spec in doc["nutrients"].items():
        assert set(spec["values"]) == groups, key
        for group, row in spec["values"].items():
            references = [k for k in ("rda", "ai", "min") if k in row]
            assert len(references) == 1, f"{key}/{group}: {row}"


def test_kind_is_consistent_within_a_nutrient(doc: dict[str, Any]) -> None:
    """The DRI gives a nutrient either RDAs or AIs beyond infancy, never a mix of the two."""
    for key, spec in doc["nutrients"].items():
        kinds = {k for row in spec["values"].values() for k in ("rda", "ai", "min") if k in row}
        assert len(kinds) == 1, f"{key}: {kinds}"


def test_ul_only_where_one_is_set(doc: dict[str, Any]) -> None:
    """A UL that is 'not determined' must be left out, not invented; set ones cover all groups."""
    for key, spec in doc["nutrients"].items():
        with_ul = {g for g, row in spec["values"].items() if "ul" in row}
        if key in NO_UL:
            assert not with_ul, key
        else:
            assert with_ul == set(spec["values"]), f"{key} lacks a UL for some groups"


def test_ul_scope_keys(doc: dict[str, Any]) -> None:
    """ul_applies_to is food, supplements or another column (with a label); the old key is gone."""
    columns = {"retinol_ug", "folic_acid_ug"}
    for key, spec in doc["nutrients"].items():
        assert "ul_applies_to_food" not in spec, key
        scope = spec.get("ul_applies_to", "food")
        assert scope in {"food", "supplements"} | columns, f"{key}: {scope}"
        assert scope == UL_SCOPE.get(key, "food"), key
        if scope in columns:
            assert isinstance(spec.get("ul_label"), str) and spec["ul_label"], key
        else:
            assert "ul_label" not in spec, key


def test_food_ul_never_below_the_target(doc: dict[str, Any]) -> None:
    """A UL that caps food must sit above the RDA/AI, or no diet could meet both."""
    for key, spec in doc["nutrients"].items():
        if spec.get("ul_applies_to", "food") != "food":
            continue
        for group, row in spec["values"].items():
            if "ul" in row:
                low = row.get("rda", row.get("ai"))
                assert row["ul"] > low, f"{key}/{group}"


def test_iron_plant_diet_factor(doc: dict[str, Any]) -> None:
    """Vegetarians need 1.8 x the iron RDA (IOM 2001); no other nutrient has such a factor."""
    nutrients = doc["nutrients"]
    assert nutrients["iron_mg"]["plant_diet_factor"] == pytest.approx(1.8)
    assert "1.8" in nutrients["iron_mg"]["note"]
    others = [k for k, spec in nutrients.items() if "plant_diet_factor" in spec and k != "iron_mg"]
    assert others == []


def test_soft_nutrients(doc: dict[str, Any]) -> None:
    """Exactly the six AI-only nutrients outside the focus six are soft, and all are AIs."""
    nutrients = doc["nutrients"]
    soft = {k for k, spec in nutrients.items() if spec.get("soft") is True}
    assert soft == SOFT
    for key in SOFT:
        assert all("ai" in row for row in nutrients[key]["values"].values()), key
    assert "soft" not in nutrients["fiber_g"]
    assert not soft & set(doc.get("focus", []))


def test_energy_limits(doc: dict[str, Any]) -> None:
    """The three DGA 2020-2025 limits: saturated fat and added sugars < 10 %, no sugar < 2."""
    limits = doc["energy_limits"]
    assert "Dietary Guidelines for Americans 2020-2025" in limits["source"]
    assert limits["kcal_per_g"] == {"saturated_fat_g": 9, "added_sugars_g": 4}
    rules = [{k: v for k, v in rule.items() if k != "reason"} for rule in limits["rules"]]
    assert rules == [
        {"nutrient": "saturated_fat_g", "max_pct": 10, "age_min": 2},
        {"nutrient": "added_sugars_g", "max_pct": 10, "age_min": 2},
        {"nutrient": "added_sugars_g", "max_g": 0, "age_max": 1},
    ]
    assert all(rule.get("reason") for rule in limits["rules"])
    assert list(doc).index("energy_limits") > list(doc).index("energy_shares")


def test_sodium_keeps_its_cdrr(doc: dict[str, Any]) -> None:
    """Sodium has a CDRR in every group (the 2019 report's replacement for a UL)."""
    rows = doc["nutrients"]["sodium_mg"]["values"].values()
    assert all("cdrr" in row and "ul" not in row for row in rows)


def test_symptom_links_for_iron_and_named_only(symptoms: dict[str, Any]) -> None:
    """Iron links to fatigue and restless legs; sodium and potassium are named-only."""
    table = symptoms["symptoms"]
    assert "restless legs" in table["restless_legs"]["aliases"]
    for symptom in ("restless_legs", "fatigue"):
        links = {link["nutrient"]: link for link in table[symptom]["nutrients"]}
        assert "iron_mg" in links, symptom
        assert 1 <= links["iron_mg"]["strength"] <= 3
    named = symptoms["named_only"]
    assert set(named) == {"sodium_mg", "potassium_mg"}
    for key, reason in named.items():
        assert "--suspect" in reason and "doctor" in reason, key
        assert any(key in [link["nutrient"] for link in s["nutrients"]] for s in table.values())
