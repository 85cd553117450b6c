"""The bundled food table, its cap groups and the safety rules, as a user would check them.

Read with the csv and yaml modules only (no mealfix import), against expectations written here
by hand: USDA SR28 values copied as text from data/usda_sr28_foods.csv (a verbatim copy of the
shared extract), added sugars worked out by hand from those values (FOODS.md, *Added sugars*),
and the safety tags of foods whose kind is not in doubt.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = Path("/work/shared/data")

Rows = dict[str, dict[str, str]]

#: Columns of foods.csv that are not nutrients.
TEXT_COLUMNS = [
    "id",
    "name",
    "description",
    "food_group",
    "category",
    "vegan",
    "vegetarian",
    "pescatarian",
    "allergens",
    "meals",
    "portion_g",
    "portion_measure",
    "max_g",
    "vitamin_d_source",
    "imputed",
    "added_sugars_g",
    "added_sugars_basis",
    "cap_group",
    "tags",
    "base",
]
TAGS = {
    "raw_egg",
    "raw_shellfish",
    "deli_meat",
    "smoked_fish_refrigerated",
    "liver",
    "high_mercury_fish",
    "whole_nut_seed",
    "popcorn",
    "whole_grape",
    "hot_dog",
    "plant_milk_not_soy",
    "caffeine_source",
    "lower_fat_milk",
    "milk_drink",
    "organ_meat",
    "salty_condiment",
}


def read_rows(path: Path, key: str) -> Rows:
    """A CSV file as text rows by ``key``: no type conversion, so '0.0' stays '0.0'."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def foods() -> Rows:
    return read_rows(DATA / "foods.csv", "id")


@pytest.fixture(scope="module")
def usda() -> Rows:
    return read_rows(DATA / "usda_sr28_foods.csv", "ndb_no")


@pytest.fixture(scope="module")
def safety() -> dict[str, Any]:
    return yaml.safe_load((DATA / "safety.yaml").read_text(encoding="utf-8"))


