"""How a plan and a week show themselves in a notebook: compact HTML with scoped styles.

The same pieces as the handout (:mod:`.parts`), without its page: no ``body`` rules, no print
layout, and the long tables folded away (``<details>``) so a notebook stays readable.
"""

from __future__ import annotations

from mealfix.explain.views import bullets, disclaimer, doctor_box, esc, table, urgent_box, wrap
from mealfix.output import parts
from mealfix.output.data import PlanData, WeekData


def _fold(summary: str, body: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{body}</details>" if body else ""


def plan_view(plan: PlanData) -> str:
    """A plan in a notebook: the day by meal, why, the suspected nutrients, every total."""
    suspected = [n.name for n in plan.nutrient_totals if n.suspected]
    body = (
        urgent_box(plan.urgent)
        + f"<h2>mealfix plan: {esc(parts.who(plan.person, plan.diet, plan.symptoms, suspected))}"
        f"</h2><p class='muted'>{parts.solver_words(plan)}</p>"
        + doctor_box(plan.see_a_doctor)
        + parts.meal_tables(plan.meals, plan.meal_shares, plan.food_items)
        + "<h3>Why these foods</h3>"
        + parts.why_foods(parts.by_meal(plan.food_items, plan.meals))
        + parts.suspects_section(plan.nutrient_totals, heading="h3")
        + bullets(plan.rationale)
        + _fold(
            f"All {len(plan.nutrient_totals)} nutrients against their targets",
            parts.nutrient_table(plan.nutrient_totals),
        )
        + _fold("Your usual day against your targets", parts.usual_section(plan, heading="h4"))
        + _fold(
            f"Healthy Eating Index: {plan.hei.total:.0f} of 100" if plan.hei else "",
            parts.hei_section(plan.hei, heading="h4"),
        )
        + _fold(
            "What limits the plan, and notes",
            parts.appendix_lists([("What limits the plan", plan.limits), ("Notes", plan.notes)]),
        )
        + _fold("The optimiser's account", parts.details(plan, heading="h4"))
        + disclaimer(plan.disclaimer)
    )
    return wrap(body, extra_class="mealfix-plan")


def week_view(week: WeekData) -> str:
    """A week in a notebook: each day by meal (folded after the first), the shopping list."""
    days = []
    for d in week.days:
        meals = parts.meal_tables(d.meals, d.meal_shares, d.foods)
        hei = f", HEI {d.hei.total:.0f}" if d.hei else ""
        days.append(
            f"<h3>Day {d.day}{hei}</h3>{meals}" if d.day == 1 else _fold(f"Day {d.day}{hei}", meals)
        )
    shopping = table(parts.SHOPPING_HEAD, parts.shopping_rows(week), numeric={2, 3})
    cost = parts.cost_words(week.cost, f"the {len(week.days)} days")
    if cost:
        shopping = f"<p>{esc(cost)}</p>" + shopping
    who = parts.who(week.person, week.diet, (), parts.suspected_names(week))
    body = (
        urgent_box(week.urgent) + f"<h2>mealfix week: {esc(who)}"
        f"</h2><p class='muted'>{parts.solver_words(week)} Each food on at most "
        f"{week.max_days_per_food} days.</p>"
        + doctor_box(week.see_a_doctor)
        + "".join(days)
        + _fold(f"Shopping list ({len(week.shopping)} foods)", shopping)
        + _fold("Notes", bullets(week.notes))
        + _fold("The optimiser's account", parts.details(week, heading="h4"))
        + disclaimer(week.disclaimer)
    )
    return wrap(body, extra_class="mealfix-week")
