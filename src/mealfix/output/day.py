"""Your day, measured (``mealfix score``, and the usual day beside a plan made with
``--current``): each nutrient against the targets, the food groups, the HEI, in every format."""

from __future__ import annotations

from collections.abc import Sequence

from mealfix.explain.records import FoodGroupAmount, FoodPortion
from mealfix.explain.usual import DayNutrient, DayScore
from mealfix.explain.views import esc, usual_body
from mealfix.output import parts
from mealfix.output.csvs import rows_csv
from mealfix.output.data import PlanData
from mealfix.output.html import page
from mealfix.output.tables import (
    Block,
    Bullets,
    Column,
    Doc,
    Heading,
    Para,
    Table,
    draw,
    number,
)

#: The columns of ``mealfix score --format csv``: one row per food, nutrient, food group and
#: HEI component (``part`` says which), in people's words; a food's last cell is its household
#: measure.
CSV_COLUMNS = (
    "part",
    "name",
    "amount",
    "unit",
    "target",
    "target_kind",
    "pct_of_target",
    "flag",
    "upper_limit",
    "limit_kind",
    "mainly_from",
)

#: The flag and limit columns a food group or HEI row leaves empty.
_NONE4 = (None, None, None, None)


def render_score(day: DayScore, fmt: str, *, width: int | None = None, color: bool = False) -> str:
    """A usual day measured, in one of the five formats."""
    if fmt == "json":
        return day.to_json() + "\n"
    if fmt == "csv":
        return score_csv(day)
    if fmt == "html":
        return score_html(day)
    doc = Doc([Heading(f"Your day, measured: {_who(day)}", level=1), Para(day.summary())])
    doc.section("The foods", foods_table(day.food_items))
    doc.section(
        "Nutrients against your targets" if day.targeted else "Nutrients",
        nutrient_table(day.nutrient_rows),
    )
    doc.section(f"Food groups against the {day.pattern}", groups_table(day.food_groups))
    if day.hei is not None:
        doc.section(
            f"Healthy Eating Index ({day.hei.version}): {day.hei.total:.1f} of 100",
            Table.of(
                [
                    Column("component"),
                    Column("points", numeric=True),
                    Column("of", numeric=True),
                    Column("scored on", numeric=True),
                    Column("unit"),
                ],
                [
                    [c.name, f"{c.points:.1f}", f"{c.max:g}", f"{c.amount:.3g}", c.unit]
                    for c in day.hei.components
                ],
            ),
        )
    doc.section("Notes", Bullets(day.notes))
    if day.disclaimer:
        doc.add(Para(day.disclaimer))
    return draw(doc, fmt, width=width, color=color)


def _who(day: DayScore) -> str:
    said = parts.who(day.person, day.diet, (), ())
    return said[0].lower() + said[1:] if said[:2] == "A " else said


def foods_table(foods: Sequence[FoodPortion]) -> Table:
    """A day's foods: grams and household measure."""
    return Table.of(
        [Column("food"), Column("g", numeric=True), Column("about")],
        [[f.name, f"{f.grams:g}", f.household or ""] for f in foods],
    )


def groups_table(rows: Sequence[FoodGroupAmount]) -> Table:
    """A day's main food groups against the pattern; '!' marks one out of its range."""
    groups = [g for g in rows if ":" not in g.group]
    return Table.of(
        [
            Column("group"),
            Column("amount", numeric=True),
            Column("unit"),
            Column("pattern", numeric=True),
            Column("% of pattern", numeric=True),
        ],
        [
            [
                g.group.replace("_", " "),
                f"{g.amount:.3g}",
                g.unit,
                f"{g.pattern:.3g}",
                f"{g.pct:.0f}" + ("" if g.within else " !"),
            ]
            for g in groups
        ],
        [None if g.within else "flag" for g in groups],
    )


