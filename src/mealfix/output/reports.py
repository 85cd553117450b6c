"""The other commands' reports for people: a week, the suspects of symptoms, a diet's problem
nutrients, and the food and nutrient look-ups; each described as blocks
(:mod:`.tables`) and drawn for a terminal or as markdown."""

from __future__ import annotations

import json

from mealfix.errors import UsageError
from mealfix.explain.gaps import GapsReport
from mealfix.explain.records import FoodAmount, MealItem
from mealfix.explain.suspects import SuspectReport
from mealfix.explain.views import gaps_rows
from mealfix.inputs.lookup import FoodMatch, NutrientWords
from mealfix.inputs.symptoms import UrgentCare
from mealfix.output.data import WeekData, details_lines, group_words, how_chosen
from mealfix.output.parts import cost_words
from mealfix.output.tables import Block, Bullets, Column, Doc, Heading, Para, Table, draw, number
from mealfix.solve.meals import MealShare


def urgent_blocks(urgent: UrgentCare | None) -> list[Block]:
    """The urgent-care advice a report puts before anything else (none without a red flag)."""
    if urgent is None:
        return []
    return [
        Para(f"! URGENT: {urgent.message}", style="warn"),
        Bullets(
            tuple(f"{s.label}: {s.advice} (source: {', '.join(s.sources)})" for s in urgent.signs),
            tight=True,
        ),
    ]


def render_week(
    week: WeekData,
    fmt: str,
    *,
    details: bool = False,
    width: int | None = None,
    color: bool = False,
) -> str:
    """A week plan: each day's foods by meal, then the shopping list (``details``: the
    optimiser's account at the end)."""
    if fmt == "html":  # the printable handout
        from mealfix.output.html import week_html

        return week_html(week, details=details)
    if fmt == "json":
        return week.to_json() + "\n"
    if fmt == "csv":
        from mealfix.output.csvs import week_csv

        return week_csv(week)
    doc = Doc(
        [
            *urgent_blocks(week.urgent),
            Heading(
                f"mealfix week plan, {week.diet} diet, "
                f"each food on at most {week.max_days_per_food} days",
                level=1,
            ),
            Para(how_chosen(week), tight=True),
        ]
    )
    for day in week.days:
        lowest = min(
            (n for n in day.nutrients if n.pct_of_target is not None),
            key=lambda n: n.pct_of_target or 0.0,
            default=None,
        )
        doc.section(f"Day {day.day}", _day_table(day.meals or _no_meals(day.foods)))
        facts = []
        if day.meal_shares:
            facts.append(f"energy by meal: {', '.join(_share(s) for s in day.meal_shares)}")
        if day.hei is not None:
            facts.append(f"Healthy Eating Index ({day.hei.version}): {day.hei.total:.1f}")
        if lowest is not None:
            facts.append(f"every target met; lowest: {lowest.name} {lowest.pct_of_target:g} %")
        if day.cost is not None:
            facts.append(cost_words(day.cost, "the day").rstrip("."))
        doc.add(Bullets(tuple(facts), tight=True))
    doc.section(
        "Shopping list",
        Table.of(
            [
                Column("food"),
                Column("g", numeric=True),
                Column("about"),
                Column("days", numeric=True),
                Column("buy"),
            ],
            [
                [s.name, f"{s.grams:g}", s.household or "", str(s.days), s.buy_text]
                for s in week.shopping
            ],
        ),
    )
    cost = cost_words(week.cost, f"the {len(week.days)} days")
    if cost:
        doc.add(Para(cost))
    doc.section("Notes", Bullets(week.notes))
    if week.see_a_doctor:
        doc.add(Para(f"! {week.see_a_doctor}", style="warn"))
    doc.add(Para(week.disclaimer))
    if details:
        doc.section("Details: the optimiser's account", Bullets(tuple(details_lines(week))))
    return draw(doc, fmt, width=width, color=color)


def _share(share: MealShare) -> str:
    return f"{share.meal} {share.pct_of_day:g} %" + ("" if share.within else " (!)")


def _no_meals(foods: tuple[FoodAmount, ...]) -> tuple[MealItem, ...]:
    """A day planned without meal rules: its foods, in no meal."""
    return tuple(
        MealItem(meal="", id=f.id, name=f.name, grams=f.grams, household=f.household) for f in foods
    )


def _day_table(meals: tuple[MealItem, ...]) -> Table:
    rows = []
    previous = None
    for item in meals:
        rows.append(
            [
                item.meal if item.meal != previous else "",
                item.name,
                f"{item.grams:g}",
                item.household or "",
            ]
        )
        previous = item.meal
    columns = [Column("meal"), Column("food"), Column("g", numeric=True), Column("about")]
    if not any(item.meal for item in meals):  # a day without meal rules
        return Table.of(columns[1:], [row[1:] for row in rows])
    return Table.of(columns, rows)


