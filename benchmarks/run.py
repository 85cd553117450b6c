"""Benchmark mealfix against the floor each figure cannot beat, measured in the same run.

    python benchmarks/run.py [--repeat N] [--quick]

Prints the machine, then one Markdown table: every figure is the median of repeated runs with
its min-max spread, next to its floor (what the same work costs without mealfix's own code:
the imports, a bare interpreter, or HiGHS alone on the very same model) and the ratio.
This is a measurement, not a test: nothing here fails when a target is missed.
See benchmarks/README.md for what each row means and the latest numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal, TypeVar

import highspy
import numpy as np
import pandas as pd
import pulp
import yaml

import mealfix
from mealfix.api import forget, week_for
from mealfix.errors import SolverError
from mealfix.inputs.files import bundled_path
from mealfix.inputs.person import Person, make_person
from mealfix.model.case import Case, make_case
from mealfix.model.day import setup_matrix
from mealfix.model.matrix import Matrix
from mealfix.model.pulp import to_pulp
from mealfix.model.request import PlanRequest, WeekRequest
from mealfix.model.rules import ENERGY
from mealfix.model.setup import build_rows
from mealfix.output.build import build_plan
from mealfix.solve.backends import forget as forget_answers
from mealfix.solve.cbc import FastHiGHS
from mealfix.solve.highs import Engine
from mealfix.solve.rotation import rotation_start
from mealfix.solve.settle import solve_case

SR28_CSV = Path(__file__).resolve().parent.parent / "data" / "usda_sr28_foods.csv"
SR28_CAP_G = 500.0
PERSON = Person(sex="female", age=34)
SUSPECTS = ("magnesium", "vitamin_b12")
CLI_PLAN = (
    "plan",
    "--sex",
    "female",
    "--age",
    "34",
    "--diet",
    "vegan",
    "--suspect",
    ",".join(SUSPECTS),
    "--format",
    "json",
)
IMPORT_FLOOR = "import pulp, pandas, pydantic, click"
WEEK_GAP = 0.01
#: The default plan stops within 1 % of the best day; --prove is given this long for the proof.
DAY_GAP = 0.01
PROVE_LIMIT = 60.0
OBJECTIVE_RTOL = 1e-6
BATCH_TIMEOUT_S = 900
SECTIONS = ("cli", "day", "personas", "sr28", "week", "batch", "population")
#: Twenty varied people for the personas row (every life stage, four diets, suspects), printed
#: with each time: (sex, age, stage, diet, suspects).
PERSONAS: tuple[tuple[str, int, str, str, tuple[str, ...]], ...] = (
    ("female", 2, "none", "omnivore", ()),
    ("male", 6, "none", "vegetarian", ()),
    ("male", 11, "none", "pescatarian", ("calcium",)),
    ("female", 15, "none", "vegan", ()),
    ("male", 25, "none", "omnivore", ()),
    ("female", 27, "none", "pescatarian", ()),
    ("male", 33, "none", "vegetarian", ("magnesium",)),
    ("female", 34, "none", "vegan", ("magnesium", "vitamin_b12")),
    ("male", 45, "none", "omnivore", ("vitamin_d",)),
    ("female", 48, "none", "vegetarian", ()),
    ("male", 60, "none", "pescatarian", ()),
    ("female", 62, "none", "omnivore", ("calcium", "vitamin_d")),
    ("male", 75, "none", "vegan", ()),
    ("female", 80, "none", "omnivore", ("vitamin_b12",)),
    ("female", 17, "pregnancy", "omnivore", ()),
    ("female", 29, "pregnancy", "vegetarian", ()),
    ("female", 36, "pregnancy", "pescatarian", ("magnesium",)),
    ("female", 18, "lactation", "vegan", ()),
    ("female", 24, "lactation", "omnivore", ("potassium",)),
    ("female", 38, "lactation", "vegetarian", ()),
)
#: Twenty varied people for the batch rows: both sexes, ages 19-76, four diets, suspects.
BATCH_DIETS = ("omnivore", "vegetarian", "vegan", "pescatarian")
BATCH_SUSPECTS = ("", "magnesium", "vitamin_b12", "magnesium;calcium", "vitamin_d", "potassium")
BATCH_AGES = (19, 23, 27, 31, 34, 38, 42, 45, 49, 52, 55, 58, 61, 64, 67, 70, 73, 76, 25, 33)

#: A population study's people file (section "population"): ages 19-79, both sexes, a diet mix
#: and half the people with one suspected nutrient. The mix is illustrative, not survey data.
POPULATION_DIETS = {"omnivore": 0.70, "vegetarian": 0.15, "pescatarian": 0.10, "vegan": 0.05}
POPULATION_SUSPECTS = ("magnesium", "calcium", "vitamin_d", "vitamin_b12", "potassium")
POPULATION_SEED = 2026

Unit = Literal["s", "plans/s"]
T = TypeVar("T")
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------- statistics, table


@dataclass(frozen=True)
class Stat:
    """Repeated measurements of one figure."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self, unit: Unit) -> str:
        """Median with its min-max spread, e.g. ``1.09 s (1.05-1.21)``."""
        low, high = min(self.samples), max(self.samples)
        if unit == "plans/s":
            spread = f" ({low:.3g}-{high:.3g})" if len(self.samples) > 1 else ""
            return f"{self.median:.3g} plans/s{spread}"
        scale, suffix = (1.0, "s") if self.median >= 1.0 else (1e3, "ms")
        spread = (
            f" ({_num(low * scale)}-{_num(high * scale)})" if len(self.samples) > 1 else " (n=1)"
        )
        return f"{_num(self.median * scale)} {suffix}{spread}"


def _num(value: float) -> str:
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


@dataclass
class Row:
    """One line of the table: a figure, its floor, and the issue's target for it."""

    name: str
    value: Stat | None
    floor_name: str
    floor: Stat | None
    target: str = ""
    met: bool | None = None
    unit: Unit = "s"

    def ratio(self) -> float | None:
        """Our time over the floor's (for throughput: the floor's rate over ours)."""
        if self.value is None or self.floor is None or not self.floor.median:
            return None
        if self.unit == "plans/s":
            return self.floor.median / self.value.median if self.value.median else None
        return self.value.median / self.floor.median

    def cells(self) -> list[str]:
        ratio = self.ratio()
        verdict = {True: "met", False: "**missed**", None: ""}[self.met]
        return [
            self.name,
            self.value.text(self.unit) if self.value else "skipped",
            self.floor_name,
            self.floor.text(self.unit) if self.floor else "-",
            f"{ratio:.2f}x" if ratio is not None else "-",
            f"{self.target} {verdict}".strip(),
        ]


