"""Shared helpers: run the CLI as a person would, and read the bundled data independently."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mealfix.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str) -> Run:
    """Run ``mealfix ARGS`` in-process (fast); stdout and stderr kept apart."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_installed(*args: str, cwd: Path) -> Run:
    """Run the installed ``mealfix`` console script in a subprocess, as a shell would."""
    exe = shutil.which("mealfix") or str(Path(sys.executable).with_name("mealfix"))
    proc = subprocess.run(
        [exe, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": ""},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def read_foods_csv(path: Path = DATA / "foods.csv") -> dict[str, dict[str, str]]:
    """data/foods.csv read with the csv module only: an independent view of the table."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def foods_csv() -> dict[str, dict[str, str]]:
    return read_foods_csv()


def counted(row: dict[str, str], column: str) -> float:
    """A cell of data/foods.csv as mealfix counts it toward a minimum: an unknown (empty) value
    counts as 0 (the documented policy: the plan may under-count, never over-count)."""
    return float(row[column]) if row[column] != "" else 0.0


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


#: The three-food problem solved by hand in test_hand_solved.py (A 50 g + C 100 g, $1.30, duals
#: 0.1 and 0.06 when C costs $0.80 per 100 g).
HAND_FOODS = "id,name,n1,n2,price\nA,Food A,10,0,1.00\nB,Food B,0,10,1.00\nC,Food C,5,5,{c}\n"
HAND_TARGETS = "nutrients:\n  n1: {min: 10}\n  n2: {min: 5, max: 8}\n"


def hand_files(folder: Path, c_price: str = "0.80") -> tuple[Path, Path]:
    """The hand-solved foods and targets files, written into ``folder``."""
    foods = write(folder / "f.csv", HAND_FOODS.format(c=c_price))
    return foods, write(folder / "t.yaml", HAND_TARGETS)
