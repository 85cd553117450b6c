"""One solver-settings object per command (issue 26, item 7): every solve, re-solve and report
gets the request's solver options (threads among them) and the least of its own share and the
time left of one deadline, and Ctrl-C ends a command within a moment with one line.

The clock the settings read is replaced by one that moves on by ``STEP`` seconds at every
backend call, so the limits each call must get follow from the call's place in the sequence,
with no wall time measured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import mealfix
from conftest import write
from mealfix import PlanRequest
from mealfix.explain.noplan import NoPlanReport
from mealfix.solve import backends
from mealfix.solve import settings as settings_module
from mealfix.solve.settings import FLOOR, SolverSettings

#: Seconds the fake clock moves on at every backend call.
STEP = 2.0
START = 1000.0
#: A day from three foods (an integer model: each food in or out), and one without a plan.
FOODS = "id,name,n1,n2\nA,Food A,10,0\nB,Food B,0,10\nC,Food C,5,5\n"
TARGETS = "nutrients:\n  n1: {min: 10}\n  n2: {min: 5, max: 8}\n"
NO_PLAN_FOODS = "id,name,n1,n2\nC,Food C,5,5\n"
NO_PLAN_TARGETS = "nutrients:\n  n1: {min: 10}\n  n2: {max: 8}\n"
#: A week of three days, each food on one day (test_week.py's hand-solved week).
WEEK_FOODS = "id,name,n,portion_g\nA,Food A,10,100\nB,Food B,5,100\nC,Food C,2,100\n"
WEEK_TARGETS = "nutrients:\n  n: {min: 10}\n"


@dataclass(frozen=True)
class Call:
    """What one backend call was given, and when (fake seconds since the command started)."""

    at: float
    mip: bool
    time_limit: float | None
    gap: float | None
    options: dict[str, Any]


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Every backend call from now on; each moves the settings' clock on by ``STEP``."""
    clock = FakeClock()
    monkeypatch.setattr(settings_module, "time", clock)
    monkeypatch.delenv("MEALFIX_CACHE", raising=False)
    mealfix.forget()  # nothing answered from memory: every solve reaches the backend
    seen: list[Call] = []
    solve = backends._solve

    def spy(matrix: Any, name: Any, time_limit: Any, gap: Any, *rest: Any) -> Any:
        options = dict(rest[-1])
        seen.append(Call(clock.now - START, matrix.is_mip, time_limit, gap, options))
        clock.now += STEP
        return solve(matrix, name, time_limit, gap, *rest)

    monkeypatch.setattr(backends, "_solve", spy)
    return seen


def expected_limit(call: Call, total: float) -> float:
    """The least of the time left and no share of its own, but at least the floor."""
    return max(total - call.at, FLOOR)


def tables(tmp_path: Path, foods: str = FOODS, targets: str = TARGETS) -> dict[str, Path]:
    return {
        "foods": write(tmp_path / "f.csv", foods),
        "targets": write(tmp_path / "t.yaml", targets),
    }


def test_every_solve_of_a_plan_gets_the_time_left_and_the_threads(
    tmp_path: Path, calls: list[Call]
) -> None:
    """A plan of 7 s: its integer solve gets all 7 s and the plan's gap, each later solve (the
    amounts LP, its duals) what is left of the same 7 s, and each the one thread asked for."""
    day = mealfix.plan(
        **tables(tmp_path), time_limit=7, solver_options={"threads": 1}, objective="portions"
    )
    assert day.food_items
    assert len(calls) >= 2 and calls[0].mip and not calls[-1].mip
    assert calls[0].time_limit == 7 and calls[0].gap == pytest.approx(0.01)
    for call in calls:
        assert call.options.get("threads") == 1, call
        assert call.time_limit == pytest.approx(expected_limit(call, 7.0)), call
    assert [c.time_limit for c in calls] == sorted((c.time_limit or 0 for c in calls), reverse=True)


