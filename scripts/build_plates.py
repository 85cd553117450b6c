"""Write data/plate_days.csv: the plates of near-best days of many people (starting days).

    python scripts/build_plates.py [--time-limit 8] [--young-limit 40] [--jobs 2] [--ages 1,3]
                                   [--missing]

The people: 40 moderately active ones (16 ages of each sex from 1 to 85, four ages of
pregnancy and of lactation), then one for each other level a day model's
`mealfix.inputs.plate_days.Kin` can have (sex, life stage, DRI group, the DGA energy need,
which differs by activity, and a toddler's pattern under 2) that some age and activity reaches
(56 levels: a sedentary girl of 2-3 at 1,000 kcal, an active woman of 31-50 at 2,200, ...);
each in the four diets (1,152 days in all),
with three suspicions (none and two of the seed's nutrients, in turn). For each, the plate
model is solved on the default pool at a 1 % gap for at most ``--time-limit`` seconds
(``--young-limit`` under 4: a toddler's search finds its near-best day late, and a start far
from it leaves a long proof), and the plates of its day (which food at which meal) are written
with whom it was for (also the energy need and DRI group that ``Kin`` ranks by).
A later day starts from the best of the nearest people's plates, its amounts re-chosen by an
LP (:mod:`mealfix.solve.starts`). With ``--ages`` only those ages are solved again, with
``--missing`` only the people with no stored day; the other rows are kept from the file.

A day's model depends on the person through its ``Kin`` level more than the exact age: a
benchmark persona whose level, diet and suspicions a stored person shares has, in effect, a
stored day of its own (benchmarks/README.md says which do).
"""

from __future__ import annotations

import argparse
import csv
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from mealfix.errors import MealfixError
from mealfix.inputs.person import Person
from mealfix.model.case import make_case
from mealfix.model.day import setup_matrix
from mealfix.model.request import PlanRequest
from mealfix.solve.highs import Engine

OUT = Path(__file__).resolve().parent.parent / "data" / "plate_days.csv"
AGES = (1, 3, 5, 8, 10, 13, 16, 19, 23, 30, 40, 50, 56, 68, 72, 85)
STAGES = (
    *[(sex, age, "none") for sex in ("female", "male") for age in AGES],
    *[("female", age, "pregnancy") for age in (16, 22, 32, 40)],
    *[("female", age, "lactation") for age in (17, 21, 30, 42)],
)
DIETS = ("omnivore", "vegetarian", "pescatarian", "vegan")
SUSPECTS = (
    ("magnesium",), ("calcium",), ("vitamin_d",), ("vitamin_b12",), ("potassium",),
    ("calcium", "vitamin_d"), ("magnesium", "vitamin_b12"), ("sodium",),
)  # fmt: skip

Someone = tuple[str, int, str, str, tuple[str, ...], str]

#: Activities a person may give (the DGA's calorie need differs by activity from age 3).
ACTIVITIES = ("sedentary", "moderate", "active")
#: Ages the other calorie levels' people are looked for at (a pregnancy or breastfeeding
#: from 14 to 50).
LEVEL_AGES = {"none": range(1, 86), "pregnancy": range(14, 51), "lactation": range(14, 51)}


def people() -> list[Someone]:
    """The stored people: the moderately active ones of ``STAGES`` first (their day numbers are
    kept), then one person for each other level of a day model's ``Kin`` (sex, life stage, DRI
    group and energy need) that some age and activity reaches, so that a sedentary or an
    active person, a child above all, has stored days at their own calorie level."""
    moderate = [(sex, age, stage, "moderate") for sex, age, stage in STAGES]
    return _by_diet(moderate) + _by_diet(other_levels(moderate))


def _by_diet(who: list[tuple[str, int, str, str]]) -> list[Someone]:
    """Each person in each diet, with no suspicion and with two of ``SUSPECTS`` in turn."""
    out: list[Someone] = []
    turn = 0
    for sex, age, stage, activity in who:
        for diet in DIETS:
            out.append((sex, age, stage, diet, (), activity))
            for _ in range(2):
                out.append((sex, age, stage, diet, SUSPECTS[turn % len(SUSPECTS)], activity))
                turn += 1
    return out


