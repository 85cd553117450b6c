"""Plan -> one self-contained, printable HTML page (tables, inline SVG chart, why, disclaimer)."""

from __future__ import annotations

import html

from mealfix.output.data import PlanData
from mealfix.output.plots import coverage, svg

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warn { background: #fdecea; border-left: 4px solid #c0392b; padding: .6rem .8rem; }
.small { color: #555; font-size: .85rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  table, figure { break-inside: avoid; } }
"""


def plan_html(plan: PlanData, *, chart: bool = True) -> str:
    """The whole page; ``chart=False`` leaves the figure out (for a compact notebook view)."""
    e = html.escape
    person = ""
    if plan.person:
        stage = f", {plan.person['stage']}" if plan.person.get("stage", "none") != "none" else ""
        person = f" for a {plan.person['age']}-year-old {plan.person['sex']}{stage}"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>mealfix plan{e(person)}</title><style>{STYLE}</style></head><body>",
        f"<h1>mealfix plan{e(person)}, {e(plan.diet)} diet</h1>",
        f"<p class='small'>Status: {e(plan.status)} ({e(plan.solver)}); objective "
        f"{e(plan.objective.name)} = {plan.objective.value:.4g} {e(plan.objective.unit)}"
        f"{_cost(plan)}</p>",
    ]
    if plan.see_a_doctor:
        parts.append(f"<p class='warn'>{e(plan.see_a_doctor)}</p>")
    if plan.meals:
        shares = {m.meal: m for m in plan.meal_shares}
        parts.append(
            "<h2>The day by meal</h2><table><tr><th>meal</th><th>food</th><th>grams</th>"
            "<th>about</th></tr>"
        )
        for meal in dict.fromkeys(m.meal for m in plan.meals):
            share = f" ({shares[meal].pct_of_day:g} % of energy)" if meal in shares else ""
            parts.append(f"<tr><th colspan='4'>{e(meal + share)}</th></tr>")
            parts += [
                f"<tr><td></td><td>{e(m.name)}</td><td class='num'>{m.grams:g}</td>"
                f"<td>{e(m.household or '')}</td></tr>"
                for m in plan.meals
                if m.meal == meal
            ]
        parts.append("</table>")
    parts.append(
        "<h2>Foods</h2><table><tr><th>food</th><th>grams</th><th>about</th>"
        "<th>typical portion</th><th>mainly for</th></tr>"
    )
    for f in plan.food_items:
        mark = "* " if f.for_suspected else ""
        parts.append(
            f"<tr><td>{e(f.name)}</td><td class='num'>{f.grams:g}</td>"
            f"<td>{e(f.household or '')}</td><td>{e(f.portion or '')}</td>"
            f"<td>{e(mark + ', '.join(f.purpose))}</td></tr>"
        )
    parts.append(
        "</table><h2>Nutrients: day total against target</h2><table><tr>"
        "<th>nutrient</th><th>amount</th><th>min</th><th>max</th><th>% of target</th>"
        "</tr>"
    )
    for n in plan.nutrient_totals:
        cells = [
            f"{n.amount:.4g} {n.unit}",
            _num(n.min),
            _num(n.max) + (f" ({n.limit_kind})" if n.limit_kind else ""),
            "" if n.pct_of_target is None else f"{n.pct_of_target:.0f}",
        ]
        parts.append(
            f"<tr><td>{'* ' if n.suspected else ''}{e(n.name)}</td>"
            + "".join(f"<td class='num'>{e(c)}</td>" for c in cells)
            + "</tr>"
        )
    parts.append("</table>")
    if plan.hei is not None:
        parts.append(
            f"<h2>Healthy Eating Index ({e(plan.hei.version)}): {plan.hei.total:.1f} of 100</h2>"
            "<table><tr><th>component</th><th>points</th><th></th></tr>"
        )
        for c in plan.hei.components:
            width = 100.0 * c.points / c.max if c.max else 0.0
            parts.append(
                f"<tr><td>{e(c.name)}</td><td class='num'>{c.points:.1f} / {c.max:g}</td>"
                f"<td><div style='background:#7fb3d5;height:.7rem;width:{width:.0f}%'></div>"
                "</td></tr>"
            )
        parts.append("</table>")
    if chart and plan.nutrient_totals:
        parts.append(
            f"<figure>{svg(coverage(plan))}<figcaption class='small'>Coverage of each "
            "target; the dashed line is the target, red marks an upper limit."
            "</figcaption></figure>"
        )
    for title, items in (
        ("Why", plan.rationale),
        ("What limits the plan", plan.limits),
        ("Notes", plan.notes),
    ):
        if items:
            parts.append(
                f"<h2>{title}</h2><ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"
            )
    parts.append(f"<p class='small'><i>{e(plan.disclaimer)}</i></p></body></html>")
    return "\n".join(parts) + "\n"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def _cost(plan: PlanData) -> str:
    if plan.cost is None or plan.cost.usd is None:
        return ""
    return f"; cost {plan.cost.usd:.2f} USD ({plan.cost.price_year} prices)"
