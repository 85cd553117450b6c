"""How close a week can be proven in a short time when the search is handed what a long search
learned: the long week's seven days as its starting days, and the food prices of the long
search's best bound as its first prices. A measurement, never a test.

    python benchmarks/week_informed.py female 34 vegan magnesium+vitamin_b12 --long 240
    python benchmarks/week_informed.py male 25 omnivore - --long 120

It answers whether issue 25's goal (a proven gap of 2 % in 10 s) is within reach of a store of
earlier weeks and prices, as the day's stored days made a day fast: a short week that starts
where the long one ended only has to prove its bound, one pricing round. The long week's
starting rotation keeps to the bundled pool (no repair), so both searches share one day model.
It reaches into ``mealfix.solve`` (the week search's start and first prices), which no user
of the library should do.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

import mealfix
import mealfix.solve.patterns as patterns
import mealfix.solve.rotation as rotation
import mealfix.solve.week as week
from mealfix import Person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sex")
    parser.add_argument("age", type=int)
    parser.add_argument("diet")
    parser.add_argument("suspects", help="'+'-joined nutrients, or - for none")
    parser.add_argument("--stage", default="none")
    parser.add_argument("--long", type=float, default=240.0, help="the long search's seconds")
    parser.add_argument("--short", type=float, default=10.0, help="the informed search's seconds")
    parser.add_argument("--gap", type=float, default=0.02, help="the weeks' gap (issue 25: 2 %%)")
    args = parser.parse_args()
    suspects = [s for s in args.suspects.split("+") if s not in ("", "-")]
    who: dict[str, Any] = {
        "person": Person(sex=args.sex, age=args.age, stage=args.stage),
        "diet": args.diet,
        "suspect": suspects,
        "gap": args.gap,
    }
    rotation.STARVED = float("inf")  # no repair: the pool, hence the day model, stays the same
    search = patterns.plan_patterns
    solve = patterns.solve_matrix
    learned: dict[str, Any] = {"bound": -np.inf}

    def long_search(day: Any, days: int, k: int, **options: Any) -> Any:
        uses = day.blocks["unit"] if "unit" in day.blocks else day.blocks["use"]

        def priced(matrix: Any, settings: Any, **more: Any) -> Any:
            solved = solve(matrix, settings, **more)
            bound = solved.outcome.bound
            if len(matrix.cost) == len(day.cost) and matrix.integer.any() and bound is not None:
                prices = matrix.cost[uses] - day.cost[uses]
                lagrangian = days * bound - k * float(prices.sum())
                if lagrangian > learned["bound"]:
                    learned.update(bound=lagrangian, prices=prices.copy())
            return solved

        patterns.solve_matrix = priced
        try:
            found = search(day, days, k, **options)
        finally:
            patterns.solve_matrix = solve
        learned.update(columns=len(day.cost), days=[p.values for p in found.days])
        return found

    week.plan_patterns = long_search
    start = time.perf_counter()
    long = mealfix.week(**who, time_limit=args.long)
    print(
        f"long:     {time.perf_counter() - start:6.1f} s, week {long.objective.value:.4f}, "
        f"best bound {learned['bound']:.4f}, gap {100 * (long.gap or np.nan):.2f} %"
    )

    def informed(day: Any, days: int, k: int, **options: Any) -> Any:
        assert len(day.cost) == learned["columns"], "the two searches' day models differ"
        return search(day, days, k, **{**options, "seeds": learned["days"]})

    mealfix.forget()
    week.plan_patterns = informed
    week.rotation_start = lambda *_, **__: []  # type: ignore[assignment]
    patterns._starting_prices = lambda *_, **__: (learned["prices"], -np.inf)  # type: ignore[assignment]
    start = time.perf_counter()
    short = mealfix.week(**who, time_limit=args.short)
    print(
        f"informed: {time.perf_counter() - start:6.1f} s, week {short.objective.value:.4f}, "
        f"gap {100 * (short.gap or np.nan):.2f} % ({short.status})"
    )


if __name__ == "__main__":
    main()
