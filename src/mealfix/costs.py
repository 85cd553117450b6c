"""What adequacy a budget buys: the cost/adequacy curve behind ``--budget``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from mealfix.optimize import closest_day, prepare
from mealfix.pipeline import make_request, request_defaults
from mealfix.solve import Outcome
from mealfix.targets import Person


def budget_curve(person: Person | None, budgets: Iterable[float], **options: Any) -> pd.DataFrame:
    """For each day budget (USD), how much of the targets the best day within it reaches.

    ``adequacy_pct`` is the mean over the minimum targets of min(100, % reached); 100 means a
    plan that meets every target exists within the budget. ``options`` are those of
    :func:`mealfix.plan`. Returns a DataFrame indexed by budget.

    >>> from mealfix import Person
    >>> curve = budget_curve(Person(sex="female", age=30), [1.0, 5.0])
    >>> bool(curve.loc[5.0, "adequacy_pct"] >= curve.loc[1.0, "adequacy_pct"])
    True
    """
    request = make_request(person, **{**request_defaults(), **options})
    rows = []
    for budget in budgets:
        setup = prepare(
            request.pool,
            request.targets,
            request.objective,
            request.rules,
            current=request.current,
            budget=float(budget),
        )
        closest = closest_day(setup, request.targets, hard_budget=True)
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
