"""Build ``data/food_groups.csv``: USDA food-group equivalents per 100 g of every bundled food.

The Dietary Guidelines for Americans 2020-2025 state their food patterns in cup-equivalents
(vegetables, fruits, dairy), ounce-equivalents (grains, protein foods) and grams (oils), plus a
"limit on calories for other uses". To let the planner meet a pattern, each food in
``data/foods.csv`` needs its equivalents per 100 g. This script derives them from the USDA SR28
household measures by the USDA Food Patterns Equivalents Database (FPED) / MyPlate conventions.
Every rule, its source and the hand-checked examples are in ``data/FOOD_GROUPS.md``.

Inputs:

* ``data/foods.csv`` - the bundled foods (``id`` = SR28 NDB number, nutrients per 100 g);
* ``usda_sr28_portions.csv`` - the shared SR28 household measures (``amount`` x
  ``unit_description`` weighs ``gram_weight`` g), read-only;
* ``data/usda_sr28_foods.csv`` - the SR28 extract, only for all-purpose flour (20081), the
  reference of the one flour-share estimate (fish sticks).

Usage::

    python scripts/build_food_groups.py --foods data/foods.csv \
        --portions /work/shared/data/usda_sr28_portions.csv \
        --sr28-foods data/usda_sr28_foods.csv --out data/food_groups.csv

Standard library only. Any problem (a food without a rule, a rule for an unknown food, a portion
row that is missing or does not hold the unit the rule expects, an empty nutrient cell a rule
needs) stops the build with a list of every problem (exit 1, nothing written). Arithmetic is in
``Decimal``; output rows are sorted by id, group and subgroup, ``\\n`` line endings, so two runs
give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

# --- conventions (sources in data/FOOD_GROUPS.md) -------------------------------------------

OZ_G = Decimal("28.35")  # FPED: 28.35 g is one ounce of grains, meat, poultry or seafood
HALF_OZ_G = OZ_G / 2  # MyPlate: 1/2 oz nuts or seeds = 1 oz-eq protein foods
NATURAL_CHEESE_G = OZ_G * Decimal("1.5")  # DGA/MyPlate: 1 1/2 oz natural cheese = 1 cup-eq dairy
TOFU_G = OZ_G * 2  # MyPlate: 1/4 cup (about 2 ounces) tofu = 1 oz-eq
FLOUR_PER_OZ_EQ_G = Decimal("16")  # FPED: 16 g flour = 1 oz-eq grains
# USDA FNS "Exhibit A: Grain Requirements for Child Nutrition Programs": grams of a baked grain
# product that hold 1 oz-eq (16 g creditable grain), by group.
EXHIBIT_A_G: dict[str, Decimal] = {
    "A": Decimal("22"),  # savory crackers, saltines, hard pretzels
    "B": Decimal("28"),  # bagels, breads, English muffins, pita, rolls, tortillas
    "C": Decimal("34"),  # croissants, pancakes, waffles
    "D": Decimal("55"),  # muffins (all except corn)
}
KCAL_PER_G_SUGAR = Decimal("4")  # DGA: added sugars counted at 4 kcal/g
KCAL_PER_G_FAT = Decimal("9")  # saturated and solid fat, 9 kcal/g
KCAL_PER_G_ALCOHOL = Decimal("7")
# FSIS 9 CFR 317.362 / 381.462 and FDA 21 CFR 101.62(e): "lean" meat, poultry or seafood has at
# most 4.5 g saturated fat per 100 g. Saturated fat above that is "other uses".
LEAN_SAT_G_PER_100G = Decimal("4.5")
FLOUR_ID = "20081"  # SR28 wheat flour, white, all-purpose, enriched, bleached
POLLOCK_ID = "15067"  # SR28 pollock, Alaska, cooked: the fish of the fish-stick estimate
BREAD = "18069"  # SR28 white bread: the lean form of baked grain products

PLACES = Decimal("0.0001")
UNIT_OF_GROUP: dict[str, str] = {
    "vegetables": "cup_eq",
    "fruits": "cup_eq",
    "dairy": "cup_eq",
    "grains": "oz_eq",
    "protein_foods": "oz_eq",
    "oils": "g",
    "other_uses": "kcal",
}
SUBGROUPS: dict[str, tuple[str, ...]] = {
    "vegetables": ("dark_green", "red_orange", "beans_peas_lentils", "starchy", "other"),
    "fruits": ("whole_fruit", "juice"),
    "grains": ("whole_grains", "refined_grains"),
    "dairy": ("dairy",),
    "protein_foods": (
        "meats",
        "poultry",
        "eggs",
        "seafood",
        "nuts_seeds",
        "soy_products",
        "beans_peas_lentils",
    ),
    "oils": ("oils",),
}
EQ_TEXT: dict[str, str] = {"cup_eq": "cup-eq", "oz_eq": "oz-eq", "g": "g"}
# Words an SR28 unit_description may use for a rule's unit.
UNIT_WORDS: dict[str, tuple[str, ...]] = {"tbsp": ("tbsp", "tablespoon")}
OUT_COLUMNS = ("id", "name", "group", "subgroup", "per_100g", "unit", "basis")


# --- rule vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One (group, subgroup) contribution of a food and how its equivalents are measured.

    ``kind`` is ``portion`` (an SR28 household-measure row: ``per`` units of ``unit`` make one
    equivalent), ``weight`` (``grams`` make one equivalent), ``fat`` (oils: ``share`` of fat_g),
    ``flour`` or ``fish`` (the fish-stick ingredient estimate).
    """

    group: str
    subgroup: str
    kind: str
    seq: int = 0
    unit: str = ""
    per: Fraction = Fraction(1)
    qty: Fraction | None = None
    src: str = ""
    grams: Decimal = Decimal(0)
    label: str = ""
    share: Fraction = Fraction(1)
    tag: str = ""
    lean: str | None = None  # key of LEAN_REF; None = the default of its (group, subgroup)


