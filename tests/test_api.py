"""The library's front door: one request object, PuLP as the public model, reports from Python."""

from __future__ import annotations

import pydoc
import re
from pathlib import Path

import pulp
import pytest

import mealfix
from conftest import hand_files, run_cli, write
from mealfix import Person, PlanRequest
from mealfix.errors import SolverError, UsageError
from mealfix.explain.noplan import NoPlanReport

PERSON = Person(sex="female", age=34)
#: Fewest portions without the food pattern: a day CBC proves in about a second.
OPTIONS = {
    "diet": "omnivore",
    "suspect": ["magnesium"],
    "objective": "portions",
    "no_pattern": True,
}


@pytest.fixture(scope="module")
def day() -> mealfix.Plan:
    mealfix.forget()
    return mealfix.plan(PERSON, **OPTIONS)


def test_to_pulp_solved_by_cbc_gives_the_plans_objective(day: mealfix.Plan) -> None:
    """CBC through PuLP (an independent solver) on mealfix's model reaches the optimum HiGHS
    found in-process, within what rounding to 0.1 g moves (< 0.01 portions here)."""
    problem = mealfix.to_pulp(PERSON, **OPTIONS)
    problem.solve(pulp.PULP_CBC_CMD(msg=False))
    assert pulp.LpStatus[problem.status] == "Optimal"
    assert pulp.value(problem.objective) == pytest.approx(day.objective.value, abs=0.01)
    back = mealfix.plan_from_pulp(problem, PERSON, **OPTIONS)
    assert back.proven_optimal
    assert back.objective.value == pytest.approx(day.objective.value, abs=0.01)
    assert {n.nutrient for n in back.nutrient_totals} == {n.nutrient for n in day.nutrient_totals}


def test_the_pattern_objective_round_trips_through_pulp_too() -> None:
    """The food-pattern rows (amount - over + under = pattern amount) are in the PuLP model as
    well: CBC's optimum of the plain LP day equals mealfix's within rounding."""
    lp = {"max_foods": None, "max_per_group": None, "min_per_group": {}, "min_portion": 0}
    mealfix.forget()
    day = mealfix.plan(PERSON, **lp)
    problem = mealfix.to_pulp(PERSON, **lp)
    assert any(c.name == "pattern_vegetables" for c in problem.constraints())
    problem.solve(pulp.PULP_CBC_CMD(msg=False))
    assert pulp.value(problem.objective) == pytest.approx(day.objective.value, abs=0.01)


def test_to_pulp_names_variables_by_food_and_constraints_by_nutrient() -> None:
    """Magnesium's RDA for women 31-50 is 320 mg (NIH ODS); suspected, it is aimed at 125 %:
    400 mg, in a constraint called magnesium_mg_min."""
    problem = mealfix.to_pulp(PERSON, **OPTIONS)
    names = problem.variablesDict()
    assert "grams_09003" in names and "use_09003" in names  # apple, USDA NDB 09003
    assert "plate_09003_breakfast" in names  # served at breakfast or not
    rows = {c.name: c for c in problem.constraints()}
    assert -rows["magnesium_mg_min"].constant == pytest.approx(400.0)
    lunch = [c for name, c in rows.items() if name.startswith("plate_lunch_protein")]
    assert lunch and all(-c.constant == 1 for c in lunch)  # one protein food at lunch


def test_a_rule_added_in_pulp_holds_in_the_plan_read_back(day: mealfix.Plan) -> None:
    heaviest = max(day.food_items, key=lambda f: f.grams).id
    problem = mealfix.to_pulp(PERSON, **OPTIONS)
    problem += problem.variablesDict()[f"grams_{heaviest}"] == 0, "my_rule"
    problem.solve(pulp.PULP_CBC_CMD(msg=False))
    back = mealfix.plan_from_pulp(problem, PERSON, **OPTIONS)
    assert heaviest not in {f.id for f in back.food_items}
    assert back.objective.value >= day.objective.value - 1e-6  # a rule can only cost


def test_an_unsolved_pulp_problem_is_not_read_as_a_plan() -> None:
    problem = mealfix.to_pulp(PERSON, **OPTIONS)
    with pytest.raises(SolverError, match="no solution to read"):
        mealfix.plan_from_pulp(problem, PERSON, **OPTIONS)


def test_the_no_plan_report_is_reachable_from_python(tmp_path: Path) -> None:
    """Only food C (5 of n1 and 5 of n2 per 100 g): n1 = 10 needs 200 g, which brings 10 of
    n2, above its maximum of 8. No plan; the report says how close a day gets."""
    foods = write(tmp_path / "f.csv", "id,name,n1,n2\nC,Food C,5,5\n")
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 10}\n  n2: {max: 8}\n")
    result = mealfix.plan_or_report(None, foods=foods, targets=targets, max_foods=None)
    assert isinstance(result, NoPlanReport)
    assert result.shortfalls
    assert "no plan meets every target" in result.message
    shown = repr(result).splitlines()  # a table, not the report's fields
    assert shown[0].startswith("No plan:") and shown[1].split()[:2] == ["nutrient", "target"]
    assert "Shortfall(" not in repr(result)


def test_one_request_object_holds_the_defaults_and_names_a_wrong_option() -> None:
    request = PlanRequest.of(PERSON, suspect="magnesium, vitamin_b12")
    assert request.suspect == ("magnesium", "vitamin_b12")
    assert (request.max_foods, request.max_per_group, request.min_portion) == (None, None, 0.5)
    assert request.min_per_group == {"vegetable": 1, "fruit": 1}
    with pytest.raises(UsageError, match="unknown option 'max_food'; did you mean 'max_foods'"):
        mealfix.plan(PERSON, max_food=3)