def test_the_pool_and_its_fallback_to_every_food_share_one_deadline(
    tmp_path: Path, calls: list[Call]
) -> None:
    """A pool of food C alone has no plan (n1 needs 200 g of C, which breaks n2's maximum):
    the day is planned again from every food, within what is left of the same 7 s, not a
    fresh 7 s."""
    from dataclasses import replace

    from mealfix.model.case import make_case
    from mealfix.solve.settle import POOL_NOTE, solve_case

    case = make_case(PlanRequest.of(None, **tables(tmp_path), objective="portions"))
    narrow = replace(case, pool=case.pool.loc[["C"]], wider=case.pool)
    settled = solve_case(narrow, settings=SolverSettings(gap=0.01, time_limit=7.0))
    assert POOL_NOTE in settled.notes and set(settled.solution.grams.index) <= {"A", "B", "C"}
    pool_solve, *_, fallback = [c for c in calls if c.mip and c.gap == 0.01]  # the days
    assert pool_solve.at == 0 and pool_solve.time_limit == 7.0
    assert fallback.at > 0 and fallback.time_limit == pytest.approx(expected_limit(fallback, 7.0))
    for call in calls:
        assert call.time_limit == pytest.approx(expected_limit(call, 7.0)), call


def test_without_a_time_limit_no_solve_is_limited(tmp_path: Path, calls: list[Call]) -> None:
    mealfix.plan(**tables(tmp_path), objective="portions")
    assert calls and all(call.time_limit is None for call in calls)
    assert all("threads" not in call.options for call in calls)


def test_the_no_plan_report_keeps_to_the_deadline_of_the_whole_command(
    tmp_path: Path, calls: list[Call]
) -> None:
    """The day's solve, the closest day, the best cases and the what-ifs share one deadline of
    9 s: each gets what is left of it (at least the floor), and once it has passed, no further
    what-if is tried and the report says its search stopped at the time limit."""
    found = mealfix.plan_or_report(
        **tables(tmp_path, NO_PLAN_FOODS, NO_PLAN_TARGETS), time_limit=9, max_foods=None
    )
    assert isinstance(found, NoPlanReport)
    assert len(calls) >= 3
    for call in calls:
        assert call.time_limit == pytest.approx(expected_limit(call, 9.0)), call
    assert found.stopped is not None and "9 s time limit" in found.stopped
    mealfix.forget()
    calls.clear()
    unhurried = mealfix.plan_or_report(
        **tables(tmp_path, NO_PLAN_FOODS, NO_PLAN_TARGETS), time_limit=600, max_foods=None
    )
    assert isinstance(unhurried, NoPlanReport) and unhurried.stopped is None
    assert len(calls) > 0


def test_a_week_keeps_to_one_deadline(tmp_path: Path, calls: list[Call]) -> None:
    """The rotation days, the pricing and the master solves of a week all keep to the week's
    deadline and get its threads; the rotation has three quarters of the time, split over its
    days and one more for a starved day's repair (each at most 10 s, at least the floor), the
    pricing the rest."""
    week = mealfix.week(
        **tables(tmp_path, WEEK_FOODS, WEEK_TARGETS),
        days=3,
        max_days=1,
        time_limit=30,
        solver_options={"threads": 1},
    )
    assert len(week.days) == 3
    assert len(calls) >= 4
    for call in calls:
        assert call.options.get("threads") == 1, call
        assert call.time_limit is not None and call.time_limit <= expected_limit(call, 30.0), call
    first = calls[0]
    # 30 s x 3/4 over 3 rotation days (one food per day: max_days=1) and a repair = 5.625 s
    assert first.mip and first.time_limit == pytest.approx(5.625) and first.gap == 0.1


def test_reports_keep_to_the_time_limit(tmp_path: Path, calls: list[Call]) -> None:
    """The gaps report's LPs and the budget curve's closest days are limited too."""
    mealfix.gaps(**tables(tmp_path), time_limit=5)
    priced = "id,name,n1,n2,price\nA,Food A,10,0,1\nB,Food B,0,10,1\nC,Food C,5,5,1\n"
    curve = mealfix.budget_curve(None, [1.0, 50.0], **tables(tmp_path, priced), time_limit=5)
    assert list(curve.index) == [1.0, 50.0]
    assert calls
    assert all(call.time_limit is not None and call.time_limit <= 5 for call in calls)


def test_settings_give_each_solve_the_least_of_its_share_and_the_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    monkeypatch.setattr(settings_module, "time", clock)
    settings = SolverSettings(time_limit=30.0, options={"threads": 2})
    assert settings.threads == 2 and settings.limit() == 30.0 and settings.limit(20.0) == 20.0
    clock.now += 25.0
    assert settings.limit() == 5.0 and settings.limit(20.0) == 5.0 and settings.limit(3.0) == 3.0
    assert not settings.spent()
    clock.now += 10.0
    assert settings.left() == 0.0 and settings.spent()
    assert settings.limit() == FLOOR and settings.limit(0.5) == 0.5
    assert settings.limit(floor=0.01) == 0.01
    assert SolverSettings().limit() is None and SolverSettings().limit(5.0) == 5.0
    shorter = SolverSettings(time_limit=100.0).within(10.0)
    assert shorter.limit() == 10.0 and SolverSettings(time_limit=5.0).within(10.0).limit() == 5.0