@dataclass(frozen=True)
class Rule:
    """The parts of one food; ``none`` (why it is in no group) when it has no part."""

    parts: tuple[Part, ...]
    none: str = ""
    counterpart: str = ""  # lean form for the saturated-fat rule (plain version of the food)


def _f(text: str) -> Fraction:
    """Rule factors are exact fractions ("1/2", "4/3") so no rounding creeps in."""
    return Fraction(text)


def portion(
    group: str,
    sub: str,
    seq: int,
    unit: str = "cup",
    per: str = "1",
    qty: str | None = None,
    src: str = "",
    tag: str = "",
    lean: str | None = None,
) -> Part:
    """``per`` x ``unit`` of the SR28 row ``seq`` (of food ``src`` if given) = 1 equivalent."""
    return Part(
        group,
        sub,
        "portion",
        seq=seq,
        unit=unit,
        per=_f(per),
        qty=None if qty is None else _f(qty),
        src=src,
        tag=tag,
        lean=lean,
    )


def weight(group: str, sub: str, grams: Decimal, label: str, lean: str | None = None) -> Part:
    """A fixed weight from a cited convention makes one equivalent."""
    return Part(group, sub, "weight", grams=grams, label=label, lean=lean)


def rule(*parts: Part, counterpart: str = "") -> Rule:
    """A food that belongs to at least one group."""
    return Rule(tuple(parts), counterpart=counterpart)


def none(why: str) -> Rule:
    """A food outside every group: all its calories are other uses."""
    return Rule((), none=why)


def veg(sub: str, seq: int, qty: str | None = None, src: str = "", tag: str = "") -> Rule:
    """1 cup raw or cooked vegetable = 1 cup-eq."""
    return rule(portion("vegetables", sub, seq, qty=qty, src=src, tag=tag))


def leafy(sub: str, seq: int) -> Rule:
    """2 cups raw leafy greens = 1 cup-eq."""
    return rule(portion("vegetables", sub, seq, per="2", tag="raw leafy"))


def fruit(seq: int, src: str = "") -> Rule:
    """1 cup fruit = 1 cup-eq."""
    return rule(portion("fruits", "whole_fruit", seq, src=src))


def dried(seq: int) -> Rule:
    """1/2 cup dried fruit = 1 cup-eq."""
    return rule(portion("fruits", "whole_fruit", seq, per="1/2", tag="dried fruit"))


def juice(seq: int) -> Rule:
    """1 cup 100 % fruit juice = 1 cup-eq."""
    return rule(portion("fruits", "juice", seq))


def cooked(sub: str, seq: int) -> Rule:
    """1/2 cup cooked rice, pasta or cereal = 1 oz-eq."""
    return rule(portion("grains", sub, seq, per="1/2", tag="cooked grain"))


def dry(sub: str, label: str = "1 oz dry grain") -> Rule:
    """1 oz (28.35 g) plain dry grain = 1 oz-eq; its fat is the grain's own."""
    return rule(weight("grains", sub, OZ_G, label))


def cereal(sub: str) -> Rule:
    """1 oz (28.35 g) ready-to-eat cereal = 1 oz-eq; a made product, held to the bread rule."""
    return rule(weight("grains", sub, OZ_G, "1 oz ready-to-eat cereal", lean=BREAD))


def bread_slice(sub: str, seq: int) -> Rule:
    """1 regular slice of bread = 1 oz-eq."""
    return rule(portion("grains", sub, seq, unit="slice", lean=BREAD))


def exhibit_a(sub: str, letter: str) -> Rule:
    """USDA FNS Exhibit A weight per oz-eq for baked grain products."""
    return rule(weight("grains", sub, EXHIBIT_A_G[letter], f"Exhibit A group {letter}", BREAD))


def milk(seq: int) -> Rule:
    """1 cup milk, yogurt or fortified soy beverage = 1 cup-eq."""
    return rule(portion("dairy", "dairy", seq))


def cheese() -> Rule:
    """1 1/2 oz natural cheese = 1 cup-eq."""
    return rule(weight("dairy", "dairy", NATURAL_CHEESE_G, "1 1/2 oz natural cheese"))


def meat(sub: str) -> Rule:
    """1 oz cooked meat, poultry or seafood = 1 oz-eq."""
    return rule(weight("protein_foods", sub, OZ_G, "1 oz"))


def egg(seq: int, per: str = "1") -> Rule:
    """1 egg = 1 oz-eq (3 whites = 2 oz-eq; 3 yolks = 1 oz-eq)."""
    return rule(portion("protein_foods", "eggs", seq, unit="large", per=per))


def nuts() -> Rule:
    """1/2 oz nuts or seeds = 1 oz-eq."""
    return rule(weight("protein_foods", "nuts_seeds", HALF_OZ_G, "1/2 oz nuts or seeds"))


def nut_butter(seq: int, qty: str | None = None) -> Rule:
    """1 Tbsp nut or seed butter = 1 oz-eq."""
    return rule(portion("protein_foods", "nuts_seeds", seq, unit="tbsp", qty=qty))


