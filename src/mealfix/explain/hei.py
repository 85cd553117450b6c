"""Diet quality of a day: the Healthy Eating Index (HEI-2020, and HEI-Toddlers-2020 at age 1).

A plan can meet every nutrient target and still be a poor pattern of foods; the HEI is the
published yardstick of how closely a day follows the Dietary Guidelines, scored 0 to 100 over
13 components. It is a density score (per 1,000 kcal, a ratio or a share of energy), so a small
day and a large day are judged alike. The standards live in ``data/hei.yaml`` with their sources
(``data/HEI.md`` says what was checked); this module only applies them, the way NCI's scoring
macro does: linear between the minimum and maximum standards, capped at both ends.

Beans, peas and lentils count in full toward all four vegetable and protein components at once
(HEI-2015 and HEI-2020), not protein first with the remainder to vegetables (HEI-2010).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from mealfix.errors import DataError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml

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
_BASE = {
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
_UNIT_LABELS = {
    ("per_1000_kcal", "cup_eq"): "cup-eq per 1,000 kcal",
    ("per_1000_kcal", "oz_eq"): "oz-eq per 1,000 kcal",
    ("per_1000_kcal", "g"): "g per 1,000 kcal",
    ("ratio", "ratio"): "(MUFA + PUFA) / SFA",
    ("pct_energy", "pct"): "% of energy",
}
#: Parts of a whole that cannot exceed it (whole fruit is fruit, dark greens are vegetables).
_SUBSETS = (("whole_fruits", "total_fruits"), ("greens", "total_vegetables"))
_TOLERANCE = 1e-9


class HeiComponent(BaseModel):
    """One component's score and the density it was scored on, in its scoring unit."""

    model_config = ConfigDict(frozen=True)

    name: str
    key: str
    points: float
    max: float
    amount: float
    unit: str

    @property
    def lost(self) -> float:
        """Points short of the maximum: what a better day could still gain here."""
        return self.max - self.points


class HeiScore(BaseModel):
    """A day's HEI: the total (one decimal, as published scores are given) and 13 components."""

    model_config = ConfigDict(frozen=True)

    total: float
    version: str
    components: tuple[HeiComponent, ...]

    def weakest(self, n: int = 3) -> tuple[HeiComponent, ...]:
        """The ``n`` components that lost the most points (ties keep NCI's order).

        Points lost, not the share of the component's maximum, is what the total misses, so a
        10-point component half met ranks above a 5-point one half met. Components at their
        maximum lost nothing and are left out.
        """
        short = [c for c in self.components if c.lost > _TOLERANCE]
        ranked = sorted(short, key=lambda c: -round(c.lost, 9))  # float noise is not a rank
        return tuple(ranked[: max(n, 0)])


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
        if not isinstance(targets, list) or not set(targets) <= set(_BASE):
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
        if (comp.get("basis"), comp.get("unit")) not in _UNIT_LABELS:
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


def score_day(
    amounts: Mapping[str, float],
    energy_kcal: float,
    age: int,
    doc: dict[str, Any] | None = None,
) -> HeiScore:
    """Score one day's totals (keys: :data:`AMOUNT_KEYS`) for a person of ``age``.

    Legumes are added to the four components the published rule names, each amount is turned
    into its density, and each density is scored linearly between the component's standards.
    A day of 0 kcal scores 0 everywhere, as NCI's macro does (it has no densities).
    """
    doc = doc if doc is not None else load_hei()
    day = _checked_amounts(amounts, energy_kcal)
    version = version_for(age, doc)
    totals = _with_legumes(day, doc["legumes"])
    components = tuple(
        _score(comp, totals, day, energy_kcal, doc["energy"])
        for comp in doc["versions"][version]["components"]
    )
    return HeiScore(
        total=round(sum(c.points for c in components), 1),
        version=version,
        components=components,
    )


