"""Candidates x targets -> the checked pieces a day model is built from (a :class:`Setup`).

Nutrient limits are rows built from whole columns: each targeted numeric column of the food
table becomes one row per bound, so nutrients are data here, never names in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mealfix.errors import InfeasiblePlan, UsageError
from mealfix.inputs.arguments import given
from mealfix.inputs.meals import MealsDoc
from mealfix.inputs.patterns import Pattern
from mealfix.inputs.plate_days import Kin
from mealfix.inputs.safety import TAGS_COLUMN
from mealfix.inputs.targets import Targets
from mealfix.model.bind import Unknown, bind
from mealfix.model.family import PricedFamily
from mealfix.model.hei import HeiRows, hei_rows
from mealfix.model.meals import MealRows, meal_rows
from mealfix.model.pattern import DEFAULT_RANGE, PatternRows, pattern_rows
from mealfix.model.rules import (
    BUDGET_ROW,
    DEFAULT_CAP_G,
    ENERGY,
    FULL_PORTION_KCAL,
    GRAM_STEP,
    GROUP_COLUMN,
    PATTERN_TIE,
    SHARED_COLUMN,
    Objective,
    Rules,
)


@dataclass(frozen=True)
class Rows:
    """The nutrient and energy-share limits as data: coef (foods x rows, per gram) and meta.

    meta columns: nutrient, bound ('min'|'max'), kind ('nutrient'|'share'), sense ('>='|'<='),
    rhs, label.
    """

    coef: pd.DataFrame
    meta: pd.DataFrame


@dataclass(frozen=True)
class Bounds:
    """Per-food amounts: least grams when used, most grams, and servings step (NaN if none)."""

    low: pd.Series
    high: pd.Series
    step: pd.Series
    cost: pd.Series
    per_portion: pd.Series


@dataclass(frozen=True)
class Setup:
    """Everything a day model is built from, checked and aligned on the same food index."""

    foods: pd.DataFrame
    nutrients: list[str]
    rows: Rows
    bounds: Bounds
    rules: Rules
    groups: pd.Series | None
    current: pd.Series | None
    objective: Objective
    notes: tuple[str, ...]
    budget: float | None = None
    #: Each food's kind for a cap shared by all foods of that kind (None: no shared caps).
    shared: pd.Series | None = None
    #: The day's food groups against the person's pattern (None: no pattern).
    pattern: PatternRows | None = None
    #: The meals the day's foods are spread over (None: no meal rules).
    meals: MealRows | None = None
    #: The Healthy Eating Index's standards, priced in the pattern objective (None: not priced).
    hei: HeiRows | None = None
    #: Whom the day is for (a hint for the search's start, :mod:`mealfix.solve.starts`).
    kin: Kin | None = None

    @property
    def priced(self) -> tuple[PricedFamily, ...]:
        """The rule families priced in the objective (:mod:`.family`), in the model's order:
        a new one is made in :func:`prepare` and listed here."""
        return tuple(f for f in (self.pattern, self.hei) if f is not None)


def prepare(
    candidates: pd.DataFrame,
    targets: Targets,
    objective: Objective,
    rules: Rules,
    *,
    unknown: Unknown = "error",
    current: pd.Series | None = None,
    budget: float | None = None,
    context: str = "",
    pattern: Pattern | None = None,
    pattern_range: tuple[float, float] = DEFAULT_RANGE,
    meals: MealsDoc | None = None,
    hei_age: int | None = None,
) -> Setup:
    """Bind targets to the candidate foods and work out every food's bounds (and, given a
    pattern, the day's food-group rows)."""
    if candidates.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} after the diet, allergies and exclusions", [], {}
        )
    foods, nutrients, notes = bind(candidates, targets, unknown=unknown)
    rules = replace(rules, portion_scale=portion_scale(targets))
    foods, bounds, more = food_bounds(foods, rules, objective, priced=budget is not None)
    notes += more
    bounds = energy_share_cap(foods, bounds, targets, rules)
    if foods.empty:
        raise InfeasiblePlan(
            f"no foods are left{context} with known values for every target"
            + (" and a price" if objective == "cost" or budget is not None else ""),
            [],
            {},
        )
    rows = build_rows(foods, targets, nutrients)
    if budget is not None:
        rows = with_budget(rows, foods, budget)
    if SHARED_COLUMN in foods.columns and rules.shared_caps:
        rows = with_shared_caps(rows, foods[SHARED_COLUMN], rules.shared_caps, bounds.high)
    if TAGS_COLUMN in foods.columns and rules.tag_caps:
        rows = with_tag_caps(rows, foods[TAGS_COLUMN], rules.tag_caps)
    groups = group_column(foods)
    if groups is not None:
        missing = [g for g, n in rules.min_per_group.items() if n > 0 and not (groups == g).any()]
        if missing:
            notes.append(
                f"no candidate food in group(s) {', '.join(missing)}: that minimum is not applied"
            )
            kept = {g: n for g, n in rules.min_per_group.items() if g not in missing}
            rules = replace(rules, min_per_group=kept)
    elif rules.min_per_group or rules.max_per_group:
        rules = replace(rules, min_per_group={}, max_per_group=None)
    day_pattern = (
        None
        if pattern is None
        else pattern_rows(
            foods.index,
            pattern,
            steer=objective == "pattern",
            low=pattern_range[0],
            high=pattern_range[1],
        )
    )
    return Setup(
        foods=foods,
        nutrients=nutrients,
        rows=rows,
        bounds=bounds,
        rules=rules,
        groups=groups,
        current=current,
        objective=objective,
        notes=tuple(notes),
        budget=budget,
        shared=foods[SHARED_COLUMN] if SHARED_COLUMN in foods.columns else None,
        pattern=day_pattern,
        meals=None
        if meals is None
        else meal_rows(foods, meals, day_pattern, bounds.low if rules.integer() else None, rules),
        hei=_hei(foods, targets, hei_age) if objective == "pattern" else None,
    )


