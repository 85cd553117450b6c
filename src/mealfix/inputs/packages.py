"""The packages a household buys (``data/packages.csv``): a week's shopping list in purchase
units, and the yield that turns a cooked grain or legume back into its dry weight."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mealfix.errors import DataError
from mealfix.inputs.files import bundled_path, load_cached

COLUMNS = (
    "key",
    "package",
    "grams",
    "yield",
    "yield_source",
    "size_source",
    "estimate",
    "together",
)


@dataclass(frozen=True)
class Package:
    """One package as bought: its words, its grams as purchased, and the grams eaten per gram
    bought (above 1 for a dry grain or legume eaten cooked); ``together``: a base food's foods
    are made from the same purchase (every egg preparation from eggs), not bought apart (whole
    and skim milk)."""

    name: str
    grams: float
    yield_: float
    estimate: bool
    together: bool = False


def load_packages(path: Path | None = None) -> dict[str, Package]:
    """Packages by food id or base food (a food's own row wins over its base's)."""
    return load_cached(path or bundled_path("packages.csv"), _read)


def _read(path: Path) -> dict[str, Package]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(frame.columns) != COLUMNS:
        raise DataError(path.name, f"columns must be {', '.join(COLUMNS)}")
    out: dict[str, Package] = {}
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"row {number} ({row.key})"
        try:
            grams = float(row.grams)
            factor = float(row[3]) if row[3] else 1.0
        except ValueError:
            raise DataError(path.name, "grams and yield must be numbers", where) from None
        if not (math.isfinite(grams) and grams > 0 and math.isfinite(factor) and factor > 0):
            raise DataError(path.name, "grams and yield must be above 0", where)
        if not row.size_source or (row[3] and not row.yield_source) or row.key in out:
            raise DataError(path.name, "needs a size source (and a yield source), once", where)
        out[row.key] = Package(
            row.package, grams, factor, row.estimate == "true", row.together == "true"
        )
    return out


def package_of(packages: dict[str, Package], food: str, base: str | None) -> Package | None:
    """The package ``food`` is bought in: its own row, else its base food's, else none."""
    return packages.get(food) or (packages.get(base) if base else None)
