"""mealfix: from suspected nutrient shortfalls to an explained, safe daily meal plan.

The package follows the chain a plan is made along, one subpackage per stage, data flowing one
way (an import-linter contract in ``pyproject.toml`` keeps it so)::

    inputs/   files, foods, diet rules, targets, symptoms, the person
    model/    the request and its only copy of the defaults, the rules, the day as arrays,
              the PuLP adapter
    solve/    backends and statuses, settle a day (solve -> round -> verify), week, meals
    explain/  a plan's reasons; the no-plan report and ways out; gaps, budget curve, suspects
    output/   result types that show themselves, text, HTML, plots
    api.py    one call per request: plan, week, suspects, gaps, score, to_pulp, ...
    cli/, batch.py   the command line (options, commands) and many people at once

Heavy libraries load only when a plan is made, so ``mealfix --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mealfix.api import (
        budget_curve,
        forget,
        gaps,
        plan,
        plan_from_pulp,
        plan_or_report,
        score,
        suspects,
        to_pulp,
        week,
    )
    from mealfix.errors import DataError, InfeasiblePlan, MealfixError, SolverError, UsageError
    from mealfix.inputs.foods import load_foods
    from mealfix.inputs.person import Person
    from mealfix.inputs.targets import load_targets
    from mealfix.model.request import PlanRequest, WeekRequest
    from mealfix.output.results import Plan, WeekPlan

_LAZY = {
    "plan": "mealfix.api",
    "week": "mealfix.api",
    "plan_or_report": "mealfix.api",
    "suspects": "mealfix.api",
    "gaps": "mealfix.api",
    "budget_curve": "mealfix.api",
    "to_pulp": "mealfix.api",
    "plan_from_pulp": "mealfix.api",
    "forget": "mealfix.api",
    "score": "mealfix.api",
    "Plan": "mealfix.output.results",
    "WeekPlan": "mealfix.output.results",
    "PlanRequest": "mealfix.model.request",
    "WeekRequest": "mealfix.model.request",
    "Person": "mealfix.inputs.person",
    "load_targets": "mealfix.inputs.targets",
    "load_foods": "mealfix.inputs.foods",
    "MealfixError": "mealfix.errors",
    "DataError": "mealfix.errors",
    "UsageError": "mealfix.errors",
    "InfeasiblePlan": "mealfix.errors",
    "SolverError": "mealfix.errors",
}

__all__ = [
    "DataError",
    "InfeasiblePlan",
    "MealfixError",
    "Person",
    "Plan",
    "PlanRequest",
    "SolverError",
    "UsageError",
    "WeekPlan",
    "WeekRequest",
    "__version__",
    "budget_curve",
    "forget",
    "gaps",
    "load_foods",
    "load_targets",
    "plan",
    "plan_from_pulp",
    "plan_or_report",
    "score",
    "suspects",
    "to_pulp",
    "week",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mealfix' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
