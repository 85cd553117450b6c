"""What a person asks for: every option of a plan, with the only copy of the defaults.

:func:`mealfix.plan` builds a :class:`PlanRequest` from its keywords, the CLI from its options
and a batch from each CSV row; a week adds its own few options in :class:`WeekRequest`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

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
#: Options that are numbers: True/False is refused there, not read as 1/0.
NUMBER_OPTIONS = (
    "trimester",
    "months_postpartum",
    "max_foods",
    "max_per_group",
    "min_portion",
    "budget",
    "time_limit",
    "gap",
)
Grams = Annotated[float, Field(ge=0)]
Count = Annotated[int, Field(ge=0)]


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
    current: str | Path | dict[str, Grams] | None = None
    max_foods: int | None = Field(default=PLAN["max_foods"], ge=1, description="None: no limit")
    max_per_group: int | None = Field(
        default=PLAN["max_per_group"], ge=1, description="None: no limit"
    )
    min_per_group: dict[str, Count] = Field(default_factory=lambda: dict(PLAN["min_per_group"]))
    #: The least amount of a food used, in portions (as --min-portion: 0 to 10).
    min_portion: float = Field(default=PLAN["min_portion"], ge=0, le=10)
    servings: bool = PLAN["servings"]
    budget: float | None = Field(default=None, gt=0)
    overrides: dict[str, dict[str, float | None]] | None = None
    solver: Literal["highs", "cbc"] | None = None
    #: Seconds for the whole command (None: no limit).
    time_limit: float | None = Field(default=PLAN["time_limit"], ge=0)
    #: The relative gap a plan is proven within (0.01 = 1 %; None: a full proof).
    gap: float | None = Field(default=PLAN["gap"], ge=0, le=1)
    skip_unknown: bool = PLAN["skip_unknown"]
    solver_options: dict[str, Any] | None = None

    @field_validator(*LIST_OPTIONS, mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        """'a,b' and ['a', 'b'] both mean two items; ``include`` keeps commas in food names."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator(*NUMBER_OPTIONS, mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        """A number, not True/False (which Python would take as 1/0); a numpy number is one."""
        if isinstance(value, bool):
            raise ValueError(f"a number is meant here, not {value}")
        return value

    @field_validator("solver", mode="before")
    @classmethod
    def _solver(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

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
    time_limit: float | None = Field(default=WEEK["time_limit"], ge=0)
    gap: float | None = Field(default=WEEK["gap"], ge=0, le=1)

    @field_validator("days", "max_days", "repeat", mode="before")
    @classmethod
    def _count(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(f"a number is meant here, not {value}")
        return value


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
        raise UsageError(_said(exc, options)) from None


def _said(exc: ValidationError, options: dict[str, Any]) -> str:
    """The one line for a refused option: its name (and key, inside a mapping) and why."""
    errors = exc.errors()
    first = max(errors, key=lambda e: len(e["loc"]))  # the deepest: what the value was meant as
    loc = [str(p) for p in first["loc"]]
    # a union (a path or a table, say): pydantic names each member it tried after the option
    union = len({str(e["loc"][1]) for e in errors if len(e["loc"]) > 1 and e["loc"][0] == loc[0]})
    meant_as_mapping = len(loc) > 2 and loc[1].startswith("dict[")  # grams by food, say
    if union > 1 and not meant_as_mapping and loc[0] in options:
        value = options[loc[0]]
        return (
            f"option {loc[0]}: a {type(value).__name__} is not accepted here "
            "(give a file path or the table itself)"
        )
    where = ".".join([loc[0], *(loc[2:] if union > 1 else loc[1:])]) if loc else "option"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"option {where}: {message} (given {_shown(first.get('input'))})"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