def test_gaps_shows_only_options_it_uses() -> None:
    """gaps is an LP over realistic days: the food-choice rules do not apply, so it does not
    offer them; --budget does apply (a cheaper day can carry less)."""
    help_text = run_cli("gaps", "--help").stdout
    for word in ("--objective", "--max-foods", "--min-group", "--servings", "--include"):
        assert word not in help_text
    refused = run_cli("gaps", "--sex", "female", "--age", "30", "--max-foods", "3")
    assert refused.code == 2 and "No such option '--max-foods'" in refused.stderr
    free = run_cli("gaps", "--sex", "female", "--age", "30", "--format", "json").json()
    cheap = run_cli(
        "gaps", "--sex", "female", "--age", "30", "--budget", "2", "--format", "json"
    ).json()
    best = {g["nutrient"]: g["best"] for g in free["gaps"]}
    assert all(g["best"] <= best[g["nutrient"]] + 1e-6 for g in cheap["gaps"])
    assert any(g["best"] < best[g["nutrient"]] - 1e-3 for g in cheap["gaps"])


def test_print_of_a_plan_is_a_few_lines_not_a_dump(day: mealfix.Plan) -> None:
    """print(day) says who, how sure, the cost, how many foods and the key nutrients."""
    text = str(day)
    assert repr(day) == text
    assert len(text.splitlines()) <= 6 and len(text) < 800, text
    assert text.startswith("mealfix Plan: A woman of 34; omnivore diet")
    assert day.status in text and f"{len(day.food_items)} foods" in text
    magnesium = next(n for n in day.nutrient_totals if n.nutrient == "magnesium_mg")
    assert f"Magnesium {magnesium.amount:.4g} mg" in text
    assert "food_items=" not in text and "NutrientTotal(" not in text


def test_reports_show_as_tables_in_text_and_html(day: mealfix.Plan) -> None:
    from mealfix.explain.gaps import Gap, GapsReport

    gap = Gap(
        nutrient="vitamin_d_ug",
        name="Vitamin D",
        unit="µg",
        target=15,
        best=4.5,
        worst=0,
        best_pct=30,
        worst_pct=0,
        flagged=True,
        limited_by=("Energy maximum",),
    )
    report = GapsReport(diet="vegan", group="female_31_50", gaps=(gap,), disclaimer="Not advice.")
    lines = repr(report).splitlines()
    assert lines[0].startswith("Problem nutrients on a vegan diet (female_31_50)")
    assert lines[1].split()[:3] == ["nutrient", "unit", "target"]
    assert lines[3].split()[:5] == ["!", "Vitamin", "D", "µg", "15"]
    assert day.hei is not None
    hei = repr(day.hei)
    assert hei.startswith(f"Healthy Eating Index ({day.hei.version}): {day.hei.total:.1f} of 100")
    assert "components=" not in hei and day.hei.components[0].name in hei
    suspects = repr(mealfix.suspects("cramps"))
    assert suspects.startswith("Nutrients linked to: Muscle cramps") and "Magnesium" in suspects
    for html in (report._repr_html_(), day.hei._repr_html_(), day._repr_html_()):
        cells = re.findall(r"<t[dh]\b[^>]*>", html)
        assert cells
        for cell in cells:  # every cell says its alignment: JupyterLab right-aligns by default
            assert "text-align:left" in cell or "text-align:right" in cell, cell
    assert "<td style='text-align:left'>! Vitamin D</td>" in report._repr_html_()


def test_help_of_plan_lists_every_option() -> None:
    """help(mealfix.plan) names every field of the request, from the CLI's own option table
    (the same help text as `mealfix plan --help`)."""
    text = pydoc.render_doc(mealfix.plan, renderer=pydoc.plaintext)
    flat = " ".join(text.split())
    for field in PlanRequest.model_fields:
        assert f"{field}:" in flat or f"{field}=" in flat, field
    assert "min_portion=0.5: Least amount of a used food, in typical portions." in flat
    assert "symptoms=(): Symptoms, comma-separated" in flat
    week = " ".join(pydoc.render_doc(mealfix.week, renderer=pydoc.plaintext).split())
    assert "max_days=3: Most days any one food appears on" in week
    assert "repeat=2: Most days one lunch or dinner plate" in week


def test_a_red_flag_given_from_python_is_said_first(tmp_path: Path) -> None:
    """`symptoms="chest pain"` (a string) is one red flag: the plan still comes, advice first."""
    foods, targets = hand_files(tmp_path)
    day = mealfix.plan(None, foods=foods, targets=targets, symptoms="chest pain, cramps")
    assert day.urgent is not None and [s.key for s in day.urgent.signs] == ["chest_pain"]
    assert str(day).startswith("! URGENT: Get medical help now")
    assert {f.id for f in day.food_items} == {"A", "B"}  # the hand-solved day


def test_a_ranged_rule_keeps_both_ends_in_pulp() -> None:
    """PuLP has no ranged constraint: a rule with a least and a most (data/meals.yaml: lunch
    holds 3 to 5 foods, one or two vegetables) is two constraints. Only the most was kept, and
    CBC served a lunch of 2 foods that the plan's own check then refused."""
    import pulp

    rows = mealfix.to_pulp(PERSON, **OPTIONS).constraints
    most, least = rows["plate_size_lunch"], rows["plate_size_lunch_least"]
    assert (most.sense, -most.constant) == (pulp.LpConstraintLE, 5.0)
    assert (least.sense, -least.constant) == (pulp.LpConstraintGE, 3.0)
    veg = rows["plate_lunch_vegetable_least"]
    assert (veg.sense, -veg.constant) == (pulp.LpConstraintGE, 1.0)
