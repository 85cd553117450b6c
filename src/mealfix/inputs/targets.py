"""Targets: who the person is + what they suspect -> a min/max per nutrient.

Two file forms are read. The DRI table (``data/targets.yaml``) holds every life-stage group and
is resolved for one person; the flat form names one person's targets directly::

    nutrients:
      protein_g: {min: 70}
      sodium_mg: {min: 1500, max: 2300}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from mealfix.errors import UsageError
from mealfix.inputs.arguments import given, path_or_none
from mealfix.inputs.files import bundled_path, load_cached
from mealfix.inputs.person import Person
from mealfix.inputs.target_file import (
    DriDoc,
    FlatDoc,
    FlatNutrientSpec,
    NutrientSpec,
    ValueSpec,
    first_given,
    read_doc,
)

#: A suspected nutrient is aimed this far above its RDA/AI (never past 90 % of its upper limit).
SUSPECT_AIM = 1.25
SUSPECT_LIMIT_SHARE = 0.9
#: A plant-diet requirement above the UL is aimed at this share of the UL instead.
PLANT_LIMIT_SHARE = 0.95


@dataclass(frozen=True)
class Targets:
    """One person's targets: ``frame`` indexed by nutrient, ``shares`` by macronutrient.

    ``frame`` columns: name, unit, min, max, reference, reference_kind, limit_kind, ul,
    ul_note, suspected, base_min, source. ``shares`` columns: kcal_per_g, min_pct, max_pct.
    """

    frame: pd.DataFrame
    shares: pd.DataFrame
    group: str | None = None
    form: Literal["dri", "flat"] = "dri"
    notes: tuple[str, ...] = field(default=())

    def unboosted(self) -> Targets:
        """The same targets with suspected nutrients back at their RDA/AI."""
        frame = self.frame.copy()
        frame["min"] = frame["base_min"]
        return replace(self, frame=frame)


@dataclass(frozen=True)
class TargetTable:
    """A parsed targets file, not yet resolved for a person."""

    source: str
    doc: DriDoc | FlatDoc

    @property
    def form(self) -> Literal["dri", "flat"]:
        return "dri" if isinstance(self.doc, DriDoc) else "flat"

    @property
    def nutrients(self) -> Mapping[str, NutrientSpec | FlatNutrientSpec]:
        return self.doc.nutrients

    def resolve_nutrient(self, word: str) -> str:
        """Map what a person typed ('magnesium', 'vitamin B12', 'mg') to a nutrient key."""
        wanted = _key(word)
        for key, spec in self.nutrients.items():
            names = {_key(key), _key(_stem(key)), *(_key(a) for a in spec.aliases)}
            if spec.name:
                names.add(_key(spec.name))
            if wanted in names:
                return key
        choices = sorted(self.nutrients)
        close = difflib.get_close_matches(wanted, [_stem(c) for c in choices], n=3, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown nutrient {word!r}{hint} (known: {', '.join(choices)})")

    def for_person(
        self, person: Person | None, suspects: Iterable[str] = (), *, plant_based: bool = False
    ) -> Targets:
        """Resolve min/max for ``person``, aiming suspected nutrients higher.

        ``plant_based`` (a vegetarian or vegan diet) applies each nutrient's
        ``plant_diet_factor`` (iron: 1.8 x the RDA, DRI report).
        """
        keys = [self.resolve_nutrient(s) for s in suspects]
        if isinstance(self.doc, DriDoc):
            if person is None:
                raise UsageError("the DRI targets need a person: give --sex and --age")
            group = self._group(person)
            rows: dict[str, dict[str, Any]] = {}
            for key, spec in self.doc.nutrients.items():
                rows[key] = _dri_row(key, spec, spec.values[group])
                _plant_factor(rows[key], spec, plant_based)
                ul = spec.values[group].ul
                if spec.ul_scope not in ("food", "supplements") and ul is not None:
                    rows[spec.ul_scope] = _ul_row(key, spec, ul)
            shares = self._dri_shares(group)
            limits = self._energy_limits(person.age)
            shares = pd.concat([shares, limits[0]]) if len(limits[0]) else shares
            rows.update(limits[1])
            notes: tuple[str, ...] = ()
        else:
            group = None
            rows = {k: _dri_row(k, n, n) for k, n in self.doc.nutrients.items()}
            shares = self._flat_shares()
            notes = (
                ("the targets file gives one person's targets; --sex/--age are not used",)
                if person is not None
                else ()
            )
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "nutrient"
        focus = self.doc.focus if isinstance(self.doc, DriDoc) else []
        frame["focus"] = frame.index.isin(focus)
        frame["suspected"] = frame.index.isin(keys)
        frame["base_min"] = frame["min"]
        for key in keys:
            frame.loc[key, "min"] = _aim(frame.loc[key])
        return Targets(frame=frame, shares=shares, group=group, form=self.form, notes=notes)

    def _group(self, person: Person) -> str:
        assert isinstance(self.doc, DriDoc)
        for gid, g in self.doc.groups.items():
            if (
                g.sex in (person.sex, "any")
                and g.stage == person.stage
                and g.age_min <= person.age <= g.age_max
            ):
                return gid
        ages = [
            (g.age_min, g.age_max)
            for g in self.doc.groups.values()
            if g.stage == person.stage and g.sex in (person.sex, "any")
        ]
        span = (
            f" (covered ages: {min(a for a, _ in ages)}-{max(b for _, b in ages)})" if ages else ""
        )
        who = f"{person.sex}, {person.stage}" if person.stage != "none" else person.sex
        raise UsageError(f"no life-stage group in {self.source} for {who} aged {person.age}{span}")

    def _energy_limits(self, age: int) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
        """Chronic-disease limits for this age: shares of energy, and grams (none under 2)."""
        assert isinstance(self.doc, DriDoc)
        spec = self.doc.energy_limits
        shares: dict[str, dict[str, float]] = {}
        grams: dict[str, dict[str, Any]] = {}
        for rule in spec.rules if spec is not None else []:
            if not rule.age_min <= age <= rule.age_max:
                continue
            if rule.max_pct is not None and spec is not None:
                kcal = spec.kcal_per_g[rule.nutrient]
                shares[rule.nutrient] = {
                    "kcal_per_g": kcal,
                    "min_pct": float("nan"),
                    "max_pct": rule.max_pct,
                }
            else:
                grams[rule.nutrient] = _limit_row(rule.nutrient, rule.max_g, rule.reason)
        frame = pd.DataFrame.from_dict(
            shares, orient="index", columns=["kcal_per_g", "min_pct", "max_pct"]
        )
        frame.index.name = "nutrient"
        return frame, grams

    def _dri_shares(self, group: str) -> pd.DataFrame:
        assert isinstance(self.doc, DriDoc)
        spec = self.doc.energy_shares
        if spec is None:
            return _shares_frame({}, {})
        return _shares_frame(spec.kcal_per_g, spec.values.get(group, {}))

    def _flat_shares(self) -> pd.DataFrame:
        assert isinstance(self.doc, FlatDoc)
        spec = self.doc.energy_shares
        if spec is None:
            return _shares_frame({}, {})
        return _shares_frame(spec.kcal_per_g, spec.shares)


def load_targets(path: str | Path | None = None) -> TargetTable:
    """Read and check a targets YAML (the bundled DRI table when ``path`` is None)."""
    path = path_or_none(path, "targets")
    file = Path(path) if path is not None else bundled_path("targets.yaml")
    label = file.name if path is None else str(path)
    return load_cached(file, _load_targets, label)


def _load_targets(file: Path, label: str) -> TargetTable:
    return TargetTable(source=label, doc=read_doc(file, label))


def _dri_row(key: str, spec: NutrientSpec | FlatNutrientSpec, v: ValueSpec) -> dict[str, Any]:
    reference = first_given(v.rda, v.ai)
    scope = spec.ul_scope if isinstance(spec, NutrientSpec) else "food"
    applies = scope == "food"
    limits = {"UL": v.ul if applies else None, "CDRR": v.cdrr, "max": v.max}
    given = {k: x for k, x in limits.items() if x is not None}
    limit_kind = min(given, key=lambda k: given[k]) if given else None
    ul_note = None
    unit = _display_unit(spec.unit or _unit(key))
    if v.ul is not None and scope == "supplements":
        ul_note = (
            f"{spec.name or key}: the UL of {v.ul:g} {unit} covers supplements, fortificants "
            "and medicines, not food, so it does not cap this plan"
        )
    elif v.ul is not None and not applies and isinstance(spec, NutrientSpec):
        ul_note = (
            f"{spec.name or key}: the UL of {v.ul:g} {unit} limits "
            f"{(spec.ul_label or scope).lower()} only, which the plan keeps under it"
        )
    return {
        "name": spec.name or key,
        "unit": _display_unit(spec.unit or _unit(key)),
        "min": first_given(v.rda, v.ai, v.min),
        "max": given[limit_kind] if limit_kind else None,
        "reference": reference,
        "reference_kind": "RDA" if v.rda is not None else "AI" if v.ai is not None else None,
        "limit_kind": limit_kind,
        "ul": v.ul,
        "ul_note": ul_note,
        "source": spec.source,
        "limit_scope": scope if v.ul is not None else ("food" if limit_kind else None),
        "soft": bool(getattr(spec, "soft", False)),
    }


def _ul_row(key: str, spec: NutrientSpec, ul: float) -> dict[str, Any]:
    """The row of a column another nutrient's UL caps (retinol for vitamin A)."""
    return {
        "name": spec.ul_label or spec.ul_scope,
        "unit": _display_unit(spec.unit or _unit(key)),
        "min": None,
        "max": ul,
        "reference": None,
        "reference_kind": None,
        "limit_kind": "UL",
        "ul": ul,
        "ul_note": None,
        "source": spec.source,
        "limit_scope": "food",
        "soft": False,
    }


