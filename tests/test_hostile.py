"""Hostile inputs, class by class (issues 20 and 26): special files, non-finite and absurd
numbers, silent drops, contradictions; where output goes and what it says (only regular files
are read or replaced, names cannot run in a spreadsheet, steer a terminal or break a plot, no
input of the user's ends in exit 70); and the Python API, no weaker than the CLI. Each case
asserts the exit code (or the error) and the message's key words; special files are made inside
a temporary folder, the devices are only ever named, and nothing outside it is touched. The
poisoned cache is in tests/test_cache.py, stale batch rows in tests/test_batch.py, time limits
and Ctrl-C in tests/test_solver_settings.py."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import mealfix
from conftest import Run, run_cli, write
from mealfix import Person, PlanRequest, WeekRequest
from mealfix.errors import DataError, UsageError
from mealfix.solve import backends

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


# ---- where output goes and what it says (issue 26, items 1, 4, 5)

TARGETS = "nutrients:\n  n1: {min: 5}\n"
PEOPLE = "id,sex,age\np1,female,30\n"
#: Names a spreadsheet would run as formulas (OWASP CSV injection), and a harmless one.
FORMULAS = ["=2+5", "@SUM(A1:A2)", "+1+1", "-2+3"]
#: An escape sequence (clear the screen), a right-to-left override and an isolate.
UNSEEN = ("\x1b[2J", "\x9b", "\u202e", "\u2066", "\u200f")


def mealfix_process(*args: str, cwd: Path | None = None, **popen: object) -> Run:
    """``mealfix ARGS`` in a process of its own, as a shell runs it; a command that would
    block on a pipe or read a device for ever fails the test after 60 s instead of hanging."""
    proc = subprocess.run(
        [sys.executable, "-c", "from mealfix.cli import main; main()", *args],
        cwd=cwd,
        capture_output=not popen,
        text=True,
        timeout=60,
        **popen,  # type: ignore[call-overload]
    )
    return Run(proc.returncode, proc.stdout or "", proc.stderr or "")


@pytest.fixture
def tables(tmp_path: Path) -> list[str]:
    foods, targets = write(tmp_path / "f.csv", FOODS), write(tmp_path / "t.yaml", TARGETS)
    return ["--foods", str(foods), "--targets", str(targets)]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    return write(tmp_path / "people.csv", PEOPLE)


def one_line(run: Run) -> str:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# ------------------------------------------------------------------ 1. one safe writer


@pytest.mark.parametrize("via", ["the file", "a symbolic link", "the people file"])
def test_batch_output_without_a_last_line_end_loses_nothing(
    tmp_path: Path, tables: list[str], people: Path, via: str
) -> None:
    """Issue 26: `batch people.csv -o notes.txt` cut the last line of a file that was not a
    batch output before refusing it (through a link too, and on the people file itself)."""
    notes = write(tmp_path / "notes.txt", "first line\nlast line, no line end")
    if via == "the people file":
        notes = people = write(tmp_path / "people.csv", PEOPLE.rstrip("\n"))
    before = notes.read_bytes()
    output = notes
    if via == "a symbolic link":
        output = tmp_path / "link.jsonl"
        output.symlink_to(notes)
    run = run_cli("batch", str(people), "-o", str(output), *tables, "--workers", "1")
    assert run.code == 2
    said = one_line(run)
    assert str(output) in said
    assert "is the people file itself" in said if via == "the people file" else "line 1" in said
    assert notes.read_bytes() == before


def test_batch_output_with_only_a_last_line_of_other_text_is_kept(
    tmp_path: Path, tables: list[str], people: Path
) -> None:
    """Whole batch lines, then a last line that is no JSON at all: refused, not cut."""
    text = '{"id": "p0", "ok": false, "kind": "error", "error": "x"}\nmy own note'
    notes = write(tmp_path / "plans.jsonl", text)
    run = run_cli("batch", str(people), "-o", str(notes), *tables, "--workers", "1")
    assert run.code == 2 and "line 2" in one_line(run)
    assert notes.read_text() == text


def test_batch_appends_through_a_link_to_a_batch_output(
    tmp_path: Path, tables: list[str], people: Path
) -> None:
    """A link to a real batch output is followed, not replaced: the line lands in its file."""
    real = write(tmp_path / "plans.jsonl", "")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    run = run_cli("batch", str(people), "-o", str(link), *tables, "--workers", "1")
    assert run.code == 0, run.stderr
    line = json.loads(real.read_text().splitlines()[0])
    assert link.is_symlink() and (line["id"], line["ok"]) == ("p1", True)


def special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a folder, a dangling link and links to devices, all in ``tmp_path``."""
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    found = {"a FIFO": tmp_path / "fifo", "a folder": tmp_path / "folder"}
    for device in ("/dev/full", "/dev/zero"):
        link = tmp_path / Path(device).name
        link.symlink_to(device)
        found[f"a link to {device}"] = link
        found[device] = Path(device)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" / "x.jsonl")
    found["a dangling link"] = tmp_path / "dangling"
    return found