def level(sex: str, age: int, stage: str, activity: str) -> tuple[str, str, str, float, bool]:
    """What ``Kin`` ranks a person's day by, but diet and suspicions: sex, stage, DRI group,
    energy need (kcal) and whether a toddler's pattern."""
    request = PlanRequest(person=Person(sex=sex, age=age, stage=stage), activity=activity)
    kin = make_case(request).kin()
    assert kin is not None  # the bundled targets have an energy need
    return kin.sex, kin.stage, kin.group, kin.energy, kin.toddler


def other_levels(moderate: list[tuple[str, int, str, str]]) -> list[tuple[str, int, str, str]]:
    """The first age and activity reaching each level that ``moderate`` does not."""
    seen = {level(*who) for who in moderate}
    out = []
    for stage, ages in LEVEL_AGES.items():
        for sex in ("female",) if stage != "none" else ("female", "male"):
            for age in ages:
                for activity in ACTIVITIES:
                    key = level(sex, age, stage, activity)
                    if key not in seen:
                        seen.add(key)
                        out.append((sex, age, stage, activity))
    return out


def plates_of(args: tuple[Someone, float]) -> list[list[str]]:
    """The rows of one person's day: who, then each (food, meal) served."""
    (sex, age, stage, diet, suspects, activity), limit = args
    request = PlanRequest(
        person=Person(sex=sex, age=age, stage=stage),
        diet=diet,
        suspect=list(suspects),
        activity=activity,
    )
    try:
        setup = make_case(request).setup()
        matrix = setup_matrix(setup)
    except MealfixError as error:  # a person the table has no day for adds nothing
        print(f"{sex} {age} {stage} {activity} {diet}: {error}", flush=True)
        return []
    solved = Engine().solve(matrix, limit, 0.01, threads=1)
    if solved.values is None or "plate" not in matrix.blocks:
        print(f"{sex} {age} {stage} {activity} {diet}: no day ({solved.outcome.text})", flush=True)
        return []
    where = matrix.blocks["plate"]
    labels = matrix.block_index["plate"]
    served = [labels[i] for i in np.flatnonzero(solved.values[where] > 0.5)]
    kin = setup.kin
    assert kin is not None
    suspicions = "+".join(kin.suspects)
    who = [sex, str(age), stage, activity, diet, suspicions, f"{kin.energy:g}", kin.group]
    print(f"{' '.join(who)}: {len(served)} plates, {solved.outcome.text}", flush=True)
    return [[*who, str(food), str(meal)] for food, meal in served]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--young-limit", type=float, default=40.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ages", type=lambda text: {int(a) for a in text.split(",")})
    parser.add_argument("--missing", action="store_true", help="only people with no stored day")
    args = parser.parse_args()
    everyone = list(enumerate(people()))
    with OUT.open(newline="") as old:
        kept = list(csv.reader(old))[1:]
    stored = {int(r[0]) for r in kept}
    todo = [
        (n, p)
        for n, p in everyone
        if (args.ages is None or p[1] in args.ages) and not (args.missing and n in stored)
    ]
    again = {n for n, _ in todo}
    rows = [r for r in kept if int(r[0]) not in again]  # the rows of the days not solved again
    jobs = [(p, args.young_limit if p[1] < 4 else args.time_limit) for _, p in todo]
    with ProcessPoolExecutor(args.jobs) as pool:
        for (number, _), found in zip(todo, pool.map(plates_of, jobs), strict=True):
            rows += [[str(number), *row] for row in found]
    rows.sort(key=lambda r: int(r[0]))
    with OUT.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "day",
                "sex",
                "age",
                "stage",
                "activity",
                "diet",
                "suspects",
                "energy_kcal",
                "group",
                "food",
                "meal",
            ]
        )
        writer.writerows(rows)
    print(f"{len({r[0] for r in rows})} days, {len(rows)} plates -> {OUT}")


if __name__ == "__main__":
    main()
