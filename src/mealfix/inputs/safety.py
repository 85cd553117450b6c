"""Life-stage food safety: foods advised against for a life stage stay out of the plan (or out
of the optimiser's choice, unless ``--include``d), caffeine and milk stay under their caps, a
minimum may become a priced shortfall and a column may carry a small price (cholesterol). The
rules are data (``data/safety.yaml``), each with its source; ``--allow RULE`` lifts one by
name, and the plan says so."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mealfix.errors import UsageError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml, validated
from mealfix.inputs.person import Person, Stage

TAGS_COLUMN = "tags"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applies(_Strict):
    """Who a rule is for: all given keys must match (ages in whole years, inclusive)."""

    stages: list[Stage] | None = None
    age_min: int | None = Field(default=None, ge=0)
    age_max: int | None = Field(default=None, ge=0)

    def matches(self, person: Person) -> bool:
        return (
            (self.stages is None or person.stage in self.stages)
            and (self.age_min is None or person.age >= self.age_min)
            and (self.age_max is None or person.age <= self.age_max)
        )


class SafetyRule(_Strict):
    """Foods left out (by tag) and amounts capped (by column) for one life stage."""

    applies: Applies
    exclude_tags: list[str] = []
    #: The tagged foods stay out of the optimiser's choice, but ``--include`` may name one.
    unless_included: bool = False
    #: The rule is off when one of these nutrients is suspected (``--suspect``, symptoms).
    unless_suspected: list[str] = []
    max: dict[str, float] = {}
    #: Most grams a day of all foods carrying the tag together (milks under 4).
    max_tagged: dict[str, float] = {}
    #: These targets' minimums become soft: a shortfall is priced and reported, not chased.
    soft_min: list[str] = []
    #: Objective units (a portion, a US dollar) per unit of the column: kept as low as the
    #: other targets allow; the column is shown in the plan.
    price: dict[str, float] = {}
    reason: str
    source: str


class _SafetyDoc(_Strict):
    schema_: str | None = Field(default=None, alias="schema")
    rules: dict[str, SafetyRule]


class AppliedRule(BaseModel):
    """A safety rule as a plan states it: applied, or lifted on request (with a warning)."""

    model_config = ConfigDict(frozen=True)

    name: str
    reason: str
    source: str
    lifted: bool = False
    foods_left_out: int = 0


@dataclass(frozen=True)
class SafetyTable:
    """The parsed safety rules."""

    source: str
    rules: dict[str, SafetyRule]

    def for_person(
        self, person: Person | None, allow: Iterable[str] = (), suspects: Iterable[str] = ()
    ) -> dict[str, bool]:
        """The rules that apply to ``person``, each with whether it is lifted by ``allow``;
        a rule with ``unless_suspected`` is off while one of those nutrients is suspected."""
        lifted = {self.resolve(name) for name in allow}
        if person is None:
            return {}
        suspected = set(suspects)
        return {
            name: name in lifted
            for name, rule in self.rules.items()
            if rule.applies.matches(person) and not suspected & set(rule.unless_suspected)
        }

    def resolve(self, name: str) -> str:
        key = name.strip().lower().replace("-", "_")
        if key in self.rules:
            return key
        close = difflib.get_close_matches(key, list(self.rules), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(sorted(self.rules))
        raise UsageError(f"--allow {name!r}: no such safety rule{hint} (rules: {known})")


def load_safety(path: str | Path | None = None) -> SafetyTable:
    """Read and check a safety rules YAML (the bundled one when ``path`` is None)."""
    file = Path(path) if path is not None else bundled_path("safety.yaml")
    label = file.name if path is None else str(path)
    return load_cached(file, _load_safety, label)


def _load_safety(file: Path, label: str) -> SafetyTable:
    doc = validated(_SafetyDoc, read_yaml(file, label), label)
    return SafetyTable(source=label, rules=dict(doc.rules))


@dataclass(frozen=True)
class Applied:
    """What the applied rules do to a foods table."""

    #: The foods a plan may hold at all.
    foods: pd.DataFrame
    rules: list[AppliedRule]
    notes: list[str]
    #: Foods the optimiser does not choose itself (``unless_included``): only ``--include``.
    held: pd.Index


def apply_rules(foods: pd.DataFrame, table: SafetyTable, chosen: dict[str, bool]) -> Applied:
    """Leave out the foods the applied rules exclude, and hold back the ones they keep for
    ``--include`` only."""
    applied: list[AppliedRule] = []
    notes: list[str] = []
    tags = foods[TAGS_COLUMN] if TAGS_COLUMN in foods.columns else None
    keep = pd.Series(True, index=foods.index)
    held = pd.Series(False, index=foods.index)
    for name, lifted in chosen.items():
        rule = table.rules[name]
        out = 0
        if rule.exclude_tags and not lifted:
            if tags is None:
                notes.append(
                    f"safety rule {name} could not be applied: the foods table has no "
                    f"'{TAGS_COLUMN}' column; check the foods yourself ({rule.reason})"
                )
            else:
                excluded = set(rule.exclude_tags)
                hit = tags.fillna("").str.split(";").map(excluded.intersection).map(bool)
                out = int((hit & keep & ~held).sum())
                if rule.unless_included:
                    held |= hit
                else:
                    keep &= ~hit
        if lifted:
            notes.append(f"warning: safety rule {name} lifted on request (--allow): {rule.reason}")
        applied.append(
            AppliedRule(
                name=name, reason=rule.reason, source=rule.source, lifted=lifted, foods_left_out=out
            )
        )
    return Applied(foods[keep], applied, notes, foods.index[(held & keep).to_numpy()])


def caps(table: SafetyTable, chosen: dict[str, bool]) -> dict[str, tuple[float, str]]:
    """The amounts the applied rules cap: column -> (most per day, rule name); the lowest wins."""
    out: dict[str, tuple[float, str]] = {}
    for name, lifted in chosen.items():
        if lifted:
            continue
        for column, most in table.rules[name].max.items():
            if column not in out or most < out[column][0]:
                out[column] = (most, name)
    return out


def tag_caps(table: SafetyTable, chosen: dict[str, bool]) -> dict[str, float]:
    """Most grams a day of all foods carrying a tag (tag -> grams); the lowest cap wins."""
    return _merged(table, chosen, "max_tagged", min)


def soft_minimums(table: SafetyTable, chosen: dict[str, bool]) -> dict[str, str]:
    """The targets whose minimum the applied rules make soft: column -> rule name."""
    return {
        column: name
        for name, lifted in chosen.items()
        if not lifted
        for column in table.rules[name].soft_min
    }


def prices(table: SafetyTable, chosen: dict[str, bool]) -> dict[str, float]:
    """Objective units per unit of a column the applied rules price (the highest wins)."""
    return _merged(table, chosen, "price", max)


def _merged(
    table: SafetyTable,
    chosen: dict[str, bool],
    key: Literal["max_tagged", "price"],
    pick: Callable[[float, float], float],
) -> dict[str, float]:
    """One number per column from the applied (not lifted) rules' ``key``, ``pick`` of them."""
    out: dict[str, float] = {}
    for name, lifted in chosen.items():
        for column, value in ({} if lifted else getattr(table.rules[name], key)).items():
            out[column] = pick(value, out.get(column, value))
    return out