SPECIAL = ["a FIFO", "a folder", "a dangling link", "/dev/full", "/dev/zero"]
SPECIAL += ["a link to /dev/full", "a link to /dev/zero"]


@pytest.mark.parametrize("kind", SPECIAL)
def test_batch_output_onto_a_special_file_is_refused_at_once(
    tmp_path: Path, tables: list[str], people: Path, kind: str
) -> None:
    """Issue 26: `-o` a link to /dev/zero read the device into memory without end, a FIFO
    blocked for ever; each is now one line, exit 2, and the special file is never opened."""
    target = special_files(tmp_path)[kind]
    run = mealfix_process("batch", str(people), "-o", str(target), *tables, "--workers", "1")
    assert run.code == 2
    said = one_line(run)
    assert str(target) in said or kind == "a folder"
    words = {"a folder": "is a directory", "a dangling link": "symbolic link to nothing"}
    assert words.get(kind, "not a regular file (a device, pipe or socket)") in said
    assert not (tmp_path / "nowhere").exists()  # a dangling link's target is not made
    assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)


@pytest.mark.parametrize("kind", SPECIAL)
def test_plan_output_onto_a_special_file_is_refused_before_solving(
    tmp_path: Path, tables: list[str], kind: str
) -> None:
    target = special_files(tmp_path)[kind]
    run = mealfix_process("plan", *tables, "-o", str(target), "--force")
    assert run.code == 2 and run.stdout == ""
    said = one_line(run)
    assert any(w in said for w in ("not a regular file", "symbolic link", "is a directory"))
    if kind == "a FIFO":
        assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, tables: list[str]) -> None:
    """Issue 26: `--force` turned a 0600 output file into 0644."""
    private = write(tmp_path / "plan.json", "old")
    private.chmod(0o600)
    run = run_cli("plan", *tables, "--format", "json", "-o", str(private), "--force")
    assert run.code == 0, run.stderr
    assert private.read_text().startswith("{")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_two_options_naming_one_file_is_one_line_before_solving(
    tmp_path: Path, tables: list[str]
) -> None:
    """`-o day.csv --nutrients-csv ./day.csv` would write one over the other (or, without
    --force, fail after the solve); now it is said before any work."""
    day = tmp_path / "day.csv"
    run = run_cli(
        "plan",
        *tables,
        "--format",
        "csv",
        "-o",
        str(day),
        "--nutrients-csv",
        f"{tmp_path}/./day.csv",
    )
    assert run.code == 2 and "--output and --nutrients-csv name the same file" in one_line(run)
    assert not day.exists()


# ------------------------------------------------------------------ 4. names where they land


