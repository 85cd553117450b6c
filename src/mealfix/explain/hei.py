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
from typing import Any

from pydantic import BaseModel, ConfigDict

from mealfix.explain.views import HEI_HEAD, hei_rows, hei_view, text_table
from mealfix.inputs.hei import (
    AMOUNT_KEYS,
    BASE_AMOUNTS,
    COMPONENT_KEYS,
    SCORE_TOLERANCE,
    SUBSETS,
    UNIT_LABELS,
    load_hei,
    version_for,
)


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

    def __repr__(self) -> str:
        """A table, not the fields: the total, then one row per component."""
        head = f"Healthy Eating Index ({self.version}): {self.total:.1f} of 100"
        return f"{head}\n{text_table(HEI_HEAD, hei_rows(self), {1, 2, 3})}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        return hei_view(self)

    def weakest(self, n: int = 3) -> tuple[HeiComponent, ...]:
        """The ``n`` components that lost the most points (ties keep NCI's order).

        Points lost, not the share of the component's maximum, is what the total misses, so a
        10-point component half met ranks above a 5-point one half met. Components at their
        maximum lost nothing and are left out.
        """
        short = [c for c in self.components if c.lost > SCORE_TOLERANCE]
        ranked = sorted(short, key=lambda c: -round(c.lost, 9))  # float noise is not a rank
        return tuple(ranked[: max(n, 0)])


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
    for part, whole in SUBSETS:
        if day[part] > day[whole] * (1 + SCORE_TOLERANCE) + SCORE_TOLERANCE:
            raise ValueError(f"{part} ({day[part]}) is part of {whole} ({day[whole]})")
    return day


def _with_legumes(day: Mapping[str, float], rule: Mapping[str, Any]) -> dict[str, float]:
    """Each component's day total with beans counted where the published rule puts them.

    HEI-2015/2020 count the cup-equivalents toward both vegetable components and the same
    beans' ounce-equivalents toward both protein components, all in full.
    """
    totals = {key: day[source] for key, source in BASE_AMOUNTS.items()}
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
    unit = UNIT_LABELS[(comp["basis"], comp["unit"])]
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
