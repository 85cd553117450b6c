"""A plan, or the report when none exists, for people (terminal tables, markdown) and for
programs (json, csv).

Each report is first described as blocks (:mod:`.tables`) and then drawn, so the terminal and
the markdown show the same information; the other commands' reports are in :mod:`.reports`.
"""

from __future__ import annotations

from mealfix.explain.noplan import NoPlanReport
from mealfix.explain.records import MealItem, NutrientTotal
from mealfix.explain.yardstick import cost_words
from mealfix.output.data import (
    PlanData,
    details_lines,
    group_words,
    how_chosen,
    nutrient_cells,
)
from mealfix.output.day import foods_table, groups_table, render_score, usual_blocks
from mealfix.output.reports import (
    render_foods,
    render_gaps,
    render_nutrients,
    render_suspects,
    render_week,
    urgent_blocks,
)
from mealfix.output.tables import Bullets, Column, Doc, Heading, Para, Table, draw, number
from mealfix.solve.meals import MealShare

FORMATS = ("table", "json", "csv", "markdown", "html")

__all__ = [
    "FORMATS",
    "plan_doc",
    "render",
    "render_foods",
    "render_gaps",
    "render_infeasible",
    "render_nutrients",
    "render_score",
    "render_suspects",
    "render_week",
    "shown_nutrients",
]


def render(
    plan: PlanData,
    fmt: str,
    *,
    all_nutrients: bool = False,
    details: bool = False,
    width: int | None = None,
    color: bool = False,
) -> str:
    """The plan in one of ``FORMATS`` (``all_nutrients``: every nutrient row in the tables;
    ``details``: the optimiser's account at the end; ``width`` and ``color`` shape the
    terminal table)."""
    if fmt in ("table", "markdown"):
        doc = plan_doc(plan, all_nutrients)
        if details:
            doc.section("Details: the optimiser's account", Bullets(tuple(details_lines(plan))))
        return draw(doc, fmt, width=width, color=color)
    if fmt == "json":
        return plan.to_json() + "\n"
    if fmt == "csv":
        from mealfix.output.csvs import foods_csv

        return foods_csv(plan)
    if fmt == "html":
        from mealfix.output.html import plan_html

        return plan_html(plan, details=details)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_infeasible(
    report: NoPlanReport, fmt: str, *, width: int | None = None, color: bool = False
) -> str:
    """The 'no plan' report: how close the best day gets, what caps it, verified ways out."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt in ("csv", "html"):
        from mealfix.output.noplan import noplan_csv, noplan_html

        return noplan_csv(report) if fmt == "csv" else noplan_html(report)
    doc = Doc([*urgent_blocks(report.urgent), Heading(f"No plan: {report.message}", level=1)])
    doc.section(
        "The closest day",
        Table.of(
            [
                Column("nutrient"),
                Column("bound"),
                Column("target", numeric=True),
                Column("unit"),
                Column("closest day", numeric=True),
                Column("% of target", numeric=True),
            ],
            [
                [
                    s.name,
                    s.bound,
                    f"{s.target:g}",
                    s.unit,
                    f"{s.best:.4g}",
                    "" if s.pct is None else f"{s.pct:.0f}",
                ]
                for s in report.shortfalls
            ],
        ),
    )
    doc.section("The closest day's foods", foods_table(report.closest_foods))
    doc.section(
        "The most any day can give under this diet",
        Bullets(
            tuple(
                f"{gap.name}: at most {gap.best:.4g} {gap.unit} "
                f"({gap.best_pct:.0f} % of {gap.target:g}), limited by "
                + ("; ".join(gap.limited_by) or "the foods themselves")
                for gap in report.best_cases
            )
        ),
    )
    ways = (
        Bullets(tuple(w.change for w in report.ways_out), numbered=True)
        if report.ways_out
        else Bullets(
            (
                "none found among: an excluded food, a supplement under the UL, a wider "
                "energy range, a wider diet",
            )
        )
    )
    doc.section("Ways out (each checked by solving the plan again)", ways)
    if report.stopped:
        doc.add(Para(report.stopped, style="muted"))
    if report.see_a_doctor:
        doc.add(Para(f"! {report.see_a_doctor}", style="warn"))
    doc.add(Para(report.disclaimer))
    return draw(doc, fmt, width=width, color=color)


def _fmt(value: float | None, digits: int = 4) -> str:
    return number(value, digits)


def shown_nutrients(plan: PlanData, every: bool = False) -> list[NutrientTotal]:
    """The rows a person reads first: the focus nutrients and suspects, then the others that
    sit at a limit, then those kept low with no limit (cholesterol); with ``every``, all of
    them in that order."""
    rows = list(plan.nutrient_totals)
    if not any(n.focus for n in rows):  # a targets file of its own: every row is the point
        return rows
    first = [n for n in rows if n.focus or n.suspected]
    limited = [n for n in rows if n not in first and n.at_limit]
    watched = [n for n in rows if n not in first and n.min is None and n.max is None]
    rest = [n for n in rows if n not in first and n not in limited and n not in watched]
    return first + limited + watched + (rest if every else [])


def meals_table(meals: tuple[MealItem, ...], shares: tuple[MealShare, ...]) -> Table:
    """The day by meal: the meal and its share of the day's energy on its first row."""
    share = {s.meal: s for s in shares}
    rows: list[list[str]] = []
    previous = None
    for item in meals:
        label = ""
        if item.meal != previous:
            label = item.meal
            if item.meal in share:
                s = share[item.meal]
                label += f" {s.pct_of_day:g} %" + ("" if s.within else " !")
        previous = item.meal
        rows.append([label, item.name, f"{item.grams:g}", item.household or ""])
    return Table.of(
        [Column("meal, % of energy"), Column("food"), Column("g", numeric=True), Column("about")],
        rows,
    )