def hostile_foods(tmp_path: Path, names: list[str]) -> list[str]:
    """A foods table whose foods carry ``names`` (each with some n1), and its targets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "n1"])
    writer.writerows([f"F{i}", name, 10] for i, name in enumerate(names))
    foods = tmp_path / "hostile.csv"
    foods.write_text(buffer.getvalue(), encoding="utf-8")
    return ["--foods", str(foods), "--targets", str(write(tmp_path / "t.yaml", TARGETS))]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_formula_names_are_text_in_every_csv(tmp_path: Path) -> None:
    """Issue 26: food names reached CSV output raw (`=2+5`, `@SUM(...)` run in a spreadsheet).
    Each formula cell now starts with a quote, in the foods look-up and in the plan's CSV, and
    numbers stay numbers."""
    names = [*FORMULAS, "Plain food"]
    tables = hostile_foods(tmp_path, names)
    expected = {name: ("'" + name if name in FORMULAS else name) for name in names}
    look = run_cli("foods", *tables[:2], "--format", "csv")
    assert look.code == 0, look.stderr
    assert sorted(row["name"] for row in csv_rows(look.stdout)) == sorted(expected.values())
    every = [a for i in range(len(names)) for a in ("--include", f"F{i}")]
    plan = run_cli("plan", *tables, *every, "--format", "csv")
    assert plan.code == 0, plan.stderr
    rows = csv_rows(plan.stdout)
    assert sorted(row["name"] for row in rows) == sorted(expected.values())
    assert all(float(row["grams"]) > 0 for row in rows)  # numbers are not quoted


def test_negative_numbers_and_number_text_stay_numbers() -> None:
    from mealfix.output.csvs import rows_csv

    text = rows_csv(["name", "value", "note"], [["-3", -5.5, "-2+3"], ["\t=1", -1, "+4e2"]])
    assert text == "name,value,note\n-3,-5.5,'-2+3\n'\t=1,-1,+4e2\n"
    from mealfix.output.clean import csv_cell

    assert csv_cell("\r=1") == "'\r=1" and csv_cell(-2) == -2 and csv_cell(None) is None


def test_a_line_break_in_a_cell_keeps_its_row_whole() -> None:
    """A name holding a lone carriage return (or a line feed) is quoted, so a CSV reader sees
    one cell of one row; before, a lone CR was written bare and split the row in two."""
    from mealfix.output.csvs import rows_csv

    names = ["Tofu\rfirm", "Oat\nmilk", "Rice\r\nbrown", "plain"]
    text = rows_csv(["name", "grams"], [[name, 10.5] for name in names])
    assert text.endswith("plain,10.5\n") and text.startswith("name,grams\n")
    rows = csv_rows(text)
    assert [row["name"] for row in rows] == names
    assert [row["grams"] for row in rows] == ["10.5"] * 4


def test_a_carriage_return_in_a_food_name_keeps_the_plan_csv_rows_whole(tmp_path: Path) -> None:
    names = ["Tofu\rfirm", "Plain food"]
    foods = tmp_path / "cr.csv"
    foods.write_bytes(b'id,name,n1\nF0,"Tofu\rfirm",10\nF1,Plain food,10\n')
    tables = ["--foods", str(foods), "--targets", str(write(tmp_path / "t.yaml", TARGETS))]
    plan = run_cli("plan", *tables, "--include", "F0", "--include", "F1", "--format", "csv")
    assert plan.code == 0, plan.stderr
    rows = csv_rows(plan.stdout)
    assert sorted(row["name"] for row in rows) == sorted(names)
    assert all(float(row["grams"]) > 0 for row in rows)


def test_nutrient_names_in_the_nutrients_csv_are_text(tmp_path: Path, tables: list[str]) -> None:
    targets = write(tmp_path / "evil.yaml", "nutrients:\n  n1: {min: 5, name: '=HYPERLINK(1)'}\n")
    out = tmp_path / "n.csv"
    run = run_cli(
        "plan", tables[0], tables[1], "--targets", str(targets), "--nutrients-csv", str(out)
    )
    assert run.code == 0, run.stderr
    (row,) = csv_rows(out.read_text())
    assert row["name"] == "'=HYPERLINK(1)" and float(row["min"]) == 5


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_control_and_bidi_characters_never_reach_the_terminal(tmp_path: Path, fmt: str) -> None:
    """Issue 26: escape sequences and right-to-left overrides in a name reached the terminal;
    they are removed, and the name's letters are kept."""
    tables = hostile_foods(tmp_path, [f"Evil{mark}food" for mark in UNSEEN])
    every = [a for i in range(len(UNSEEN)) for a in ("--include", f"F{i}")]
    for run in (
        run_cli("foods", *tables[:2], "--format", fmt),
        run_cli("plan", *tables, *every, "--format", fmt),
    ):
        assert run.code == 0, run.stderr
        assert not any(mark in run.stdout for mark in UNSEEN)
        assert run.stdout.count("Evil[2Jfood") == 1  # the escape is gone, the text is not
        assert run.stdout.count("Evilfood") == len(UNSEEN) - 1