def beans(
    seq: int,
    src: str = "",
    unit: str = "cup",
    veg_per: str = "1",
    prot_per: str = "1/4",
    tag: str = "",
    counterpart: str = "",
) -> Rule:
    """Beans, peas, lentils: both 1 cup = 1 cup-eq vegetable and 1/4 cup = 1 oz-eq protein."""
    return rule(
        portion("vegetables", "beans_peas_lentils", seq, unit, veg_per, src=src, tag=tag),
        portion("protein_foods", "beans_peas_lentils", seq, unit, prot_per, src=src, tag=tag),
        counterpart=counterpart,
    )


def soy(seq: int, qty: str | None = None) -> Rule:
    """1/4 cup tofu (or other soy product measured by the cup) = 1 oz-eq."""
    return rule(portion("protein_foods", "soy_products", seq, per="1/4", qty=qty))


def oil(share: str = "1") -> Rule:
    """Oils: grams of oil, i.e. ``share`` of the food's fat."""
    return rule(Part("oils", "oils", "fat", share=_f(share)))


SOLID_FAT = "solid fat (FPED counts it as solid fats, not oils or dairy)"
CREAM = "cream product (DGA: not dairy, low calcium)"
SPICE = "spice or dried herb (seasoning)"
CONDIMENT = "condiment or seasoning"
SWEET = "sweet (added sugars, cocoa butter)"
PLANT_MILK = "plant beverage other than fortified soy (DGA: not dairy)"
NO_GROUP_DRINK = "coffee or tea (no food group)"
COCONUT = "coconut (FPED: not a nut; its fat is solid fat)"

