"""Candidates x targets x rules -> a PuLP model of one day (or several, for a week).

Nutrient limits are rows built from whole columns: each targeted numeric column of the food table
becomes one ``LpAffineExpression`` per bound, so nutrients are data here, never names in code.
Integer parts (a food is used or not; half-portion servings) are bounded by each food's own
per-day maximum, never by a larger big-M.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from mealfix.errors import DataError, UsageError
from mealfix.matrix import INF, Builder, Matrix, pairs, sense_bounds
from mealfix.targets import Targets

if TYPE_CHECKING:
    pass

Objective = Literal["portions", "cost", "closest"]
OBJECTIVES: tuple[Objective, ...] = ("portions", "cost", "closest")
ENERGY = "energy_kcal"
GROUP_COLUMN = "category"
#: In an integer model a food with no per-day maximum is capped here (grams), to bound it.
DEFAULT_CAP_G = 2000.0
GRAM_STEP = 0.1
BUDGET_ROW = "price:budget"


@dataclass(frozen=True)
class Rules:
    """What makes a plan look like food: portions, variety, required foods."""

    max_foods: int | None = 12
    max_per_group: int | None = 4
    min_per_group: Mapping[str, int] = field(default_factory=lambda: {"vegetable": 1, "fruit": 1})
    min_portion: float = 0.5
    servings: bool = False
    include: Mapping[str, float | None] = field(default_factory=dict)
    #: Grams one required food of a group stands for (WHO/NHS: a fruit or vegetable
    #: portion is 80 g), so a group minimum is not met by a garnish.
    group_serving_g: Mapping[str, float] = field(
        default_factory=lambda: {"vegetable": 80.0, "fruit": 80.0}
    )

    def integer(self) -> bool:
        """Whether the model needs a used/not-used choice per food."""
        return bool(
            self.max_foods
            or self.max_per_group
            or self.min_per_group
            or self.min_portion
            or self.servings
            or self.include
        )


LP_ONLY = Rules(max_foods=None, max_per_group=None, min_per_group={}, min_portion=0.0)


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


def bind(
    candidates: pd.DataFrame, targets: Targets, *, unknown: Literal["error", "skip"] = "error"
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Match targets to food columns; returns (foods kept, constrained nutrients, notes).

    A targeted nutrient the foods file has no column for is left unconstrained (said in the
    notes), except in a one-person targets file, where it is most likely a typo. A food with no
    value for a constrained nutrient is an error, or with ``unknown='skip'`` is left out.
    """
    source = str(candidates.attrs.get("source", "foods"))
    notes: list[str] = []
    used: list[str] = []
    needed = list(targets.frame.index) + list(targets.shares.index)
    if len(targets.shares):
        needed.append(ENERGY)
    for nutrient in dict.fromkeys(needed):
        if nutrient not in candidates.columns:
            _missing_column(candidates, nutrient, targets, source, notes)
            continue
        column = candidates[nutrient]
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            bad = next((v for v in column if not _is_number(v)), column.iloc[0])
            raise DataError(source, f"column {nutrient!r}: {bad!r} is not a number")
        if not pd.api.types.is_float_dtype(column):  # an edited DataFrame may hold integers
            candidates = candidates.assign(**{nutrient: column.astype("float64")})
        used.append(nutrient)
    if len(targets.shares) and ENERGY not in used:
        notes.append("energy shares of protein, fat and carbohydrate not applied: no energy_kcal")
    unknown_rows = candidates[used].isna().any(axis=1)
    if unknown_rows.any():
        first = candidates.index[unknown_rows.to_numpy()][0]
        gaps = [n for n in used if pd.isna(candidates.at[first, n])]
        if unknown == "error":
            raise DataError(
                source,
                f"food {first} ({candidates.at[first, 'name']}) has no value for "
                f"{', '.join(gaps)}, which is targeted; fill it in, or use --skip-unknown",
            )
        count = int(unknown_rows.sum())
        notes.append(f"{count} food(s) left out: no value for a targeted nutrient")
        candidates = candidates[~unknown_rows]
    return candidates, used, notes