def test_an_error_line_naming_a_food_is_screened(tmp_path: Path) -> None:
    """The one line of an error names a food as the data file spells it, but screened."""
    tables = hostile_foods(tmp_path, ["Evil\x1b[2Jfood\u202e"])
    run = run_cli("plan", *tables, "--include", "F0", "--exclude", "F0")
    assert run.code == 2
    said = one_line(run)
    assert "\x1b" not in said and "\u202e" not in said and "Evil[2Jfood (F0)" in said


def test_names_are_escaped_in_html(tmp_path: Path) -> None:
    tables = hostile_foods(tmp_path, ["<script>alert(1)</script>", "Fish & chips"])
    run = run_cli("plan", *tables, "--include", "F0", "--include", "F1", "--format", "html")
    assert run.code == 0, run.stderr
    assert "<script>alert" not in run.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.stdout
    assert "Fish &amp; chips" in run.stdout


# ------------------------------------------------------------------ 5. never exit 70

DOLLARS = "nutrients:\n  n1: {min: 5, name: 'cost $\\frac{$ of n1'}\n"


@pytest.mark.parametrize("output", ["--plot", "html"])
def test_dollar_pairs_in_a_target_name_do_not_fail_after_the_solve(
    tmp_path: Path, tables: list[str], output: str
) -> None:
    """Issue 26: a `$...$` pair in a name of the user's targets file started matplotlib's
    mathtext, and the plot or HTML page failed after the solve (exit 70); the label is now
    drawn as written."""
    targets = write(tmp_path / "dollars.yaml", DOLLARS)
    args = ["plan", tables[0], tables[1], "--targets", str(targets)]
    if output == "--plot":
        chart = tmp_path / "chart.svg"
        run = run_cli(*args, "--plot", str(chart))
        assert run.code == 0, run.stderr
        assert "cost $\\frac{$ of n1" in chart.read_text()  # the label, literally
    else:
        run = run_cli(*args, "--format", "html")
        assert run.code == 0, run.stderr
        assert "cost $\\frac{$ of n1" in run.stdout


def test_plot_labels_escape_every_dollar() -> None:
    from mealfix.output.clean import plot_label

    assert plot_label("$x$ and $y") == r"\$x\$ and \$y"


def test_a_closed_standard_output_is_a_quiet_normal_end(tmp_path: Path, tables: list[str]) -> None:
    """Issue 26: `mealfix plan ... >&-` ended in exit 70 (an internal error)."""
    run = mealfix_process("plan", *tables, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE)
    assert run.code == 0
    assert run.stderr == ""


def test_a_reader_gone_before_the_output_is_a_quiet_normal_end(tables: list[str]) -> None:
    """`mealfix foods | head -1`: the reader has gone when the table is written."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before anything is written: every write is a broken pipe
    try:
        run = mealfix_process("foods", *tables[:2], stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert run.code == 0
    assert run.stderr == ""


@pytest.mark.parametrize("address", ["nonsense", "tcp://:::1", "tcp://host:port"])
def test_a_malformed_dask_address_is_one_line(
    tmp_path: Path, tables: list[str], people: Path, address: str
) -> None:
    """Issue 26: a malformed --dask address was an internal error (exit 70)."""
    pytest.importorskip("dask.distributed")
    output = tmp_path / "plans.jsonl"
    run = run_cli("batch", str(people), "-o", str(output), *tables, "--dask", address)
    assert run.code == 2
    assert f"dask scheduler address {address!r}" in one_line(run)
    assert not output.exists()


# ---- the Python API is no weaker than the CLI (issue 26, item 8)

WOMAN = Person(sex="female", age=30)
NAN = float("nan")


@pytest.fixture
def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every refusal here comes before the solver: reaching it fails the test."""

    def solved(*args: Any) -> Any:
        raise AssertionError("the solver was reached before the bad value was refused")

    monkeypatch.setattr(backends, "_solve", solved)