def portion_scale(targets: Targets) -> float:
    """Least portions scale with the day's energy need: a child's least portion is a smaller
    share of an adult's (half of it at 1,000 kcal or less, all of it from 2,000 kcal)."""
    frame = targets.frame
    if ENERGY not in frame.index or "reference" not in frame.columns:
        return 1.0
    need = frame.at[ENERGY, "reference"]
    if not given(need):
        return 1.0
    return float(np.clip(float(need) / FULL_PORTION_KCAL, 0.5, 1.0))


def _hei(foods: pd.DataFrame, targets: Targets, age: int | None) -> HeiRows | None:
    """The HEI rows at the person's energy need (None without an age or an energy need)."""
    frame = targets.frame
    if age is None or ENERGY not in frame.index or "reference" not in frame.columns:
        return None
    need = frame.at[ENERGY, "reference"]
    return hei_rows(foods, ENERGY, age, float(need)) if given(need) else None


def build_rows(foods: pd.DataFrame, targets: Targets, used: list[str]) -> Rows:
    """Every nutrient bound and energy-share bound as a column of per-gram coefficients."""
    columns: list[np.ndarray] = []
    meta: list[dict[str, object]] = []
    frame = targets.frame
    soft = frame["soft"] if "soft" in frame.columns else pd.Series(False, index=frame.index)
    for nutrient in [n for n in frame.index if n in used]:
        for bound, sense in (("min", ">="), ("max", "<=")):
            rhs = frame.at[nutrient, bound]
            if not given(rhs):
                continue
            columns.append(foods[nutrient].to_numpy(dtype=float) / 100.0)
            meta.append(
                {
                    "row": f"{nutrient}:{bound}",
                    "nutrient": nutrient,
                    "bound": bound,
                    "kind": "nutrient",
                    "sense": sense,
                    "rhs": float(rhs),
                    "label": f"{frame.at[nutrient, 'name']} {bound}imum",
                    "soft": bool(soft.get(nutrient, False)) and bound == "min",
                }
            )
    if ENERGY in used:
        energy = foods[ENERGY].to_numpy(dtype=float) / 100.0
        for macro, share in targets.shares.iterrows():
            if macro not in used:
                continue
            kcal = foods[macro].to_numpy(dtype=float) * float(share["kcal_per_g"]) / 100.0
            for bound, sense in (("min", ">="), ("max", "<=")):
                pct = share[f"{bound}_pct"]
                if not given(pct):  # a limit with one side only (saturated fat: at most 10 %)
                    continue
                columns.append(kcal - energy * (float(pct) / 100.0))
                meta.append(
                    {
                        "row": f"{macro}:share_{bound}",
                        "nutrient": macro,
                        "bound": bound,
                        "kind": "share",
                        "sense": sense,
                        "rhs": 0.0,
                        "label": f"{macro} {bound}imum share of energy ({pct:g} %)",
                        "soft": False,
                    }
                )
    names = ["row", "nutrient", "bound", "kind", "sense", "rhs", "label", "soft"]
    table = pd.DataFrame(meta, columns=names).set_index("row")
    values = np.column_stack(columns) if columns else np.zeros((len(foods), 0))
    coef = pd.DataFrame(values, index=foods.index, columns=table.index.rename(None))
    return Rows(coef=coef, meta=table)


