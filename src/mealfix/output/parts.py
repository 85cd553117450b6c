"""The pieces a plan is shown in, as HTML: the day by meal, why these foods in plain words, the
suspected nutrients' chart, the Healthy Eating Index, the optimiser's own account.

The handout (:mod:`.html`) and the notebook views (:mod:`.notebook`) are built from these, so a
patient's page and an analyst's notebook say the same things in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from importlib import metadata

from mealfix.explain.hei import HeiScore
from mealfix.explain.records import Cost, FoodAmount, MealItem, NutrientTotal
from mealfix.explain.views import ALIGN_LEFT, bullets, esc, num, table, usual_nutrients
from mealfix.explain.yardstick import partial_cost
from mealfix.output.charts import MOST_PCT, nutrient_chart, points_chart
from mealfix.output.data import PlanData, WeekData, details_lines, how_chosen, nutrient_cells
from mealfix.solve.meals import MealShare

#: A purpose as the plan states it: "Magnesium 37 %".
PURPOSE = re.compile(r"^(?P<name>.+) (?P<pct>\d+(?:\.\d+)?) %$")
MEAL_ORDER = ("breakfast", "lunch", "dinner", "snack")
SUSPECT_MARK = "\u2605"  # a star: chosen mainly for a nutrient you suspect

GLOSSARY = (
    ("RDA", "Recommended Dietary Allowance: enough for nearly all healthy people."),
    ("AI", "Adequate Intake: the target where an RDA cannot be set."),
    ("UL", "Tolerable Upper Intake Level: the most a day that is unlikely to cause harm."),
    (
        "CDRR",
        "Chronic Disease Risk Reduction level: keeping under it lowers long-term risk (sodium).",
    ),
    ("kcal", "kilocalories, the energy in food."),
    ("mg, \u00b5g", "milligram (a thousandth of a gram), microgram (a millionth)."),
)


def version() -> str:
    """mealfix's version, from the installed package's metadata (no import of the package)."""
    try:
        return metadata.version("mealfix")
    except metadata.PackageNotFoundError:
        return "unknown"


def made(today: date | None = None) -> str:
    """When and with what the page was made (a patient may keep it for months)."""
    day = today or date.today()
    return f"Made on {day.day} {day:%B %Y} with mealfix {version()}."


def who(
    person: dict[str, object] | None, diet: str, symptoms: Sequence[str], suspected: Sequence[str]
) -> str:
    """Whom the plan is for, in words: "A woman of 34; omnivore diet; symptoms: cramps"."""
    parts = []
    if person:
        sex = {"female": "woman", "male": "man"}.get(str(person.get("sex")), "person")
        age = int(str(person.get("age", 0)))
        if age < 18:
            sex = {"woman": "girl", "man": "boy"}.get(sex, sex)
        stage = {"pregnancy": ", pregnant", "lactation": ", breastfeeding"}.get(
            str(person.get("stage")), ""
        )
        parts.append(f"A {sex} of {age}{stage}")
    parts.append(f"{diet} diet")
    if symptoms:
        parts.append("symptoms: " + ", ".join(s.replace("_", " ") for s in symptoms))
    if suspected:
        parts.append("nutrients aimed higher: " + ", ".join(suspected))
    return "; ".join(parts)


def suspected_names(week: WeekData) -> list[str]:
    """The names of a week's suspected nutrients ("Magnesium", not "magnesium_mg")."""
    names = {n.nutrient: n.name for d in week.days for n in d.nutrients}
    return [names.get(key, key) for key in week.suspects]


def by_meal(foods: Sequence[FoodAmount], meals: Sequence[MealItem]) -> list[FoodAmount]:
    """The foods in the order the day by meal first lists them (breakfast first)."""
    rank: dict[str, int] = {}
    for i, m in enumerate(sorted(meals, key=lambda m: _meal_rank(m.meal))):
        rank.setdefault(m.id, i)
    return sorted(foods, key=lambda f: rank.get(f.id, len(rank)))


