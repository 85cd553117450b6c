"""Write data/plate_weeks.csv: the plates of near-best weeks of people of every diet (a week's
starting days, :mod:`mealfix.solve.stored`).

    python scripts/build_weeks.py [--time-limit 60] [--jobs 2]

The people: 15 moderately active ones (both sexes, ages 1-78, a pregnancy and a breastfeeding
woman), each in the four diets, with no suspicion. Each week is planned with the default rules
(7 days, a base food on at most 3, a lunch or dinner plate on at most 2) for at most
``--time-limit`` seconds, starting from the stored week of the most alike other person the
file already holds (so that a second run lets each week learn from the others'), and the
plates of its seven days (which food at which meal, on which day) are written with whom the
week was for (also the energy need and DRI group that :class:`mealfix.inputs.plate_days.Kin`
ranks by). A week no cheaper than the one stored keeps the stored plates.

None of the eleven people of ``benchmarks/weeks.py`` is among them, nor anyone with the same
day model (sex, energy need, DRI group, life stage, diet and suspicions; a man of 19 shared the
man of 25's and a woman of 42 the vegetarian woman of 48's, so they were left out): that
benchmark measures weeks started from someone else's.
"""

from __future__ import annotations

import argparse
import csv
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import mealfix
from mealfix import Person
from mealfix.errors import MealfixError
from mealfix.inputs.plate_days import plate_weeks
from mealfix.model.case import make_case
from mealfix.model.request import WeekRequest
from mealfix.solve import rotation

OUT = Path(__file__).resolve().parent.parent / "data" / "plate_weeks.csv"
PEOPLE = (
    ("male", 1, "none"),
    ("female", 2, "none"),
    ("male", 5, "none"),
    ("female", 9, "none"),
    ("male", 14, "none"),
    ("female", 16, "none"),
    ("male", 17, "none"),
    ("female", 25, "none"),
    ("male", 30, "none"),
    ("female", 55, "none"),
    ("male", 50, "none"),
    ("female", 70, "none"),
    ("male", 78, "none"),
    ("female", 35, "pregnancy"),
    ("female", 31, "lactation"),
)
DIETS = ("omnivore", "vegetarian", "pescatarian", "vegan")
COLUMNS = (
    "week", "day", "sex", "age", "stage", "activity", "diet", "suspects", "energy_kcal",
    "group", "objective", "food", "meal",
)  # fmt: skip

Someone = tuple[str, int, str, str]


def week_of(args: tuple[int, Someone, float]) -> list[list[str]]:
    """The rows of one person's week: who, then each (day, food, meal) served."""
    number, (sex, age, stage, diet), limit = args
    person = Person(sex=sex, age=age, stage=stage)
    stored = plate_weeks()
    others = stored[stored["week"] != number]
    rotation.plate_weeks = lambda: others  # type: ignore[attr-defined]  # not its own week
    try:
        kin = make_case(WeekRequest.of(person, diet=diet)).kin()
        week = mealfix.week(person, diet=diet, time_limit=limit)
    except MealfixError as error:  # a person the table has no week for adds nothing
        print(f"{sex} {age} {stage} {diet}: {error}", flush=True)
        return []
    assert kin is not None  # the bundled targets have an energy need
    who = [sex, str(age), stage, "moderate", diet, "", f"{kin.energy:g}", kin.group]
    value = f"{week.objective.value:.6g}"
    print(f"{' '.join(who)}: week {value}, {week.status}", flush=True)
    return [
        [str(number), str(day.day), *who, value, item.id, item.meal]
        for day in week.days
        for item in day.meals
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    kept: dict[str, list[list[str]]] = {}
    if OUT.exists():
        with OUT.open(newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                kept.setdefault(row[0], []).append(row)
    people = [(sex, age, stage, diet) for sex, age, stage in PEOPLE for diet in DIETS]
    jobs = [(n, who, args.time_limit) for n, who in enumerate(people)]
    rows: list[list[str]] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for (number, (sex, age, stage, diet), _), found in zip(
            jobs, pool.map(week_of, jobs), strict=True
        ):
            who = (sex, str(age), stage, diet)
            old = [r for r in kept.get(str(number), []) if (r[2], r[3], r[4], r[6]) == who]
            better = found and (not old or float(found[0][10]) < float(old[0][10]))
            rows += found if better else old
    with OUT.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"{len({r[0] for r in rows})} weeks, {len(rows)} plates -> {OUT}")


if __name__ == "__main__":
    main()