def table(rows: Sequence[Row]) -> str:
    """The rows as one Markdown table."""
    head = ["measure", "mealfix: median (min-max)", "floor", "floor: median (min-max)"]
    head += ["ratio", "target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def progress(text: str) -> None:
    """What is running now, on stderr (stdout is the report)."""
    print(f"[bench] {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Keep HiGHS's banner (C code writing to file descriptor 1) out of the report."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            try:
                yield
            finally:
                os.dup2(saved, 1)
    finally:
        os.close(saved)


def timed(func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Seconds ``func(*args, **kwargs)`` took (time.perf_counter), and what it returned."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


# --------------------------------------------------------------------------- the machine


def machine() -> str:
    """CPU, cores, load, Python and library versions, mealfix commit."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), cpu)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("pulp", "highspy", "pandas", "numpy")
    )
    commit, dirty = _commit()
    return "\n".join(
        [
            f"- CPU: {cpu}; {os.cpu_count()} logical cores ({usable} usable)",
            f"- Python {platform.python_version()} ({sys.executable}); {versions}",
            f"- mealfix {mealfix.__version__}, commit {commit or '?'}"
            + (" + uncommitted changes" if dirty else ""),
            f"- load average at start: {_load()}",
        ]
    )


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


# --------------------------------------------------------------------------- HiGHS floors


def cold(files: bool = True) -> None:
    """Start a measurement with no remembered solver answers (a repeated request is then about
    20 ms) and, with ``files``, no parsed tables, as a new process's first plan would."""
    if files:
        forget()  # parsed files and remembered answers
    else:
        forget_answers()


def highs_model(problem: pulp.LpProblem) -> Any:
    """The HiGHS model mealfix's solver hands over for ``problem`` (built, not solved)."""
    with quiet_stdout():
        problem.solverModel = highspy.Highs()
        problem.solverModel.setOptionValue("output_flag", False)
        FastHiGHS(msg=False).buildSolverModel(problem)
        return problem.solverModel.getModel()


def matrix_model(matrix: Matrix) -> Any:
    """The HiGHS model mealfix hands over for a day's ``matrix`` (built, not solved)."""
    engine = Engine()
    engine.load(matrix)
    return engine.highs.getModel()


def raw_highs(model: Any, options: dict[str, Any] | None = None) -> highspy.Highs:
    """A fresh HiGHS with ``model`` passed in and solved (what the floors time)."""
    with quiet_stdout():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for key, value in (options or {}).items():
            h.setOptionValue(key, value)
        h.passModel(model)
        h.run()
    return h


def pass_only(model: Any) -> None:
    """A fresh HiGHS with ``model`` passed in, not solved (the floor of building a model)."""
    with quiet_stdout():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(model)


# --------------------------------------------------------------------------- 1. the CLI


def cli_rows(repeat: int) -> list[Row]:
    """Wall time of the installed console script, against the imports / a bare interpreter."""
    script = Path(sys.executable).with_name("mealfix")
    if not script.exists():
        progress(f"no console script at {script}: CLI rows skipped")
        return [Row("CLI rows", None, f"no {script}", None)]
    commands = {
        "plan": [str(script), *CLI_PLAN],
        "imports": [sys.executable, "-c", IMPORT_FLOOR],
        "help": [str(script), "--help"],
        "version": [str(script), "--version"],
        "pass": [sys.executable, "-c", "pass"],
    }
    folder = tempfile.mkdtemp(prefix="mealfix-bench-cache-")
    commands["cached"] = [str(script), *CLI_PLAN, "--cache"]
    cached_env = {**os.environ, "XDG_CACHE_HOME": folder}
    out = run_command(commands["plan"])  # warm the file cache and the .pyc files
    status = json.loads(out)["status"]
    if json.loads(run_command(commands["cached"], cached_env)) != json.loads(out):
        raise RuntimeError("the plan answered from the disk cache differs from a cold plan")
    for name in ("imports", "help", "version", "pass"):
        run_command(commands[name])
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(repeat):
        progress(f"CLI {i + 1}/{repeat}")
        for name, command in commands.items():  # interleaved, so drift hits both sides
            env = cached_env if name == "cached" else None
            times[name].append(timed(run_command, command, env)[0])
    stat = {name: Stat(tuple(values)) for name, values in times.items()}
    plan_ratio = stat["plan"].median / stat["imports"].median
    return [
        Row(
            f"1. `mealfix {' '.join(CLI_PLAN[:1])} … --format json` wall ({status})",
            stat["plan"],
            "`python -c '" + IMPORT_FLOOR + "'`",
            stat["imports"],
            "≤ 1.3x floor",
            plan_ratio <= 1.3,
        ),
        Row(
            "1. the same plan with `--cache`, answered from the disk cache (not cold)",
            stat["cached"],
            "`python -c '" + IMPORT_FLOOR + "'`",
            stat["imports"],
        ),
        Row(
            "1. `mealfix --help` wall",
            stat["help"],
            "`python -c pass`",
            stat["pass"],
            "≤ 0.15 s",
            stat["help"].median <= 0.15,
        ),
        Row(
            "1. `mealfix --version` wall",
            stat["version"],
            "`python -c pass`",
            stat["pass"],
            "≤ 0.15 s",
            stat["version"].median <= 0.15,
        ),
    ]


def run_command(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    """Run a command to completion; its stdout. A failure stops the benchmark."""
    done = subprocess.run(
        list(command), capture_output=True, text=True, cwd=tempfile.gettempdir(), env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-500:]}")
    return done.stdout


# --------------------------------------------------------------------------- 2. one day, staged


def persona_key(sex: str, age: int, stage: str, diet: str, suspects: tuple[str, ...]) -> str:
    """A persona in words, e.g. ``female 34, vegan suspects magnesium+vitamin_b12``."""
    who = f"{sex} {age}{'' if stage == 'none' else ' ' + stage}, {diet}"
    return who + (f" suspects {'+'.join(suspects)}" if suspects else "")


def persona_floors(case: Case) -> dict[str, Any]:
    """HiGHS alone on a persona's own day MIP, cold, at the same 1 % gap (the floor)."""
    model = matrix_model(setup_matrix(case.setup()))
    took, h = timed(raw_highs, model, {"mip_rel_gap": DAY_GAP})
    info = h.getInfo()
    return {
        "highs_s": took,
        "highs_objective": info.objective_function_value,
        "highs_status": h.modelStatusToString(h.getModelStatus()),
    }


def persona_proof(person: Person, **kwargs: Any) -> dict[str, Any]:
    """The same plan with --prove (a full proof, at most PROVE_LIMIT s): is the default's day
    within 1 % of the best day?"""
    forget()
    try:
        took, day = timed(mealfix.plan, person, gap=None, time_limit=PROVE_LIMIT, **kwargs)
    except mealfix.MealfixError as error:
        return {"prove_s": None, "prove_status": f"no plan: {type(error).__name__}"}
    return {
        "prove_s": took,
        "prove_status": day.status,
        "prove_objective": day.objective.value,
    }


def persona_rows(
    notes: list[str], tables: list[str], save: Path | None, before: dict[str, Any] | None
) -> list[Row]:
    """A cold one-day plan (library, default objective) for each of the twenty PERSONAS, next to
    HiGHS alone on the same MIP (cold, and given the optimum); compared with an earlier run."""
    results: dict[str, dict[str, Any]] = {}
    scores: list[float] = []
    for i, (sex, age, stage, diet, suspects) in enumerate(PERSONAS, start=1):
        cold()
        progress(f"personas {i}/{len(PERSONAS)}")
        key = persona_key(sex, age, stage, diet, suspects)
        person = Person(sex=sex, age=age, stage=stage)
        kwargs = {"diet": diet, "suspect": list(suspects)}
        try:
            took, day = timed(mealfix.plan, person, **kwargs)
            entry: dict[str, Any] = {
                "mealfix_s": took,
                "status": day.status,
                "objective": day.objective.value,
                "hei": day.hei.total if day.hei else None,
            }
            if day.hei is not None and age >= 2:
                scores.append(day.hei.total)
        except mealfix.MealfixError as error:
            entry = {"mealfix_s": None, "status": f"no plan: {type(error).__name__}"}
        entry.update(persona_floors(make_request(person, **kwargs)))
        entry.update(persona_proof(person, **kwargs))
        results[key] = entry
    if save is not None:
        commit, dirty = _commit()
        saved = {"commit": commit + ("+" if dirty else ""), "personas": results}
        save.write_text(json.dumps(saved, indent=1) + "\n")
    earlier = before["personas"] if before is not None else {}
    commit = before["commit"] if before is not None else ""
    tables.append(persona_table(results, earlier, commit))
    times = [e["mealfix_s"] for e in results.values() if e["mealfix_s"] is not None]
    floors = [e["highs_s"] for e in results.values()]
    proofs = [e["prove_s"] for e in results.values() if e.get("prove_s") is not None]
    if scores:
        cuts = statistics.quantiles(scores, n=4) if len(scores) > 1 else scores * 3
        notes.append(
            f"2c. HEI-2020 of the personas from age 2 ({len(scores)} plans): "
            f"min {min(scores):.1f}, "
            f"quartiles {', '.join(f'{c:.1f}' for c in cuts)}, max {max(scores):.1f}; "
            f"{sum(s >= 90 for s in scores)} of {len(scores)} at 90 or more"
        )
    rows = [
        Row(
            "2b. one day, 20 personas: cold mealfix.plan (each persona in the table below)",
            Stat(tuple(times)),
            "HiGHS alone, same 20 MIPs, cold",
            Stat(tuple(floors)),
            "median ≤ 0.5 s, p95 ≤ 1.5 s",
            statistics.median(times) <= 0.5 and _p95(times) <= 1.5,
        ),
        Row(
            "2b. the same 20 plans with --prove (a full proof)",
            Stat(tuple(proofs)),
            "HiGHS alone, same 20 MIPs at 1 %, cold",
            Stat(tuple(floors)),
        ),
    ]
    if earlier:
        old = [earlier[k]["mealfix_s"] for k in results if earlier.get(k, {}).get("mealfix_s")]
        rows.insert(
            1,
            Row(
                f"2b. the 20 personas before (commit {commit})",
                Stat(tuple(old)),
                "HiGHS alone then",
                Stat(tuple(earlier[k]["highs_s"] for k in results if k in earlier)),
            ),
        )
    return rows


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0


def _commit() -> tuple[str, bool]:
    """The short commit of this checkout, and whether ``src`` has uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    dirty = bool(_git(root, "status", "--porcelain", "--", "src"))
    return _git(root, "rev-parse", "--short", "HEAD"), dirty


def read_before(path: Path) -> dict[str, Any]:
    """An earlier --save-personas file, checked before any solving (a bad one is one line)."""
    try:
        saved: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(saved["commit"], str) or not isinstance(saved["personas"], dict):
            raise TypeError
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError):
        raise ValueError(
            f"{path}: not a --save-personas file (JSON with commit, personas)"
        ) from None
    return saved


def persona_table(
    results: dict[str, dict[str, Any]], earlier: dict[str, dict[str, Any]], commit: str
) -> str:
    """Per persona: mealfix, HiGHS alone, the status and gap, the objective beside the one
    --prove proves, and before."""
    times = [e["mealfix_s"] for e in results.values() if e["mealfix_s"] is not None]
    head = (
        "| persona | mealfix.plan | HiGHS alone | status | objective | --prove | "
        "proven objective | above it |"
    )
    line = "|---|---|---|---|---|---|---|---|"
    if earlier:
        head += f" before ({commit}) | objective before |"
        line += "---|---|"
    out = [
        f"2b. twenty personas, cold (median {statistics.median(times):.2f} s, p95 "
        f"{_p95(times):.2f} s); HiGHS alone is the same day MIP handed to a fresh HiGHS at the "
        f"same 1 % gap; --prove is the same plan proven (at most {PROVE_LIMIT:g} s), and 'above "
        "it' how far the default's objective is above that proven one:",
        "",
        head,
        line,
    ]
    for key, e in results.items():
        took = f"{e['mealfix_s']:.2f} s" if e["mealfix_s"] is not None else "-"
        proven = e.get("prove_objective")
        above = (
            f"{100 * (e['objective'] - proven) / max(abs(proven), 1e-9):+.2f} %"
            if proven is not None and e.get("objective") is not None
            else "-"
        )
        cells = [
            key,
            took,
            f"{e['highs_s']:.2f} s",
            e["status"],
            f"{e.get('objective', float('nan')):.6f}",
            f"{e['prove_s']:.1f} s ({e['prove_status']})" if e.get("prove_s") else "-",
            f"{proven:.6f}" if proven is not None else "-",
            above,
        ]
        if earlier:
            old = earlier.get(key)
            if old and old.get("mealfix_s") is not None:
                cells += [f"{old['mealfix_s']:.2f} s", f"{old['objective']:.6f}"]
            else:
                cells += ["-", "-"]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def day_kwargs() -> dict[str, Any]:
    """The request of the CLI row, as library keywords."""
    return {"diet": "vegan", "suspect": list(SUSPECTS)}


def day_rows(repeat: int, notes: list[str]) -> list[Row]:
    """A one-day plan through the library, stage by stage, each against its own floor.

    build = make_request + prepare + the model arrays; solve = the rest of solve_case (which
    prepares and builds the model again itself: those two are subtracted); explain = build_plan.
    """
    kwargs = day_kwargs()
    names = ("request", "prepare", "model", "solve", "explain")
    ours: dict[str, list[float]] = {k: [] for k in names}
    floors: dict[str, list[float]] = {k: [] for k in names}
    mip_objective = raw_objective = float("nan")
    for i in range(repeat + 1):  # the first round warms up and is not counted
        cold()
        progress(f"one-day stages {i}/{repeat}")
        t_request, request = timed(make_request, PERSON, **kwargs)
        t_prepare, setup = timed(_prepare, request)
        t_model, matrix = timed(setup_matrix, setup)
        t_solve, solved = timed(solve_case, request)
        t_explain, plan = timed(build_plan, solved)
        model = matrix_model(matrix)
        floor = {
            "request": timed(read_tables)[0],
            "prepare": timed(nutrient_matrix, request.pool, setup.nutrients)[0],
            "model": timed(pass_only, model)[0],
            "explain": timed(type(plan).model_validate, plan.model_dump(by_alias=True))[0],
        }
        floor["solve"], h = timed(raw_highs, model)
        if i == 0:
            continue
        mip_objective = float(solved.solution.outcome.objective)
        raw_objective = float(h.getInfo().objective_function_value)
        mine = {
            "request": t_request,
            "prepare": t_prepare,
            "model": t_model,
            "solve": t_solve - t_prepare - t_model,
            "explain": t_explain,
        }
        for key in names:
            ours[key].append(mine[key])
            floors[key].append(floor[key])

    def total(values: dict[str, list[float]], keys: Sequence[str]) -> Stat:
        return Stat(tuple(sum(values[k][n] for k in keys) for n in range(repeat)))

    again = Stat(tuple(timed(mealfix.plan, PERSON, **kwargs)[0] for _ in range(repeat)))
    build = ("request", "prepare", "model")
    s = {k: Stat(tuple(v)) for k, v in ours.items()}
    f = {k: Stat(tuple(v)) for k, v in floors.items()}
    size = f"{model.lp_.num_col_} cols x {model.lp_.num_row_} rows"
    notes.append(
        f"2. one-day MIP ({size}): mealfix's HiGHS objective {mip_objective:.9g}, HiGHS alone "
        f"{raw_objective:.9g} (relative difference {_rel(mip_objective, raw_objective):.1e})"
    )
    return [
        Row(
            "2. one day, library: build",
            total(ours, build),
            "sum of 3 floors below",
            total(floors, build),
        ),
        Row(
            "2.  - make_request (read tables, targets)",
            s["request"],
            "read_csv + C YAML, same files",
            f["request"],
        ),
        Row(
            "2.  - prepare (bind, bounds, rows)",
            s["prepare"],
            "numpy: same nutrient matrix",
            f["prepare"],
        ),
        Row(
            "2.  - model build (arrays: matrix.py)",
            s["model"],
            "HiGHS passModel, same model",
            f["model"],
        ),
        Row(
            "2. one day: solve (MIP, amounts LP, rounding, verify)",
            s["solve"],
            "HiGHS alone, same MIP",
            f["solve"],
        ),
        Row(
            "2. one day: explain/assemble (build_plan)",
            s["explain"],
            "pydantic: validate same Plan",
            f["explain"],
        ),
        Row(
            "2. one day: total (= mealfix.plan)",
            total(ours, names),
            "sum of the stage floors",
            total(floors, names),
        ),
        Row(
            "2. the same day again in the same process (answer remembered)",
            again,
            "sum of the stage floors",
            total(floors, names),
        ),
    ]


def read_tables() -> None:
    """The floor of make_request: the same bundled files read by pandas' and libyaml's C code."""
    for name in ("foods.csv", "prices.csv"):
        pd.read_csv(bundled_path(name), dtype={"id": str})
    for name in ("targets.yaml", "symptoms.yaml"):
        yaml.load(bundled_path(name).read_text(encoding="utf-8"), Loader=YAML_LOADER)


def nutrient_matrix(foods: pd.DataFrame, nutrients: list[str]) -> Any:
    """The floor of prepare: the per-gram nutrient matrix of the same foods, numpy only."""
    return foods[nutrients].to_numpy(dtype=float) / 100.0


def make_request(person: Person | None, **options: Any) -> Case:
    """A checked case, as mealfix.plan makes one (request object, tables, words resolved)."""
    return make_case(PlanRequest.of(person, **options))


def _prepare(case: Case) -> Any:
    return case.setup()


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-12)


# --------------------------------------------------------------------------- 3. full SR28 LP


def sr28_foods(path: Path) -> pd.DataFrame:
    """SR28 foods with a value for every nutrient the targets constrain, capped at 500 g/day."""
    raw = pd.read_csv(path, dtype={"ndb_no": str}, keep_default_na=False, na_values=[""])
    targets = mealfix.load_targets().for_person(PERSON)
    needed = [*targets.frame.index, *targets.shares.index, ENERGY]
    needed = [c for c in dict.fromkeys(needed) if c in raw.columns]
    foods = raw.dropna(subset=needed).set_index("ndb_no")
    foods.index.name = "id"
    foods.insert(0, "name", foods["description"])
    foods["max_g"] = SR28_CAP_G
    numbers = foods.select_dtypes("number").columns  # mealfix wants float nutrient columns
    foods[numbers] = foods[numbers].astype(float)
    foods.attrs["source"] = path.name
    return foods


def sr28_arrays(foods: pd.DataFrame) -> dict[str, Any]:
    """The same LP as numpy arrays: rows from mealfix.model.build_rows, 1/100 per gram, 0..500."""
    targets = mealfix.load_targets().for_person(PERSON)
    used = [c for c in foods.columns if c in set(targets.frame.index) | set(targets.shares.index)]
    if ENERGY in foods.columns:
        used.append(ENERGY)
    rows = build_rows(foods, targets, list(dict.fromkeys(used)))
    coef = rows.coef.to_numpy(dtype=float)  # foods x rows: food j's column of the LP
    ge = (rows.meta["sense"] == ">=").to_numpy()
    rhs = rows.meta["rhs"].to_numpy(dtype=float)
    mask = coef != 0
    return {
        "cost": np.full(len(foods), 1.0 / 100.0),
        "upper": np.full(len(foods), SR28_CAP_G),
        "row_lower": np.where(ge, rhs, -highspy.kHighsInf),
        "row_upper": np.where(ge, highspy.kHighsInf, rhs),
        "start": np.concatenate([[0], np.cumsum(mask.sum(axis=1))]).astype(np.int32),
        "index": np.nonzero(mask)[1].astype(np.int32),
        "value": coef[mask],
        "rows": len(rhs),
    }


def sr28_raw(a: dict[str, Any]) -> highspy.Highs:
    """HiGHS alone on the SR28 LP: build the model from the arrays (addCols, addRows) and run."""
    with quiet_stdout():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        n = len(a["cost"])
        empty = np.zeros(0, dtype=np.int32)
        h.addRows(a["rows"], a["row_lower"], a["row_upper"], 0, empty, empty, np.zeros(0))
        h.addCols(
            n,
            a["cost"],
            np.zeros(n),
            a["upper"],
            len(a["value"]),
            a["start"],
            a["index"],
            a["value"],
        )
        h.run()
    return h


def sr28_rows(repeat: int, path: Path, notes: list[str]) -> list[Row]:
    """The full SR28 table as one LP: mealfix's LP path against HiGHS alone on the same matrix."""
    if not path.exists():
        line = f"3. full SR28 LP skipped: {path} not found"
        print(line)
        notes.append(line)
        return [Row("3. full SR28 LP", None, f"({path} not found)", None, "≤ 1.5x floor")]
    progress("SR28: reading the table")
    foods = sr28_foods(path)
    arrays = sr28_arrays(foods)
    kwargs = {
        "foods": foods,
        "max_foods": None,
        "max_per_group": None,
        "min_per_group": {},
        "min_portion": 0.0,
    }
    ours: list[float] = []
    solves: list[float] = []
    floor: list[float] = []
    objectives: tuple[float, float, float] = (float("nan"),) * 3
    for i in range(repeat + 1):  # the first round warms up and is not counted
        cold(files=False)  # the targets file stays parsed, as in a session
        progress(f"SR28 LP {i}/{repeat}")
        t_request, request = timed(make_request, PERSON, **kwargs)
        t_solve, solved = timed(solve_case, request)
        t_explain, plan = timed(build_plan, solved)
        t_raw, h = timed(sr28_raw, arrays)
        if i == 0:
            continue
        ours.append(t_request + t_solve + t_explain)
        solves.append(t_solve)
        floor.append(t_raw)
        objectives = (
            float(solved.solution.outcome.objective),
            float(h.getInfo().objective_function_value),
            float(plan.objective.value),
        )
    mine, raw, printed = objectives
    rel = _rel(mine, raw)
    agree = "agree" if rel <= OBJECTIVE_RTOL else "DISAGREE"
    notes.append(
        f"3. SR28 LP, {len(foods):,} of 8,789 foods (every constrained nutrient known) x "
        f"{arrays['rows']} rows, {len(arrays['value']):,} nonzeros: objectives {agree} to "
        f"{OBJECTIVE_RTOL:g} relative - mealfix (HiGHS on mealfix's model) {mine:.10g}, HiGHS "
        f"alone {raw:.10g}, relative difference {rel:.1e}; the plan's own objective after "
        f"rounding grams to 0.1 g is {printed:g}"
    )
    ratio = statistics.median(ours) / statistics.median(floor)
    return [
        Row(
            f"3. full SR28 LP ({len(foods):,} foods): mealfix.plan",
            Stat(tuple(ours)),
            "HiGHS alone: addRows+addCols+run",
            Stat(tuple(floor)),
            "≤ 1.5x floor",
            ratio <= 1.5,
        ),
        Row(
            "3.  - of which solve_case",
            Stat(tuple(solves)),
            "HiGHS alone: addRows+addCols+run",
            Stat(tuple(floor)),
        ),
    ]


# --------------------------------------------------------------------------- 4. the 7-day week


@dataclass
class WeekRun:
    """One plan_week (day patterns): wall time and the result; the compact MIP for the floor."""

    wall: float
    status: str
    gap: float | None
    model: Any = None
    #: The starting week (column indices, values) for the compact MIP: the same rotation.
    start: tuple[Any, Any] | None = None


def week_once(limit: float) -> WeekRun:
    """plan_week as mealfix runs it, then the same week as one compact MIP for HiGHS alone."""
    cold()
    request = make_request(PERSON, **day_kwargs())
    start = time.perf_counter()
    try:
        plan = week_for(WeekRequest.of(PERSON, **day_kwargs(), gap=WEEK_GAP, time_limit=limit))
        status, gap = plan.status, plan.gap
    except SolverError as error:  # no week found within the time limit
        status, gap = f"no plan: {error}", None
    wall = time.perf_counter() - start
    setup = _prepare(request)
    rotation = rotation_start(request, setup, 7, 3)
    model, begin = compact_week(setup, 7, 3, rotation)
    return WeekRun(wall, status, gap, model, begin)


def compact_week(
    setup: Any, days: int, k: int, rotation: list[pd.Series] | None
) -> tuple[Any, tuple[Any, Any] | None]:
    """The week as one integer model, a copy of the day per day (mealfix's model before the
    day patterns): K-day rows, days ordered by objective, and the rotation as its start."""
    problem = pulp.LpProblem("compact_week", pulp.LpMinimize)
    day = setup_matrix(setup)
    blocks = [to_pulp(problem, f"d{d}_", day) for d in range(days)]
    grams = [b.variables[day.blocks["grams"]] for b in blocks]
    use = [b.variables[day.blocks["use"]] for b in blocks]
    for i in range(len(setup.foods)):
        problem.addConstraint(pulp.lpSum(u[i] for u in use) <= k, f"days{i}")
    for d in range(days - 1):
        problem.addConstraint(blocks[d].objective - blocks[d + 1].objective <= 0, f"order{d}")
    problem.setObjective(pulp.lpSum(b.objective for b in blocks))
    model = highs_model(problem)  # numbers the variables (var.index)
    if not rotation:
        return model, None
    values: dict[Any, float] = {}
    for x, y, plan in zip(grams, use, rotation, strict=True):
        amounts = plan.reindex(setup.foods.index).fillna(0.0).to_numpy()
        for i, amount in enumerate(amounts):
            values[x[i]] = float(amount)
            values[y[i]] = 1.0 if amount > 0 else 0.0
    begin = (
        np.array([v.index for v in values], dtype=np.int32),
        np.array(list(values.values()), dtype=float),
    )
    return model, begin


@dataclass
class Trace:
    """HiGHS alone on the week MIP: wall time and (time, incumbent, bound, gap) events."""

    wall: float
    status: str
    gap: float
    events: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: (time, gap) as HiGHS polls for interrupts: the gap at any moment of the search.
    polls: list[tuple[float, float]] = field(default_factory=list)


def week_raw(model: Any, limit: float, start: tuple[Any, Any] | None) -> Trace:
    """HiGHS alone on the same week MIP, gap, time limit and starting week; records incumbents."""
    events: list[tuple[float, float, float, float]] = []
    polls: list[tuple[float, float]] = []
    improving = highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution
    interrupt = highspy.cb.HighsCallbackType.kCallbackMipInterrupt

    def callback(kind: Any, message: str, out: Any, into: Any, data: Any) -> None:
        if kind == improving:
            events.append((out.running_time, out.mip_primal_bound, out.mip_dual_bound, out.mip_gap))
        else:
            polls.append((out.running_time, out.mip_gap))

    with quiet_stdout():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", WEEK_GAP)
        h.setOptionValue("time_limit", float(limit))
        h.passModel(model)
        if start is not None:
            h.setSolution(len(start[0]), start[0], start[1])
        h.setCallback(callback, None)
        h.startCallback(improving)
        h.startCallback(interrupt)
        start = time.perf_counter()
        h.run()
        wall = time.perf_counter() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    return Trace(wall, status, float(info.mip_gap), events, polls)


def describe(trace: Trace) -> str:
    """The trajectory of one week solve: first incumbent, gap at 5 s, every incumbent."""
    parts = [f"{trace.status}, gap {100 * trace.gap:.2f} % after {trace.wall:.1f} s"]
    if not trace.events:
        return parts[0] + "; no incumbent"
    parts.append(f"first incumbent at {trace.events[0][0]:.1f} s")
    for moment in (5.0, 10.0, 30.0):
        before = [gap for t, gap in trace.polls if t <= moment]
        if before and moment < trace.wall:
            parts.append(f"gap at {moment:g} s {100 * before[-1]:.2f} %")
    steps = ", ".join(f"{t:.1f} s {p:.4g} ({100 * g:.1f} %)" for t, p, _, g in trace.events)
    parts.append(f"incumbents (time, objective, gap): {steps}")
    return "; ".join(parts)


def week_rows(repeat: int, limit: float, notes: list[str]) -> list[Row]:
    """The 7-day integer week: time to the 1 % proof, or the gap at the time limit."""
    runs: list[WeekRun] = []
    traces: list[Trace] = []
    for i in range(repeat):
        progress(f"7-day week {i + 1}/{repeat} (time limit {limit:g} s, may take that long)")
        runs.append(week_once(limit))
        if runs[-1].model is not None:
            progress(f"7-day week, HiGHS alone {i + 1}/{repeat}")
            traces.append(week_raw(runs[-1].model, limit, runs[-1].start))
    walls = Stat(tuple(r.wall for r in runs))
    gaps = [r.gap for r in runs]
    within = all(g is not None and g <= WEEK_GAP + 1e-9 for g in gaps)
    shown = ", ".join("-" if g is None else f"{100 * g:.2f} %" for g in gaps)
    met = within and walls.median <= 5.0
    notes.append(
        f"4. week ({repeat} run(s), time limit {limit:g} s, gap {100 * WEEK_GAP:g} %): mealfix "
        f"(day patterns, column generation) status {runs[-1].status!r}; proven gaps {shown}; "
        "wall time includes the starting rotation (3 one-day plans), every pricing MIP, the "
        "amounts of the 7 days and the meals"
    )
    for n, trace in enumerate(traces, start=1):
        notes.append(
            f"4. HiGHS alone on the compact week MIP (one copy of the day per day, mealfix's "
            f"model before the day patterns; same gap, limit and starting week), run {n}: "
            f"{describe(trace)}"
        )
    model = runs[-1].model
    size = f"{model.lp_.num_col_} cols x {model.lp_.num_row_} rows" if model is not None else ""
    return [
        Row(
            f"4. 7-day week, day patterns: proven gap {shown} at stop",
            walls,
            f"HiGHS alone, compact week MIP ({size}), same gap and limit",
            Stat(tuple(t.wall for t in traces)) if traces else None,
            "within 1 % in ≤ 5 s",
            met,
        )
    ]


# --------------------------------------------------------------------------- 5. batch


def batch_people(count: int) -> list[dict[str, str]]:
    """``count`` varied people as rows of a people CSV."""
    people = []
    for i in range(count):
        people.append(
            {
                "id": f"p{i:02d}",
                "sex": "female" if i % 2 == 0 else "male",
                "age": str(BATCH_AGES[i % len(BATCH_AGES)]),
                "diet": BATCH_DIETS[i % len(BATCH_DIETS)],
                "suspect": BATCH_SUSPECTS[i % len(BATCH_SUSPECTS)],
            }
        )
    return people


def population_people(count: int) -> list[dict[str, str]]:
    """``count`` people of an illustrative population study (seeded, so every run is the same)."""
    rng = random.Random(POPULATION_SEED)
    diets = list(POPULATION_DIETS)
    weights = list(POPULATION_DIETS.values())
    people = []
    for i in range(count):
        suspect = rng.choice(POPULATION_SUSPECTS) if rng.random() < 0.5 else ""
        people.append(
            {
                "id": f"q{i:05d}",
                "sex": rng.choice(("female", "male")),
                "age": str(rng.randint(19, 79)),
                "diet": rng.choices(diets, weights)[0],
                "suspect": suspect,
            }
        )
    return people


def plan_person(row: dict[str, str]) -> str:
    """One plan for one people row (the loop used when mealfix.batch is absent)."""
    person = make_person(row["sex"], int(row["age"]))
    suspects = [s for s in row["suspect"].split(";") if s]
    return mealfix.plan(person, diet=row["diet"], suspect=suspects).status


def batch_models(people: list[dict[str, str]]) -> list[Any]:
    """The day MIP of each person, as mealfix hands it to HiGHS."""
    models = []
    for row in people:
        person = make_person(row["sex"], int(row["age"]))
        kwargs = {
            "diet": row["diet"],
            "suspect": [s for s in row["suspect"].split(";") if s],
        }
        models.append(matrix_model(setup_matrix(_prepare(make_request(person, **kwargs)))))
    return models


def solve_all(models: list[Any]) -> None:
    """HiGHS alone on every model, one after another (the batch floor)."""
    for model in models:
        raw_highs(model)


def batch_rows(repeat: int, count: int, notes: list[str]) -> list[Row]:
    """Plans per second at 1 and 2 workers, each run in a fresh process (see batch_child)."""
    people = batch_people(count)
    models = batch_models(people)
    rates: dict[int, list[float]] = {1: [], 2: []}
    busy: dict[int, list[float]] = {1: [], 2: []}
    floors: list[float] = []
    how = ""
    for i in range(repeat):
        for workers in (1, 2):
            progress(f"batch {i + 1}/{repeat}, {workers} worker(s), {count} people")
            command = [sys.executable, str(Path(__file__).resolve()), "--batch-child"]
            command += [str(count), "--batch-workers", str(workers)]
            ticks = machine_ticks()
            answer = json.loads(run_child(command).strip().splitlines()[-1])
            after = machine_ticks()
            rates[workers].append(count / answer["seconds"])
            if after[1] > ticks[1]:
                share = (after[0] - ticks[0]) / (after[1] - ticks[1])
                busy[workers].append(share * (os.cpu_count() or 1))
            how = answer["how"]
        progress(f"batch {i + 1}/{repeat}, HiGHS alone")
        floors.append(count / timed(solve_all, models)[0])
    notes.append(f"5. batch of {count} varied people via {how}")
    if busy[1] and busy[2]:
        notes.append(
            "5. busy cores of the whole machine while a batch ran (from /proc/stat, all "
            f"processes, median): {statistics.median(busy[1]):.2f} at 1 worker, "
            f"{statistics.median(busy[2]):.2f} at 2 workers, of {os.cpu_count()}"
        )
    floor = Stat(tuple(floors))
    two = Stat(tuple(rates[2]))
    return [
        Row(
            "5. batch throughput, 1 worker",
            Stat(tuple(rates[1])),
            "HiGHS alone, same MIPs, 1 process",
            floor,
            unit="plans/s",
        ),
        Row(
            "5. batch throughput, 2 workers",
            two,
            "2 x the 1-process HiGHS floor",
            Stat(tuple(2 * f for f in floors)),
            "≥ 100 plans/s",
            two.median >= 100,
            unit="plans/s",
        ),
    ]


def population_rows(repeat: int, count: int, notes: list[str]) -> list[Row]:
    """Plans per second for a population file, where many people share a model."""
    people = population_people(count)
    matrices: dict[str, Any] = {}
    for row in people:
        person = make_person(row["sex"], int(row["age"]))
        kwargs = {"diet": row["diet"], "suspect": _suspects(row)}
        matrix = setup_matrix(_prepare(make_request(person, **kwargs)))
        matrices.setdefault(matrix.fingerprint(), matrix)
    models = [matrix_model(m) for m in matrices.values()]
    rates: list[float] = []
    floors: list[float] = []
    on_dask: list[float] = []
    startups: list[float] = []
    command = [sys.executable, str(Path(__file__).resolve()), "--batch-child", str(count)]
    command += ["--batch-workers", "2", "--population"]
    for i in range(repeat):
        progress(f"population {i + 1}/{repeat}, 2 workers, {count} people")
        answer = json.loads(run_child(command).strip().splitlines()[-1])
        rates.append(count / answer["seconds"])
        progress(f"population {i + 1}/{repeat}, Dask LocalCluster of 2 workers")
        answer = json.loads(run_child([*command, "--dask"]).strip().splitlines()[-1])
        on_dask.append(count / answer["seconds"])
        startups.append(answer["startup"])
        progress(f"population {i + 1}/{repeat}, HiGHS alone on {len(models)} distinct MIPs")
        floors.append(2 * count / timed(solve_all, models)[0])
    notes.append(
        f"5. population batch: {count} people (seed {POPULATION_SEED}; ages 19-79, both sexes, "
        f"diets {', '.join(f'{d} {w:.0%}' for d, w in POPULATION_DIETS.items())}, half with one "
        f"suspected nutrient) share {len(models)} distinct day models; mealfix solves each "
        "distinct model once per worker (proven answers are remembered in the process); the "
        "floor is HiGHS alone on the distinct MIPs, one after another, times 2 (perfect scaling)"
    )
    rate = Stat(tuple(rates))
    dask_rate = Stat(tuple(on_dask))
    notes.append(
        "5. the population on Dask: mealfix.batch.run_batch(..., dask_address=...) against a "
        "distributed.LocalCluster(n_workers=2, threads_per_worker=1) started in the same fresh "
        f"process; its start-up ({statistics.median(startups):.1f} s) is not in the rate (a "
        "user's cluster is already running)"
    )
    return [
        Row(
            f"5. population batch ({count} people, {len(models)} distinct models), 2 workers",
            rate,
            "HiGHS alone on the distinct MIPs, x 2",
            Stat(tuple(floors)),
            "≥ 50 plans/s",
            rate.median >= 50,
            unit="plans/s",
        ),
        Row(
            "5. the same population on a Dask LocalCluster (2 worker processes)",
            dask_rate,
            "local processes (mealfix batch, 2 workers)",
            rate,
            "within 20 % of local processes",
            dask_rate.median >= 0.8 * rate.median,
            unit="plans/s",
        ),
    ]


def _suspects(row: dict[str, str]) -> list[str]:
    return [s for s in row["suspect"].split(";") if s]


def run_child(command: list[str]) -> str:
    """Run a child (in its own process group, so a hung pool can be ended); its stdout."""
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = child.communicate(timeout=BATCH_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        raise RuntimeError(f"batch child hung for {BATCH_TIMEOUT_S} s and was ended") from None
    if child.returncode != 0:
        raise RuntimeError(f"batch child failed: {err[-800:]}")
    return out


def batch_child(
    count: int, workers: int, population: bool = False, dask: bool = False
) -> dict[str, Any]:
    """One timed batch in this fresh process; mealfix.batch.run_batch when it exists.

    A fresh process, so every batch starts cold as ``mealfix batch`` does, and because a pool
    forked after HiGHS has run in the parent hangs (HiGHS's thread scheduler does not survive
    fork; mealfix.batch uses a forkserver since f352723). Worker start-up, the workers' imports
    and data loading are timed.
    """
    people = population_people(count) if population else batch_people(count)
    try:
        from mealfix.batch import run_batch
    except ImportError:
        run_batch = None
    if run_batch is None:
        seconds, _ = timed(_loop, people, workers)
        how = (
            "no mealfix.batch: a loop of mealfix.plan (1 worker) and "
            "ProcessPoolExecutor(2).map (2 workers, pool start-up timed)"
        )
        return {"seconds": seconds, "how": how}
    with tempfile.TemporaryDirectory(prefix="mealfix-bench-") as folder:
        source = Path(folder) / "people.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(people[0]))
            writer.writeheader()
            writer.writerows(people)
        output = Path(folder) / "plans.jsonl"
        if dask:
            from distributed import LocalCluster

            startup, cluster = timed(
                LocalCluster,
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            with cluster:
                address = cluster.scheduler_address
                seconds, result = timed(run_batch, source, output, dask_address=address)
            if result.planned != count:
                raise RuntimeError(f"batch planned {result.planned} of {count} people")
            how = f"Dask LocalCluster({workers} worker processes, 1 thread each)"
            return {"seconds": seconds, "startup": startup, "how": how}
        seconds, result = timed(run_batch, source, output, workers=workers)
    if result.planned != count:
        raise RuntimeError(f"batch planned {result.planned} of {count} people")
    how = (
        "mealfix.batch.run_batch(people.csv, out.jsonl, workers=N), each run in a fresh "
        "process; timed end to end: worker start-up as run_batch does it, imports and data "
        "loading in each worker, JSON lines written"
    )
    return {"seconds": seconds, "how": how}


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat; (0, 0) if absent."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def _loop(people: list[dict[str, str]], workers: int) -> list[str]:
    if workers == 1:
        return [plan_person(row) for row in people]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(plan_person, people))


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Run every section and print the machine, the table and the notes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="repeats per figure (7; quick 3)")
    parser.add_argument("--quick", action="store_true", help="few repeats: a fast smoke run")
    parser.add_argument(
        "--week-limit", type=float, default=None, help="week time limit, s (60; quick 10)"
    )
    parser.add_argument(
        "--week-repeat", type=int, default=None, help="week runs, each with its floor (2; quick 1)"
    )
    parser.add_argument("--batch-people", type=int, default=None, help="people (20; quick 6)")
    parser.add_argument("--sr28", type=Path, default=SR28_CSV, help="the SR28 foods CSV")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})",
    )
    parser.add_argument("--batch-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--batch-workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--population", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dask", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--population-people", type=int, default=None, help="people (1000; quick 200)"
    )
    parser.add_argument(
        "--save-personas", type=Path, default=None, help="write the personas' results (JSON)"
    )
    parser.add_argument(
        "--before", type=Path, default=None, help="an earlier --save-personas file to compare"
    )
    args = parser.parse_args(argv)
    os.environ.pop("MEALFIX_CACHE", None)  # every figure is cold unless a row says otherwise
    before = None
    try:
        before = read_before(args.before) if args.before is not None else None
    except ValueError as exc:
        parser.error(f"--before {exc}")
    if args.save_personas is not None and not args.save_personas.parent.is_dir():
        parser.error(f"--save-personas {args.save_personas}: no folder {args.save_personas.parent}")
    if args.batch_child:
        print(
            json.dumps(
                batch_child(args.batch_child, args.batch_workers, args.population, args.dask)
            )
        )
        return 0
    repeat = args.repeat or (3 if args.quick else 7)
    week_limit = args.week_limit or (10.0 if args.quick else 60.0)
    week_repeat = args.week_repeat or (1 if args.quick else 2)
    people = args.batch_people or (6 if args.quick else 20)
    batch_repeat = 1 if args.quick else min(repeat, 2)
    population = args.population_people or (200 if args.quick else 1000)

    print("## mealfix benchmark" + (" (--quick)" if args.quick else ""))
    print()
    print(machine())
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if busy > 0.5 * (os.cpu_count() or 1):
        print(f"- **warning**: the machine is busy (load {busy:.1f}); figures will be noisy")
    print(
        f"- repeats: {repeat} (CLI, one day, SR28), {week_repeat} (week, limit "
        f"{week_limit:g} s), {batch_repeat} (batch of {people}); medians with (min-max)"
    )
    print()
    sys.stdout.flush()
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    notes: list[str] = []
    tables: list[str] = []
    sections: dict[str, Callable[[], list[Row]]] = {
        "cli": lambda: cli_rows(repeat),
        "day": lambda: day_rows(repeat, notes),
        "personas": lambda: persona_rows(notes, tables, args.save_personas, before),
        "sr28": lambda: sr28_rows(repeat, args.sr28, notes),
        "week": lambda: week_rows(week_repeat, week_limit, notes),
        "batch": lambda: batch_rows(batch_repeat, people, notes),
        "population": lambda: population_rows(batch_repeat, population, notes),
    }
    rows = [row for name in SECTIONS if name in wanted for row in sections[name]()]
    print(table(rows))
    print()
    print("ratio = mealfix / floor (for throughput: floor / mealfix); 1.00x = no overhead.")
    print()
    for note in notes:
        print(f"- {note}")
    print(f"- load average at end: {_load()}")
    for extra in tables:
        print()
        print(extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
