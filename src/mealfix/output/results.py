"""The results a person gets: an immutable :class:`Plan` or :class:`WeekPlan` that shows itself
(HTML in a notebook, a figure with ``plot``), on top of the data in :mod:`.data`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mealfix.output import html, notebook, parts, plots
from mealfix.output.data import PlanData, WeekData

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PLOTS = ("coverage", "contributions")
#: The nutrients a plan's short summary names at most.
SUMMARY_NUTRIENTS = 6


def summary(data: PlanData | WeekData) -> str:
    """A plan in a few lines, for ``print`` and a ``repr``: urgent advice first, who it is
    for, how sure and what it costs, its foods, and the nutrients it is about first."""
    urgent = ["! " + line for line in data.urgent.lines()] if data.urgent else []
    if isinstance(data, WeekData):
        suspected = parts.suspected_names(data)
        who = parts.who(data.person, data.diet, (), suspected)
        foods = f"{len(data.days)} days, {len(data.shopping)} foods on the shopping list"
        totals = data.days[0].nutrients if data.days else ()
        kind, cost = "WeekPlan", ""
    else:
        suspected = [n.name for n in data.nutrient_totals if n.suspected]
        who = parts.who(data.person, data.diet, data.symptoms, suspected)
        grams = sum(f.grams for f in data.food_items)
        foods = f"{len(data.food_items)} foods, {grams:,.0f} g"
        totals = data.nutrient_totals
        kind, cost = "Plan", _cost(data)
    key = [n for n in totals if n.suspected or n.focus] or list(totals)
    said = [
        f"{n.name} {n.amount:.4g} {n.unit}"
        + ("" if n.pct_of_target is None else f" ({n.pct_of_target:.0f} %)")
        for n in key[:SUMMARY_NUTRIENTS]
    ]
    first = "day 1: " if kind == "WeekPlan" else ""
    shown = [f"  {first if i == 0 else ''}{', '.join(said[i : i + 3])}" for i in (0, 3) if said[i:]]
    return "\n".join([*urgent, f"mealfix {kind}: {who}", f"  {data.status}; {foods}{cost}", *shown])


def _cost(plan: PlanData) -> str:
    if plan.cost is None:
        return ""
    if plan.cost.usd is None:
        least = plan.cost.at_least_usd
        known = "cost unknown" if least is None else f"at least {least:.2f} USD"
        return f"; {known} ({len(plan.cost.unpriced)} foods without a price)"
    return f"; {plan.cost.usd:.2f} USD"


class Plan(PlanData):
    """A checked one-day plan: foods, totals against targets, and why.

    ``print(day)`` gives a few lines (who, how sure, cost, foods, the main nutrients); a
    notebook shows the whole plan; ``.foods``, ``.nutrients`` and ``.meals_frame()`` are tables.
    """

    def __repr__(self) -> str:
        return summary(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """Notebook view: the day by meal, why, the suspected nutrients, every total."""
        return notebook.plan_view(self)

    def to_html(self) -> str:
        """The printable handout (as ``mealfix plan --format html`` writes it)."""
        return html.plan_html(self)

    def plot(self, kind: str = "coverage", ax: Axes | None = None) -> Axes:
        """Draw ``coverage`` (default) or ``contributions`` on ``ax`` (a new pyplot figure if
        None) and return the Axes: a notebook then shows the figure once, not twice."""
        if kind not in PLOTS:
            raise ValueError(f"kind is one of {', '.join(PLOTS)}, not {kind!r}")
        if ax is None:
            ax = plots.new_axes(plots.size(kind, self), pyplot=True)
        (plots.coverage if kind == "coverage" else plots.contributions)(self, ax=ax)
        return ax


class WeekPlan(WeekData):
    """A checked plan of several days with meals and a shopping list."""

    def __repr__(self) -> str:
        return summary(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """Notebook view: each day by meal, the shopping list, notes."""
        return notebook.week_view(self)

    def to_html(self) -> str:
        """The printable handout (as ``mealfix week --format html`` writes it)."""
        return html.week_html(self)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Foods by day: a heat map of the grams of each food on each day; returns the Axes."""
        if ax is None:
            ax = plots.new_axes(plots.size("week", self), pyplot=True)
        plots.week_heatmap(self, ax=ax)
        return ax
