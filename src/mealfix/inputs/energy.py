"""Energy that fits the person: the Dietary Guidelines' calorie need for age, sex and activity
(Appendix 2), plus pregnancy by trimester and lactation by months postpartum.

A plan aims at that need within ±5 %, so a day is neither the bottom of a wide range for a
pregnant woman nor a toddler's day at an adult's energy. ``--energy MIN-MAX`` sets it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mealfix.errors import DataError, UsageError
from mealfix.inputs.files import bundled_path, load_cached, read_yaml
from mealfix.inputs.person import Person

Activity = Literal["sedentary", "moderate", "active"]
ACTIVITIES: tuple[Activity, ...] = ("sedentary", "moderate", "active")
#: The day's energy may sit this far either side of the need (the DGA's figures are rounded to
#: the nearest 200 kcal and are averages for a reference body).
ENERGY_MARGIN = 0.05
#: When a pregnancy's trimester is not given, the second is assumed (the plan says so).
DEFAULT_TRIMESTER = 2


@dataclass(frozen=True)
class EnergyNeed:
    """The day's energy aim: a need in kcal, the range around it and where it comes from."""

    kcal: float
    low: float
    high: float
    basis: str


def load_calorie_needs(path: str | Path | None = None) -> dict[str, Any]:
    """The parsed calorie-needs table (the bundled DGA Appendix 2 when ``path`` is None)."""
    file = Path(path) if path is not None else bundled_path("calorie_needs.yaml")
    return load_cached(file, _load, file.name if path is None else str(path))


def _load(file: Path, label: str) -> dict[str, Any]:
    data = read_yaml(file, label)
    if not isinstance(data, dict) or "needs" not in data:
        raise DataError(label, "has no 'needs' table")
    return data


def energy_need(
    person: Person,
    activity: Activity = "moderate",
    *,
    trimester: int | None = None,
    months_postpartum: int | None = None,
    table: dict[str, Any] | None = None,
) -> EnergyNeed:
    """The DGA calorie need of ``person``, and the day's range around it."""
    doc = table if table is not None else load_calorie_needs()
    if trimester is not None and person.stage != "pregnancy":
        raise UsageError("--trimester applies to a pregnancy (--pregnant)")
    if months_postpartum is not None and person.stage != "lactation":
        raise UsageError("--months-postpartum applies to breastfeeding (--lactating)")
    if person.age < 2:
        rows = doc["toddlers"]["needs"]
        middle = rows[len(rows) // 2]  # 18 months: the middle of the second year
        kcal = float(middle[person.sex])
        basis = f"DGA Appendix 2, ages 12-23 months ({middle['row']} months row)"
    else:
        row = next(
            (
                r
                for r in doc["needs"]
                if r["sex"] == person.sex and r["age_min"] <= person.age <= r["age_max"]
            ),
            None,
        )
        if row is None:
            raise DataError("calorie_needs.yaml", f"no row for a {person.sex} aged {person.age}")
        kcal = float(row[activity])
        basis = f"DGA Appendix 2, {person.sex} aged {person.age}, {activity} activity"
    if person.stage == "pregnancy":
        chosen = trimester or DEFAULT_TRIMESTER
        kcal += float(doc["pregnancy"]["trimester"][chosen])
        assumed = "" if trimester else ", assumed: give --trimester"
        basis += f", pregnancy trimester {chosen}{assumed}"
    elif person.stage == "lactation":
        months = 0 if months_postpartum is None else months_postpartum
        bands = doc["lactation"]["months"]
        band = next((b for b in bands if b["months_min"] <= months <= b["months_max"]), bands[-1])
        kcal += float(band["extra"])
        when = "first 6 months, assumed" if months_postpartum is None else f"month {months}"
        basis += f", breastfeeding ({when})"
    return EnergyNeed(kcal, kcal * (1 - ENERGY_MARGIN), kcal * (1 + ENERGY_MARGIN), basis)


def parse_energy(text: str) -> tuple[float, float]:
    """``MIN-MAX`` kcal (e.g. ``1800-2100``) as numbers, checked."""
    low, sep, high = text.partition("-")
    try:
        pair = (float(low), float(high))
    except ValueError:
        raise UsageError(f"--energy {text!r}: write MIN-MAX in kcal, e.g. 1800-2100") from None
    if not sep or not 0 < pair[0] <= pair[1] <= 10000:
        raise UsageError(f"--energy {text!r}: write MIN-MAX in kcal, with 0 < MIN <= MAX")
    return pair
