"""Batch planning: one line per row, per-row failures, resume after an interruption, Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, hand_files, run_cli, write
from mealfix.batch import run_batch


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """1,000 people: most plannable, every 10th without food C (still plannable, dearer),
    every 100th with an impossible age (a per-row error)."""
    lines = ["id,sex,age,exclude,objective"]
    for i in range(1000):
        age = "0" if i % 100 == 99 else str(20 + i % 60)
        exclude = "Food C" if i % 10 == 3 else ""
        lines.append(f"p{i},{'female' if i % 2 else 'male'},{age},{exclude},cost")
    people = write(tmp_path / "people.csv", "\n".join(lines) + "\n")
    foods, targets = hand_files(tmp_path)
    options = {"foods": str(foods), "targets": str(targets)}
    return people, options


def batch_cli(people: Path, output: Path, options: dict[str, str]) -> Run:
    """``mealfix batch`` on the hand-solved tables, as a person would type it."""
    args = ["--foods", options["foods"], "--targets", options["targets"]]
    return run_cli("batch", str(people), "-o", str(output), *args)


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_thousand_rows_give_thousand_lines_and_resume(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    people, options = setup
    output = tmp_path / "plans.jsonl"

    class Stop(Exception):
        pass

    def stop_after_300(done: int, total: int) -> None:
        if done == 300:
            raise Stop

    with pytest.raises(Stop):
        run_batch(people, output, workers=2, options=options, progress=stop_after_300)
    first = read_lines(output)
    assert len(first) == 300  # whole lines only

    errors_before = sum(1 for line in first if not line["ok"])  # p99, p199, p299: tried again
    result = run_batch(people, output, workers=2, options=options)
    assert result.skipped == 300 - errors_before
    assert result.planned + result.failed == 700 + errors_before
    lines = read_lines(output)
    ids = [line["id"] for line in lines]
    assert len(ids) == 1000 + errors_before and len(set(ids)) == 1000
    assert all(ids.count(i) == 1 for i in ids if i not in ("p99", "p199", "p299"))
    by_id = {line["id"]: line for line in lines}  # the newest line of each row
    assert not by_id["p99"]["ok"] and "age 0" in str(by_id["p99"]["error"])
    # Hand-solved optimum (tests/test_hand_solved.py): A 50 g + C 100 g for $1.30. Without C:
    # A 100 g + B 50 g = $1.50.
    assert by_id["p0"]["plan"]["objective"]["value"] == pytest.approx(1.30)  # type: ignore[index]
    assert by_id["p3"]["plan"]["objective"]["value"] == pytest.approx(1.50)  # type: ignore[index]
    assert sum(1 for line in by_id.values() if not line["ok"]) == 10


def test_a_row_that_failed_on_a_bad_file_is_tried_again_once_it_is_fixed(
    tmp_path: Path,
) -> None:
    """The foods file is missing on the first run (every row an error), present on the second:
    the second run plans every row, each id's newest line is its plan."""
    people = write(
        tmp_path / "people.csv", "id,sex,age,objective\na,female,30,cost\nb,male,40,cost\n"
    )
    foods, targets = hand_files(tmp_path)
    moved = foods.rename(tmp_path / "elsewhere.csv")
    options = {"foods": str(foods), "targets": str(targets)}
    output = tmp_path / "plans.jsonl"
    first = run_batch(people, output, workers=1, options=options)
    assert first.failed == 2 and first.planned == 0
    moved.rename(foods)
    second = run_batch(people, output, workers=1, options=options)
    assert second.planned == 2 and second.skipped == 0
    newest = {line["id"]: line for line in read_lines(output)}
    assert all(line["ok"] for line in newest.values())


