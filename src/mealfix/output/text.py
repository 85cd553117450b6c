"""Plan -> text for people (table, markdown) and for programs (json, csv)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from mealfix.errors import UsageError
from mealfix.explain.gaps import GapsReport
from mealfix.explain.hei import HeiScore
from mealfix.explain.noplan import NoPlanReport
from mealfix.explain.records import NutrientTotal
from mealfix.explain.suspects import SuspectReport
from mealfix.output.data import PlanData, WeekData

FORMATS = ("table", "json", "csv", "markdown", "html")


def render(plan: PlanData, fmt: str, *, all_nutrients: bool = False) -> str:
    """The plan in one of ``FORMATS`` (``all_nutrients``: every nutrient row in the tables)."""
    if fmt in ("table", "markdown"):
        return _text(plan, markdown=fmt == "markdown", all_nutrients=all_nutrients)
    return _RENDERERS[fmt](plan)


def render_infeasible(report: NoPlanReport, fmt: str) -> str:
    """The 'no plan' report: how close the best day gets, what caps it, verified ways out."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    markdown = fmt == "markdown"
    h = "## " if markdown else ""
    lines = [f"No plan: {report.message}", ""]
    if report.shortfalls:
        rows = [
            [
                s.name,
                s.bound,
                f"{s.target:g} {s.unit}",
                f"{s.best:.4g}",
                "" if s.pct is None else f"{s.pct:.0f}",
            ]
            for s in report.shortfalls
        ]
        lines += _grid(
            ["nutrient", "bound", "target", "closest day", "% of target"], rows, markdown
        )
    if report.best_cases:
        lines += ["", f"{h}The most any day can give under this diet"]
        for gap in report.best_cases:
            limits = "; ".join(gap.limited_by) or "the foods themselves"
            lines.append(
                f"- {gap.name}: at most {gap.best:.4g} {gap.unit} "
                f"({gap.best_pct:.0f} % of {gap.target:g}), limited by {limits}"
            )
    lines += ["", f"{h}Ways out (each checked by solving the plan again)"]
    if report.ways_out:
        lines += [f"{n}. {w.change}" for n, w in enumerate(report.ways_out, start=1)]
    else:
        lines.append(
            "- none found among: an excluded food, a supplement under the UL, a wider "
            "energy range, a wider diet"
        )
    lines.append("")
    if report.see_a_doctor:
        lines += [report.see_a_doctor, ""]
    lines.append(report.disclaimer)
    return "\n".join(lines) + "\n"


