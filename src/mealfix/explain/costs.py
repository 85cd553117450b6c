"""What adequacy a budget buys: the cost/adequacy curve behind ``--budget``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from mealfix.model.case import Case
from mealfix.solve.closest import closest_day
from mealfix.solve.settings import SolverSettings
from mealfix.solve.status import Outcome


def budget_curve(
    case: Case, budgets: Iterable[float], settings: SolverSettings | None = None
) -> pd.DataFrame:
    """For each day budget (USD), how much of the targets the best day within it reaches.

    ``adequacy_pct`` is the mean over the required minimum targets of min(100, % reached);
    100 means a plan that meets every required target exists within the budget (a soft
    target, an AI whose shortfall is priced and reported, is not counted). ``options`` are those of
    :func:`mealfix.plan` (through :func:`mealfix.budget_curve`). Returns a DataFrame indexed
    by budget.

    >>> from mealfix import Person, budget_curve
    >>> curve = budget_curve(Person(sex="female", age=30), [1.0, 5.0])
    >>> bool(curve.loc[5.0, "adequacy_pct"] >= curve.loc[1.0, "adequacy_pct"])
    True
    """
    settings = settings or SolverSettings.of(case.request)
    rows = []
    for budget in budgets:
        setup = replace(case, budget=float(budget)).setup()
        closest = closest_day(setup, case.targets, settings, hard_budget=True)
        if isinstance(closest, Outcome):
            rows.append(
                {
                    "budget": float(budget),
                    "adequacy_pct": float("nan"),
                    "cost": None,
                    "short": "no day within the food rules",
                }
            )
            continue
        meta = setup.rows.meta
        mins = meta[(meta["bound"] == "min") & (meta["kind"] == "nutrient")]
        if "soft" in mins.columns:  # an AI priced, not required (sodium's, unless suspected)
            mins = mins[~mins["soft"].fillna(False).astype(bool)]
        reached = (closest.activity[mins.index] / mins["rhs"]).clip(upper=1.0) * 100
        cost = float((setup.foods["price"] * closest.grams).sum() / 100.0)
        short = [str(mins.at[r, "nutrient"]) for r in mins.index if reached[r] < 99.99]
        rows.append(
            {
                "budget": float(budget),
                "adequacy_pct": round(float(reached.mean()), 2),
                "cost": round(cost, 2),
                "short": ", ".join(short),
            }
        )
    return pd.DataFrame(rows).set_index("budget")