def usda_nutrients() -> list[str]:
    """Nutrient columns of the USDA extract: everything but its four text columns."""
    with (DATA / "usda_sr28_foods.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    return [c for c in header if c not in ("ndb_no", "description", "food_group", "manufacturer")]


def tags(row: dict[str, str]) -> set[str]:
    return set(filter(None, row["tags"].split(";")))


# --------------------------------------------------------------------------------------------
# Nutrient values
# --------------------------------------------------------------------------------------------
def test_every_usda_nutrient_column_is_carried_under_its_name(foods: Rows) -> None:
    """A user joining foods.csv to SR28 by column name must find every SR28 nutrient."""
    columns = next(iter(foods.values())).keys()
    missing = [c for c in usda_nutrients() if c not in columns]
    assert not missing
    assert "added_sugars_g" in columns and "added_sugars_basis" in columns


# (NDB, column, text as USDA prints it), copied from data/usda_sr28_foods.csv.
SAMPLE = [
    ("12061", "choline_mg", "52.1"),  # almonds
    ("12061", "vitamin_e_mg", "25.63"),
    ("12061", "manganese_mg", "2.179"),
    ("13327", "retinol_ug", "7728"),  # beef liver, pan-fried
    ("13327", "copper_mg", "14.588"),
    ("15086", "epa_g", "0.299"),  # sockeye salmon, cooked
    ("15086", "dha_g", "0.560"),
    ("14209", "caffeine_mg", "40"),  # brewed coffee
    ("11457", "vitamin_k_ug", "482.9"),  # raw spinach
    ("11457", "folic_acid_ug", "0"),
    ("01123", "choline_mg", "293.8"),  # raw egg
    ("43406", "folic_acid_ug", "2993"),  # yeast extract (fortified)
    ("15111", "selenium_ug", "68.5"),  # swordfish, cooked
]


@pytest.mark.parametrize(("food_id", "column", "text"), SAMPLE)
def test_sample_values_are_the_usda_text(foods: Rows, food_id: str, column: str, text: str) -> None:
    """Digit for digit, including trailing zeros: the values never went through float."""
    assert foods[food_id][column] == text


def imputed_entries(row: dict[str, str]) -> list[str]:
    return list(filter(None, row["imputed"].split(";")))


def test_every_nutrient_cell_is_usda_text_or_a_recorded_fill(foods: Rows, usda: Rows) -> None:
    """Only a fill named in ``imputed`` may differ from USDA; an unknown stays empty."""
    for food_id, row in foods.items():
        filled = {re.split(r"<-|=", e)[0] for e in imputed_entries(row)}
        for column in usda_nutrients():
            if column == "vitamin_d_source" or column in filled:
                continue
            assert row[column] == usda[food_id][column], (food_id, column)


def test_sibling_fills_copy_the_sibling_and_only_fill_gaps(foods: Rows, usda: Rows) -> None:
    for food_id, row in foods.items():
        for entry in imputed_entries(row):
            if "<-" not in entry:
                continue
            column, sibling = entry.split("<-")
            assert usda[food_id][column] == "", (food_id, column)
            assert row[column] == usda[sibling][column] != "", (food_id, column)


CAFFEINE_KINDS = re.compile(r"coffee|espresso|\btea\b|cocoa|chocolate|\bcola\b|energy drink")
FERMENTED_KINDS = re.compile(r"beer|wine|vinegar|soy sauce|miso|tempeh|natto|sauerkraut|kefir")


def test_zero_fills_only_for_the_documented_kinds(foods: Rows, usda: Rows) -> None:
    """Retinol, B12, EPA, DHA, cholesterol: plant foods; caffeine: not coffee/tea/cocoa;
    alcohol: not fermented. A zero anywhere else would hide an unknown value (FOODS.md,
    *Known zeros*); only animals make cholesterol, so any vegan food has none."""
    kinds = {
        "plant food": {"retinol_ug", "vitamin_b12_ug", "epa_g", "dha_g", "cholesterol_mg"},
        "no caffeine source": {"caffeine_mg"},
        "not fermented or alcoholic": {"alcohol_g"},
    }
    seen = 0
    for food_id, row in foods.items():
        description = row["description"].lower()
        for entry in imputed_entries(row):
            if "<-" in entry:
                continue
            match = re.fullmatch(r"(\w+)=0 \((.+)\)", entry)
            assert match, entry
            column, kind = match.groups()
            assert column in kinds[kind], (food_id, entry)
            assert usda[food_id][column] == "" and row[column] == "0", (food_id, column)
            seen += 1
            if kind == "plant food" and column == "cholesterol_mg":
                assert row["vegan"] == "true", food_id
            elif kind == "plant food":
                assert row["vegan"] == "true", food_id
                assert row["category"] not in ("cereal", "plant_milk"), food_id
                assert "fortified" not in description, food_id
            elif kind == "no caffeine source":
                assert not CAFFEINE_KINDS.search(description), food_id
            else:
                assert not FERMENTED_KINDS.search(description), food_id
                assert row["food_group"] != "Baked Products", food_id
    assert seen > 0


def test_no_everyday_animal_food_gets_a_plant_zero(foods: Rows) -> None:
    """Hand check: a cooked fish lacking a value must not be given retinol 0 or B12 0."""
    for food_id in ("15047", "15092", "15102", "15165"):  # mackerel, sea bass, snapper, mussels
        assert "(plant food)" not in foods[food_id]["imputed"]


# --------------------------------------------------------------------------------------------
# Added sugars
# --------------------------------------------------------------------------------------------
# Hand-checked: (NDB, expected added sugars g/100 g) from SR28 sugars_g. See FOODS.md.
ADDED_SUGARS = [
    ("01216", "11.60"),  # fruit yogurt 18.64 - plain low-fat yogurt (01117) 7.04
    ("01220", "6.76"),  # vanilla yogurt 13.80 - 7.04
    ("14016", "6.25"),  # sweetened almond milk 6.25 - unsweetened (14091) 0.00
    ("16139", "3.24"),  # soymilk, original, fortified 3.65 - unsweetened soymilk (16222) 0.41
    ("16098", "5.59"),  # peanut butter 10.49 - dry-roasted peanuts (16390) 4.90
    ("16006", "7.59"),  # baked beans 7.96 - navy beans (16038) 0.37
    ("11935", "17.71"),  # ketchup 21.27 - canned tomato sauce (11549) 3.56
    ("19095", "16.17"),  # vanilla ice cream 21.22 - whole milk (01077) 5.05
    ("42236", "35.14"),  # frosted oat cereal 36.13 - rolled oats (08120) 0.99
    ("19002", "9.00"),  # beef jerky 9.00 - lean sirloin (13454) 0.00
    ("18069", "4.37"),  # white bread 5.67 - white pita (18041) 1.30
    ("19335", "99.80"),  # sugar: all of it
    ("19296", "82.12"),  # honey: all of it
    ("18228", "0"),  # saltines 1.29 - 1.30 is below zero: 0
    ("09200", "0"),  # orange: whole fruit
    ("01077", "0"),  # milk: lactose is not added
    ("12061", "0"),  # almonds
]


@pytest.mark.parametrize(("food_id", "grams"), ADDED_SUGARS)
def test_added_sugars_hand_checked(foods: Rows, food_id: str, grams: str) -> None:
    assert Decimal(foods[food_id]["added_sugars_g"]) == Decimal(grams)


def test_added_sugars_never_exceed_sugars_and_always_say_why(foods: Rows) -> None:
    for food_id, row in foods.items():
        assert row["added_sugars_basis"], food_id
        if row["added_sugars_g"] and row["sugars_g"]:
            assert Decimal(row["added_sugars_g"]) <= Decimal(row["sugars_g"]), food_id


def test_minus_basis_names_a_real_counterpart(foods: Rows, usda: Rows) -> None:
    """'sugars_g A - B of NDB ...': A and B are the USDA texts of the food and the counterpart."""
    for food_id, row in foods.items():
        match = re.match(r"sugars_g (\S+) - (\S+) of (\d{5}) ", row["added_sugars_basis"])
        if match:
            a, b, other = match.groups()
            assert (a, b) == (usda[food_id]["sugars_g"], usda[other]["sugars_g"]), food_id


# --------------------------------------------------------------------------------------------
# Safety tags
# --------------------------------------------------------------------------------------------
TAGGED = [
    ("13327", "liver"),  # beef liver
    ("05028", "liver"),  # chicken liver
    ("15111", "high_mercury_fish"),  # swordfish
    ("12061", "whole_nut_seed"),  # almonds
    ("16390", "whole_nut_seed"),  # dry-roasted peanuts
    ("12023", "whole_nut_seed"),  # sesame seeds
    ("14091", "plant_milk_not_soy"),  # almond milk
    ("16120", "plant_milk_not_soy"),  # soymilk, unfortified
    ("01123", "raw_egg"),  # raw egg
    ("15167", "raw_shellfish"),  # raw oysters
    ("07022", "deli_meat"),  # frankfurter
    ("07022", "hot_dog"),
    ("07081", "deli_meat"),  # sliced deli turkey
    ("15077", "smoked_fish_refrigerated"),  # smoked salmon (lox)
    ("19034", "popcorn"),
    ("09132", "whole_grape"),
    ("14209", "caffeine_source"),  # brewed coffee
    ("14355", "caffeine_source"),  # black tea
    ("19165", "caffeine_source"),  # cocoa powder
    ("19905", "caffeine_source"),  # dark chocolate
    ("01079", "lower_fat_milk"),  # 2 % milk
    ("01082", "lower_fat_milk"),  # 1 % milk
    ("01085", "lower_fat_milk"),  # skim milk
    ("01077", "milk_drink"),  # whole milk
    ("16222", "milk_drink"),  # fortified soymilk
    ("13327", "organ_meat"),  # beef liver
    ("05028", "organ_meat"),  # chicken liver
    ("02047", "salty_condiment"),  # table salt
    ("16123", "salty_condiment"),  # soy sauce
    ("16112", "salty_condiment"),  # miso
    ("43406", "salty_condiment"),  # yeast extract
]
NOT_TAGGED = [
    ("16098", "whole_nut_seed"),  # peanut butter
    ("12195", "whole_nut_seed"),  # almond butter
    ("12166", "whole_nut_seed"),  # tahini
    ("12108", "whole_nut_seed"),  # desiccated coconut
    ("16139", "plant_milk_not_soy"),  # fortified soymilk
    ("16222", "plant_milk_not_soy"),  # unsweetened fortified soymilk
    ("01129", "raw_egg"),  # hard-boiled egg
    ("15169", "raw_shellfish"),  # cooked oysters
    ("07064", "deli_meat"),  # pork sausage, cooked
    ("15087", "smoked_fish_refrigerated"),  # canned salmon
    ("15121", "high_mercury_fish"),  # canned light tuna
    ("09135", "whole_grape"),  # grape juice
    ("14381", "caffeine_source"),  # herbal tea
    ("01077", "lower_fat_milk"),  # whole milk
    ("01117", "milk_drink"),  # yogurt
    ("05064", "organ_meat"),  # chicken breast
    ("06931", "salty_condiment"),  # marinara sauce
]


@pytest.mark.parametrize(("food_id", "tag"), TAGGED)
def test_known_foods_carry_their_tag(foods: Rows, food_id: str, tag: str) -> None:
    assert tag in tags(foods[food_id])


@pytest.mark.parametrize(("food_id", "tag"), NOT_TAGGED)
def test_safe_forms_do_not_carry_the_tag(foods: Rows, food_id: str, tag: str) -> None:
    assert tag not in tags(foods[food_id])


def test_tags_are_known_words(foods: Rows) -> None:
    for food_id, row in foods.items():
        assert tags(row) <= TAGS, food_id


def test_every_raw_egg_and_raw_shellfish_row_is_tagged(foods: Rows) -> None:
    for food_id, row in foods.items():
        raw = re.search(r"\braw\b", row["description"].lower()) is not None
        if row["category"] == "egg":
            assert ("raw_egg" in tags(row)) == raw, food_id
        if row["category"] == "shellfish":
            assert ("raw_shellfish" in tags(row)) == raw, food_id


# --------------------------------------------------------------------------------------------
# Portions and caps
# --------------------------------------------------------------------------------------------
def test_cap_groups_exist_with_a_reason_and_a_source(foods: Rows) -> None:
    groups = read_rows(DATA / "cap_groups.csv", "cap_group")
    for name, row in groups.items():
        assert Decimal(row["max_g"]) > 0 and row["reason"] and row["source"], name
    used = {row["cap_group"] for row in foods.values() if row["cap_group"]}
    assert used <= set(groups)
    assert used == set(groups), "a cap group no food belongs to"


@pytest.mark.parametrize(
    ("group", "members"),
    [
        ("dairy_milk", ["01077", "01079", "01082", "01085", "01088"]),
        ("plant_milk", ["14016", "14091", "14171", "14639", "16120", "16139", "16222"]),
        ("juice", ["09016", "09135", "09209", "09210", "11886"]),
        ("sugar_syrup", ["19335", "19296", "19353", "19304"]),
        ("salt_salty_sauce", ["02047", "16123", "06179", "16112"]),
    ],
)
def test_foods_of_one_kind_share_a_cap(foods: Rows, group: str, members: list[str]) -> None:
    for food_id in members:
        assert foods[food_id]["cap_group"] == group, food_id


def test_canned_fruit_in_juice_is_not_a_juice(foods: Rows) -> None:
    for food_id in ("09219", "09238", "09268", "11531"):  # fruit or tomatoes packed in juice
        assert foods[food_id]["cap_group"] == "", food_id


def test_natto_is_portioned_by_the_pack(foods: Rows) -> None:
    """Natto is sold in 45-50 g packs: one pack a portion, at most two a day."""
    natto = foods["16113"]
    assert 45 <= Decimal(natto["portion_g"]) <= 50
    assert Decimal(natto["max_g"]) <= 100


@pytest.mark.parametrize(
    ("food_id", "most"),
    [
        ("02047", 3),  # salt: 1/2 tsp (1,163 mg sodium)
        ("06179", 18),  # fish sauce: 1 tbsp
        ("16112", 34),  # miso: 2 tbsp
        ("02010", 2),  # cinnamon: BfR, cassia coumarin
        ("04047", 14),  # coconut oil: about 1 tbsp
    ],
)
def test_per_food_caps_a_dietitian_accepts(foods: Rows, food_id: str, most: int) -> None:
    row = foods[food_id]
    assert Decimal(row["portion_g"]) <= Decimal(row["max_g"]) <= most


# --------------------------------------------------------------------------------------------
# Foods and flags the review asked for
# --------------------------------------------------------------------------------------------
NEW_FOODS = {
    "16358": "chickpeas, canned",
    "09193": "olives",
    "11439": "sauerkraut",
    "09150": "lemons",
    "20033": "oat bran",
    "11584": "vegetables, mixed, frozen",
    "08113": "farina, enriched",
    "15111": "swordfish",
}


@pytest.mark.parametrize(("food_id", "words"), NEW_FOODS.items())
def test_requested_foods_are_in_the_table(foods: Rows, food_id: str, words: str) -> None:
    row = foods[food_id]
    description = row["description"].lower().replace("(garbanzo beans, bengal gram), ", "")
    assert all(w.strip() in description for w in words.split(",")), description
    assert row["category"] and row["meals"] and Decimal(row["portion_g"]) > 0


@pytest.mark.parametrize(
    ("food_id", "column"),
    [("16114", "fiber_g"), ("12006", "vitamin_d_ug")],  # tempeh, chia seeds
)
def test_requested_foods_left_out_only_for_a_missing_usda_value(
    foods: Rows, usda: Rows, food_id: str, column: str
) -> None:
    """Tempeh and chia are missing from the table because SR28 lacks a required value."""
    assert food_id not in foods
    assert usda[food_id][column] == ""


def allergens(row: dict[str, str]) -> set[str]:
    return set(filter(None, row["allergens"].split(";")))


@pytest.mark.parametrize(
    ("food_id", "needed"),
    [
        ("43406", {"wheat"}),  # yeast extract: yeast grown on barley/wheat malt
        ("19002", {"soy", "wheat"}),  # beef jerky: soy sauce marinade
        ("19080", {"soy", "milk"}),  # semisweet chocolate: soy lecithin
        ("19120", {"soy", "milk"}),  # milk chocolate
        ("19905", {"soy", "milk"}),  # dark chocolate
        ("19125", {"soy", "milk", "tree_nuts"}),  # chocolate hazelnut spread
    ],
)
def test_corrected_allergens(foods: Rows, food_id: str, needed: set[str]) -> None:
    assert needed <= allergens(foods[food_id])


def test_a_bread_that_is_not_vegan_declares_milk(foods: Rows) -> None:
    """Baked goods are kept off vegan plans because of milk or butter; say so to the allergic."""
    for food_id, row in foods.items():
        if row["food_group"] == "Baked Products" and row["vegan"] == "false":
            assert "milk" in allergens(row), food_id


def test_parmesan_is_not_vegetarian(foods: Rows) -> None:
    """Parmesan is made with calf rennet."""
    assert foods["01032"]["vegetarian"] == "false"
    assert foods["01032"]["pescatarian"] == "false"


# --------------------------------------------------------------------------------------------
# Safety rules
# --------------------------------------------------------------------------------------------
def test_every_safety_rule_is_sourced_and_names_real_tags(
    foods: Rows, safety: dict[str, Any]
) -> None:
    carried = {t for row in foods.values() for t in tags(row)}
    assert safety["schema"] == "mealfix-safety/1"
    for name, rule in safety["rules"].items():
        assert set(rule) <= {"applies", "reason", "source", *DOES, *HOW}, name
        assert rule["applies"] and set(rule["applies"]) <= {"stages", "age_min", "age_max"}
        assert set(rule["applies"].get("stages", [])) <= {"none", "pregnancy", "lactation"}
        assert len(rule["reason"]) > 40 and len(rule["source"]) > 20, name
        assert set(rule.get("exclude_tags", [])) <= carried, name
        assert set(rule.get("max_tagged", {})) <= carried, name
        assert any(rule.get(key) for key in DOES), name


#: What a rule does (at least one), and keys that only say how.
DOES = ("exclude_tags", "max", "max_tagged", "soft_min", "price")
HOW = ("unless_included", "unless_suspected")


def rules_for(safety: dict[str, Any], age: int, stage: str = "none") -> dict[str, Any]:
    """The rules that apply to a person (all given keys of ``applies`` must match)."""
    out = {}
    for name, rule in safety["rules"].items():
        applies = rule["applies"]
        if "stages" in applies and stage not in applies["stages"]:
            continue
        if applies.get("age_min", 0) <= age <= applies.get("age_max", 200):
            out[name] = rule
    return out


def left_out(foods: Rows, safety: dict[str, Any], age: int, stage: str = "none") -> set[str]:
    """Foods the optimiser may not choose for this person (excluded, or include-only)."""
    banned = {t for r in rules_for(safety, age, stage).values() for t in r.get("exclude_tags", [])}
    return {i for i, row in foods.items() if tags(row) & banned}


def test_no_raw_egg_for_anyone(foods: Rows, safety: dict[str, Any]) -> None:
    """FDA/FSIS: eggs cooked until firm, for everyone; cooked eggs remain."""
    for age in (1, 6, 12, 16, 30, 78):
        out = left_out(foods, safety, age)
        assert {"01123", "01124", "01125"} <= out, age
        assert not {"01128", "01129", "01131", "01132"} & out, age


def test_a_one_year_old_gets_no_deli_meat_coffee_or_lower_fat_milk(
    foods: Rows, safety: dict[str, Any]
) -> None:
    out = left_out(foods, safety, 1)
    assert {"07029", "07081", "07022", "07043"} <= out  # ham, turkey, hot dog, roast beef
    assert {"14209", "14355", "19905"} <= out  # coffee, tea, dark chocolate
    assert {"01079", "01082", "01085"} <= out  # 2 %, 1 %, skim
    assert "01077" not in out  # whole milk stays
    assert "16222" not in out  # fortified soymilk stays


@pytest.mark.parametrize(
    ("age", "stage", "deli"),
    [
        (4, "none", True),
        (5, "none", False),
        (64, "none", False),
        (65, "none", True),
        (30, "pregnancy", True),
    ],
)
def test_deli_meat_and_hot_dogs_under_5_in_pregnancy_and_from_65(
    foods: Rows, safety: dict[str, Any], age: int, stage: str, deli: bool
) -> None:
    assert ({"07029", "07022"} <= left_out(foods, safety, age, stage)) is deli


def test_caffeine_sources_are_out_under_12_and_include_only_to_18(
    safety: dict[str, Any],
) -> None:
    for age, hard in ((11, True), (12, False), (18, False)):
        rules = [
            r
            for r in rules_for(safety, age).values()
            if "caffeine_source" in r.get("exclude_tags", [])
        ]
        assert rules and all(bool(r.get("unless_included")) is not hard for r in rules), age
    assert not [
        r for r in rules_for(safety, 19).values() if "caffeine_source" in r.get("exclude_tags", [])
    ]


def test_milk_amount_and_whole_milk_for_toddlers(safety: dict[str, Any]) -> None:
    """AAP: whole milk at 12-24 months; at most 2 cups (2 x 244 g) of milks under 4."""
    for age in (1, 2, 3):
        caps = [
            r["max_tagged"]["milk_drink"]
            for r in rules_for(safety, age).values()
            if "milk_drink" in r.get("max_tagged", {})
        ]
        assert min(caps) == 2 * 244, age
    assert not any("max_tagged" in r for r in rules_for(safety, 4).values())
    whole = [
        r for r in rules_for(safety, 1).values() if "lower_fat_milk" in r.get("exclude_tags", [])
    ]
    assert whole and not [
        r for r in rules_for(safety, 2).values() if "lower_fat_milk" in r.get("exclude_tags", [])
    ]


def test_organ_meat_salt_and_cholesterol_rules_hold_at_every_age(
    safety: dict[str, Any],
) -> None:
    for age in (1, 30, 90):
        rules = rules_for(safety, age)
        organ = [r for r in rules.values() if "organ_meat" in r.get("exclude_tags", [])]
        assert organ and all(r.get("unless_included") for r in organ)
        salt = [r for r in rules.values() if "salty_condiment" in r.get("exclude_tags", [])]
        assert salt and all(r["unless_included"] for r in salt)
        assert all(r["soft_min"] == ["sodium_mg"] for r in salt)
        assert all(r["unless_suspected"] == ["sodium_mg"] for r in salt)
        assert [r for r in rules.values() if "cholesterol_mg" in r.get("price", {})]


def test_ingredients_are_capped_at_an_ingredients_amount(foods: Rows) -> None:
    """FDA RACC (21 CFR 101.12): herbs 4 g x 3 meals, canned pumpkin 130 g, a main entree
    sauce 125 g (tomato paste: the same tomato solids); grains that need cooking say so."""
    most = {"11165": 12, "11297": 12, "11424": 130, "11549": 125, "11546": 32}
    for food_id, grams in most.items():
        assert Decimal(foods[food_id]["max_g"]) == grams, food_id
    assert "cook" in foods["08120"]["name"] and "dry" in foods["08120"]["name"]
    assert "hot water" in foods["08122"]["name"]


def caffeine_caps(safety: dict[str, Any], age: int, stage: str) -> list[float]:
    """Caffeine caps of the rules that apply to a person (all given keys must match)."""
    caps = []
    for rule in safety["rules"].values():
        applies = rule["applies"]
        if "stages" in applies and stage not in applies["stages"]:
            continue
        if age < applies.get("age_min", 0) or age > applies.get("age_max", 200):
            continue
        if "caffeine_mg" in rule.get("max", {}):
            caps.append(rule["max"]["caffeine_mg"])
    return caps


@pytest.mark.parametrize(
    ("age", "stage", "most"),
    [
        (2, "none", 0),  # no Health Canada amount under 4
        (5, "none", 45),  # Health Canada 4-6
        (8, "none", 62.5),  # 7-9
        (11, "none", 85),  # 10-12
        (13, "none", 90),  # 2.5 mg/kg x 36 kg
        (16, "none", 135),  # 2.5 mg/kg x 54 kg
        (30, "none", 400),  # FDA, EFSA, Health Canada
        (30, "pregnancy", 200),  # ACOG, EFSA
        (30, "lactation", 200),  # EFSA
        (17, "pregnancy", 135),  # the lower cap wins
    ],
)
def test_caffeine_cap_for_each_age(
    safety: dict[str, Any], age: int, stage: str, most: float
) -> None:
    assert min(caffeine_caps(safety, age, stage)) == most


def test_every_age_has_a_caffeine_cap(safety: dict[str, Any]) -> None:
    for age in range(1, 121):
        assert caffeine_caps(safety, age, "none"), age


# --------------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------------
def build_command(out: Path) -> list[str]:
    """The documented build command (FOODS.md), writing to ``out``."""
    return [
        sys.executable,
        str(REPO / "scripts" / "build_foods.py"),
        "--foods",
        str(DATA / "usda_sr28_foods.csv"),
        "--portions",
        str(SHARED / "usda_sr28_portions.csv"),
        "--selection",
        str(DATA / "food_selection.csv"),
        "--cap-groups",
        str(DATA / "cap_groups.csv"),
        "--out",
        str(out),
    ]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs the shared USDA portions file")
def test_build_reproduces_the_table_byte_for_byte(tmp_path: Path) -> None:
    """The documented command rebuilds exactly the committed foods.csv."""
    out = tmp_path / "foods.csv"
    subprocess.run(
        build_command(out),
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (DATA / "foods.csv").read_bytes()


def test_usda_copy_is_the_shared_extract() -> None:
    if not (SHARED / "usda_sr28_foods.csv").is_file():
        pytest.skip("shared extract not available")
    assert (DATA / "usda_sr28_foods.csv").read_bytes() == (
        SHARED / "usda_sr28_foods.csv"
    ).read_bytes()


def test_each_food_has_a_base_and_preparations_share_one(foods: Rows) -> None:
    """The base is the food a row is a preparation of: every egg preparation is "egg", raw and
    cooked spinach are "spinach", brown and white rice "rice"; a food of its own is its id."""
    base = {fid: row["base"] for fid, row in foods.items()}
    assert {base[f] for f in ("01123", "01128", "01129", "01131", "01132")} == {"egg"}
    assert base["11457"] == base["11458"] == "spinach"
    assert base["20037"] == base["20045"] == "rice"
    assert base["16057"] == base["16158"] == "chickpeas"  # hummus is ground chickpeas
    assert base["09050"] == "blueberries" and base["11099"] == "11099"  # brussels sprouts: own
    listed = read_rows(DATA / "food_bases.csv", "base")
    for row in foods.values():
        assert row["base"] == row["id"] or row["base"] in listed


def test_columns_are_sr28_nutrients_or_documented_text(foods: Rows) -> None:
    """Guard the layout: every column is an SR28 nutrient, added sugars, or a documented text."""
    columns = set(next(iter(foods.values())))
    assert columns == set(TEXT_COLUMNS) | set(usda_nutrients())


def test_package_yields_are_the_sr28_water_rule_and_keys_are_foods_or_bases(
    foods: Rows,
) -> None:
    """Each cooked grain or legume's yield is (100 - dry water) / (100 - cooked water) of the
    two SR28 rows its source names (data/PACKAGES.md); every key is a food id or a base."""
    import re
    from decimal import ROUND_HALF_UP, Decimal

    usda = read_rows(DATA / "usda_sr28_foods.csv", "ndb_no")
    packages = read_rows(DATA / "packages.csv", "key")
    bases = {row["base"] for row in foods.values()}
    water_rows = 0
    for key, row in packages.items():
        assert key in foods or key in bases, key
        assert float(row["grams"]) > 0 and row["size_source"]
        found = re.match(r"SR28 water: (\d{5}) dry .* -> (\d{5}) cooked", row["yield_source"])
        if found:
            dry, cooked = (Decimal(usda[n]["water_g"]) for n in found.groups())
            want = ((100 - dry) / (100 - cooked)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert Decimal(row["yield"]) == want, key
            assert found.group(2) == key
            water_rows += 1
    assert water_rows >= 20
    assert packages["16043"]["yield"] == "2.39"  # pinto beans, as in PACKAGES.md


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (
            "egg,01123;01128,SR28 eggs\nfried,01128;01129,SR28 eggs\n",
            "needs two or more 5-digit ids",
        ),
        ("egg,01123;01128,\n", "is bad, repeated or has no why"),
        ("egg,01123,SR28 eggs\n", "needs two or more 5-digit ids"),
    ],
)
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs the shared USDA portions file")
def test_the_builder_refuses_a_bad_bases_file(tmp_path: Path, rows: str, problem: str) -> None:
    """An id under two bases, a base without its why, a base of one food: exit 1, nothing
    written, the problem named."""
    bases = tmp_path / "bases.csv"
    bases.write_text("base,ids,why\n" + rows, encoding="utf-8")
    out = tmp_path / "foods.csv"
    run = subprocess.run(
        [*build_command(out), "--bases", str(bases)], capture_output=True, text=True
    )
    assert run.returncode == 1 and problem in run.stderr and not out.exists()


def test_every_food_has_a_package_or_a_stated_reason(foods: Rows) -> None:
    """The week's shopping list says what to buy for each food (data/PACKAGES.md): every food of
    data/food_pool.csv, the foods most plans use, has a package of its own or through its base,
    unless PACKAGES.md lists it among the foods without a package and says why; and that list
    is exactly the foods without one, so none is left out silently."""
    packages = read_rows(DATA / "packages.csv", "key")
    pool = read_rows(DATA / "food_pool.csv", "id")
    text = (DATA / "PACKAGES.md").read_text(encoding="utf-8")
    section = text.split("## Foods without a package", 1)[1].split("\n## ", 1)[0]
    listed = dict(re.findall(r"^\| (\d{5}) \| [^|]+ \| ([^|]+) \|$", section, re.M))
    bought = {fid for fid, row in foods.items() if fid in packages or row["base"] in packages}
    assert all(why.strip() for why in listed.values())
    assert set(foods) - bought == set(listed)
    assert set(pool) - bought <= set(listed)
    assert {"09003", "09040", "11091", "19304", "16113"} <= bought  # apple ... natto, as asked


def _sr28_weights(portions: list[dict[str, str]]) -> set[Decimal]:
    """The grams a food's SR28 household measures name: the weights, the grams written in a
    measure ("weighing 151 g") and the raw pound a yield is from ("yield from 1/2 lb raw")."""
    found = {Decimal(p["gram_weight"]) for p in portions}
    for p in portions:
        words = f"{p['amount']} {p['unit_description']}"
        found |= {Decimal(n) for n in re.findall(r"(\d+(?:\.\d+)?) g\b", words)}
        for text, grams in (("1/2 lb", "226.8"), ("1/4 lb", "113.4"), ("1 lb", "453.6")):
            if text in words:
                found.add(Decimal(grams))
                break
    return found


def test_package_yields_are_the_numbers_their_sources_give(foods: Rows, usda: Rows) -> None:
    """A yield turns the grams eaten into the grams to buy; a wrong one buys too little or too
    much. A yield citing ERS equals the ERS yield data/price_matches.csv uses for that food (or,
    for a food priced elsewhere, the named row of the shared ERS table); a raw-to-cooked SR28
    water yield is recomputed; an SR28 household-weights yield is cooked / raw of two weights
    SR28 gives those foods. And a food priced with an ERS yield other than 1 is never bought
    without a yield."""
    from decimal import ROUND_HALF_UP

    packages = read_rows(DATA / "packages.csv", "key")
    matches = read_rows(DATA / "price_matches.csv", "id")
    ers: dict[tuple[str, str], str] = {}
    weights: dict[str, list[dict[str, str]]] = {}
    if SHARED.is_dir():
        with (SHARED / "food_prices.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["source"] == "USDA ERS Fruit and Vegetable Prices 2023":
                    ers[(row["item"], row["form"])] = row["yield"]
        with (SHARED / "usda_sr28_portions.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                weights.setdefault(row["ndb_no"], []).append(row)
    checked = 0
    for key, row in packages.items():
        source, got = row["yield_source"], row["yield"]
        if source.startswith("ERS Fruit and Vegetable Prices 2023"):
            named = re.search(r"for (\d{5})\)", source)
            match = matches.get(named.group(1) if named else key, {})
            row_name = re.search(r"'(.+)' \((\w+)\)", source)
            if match.get("source") == "ERS-FV" and match["yield"]:
                assert Decimal(got) == Decimal(match["yield"]), key
                assert not row_name or row_name.groups() == (match["item"], match["form"]), key
            elif row_name:
                assert "price_matches.csv)" not in source, key
                if ers:
                    assert Decimal(got) == Decimal(ers[row_name.groups()]), key
            else:
                assert f"yield {got}" in source, key  # 16358: ERS canned beans drained
            checked += 1
        water = re.match(r"SR28 water: (\d{5}) raw ([\d.]+) g -> (\d{5}) \w+ ([\d.]+) g", source)
        if water:
            raw, raw_water, cooked, cooked_water = water.groups()
            assert (raw_water, cooked_water) == (usda[raw]["water_g"], usda[cooked]["water_g"])
            want = (100 - Decimal(raw_water)) / (100 - Decimal(cooked_water))
            assert Decimal(got) == want.quantize(Decimal("0.01"), ROUND_HALF_UP), key
            checked += 1
        pair = re.match(
            r"SR28 household weights: .*? ([\d.]+) g \((\d{5})\) -> .*? ([\d.]+) g \((\d{5})\)$",
            source,
        )
        if pair:
            raw_g, raw, cooked_g, cooked = pair.groups()
            want = Decimal(cooked_g) / Decimal(raw_g)
            assert Decimal(got) == want.quantize(Decimal("0.01"), ROUND_HALF_UP), key
            if weights:
                assert Decimal(raw_g) in _sr28_weights(weights[raw]), key
                assert Decimal(cooked_g) in _sr28_weights(weights[cooked]), key
            checked += 1
    assert checked >= 100
    for fid, match in matches.items():
        row = packages.get(fid) or packages.get(foods[fid]["base"])
        if row and match["source"] == "ERS-FV" and match["yield"] not in ("", "1"):
            assert row["yield"], fid  # e.g. a banana bought as 184 g whole, 118 g eaten