def _limit_row(key: str, most: float | None, reason: str | None) -> dict[str, Any]:
    """A chronic-disease limit in grams (added sugars: none under age 2)."""
    return {
        "name": key.rpartition("_")[0].replace("_", " ").capitalize(),
        "unit": _display_unit(_unit(key)),
        "min": None,
        "max": most,
        "reference": None,
        "reference_kind": None,
        "limit_kind": "DGA",
        "ul": None,
        "ul_note": reason,
        "source": "Dietary Guidelines for Americans 2020-2025",
        "limit_scope": "food",
        "soft": False,
    }


def _plant_factor(row: dict[str, Any], spec: NutrientSpec, plant_based: bool) -> None:
    """A vegetarian or vegan diet's higher requirement (kept under the UL that caps food)."""
    factor = spec.plant_diet_factor
    if not (plant_based and factor and row["min"] is not None):
        return
    need = float(row["min"]) * factor
    capped = row["max"] is not None and need > PLANT_LIMIT_SHARE * float(row["max"])
    if capped:  # pregnancy: 1.8 x 27 mg iron is above the 45 mg UL; leave the day some room
        need = PLANT_LIMIT_SHARE * float(row["max"])
    row["min"] = row["reference"] = need
    row["reference_kind"] = f"{row['reference_kind']} x {factor:g}"
    if capped:
        row["ul_note"] = (
            f"{row['name']}: a vegetarian or vegan diet needs {factor:g} x the RDA, which is "
            f"above the UL here; the plan aims at {need:g} {row['unit']}, "
            f"{100 * PLANT_LIMIT_SHARE:.0f} % of the UL - ask a doctor about iron in pregnancy"
        )


