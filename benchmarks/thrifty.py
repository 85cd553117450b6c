"""The Thrifty Food Plan as the yardstick: the cheapest healthy week per TFP age-sex group.

    python benchmarks/thrifty.py [--groups "woman 20-50,man 20-50"] [--days 7] [--diet omnivore]
                                 [--time-limit 60]

For each group of ``data/tfp.yaml`` (or those named), one person of that group (a woman for the
TFP's children's groups, the age given below) gets the cheapest week mealfix finds
(``--objective cost``: every target, the food pattern's ranges, each food on at most the
week's ``max_days``), and one Markdown row: the week's cost in the price table's dollars and
in the TFP month's dollars (CPI for food at home, ``data/cpi.yaml``), the TFP's weekly cost
for that group, the ratio, and the lowest HEI of its days. The goal of issue 24 is a ratio of
at most 0.75 for women and men 20-50. A measurement, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import sys
import time

from mealfix.api import week_or_report
from mealfix.errors import SolverError
from mealfix.explain.noplan import NoPlanReport
from mealfix.inputs.person import Person
from mealfix.inputs.thrifty import TfpGroup, thrifty_plan
from mealfix.model.request import WeekRequest
from mealfix.output.results import WeekPlan

GOAL = 0.75


def person_of(group: TfpGroup) -> Person:
    """A person in the group: its middle age (71 and older: 75); a woman for children's."""
    top = min(group.age_max, 79)
    age = group.age_min + (top - group.age_min) // 2
    return Person(sex="female" if group.sex == "any" else group.sex, age=max(age, group.age_min))


def row(group: TfpGroup, days: int, diet: str, time_limit: float, bought: list[str]) -> str:
    """One table row for the group (its cheapest week, or why there is none); the week's
    shopping list (grams for the week) is appended to ``bought``."""
    person = person_of(group)
    who = f"{person.sex} {person.age}"
    tfp_week = group.weekly_usd * days / 7
    request = WeekRequest.of(person, diet=diet, objective="cost", days=days, time_limit=time_limit)
    started = time.monotonic()
    try:
        result: WeekPlan | NoPlanReport | str = week_or_report(request)
    except SolverError as exc:
        result = str(exc)
    took = time.monotonic() - started
    empty = f"| | {tfp_week:.2f} | | | {took:.0f} s |"
    if isinstance(result, str):
        return f"| {group.label} | {who} | no week: {result} {empty}"
    if isinstance(result, NoPlanReport):
        short = ", ".join(s.nutrient for s in result.shortfalls) or "see the report"
        return f"| {group.label} | {who} | no week ({short}) {empty}"
    cost = result.cost
    if cost is None or cost.usd is None or cost.month_usd is None:
        return f"| {group.label} | {who} | cost unknown {empty}"
    bought.append(
        f"- {group.label}: " + "; ".join(f"{s.name} {s.grams:.0f} g" for s in result.shopping)
    )
    hei = [d.hei.total for d in result.days if d.hei is not None]
    low = f"{min(hei):.1f}" if hei else "n/a"
    ratio = cost.month_usd / tfp_week
    mark = " (goal met)" if ratio <= GOAL else ""
    return (
        f"| {group.label} | {who} | {cost.usd:.2f} | {cost.month_usd:.2f} | {tfp_week:.2f} | "
        f"{ratio:.2f}{mark} | {low} | {took:.0f} s |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--groups", default="", help="comma-separated TFP group labels")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--diet", default="omnivore")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    plan = thrifty_plan()
    wanted = [g.strip() for g in args.groups.split(",") if g.strip()]
    groups = [g for g in plan.groups if not wanted or g.label in wanted]
    if wanted and len(groups) != len(wanted):
        known = ", ".join(g.label for g in plan.groups)
        print(f"thrifty: unknown group in --groups (known: {known})", file=sys.stderr)
        return 2
    print(f"Cheapest {args.days}-day {args.diet} week vs the {plan.plan} ({plan.month_name})\n")
    print(
        f"| TFP group | person | week, 2023 $ | week, {plan.month_name} $ | TFP for "
        f"{args.days} days | ratio | lowest day HEI | solve |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    bought: list[str] = []
    for group in groups:
        print(row(group, args.days, args.diet, args.time_limit, bought), flush=True)
    print("\nWhat each week buys:\n")
    print("\n".join(bought))
    return 0


if __name__ == "__main__":
    sys.exit(main())
