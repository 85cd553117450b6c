"""The disk cache of proven answers: off unless asked, and never a different or broken plan.

Each test uses the hand-solved three-food day (tests/test_hand_solved.py: A 50 g + C 100 g for
$1.30), an integer model that solves in milliseconds, and forgets the in-process answers
between runs so that only the disk can answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mealfix
import mealfix.solve.backends as backends
from conftest import hand_files, run_cli, write
from mealfix.errors import UsageError
from mealfix.solve.cache import cache_dir


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path]:
    mealfix.forget()
    return hand_files(tmp_path)


def cold_plan(tables: tuple[Path, Path]) -> mealfix.Plan:
    """A plan from a process that has solved nothing yet (as a new run of mealfix)."""
    mealfix.forget()
    foods, targets = tables
    return mealfix.plan(foods=foods, targets=targets, objective="cost")


def count_integer_solves(monkeypatch: pytest.MonkeyPatch, *, refuse: bool = False) -> list[int]:
    """Count the integer solves from now on (or fail on one, with ``refuse``); an LP (the
    amounts settled with the foods fixed) is never cached and still solves."""
    solve = backends._solve
    calls: list[int] = []

    def counted(matrix: Any, *args: Any) -> Any:
        if matrix.is_mip:
            if refuse:
                raise AssertionError("the integer model was solved, not read from the cache")
            calls.append(1)
        return solve(matrix, *args)

    monkeypatch.setattr(backends, "_solve", counted)
    return calls


def grams(plan: mealfix.Plan) -> dict[str, float]:
    return {f.id: f.grams for f in plan.food_items}


def test_off_by_default_nothing_is_written(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEALFIX_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() is None
    assert cold_plan(tables).objective.value == pytest.approx(1.30)
    calls = count_integer_solves(monkeypatch)
    cold_plan(tables)
    assert calls == [1]  # solved again: nothing was kept across "runs"
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_a_second_run_is_answered_from_disk_with_the_same_plan(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MEALFIX_CACHE", str(folder))
    first = cold_plan(tables)
    assert first.objective.value == pytest.approx(1.30)
    assert len(list(folder.glob("*.npz"))) == 1
    count_integer_solves(monkeypatch, refuse=True)
    second = cold_plan(tables)
    assert grams(second) == grams(first) == {"A": 50.0, "C": 100.0}
    assert second.objective.value == first.objective.value
    assert second.status == first.status
    assert list(folder.glob(".tmp-*")) == []  # no temporary file left behind


def filled_cache(tables: tuple[Path, Path], folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache turned on in ``folder`` and filled by one plan: the one file it wrote."""
    monkeypatch.setenv("MEALFIX_CACHE", str(folder))
    cold_plan(tables)
    [path] = folder.glob("*.npz")
    return path


def test_a_corrupt_file_is_a_miss_solved_again_and_rewritten(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    whole = path.read_bytes()
    calls = count_integer_solves(monkeypatch)
    for damaged in (b"not a zip file at all", whole[: len(whole) // 2], b""):
        path.write_bytes(damaged)
        again = cold_plan(tables)
        assert grams(again) == {"A": 50.0, "C": 100.0}
        assert again.objective.value == pytest.approx(1.30)
    assert len(calls) == 3  # each damaged file was solved again, not read
    cold_plan(tables)
    assert len(calls) == 3  # and replaced by a good one, read on the next run


def test_arrays_that_do_not_fit_the_model_are_a_miss(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of the right name but values for another number of foods (an edited or foreign
    file) must not become a plan: it is solved again."""
    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["values"] = np.append(arrays["values"], 7.0)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)
    calls = count_integer_solves(monkeypatch)
    again = cold_plan(tables)
    assert calls == [1]
    assert grams(again) == {"A": 50.0, "C": 100.0}


def test_a_symlink_where_the_file_goes_is_never_replaced(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    precious = write(tmp_path / "precious.txt", "mine\n")
    path.unlink()
    path.symlink_to(precious)
    again = cold_plan(tables)
    assert again.objective.value == pytest.approx(1.30)
    assert path.is_symlink() and precious.read_text(encoding="utf-8") == "mine\n"
    assert list(path.parent.iterdir()) == [path]


def test_a_cache_path_that_is_a_file_is_one_line_naming_the_variable(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = write(tmp_path / "cache", "a file\n")
    monkeypatch.setenv("MEALFIX_CACHE", str(not_a_folder))
    with pytest.raises(UsageError, match=r"^MEALFIX_CACHE: .*cache is not a folder$"):
        cold_plan(tables)
    foods, targets = tables
    run = run_cli("plan", "--foods", str(foods), "--targets", str(targets), "--cache")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr == f"mealfix: error: MEALFIX_CACHE: {not_a_folder} is not a folder\n"


def test_plan_with_cache_flag_writes_into_the_xdg_cache_folder(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEALFIX_CACHE", "")  # off; --cache turns it on (undone after the test)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    foods, targets = tables
    args = ["plan", "--foods", str(foods), "--targets", str(targets), "--objective", "cost"]
    without = run_cli(*args, "--format", "json")
    assert without.code == 0 and not (tmp_path / "xdg").exists()
    mealfix.forget()
    first = run_cli(*args, "--format", "json", "--cache")
    assert first.code == 0
    assert len(list((tmp_path / "xdg" / "mealfix").glob("*.npz"))) == 1
    count_integer_solves(monkeypatch, refuse=True)
    mealfix.forget()
    second = run_cli(*args, "--format", "json", "--cache")
    assert second.code == 0 and second.stdout == first.stdout == without.stdout
