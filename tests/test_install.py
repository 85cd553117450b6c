"""The installed package works from any folder, with its data inside the wheel."""

from __future__ import annotations

from pathlib import Path

import pytest

import mealfix
from conftest import DATA, REPO, run_installed
from mealfix.inputs.files import BUNDLED, bundled_path

INSTALLED = REPO / "src" not in Path(mealfix.__file__).resolve().parents


@pytest.mark.skipif(not INSTALLED, reason="mealfix is imported from the source tree (editable)")
@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_data_ships_inside_the_package(name: str) -> None:
    path = bundled_path(name)
    assert Path(mealfix.__file__).resolve().parent in path.resolve().parents
    # The wheel carries the same bytes as data/ in the checkout (no stale copy).
    assert path.read_bytes() == (DATA / name).read_bytes()


def test_console_script_makes_a_plan_from_another_folder(tmp_path: Path) -> None:
    version = run_installed("--version", cwd=tmp_path)
    assert version.code == 0 and mealfix.__version__ in version.stdout
    run = run_installed("plan", "--sex", "female", "--age", "45", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    plan = run.json()  # proven within 1 % of the best day, by default
    assert plan["status"].startswith("within 1 % of the best day") or plan["proven_optimal"]
    assert plan["gap"] <= 0.01
    assert list(tmp_path.iterdir()) == [], "the run left files in the working folder"
