"""Who the plan is for: sex, age and life stage pick the DRI life-stage group."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mealfix.errors import UsageError

Sex = Literal["female", "male"]
Stage = Literal["none", "pregnancy", "lactation"]


class Person(BaseModel):
    """Who the plan is for; picks the DRI life-stage group."""

    model_config = ConfigDict(frozen=True)

    sex: Sex
    age: int = Field(ge=1, le=120, description="age in whole years (DRIs here start at 1)")
    stage: Stage = "none"

    @field_validator("sex", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        """'Female' and 'female' are the same person."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("age", mode="before")
    @classmethod
    def _whole_years(cls, value: object) -> object:
        """An age is a number of years, not True/False (which Python would take as 1/0)."""
        if isinstance(value, bool):
            raise ValueError("a number of years is meant here, not True/False")
        return value

    @model_validator(mode="after")
    def _stage_fits(self) -> Person:
        if self.stage != "none" and self.sex != "female":
            raise ValueError(f"{self.stage} applies to females only")
        return self

    def __init__(self, **data: object) -> None:
        """A wrong sex, age or stage is mealfix's own UsageError, in Python's words."""
        try:
            super().__init__(**data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            said = f" {where}={data.get(where)!r}" if where else ""
            raise UsageError(f"Person{said}: {message}") from None


def make_person(
    sex: str | None, age: int | None, *, pregnant: bool = False, lactating: bool = False
) -> Person | None:
    """A Person from command-line words, or None when neither sex nor age is given."""
    if sex is None and age is None:
        if pregnant or lactating:
            raise UsageError("--pregnant/--lactating need --sex female and --age")
        return None
    if sex is None or age is None:
        raise UsageError("give both --sex and --age (or neither, with a one-person targets file)")
    if pregnant and lactating:
        raise UsageError("choose one of --pregnant and --lactating")
    stage: Stage = "pregnancy" if pregnant else "lactation" if lactating else "none"
    try:
        return Person(sex=sex.lower(), age=age, stage=stage)
    except UsageError as exc:
        message = str(exc).split(": ", 1)[-1]
        if "age=" in str(exc):
            message = f"age {age} is out of range: DRIs here cover ages 1 to 120"
        elif "sex=" in str(exc):
            message = f"sex {sex!r} is not one of: female, male"
        raise UsageError(message) from None
