"""Candidates x targets x rules -> a PuLP model of one day (or several, for a week).

Nutrient limits are rows built from whole columns: each targeted numeric column of the food table
becomes one ``LpAffineExpression`` per bound, so nutrients are data here, never names in code.
Integer parts (a food is used or not; half-portion servings) are bounded by each food's own
per-day maximum, never by a larger big-M.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import pulp

from mealfix.errors import DataError, UsageError
from mealfix.targets import Targets

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


@dataclass
class Day:
    """One day's variables and named constraints inside a PuLP problem."""

    grams: pd.Series
    use: pd.Series | None
    servings: pd.Series | None
    rows: dict[str, Any]
    slack: pd.Series | None
    objective: Any


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
    frames: dict[str, pd.Series] = {}
    meta: list[dict[str, object]] = []
    for nutrient, target in targets.frame.iterrows():
        if nutrient not in used:
            continue
        per_gram = foods[nutrient] / 100.0
        for bound, sense in (("min", ">="), ("max", "<=")):
            rhs = target[bound]
            if rhs is None or pd.isna(rhs):
                continue
            row = f"{nutrient}:{bound}"
            frames[row] = per_gram
            meta.append(
                {
                    "row": row,
                    "nutrient": nutrient,
                    "bound": bound,
                    "kind": "nutrient",
                    "sense": sense,
                    "rhs": float(rhs),
                    "label": f"{target['name']} {bound}imum",
                }
            )
    if ENERGY in used:
        energy = foods[ENERGY] / 100.0
        for macro, share in targets.shares.iterrows():
            if macro not in used:
                continue
            kcal = foods[macro] * share["kcal_per_g"] / 100.0
            for bound, sense in (("min", ">="), ("max", "<=")):
                pct = float(share[f"{bound}_pct"])
                row = f"{macro}:share_{bound}"
                frames[row] = kcal - energy * (pct / 100.0)
                meta.append(
                    {
                        "row": row,
                        "nutrient": macro,
                        "bound": bound,
                        "kind": "share",
                        "sense": sense,
                        "rhs": 0.0,
                        "label": f"{macro} {bound}imum share of energy ({pct:g} %)",
                    }
                )
    coef = pd.DataFrame(frames, index=foods.index)
    columns = ["row", "nutrient", "bound", "kind", "sense", "rhs", "label"]
    table = pd.DataFrame(meta, columns=columns).set_index("row")
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


def add_day(
    problem: pulp.LpProblem,
    tag: str,
    rows: Rows,
    bounds: Bounds,
    rules: Rules,
    groups: pd.Series | None,
    *,
    elastic: pd.Series | None = None,
    current: pd.Series | None = None,
    fixed_use: pd.Series | None = None,
) -> Day:
    """Add one day's variables and constraints to ``problem``; returns handles to them.

    ``elastic`` (weights per row) lets every row be missed at that price per unit.
    ``current`` (grams per food) adds the distance to a person's usual day to the objective.
    ``fixed_use`` pins each food's used/not-used choice (for duals of an integer plan).
    """
    foods = list(rows.coef.index)
    integer = rules.integer() and fixed_use is None
    grams = pd.Series(
        [
            problem.add_variable(f"{tag}x{i}", lowBound=0, upBound=_finite(bounds.high.iloc[i]))
            for i in range(len(foods))
        ],
        index=foods,
        dtype=object,
    )
    objective = pulp.LpAffineExpression(_terms(grams, bounds.cost))
    use = servings = None
    if integer:
        use = pd.Series(
            [problem.add_variable(f"{tag}y{i}", 0, 1, cat="Integer") for i in range(len(foods))],
            index=foods,
            dtype=object,
        )
        for i, food in enumerate(foods):
            hi = float(bounds.high.iloc[i])
            lo = float(bounds.low.iloc[i])
            problem.addConstraint(grams[food] - hi * use[food] <= 0, f"{tag}cap{i}")
            if lo > 0 and rules.include.get(food) is None:  # a stated amount wins
                problem.addConstraint(grams[food] - lo * use[food] >= 0, f"{tag}least{i}")
        if rules.servings:
            servings = _add_servings(problem, tag, grams, use, bounds)
        if rules.max_foods:
            problem.addConstraint(pulp.lpSum(use) <= rules.max_foods, f"{tag}count")
        if groups is not None:
            _add_groups(problem, tag, use, grams, groups, rules)
        for food, amount in rules.include.items():
            if food in use.index:
                use[food].lowBound = 1
                if amount is not None:
                    grams[food].lowBound = grams[food].upBound = amount
    elif fixed_use is not None:
        for i, food in enumerate(foods):
            if fixed_use.get(food, 0) > 0.5:
                grams[food].lowBound = min(float(bounds.low.iloc[i]), float(bounds.high.iloc[i]))
                if food in rules.include and rules.include[food] is not None:
                    grams[food].lowBound = grams[food].upBound = rules.include[food]
            else:
                grams[food].upBound = 0.0
        if groups is not None:
            _add_group_weights(problem, tag, grams, groups, rules)

    slack = None
    if elastic is not None:
        slack = pd.Series(
            [problem.add_variable(f"{tag}s{j}", lowBound=0) for j in range(len(rows.meta))],
            index=rows.meta.index,
            dtype=object,
        )
        objective += pulp.LpAffineExpression(_terms(slack, elastic))
    constraints: dict[str, Any] = {}
    values = rows.coef.to_numpy()
    for j, (row, spec) in enumerate(rows.meta.iterrows()):
        expr = pulp.LpAffineExpression(_terms(grams, values[:, j]))
        if slack is not None:
            expr += slack[row] if spec["sense"] == ">=" else -slack[row]
        sense = pulp.LpConstraintGE if spec["sense"] == ">=" else pulp.LpConstraintLE
        constraint = pulp.LpConstraint(expr, sense, name=f"{tag}r{j}", rhs=float(spec["rhs"]))
        problem.addConstraint(constraint)
        constraints[str(row)] = constraint

    if current is not None:
        objective += _distance(problem, tag, grams, current, bounds)
    return Day(
        grams=grams, use=use, servings=servings, rows=constraints, slack=slack, objective=objective
    )