def test_ctrl_c_during_a_long_solve_ends_with_one_line(tmp_path: Path) -> None:
    """Issue 26: Ctrl-C during a solve was honoured only when HiGHS returned (~30 s). The
    whole food table with --prove solves for many seconds; SIGINT sent once the solve has
    started ends the command with exit 130 and one line."""
    marker = tmp_path / "solving"
    code = (
        "from mealfix.solve import highs\n"
        "solve = highs.Engine.solve\n"
        "def started(*args, **kwargs):\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "    return solve(*args, **kwargs)\n"
        "highs.Engine.solve = started\n"
        "from mealfix.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MEALFIX_CACHE"}
    slow = ["plan", "--sex", "female", "--age", "30", "--all-foods", "--prove"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *slow],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=default_interrupt,
        text=True,
        env=env,
    )
    try:
        for _ in range(1200):  # until the first solve has started (imports take a while)
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists() and proc.poll() is None, "the solve never started"
        time.sleep(0.5)  # into HiGHS itself
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert err == "mealfix: interrupted\n" and out == ""


def default_interrupt() -> None:
    """In the child: Ctrl-C interrupts, as in a terminal (a pytest-xdist worker ignores SIGINT,
    and a child would inherit that and never see the Ctrl-C under test)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_after_ctrl_c_in_python_the_next_plan_still_solves(tmp_path: Path) -> None:
    """In a notebook, an interrupted plan raises KeyboardInterrupt; the HiGHS solve it stopped
    must not leave the solver busy for the next plan (highspy refuses to start a second)."""
    foods, targets = write(tmp_path / "f.csv", FOODS), write(tmp_path / "t.yaml", TARGETS)
    code = (
        "import os, signal, threading\n"
        "import mealfix\n"
        "from mealfix.solve import highs\n"
        "solve = highs.Engine.solve\n"
        "def started(*args, **kwargs):\n"
        "    highs.Engine.solve = solve\n"
        "    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "    return solve(*args, **kwargs)\n"
        "highs.Engine.solve = started\n"
        "try:\n"
        "    mealfix.plan(mealfix.Person(sex='female', age=30), all_foods=True, gap=None)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
        f"day = mealfix.plan(foods={str(foods)!r}, targets={str(targets)!r})\n"
        "print(sorted(f.id for f in day.food_items))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MEALFIX_CACHE"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=default_interrupt,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "interrupted" and "'A'" in done.stdout


def test_a_day_called_within_1_percent_is_within_1_percent_of_its_bound(tmp_path: Path) -> None:
    """HiGHS stops once (found - bound) / found is within its gap: asked for 0.01 as it is, it
    may stop 1.0101 % above its bound (the benchmark's breastfeeding vegan of 18 printed a day
    1.05 % above her proven optimum, called "within 1 %"). So HiGHS is asked for less (by hand:
    0.7 x 0.01 / 1.01 = 0.006931, and 1 / (1 - 0.006931) = 1.00698 <= 1.01), and a day whose
    printed objective still ends past its bound says "best found" with its true gap."""
    from dataclasses import replace

    from mealfix.model.case import make_case
    from mealfix.solve.settle import held_to_its_gap, solve_case
    from mealfix.solve.status import highs_gap

    assert highs_gap(0.01) == pytest.approx(0.006931, abs=1e-6)
    assert highs_gap(0.002) == pytest.approx(0.0013972, abs=1e-6)  # not a full proof
    for within in (0.01, 0.05, 0.5):
        assert 1.0 / (1.0 - highs_gap(within)) <= 1.0 + within
    case = make_case(PlanRequest.of(None, **tables(tmp_path), objective="portions"))
    solution = solve_case(case, settings=SolverSettings(gap=0.01)).solution
    claimed = replace(solution.outcome, status="feasible", proven=False, within=0.01, gap=0.005)
    printed = solution.objective
    near = replace(solution, outcome=replace(claimed, bound=printed / 1.005))
    assert held_to_its_gap(near).outcome.label == "within 1 % of the best day (gap 0.50 %)"
    far = replace(solution, outcome=replace(claimed, bound=printed / 1.02))
    label = held_to_its_gap(far).outcome.label
    assert label.startswith("best found, gap 1.96 % (not proven optimal:"), label
