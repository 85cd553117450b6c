"""The results a person gets: an immutable :class:`Plan` or :class:`WeekPlan` that shows itself
(HTML in a notebook, a figure with ``plot``), on top of the data in :mod:`.data`."""

from __future__ import annotations

from typing import Any

from mealfix.output import html, plots
from mealfix.output.data import PlanData, WeekData


class Plan(PlanData):
    """A checked one-day plan: foods, totals against targets, and why."""

    def _repr_html_(self) -> str:
        """Notebook view: foods, totals against targets, why, and the disclaimer."""
        page = html.plan_html(self, chart=False)
        body = page[page.index("<h1>") : page.index("</body>")]
        return f"<div class='mealfix-plan'>{body}</div>"

    def plot(self, kind: str = "coverage", ax: Any = None) -> Any:
        """A matplotlib figure: ``coverage`` (default) or ``contributions``."""
        if kind not in ("coverage", "contributions"):
            raise ValueError("kind is 'coverage' or 'contributions'")
        draw = plots.coverage if kind == "coverage" else plots.contributions
        return draw(self, ax=ax)


class WeekPlan(WeekData):
    """A checked plan of several days with meals and a shopping list."""

    def plot(self, ax: Any = None) -> Any:
        """Foods by day: a heat map of the grams of each food on each day."""
        return plots.week_heatmap(self, ax=ax)