def _add_servings(
    problem: pulp.LpProblem, tag: str, grams: pd.Series, use: pd.Series, bounds: Bounds
) -> pd.Series:
    """grams = k x half a portion, k a whole number: plans in household servings."""
    handles: dict[str, Any] = {}
    for i, food in enumerate(grams.index):
        step = bounds.step.iloc[i]
        if pd.isna(step) or step <= 0:
            continue
        most = math.floor(float(bounds.high.iloc[i]) / step + 1e-9)
        k = problem.add_variable(f"{tag}k{i}", 0, most, cat="Integer")
        problem.addConstraint(grams[food] - step * k == 0, f"{tag}serv{i}")
        problem.addConstraint(k - use[food] >= 0, f"{tag}kuse{i}")
        handles[food] = k
    return pd.Series(handles, dtype=object)


def _add_groups(
    problem: pulp.LpProblem,
    tag: str,
    use: pd.Series,
    grams: pd.Series,
    groups: pd.Series,
    rules: Rules,
) -> None:
    for name, members in use.groupby(groups.reindex(use.index)):
        if rules.max_per_group and len(members) > rules.max_per_group:
            problem.addConstraint(
                pulp.lpSum(members) <= rules.max_per_group, f"{tag}group_{_safe(str(name))}"
            )
    for name, least in rules.min_per_group.items():
        members = use[groups.reindex(use.index) == name]
        if least > 0:
            problem.addConstraint(pulp.lpSum(members) >= least, f"{tag}least_{_safe(name)}")
    _add_group_weights(problem, tag, grams, groups, rules)


def _add_group_weights(
    problem: pulp.LpProblem, tag: str, grams: pd.Series, groups: pd.Series, rules: Rules
) -> None:
    """A required group supplies at least its serving weight per required food."""
    for name, least in rules.min_per_group.items():
        weight = rules.group_serving_g.get(name, 0.0) * least
        members = grams[groups.reindex(grams.index) == name]
        if weight > 0 and len(members):  # a sprig of parsley is not "a vegetable"
            problem.addConstraint(pulp.lpSum(members) >= weight, f"{tag}weight_{_safe(name)}")


def _distance(
    problem: pulp.LpProblem, tag: str, grams: pd.Series, current: pd.Series, bounds: Bounds
) -> Any:
    """Sum of |grams - usual grams| / typical portion, as deviation variables."""
    terms = []
    for i, food in enumerate(grams.index):
        usual = float(current.get(food, 0.0))
        d = problem.add_variable(f"{tag}d{i}", lowBound=0)
        problem.addConstraint(d - grams[food] >= -usual, f"{tag}dup{i}")
        problem.addConstraint(d + grams[food] >= usual, f"{tag}ddn{i}")
        terms.append((d, float(bounds.per_portion.iloc[i])))
    return pulp.LpAffineExpression(terms)


def group_column(foods: pd.DataFrame) -> pd.Series | None:
    return foods[GROUP_COLUMN] if GROUP_COLUMN in foods.columns else None


def _terms(variables: pd.Series, coefficients: Any) -> list[tuple[Any, float]]:
    values = np.asarray(coefficients, dtype=float)
    nonzero = np.flatnonzero(values)
    items = variables.to_numpy()
    return [(items[i], float(values[i])) for i in nonzero]


def _finite(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


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
