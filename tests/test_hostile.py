"""Hostile inputs, class by class: special files, non-finite and absurd numbers, silent drops,
the Python API. Each case asserts the exit code and the message's key words; special files are
made inside a temporary folder, and nothing outside it is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mealfix
from conftest import run_cli, write
from mealfix import Person
from mealfix.errors import UsageError

FOODS = "id,name,n1\nA,Food A,10\nB,Food B,5\n"
GOOD_TARGETS_TEXT = "nutrients:\n  n1: {min: 5}\n"


def plan_args(foods: Path, targets: Path, *more: str) -> list[str]:
    return ["plan", "--foods", str(foods), "--targets", str(targets), *more]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "f.csv", FOODS), write(tmp_path / "t.yaml", GOOD_TARGETS_TEXT)


# ------------------------------------------------------------------ 1. special files


def test_a_fifo_as_foods_is_refused_at_once(tmp_path: Path, files: tuple[Path, Path]) -> None:
    fifo = tmp_path / "foods.fifo"
    os.mkfifo(fifo)
    run = run_cli(*plan_args(fifo, files[1]))
    assert run.code == 2 and "is not a regular file" in run.stderr


def test_a_folder_as_targets_is_refused(tmp_path: Path, files: tuple[Path, Path]) -> None:
    run = run_cli(*plan_args(files[0], tmp_path))
    assert run.code == 2 and "is a folder" in run.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_onto_a_device_is_refused_even_with_force(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    import stat

    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    run = run_cli(*plan_args(*files), "--output", str(device), "--force")
    assert run.code == 2 and "not a regular file" in run.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)  # still the device


def test_a_dangling_symlink_is_not_replaced(tmp_path: Path, files: tuple[Path, Path]) -> None:
    link = tmp_path / "plan.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    run = run_cli(*plan_args(*files), "--output", str(link), "--force")
    assert run.code == 2 and "symbolic link" in run.stderr
    assert link.is_symlink()


def test_output_dash_is_standard_output(files: tuple[Path, Path]) -> None:
    run = run_cli(*plan_args(*files), "--format", "json", "-o", "-")
    assert run.code == 0 and run.json()["status"] == "optimal"


# ------------------------------------------------------------------ 2. numbers


@pytest.mark.parametrize(
    ("targets", "words"),
    [
        ("nutrients:\n  n1: {min: .inf}\n", "finite number"),
        ("nutrients:\n  n1: {min: 1.0e+300}\n", "less than or equal to 100000000"),
        ("nutrients:\n  n1: {min: yes}\n", "valid number"),
        ("nutrients:\n  n1: {min: 5}\n  n1: {min: 6}\n", "appears twice"),
    ],
)
def test_absurd_target_numbers_are_refused(tmp_path: Path, targets: str, words: str) -> None:
    foods = write(tmp_path / "f.csv", FOODS)
    run = run_cli(*plan_args(foods, write(tmp_path / "t.yaml", targets)))
    assert run.code == 2 and words in run.stderr, run.stderr


def test_an_absurd_food_value_is_refused(tmp_path: Path) -> None:
    foods = write(tmp_path / "f.csv", "id,name,n1\nA,Food A,1e308\n")
    run = run_cli(*plan_args(foods, write(tmp_path / "t.yaml", GOOD_TARGETS_TEXT)))
    assert run.code == 2 and "not a plausible amount per 100 g" in run.stderr


@pytest.mark.parametrize("option", ["--time-limit", "--budget"])
def test_nan_options_are_refused(files: tuple[Path, Path], option: str) -> None:
    run = run_cli(*plan_args(*files), option, "nan")
    assert run.code == 2 and "finite number" in run.stderr, run.stderr


# ------------------------------------------------------------------ 3. silent drops


def test_an_unknown_min_group_is_an_error_with_a_suggestion() -> None:
    run = run_cli("plan", "--sex", "female", "--age", "30", "--min-group", "vegetabel=2")
    assert run.code == 2 and "did you mean 'vegetable'" in run.stderr


def test_a_food_included_twice_is_an_error() -> None:
    run = run_cli(
        "plan", "--sex", "female", "--age", "30", "--include", "09040", "--include", "09040:50"
    )
    assert run.code == 2 and "twice" in run.stderr


# ------------------------------------------------------------------ 4. time limits everywhere


def test_a_short_time_limit_bounds_the_ways_out_and_says_so() -> None:
    """A vegan day with every fortified food out cannot reach B12: the day, the closest day and
    every way out share one second, and the report says the search for ways out stopped."""
    exclude = ("--exclude", "fortified", "--exclude", "yeast extract", "--exclude", "frosted")
    args = ("--sex", "female", "--age", "30", "--diet", "vegan", *exclude, "--format", "json")
    run = run_cli("plan", *args, "--time-limit", "1")
    assert run.code == 1, run.stderr
    report = run.json()
    assert report["status"] == "infeasible"
    # each way out re-solves a whole day (seconds): one second cannot try them all
    assert report["stopped"] and "stopped at the 1 s time limit" in report["stopped"]


# ------------------------------------------------------------------ 7. the Python API


def test_a_string_where_a_list_is_expected_is_one_item() -> None:
    request = mealfix.PlanRequest.of(Person(sex="female", age=30), exclude="liver")
    assert request.exclude == ("liver",)
    assert mealfix.PlanRequest.of(None, suspect="magnesium").suspect == ("magnesium",)


def test_a_wrong_option_value_is_a_mealfix_error() -> None:
    with pytest.raises(UsageError, match="option max_foods"):
        mealfix.plan(Person(sex="female", age=30), max_foods="many")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Person(sex="x", age=30), "Person sex='x': Input should be 'female' or 'male'"),
        (lambda: Person(sex="male", age=30, stage="pregnancy"), "pregnancy applies to females"),
        (lambda: Person(sex="female", age=200), "Person age=200"),
        (
            lambda: mealfix.plan(Person(sex="female", age=30), targets={"nutrients": {}}),
            "option targets: a dict is not accepted here",
        ),
    ],
)
def test_wrong_python_values_are_mealfix_errors_in_python_words(make: object, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        make()  # type: ignore[operator]
    assert words in str(caught.value)
    assert "--" not in str(caught.value)  # no CLI flags in a library error


# ------------------------------------------------------------------ 5. errors before long work


def test_a_figure_suffix_matplotlib_cannot_write_is_refused_before_solving(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    run = run_cli(*plan_args(*files), "--plot", str(tmp_path / "chart.xyz"))
    assert run.code == 2 and "--plot" in run.stderr and ".png" in run.stderr


def test_an_output_folder_that_does_not_exist_is_said_before_solving(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    run = run_cli("week", "--sex", "female", "--age", "30", "-o", str(tmp_path / "no" / "w.txt"))
    assert run.code == 2 and "does not exist" in run.stderr


def test_a_closed_pipe_is_a_normal_end(capfd: pytest.CaptureFixture[str]) -> None:
    """`mealfix plan ... | head -1`: when the reader stops early, writing raises BrokenPipeError;
    the command ends quietly with status 0, no traceback and no 'internal error' (exit 70)."""
    from mealfix.cli.commands import run_reporting_errors

    def body() -> None:
        raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(SystemExit) as ended:
        run_reporting_errors(False, body)
    assert ended.value.code == 0
    assert "internal error" not in capfd.readouterr().err


def test_an_os_error_is_one_line_not_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    from mealfix.cli.commands import run_reporting_errors

    def body() -> None:
        raise OSError(28, "No space left on device", "/tmp/plan.json")

    with pytest.raises(SystemExit) as ended:
        run_reporting_errors(False, body)
    assert ended.value.code == 2
    assert capfd.readouterr().err == "mealfix: error: No space left on device: /tmp/plan.json\n"


def test_a_reversed_energy_pair_and_a_capitalised_sex_in_python() -> None:
    """The API checks what the CLI checks, and reads 'Female' as 'female'."""
    with pytest.raises(UsageError, match="--energy"):
        mealfix.PlanRequest.of(Person(sex="female", age=30), energy=(2000, 1000))
    assert Person(sex="Female", age=30).sex == "female"  # type: ignore[arg-type]


# ------------------------------------------- issue 26: contradictions, non-finite amounts, words


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf"])
def test_a_non_finite_included_amount_is_one_line_before_solving(amount: str) -> None:
    """Issue 26: `--include 09040:nan` silently dropped the amount and `:inf` ended in exit 3."""
    run = run_cli("plan", "--sex", "female", "--age", "30", "--include", f"09040:{amount}")
    assert run.code == 2
    assert run.stderr.strip().endswith("grams must be a positive, finite number")
    assert len(run.stderr.strip().splitlines()) == 1


def test_including_and_excluding_one_food_is_a_contradiction() -> None:
    """Issue 26: `--include 09040 --exclude 09040` planned the excluded banana."""
    run = run_cli(
        "plan", "--sex", "female", "--age", "30", "--include", "09040", "--exclude", "09040"
    )
    assert run.code == 2
    assert "name the same food, Banana (09040)" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("word", ["0", "false", "off", "no", "FALSE", " Off "])
def test_mealfix_cache_off_words_turn_it_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, word: str
) -> None:
    """Issue 26: MEALFIX_CACHE=false made a cache folder named 'false'."""
    from mealfix.solve.cache import cache_dir

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEALFIX_CACHE", word)
    assert cache_dir() is None
    assert list(tmp_path.iterdir()) == []


def test_prove_gives_a_proven_plan_and_with_gap_is_a_contradiction(
    files: tuple[Path, Path],
) -> None:
    """--prove asks for a full proof: the plan says optimal and proven; a week's --prove with
    its --gap is one line, exit 2 (before: whichever came last won, silently)."""
    foods, targets = files
    proven = run_cli(*plan_args(foods, targets, "--prove", "--format", "json"))
    assert proven.code == 0, proven.stderr
    assert proven.json()["proven_optimal"] and proven.json()["status"] == "optimal"
    both = run_cli(
        "week", "--foods", str(foods), "--targets", str(targets), "--prove", "--gap", "2"
    )
    assert both.code == 2
    assert both.stderr.strip().endswith("--prove and --gap contradict each other: give one of them")
