"""Hostile inputs, round three (issue 26, items 1, 4 and 5): where the output goes and what it
says. Every output path, ``batch -o`` included, is read or replaced only when it is a regular
file, with nothing changed before the checks pass; names from a data file cannot run in a
spreadsheet, steer a terminal or break a plot; and no input of the user's ends in exit 70.
Special files are made inside a temporary folder; the devices are only ever named."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run, run_cli, write

FOODS = "id,name,n1\nA,Food A,10\nB,Food B,5\n"
TARGETS = "nutrients:\n  n1: {min: 5}\n"
PEOPLE = "id,sex,age\np1,female,30\n"
#: Names a spreadsheet would run as formulas (OWASP CSV injection), and a harmless one.
FORMULAS = ["=2+5", "@SUM(A1:A2)", "+1+1", "-2+3"]
#: An escape sequence (clear the screen), a right-to-left override and an isolate.
UNSEEN = ("\x1b[2J", "\x9b", "\u202e", "\u2066", "\u200f")


def mealfix(*args: str, cwd: Path | None = None, **popen: object) -> Run:
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
    run = mealfix("batch", str(people), "-o", str(target), *tables, "--workers", "1")
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
    run = mealfix("plan", *tables, "-o", str(target), "--force")
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
    run = mealfix("plan", *tables, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE)
    assert run.code == 0
    assert run.stderr == ""


def test_a_reader_gone_before_the_output_is_a_quiet_normal_end(tables: list[str]) -> None:
    """`mealfix foods | head -1`: the reader has gone when the table is written."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before anything is written: every write is a broken pipe
    try:
        run = mealfix("foods", *tables[:2], stdout=writer, stderr=subprocess.PIPE)
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