def _meal_rank(meal: str) -> int:
    return MEAL_ORDER.index(meal) if meal in MEAL_ORDER else len(MEAL_ORDER)


def meal_tables(
    meals: Sequence[MealItem], shares: Sequence[MealShare], foods: Sequence[FoodAmount]
) -> str:
    """The day by meal in one table, household measures first; without meals, the foods."""
    starred = {f.id for f in foods if f.for_suspected}
    head = (
        f"<thead><tr><th{ALIGN_LEFT}>food</th><th{ALIGN_LEFT}>how much</th>"
        "<th class='num' style='text-align:right'>grams</th></tr></thead>"
    )
    if not meals:
        rows = "".join(
            _food_row(f.name, f.household or f.portion, f.grams, f.id in starred) for f in foods
        )
        return f"<table class='day-meals'>{head}<tbody>{rows}</tbody></table>"
    pct = {s.meal: s.pct_of_day for s in shares}
    names = sorted(dict.fromkeys(m.meal for m in meals), key=_meal_rank)
    body = []
    for meal in names:
        share = (
            f" <span class='muted'>about {pct[meal]:.0f} % of the day's energy</span>"
            if meal in pct
            else ""
        )
        body.append(
            f"<tbody class='meal'><tr class='meal'><th colspan='3'{ALIGN_LEFT}>"
            f"{esc(meal.capitalize())}"
            f"{share}</th></tr>"
            + "".join(
                _food_row(m.name, m.household, m.grams, m.id in starred)
                for m in meals
                if m.meal == meal
            )
            + "</tbody>"
        )
    return f"<table class='day-meals'>{head}{''.join(body)}</table>"


def _food_row(name: str, household: str | None, grams: float, starred: bool) -> str:
    mark = f"<span title='chosen mainly for a nutrient you suspect'>{SUSPECT_MARK}</span> "
    return (
        f"<tr><td{ALIGN_LEFT}>{mark if starred else ''}{esc(name)}</td>"
        f"<td{ALIGN_LEFT}>{esc(household or '')}</td>"
        f"<td class='num' style='text-align:right'>{grams:g} g</td></tr>"
    )


def meal_legend(foods: Sequence[FoodAmount]) -> str:
    star = (
        f" {SUSPECT_MARK} marks a food chosen mainly for a nutrient you suspect."
        if any(f.for_suspected for f in foods)
        else ""
    )
    return (
        "<p class='muted'>\u2248 means about; the grams are what to weigh, the household "
        f"measure is near enough.{star}</p>"
    )


def why_foods(foods: Iterable[FoodAmount]) -> str:
    """Each food and what it brings, in plain words, from the purpose the plan gives it."""
    items = []
    for f in foods:
        gives = [_gives(p, i == 0) for i, p in enumerate(f.purpose)]
        if not gives:
            continue
        amount = f" ({f.household})" if f.household else ""
        said = gives[0] if len(gives) == 1 else ", ".join(gives[:-1]) + " and " + gives[-1]
        items.append(f"<li><strong>{esc(f.name)}</strong>{esc(amount)}: {esc(said)}.</li>")
    return f"<ul class='why'>{''.join(items)}</ul>" if items else ""


def _gives(purpose: str, first: bool) -> str:
    """ "Vitamin B12 258 %" -> "258 % of the day's vitamin B12" ("of the" after the first)."""
    match = PURPOSE.match(purpose)
    if not match:
        return purpose
    name = match["name"]
    if len(name) > 1 and not name[1].isupper():
        name = name[0].lower() + name[1:]
    return f"{float(match['pct']):.0f} % of {'the day' + chr(39) + 's' if first else 'the'} {name}"


