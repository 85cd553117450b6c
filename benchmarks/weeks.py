"""Weeks for the README example and ten benchmark personas: each week's proven gap, its
days and different day menus, at one time limit. A measurement, never a test.

    python benchmarks/weeks.py 10      # the issue's 10 s; about 2½ minutes on 2 cores
    python benchmarks/weeks.py 30

Issue 25's goal is a proven gap of at most 2 % in at most 10 s for each of them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PERSONAS

import mealfix
from mealfix import Person

#: The README's example person, then ten of the benchmark personas (both sexes, ages 6-80,
#: four diets, pregnancy and lactation, suspects).
PEOPLE = [("female", 34, "none", "vegan", ("magnesium", "vitamin_b12"))] + [
    PERSONAS[i] for i in (1, 2, 4, 5, 6, 9, 11, 13, 15, 18)
]


def main(limit: float) -> None:
    gaps: list[float] = []
    for sex, age, stage, diet, suspects in PEOPLE:
        mealfix.forget()
        start = time.perf_counter()
        label = f"{sex} {age} {stage} {diet} {'+'.join(suspects) or '-'}"
        try:
            week = mealfix.week(
                Person(sex=sex, age=age, stage=stage),
                diet=diet,
                suspect=list(suspects),
                time_limit=limit,
            )
        except mealfix.MealfixError as error:
            print(f"{label}: no week ({error})", flush=True)
            continue
        took = time.perf_counter() - start
        menus = len({frozenset(f.id for f in day.foods) for day in week.days})
        gap = week.gap
        if gap is not None:
            gaps.append(gap)
        shown = "unknown" if gap is None else f"{100 * gap:.2f} %"
        print(f"{label}: {took:.1f} s, gap {shown}, {len(week.days)} days, {menus} menus")
    if gaps:
        print(
            f"limit {limit:g} s: {len(gaps)} of {len(PEOPLE)} weeks, gap median "
            f"{100 * statistics.median(gaps):.2f} %, max {100 * max(gaps):.2f} %, "
            f"{sum(g <= 0.02 for g in gaps)} within 2 %"
        )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
