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
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mealfix.errors import DataError, UsageError
from mealfix.inputs.files import bundled_path, load_cached, parse_yaml
from mealfix.inputs.person import Person, Stage

#: A suspected nutrient is aimed this far above its RDA/AI (never past 90 % of its upper limit).
SUSPECT_AIM = 1.25
SUSPECT_LIMIT_SHARE = 0.9


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Group(_Strict):
    sex: Literal["female", "male", "any"]
    stage: Stage = "none"
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)


class _Value(_Strict):
    rda: float | None = Field(default=None, ge=0)
    ai: float | None = Field(default=None, ge=0)
    ul: float | None = Field(default=None, ge=0)
    cdrr: float | None = Field(default=None, ge=0)
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_reference(self) -> _Value:
        given = [k for k in ("rda", "ai", "min") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of rda, ai, min (got {', '.join(given)})")
        low = self.rda if self.rda is not None else self.ai if self.ai is not None else self.min
        for key in ("cdrr", "max"):  # a UL may sit below the RDA when it covers supplements only
            high = getattr(self, key)
            if low is not None and high is not None and high < low:
                raise ValueError(f"{key} {high:g} is below the minimum {low:g}")
        return self


class _Nutrient(_Strict):
    name: str | None = None
    unit: str | None = None
    aliases: list[str] = []
    source: str | None = None
    note: str | None = None
    ul_applies_to_food: bool = True
    values: dict[str, _Value]


class _Shares(_Strict):
    source: str | None = None
    kcal_per_g: dict[str, float]
    values: dict[str, dict[str, tuple[float, float]]]


class _DriDoc(_Strict):
    schema_: str | None = Field(default=None, alias="schema")
    groups: dict[str, _Group]
    nutrients: dict[str, _Nutrient]
    energy_shares: _Shares | None = None


class _FlatNutrient(_Value):
    name: str | None = None
    unit: str | None = None
    aliases: list[str] = []
    source: str | None = None


class _FlatShares(_Strict):
    source: str | None = None
    kcal_per_g: dict[str, float]
    shares: dict[str, tuple[float, float]]


class _FlatDoc(_Strict):
    schema_: str | None = Field(default=None, alias="schema")
    nutrients: dict[str, _FlatNutrient]
    energy_shares: _FlatShares | None = None


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
    doc: _DriDoc | _FlatDoc

    @property
    def form(self) -> Literal["dri", "flat"]:
        return "dri" if isinstance(self.doc, _DriDoc) else "flat"

    @property
    def nutrients(self) -> Mapping[str, _Nutrient | _FlatNutrient]:
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

    def for_person(self, person: Person | None, suspects: Iterable[str] = ()) -> Targets:
        """Resolve min/max for ``person``, aiming suspected nutrients higher."""
        keys = [self.resolve_nutrient(s) for s in suspects]
        if isinstance(self.doc, _DriDoc):
            if person is None:
                raise UsageError("the DRI targets need a person: give --sex and --age")
            group = self._group(person)
            rows = {k: _dri_row(k, n, n.values[group]) for k, n in self.doc.nutrients.items()}
            shares = self._dri_shares(group)
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
        frame["suspected"] = frame.index.isin(keys)
        frame["base_min"] = frame["min"]
        for key in keys:
            frame.loc[key, "min"] = _aim(frame.loc[key])
        return Targets(frame=frame, shares=shares, group=group, form=self.form, notes=notes)

    def _group(self, person: Person) -> str:
        assert isinstance(self.doc, _DriDoc)
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

    def _dri_shares(self, group: str) -> pd.DataFrame:
        assert isinstance(self.doc, _DriDoc)
        spec = self.doc.energy_shares
        if spec is None:
            return _shares_frame({}, {})
        return _shares_frame(spec.kcal_per_g, spec.values.get(group, {}))

    def _flat_shares(self) -> pd.DataFrame:
        assert isinstance(self.doc, _FlatDoc)
        spec = self.doc.energy_shares
        if spec is None:
            return _shares_frame({}, {})
        return _shares_frame(spec.kcal_per_g, spec.shares)


def load_targets(path: str | Path | None = None) -> TargetTable:
    """Read and check a targets YAML (the bundled DRI table when ``path`` is None)."""
    file = Path(path) if path is not None else bundled_path("targets.yaml")
    label = file.name if path is None else str(path)
    return load_cached(file, _load_targets, label)


def _load_targets(file: Path, label: str) -> TargetTable:
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
    model: type[_DriDoc] | type[_FlatDoc] = _DriDoc if "groups" in data else _FlatDoc
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        raise DataError(label, _pydantic_message(first), where) from None
    if not doc.nutrients:
        raise DataError(label, "names no nutrients", "nutrients")
    if isinstance(doc, _DriDoc):
        _check_dri(doc, label)
    else:
        _check_flat(doc, label)
    return TargetTable(source=label, doc=doc)


def _check_dri(doc: _DriDoc, label: str) -> None:
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
            _check_value(v, label, where, ul_applies=n.ul_applies_to_food)
    if doc.energy_shares is not None:
        for gid, shares in doc.energy_shares.values.items():
            where = f"energy_shares.values.{gid}"
            if gid not in doc.groups:
                raise DataError(label, f"unknown group {gid!r}", where)
            _check_shares(shares, doc.energy_shares.kcal_per_g, label, where)


def _check_flat(doc: _FlatDoc, label: str) -> None:
    for key, n in doc.nutrients.items():
        where = f"nutrients.{key}"
        _check_value(n, label, where)
        if n.rda is None and n.ai is None and n.min is None and n.max is None:
            raise DataError(label, "gives neither a min nor a max", where)
    if doc.energy_shares is not None:
        spec = doc.energy_shares
        _check_shares(spec.shares, spec.kcal_per_g, label, "energy_shares.shares")


def _check_value(v: _Value, label: str, where: str, *, ul_applies: bool = True) -> None:
    low = _first(v.rda, v.ai, v.min)
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


def _dri_row(key: str, spec: _Nutrient | _FlatNutrient, v: _Value) -> dict[str, Any]:
    reference = _first(v.rda, v.ai)
    applies = getattr(spec, "ul_applies_to_food", True)
    limits = {"UL": v.ul if applies else None, "CDRR": v.cdrr, "max": v.max}
    given = {k: x for k, x in limits.items() if x is not None}
    limit_kind = min(given, key=lambda k: given[k]) if given else None
    ul_note = None
    if v.ul is not None and not applies:
        ul_note = (
            f"{spec.name or key}: the UL of {v.ul:g} {_display_unit(spec.unit or _unit(key))} "
            "covers supplements and medicines, not food, so it does not cap this plan"
        )
    return {
        "name": spec.name or key,
        "unit": _display_unit(spec.unit or _unit(key)),
        "min": _first(v.rda, v.ai, v.min),
        "max": given[limit_kind] if limit_kind else None,
        "reference": reference,
        "reference_kind": "RDA" if v.rda is not None else "AI" if v.ai is not None else None,
        "limit_kind": limit_kind,
        "ul": v.ul,
        "ul_note": ul_note,
        "source": spec.source,
    }


def _aim(row: pd.Series) -> float | None:
    """The raised minimum of a suspected nutrient."""
    low = row["min"]
    if low is None or pd.isna(low):
        return None
    aim = float(low) * SUSPECT_AIM
    high = row["max"]
    if high is not None and not pd.isna(high):
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


def _pydantic_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def _lowest(*values: float | None) -> float | None:
    given = [v for v in values if v is not None]
    return min(given) if given else None


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
