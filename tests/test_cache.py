"""The disk cache of proven answers: off unless asked, and never a different or broken plan.

Each test uses the hand-solved three-food day (tests/test_hand_solved.py: A 50 g + C 100 g for
$1.30), an integer model that solves in milliseconds, and forgets the in-process answers
between runs so that only the disk can answer.
"""

from __future__ import annotations

import json
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


#: The hand-solved model's columns: grams of A, B, C, then used-or-not of A, B, C.
DEARER = [100.0, 50.0, 0.0, 1.0, 1.0, 0.0]  # A 100 g + B 50 g: feasible, $1.50


def poison(path: Path, values: Any = None, **changes: Any) -> None:
    """Rewrite the cache file at ``path`` as an attacker (or a bad disk) might: the same key,
    other values (None: keep them; "drop": none) and outcome fields."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    outcome = {**json.loads(str(arrays["outcome"][()])), **changes}
    arrays["outcome"] = np.array(json.dumps(outcome))  # NaN and Infinity as JSON writes them
    if isinstance(values, str):
        del arrays["values"]
    elif values is not None:
        arrays["values"] = np.asarray(values)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


POISONS: dict[str, tuple[Any, dict[str, Any]]] = {
    "dearer plan, old objective": (DEARER, {}),
    "dearer plan, its objective, old bound": (DEARER, {"objective": 1.5}),
    "objective below its bound": (None, {"bound": 1.5}),
    "a gap that is not proven": (None, {"gap": 0.2}),
    "feasible day as no plan": ("drop", {"status": "infeasible", "proven": False}),
    "no plan claimed proven": ("drop", {"status": "infeasible", "objective": None}),
    "a found plan, not proven": (None, {"status": "feasible", "proven": False}),
    "dearer plan claimed within 1 %": (
        DEARER,
        {"status": "feasible", "proven": False, "within": 0.01, "objective": 1.5, "gap": 0.0},
    ),
    "a claim within 100 %": (None, {"status": "feasible", "proven": False, "within": 1.0}),
    "all zeros": ([0.0] * 6, {"objective": 0.0, "bound": 0.0}),
    "NaN objective": (None, {"objective": float("nan")}),
    "infinite bound": (None, {"bound": float("-inf")}),
    "NaN amount": ([50.0, 0.0, float("nan"), 1.0, 0.0, 1.0], {}),
    "half a food": ([50.0, 0.0, 100.0, 0.5, 0.0, 1.0], {}),
    "negative grams": ([50.0, -10.0, 100.0, 1.0, 0.0, 1.0], {}),
    "objective as text": (None, {"objective": "1.3"}),
    "proven as a number": (None, {"proven": 1}),
    "gap as true": (None, {"gap": True}),
    "whole-number amounts": (np.array([50, 0, 100, 1, 0, 1]), {}),
    "amounts as text": (np.array(["50", "0", "100", "1", "0", "1"]), {}),
    "too few amounts": ([50.0, 0.0, 100.0], {}),
}


@pytest.mark.parametrize("case", POISONS, ids=list(POISONS))
def test_a_poisoned_answer_is_solved_again_and_replaced(
    case: str, tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 26: a file with the right key was trusted whole (a dearer plan labelled optimal,
    a feasible day as "no plan", NaN in the plan). Each is now a miss: the plan is the
    hand-solved one, solved once more, and the next run reads the replaced file."""
    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    values, changes = POISONS[case]
    poison(path, values, **changes)
    calls = count_integer_solves(monkeypatch)
    again = cold_plan(tables)
    assert calls == [1]
    assert grams(again) == {"A": 50.0, "C": 100.0}
    assert again.objective.value == pytest.approx(1.30) and again.status == "optimal"
    count_integer_solves(monkeypatch, refuse=True)
    assert grams(cold_plan(tables)) == {"A": 50.0, "C": 100.0}


def test_a_poisoned_answer_never_reaches_the_command_line(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zeros and NaN in the file gave exit 3 and NaN in the JSON; now the plan of a clean run."""
    foods, targets = tables
    args = ["plan", "--foods", str(foods), "--targets", str(targets), "--objective", "cost"]
    clean = run_cli(*args, "--format", "json")
    for values, changes in ([0.0] * 6, {"objective": 0.0}), (None, {"objective": float("nan")}):
        path = filled_cache(tables, tmp_path / "cache", monkeypatch)
        poison(path, values, **changes)
        mealfix.forget()
        run = run_cli(*args, "--format", "json")
        assert (run.code, run.stderr) == (0, "")
        assert run.stdout == clean.stdout and "NaN" not in run.stdout


def test_an_oversized_file_is_not_read(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than any answer of the model (here a 2 MB message in a sound answer) is a
    miss without being read: the answer of this model fits in well under 100 kB."""
    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    poison(path, text="x" * 2_000_000)
    assert path.stat().st_size > 2_000_000
    calls = count_integer_solves(monkeypatch)
    assert cold_plan(tables).objective.value == pytest.approx(1.30)
    assert calls == [1] and path.stat().st_size < 100_000  # replaced by a sound answer


def test_a_file_that_inflates_without_end_is_read_within_a_cap(
    tables: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb (a 50 kB file whose member inflates to 50 MB; the issue's 1.2 MB file gave
    1.3 GB) is a miss, and reading it never holds more than a few MB."""
    import tracemalloc
    import zipfile

    path = filled_cache(tables, tmp_path / "cache", monkeypatch)
    with np.load(path, allow_pickle=False) as data:
        kept = {name: data[name] for name in ("key", "outcome")}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in kept.items():
            with archive.open(f"{name}.npy", "w") as member:
                np.lib.format.write_array(member, array)
        header = np.lib.format.header_data_from_array_1_0(np.zeros(6_250_000))
        with archive.open("values.npy", "w", force_zip64=True) as member:
            np.lib.format.write_array_header_1_0(member, header)
            for _ in range(50):
                member.write(bytes(1_000_000))
    assert path.stat().st_size < 100_000
    calls = count_integer_solves(monkeypatch)
    tracemalloc.start()
    try:
        again = cold_plan(tables)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert calls == [1] and grams(again) == {"A": 50.0, "C": 100.0}
    assert peak < 10_000_000


def test_no_plan_is_never_kept_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proven "no plan" stays in the process's memory only: nothing in a file could show it
    true without solving again, and a false one would refuse a feasible day."""
    from mealfix.solve import cache
    from mealfix.solve.status import Outcome, Solved

    monkeypatch.setenv("MEALFIX_CACHE", str(tmp_path / "cache"))
    none = Outcome("infeasible", False, None, None, "highs", "HiGHS: Infeasible")
    cache.store(("any key",), Solved(none, None, None))
    assert list((tmp_path / "cache").iterdir()) == []
