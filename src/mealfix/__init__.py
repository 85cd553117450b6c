"""mealfix: from suspected nutrient shortfalls to an explained, safe daily meal plan.

The pipeline, one module per stage::

    targets.py   person + suspects/symptoms -> nutrient targets
    foods.py     the food table (bundled USDA data or your own CSV)
    diet.py      foods + diet rules -> candidate foods
    model.py     candidates x targets -> the day's rows and rules, as arrays (matrix.py)
    solve.py     arrays -> HiGHS in one call (pulp_bridge.py: PuLP, for CBC and the week)
    optimize.py  model -> solve -> round -> verify: a checked day
    week.py      several days; patterns.py chooses them by column generation
    results.py   the immutable Plan (and week) results
    explain.py   why each food, what binds
    render.py    Plan -> table / json / csv / markdown
    pipeline.py  the one call that runs them all: ``mealfix.plan(...)``

Heavy libraries load only when a plan is made, so ``mealfix --help`` stays fast; a day plan
never loads PuLP.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mealfix.errors import DataError, InfeasiblePlan, MealfixError, SolverError, UsageError
    from mealfix.foods import load_foods
    from mealfix.pipeline import plan
    from mealfix.results import Plan
    from mealfix.targets import Person, load_targets

_LAZY = {
    "plan": "mealfix.pipeline",
    "Plan": "mealfix.results",
    "Person": "mealfix.targets",
    "load_targets": "mealfix.targets",
    "load_foods": "mealfix.foods",
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
    "SolverError",
    "UsageError",
    "__version__",
    "load_foods",
    "load_targets",
    "plan",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mealfix' has no attribute {name!r}")