RULES: dict[str, Rule] = {
    # Dairy and egg products
    "01001": none(SOLID_FAT),
    "01009": cheese(),
    "01012": rule(portion("dairy", "dairy", 2, per="2", tag="2 cups cottage cheese")),
    "01016": rule(portion("dairy", "dairy", 2, per="2", tag="2 cups cottage cheese")),
    "01017": none(CREAM),
    "01019": cheese(),
    "01022": cheese(),
    "01026": cheese(),
    "01029": cheese(),
    "01032": cheese(),
    "01037": rule(portion("dairy", "dairy", 1, per="1/2", tag="1/2 cup ricotta")),
    "01040": cheese(),
    "01049": none(CREAM),
    "01053": none(CREAM),
    "01056": none(CREAM),
    "01077": milk(1),
    "01079": milk(1),
    "01082": milk(1),
    "01085": milk(1),
    "01088": milk(1),
    "01116": milk(4),
    "01117": milk(4),
    "01118": milk(3),
    "01123": egg(1),
    "01124": egg(1, per="3/2"),
    "01125": egg(1, per="3"),
    "01128": egg(1),
    "01129": egg(3),
    "01131": egg(1),
    "01132": egg(1),
    "01145": none(SOLID_FAT),
    "01159": cheese(),
    "01216": milk(4),
    "01220": milk(4),
    "01256": rule(portion("dairy", "dairy", 1, unit="container", per="4/3", tag="6-oz container")),
    # Spices, condiments
    "02010": none(SPICE),
    "02014": none(SPICE),
    "02015": none(SPICE),
    "02020": none(SPICE),
    "02027": none(SPICE),
    "02028": none(SPICE),
    "02030": none(SPICE),
    "02043": none(SPICE),
    "02046": none(CONDIMENT),
    "02047": none(CONDIMENT),
    "02048": none(CONDIMENT),
    # Fats and oils
    "04002": none(SOLID_FAT),
    "04025": oil(),
    "04042": oil(),
    "04044": oil(),
    "04047": none(SOLID_FAT),
    "04053": oil(),
    "04058": oil(),
    "04135": oil(),
    "04582": oil(),
    "04584": oil(),
    "04610": oil("1/2"),
    # Poultry
    "05009": meat("poultry"),
    "05013": meat("poultry"),
    "05028": meat("poultry"),
    "05064": meat("poultry"),
    "05073": meat("poultry"),
    "05098": meat("poultry"),
    "05103": meat("poultry"),
    "05142": meat("poultry"),
    "05168": meat("poultry"),
    "05186": meat("poultry"),
    "05188": meat("poultry"),
    "05306": meat("poultry"),
    "05342": meat("poultry"),
    # Sauces
    "06164": veg("red_orange", 3, tag="tomato salsa"),
    "06179": none(CONDIMENT),
    "06931": veg("red_orange", 1, qty="1/2", tag="tomato sauce"),
    "06971": none(CONDIMENT),
    # Sausages and luncheon meats
    "07022": meat("meats"),
    "07029": meat("meats"),
    "07043": meat("meats"),
    "07057": meat("meats"),
    "07064": meat("meats"),
    "07081": meat("poultry"),
    # Breakfast cereals
    "08037": cereal("whole_grains"),
    "08084": dry("refined_grains", "1 oz dry (germ only)"),
    "08091": cooked("refined_grains", 1),
    "08113": cooked("refined_grains", 1),
    "08120": dry("whole_grains"),
    "08121": cooked("whole_grains", 1),
    "08122": dry("whole_grains"),
    "08123": cooked("whole_grains", 1),
    "08204": cereal("refined_grains"),
    # Fruits and fruit juices
    "09003": fruit(1),
    "09016": juice(1),
    "09019": fruit(1),
    "09021": fruit(2),
    "09032": dried(1),
    "09037": veg("other", 1, tag="avocado"),
    "09040": fruit(2),
    "09042": fruit(1),
    "09050": fruit(1),
    "09054": fruit(1),
    "09070": fruit(2),
    "09079": dried(1),
    "09087": dried(1),
    "09089": fruit(1, src="09279"),
    "09094": dried(1),
    "09111": fruit(1),
    "09132": fruit(1),
    "09135": juice(1),
    "09139": fruit(1),
    "09148": fruit(1),
    "09150": fruit(1),
    "09152": juice(1),
    "09159": fruit(1, src="09150"),
    "09164": fruit(1),
    "09176": fruit(1),
    "09181": fruit(3),
    "09184": fruit(1),
    "09191": fruit(1),
    "09193": rule(portion("vegetables", "other", 1, unit="tbsp", per="16", tag="olives")),
    "09200": fruit(1),
    "09209": juice(1),
    "09210": juice(1),
    "09218": fruit(1),
    "09219": fruit(1),
    "09226": fruit(1),
    "09236": fruit(1),
    "09238": fruit(1),
    "09252": fruit(2),
    "09263": fruit(1, src="09176"),
    "09266": fruit(1),
    "09268": fruit(1),
    "09278": veg("starchy", 2, tag="plantain"),
    "09279": fruit(1),
    "09286": fruit(1),
    "09291": dried(1),
    "09298": dried(2),
    "09302": fruit(1),
    "09316": fruit(3),
    "09318": fruit(1),
    "09326": fruit(2),
    # Pork
    "10026": meat("meats"),
    "10061": meat("meats"),
    "10136": meat("meats"),
    "10181": meat("meats"),
    "10220": meat("meats"),
    "10862": meat("meats"),
    # Vegetables
    "11008": veg("other", 2),
    "11012": veg("other", 1),
    "11043": veg("other", 1),
    "11053": veg("other", 1),
    "11081": veg("other", 1),
    "11090": veg("dark_green", 1),
    "11091": veg("dark_green", 1),
    "11099": veg("other", 2),
    "11109": veg("other", 1),
    "11112": veg("other", 1),
    "11117": veg("dark_green", 1),
    "11124": veg("red_orange", 1),
    "11125": veg("red_orange", 2),
    "11135": veg("other", 1),
    "11136": veg("other", 1),
    "11143": veg("other", 1),
    "11148": veg("dark_green", 1),
    "11162": veg("dark_green", 1),
    "11165": leafy("dark_green", 1),
    "11168": veg("starchy", 4),
    "11205": veg("other", 1),
    "11210": veg("other", 1),
    "11212": beans(1),
    "11215": veg("other", 1),
    "11216": veg("other", 2),
    "11233": leafy("dark_green", 1),
    "11234": veg("dark_green", 1),
    "11241": veg("other", 1),
    "11243": veg("other", 1),
    "11251": leafy("dark_green", 1),
    "11252": leafy("other", 2),
    "11260": veg("other", 1),
    "11266": veg("other", 2),
    "11269": veg("other", 1),
    "11279": veg("other", 1),
    "11282": veg("other", 1),
    "11283": veg("other", 1),
    "11291": veg("other", 1),
    "11297": leafy("dark_green", 1),
    "11299": veg("other", 1),
    "11300": veg("other", 1),
    "11305": veg("starchy", 1),
    "11333": veg("other", 1),
    "11367": veg("starchy", 1),
    "11424": veg("red_orange", 1),
    "11429": veg("other", 1),
    "11439": veg("other", 1),
    "11457": leafy("dark_green", 1),
    "11458": veg("dark_green", 1),
    "11477": veg("other", 1),
    "11478": veg("other", 1),
    "11486": veg("red_orange", 1),
    "11493": veg("other", 1),
    "11508": veg("red_orange", 1),
    "11529": veg("red_orange", 2),
    "11531": veg("red_orange", 1),
    "11546": rule(
        portion("vegetables", "red_orange", 3, unit="tbsp", per="4", tag="paste, FNS credit")
    ),
    "11549": veg("red_orange", 1),
    "11569": veg("dark_green", 1),
    "11584": rule(
        portion("vegetables", "red_orange", 1, per="5", tag="carrots, 1/5 of mix"),
        portion("vegetables", "starchy", 1, per="5/3", tag="corn, peas, lima, 3/5 of mix"),
        portion("vegetables", "other", 1, per="5", tag="green beans, 1/5 of mix"),
    ),
    "11591": leafy("dark_green", 1),
    "11602": veg("starchy", 1),
    "11603": veg("starchy", 1),
    "11674": rule(
        portion("vegetables", "starchy", 3, unit="potato", tag="MyPlate: 1 medium potato")
    ),
    "11821": veg("red_orange", 1),
    "11886": veg("red_orange", 1, tag="100% tomato juice"),
    "11934": Rule((portion("vegetables", "starchy", 1),), counterpart="11367"),
    "11935": none("condiment (ketchup; FPED's tomato credit for it not found)"),
    "11936": veg("other", 2),
    "11937": veg("other", 4, tag="pickled cucumber"),
    "11938": veg("other", 1),
    "11939": veg("other", 1),
    "11951": veg("other", 1, src="11333", tag="bell pepper, not red or orange"),
    "11957": veg("other", 1),
    "11959": leafy("dark_green", 2),
    "11979": veg("other", 1),
    "11987": veg("other", 3),
    "11993": veg("other", 1),
    "11998": veg("other", 1),
    # Nuts and seeds
    "12014": nuts(),
    "12023": nuts(),
    "12037": nuts(),
    "12040": nut_butter(1),
    "12061": nuts(),
    "12063": nuts(),
    "12078": nuts(),
    "12085": nuts(),
    "12087": nuts(),
    "12104": none(COCONUT),
    "12108": none(COCONUT),
    "12119": none("coconut water (not 100% fruit juice, not a nut)"),
    "12120": nuts(),
    "12131": nuts(),
    "12135": nuts(),
    "12142": nuts(),
    "12147": nuts(),
    "12151": nuts(),
    "12152": nuts(),
    "12155": nuts(),
    "12166": nut_butter(1),
    "12167": nuts(),
    "12195": nut_butter(1),
    "12220": nuts(),
    # Beef, lamb, game
    "13327": meat("meats"),
    "13368": meat("meats"),
    "13442": meat("meats"),
    "13454": meat("meats"),
    "17014": meat("meats"),
    "17027": meat("meats"),
    "17157": meat("meats"),
    "17225": meat("meats"),
    "19002": meat("meats"),
    "23090": meat("meats"),
    "23162": meat("meats"),
    "23174": meat("meats"),
    "23565": meat("meats"),
    "23568": meat("meats"),
    # Beverages
    "14016": none(PLANT_MILK),
    "14091": none(PLANT_MILK),
    "14171": none(PLANT_MILK),
    "14209": none(NO_GROUP_DRINK),
    "14210": none(NO_GROUP_DRINK),
    "14278": none(NO_GROUP_DRINK),
    "14355": none(NO_GROUP_DRINK),
    "14381": none(NO_GROUP_DRINK),
    "14639": none(PLANT_MILK),
    # Finfish and shellfish
    "15002": meat("seafood"),
    "15016": meat("seafood"),
    "15027": Rule(
        (
            Part("protein_foods", "seafood", "fish"),
            Part("grains", "refined_grains", "flour", lean=BREAD),
        )
    ),
    "15029": meat("seafood"),
    "15034": meat("seafood"),
    "15037": meat("seafood"),
    "15040": meat("seafood"),
    "15041": meat("seafood"),
    "15047": meat("seafood"),
    "15067": meat("seafood"),
    "15077": meat("seafood"),
    "15086": meat("seafood"),
    "15087": meat("seafood"),
    "15088": meat("seafood"),
    "15092": meat("seafood"),
    "15102": meat("seafood"),
    "15111": meat("seafood"),
    "15121": meat("seafood"),
    "15126": meat("seafood"),
    "15140": meat("seafood"),
    "15148": meat("seafood"),
    "15151": meat("seafood"),
    "15157": meat("seafood"),
    "15160": meat("seafood"),
    "15165": meat("seafood"),
    "15167": meat("seafood"),
    "15169": meat("seafood"),
    "15212": meat("seafood"),
    "15221": meat("seafood"),
    "15230": meat("seafood"),
    "15235": meat("seafood"),
    "15237": meat("seafood"),
    "15241": meat("seafood"),
    "15247": meat("seafood"),
    "15260": meat("seafood"),
    "15262": meat("seafood"),
    "90240": meat("seafood"),
    # Legumes
    "16002": beans(1),
    "16006": beans(1, tag="MyPlate: baked beans"),
    "16015": beans(1),
    "16018": beans(1),
    "16028": beans(1),
    "16038": beans(1),
    "16043": beans(1),
    "16050": beans(1),
    "16057": beans(1),
    "16059": beans(1, veg_per="2", prot_per="1/2", tag="MyPlate: 1 cup bean soup = 2 oz-eq"),
    "16063": beans(1),
    "16070": beans(1),
    "16072": beans(1),
    "16086": beans(1),
    "16098": nut_butter(1, qty="2"),
    "16103": beans(1, tag="MyPlate: refried beans", counterpart="16172"),
    "16109": beans(1),
    "16112": soy(2),
    "16113": soy(1),
    "16120": none("soy beverage without added calcium (DGA: only fortified soy is dairy)"),
    "16123": none(CONDIMENT),
    "16126": soy(1),
    "16127": soy(2),
    "16137": beans(1, unit="tbsp", veg_per="8", prot_per="2", tag="MyPlate: 2 Tbsp hummus"),
    "16139": milk(1),
    "16158": beans(1, unit="tbsp", veg_per="8", prot_per="2", tag="MyPlate: 2 Tbsp hummus"),
    "16159": rule(weight("protein_foods", "soy_products", TOFU_G, "1/4 cup tofu, about 2 oz")),
    "16172": beans(1, tag="MyPlate: refried beans"),
    "16222": milk(1),
    "16358": beans(1, src="16057"),
    "16390": nuts(),
    "16426": soy(1),
    "16427": soy(1),
    "16429": rule(weight("protein_foods", "soy_products", TOFU_G, "1/4 cup tofu, about 2 oz")),
    # Baked products, snacks
    "18001": exhibit_a("refined_grains", "B"),
    "18029": exhibit_a("refined_grains", "B"),
    "18041": exhibit_a("refined_grains", "B"),
    "18060": bread_slice("refined_grains", 2),
    "18069": bread_slice("refined_grains", 1),
    "18075": bread_slice("whole_grains", 1),
    "18228": exhibit_a("refined_grains", "A"),
    "18235": exhibit_a("whole_grains", "A"),
    "18239": exhibit_a("refined_grains", "C"),
    "18258": exhibit_a("refined_grains", "B"),
    "18274": exhibit_a("refined_grains", "D"),
    "18288": exhibit_a("refined_grains", "C"),
    "18342": exhibit_a("refined_grains", "B"),
    "18363": exhibit_a("refined_grains", "B"),
    "18364": exhibit_a("refined_grains", "B"),
    "28285": exhibit_a("whole_grains", "B"),
    "28304": exhibit_a("whole_grains", "C"),
    "28397": bread_slice("refined_grains", 2),
    "19034": rule(portion("grains", "whole_grains", 1, per="3", tag="MyPlate: 3 cups popped")),
    "19047": exhibit_a("refined_grains", "A"),
    "19816": dry("whole_grains", "1 oz puffed grain cake"),
    # Sweets
    "19080": none(SWEET),
    "19095": rule(portion("dairy", "dairy", 1, qty="1/2", per="3/2", tag="MyPlate: ice cream")),
    "19120": none(SWEET),
    "19125": none(SWEET),
    "19165": none("cocoa powder (no food group)"),
    "19296": none(SWEET),
    "19297": none(SWEET),
    "19304": none(SWEET),
    "19335": none(SWEET),
    "19353": none(SWEET),
    "19905": none(SWEET),
    # Cereal grains and pasta
    "20006": cooked("refined_grains", 1),
    "20010": cooked("whole_grains", 1),
    "20013": cooked("whole_grains", 1),
    "20029": cooked("refined_grains", 1),
    "20032": cooked("whole_grains", 1),
    "20033": dry("refined_grains", "1 oz dry (bran only)"),
    "20037": cooked("whole_grains", 1),
    "20045": cooked("refined_grains", 1),
    "20089": cooked("whole_grains", 1),
    "20110": cooked("refined_grains", 1),
    "20121": cooked("refined_grains", 1),
    "20125": cooked("whole_grains", 1),
    "20134": cooked("refined_grains", 1),
    "20137": cooked("whole_grains", 1),
    "42236": cereal("whole_grains"),
    "43245": cereal("whole_grains"),
    "43406": none(CONDIMENT),
    "43483": dry("whole_grains", "1 oz ready-to-eat cereal"),
}

