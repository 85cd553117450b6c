"""The targets file as written: its two forms (a DRI table of life-stage groups, or one
person's flat targets), read strictly and checked, each problem named by file and key."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mealfix.errors import DataError
from mealfix.inputs.files import parse_yaml
from mealfix.inputs.person import Stage


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class GroupSpec(_Strict):
    sex: Literal["female", "male", "any"]
    stage: Stage = "none"
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)


class ValueSpec(_Strict):
    #: Numbers only (``min: yes`` is not 1), finite and of a sane size.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)

    rda: float | None = Field(default=None, ge=0, le=1e8)
    ai: float | None = Field(default=None, ge=0, le=1e8)
    ul: float | None = Field(default=None, ge=0, le=1e8)
    cdrr: float | None = Field(default=None, ge=0, le=1e8)
    min: float | None = Field(default=None, ge=0, le=1e8)
    max: float | None = Field(default=None, ge=0, le=1e8)

    @model_validator(mode="after")
    def _one_reference(self) -> ValueSpec:
        given = [k for k in ("rda", "ai", "min") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of rda, ai, min (got {', '.join(given)})")
        low = self.rda if self.rda is not None else self.ai if self.ai is not None else self.min
        for key in ("cdrr", "max"):  # a UL may sit below the RDA when it covers supplements only
            high = getattr(self, key)
            if low is not None and high is not None and high < low:
                raise ValueError(f"{key} {high:g} is below the minimum {low:g}")
        return self


class NutrientSpec(_Strict):
    name: str | None = None
    unit: str | None = None
    aliases: list[str] = []
    source: str | None = None
    note: str | None = None
    #: What the UL caps: ``food`` (the day's total), ``supplements`` (not food), or another
    #: column (vitamin A's UL caps preformed vitamin A, ``retinol_ug``).
    ul_applies_to: str = "food"
    #: The older form of ``ul_applies_to: supplements`` (false), still read.
    ul_applies_to_food: bool | None = None
    ul_label: str | None = None
    #: Vegetarian and vegan diets need this many times the RDA (iron: 1.8, DRI report).
    plant_diet_factor: float | None = Field(default=None, gt=0)
    #: An AI-only target whose shortfall is priced and reported, not forbidden.
    soft: bool = False
    values: dict[str, ValueSpec]

    @property
    def ul_scope(self) -> str:
        if self.ul_applies_to_food is False:
            return "supplements"
        return self.ul_applies_to


class SharesSpec(_Strict):
    source: str | None = None
    kcal_per_g: dict[str, float]
    values: dict[str, dict[str, tuple[float, float]]]


class EnergyLimitRule(_Strict):
    """A chronic-disease limit for an age span: a share of energy, or grams."""

    nutrient: str
    max_pct: float | None = Field(default=None, ge=0, le=100)
    max_g: float | None = Field(default=None, ge=0)
    age_min: int = Field(default=0, ge=0)
    age_max: int = Field(default=200, ge=0)
    reason: str | None = None

    @model_validator(mode="after")
    def _one_limit(self) -> EnergyLimitRule:
        if (self.max_pct is None) == (self.max_g is None):
            raise ValueError("give exactly one of max_pct, max_g")
        return self


class EnergyLimitsSpec(_Strict):
    source: str | None = None
    kcal_per_g: dict[str, float] = {}
    rules: list[EnergyLimitRule]


class DriDoc(_Strict):
    schema_: str | None = Field(default=None, alias="schema")
    #: The nutrients the plan is about first (the seed's six), shown and explained first.
    focus: list[str] = []
    #: Nutrients shown before the focus ones when a food's "main" nutrients are listed.
    shown_first: list[str] = []
    groups: dict[str, GroupSpec]
    nutrients: dict[str, NutrientSpec]
    energy_shares: SharesSpec | None = None
    energy_limits: EnergyLimitsSpec | None = None


class FlatNutrientSpec(ValueSpec):
    name: str | None = None
    unit: str | None = None
    aliases: list[str] = []
    source: str | None = None


class FlatSharesSpec(_Strict):
    source: str | None = None
    kcal_per_g: dict[str, float]
    shares: dict[str, tuple[float, float]]


class FlatDoc(_Strict):
    schema_: str | None = Field(default=None, alias="schema")
    nutrients: dict[str, FlatNutrientSpec]
    energy_shares: FlatSharesSpec | None = None


def read_doc(file: Path, label: str) -> DriDoc | FlatDoc:
    """The parsed and checked document of a targets file."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(label, "no such file") from None
    except IsADirectoryError:
        raise DataError(label, "is a folder, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise DataError(label, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(label, f"is not valid YAML: {problem}", where) from None
    if not isinstance(data, dict):
        raise DataError(label, "must be a YAML mapping with a 'nutrients' key")
    if "nutrients" not in data:
        raise DataError(label, "has no 'nutrients' key")
    model: type[DriDoc] | type[FlatDoc] = DriDoc if "groups" in data else FlatDoc
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        raise DataError(label, _pydantic_message(first), where) from None
    if not doc.nutrients:
        raise DataError(label, "names no nutrients", "nutrients")
    if isinstance(doc, DriDoc):
        _check_dri(doc, label)
    else:
        _check_flat(doc, label)
    return doc


def _check_dri(doc: DriDoc, label: str) -> None:
    for gid, g in doc.groups.items():
        if g.age_min > g.age_max:
            raise DataError(label, f"age_min {g.age_min} > age_max {g.age_max}", f"groups.{gid}")
    for key, n in doc.nutrients.items():
        for gid in doc.groups:
            if gid not in n.values:
                raise DataError(label, f"no value for group {gid!r}", f"nutrients.{key}.values")
        for gid, v in n.values.items():
            where = f"nutrients.{key}.values.{gid}"
            if gid not in doc.groups:
                raise DataError(label, f"unknown group {gid!r}", where)
            _check_value(v, label, where, ul_applies=n.ul_scope == "food")
        if n.ul_scope not in ("food", "supplements") and n.ul_scope == key:
            raise DataError(label, "ul_applies_to names the nutrient itself", f"nutrients.{key}")
    if doc.energy_limits is not None:
        for number, rule in enumerate(doc.energy_limits.rules):
            where = f"energy_limits.rules.{number}"
            if rule.max_pct is not None and rule.nutrient not in doc.energy_limits.kcal_per_g:
                raise DataError(label, f"no kcal_per_g for {rule.nutrient!r}", where)
            if rule.age_min > rule.age_max:
                raise DataError(label, f"age_min {rule.age_min} > age_max {rule.age_max}", where)
    for where, keys in (("focus", doc.focus), ("shown_first", doc.shown_first)):
        for key in keys:
            if key not in doc.nutrients:
                raise DataError(label, f"{where} names {key!r}, which is not a nutrient", where)
    if doc.energy_shares is not None:
        for gid, shares in doc.energy_shares.values.items():
            where = f"energy_shares.values.{gid}"
            if gid not in doc.groups:
                raise DataError(label, f"unknown group {gid!r}", where)
            _check_shares(shares, doc.energy_shares.kcal_per_g, label, where)


def _check_flat(doc: FlatDoc, label: str) -> None:
    for key, n in doc.nutrients.items():
        where = f"nutrients.{key}"
        _check_value(n, label, where)
        if n.rda is None and n.ai is None and n.min is None and n.max is None:
            raise DataError(label, "gives neither a min nor a max", where)
    if doc.energy_shares is not None:
        spec = doc.energy_shares
        _check_shares(spec.shares, spec.kcal_per_g, label, "energy_shares.shares")


def _check_value(v: ValueSpec, label: str, where: str, *, ul_applies: bool = True) -> None:
    low = first_given(v.rda, v.ai, v.min)
    high = _lowest(v.ul if ul_applies else None, v.cdrr, v.max)
    if low is not None and high is not None and low > high:
        raise DataError(label, f"minimum {low:g} is above maximum {high:g}", where)


def _check_shares(
    shares: Mapping[str, tuple[float, float]], kcal: Mapping[str, float], label: str, where: str
) -> None:
    for macro, (lo, hi) in shares.items():
        if macro not in kcal:
            raise DataError(label, f"no kcal_per_g for {macro!r}", where)
        if not 0 <= lo <= hi <= 100:
            raise DataError(
                label, f"{macro}: share range {lo:g}-{hi:g} % is not within 0-100", where
            )


def _pydantic_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def first_given(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def _lowest(*values: float | None) -> float | None:
    given = [v for v in values if v is not None]
    return min(given) if given else None