def suspects_section(rows: Sequence[NutrientTotal], heading: str = "h2") -> str:
    """The suspected nutrients (or, with none, the ones the plan is about first) as a chart."""
    chosen = [n for n in rows if n.suspected] or [n for n in rows if n.focus]
    title = (
        "What you suspected: the day's totals"
        if any(n.suspected for n in rows)
        else "The main nutrients: the day's totals"
    )
    chart = nutrient_chart(chosen)
    if not chart:
        return ""
    return (
        f"<section class='suspects'><{heading}>{title}</{heading}><figure>{chart}"
        "<figcaption class='muted'>Each bar is the day's amount against the target (the RDA "
        "or AI, the solid line). A dashed line marks the plan's higher aim for a suspected "
        "nutrient, a red line the upper limit; &#9654; marks a bar cut short at "
        f"{MOST_PCT:.0f} % (its amount is written beside it)."
        "</figcaption></figure></section>"
    )


def glossary() -> str:
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in GLOSSARY)
    return f"<dl class='glossary'>{rows}</dl>"


def hei_section(hei: HeiScore | None, heading: str = "h2") -> str:
    """The Healthy Eating Index with a small chart of its components."""
    if hei is None:
        return ""
    rows = [(c.name, c.points, c.max) for c in hei.components]
    return (
        f"<section class='hei'><{heading}>The day as a whole: Healthy Eating Index "
        f"{hei.total:.0f} of 100</{heading}><p class='muted'>{esc(hei.version)} scores how "
        "well a day follows the Dietary Guidelines; the average American day scores in the "
        "high 50s.</p>"
        f"<figure>{points_chart(rows, f'{hei.version} components')}</figure></section>"
    )


def nutrient_table(rows: Sequence[NutrientTotal]) -> str:
    """Every nutrient: the day's amount, its limits and % of target (RDA/AI)."""
    return table(
        ["nutrient", "amount", "unit", "min", "max", "% of target", "target"],
        (nutrient_cells(n, num) for n in rows),
        numeric={1, 3, 4, 5},
    )


def solver_words(data: PlanData | WeekData) -> str:
    """How the day was chosen, in plain words (the optimiser's numbers: :func:`details`)."""
    return esc(how_chosen(data))


def details(data: PlanData | WeekData, heading: str = "h3") -> str:
    """The optimiser's own account: status, objective, what each binding limit is worth."""
    return appendix_lists([("The optimiser's account", details_lines(data))], heading)


def appendix_lists(sections: Iterable[tuple[str, Sequence[str]]], heading: str = "h3") -> str:
    """Titled bullet lists, leaving out the empty ones."""
    return "".join(
        f"<{heading}>{esc(title)}</{heading}>{bullets(items)}" for title, items in sections if items
    )


def usual_section(plan: PlanData, heading: str = "h2") -> str:
    """The usual day (``--current``) against the targets: the main nutrients and every one
    under its target or over its limit ('' without a usual day)."""
    day = plan.usual_day
    if day is None:
        return ""
    first = first_keys(plan)
    return (
        f"<section class='usual'><{heading}>Your usual day against your targets</{heading}>"
        f"<p>{esc(day.summary())}</p>{usual_nutrients(day, day.read_first(first))}</section>"
    )


def first_keys(plan: PlanData) -> set[str]:
    """The nutrients a plan is about first: the main six and the suspected ones."""
    return {n.nutrient for n in plan.nutrient_totals if n.focus or n.suspected}


#: The shopping list's columns in the handout and the notebook.
SHOPPING_HEAD = ["food", "how much in all", "grams", "days", "buy"]


def shopping_rows(week: WeekData) -> list[list[object]]:
    """The shopping list's rows: each food, its household amount, grams, days and packages."""
    return [
        [s.name, s.household or "", f"{s.grams:g} g", s.days, s.buy_text] for s in week.shopping
    ]


def cost_words(cost: Cost | None, what: str) -> str:
    """``what`` costs so much (in which year's prices), or why that is unknown; empty when the
    foods carry no prices."""
    if cost is None:
        return ""
    if cost.usd is None:
        return f"Cost of {what}: {partial_cost(cost)}."
    year = f" in {cost.price_year} prices" if cost.price_year else ""
    return f"Cost of {what}: {cost.usd:.2f} USD{year}."
