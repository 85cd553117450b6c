"""Cold one-day plans for seeded random people: how fast a day is for people the benchmark's
twenty personas do not stand for (every activity, ages 1-85, pregnancy and breastfeeding,
four diets, suspicions). A measurement, never a test.

    python benchmarks/seeded.py [--seed 11] [--people 40]

The personas of ``run.py`` are all moderately active, and most share their day's model with a
stored day (``data/MEALS.md``); these people are drawn without looking at the stored days.
Each plan is timed in-process after ``mealfix.forget()`` (no remembered answers, no parsed
tables), imports done, as ``run.py`` times the personas.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import mealfix
from mealfix import Person

ACTIVITIES = ("sedentary", "moderate", "active")
DIETS = ("omnivore", "omnivore", "vegetarian", "pescatarian", "vegan")
SUSPICIONS: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("magnesium",),
    ("calcium",),
    ("vitamin_d",),
    ("potassium",),
    ("vitamin_b12",),
    ("magnesium", "calcium"),
)


def someone(rng: random.Random) -> tuple[str, int, str, str, str, tuple[str, ...]]:
    """Sex, age (a child or an adult, each half the time), life stage, activity, diet and
    suspicions, drawn in this order (the order fixes who a seed gives)."""
    sex = rng.choice(["female", "male"])
    age = rng.choice([rng.randint(1, 18), rng.randint(19, 85)])
    stage = "none"
    if sex == "female" and 16 <= age <= 45 and rng.random() < 0.3:
        stage = rng.choice(["pregnancy", "lactation"])
    return sex, age, stage, rng.choice(ACTIVITIES), rng.choice(DIETS), rng.choice(SUSPICIONS)


def main(seed: int, people: int) -> None:
    mealfix.plan(Person(sex="male", age=40), diet="omnivore")  # imports and first use
    rng = random.Random(seed)
    times: list[float] = []
    for number in range(people):
        sex, age, stage, activity, diet, suspects = someone(rng)
        mealfix.forget()
        start = time.perf_counter()
        try:
            day = mealfix.plan(
                Person(sex=sex, age=age, stage=stage),
                diet=diet,
                suspect=list(suspects),
                activity=activity,
            )
            said = f"{day.status}, objective {day.objective.value}"
        except mealfix.MealfixError as error:
            said = f"no plan ({type(error).__name__})"
        took = time.perf_counter() - start
        times.append(took)
        who = f"{sex} {age} {stage} {activity} {diet} {'+'.join(suspects) or '-'}"
        print(f"{number:2d} {who}: {took:.2f} s, {said}", flush=True)
    ordered = sorted(times)
    print(
        f"seed {seed}, {people} people: median {statistics.median(ordered):.2f} s, "
        f"p90 {ordered[int(0.9 * (len(ordered) - 1))]:.2f} s, max {ordered[-1]:.2f} s, "
        f"in all {sum(ordered):.1f} s"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--people", type=int, default=40)
    args = parser.parse_args()
    main(args.seed, args.people)