# Lean (nutrient-dense) form for the saturated-fat part of "other uses", per part: a food id
# (that food's saturated fat per equivalent) or "lean" (the FSIS/FDA "lean" ceiling of 4.5 g
# per 100 g, i.e. per 1 oz-eq of 28.35 g). Defaults by (group, subgroup) below; grains have
# none by default (plain grains' fat is their own) and baked products and ready-to-eat
# cereals name white bread. Vegetables, fruits, nuts and seeds, soy, beans and oils have none:
# their fat is their own (DGA nutrient-dense forms); a prepared food among them names its plain
# counterpart instead (Rule.counterpart).
LEAN_REF: dict[str, str] = {
    "01082": "1% milk",
    "01123": "whole egg",
    BREAD: "white bread",
    "lean": "lean 4.5 g/100 g",
}
DEFAULT_LEAN: dict[tuple[str, str], str] = {
    ("dairy", "dairy"): "01082",  # low-fat (1%) milk
    ("protein_foods", "meats"): "lean",
    ("protein_foods", "poultry"): "lean",
    ("protein_foods", "seafood"): "lean",
    ("protein_foods", "eggs"): "01123",  # a whole raw egg
}


# --- computation ----------------------------------------------------------------------------


class BuildError(Exception):
    """Raised with every problem found, so one run lists them all."""


