"""Why: what each food is for, what the suspicion changed, which limits shape the plan, what
the day costs and how it differs from the usual day."""

from __future__ import annotations

import math

import pandas as pd

from mealfix.explain.records import (
    Binding,
    Change,
    Cost,
    EnergyShare,
    FoodAmount,
    FoodGroupAmount,
    NutrientTotal,
)
from mealfix.explain.yardstick import stated_cost
from mealfix.inputs.arguments import given
from mealfix.inputs.measures import household, portion_label
from mealfix.inputs.targets import Targets
from mealfix.model.case import Case
from mealfix.model.limits import day_totals
from mealfix.model.pattern import PatternRows
from mealfix.model.rules import ENERGY
from mealfix.solve.meals import main_meal
from mealfix.solve.settle import Solution

#: A food is "for" a nutrient when it supplies at least this share of that nutrient's target.
PURPOSE_SHARE = 0.2


DUAL_EPSILON = 1e-9


OBJECTIVE_UNITS = {
    "pattern": "points of distance from the food pattern",
    "portions": "portions",
    "cost": "USD",
    "closest": "portions of change",
}


def contributions(solution: Solution) -> pd.DataFrame:
    """Amount of each nutrient each food supplies (foods x nutrients)."""
    foods = solution.used[solution.nutrients]
    return foods.mul(solution.grams / 100.0, axis=0)


def target_of(targets: Targets, nutrient: str) -> float | None:
    """What a share is measured against: the RDA/AI, or the minimum when there is none."""
    row = targets.frame.loc[nutrient]
    for key in ("reference", "min"):
        value = row[key]
        if given(value) and float(value) > 0:
            return float(value)
    return None


def food_rows(solution: Solution, targets: Targets) -> list[FoodAmount]:
    """Each food with grams, household measure and the targets it mainly serves."""
    parts = contributions(solution)
    rows: list[FoodAmount] = []
    against = {
        n: t
        for n in solution.nutrients
        if n in targets.frame.index and (t := target_of(targets, n)) is not None
    }
    columns = [parts.columns.get_loc(n) for n in against]
    table = parts.to_numpy()
    meal_of = main_meal(solution.meals) if solution.meals is not None else None
    for food_id, grams in solution.grams.sort_index().items():
        food = solution.used.loc[food_id]
        amounts = table[parts.index.get_loc(food_id), columns]
        shares = {n: float(v) / t for (n, t), v in zip(against.items(), amounts, strict=True)}
        ranked = sorted(shares, key=lambda n: -shares[n])
        main = [n for n in ranked if shares[n] >= PURPOSE_SHARE][:3] or ranked[:1]
        said, portion = measures(food, float(grams))
        rows.append(
            FoodAmount(
                id=str(food_id),
                name=str(food["name"]),
                grams=float(grams),
                household=said,
                portion=portion,
                purpose=tuple(f"{_name(targets, n)} {100 * shares[n]:.0f} %" for n in main),
                shares={n: round(100 * float(v), 4) for n, v in shares.items()},
                for_suspected=any(bool(targets.frame.at[n, "suspected"]) for n in main),
                meal=None if meal_of is None else str(meal_of.get(food_id)),
            )
        )
    return rows


def measures(food: pd.Series, grams: float) -> tuple[str | None, str | None]:
    """``grams`` of a food (a row of the foods table) in its household measure, and its
    typical portion with its weight (None where the table gives no portion)."""
    measure = text_or_none(food.get("portion_measure"))
    portion_g = number_or_none(food.get("portion_g"))
    return household(grams, measure, portion_g), portion_label(measure, portion_g)


def nutrient_rows(solution: Solution, targets: Targets) -> list[NutrientTotal]:
    """The day's total of every constrained nutrient against its limits."""
    day = day_totals(solution.foods, solution.grams, solution.nutrients)
    rows: list[NutrientTotal] = []
    for nutrient, spec in targets.frame.iterrows():
        if nutrient not in solution.nutrients:
            continue
        amount = float(day[nutrient])
        target = target_of(targets, str(nutrient))
        note = spec["ul_note"] if isinstance(spec["ul_note"], str) else None
        low, high = number_or_none(spec["min"]), number_or_none(spec["max"])
        soft = bool(spec.get("soft", False))
        short = soft and low is not None and amount < low - 1e-9
        if short:
            note = (
                f"{spec['name']} is {100 * amount / (low or 1):.0f} % of its AI: an AI is not a "
                "requirement (intake below it cannot be called inadequate); the plan prices the "
                "shortfall instead of forbidding it"
            )
        rows.append(
            NutrientTotal(
                nutrient=str(nutrient),
                name=str(spec["name"]),
                unit=str(spec["unit"]),
                amount=round(amount, 6),
                min=low,
                max=high,
                reference=number_or_none(spec["reference"]),
                reference_kind=text_or_none(spec["reference_kind"]),
                limit_kind=text_or_none(spec["limit_kind"]),
                pct_of_target=round(100 * amount / target, 1) if target else None,
                suspected=bool(spec["suspected"]),
                note=note,
                limit_scope=text_or_none(spec.get("limit_scope")),
                soft=soft,
                focus=bool(spec.get("focus", False)),
                at_limit=short
                or (low is not None and amount <= low * 1.005 + 1e-9)
                or (high is not None and amount >= high * 0.995 - 1e-9),
            )
        )
    return rows


