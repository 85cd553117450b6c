"""A plan or a week as a handout for a patient: one self-contained, printable HTML page.

The first printed page holds what a person needs at the table and the doctor's door: the day by
meal in household measures, the see-a-doctor box and the disclaimer. Then why these foods, the
suspected nutrients' totals as a chart, the Healthy Eating Index, and at the end an appendix
for a doctor or dietitian (every nutrient, the limits that bind; with ``details`` the
optimiser's own account: status, objective, what each limit is worth). A red flag's urgent
advice comes before everything.
No scripts, no links, no fonts or images fetched: it opens offline and prints the same.

Printed (Letter or A4), a day fits two pages and a week a page a day plus the shopping list:
a compact print layout keeps rows whole, and the long reference tables (every nutrient, the
coverage chart, food groups, notes, sources) stay on the screen page, the print saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mealfix.explain.hei import HeiScore
from mealfix.explain.records import FoodAmount, NutrientTotal
from mealfix.explain.views import STYLE, WRAPPER, bullets, doctor_box, esc, table, urgent_box
from mealfix.explain.yardstick import cost_words
from mealfix.inputs.safety import AppliedRule
from mealfix.output import parts
from mealfix.output.data import PlanData, WeekData
from mealfix.output.plots import coverage, svg

#: Page-level rules for the handout, on top of the scoped styles every view shares.
PAGE_STYLE = """
body { margin: 0; color: #1d1d1d; background: #ffffff; }
.mealfix { margin: 1.2rem auto; padding: 0 1rem; }
.mealfix header { border-bottom: 2px solid #2e86c1; padding-bottom: .4rem; margin-bottom: .6rem; }
.mealfix .who { font-size: 1.05rem; margin: .1rem 0; }
.mealfix table.day-meals td:first-child { width: 52%; }
.mealfix .why li { margin: .15rem 0; }
.mealfix dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem;
  font-size: .9rem; }
.mealfix dl.glossary dt { font-weight: 600; }
.mealfix dl.glossary dd { margin: 0; }
.mealfix .appendix { border-top: 2px solid #999999; margin-top: 1.6rem; font-size: .92rem; }
.mealfix .doctor, .mealfix svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media (max-width: 36rem) {
  .mealfix { padding: 0 .5rem; }
  .mealfix table { font-size: .85rem; }
  .mealfix .appendix table { display: block; overflow-x: auto; }
}
.mealfix .print-only { display: none; }
@page { size: auto; margin: 10mm 12mm; }
@media print {
  html { font-size: 9pt; }
  body { font-size: 9pt; }
  .mealfix { margin: 0; padding: 0; max-width: none; line-height: 1.22; }
  .mealfix h1 { font-size: 14pt; margin: 0 0 .15rem; }
  .mealfix h2 { font-size: 11pt; margin: .6rem 0 .2rem; break-after: avoid; }
  .mealfix h3 { font-size: 9.5pt; margin: .45rem 0 .1rem; break-after: avoid; }
  .mealfix header { padding-bottom: .15rem; margin-bottom: .25rem; }
  .mealfix header p { margin: .1rem 0; }
  .mealfix .who { font-size: 9.5pt; }
  .mealfix table { font-size: 8pt; line-height: 1.15; margin: .1rem 0 .25rem; }
  .mealfix th, .mealfix td { padding: .02rem .3rem; }
  .mealfix tr.meal th { padding-top: .2rem; font-size: 8.5pt; border-bottom-width: 1px; }
  .mealfix thead { display: table-header-group; }
  .mealfix p { margin: .2rem 0; }
  .mealfix .doctor, .mealfix .urgent { padding: .25rem .5rem; margin: .3rem 0; }
  .mealfix .doctor strong { font-size: 9.5pt; margin: 0; }
  .mealfix ul { margin: .1rem 0 .25rem; }
  .mealfix .muted { font-size: 7.5pt; }
  .mealfix tr, .mealfix li, .mealfix dt, .mealfix dd, .mealfix figure, .mealfix .doctor,
  .mealfix .urgent, .mealfix tbody.meal, .mealfix .day { break-inside: avoid; }
  .mealfix .day h2 { margin-top: .35rem; }
  .mealfix .after-first-page { break-before: page; }
  .mealfix ul.why, .mealfix .aims ul, .mealfix .appendix ul { columns: 2; column-gap: 1.4rem;
    font-size: 8pt; }
  .mealfix ul.hei-list { columns: 3; column-gap: 1rem; font-size: 8pt; list-style: none;
    padding-left: 0; }
  .mealfix .why li { margin: 0 0 .08rem; }
  .mealfix dl.glossary { grid-template-columns: max-content 1fr max-content 1fr; font-size: 7.5pt; }
  .mealfix figure { margin: .2rem 0; }
  .mealfix .suspects svg { width: 75%; }
  .mealfix .appendix { margin-top: .6rem; font-size: 8pt; }
  .mealfix .screen-only, .mealfix .hei figure { display: none; }
  .mealfix .print-only { display: block; }
}
"""


def page(title: str, body: str) -> str:
    """The whole document: a viewport for phones, the styles, the body in its wrapper."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{STYLE}{PAGE_STYLE}</style></head>\n"
        f"<body><main class='{WRAPPER} handout'>\n{body}\n</main></body></html>\n"
    )


def header(title: str, who: str, disclaimer: str, today: date | None) -> str:
    return (
        f"<header><h1>{esc(title)}</h1><p class='who'>{esc(who)}</p>"
        f"<p class='muted'>{esc(parts.made(today))}</p>"
        f"<p class='disclaimer'>{esc(disclaimer)}</p></header>"
    )


def plan_html(
    plan: PlanData, *, chart: bool = True, today: date | None = None, details: bool = False
) -> str:
    """The handout of a one-day plan (``chart``: the coverage chart of every nutrient in the
    appendix; ``today``: the date printed on it; ``details``: the optimiser's account)."""
    suspected = [n.name for n in plan.nutrient_totals if n.suspected]
    first = (
        urgent_box(plan.urgent)
        + header(
            "Your meals for one day",
            parts.who(plan.person, plan.diet, plan.symptoms, suspected),
            plan.disclaimer,
            today,
        )
        + doctor_box(plan.see_a_doctor)
        + "<section class='meals'><h2>The day by meal</h2>"
        + parts.meal_tables(plan.meals, plan.meal_shares, plan.food_items)
        + parts.meal_legend(plan.food_items)
        + "</section>"
    )
    second = (
        "<div class='after-first-page'>"
        + _section("Why these foods", parts.why_foods(parts.by_meal(plan.food_items, plan.meals)))
        + parts.suspects_section(plan.nutrient_totals)
        + parts.usual_section(plan)
        + _section("What the plan aims for", bullets(plan.rationale), "aims")
        + parts.hei_section(plan.hei)
        + _hei_list(plan.hei)
        + _section("Words used", parts.glossary())
        + "</div>"
    )
    return page(f"mealfix: {plan.diet} day", first + second + _plan_appendix(plan, chart, details))


def _section(title: str, body: str, kind: str = "") -> str:
    """A titled section (``kind``: its class), or nothing when there is nothing to say."""
    if not body:
        return ""
    attribute = f" class='{kind}'" if kind else ""
    return f"<section{attribute}><h2>{esc(title)}</h2>{body}</section>"


def _plan_appendix(plan: PlanData, chart: bool, details: bool) -> str:
    """How the plan was computed, for a doctor, a dietitian or an analyst (``details``: with
    the optimiser's own account)."""
    cost = (
        f" The day costs {cost_words(plan.cost)}."
        if plan.cost is not None and (plan.cost.usd, plan.cost.at_least_usd) != (None, None)
        else ""
    )
    energy = table(
        ["energy from", "% of energy", "range"],
        (
            [
                s.name or s.nutrient,
                f"{s.pct_of_energy:.0f}",
                f"under {s.max_pct:g}" if s.min_pct is None else f"{s.min_pct:g}-{s.max_pct:g}",
            ]
            for s in plan.energy_shares
        ),
        numeric={1},
    )
    groups = table(
        ["food group", "amount", "unit", "pattern", "% of pattern"],
        (
            [
                g.group.replace(":", ": ").replace("_", " "),
                f"{g.amount:.2f}",
                g.unit,
                f"{g.pattern:g}",
                f"{g.pct:.0f}",
            ]
            for g in plan.food_groups
        ),
        numeric={1, 3, 4},
    )
    figure = (
        f"<figure>{svg(coverage(plan))}<figcaption class='muted'>Coverage of each target; the "
        "dashed line is the target, red marks an upper limit.</figcaption></figure>"
        if chart and plan.nutrient_totals
        else ""
    )
    return (
        "<section class='appendix'><h2>Appendix: how the plan was computed</h2>"
        "<p class='muted'>For a doctor, a dietitian or the curious.</p>"
        f"<p>{parts.solver_words(plan)}{esc(cost)} Food pattern: {esc(plan.pattern or 'none')}."
        "</p>"
        + parts.appendix_lists([("What limits the plan", plan.limits)])
        + _safety(plan.safety_rules)
        + "<div class='screen-only'><h3>Every nutrient against its target</h3>"
        + parts.nutrient_table(plan.nutrient_totals)
        + figure
        + (
            f"<h3>Energy from protein, fat and carbohydrate</h3>{energy}"
            if plan.energy_shares
            else ""
        )
        + (f"<h3>Food groups against the pattern</h3>{groups}" if plan.food_groups else "")
        + parts.appendix_lists(
            [
                ("Notes", [*plan.notes, *(n.note for n in plan.nutrient_totals if n.note)]),
                ("Sources", [f"{k}: {v}" for k, v in plan.sources.items()]),
            ]
        )
        + "</div>"
        + print_note(
            "every nutrient against its target, the coverage chart, energy from protein, fat "
            "and carbohydrate, the food groups, the safety rules' reasons, the notes and the "
            "sources",
            "plan",
        )
        + (parts.details(plan) if details else "")
        + "</section>"
    )


def _safety(rules: Sequence[AppliedRule]) -> str:
    """The life-stage safety rules: each with its reason on screen, their names in print."""
    if not rules:
        return ""
    names = [r.name.replace("_", " ") + (" (lifted on request)" if r.lifted else "") for r in rules]
    reasons = [f"{name}: {r.reason}" for name, r in zip(names, rules, strict=True)]
    return (
        "<h3>Life-stage safety rules applied</h3>"
        f"<div class='screen-only'>{bullets(reasons)}</div>"
        f"<p class='print-only'>{esc('; '.join(names))}.</p>"
    )


def _hei_list(hei: HeiScore | None) -> str:
    """The Healthy Eating Index's components as a short list for print (the chart is tall)."""
    if hei is None:
        return ""
    items = "".join(f"<li>{esc(c.name)}: {c.points:.1f} of {c.max:g}</li>" for c in hei.components)
    return f"<ul class='print-only hei-list'>{items}</ul>"


def print_note(left_out: str, command: str) -> str:
    """The line a printed handout shows where its long reference tables were left out."""
    return (
        f"<p class='print-only muted'>Left out of the print to keep it short: {esc(left_out)}. "
        "The full tables are on the screen page (open this file in a browser) and in "
        f"<code>mealfix {command} ... --format json</code>.</p>"
    )


def week_html(week: WeekData, *, today: date | None = None, details: bool = False) -> str:
    """The handout of a week: each day by meal, the shopping list, why these foods, and how
    it was computed at the end (``today``: the date printed on it; ``details``: with the
    optimiser's account)."""
    days = "".join(
        f"<section class='day'><h2>Day {d.day}</h2>"
        + parts.meal_tables(d.meals, d.meal_shares, d.foods)
        + (f"<p>{esc(parts.cost_words(d.cost, 'the day'))}</p>" if d.cost else "")
        + "</section>"
        for d in week.days
    )
    first = (
        urgent_box(week.urgent)
        + header(
            f"Your meals for {len(week.days)} days",
            parts.who(week.person, week.diet, (), parts.suspected_names(week)),
            week.disclaimer,
            today,
        )
        + doctor_box(week.see_a_doctor)
        + f"<div class='meals'>{days}"
        + parts.meal_legend([f for d in week.days for f in d.foods])
        + "</div>"
    )
    seen: dict[str, FoodAmount] = {}
    for d in week.days:
        for f in d.foods:
            seen.setdefault(f.id, f)
    shopping = table(parts.SHOPPING_HEAD, parts.shopping_rows(week), numeric={2, 3})
    cost = parts.cost_words(week.cost, f"the {len(week.days)} days")
    if cost:
        shopping = f"<p>{esc(cost)}</p>" + shopping
    lowest: dict[str, NutrientTotal] = {}
    for d in week.days:
        for n in d.nutrients:
            if n.suspected and (n.nutrient not in lowest or n.amount < lowest[n.nutrient].amount):
                lowest[n.nutrient] = n
    chart = parts.suspects_section(list(lowest.values()))
    rest = (
        "<div class='after-first-page'>"
        + _section("Shopping list", shopping)
        + _section("Why these foods", parts.why_foods(seen.values()))
        + (chart.replace("the day's totals", "the lowest day's totals") if chart else "")
        + _section("Words used", parts.glossary())
        + "</div>"
        + "<section class='appendix'><h2>Appendix: how the week was computed</h2>"
        f"<p>{parts.solver_words(week)} Each food on at most {week.max_days_per_food} days.</p>"
        + _safety(week.safety_rules)
        + "<div class='screen-only'>"
        + parts.appendix_lists([("Notes", week.notes)])
        + "</div>"
        + print_note("the safety rules' reasons and the notes", "week")
        + (parts.details(week) if details else "")
        + "</section>"
    )
    return page(f"mealfix: {week.diet} week", first + rest)
