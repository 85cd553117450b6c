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

Heavy libraries load only when a plan is made, so ``mealfix --help`` stays fast: the public
names below and every subpackage and module (``mealfix.explain.costs``) load on first use.
"""

from __future__ import annotations

import importlib as _importlib
import types as _types
import typing as _typing

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:
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

#: The stages (each a folder whose ``__init__`` holds only its docstring, so cheap to import).
_STAGES = ("inputs", "model", "solve", "explain", "output")
#: Every public module and subpackage, reachable as ``mealfix.NAME`` after ``import mealfix``.
_SUBMODULES = ("api", "batch", "cli", "errors", *_STAGES)

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


#: The calls whose docstring lists every option, written from the command line's options.
_DOCUMENTED = {"plan": "plan", "plan_or_report": "plan", "gaps": "gaps", "week": "week"}


def __getattr__(name: str) -> object:
    """Load a public name or a submodule on first use (PEP 562)."""
    if name in _LAZY:
        found = getattr(_importlib.import_module(_LAZY[name]), name)
        if name in _DOCUMENTED:
            _document(found, _DOCUMENTED[name])
        return found
    if name in _SUBMODULES:
        return _with_loader(_importlib.import_module(f"{__name__}.{name}"))
    raise AttributeError(f"module 'mealfix' has no attribute {name!r}")


def _document(func: _typing.Any, command: str) -> None:
    """Add every option of ``mealfix COMMAND`` to ``func``'s docstring, once (the command line's
    option table is the one place an option is described; the api may not import it)."""
    if getattr(func, "_options_documented", False):
        return
    docs = _importlib.import_module("mealfix.cli.docs")  # on first use, like every name here
    func.__doc__ = (
        f"{func.__doc__ or ''}\n\n    Options (each also ``mealfix {command} --OPTION``):\n\n"
        + docs.python_options(command)
        + "\n"
    )
    func._options_documented = True


def __dir__() -> list[str]:
    """The public API and the submodules, not the helpers this module imports."""
    return sorted({*__all__, *_SUBMODULES})


def _package_getattr(package: str) -> _typing.Callable[[str], object]:
    """A package's ``__getattr__``: ``mealfix.explain.costs`` imports that module on first use,
    whichever way ``mealfix.explain`` itself was first imported."""

    def load(name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            return _importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None

    return load


def _with_loader(module: _types.ModuleType) -> _types.ModuleType:
    """``module``, a package given a ``__getattr__`` that imports its modules on first use."""
    if hasattr(module, "__path__") and "__getattr__" not in vars(module):
        module.__getattr__ = _package_getattr(module.__name__)  # type: ignore[method-assign]
    return module


for _stage in _STAGES:
    _with_loader(_importlib.import_module(f"{__name__}.{_stage}"))
del _stage