def food_group_rows(solution: Solution) -> list[FoodGroupAmount]:
    """Each food group of the day against the person's pattern (empty without a pattern)."""
    rows = solution.setup.pattern
    return [] if rows is None else group_rows(rows, solution.grams)


def group_rows(rows: PatternRows, grams: pd.Series) -> list[FoodGroupAmount]:
    """Each food group of a day of ``grams`` against the pattern ``rows`` describe."""
    amounts = rows.amounts(grams)
    out = []
    for key, target in rows.target.items():
        amount = float(amounts[key])
        pct = 100.0 * amount / target if target else 0.0
        low, high = float(rows.low[key]), float(rows.high[key])
        out.append(
            FoodGroupAmount(
                group=str(key),
                amount=round(amount, 6),
                unit=rows.pattern.unit(str(key)),
                pattern=round(float(target), 6),
                pct=round(pct, 1),
                within=low * 100 - 0.5 <= pct <= high * 100 + 0.5,
            )
        )
    return out


def share_rows(solution: Solution, targets: Targets) -> list[EnergyShare]:
    """Protein, fat and carbohydrate as shares of the day's energy (AMDR), where constrained."""
    if ENERGY not in solution.nutrients:
        return []
    macros = [m for m in targets.shares.index if m in solution.nutrients]
    day = day_totals(solution.foods, solution.grams, [ENERGY, *macros])
    if day[ENERGY] <= 0:
        return []
    return [
        EnergyShare(
            nutrient=str(m),
            pct_of_energy=round(100 * day[m] * targets.shares.at[m, "kcal_per_g"] / day[ENERGY], 1),
            min_pct=number_or_none(targets.shares.at[m, "min_pct"]),
            max_pct=float(targets.shares.at[m, "max_pct"]),
            name=_name(targets, str(m))
            if m in targets.frame.index
            else str(m).removesuffix("_g").replace("_", " ").capitalize(),
        )
        for m in macros
    ]


def rationale(solution: Solution, targets: Targets, boosted: bool) -> list[str]:
    """Plain-language lines: what each suspected nutrient's aim was and which foods carry it."""
    parts = contributions(solution)
    lines: list[str] = []
    suspected = targets.frame.index[targets.frame["suspected"].astype(bool)]
    for nutrient in suspected:
        if nutrient not in solution.nutrients:
            lines.append(
                f"{_name(targets, nutrient)} is suspected but the foods file has no column for it."
            )
            continue
        spec = targets.frame.loc[nutrient]
        unit = spec["unit"]
        base, aim = number_or_none(spec["base_min"]), number_or_none(spec["min"])
        if boosted and base and aim and aim > base:
            kind = spec["reference_kind"] or "minimum"
            lines.append(
                f"You suspect {spec['name']}: the plan aims at {aim:.4g} {unit} instead of "
                f"the {base:g} {unit} {kind} ({100 * aim / base:.0f} %), kept under 90 % of any "
                "upper limit."
            )
        column = parts[nutrient]
        total = float(column.sum())
        if total > 0:
            top = column.sort_values(ascending=False).head(3)
            carriers = ", ".join(
                f"{solution.foods.at[f, 'name']} {solution.grams[f]:g} g ({100 * v / total:.0f} %)"
                for f, v in top.items()
                if v > 0
            )
            lines.append(f"{spec['name']} {total:.4g} {unit} comes mostly from {carriers}.")
    if not len(suspected):
        lines.append("No nutrient is suspected: the plan meets the RDA or AI of every target.")
    return lines


