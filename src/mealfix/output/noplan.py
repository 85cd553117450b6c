"""The 'no plan' report in the formats a program or a printer reads: CSV (one row per food of
the closest day, per shortfall, per best case and per way out) and an HTML page."""

from __future__ import annotations

from mealfix.explain.noplan import NoPlanReport
from mealfix.explain.views import esc, no_plan_body
from mealfix.output import parts
from mealfix.output.csvs import rows_csv, urgent_lines
from mealfix.output.html import page

#: ``part`` says what a row is; the other columns are in people's words and units.
CSV_COLUMNS = ("part", "id", "name", "amount", "unit", "target", "pct_of_target", "detail")


def noplan_csv(report: NoPlanReport) -> str:
    """Why there is no plan, one row per item: the closest day's foods, what it falls short
    of, the most any day can give, and each way out (checked by solving again)."""
    rows: list[list[object]] = [["no plan", None, report.message, None, None, None, None, None]]
    rows += [
        ["closest day food", f.id, f.name, f.grams, "g", None, None, f.household]
        for f in report.closest_foods
    ]
    rows += [
        [
            "closest day falls short" if s.bound == "min" else "closest day over a limit",
            None,
            s.name,
            round(s.best, 6),
            s.unit,
            s.target,
            None if s.pct is None else round(s.pct, 1),
            "minimum" if s.bound == "min" else "maximum",
        ]
        for s in report.shortfalls
    ]
    rows += [
        [
            "most any day can give",
            None,
            g.name,
            round(g.best, 6),
            g.unit,
            g.target,
            round(g.best_pct, 1),
            "limited by " + ("; ".join(g.limited_by) or "the foods themselves"),
        ]
        for g in report.best_cases
    ]
    rows += [["way out", None, w.change, None, None, None, None, w.kind] for w in report.ways_out]
    return urgent_lines(report.urgent) + rows_csv(CSV_COLUMNS, rows)


def noplan_html(report: NoPlanReport) -> str:
    """The report as a page that opens offline and prints: the closest day's foods first."""
    made = f"<header><h1>mealfix: no plan</h1><p class='muted'>{esc(parts.made())}</p></header>"
    return page("mealfix: no plan", made + no_plan_body(report))
