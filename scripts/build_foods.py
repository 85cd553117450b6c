"""Build ``data/foods.csv`` from the USDA SR28 extracts and the curated selection.

The hand-curated part lives in ``data/food_selection.csv`` (one row per food, with
optional overrides and a note).  Everything else is derived here by written rules
that are documented in ``data/FOODS.md``:

* every nutrient column of the USDA extract is copied verbatim as text (never through
  ``float``); a missing value stays empty (unknown) unless ``fill_from`` names a close
  sibling to copy it from, or the value is zero by the food's kind (retinol, B12, EPA and
  DHA in plant foods; caffeine outside coffee, tea, cocoa and colas; alcohol in foods
  that are neither fermented nor alcoholic) -- each fill is recorded in ``imputed``;
* a food lacking one of the required nutrients is dropped (and listed in the summary);
* added sugars (SR28 has none) are estimated by a written rule: 0 for whole and plain
  foods, all of the sugars for sugars, syrups and candy, otherwise the sugars minus those
  of a named unsweetened counterpart (the basis is written in ``added_sugars_basis``);
* diet flags, allergens and life-stage safety tags come from keyword / food-group rules
  plus overrides;
* the typical portion is picked from the USDA household measures by category (or a
  documented fraction of one), the per-day maximum is ``min(3 x portion, category cap)``,
  and foods of one kind share a cap through ``cap_group`` (``data/cap_groups.csv``);
* ``base`` names the food a row is a preparation of (``data/food_bases.csv``; else its id).

Usage::

    python scripts/build_foods.py --foods PATH/usda_sr28_foods.csv \
        --portions PATH/usda_sr28_portions.csv --selection data/food_selection.csv \
        --cap-groups data/cap_groups.csv --bases data/food_bases.csv --out data/foods.csv

Standard library only; the output is byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from pathlib import Path

#: Every nutrient column of the USDA extract, in its order (the extract is refused if its
#: header differs, so a new column can never be dropped silently).
NUTRIENTS: tuple[str, ...] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbohydrate_g",
    "fiber_g",
    "sugars_g",
    "calcium_mg",
    "magnesium_mg",
    "potassium_mg",
    "sodium_mg",
    "vitamin_d_ug",
    "vitamin_b12_ug",
    "iron_mg",
    "zinc_mg",
    "folate_ug_dfe",
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "pantothenic_acid_mg",
    "vitamin_b6_mg",
    "folic_acid_ug",
    "choline_mg",
    "vitamin_a_rae_ug",
    "retinol_ug",
    "vitamin_c_mg",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "phosphorus_mg",
    "copper_mg",
    "manganese_mg",
    "selenium_ug",
    "cholesterol_mg",
    "trans_fat_g",
    "monounsaturated_fat_g",
    "polyunsaturated_fat_g",
    "linoleic_acid_g",
    "alpha_linolenic_acid_g",
    "epa_g",
    "dha_g",
    "water_g",
    "alcohol_g",
    "caffeine_mg",
)
USDA_COLUMNS: tuple[str, ...] = (
    "ndb_no",
    "description",
    "food_group",
    "manufacturer",
    *NUTRIENTS,
    "vitamin_d_source",
)
#: The first 17 nutrients were the table's original columns; they keep their place.
FIRST_NUTRIENTS = NUTRIENTS[: NUTRIENTS.index("thiamin_mg") + 1]
LATER_NUTRIENTS = NUTRIENTS[len(FIRST_NUTRIENTS) :]
OUT_COLUMNS: tuple[str, ...] = (
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
    *FIRST_NUTRIENTS,
    "vitamin_d_source",
    "imputed",
    *LATER_NUTRIENTS,
    "added_sugars_g",
    "added_sugars_basis",
    "cap_group",
    "tags",
    "base",
)
REQUIRED: tuple[str, ...] = (
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
    "thiamin_mg",
)
#: Nutrients with an upper limit (or a safety cap) in the targets: a food whose value is
#: unknown is left out by the planner, so the build reports how many foods still lack each.
CAPPED: tuple[str, ...] = (
    "vitamin_c_mg",
    "vitamin_b6_mg",
    "choline_mg",
    "phosphorus_mg",
    "iron_mg",
    "zinc_mg",
    "copper_mg",
    "manganese_mg",
    "selenium_ug",
    "calcium_mg",
    "vitamin_d_ug",
    "retinol_ug",
    "folic_acid_ug",
    "sodium_mg",
    "saturated_fat_g",
    "added_sugars_g",
    "caffeine_mg",
)
SELECTION_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "category",
    "meals",
    "portion_seq",
    "portion_multiplier",
    "portion_custom",
    "max_g",
    "diet_override",
    "allergen_override",
    "fill_from",
    "added_sugars",
    "cap_group",
    "tags_override",
    "note",
)
CAP_GROUP_COLUMNS: tuple[str, ...] = ("cap_group", "max_g", "reason", "source")
BASE_COLUMNS: tuple[str, ...] = ("base", "ids", "why")
CATEGORIES: tuple[str, ...] = (
    "vegetable",
    "fruit",
    "legume",
    "soy",
    "nut_seed",
    "grain",
    "bread",
    "cereal",
    "dairy",
    "egg",
    "fish",
    "shellfish",
    "meat",
    "poultry",
    "plant_milk",
    "fat_oil",
    "condiment",
    "sweet",
    "beverage",
)
MEALS: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack")
# Ordered from least to most restrictive on the eater: a food's level is the
# most permissive diet that still excludes nothing it contains.
DIETS: tuple[str, ...] = ("vegan", "vegetarian", "pescatarian", "omnivore")
ALLERGENS: tuple[str, ...] = (
    "milk",
    "egg",
    "fish",
    "shellfish",
    "tree_nuts",
    "peanuts",
    "wheat",
    "soy",
    "sesame",
)
#: Life-stage safety tags (``data/safety.yaml`` excludes foods by these).
TAGS: tuple[str, ...] = (
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
)

# --------------------------------------------------------------------------
# Keyword rules (applied to the lower-cased USDA description)
# --------------------------------------------------------------------------
# Plant foods whose names contain an animal-food word; removed before matching.
PLANT_PHRASES: tuple[str, ...] = (
    "soymilk",
    "soy milk",
    "almond milk",
    "rice milk",
    "coconut milk",
    "oat milk",
    "coconut cream",
    "peanut butter",
    "almond butter",
    "cashew butter",
    "sesame butter",
    "seed butter",
    "cocoa butter",
    "butternut",
    "butterhead",
    "butter beans",
    "eggplant",
    "cream of tartar",
    # not shellfish: oyster mushrooms and oyster crackers
    "mushrooms, oyster",
    "includes oyster, soda",
)
DAIRY_RE = re.compile(
    r"\b(milk|milkfat|cheeses?|yogurts?|butter|creams?|creamed|whey|"
    r"buttermilk|kefir)\b"
)
EGG_RE = re.compile(r"\b(eggs?|mayonnaise)\b")
HONEY_RE = re.compile(r"\bhoney\b")
MARGARINE_RE = re.compile(r"\bmargarine\b")
ANIMAL_RE = re.compile(
    r"\b(beef|pork|lamb|veal|bison|chicken|turkey|duck|bacon|ham|"
    r"sausages?|frankfurters?|franks|salami|pepperoni|bologna|jerky|lard|"
    r"tallow|broth|gelatins?|marshmallows?)\b"
)
FISH_RE = re.compile(r"\b(fish|anchov\w*|worcestershire|sardines?|salmon|tuna)\b")
SHELLFISH_RE = re.compile(
    r"\b(crustaceans|mollusks|shrimp|crab|lobster|clams?|oysters?|mussels?|"
    r"scallops?|squid|octopus)\b"
)
TREE_NUT_RE = re.compile(
    r"\b(almonds?|walnuts?|cashews?|pecans?|pistachios?|hazelnuts?|filberts|"
    r"brazilnuts|brazil nuts|macadamias?|macadamia nuts|pine nuts|"
    r"chestnuts?|coconuts?|mixed nuts)\b"
)
PEANUT_RE = re.compile(r"\bpeanuts?\b")
WHEAT_RE = re.compile(
    r"\b(wheat|bread|breads|pasta|couscous|bulgur|semolina|spelt|farina|"
    r"bagels?|pitas?|croissants?|muffins?|pancakes?|waffles?|crackers|"
    r"pretzels|noodles|macaroni|spaghetti|rolls|naan|chapati|roti)\b"
)
WHEAT_FREE_PHRASES: tuple[str, ...] = (
    "rice noodles",
    "spaghetti/marinara",
    "winter, spaghetti",
)
SOY_RE = re.compile(
    r"\b(soy|soya|soybeans?|soymilk|tofu|tempeh|edamame|miso|natto|tamari|"
    r"shoyu|okara)\b"
)
SESAME_RE = re.compile(r"\b(sesame|tahini)\b")

OMNIVORE_GROUPS: frozenset[str] = frozenset(
    {
        "Beef Products",
        "Pork Products",
        "Lamb, Veal, and Game Products",
        "Poultry Products",
        "Sausages and Luncheon Meats",
    }
)
SEAFOOD_GROUP = "Finfish and Shellfish Products"
DAIRY_EGG_GROUP = "Dairy and Egg Products"
BAKED_GROUP = "Baked Products"
DELI_GROUP = "Sausages and Luncheon Meats"

# --------------------------------------------------------------------------
# Known zeros: nutrients SR28 leaves empty that are zero by the food's kind
# --------------------------------------------------------------------------
PLANT_ZERO = "plant food"
CAFFEINE_ZERO = "no caffeine source"
ALCOHOL_ZERO = "not fermented or alcoholic"
ZERO_KINDS: dict[str, tuple[str, ...]] = {
    PLANT_ZERO: ("retinol_ug", "vitamin_b12_ug", "epa_g", "dha_g", "cholesterol_mg"),
    CAFFEINE_ZERO: ("caffeine_mg",),
    ALCOHOL_ZERO: ("alcohol_g",),
}
#: Vegan foods that may carry retinol, B12, EPA or DHA after all (added vitamins, algae).
FORTIFIED_RE = re.compile(r"\b(fortified|enriched|with added|vitamins?|yeast extract|yeast)\b")
FORTIFIED_CATEGORIES: frozenset[str] = frozenset({"cereal", "plant_milk"})
#: Plant-kingdom foods with B12 of bacterial origin (SR28 reports traces for mushrooms).
B12_PLANT_RE = re.compile(
    r"\b(mushrooms?|tempeh|natto|miso|seaweed|algae|spirulina|nori|laver|kelp|wakame)\b"
)
ALGAE_RE = re.compile(r"\b(seaweed|algae|algal|spirulina|nori|laver|kelp|wakame)\b")
CAFFEINE_RE = re.compile(
    r"\b(coffee|espresso|tea|teas|cocoa|chocolate|chocolate-flavored|colas?|kola|"
    r"energy drinks?|guarana|mate|mocha|cappuccino|latte)\b"
)
ALCOHOL_RE = re.compile(
    r"\b(beer|wine|ale|liqueurs?|liquor|rum|vodka|whiske?y|gin|brandy|sherry|sake|mirin|"
    r"kombucha|kefir|vinegar|soy sauce|shoyu|tamari|miso|tempeh|natto|sauerkraut|kimchi|"
    r"fermented|cultured|extract|yeast|worcestershire|fish sauce|sauce, fish)\b"
)

# --------------------------------------------------------------------------
# Added sugars
# --------------------------------------------------------------------------
#: Categories whose plain foods have no added sugars (a sweetened one needs a token).
ZERO_SUGAR_KIND: dict[str, str] = {
    "vegetable": "vegetable",
    "fruit": "fruit or 100 % fruit product, unsweetened",
    "legume": "plain legume",
    "soy": "plain soy food",
    "nut_seed": "plain nut or seed",
    "grain": "plain grain",
    "dairy": "plain dairy food (its sugar is lactose)",
    "egg": "egg",
    "fish": "plain fish",
    "shellfish": "plain shellfish",
    "meat": "plain meat",
    "poultry": "plain poultry",
    "fat_oil": "plain fat or oil",
    "plant_milk": "unsweetened plant milk",
    "beverage": "unsweetened drink (100 % juice, coffee, tea, water)",
}
#: Words that make the zero default unsafe: such a food needs an explicit token.
SWEETENED_RE = re.compile(
    r"\b(sweetened|presweetened|frosted|candied|candies|syrups?|sugars?|honey|jams?|"
    r"jelly|glazed|vanilla|chocolate|flavou?red|fruits?|catsup|ketchup|baked beans|"
    r"beans, baked|peanut butter|seed butter|granola|jerky|pickled|sausages?|"
    r"frankfurters?|prepackaged|deli|dressing|mayonnaise|ice creams?|sticks|chili|snacks)\b"
)

# --------------------------------------------------------------------------
# Safety tags
# --------------------------------------------------------------------------
RAW_RE = re.compile(r"\braw\b")
COOKED_RE = re.compile(r"\b(cooked|pan-fried|fried|broiled|roasted|grilled|braised|heated)\b")
DELI_RE = re.compile(
    r"\b(frankfurters?|hot dogs?|wieners?|bologna|salami|pepperoni|luncheon|deli|"
    r"cold cuts?|prepackaged|liverwurst|braunschweiger)\b"
)
SMOKED_RE = re.compile(r"\b(smoked|lox|nova|kippered)\b")
LIVER_RE = re.compile(r"\b(liver|livers|liverwurst|braunschweiger|pate|pâté|foie gras)\b")
MERCURY_RE = re.compile(
    r"\b(shark|swordfish|tilefish|marlin|orange roughy|bigeye|king mackerel|mackerel, king)\b"
)
NOT_WHOLE_NUT_RE = re.compile(
    r"\b(butter|tahini|spread|paste|flour|meal|ground|milk|oil|water|desiccated|"
    r"shredded|flaked)\b"
)
HOT_DOG_RE = re.compile(r"\b(frankfurters?|hot dogs?|wieners?)\b")
ORGAN_RE = re.compile(
    r"\b(liver|livers|liverwurst|braunschweiger|pate|pâté|foie gras|kidneys?|hearts?|"
    r"giblets|sweetbreads?|brains?|variety meats and by-products)\b"
)
#: Fluid cow's milks with less fat than whole milk (AAP: whole milk at 12-24 months).
LOWER_FAT_MILK_RE = re.compile(r"^milk, (reduced fat|lowfat|nonfat|buttermilk)\b")

# --------------------------------------------------------------------------
# Portion rule: ordered preferences (unit regex, required amount or None)
# --------------------------------------------------------------------------
Pref = tuple[str, str | None]
CUP: tuple[Pref, ...] = (
    (r"^cup$", None),
    (
        r"^cups?,? ?(chopped|diced|cubes|sliced|slices|pieces|halves|sections|"
        r"chunks|cooked|whole|shredded)\b",
        None,
    ),
    (r"^cup", None),
)
OZ: tuple[Pref, ...] = ((r"^oz\b", "3"), (r"^oz\b", None))
SPOON: tuple[Pref, ...] = ((r"\b(tbsp|tablespoons?)\b", None), (r"\btsp\b", None))
TSP_FIRST: tuple[Pref, ...] = ((r"\btsp\b", None), (r"\b(tbsp|tablespoons?)\b", None))
FRUIT_ITEM: tuple[Pref, ...] = (
    (r"^medium\b", None),
    (r"^fruit\b", None),
    (r"^large\b", None),
    (r"^small\b", None),
)
BREAD_ITEM: tuple[Pref, ...] = (
    (r"^slice(,? regular)?$", None),
    (r"^slice\b(?!.*(thin|snack|crust|large))", None),
    (r"\bmedium\b", None),
    (
        r"^(bagel|muffin|pita|tortilla|roll|croissant|pancake|waffle|piece|"
        r"crackers?|serving)\b",
        None,
    ),
    (r"^oz\b", None),
)
EGG_ITEM: tuple[Pref, ...] = ((r"^large\b", None), (r"^medium\b", None))
MEAT_ITEM: tuple[Pref, ...] = (
    (
        r"^(\.5 )?(breast|thigh|drumstick|wing|fillet|chop|steak|patty|link|"
        r"slice|frankfurter|serving|piece|liver|medium)\b",
        None,
    ),
)
YOGURT: tuple[Pref, ...] = ((r"^container \(6 oz\)", None), (r"^container\b", None))
DRINK: tuple[Pref, ...] = ((r"\bfl oz\b", None),)
VEG_ITEM: tuple[Pref, ...] = ((r"\bmedium\b", None), (r"\b(large|small)\b", None))

# --------------------------------------------------------------------------
# Per-day maximum: category caps (g) and keyword sub-caps
# --------------------------------------------------------------------------
CATEGORY_CAP: dict[str, int] = {
    "vegetable": 400,
    "fruit": 400,
    "legume": 400,
    "soy": 300,
    "nut_seed": 60,
    "grain": 450,
    "bread": 250,
    "cereal": 120,
    "dairy": 750,
    "egg": 150,
    "fish": 250,
    "shellfish": 200,
    "meat": 250,
    "poultry": 250,
    "plant_milk": 750,
    "fat_oil": 40,
    "condiment": 30,
    "sweet": 50,
    "beverage": 750,
}
PORTION_MULTIPLIER = Decimal(3)
#: Salty sauces and pastes join the salt cap group from this much sodium per 100 g.
SALTY_SODIUM_MG = Decimal(3000)

FRACTIONS: dict[Decimal, str] = {
    Decimal("0.5"): "1/2",
    Decimal("0.25"): "1/4",
    Decimal("0.75"): "3/4",
    Decimal("0.33"): "1/3",
    Decimal("0.333"): "1/3",
    Decimal("0.667"): "2/3",
    Decimal("0.67"): "2/3",
    Decimal("0.2"): "1/5",
    Decimal("0.125"): "1/8",
}


class BuildError(Exception):
    """Raised when the inputs are inconsistent; the build must not proceed."""


@dataclass(frozen=True)
class AddedSugars:
    """How a food's added sugars are estimated: ``kind`` is zero, all or minus."""

    kind: str
    reason: str = ""
    counterpart: str = ""


