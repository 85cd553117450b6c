"""The Healthy Eating Index standards and each food's amounts of what it scores, as data.

``data/hei.yaml`` holds the HEI-2020 and HEI-Toddlers-2020 standards with their sources; this
module reads and checks them, and turns the food-group table and the food table into per-gram
columns of the amounts the index scores (:data:`AMOUNT_KEYS`), so the day model
(:mod:`mealfix.model.hei`) and the scorer (:mod:`mealfix.explain.hei`) read the same numbers.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from mealfix.errors import DataError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml
from mealfix.inputs.patterns import load_food_groups, per_food

SCHEMA = "mealfix-hei/1"
#: The day's totals :func:`score_day` needs, in FPED units (cup-eq, oz-eq) and grams / mg.
#: ``total_vegetables``, ``total_protein`` and ``seafood_plant_protein`` exclude legumes, which
#: come in twice: as vegetables (``legumes_cup_eq``) and as the same beans' protein
#: (``legumes_oz_eq``), like FPED's V_LEGUMES and PF_LEGUMES.
AMOUNT_KEYS = (
    "total_fruits",
    "whole_fruits",
    "total_vegetables",
    "greens",
    "legumes_cup_eq",
    "legumes_oz_eq",
    "whole_grains",
    "refined_grains",
    "dairy",
    "total_protein",
    "seafood_plant_protein",
    "mufa_g",
    "pufa_g",
    "sfa_g",
    "sodium_mg",
    "added_sugars_g",
)
#: The 13 components in the order of NCI's tables; every version must list exactly these.
COMPONENT_KEYS = (
    "total_fruits",
    "whole_fruits",
    "total_vegetables",
    "greens_and_beans",
    "whole_grains",
    "dairy",
    "total_protein_foods",
    "seafood_plant_proteins",
    "fatty_acids",
    "refined_grains",
    "sodium",
    "added_sugars",
    "saturated_fats",
)
#: The day's amount each component starts from, before legumes are added (fatty acids: a ratio).
BASE_AMOUNTS = {
    "total_fruits": "total_fruits",
    "whole_fruits": "whole_fruits",
    "total_vegetables": "total_vegetables",
    "greens_and_beans": "greens",
    "whole_grains": "whole_grains",
    "dairy": "dairy",
    "total_protein_foods": "total_protein",
    "seafood_plant_proteins": "seafood_plant_protein",
    "refined_grains": "refined_grains",
    "sodium": "sodium_mg",
    "added_sugars": "added_sugars_g",
    "saturated_fats": "sfa_g",
}
_BASES = {"per_1000_kcal", "ratio", "pct_energy"}
UNIT_LABELS = {
    ("per_1000_kcal", "cup_eq"): "cup-eq per 1,000 kcal",
    ("per_1000_kcal", "oz_eq"): "oz-eq per 1,000 kcal",
    ("per_1000_kcal", "g"): "g per 1,000 kcal",
    ("ratio", "ratio"): "(MUFA + PUFA) / SFA",
    ("pct_energy", "pct"): "% of energy",
}
#: Parts of a whole that cannot exceed it (whole fruit is fruit, dark greens are vegetables).
SUBSETS = (("whole_fruits", "total_fruits"), ("greens", "total_vegetables"))
SCORE_TOLERANCE = 1e-9


#: (key, group, subgroups or None for all): the HEI amounts from the food-group table.
GROUP_AMOUNTS = (
    ("total_fruits", "fruits", None),
    ("whole_fruits", "fruits", ("whole_fruit",)),
    ("total_vegetables", "vegetables", ("dark_green", "red_orange", "starchy", "other")),
    ("greens", "vegetables", ("dark_green",)),
    ("legumes_cup_eq", "vegetables", ("beans_peas_lentils",)),
    ("legumes_oz_eq", "protein_foods", ("beans_peas_lentils",)),
    ("whole_grains", "grains", ("whole_grains",)),
    ("refined_grains", "grains", ("refined_grains",)),
    ("dairy", "dairy", None),
    (
        "total_protein",
        "protein_foods",
        ("meats", "poultry", "eggs", "seafood", "nuts_seeds", "soy_products"),
    ),
    ("seafood_plant_protein", "protein_foods", ("seafood", "nuts_seeds", "soy_products")),
)


def hei_columns(foods: pd.DataFrame, energy_column: str) -> pd.DataFrame | None:
    """Per gram of each food, every amount the HEI scores (foods x :data:`AMOUNT_KEYS`) and
    its energy (``energy_kcal``); None when a food is not in the food-group table or the food
    table lacks a column the index needs."""
    table = load_food_groups()
    if not foods.index.isin(table["id"]).all():
        return None
    nutrient_columns: dict[str, str] = load_hei().get("food_columns", {})
    columns = [*nutrient_columns.values(), energy_column]
    if any(c not in foods.columns for c in columns):
        return None
    rows = table[table["id"].isin(foods.index)]
    masks = [
        (
            (rows["group"] == group) & (True if subs is None else rows["subgroup"].isin(subs))
        ).to_numpy()
        for _, group, subs in GROUP_AMOUNTS
    ]
    out = per_food(foods.index, rows, masks, [key for key, _, _ in GROUP_AMOUNTS])
    out = out.reindex(columns=[*AMOUNT_KEYS, "energy_kcal"], fill_value=0.0)
    values = foods[columns].astype(float).fillna(0.0) / 100.0
    for key, column in nutrient_columns.items():
        out[key] = values[column].to_numpy()
    out["energy_kcal"] = values[energy_column].to_numpy()
    return out


def load_hei(path: str | Path | None = None) -> dict[str, Any]:
    """The parsed, checked standards (the bundled ``hei.yaml`` when ``path`` is None).

    Parsed once per process and file version, like the other tables, since a batch scores
    many days against the same standards.
    """
    file = Path(path) if path is not None else bundled_path("hei.yaml")
    return load_cached(file, _load, file.name if path is None else str(path))


def _load(file: Path, label: str) -> dict[str, Any]:
    doc = read_yaml(file, label)
    try:
        _check(doc, label)
    except ValueError as exc:  # a standards file that would score wrong: one clear line
        raise DataError(label, str(exc).removeprefix(f"{label}: ")) from None
    return doc  # type: ignore[no-any-return]


def _check(doc: Any, label: str) -> None:
    """Refuse a standards file that would score silently wrong (a typo is not a standard)."""
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ValueError(f"{label}: needs 'schema: {SCHEMA}'")
    energy = doc.get("energy")
    for factor in ("added_sugars_kcal_per_g", "saturated_fats_kcal_per_g"):
        if not isinstance(energy, dict) or not _positive(energy.get(factor)):
            raise ValueError(f"{label}: energy.{factor} must be a positive number")
    legumes = doc.get("legumes")
    if not isinstance(legumes, dict):
        raise ValueError(f"{label}: needs a 'legumes' rule")
    for side in ("cup_eq_to", "oz_eq_to"):
        targets = legumes.get(side)
        if not isinstance(targets, list) or not set(targets) <= set(BASE_AMOUNTS):
            raise ValueError(f"{label}: legumes.{side} must list components")
    versions = doc.get("versions")
    if not isinstance(versions, dict) or not versions:
        raise ValueError(f"{label}: needs 'versions'")
    for name, version in versions.items():
        _check_version(version, f"{label}: {name}")


def _check_version(version: Any, where: str) -> None:
    if not isinstance(version, dict) or not isinstance(version.get("ages"), dict):
        raise ValueError(f"{where}: needs 'ages' and 'components'")
    raw = version.get("components")
    components: list[dict[str, Any]] = raw if isinstance(raw, list) else []
    keys = tuple(c.get("key") if isinstance(c, dict) else None for c in components)
    if keys != COMPONENT_KEYS:
        raise ValueError(f"{where}: components must be {', '.join(COMPONENT_KEYS)} in order")
    for comp in components:
        at = f"{where}: {comp['key']}"
        if not all(_number(comp.get(f)) for f in ("max", "best", "worst")) or comp["max"] <= 0:
            raise ValueError(f"{at}: max, best and worst must be numbers, max above 0")
        if (comp.get("basis"), comp.get("unit")) not in UNIT_LABELS:
            raise ValueError(f"{at}: unknown basis/unit {comp.get('basis')}/{comp.get('unit')}")
        if (comp.get("basis") == "ratio") != (comp["key"] == "fatty_acids"):
            raise ValueError(f"{at}: only fatty acids are scored as a ratio")
        kind = comp.get("kind")
        if kind not in ("adequacy", "moderation"):
            raise ValueError(f"{at}: kind must be adequacy or moderation")
        if (comp["best"] > comp["worst"]) != (kind == "adequacy"):
            raise ValueError(f"{at}: best must be above worst for adequacy, below for moderation")
    if sum(c["max"] for c in components) != 100:
        raise ValueError(f"{where}: maximum points must add up to 100")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _positive(value: Any) -> bool:
    return _number(value) and value > 0


def version_for(age: int, doc: dict[str, Any] | None = None) -> str:
    """The HEI version for a person of ``age`` whole years (1: toddlers; 2 and over: HEI-2020).

    There is no HEI for infants under 12 months, so age 0 is an error rather than a guess.
    """
    doc = doc if doc is not None else load_hei()
    for name, version in doc["versions"].items():
        ages = version["ages"]
        if ages.get("min", 0) <= age <= ages.get("max", math.inf):
            return str(name)
    raise ValueError(f"no HEI version covers age {age} (the HEI starts at 12 months)")