def binding(solution: Solution, targets: Targets, objective_name: str) -> list[Binding]:
    """The limits that bind (non-zero dual), and what relaxing each by one unit is worth.

    For an integer plan the duals come from the LP with each food's use fixed as chosen, so
    they say what the limit costs for this choice of foods.
    """
    unit = OBJECTIVE_UNITS.get(objective_name, "")
    out: list[Binding] = []
    for row, spec in solution.rows.meta.iterrows():
        dual = float(solution.duals.get(row, math.nan))
        if math.isnan(dual) or abs(dual) <= DUAL_EPSILON:
            continue
        nutrient, bound, rhs = str(spec["nutrient"]), str(spec["bound"]), float(spec["rhs"])
        worth = f"{abs(dual):.3g} {unit}"
        if spec["kind"] == "shared":
            nunit = "g"
            plain = (
                f"All {nutrient.replace('_', ' ')} foods together are at their shared cap "
                f"({rhs:g} g)"
            )
            saving = f"each g more would save {worth}"
        elif spec["kind"] == "budget":
            nunit = "USD"
            plain = f"The day budget of {rhs:g} USD is all spent"
            saving = f"each extra dollar would save {worth}"
        elif spec["kind"] == "share":
            nunit = "% of energy"
            said = nutrient.removesuffix("_g").replace("_", " ")
            plain = f"The {bound}imum share of energy from {said} is reached"
            saving = (
                f"one point more room would save {abs(dual) * _energy(solution) / 100:.3g} {unit}"
            )
        else:
            nunit = str(targets.frame.at[nutrient, "unit"])
            kind = targets.frame.at[nutrient, "limit_kind"] if bound == "max" else "target"
            change = "less" if bound == "min" else "more"
            plain = f"{_name(targets, nutrient)} is at its {bound}imum ({rhs:.4g} {nunit}, {kind})"
            saving = f"each {nunit} {change} would save {worth}"
        text = f"{plain}; {saving}."
        out.append(
            Binding(
                row=str(row),
                nutrient=nutrient,
                bound=bound,
                kind=str(spec["kind"]),
                limit=rhs,
                unit=nunit,
                dual=float(f"{dual:.9g}"),  # stated rounding: 9 significant digits
                text=text,
                plain=f"{plain}.",
            )
        )
    return out


def limits(solution: Solution, bound: list[Binding]) -> list[str]:
    """Binding limits (from :func:`binding`) in plain words (what each is worth to the
    optimiser is in ``Binding.text``), then the foods held at their maximum."""
    lines = [b.plain for b in bound]
    upper = solution.setup.bounds.high
    for food_id, grams in solution.grams.items():
        cap = upper.get(food_id)
        if given(cap) and grams >= float(cap) - 0.05:
            name = solution.foods.at[food_id, "name"]
            lines.append(f"{name} is at its per-day maximum ({cap:g} g).")
    return lines


def day_cost(case: Case, solution: Solution) -> Cost | None:
    """The day's cost and its price year; None when the foods carry no prices at all."""
    foods = case.foods
    if "price" not in foods.columns:
        return None
    price = foods.loc[solution.grams.index, "price"]
    unpriced = tuple(str(foods.at[f, "name"]) for f in price.index[price.isna()])
    priced = round(float((price * solution.grams).sum() / 100.0), 2)  # NaN prices skipped
    year = foods.attrs.get("price_year")
    return stated_cost(
        None if unpriced else priced,
        int(year) if year else None,
        unpriced=unpriced,
        at_least=priced if unpriced and price.notna().any() else None,
        budget=case.budget,
        person=case.person,
    )


def changes(case: Case, solution: Solution) -> list[Change]:
    """What to add, remove or change relative to the usual day."""
    if case.current is None:
        return []
    usual = case.current
    planned = solution.grams
    out: list[Change] = []
    for food in sorted(set(usual.index) | set(planned.index)):
        before, after = float(usual.get(food, 0.0)), float(planned.get(food, 0.0))
        if abs(before - after) < 0.05:
            kind = "keep"
        elif before == 0:
            kind = "add"
        elif after == 0:
            kind = "remove"
        else:
            kind = "more" if after > before else "less"
        out.append(
            Change(
                id=str(food),
                name=str(case.foods.at[food, "name"]),
                usual_grams=round(before, 1),
                plan_grams=round(after, 3),
                change=kind,
            )
        )
    return out


def _energy(solution: Solution) -> float:
    if ENERGY not in solution.foods.columns:
        return 0.0
    return float((solution.used[ENERGY] * solution.grams).sum() / 100)


def _name(targets: Targets, nutrient: str) -> str:
    return str(targets.frame.at[nutrient, "name"]) if nutrient in targets.frame.index else nutrient


def number_or_none(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
