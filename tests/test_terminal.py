"""What a person sees in a terminal: tables that fit 80 columns, numbers right-aligned, plain
text when the output is not a terminal, --help in sections with the values listed, and a
refused option said in one line before any work."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import DATA, Run, hand_files, run_cli, run_installed, write
from mealfix.cli.values import ALLERGIES, DIETS, RED_FLAGS, SYMPTOMS

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
BOX_DRAWING = re.compile("[\u2500-\u257f]")


@pytest.fixture(scope="module")
def columns_80() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "80")
        yield


def assert_fits(text: str, width: int = 80) -> None:
    wide = [line for line in text.splitlines() if len(line) > width]
    assert not wide, wide
    assert not ESCAPE.search(text), "colour escapes in plain output"
    assert not BOX_DRAWING.search(text), "box-drawing characters in plain output"


def words(text: str) -> str:
    """The text with its wrapping undone, to find a phrase a line break may split."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan_80(columns_80: None) -> Run:
    run = run_cli(
        "plan", "--sex", "female", "--age", "34", "--diet", "vegan", "--symptoms", "cramps"
    )
    assert run.code == 0, run.stderr
    return run


def test_plan_fits_80_columns_and_keeps_every_section(plan_80: Run) -> None:
    text = plan_80.stdout
    assert_fits(text)
    for phrase in (
        "The day by meal",
        "Foods",
        "mainly for",
        "Nutrients (day total vs target)",
        "Food groups",
        "Healthy Eating Index",
        "Share of energy",
        "Why",
        "What limits the plan",
        "Notes",
        "See a doctor",
        "not medical advice",
    ):
        assert phrase in words(text), phrase
    # the day by meal is the first table
    assert text.index("The day by meal") < text.index("\nFoods\n")


#: The optimiser's words a person should not meet in a default plan (issue 27).
OPTIMISER_WORDS = ("objective", "points of distance", "would save", "(score", "dual")


def test_a_plan_speaks_peoples_words_and_details_add_the_optimisers(plan_80: Run) -> None:
    """No optimiser words and no machine keys (``protein_g``, ``calcium_mg``) in the table or
    the markdown; ``--details`` adds them at the end; the JSON keeps every number."""
    args = ("plan", "--sex", "female", "--age", "34", "--diet", "vegan", "--symptoms", "cramps")
    plan = run_cli(*args, "--format", "json").json()
    keys = [n["nutrient"] for n in (*plan["nutrients"], *plan["energy_shares"])]
    markdown = run_cli(*args, "--format", "markdown").stdout
    for text in (plan_80.stdout, markdown):
        flat = words(text).lower()
        assert not [w for w in OPTIMISER_WORDS if w in flat]
        assert not [k for k in keys if re.search(rf"\b{k}\b", text)]
        assert "Foods chosen to come as close as the targets allow" in words(text)
        assert "Calcium, a strong link" in words(text)  # the symptoms' ranking, by name
        assert "Protein " in words(text) and "Saturated fat " in words(text)  # energy shares
    details = run_cli(*args, "--details")
    assert details.code == 0, details.stderr
    tail = words(details.stdout.split("Details: the optimiser's account", 1)[1])
    assert f"objective pattern = {plan['objective']['value']:.6g}" in tail
    assert "points of distance" in tail and "calcium_mg (score 3)" in tail
    if plan["binding"]:
        assert "would save" in tail and plan["binding"][0]["row"] in tail
    assert plan["objective"]["unit"] == "points of distance from the food pattern"
    for bound in plan["binding"]:
        assert "would save" in bound["text"] and "would save" not in bound["plain"]


def test_numbers_are_right_aligned_under_their_header(plan_80: Run) -> None:
    section = plan_80.stdout.split("\nFood groups", 1)[1].split("\n\n", 1)[0].splitlines()
    header = next(line for line in section if "pattern" in line and "group" in line)
    end = header.index("% of pattern") + len("% of pattern")
    rows = section[[line.startswith("-") for line in section].index(True) + 1 :]
    assert rows
    for row in rows:
        assert row[:end].rstrip()[-1].isdigit() and len(row[:end].rstrip()) == end, row


def test_suspect_and_gaps_fit_80_columns(columns_80: None) -> None:
    suspects = run_cli("suspect", "--symptoms", "cramps,pins and needles,fatigue")
    assert suspects.code == 0, suspects.stderr
    assert_fits(suspects.stdout)
    assert "richest foods" in suspects.stdout and "amount (mg)" in suspects.stdout
    gaps = run_cli("gaps", "--diet", "vegan", "--sex", "female", "--age", "30")
    assert gaps.code == 0, gaps.stderr
    assert_fits(gaps.stdout)
    assert "best case limited by" in words(gaps.stdout)


