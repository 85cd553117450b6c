"""The HTML a person reads: the patient's handout (plan and week) and the notebook views.

One plan is solved for the whole module (a woman of 34 with cramps); the week, the suspect
ranking and the no-plan report are built from it or from the data files, without solving.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli
from mealfix.explain.noplan import NoPlanReport, WayOut
from mealfix.explain.views import STYLE
from mealfix.output.data import DayPlan, ShoppingItem
from mealfix.output.html import plan_html, week_html
from mealfix.output.plots import coverage
from mealfix.output.results import Plan, WeekPlan

ARGS = (
    "plan",
    "--sex",
    "female",
    "--age",
    "34",
    "--diet",
    "vegan",
    "--suspect",
    "magnesium",
    "--symptoms",
    "cramps",
)
#: What a patient should not have to read before the appendix.
OPTIMISER_WORDS = ("objective", "dual", "binding", "highs", "solver", "optimal")


class Page(HTMLParser):
    """Collects the text, the tags and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    return page


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    page = tmp_path_factory.mktemp("html") / "plan.html"
    run = run_cli(*ARGS, "--format", "html", "--output", str(page))
    assert run.code == 0, run.stderr
    plan = Plan.model_validate(run_cli(*ARGS, "--format", "json").json())
    return page, plan


@pytest.fixture(scope="module")
def week(report: tuple[Path, Plan]) -> WeekPlan:
    """A two-day week made of the plan's day (no solve: the views only read the data)."""
    _, plan = report
    day = {
        "foods": plan.food_items,
        "meals": plan.meals,
        "meal_shares": plan.meal_shares,
        "nutrients": plan.nutrient_totals,
        "hei": plan.hei,
    }
    return WeekPlan(
        **plan.model_dump(include={"status", "proven_optimal", "gap", "solver", "objective"}),
        max_days_per_food=3,
        person=plan.person,
        group=plan.group,
        diet=plan.diet,
        suspects=plan.suspects,
        days=(DayPlan(day=1, **day), DayPlan(day=2, **day)),
        shopping=tuple(
            ShoppingItem(id=f.id, name=f.name, grams=2 * f.grams, household=None, days=2)
            for f in plan.food_items
        ),
        notes=("a note",),
        disclaimer=plan.disclaimer,
        see_a_doctor=plan.see_a_doctor,
    )


def test_page_is_self_contained_and_complete(report: tuple[Path, Plan]) -> None:
    page, plan = report
    markup = page.read_text(encoding="utf-8")
    parser = parsed(markup)
    text = " ".join(parser.text)
    for food in plan.food_items:
        assert food.name in text
    assert "svg" in parser.tags, "the charts are missing"
    assert "script" not in parser.tags and "link" not in parser.tags
    assert not [u for u in parser.links if u.startswith(("http", "//"))], parser.links
    assert "not medical advice" in text and plan.see_a_doctor and plan.see_a_doctor in text
    assert "@media print" in markup and "@page" in markup
    assert re.search(r"<meta name='viewport' content='width=device-width", markup)


def test_first_page_holds_meals_doctor_and_disclaimer_in_plain_words(
    report: tuple[Path, Plan],
) -> None:
    """Everything before the first forced page break: the meals (household measures first),
    the see-a-doctor box, the disclaimer, the date and version; no optimiser words."""
    page, plan = report
    markup = page.read_text(encoding="utf-8")
    first = markup[markup.index("<body") : markup.index("class='after-first-page'")]
    text = " ".join(parsed(first).text)
    assert plan.meals, "the default plan places its foods in meals"
    for item in plan.meals:
        assert item.name in text
        assert item.meal.capitalize() in text
    assert text.index("how much") < text.index("grams")
    assert "class='doctor'" in first and plan.disclaimer in text
    assert re.search(r"Made on \d+ \w+ \d{4} with mealfix \d", text)
    lowered = text.lower()
    assert not [w for w in OPTIMISER_WORDS if re.search(rf"\b{w}\b", lowered)]