def _aim(row: pd.Series) -> float | None:
    """The raised minimum of a suspected nutrient."""
    low = row["min"]
    if not given(low):
        return None
    aim = float(low) * SUSPECT_AIM
    high = row["max"]
    if given(high):
        aim = min(aim, float(high) * SUSPECT_LIMIT_SHARE)
    return max(float(low), aim)


def _shares_frame(
    kcal: Mapping[str, float], shares: Mapping[str, tuple[float, float]]
) -> pd.DataFrame:
    rows = {
        m: {"kcal_per_g": kcal[m], "min_pct": lo, "max_pct": hi} for m, (lo, hi) in shares.items()
    }
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["kcal_per_g", "min_pct", "max_pct"]
    )
    frame.index.name = "nutrient"
    return frame


_UNITS = {"mg": "mg", "ug": "µg", "g": "g", "kcal": "kcal", "iu": "IU"}


def _stem(key: str) -> str:
    head, _, tail = key.rpartition("_")
    return head if head and tail.lower() in _UNITS else key


def _unit(key: str) -> str:
    tail = key.rpartition("_")[2].lower()
    return _UNITS.get(tail, "")


def _display_unit(unit: str) -> str:
    return "µg" if unit == "ug" else unit


def _key(word: str) -> str:
    return word.strip().lower().replace("-", "_").replace(" ", "_")