def plan_doc(plan: PlanData, all_nutrients: bool = False) -> Doc:
    """Everything the plan says, in the order a person reads it."""
    who = ""
    if plan.person:
        p = plan.person
        stage = f", {p['stage']}" if p.get("stage", "none") != "none" else ""
        group = f" (DRIs for {group_words(plan.group)})" if plan.group else ""
        who = f" for a {p['age']}-year-old {p['sex']}{stage}{group}"
    doc = Doc(
        [
            *urgent_blocks(plan.urgent),
            Heading(f"mealfix plan{who}, {plan.diet} diet", level=1),
            Para(how_chosen(plan), tight=True),
        ]
    )
    if plan.symptoms and plan.suspect_ranking:
        names = {n.nutrient: n.name for n in plan.nutrient_totals}
        doc.section(
            f"Symptoms {', '.join(plan.symptoms)} point to",
            Bullets(
                tuple(
                    f"{names.get(s['nutrient'], s['nutrient'])}, "
                    f"{'a strong' if s['score'] >= 3 else 'a weaker'} link: {s['reasons'][0]}"
                    for s in plan.suspect_ranking
                )
            ),
        )
    doc.section(
        "Changes to your usual day",
        Table.of(
            [
                Column("food"),
                Column("change"),
                Column("usual g", numeric=True),
                Column("plan g", numeric=True),
            ],
            [[c.name, c.change, f"{c.usual_grams:g}", f"{c.plan_grams:g}"] for c in plan.changes],
        ),
    )
    doc.section("Your usual day against your targets", *usual_blocks(plan))
    if plan.meals:
        doc.section("The day by meal", meals_table(plan.meals, plan.meal_shares))
    doc.section(
        "Foods",
        Table.of(
            [
                Column("food", share=0.25),
                Column("g", numeric=True),
                Column("about", share=0.15),
                Column("typical portion", share=0.15),
                Column("mainly for (* suspected)", wrap=True),
            ],
            [
                [
                    f.name,
                    f"{f.grams:g}",
                    f.household or "",
                    f.portion or "",
                    ("* " if f.for_suspected else "") + ", ".join(f.purpose),
                ]
                for f in plan.food_items
            ],
            ["strong" if f.for_suspected else None for f in plan.food_items],
        ),
    )
    _nutrients(doc, plan, all_nutrients)
    _groups_and_scores(doc, plan)
    safety = [
        f"{r.name}{' (LIFTED on request)' if r.lifted else ''}: {r.reason}"
        + (f" ({r.foods_left_out} foods left out)" if r.foods_left_out else "")
        for r in plan.safety_rules
    ]
    notes = [*plan.notes, *(n.note for n in plan.nutrient_totals if n.note)]
    for title, items in (
        ("Why", plan.rationale),
        ("What limits the plan", plan.limits),
        ("Life-stage safety rules applied", safety),
        ("Notes", notes),
    ):
        doc.section(title, Bullets(tuple(items)))
    if plan.see_a_doctor:
        doc.add(Para(f"! {plan.see_a_doctor}", style="warn"))
    doc.add(Para(plan.disclaimer))
    return doc


def _nutrients(doc: Doc, plan: PlanData, all_nutrients: bool) -> None:
    shown = shown_nutrients(plan, all_nutrients)
    hidden = len(plan.nutrient_totals) - len(shown)
    table = Table.of(
        [
            Column("nutrient"),
            Column("amount", numeric=True),
            Column("unit"),
            Column("min", numeric=True),
            Column("max", numeric=True),
            Column("% of target", numeric=True),
            Column("RDA/AI"),
        ],
        [nutrient_cells(n, _fmt) for n in shown],
        ["strong" if n.suspected else None for n in shown],
    )
    more = (
        Para(
            f"All other {hidden} nutrients are within their limits (--all-nutrients lists them).",
            tight=True,
        )
        if hidden
        else Para("")
    )
    doc.section("Nutrients (day total vs target)", table, more)


def _groups_and_scores(doc: Doc, plan: PlanData) -> None:
    doc.section(f"Food groups ({plan.pattern})", groups_table(plan.food_groups))
    if plan.hei is not None:
        weak = ", ".join(f"{c.name} {c.points:.1f}/{c.max:g}" for c in plan.hei.weakest(3))
        doc.add(
            Para(
                f"Healthy Eating Index ({plan.hei.version}): {plan.hei.total:.1f} of 100"
                + (f"; weakest: {weak}" if weak else "")
            )
        )
        if plan.current_hei is not None:
            doc.add(Para(f"Your usual day scores {plan.current_hei.total:.1f}.", tight=True))
    if plan.cost is not None:
        doc.add(Para(f"Cost of the day: {cost_words(plan.cost)}"))
    if plan.energy_shares:
        shares = ", ".join(
            f"{s.name or s.nutrient} {s.pct_of_energy:g} % "
            + (f"({s.min_pct:g}-{s.max_pct:g})" if s.min_pct is not None else f"(< {s.max_pct:g})")
            for s in plan.energy_shares
        )
        doc.add(Para(f"Share of energy: {shares}"))