def test_why_the_suspects_chart_and_the_appendix_follow(report: tuple[Path, Plan]) -> None:
    page, plan = report
    markup = page.read_text(encoding="utf-8")
    rest = markup[markup.index("class='after-first-page'") : markup.index("class='appendix'")]
    text = " ".join(parsed(rest).text)
    assert "Why these foods" in text and "of the day's" in text
    suspected = [n for n in plan.nutrient_totals if n.suspected]
    assert suspected
    assert "What you suspected" in text and all(n.name in text for n in suspected)
    assert "Healthy Eating Index" in text and "UL" in text and "CDRR" in text
    assert not [w for w in ("objective", "dual", "binding") if re.search(rf"\b{w}\b", text.lower())]
    appendix = " ".join(parsed(markup[markup.index("class='appendix'") :]).text)
    assert "Appendix" in appendix and "Foods chosen" in appendix
    assert not [w for w in ("objective", "would save", "dual") if w in appendix.lower()]
    detailed = plan_html(plan, chart=False, details=True)
    account = " ".join(parsed(detailed[detailed.index("class='appendix'") :]).text)
    assert "objective" in account and plan.solver in account and "dual" in account


def test_handout_date_is_given_and_the_page_is_stable(report: tuple[Path, Plan]) -> None:
    _, plan = report
    day = date(2026, 3, 4)
    page = plan_html(plan, chart=False, today=day)
    assert "Made on 4 March 2026" in page
    assert page == plan_html(plan, chart=False, today=day)


def test_week_handout(week: WeekPlan) -> None:
    page = week_html(week, today=date(2026, 3, 4))
    first = page[: page.index("class='after-first-page'")]
    text = " ".join(parsed(first).text)
    assert "Day 1" in text and "Day 2" in text and "Breakfast" in text
    assert week.disclaimer in text and "class='doctor'" in first
    assert "Shopping list" in page and "Appendix" in page
    assert "Magnesium" in text and "magnesium_mg" not in text
    assert "<meta name='viewport'" in page


def test_notebook_views_are_scoped_and_complete(report: tuple[Path, Plan], week: WeekPlan) -> None:
    _, plan = report
    view = plan._repr_html_()
    assert view.startswith("<div class='mealfix")
    for name in plan.foods["name"]:
        assert name.replace("&", "&amp;") in view
    assert "not medical advice" in view and "class='doctor'" in view
    assert view.count("<tr>") >= len(plan.foods) + len(plan.nutrients)
    assert "Day 2" in week._repr_html_() and "Shopping list" in week._repr_html_()
    assert plan.to_html().startswith("<!DOCTYPE html>")


def test_notebook_styles_touch_nothing_outside_the_view() -> None:
    """A notebook shows many outputs on one page: every rule sits under ``.mealfix``."""
    rules = re.sub(r"/\*.*?\*/", "", STYLE, flags=re.S)
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", rules) for s in rule.split(",")]
    assert selectors
    assert [s for s in selectors if not s.startswith(".mealfix")] == []


def test_suspect_ranking_shows_itself() -> None:
    from mealfix import Person, suspects

    ranking = suspects(["cramps", "tingling"], person=Person(sex="female", age=34))
    view = ranking._repr_html_()
    assert view.startswith("<div class='mealfix")
    assert all(r.name in view for r in ranking.ranking)
    assert "When to see a doctor" in view and "not medical advice" in view


def test_no_plan_report_shows_itself(report: tuple[Path, Plan]) -> None:
    _, plan = report
    no_plan = NoPlanReport(
        message="no plan meets every target",
        shortfalls=(),
        best_cases=(),
        ways_out=(WayOut(kind="diet", change="a vegetarian diet instead of vegan", objective=1),),
        closest_grams={},
        disclaimer=plan.disclaimer,
        see_a_doctor=plan.see_a_doctor,
    )
    view = no_plan._repr_html_()
    assert view.startswith("<div class='mealfix")
    assert "a vegetarian diet instead of vegan" in view and "class='doctor'" in view


