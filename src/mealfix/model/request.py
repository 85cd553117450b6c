"""What a person asks for: every option of a plan, with the only copy of the defaults.

:func:`mealfix.plan` builds a :class:`PlanRequest` from its keywords, the CLI from its options
and a batch from each CSV row; a week adds its own few options in :class:`WeekRequest`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Self, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mealfix.errors import UsageError
from mealfix.inputs.energy import Activity, parse_energy
from mealfix.inputs.person import Person
from mealfix.inputs.targets import TargetTable
from mealfix.model.defaults import PLAN, WEEK
from mealfix.model.rules import Objective

R = TypeVar("R", bound="PlanRequest")
LIST_OPTIONS = ("suspect", "symptoms", "allergies", "exclude", "include", "allow")


class PlanRequest(BaseModel):
    """Every option of a one-day plan. Lists accept a comma-separated string too."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", arbitrary_types_allowed=True, allow_inf_nan=False
    )

    person: Person | None = None
    diet: str = PLAN["diet"]
    #: Daily activity, for the Dietary Guidelines' calorie need (Appendix 2).
    activity: Activity = PLAN["activity"]
    trimester: int | None = Field(default=None, ge=1, le=3)
    months_postpartum: int | None = Field(default=None, ge=0, le=60)
    #: The day's energy range in kcal, instead of the need ±5 % (``(min, max)`` or "MIN-MAX").
    energy: tuple[float, float] | None = None
    suspect: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    #: Life-stage safety rules to lift by name (the plan warns that each was lifted).
    allow: tuple[str, ...] = ()
    foods: str | Path | pd.DataFrame | None = None
    targets: str | Path | TargetTable | None = None
    objective: Objective = PLAN["objective"]
    #: Each food group within this share of its pattern amount (under every objective).
    pattern_range: tuple[float, float] = PLAN["pattern_range"]
    #: No Dietary Guidelines pattern at all: no food-group rows, no pattern objective.
    no_pattern: bool = False
    #: No meal rules: the day's foods are not spread over breakfast, lunch, dinner and snacks.
    no_meals: bool = False
    #: Choose from the whole foods table, not first from the bundled pool of foods.
    all_foods: bool = False
    current: str | Path | dict[str, float] | None = None
    max_foods: int | None = Field(default=PLAN["max_foods"], description="None: no limit")
    max_per_group: int | None = Field(default=PLAN["max_per_group"], description="None: no limit")
    min_per_group: dict[str, int] = Field(default_factory=lambda: dict(PLAN["min_per_group"]))
    min_portion: float = PLAN["min_portion"]
    servings: bool = PLAN["servings"]
    budget: float | None = None
    overrides: dict[str, dict[str, float | None]] | None = None
    solver: str | None = None
    time_limit: float | None = PLAN["time_limit"]
    gap: float | None = PLAN["gap"]
    skip_unknown: bool = PLAN["skip_unknown"]
    solver_options: dict[str, Any] | None = None

    @field_validator(*LIST_OPTIONS, mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        """'a,b' and ['a', 'b'] both mean two items; ``include`` keeps commas in food names."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("energy", mode="before")
    @classmethod
    def _energy(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_energy(value)
        if isinstance(value, (tuple, list)) and len(value) == 2:
            return parse_energy(f"{value[0]}-{value[1]}")  # the same checks as the option
        return value

    @classmethod
    def of(cls, person: Person | None = None, **options: Any) -> Self:
        """A request from keyword options; a wrong name or value is a one-line UsageError."""
        return _build(cls, person, options)

    def replaced(self, **changes: Any) -> Self:
        """The same request with some options changed (and checked again)."""
        return _build(type(self), self.person, {**self._given(), **changes})

    def _given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).model_fields if name != "person"}


class WeekRequest(PlanRequest):
    """A plan of several days: each base food on at most ``max_days`` of them, each lunch or
    dinner plate on at most ``repeat``."""

    days: int = Field(default=WEEK["days"], ge=1, le=14)
    max_days: int = Field(default=WEEK["max_days"], ge=1)
    repeat: int = Field(default=WEEK["repeat"], ge=1)
    time_limit: float | None = WEEK["time_limit"]
    gap: float | None = WEEK["gap"]


def _build(kind: type[R], person: Person | None, options: dict[str, Any]) -> R:
    known = list(kind.model_fields)
    for name in options:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"unknown option {name!r}{hint}")
    given = dict(options)
    if given.get("min_per_group") is None:  # None: the default groups
        given.pop("min_per_group", None)
    try:
        return kind(person=person, **given)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        if len(loc) > 1 and not loc[1].isdigit() and loc[0] in options:
            # a union (a path or a table): pydantic names the member it tried, not the option
            value = options[loc[0]]
            raise UsageError(
                f"option {loc[0]}: a {type(value).__name__} is not accepted here "
                "(give a file path or the table itself)"
            ) from None
        where = ".".join(loc) or "option"
        raise UsageError(f"option {where}: {first['msg']}") from None
