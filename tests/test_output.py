"""Safe output: atomic writes, no overwrite without --force, no partial file, stable JSON, and
CSV that is a table (one value per cell)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

import mealfix.output.files
from conftest import hand_files, run_cli, write

ARGS = ("plan", "--foods", "{f}", "--targets", "{t}", "--format", "json")


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    f, t = hand_files(tmp_path)
    return [a.format(f=f, t=t) for a in ARGS]


def test_existing_file_is_kept_without_force(args: list[str], tmp_path: Path) -> None:
    out = write(tmp_path / "plan.json", "precious")
    run = run_cli(*args, "--output", str(out))
    assert run.code == 2 and "exists; use --force" in run.stderr
    assert out.read_text() == "precious"
    run = run_cli(*args, "--output", str(out), "--force")
    assert run.code == 0 and out.read_text().startswith("{")


def test_interrupted_write_leaves_no_partial_file(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(mealfix.output.files.os, "replace", interrupted)
    run = run_cli(*args, "--output", str(out))
    assert run.code == 130
    assert list(out.parent.iterdir()) == []


def test_written_file_has_ordinary_permissions(args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    assert run_cli(*args, "--output", str(out)).code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_same_input_byte_identical_json_across_solvers(args: list[str]) -> None:
    # The optimum of this problem is unique (hand-solved in test_hand_solved.py), so HiGHS and
    # CBC must print the same plan; only the solver's own name differs.
    highs = run_cli(*args, "--objective", "cost", "--solver", "highs").stdout
    again = run_cli(*args, "--objective", "cost", "--solver", "highs").stdout
    cbc = run_cli(*args, "--objective", "cost", "--solver", "cbc").stdout
    assert highs == again
    assert highs.replace('"solver": "highs"', '"solver": "cbc"') == cbc


def test_csv_is_one_row_per_food_with_a_column_per_share(args: list[str], tmp_path: Path) -> None:
    plan = run_cli(*args, "--objective", "cost").json()
    csv_args = [a if a != "json" else "csv" for a in args]
    totals = tmp_path / "totals.csv"
    run = run_cli(*csv_args, "--objective", "cost", "--nutrients-csv", str(totals))
    assert run.code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [r["id"] for r in rows] == [f["id"] for f in plan["foods"]]
    assert list(rows[0])[-2:] == ["n1_pct", "n2_pct"]
    for row, food in zip(rows, plan["foods"], strict=True):
        assert float(row["grams"]) == food["grams"]
        assert float(row["n1_pct"]) == pytest.approx(food["shares"]["n1"])
        assert not any("{" in cell or "[" in cell for cell in row.values())
    nutrients = list(csv.DictReader(totals.open(encoding="utf-8")))
    assert [(n["nutrient"], float(n["amount"])) for n in nutrients] == [
        (n["nutrient"], n["amount"]) for n in plan["nutrients"]
    ]
    assert nutrients[0]["max"] == "" and float(nutrients[1]["max"]) == 8  # n1 has no maximum


def test_nutrients_csv_is_checked_before_solving(args: list[str], tmp_path: Path) -> None:
    kept = write(tmp_path / "totals.csv", "precious")
    run = run_cli(*args, "--nutrients-csv", str(kept))
    assert run.code == 2 and "exists; use --force" in run.stderr and run.stdout == ""
    assert kept.read_text() == "precious"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "html"])
def test_a_red_flag_is_said_first_in_every_format_and_the_plan_follows(
    fmt: str, tmp_path: Path
) -> None:
    f, t = hand_files(tmp_path)
    run = run_cli(
        "plan", "--foods", str(f), "--targets", str(t), "--symptoms", "chest pain", "--format", fmt
    )
    assert run.code == 0, run.stderr
    out = run.stdout
    if fmt == "json":
        plan = run.json()
        assert next(iter(plan)) == "urgent" and plan["urgent"]["signs"][0]["key"] == "chest_pain"
        assert plan["foods"]
    elif fmt == "csv":
        lines = out.splitlines()
        assert lines[0].startswith("# URGENT: Get medical help now")
        rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
        assert {r["id"] for r in rows} == {"A", "B"}  # the hand-solved day
    elif fmt == "html":
        assert out.index("Get urgent medical care") < out.index("<header>")
        assert "medlineplus.gov/ency/article/003079.htm" in out and "Food A" in out
    else:
        assert out.lstrip("*").startswith("! URGENT: Get medical help now")
        assert out.index("Chest pain") < out.index("mealfix plan") < out.index("Food A")
    assert ("mealfix: URGENT" in run.stderr) == (fmt in ("json", "csv", "html"))
