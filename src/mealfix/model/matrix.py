"""A linear or integer model as arrays: columns in named blocks, rows compressed by row.

:func:`mealfix.model.day.day_matrix` writes a day in this form (grams per food; a used/not-used
choice per food; half-serving counts; one slack per nutrient row in an elastic model; a distance
per food from a person's usual day). The same arrays are handed to HiGHS in one call
(:mod:`mealfix.solve.highs`) or turned into a PuLP problem (:mod:`mealfix.model.pulp`), so every
solver always sees the same day.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from mealfix.inputs.plate_days import Kin

INF = math.inf


@dataclass(frozen=True)
class Matrix:
    """A linear or integer model: min cost·v subject to row_lower <= A v <= row_upper.

    ``blocks`` maps a block name ('grams', 'use', 'servings', 'slack', 'distance') to its column
    slice; ``block_index`` holds the labels of each block's columns (foods, or nutrient rows).
    ``limits`` are the positions of the nutrient rows, in the order of ``Rows.meta``.
    """

    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_names: tuple[str, ...]
    name_parts: tuple[tuple[str, np.ndarray], ...]
    blocks: Mapping[str, slice]
    block_index: Mapping[str, pd.Index]
    limits: np.ndarray
    #: Whom the day is for: a hint for the search's start, not part of the model.
    kin: Kin | None = None

    @cached_property
    def col_names(self) -> tuple[str, ...]:
        """Column names (block and food id: grams_01001), made only when PuLP needs them."""
        return tuple(f"{prefix}{key}" for prefix, keys in self.name_parts for key in keys)

    def fingerprint(self) -> str:
        """A digest of every number of the model: equal digests, equal models."""
        digest = hashlib.blake2b(digest_size=20)
        for array in (
            self.cost,
            self.col_lower,
            self.col_upper,
            self.integer,
            self.starts,
            self.index,
            self.value,
            self.row_lower,
            self.row_upper,
        ):
            digest.update(np.ascontiguousarray(array).tobytes())
            digest.update(b"|")
        return digest.hexdigest()

    @property
    def is_mip(self) -> bool:
        return bool(self.integer.any())

    def column(self, values: np.ndarray, block: str) -> pd.Series | None:
        """One block of a solution vector, labelled (None if the model has no such block)."""
        if block not in self.blocks:
            return None
        return pd.Series(values[self.blocks[block]], index=self.block_index[block], dtype=float)

    def with_limits(self, lower: np.ndarray, upper: np.ndarray) -> Matrix:
        """The same model with new bounds on its nutrient rows (a tightened or another person's)."""
        row_lower = self.row_lower.copy()
        row_upper = self.row_upper.copy()
        row_lower[self.limits] = lower
        row_upper[self.limits] = upper
        return replace(self, row_lower=row_lower, row_upper=row_upper)

    def same_structure(self, other: Matrix) -> bool:
        """Whether only bounds and costs differ, so one solver model can be reused."""
        return (
            len(self.cost) == len(other.cost)
            and len(self.row_lower) == len(other.row_lower)
            and np.array_equal(self.integer, other.integer)
            and np.array_equal(self.starts, other.starts)
            and np.array_equal(self.index, other.index)
            and np.array_equal(self.value, other.value)
        )


@dataclass
class Builder:
    """Columns and rows collected block by block, then frozen into a :class:`Matrix`."""

    cost: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    name_parts: list[tuple[str, np.ndarray]] = field(default_factory=list)
    n_cols: int = 0
    blocks: dict[str, slice] = field(default_factory=dict)
    block_index: dict[str, pd.Index] = field(default_factory=dict)
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    row_lower: list[np.ndarray] = field(default_factory=list)
    row_upper: list[np.ndarray] = field(default_factory=list)
    row_names: list[str] = field(default_factory=list)
    marks: dict[str, slice] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.row_names)

    def add_columns(
        self,
        block: str,
        prefix: str,
        labels: pd.Index,
        keys: np.ndarray,
        *,
        cost: np.ndarray | float = 0.0,
        lower: np.ndarray | float = 0.0,
        upper: np.ndarray | float = INF,
        integer: bool = False,
    ) -> np.ndarray:
        """Add one column per label, named ``prefix`` + key; returns their column numbers."""
        count = len(labels)
        first = self.n_cols
        self.cost.append(np.broadcast_to(np.asarray(cost, float), (count,)).copy())
        self.lower.append(np.broadcast_to(np.asarray(lower, float), (count,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, float), (count,)).copy())
        self.integer.append(np.full(count, integer))
        self.name_parts.append((prefix, np.asarray(keys)))
        self.n_cols += count
        self.blocks[block] = slice(first, first + count)
        self.block_index[block] = labels
        return np.arange(first, first + count)

    def add_rows(
        self,
        names: list[str],
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
        lower: np.ndarray | float,
        upper: np.ndarray | float,
        mark: str | None = None,
    ) -> None:
        """Add len(names) rows from coordinates; ``row`` counts from 0 within this block."""
        count = len(names)
        first = self.n_rows
        if mark:
            self.marks[mark] = slice(first, first + count)
        row, col, val = np.asarray(row), np.asarray(col), np.asarray(val, float)
        keep = val != 0
        row, col, val = row[keep], col[keep], val[keep]
        if len(row) > 1 and (np.diff(row) < 0).any():  # rows must come in order
            order = np.argsort(row, kind="stable")
            row, col, val = row[order], col[order], val[order]
        self.rows.append((row + first, col, val))
        self.row_lower.append(np.broadcast_to(np.asarray(lower, float), (count,)).copy())
        self.row_upper.append(np.broadcast_to(np.asarray(upper, float), (count,)).copy())
        self.row_names += names

    def add_sum(self, name: str, columns: np.ndarray, lower: float, upper: float) -> None:
        """One row: the plain sum of ``columns`` between ``lower`` and ``upper``."""
        count = len(columns)
        self.add_rows([name], np.zeros(count, int), columns, np.ones(count), lower, upper)

    def freeze(self) -> Matrix:
        empty = np.zeros(0)
        row = np.concatenate([r for r, _, _ in self.rows]) if self.rows else empty.astype(int)
        col = np.concatenate([c for _, c, _ in self.rows]) if self.rows else empty.astype(int)
        val = np.concatenate([v for _, _, v in self.rows]) if self.rows else empty
        starts: np.ndarray = np.searchsorted(row, np.arange(self.n_rows)).astype(np.int32)
        limits = self.marks.get("limits", slice(0, 0))
        return Matrix(
            cost=np.concatenate(self.cost) if self.cost else empty,
            col_lower=np.concatenate(self.lower) if self.lower else empty,
            col_upper=np.concatenate(self.upper) if self.upper else empty,
            integer=np.concatenate(self.integer) if self.integer else empty.astype(bool),
            starts=starts,
            index=col.astype(np.int32),
            value=val,
            row_lower=np.concatenate(self.row_lower) if self.row_lower else empty,
            row_upper=np.concatenate(self.row_upper) if self.row_upper else empty,
            row_names=tuple(self.row_names),
            name_parts=tuple(self.name_parts),
            blocks=dict(self.blocks),
            block_index=dict(self.block_index),
            limits=np.arange(limits.start, limits.stop),
        )


def sense_bounds(sense: pd.Series, rhs: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row bounds for '>=' and '<=' rows with right-hand sides ``rhs``."""
    at_least = (sense == ">=").to_numpy()
    values = rhs.to_numpy(dtype=float)
    return np.where(at_least, values, -INF), np.where(at_least, INF, values)


def pairs(
    count: int, first: np.ndarray, second: np.ndarray, a: Any, b: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates of ``count`` rows, row i being a[i]·first[i] + b[i]·second[i]."""
    rows = np.arange(count)
    return (
        np.concatenate([rows, rows]),
        np.concatenate([first, second]),
        np.concatenate([np.broadcast_to(a, (count,)), np.broadcast_to(b, (count,))]),
    )


def safe_name(text: str) -> str:
    """``text`` as a model name (letters, digits and ``_``), as LP/MPS files need."""
    return "".join(c if c.isalnum() else "_" for c in text)