def nutrient_table(rows: Sequence[DayNutrient], plan: dict[str, float] | None = None) -> Table:
    """Nutrients of a day: amount, % of target, the flag, the main sources (``plan``: the
    plan's % of target by key, as a last column)."""
    columns = [
        Column("nutrient", share=0.22),
        Column("amount", numeric=True),
        Column("unit"),
        Column("% of target", numeric=True),
        Column("target", numeric=True),
        Column("flag"),
        Column("mainly from", wrap=True),
    ]
    if plan is not None:
        columns.append(Column("plan %", numeric=True))
    body = []
    for n in rows:
        row = [
            n.name,
            number(n.amount),
            n.unit,
            "" if n.pct_of_target is None else f"{n.pct_of_target:.0f}",
            f"{number(n.target)} {n.target_kind or ''}".strip(),
            n.flag_words,
            n.mainly_from,
        ]
        if plan is not None:
            pct = plan.get(n.key)
            row.append("" if pct is None else f"{pct:.0f}")
        body.append(row)
    if not any(n.target is not None or n.max is not None for n in rows):  # amounts only
        keep = (0, 1, 2, 6)
        columns = [columns[i] for i in keep]
        body = [[row[i] for i in keep] for row in body]
    return Table.of(columns, body, ["flag" if n.flag else None for n in rows])


def score_csv(day: DayScore) -> str:
    """One row per nutrient, food group and HEI component, in people's words."""
    rows: list[list[object]] = [
        ["food", f.name, f.grams, "g", None, None, None, None, None, None, f.household]
        for f in day.food_items
    ]
    rows += [
        [
            "nutrient",
            n.name,
            n.amount,
            n.unit,
            n.target,
            n.target_kind,
            n.pct_of_target,
            n.flag,
            n.max,
            n.limit_kind,
            n.mainly_from,
        ]
        for n in day.nutrient_rows
    ]
    rows += [
        [
            "food group",
            g.group.replace(":", ": ").replace("_", " "),
            round(g.amount, 3),
            g.unit,
            round(g.pattern, 3),
            day.pattern,
            g.pct,
            None if g.within else ("under" if g.amount < g.pattern else "over"),
            None,
            None,
            None,
        ]
        for g in day.food_groups
    ]
    if day.hei is not None:
        rows += [
            [
                "HEI component",
                c.name,
                round(c.points, 2),
                "points",
                c.max,
                day.hei.version,
                round(100 * c.points / c.max, 1) if c.max else None,
                *_NONE4,
            ]
            for c in day.hei.components
        ]
        rows.append(
            [
                "HEI total",
                "Healthy Eating Index",
                day.hei.total,
                "points",
                100.0,
                day.hei.version,
                day.hei.total,
                *_NONE4,
            ]
        )
    return rows_csv(CSV_COLUMNS, rows)


def score_html(day: DayScore) -> str:
    """A usual day measured as a page: the nutrients, food groups and the HEI chart."""
    body = (
        "<header><h1>Your day, measured</h1>"
        f"<p class='who'>{esc(parts.who(day.person, day.diet, (), ()))}</p>"
        f"<p class='muted'>{esc(parts.made())}</p></header>"
        + usual_body(day)
        + parts.hei_section(day.hei)
        + (f"<p class='disclaimer'>{esc(day.disclaimer)}</p>" if day.disclaimer else "")
    )
    return page("mealfix: your day, measured", body)


def usual_blocks(plan: PlanData) -> list[Block]:
    """The usual day (``--current``) beside the plan: the main nutrients and every one the
    usual day has under its target or over its limit, with the plan's % of target."""
    day = plan.usual_day
    if day is None:
        return []
    rows = day.read_first(parts.first_keys(plan))
    rest = len(day.nutrient_rows) - len(rows)
    planned = {n.nutrient: n.pct_of_target for n in plan.nutrient_totals if n.pct_of_target}
    return [
        Para(day.summary(), tight=True),
        nutrient_table(rows, planned),
        Para(
            f"{rest} other nutrients are within their targets on your usual day "
            "(`mealfix score` lists every one)."
            if rest
            else ""
        ),
    ]
