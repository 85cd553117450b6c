"""Your day, measured: a usual day's nutrients against the person's targets, its food groups
against the Dietary Guidelines pattern, and its Healthy Eating Index, without any solve.

This is the first view of every diet tracker (what I eat now against my targets), and the
"before" a plan's "after" is read against. Each nutrient says how much, what share of the
target (the RDA or AI), whether it is under the target or over the upper limit, and which foods
supply most of it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mealfix.explain.hei import HeiScore
from mealfix.explain.hei_day import day_hei
from mealfix.explain.reasons import (
    group_rows,
    measures,
    number_or_none,
    target_of,
    text_or_none,
)
from mealfix.explain.records import FoodGroupAmount, FoodPortion
from mealfix.explain.views import usual_view
from mealfix.inputs.targets import Targets
from mealfix.model.case import Case
from mealfix.model.pattern import pattern_rows
from mealfix.model.rules import ENERGY

#: Foods named as a nutrient's main sources.
TOP_SOURCES = 3
AI_NOTE = (
    "An AI (Adequate Intake) is set where an RDA cannot be: a day below it is not shown to be "
    "too little, only not shown to be enough."
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Source(_Frozen):
    """A food of the day and its share of the day's amount of one nutrient."""

    id: str
    name: str
    amount: float
    pct_of_day: float


class DayNutrient(_Frozen):
    """The day's amount of one nutrient against the person's target and upper limit."""

    #: The food table's column, for programs; people read ``name`` and ``unit``.
    key: str
    name: str
    unit: str
    amount: float
    #: The target a share is measured against: the RDA or AI (energy: the need).
    target: float | None = None
    target_kind: str | None = None
    pct_of_target: float | None = None
    #: The least and most the person's targets allow (the most: UL, CDRR, a safety cap).
    min: float | None = None
    max: float | None = None
    limit_kind: str | None = None
    #: ``under`` the minimum, ``over`` the maximum, or None.
    flag: Literal["under", "over"] | None = None
    #: The foods supplying most of it, largest first.
    sources: tuple[Source, ...] = ()
    #: Foods of the day with no value for it in the table (counted as 0).
    unknown_in: tuple[str, ...] = ()

    @property
    def flag_words(self) -> str:
        """The flag as a person reads it: 'under RDA', 'over UL', 'under min', or ''."""
        if self.flag is None:
            return ""
        if self.key == ENERGY:  # a range, not a minimum
            return f"{self.flag} range"
        kind = self.target_kind if self.flag == "under" else self.limit_kind
        known = ("RDA", "AI") if self.flag == "under" else ("UL", "CDRR")
        return f"{self.flag} {kind if kind in known else 'min' if self.flag == 'under' else 'max'}"

    @property
    def mainly_from(self) -> str:
        """The main sources in words: 'White bread 70 %, Milk 30 %'."""
        return ", ".join(f"{s.name} {s.pct_of_day:.0f} %" for s in self.sources)


class DayScore(_Frozen):
    """A usual day measured: each nutrient against the targets, food groups, HEI."""

    person: dict[str, Any] | None = None
    group: str | None = None
    diet: str = "omnivore"
    food_items: tuple[FoodPortion, ...] = Field(alias="foods")
    nutrient_rows: tuple[DayNutrient, ...] = Field(alias="nutrients")
    food_groups: tuple[FoodGroupAmount, ...] = ()
    pattern: str | None = None
    hei: HeiScore | None = None
    notes: tuple[str, ...] = ()
    disclaimer: str = ""

    @property
    def nutrients(self) -> pd.DataFrame:
        """One row per nutrient, by its name: amount, unit, target, % of target, flag, the
        limits and the main sources (one string); ``key`` is the food table's column."""
        rows = [
            {
                **n.model_dump(exclude={"sources", "unknown_in"}),
                "mainly_from": n.mainly_from,
            }
            for n in self.nutrient_rows
        ]
        columns = [*DayNutrient.model_fields, "mainly_from"]
        columns = [c for c in columns if c not in ("sources", "unknown_in", "name")]
        frame = pd.DataFrame(rows, columns=["name", *columns])
        return frame.set_index("name")

    @property
    def foods(self) -> pd.DataFrame:
        """The day's foods, by id: name, grams, household measure, typical portion."""
        rows = [f.model_dump() for f in self.food_items]
        return pd.DataFrame(rows, columns=list(FoodPortion.model_fields)).set_index("id")

    def groups_frame(self) -> pd.DataFrame:
        """The food groups against the pattern: amount, unit, pattern amount, % of it."""
        rows = [g.model_dump() for g in self.food_groups]
        return pd.DataFrame(rows, columns=list(FoodGroupAmount.model_fields)).set_index("group")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def _repr_html_(self) -> str:
        """Notebook view: nutrients against targets, food groups, HEI."""
        return usual_view(self)

    @property
    def targeted(self) -> bool:
        """Whether the day was measured against targets (not only amounts: no person)."""
        return any(n.target is not None or n.max is not None for n in self.nutrient_rows)

    def read_first(self, first: Collection[str] = ()) -> list[DayNutrient]:
        """The rows beside a plan: those under the target or over the limit, and the
        nutrients (by key) in ``first``."""
        return [n for n in self.nutrient_rows if n.flag or n.key in first]

    def summary(self) -> str:
        """One line: how many nutrients are under the target or over the limit, and the HEI."""
        targeted = [n for n in self.nutrient_rows if n.target is not None or n.max is not None]
        flagged = [n for n in targeted if n.flag]
        hei = (
            f" Healthy Eating Index ({self.hei.version}): {self.hei.total:.1f} of 100."
            if self.hei
            else ""
        )
        foods = f"{len(self.food_items)} food{'' if len(self.food_items) == 1 else 's'}"
        if not targeted:
            return f"{foods}.{hei}"
        return (
            f"{foods}; {len(flagged)} of {len(targeted)} nutrients under the target or over "
            f"the upper limit.{hei}"
        )

    def __str__(self) -> str:
        return f"DayScore: {self.summary()}"

    __repr__ = __str__