def energy_share_cap(foods: pd.DataFrame, bounds: Bounds, targets: Targets, rules: Rules) -> Bounds:
    """No food carries the day: each food's energy stays under ``rules.max_energy_share`` of the
    day's least energy (so under that share of the day's actual energy too) - a per-food bound,
    which costs the model nothing."""
    frame = targets.frame
    if not rules.max_energy_share or ENERGY not in foods.columns or ENERGY not in frame.index:
        return bounds
    least = frame.at[ENERGY, "min"]
    if not given(least) or float(least) <= 0:
        return bounds
    density = foods[ENERGY].where(foods[ENERGY] > 0)
    cap = np.floor(rules.max_energy_share * float(least) * 100.0 / density / GRAM_STEP) * GRAM_STEP
    high = bounds.high.where(bounds.high.notna() & (bounds.high <= cap), cap)
    high = high.where(cap.notna(), bounds.high)
    return replace(bounds, high=high, low=bounds.low.where(bounds.low <= high, high))


def with_shared_caps(
    rows: Rows, kinds: pd.Series, caps: Mapping[str, float], high: pd.Series
) -> Rows:
    """One row per kind of food with a shared cap (all milks, all juices, ...): their grams
    together stay under it (repaired after rounding too); a lone food of its kind only when its
    own maximum (``high``) is above it: one juice left once served 311 g of orange juice."""
    members = {kind: (kinds == kind).to_numpy() for kind in caps}
    most = high.reindex(kinds.index)
    alone = {k: bool((~(most[members[k]] <= c)).any()) for k, c in caps.items()}  # NaN: none
    held = {k: c for k, c in caps.items() if members[k].sum() > 1 or alone[k]}
    return _member_caps(rows, members, held, "shared_max")


def with_tag_caps(rows: Rows, tags: pd.Series, caps: Mapping[str, float]) -> Rows:
    """One row per safety tag with a daily cap (all milks under 4): the grams of the foods
    carrying it together stay under the cap, like a shared cap (and repaired like one)."""
    carried = tags.fillna("").astype(str).str.split(";")
    members = {t: carried.map(lambda have, t=t: t in have).to_numpy(dtype=bool) for t in caps}
    return _member_caps(rows, members, caps, "tag_max")


