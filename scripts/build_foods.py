"""Build ``data/foods.csv`` from the USDA SR28 extracts and the curated selection.

The hand-curated part lives in ``data/food_selection.csv`` (one row per food, with
optional overrides and a note).  Everything else is derived here by written rules
that are documented in ``data/FOODS.md``:

* nutrient values are copied verbatim as text from USDA (never through ``float``);
* a food lacking a required nutrient is dropped unless ``fill_from`` names a
  closely related sibling to copy that value from (recorded in ``imputed``);
* diet flags and allergens come from keyword / food-group rules plus overrides;
* the typical portion is picked from the USDA household measures by category;
* the per-day maximum is ``min(3 x portion, category cap)``, never below a portion.

Usage::

    python scripts/build_foods.py --foods PATH/usda_sr28_foods.csv \
        --portions PATH/usda_sr28_portions.csv \
        --selection data/food_selection.csv --out data/foods.csv

Standard library only; the output is byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from pathlib import Path

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
    "vitamin_d_source",
    "imputed",
)
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
SELECTION_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "category",
    "meals",
    "portion_seq",
    "max_g",
    "diet_override",
    "allergen_override",
    "fill_from",
    "note",
)
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
class Selected:
    """One row of the curated selection file."""

    id: str
    name: str
    category: str
    meals: tuple[str, ...]
    portion_seq: str
    max_g: str
    diet_override: str
    allergen_override: str
    fill_from: tuple[tuple[str, str], ...]
    note: str


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file as text rows (no type conversion at all)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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


def read_selection(path: Path, errors: list[str]) -> list[Selected]:
    """Read and validate the curated selection (syntax only)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != SELECTION_COLUMNS:
            raise BuildError(
                f"{path}: columns must be {','.join(SELECTION_COLUMNS)}; "
                f"got {','.join(reader.fieldnames or ())}"
            )
        rows = list(reader)
    seen: set[str] = set()
    out: list[Selected] = []
    for row in rows:
        fid = row["id"].strip()
        if not re.fullmatch(r"\d{5}", fid):
            errors.append(f"selection: id {fid!r} is not a 5-digit NDB number")
            continue
        if fid in seen:
            errors.append(f"{fid}: listed twice in the selection")
        seen.add(fid)
        if not row["name"].strip():
            errors.append(f"{fid}: empty name")
        category = row["category"].strip()
        if category not in CATEGORIES:
            errors.append(f"{fid}: unknown category {category!r}")
        meals = tuple(m.strip() for m in row["meals"].split(";") if m.strip())
        if not meals or any(m not in MEALS for m in meals):
            errors.append(f"{fid}: bad meals {row['meals']!r}")
        diet = row["diet_override"].strip()
        if diet and diet not in DIETS:
            errors.append(f"{fid}: bad diet_override {diet!r}")
        allergen = row["allergen_override"].strip()
        if allergen and allergen != "none":
            bad = [a for a in allergen.split(";") if a not in ALLERGENS]
            if bad:
                errors.append(f"{fid}: bad allergen_override token(s) {bad}")
        overridden = diet or allergen or row["portion_seq"].strip() or row["max_g"].strip()
        if (overridden or row["fill_from"].strip()) and not row["note"].strip():
            errors.append(f"{fid}: override or fill_from without a note")
        out.append(
            Selected(
                id=fid,
                name=row["name"].strip(),
                category=category,
                meals=tuple(m for m in MEALS if m in meals),
                portion_seq=row["portion_seq"].strip(),
                max_g=row["max_g"].strip(),
                diet_override=diet,
                allergen_override=allergen,
                fill_from=parse_fill_from(row["fill_from"], fid, errors),
                note=row["note"].strip(),
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
    """Parse a USDA number for comparisons only (never for output)."""
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation:
        return None


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


def portion_measure(row: dict[str, str]) -> str:
    """Household measure text, e.g. ``1 cup, chopped`` (no grams)."""
    return f"{format_amount(row['amount'])} {row['unit_description'].strip()}"


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
def build(
    foods_path: Path, portions_path: Path, selection_path: Path
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the output rows and the summary lines; raise on bad inputs."""
    errors: list[str] = []
    foods = {r["ndb_no"]: r for r in read_csv(foods_path)}
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
    dropped: list[str] = []
    imputations: list[str] = []
    overrides = Counter[str]()
    for sel in selection:
        food = usable(sel.id, "selected id")
        if food is None:
            continue
        food_portions = portions.get(sel.id, [])
        if not food_portions:
            errors.append(f"selected id {sel.id}: has no household portion")
            continue
        values = {n: food[n].strip() for n in NUTRIENTS}
        imputed: list[str] = []
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
            imputed.append(f"{nutrient}<-{source_id}")
            imputations.append(
                f"{sel.id} {sel.name}: {nutrient} = {values[nutrient]} "
                f"from {source_id} ({source['description']})"
            )
        imputed.sort(key=lambda s: NUTRIENTS.index(s.split("<-")[0]))
        missing = [n for n in REQUIRED if not values[n]]
        if missing:
            dropped.append(f"{sel.id} {sel.name}: no USDA value for {', '.join(missing)}")
            continue

        if sel.portion_seq:
            chosen = [p for p in food_portions if p["seq"] == sel.portion_seq]
            if not chosen:
                errors.append(f"{sel.id}: portion_seq {sel.portion_seq} not in portions file")
                continue
            portion = chosen[0]
            overrides["portion_seq"] += 1
        else:
            portion = choose_portion(sel.category, food, food_portions)
        portion_g = Decimal(portion["gram_weight"])
        if sel.max_g:
            max_value = decimal_or_none(sel.max_g)
            if max_value is None or max_value < portion_g:
                errors.append(f"{sel.id}: max_g override {sel.max_g!r} below one portion")
                continue
            max_g = sel.max_g
            overrides["max_g"] += 1
        else:
            max_g = rule_max_g(sel.category, food, portion_g)

        diet = sel.diet_override or rule_diet(food, sel.category)
        if sel.diet_override:
            overrides["diet_override"] += 1
        if sel.allergen_override:
            overrides["allergen_override"] += 1
            allergens = (
                set() if sel.allergen_override == "none" else set(sel.allergen_override.split(";"))
            )
        else:
            allergens = rule_allergens(food)
        level = DIETS.index(diet)
        if level == 0 and allergens & {"milk", "egg", "fish", "shellfish"}:
            errors.append(f"{sel.id}: vegan but allergens {sorted(allergens)}")
        if level <= 1 and allergens & {"fish", "shellfish"}:
            errors.append(f"{sel.id}: vegetarian but allergens {sorted(allergens)}")

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
            "portion_g": portion["gram_weight"].strip(),
            "portion_measure": portion_measure(portion),
            "max_g": max_g,
            "vitamin_d_source": food["vitamin_d_source"],
            "imputed": ";".join(imputed),
        }
        row.update(values)
        out.append(row)

    if errors:
        raise BuildError("\n".join(errors))
    out.sort(key=lambda r: r["id"])
    summary = summarize(out, dropped, imputations, overrides)
    return out, summary


def summarize(
    rows: list[dict[str, str]],
    dropped: list[str],
    imputations: list[str],
    overrides: Counter[str],
) -> list[str]:
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
    lines.append(f"dropped ({len(dropped)}):")
    lines += [f"  {d}" for d in dropped] or ["  none"]
    lines.append(f"imputations ({len(imputations)}):")
    lines += [f"  {i}" for i in imputations] or ["  none"]
    lines.append(
        "overrides: " + (", ".join(f"{k} {overrides[k]}" for k in sorted(overrides)) or "none")
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
    parser.add_argument("--out", type=Path, required=True, help="output foods.csv")
    args = parser.parse_args(argv)
    try:
        rows, summary = build(args.foods, args.portions, args.selection)
    except BuildError as exc:
        print(f"build_foods: input errors:\n{exc}", file=sys.stderr)
        return 1
    write_csv(rows, args.out)
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
