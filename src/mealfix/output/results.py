"""The results a person gets: an immutable :class:`Plan` or :class:`WeekPlan` that shows itself
(HTML in a notebook, a figure with ``plot``), on top of the data in :mod:`.data`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mealfix.output import html, notebook, plots
from mealfix.output.data import PlanData, WeekData

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PLOTS = ("coverage", "contributions")


class Plan(PlanData):
    """A checked one-day plan: foods, totals against targets, and why."""

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