def _checked_amounts(amounts: Mapping[str, float], energy_kcal: float) -> dict[str, float]:
    """The day as floats, refusing what cannot be a day (a wrong key would score as zero)."""
    missing = [k for k in AMOUNT_KEYS if k not in amounts]
    unknown = sorted(set(amounts) - set(AMOUNT_KEYS))
    if missing or unknown:
        raise ValueError(f"amounts: missing {missing or 'none'}, unknown {unknown or 'none'}")
    day = {k: float(amounts[k]) for k in AMOUNT_KEYS}
    bad = [k for k, v in day.items() if not math.isfinite(v) or v < 0]
    if bad:
        raise ValueError(f"amounts must be finite and not negative: {', '.join(bad)}")
    if not math.isfinite(energy_kcal) or energy_kcal < 0:
        raise ValueError(f"energy_kcal must be finite and not negative, not {energy_kcal}")
    for part, whole in _SUBSETS:
        if day[part] > day[whole] * (1 + _TOLERANCE) + _TOLERANCE:
            raise ValueError(f"{part} ({day[part]}) is part of {whole} ({day[whole]})")
    return day


def _with_legumes(day: Mapping[str, float], rule: Mapping[str, Any]) -> dict[str, float]:
    """Each component's day total with beans counted where the published rule puts them.

    HEI-2015/2020 count the cup-equivalents toward both vegetable components and the same
    beans' ounce-equivalents toward both protein components, all in full.
    """
    totals = {key: day[source] for key, source in _BASE.items()}
    for key in rule["cup_eq_to"]:
        totals[key] += day["legumes_cup_eq"]
    for key in rule["oz_eq_to"]:
        totals[key] += day["legumes_oz_eq"]
    return totals


def _score(
    comp: Mapping[str, Any],
    totals: Mapping[str, float],
    day: Mapping[str, float],
    energy_kcal: float,
    energy: Mapping[str, float],
) -> HeiComponent:
    key = comp["key"]
    unit = _UNIT_LABELS[(comp["basis"], comp["unit"])]
    if energy_kcal == 0:
        return _component(comp, 0.0, 0.0, unit)
    if comp["basis"] == "ratio":
        return _fatty_acids(comp, day, unit)
    if comp["basis"] == "pct_energy":
        kcal_per_g = energy[f"{key}_kcal_per_g"]
        amount = 100 * totals[key] * kcal_per_g / energy_kcal
    elif key == "sodium":  # mg per kcal = g per 1,000 kcal
        amount = totals[key] / energy_kcal
    else:
        amount = totals[key] / (energy_kcal / 1000)
    return _component(comp, amount, _points(comp, amount), unit)


def _fatty_acids(comp: Mapping[str, Any], day: Mapping[str, float], unit: str) -> HeiComponent:
    """(MUFA + PUFA) / SFA; with no saturated fat the macro gives full points if any MUFA/PUFA."""
    unsaturated = day["mufa_g"] + day["pufa_g"]
    if day["sfa_g"] == 0:
        full = unsaturated > 0
        return _component(comp, math.inf if full else 0.0, comp["max"] if full else 0.0, unit)
    ratio = unsaturated / day["sfa_g"]
    return _component(comp, ratio, _points(comp, ratio), unit)


def _points(comp: Mapping[str, Any], amount: float) -> float:
    """Linear between worst (0 points) and best (max points), capped at both ends.

    One formula serves both kinds: for moderation components best lies below worst, so the
    same fraction falls as the amount rises.
    """
    best, worst, top = float(comp["best"]), float(comp["worst"]), float(comp["max"])
    share = (amount - worst) / (best - worst)
    return top * min(1.0, max(0.0, share))


def _component(comp: Mapping[str, Any], amount: float, points: float, unit: str) -> HeiComponent:
    return HeiComponent(
        name=str(comp["name"]),
        key=str(comp["key"]),
        points=points,
        max=float(comp["max"]),
        amount=amount,
        unit=unit,
    )


__all__ = [
    "AMOUNT_KEYS",
    "COMPONENT_KEYS",
    "HeiComponent",
    "HeiScore",
    "load_hei",
    "score_day",
    "version_for",
]
