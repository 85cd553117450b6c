"""The yardstick for a plan's cost: USDA's Thrifty Food Plan for the person's age-sex group
(``data/tfp.yaml``) in one month's dollars, and the CPI for food at home (``data/cpi.yaml``)
that states a cost priced in the price table's year in that month's dollars. Both files name
their sources; nothing here is estimated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mealfix.inputs.files import bundled_path, load_cached, read_yaml, validated
from mealfix.inputs.person import Person

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CpiSeries(_Strict):
    """Monthly index values of one CPI series, and the year the price table's dollars are."""

    series: str
    title: str
    source: str = Field(min_length=1)
    prices_year: int
    months: dict[str, float]

    @model_validator(mode="after")
    def _whole_price_year(self) -> CpiSeries:
        for month, value in self.months.items():
            if not re.match(MONTH, month) or value <= 0:
                raise ValueError(f"month {month!r}: need YYYY-MM and a positive index")
        year = [m for m in self.months if m.startswith(f"{self.prices_year}-")]
        if len(year) != 12:
            raise ValueError(f"prices_year {self.prices_year} needs all 12 months ({len(year)})")
        return self

    def year_mean(self) -> float:
        """The annual average of the price table's year: the mean of its twelve months."""
        year = [v for m, v in self.months.items() if m.startswith(f"{self.prices_year}-")]
        return sum(year) / len(year)

    def factor(self, month: str) -> float:
        """Multiplier from the price table's (annual-average) dollars to ``month``'s dollars."""
        return self.months[month] / self.year_mean()


class TfpGroup(_Strict):
    """One age-sex group of the Thrifty Food Plan and its weekly cost."""

    sex: Literal["female", "male", "any"]
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)
    label: str
    weekly_usd: float = Field(gt=0)

    @property
    def daily_usd(self) -> float:
        return self.weekly_usd / 7

    def fits(self, person: Person) -> bool:
        return self.sex in ("any", person.sex) and self.age_min <= person.age <= self.age_max


class ThriftyPlan(_Strict):
    """The Thrifty Food Plan's costs for one month, per age-sex group."""

    plan: str
    month: str = Field(pattern=MONTH)
    month_name: str
    source: str = Field(min_length=1)
    notes: str = ""
    groups: list[TfpGroup] = Field(min_length=1)

    def group(self, person: Person) -> TfpGroup | None:
        """The person's age-sex group (the first that fits), or None."""
        return next((g for g in self.groups if g.fits(person)), None)


def cpi() -> CpiSeries:
    """The bundled CPI for food at home (``data/cpi.yaml``)."""
    return load_cached(bundled_path("cpi.yaml"), _load_cpi, "cpi.yaml")


def thrifty_plan() -> ThriftyPlan:
    """The bundled Thrifty Food Plan costs (``data/tfp.yaml``), checked against the CPI file:
    the TFP month must have an index so a cost can be stated in its dollars."""
    plan: ThriftyPlan = load_cached(bundled_path("tfp.yaml"), _load_tfp, "tfp.yaml")
    if plan.month not in cpi().months:
        from mealfix.errors import DataError

        raise DataError("cpi.yaml", f"no index for the TFP month {plan.month}", "months")
    return plan


def _load_cpi(file: Path, label: str) -> CpiSeries:
    series: CpiSeries = validated(CpiSeries, read_yaml(file, label), label)
    return series


def _load_tfp(file: Path, label: str) -> ThriftyPlan:
    plan: ThriftyPlan = validated(ThriftyPlan, read_yaml(file, label), label)
    return plan
