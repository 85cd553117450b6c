"""Write data/food_pool.csv: the foods of near-best days of many people (the default pool).

    python scripts/build_pool.py [--time-limit 15] [--jobs 2]

For each of 68 people (17 life stages from age 1 to 85, pregnancy and lactation, by the four
diets, each with a different suspected nutrient), the plate model is solved on the whole
bundled table for ``--time-limit`` seconds at a 1 % gap, and every food of every improving day
HiGHS found on the way is kept. The pool is the foods of at least ``--least-people`` (2)
people's days, with that number (in the last build, under issue 24's safety rules: 128 of 180
foods, at a 10 s limit). A day is solved on this pool first (a model a fraction of the size)
and on the whole table when the pool has no plan; ``--all-foods`` always uses the whole table.
"""

from __future__ import annotations

import argparse
import csv
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mealfix.errors import MealfixError
from mealfix.inputs.person import Person
from mealfix.model.case import make_case
from mealfix.model.day import setup_matrix
from mealfix.model.request import PlanRequest
from mealfix.solve.highs import Engine

OUT = Path(__file__).resolve().parent.parent / "data" / "food_pool.csv"
STAGES = (
    ("female", 1, "none"), ("male", 3, "none"), ("female", 5, "none"), ("male", 8, "none"),
    ("female", 10, "none"), ("male", 13, "none"), ("female", 16, "none"), ("male", 19, "none"),
    ("female", 25, "none"), ("male", 35, "none"), ("female", 45, "none"), ("male", 55, "none"),
    ("female", 65, "none"), ("male", 75, "none"), ("female", 85, "none"),
    ("female", 28, "pregnancy"), ("female", 31, "lactation"),
)  # fmt: skip
DIETS = ("omnivore", "vegetarian", "pescatarian", "vegan")
SUSPECTS = ((), ("magnesium",), ("calcium", "vitamin_d"), ("vitamin_b12",), ("potassium",))


def people() -> list[tuple[str, int, str, str, tuple[str, ...]]]:
    return [
        (sex, age, stage, diet, SUSPECTS[(i + j) % len(SUSPECTS)])
        for i, (sex, age, stage) in enumerate(STAGES)
        for j, diet in enumerate(DIETS)
    ]


def foods_of(args: tuple[tuple[str, int, str, str, tuple[str, ...]], float]) -> set[str]:
    """The foods of every improving day HiGHS finds for one person."""
    (sex, age, stage, diet, suspects), limit = args
    request = PlanRequest(
        person=Person(sex=sex, age=age, stage=stage),
        diet=diet,
        suspect=list(suspects),
        all_foods=True,
    )
    try:
        matrix = setup_matrix(make_case(request).setup())
    except MealfixError as error:  # a person the table has no day for adds no food
        print(f"{sex} {age} {stage} {diet}: {error}", flush=True)
        return set()
    solved = Engine().solve(matrix, limit, 0.01, mip_improving_solution_save=True, threads=1)
    days = [*solved.improving, *([solved.values] if solved.values is not None else [])]
    found: set[str] = set()
    for values in days:
        grams = matrix.column(values, "grams")
        assert grams is not None
        found |= {str(f) for f in grams.index[grams > 0.05]}
    print(f"{sex} {age} {stage} {diet} {'+'.join(suspects)}: {' '.join(sorted(found))}", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=15.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--least-people", type=int, default=2, help="keep foods in the days of this many people"
    )
    args = parser.parse_args()
    counts: dict[str, int] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for found in pool.map(foods_of, [(p, args.time_limit) for p in people()]):
            for food in found:
                counts[food] = counts.get(food, 0) + 1
    with OUT.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "people"])
        kept = [f for f in sorted(counts) if counts[f] >= args.least_people]
        for food in kept:
            writer.writerow([food, counts[food]])
    print(f"{len(kept)} of {len(counts)} foods -> {OUT}")


if __name__ == "__main__":
    main()