def build_rows(foods: pd.DataFrame, targets: Targets, used: list[str]) -> Rows:
    """Every nutrient bound and energy-share bound as a column of per-gram coefficients."""
    columns: list[np.ndarray] = []
    meta: list[dict[str, object]] = []
    frame = targets.frame
    for nutrient in [n for n in frame.index if n in used]:
        for bound, sense in (("min", ">="), ("max", "<=")):
            rhs = frame.at[nutrient, bound]
            if rhs is None or pd.isna(rhs):
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
                }
            )
    if ENERGY in used:
        energy = foods[ENERGY].to_numpy(dtype=float) / 100.0
        for macro, share in targets.shares.iterrows():
            if macro not in used:
                continue
            kcal = foods[macro].to_numpy(dtype=float) * float(share["kcal_per_g"]) / 100.0
            for bound, sense in (("min", ">="), ("max", "<=")):
                pct = float(share[f"{bound}_pct"])
                columns.append(kcal - energy * (pct / 100.0))
                meta.append(
                    {
                        "row": f"{macro}:share_{bound}",
                        "nutrient": macro,
                        "bound": bound,
                        "kind": "share",
                        "sense": sense,
                        "rhs": 0.0,
                        "label": f"{macro} {bound}imum share of energy ({pct:g} %)",
                    }
                )
    names = ["row", "nutrient", "bound", "kind", "sense", "rhs", "label"]
    table = pd.DataFrame(meta, columns=names).set_index("row")
    values = np.column_stack(columns) if columns else np.zeros((len(foods), 0))
    coef = pd.DataFrame(values, index=foods.index, columns=table.index.rename(None))
    return Rows(coef=coef, meta=table)


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
    low = np.ceil((portion * rules.min_portion).fillna(0.0) / GRAM_STEP - 1e-9) * GRAM_STEP
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
    elif objective == "closest":
        cost = per_portion * 0.0
    keep &= cost.notna()
    bounds = Bounds(
        low=low[keep],
        high=high[keep],
        step=step[keep],
        cost=cost[keep],
        per_portion=per_portion[keep],
    )
    return foods[keep], bounds, notes


def day_matrix(
    rows: Rows,
    bounds: Bounds,
    rules: Rules,
    groups: pd.Series | None,
    *,
    elastic: pd.Series | None = None,
    current: pd.Series | None = None,
    fixed_use: pd.Series | None = None,
) -> Matrix:
    """One day as arrays: the food rules, the nutrient rows and the objective.

    ``elastic`` (weights per row) lets every row be missed at that price per unit.
    ``current`` (grams per food) adds the distance to a person's usual day to the objective.
    ``fixed_use`` pins each food's used/not-used choice (for duals of an integer plan).
    """
    foods = rows.coef.index
    n = len(foods)
    every = np.arange(n)
    integer = rules.integer() and fixed_use is None
    high = bounds.high.to_numpy(dtype=float)
    low = bounds.low.to_numpy(dtype=float)
    x_low = np.zeros(n)
    x_high = np.where(np.isnan(high), INF, high)
    stated = pd.Series(rules.include, dtype=float).reindex(foods)
    amount = stated.to_numpy(dtype=float)
    is_stated = foods.isin(list(rules.include)) & ~np.isnan(amount)
    if fixed_use is not None:
        used = fixed_use.reindex(foods).fillna(0.0).to_numpy(dtype=float) > 0.5
        x_low = np.where(used, np.fmin(low, high), 0.0)
        x_high = np.where(used, x_high, 0.0)
    if integer or fixed_use is not None:
        x_low = np.where(is_stated, amount, x_low)
        x_high = np.where(is_stated, amount, x_high)
    m = Builder()
    x = m.add_columns(
        "grams", "x", foods, every, cost=bounds.cost.to_numpy(float), lower=x_low, upper=x_high
    )
    if integer:
        included = foods.isin(list(rules.include))
        y = m.add_columns(
            "use", "y", foods, every, lower=included.astype(float), upper=1.0, integer=True
        )
        m.add_rows([f"cap{i}" for i in every], *pairs(n, x, y, 1.0, -high), -INF, 0.0)
        least = np.flatnonzero((low > 0) & ~is_stated)
        m.add_rows(
            [f"least{i}" for i in least],
            *pairs(len(least), x[least], y[least], 1.0, -low[least]),
            0.0,
            INF,
        )
        if rules.servings:
            _servings(m, bounds, x, y, foods)
        if rules.max_foods:
            m.add_sum("count", y, -INF, rules.max_foods)
        if groups is not None:
            _groups(m, y, groups.reindex(foods), rules)
    if (integer or fixed_use is not None) and groups is not None:
        _group_weights(m, x, groups.reindex(foods), rules)
    meta = rows.meta
    coef = rows.coef.to_numpy(dtype=float).T  # nutrient rows x foods: nonzeros come by row
    row, nz_food = np.nonzero(coef)
    col, val = x[nz_food], coef[row, nz_food]
    if elastic is not None:
        slack = m.add_columns(
            "slack",
            "s",
            meta.index,
            np.arange(len(meta)),
            cost=elastic.reindex(meta.index).to_numpy(float),
        )
        sign = np.where(meta["sense"] == ">=", 1.0, -1.0)
        row = np.concatenate([row, np.arange(len(meta))])
        col = np.concatenate([col, slack])
        val = np.concatenate([val, sign])
    lower, upper = sense_bounds(meta["sense"], meta["rhs"])
    m.add_rows([f"r{j}" for j in range(len(meta))], row, col, val, lower, upper, mark="limits")
    if current is not None:
        usual = current.reindex(foods).fillna(0.0).to_numpy(dtype=float)
        d = m.add_columns("distance", "d", foods, every, cost=bounds.per_portion.to_numpy(float))
        m.add_rows([f"dup{i}" for i in every], *pairs(n, d, x, 1.0, -1.0), -usual, INF)
        m.add_rows([f"ddn{i}" for i in every], *pairs(n, d, x, 1.0, 1.0), usual, INF)
    return m.freeze()