def _member_caps(
    rows: Rows, members: Mapping[str, np.ndarray], caps: Mapping[str, float], suffix: str
) -> Rows:
    """A ``shared`` row per kind of ``caps`` with a member food: their grams <= cap."""
    extra: dict[str, np.ndarray] = {}
    meta = []
    for kind, most in caps.items():
        if not members[kind].any():
            continue
        row = f"{kind}:{suffix}"
        extra[row] = members[kind].astype(float)
        meta.append(
            {
                "row": row,
                "nutrient": kind,
                "bound": "max",
                "kind": "shared",
                "sense": "<=",
                "rhs": float(most),
                "label": f"all {kind.replace('_', ' ')} foods together ({most:g} g)",
                "soft": False,
            }
        )
    if not meta:
        return rows
    coef = pd.concat([rows.coef, pd.DataFrame(extra, index=rows.coef.index)], axis=1)
    table = pd.DataFrame(meta).set_index("row")
    return Rows(coef=coef, meta=pd.concat([rows.meta, table]))


def with_budget(rows: Rows, foods: pd.DataFrame, budget: float) -> Rows:
    """Add the day's cost cap (USD) as one more row: price per gram of every food."""
    coef = rows.coef.copy()
    coef[BUDGET_ROW] = foods["price"].reindex(coef.index) / 100.0
    row = pd.DataFrame(
        [
            {
                "nutrient": "price",
                "bound": "max",
                "kind": "budget",
                "sense": "<=",
                "rhs": float(budget),
                "label": f"day budget (USD {budget:g})",
                "soft": False,
            }
        ],
        index=pd.Index([BUDGET_ROW], name="row"),
    )
    return Rows(coef=coef, meta=pd.concat([rows.meta, row]))


def food_bounds(
    foods: pd.DataFrame, rules: Rules, objective: Objective, *, priced: bool = False
) -> tuple[pd.DataFrame, Bounds, list[str]]:
    """Least and most grams per food, and the objective per gram.

    With ``priced`` (a cost objective or a budget), foods without a price are left out.
    """
    source = str(foods.attrs.get("source", "foods"))
    notes: list[str] = []
    integer = rules.integer()
    high = foods["max_g"] if "max_g" in foods.columns else pd.Series(np.nan, index=foods.index)
    if integer:
        high = high.fillna(DEFAULT_CAP_G)
    high = np.floor(high / GRAM_STEP + 1e-9) * GRAM_STEP
    portion = (
        foods["portion_g"].where(foods["portion_g"] > 0)
        if "portion_g" in foods.columns
        else pd.Series(np.nan, index=foods.index)
    )
    least = portion * rules.least_portions
    low = np.ceil(least.fillna(0.0) / GRAM_STEP - 1e-9) * GRAM_STEP
    if integer:  # a food counted as used is really there
        low = low.clip(lower=GRAM_STEP)
    low = low.where(high.isna() | (low <= high), high)
    step = portion / 2.0 if rules.servings else pd.Series(np.nan, index=foods.index)
    keep = pd.Series(True, index=foods.index)
    if objective == "cost" or priced:
        what = "--objective cost" if objective == "cost" else "--budget"
        if "price" not in foods.columns:
            raise UsageError(f"{what} needs a 'price' column (USD per 100 g) in {source}")
        keep = foods["price"].notna()
        if not keep.all():
            notes.append(f"{int((~keep).sum())} food(s) without a price left out ({what})")
    if objective == "cost":
        cost = foods["price"] / 100.0
    per_portion = 1.0 / portion.fillna(100.0)
    if objective == "portions":
        cost = per_portion
    elif objective == "pattern":
        cost = per_portion * PATTERN_TIE
    elif objective == "closest":
        cost = per_portion * 0.0
    if objective != "closest":
        for column, price in rules.prices.items():
            if column in foods.columns:  # as low as the other targets allow (cholesterol)
                cost = cost + foods[column].fillna(0.0) * (price / 100.0)
    keep &= cost.notna()
    bounds = Bounds(
        low=low[keep],
        high=high[keep],
        step=step[keep],
        cost=cost[keep],
        per_portion=per_portion[keep],
    )
    return foods[keep], bounds, notes


def group_column(foods: pd.DataFrame) -> pd.Series | None:
    return foods[GROUP_COLUMN] if GROUP_COLUMN in foods.columns else None
