"""mealfix in a notebook: a discoverable package, tidy frames, one figure per plot, no solver
banner, and notebooks committed with their outputs.

Plans here are the three-food problem solved by hand (instant) or records made up for the test;
the README's own examples are run in the slow part.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from test_notebooks import NOTEBOOKS

import mealfix
from conftest import REPO, hand_files
from mealfix.explain.records import FoodAmount, MealItem, NutrientTotal, ObjectiveValue
from mealfix.output.results import Plan

BANNER = "Running HiGHS"


def made_up_plan() -> Plan:
    """A plan from records alone: real nutrient keys, two foods, two meals."""

    def total(key: str, name: str, unit: str, amount: float, **more: object) -> NutrientTotal:
        return NutrientTotal(
            nutrient=key, name=name, unit=unit, amount=amount, min=None, max=None, **more
        )

    foods = (
        FoodAmount(
            id="11090",
            name="Broccoli",
            grams=150.0,
            household="1 cup",
            purpose=("Vitamin A (RAE) 20 %", "Folate (DFE) 40 %"),
            shares={"magnesium_mg": 10.0, "vitamin_a_rae_ug": 20.0, "folate_ug_dfe": 40.0},
            meal="dinner",
        ),
        FoodAmount(
            id="12014",
            name="Pumpkin seeds",
            grams=30.0,
            household="1 oz",
            purpose=("Magnesium 50 %",),
            for_suspected=True,
            shares={"magnesium_mg": 50.0, "vitamin_a_rae_ug": 0.0, "folate_ug_dfe": 2.0},
            meal="snack",
        ),
    )
    return Plan(
        status="optimal",
        proven_optimal=True,
        solver="highs",
        objective=ObjectiveValue(name="portions", value=2.0, unit="portions"),
        foods=foods,
        nutrients=(
            total("magnesium_mg", "Magnesium", "mg", 192.0, reference=320.0, pct_of_target=60.0),
            total("vitamin_a_rae_ug", "Vitamin A (RAE)", "µg", 140.0, pct_of_target=20.0),
            total("folate_ug_dfe", "Folate (DFE)", "µg", 168.0, pct_of_target=42.0),
            total("retinol_ug", "Preformed vitamin A (retinol)", "µg", 0.0),
        ),
        meals=(
            MealItem(meal="dinner", id="11090", name="Broccoli", grams=150.0),
            MealItem(meal="snack", id="12014", name="Pumpkin seeds", grams=30.0),
        ),
        suspects=("magnesium_mg",),
        disclaimer="not medical advice",
    )


def test_dir_lists_the_public_api_and_not_the_helpers() -> None:
    names = dir(mealfix)
    assert {"plan", "Person", "Plan", "week", "to_pulp", "WeekPlan", "suspects"} <= set(names)
    assert not {"Any", "TYPE_CHECKING", "annotations"} & set(names)
    assert set(mealfix.__all__) <= set(names)
    for name in mealfix.__all__:
        assert getattr(mealfix, name) is not None


def test_every_submodule_is_reachable_after_import_mealfix() -> None:
    """In a fresh interpreter, and without loading pandas until a module needs it."""
    code = (
        "import sys, mealfix\n"
        "assert 'pandas' not in sys.modules\n"
        "print(mealfix.explain.costs.__name__, mealfix.output.html.__name__,"
        " mealfix.solve.highs.__name__, mealfix.cli.__name__, mealfix.api.__name__)\n"
        "mealfix.plan\n"
        "print(mealfix.output.csvs.__name__, mealfix.inputs.measures.__name__)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "mealfix.explain.costs" in run.stdout and "mealfix.output.csvs" in run.stdout
    with pytest.raises(AttributeError):
        _ = mealfix.explain.no_such_module
    with pytest.raises(AttributeError):
        _ = mealfix.no_such_name


def test_readme_references_resolve() -> None:
    """Every ``mealfix.name`` the README mentions exists after ``import mealfix`` (in a fresh
    interpreter, as a reader's session starts)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"\bmealfix((?:\.[A-Za-z_]\w*)+)", text)))
    assert names
    code = (
        "import functools, sys, mealfix\n"
        "for dotted in sys.argv[1:]:\n"
        "    functools.reduce(getattr, dotted.strip('.').split('.'), mealfix)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *names],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]


def test_py_typed_ships() -> None:
    assert (Path(mealfix.__file__).parent / "py.typed").is_file()


def test_frames_hold_one_value_per_cell_indexed_by_words() -> None:
    plan = made_up_plan()
    nutrients = plan.nutrients
    assert list(nutrients.index) == ["magnesium", "vitamin_a", "folate", "retinol"]
    assert nutrients.loc["magnesium", "unit"] == "mg"
    assert nutrients.loc["folate", "key"] == "folate_ug_dfe"
    foods = plan.foods
    assert "shares" not in foods.columns
    assert foods.loc["11090", "purpose"] == "Vitamin A (RAE) 20 %; Folate (DFE) 40 %"
    wide = plan.shares_frame()
    assert list(wide.index) == ["Broccoli", "Pumpkin seeds"]
    assert list(wide.columns) == ["magnesium", "vitamin_a", "folate"]
    assert wide.loc["Pumpkin seeds", "magnesium"] == 50.0
    long = plan.shares_frame(long=True)
    assert list(long.columns) == ["food", "nutrient", "pct"] and len(long) == 6
    assert list(plan.meals_frame()["meal"]) == ["dinner", "snack"]
    for frame in (nutrients, foods, wide, long, plan.meals_frame()):
        cells = frame.to_numpy().ravel().tolist()
        assert not [c for c in cells if isinstance(c, (list, tuple, dict, set))]


def test_plot_returns_the_axes_and_makes_one_figure() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    plan = made_up_plan()
    plt.close("all")
    ax = plan.plot()
    assert isinstance(ax, Axes) and plt.get_fignums() == [ax.figure.number]
    assert plan.plot("contributions", ax=ax) is ax and len(plt.get_fignums()) == 1
    with pytest.raises(ValueError, match="coverage"):
        plan.plot("pie")
    plt.close("all")


def test_a_kernel_shows_the_plan_once_without_banner(tmp_path: Path) -> None:
    """A real kernel: HiGHS solves in-process and prints nothing; the plot cell shows one
    figure; the plan shows itself as scoped HTML."""
    foods, targets = hand_files(tmp_path)
    book = new_notebook(
        cells=[
            new_code_cell(
                "import mealfix\n"
                f"day = mealfix.plan(foods={str(foods)!r}, targets={str(targets)!r}, "
                "objective='cost', solver='highs')\nday"
            ),
            new_code_cell("day.plot()"),
        ]
    )
    NotebookClient(book, timeout=120, kernel_name="python3").execute()
    shown, plotted = (c.outputs for c in book.cells)
    assert not [o for c in book.cells for o in c.outputs if o.output_type == "error"]
    assert BANNER not in str(shown) + str(plotted)
    html = [o for o in shown if "text/html" in o.get("data", {})]
    assert len(html) == 1 and html[0]["data"]["text/html"].startswith("<div class='mealfix")
    images = [o for o in plotted if "image/png" in o.get("data", {})]
    assert len(images) == 1, plotted


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_are_committed_with_clean_outputs(path: Path) -> None:
    """They read on a code host: every code cell ran, none failed, no banner, one figure."""
    book = nbformat.read(path, as_version=4)
    for cell in (c for c in book.cells if c.cell_type == "code"):
        assert cell.execution_count is not None, cell.source[:60]
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:60]
        assert BANNER not in str(cell.outputs)
        assert len([o for o in cell.outputs if "image/png" in o.get("data", {})]) <= 1


@pytest.mark.slow
def test_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python blocks, in order, in one namespace (minutes: several plans)."""
    import matplotlib

    matplotlib.use("Agg")
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, start=1):  # a name only the prose gives fails here
        exec(compile(block, f"README.md, Python block {number}", "exec"), namespace)
        if number == 1:
            assert isinstance(namespace["day"], Plan)
