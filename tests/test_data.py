"""The bundled data against their published sources.

Expected values are copied from the sources, not from mealfix: USDA SR28 spot values as listed in
shared/data/README.md (the SR28 extract's own check list), and DRIs as published by the
National Academies in the NIH ODS fact sheets.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mealfix.inputs.foods import load_foods
from mealfix.inputs.person import Person
from mealfix.inputs.targets import load_targets

REQUIRED = [
    "energy_kcal",
    "protein_g",
    "fat_g",
    "carbohydrate_g",
    "fiber_g",
    "calcium_mg",
    "magnesium_mg",
    "potassium_mg",
    "sodium_mg",
    "vitamin_d_ug",
    "vitamin_b12_ug",
]

# USDA SR28, per 100 g (NDB number, column, value as USDA prints it): the first ten from the
# spot-value list of shared/data/README.md (but 15085), the rest copied from
# shared/data/usda_sr28_foods.csv.
USDA_SPOT_VALUES = [
    ("12061", "magnesium_mg", "270"),  # almonds
    ("12061", "energy_kcal", "579"),
    ("11457", "magnesium_mg", "79"),  # spinach, raw
    ("11457", "calcium_mg", "99"),
    ("11457", "potassium_mg", "558"),
    ("09040", "potassium_mg", "358"),  # banana, raw
    ("16139", "calcium_mg", "123"),  # soymilk, fortified
    ("11998", "vitamin_d_ug", "28.4"),  # portabella mushrooms, UV-exposed
    ("01123", "vitamin_d_ug", "2.0"),  # egg, whole, raw
    ("15086", "vitamin_d_ug", "16.7"),  # salmon, sockeye, cooked, dry heat
    ("15086", "vitamin_b12_ug", "4.47"),
    ("16427", "calcium_mg", "350"),  # tofu, regular, prepared with calcium sulfate
    ("11936", "vitamin_d_ug", "31.9"),  # crimini mushrooms, UV-exposed, raw
]


def test_foods_table_shape(foods_csv: dict[str, dict[str, str]]) -> None:
    assert len(foods_csv) >= 300
    for food_id, row in foods_csv.items():
        assert len(food_id) == 5 and food_id.isdigit(), food_id
        for column in REQUIRED:
            assert row[column] != "", f"{food_id} has no {column}"
        assert float(row["max_g"]) >= float(row["portion_g"]) > 0
        assert row["portion_measure"]


def test_diet_flags_nest_and_match_allergens(foods_csv: dict[str, dict[str, str]]) -> None:
    for food_id, row in foods_csv.items():
        vegan, vegetarian, pescatarian = (
            row[k] == "true" for k in ("vegan", "vegetarian", "pescatarian")
        )
        assert not vegan or vegetarian, food_id
        assert not vegetarian or pescatarian, food_id
        allergens = set(filter(None, row["allergens"].split(";")))
        if vegan:
            assert not allergens & {"milk", "egg", "fish", "shellfish"}, row["name"]
        if vegetarian:
            assert not allergens & {"fish", "shellfish"}, row["name"]


@pytest.mark.parametrize(("food_id", "column", "value"), USDA_SPOT_VALUES)
def test_usda_values_to_the_digit(
    foods_csv: dict[str, dict[str, str]], food_id: str, column: str, value: str
) -> None:
    assert float(foods_csv[food_id][column]) == float(value)


def test_key_foods_for_the_suspects_are_bundled(foods_csv: dict[str, dict[str, str]]) -> None:
    names = " ".join(r["name"].lower() + " " + r["description"].lower() for r in foods_csv.values())
    for needle in (
        "uv-exposed",
        "calcium sulfate",
        "soymilk",
        "salmon",
        "sardine",
        "pumpkin",
        "spinach",
        "almond",
        "yogurt",
        "lentil",
    ):
        assert needle in names, needle


def test_loader_keeps_ids_as_text(foods_csv: dict[str, dict[str, str]]) -> None:
    foods = load_foods()
    assert set(foods.index) == set(foods_csv)
    assert any(i.startswith("0") for i in foods.index), "leading zeros were lost"


def test_blank_cell_is_unknown_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,name,n1\n007,x,\n008,y,0\n", encoding="utf-8")
    foods = load_foods(path)
    assert math.isnan(foods.at["007", "n1"])
    assert foods.at["008", "n1"] == 0.0


@pytest.mark.parametrize(
    ("person", "nutrient", "low", "high"),
    [
        # NIH ODS fact sheets (Tables of RDAs/AIs and ULs).
        (Person(sex="female", age=25), "magnesium_mg", 310, None),  # Mg UL is supplements only
        (Person(sex="male", age=40), "magnesium_mg", 420, None),
        (Person(sex="female", age=25), "calcium_mg", 1000, 2500),
        (Person(sex="female", age=60), "calcium_mg", 1200, 2000),
        (Person(sex="male", age=75), "vitamin_d_ug", 20, 100),
        (Person(sex="male", age=30), "vitamin_b12_ug", 2.4, None),
        (Person(sex="female", age=30, stage="pregnancy"), "vitamin_b12_ug", 2.6, None),
        (Person(sex="female", age=30, stage="lactation"), "vitamin_b12_ug", 2.8, None),
        (Person(sex="male", age=30), "potassium_mg", 3400, None),
        (Person(sex="female", age=30), "potassium_mg", 2600, None),
        (Person(sex="male", age=30), "sodium_mg", 1500, 2300),  # AI and CDRR (2019)
        (Person(sex="male", age=2), "sodium_mg", 800, 1200),
        (Person(sex="female", age=30), "fiber_g", 25, None),
        (Person(sex="male", age=30), "protein_g", 56, None),
    ],
)
def test_dri_values(person: Person, nutrient: str, low: float, high: float | None) -> None:
    frame = load_targets().for_person(person).frame
    assert frame.at[nutrient, "min"] == low
    if high is None:
        assert frame.at[nutrient, "max"] is None or math.isnan(frame.at[nutrient, "max"])
    else:
        assert frame.at[nutrient, "max"] == high


def test_every_target_names_its_source() -> None:
    table = load_targets()
    for key, spec in table.nutrients.items():
        assert spec.source, key
