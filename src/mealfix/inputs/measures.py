"""Grams in household words: 180 g of a '1 cup (240 g)' food is '≈ 3/4 cup'."""

from __future__ import annotations

import math
import re
from fractions import Fraction

_LEADING = re.compile(r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)\s+(.*)$")
#: A count of pieces in a measure, "(167 kernels)" of "1 oz (167 kernels)": it scales with the
#: amount ("(10-12 kernels)", "(approx 60 pcs)"); sizes ("(2" dia)") and rates ("per cup") do not.
_COUNT = re.compile(
    r"\((?:approx\.? |about )?(\d+)(?:-(\d+))? ((?:whole )?(?:kernels|halves|raisins|pcs|pieces))\)"
)


def portion_label(measure: str | None, portion_g: float | None) -> str | None:
    """The typical portion with its weight, e.g. '1 cup, chopped (91 g)'."""
    if not measure or portion_g is None or math.isnan(portion_g):
        return None
    return f"{measure} ({portion_g:g} g)"


def household(grams: float, measure: str | None, portion_g: float | None) -> str | None:
    """``grams`` in the food's own household measure, to the nearest quarter.

    >>> household(180, "1 cup", 240)
    '3/4 cup'
    >>> household(100, "1 1/2 cup", 150)
    '1 cup'
    >>> household(50, "1 medium", 118)
    '≈ 1/2 medium'
    >>> household(14.175, "1 oz (167 kernels)", 28.35)
    '1/2 oz (about 84 kernels)'
    """
    if not measure or portion_g is None or math.isnan(portion_g) or portion_g <= 0:
        return None
    count, unit = _split(measure)
    quarters = round(grams / portion_g * count * 4)
    if not math.isclose(grams, portion_g, rel_tol=0.02):
        unit = _COUNT.sub(lambda m: _pieces(m, grams / portion_g), unit)
    if quarters == 0:
        return f"less than 1/4 {unit}"
    exact = math.isclose(quarters / 4, grams / portion_g * count, rel_tol=0.02)
    return f"{'' if exact else '≈ '}{_fraction(Fraction(quarters, 4))} {unit}"


def _pieces(match: re.Match[str], portions: float) -> str:
    """The pieces in ``portions`` of a portion counted as ``match`` (whole pieces, at least 1)."""
    low, high, noun = match.group(1), match.group(2), match.group(3)
    counts = [max(1, round(int(n) * portions)) for n in (low, high) if n]
    return f"(about {'-'.join(str(c) for c in dict.fromkeys(counts))} {noun})"


def _split(measure: str) -> tuple[float, str]:
    """'1/2 cup, diced' -> (0.5, 'cup, diced'); a measure with no number counts as one."""
    match = _LEADING.match(measure)
    if not match:
        return 1.0, measure.strip()
    try:
        amount = float(sum(Fraction(part) for part in match.group(1).split()))
    except (ValueError, ZeroDivisionError):
        return 1.0, measure.strip()
    return (amount if amount > 0 else 1.0), match.group(2).strip()


def _fraction(value: Fraction) -> str:
    whole, rest = divmod(value, 1)
    if rest == 0:
        return str(whole)
    part = f"{rest.numerator}/{rest.denominator}"
    return f"{whole} {part}" if whole else part
