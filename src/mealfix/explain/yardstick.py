"""A plan's cost in words a thrifty household can weigh: the price table's dollars, the same
cost in the Thrifty Food Plan month's dollars (CPI for food at home), and the TFP's own cost for
the person's age-sex group over the same days."""

from __future__ import annotations

from mealfix.explain.records import Cost, Thrifty
from mealfix.inputs.person import Person
from mealfix.inputs.thrifty import cpi, thrifty_plan


def stated_cost(
    usd: float | None,
    price_year: int | None,
    *,
    unpriced: tuple[str, ...] = (),
    at_least: float | None = None,
    budget: float | None = None,
    person: Person | None = None,
    days: int = 1,
) -> Cost:
    """The cost, with its month's dollars and the TFP yardstick where they can be stated:
    a known cost in the CPI file's price year, and a person (for the TFP's age-sex group).
    ``at_least``: what the foods with a price cost, when ``unpriced`` names some without."""
    base = Cost(
        usd=usd,
        price_year=price_year,
        unpriced=unpriced,
        at_least_usd=at_least if usd is None and unpriced else None,
        budget=budget,
        days=days,
    )
    if usd is None or price_year is None:
        return base
    series, plan = cpi(), thrifty_plan()
    if price_year != series.prices_year:
        return base
    month_usd = round(usd * series.factor(plan.month), 2)
    group = plan.group(person) if person is not None else None
    if group is None:
        return base.model_copy(update={"month": plan.month_name, "month_usd": month_usd})
    thrifty = Thrifty(
        group=group.label,
        usd=round(group.daily_usd * days, 2),
        daily_usd=round(group.daily_usd, 2),
        month=plan.month_name,
        source=f"USDA {plan.plan}, cost for {plan.month_name}",
    )
    return base.model_copy(
        update={
            "month": plan.month_name,
            "month_usd": month_usd,
            "thrifty": thrifty,
            "thrifty_ratio": round(month_usd / (group.daily_usd * days), 2),
        }
    )


def cost_words(cost: Cost) -> str:
    """One line: '4.12 USD in 2023 prices (4.30 USD in September 2025 prices); the Thrifty Food
    Plan allows 8.20 USD a day for a woman 20-50 (September 2025): 0.52 of it'."""
    span = "a day" if cost.days == 1 else f"for {cost.days} days"
    if cost.usd is None:
        return partial_cost(cost, f" {span}")
    text = f"{cost.usd:.2f} USD {span}"
    text += f" in {cost.price_year} prices" if cost.price_year else ""
    if cost.month_usd is not None:
        text += f" ({cost.month_usd:.2f} USD in {cost.month} prices)"
    if cost.budget is not None:
        text += f" (budget {cost.budget:g})"
    if cost.thrifty is not None:
        t = cost.thrifty
        text += (
            f"; the Thrifty Food Plan allows {t.usd:.2f} USD {span} for a {t.group} "
            f"({t.month}): {cost.thrifty_ratio:.2f} of it"
        )
    return text


def partial_cost(cost: Cost, span: str = "") -> str:
    """'at least 3.80 USD a day in 2023 prices (no price for Natto)', or 'unknown (...)'."""
    missing = f"no price for {', '.join(cost.unpriced)}"
    if cost.at_least_usd is None:
        return f"unknown ({missing})"
    year = f" in {cost.price_year} prices" if cost.price_year else ""
    return f"at least {cost.at_least_usd:.2f} USD{span}{year} ({missing})"