GE, LE, FINITE = "greater than or equal to", "less than or equal to", "a finite number"
USUAL = {"objective": "closest"}
#: Options of mealfix.plan (of mealfix.week with ``days``) that must be refused, and words of
#: the one line that says so.
OPTIONS: list[tuple[dict[str, Any], str]] = [
    ({"time_limit": True}, "option time_limit: a number is meant here, not True"),
    ({"time_limit": -1}, f"option time_limit: Input should be {GE} 0"),
    ({"time_limit": NAN}, f"option time_limit: Input should be {FINITE}"),
    ({"time_limit": pd.NA}, "option time_limit: Input should be a valid number"),
    ({"gap": 5}, f"option gap: Input should be {LE} 1"),
    ({"gap": -0.1}, f"option gap: Input should be {GE} 0"),
    ({"budget": True}, "option budget: a number is meant here, not True"),
    ({"budget": 0}, "option budget: Input should be greater than 0"),
    ({"max_foods": -3}, f"option max_foods: Input should be {GE} 1"),
    ({"max_per_group": 0}, f"option max_per_group: Input should be {GE} 1"),
    ({"min_portion": -1}, f"option min_portion: Input should be {GE} 0"),
    ({"min_per_group": {"vegetable": -1}}, f"option min_per_group.vegetable: Input should be {GE}"),
    ({"pattern_range": (1.5, 0.5)}, "--pattern-range must be LOW-HIGH"),
    ({**USUAL, "current": {"09040": NAN}}, f"option current.09040: Input should be {FINITE}"),
    ({**USUAL, "current": {"09040": -5}}, f"option current.09040: Input should be {GE} 0"),
    (
        {"overrides": {"zinc_mg": {"min": NAN}}},
        f"option overrides.zinc_mg.min: Input should be {FINITE}",
    ),
    ({"solver": "gurobi"}, "option solver: Input should be 'highs' or 'cbc'"),
    ({"solver_options": {"no_such": 1}}, "solver option no_such=1: HiGHS has no such option"),
    ({"include": ["09040"], "exclude": ["09040"]}, "--include '09040' and --exclude name the same"),
    ({"include": ["09040:nan"]}, "grams must be a positive, finite number"),
    ({"foods": 5}, "option foods: a int is not accepted here"),
    ({"days": True}, "option days: a number is meant here"),
    ({"days": 3, "max_days": 0}, f"option max_days: Input should be {GE} 1"),
]
B = "09040"  # a banana
score, suspects, curve = mealfix.score, mealfix.suspects, mealfix.budget_curve
#: Other calls that must be refused, and words of the one line that says so.
CASES: list[tuple[Callable[[], object], str]] = [
    (lambda: Person(sex="female", age=True), "Person age=True: a number of years"),
    (lambda: Person(sex="female", age=pd.NA), "Person age=<NA>"),
    (lambda: Person(sex="female", age=NAN), "Person age=nan"),
    (lambda: score(None), "usual must be a CSV path or grams by food"),
    (lambda: score({B: "a lot"}), f"usual['{B}'] must be a number, not 'a lot'"),
    (lambda: score({B: NAN}), f"usual['{B}'] must be a finite number"),
    (lambda: score({B: -100}), f"usual['{B}'] must be 0 or more"),
    (lambda: score({B: None}), f"usual['{B}'] must be a number, not None"),
    (lambda: score({"zzzz": 100}), "usual day food 'zzzz' matches no food"),
    (lambda: score({B: 100}, age=True), "age must be a number, not True"),
    (lambda: score({B: 100}, age=0), "age must be from 1 to 120, not 0"),
    (lambda: score({B: 100}, age=NAN), "age must be a finite number"),
    (lambda: suspects(None), "symptoms must be a list of words"),
    (lambda: suspects([5]), "symptoms: each item must be a word, not 5"),
    (lambda: suspects(["cramps"], top=True), "top must be a number, not True"),
    (lambda: suspects(["cramps"], top=0), "top must be 1 or more, not 0"),
    (lambda: suspects(["cramps"], person="female"), "person must be a mealfix.Person"),
    (lambda: curve(WOMAN, None), "budgets must be a list of numbers"),
    (lambda: curve(WOMAN, [NAN]), "budgets item must be a finite number"),
    (lambda: curve(WOMAN, [-1]), "budgets item must be more than 0"),
    (lambda: curve(WOMAN, [True]), "budgets item must be a number, not True"),
    (lambda: mealfix.load_foods(5), "foods must be a file path, not a int"),
    (lambda: mealfix.load_targets(5), "targets must be a file path"),
    (lambda: mealfix.plan_from_pulp(None, WOMAN), "problem must be the PuLP problem"),
]