@dataclass(frozen=True)
class Selected:
    """One row of the curated selection file."""

    id: str
    name: str
    category: str
    meals: tuple[str, ...]
    portion_seq: str
    portion_multiplier: Decimal | None
    portion_custom: tuple[Decimal, str] | None
    max_g: str
    diet_override: str
    allergen_override: str
    fill_from: tuple[tuple[str, str], ...]
    added_sugars: AddedSugars | None
    cap_group: str
    tags_override: str
    note: str


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file as text rows (no type conversion at all)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_usda_foods(path: Path) -> dict[str, dict[str, str]]:
    """The USDA extract by NDB number; refused unless its columns are exactly the known ones."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = tuple(reader.fieldnames or ())
        if header != USDA_COLUMNS:
            extra = [c for c in header if c not in USDA_COLUMNS]
            missing = [c for c in USDA_COLUMNS if c not in header]
            raise BuildError(
                f"{path}: columns differ from the known USDA extract "
                f"(new: {extra or 'none'}; missing: {missing or 'none'}); "
                "add new nutrient columns to NUTRIENTS so none is dropped"
            )
        return {r["ndb_no"]: r for r in reader}


def read_exact(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a small curated CSV whose header must be exactly ``columns``."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise BuildError(f"{path}: columns must be {','.join(columns)}")
        return list(reader)


def read_bases(path: Path) -> dict[str, str]:
    """The base food of each listed id (the same food in another preparation, see FOODS.md);
    each base needs a lower-case name, ids and a why naming the SR28 entries; an id once."""
    rows = read_exact(path, BASE_COLUMNS)
    bases: dict[str, str] = {}
    names: set[str] = set()
    for row in rows:
        name, ids = row["base"].strip(), row["ids"].strip().split(";")
        if not re.fullmatch(r"[a-z_]+", name) or name in names or not row["why"].strip():
            raise BuildError(f"{path}: base {name!r} is bad, repeated or has no why")
        if len(ids) < 2 or any(i in bases or not re.fullmatch(r"\d{5}", i) for i in ids):
            raise BuildError(
                f"{path}: base {name}: needs two or more 5-digit ids, none under another base"
            )
        names.add(name)
        bases.update(dict.fromkeys(ids, name))
    return bases


def read_cap_groups(path: Path) -> dict[str, Decimal]:
    """Shared caps by group name; each needs a positive max_g, a reason and a source."""
    rows = read_exact(path, CAP_GROUP_COLUMNS)
    groups: dict[str, Decimal] = {}
    for row in rows:
        name = row["cap_group"].strip()
        value = decimal_or_none(row["max_g"])
        if not re.fullmatch(r"[a-z_]+", name) or name in groups:
            raise BuildError(f"{path}: bad or repeated cap_group {name!r}")
        if value is None or value <= 0 or not row["reason"].strip() or not row["source"].strip():
            raise BuildError(f"{path}: {name} needs a positive max_g, a reason and a source")
        groups[name] = value
    return groups


def parse_fill_from(text: str, food_id: str, errors: list[str]) -> tuple[tuple[str, str], ...]:
    """Parse ``nutrient=id;nutrient=id`` into pairs, reporting bad syntax."""
    pairs: list[tuple[str, str]] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        nutrient, sep, source = part.partition("=")
        nutrient, source = nutrient.strip(), source.strip()
        if not sep or nutrient not in NUTRIENTS or not re.fullmatch(r"\d{5}", source):
            errors.append(f"{food_id}: bad fill_from entry {part!r}")
            continue
        pairs.append((nutrient, source))
    return tuple(pairs)


def parse_multiplier(text: str, food_id: str, errors: list[str]) -> Decimal | None:
    """``1/4``, ``1/2`` or ``5`` as an exact Decimal (a repeating fraction is refused)."""
    if not text:
        return None
    number, _, denominator = text.partition("/")
    try:
        value = Decimal(number) / Decimal(denominator or "1")
    except (InvalidOperation, ZeroDivisionError):
        value = None
    if value is None or value <= 0 or value * Decimal(denominator or "1") != Decimal(number):
        errors.append(f"{food_id}: bad portion_multiplier {text!r}")
        return None
    return value


def parse_custom_portion(text: str, food_id: str, errors: list[str]) -> tuple[Decimal, str] | None:
    """``GRAMS|MEASURE`` (a portion USDA does not list, such as a natto pack)."""
    if not text:
        return None
    grams, sep, measure = text.partition("|")
    value = decimal_or_none(grams)
    if not sep or value is None or value <= 0 or not measure.strip():
        errors.append(f"{food_id}: bad portion_custom {text!r} (want GRAMS|MEASURE)")
        return None
    return value, measure.strip()


def parse_added_sugars(text: str, food_id: str, errors: list[str]) -> AddedSugars | None:
    """``0: reason``, ``all: reason`` or ``minus NDB``; empty means the category rule."""
    if not text:
        return None
    head, sep, reason = text.partition(":")
    head, reason = head.strip(), reason.strip()
    if head in ("0", "all") and sep and reason:
        return AddedSugars(kind=head, reason=reason)
    match = re.fullmatch(r"minus (\d{5})", text)
    if match:
        return AddedSugars(kind="minus", counterpart=match.group(1))
    errors.append(f"{food_id}: bad added_sugars {text!r} (want '0: why', 'all: why', 'minus NDB')")
    return None


def read_selection(path: Path, errors: list[str]) -> list[Selected]:
    """Read and validate the curated selection (syntax only)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != SELECTION_COLUMNS:
            raise BuildError(
                f"{path}: columns must be {','.join(SELECTION_COLUMNS)}; "
                f"got {','.join(reader.fieldnames or ())}"
            )
        rows = [{k: v.strip() for k, v in row.items()} for row in reader]
    seen: set[str] = set()
    out: list[Selected] = []
    for row in rows:
        fid = row["id"]
        if not re.fullmatch(r"\d{5}", fid):
            errors.append(f"selection: id {fid!r} is not a 5-digit NDB number")
            continue
        if fid in seen:
            errors.append(f"{fid}: listed twice in the selection")
        seen.add(fid)
        if not row["name"]:
            errors.append(f"{fid}: empty name")
        category = row["category"]
        if category not in CATEGORIES:
            errors.append(f"{fid}: unknown category {category!r}")
        meals = tuple(m.strip() for m in row["meals"].split(";") if m.strip())
        if not meals or any(m not in MEALS for m in meals):
            errors.append(f"{fid}: bad meals {row['meals']!r}")
        diet = row["diet_override"]
        if diet and diet not in DIETS:
            errors.append(f"{fid}: bad diet_override {diet!r}")
        allergen = row["allergen_override"]
        if allergen and allergen != "none":
            bad = [a for a in allergen.split(";") if a not in ALLERGENS]
            if bad:
                errors.append(f"{fid}: bad allergen_override token(s) {bad}")
        tags = row["tags_override"]
        if tags and tags != "none":
            bad = [t for t in tags.split(";") if t not in TAGS]
            if bad:
                errors.append(f"{fid}: bad tags_override token(s) {bad}")
        custom = parse_custom_portion(row["portion_custom"], fid, errors)
        if custom and (row["portion_seq"] or row["portion_multiplier"]):
            errors.append(f"{fid}: portion_custom excludes portion_seq and portion_multiplier")
        overridden = [
            row[c]
            for c in (
                "portion_seq",
                "portion_multiplier",
                "portion_custom",
                "max_g",
                "diet_override",
                "allergen_override",
                "fill_from",
                "cap_group",
                "tags_override",
            )
        ]
        if any(overridden) and not row["note"]:
            errors.append(f"{fid}: override or fill_from without a note")
        out.append(
            Selected(
                id=fid,
                name=row["name"],
                category=category,
                meals=tuple(m for m in MEALS if m in meals),
                portion_seq=row["portion_seq"],
                portion_multiplier=parse_multiplier(row["portion_multiplier"], fid, errors),
                portion_custom=custom,
                max_g=row["max_g"],
                diet_override=diet,
                allergen_override=allergen,
                fill_from=parse_fill_from(row["fill_from"], fid, errors),
                added_sugars=parse_added_sugars(row["added_sugars"], fid, errors),
                cap_group=row["cap_group"],
                tags_override=tags,
                note=row["note"],
            )
        )
    return out


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------
def clean_description(description: str) -> str:
    """Lower-case the description and blank out plant phrases (soymilk, ...)."""
    text = description.lower()
    for phrase in PLANT_PHRASES:
        text = text.replace(phrase, " ")
    return text


