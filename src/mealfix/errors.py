"""The few domain errors mealfix raises; the CLI turns each into one line and an exit code.

The bottom of the package: every stage raises these, and they import nothing of mealfix.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Shortfall(BaseModel):
    """How close the best possible day gets to a target it cannot meet."""

    model_config = ConfigDict(frozen=True)

    nutrient: str
    name: str
    unit: str
    bound: str
    target: float
    best: float
    pct: float | None


class MealfixError(Exception):
    """Base of every error mealfix reports to a person rather than as a traceback."""

    exit_code = 2


class UsageError(MealfixError):
    """An option or argument that cannot be used (unknown diet, age out of range, ...)."""


class DataError(MealfixError):
    """A foods or targets file that cannot be read or does not make sense.

    The message always names the file, and where known the row or key, and the problem.
    """

    def __init__(self, source: str, problem: str, where: str | None = None) -> None:
        self.source = source
        self.where = where
        self.problem = problem
        place = f"{source}, {where}" if where else source
        super().__init__(f"{place}: {problem}")


class InfeasiblePlan(MealfixError):
    """No plan meets every target and limit; carries what the closest plan reaches."""

    exit_code = 1

    def __init__(self, message: str, shortfalls: list[Shortfall], details: dict[str, Any]) -> None:
        self.shortfalls = shortfalls
        self.details = details
        super().__init__(message)


class SolverError(MealfixError):
    """The solver did not prove an answer (time limit, numerical trouble, unchecked result)."""

    exit_code = 3
