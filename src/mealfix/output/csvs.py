"""Plans as CSV tables a spreadsheet opens: one value per cell, one row per food (or per
nutrient), never a Python list or dict in a cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from mealfix.explain.records import FoodAmount, NutrientTotal
from mealfix.inputs.symptoms import UrgentCare
from mealfix.output.clean import csv_cell
from mealfix.output.data import PlanData, WeekData

#: The columns of a food row before its shares; then one ``<nutrient>_pct`` per nutrient.
FOOD_COLUMNS = ("id", "name", "grams", "household", "portion", "meal", "purpose", "for_suspected")
#: The columns of the nutrient totals (``--nutrients-csv``).
NUTRIENT_COLUMNS = (
    "nutrient",
    "name",
    "unit",
    "amount",
    "min",
    "max",
    "reference",
    "reference_kind",
    "limit_kind",
    "pct_of_target",
    "suspected",
    "soft",
    "focus",
    "at_limit",
    "limit_scope",
    "note",
)


def urgent_lines(urgent: UrgentCare | None) -> str:
    """The urgent-care advice as ``#`` lines before a CSV's header (``pandas.read_csv(...,
    comment="#")`` skips them); nothing without a red flag."""
    if urgent is None:
        return ""
    return "".join(f"# {line}\n" for line in urgent.lines())


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text: empty cells for None, ``true``/``false`` for flags, and text that a
    spreadsheet would run as a formula (a food named ``=2+5``) quoted as text.

    Lines end in ``\\n``; a cell holding a line break of either kind (a lone ``\\r`` too) is
    quoted, so it stays one cell of one row (the csv module quotes only the characters of its
    own line end, so each row is written with ``\\r\\n`` and that end swapped for ``\\n``).
    """
    lines = [_line(header)]
    lines += [_line([_cell(value) for value in row]) for row in rows]
    return "".join(lines)


def _line(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(value)


def _share_keys(nutrients: Sequence[NutrientTotal], foods: Sequence[FoodAmount]) -> list[str]:
    """The nutrients in the targets' order that any food has a share of."""
    held = {key for food in foods for key in food.shares}
    return [n.nutrient for n in nutrients if n.nutrient in held]


def _food_row(food: FoodAmount, keys: list[str]) -> list[object]:
    return [
        food.id,
        food.name,
        food.grams,
        food.household,
        food.portion,
        food.meal,
        "; ".join(food.purpose),
        food.for_suspected,
        *(food.shares.get(key) for key in keys),
    ]


def foods_csv(plan: PlanData) -> str:
    """One row per food: grams, measures, purpose, and the % of each target it supplies."""
    keys = _share_keys(plan.nutrient_totals, plan.food_items)
    return urgent_lines(plan.urgent) + rows_csv(
        [*FOOD_COLUMNS, *(f"{key}_pct" for key in keys)],
        (_food_row(food, keys) for food in plan.food_items),
    )


def nutrients_csv(plan: PlanData | WeekData) -> str:
    """The day's totals against the targets, one row per nutrient (a week: per day too)."""
    if isinstance(plan, WeekData):
        return rows_csv(
            ["day", *NUTRIENT_COLUMNS],
            ([day.day, *_nutrient_row(n)] for day in plan.days for n in day.nutrients),
        )
    return rows_csv(NUTRIENT_COLUMNS, (_nutrient_row(n) for n in plan.nutrient_totals))


def _nutrient_row(total: NutrientTotal) -> list[object]:
    values = total.model_dump()
    return [values[column] for column in NUTRIENT_COLUMNS]


def week_csv(week: WeekData) -> str:
    """One row per day and food, with the same columns as a plan's foods."""
    first = week.days[0] if week.days else None
    keys = _share_keys(first.nutrients, [f for d in week.days for f in d.foods]) if first else []
    return urgent_lines(week.urgent) + rows_csv(
        ["day", *FOOD_COLUMNS, *(f"{key}_pct" for key in keys)],
        ([day.day, *_food_row(food, keys)] for day in week.days for food in day.foods),
    )