def decimal_or_none(text: str) -> Decimal | None:
    """Parse a USDA number for comparisons and differences only (never through float)."""
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation:
        return None


def plain(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros (``22.0`` -> ``22``)."""
    return format(value.normalize(), "f")


def rule_diet(food: dict[str, str], category: str) -> str:
    """Most permissive diet a food suits, from its food group and keywords."""
    desc = clean_description(food["description"])
    group = food["food_group"]
    level = 0

    def at_least(diet: str) -> None:
        nonlocal level
        level = max(level, DIETS.index(diet))

    if group in OMNIVORE_GROUPS or ("meatless" not in desc and ANIMAL_RE.search(desc)):
        at_least("omnivore")
    if group == SEAFOOD_GROUP or FISH_RE.search(desc) or SHELLFISH_RE.search(desc):
        at_least("pescatarian")
    if group == DAIRY_EGG_GROUP or DAIRY_RE.search(desc) or EGG_RE.search(desc):
        at_least("vegetarian")
    if HONEY_RE.search(desc) or MARGARINE_RE.search(desc):
        at_least("vegetarian")
    if group == BAKED_GROUP:
        at_least("vegetarian")  # commercial baked goods: milk/egg/butter likely
    vitamin_d = decimal_or_none(food["vitamin_d_ug"])
    fortified_d = (
        vitamin_d is not None
        and vitamin_d > 0
        and category != "plant_milk"
        and "mushroom" not in food["description"].lower()
        and "d2" not in food["description"].lower()
    )
    if level == 0 and fortified_d:
        at_least("vegetarian")  # vitamin D added to a plant food: D3 from lanolin
    return DIETS[level]


def rule_allergens(food: dict[str, str]) -> set[str]:
    """Allergens from keywords and food group (see FOODS.md)."""
    raw = food["description"].lower()
    desc = clean_description(food["description"])
    group = food["food_group"]
    found: set[str] = set()
    is_egg_food = group == DAIRY_EGG_GROUP and raw.startswith("egg")
    if DAIRY_RE.search(desc) or MARGARINE_RE.search(desc):
        found.add("milk")
    if group == DAIRY_EGG_GROUP and not is_egg_food:
        found.add("milk")
    b12 = decimal_or_none(food["vitamin_b12_ug"])
    if group == BAKED_GROUP and b12 is not None and b12 > 0:
        found.add("milk")  # B12 in a baked good comes from milk/egg ingredients
    if EGG_RE.search(desc) or is_egg_food:
        found.add("egg")
    if group == SEAFOOD_GROUP:
        shell = raw.startswith(("crustaceans", "mollusks"))
        found.add("shellfish" if shell else "fish")
    elif FISH_RE.search(desc):
        found.add("fish")
    if SHELLFISH_RE.search(desc) and group != SEAFOOD_GROUP:
        found.add("shellfish")
    if TREE_NUT_RE.search(raw):
        found.add("tree_nuts")
    if PEANUT_RE.search(raw):
        found.add("peanuts")
    wheat_free = any(p in raw for p in WHEAT_FREE_PHRASES)
    if not wheat_free and WHEAT_RE.search(raw):
        found.add("wheat")
    if group == BAKED_GROUP and not ("corn" in raw and "tortilla" in raw):
        found.add("wheat")
    if SOY_RE.search(raw):
        found.add("soy")
    if SESAME_RE.search(raw):
        found.add("sesame")
    return found


def zero_kinds(food: dict[str, str], category: str, diet: str) -> dict[str, str]:
    """Nutrients that are zero by the food's kind: nutrient -> the kind (see FOODS.md)."""
    d = food["description"].lower()
    out: dict[str, str] = {}
    plant = diet == "vegan" and category not in FORTIFIED_CATEGORIES and not FORTIFIED_RE.search(d)
    if diet == "vegan":  # cholesterol is made by animals only, fortified or not
        out["cholesterol_mg"] = PLANT_ZERO
    if plant:
        out["retinol_ug"] = PLANT_ZERO
        if not B12_PLANT_RE.search(d):
            out["vitamin_b12_ug"] = PLANT_ZERO
        if not ALGAE_RE.search(d):
            out["epa_g"] = PLANT_ZERO
            out["dha_g"] = PLANT_ZERO
    if not CAFFEINE_RE.search(d):
        out["caffeine_mg"] = CAFFEINE_ZERO
    if food["food_group"] != BAKED_GROUP and not ALCOHOL_RE.search(d):
        out["alcohol_g"] = ALCOHOL_ZERO
    return out


def rule_tags(
    food: dict[str, str], category: str, cap_group: str = "", values: dict[str, str] | None = None
) -> set[str]:
    """Life-stage safety tags from category, description, shared cap and caffeine (FOODS.md)."""
    d = food["description"].lower()
    tags: set[str] = set()
    caffeine = decimal_or_none((values or food).get("caffeine_mg", ""))
    if caffeine is not None and caffeine > 0:
        tags.add("caffeine_source")
    if category == "dairy" and LOWER_FAT_MILK_RE.search(d):
        tags.add("lower_fat_milk")
    if cap_group in ("dairy_milk", "plant_milk"):
        tags.add("milk_drink")
    if cap_group == "salt_salty_sauce":
        tags.add("salty_condiment")
    if category in ("meat", "poultry") and ORGAN_RE.search(d):
        tags.add("organ_meat")
    if category == "egg" and RAW_RE.search(d):
        tags.add("raw_egg")
    if category == "shellfish" and RAW_RE.search(d):
        tags.add("raw_shellfish")
    deli = food["food_group"] == DELI_GROUP or DELI_RE.search(d) is not None
    if category in ("meat", "poultry") and deli and not COOKED_RE.search(d):
        tags.add("deli_meat")
    if category in ("fish", "shellfish") and SMOKED_RE.search(d) and "canned" not in d:
        tags.add("smoked_fish_refrigerated")
    if LIVER_RE.search(d):
        tags.add("liver")
    if category in ("fish", "shellfish") and MERCURY_RE.search(d):
        tags.add("high_mercury_fish")
    whole_peanuts = category == "legume" and d.startswith("peanuts")
    if (category == "nut_seed" and not NOT_WHOLE_NUT_RE.search(d)) or whole_peanuts:
        tags.add("whole_nut_seed")
    if "popcorn" in d:
        tags.add("popcorn")
    if category == "fruit" and d.startswith("grapes"):
        tags.add("whole_grape")
    if HOT_DOG_RE.search(d):
        tags.add("hot_dog")
    if category == "plant_milk":
        fortified = re.search(r"\b(fortified|with added)\b", d) is not None
        if not (SOY_RE.search(d) and fortified):
            tags.add("plant_milk_not_soy")
    return tags


def rule_cap_group(category: str, food: dict[str, str]) -> str:
    """The shared cap a food counts toward, or empty (see FOODS.md and cap_groups.csv)."""
    d = food["description"].lower()
    sodium = decimal_or_none(food["sodium_mg"])
    if category == "dairy" and d.startswith("milk"):
        return "dairy_milk"
    if category == "plant_milk":
        return "plant_milk"
    if re.search(r"\bjuice\b", d) and not re.search(r"juice pack|packed in", d):
        return "juice"
    if category == "sweet" and d.startswith(("sugars", "syrups", "honey", "molasses", "jams")):
        return "sugar_syrup"
    salty = category in ("condiment", "soy") and sodium is not None and sodium >= SALTY_SODIUM_MG
    if d.startswith("salt,") or salty:
        return "salt_salty_sauce"
    return ""


def added_sugars(
    sel: Selected,
    values: dict[str, str],
    foods: dict[str, dict[str, str]],
    errors: list[str],
) -> tuple[str, str]:
    """Added sugars (g/100 g, text) and the basis of the estimate (see FOODS.md)."""
    spec = sel.added_sugars
    desc = foods[sel.id]["description"].lower()
    if spec is None:
        if sel.category not in ZERO_SUGAR_KIND or SWEETENED_RE.search(desc):
            errors.append(f"{sel.id}: needs an explicit added_sugars ('0: why', 'all: why', ...)")
            return "", ""
        return "0", f"0: whole or plain food ({ZERO_SUGAR_KIND[sel.category]})"
    if spec.kind == "0":
        return "0", f"0: {spec.reason}"
    sugars = values["sugars_g"]
    if not sugars:
        return "", "unknown: SR28 has no sugars_g for this food"
    if spec.kind == "all":
        return sugars, f"all of sugars_g {sugars}: {spec.reason}"
    other = foods.get(spec.counterpart)
    if other is None or not other["sugars_g"].strip():
        errors.append(f"{sel.id}: added_sugars counterpart {spec.counterpart} has no sugars_g")
        return "", ""
    base = other["sugars_g"].strip()
    difference = Decimal(sugars) - Decimal(base)
    basis = f"sugars_g {sugars} - {base} of {spec.counterpart} {other['description']}"
    if difference < 0:
        return "0", f"{basis}; below 0, so 0"
    return str(difference), basis


def is_dried_fruit(desc: str) -> bool:
    """Dried fruit (raisins, prunes, dates, ``..., dried``)."""
    d = desc.lower()
    return "dried" in d or d.startswith(("raisins", "dates", "currants"))


def is_cheese(desc: str) -> bool:
    """Hard/soft cheeses, excluding cottage cheese and ricotta."""
    d = desc.lower()
    return d.startswith("cheese") and "cottage" not in d and "ricotta" not in d


def portion_preferences(category: str, desc: str, group: str) -> tuple[Pref, ...]:
    """Ordered unit preferences for the category (the written portion rule)."""
    d = desc.lower()
    if category == "fruit":
        return OZ + CUP if is_dried_fruit(desc) else FRUIT_ITEM + CUP
    if category == "vegetable":
        return CUP + VEG_ITEM
    if category == "legume":
        if "peanut butter" in d or "hummus" in d:
            return SPOON
        return OZ + CUP if d.startswith("peanuts") else CUP
    if category == "soy":
        return SPOON if d.startswith("miso") else CUP
    if category == "nut_seed":
        if "butter" in d or "tahini" in d or d.startswith("seeds"):
            return SPOON + OZ
        return OZ + CUP
    if category == "grain":
        return OZ + MEAT_ITEM if d.startswith("snacks") else CUP
    if category == "bread":
        return BREAD_ITEM
    if category == "cereal":
        return CUP + OZ
    if category == "dairy":
        if is_cheese(desc):
            return OZ
        if d.startswith(("cream", "sour cream")):
            return SPOON
        if d.startswith("yogurt"):
            return YOGURT + CUP
        return CUP
    if category == "egg":
        return EGG_ITEM + CUP
    if category in ("fish", "shellfish", "meat", "poultry"):
        return OZ + MEAT_ITEM + CUP
    if category in ("plant_milk", "beverage"):
        return CUP + DRINK
    if category == "condiment":
        spice = group == "Spices and Herbs" and d.startswith(("spices", "salt"))
        return TSP_FIRST if spice else SPOON
    if category == "sweet":
        if "chocolate" in d and "spread" not in d:
            return OZ
        return SPOON
    return SPOON  # fat_oil


def choose_portion(
    category: str, food: dict[str, str], portions: list[dict[str, str]]
) -> dict[str, str]:
    """Pick the typical portion row by the rule; fall back to the lowest seq."""
    prefs = portion_preferences(category, food["description"], food["food_group"])
    for pattern, amount in prefs:
        regex = re.compile(pattern, re.IGNORECASE)
        for row in portions:
            if not regex.search(row["unit_description"].strip()):
                continue
            if amount is not None and decimal_or_none(row["amount"]) != Decimal(amount):
                continue
            return row
    return portions[0]


def format_amount(text: str) -> str:
    """``1`` -> ``1``, ``.5`` -> ``1/2``, ``0.333`` -> ``1/3``, ``2.0`` -> ``2``."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return str(int(value))
    whole = int(value)
    frac = (value - whole).normalize()
    if frac in FRACTIONS:
        return f"{whole} {FRACTIONS[frac]}" if whole else FRACTIONS[frac]
    return format(value.normalize(), "f")


def portion_measure(row: dict[str, str], multiplier: Decimal = Decimal(1)) -> str:
    """Household measure text, e.g. ``1 cup, chopped`` or ``1/4 tsp`` (no grams)."""
    amount = plain(Decimal(row["amount"]) * multiplier)
    return f"{format_amount(amount)} {row['unit_description'].strip()}"


def rule_cap(category: str, food: dict[str, str]) -> int:
    """Category cap in grams with the keyword sub-caps of FOODS.md."""
    d = food["description"].lower()
    group = food["food_group"]
    if category == "vegetable" and "ultraviolet" in d:
        return 170
    if category == "fruit" and is_dried_fruit(food["description"]):
        return 100
    if category == "legume" and "peanut" in d:
        return 60
    if category == "dairy":
        if is_cheese(food["description"]):
            return 100
        if "cottage" in d or "ricotta" in d:
            return 300
        if d.startswith(("cream", "sour cream")):
            return 60
    if category in ("meat", "poultry") and re.search(r"\b(liver|kidneys?|heart|giblets)\b", d):
        return 100
    if category == "fat_oil" and (d.startswith("butter") or "margarine" in d):
        return 30
    if category == "condiment":
        if d.startswith("salt"):
            return 5
        if group == "Spices and Herbs" and d.startswith("spices"):
            return 5
    if category == "beverage" and "juice" in d:
        return 500
    return CATEGORY_CAP[category]


def rule_max_g(category: str, food: dict[str, str], portion_g: Decimal) -> str:
    """``ceil(max(portion, min(3 x portion, cap)))`` as an integer string."""
    cap = Decimal(rule_cap(category, food))
    value = max(portion_g, min(PORTION_MULTIPLIER * portion_g, cap))
    return str(int(value.to_integral_value(rounding=ROUND_CEILING)))


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------
@dataclass
class Log:
    """What the build did, for the summary."""

    dropped: list[str]
    imputations: list[str]
    zero_fills: Counter[str]
    overrides: Counter[str]


def pick_portion(
    sel: Selected, food: dict[str, str], food_portions: list[dict[str, str]], log: Log
) -> tuple[str, str] | str:
    """(grams as text, household measure) of one portion, or an error message.

    A USDA measure keeps its ``gram_weight`` text verbatim; a fraction of one is computed
    in Decimal.
    """
    if sel.portion_custom is not None:
        log.overrides["portion_custom"] += 1
        return plain(sel.portion_custom[0]), sel.portion_custom[1]
    if sel.portion_seq:
        chosen = [p for p in food_portions if p["seq"] == sel.portion_seq]
        if not chosen:
            return f"{sel.id}: portion_seq {sel.portion_seq} not in portions file"
        portion = chosen[0]
        log.overrides["portion_seq"] += 1
    else:
        portion = choose_portion(sel.category, food, food_portions)
    if sel.portion_multiplier is None:
        return portion["gram_weight"].strip(), portion_measure(portion)
    log.overrides["portion_multiplier"] += 1
    grams = Decimal(portion["gram_weight"].strip()) * sel.portion_multiplier
    return plain(grams), portion_measure(portion, sel.portion_multiplier)


def fill_values(
    sel: Selected,
    food: dict[str, str],
    diet: str,
    usable: Callable[[str, str], dict[str, str] | None],
    log: Log,
    errors: list[str],
) -> tuple[dict[str, str], list[str]]:
    """USDA values with sibling fills and known zeros; returns (values, imputed entries)."""
    values = {n: food[n].strip() for n in NUTRIENTS}
    imputed: list[tuple[str, str]] = []
    for nutrient, source_id in sel.fill_from:
        source = usable(source_id, f"fill_from source for {sel.id}:")
        if source is None:
            continue
        if values[nutrient]:
            errors.append(f"{sel.id}: fill_from {nutrient} but USDA has a value")
            continue
        if not source[nutrient].strip():
            errors.append(f"{sel.id}: fill_from source {source_id} lacks {nutrient}")
            continue
        values[nutrient] = source[nutrient].strip()
        imputed.append((nutrient, f"{nutrient}<-{source_id}"))
        log.imputations.append(
            f"{sel.id} {sel.name}: {nutrient} = {values[nutrient]} "
            f"from {source_id} ({source['description']})"
        )
    for nutrient, kind in zero_kinds(food, sel.category, diet).items():
        if not values[nutrient]:
            values[nutrient] = "0"
            imputed.append((nutrient, f"{nutrient}=0 ({kind})"))
            log.zero_fills[f"{nutrient}=0 ({kind})"] += 1
    imputed.sort(key=lambda pair: NUTRIENTS.index(pair[0]))
    return values, [text for _, text in imputed]


def build(
    foods_path: Path,
    portions_path: Path,
    selection_path: Path,
    cap_groups_path: Path,
    bases_path: Path | None = None,
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the output rows and the summary lines; raise on bad inputs. ``bases_path``
    defaults to ``food_bases.csv`` beside the selection."""
    errors: list[str] = []
    foods = read_usda_foods(foods_path)
    cap_groups = read_cap_groups(cap_groups_path)
    bases = read_bases(bases_path or selection_path.parent / "food_bases.csv")
    portions: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(portions_path):
        portions.setdefault(row["ndb_no"], []).append(row)
    for rows in portions.values():
        rows.sort(key=lambda r: int(r["seq"]))
    selection = read_selection(selection_path, errors)

    def usable(fid: str, what: str) -> dict[str, str] | None:
        food = foods.get(fid)
        if food is None:
            errors.append(f"{what} {fid}: not in the USDA foods file")
            return None
        if food["manufacturer"].strip():
            errors.append(f"{what} {fid}: branded ({food['manufacturer']}); not allowed")
            return None
        return food

    out: list[dict[str, str]] = []
    log = Log(dropped=[], imputations=[], zero_fills=Counter(), overrides=Counter())
    for sel in selection:
        food = usable(sel.id, "selected id")
        if food is None:
            continue
        food_portions = portions.get(sel.id, [])
        if not food_portions and sel.portion_custom is None:
            errors.append(f"selected id {sel.id}: has no household portion")
            continue

        diet = sel.diet_override or rule_diet(food, sel.category)
        values, imputed = fill_values(sel, food, diet, usable, log, errors)
        missing = [n for n in REQUIRED if not values[n]]
        if missing:
            log.dropped.append(f"{sel.id} {sel.name}: no USDA value for {', '.join(missing)}")
            continue

        picked = pick_portion(sel, food, food_portions, log)
        if isinstance(picked, str):
            errors.append(picked)
            continue
        portion_text, measure = picked
        portion_g = Decimal(portion_text)
        if sel.max_g:
            max_value = decimal_or_none(sel.max_g)
            if max_value is None or max_value < portion_g:
                errors.append(f"{sel.id}: max_g override {sel.max_g!r} below one portion")
                continue
            max_g = sel.max_g
            log.overrides["max_g"] += 1
        else:
            max_g = rule_max_g(sel.category, food, portion_g)

        if sel.diet_override:
            log.overrides["diet_override"] += 1
        level = DIETS.index(diet)
        if sel.allergen_override:
            log.overrides["allergen_override"] += 1
            allergens = (
                set() if sel.allergen_override == "none" else set(sel.allergen_override.split(";"))
            )
        else:
            allergens = rule_allergens(food)
            if food["food_group"] == BAKED_GROUP and level >= 1:
                allergens.add("milk")  # not vegan because milk/butter is likely: say so
        if level == 0 and allergens & {"milk", "egg", "fish", "shellfish"}:
            errors.append(f"{sel.id}: vegan but allergens {sorted(allergens)}")
        if level <= 1 and allergens & {"fish", "shellfish"}:
            errors.append(f"{sel.id}: vegetarian but allergens {sorted(allergens)}")

        if sel.cap_group:
            log.overrides["cap_group"] += 1
            cap_group = "" if sel.cap_group == "none" else sel.cap_group
        else:
            cap_group = rule_cap_group(sel.category, food)
        if sel.tags_override:
            log.overrides["tags_override"] += 1
            tags = set() if sel.tags_override == "none" else set(sel.tags_override.split(";"))
        else:
            tags = rule_tags(food, sel.category, cap_group, values)
        if cap_group and cap_group not in cap_groups:
            errors.append(f"{sel.id}: cap_group {cap_group!r} is not in the cap groups file")
        sugars, basis = added_sugars(sel, values, foods, errors)

        row = {
            "id": sel.id,
            "name": sel.name,
            "description": food["description"],
            "food_group": food["food_group"],
            "category": sel.category,
            "vegan": "true" if level <= 0 else "false",
            "vegetarian": "true" if level <= 1 else "false",
            "pescatarian": "true" if level <= 2 else "false",
            "allergens": ";".join(a for a in ALLERGENS if a in allergens),
            "meals": ";".join(sel.meals),
            "portion_g": portion_text,
            "portion_measure": measure,
            "max_g": max_g,
            "vitamin_d_source": food["vitamin_d_source"],
            "imputed": ";".join(imputed),
            "added_sugars_g": sugars,
            "added_sugars_basis": basis,
            "cap_group": cap_group,
            "tags": ";".join(t for t in TAGS if t in tags),
            "base": bases.get(sel.id, sel.id),
        }
        row.update(values)
        out.append(row)

    unknown = sorted(set(bases) - {r["id"] for r in out})
    errors += [f"food_bases: {fid} is not a food of the table" for fid in unknown]
    if errors:
        raise BuildError("\n".join(errors))
    out.sort(key=lambda r: r["id"])
    return out, summarize(out, log)


def summarize(rows: list[dict[str, str]], log: Log) -> list[str]:
    """Human-readable build summary."""
    lines = [f"foods written: {len(rows)}", "per category:"]
    counts = Counter(r["category"] for r in rows)
    lines += [f"  {c:<11} {counts[c]:>4}" for c in CATEGORIES if counts[c]]
    diet_counts = Counter(
        "vegan"
        if r["vegan"] == "true"
        else "vegetarian"
        if r["vegetarian"] == "true"
        else "pescatarian"
        if r["pescatarian"] == "true"
        else "omnivore"
        for r in rows
    )
    lines.append("diet level: " + ", ".join(f"{d} {diet_counts[d]}" for d in DIETS))
    lines.append(f"dropped ({len(log.dropped)}):")
    lines += [f"  {d}" for d in log.dropped] or ["  none"]
    lines.append(f"imputations from siblings ({len(log.imputations)}):")
    lines += [f"  {i}" for i in log.imputations] or ["  none"]
    lines.append(f"known zeros ({sum(log.zero_fills.values())}):")
    lines += [f"  {k}: {log.zero_fills[k]}" for k in sorted(log.zero_fills)] or ["  none"]
    lines.append("foods still lacking a capped nutrient (left out where it has a limit):")
    for nutrient in CAPPED:
        lacking = [r["id"] for r in rows if not r[nutrient]]
        lines.append(f"  {nutrient:<16} {len(lacking):>3}  {' '.join(lacking)}".rstrip())
    tag_counts = Counter(t for r in rows for t in r["tags"].split(";") if t)
    lines.append("tags: " + ", ".join(f"{t} {tag_counts[t]}" for t in TAGS))
    group_counts = Counter(r["cap_group"] for r in rows if r["cap_group"])
    lines.append("cap groups: " + ", ".join(f"{g} {n}" for g, n in sorted(group_counts.items())))
    lines.append(
        "overrides: "
        + (", ".join(f"{k} {log.overrides[k]}" for k in sorted(log.overrides)) or "none")
    )
    return lines


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """Write the output with a fixed column order and Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--foods", type=Path, required=True, help="usda_sr28_foods.csv")
    parser.add_argument("--portions", type=Path, required=True, help="usda_sr28_portions.csv")
    parser.add_argument("--selection", type=Path, required=True, help="food_selection.csv")
    parser.add_argument("--cap-groups", type=Path, required=True, help="cap_groups.csv")
    parser.add_argument("--bases", type=Path, help="food_bases.csv (default: beside --selection)")
    parser.add_argument("--out", type=Path, required=True, help="output foods.csv")
    args = parser.parse_args(argv)
    try:
        rows, summary = build(
            args.foods, args.portions, args.selection, args.cap_groups, args.bases
        )
    except BuildError as exc:
        print(f"build_foods: input errors:\n{exc}", file=sys.stderr)
        return 1
    write_csv(rows, args.out)
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