def test_week_frames_hold_one_value_per_cell(week: WeekPlan) -> None:
    frames = {
        "foods": week.to_frame(),
        "meals": week.meals_frame(),
        "nutrients": week.nutrients_frame(),
        "shopping": week.shopping_frame(),
    }
    for name, frame in frames.items():
        assert len(frame), name
        cells = frame.to_numpy().ravel().tolist()
        assert not [c for c in cells if isinstance(c, (list, tuple, dict, set))], name
    assert set(frames["foods"]["day"]) == {1, 2}
    assert "magnesium" in set(frames["nutrients"]["nutrient"])


def test_a_red_flag_comes_first_in_a_week_and_a_notebook(
    week: WeekPlan, report: tuple[Path, Plan]
) -> None:
    """The urgent-care advice opens every view of a week and the notebook view of a day."""
    from mealfix.inputs.symptoms import load_symptoms
    from mealfix.output.text import render_week

    urgent = load_symptoms().urgent("seizure")
    assert urgent is not None
    flagged = week.model_copy(update={"urgent": urgent})
    for fmt in ("table", "markdown"):
        text = render_week(flagged, fmt)
        assert text.lstrip("*").startswith("! URGENT") and text.index("Seizure") < text.index(
            "Day 1"
        )
    assert render_week(flagged, "csv").startswith("# URGENT")
    assert next(iter(json.loads(render_week(flagged, "json")))) == "urgent"
    page = week_html(flagged)
    assert page.index("class='urgent'") < page.index("<header>")
    assert "medlineplus.gov/ency/article/003200.htm" in page
    _, plan = report
    view = plan.model_copy(update={"urgent": urgent})._repr_html_()
    assert view.index("class='urgent'") < view.index("<h2>mealfix plan")
    assert str(plan.model_copy(update={"urgent": urgent})).startswith("! URGENT")


def test_charts_end_at_200_percent_and_say_how_long_a_longer_bar_is(
    report: tuple[Path, Plan],
) -> None:
    """One nutrient at 6,000 % of its target no longer squashes every other bar: the coverage
    chart (the handout's and ``--plot``'s) and the suspects chart end at 200 %, and a longer
    bar stops there and says its value."""
    _, plan = report
    totals = list(plan.nutrient_totals)
    i = next(i for i, n in enumerate(totals) if n.suspected and n.reference)
    reference = totals[i].reference or 0.0
    totals[i] = totals[i].model_copy(update={"amount": 60 * reference, "pct_of_target": 6000.0})
    big = plan.model_copy(update={"nutrient_totals": tuple(totals)})
    shown = [n.pct_of_target for n in totals if n.pct_of_target is not None]

    ax = coverage(big).axes[0]
    assert ax.get_xlim() == (0.0, 200.0)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [min(p, 200.0) for p in shown]
    expected = [f"\u25b6 {p:,.0f} %" for p in shown if p > 200]
    assert "\u25b6 6,000 %" in expected
    assert [t.get_text() for t in ax.texts] == expected

    page = plan_html(big)
    figure = page[page.index("Every nutrient against its target") :]
    texts = [t.strip() for t in re.findall(r">([^<>]+)</text>", figure[: figure.index("</svg>")])]
    assert max(float(t) for t in texts if t.isdigit()) == 200, "an x tick beyond 200 %"
    assert [t for t in texts if t.startswith("\u25b6")] == expected

    suspects = page[page.index("class='suspects'") :]
    chart = suspects[: suspects.index("</svg>")]
    bars = [float(w) for w in re.findall(r"width='([\d.]+)' height='\d+' fill='#2e86c1'", chart)]
    track = re.search(r"width='([\d.]+)' height='\d+' fill='#eef2f5'", chart)
    assert track and max(bars) == float(track[1]), "the long bar is not cut at the chart's end"
    assert "&#9654;" in chart and "6000 % of" in chart


def test_print_leaves_long_tables_to_the_screen_and_says_so(
    report: tuple[Path, Plan], week: WeekPlan
) -> None:
    page, _ = report
    markup = page.read_text(encoding="utf-8")
    for text in (markup, week_html(week)):
        note = text[text.index("class='print-only muted'") :]
        assert "Left out of the print" in note[:400] and "--format json" in note[:600]
    screen = markup[markup.index("<div class='screen-only'>") :]
    assert screen.index("Every nutrient against its target") < screen.index("</table>")