@pytest.mark.usefixtures("no_solve")
@pytest.mark.parametrize(("options", "words"), OPTIONS, ids=[str(c[0]) for c in OPTIONS])
def test_a_bad_option_value_is_one_mealfix_line(options: dict[str, Any], words: str) -> None:
    call = mealfix.week if "days" in options else mealfix.plan
    assert_one_line(lambda: call(WOMAN, **options), words)


@pytest.mark.usefixtures("no_solve")
@pytest.mark.parametrize(("call", "words"), CASES, ids=[c[1] for c in CASES])
def test_a_bad_python_value_is_one_mealfix_line(call: Callable[[], object], words: str) -> None:
    assert_one_line(call, words)


def assert_one_line(call: Callable[[], object], words: str) -> None:
    with pytest.raises(UsageError) as caught:
        call()
    message = str(caught.value)
    assert words in message and "\n" not in message


@pytest.mark.usefixtures("no_solve")
def test_numpy_numbers_are_numbers() -> None:
    """np.int64(30) as an age, numpy floats as a time limit and gap: what a notebook holds."""
    person = Person(sex="female", age=np.int64(30))
    assert person.age == 30 and type(person.age) is int
    request = PlanRequest.of(
        person, time_limit=np.float64(5.0), gap=np.float64(0.02), max_foods=np.int64(9)
    )
    assert (request.time_limit, request.gap, request.max_foods) == (5.0, 0.02, 9)
    week = WeekRequest.of(person, days=np.int64(3), max_days=np.int64(2))
    assert (week.days, week.max_days) == (3, 2)
    report = mealfix.suspects("cramps, fatigue", person=person, top=np.int64(2))
    assert len(report.symptoms) == 2 and "Muscle cramps" in report.symptoms
    assert report.ranking and all(len(s.richest_foods) == 2 for s in report.ranking)


@pytest.mark.usefixtures("no_solve")
def test_score_takes_a_series_and_numpy_numbers() -> None:
    """A pandas Series of grams by id or name, numpy amounts and a numpy age score as a dict
    of plain numbers does."""
    plain = mealfix.score({"09040": 120.0, "Cheddar cheese": 30.0}, age=30)
    usual = pd.Series({"09040": np.float64(120.0), "01009": np.int64(30)}, dtype=object)
    assert mealfix.score(usual, age=np.int64(30)).hei.total == pytest.approx(plain.hei.total)


@pytest.mark.usefixtures("no_solve")
def test_a_foods_dataframe_is_checked_as_a_csv_is(tmp_path: Path) -> None:
    """A table given as a DataFrame had no checks: a negative amount or a repeated id reached
    the solver. Now each is one line naming the table, as for a CSV file."""
    targets = write(tmp_path / "t.yaml", "nutrients:\n  n1: {min: 5}\n")
    negative = pd.DataFrame({"name": ["A"], "n1": [-1.0]}, index=pd.Index(["A"], name="id"))
    twice = pd.DataFrame({"id": ["A", "A"], "name": ["A", "B"], "n1": [1.0, 2.0]})
    for frame, words in (
        (negative, "column 'n1': -1.0 is negative"),
        (twice, "id 'A' appears twice"),
        (pd.DataFrame(), "has no foods"),
    ):
        with pytest.raises(DataError, match=words):
            mealfix.plan(foods=frame, targets=targets)


@pytest.mark.usefixtures("no_solve")
def test_a_foods_table_without_any_targeted_nutrient_is_one_line(tmp_path: Path) -> None:
    """Before: 'internal error: ValueError: need at least one array to concatenate'."""
    foods = write(tmp_path / "f.csv", "id,name,n9\nA,Food A,1\n")
    with pytest.raises(DataError, match="has none of the nutrient columns the targets name"):
        mealfix.plan(WOMAN, foods=foods)
