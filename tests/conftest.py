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


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
