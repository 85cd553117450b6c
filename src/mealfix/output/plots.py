"""Figures of a plan (matplotlib): coverage of each target, who supplies it, a week at a glance.

Each function draws on ``ax`` when given one, else on a new figure made without pyplot (so a
file or an HTML page leaves no open figure behind); it returns the figure. In a notebook,
:meth:`~mealfix.output.results.Plan.plot` makes the figure with pyplot and returns the Axes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, cast

import numpy as np

from mealfix.output.clean import plot_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from mealfix.output.data import PlanData, WeekData

TARGET_COLOUR = "#333333"
LIMIT_COLOUR = "#c0392b"
#: Where the coverage axis ends, in % of the target (longer bars are cut there and marked).
CAP_PCT = 200.0


def new_axes(figsize: tuple[float, float], pyplot: bool = False) -> Axes:
    """Axes on a new figure: through pyplot (a notebook shows it inline, once) or not."""
    if pyplot:
        import matplotlib.pyplot as plt

        return plt.subplots(figsize=figsize)[1]
    from matplotlib.figure import Figure

    return Figure(figsize=figsize).add_subplot()


def size(kind: str, plan: PlanData | WeekData) -> tuple[float, float]:
    """The figure size that fits ``kind`` (coverage, contributions, week) of ``plan``."""
    if kind == "week":
        frame = cast("WeekData", plan).to_frame()
        return (1.0 * frame["day"].nunique() + 4, 0.35 * frame["name"].nunique() + 1.5)
    rows = cast("PlanData", plan).nutrients
    if kind == "coverage":
        return (7, 0.45 * int(rows["pct_of_target"].notna().sum()) + 1.2)
    return (8, 0.45 * len(rows) + 1.5)


def coverage(plan: PlanData, ax: Axes | None = None) -> Figure:
    """% of target reached per nutrient, the target line at 100 % and each upper limit marked.

    The axis ends at :data:`CAP_PCT`: one nutrient at 6,000 % would otherwise squash every
    other bar. A longer bar is drawn to the cap and says its own value ("▶ 640 %")."""
    table = plan.nutrients
    table = table[table["pct_of_target"].notna()]
    if ax is None:
        ax = new_axes(size("coverage", plan))
    fig = cast("Figure", ax.figure)
    names = [
        plot_label(("* " if s else "") + n)
        for n, s in zip(table["name"], table["suspected"], strict=True)
    ]
    y = np.arange(len(table))
    pct = table["pct_of_target"].astype(float)
    colours = ["#2e86c1" if s else "#7fb3d5" for s in table["suspected"]]
    ax.barh(y, pct.clip(upper=CAP_PCT), color=colours)
    for row, value in enumerate(pct):
        if value > CAP_PCT:
            ax.text(
                CAP_PCT * 0.985,
                row,
                capped_label(value),
                ha="right",
                va="center",
                fontsize="small",
                color="#1d1d1d",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.85, "lw": 0},
            )
    ax.axvline(100, color=TARGET_COLOUR, linewidth=1, linestyle="--", label="target (RDA/AI)")
    reference = table["reference"].astype(float).fillna(table["min"].astype(float))
    limit_pct = 100 * table["max"].astype(float) / reference
    shown = limit_pct.notna() & (limit_pct <= CAP_PCT)
    ax.scatter(
        limit_pct[shown],
        y[shown.to_numpy()],
        marker="|",
        s=250,
        color=LIMIT_COLOUR,
        label="upper limit (UL / CDRR / max)",
        zorder=3,
    )
    ax.set_xlim(0, CAP_PCT)
    ax.set_yticks(y, names)
    ax.set_ylim(len(table) + 1.6, -0.5)  # the first nutrient on top; room for the key below
    ax.set_xlabel(f"% of target (the axis ends at {CAP_PCT:.0f} %; \u25b6 marks a longer bar)")
    ax.set_title("Nutrient coverage (* suspected)")
    ax.legend(loc="lower right", fontsize="small", ncol=2)
    fig.tight_layout()
    return fig


def capped_label(pct: float) -> str:
    """The words on a bar cut at the axis' end: "▶ 640 %"."""
    return f"\u25b6 {pct:,.0f} %"


def contributions(plan: PlanData, ax: Axes | None = None) -> Figure:
    """Which foods supply each nutrient: stacked bars of % of target per food."""
    shares = plan.shares_frame().fillna(0.0)
    nutrients = plan.nutrients
    shares = shares[[c for c in nutrients.index if c in shares.columns]]
    if ax is None:
        ax = new_axes(size("contributions", plan))
    fig = cast("Figure", ax.figure)
    left = np.zeros(shares.shape[1])
    y = np.arange(shares.shape[1])
    for food, row in shares.iterrows():
        ax.barh(y, row.to_numpy(), left=left, label=plot_label(str(food)))
        left += row.to_numpy()
    ax.axvline(100, color=TARGET_COLOUR, linewidth=1, linestyle="--")
    ax.set_yticks(y, [plot_label(str(n)) for n in nutrients.loc[shares.columns, "name"]])
    ax.invert_yaxis()
    ax.set_xlabel("% of target")
    ax.set_title("Where each nutrient comes from")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small")
    fig.tight_layout()
    return fig


def week_heatmap(week: WeekData, ax: Axes | None = None) -> Figure:
    """Foods by day: grams of each food on each day of the week."""
    frame = (
        week.to_frame()
        .pivot_table(index="name", columns="day", values="grams", aggfunc="sum")
        .fillna(0.0)
    )
    if ax is None:
        ax = new_axes(size("week", week))
    fig = cast("Figure", ax.figure)
    image = ax.imshow(frame.to_numpy(), aspect="auto", cmap="Greens")
    ax.set_xticks(range(frame.shape[1]), [f"day {d}" for d in frame.columns])
    ax.set_yticks(range(len(frame)), [plot_label(str(n)) for n in frame.index])
    fig.colorbar(image, ax=ax, label="grams")
    ax.set_title(f"Foods by day (each on at most {week.max_days_per_food} days)")
    fig.tight_layout()
    return fig


def svg(fig: Figure) -> str:
    """A figure as inline SVG text (no external files, no network; its words as text)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text: searchable, small
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    if fig.canvas.manager is not None:  # a pyplot figure: let it go
        import matplotlib.pyplot as plt

        plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]
