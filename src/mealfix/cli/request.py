"""Command-line options -> one request object: lists split, percent to fractions, and the
CLI's names mapped to the request's fields (the defaults stay in the request)."""

from __future__ import annotations

import os
from typing import Any

from mealfix.cli.options import split_words


def _range(text: str) -> tuple[float, float]:
    from mealfix.errors import UsageError

    low, _, high = text.partition("-")
    try:
        return float(low), float(high)
    except ValueError:
        raise UsageError(f"--pattern-range {text!r}: write LOW-HIGH, e.g. 0.75-1.25") from None


def min_groups(values: tuple[str, ...]) -> dict[str, int] | None:
    from mealfix.errors import UsageError

    items = split_words(values)
    if not items:
        return None
    if items == ["none"]:
        return {}
    out: dict[str, int] = {}
    for item in items:
        group, sep, count = item.partition("=")
        if not sep or not count.strip().isdigit():
            raise UsageError(f"--min-group {item!r}: write GROUP=N, e.g. vegetable=2")
        out[group.strip()] = int(count)
    return out


#: Click's parameter names -> the request's field names, where they differ.
_FIELDS = {
    "allergy": "allergies",
    "foods_path": "foods",
    "targets_path": "targets",
    "current_path": "current",
    "min_group": "min_per_group",
    "max_days": "max_days",
}
_NOT_REQUEST = (
    "sex",
    "age",
    "pregnant",
    "lactating",
    "fmt",
    "output",
    "force",
    "debug",
    "plot",
    "all_nutrients",
    "details",
    "no_color",
    "nutrients_csv",
    "cache",  # not the plan's: turns on the disk cache (use_cache)
)


def use_cache(o: dict[str, Any]) -> None:
    """--cache turns the disk cache on (MEALFIX_CACHE=1, unless it already names a folder), in
    the environment so that batch workers inherit it; a folder that cannot be used is one line
    now, before any work, not an error in every solve."""
    from mealfix.solve.cache import VARIABLE, cache_dir

    if o.get("cache") and os.environ.get(VARIABLE, "").strip() in ("", "0"):
        os.environ[VARIABLE] = "1"
    cache_dir()


def request_of(o: dict[str, Any], kind: str = "plan") -> Any:
    """Command-line options -> one request object (:class:`PlanRequest` or ``WeekRequest``)."""
    from mealfix.inputs.person import make_person
    from mealfix.model.request import PlanRequest, WeekRequest

    person = make_person(
        o.get("sex"),
        o.get("age"),
        pregnant=o.get("pregnant", False),
        lactating=o.get("lactating", False),
    )
    given: dict[str, Any] = {}
    for key, value in o.items():
        if key in _NOT_REQUEST:
            continue
        if key in ("suspect", "symptoms", "allergy"):
            value = split_words(value)
        elif key in ("exclude", "include", "allow"):
            value = list(value)
        elif key == "min_group":
            value = min_groups(value)
        elif key == "pattern_range" and value is not None:
            value = _range(value)
        elif key in ("max_foods", "max_per_group"):
            value = value or None  # 0: no limit
        elif key == "gap" and value is not None:
            value = value / 100  # the CLI speaks percent
        elif key == "prove":
            if value and o.get("gap") is not None:
                from mealfix.errors import UsageError

                raise UsageError("--prove and --gap contradict each other: give one of them")
            if value:
                given["gap"] = None  # to a full proof (HiGHS's own 0.01 %)
            continue
        elif value is None:
            continue  # not given: the request's default
        given[_FIELDS.get(key, key)] = value
    maker = WeekRequest if kind == "week" else PlanRequest
    return maker.of(person, **given)
