"""Python arguments checked as the command line checks its options.

:mod:`mealfix.api` takes values from a notebook or a script: numpy numbers, ``pd.NA``, NaN,
``None``, True/False where a number is meant, a string where a list is. Each check here turns
such a value into what the call needs (a numpy number is a number) or into one line naming the
argument (:class:`~mealfix.errors.UsageError`), before any file is read or any model solved.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from mealfix.errors import UsageError


def given(value: object) -> bool:
    """Whether a table cell or an argument holds a value at all (not None, NaN or ``pd.NA``):
    a missing value is never read as zero.

    >>> given(0.0), given(float("nan")), given(pd.NA), given(None)
    (True, False, False, False)
    """
    return value is not None and not bool(pd.isna(value))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    above: float | None = None,
) -> float:
    """``value`` as a finite float in range (``above``: strictly more than it)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise UsageError(f"{name} must be a number, not {_shown(value)}")
    result = float(value)
    if not math.isfinite(result):
        raise UsageError(f"{name} must be a finite number, not {_shown(value)}")
    if (low is not None and result < low) or (high is not None and result > high):
        if low is not None and high is not None:
            span = f"from {low:g} to {high:g}"
        else:
            span = f"{low:g} or more" if low is not None else f"at most {high:g}"
        raise UsageError(f"{name} must be {span}, not {result:g}")
    if above is not None and result <= above:
        raise UsageError(f"{name} must be more than {above:g}, not {result:g}")
    return result


def whole_number(
    value: object, name: str, *, low: int | None = None, high: int | None = None
) -> int:
    """``value`` as an int in range; a numpy integer (or a float such as 30.0) is one."""
    result = number(value, name, low=low, high=high)
    if not result.is_integer():
        raise UsageError(f"{name} must be a whole number, not {result:g}")
    return int(result)


def path_or_none(value: object, name: str) -> str | Path | None:
    """A file path (text or :class:`~pathlib.Path`), or None for the bundled file."""
    if value is None or isinstance(value, (str, Path)):
        return value
    raise UsageError(f"{name} must be a file path, not a {type(value).__name__}")


def words(value: object, name: str) -> list[str]:
    """A list of words: a string is split at commas (as on the command line)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if value is None or isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise UsageError(f"{name} must be a list of words (or one comma-separated string)")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"{name}: each item must be a word, not {_shown(item)}")
    return [item.strip() for item in items if item.strip()]


def numbers_list(value: object, name: str, *, above: float | None = None) -> list[float]:
    """A list of finite numbers (each more than ``above``), at least one."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise UsageError(f"{name} must be a list of numbers, not {_shown(value)}")
    items = [number(item, f"{name} item", above=above) for item in value]
    if not items:
        raise UsageError(f"{name} is empty: give at least one number")
    return items


def grams(value: Mapping[object, object], name: str) -> dict[str, float]:
    """Grams by food (id or name): each key a word, each amount a finite number, 0 or more."""
    out: dict[str, float] = {}
    for key, amount in value.items():
        if not isinstance(key, str):
            raise UsageError(f"{name}: a food must be its id or name, not {_shown(key)}")
        out[key] = number(amount, f"{name}[{key!r}]", low=0)
    if not out:
        raise UsageError(f"{name} lists no foods")
    return out
