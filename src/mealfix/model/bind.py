"""Targets matched to the food table's columns: which nutrients are constrained, what an
unknown value does (stop, leave the food out, or the bundled table's documented policy)."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from mealfix.errors import DataError
from mealfix.inputs.arguments import given
from mealfix.inputs.targets import Targets
from mealfix.model.rules import ENERGY

Unknown = Literal["error", "skip", "policy"]


def bind(
    candidates: pd.DataFrame, targets: Targets, *, unknown: Unknown = "error"
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Match targets to food columns; returns (foods kept, constrained nutrients, notes).

    A targeted nutrient the foods file has no column for is left unconstrained (said in the
    notes), except in a one-person targets file, where it is most likely a typo. A food with no
    value for a constrained nutrient is an error, or with ``unknown='skip'`` is left out; with
    ``unknown='policy'`` (the bundled table) see :func:`_unknown_policy`.
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
    if not used:
        raise DataError(
            source,
            "has none of the nutrient columns the targets name (such as "
            f"{', '.join(list(dict.fromkeys(needed))[:3])}): no plan could meet a target",
        )
    if len(targets.shares) and ENERGY not in used:
        notes.append("energy shares of protein, fat and carbohydrate not applied: no energy_kcal")
    if unknown == "policy":
        candidates, more = _unknown_policy(candidates, targets, used)
        notes += more
    unknown_rows = candidates[used].isna().any(axis=1)
    if unknown_rows.any():
        first = candidates.index[unknown_rows.to_numpy()][0]
        gaps = [n for n in used if not given(candidates.at[first, n])]
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


def _unknown_policy(
    foods: pd.DataFrame, targets: Targets, used: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Unknown is not zero, and a limit needs a known value.

    A food whose value is unknown for a nutrient with an upper limit (a UL, a CDRR, a safety
    cap, a share of energy) is left out: it could break the limit unseen. For a nutrient with
    only a minimum, an unknown value counts as 0: the plan can only under-count it, and says so.
    """
    notes: list[str] = []
    frame = targets.frame
    capped = {n for n in frame.index if given(frame.at[n, "max"])}
    capped |= {n for n in targets.shares.index if given(targets.shares.at[n, "max_pct"])}
    for nutrient in [n for n in used if n in capped]:
        gap = foods[nutrient].isna()
        if gap.any():
            notes.append(
                f"{int(gap.sum())} food(s) left out: no value for {_said(frame, nutrient)}, "
                "which has an upper limit"
            )
            foods = foods[~gap]
    filled = {}
    for nutrient in [n for n in used if n not in capped]:
        gap = foods[nutrient].isna()
        if gap.any():
            notes.append(
                f"{int(gap.sum())} food(s) have no value for {_said(frame, nutrient)}: counted "
                "as 0, so the plan may under-count it"
            )
            filled[nutrient] = foods[nutrient].fillna(0.0)
    return (foods.assign(**filled) if filled else foods), notes


def _said(frame: pd.DataFrame, nutrient: str) -> str:
    """A nutrient as a person reads it: its name in the targets (the key when it has none)."""
    if nutrient in frame.index and "name" in frame.columns:
        name = frame.at[nutrient, "name"]
        if isinstance(name, str) and name:
            return name
    return nutrient.removesuffix("_g").replace("_", " ")


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