def measure_case(case: Case, age: int | None = None) -> DayScore:
    """The case's usual day (``--current``) against its targets and pattern (``age``: for the
    HEI when the case has no person, as with a targets file of one's own)."""
    assert case.current is not None
    grams = case.current
    pattern = None
    groups: list[FoodGroupAmount] = []
    if case.pattern is not None:
        pool = case.wider if case.wider is not None else case.pool
        low, high = case.request.pattern_range
        rows = pattern_rows(
            pool.index.union(grams.index), case.pattern, steer=False, low=low, high=high
        )
        groups = group_rows(rows, grams)
        pattern = f"DGA {case.pattern.name.replace('_', ' ')} pattern, {case.pattern.level} kcal"
    if case.person is not None:
        age = case.person.age
    hei = day_hei(case.foods, grams, age or 0)
    return measure(
        case.foods,
        grams,
        case.targets.unboosted(),  # a suspected nutrient's higher aim is the plan's, not a need
        person=case.person.model_dump() if case.person is not None else None,
        diet=case.diet,
        groups=groups,
        pattern=pattern,
        hei=hei,
        disclaimer=case.info.disclaimer,
    )


def measure(
    foods: pd.DataFrame,
    grams: pd.Series,
    targets: Targets | Mapping[str, tuple[str, str]],
    groups: list[FoodGroupAmount] | None = None,
    **rest: Any,
) -> DayScore:
    """A day of ``grams`` measured against ``targets`` (or, with no person, a mapping of each
    nutrient to its name and unit: amounts without targets); ``groups``: its food groups
    against the pattern; ``rest``: the other fields of :class:`DayScore`."""
    used = grams[grams > 0]
    frame = targets.frame if isinstance(targets, Targets) else _untargeted(targets)
    keys = [k for k in frame.index if k in foods.columns]
    per_food = foods.loc[used.index, keys].astype(float).mul(used / 100.0, axis=0)
    rows = [_nutrient(key, frame.loc[key], per_food[key], foods, targets) for key in keys]
    notes = [
        f"{n.name}: no value in the table for {', '.join(n.unknown_in)} (counted as 0)"
        for n in rows
        if n.unknown_in
    ]
    if any(n.flag == "under" and n.target_kind == "AI" for n in rows):
        notes.append(AI_NOTE)
    if not isinstance(targets, Targets):
        notes.append("give --sex and --age to see these against your targets")
    if rest.get("hei") is None:
        notes.append(
            "no Healthy Eating Index: it needs every food's food-group equivalents "
            "(data/food_groups.csv) and the fat, sodium and added-sugar columns, and an age"
        )
    return DayScore(
        foods=tuple(_food(str(f), float(g), foods.loc[f]) for f, g in used.items()),
        nutrients=tuple(rows),
        group=targets.group if isinstance(targets, Targets) else None,
        notes=tuple(notes),
        food_groups=tuple(groups or ()),
        **rest,
    )


def _untargeted(names: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"name": n, "unit": u} for n, u in names.values()], index=list(names)
    ).reindex(columns=["name", "unit", "min", "max", "reference", "reference_kind", "limit_kind"])


def _nutrient(
    key: str,
    spec: pd.Series,
    per_food: pd.Series,
    foods: pd.DataFrame,
    targets: Targets | Mapping[str, tuple[str, str]],
) -> DayNutrient:
    amount = float(per_food.fillna(0.0).sum())
    unknown = tuple(str(foods.at[f, "name"]) for f in per_food.index[per_food.isna()])
    target = target_of(targets, key) if isinstance(targets, Targets) else None
    low, high = number_or_none(spec["min"]), number_or_none(spec["max"])
    flag: Literal["under", "over"] | None = None
    if low is not None and amount < low * (1 - 1e-9):
        flag = "under"
    elif high is not None and amount > high * (1 + 1e-9):
        flag = "over"
    ranked = per_food.fillna(0.0).sort_values(ascending=False, kind="stable")
    sources = tuple(
        Source(
            id=str(f),
            name=str(foods.at[f, "name"]),
            amount=round(float(v), 6),
            pct_of_day=round(100 * float(v) / amount, 1),
        )
        for f, v in ranked.items()
        if v > 0 and amount > 0
    )[:TOP_SOURCES]
    return DayNutrient(
        key=key,
        name=str(spec["name"]),
        unit=str(spec["unit"]),
        amount=round(amount, 6),
        target=target,
        target_kind=text_or_none(spec["reference_kind"]) if target is not None else None,
        pct_of_target=round(100 * amount / target, 1) if target else None,
        min=low,
        max=high,
        limit_kind=text_or_none(spec["limit_kind"]),
        flag=flag,
        sources=sources,
        unknown_in=unknown,
    )


def _food(food_id: str, grams: float, row: pd.Series) -> FoodPortion:
    said, portion = measures(row, grams)
    name, amount = str(row["name"]), round(grams, 1)
    return FoodPortion(id=food_id, name=name, grams=amount, household=said, portion=portion)