def _fmt(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def _grid(header: Sequence[str], rows: list[list[str]], markdown: bool = False) -> list[str]:
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return out + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def shown_nutrients(plan: PlanData, every: bool = False) -> list[NutrientTotal]:
    """The rows a person reads first: the focus nutrients and suspects, then the others that
    sit at a limit; with ``every``, all of them in that order."""
    rows = list(plan.nutrient_totals)
    if not any(n.focus for n in rows):  # a targets file of its own: every row is the point
        return rows
    first = [n for n in rows if n.focus or n.suspected]
    limited = [n for n in rows if n not in first and n.at_limit]
    rest = [n for n in rows if n not in first and n not in limited]
    return first + limited + (rest if every else [])


def _by_meal(plan: PlanData, bullet: str) -> list[str]:
    """One line per meal: its share of the energy, then its foods with household measures."""
    shares = {s.meal: s for s in plan.meal_shares}
    out = []
    for meal in dict.fromkeys(m.meal for m in plan.meals):
        foods = "; ".join(
            f"{m.name} {m.grams:g} g" + (f" ({m.household})" if m.household else "")
            for m in plan.meals
            if m.meal == meal
        )
        share = f" ({shares[meal].pct_of_day:g} % of energy)" if meal in shares else ""
        out.append(f"{bullet}{meal}{share}: {foods}")
    return out


def _text(plan: PlanData, markdown: bool, all_nutrients: bool = False) -> str:
    h = "## " if markdown else ""
    bullet = "- " if markdown else "  - "
    who = ""
    if plan.person:
        p = plan.person
        stage = f", {p['stage']}" if p.get("stage", "none") != "none" else ""
        who = f" for a {p['age']}-year-old {p['sex']}{stage} ({plan.group})"
    lines = [
        f"{'# ' if markdown else ''}mealfix plan{who}, {plan.diet} diet",
        f"status: {plan.status} ({plan.solver}); objective {plan.objective.name} = "
        f"{plan.objective.value:.4g} {plan.objective.unit}",
        "",
    ]
    if plan.symptoms and plan.suspect_ranking:
        lines.append(f"{h}Symptoms {', '.join(plan.symptoms)} point to")
        lines += [
            f"{bullet}{s['nutrient']} (score {s['score']}): {s['reasons'][0]}"
            for s in plan.suspect_ranking
        ]
        lines.append("")
    if plan.changes:
        lines.append(f"{h}Changes to your usual day")
        change_rows = [
            [c.name, c.change, f"{c.usual_grams:g}", f"{c.plan_grams:g}"] for c in plan.changes
        ]
        lines += _grid(["food", "change", "usual g", "plan g"], change_rows, markdown)
        lines.append("")
    if plan.meals:
        lines += [f"{h}The day by meal", *_by_meal(plan, bullet), ""]
    lines.append(f"{h}Foods")
    food_rows = [
        [
            f.name,
            f"{f.grams:g}",
            f.household or "",
            f.portion or "",
            ("* " if f.for_suspected else "") + ", ".join(f.purpose),
        ]
        for f in plan.food_items
    ]
    lines += _grid(
        ["food", "grams", "about", "typical portion", "mainly for (* suspected)"],
        food_rows,
        markdown,
    )
    lines += ["", f"{h}Nutrients (day total vs target)"]
    shown = shown_nutrients(plan, all_nutrients)
    hidden = len(plan.nutrient_totals) - len(shown)
    nutrient_rows = [
        [
            ("* " if n.suspected else "") + n.name,
            f"{_fmt(n.amount)} {n.unit}",
            _fmt(n.min),
            _fmt(n.max) + (f" ({n.limit_kind})" if n.limit_kind else ""),
            "" if n.pct_of_target is None else f"{n.pct_of_target:.0f}",
            f"{_fmt(n.reference)} {n.reference_kind or ''}".strip(),
        ]
        for n in shown
    ]
    lines += _grid(
        ["nutrient", "amount", "min", "max", "% target", "RDA/AI"], nutrient_rows, markdown
    )
    if hidden:
        lines.append(
            f"All other {hidden} nutrients are within their limits (--all-nutrients lists them)."
        )
    groups = [g for g in plan.food_groups if ":" not in g.group]
    if groups:
        lines += ["", f"{h}Food groups ({plan.pattern})"]
        group_rows = [
            [
                g.group.replace("_", " "),
                f"{g.amount:.3g} {g.unit}",
                f"{g.pattern:.3g}",
                f"{g.pct:.0f}" + ("" if g.within else " !"),
            ]
            for g in groups
        ]
        lines += _grid(["group", "amount", "pattern", "% of pattern"], group_rows, markdown)
    if plan.hei is not None:
        weak = ", ".join(f"{c.name} {c.points:.1f}/{c.max:g}" for c in plan.hei.weakest(3))
        lines += [
            "",
            f"Healthy Eating Index ({plan.hei.version}): {plan.hei.total:.1f} of 100"
            + (f"; weakest: {weak}" if weak else ""),
        ]
        if plan.current_hei is not None:
            lines.append(f"Your usual day scores {plan.current_hei.total:.1f}.")
    if plan.cost is not None:
        if plan.cost.usd is not None:
            budget = f" (budget {plan.cost.budget:g})" if plan.cost.budget is not None else ""
            lines += [
                "",
                f"Cost of the day: {plan.cost.usd:.2f} USD in {plan.cost.price_year} "
                f"prices{budget}",
            ]
        else:
            lines += ["", f"Cost of the day unknown: no price for {', '.join(plan.cost.unpriced)}"]
    if plan.energy_shares:
        shares = ", ".join(
            f"{s.nutrient} {s.pct_of_energy:g} % "
            + (f"({s.min_pct:g}-{s.max_pct:g})" if s.min_pct is not None else f"(< {s.max_pct:g})")
            for s in plan.energy_shares
        )
        lines += ["", f"Share of energy: {shares}"]
    safety = [
        f"{r.name}{' (LIFTED on request)' if r.lifted else ''}: {r.reason}"
        + (f" ({r.foods_left_out} foods left out)" if r.foods_left_out else "")
        for r in plan.safety_rules
    ]
    for title, items in (
        ("Why", plan.rationale),
        ("What limits the plan", plan.limits),
        ("Life-stage safety rules applied", safety),
        ("Notes", plan.notes),
    ):
        if items:
            lines += ["", f"{h}{title}", *(f"{bullet}{item}" for item in items)]
    notes = [n.note for n in plan.nutrient_totals if n.note]
    lines += [f"{bullet}{n}" for n in notes]
    lines.append("")
    if plan.see_a_doctor:
        lines += [f"{'**' if markdown else '! '}{plan.see_a_doctor}{'**' if markdown else ''}", ""]
    lines.append(plan.disclaimer)
    return "\n".join(lines) + "\n"


def _csv(plan: PlanData) -> str:
    frame = plan.foods
    frame["purpose"] = frame["purpose"].map("; ".join)
    buffer = io.StringIO()
    frame.to_csv(buffer, lineterminator="\n")
    return buffer.getvalue()


_RENDERERS: dict[str, Callable[[PlanData], str]] = {
    "table": lambda plan: _text(plan, markdown=False),
    "markdown": lambda plan: _text(plan, markdown=True),
    "json": lambda plan: plan.to_json() + "\n",
    "csv": _csv,
    "html": lambda plan: _html(plan),
}


def _html(plan: PlanData) -> str:
    from mealfix.output.html import plan_html

    return plan_html(plan)


def render_week(week: WeekData, fmt: str) -> str:
    """A week plan: each day's foods by meal, then the shopping list."""
    if fmt == "html":
        raise UsageError("--format html is available for mealfix plan; use markdown for a week")
    if fmt == "json":
        return week.to_json() + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        frame = week.to_frame()
        frame["purpose"] = frame["purpose"].map("; ".join)
        frame.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()
    markdown = fmt == "markdown"
    h = "## " if markdown else ""
    lines = [
        f"{'# ' if markdown else ''}mealfix week plan, {week.diet} diet, "
        f"each food on at most {week.max_days_per_food} days",
        f"status: {week.status} ({week.solver}); objective {week.objective.name} = "
        f"{week.objective.value:.4g} {week.objective.unit}",
    ]
    for day in week.days:
        lines += ["", f"{h}Day {day.day}"]
        rows = [[m.meal, m.name, f"{m.grams:g}", m.household or ""] for m in day.meals]
        lines += _grid(["meal", "food", "grams", "about"], rows, markdown)
        shares = ", ".join(f"{s.meal} {s.pct_of_day:g} %" for s in day.meal_shares)
        lowest = min(
            (n for n in day.nutrients if n.pct_of_target is not None),
            key=lambda n: n.pct_of_target or 0.0,
            default=None,
        )
        lines.append(f"energy by meal: {shares}")
        if day.hei is not None:
            lines.append(f"Healthy Eating Index ({day.hei.version}): {day.hei.total:.1f}")
        if lowest is not None:
            lines.append(f"every target met; lowest: {lowest.name} {lowest.pct_of_target:g} %")
    lines += ["", f"{h}Shopping list"]
    rows = [[s.name, f"{s.grams:g}", s.household or "", str(s.days)] for s in week.shopping]
    lines += _grid(["food", "grams", "about", "days"], rows, markdown)
    if week.notes:
        lines += ["", f"{h}Notes", *(f"- {n}" for n in week.notes)]
    lines.append("")
    if week.see_a_doctor:
        lines += [week.see_a_doctor, ""]
    lines.append(week.disclaimer)
    return "\n".join(lines) + "\n"


def render_suspects(report: SuspectReport, fmt: str) -> str:
    """Nutrients ranked for the symptoms, the richest foods, and when to see a doctor."""
    _text_only(fmt, "suspect")
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    markdown = fmt == "markdown"
    h = "## " if markdown else ""
    lines = [f"Symptoms: {', '.join(report.symptoms)}", "", f"! {report.see_a_doctor}", ""]
    for n, suspect in enumerate(report.ranking, start=1):
        mark = " (suspected)" if suspect.suspected else ""
        lines.append(f"{h}{n}. {suspect.name}, score {suspect.score}{mark}")
        lines += [f"   - {reason}" for reason in suspect.reasons]
        rows = [
            [
                f.name,
                f.portion or "",
                f"{f.amount:.3g} {suspect.unit}",
                "" if f.pct_of_target is None else f"{f.pct_of_target:.0f} %",
            ]
            for f in suspect.richest_foods
        ]
        lines += [
            "   " + line
            for line in _grid(
                ["richest foods", "per portion", "amount", "% of target"], rows, markdown
            )
        ]
        lines.append("")
    lines.append(report.disclaimer)
    return "\n".join(lines) + "\n"


def render_score(hei: HeiScore, fmt: str) -> str:
    """A usual day's Healthy Eating Index, component by component."""
    if fmt == "json":
        return hei.model_dump_json(indent=2) + "\n"
    markdown = fmt == "markdown"
    rows = [
        [c.name, f"{c.points:.1f}", f"{c.max:g}", f"{c.amount:.3g} {c.unit}"]
        for c in hei.components
    ]
    lines = [f"Healthy Eating Index ({hei.version}): {hei.total:.1f} of 100", ""]
    lines += _grid(["component", "points", "of", "scored on"], rows, markdown)
    return "\n".join(lines) + "\n"


def render_gaps(report: GapsReport, fmt: str) -> str:
    """Best and worst case per nutrient for a diet, flagged where food alone falls short."""
    _text_only(fmt, "gaps")
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    markdown = fmt == "markdown"
    rows = [
        [
            ("! " if g.flagged else "") + g.name,
            f"{g.target:g} {g.unit}",
            f"{g.worst:.4g} ({g.worst_pct:.0f} %)",
            f"{g.best:.4g} ({g.best_pct:.0f} %)",
            "; ".join(g.limited_by[:2]),
        ]
        for g in report.gaps
    ]
    lines = [
        f"Problem nutrients on a {report.diet} diet ({report.group}): the least "
        "and most a day within the energy range, the limits and the per-day maxima can "
        "give. '!' marks a nutrient food alone cannot bring to its target.",
        "",
    ]
    lines += _grid(
        ["nutrient", "target", "worst case", "best case", "best case limited by"], rows, markdown
    )
    lines += ["", report.disclaimer]
    return "\n".join(lines) + "\n"


def _text_only(fmt: str, command: str) -> None:
    if fmt in ("csv", "html"):
        raise UsageError(f"mealfix {command} prints table, markdown or json, not {fmt}")