def _servings(m: Builder, bounds: Bounds, x: np.ndarray, y: np.ndarray, foods: pd.Index) -> None:
    """grams = k x half a portion, k a whole number: plans in household servings."""
    step = bounds.step.to_numpy(dtype=float)
    where = np.flatnonzero(~np.isnan(step) & (step > 0))
    most = np.floor(bounds.high.to_numpy(dtype=float)[where] / step[where] + 1e-9)
    k = m.add_columns("servings", "k", foods[where], where, upper=most, integer=True)
    count = len(where)
    m.add_rows([f"serv{i}" for i in where], *pairs(count, x[where], k, 1.0, -step[where]), 0.0, 0.0)
    m.add_rows([f"kuse{i}" for i in where], *pairs(count, k, y[where], 1.0, -1.0), 0.0, INF)


def _groups(m: Builder, y: np.ndarray, groups: pd.Series, rules: Rules) -> None:
    labels = groups.to_numpy()
    for name in pd.unique(groups.dropna()):
        members = y[labels == name]
        if rules.max_per_group and len(members) > rules.max_per_group:
            m.add_sum(f"group_{_safe(str(name))}", members, -INF, rules.max_per_group)
    for name, least in rules.min_per_group.items():
        if least > 0:
            m.add_sum(f"least_{_safe(name)}", y[labels == name], least, INF)


def _group_weights(m: Builder, x: np.ndarray, groups: pd.Series, rules: Rules) -> None:
    """A required group supplies at least its serving weight per required food."""
    labels = groups.to_numpy()
    for name, least in rules.min_per_group.items():
        weight = rules.group_serving_g.get(name, 0.0) * least
        members = x[labels == name]
        if weight > 0 and len(members):  # a sprig of parsley is not "a vegetable"
            m.add_sum(f"weight_{_safe(name)}", members, weight, INF)


def group_column(foods: pd.DataFrame) -> pd.Series | None:
    return foods[GROUP_COLUMN] if GROUP_COLUMN in foods.columns else None


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text)


def _missing_column(
    foods: pd.DataFrame, nutrient: str, targets: Targets, source: str, notes: list[str]
) -> None:
    stem = nutrient.rpartition("_")[0]
    other = [c for c in foods.columns if stem and c.rpartition("_")[0] == stem and c != nutrient]
    if other:
        raise DataError(
            source,
            f"has {other[0]!r} but the targets ask for {nutrient!r}: the units differ; "
            "convert the column and rename it",
        )
    if targets.form == "flat":
        raise DataError(source, f"has no column {nutrient!r}, which the targets file names")
    notes.append(f"{nutrient} not constrained: the foods file has no such column")


def _is_number(value: object) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True