def test_an_output_that_is_not_utf8_is_one_line(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    people, options = setup
    output = tmp_path / "plans.jsonl"
    output.write_bytes(b"\xff\xfe\n")
    run = batch_cli(people, output, options)
    assert run.code == 2
    assert "is not a mealfix batch output (not UTF-8 text, byte 0)" in run.stderr
    assert output.read_bytes() == b"\xff\xfe\n"  # left as it was


def test_a_second_batch_on_the_same_output_stops_at_once(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    import fcntl

    people, options = setup
    output = tmp_path / "plans.jsonl"
    with output.open("a") as held:  # another batch is writing it
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        run = batch_cli(people, output, options)
    assert run.code == 2
    assert "being written by another mealfix batch" in run.stderr
    assert output.read_text() == ""


def test_workers_end_when_the_batch_is_killed(tmp_path: Path) -> None:
    """kill -9 of the batch: its worker processes are gone within seconds, not minutes."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import uuid

    mark = uuid.uuid4().hex
    rows = "\n".join(f"p{i},female,{20 + i % 50}" for i in range(400))
    people = write(tmp_path / "people.csv", "id,sex,age\n" + rows + "\n")
    script = (
        "from mealfix.batch import run_batch; import sys;"
        f"run_batch({str(people)!r}, {str(tmp_path / 'out.jsonl')!r}, workers=2)"
    )
    env = {**os.environ, "MEALFIX_TEST_MARK": mark}
    main = subprocess.Popen([sys.executable, "-c", script], env=env)

    def marked() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != main.pid:
                try:
                    if mark.encode() in (entry / "environ").read_bytes():
                        found.append(int(entry.name))
                except OSError:
                    pass
        return found

    deadline = time.monotonic() + 60
    while len(marked()) < 2 and time.monotonic() < deadline:  # the workers are up
        time.sleep(0.2)
    assert marked(), "no worker started"
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 10
    while marked() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marked() == []


def test_torn_last_line_is_dropped_and_redone(
    setup: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    people, options = setup
    small = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:4]) + "\n")
    output = tmp_path / "plans.jsonl"
    run_batch(small, output, workers=1, options=options)
    text = output.read_text()
    output.write_text(text + '{"id": "p9", "ok": tr')  # an interrupt in mid-line
    result = run_batch(small, output, workers=1, options=options)
    assert result.skipped == 3 and result.planned == 0
    assert len(read_lines(output)) == 3


def test_dask_gives_the_same_plans(setup: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    people, options = setup
    few = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:8]) + "\n")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch(few, local, workers=1, options=options)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        run_batch(few, remote, dask_address=cluster.scheduler_address, options=options)
    key = lambda line: str(line["id"])  # noqa: E731
    assert sorted(read_lines(local), key=key) == sorted(read_lines(remote), key=key)


def test_cli_batch_reports_counts(setup: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    people, options = setup
    few = write(tmp_path / "few.csv", "\n".join(people.read_text().splitlines()[:6]) + "\n")
    output = tmp_path / "out.jsonl"
    run = run_cli(
        "batch",
        str(few),
        "--output",
        str(output),
        "--workers",
        "1",
        "--quiet",
        "--foods",
        options["foods"],
        "--targets",
        options["targets"],
    )
    assert run.code == 0, run.stderr
    assert "5 planned, 0 without a plan or with an error, 0 already done" in run.stderr
    bad = write(tmp_path / "bad.csv", "id,sex,years\n1,male,30\n")
    run = run_cli("batch", str(bad), "--output", str(tmp_path / "x.jsonl"))
    assert run.code == 2 and "unknown column 'years'" in run.stderr


def summary(run: Run) -> str:
    """The counts line a batch ends with (planned, failed, already done)."""
    assert run.code == 0, run.stderr
    return run.stderr.splitlines()[-1].split(" -> ")[0]


def newest_costs(output: Path) -> dict[str, float]:
    return {
        str(line["id"]): line["plan"]["objective"]["value"]  # type: ignore[index]
        for line in read_lines(output)
    }


def test_a_changed_foods_or_targets_file_makes_batch_plan_again(tmp_path: Path) -> None:
    """Issue 26: a re-run after the foods or targets file changed called every row "already
    done" and kept plans of the old tables. Each change now re-plans the rows, with one line
    saying so; an unchanged re-run still skips them."""
    rows = "id,sex,age,objective\na,female,30,cost\nb,male,40,cost\n"
    people = write(tmp_path / "people.csv", rows)
    foods, targets = hand_files(tmp_path)
    output = tmp_path / "plans.jsonl"
    options = {"foods": str(foods), "targets": str(targets)}
    again = f"mealfix: planning again 2 done row(s) of {output}: made with other data or options\n"
    first = batch_cli(people, output, options)
    assert summary(first) == "2 planned, 0 without a plan or with an error, 0 already done"
    assert newest_costs(output) == {"a": pytest.approx(1.30), "b": pytest.approx(1.30)}
    unchanged = batch_cli(people, output, options)
    assert summary(unchanged) == "0 planned, 0 without a plan or with an error, 2 already done"
    assert "planning again" not in unchanged.stderr
    # Food C at $2.00 per 100 g: A 50 g + C 100 g costs $2.50, A 100 g + B 50 g $1.50.
    hand_files(tmp_path, c_price="2.00")
    dearer = batch_cli(people, output, options)
    assert dearer.stderr.startswith(again)
    assert summary(dearer) == "2 planned, 0 without a plan or with an error, 0 already done"
    assert newest_costs(output) == {"a": pytest.approx(1.50), "b": pytest.approx(1.50)}
    # n1 at least 20: A 200 g + B 50 g = $2.50.
    write(targets, "nutrients:\n  n1: {min: 20}\n  n2: {min: 5, max: 8}\n")
    stricter = batch_cli(people, output, options)
    assert stricter.stderr.startswith(again)
    assert newest_costs(output) == {"a": pytest.approx(2.50), "b": pytest.approx(2.50)}
    moved = {**options, "foods": str(foods.rename(tmp_path / "same.csv"))}  # same bytes
    assert "2 already done" in summary(batch_cli(people, output, moved))


def test_an_option_change_or_an_older_output_plans_again(tmp_path: Path) -> None:
    """Lines without a record of their data (an output of an older mealfix) are stale, and so
    are lines made with other options; each gets one note."""
    people = write(tmp_path / "people.csv", "id,sex,age,objective\na,female,30,cost\n")
    foods, targets = hand_files(tmp_path)
    output = tmp_path / "plans.jsonl"
    options: dict[str, object] = {"foods": str(foods), "targets": str(targets)}
    run_batch(people, output, workers=1, options=options)
    old = [{k: v for k, v in line.items() if k != "made_with"} for line in read_lines(output)]
    output.write_text("".join(json.dumps(line) + "\n" for line in old), encoding="utf-8")
    notes: list[str] = []
    result = run_batch(people, output, workers=1, options=options, notice=notes.append)
    assert result.planned == 1 and result.skipped == 0
    assert notes == [
        f"planning again 1 done row(s) of {output}: made before mealfix recorded their data"
    ]
    result = run_batch(people, output, workers=1, options=options, notice=notes.append)
    assert result.skipped == 1 and len(notes) == 1
    named = {**options, "solver": "highs"}  # the same solver, but an option the rows lacked
    result = run_batch(people, output, workers=1, options=named, notice=notes.append)
    assert result.planned == 1
    assert notes[-1].endswith("made with other data or options")
