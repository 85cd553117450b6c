"""Candidates x targets -> the linear rows of the model, as data (no solver here).

Every constraint is one column of ``coef`` (per gram of each food) with a sense and a
right-hand side in ``meta``. Rows come from whole nutrient columns, so any numeric column named
in the targets is a nutrient; nothing here knows nutrient names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mealfix.errors import DataError, UsageError
from mealfix.targets import Targets

Objective = Literal["portions", "cost"]
OBJECTIVES: tuple[Objective, ...] = ("portions", "cost")
ENERGY = "energy_kcal"


@dataclass(frozen=True)
class Rows:
    """The model as data: coef (foods x rows, per gram), meta (one line per row).

    meta columns: nutrient, bound ('min'|'max'), kind ('nutrient'|'share'), sense ('>='|'<='),
    rhs, label.
    """

    coef: pd.DataFrame
    meta: pd.DataFrame
    upper: pd.Series  # per-day maximum grams per food, NaN = none
    cost: pd.Series  # objective coefficient per gram
    objective: Objective
    notes: tuple[str, ...]


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
    needed = list(targets.frame.index) + [
        m for m in targets.shares.index if m not in targets.frame.index
    ]
    if len(targets.shares):
        needed.append(ENERGY)
    for nutrient in dict.fromkeys(needed):
        if nutrient not in candidates.columns:
            _missing_column(candidates, nutrient, targets, source, notes)
            continue
        column = candidates[nutrient]
        if not pd.api.types.is_float_dtype(column):
            bad = next(v for v in column if not _is_number(v))
            raise DataError(source, f"column {nutrient!r}: {bad!r} is not a number")
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


def build_rows(
    foods: pd.DataFrame, targets: Targets, used: list[str], objective: Objective, notes: list[str]
) -> Rows:
    """Build every constraint row and the objective from whole columns."""
    source = str(foods.attrs.get("source", "foods"))
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
        for macro, share in targets.shares.iterrows():
            if macro not in used:
                continue
            kcal = foods[macro] * share["kcal_per_g"] / 100.0
            energy = foods[ENERGY] / 100.0
            for bound, sense, pct in (
                ("min", ">=", share["min_pct"]),
                ("max", "<=", share["max_pct"]),
            ):
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
    table = pd.DataFrame(
        meta, columns=["row", "nutrient", "bound", "kind", "sense", "rhs", "label"]
    )
    table = table.set_index("row")
    upper = foods["max_g"] if "max_g" in foods.columns else pd.Series(np.nan, index=foods.index)
    cost, foods_notes = _objective(foods, objective, source)
    notes.extend(foods_notes)
    keep = cost.index
    return Rows(
        coef=coef.loc[keep],
        meta=table,
        upper=upper.loc[keep],
        cost=cost,
        objective=objective,
        notes=tuple(notes),
    )


def _objective(
    foods: pd.DataFrame, objective: Objective, source: str
) -> tuple[pd.Series, list[str]]:
    """Objective per gram: typical portions (default) or price."""
    if objective == "portions":
        if "portion_g" in foods.columns:
            portion = foods["portion_g"].where(foods["portion_g"] > 0)
            return (1.0 / portion.fillna(100.0)).rename("cost"), []
        return pd.Series(1.0 / 100.0, index=foods.index, name="cost"), []
    if objective == "cost":
        if "price" not in foods.columns:
            raise UsageError(f"--objective cost needs a 'price' column (USD per 100 g) in {source}")
        price = foods["price"]
        notes = []
        if price.isna().any():
            notes.append(
                f"{int(price.isna().sum())} food(s) without a price left out of the cost plan"
            )
        return (price.dropna() / 100.0).rename("cost"), notes
    raise UsageError(f"unknown objective {objective!r}; choose one of: {', '.join(OBJECTIVES)}")


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