def test_the_no_plan_report_and_a_week_fit_80_columns(tmp_path: Path, columns_80: None) -> None:
    foods = write(tmp_path / "f.csv", "id,name,n1,n2\nA,Food A,10,1\nB,Food B,2,8\n")
    targets = write(
        tmp_path / "t.yaml", "nutrients:\n  n1: {min: 5, max: 6}\n  n2: {min: 100, max: 101}\n"
    )
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets))
    assert run.code == 1
    assert_fits(run.stdout)
    assert "No plan" in run.stdout and "Ways out" in run.stdout
    f, t = hand_files(tmp_path)
    week = run_cli("week", "--foods", str(f), "--targets", str(t), "--days", "2")
    assert week.code == 0, week.stderr
    assert_fits(week.stdout)
    assert "Day 2" in week.stdout and "Shopping list" in week.stdout


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from mealfix.cli.common import looks
    from mealfix.output.tables import Column, Doc, Heading, Table, draw

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert looks({"output": None, "no_color": False}) == {"color": True}
    assert looks({"output": None, "no_color": True}) == {"color": False}
    assert looks({"output": Path("plan.txt"), "no_color": False}) == {"color": False}
    doc = Doc(
        [Heading("Foods"), Table.of([Column("food"), Column("g", numeric=True)], [["A", "1"]])]
    )
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = draw(doc, "table", width=80, color=True)
    assert ESCAPE.search(coloured)

    def cells(text: str) -> list[str]:  # the words, without the rule under the header
        return [w for w in text.split() if not set(w) <= set("-\u2500")]

    assert cells(ESCAPE.sub("", coloured)) == cells(draw(doc, "table", width=80))


def test_markdown_is_drawn_from_the_same_tables(tmp_path: Path) -> None:
    f, t = hand_files(tmp_path)
    run = run_cli("plan", "--foods", str(f), "--targets", str(t), "--format", "markdown")
    assert run.code == 0, run.stderr
    assert "## Foods\n| food | g | about |" in run.stdout
    assert "|---|---:|" in run.stdout  # grams right-aligned in markdown too


def test_help_is_in_sections_with_the_values_listed() -> None:
    text = run_cli("plan", "--help").stdout
    for section in (
        "Who you are:",
        "What you suspect:",
        "How you eat:",
        "Food rules:",
        "Objective:",
        "Output:",
        "Solver:",
    ):
        assert section in text, section
    assert text.index("Who you are:") < text.index("Output:") < text.index("Solver:")
    flat = words(text)
    for listed in ("[female|male]", "[sedentary|moderate|active]", "|".join(DIETS)):
        assert listed in flat, listed
    for value in (*ALLERGIES, *SYMPTOMS, "magnesium", "vitamin_b12"):
        assert value in flat, value
    assert "--no-color" in text and "--nutrients-csv" in text


def test_listed_values_are_those_the_data_accepts() -> None:
    from mealfix.inputs.diet import ALLERGENS
    from mealfix.inputs.diet import DIETS as DIET_RULES

    doc = yaml.safe_load((DATA / "symptoms.yaml").read_text(encoding="utf-8"))
    assert set(SYMPTOMS) == set(doc["symptoms"])
    assert set(RED_FLAGS) == set(doc["red_flags"])
    assert ALLERGIES == ALLERGENS
    assert tuple(DIET_RULES) == DIETS


@pytest.mark.parametrize(
    "args",
    [
        ("gaps", "--sex", "female", "--age", "30"),
        ("suspect", "--symptoms", "cramps"),
        ("week", "--sex", "female", "--age", "30"),
    ],
)
def test_a_refused_format_is_one_line_before_any_work(args: tuple[str, ...]) -> None:
    if args[0] != "week":
        assert "[table|json|markdown]" in words(run_cli(args[0], "--help").stdout)
    started = time.perf_counter()
    run = run_cli(*args, "--format", "xlsx" if args[0] == "week" else "csv")
    assert time.perf_counter() - started < 1.0
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("mealfix: error: ")
    assert "'--format'" in run.stderr


def test_a_refused_format_is_quick_from_the_shell(tmp_path: Path) -> None:
    started = time.perf_counter()
    run = run_installed("gaps", "--sex", "female", "--age", "30", "--format", "html", cwd=tmp_path)
    assert time.perf_counter() - started < 1.0
    assert run.code == 2 and run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("mealfix: error: ") and "'--format'" in run.stderr


def test_an_unwritable_output_is_refused_before_solving(tmp_path: Path) -> None:
    where = str(tmp_path / "missing" / "gaps.txt")
    started = time.perf_counter()
    run = run_cli("gaps", "--sex", "female", "--age", "30", "-o", where)
    assert time.perf_counter() - started < 1.0
    assert run.code == 2 and "does not exist" in run.stderr


def test_the_readme_option_tables_are_the_commands_own() -> None:
    from mealfix.cli.docs import BLOCK, rewrite

    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    assert {m.group(2) for m in BLOCK.finditer(readme)} >= {"plan", "week", "foods"}
    assert rewrite(readme) == readme, "run: python -m mealfix.cli.docs README.md"