def num(row: dict[str, str], col: str, problems: list[str]) -> Decimal:
    """A nutrient cell as Decimal; an empty cell is a problem, never a silent zero."""
    text = row.get(col, "")
    if text == "":
        problems.append(f"{row.get('id', row.get('ndb_no'))}: {col} is empty")
        return Decimal(0)
    return Decimal(text)


def dec(frac: Fraction) -> Decimal:
    """An exact fraction as Decimal (28 significant digits)."""
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def fmt_frac(frac: Fraction) -> str:
    """1/2, 2, 3/2 - for the basis text."""
    return str(frac)


def fmt_dec(value: Decimal) -> str:
    """Fixed 4 decimal places, half up, for the output."""
    return str(value.quantize(PLACES, rounding=ROUND_HALF_UP))


def short(value: Decimal) -> str:
    """A compact number for the basis text (at most 4 decimals, no trailing zeros)."""
    text = fmt_dec(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def clip(value: Decimal) -> Decimal:
    """Round to 1e-6 g and keep only a positive excess (exact zeros stay zero)."""
    value = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return value if value > 0 else Decimal(0)


def lean_key(part: Part) -> str:
    """The LEAN_REF key of a part ("" when its group has no lean-form rule)."""
    if part.lean is not None:
        return part.lean
    return DEFAULT_LEAN.get((part.group, part.subgroup), "")


@dataclass
class Row:
    """One output row before formatting."""

    group: str
    subgroup: str
    value: Decimal
    basis: str


class Builder:
    """Applies RULES to the foods, with the portions and reference foods at hand."""

    def __init__(
        self,
        foods: list[dict[str, str]],
        portions: dict[tuple[str, int], dict[str, str]],
        flour: dict[str, str],
    ) -> None:
        self.foods = {f["id"]: f for f in foods}
        self.order = [f["id"] for f in foods]
        self.portions = portions
        self.flour = flour
        self.problems: list[str] = []

    # one part -> (equivalents per 100 g, basis)
    def part_value(self, fid: str, part: Part) -> tuple[Decimal, str]:
        """Equivalents per 100 g of one part, and the few words that say how."""
        food = self.foods[fid]
        unit = UNIT_OF_GROUP[part.group]
        eq = EQ_TEXT[unit]
        if part.kind == "portion":
            src = part.src or fid
            prow = self.portions.get((src, part.seq))
            if prow is None:
                self.problems.append(f"{fid}: no SR28 portion row {src} seq {part.seq}")
                return Decimal(0), ""
            desc = prow["unit_description"]
            if not any(word in desc.lower() for word in UNIT_WORDS.get(part.unit, (part.unit,))):
                self.problems.append(
                    f"{fid}: portion {src} seq {part.seq} '{desc}' is not a '{part.unit}' row"
                )
            qty = part.qty if part.qty is not None else Fraction(prow["amount"])
            grams = Decimal(prow["gram_weight"])
            grams_per_eq = grams / dec(qty) * dec(part.per)
            value = Decimal(100) / grams_per_eq
            amount = fmt_frac(Fraction(prow["amount"]))
            where = f"SR28 {src} " if part.src else ""
            basis = f"{where}{amount} {desc} = {prow['gram_weight']} g; "
            basis += f"{fmt_frac(part.per)} {part.unit} -> 1 {eq}"
            if part.tag:
                basis += f" ({part.tag})"
            return value, basis
        if part.kind == "weight":
            value = Decimal(100) / part.grams
            return value, f"{part.label} = {short(part.grams)} g -> 1 {eq}"
        if part.kind == "fat":
            fat = num(food, "fat_g", self.problems)
            value = fat * dec(part.share)
            if part.share == 1:
                return value, f"fat_g {food['fat_g']} g, all oil"
            return value, f"{fmt_frac(part.share)} of fat_g {food['fat_g']} g (FPED margarine)"
        if part.kind == "flour":
            flour_g = self.flour_grams(fid)
            value = flour_g / FLOUR_PER_OZ_EQ_G
            return (
                value,
                f"flour est. {short(flour_g)} g (carb - sugars vs {FLOUR_ID}); 16 g -> 1 oz-eq",
            )
        if part.kind == "fish":
            fish_g = self.fish_grams(fid)
            value = fish_g / OZ_G
            return value, f"fish est. {short(fish_g)} g (protein vs {POLLOCK_ID}); 1 oz -> 1 oz-eq"
        raise AssertionError(part.kind)

    def flour_grams(self, fid: str) -> Decimal:
        """Grams of flour per 100 g: all non-sugar carbohydrate is taken to come from flour."""
        food = self.foods[fid]
        carb = num(food, "carbohydrate_g", self.problems) - num(food, "sugars_g", self.problems)
        f_carb = num(self.flour, "carbohydrate_g", self.problems)
        f_carb -= num(self.flour, "sugars_g", self.problems)
        return carb / f_carb * Decimal(100)

    def fish_grams(self, fid: str) -> Decimal:
        """Grams of fish per 100 g: protein not from the estimated flour, over pollock's."""
        food = self.foods[fid]
        flour_protein = self.flour_grams(fid) * num(self.flour, "protein_g", self.problems) / 100
        fish_protein = num(food, "protein_g", self.problems) - flour_protein
        pollock = num(self.foods[POLLOCK_ID], "protein_g", self.problems)
        return fish_protein / pollock * Decimal(100)

    def equivalents(self, fid: str) -> list[Row]:
        """The group rows of one food (no other_uses row)."""
        rows = []
        for part in RULES[fid].parts:
            value, basis = self.part_value(fid, part)
            rows.append(Row(part.group, part.subgroup, value, basis))
        return rows

    def ref_sat_per_eq(self, key: str, group: str) -> Decimal:
        """Saturated fat (g) per equivalent of ``group`` in the lean form named by ``key``."""
        if key == "lean":
            return LEAN_SAT_G_PER_100G * OZ_G / 100
        eq = sum((r.value for r in self.equivalents(key) if r.group == group), Decimal(0))
        return num(self.foods[key], "saturated_fat_g", self.problems) / eq

    def excess_sat(self, fid: str, rows: list[Row]) -> tuple[Decimal, str]:
        """Saturated fat (g/100 g) above the lean form of the food's parts, and that form."""
        rule_ = RULES[fid]
        sat = num(self.foods[fid], "saturated_fat_g", self.problems)
        if rule_.counterpart:
            cp, main = rule_.counterpart, rows[0]
            cp_rows = [
                r
                for r in self.equivalents(cp)
                if (r.group, r.subgroup) == (main.group, main.subgroup)
            ]
            cp_sat = num(self.foods[cp], "saturated_fat_g", self.problems)
            allowed = cp_sat / cp_rows[0].value * main.value
            return clip(sat - allowed), f"plain {cp} {self.foods[cp]['name']}"
        pairs = [(p, r) for p, r in zip(rule_.parts, rows, strict=True) if p.kind != "fat"]
        keys = [lean_key(p) for p, _ in pairs]
        if not any(keys):
            return Decimal(0), ""
        if not all(keys):
            self.problems.append(f"{fid}: mixes parts with and without a lean form")
            return Decimal(0), ""
        allowed = sum(
            (
                self.ref_sat_per_eq(k, r.group) * r.value
                for k, (_, r) in zip(keys, pairs, strict=True)
            ),
            Decimal(0),
        )
        return clip(sat - allowed), " + ".join(dict.fromkeys(LEAN_REF[k] for k in keys))

    def other_uses(self, fid: str, rows: list[Row]) -> Row:
        """kcal per 100 g for other uses: added sugars, excess saturated and solid fat, alcohol."""
        food = self.foods[fid]
        sugars = num(food, "added_sugars_g", self.problems)
        alcohol = num(food, "alcohol_g", self.problems)
        sugar_kcal = KCAL_PER_G_SUGAR * sugars
        alcohol_kcal = KCAL_PER_G_ALCOHOL * alcohol
        if not rows:
            energy = num(food, "energy_kcal", self.problems)
            why = RULES[fid].none
            if sugar_kcal > energy:
                basis = f"no food group: {why}; 4 x {food['added_sugars_g']} g added sugars"
                return Row("other_uses", "kcal", sugar_kcal, basis)
            return Row("other_uses", "kcal", energy, f"no food group: {why}; all kcal")
        parts = [f"4 x {food['added_sugars_g']} g added sugars"]
        total = sugar_kcal
        excess, ref = self.excess_sat(fid, rows)
        if excess > 0:
            total += KCAL_PER_G_FAT * excess
            parts.append(f"9 x {short(excess)} g sat. fat above {ref}")
        for part in RULES[fid].parts:
            if part.kind == "fat" and part.share != 1:
                solid = num(food, "fat_g", self.problems) * (1 - dec(part.share))
                total += KCAL_PER_G_FAT * solid
                parts.append(f"9 x {short(solid)} g solid fat")
        if alcohol_kcal > 0:
            total += alcohol_kcal
            parts.append(f"7 x {food['alcohol_g']} g alcohol")
        return Row("other_uses", "kcal", total, " + ".join(parts))

    def build(self) -> list[dict[str, str]]:
        """All output rows, sorted; raises BuildError listing every problem."""
        for fid in self.order:
            if fid not in RULES:
                self.problems.append(f"{fid}: no rule (add one to RULES)")
        for fid in RULES:
            if fid not in self.foods:
                self.problems.append(f"{fid}: rule for a food not in foods.csv")
        for ref in (POLLOCK_ID, *(k for k in LEAN_REF if k != "lean")):
            if ref not in self.foods:
                self.problems.append(f"{ref}: reference food missing from foods.csv")
        if self.problems:
            raise BuildError("\n".join(self.problems))
        out: list[dict[str, str]] = []
        for fid in self.order:
            rule_ = RULES[fid]
            for part in rule_.parts:
                if part.subgroup not in SUBGROUPS[part.group]:
                    self.problems.append(f"{fid}: unknown subgroup {part.group}/{part.subgroup}")
            rows = self.equivalents(fid)
            keys = [(r.group, r.subgroup) for r in rows]
            if len(set(keys)) != len(keys):
                self.problems.append(f"{fid}: a (group, subgroup) appears twice")
            rows.append(self.other_uses(fid, rows))
            for r in rows:
                if r.value < 0:
                    self.problems.append(f"{fid}: negative {r.group}/{r.subgroup} {r.value}")
                out.append(
                    {
                        "id": fid,
                        "name": self.foods[fid]["name"],
                        "group": r.group,
                        "subgroup": r.subgroup,
                        "per_100g": fmt_dec(r.value),
                        "unit": UNIT_OF_GROUP[r.group],
                        "basis": r.basis,
                    }
                )
        if self.problems:
            raise BuildError("\n".join(self.problems))
        out.sort(key=lambda r: (r["id"], r["group"], r["subgroup"]))
        return out


# --- I/O ------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    """All rows of a CSV file as dicts."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_portions(path: Path, wanted: set[str]) -> dict[tuple[str, int], dict[str, str]]:
    """SR28 household measures of the wanted foods, keyed by (ndb_no, seq)."""
    out = {}
    for row in read_csv(path):
        if row["ndb_no"] in wanted:
            out[(row["ndb_no"], int(row["seq"]))] = row
    return out


def render(rows: list[dict[str, str]]) -> str:
    """The output CSV text (fixed columns, minimal quoting, \\n endings)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=OUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file in the same folder so a failed run leaves the old file intact."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def summary(rows: list[dict[str, str]]) -> str:
    """Foods per group and the foods in no group, for the build log."""
    groups: dict[str, set[str]] = {}
    for r in rows:
        groups.setdefault(r["group"], set()).add(r["id"])
    ids = {r["id"] for r in rows}
    grouped = {r["id"] for r in rows if r["group"] != "other_uses"}
    lines = [f"{len(ids)} foods, {len(rows)} rows"]
    for g in ("vegetables", "fruits", "grains", "dairy", "protein_foods", "oils"):
        lines.append(f"  {g}: {len(groups.get(g, set()))} foods")
    subs = Counter((r["group"], r["subgroup"]) for r in rows if r["group"] != "other_uses")
    for (g, s), n in sorted(subs.items()):
        lines.append(f"    {g}/{s}: {n}")
    lines.append(f"  no food group (other_uses only): {len(ids - grouped)} foods")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--foods", type=Path, required=True)
    ap.add_argument("--portions", type=Path, required=True)
    ap.add_argument("--sr28-foods", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    foods = read_csv(args.foods)
    wanted = {f["id"] for f in foods}
    portions = read_portions(args.portions, wanted)
    flour = next((r for r in read_csv(args.sr28_foods) if r["ndb_no"] == FLOUR_ID), None)
    if flour is None:
        print(f"error: {FLOUR_ID} not in {args.sr28_foods}", file=sys.stderr)
        return 1
    flour = {**flour, "id": FLOUR_ID}
    try:
        rows = Builder(foods, portions, flour).build()
    except BuildError as err:
        print(f"error: nothing written; problems:\n{err}", file=sys.stderr)
        return 1
    write_atomic(args.out, render(rows))
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