def render_suspects(
    report: SuspectReport, fmt: str, *, width: int | None = None, color: bool = False
) -> str:
    """Nutrients ranked for the symptoms, the richest foods, and when to see a doctor."""
    _text_only(fmt, "suspect")
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    doc = Doc(
        [
            *urgent_blocks(report.urgent),
            Heading(f"Symptoms: {', '.join(report.symptoms)}", level=1),
            Para(f"! {report.see_a_doctor}", style="warn"),
        ]
    )
    for n, suspect in enumerate(report.ranking, start=1):
        mark = " (suspected)" if suspect.suspected else ""
        doc.section(
            f"{n}. {suspect.name}, score {suspect.score}{mark}",
            Bullets(suspect.reasons),
            Table.of(
                [
                    Column("richest foods"),
                    Column("per portion"),
                    Column(f"amount ({suspect.unit})", numeric=True),
                    Column("% of target", numeric=True),
                ],
                [
                    [
                        f.name,
                        f.portion or "",
                        number(f.amount, 3),
                        "" if f.pct_of_target is None else f"{f.pct_of_target:.0f}",
                    ]
                    for f in suspect.richest_foods
                ],
            ),
        )
    doc.add(Para(report.disclaimer))
    return draw(doc, fmt, width=width, color=color)


def render_gaps(
    report: GapsReport, fmt: str, *, width: int | None = None, color: bool = False
) -> str:
    """Best and worst case per nutrient for a diet, flagged where food alone falls short."""
    _text_only(fmt, "gaps")
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    doc = Doc(
        [
            Heading(
                f"Problem nutrients on a {report.diet} diet"
                + (f" ({group_words(report.group)})" if report.group else ""),
                level=1,
            ),
            Para(
                "The worst case is the least, the best case the most a day within the energy "
                "range, the limits and the per-day maxima can give (% of the target). '!' marks "
                "a nutrient food alone cannot bring to its target.",
                tight=True,
            ),
            Table.of(
                [
                    Column("nutrient", share=0.22),
                    Column("unit"),
                    Column("target", numeric=True),
                    Column("worst", numeric=True),
                    Column("%", numeric=True),
                    Column("best", numeric=True),
                    Column("%", numeric=True),
                    Column("best case limited by", wrap=True),
                ],
                [[str(cell) for cell in row] for row in gaps_rows(report)],
                ["flag" if g.flagged else None for g in report.gaps],
            ),
            Para(report.disclaimer),
        ]
    )
    return draw(doc, fmt, width=width, color=color)


def render_foods(
    foods: list[FoodMatch],
    fmt: str,
    *,
    nutrients: str | None = None,
    width: int | None = None,
    color: bool = False,
) -> str:
    """Foods found by name: the id the options take, the typical portion, the meals; with
    ``nutrients`` (the set asked for), what a portion and 100 g of each hold."""
    if fmt == "json":
        drop = None if nutrients is not None else {"nutrients"}
        rows = [f.model_dump(exclude=drop) for f in foods]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from mealfix.output.csvs import rows_csv

        if nutrients is not None:
            return rows_csv(
                ["id", "name", "portion", "nutrient", "unit", "per_portion", "per_100g"],
                [
                    [f.id, f.name, f.portion or "", n.name, n.unit, n.per_portion, n.per_100g]
                    for f in foods
                    for n in f.nutrients
                ],
            )
        return rows_csv(
            ["id", "name", "portion", "meals"],
            [[f.id, f.name, f.portion or "", ";".join(f.meals)] for f in foods],
        )
    count = Para(f"{len(foods)} food{'' if len(foods) == 1 else 's'}", style="muted", tight=True)
    if nutrients is not None:
        return draw(_food_nutrients(foods, nutrients, count), fmt, width=width, color=color)
    doc = Doc(
        [
            Table.of(
                [Column("id"), Column("name"), Column("portion"), Column("meals")],
                [[f.id, f.name, f.portion or "", ", ".join(f.meals)] for f in foods],
            ),
            count,
        ]
    )
    return draw(doc, fmt, width=width, color=color)


def _food_nutrients(foods: list[FoodMatch], which: str, count: Para) -> Doc:
    """Each food with its nutrients per portion and per 100 g, and which nutrients these are."""
    said = {
        "main": "the main ones (energy, protein, fiber and the six the plan is about first; "
        "--nutrients all lists every one)",
        "all": "every nutrient with a target",
    }.get(which.strip().lower(), "the ones asked for")
    doc = Doc([Para(f"Nutrients per typical portion and per 100 g: {said}.", tight=True)])
    for f in foods:
        doc.section(
            f"{f.name} (id {f.id}), a portion: {f.portion or 'none given'}",
            Table.of(
                [
                    Column("nutrient"),
                    Column("per portion", numeric=True),
                    Column("per 100 g", numeric=True),
                    Column("unit"),
                ],
                [
                    [n.name, number(n.per_portion), number(n.per_100g) or "unknown", n.unit]
                    for n in f.nutrients
                ],
            ),
        )
    return doc.add(count)


def render_nutrients(
    nutrients: list[NutrientWords], fmt: str, *, width: int | None = None, color: bool = False
) -> str:
    """Nutrient keys with their names, units and the words --suspect accepts for them."""
    if fmt == "json":
        return json.dumps([n.model_dump() for n in nutrients], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from mealfix.output.csvs import rows_csv

        return rows_csv(
            ["key", "name", "unit", "words"],
            [[n.key, n.name, n.unit, ";".join(n.words)] for n in nutrients],
        )
    doc = Doc(
        [
            Table.of(
                [
                    Column("key"),
                    Column("name"),
                    Column("unit"),
                    Column("you may also type", wrap=True),
                ],
                [[n.key, n.name, n.unit, ", ".join(n.words)] for n in nutrients],
            ),
        ]
    )
    return draw(doc, fmt, width=width, color=color)


def _text_only(fmt: str, command: str) -> None:
    if fmt in ("csv", "html"):
        raise UsageError(f"mealfix {command} prints table, markdown or json, not {fmt}")
